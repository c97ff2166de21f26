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
import sys

from ..errors import CommandTimeout, PrxsError, UsageError
from ..report import report
from ..runner import Runner
from .oneshot import DEFAULT_TIMEOUT, check_config, list_loaded_modules, \
    list_static_modules
from .errors import ScriptExpectationFailed, ShimError, ShimTimeout
from .host import Host
from .script import SCRIPT_HELP, parse_script, run_script

PROG = "prxs shim"


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
    p.add_argument("--host", choices=("shim", "proftpd", "both"), default="shim",
                   help="where --script and -t run: the shim (default), the "
                        "installed proftpd as a throw-away instance, or both, "
                        "comparing their transcripts (exit 1 when they differ)")
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


def _script_lines(path: str) -> tuple[list[str], str]:
    if path == "-":
        return sys.stdin.read().splitlines(), os.getcwd()
    with open(path, encoding="utf-8") as f:
        return f.read().splitlines(), os.path.dirname(os.path.abspath(path))


def _host_classes(kind: str):
    from .realhost import RealHost
    pairs = (("shim", Host), ("proftpd", RealHost))
    return [(k, c) for k, c in pairs if kind in (k, "both")]


def _run_script(args, out) -> int:
    lines, base = _script_lines(args.script)
    steps = parse_script(lines, base)
    debug = 10 if args.debug is None else args.debug
    if args.host == "both":
        return _run_both(args, steps, debug, out)
    state = {"doing": f"loading {args.config}"}
    cls = _host_classes(args.host)[0][1]
    if cls is not Host:
        from .realhost import find_proftpd
        find_proftpd()
    host = cls(args.config, debug_level=debug, start_timeout=args.timeout)

    def emit(line: str) -> None:
        out.write(line + "\n")

    def doing(what: str) -> None:
        state["doing"] = what

    try:
        with host:
            try:
                rc = run_script(host, steps, emit, default_addr=args.remote,
                                expect_ok=args.expect_ok, timeout=args.timeout,
                                doing=doing)
            except ScriptExpectationFailed as exc:
                out.write(f"! {exc.message}\n")
                out.write("--- host log ---\n")
                out.write(host.log_text())
                raise
            out.write("--- host log ---\n")
            out.write(host.log_text())
    except KeyboardInterrupt as exc:
        exc.shim_activity = getattr(exc, "shim_activity", None) or state["doing"]
        raise
    except ShimTimeout as exc:
        if state["doing"].startswith("running script line"):
            exc.message = (f"{state['doing']}: {exc.message}; stopped the "
                           f"{'shim host' if cls is Host else 'proftpd instance'} "
                           "and every process it started")
        if not getattr(exc, "log", None):
            exc.log = host.log_text()
        raise
    return rc


def _run_both(args, steps, debug: int, out) -> int:
    """The differential check: the script on the shim, then on proftpd."""
    from .differential import compare, normalise, run_on_hosts
    from .realhost import find_proftpd
    find_proftpd()
    runs = run_on_hosts(args.config, steps, _host_classes("both"),
                        default_addr=args.remote, expect_ok=args.expect_ok,
                        timeout=args.timeout, debug_level=debug)
    shim, real = (normalise(r.lines, r.temp_dirs) for r in runs)
    diff = compare(shim, real)
    for line in diff or shim:
        out.write(line + "\n")
    if not diff:
        out.write("=== the shim and proftpd answered the same\n")
    for run in runs:
        if run.failure:
            where = "the shim" if run.kind == "shim" else run.kind
            sys.stderr.write(f"prxs shim: error: on {where}: {run.failure}\n")
    if diff:
        sys.stderr.write("prxs shim: error: the shim and proftpd differ (above: - "
                         "the shim, + proftpd); a difference is a shim defect unless "
                         "proftpd's own behaviour is at fault\n")
        return 1
    return max(r.rc for r in runs)


