"""The only place that prints or exits: turns options into library calls and
each PrxsError into one error line, the failing command, its output and a hint."""

from __future__ import annotations

import os
import sys
import time

from .errors import PrxsError, UsageError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .runner import Runner

LOAD_HINT = """
Built for {target}.
To load your newly installed module into proftpd, be sure
to edit your proftpd.conf and add the following{order}:

  <IfModule mod_dso.c>
{lines}
  </IfModule>

and then restart your proftpd server, so that the config change
becomes live.
"""


def load_hint(load_order: list[str], target) -> str:
    """The target, and the LoadModule lines in the order that works: parent
    modules first."""
    return LOAD_HINT.format(
        target=f"{target.description} [{target.chosen}]" if target.chosen
        else target.description,
        order=" (in this order: the\nfirst modules provide symbols the last one uses)"
        if len(load_order) > 1 else "",
        lines="\n".join(f"    LoadModule {m}" for m in load_order))


class Reporter:
    """Human output; in --json mode, everything human goes to stderr."""

    def __init__(self, opts) -> None:
        self.opts = opts
        self.out = sys.stderr if opts.json else sys.stdout

    def command(self, rec) -> None:
        if self.opts.verbose or self.opts.dry_run:
            from .runner import format_argv
            cwd = f"(cd {rec.cwd} && " if rec.cwd else ""
            print(f"{cwd}{format_argv(rec.argv)}{')' if cwd else ''}", file=self.out,
                  flush=True)

    def output(self, rec) -> None:
        # Compiler warnings on success are shown; failures are shown by the error.
        if rec.returncode == 0:
            if rec.stdout:
                sys.stderr.write(rec.stdout)
            if rec.stderr:
                sys.stderr.write(rec.stderr)

    def note(self, text: str) -> None:
        if self.opts.verbose:
            print(f"prxs: {text}", file=self.out, flush=True)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and argv[0] == "shim":
        from .shim.cli import main as shim_main
        return shim_main(argv[1:])
    if argv and argv[0] == "ctl":
        from .shim.ctl_cli import main as ctl_main
        return ctl_main(argv[1:])
    from . import options as optparse
    try:
        opts = optparse.parse(argv)
        optparse.check_modes(opts)
    except UsageError as exc:
        return _usage_error(exc, json_out="--json" in argv)
    if opts.help:
        sys.stdout.write(optparse.HELP)
        return 0
    if opts.version:
        from . import __version__
        print(f"prxs {__version__}")
        return 0
    from .runner import Runner
    rep = Reporter(opts)
    runner = Runner(dry_run=opts.dry_run, on_command=rep.command, on_output=rep.output)
    result: dict = {"ok": False}
    start = time.perf_counter()
    try:
        _run(opts, result, rep, runner)
        result["ok"] = True
        code = 0
    except (PrxsError, KeyboardInterrupt, OSError) as exc:
        # Only a failure pays for importing the error printer.
        from .report import as_prxs_error, report
        err = as_prxs_error(exc)
        result["error"] = err.to_dict()
        code = err.exit_code if opts.json else report(err)
    result["exit_code"] = code
    if opts.json:
        result["seconds"] = round(time.perf_counter() - start, 6)
        if runner.records or "module" in result:
            # Also after a failure: the commands that ran until then.
            result["commands"] = [r.to_dict() for r in runner.records]
        _dump_json(result)
    return code


def _usage_error(exc: UsageError, json_out: bool) -> int:
    if json_out:
        _dump_json({"ok": False, "exit_code": exc.exit_code, "error": exc.to_dict()})
    else:
        from .report import report
        report(exc)
    return exc.exit_code


