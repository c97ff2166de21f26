"""The corpus's steps for one module: configure, build, the loads, the
scenario runs (``prxs.corpus`` discovers the modules and runs them through
these, several at a time).  Every command runs bounded, in its own process
group, and a failure is reduced to the line a reader needs."""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import corpus_scenario
from .corpus import (BUILD_TIMEOUT, CONFIGURE_TIMEOUT, LOAD_TIMEOUT, SCENARIO_TIMEOUT,
                     Module, StepResult, locate_source)
from .errors import CommandTimeout, EnvironmentProblem
from .runner import Runner

# --- running one module ----------------------------------------------------

_LOG_PREFIX = re.compile(r"^\d{4}-\d\d-\d\d [\d:,]+ \S+ [\w.-]+\[\d+\]: ")


def first_error(text: str, strip: tuple[str, ...] = ()) -> str:
    """The line a reader needs: the first error of a compiler or loader."""
    lines = []
    for line in text.splitlines():
        line = _LOG_PREFIX.sub("", line.strip())
        for s in strip:
            line = line.replace(s, "")
        line = re.sub(r"^fatal: LoadModule: error loading module '([^']+)': ",
                      r"LoadModule \1: ", line)
        if line:
            lines.append(line)
    for pattern in (r"\berror\b|\bfatal\b", r"undefined|refus|cannot|unable"):
        for line in lines:
            if re.search(pattern, line, re.I):
                return line
    return lines[-1] if lines else "(no output)"


@dataclass
class Context:
    prxs: list[str]
    work: Path
    tree: Path
    env: dict
    has_requires: bool
    proftpd: str | None
    builds: dict = field(default_factory=dict)      # (module, target) -> built .so
    configured: dict = field(default_factory=dict)  # module -> configured copy
    configured_libs: dict = field(default_factory=dict)  # module -> configure's MODULE_LIBS
    scenarios: dict = field(default_factory=dict)   # module -> its scenario file


def _run(ctx: Context, argv: list[str], cwd: Path, timeout: float) -> tuple[int, str]:
    return run_bounded(argv, cwd, ctx.env, timeout)


def run_bounded(argv: list[str], cwd: Path | None, env: dict,
                 timeout: float) -> tuple[int, str]:
    """(exit status, stdout+stderr); a step past its timeout is stopped with
    everything it started (its own process group: prxs's gcc, configure's
    children), and reported as such."""
    try:
        rec = Runner().capture(argv, step="corpus", cwd=None if cwd is None else str(cwd),
                               env=env, timeout=timeout, new_session=True,
                               merge_stderr=True)
    except EnvironmentProblem as e:
        return -1, e.message
    except CommandTimeout:
        return -1, f"error: timed out after {timeout:.0f} s: {' '.join(argv[:4])} …"
    return rec.returncode, rec.stdout


def _timed(fn: Callable[[], StepResult]) -> StepResult:
    start = time.monotonic()
    try:
        res = fn()
    except OSError as e:            # the harness's own files (a full disk, …): a failed step
        res = StepResult("FAIL", f"error: corpus harness: {e}")
    res.seconds = time.monotonic() - start
    return res


def _strip(ctx: Context, mdir: Path) -> tuple[str, ...]:
    return (f"{mdir}/", f"{ctx.tree}/", f"{ctx.work}/")


def _configure(ctx: Context, mod: Module, mdir: Path) -> StepResult | None:
    """Copy a module that has its own ./configure and run it there (its headers
    are configure's output); None when it has none or it succeeded."""
    if mod.configure is None:
        return None
    copy = mdir / "src" / mod.configure.name
    shutil.copytree(mod.configure, copy, symlinks=True)
    rc, out = _run(ctx, ["./configure"], copy, CONFIGURE_TIMEOUT)
    if rc != 0:
        return StepResult("FAIL", "./configure failed: " + first_error(out, _strip(ctx, mdir)))
    ctx.configured[mod.name] = copy
    try:
        text = (copy / "Makefile").read_text(errors="replace")
    except OSError:
        text = ""
    m = re.search(r"^MODULE_LIBS\s*=(.*)$", text, re.M)
    ctx.configured_libs[mod.name] = tuple(m.group(1).split()) if m else ()
    return None


def _link_flags(ctx: Context, mod: Module) -> list[str]:
    """-l/-L from the module's configure (mod_dnsbl: -lresolv) and from
    Debian's link of it, as prxs options."""
    out: list[str] = []
    for flag in dict.fromkeys((*ctx.configured_libs.get(mod.name, ()), *mod.libs)):
        if flag[:2] in ("-l", "-L") and len(flag) > 2:
            out += [flag[:2], flag[2:]]
    return out


def _sources(ctx: Context, mod: Module) -> list[Path]:
    copy = ctx.configured.get(mod.name)
    if copy is None:
        return list(mod.sources)
    return [copy / s.relative_to(mod.configure) for s in mod.sources]