def _proftpd_configtest(config: str, timeout: float) -> int:
    from .realhost import find_proftpd
    try:
        rec = Runner().capture([find_proftpd(), "-t", "-c", config],
                               step="proftpd -t", timeout=timeout, new_session=True)
    except CommandTimeout:
        raise ShimTimeout(f"proftpd -t did not finish within {timeout:g}s on "
                          f"{config}", hint="a module's init() may be blocked; "
                          "raise --timeout if it is only slow") from None
    sys.stdout.write(rec.stdout)
    sys.stderr.write(rec.stderr)
    return 0 if rec.returncode == 0 else 1


def _print_stamp(path: str, out, timeout: float) -> int:
    from .hostbuild import host_binary
    rec = Runner().capture([host_binary(), "--stamp", path], step="shim --stamp",
                           timeout=timeout)
    out.write(rec.stdout)
    if rec.returncode != 0:
        sys.stderr.write(f"prxs shim: {rec.stderr}")
    return 0 if rec.returncode == 0 else 1


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
    try:
        _check_usage(parser, args)
        if args.stamp:
            return _print_stamp(args.stamp, out, args.timeout)
        from .hostbuild import host_binary
        host_binary(on_build=_announce)
        if args.list:
            out.write("Compiled-in modules:\n")
            for name in list_static_modules(timeout=args.timeout):
                out.write(f"  {name}\n")
            return 0
        if args.configtest and args.host != "shim":
            return _configtest_on_proftpd(args, out)
        if args.configtest or args.list_loaded:
            debug = args.debug or 0
            res = (check_config(args.config, debug_level=debug, timeout=args.timeout)
                   if args.configtest else
                   list_loaded_modules(args.config, debug_level=debug,
                                       timeout=args.timeout))
            out.write(res.stdout)
            sys.stderr.write(res.log)
            if res.problem is not None:
                raise ShimError(res.problem, step="shim")
            return res.exit_code
        return _run_script(args, out)
    except KeyboardInterrupt as exc:
        out.flush()
        doing = getattr(exc, "shim_activity", None)
        sys.stderr.write("\n")
        return report(ShimError("interrupted" + (f" while {doing}" if doing else "")
                                + "; stopped the shim host and every process it "
                                "started", step="shim"), PROG)
    except (PrxsError, OSError) as exc:
        out.flush()
        return report(exc, PROG)


def _configtest_on_proftpd(args, out) -> int:
    """``-t --host proftpd|both``: the real server's verdict (and, for both,
    the shim's first; differing verdicts are an error)."""
    rcs = {}
    if args.host == "both":
        out.write("=== shim\n")
        out.flush()
        res = check_config(args.config, debug_level=args.debug or 0,
                           timeout=args.timeout)
        out.write(res.stdout)
        sys.stderr.write(res.log)
        rcs["shim"] = 1 if res.problem is not None else res.exit_code
        out.write("=== proftpd\n")
        out.flush()
    rcs["proftpd"] = _proftpd_configtest(args.config, args.timeout)
    if len(rcs) == 2 and rcs["shim"] != rcs["proftpd"]:
        sys.stderr.write(f"prxs shim: error: the verdicts differ: the shim "
                         f"exits {rcs['shim']}, proftpd -t {rcs['proftpd']}\n")
        return 1
    return rcs["proftpd"]


def _check_usage(parser: argparse.ArgumentParser, args) -> None:
    """What argparse cannot say: options that go together."""
    if args.stamp:
        return
    if args.config and not os.path.exists(args.config):
        raise UsageError(f"configuration file '{args.config}' not found",
                         step="options", path=args.config)
    for wrong, what in ((not args.list and not args.config, "-c CONF is required"),
                        (args.host != "shim" and not (args.script or args.configtest),
                         "--host goes with --script or -t"),
                        (args.expect_ok and not args.script,
                         "--expect-ok goes with --script")):
        if wrong:
            parser.print_usage(sys.stderr)
            raise UsageError(what, step="options")
