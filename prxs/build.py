"""Compile and link a module the way libtool's ``-module -avoid-version`` would,
in one compile per source and one link, with a build directory libltdl can load
from (``mod_foo.la`` + ``.libs/mod_foo.so``).

Outputs are written under temporary names and renamed only once they are
complete and checked, so an interrupted or failed build leaves nothing that a
later install would trust.
"""

from __future__ import annotations

import os
import time

from . import _fs, _keys, cache
from .errors import BuildError, PrxsError, UsageError
from .la import render_la
from .objcache import PchPlan, StampObject, compiler_identity

SHARED_MODULE_FLAGS = ["-fPIC", "-DPIC", "-DPR_SHARED_MODULE"]


class BuildSpec:
    """What to build: one module from one or more sources, with the extra flags
    the command line gave (``-D``, ``-I``, ``-L``, ``-l``, ``-Wc,``, ``-Wl,``)."""

    def __init__(self, name: str, sources: list[str], builddir: str, *,
                 defines: list[str] = (), include_dirs: list[str] = (),
                 lib_dirs: list[str] = (), libs: list[str] = (),
                 cflags: list[str] = (), ldflags: list[str] = (),
                 use_pch: bool = True, jobs: int = 1, companions=None) -> None:
        self.name = name
        self.sources = list(sources)
        self.builddir = os.path.abspath(builddir)
        self.defines = list(defines)
        self.include_dirs = list(include_dirs)
        self.lib_dirs = list(lib_dirs)
        self.libs = list(libs)
        self.cflags = list(cflags)
        self.ldflags = list(ldflags)
        self.use_pch = use_pch
        self.jobs = max(1, jobs)
        self.companions = companions    # parent modules for the check (--requires)

    @property
    def objdir(self) -> str:
        return os.path.join(self.builddir, ".libs")

    @property
    def la_path(self) -> str:
        return os.path.join(self.builddir, self.name + ".la")

    @property
    def so_path(self) -> str:
        return os.path.join(self.objdir, self.name + ".so")

    def object_path(self, src: str) -> str:
        """Objects mirror the sources' paths under .libs/, so sub/a.c and
        other/a.c never collide (ProFTPD issue 1079); sources outside the build
        directory get a directory named for their absolute parent."""
        absrc = os.path.abspath(src)
        rel = os.path.relpath(absrc, self.builddir)
        if rel.startswith(".." + os.sep) or rel == ".." or os.path.isabs(rel):
            tag = _keys.short_key(os.path.dirname(absrc))
            rel = os.path.join("_ext", tag, os.path.basename(absrc))
        if rel.startswith(".libs" + os.sep):
            rel = rel[len(".libs" + os.sep):]   # generated sources: object beside them
        return os.path.join(self.objdir, os.path.splitext(rel)[0] + ".o")


class BuildResult:
    def __init__(self, spec: BuildSpec) -> None:
        self.spec = spec
        self.objects: list[str] = []
        self.libraries: list[str] = []
        self.pch: dict = {"enabled": spec.use_pch, "used": [], "refused": [],
                          "wanted": [], "reason": None, "path": None}
        self.check = None
        self.seconds = 0.0
        self.up_to_date = False
        self.compiled: list[str] = []
        self.cython: dict | None = None      # set by prxs.cython for .pyx sources
        self.plan: list[list[str]] = []      # dry run, up to date: a rebuild's argv

    @property
    def files(self) -> list[str]:
        return [self.spec.la_path, self.spec.so_path] + self.objects

    def to_dict(self) -> dict:
        return {"module": self.spec.name, "la": self.spec.la_path,
                "so": self.spec.so_path, "objects": self.objects,
                "libraries": self.libraries, "pch": self.pch,
                "up_to_date": self.up_to_date, "compiled": self.compiled,
                "cython": self.cython, "plan": self.plan,
                "check": self.check.to_dict() if self.check else None,
                "seconds": round(self.seconds, 6)}


def module_name(sources: list[str], name: str | None) -> str:
    """``-n`` wins (mod_foo, mod_foo.c or foo); otherwise the first mod_*.c/.pyx/.la."""
    if name is not None:
        n = name
        for suffix in (".c", ".la", ".pyx", ".so"):
            if n.endswith(suffix):
                n = n[:-len(suffix)]
        if not n.startswith("mod_"):
            n = "mod_" + n
        if len(n) <= 4 or not all(c.isalnum() or c == "_" for c in n) \
                or not n.isascii():
            raise UsageError(f"unsafe module name {name!r}: use letters, digits and "
                             "underscores only (mod_foo)", step="options",
                             hint="for example -n mod_foo")
        return n
    for src in sources:
        base = os.path.basename(src)
        stem, ext = os.path.splitext(base)
        if stem.startswith("mod_") and ext in (".c", ".pyx", ".la") and len(stem) > 4:
            if not all(c.isalnum() or c == "_" for c in stem) or not stem.isascii():
                raise UsageError(f"unsafe module name {stem!r} from {src}: use letters, "
                                 "digits and underscores only", step="options",
                                 path=src, hint="rename the file or pass -n mod_foo")
            return stem
    raise UsageError("cannot tell the module's name: no mod_*.c source given",
                     step="options", hint="name the module's main file mod_foo.c, "
                     "or pass -n mod_foo")