def _build(ctx: Context, mod: Module, mdir: Path, target: str,
           configure_failure: StepResult | None) -> StepResult:
    if not mod.sources:
        return StepResult("FAIL", f"no {mod.name}.c in contrib/ or modules/ of {ctx.tree}")
    if configure_failure is not None:
        return StepResult(configure_failure.status, configure_failure.detail)
    argv = [*ctx.prxs, "-c", "--target", target]
    builddir = mdir / f"build-{target}"
    builddir.mkdir()
    argv += ["--builddir", str(builddir)]
    includes = []
    if mod.name in ctx.configured:
        argv.append("--ignore-configure")       # configure ran: its output is in the copy
        includes.append(ctx.configured[mod.name])
    includes += list(mod.include_dirs)
    for parent in mod.parents:
        includes.append(ctx.configured.get(parent) or _parent_dir(ctx, parent))
        built = ctx.builds.get((parent, target))
        if built is None:
            return StepResult("FAIL", f"needs its parent {parent}.c, which did not build "
                                      f"for --target {target}")
        if ctx.has_requires:
            argv += ["--requires", str(built)]
    for inc in dict.fromkeys(includes):
        argv += ["-I", str(inc)]
    argv += _link_flags(ctx, mod)
    argv += [str(s) for s in _sources(ctx, mod)]
    rc, out = _run(ctx, argv, mdir, BUILD_TIMEOUT)
    so = builddir / ".libs" / f"{mod.name}.so"
    if rc != 0 or not so.is_file():
        return StepResult("FAIL", first_error(out, _strip(ctx, mdir)))
    ctx.builds[(mod.name, target)] = so
    return StepResult("ok")


def _parent_dir(ctx: Context, parent: str) -> Path:
    main = locate_source(ctx.tree, parent)
    return main.parent if main else ctx.tree / "contrib"


def _module_path(mdir: Path, step: str, files: list[tuple[str, Path]]) -> Path:
    """A ModulePath holding the parents' and the module's .so, flat (libltdl
    tries mod_foo.la, then mod_foo.so)."""
    mp = mdir / f"modules-{step}"
    mp.mkdir(mode=0o755)
    for name, so in files:
        shutil.copy2(so, mp / f"{name}.so")
    return mp


def _load(ctx: Context, mdir: Path, step: str, files: list[tuple[str, Path]],
          real: bool) -> StepResult:
    mp = _module_path(mdir, step, files)
    loads = "".join(f"LoadModule {name}.c\n" for name, _ in files)
    conf = mdir / f"{step}.conf"
    if real:
        # Everything proftpd -t may write stays in the module's directory.
        conf.write_text(f'ServerName "prxs corpus"\nServerType standalone\n'
                        f"DefaultAddress 127.0.0.1\nPort 0\nUseIPv6 off\n"
                        f"PidFile {mdir}/proftpd.pid\nScoreboardFile {mdir}/proftpd.scoreboard\n"
                        f"DelayTable none\nWtmpLog off\nModulePath {mp}\n{loads}")
        argv = [ctx.proftpd, "-t", "-c", str(conf)]
    else:
        conf.write_text(f'ServerName "prxs corpus"\nModulePath {mp}\n{loads}')
        argv = [*ctx.prxs, "shim", "-t", "-c", str(conf)]
    rc, out = _run(ctx, argv, mdir, LOAD_TIMEOUT)
    if rc != 0:
        return StepResult("FAIL", first_error(out, _strip(ctx, mdir)))
    return StepResult("ok")


def _with_parents(ctx: Context, mod: Module, target: str) -> list[tuple[str, Path]] | str:
    files = []
    for name in (*mod.parents, mod.name):
        so = ctx.builds.get((name, target))
        if so is None:
            return f"no {target} build of {name}"
        files.append((name, so))
    return files


def _shim_step(ctx: Context, mod: Module, mdir: Path, res: dict) -> StepResult:
    for target in ("sdk", "proftpd"):
        if res[target].ok:
            files = _with_parents(ctx, mod, target)
            if isinstance(files, str):
                return StepResult("FAIL", files)
            out = _load(ctx, mdir, "shim", files, real=False)
            out.detail = f"[{target} build] " + out.detail if out.detail else f"{target} build"
            return out
    return StepResult("FAIL", "nothing built to load")


def _real_step(ctx: Context, mod: Module, mdir: Path, res: dict) -> StepResult:
    if ctx.proftpd is None:
        return StepResult("skip", "proftpd is not installed")
    if not res["proftpd"].ok:
        return StepResult("FAIL", "no proftpd build to load")
    files = _with_parents(ctx, mod, "proftpd")
    if isinstance(files, str):
        return StepResult("FAIL", files)
    return _load(ctx, mdir, "real", files, real=True)


