#!/usr/bin/env python3
"""prxs -c against the bare two-step gcc it performs, the real /usr/bin/prxs,
and itself with --no-pch and with a cold header cache, side by side in one run.

Each run builds sample_modules/mod_hello.c in a fresh directory; variants are
interleaved so machine noise hits them alike; medians are reported, with each
variant's ratio to the bare gcc of the same target.  Prints figures; asserts
nothing about wall time.

    python bench/bench_build.py [--runs 9] [--targets sdk,proftpd]
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
sys.path.insert(0, str(ROOT))

from prxs.build import BuildSpec, compile_argv, link_argv  # noqa: E402
from prxs.targets import resolve_target  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import prxs_command, wait_for_header_cache  # noqa: E402

SOURCE = ROOT / "sample_modules" / "mod_hello.c"


def timed(argv, cwd, env=None) -> float:
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE)
    took = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"bench: {' '.join(argv)} failed:\n{proc.stderr.decode()}")
    return took


def fresh_tree(base: Path) -> Path:
    d = Path(tempfile.mkdtemp(dir=base))
    shutil.copy(SOURCE, d / "mod_hello.c")
    return d




def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--targets", default="sdk,proftpd")
    args = ap.parse_args()

    # Byte-compile prxs so the timings are what an installed prxs costs
    # (pip compiles on install; PYTHONDONTWRITEBYTECODE may be set here).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "prxs")],
                   check=True)
    work = Path(tempfile.mkdtemp(prefix="prxs-bench-"))
    cache = work / "cache"
    env = dict(os.environ, PRXS_CACHE_DIR=str(cache),
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    for var in ("CC", "CFLAGS", "CPPFLAGS", "LDFLAGS", "DESTDIR"):
        env.pop(var, None)
    prxs = prxs_command()
    real_prxs = shutil.which("prxs", path="/usr/bin")
    print(f"python {sys.version.split()[0]} ({sys.executable}); {args.runs} runs, medians")
    rows = []
    for tname in args.targets.split(","):
        try:
            target = resolve_target(tname, environ=env)
        except Exception as exc:  # noqa: BLE001 - a missing target is reported, not fatal
            print(f"[{tname}] skipped: {exc}")
            continue
        variants: dict[str, list[float]] = {"bare gcc -c + gcc -shared": [],
                                            "prxs -c (header cache warm)": [],
                                            "prxs -c --no-pch": []}
        if tname == "proftpd" and real_prxs:
            variants["real /usr/bin/prxs -c"] = []
        # Warm the header cache and the target facts once; the cold cost is
        # measured separately below.
        timed(prxs + ["-c", "--target", tname, "mod_hello.c"], fresh_tree(work), env)
        wait_for_header_cache(cache)
        for _ in range(args.runs):
            for name in variants:
                d = fresh_tree(work)
                if name.startswith("bare"):
                    spec = BuildSpec("mod_hello", ["mod_hello.c"], str(d))
                    os.mkdir(d / ".libs")
                    c = compile_argv(spec, target, "mod_hello.c", ".libs/mod_hello.o")
                    l = link_argv(spec, target, [".libs/mod_hello.o"], ".libs/mod_hello.so",
                                  [], None)
                    start = time.perf_counter()
                    timed(c, d, env)
                    timed(l, d, env)
                    variants[name].append(time.perf_counter() - start)
                elif name.startswith("real"):
                    variants[name].append(timed([real_prxs, "-c", "mod_hello.c"], d, env))
                elif "--no-pch" in name:
                    variants[name].append(timed(prxs + ["-c", "--no-pch", "--target", tname,
                                                        "mod_hello.c"], d, env))
                else:
                    variants[name].append(timed(prxs + ["-c", "--target", tname,
                                                        "mod_hello.c"], d, env))
        cold = []
        for i in range(max(3, args.runs // 3)):
            cenv = dict(env, PRXS_CACHE_DIR=str(work / f"cold{tname}{i}"))
            cold.append(timed(prxs + ["-c", "--target", tname, "mod_hello.c"],
                              fresh_tree(work), cenv))
            # Not timed: let the detached header build finish before the next run.
            wait_for_header_cache(Path(cenv["PRXS_CACHE_DIR"]))
        variants["prxs -c (cold cache; conf.h.gch built aside)"] = cold
        base = statistics.median(variants["bare gcc -c + gcc -shared"])
        print(f"\n[{target.description}]")
        for name, times in variants.items():
            med = statistics.median(times)
            print(f"  {name:44s} {med * 1000:7.1f} ms   ratio {med / base:5.2f}x")
            rows.append((tname, name, med, med / base))
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
