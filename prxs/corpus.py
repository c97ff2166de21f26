"""The real-module corpus: ProFTPD's own modules, unmodified, through prxs.

The corpus is every module Debian ships as a DSO (``/usr/lib/proftpd/*.so``,
found at run time) plus ``mod_cap`` (static in Debian's proftpd) built as a
DSO.  Their sources come from Debian's source package (``.ci/run`` fetches it
into a cache outside the repository).  Each module goes through five steps,
each in its own temporary directory and bounded by a timeout:

``sdk``       ``prxs -c --target sdk``
``proftpd``   ``prxs -c --target proftpd``
``shim``      ``prxs shim -t`` loads the SDK build (the proftpd build when the
              SDK build failed; the result says which)
``real``      ``proftpd -t`` loads the proftpd build
``prebuilt``  ``prxs shim -t`` loads Debian's own ``.so``
``scenario``  the module's scenario (``prxs.corpus_scenario``) on the shim and
              the real proftpd, the same transcript on both, with the SDK build
``deb-scen``  the same scenario with Debian's own ``.so`` on both hosts

A module is built the way a packager would build it by hand: a module with its
own directory and ``configure`` (mod_wrap2, mod_dnsbl, …) is copied and
configured first (its headers are configure's output), the include path names
the module's directory (and ``contrib/`` for those shared headers such as
``mod_sql.h``), and a companion module (mod_quotatab_file) is built after its
parent and loaded after it.  Parents are found from Debian's binaries: the
corpus modules defining symbols a module imports.

The bench script (``bench/bench_corpus.py``) prints the table; the floor test
(``tests/e2e/test_corpus.py``) asserts how many modules pass each step.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .elf import DT_NEEDED, read_elf
from .errors import CommandTimeout, EnvironmentProblem
from .runner import Runner
from . import corpus_scenario

__all__ = ["STEPS", "CorpusUnavailable", "Module", "StepResult", "find_source_tree",
           "discover", "run_corpus", "totals", "format_table"]

STEPS = ("sdk", "proftpd", "shim", "real", "prebuilt", "scenario", "deb-scen")
STEP_TITLES = {
    "sdk": "prxs -c --target sdk",
    "proftpd": "prxs -c --target proftpd",
    "shim": "prxs shim -t (SDK build, else proftpd build)",
    "real": "proftpd -t (proftpd build)",
    "prebuilt": "prxs shim -t (Debian's .so)",
    "scenario": "scenario, shim vs proftpd (SDK build)",
    "deb-scen": "scenario, shim vs proftpd (Debian's .so)",
}
DEFAULT_CACHE = "/var/cache/prxs-src"
DEFAULT_LIBEXEC = "/usr/lib/proftpd"
EXTRA_MODULES = ("mod_cap",)        # static in Debian's proftpd: built as a DSO here
BUILD_TIMEOUT = 300.0
CONFIGURE_TIMEOUT = 180.0
LOAD_TIMEOUT = 60.0
SCENARIO_TIMEOUT = 180.0


class CorpusUnavailable(Exception):
    """The corpus cannot run here (no sources fetched); the text says why."""


@dataclass(frozen=True)
class Module:
    name: str                       # mod_ban
    sources: tuple[Path, ...]       # the mod_*.c first; empty when not found
    configure: Path | None          # the module's own directory, when it has ./configure
    include_dirs: tuple[Path, ...]  # -I a packager would give (besides a configured copy)
    parents: tuple[str, ...]        # corpus modules whose symbols it imports, load order
    prebuilt: Path | None           # Debian's .so
    libs: tuple[str, ...] = ()      # -lfoo Debian's .so was linked with (DT_NEEDED)


@dataclass
class StepResult:
    status: str                     # "ok", "FAIL" or "skip"
    detail: str = ""                # first error line, the reason of a skip, or a note
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status == "ok"


# --- finding the sources and the modules -----------------------------------

def _is_tree(p: Path) -> bool:
    return (p / "contrib").is_dir() and (p / "modules").is_dir() and (p / "include").is_dir()


def find_source_tree(env: dict | None = None) -> Path:
    """The unpacked ProFTPD source tree: ``$PRXS_CORPUS_SRC`` (the tree itself or
    the cache ``apt-get source`` ran in), else ``/var/cache/prxs-src``."""
    env = os.environ if env is None else env
    base = Path(env.get("PRXS_CORPUS_SRC") or DEFAULT_CACHE)
    if _is_tree(base):
        return base
    trees = sorted(p for p in base.glob("proftpd-dfsg-*") if p.is_dir() and _is_tree(p))
    if not trees:
        raise CorpusUnavailable(
            f"ProFTPD's sources are not fetched: no proftpd-dfsg-*/ source tree in {base} "
            "(run .ci/setup, which runs 'apt-get source proftpd-dfsg' there, or set "
            "PRXS_CORPUS_SRC to an unpacked ProFTPD 1.3.8 source tree)")
    return trees[-1]


def _locate(tree: Path, name: str) -> Path | None:
    for cand in (tree / "contrib" / f"{name}.c", tree / "contrib" / name / f"{name}.c",
                 tree / "modules" / f"{name}.c"):
        if cand.is_file():
            return cand
    return None


def _module_objects(main: Path) -> tuple[Path, ...]:
    """A module in its own directory lists its objects in its Makefile.in
    (``SHARED_MODULE_OBJS=mod_load.lo getloadavg.lo``): the sources to build."""
    makefile = main.parent / "Makefile.in"
    if main.parent.parent.name != "contrib" or not makefile.is_file():
        return (main,)
    text = makefile.read_text(errors="replace").replace("\\\n", " ")
    m = re.search(r"^SHARED_MODULE_OBJS\s*=(.*)$", text, re.M)
    if not m:
        return (main,)
    extra = [main.parent / (lo[:-3] + ".c") for lo in m.group(1).split() if lo.endswith(".lo")]
    return (main, *[p for p in extra if p.is_file() and p != main])


def _soname_flag(soname: str) -> str | None:
    m = re.match(r"lib(.+?)\.so(\.|$)", soname)
    return None if m is None or m.group(1) == "c" else "-l" + m.group(1)


def _debian_links(prebuilt: dict[str, Path]) -> tuple[dict[str, tuple[str, ...]],
                                                      dict[str, tuple[str, ...]]]:
    """What Debian's binaries say about each module: its parents (the corpus
    modules defining symbols it imports) and the libraries it was linked with
    (mod_rewrite's -lidn2 comes from proftpd's top-level configure, not from
    the module's source)."""
    defined: dict[str, set[str]] = {}
    wanted: dict[str, set[str]] = {}
    libs: dict[str, tuple[str, ...]] = {}
    for name, path in prebuilt.items():
        try:
            elf = read_elf(str(path))
            syms = elf.dynamic_symbols()
            needed = elf.dynamic_entries().get(DT_NEEDED, [])
        except Exception:           # an unreadable .so: nothing to learn from it
            syms, needed = [], []
        defined[name] = {s.name for s in syms if s.defined}
        wanted[name] = {s.name for s in syms if not s.defined}
        libs[name] = tuple(f for f in map(_soname_flag, needed) if f)
    parents = {n: tuple(sorted(m for m in defined if m != n and wanted[n] & defined[m]))
               for n in prebuilt}
    return parents, libs


def discover(tree: Path, libexecdir: str = DEFAULT_LIBEXEC) -> list[Module]:
    """The corpus: Debian's DSOs (as found now) plus mod_cap, each with its sources."""
    prebuilt = {p.name[:-3]: p for p in sorted(Path(libexecdir).glob("mod_*.so"))}
    parents, libs = _debian_links(prebuilt)
    names = sorted(set(prebuilt) | set(EXTRA_MODULES))
    modules = []
    for name in names:
        main = _locate(tree, name)
        own_dir = main is not None and main.parent.parent.name == "contrib"
        configure = main.parent if own_dir and (main.parent / "configure").is_file() else None
        includes: list[Path] = []
        if main is not None:
            includes.append(main.parent)
            if own_dir:
                includes.append(tree / "contrib")    # mod_sql.h, mod_tls.h, … live there
        modules.append(Module(name, _module_objects(main) if main else (), configure,
                              tuple(includes), parents.get(name, ()), prebuilt.get(name),
                              libs.get(name, ())))
    return modules


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
class _Context:
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


def _run(ctx: _Context, argv: list[str], cwd: Path, timeout: float) -> tuple[int, str]:
    return _run_bounded(argv, cwd, ctx.env, timeout)


def _run_bounded(argv: list[str], cwd: Path | None, env: dict,
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


def _strip(ctx: _Context, mdir: Path) -> tuple[str, ...]:
    return (f"{mdir}/", f"{ctx.tree}/", f"{ctx.work}/")


def _configure(ctx: _Context, mod: Module, mdir: Path) -> StepResult | None:
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


def _link_flags(ctx: _Context, mod: Module) -> list[str]:
    """-l/-L from the module's configure (mod_dnsbl: -lresolv) and from
    Debian's link of it, as prxs options."""
    out: list[str] = []
    for flag in dict.fromkeys((*ctx.configured_libs.get(mod.name, ()), *mod.libs)):
        if flag[:2] in ("-l", "-L") and len(flag) > 2:
            out += [flag[:2], flag[2:]]
    return out


def _sources(ctx: _Context, mod: Module) -> list[Path]:
    copy = ctx.configured.get(mod.name)
    if copy is None:
        return list(mod.sources)
    return [copy / s.relative_to(mod.configure) for s in mod.sources]


def _build(ctx: _Context, mod: Module, mdir: Path, target: str,
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


def _parent_dir(ctx: _Context, parent: str) -> Path:
    main = _locate(ctx.tree, parent)
    return main.parent if main else ctx.tree / "contrib"


def _module_path(mdir: Path, step: str, files: list[tuple[str, Path]]) -> Path:
    """A ModulePath holding the parents' and the module's .so, flat (libltdl
    tries mod_foo.la, then mod_foo.so)."""
    mp = mdir / f"modules-{step}"
    mp.mkdir(mode=0o755)
    for name, so in files:
        shutil.copy2(so, mp / f"{name}.so")
    return mp


def _load(ctx: _Context, mdir: Path, step: str, files: list[tuple[str, Path]],
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


def _with_parents(ctx: _Context, mod: Module, target: str) -> list[tuple[str, Path]] | str:
    files = []
    for name in (*mod.parents, mod.name):
        so = ctx.builds.get((name, target))
        if so is None:
            return f"no {target} build of {name}"
        files.append((name, so))
    return files


def _shim_step(ctx: _Context, mod: Module, mdir: Path, res: dict) -> StepResult:
    for target in ("sdk", "proftpd"):
        if res[target].ok:
            files = _with_parents(ctx, mod, target)
            if isinstance(files, str):
                return StepResult("FAIL", files)
            out = _load(ctx, mdir, "shim", files, real=False)
            out.detail = f"[{target} build] " + out.detail if out.detail else f"{target} build"
            return out
    return StepResult("FAIL", "nothing built to load")


def _real_step(ctx: _Context, mod: Module, mdir: Path, res: dict) -> StepResult:
    if ctx.proftpd is None:
        return StepResult("skip", "proftpd is not installed")
    if not res["proftpd"].ok:
        return StepResult("FAIL", "no proftpd build to load")
    files = _with_parents(ctx, mod, "proftpd")
    if isinstance(files, str):
        return StepResult("FAIL", files)
    return _load(ctx, mdir, "real", files, real=True)


def _prebuilt_step(ctx: _Context, mod: Module, mdir: Path, by_name: dict) -> StepResult:
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


def _run_module(ctx: _Context, mod: Module, by_name: dict) -> dict[str, StepResult]:
    mdir = Path(tempfile.mkdtemp(prefix=f"{mod.name}-", dir=ctx.work))
    res: dict[str, StepResult] = {}
    conf_fail = _configure(ctx, mod, mdir) if mod.sources else None
    res["sdk"] = _timed(lambda: _build(ctx, mod, mdir, "sdk", conf_fail))
    res["proftpd"] = _timed(lambda: _build(ctx, mod, mdir, "proftpd", conf_fail))
    res["shim"] = _timed(lambda: _shim_step(ctx, mod, mdir, res))
    res["real"] = _timed(lambda: _real_step(ctx, mod, mdir, res))
    res["prebuilt"] = _timed(lambda: _prebuilt_step(ctx, mod, mdir, by_name))
    return res


# --- the whole corpus ------------------------------------------------------

def prxs_command() -> list[str]:
    """The console script beside this interpreter, as users run it."""
    script = os.path.join(os.path.dirname(sys.executable), "prxs")
    return [script] if os.access(script, os.X_OK) else [sys.executable, "-m", "prxs"]


def _waves(modules: list[Module]) -> list[list[Module]]:
    """Parents before their companions (a companion builds against its parent)."""
    done: set[str] = set()
    names = {m.name for m in modules}
    left = list(modules)
    waves = []
    while left:
        wave = [m for m in left if all(p in done or p not in names for p in m.parents)]
        if not wave:                    # a cycle: run the rest, their parents will be missing
            wave = left
        waves.append(wave)
        done |= {m.name for m in wave}
        left = [m for m in left if m.name not in done]
    return waves


def _flat_dir(dest: Path, files: dict[str, Path]) -> Path:
    """One ModulePath holding every module of a kind (a scenario may load
    modules besides its own, e.g. mod_quotatab_file)."""
    dest.mkdir(mode=0o755)
    for name, so in files.items():
        shutil.copy2(so, dest / f"{name}.so")
    return dest


def _scenario_step(ctx: _Context, mod: Module, moddir: Path, have: set[str],
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
        rc, out = _run_bounded(argv, prep.root, ctx.env, SCENARIO_TIMEOUT)
        status, detail = corpus_scenario.verdict(rc, out)
        return StepResult(status, detail.replace(f"{prep.root}/", ""))
    finally:
        shutil.rmtree(prep.root, ignore_errors=True)


def _run_scenarios(ctx: _Context, modules: list[Module], pool,
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


def run_corpus(modules: list[Module], tree: Path, *, workers: int = 2,
               env: dict | None = None, prxs: list[str] | None = None,
               keep: Path | None = None, scenarios: Path | None = None,
               on_module: Callable[[str, dict[str, StepResult]], None] | None = None,
               ) -> dict[str, dict[str, StepResult]]:
    """Run every module through the steps, ``workers`` modules at a time;
    returns module -> step -> result.  Work happens under a temporary
    directory, removed afterwards (kept under ``keep`` when given).  The
    scenarios run last, when every module is built; ``scenarios`` is their
    directory (default: ``corpus_scenario.default_dir()``)."""
    env = dict(os.environ if env is None else env)
    prxs = prxs or prxs_command()
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="prxs-corpus-", dir=keep))
    try:
        rc, help_text = _run_plain(prxs + ["--help"], env)
        proftpd = shutil.which("proftpd", path=env.get("PATH", "") + os.pathsep + "/usr/sbin")
        ctx = _Context(prxs, work, tree, env, "--requires" in help_text, proftpd)
        ctx.scenarios = corpus_scenario.find_scenarios(
            scenarios or corpus_scenario.default_dir())
        _run_plain(prxs + ["shim", "-l"], env)     # build the shim host once, not per worker
        by_name = {m.name: m for m in modules}
        results: dict[str, dict[str, StepResult]] = {}
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            for wave in _waves(modules):
                futures = {m.name: pool.submit(_run_module, ctx, m, by_name) for m in wave}
                for name, fut in futures.items():
                    results[name] = fut.result()
                    if on_module:
                        on_module(name, results[name])
            _run_scenarios(ctx, modules, pool, results)
        return {m.name: results[m.name] for m in modules}
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)


def _run_plain(argv: list[str], env: dict) -> tuple[int, str]:
    return _run_bounded(argv, None, env, BUILD_TIMEOUT)


def totals(results: dict[str, dict[str, StepResult]]) -> dict[str, int]:
    """Modules passing each step."""
    return {step: sum(1 for r in results.values() if r[step].ok) for step in STEPS}


def failures(results: dict[str, dict[str, StepResult]], step: str) -> list[str]:
    return [f"{name}: {r[step].detail}" for name, r in results.items()
            if r[step].status == "FAIL"]


def format_table(results: dict[str, dict[str, StepResult]], width: int = 110) -> str:
    """Module × step, each failure with its first error line."""
    name_w = max([len(n) for n in results] + [6])
    head = f"{'module':<{name_w}}  " + "  ".join(f"{s:<8}" for s in STEPS)
    lines = [head, "-" * len(head)]
    for name, res in results.items():
        lines.append(f"{name:<{name_w}}  " + "  ".join(f"{res[s].status:<8}" for s in STEPS))
        for s in STEPS:
            r = res[s]
            if r.status != "ok":
                text = f"    {s}: {r.detail}"
                lines.append(text if len(text) <= width else text[:width - 1] + "…")
    t = totals(results)
    lines.append("-" * len(head))
    lines.append(f"{'passed':<{name_w}}  " + "  ".join(f"{t[s]:<8}" for s in STEPS)
                 + f"  (of {len(results)})")
    return "\n".join(lines)
