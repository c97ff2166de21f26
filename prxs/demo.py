"""The main job: build every sample module with prxs and run it in the hosts.

    python -m prxs.demo [--samples DIR] [--workdir DIR] [--keep]

Each module in sample_modules/ (C or Cython) is built with ``prxs -c``, loaded
by a shim host through ModulePath/LoadModule as mod_dso would load it, and
exercised in a session: login, then the module's own commands.  Then the
same binaries (one binary, two hosts) run in a throw-away instance of the
installed proftpd, when there is one and the demo runs as root.  Replies and
the hosts' logs are printed; the exit status is non-zero if a build, a load
or an expected reply fails.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from .errors import FailedProcessError, PrxsError
from .report import error_lines, report
from .runner import Runner

# What each known sample needs in the config and what to send it.
DEMOS = {
    "mod_hello": (['HelloGreeting "Howdy"'], ["SITE HELLO prxs"]),
    "mod_pyhello": (['PyHelloGreeting "Hi"'], ["SITE PYHELLO prxs", "SITE PYJSON"]),
    "mod_cap": (["CapabilitiesEngine on"], []),
    "mod_exec": (["ExecEngine on", "ExecLog {workdir}/exec.log",
                  "ExecOptions logStdout",
                  'ExecOnCommand SITE /bin/echo "%u ran \'%r\' from %a"'], []),
}


def _capabilities(pid: int) -> str:
    """The Cap*/Uid lines of a process, as mod_cap left them."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            return " ".join(line.split(":", 1)[0] + "=" + line.split()[1]
                            for line in f if line.startswith(("CapPrm", "CapEff", "Uid")))
    except OSError as exc:
        return f"(cannot read /proc/{pid}/status: {exc.strerror})"


def _samples_dir() -> Path:
    """``prxs/sample_modules``: a link to the top-level ``sample_modules/`` in a
    checkout, package data once installed (so the demo runs from a wheel)."""
    return Path(__file__).resolve().parent / "sample_modules"


def build_all(samples: Path, dest: Path) -> list[str]:
    dest.mkdir(parents=True, exist_ok=True)
    os.chmod(dest, 0o755)
    names = []
    for src in sorted(samples.iterdir()):
        if not (src.name.startswith("mod_") and src.suffix in (".c", ".pyx")):
            continue
        shutil.copy(src, dest / src.name)
        # The shim loads SDK builds: pinned, whether or not ProFTPD is installed.
        argv = [sys.executable, "-m", "prxs", "-c", "-v", "--target", "sdk", src.name]
        print(f"\n$ prxs -c -v --target sdk {src.name}", flush=True)
        rec = Runner().capture(argv, step="prxs -c", cwd=str(dest), timeout=600)
        sys.stdout.write(rec.stdout)
        sys.stderr.write(rec.stderr)
        if rec.returncode != 0:
            # Its output is above already: the error carries it for callers.
            raise FailedProcessError(
                f"building {src.name} failed (exit {rec.returncode})", argv=argv,
                returncode=rec.returncode, stdout=rec.stdout, stderr=rec.stderr,
                step="prxs -c", path=str(dest / src.name))
        names.append(src.stem)
    return names


def _converse(session, commands: list[str]) -> int:
    """Log in, send the commands, print each exchange; returns how many
    replies were failures (4xx/5xx or none)."""
    failures = 0
    for cmd, reply in [("USER demo / PASS demo", session.login("demo", "demo"))] + \
            [(c, session.command(c)) for c in commands]:
        print(f"> {cmd}\n" + "\n".join(f"< {c} {t}" for c, t in reply.lines),
              flush=True)
        if reply.code is None or reply.code >= 400:
            failures += 1
    return failures


