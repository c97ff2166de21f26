"""``prxs shim``: check configs, list modules and run session scripts.

    prxs shim -t -c CONF          check CONF and exit like proftpd -t (0 or 1)
    prxs shim -l                  list the host's static modules
    prxs shim --list-loaded -c CONF
    prxs shim --script FILE|- -c CONF [--from ADDR] [--expect-ok]
    prxs shim --stamp mod_foo.so  print the target stamp the host would read

Every wait is bounded by ``--timeout`` (default 30 s): a module whose init()
loops, an ``Include`` of a FIFO, a handler that never answers.  On a timeout,
on Ctrl-C, and if prxs itself dies, the host and every process it started are
ended; prxs exits 1 naming the module or file the host was busy with.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import sys

from ..errors import PrxsError
from .checks import DEFAULT_TIMEOUT, check_config, list_loaded_modules, \
    list_static_modules
from .errors import ScriptExpectationFailed, SessionClosed, ShimConfigError, \
    ShimTimeout
from .server import Host

SCRIPT_HELP = """\
session script format (--script FILE, or - for stdin), one item a line:
  USER alice                 an FTP command; its reply is printed
  # comment                  blank lines and lines starting with # are skipped
  STOR name < file           upload a file's content (path relative to the script)
  STOR name <<< text         upload the text (plus a newline)
  @session [ADDR]            start a new session (from ADDR, default --from)
  ... => 331                 (at the end of any line above but a comment)
                             the final reply must have this code, else prxs
                             stops and exits 1 naming the line; 2xx, 5xx, ...
                             match a class ("PASS bad => 530", "NOOP => 2xx")
With --expect-ok, a line without "=> CODE" must not get a 4xx or 5xx reply
(nor a session banner); without it, replies are only printed (exit 0 unless
a session dies or a wait times out).