def _dump_json(result: dict) -> None:
    import json
    json.dump(result, sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")


class Job:
    """One invocation's module, target and output, shared by the steps."""

    def __init__(self, opts, result: dict, rep: Reporter, runner: Runner,
                 files: list[str]) -> None:
        from .sources import module_name
        self.opts, self.result, self.rep, self.files = opts, result, rep, files
        self.runner = runner
        self.name = module_name(files, opts.name)
        self.builddir = os.path.abspath(opts.builddir or ".")
        if opts.builddir and not os.path.isdir(self.builddir):
            raise UsageError(f"build directory {opts.builddir} does not exist",
                             step="options", path=self.builddir, hint="create it first")
        result["module"] = self.name
        result["actions"] = opts.actions + (["uninstall"] if opts.uninstall else [])
        self.target = _target(opts, runner)
        result["target"] = self.target.to_dict()
        rep.note(f"target: {self.target.description} [{self.target.chosen}]")
        self.destdir = opts.destdir if opts.destdir is not None else \
            os.environ.get("DESTDIR", "")
        self.companions = _companions(opts, self.target, self.builddir, self.destdir)
        self.check = None       # the pre-install check's result, once run


def _companions(opts, target, builddir: str, destdir: str):
    """Where parent modules may come from: --requires (looked up now, so a
    wrong one stops the run before anything is built), then the libexec
    directories (staged under DESTDIR first, then --libexecdir, then the
    target's own)."""
    if not (opts.compile or opts.install):
        return None             # only the check before install uses them
    dirs = []
    if destdir:
        dirs.append(os.path.join(os.path.abspath(destdir), target.libexecdir.lstrip(os.sep)))
    dirs += [target.libexecdir, target.default_libexecdir]
    if not opts.requires:
        return _LazyCompanions(dirs)
    from .companions import Companions, find_required
    required = [find_required(r, builddir, dirs) for r in opts.requires]
    return Companions(required, dirs)


class _LazyCompanions:
    """Companions without --requires: prxs.companions is imported only if
    the check has a symbol left to look for in the libexec directories."""

    def __init__(self, dirs: list[str]) -> None:
        self._dirs = dirs
        self._real = None
        self.required: list[str] = []

    def __getattr__(self, name: str):
        if self._real is None:
            from .companions import Companions
            self._real = Companions([], self._dirs)
        return getattr(self._real, name)


def _run(opts, result: dict, rep: Reporter, runner: Runner) -> None:
    from . import options as optparse
    if opts.query is not None:
        _query(opts, result, runner)
        return
    if opts.generate is not None:
        from .generate import generate
        out = generate(opts.generate, cython=opts.cython, dest=opts.builddir)
        result["generated"] = out
        if not opts.json:
            print(f"prxs: created {out['directory']}: " + ", ".join(out["files"]))
        return
    if not opts.actions and not opts.uninstall:
        raise UsageError("no action requested: give -c (compile), -i (install) "
                         "and/or -d (clean)", step="options",
                         hint="for example: prxs -c -i mod_foo.c (see prxs -h)")
    job = Job(opts, result, rep, runner, optparse.check_files(opts))
    # Always in this order, whatever the order of the flags: compile -> install
    # -> uninstall -> clean.
    for wanted, step in ((opts.compile, _compile), (opts.install, _install),
                         (opts.uninstall, _uninstall), (opts.clean, _clean)):
        if wanted:
            step(job)


def _compile(job: Job) -> None:
    from .builder import build
    from .sources import BuildSpec, check_configure
    opts, rep = job.opts, job.rep
    sources = [f for f in job.files if f.endswith((".c", ".pyx"))]
    if not sources:
        raise UsageError("nothing to compile: no .c or .pyx source given",
                         step="options", hint="for example: prxs -c mod_foo.c")
    if not opts.ignore_configure:
        check_configure(sources)
    spec = BuildSpec(job.name, sources, job.builddir, defines=opts.defines,
                     include_dirs=opts.include_dirs, lib_dirs=opts.lib_dirs,
                     libs=opts.libs, cflags=opts.cflags, ldflags=opts.ldflags,
                     use_pch=not opts.no_pch, jobs=opts.jobs, companions=job.companions)
    res = build(spec, job.target, job.runner)
    job.result["build"] = res.to_dict()
    job.check = res.check
    _provider_notes(rep, res.check)
    if res.cython:
        c = res.cython
        rep.note(f"Cython {c['cython_version']} translated {c['source']} for "
                 f"Python {c['python_version']} ({c['python']})"
                 if c.get("translated") else
                 f"Cython {c['cython_version']}: {c['source']} unchanged, not "
                 f"translated again (Python {c['python_version']})")
    if res.up_to_date and opts.dry_run:
        from .runner import format_argv
        print(f"prxs: {job.name} is up to date: -c would run nothing; after a change "
              "to a source, a header or a flag it would run:", file=rep.out)
        for argv in res.plan:
            print("  " + format_argv(argv), file=rep.out)
    elif res.up_to_date:
        rep.note(f"{job.name} is up to date: nothing to compile or link")
    _pch_note(rep, res)
    if opts.compile_commands:
        from .compdb import write_compile_commands
        # res.spec: the flags the build used (a .pyx adds Python's)
        job.result["compile_commands"] = write_compile_commands(res.spec, job.target,
                                                                job.builddir)


def _install(job: Job) -> None:
    from .install import install, staged_path
    name = job.name
    if job.opts.dry_run:
        dest = staged_path(job.destdir, job.target.libexecdir)
        print(f"install {os.path.join(job.builddir, '.libs', name + '.so')} -> "
              f"{os.path.join(dest, name + '.so')} (0755)"
              + ("" if job.opts.no_la else f", {name}.la (installed=yes)"),
              file=job.rep.out)
        return
    if job.check is None:
        # Not checked by this run's build (-i alone, or an up-to-date build):
        # the same check as after linking, with the same parent modules, so
        # a module changed since cannot reach the libexec directory and the
        # hint knows which modules to load first.
        from .check import check_module
        from .install import locate_build
        job.check = check_module(locate_build(name, job.builddir), name, job.target,
                                 companions=job.companions)
        job.result["check"] = job.check.to_dict()
        _provider_notes(job.rep, job.check)
    inst = install(name, job.builddir, job.target, destdir=job.destdir,
                   mkdir=job.opts.mkdir, verify=False,
                   la=not job.opts.no_la)
    job.result["install"] = inst.to_dict()
    job.result["install"]["load_order"] = job.check.load_order
    job.rep.note("installed " + ", ".join(inst.installed))
    if not job.opts.json:
        print(load_hint(job.check.load_order, job.target))


def _provider_notes(rep: Reporter, check) -> None:
    if check is None:
        return
    for sym, path in sorted(check.provided_by.items()):
        from .companions import load_name
        rep.note(f"{sym}: provided by {load_name(path)} ({path}), loaded before "
                 f"{check.module}.c")
    if check.parents:
        rep.note("load order: " + ", ".join(check.load_order))


def _uninstall(job: Job) -> None:
    from .install import uninstall
    res = uninstall(job.name, job.target, destdir=job.destdir, builddir=job.builddir,
                    dry_run=job.opts.dry_run)
    job.result["uninstall"] = {"removed": res.removed, "left_alone": [
        {"destdir": d or None, "libexecdir": lib, "file": f} for d, lib, f in res.left_alone]}
    for p in res.removed:
        job.rep.note(f"removed {p}")
    others: dict = {}
    for destdir, libexecdir, f in res.left_alone:
        others.setdefault((destdir, libexecdir), []).append(f)
    for (destdir, libexecdir), files in others.items():
        where = ("an unrecorded destination" if libexecdir == "-" else
                 f"libexec directory {libexecdir}" + (f" under DESTDIR {destdir}"
                                                      if destdir else " (no DESTDIR)"))
        job.rep.note(f"left alone: the manifest entry for another destination, {where}: "
                     + ", ".join(files))


def _clean(job: Job) -> None:
    from .install import clean
    removed = clean(job.name, job.builddir, job.files, dry_run=job.opts.dry_run)
    job.result["clean"] = {"removed": removed}
    for p in removed:
        if job.opts.dry_run:
            print(f"rm {p}", file=job.rep.out)
        else:
            job.rep.note(f"removed {p}")


def _pch_note(rep: Reporter, res) -> None:
    pch = res.pch
    if pch["used"]:
        rep.note(f"precompiled header: used for {', '.join(pch['used'])} ({pch['path']})")
    if pch["refused"]:
        rep.note(f"precompiled header: refused by the compiler for {', '.join(pch['refused'])} "
                 "(-Winvalid-pch above); built without it")
    if not pch["used"] and not pch["refused"]:
        rep.note(f"precompiled header: not used ({pch['reason'] or 'unknown'})")


def _target(opts, runner: Runner):
    from .targets import resolve_target
    libexec = opts.libexecdir
    if libexec is not None and not os.path.isabs(libexec):
        libexec = os.path.abspath(libexec)
    return resolve_target(opts.target, libexecdir=libexec, runner=runner)


def _query(opts, result: dict, runner: Runner) -> None:
    from .templating import makefile_include, template_dir
    values = {"TEMPLATEDIR": template_dir(),
              "PRXS_MK": makefile_include(),
              "PYTHON": sys.executable}
    if opts.query not in values:
        # Only the build variables need the target (for proftpd: its binary).
        values.update(_target(opts, runner).variables())
    result["variables"] = values
    if opts.json:
        return
    if opts.query:
        print(values[opts.query])
    else:
        for k in sorted(values):
            print(f"{k}={values[k]}")
