#!/usr/bin/env python3
"""The Cython sample next to the C sample, side by side in one run; prints
figures and ratios, asserts nothing about wall time.

    python bench/bench_cython.py [--runs 5] [--seconds 2]

* build: ``prxs -c mod_pyhello.pyx`` (Cython translation + compile + link)
  against ``prxs -c mod_hello.c``, each in a fresh directory, interleaved,
  medians; the Cython build is split into translation and gcc from its
  ``--json`` command records, and measured again with the translation
  found in prxs's cache (same source, another directory);
* dispatch: commands per second through one shim session, ``SITE PYHELLO``
  (GIL, a Python call, str.format) against ``SITE HELLO`` (mod_hello in C),
  round trip included; and load+unload cycles through the host's control
  channel (the Cython module starts and finalizes Python each time).
"""

from __future__ import annotations

import argparse
import json
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

SAMPLES = ROOT / "sample_modules"


def build(src: Path, base: Path, env: dict, salt: str = "") -> tuple[float, dict]:
    """Build src in a fresh directory; a salt (a trailing comment) makes
    the source new to prxs's translation cache."""
    d = Path(tempfile.mkdtemp(dir=base))
    (d / src.name).write_text(src.read_text() + (f"# {salt}\n" if salt else ""))
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "prxs", "-c", "--json", src.name],
                          cwd=d, env=env, capture_output=True, text=True)
    took = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"bench: prxs -c {src.name} failed:\n{proc.stdout}{proc.stderr}")
    return took, json.loads(proc.stdout)


def rate(fn, seconds: float) -> float:
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        fn()
        n += 1
    return n / (time.perf_counter() - start)


def bench_build(runs: int, work: Path, env: dict) -> None:
    c_times, cold, cold_gcc, warm = [], [], [], []
    pyx = SAMPLES / "mod_pyhello.pyx"
    build(pyx, work, env)                         # fill the translation cache
    for i in range(runs):
        c_times.append(build(SAMPLES / "mod_hello.c", work, env)[0])
        t, out = build(pyx, work, env, salt=f"run {i} {time.time()}")
        cold.append(t)
        cold_gcc.append(sum(c["seconds"] for c in out.get("commands", [])
                            if c["step"] in ("compile", "link")))
        warm.append(build(pyx, work, env)[0])
    c, cy, gcc, cached = (statistics.median(x) for x in (c_times, cold, cold_gcc, warm))
    print(f"build, prxs -c mod_hello.c (C):                 {c * 1e3:8.0f} ms")
    print(f"build, prxs -c mod_pyhello.pyx, new source:     {cy * 1e3:8.0f} ms"
          f"   ratio to C {cy / c:6.1f}")
    print(f"   of which gcc compile + link:                 {gcc * 1e3:8.0f} ms"
          f"   ({gcc / cy:.0%})")
    print(f"   of which Cython translation + prxs:          {(cy - gcc) * 1e3:8.0f} ms")
    print(f"build, prxs -c mod_pyhello.pyx, translation cached: {cached * 1e3:4.0f} ms"
          f"   ratio to C {cached / c:6.1f}")


def bench_dispatch(seconds: float, work: Path, env: dict) -> None:
    from prxs.shim import Host
    from prxs.shim.passwd import write_passwd
    from prxs.shim.testing import build_with_prxs

    mods = work / "mods"
    for src in (SAMPLES / "mod_hello.c", SAMPLES / "mod_pyhello.pyx"):
        build_with_prxs(src, mods, env=env)
    home = work / "home"
    home.mkdir()
    os.chmod(work, 0o755)
    if os.geteuid() == 0:
        os.chown(home, 4242, 4242)
    write_passwd(str(work / "passwd"), {"alice": {"password": "secret", "uid": 4242,
                                                  "gid": 4242, "home": str(home)}})
    conf = work / "bench.conf"
    conf.write_text(f"ModulePath {mods}\nLoadModule mod_hello.c\nLoadModule mod_pyhello.c\n"
                    f"AuthUserFile {work / 'passwd'}\n")
    with Host(conf, workdir=work / "host", debug_level=0) as host:
        with host.session() as s:
            if s.login("alice", "secret").code != 230:
                print("dispatch: skipped (cannot log in; run as root)")
                return
            assert s.command("SITE PYHELLO x").code == 200
            c = rate(lambda: s.command("SITE HELLO x"), seconds)
            py = rate(lambda: s.command("SITE PYHELLO x"), seconds)
            noop = rate(lambda: s.command("NOOP"), seconds)

        def cycle(name):
            assert host.unload_module(name).endswith("unloaded")
            assert host.load_module(name).endswith("loaded")
        c_cycles = rate(lambda: cycle("mod_hello.c"), seconds)
        py_cycles = rate(lambda: cycle("mod_pyhello.c"), seconds)

    print(f"dispatch, NOOP (no module handler):         {noop:8.0f} /s")
    print(f"dispatch, SITE HELLO (C):                   {c:8.0f} /s")
    print(f"dispatch, SITE PYHELLO (Cython):            {py:8.0f} /s"
          f"   ratio C/Cython {c / py:6.2f}"
          f"   (+{(1 / py - 1 / c) * 1e6:.0f} us a command)")
    print(f"unload+load cycles, mod_hello.c:            {c_cycles:8.1f} /s")
    print(f"unload+load cycles, mod_pyhello.c:          {py_cycles:8.1f} /s"
          f"   ratio {c_cycles / py_cycles:6.1f}  (Python start + finalize)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--seconds", type=float, default=2.0)
    args = ap.parse_args()
    try:
        import Cython
    except ImportError:
        sys.exit("bench: needs Cython 3 (pip install 'Cython>=3')")
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "prxs")],
                   check=True)
    work = Path(tempfile.mkdtemp(prefix="prxs-bench-cy-"))
    env = dict(os.environ, PRXS_CACHE_DIR=str(work / "cache"),
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    for var in ("CC", "CFLAGS", "CPPFLAGS", "LDFLAGS", "DESTDIR"):
        env.pop(var, None)
    print(f"python {sys.version.split()[0]}, Cython {Cython.__version__}; "
          f"{args.runs} builds each (medians), {args.seconds:g} s per rate")
    try:
        bench_build(args.runs, work, env)
        bench_dispatch(args.seconds, work, env)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
