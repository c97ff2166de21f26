"""How an error reaches the user: the one handler behind ``prxs``, ``prxs shim``
and ``prxs ctl`` (and the text the setuptools hook hands to pip).

Library code raises ``PrxsError`` subclasses; this module maps each to its exit
code and prints, in this order, what the failing process or host said (the
compiler's output, the host's log), one ``error:`` line, the command for a
failed process, and a ``hint:`` line.
"""

from __future__ import annotations

import sys

from .errors import FailedProcessError, Interrupted, PrxsError


def as_prxs_error(exc: BaseException) -> PrxsError:
    """Ctrl-C and stray file-system errors as the typed errors the CLI reports;
    anything else is a bug and propagates (with its traceback)."""
    if isinstance(exc, PrxsError):
        return exc
    if isinstance(exc, KeyboardInterrupt):
        return Interrupted("interrupted")
    if isinstance(exc, OSError):
        # Last resort: a file system error no step turned into a PrxsError.
        what = f"{exc.filename}: {exc.strerror}" if exc.filename else \
            (exc.strerror or str(exc))
        return PrxsError(what, path=exc.filename,
                         hint="check the path and its permissions")
    raise exc


def error_lines(exc: PrxsError, prog: str = "prxs") -> list[str]:
    """The ``error:``, ``command:`` and ``hint:`` lines of one error."""
    lines = [f"{prog}: error: {exc.message}"]
    if isinstance(exc, FailedProcessError):
        from .runner import format_argv
        lines.append(f"{prog}: command: {format_argv(exc.argv)}")
    if exc.hint:
        lines.append(f"{prog}: hint: {exc.hint}")
    return lines


def report(exc: BaseException, prog: str = "prxs", *, stream=None) -> int:
    """Print ``exc`` for a human and return the exit code it maps to."""
    err = as_prxs_error(exc)
    stream = sys.stderr if stream is None else stream
    # First what the process or the host said, so the error line is last
    # but for the command and the hint.
    said = err.output if isinstance(err, FailedProcessError) else \
        getattr(err, "log", "") or ""
    if isinstance(said, str) and said:
        stream.write(said if said.endswith("\n") else said + "\n")
    for line in error_lines(err, prog):
        print(line, file=stream)
    stream.flush()
    return err.exit_code