exit status: 0 ok; 1 a refused config, an unexpected reply, a timeout, a
crash or an interrupt (Ctrl-C); 2 usage error; 3 the host cannot be built.
"""

_EXPECT = re.compile(r"\s=>\s*([1-5](?:\d\d|xx))\s*$")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="prxs shim", description="Run modules in the prxs loader test shim.",
        epilog=SCRIPT_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("-t", "--configtest", action="store_true",
                      help="check the configuration and exit like proftpd -t")
    mode.add_argument("-l", "--list", action="store_true",
                      help="list the static (compiled-in) modules")
    mode.add_argument("--list-loaded", action="store_true",
                      help="load the configuration and list the loaded modules")
    mode.add_argument("--script", metavar="FILE",
                      help="run a session script (- for stdin); format below")
    mode.add_argument("--stamp", metavar="MODULE.so",
                      help="print the target stamp a module carries")
    p.add_argument("-c", "--config", metavar="CONF", help="the configuration file")
    p.add_argument("-d", "--debug", type=int, default=None, metavar="LEVEL",
                   help="debug level 0-10 (default: 0 for -t, 10 for --script)")
    p.add_argument("--from", dest="remote", default="127.0.0.1", metavar="ADDR",
                   help="the session's remote address (default 127.0.0.1)")
    p.add_argument("--timeout", type=_positive, default=DEFAULT_TIMEOUT,
                   metavar="SECONDS",
                   help="the longest wait for the host to load the configuration "
                        "and for each reply (default %(default)g)")
    p.add_argument("--expect-ok", action="store_true",
                   help="with --script: fail (exit 1) on any 4xx/5xx reply a "
                        "line does not expect with '=> CODE'")
    return p


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of "
                                         f"seconds, got {text!r}")
    return value


def _split_expect(line: str) -> tuple[str, str | None]:
    """``USER bob => 331`` -> (``USER bob``, ``331``)."""
    m = _EXPECT.search(line)
    if m is None:
        return line, None
    return line[:m.start()].rstrip(), m.group(1)


def _check_expect(lineno: int, cmd: str, expect: str | None, reply,
                  expect_ok: bool) -> None:
    code = reply.code
    if expect is not None:
        ok = code is not None and (str(code) == expect if expect[1:] != "xx"
                                   else str(code)[0] == expect[0])
        wanted = expect
    elif expect_ok:
        ok = code is not None and code < 400
        wanted = "a 1xx-3xx reply (--expect-ok)"
    else:
        return
    if not ok:
        got = (f"{code} {reply.text}" if code else
               (f"'{reply.text}' (no reply code)" if reply.lines else "no reply"))
        raise ScriptExpectationFailed(
            f"script line {lineno}: {cmd!r}: expected {wanted}, got {got}",
            hint="fix the module or the script's expectation ('=> CODE')")


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


def _open_session(host, addr, out, lineno, cmd, expect, expect_ok, timeout):
    session = host.session(addr, timeout=timeout)
    out.write(f"@ session from {session.remote_addr}\n")
    _print_reply(session.banner, out)
    _check_expect(lineno, cmd, expect, session.banner, expect_ok)
    return session


def _run_script(args, out) -> int:
    lines, base = _script_lines(args.script)
    debug = 10 if args.debug is None else args.debug
    state = {"doing": f"loading {args.config}"}
    host = Host(args.config, debug_level=debug, start_timeout=args.timeout)
    try:
        with host:
            session = None
            try:
                for lineno, raw in enumerate(lines, 1):
                    line = raw.strip()
                    if not line or line.startswith("#"):
                        continue
                    line, expect = _split_expect(line)
                    state["doing"] = f"running script line {lineno} ({line!r})"
                    if line.startswith("@session"):
                        words = shlex.split(line)
                        if session is not None:
                            session.close()
                        session = _open_session(
                            host, words[1] if len(words) > 1 else args.remote, out,
                            lineno, line, expect, args.expect_ok, args.timeout)
                        continue
                    if line.startswith("@"):
                        raise PrxsError(f"script line {lineno}: unknown directive "
                                        f"{line.split()[0]!r}",
                                        hint="use @session ADDR, or an FTP command")
                    if session is None:
                        session = _open_session(host, args.remote, out, lineno,
                                                "(session banner)", None,
                                                args.expect_ok, args.timeout)
                    cmd, data = _upload(line, base)
                    out.write(f"> {cmd}\n")
                    reply = session.command(cmd, data=data)
                    _print_reply(reply, out)
                    _check_expect(lineno, cmd, expect, reply, args.expect_ok)
                rc = 0
            except SessionClosed as exc:
                out.write(f"! {exc.message}\n")
                rc = 1
            except ScriptExpectationFailed as exc:
                out.write(f"! {exc.message}\n")
                out.write("--- host log ---\n")
                out.write(host.log_text())
                raise
            finally:
                if session is not None:
                    session.close()
            out.write("--- host log ---\n")
            out.write(host.log_text())
    except KeyboardInterrupt as exc:
        exc.shim_activity = getattr(exc, "shim_activity", None) or state["doing"]
        raise
    except ShimTimeout as exc:
        if state["doing"].startswith("running script line"):
            exc.message = (f"{state['doing']}: {exc.message}; stopped the shim "
                           "host and every process it started")
        if not exc.log:
            exc.log = host.log_text()
        raise
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


def _announce(line: str) -> None:
    sys.stderr.write(f"prxs shim: {line}\n")
    sys.stderr.flush()


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
    if args.expect_ok and not args.script:
        parser.print_usage(sys.stderr)
        sys.stderr.write("prxs shim: error: --expect-ok goes with --script\n")
        return 2
    try:
        from .build import host_binary
        host_binary(on_build=_announce)
        if args.list:
            out.write("Compiled-in modules:\n")
            for name in list_static_modules(timeout=args.timeout):
                out.write(f"  {name}\n")
            return 0
        if args.configtest or args.list_loaded:
            debug = args.debug or 0
            res = (check_config(args.config, debug_level=debug, timeout=args.timeout)
                   if args.configtest else
                   list_loaded_modules(args.config, debug_level=debug,
                                       timeout=args.timeout))
            out.write(res.stdout)
            sys.stderr.write(res.log)
            if res.problem is not None:
                sys.stderr.write(f"prxs shim: error: {res.problem}\n")
                return 1
            return res.exit_code
        return _run_script(args, out)
    except KeyboardInterrupt as exc:
        out.flush()
        doing = getattr(exc, "shim_activity", None)
        sys.stderr.write("\nprxs shim: error: interrupted"
                         + (f" while {doing}" if doing else "")
                         + "; stopped the shim host and every process it "
                         "started\n")
        return 1
    except ShimConfigError as exc:
        sys.stderr.write(exc.log)
        sys.stderr.write(f"prxs shim: error: {exc.message}\n")
        return 1
    except ShimTimeout as exc:
        out.flush()
        sys.stderr.write(exc.log)
        sys.stderr.write(f"prxs shim: error: {exc.message}\n")
        if exc.hint:
            sys.stderr.write(f"prxs shim: hint: {exc.hint}\n")
        return 1
    except PrxsError as exc:
        out.flush()
        sys.stderr.write(f"prxs shim: error: {exc.message}\n")
        if exc.hint:
            sys.stderr.write(f"prxs shim: hint: {exc.hint}\n")
        return exc.exit_code
    except OSError as exc:
        sys.stderr.write(f"prxs shim: error: {exc.filename or ''}: {exc.strerror}\n")
        return 1
