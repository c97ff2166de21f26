"""mod_exec hook latency through the shim, against a bare fork+exec+wait of
the same program from C, printed as a ratio (not a timed test; target <= 1.5).

    python bench/bench_exec.py [--runs N] [--rounds R]

* bare: a C loop of fork(), execve() of the program, waitpid() (and the
  same with vfork(), which mod_exec uses, for reference);
* hook: NOOP round trips in a session whose ExecOnCommand NOOP runs the same
  program, minus NOOP round trips with no hook (same host, same module),
  i.e. what one hook adds to a command; measured without an ExecLog, and
  with ExecLog + ExecOptions logStdout logStderr (each run logged).

The program is tests/packages/exec/exec_hook.c run as ``true``: it exits at
once, so the figures are the cost of starting a program, not of running it.
Each figure is the best of R rounds of N runs, side by side in one process.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from prxs.shim import Host  # noqa: E402
from prxs.shim.testing import build_with_prxs  # noqa: E402

BARE_C = r"""
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
  char *args[] = { "true", NULL }, *env[] = { NULL };
  int n = atoi(argv[2]), use_vfork = argc > 3, i, status;
  struct timespec a, b;

  clock_gettime(CLOCK_MONOTONIC, &a);
  for (i = 0; i < n; i++) {
    pid_t pid = use_vfork ? vfork() : fork();
    if (pid == 0) {
      execve(argv[1], args, env);
      _exit(127);
    }
    waitpid(pid, &status, 0);
  }
  clock_gettime(CLOCK_MONOTONIC, &b);
  printf("%f\n", ((b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9) / n);
  return 0;
}
"""


def build(work: Path) -> tuple[Path, Path, Path]:
    hook_dir = work / "hook"
    hook_dir.mkdir(parents=True)
    os.chmod(work, 0o755)
    os.chmod(hook_dir, 0o755)
    prog = hook_dir / "true"
    subprocess.run(["gcc", "-O2", "-o", str(prog),
                    str(ROOT / "tests/packages/exec/exec_hook.c")], check=True)
    bare_c = work / "bare.c"
    bare_c.write_text(BARE_C)
    bare = work / "bare"
    subprocess.run(["gcc", "-O2", "-o", str(bare), str(bare_c)], check=True)
    mods = build_with_prxs(ROOT / "sample_modules/mod_exec.c", work / "mods")
    return prog, bare, mods


def bare_seconds(bare: Path, prog: Path, runs: int, vfork: bool = False) -> float:
    argv = [str(bare), str(prog), str(runs)] + (["vfork"] if vfork else [])
    out = subprocess.run(argv, check=True, capture_output=True, text=True).stdout
    return float(out)


def noop_seconds(host: Host, runs: int) -> float:
    with host.session() as s:
        s.command("NOOP")
        start = time.perf_counter()
        for _ in range(runs):
            s.command("NOOP")
        return (time.perf_counter() - start) / runs


def config(mods: Path, prog: Path | None, extra: str = "") -> str:
    lines = ['ServerName "bench"', f"ModulePath {mods}", "LoadModule mod_exec.c",
             "ExecEngine on"]
    if os.geteuid() == 0:
        lines += ["User nobody", "Group nogroup"]
    if prog is not None:
        lines.append(f"ExecOnCommand NOOP {prog}")
    return "\n".join(lines) + "\n" + extra


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)
    if shutil.which("gcc") is None:
        print("bench_exec: needs gcc", file=sys.stderr)
        return 3

    work = Path(tempfile.mkdtemp(prefix="prxs-bench-exec-"))
    try:
        prog, bare, mods = build(work)
        logged = (f"ExecLog {work}/exec.log\n"
                  "ExecOptions logStdout logStderr\n")
        hosts = {
            "none": Host(config_text=config(mods, None), workdir=work / "h0",
                         debug_level=0),
            "hook": Host(config_text=config(mods, prog), workdir=work / "h1",
                         debug_level=0),
            "logged": Host(config_text=config(mods, prog, logged),
                           workdir=work / "h2", debug_level=0),
        }
        best = {k: float("inf") for k in ("bare", "vfork", *hosts)}
        for h in hosts.values():
            h.start()
        try:
            for _ in range(args.rounds):
                best["bare"] = min(best["bare"], bare_seconds(bare, prog, args.runs))
                best["vfork"] = min(best["vfork"],
                                    bare_seconds(bare, prog, args.runs, vfork=True))
                for name, h in hosts.items():
                    best[name] = min(best[name], noop_seconds(h, args.runs))
        finally:
            for h in hosts.values():
                h.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    us = {k: v * 1e6 for k, v in best.items()}
    hook = us["hook"] - us["none"]
    logged = us["logged"] - us["none"]
    print(f"bare fork+exec+wait (C):         {us['bare']:8.1f} us")
    print(f"bare vfork+exec+wait (C):        {us['vfork']:8.1f} us")
    print(f"NOOP round trip, no hook:        {us['none']:8.1f} us")
    print(f"NOOP round trip, ExecOnCommand:  {us['hook']:8.1f} us")
    print(f"hook latency (difference):       {hook:8.1f} us   "
          f"ratio {hook / us['bare']:.2f}x bare (target <= 1.5x)")
    print(f"hook latency, ExecLog + logStdout/logStderr: {logged:8.1f} us   "
          f"ratio {logged / us['bare']:.2f}x bare")
    print(f"(mod_exec starts programs with vfork: against a bare vfork the "
          f"ratios are {hook / us['vfork']:.2f}x and {logged / us['vfork']:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