def scan_libraries(path: str) -> list[str]:
    """The ``$Libraries: -lfoo -lbar$`` hint ProFTPD's build reads from sources."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}", path=path,
                         step="options", hint="check the file name") from None
    i = text.find("$Libraries:")
    if i < 0:
        return []
    end = text.find("$", i + len("$Libraries:"))
    nl = text.find("\n", i)
    if end < 0 or (0 <= nl < end):
        return []
    libs = []
    for tok in text[i + len("$Libraries:"):end].split():
        libs.append(tok if tok.startswith("-") else "-l" + tok)
    return libs


def first_directive_includes_conf_h(path: str) -> bool:
    """gcc only uses a precompiled conf.h if it is included before any C token."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read(65536)
    except OSError:
        return False
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in " \t\r\n\f\v":
            i += 1
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            if j < 0:
                return False
            i = j + 2
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
        else:
            break
    if i >= n or text[i] != "#":
        return False
    line = text[i + 1:text.find("\n", i) if text.find("\n", i) >= 0 else n]
    parts = line.replace("\t", " ").strip()
    if not parts.startswith("include"):
        return False
    arg = parts[len("include"):].strip()
    return arg.startswith('"conf.h"') or arg.startswith("<conf.h>")


def check_configure(sources: list[str]) -> None:
    for src in sources:
        base = os.path.basename(src)
        if base.startswith("mod_"):
            conf = os.path.join(os.path.dirname(src) or ".", "configure")
            if os.path.isfile(conf):
                raise BuildError(
                    f"cannot compile {os.path.splitext(base)[0]} using prxs: a configure "
                    f"script sits next to it ({conf})", step="compile", path=src,
                    hint="run that ./configure script and use its Makefile instead, "
                         "or pass --ignore-configure to build with prxs anyway")


def compile_flags(spec: BuildSpec, target) -> list[str]:
    """Everything but the input, the output and per-directory maps."""
    flags = list(target.cflags) + SHARED_MODULE_FLAGS + list(target.cppflags)
    flags += spec.defines
    # As the real prxs: the directory prxs runs in comes first, so headers in
    # subdirectories can include the module's top-level header ("mod_foo.h").
    flags += ["-I.", "-I" + target.includedir]
    flags += ["-I" + d for d in spec.include_dirs]
    flags += spec.cflags
    return flags


def compile_argv(spec: BuildSpec, target, src: str, out: str,
                 pch_dir: str | None = None) -> list[str]:
    flags = compile_flags(spec, target)
    if pch_dir is not None:
        i = flags.index("-I" + target.includedir)
        flags[i:i] = ["-I" + pch_dir, "-Winvalid-pch"]
    if src.startswith("-"):
        src = "./" + src    # a file named -mod_x.c is not an option
    return (list(target.cc) + flags + ["-pipe", "-ffile-prefix-map=" + spec.builddir + "=.",
                                       "-c", src, "-o", out])


LIBTOOL_IMPLIED = ("-module", "-avoid-version", "-export-dynamic", "-shared")


def libtool_link_flags(flags: list[str]) -> list[str]:
    """Link flags written for libtool (as prxs and apxs users pass them with
    -Wl, or LDFLAGS) translated for the compiler driver: ``-rpath DIR`` and
    ``-R DIR`` become ``-Wl,-rpath,DIR``; what libtool's module mode implies
    (-module -avoid-version -export-dynamic) is already done and dropped."""
    out: list[str] = []
    i = 0
    while i < len(flags):
        f = flags[i]
        if f in ("-rpath", "-R") and i + 1 < len(flags):
            out.append("-Wl,-rpath," + flags[i + 1])
            i += 2
            continue
        if f.startswith("-R") and len(f) > 2 and f[2] == "/":
            out.append("-Wl,-rpath," + f[2:])
        elif f not in LIBTOOL_IMPLIED:
            out.append(f)
        i += 1
    return out