def _prebuilt_step(ctx: Context, mod: Module, mdir: Path, by_name: dict) -> StepResult:
    if mod.prebuilt is None:
        return StepResult("skip", "Debian ships no DSO of it")
    files = []
    for name in (*mod.parents, mod.name):
        so = by_name[name].prebuilt
        if so is None:
            return StepResult("FAIL", f"Debian ships no {name}.so to load first")
        files.append((name, so))
    res = _load(ctx, mdir, "prebuilt", files, real=False)
    if res.ok or ctx.proftpd is None:
        return res
    # A binary Debian's own server refuses too (mod_dnsbl.so does not declare
    # libresolv; mod_auth_otp.so needs mod_sftp, not shipped): refusing it is
    # the real server's behaviour, not a shim defect.
    real = _load(ctx, mdir, "prebuilt-real", files, real=True)
    if not real.ok:
        return StepResult("skip", f"Debian's .so does not load in proftpd -t either: "
                                  f"{real.detail}")
    return res


def run_module(ctx: Context, mod: Module, by_name: dict) -> dict[str, StepResult]:
    mdir = Path(tempfile.mkdtemp(prefix=f"{mod.name}-", dir=ctx.work))
    res: dict[str, StepResult] = {}
    conf_fail = _configure(ctx, mod, mdir) if mod.sources else None
    res["sdk"] = _timed(lambda: _build(ctx, mod, mdir, "sdk", conf_fail))
    res["proftpd"] = _timed(lambda: _build(ctx, mod, mdir, "proftpd", conf_fail))
    res["shim"] = _timed(lambda: _shim_step(ctx, mod, mdir, res))
    res["real"] = _timed(lambda: _real_step(ctx, mod, mdir, res))
    res["prebuilt"] = _timed(lambda: _prebuilt_step(ctx, mod, mdir, by_name))
    return res


def _flat_dir(dest: Path, files: dict[str, Path]) -> Path:
    """One ModulePath holding every module of a kind (a scenario may load
    modules besides its own, e.g. mod_quotatab_file)."""
    dest.mkdir(mode=0o755)
    for name, so in files.items():
        shutil.copy2(so, dest / f"{name}.so")
    return dest


def _scenario_step(ctx: Context, mod: Module, moddir: Path, have: set[str],
                   what: str) -> StepResult:
    path = ctx.scenarios.get(mod.name)
    if path is None:
        return StepResult("FAIL", f"no scenario: write {mod.name}.scn in "
                                  f"{corpus_scenario.default_dir()}")
    missing = [n for n in (*mod.parents, mod.name) if n not in have]
    if missing:
        return StepResult("FAIL" if what == "sdk" or mod.prebuilt else "skip",
                          f"no {what} build of {', '.join(missing)}")
    try:
        scn = corpus_scenario.parse(path)
    except corpus_scenario.ScenarioError as e:
        return StepResult("FAIL", str(e))
    prep = corpus_scenario.prepare(scn, moddir, [*mod.parents, mod.name])
    try:
        argv = [*ctx.prxs, "shim", "--host", "both", "--expect-ok", "--timeout", "30",
                "--script", str(prep.script), "-c", str(prep.config)]
        rc, out = run_bounded(argv, prep.root, ctx.env, SCENARIO_TIMEOUT)
        status, detail = corpus_scenario.verdict(rc, out)
        return StepResult(status, detail.replace(f"{prep.root}/", ""))
    finally:
        shutil.rmtree(prep.root, ignore_errors=True)


def run_scenarios(ctx: Context, modules: list[Module], pool,
                   results: dict[str, dict[str, StepResult]]) -> None:
    sdk = {n: so for (n, t), so in ctx.builds.items() if t == "sdk"}
    deb = {m.name: m.prebuilt for m in modules if m.prebuilt is not None}
    sdk_dir = _flat_dir(ctx.work / "scenario-sdk", sdk)
    deb_dir = _flat_dir(ctx.work / "scenario-deb", deb)
    if ctx.proftpd is None:
        for m in modules:
            for step in ("scenario", "deb-scen"):
                results[m.name][step] = StepResult("skip", "proftpd is not installed")
        return

    def both(mod: Module) -> tuple[StepResult, StepResult]:
        a = _timed(lambda: _scenario_step(ctx, mod, sdk_dir, set(sdk), "sdk"))
        if mod.prebuilt is None:
            return a, StepResult("skip", "Debian ships no DSO of it")
        if results[mod.name]["prebuilt"].status == "skip":
            return a, StepResult("skip", results[mod.name]["prebuilt"].detail)
        return a, _timed(lambda: _scenario_step(ctx, mod, deb_dir, set(deb), "Debian"))

    for mod, (a, b) in zip(modules, pool.map(both, modules)):
        results[mod.name]["scenario"], results[mod.name]["deb-scen"] = a, b


def run_plain(argv: list[str], env: dict) -> tuple[int, str]:
    return run_bounded(argv, None, env, BUILD_TIMEOUT)
