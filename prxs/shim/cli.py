"""``prxs shim``: check configs, list modules and run session scripts.

    prxs shim -t -c CONF          check CONF and exit like proftpd -t (0 or 1)
    prxs shim -l                  list the host's static modules
    prxs shim --list-loaded -c CONF
    prxs shim --script FILE|- -c CONF [--from ADDR]
    prxs shim --stamp mod_foo.so  print the target stamp the host would read

A session script is one FTP command a line (``USER alice``, ``SITE HELLO``);
``#`` starts a comment; ``STOR name < file`` uploads a file's content and
``STOR name <<< text`` uploads the text; ``@session ADDR`` starts a new
session from ADDR.  Replies are printed as they come, then the host's log.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys

from ..errors import PrxsError
from .checks import check_config, list_loaded_modules, list_static_modules
from .errors import SessionClosed, ShimConfigError
from .server import Host


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="prxs shim", description="Run modules in the prxs loader test shim.")
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("-t", "--configtest", action="store_true",
                      help="check the configuration and exit like proftpd -t")
    mode.add_argument("-l", "--list", action="store_true",
                      help="list the static (compiled-in) modules")
    mode.add_argument("--list-loaded", action="store_true",
                      help="load the configuration and list the loaded modules")
    mode.add_argument("--script", metavar="FILE",
                      help="run a session script (- for stdin)")
    mode.add_argument("--stamp", metavar="MODULE.so",
                      help="print the target stamp a module carries")
    p.add_argument("-c", "--config", metavar="CONF", help="the configuration file")
    p.add_argument("-d", "--debug", type=int, default=None, metavar="LEVEL",
                   help="debug level 0-10 (default: 0 for -t, 10 for --script)")
    p.add_argument("--from", dest="remote", default="127.0.0.1", metavar="ADDR",
                   help="the session's remote address (default 127.0.0.1)")
    return p


def _print_reply(reply, out) -> None:
    for code, text in reply.lines:
        out.write(f"{code} {text}\n" if code else f"{text}\n")
    if reply.data:
        out.write(f"[data: {len(reply.data)} bytes]\n")
        try:
            for line in reply.data.decode("utf-8").splitlines():
                out.write(f"| {line}\n")
        except UnicodeDecodeError:
            pass


def _script_lines(path: str) -> tuple[list[str], str]:
    if path == "-":
        return sys.stdin.read().splitlines(), os.getcwd()
    with open(path, encoding="utf-8") as f:
        return f.read().splitlines(), os.path.dirname(os.path.abspath(path))


def _upload(line: str, base: str) -> tuple[str, bytes | None]:
    """Split ``STOR x < file`` / ``STOR x <<< text`` into command and data."""
    if " <<< " in line:
        cmd, _, text = line.partition(" <<< ")
        return cmd, (text + "\n").encode()
    if " < " in line:
        cmd, _, name = line.partition(" < ")
        path = os.path.join(base, name.strip())
        with open(path, "rb") as f:
            return cmd, f.read()
    return line, None


def _run_script(args, out) -> int:
    lines, base = _script_lines(args.script)
    debug = 10 if args.debug is None else args.debug
    with Host(args.config, debug_level=debug) as host:
        session = None
        try:
            for lineno, raw in enumerate(lines, 1):
                line = raw.strip()
                if not line or line.startswith("#"):
                    continue
                if line.startswith("@session"):
                    words = shlex.split(line)
                    if session is not None:
                        session.close()
                    session = host.session(words[1] if len(words) > 1 else args.remote)
                    out.write(f"@ session from {session.remote_addr}\n")
                    _print_reply(session.banner, out)
                    continue
                if line.startswith("@"):
                    raise PrxsError(f"script line {lineno}: unknown directive "
                                    f"{line.split()[0]!r}",
                                    hint="use @session ADDR, or an FTP command")
                if session is None:
                    session = host.session(args.remote)
                    out.write(f"@ session from {session.remote_addr}\n")
                    _print_reply(session.banner, out)
                cmd, data = _upload(line, base)
                out.write(f"> {cmd}\n")
                _print_reply(session.command(cmd, data=data), out)
            rc = 0
        except SessionClosed as exc:
            out.write(f"! {exc.message}\n")
            rc = 1
        finally:
            if session is not None:
                session.close()
        out.write("--- host log ---\n")
        out.write(host.log_text())
    return rc


def _print_stamp(path: str, out) -> int:
    import subprocess

    from .build import host_binary
    try:
        res = subprocess.run([host_binary(), "--stamp", path], capture_output=True,
                             text=True, stdin=subprocess.DEVNULL)
    except PrxsError as exc:
        sys.stderr.write(f"prxs shim: error: {exc.message}\n")
        return exc.exit_code
    out.write(res.stdout)
    if res.returncode != 0:
        sys.stderr.write(f"prxs shim: {res.stderr}")
    return 0 if res.returncode == 0 else 1


def main(argv: list[str]) -> int:
    """Entry point for ``prxs shim ARGS``; returns the exit code."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) and 2
    out = sys.stdout
    if args.stamp:
        return _print_stamp(args.stamp, out)
    if not args.list and not args.config:
        parser.print_usage(sys.stderr)
        sys.stderr.write("prxs shim: error: -c CONF is required\n")
        return 2
    if args.config and not os.path.exists(args.config):
        sys.stderr.write(f"prxs shim: error: configuration file "
                         f"'{args.config}' not found\n")
        return 2
    try:
        if args.list:
            out.write("Compiled-in modules:\n")
            for name in list_static_modules():
                out.write(f"  {name}\n")
            return 0
        if args.configtest or args.list_loaded:
            debug = args.debug or 0
            res = (check_config(args.config, debug_level=debug) if args.configtest
                   else list_loaded_modules(args.config, debug_level=debug))
            out.write(res.stdout)
            sys.stderr.write(res.log)
            if res.exit_code < 0:
                sys.stderr.write(f"prxs shim: error: the host was killed by signal "
                                 f"{-res.exit_code} while loading {args.config} "
                                 "(a module crashed; see the log above)\n")
                return 1
            return res.exit_code
        return _run_script(args, out)
    except ShimConfigError as exc:
        sys.stderr.write(exc.log)
        sys.stderr.write(f"prxs shim: error: {exc.message}\n")
        return 1
    except PrxsError as exc:
        sys.stderr.write(f"prxs shim: error: {exc.message}\n")
        if exc.hint:
            sys.stderr.write(f"prxs shim: hint: {exc.hint}\n")
        return exc.exit_code
    except OSError as exc:
        sys.stderr.write(f"prxs shim: error: {exc.filename or ''}: {exc.strerror}\n")
        return 1