def link_argv(spec: BuildSpec, target, objects: list[str], out: str,
              libs: list[str], stamp_obj: str | None) -> list[str]:
    argv = list(target.cc) + ["-shared", "-fPIC", "-DPIC"] + objects
    if stamp_obj:
        argv.append(stamp_obj)
    argv += libtool_link_flags(list(target.ldflags) + spec.ldflags)
    argv += ["-L" + d for d in spec.lib_dirs]
    argv += ["-Wl,-soname," + spec.name + ".so", "-o", out]
    argv += libs
    return argv


def build(spec: BuildSpec, target, runner) -> BuildResult:
    """See _build; file system errors become a BuildError naming the path."""
    try:
        return _build(spec, target, runner)
    except OSError as exc:
        where = exc.filename or spec.builddir
        raise BuildError(f"cannot build {spec.name}: {exc.strerror}: {where}",
                         step="build", path=str(where),
                         hint="check that the build directory (and .libs/ in it) is a "
                              "writable directory") from None


def _build(spec: BuildSpec, target, runner) -> BuildResult:
    """Compile what changed, link if anything did, check, and only then publish.

    While the compiler runs, this process prepares the check (the target's
    symbol sets) and, on a cold header cache, builds conf.h.gch beside the
    compile instead of before it."""
    from .incremental import BuildState

    def prepare_check(target):
        from .check import prepare_check as prepare
        return prepare(target)

    start = time.perf_counter()
    result = BuildResult(spec)
    c_sources = [s for s in spec.sources if s.endswith(".c")]
    if any(s.endswith(".pyx") for s in spec.sources):
        from .cython import prepare_cython
        c_sources = prepare_cython(spec, runner, result) + c_sources
    libs = _libraries(spec, c_sources, runner.dry_run)
    result.libraries = libs
    state = BuildState(os.path.join(spec.objdir, spec.name + ".state"))
    ident = compiler_identity(target.cc)

    jobs, stale = [], []
    for src in c_sources:
        obj = spec.object_path(src)
        key = _keys.key(ident, target.stamp, src, obj, *compile_flags(spec, target))
        job = [src, obj, key, None, None]
        jobs.append(job)
        if not state.object_fresh(obj, key):
            stale.append(job)
    stamp = StampObject(target, runner, spec.objdir)
    link_key = _keys.key(ident, stamp.path, *[j[2] for j in jobs], *libs,
                        *link_argv(spec, target, [j[1] for j in jobs], spec.so_path,
                                   libs, stamp.path))
    result.objects = [j[1] for j in jobs]
    if not runner.dry_run:
        # Litter of killed builds into this build directory goes first (also
        # when nothing is to be rebuilt: a build killed after its last rename).
        for d in dict.fromkeys([spec.builddir, spec.objdir] +
                               [os.path.dirname(j[1]) for j in jobs]):
            _fs.sweep_stale(d)
    if not stale and stamp.pending is None and \
            state.link_fresh(link_key, spec.so_path, spec.la_path):
        result.up_to_date = True
        result.pch["reason"] = "nothing to compile"
        if runner.dry_run:
            # What a rebuild (a changed source, header or flag) would run.
            result.plan = [compile_argv(spec, target, j[0], j[1]) for j in jobs]
            result.plan.append(link_argv(spec, target, result.objects, spec.so_path,
                                         libs, stamp.path))
        state.save()
        result.seconds = time.perf_counter() - start
        return result

    pch = _plan_pch(spec, target, runner, result, [j[0] for j in stale])
    tmp_files: list[str] = []
    ok = False
    try:
        for job in stale:
            src, obj = job[0], job[1]
            tmp = _fs.temp_path(obj)
            dep = _fs.temp_path(obj, "d")
            tmp_files += [tmp, dep]
            if not runner.dry_run:
                os.makedirs(os.path.dirname(obj), exist_ok=True)
            use = pch.dir if (pch is not None and pch.ready and
                              src in result.pch["wanted"]) else None
            job[3] = compile_argv(spec, target, src, tmp, use) + ["-MD", "-MF", dep]
            job[4] = use
            state.forget(obj)
        prepared, finished = _run_compiles(stale, runner, spec.jobs, result,
                                           lambda: prepare_check(target))
        so_tmp = _fs.temp_path(spec.so_path)
        tmp_files.append(so_tmp)
        link = runner.start(link_argv(spec, target, [j[1] for j in jobs], so_tmp, libs,
                                      stamp.finish(runner)),
                            step="link", path=spec.so_path,
                            hint="check the libraries (-l, -L, $Libraries$) and objects")
        # Hash what each object was built from while the linker runs.
        for obj, key, deps in finished:
            state.record_object(obj, key, deps)
        link.wait()
        if not runner.dry_run:
            from .check import check_module
            try:
                result.check = check_module(so_tmp, spec.name, target, spec.lib_dirs,
                                            prepared=prepared,
                                            companions=spec.companions)
            except PrxsError as exc:
                raise _naming_final(exc, so_tmp, spec.so_path) from None
            os.replace(so_tmp, spec.so_path)
            la = render_la(spec.name, target.libexecdir, installed=False,
                           dependency_libs=[x for x in libs if x.startswith("-l")])
            cache.atomic_write(spec.la_path, la.encode())
            state.record_link(link_key, spec.so_path)
            state.save()
        ok = True
    finally:
        if stamp.pending is not None:
            stamp.pending.kill()
        if pch is not None:
            pch.finish(runner)
            if pch.reason and not result.pch["reason"]:
                result.pch["reason"] = pch.reason
        for t in tmp_files:
            _fs.unlink_quietly(t)
        if not ok and not runner.dry_run:
            # Nothing from a failed build may be trusted or installed later.
            for p in [spec.so_path, spec.la_path] + [j[1] for j in stale]:
                _fs.unlink_quietly(p)
            state.remove()
    result.compiled = [j[0] for j in stale]
    result.seconds = time.perf_counter() - start
    return result


