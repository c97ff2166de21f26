"""``prxs ctl -s SOCKET insmod|lsmod|rmmod ...``: the command line of the
Controls client (the client itself, a library, is ctl.py)."""

from __future__ import annotations

import argparse
import json
import sys

from ..errors import PrxsError, UsageError
from ..report import report
from .ctl import Client, hint_for


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="prxs ctl",
        description="Send a control action to a shim host's (or proftpd's) "
                    "Controls socket: insmod MODULE..., lsmod, rmmod MODULE...",
        epilog="Exit status: 0 ok, 1 the host answered with an error, "
               "2 usage, 3 the socket could not be reached.")
    p.add_argument("-s", "--socket", required=True,
                   help="the Controls socket (ControlsSocket in the config)")
    p.add_argument("-t", "--timeout", type=float, default=10.0,
                   help="seconds to wait for the reply (default 10, the real "
                        "server's default ControlsInterval)")
    p.add_argument("--json", action="store_true",
                   help="print the reply as JSON")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="also print the status and the time taken")
    p.add_argument("action", help="insmod, lsmod or rmmod")
    p.add_argument("args", nargs="*", help="module names (mod_foo.c)")
    return p


def main(argv: list[str]) -> int:
    """Entry point for ``prxs ctl ARGS``; returns the exit code."""
    parser = _parser()
    try:
        opts = parser.parse_args(argv)
    except SystemExit as exc:
        return 0 if exc.code == 0 else UsageError.exit_code
    try:
        reply = Client(opts.socket, timeout=opts.timeout).request(
            opts.action, *opts.args)
    except PrxsError as exc:
        if not opts.json:
            return report(exc)
        json.dump({"ok": False, "error": exc.to_dict()}, sys.stdout)
        sys.stdout.write("\n")
        return exc.exit_code
    if opts.json:
        json.dump(reply.to_dict(), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        for line in reply.lines:
            print(line)
        if opts.verbose:
            print(f"prxs ctl: status {reply.status}, {reply.seconds * 1000:.1f} ms",
                  file=sys.stderr)
        hint = None if reply.ok else hint_for(reply.lines)
        if hint:
            print(f"prxs: hint: {hint}", file=sys.stderr)
    return 0 if reply.ok else 1
