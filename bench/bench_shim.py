"""Shim host throughput, printed as figures (not a timed test).

    python bench/bench_shim.py [--seconds S] [--modules N]

* modules loaded per second: N distinct modules through LoadModule in one
  ``-t`` config check (minus an empty check), and load+unload cycles through
  the host's control channel (stamp read, dlopen, init, unload, dlclose);
* commands dispatched per second through one session (NOOP, and SITE HELLO
  going through mod_hello's CMD handler), round trip included.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from prxs.shim import Host, check_config, host_binary  # noqa: E402
from prxs.shim.testing import build_with_gcc, build_with_prxs  # noqa: E402

TEMPLATE = """#include "conf.h"
module {name}_module;
MODRET {name}_site(cmd_rec *cmd) {{
  if (cmd->argc < 2 || strcasecmp(cmd->argv[1], "{name}") != 0) {{
    return PR_DECLINED(cmd);
  }}
  pr_response_add(R_200, "{name}");
  return PR_HANDLED(cmd);
}}
static cmdtable {name}_cmdtab[] = {{
  {{ CMD, C_SITE, G_NONE, {name}_site, FALSE, FALSE, CL_MISC }},
  {{ 0, NULL }}
}};
static int {name}_init(void) {{ return 0; }}
module {name}_module = {{ NULL, NULL, 0x20, "{name}", NULL, {name}_cmdtab,
  NULL, {name}_init, NULL, "mod_{name}/0.1" }};
"""


def make_modules(d: Path, n: int) -> list[str]:
    d.mkdir(parents=True, exist_ok=True)
    os.chmod(d, 0o755)
    names = []
    for i in range(n):
        name = f"b{i}"
        src = d / f"mod_{name}.c"
        src.write_text(TEMPLATE.format(name=name))
        build_with_gcc(src, d)
        names.append(f"mod_{name}.c")
    return names


def best_of(fn, runs: int = 5) -> float:
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def rate(fn, seconds: float) -> tuple[int, float]:
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        fn()
        n += 1
    return n, time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=2.0)
    ap.add_argument("--modules", type=int, default=20)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="prxs-bench-") as tmp:
        d = Path(tmp)
        os.chmod(d, 0o755)
        host_binary()
        names = make_modules(d / "mods", args.modules)
        build_with_prxs(ROOT / "sample_modules" / "mod_hello.c", d / "mods")

        empty = d / "empty.conf"
        empty.write_text(f"ModulePath {d / 'mods'}\n")
        full = d / "full.conf"
        full.write_text(f"ModulePath {d / 'mods'}\n" +
                        "".join(f"LoadModule {n}\n" for n in names))
        assert check_config(str(full)).exit_code == 0
        t_empty = best_of(lambda: check_config(str(empty)))
        t_full = best_of(lambda: check_config(str(full)))
        per_module = (t_full - t_empty) / len(names)

        conf = d / "hello.conf"
        sock = d / "ctl.sock"
        conf.write_text(f"ModulePath {d / 'mods'}\nLoadModule mod_hello.c\n"
                        f"ControlsSocket {sock}\nModuleControlsACLs all allow user *\n")
        with Host(conf, workdir=d / "host", debug_level=0) as host:
            def cycle():
                assert host.load_module(names[0]).endswith("loaded")
                assert host.unload_module(names[0]).endswith("unloaded")
            cycles, secs = rate(cycle, args.seconds)

            from prxs.shim.ctl import Client
            client = Client(str(sock))
            ctl_times = sorted(client.request("lsmod").seconds for _ in range(200))
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "prxs", "ctl", "-s", str(sock), "lsmod"],
                           stdout=subprocess.DEVNULL, check=True)
            ctl_cli = time.perf_counter() - start

            with host.session() as s:
                noops, noop_secs = rate(lambda: s.command("NOOP"), args.seconds)
                hellos, hello_secs = rate(lambda: s.command("SITE HELLO x"),
                                          args.seconds)

    print(f"host -t, empty config:                {t_empty * 1e3:8.2f} ms")
    print(f"host -t, {len(names)} LoadModule lines:         {t_full * 1e3:8.2f} ms")
    print(f"modules loaded per second (-t):       {1 / per_module:8.0f}"
          f"   ({per_module * 1e6:.0f} us each: stamp, dlopen, init)")
    print(f"load+unload cycles per second (ctl):  {cycles / secs:8.0f}")
    print(f"controls lsmod round trip (median):   {ctl_times[100] * 1e3:8.2f} ms"
          f"   (p99 {ctl_times[197] * 1e3:.2f} ms)")
    print(f"prxs ctl lsmod, end to end:           {ctl_cli * 1e3:8.2f} ms"
          "   (the real ftpdctl: ~1.4 s with ControlsInterval)")
    print(f"commands per second, NOOP:            {noops / noop_secs:8.0f}")
    print(f"commands per second, SITE HELLO:      {hellos / hello_secs:8.0f}")
    print(f"ratio NOOP / SITE HELLO:              {(noops / noop_secs) / (hellos / hello_secs):8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