def _naming_final(exc: PrxsError, tmp: str, final: str) -> PrxsError:
    """The same error naming the final file instead of the temporary one."""
    for a, b in ((tmp, final), (os.path.basename(tmp), os.path.basename(final))):
        exc.message = exc.message.replace(a, b)
        if exc.hint:
            exc.hint = exc.hint.replace(a, b)
    exc.args = (exc.message,)
    if exc.path == tmp:
        exc.path = final
    return exc


def _plan_pch(spec: BuildSpec, target, runner, result: BuildResult,
              to_compile: list[str]):
    wants = [s for s in to_compile if spec.use_pch and first_directive_includes_conf_h(s)]
    result.pch["wanted"] = wants
    if not spec.use_pch:
        result.pch["reason"] = "disabled (--no-pch)"
        return None
    if not wants:
        result.pch["reason"] = "no source to compile includes conf.h as its first directive"
        return None
    pch = PchPlan(compile_flags(spec, target), target)
    result.pch["path"] = pch.dir and os.path.join(pch.dir, "conf.h.gch")
    if pch.dir and not pch.ready:
        pch.start(target, runner)
        result.pch["reason"] = pch.reason or (
            "first build with these flags: conf.h.gch is being built beside this "
            "compile, for the next builds")
    elif not pch.ready:
        result.pch["reason"] = pch.reason
    return pch


def _libraries(spec: BuildSpec, c_sources: list[str], dry_run: bool = False) -> list[str]:
    libs: list[str] = []
    pyx = [s for s in spec.sources if s.endswith(".pyx")]
    for src in pyx + c_sources:
        if dry_run and not os.path.exists(src):
            continue        # generated (e.g. by Cython) only in a real run
        for lib in scan_libraries(src):
            if lib not in libs:
                libs.append(lib)
    for lib in spec.libs:
        flag = lib if lib.startswith("-") else "-l" + lib
        if flag not in libs:
            libs.append(flag)
    return libs


def _run_compiles(jobs, runner, njobs: int, result: BuildResult, meanwhile):
    """Keep up to ``njobs`` compilers running; run ``meanwhile`` (Python work
    that does not depend on the objects) while the first ones run."""
    from .objcache import parse_depfile
    queue = list(jobs)
    running = []
    extra = None
    first_error = None
    finished = []
    while queue or running:
        while queue and len(running) < njobs and first_error is None:
            job = queue.pop(0)
            try:
                running.append((job, runner.start(job[3], step="compile", path=job[0],
                                                  hint="fix the errors the compiler "
                                                       "reports above")))
            except PrxsError as exc:
                first_error = first_error or exc
                queue.clear()
        if extra is None and meanwhile is not None:
            extra = meanwhile()
            meanwhile = None
        if not running:
            break
        job, pending = running.pop(0)
        try:
            rec = pending.wait()
        except PrxsError as exc:
            first_error = first_error or exc
            queue.clear()
            continue
        src, obj, key, argv, use = job
        if use:
            if "-Winvalid-pch" in rec.stderr:
                # gcc compiled without it; drop the entry so the next build
                # makes a good one instead of being refused again.
                result.pch["refused"].append(src)
                _fs.unlink_quietly(os.path.join(use, "conf.h.gch"))
            else:
                result.pch["used"].append(src)
        if not runner.dry_run:
            depfile = argv[-1]
            deps = parse_depfile(depfile) if os.path.isfile(depfile) else [src]
            os.replace(argv[argv.index("-o") + 1], obj)
            finished.append((obj, key, deps))
    if first_error is not None:
        raise first_error
    if extra is None and meanwhile is not None:
        extra = meanwhile()
    return extra, finished
