#!/usr/bin/env python3
"""Incremental and parallel builds, side by side in one run:

* a no-op rebuild (nothing changed) against a full build of the same module;
* ``make -j2`` over several module directories against ``make -j1``;
* ``prxs -c -j 2`` over a module with several sources against ``-j 1``.

Fresh trees for every full build, medians over several runs, ratios printed.
Figures only; nothing here asserts a wall time.

    python bench/bench_incremental.py [--runs 5] [--modules 4]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TWO = ROOT / "tests" / "packages" / "make" / "two"
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import prxs_command, wait_for_header_cache  # noqa: E402


def run(argv, cwd, env) -> float:
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE)
    took = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"bench: {' '.join(map(str, argv))} failed:\n{proc.stderr.decode()}")
    return took


def module_tree(base: Path, name: str, nsrc: int) -> Path:
    """A module mod_<name> with nsrc helper sources of some weight."""
    d = Path(tempfile.mkdtemp(dir=base))
    helpers = []
    for i in range(nsrc):
        body = "\n".join(f"static int f{i}_{k}(int x) {{ int s = 0; for (int j = 0; j < x; j++) "
                         f"s += j * {k} ^ (s >> 3); return s; }}" for k in range(40))
        calls = " + ".join(f"f{i}_{k}(x)" for k in range(40))
        (d / f"h{i}.c").write_text(f'#include "conf.h"\n{body}\nint h{i}(int x) {{ return {calls}; }}\n')
        helpers.append(f"h{i}.c")
    (d / f"mod_{name}.c").write_text(
        '#include "conf.h"\n'
        + "".join(f"int h{i}(int);\n" for i in range(nsrc))
        + f"static int {name}_init(void) {{ return "
        + (" + ".join(f"h{i}(0)" for i in range(nsrc)) or "0") + "; }\n"
        + f'module {name}_module = {{ NULL, NULL, 0x20, "{name}", NULL, NULL, NULL, '
          f'{name}_init, NULL, "mod_{name}/0.1" }};\n')
    (d / "Makefile").write_text(f"MODULE_NAME = mod_{name}\nMODULE_SRCS = mod_{name}.c "
                                + " ".join(helpers) + "\nPRXS ?= prxs\n"
                                "include $(shell $(PRXS) -q PRXS_MK)\n")
    return d




def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--modules", type=int, default=4)
    args = ap.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "prxs")], check=True)
    work = Path(tempfile.mkdtemp(prefix="prxs-bench-inc-"))
    env = dict(os.environ, PRXS_CACHE_DIR=str(work / "cache"),
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
               PRXS=" ".join(prxs_command()))
    for var in ("CC", "CFLAGS", "CPPFLAGS", "LDFLAGS", "DESTDIR", "MAKEFLAGS"):
        env.pop(var, None)
    prxs = prxs_command() + ["-c"]
    srcs = ["mod_two.c", "a.c", "b.c"]

    # 1. no-op rebuild vs full build, for the tiny sample and a bigger module
    def fresh_two() -> tuple[Path, list[str]]:
        d = Path(tempfile.mkdtemp(dir=work))
        shutil.copytree(TWO, d / "two")
        return d / "two", srcs

    def fresh_big() -> tuple[Path, list[str]]:
        return module_tree(work, "big", 6), ["mod_big.c"] + [f"h{i}.c" for i in range(6)]

    print(f"python {sys.version.split()[0]}; {args.runs} runs, medians")
    for label, fresh in (("mod_two: 3 small sources", fresh_two),
                         ("mod_big: 7 sources", fresh_big)):
        d, s = fresh()
        run(prxs + s, d, env)          # warm the header cache (built aside)
        wait_for_header_cache(work / "cache")
        full, noop, mnoop = [], [], []
        for _ in range(args.runs):
            d, s = fresh()
            full.append(run(prxs + s, d, env))
            noop.append(run(prxs + s, d, env))
            mnoop.append(run(["make", "-s"], d, env))
        f, n, m = (statistics.median(x) for x in (full, noop, mnoop))
        print(f"\n[no-op rebuild, {label}]")
        print(f"  full build (prxs -c)       {f * 1000:7.1f} ms")
        print(f"  no-op rebuild (prxs -c)    {n * 1000:7.1f} ms   = {n / f:.0%} of a full build")
        print(f"  no-op rebuild (make)       {m * 1000:7.1f} ms   = {m / f:.0%} of a full build")

    # 2. make -j2 vs -j1 over several modules
    def tree_of_modules() -> Path:
        top = Path(tempfile.mkdtemp(dir=work))
        dirs = []
        for m in range(args.modules):
            d = module_tree(top, f"m{m}", 2)
            dirs.append(d.name)
        (top / "Makefile").write_text(
            "SUBDIRS = " + " ".join(dirs) + "\nall: $(SUBDIRS)\n$(SUBDIRS):\n"
            "\t$(MAKE) -C $@\n.PHONY: all $(SUBDIRS)\n")
        return top
    run(["make", "-s"], tree_of_modules(), env)
    wait_for_header_cache(work / "cache")
    j1, j2 = [], []
    for _ in range(args.runs):
        j1.append(run(["make", "-s", "-j1"], tree_of_modules(), env))
        j2.append(run(["make", "-s", "-j2"], tree_of_modules(), env))
    a, b = statistics.median(j1), statistics.median(j2)
    print(f"\n[make over {args.modules} module directories (3 sources each)]")
    print(f"  make -j1                   {a * 1000:7.1f} ms")
    print(f"  make -j2                   {b * 1000:7.1f} ms   speed-up {a / b:.2f}x")

    # 3. prxs -j over one module's sources
    p1, p2 = [], []
    for _ in range(args.runs):
        d = module_tree(work, "big", 6)
        s = ["mod_big.c"] + [f"h{i}.c" for i in range(6)]
        p1.append(run(prxs + ["-j", "1"] + s, d, env))
        d = module_tree(work, "big", 6)
        p2.append(run(prxs + ["-j", "2"] + s, d, env))
    a, b = statistics.median(p1), statistics.median(p2)
    print("\n[prxs -c over one module with 7 sources]")
    print(f"  prxs -c -j 1               {a * 1000:7.1f} ms")
    print(f"  prxs -c -j 2               {b * 1000:7.1f} ms   speed-up {a / b:.2f}x")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