def run_demo(names: list[str], modules: Path, workdir: Path) -> int:
    from .shim import Host
    from .shim.passwd import write_passwd
    home = workdir / "home" / "demo"
    home.mkdir(parents=True, exist_ok=True)
    uid = 4242 if os.geteuid() == 0 else os.geteuid()
    gid = 4242 if os.geteuid() == 0 else os.getegid()
    if os.geteuid() == 0:
        os.chown(home, uid, gid)
    passwd = write_passwd(str(workdir / "ftpd.passwd"),
                          {"demo": {"password": "demo", "uid": uid, "gid": gid,
                                    "home": str(home)}})
    lines = ['ServerName "prxs demo"', f"ModulePath {modules}",
             f"AuthUserFile {passwd}"]
    lines += [f"LoadModule {n}.c" for n in names]
    commands = []
    for n in names:
        conf, cmds = DEMOS.get(n, ([], []))
        lines += [c.replace("{workdir}", str(workdir)) for c in conf]
        commands += cmds
    config = "\n".join(lines) + "\n"
    print("\n--- proftpd.conf ---\n" + config, flush=True)
    failures = 0
    with Host(config_text=config, workdir=workdir / "host") as host:
        print("loaded modules: " + ", ".join(host.modules()), flush=True)
        with host.session("127.0.0.1") as s:
            failures += _converse(s, commands)
            if "mod_cap" in names:
                print(f"session {s.pid} after login: {_capabilities(s.pid)}  "
                      f"(host {host.pid}: {_capabilities(host.pid)})", flush=True)
            s.quit()
        print("\n--- host log (last lines) ---")
        for line in host.log_lines()[-20:]:
            print(line)
    exec_log = workdir / "exec.log"
    if exec_log.exists():
        print("\n--- ExecLog ---\n" + exec_log.read_text().rstrip())
    failures += run_on_proftpd(names, modules, workdir)
    return 1 if failures else 0


# On the real server: the modules it does not already have built in (Debian's
# proftpd has mod_cap compiled in, so LoadModule mod_cap.c would be a
# duplicate there).
REAL_DEMOS = ("mod_hello", "mod_exec")


def run_on_proftpd(names: list[str], modules: Path, workdir: Path) -> int:
    """The same .so files in the installed proftpd; returns the failures."""
    from .shim.realhost import ProftpdMissing, find_proftpd
    print("\n=== the same binaries in the real proftpd ===", flush=True)
    try:
        find_proftpd()
    except ProftpdMissing as exc:
        print(f"skipped: {exc.message}", flush=True)
        return 0
    if os.geteuid() != 0:
        print("skipped: the real server switches to the session user, which "
              "needs root", flush=True)
        return 0
    chosen = [n for n in REAL_DEMOS if n in names]
    # The real server chdirs into the user's home as that user: it must be
    # reachable by uid 4242 wherever the work directory is.
    homes = Path(tempfile.mkdtemp(prefix="prxs-demo-home-"))
    os.chmod(homes, 0o711)
    (homes / "demo").mkdir()
    os.chown(homes / "demo", 4242, 4242)
    from .shim.passwd import write_passwd
    passwd = write_passwd(str(workdir / "ftpd-real.passwd"), {"demo": {
        "password": "demo", "uid": 4242, "gid": 4242, "home": str(homes / "demo")}})
    try:
        return _real_session(chosen, modules, workdir, passwd)
    finally:
        shutil.rmtree(homes, ignore_errors=True)


def _real_session(chosen: list[str], modules: Path, workdir: Path, passwd: str) -> int:
    from .shim.realhost import RealHost
    lines = ['ServerName "prxs demo"', f"ModulePath {modules}",
             f"AuthUserFile {passwd}"] + [f"LoadModule {n}.c" for n in chosen]
    commands = []
    for n in chosen:
        conf, cmds = DEMOS[n]
        lines += [c.replace("{workdir}", str(workdir)).replace("exec.log", "exec-real.log")
                  for c in conf]
        commands += cmds
    failures = 0
    with RealHost(config_text="\n".join(lines) + "\n",
                  workdir=workdir / "proftpd") as host:
        with host.session("127.0.0.1") as s:
            failures += _converse(s, commands)
            s.quit()
        print("\n--- proftpd log (last lines) ---")
        for line in host.log_lines()[-8:]:
            print(line)
    exec_log = workdir / "exec-real.log"
    if exec_log.exists():
        print("\n--- ExecLog (proftpd) ---\n" + exec_log.read_text().rstrip())
    return failures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m prxs.demo", description=__doc__.splitlines()[0])
    ap.add_argument("--samples", type=Path, default=_samples_dir())
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    args = ap.parse_args(argv)
    if not args.samples.is_dir():
        print(f"demo: no sample modules at {args.samples}; pass --samples DIR", file=sys.stderr)
        return 2
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="prxs-demo-"))
    os.chmod(workdir, 0o755)
    try:
        names = build_all(args.samples, workdir / "modules")
        code = run_demo(names, workdir / "modules", workdir)
    except FailedProcessError as exc:
        # The build's output is printed above already: not again.
        print("\n".join(error_lines(exc, "demo")), file=sys.stderr)
        return exc.exit_code
    except PrxsError as exc:
        return report(exc, "demo")
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print("\ndemo: " + ("ok" if code == 0 else "FAILED"))
    return code


if __name__ == "__main__":
    sys.exit(main())
