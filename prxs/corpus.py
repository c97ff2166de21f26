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

The steps themselves are in ``prxs.corpus_steps``.  The bench script
(``bench/bench_corpus.py``) prints the table; the floor test
(``tests/e2e/test_corpus.py``) asserts how many modules pass each step.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .elf import DT_NEEDED, read_elf

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


def locate_source(tree: Path, name: str) -> Path | None:
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
        main = locate_source(tree, name)
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
    from . import corpus_scenario
    from .corpus_steps import Context, run_module, run_plain, run_scenarios
    env = dict(os.environ if env is None else env)
    prxs = prxs or prxs_command()
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="prxs-corpus-", dir=keep))
    try:
        rc, help_text = run_plain(prxs + ["--help"], env)
        proftpd = shutil.which("proftpd", path=env.get("PATH", "") + os.pathsep + "/usr/sbin")
        ctx = Context(prxs, work, tree, env, "--requires" in help_text, proftpd)
        ctx.scenarios = corpus_scenario.find_scenarios(
            scenarios or corpus_scenario.default_dir())
        run_plain(prxs + ["shim", "-l"], env)     # build the shim host once, not per worker
        by_name = {m.name: m for m in modules}
        results: dict[str, dict[str, StepResult]] = {}
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            for wave in _waves(modules):
                futures = {m.name: pool.submit(run_module, ctx, m, by_name) for m in wave}
                for name, fut in futures.items():
                    results[name] = fut.result()
                    if on_module:
                        on_module(name, results[name])
            run_scenarios(ctx, modules, pool, results)
        return {m.name: results[m.name] for m in modules}
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)


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
