"""The two hosts side by side: the shim and a throw-away proftpd.

    python bench/bench_hosts.py [--rounds N]

For each host, one round is: start the host with mod_hello loaded, open a
session, log in, SITE HELLO, QUIT, stop the host.  Rounds alternate between
the hosts (so machine noise hits both alike); the medians and their ratio are
printed, and a second figure for a session alone on a running host.
Needs root (the real server switches to the test user) and an installed
proftpd with headers.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from prxs.shim import Host  # noqa: E402
from prxs.shim.passwd import write_passwd  # noqa: E402
from prxs.shim.realhost import RealHost  # noqa: E402
from prxs.shim.testing import build_with_prxs  # noqa: E402


def session(host) -> None:
    with host.session() as s:
        assert s.login("alice", "secret").code == 230
        assert s.command("SITE HELLO bench").code == 200
        s.quit()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=15)
    args = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("bench_hosts: needs root (the real server switches users)")
    work = Path(tempfile.mkdtemp(prefix="prxs-bench-hosts-"))
    os.chmod(work, 0o755)
    try:
        src = ROOT / "sample_modules" / "mod_hello.c"
        mods = {Host: build_with_prxs(src, work / "sdk"),
                RealHost: build_with_prxs(src, work / "real", "--target", "proftpd")}
        home = work / "home" / "alice"
        home.mkdir(parents=True)
        os.chmod(work / "home", 0o711)
        os.chown(home, 4242, 4242)
        write_passwd(str(work / "passwd"), {"alice": {
            "password": "secret", "uid": 4242, "gid": 4242, "home": str(home)}})
        confs = {cls: (f"ServerName bench\nModulePath {d}\nLoadModule mod_hello.c\n"
                       f"AuthUserFile {work / 'passwd'}\n")
                 for cls, d in mods.items()}
        # Warm up: the shim host binary is built once and cached.
        for cls in mods:
            with cls(config_text=confs[cls], workdir=work / "warm") as h:
                session(h)
        full = {cls: [] for cls in mods}
        alone = {cls: [] for cls in mods}
        for i in range(args.rounds):
            for cls in mods:
                t0 = time.perf_counter()
                with cls(config_text=confs[cls], workdir=work / f"r{i}") as h:
                    t1 = time.perf_counter()
                    session(h)
                    alone[cls].append(time.perf_counter() - t1)
                full[cls].append(time.perf_counter() - t0)
        print(f"{'':34} {'shim':>10} {'proftpd':>10} {'shim/proftpd':>13}")
        for label, data in (("start + login + command + stop", full),
                            ("session alone (running host)", alone)):
            s, r = (statistics.median(data[c]) * 1000 for c in (Host, RealHost))
            print(f"{label:34} {s:8.1f}ms {r:8.1f}ms {s / r:12.2f}x")
        print(f"({args.rounds} alternating rounds, medians)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
