"""Session scripts: parsed once, run on any host (the shim or proftpd).

The format is ``prxs shim --script``'s (see ``SCRIPT_HELP``).  Running a
script emits transcript lines (``@ session from ADDR``, ``> CMD``, the replies,
``[data: N bytes]`` and ``| line`` for data, ``@ file PATH`` and its lines),
through a callback, so one run can print as it goes and another can be kept
for the differential check.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Callable

from ..errors import UsageError
from .errors import ScriptExpectationFailed, SessionClosed

__all__ = ["SCRIPT_HELP", "Step", "parse_script", "run_script", "reply_lines"]

SCRIPT_HELP = """\
session script format (--script FILE, or - for stdin), one item a line:
  USER alice                 an FTP command; its reply is printed
  # comment                  blank lines and lines starting with # are skipped
  STOR name < file           upload a file's content (path relative to the script)
  STOR name <<< text         upload the text (plus a newline)
  @session [ADDR]            start a new session (from ADDR, default --from)
  @session [ADDR] => closed  the server must end this session before its banner
                             (e.g. a module's session init fails, as mod_sql's
                             does without a backend)
  @file PATH                 after the sessions, show this file (e.g. a log a
                             module writes) or directory's entries (relative
                             to the script); with --host both it is compared
                             too, and put back as it was before each host's
                             run
  @restore PATH              with --host both: put this file or directory back
                             as it was before each host's run, not shown (state
                             a module keeps, e.g. a table or a log it appends to)
  ... => 331                 (at the end of any line above but a comment)
                             the final reply must have this code, else prxs
                             stops and exits 1 naming the line; 2xx, 5xx, ...
                             match a class ("PASS bad => 530", "NOOP => 2xx")
With --expect-ok, a line without "=> CODE" must not get a 4xx or 5xx reply
(nor a session banner); without it, replies are only printed (exit 0 unless
a session dies or a wait times out).
With --host both, the script runs on the shim, then on the installed proftpd
(same configuration); times, pids, ports and the hosts' temporary paths are
normalised, and a unified diff of the two transcripts is printed: exit 1 when
they differ.

exit status: 0 ok; 1 a refused config, an unexpected reply, a difference
between the hosts, a timeout, a crash or an interrupt (Ctrl-C); 2 usage
error; 3 the host cannot be built, or no proftpd for --host proftpd|both.
"""

_EXPECT = re.compile(r"\s=>\s*([1-5](?:\d\d|xx))\s*$")
_CLOSED = re.compile(r"\s=>\s*closed\s*$")


@dataclass(frozen=True)
class Step:
    """One script line: ``kind`` is "command", "session" (``text`` is the
    address, empty for the default), "file" or "restore" (``text`` is the
    path)."""

    lineno: int
    kind: str
    text: str
    data: bytes | None = None
    expect: str | None = None


def _split_expect(line: str) -> tuple[str, str | None]:
    """``USER bob => 331`` -> (``USER bob``, ``331``)."""
    m = _EXPECT.search(line)
    if m is None:
        return line, None
    return line[:m.start()].rstrip(), m.group(1)


def _upload(n: int, line: str, base: str) -> tuple[str, bytes | None]:
    """Split ``STOR x < file`` / ``STOR x <<< text`` into command and data."""
    if " <<< " in line:
        cmd, _, text = line.partition(" <<< ")
        return cmd, (text + "\n").encode()
    if " < " in line:
        cmd, _, name = line.partition(" < ")
        path = os.path.join(base, name.strip())
        try:
            with open(path, "rb") as f:
                return cmd, f.read()
        except OSError as exc:
            raise UsageError(f"script line {n}: cannot read the upload {path}: "
                             f"{exc.strerror}", hint="fix the path (relative to "
                             "the script's directory)") from None
    return line, None


def parse_script(lines: list[str], base: str) -> list[Step]:
    """Steps of a script; ``base`` is the directory relative paths start at."""
    steps = []
    for n, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@session") and _CLOSED.search(line):
            line, expect = line[:_CLOSED.search(line).start()].rstrip(), "closed"
        else:
            line, expect = _split_expect(line)
        if line.startswith("@"):
            word, _, rest = line.partition(" ")
            rest = rest.strip()
            if word == "@session" and len(rest.split()) <= 1:
                steps.append(Step(n, "session", rest, expect=expect))
            elif word in ("@file", "@restore") and rest and expect is None:
                steps.append(Step(n, word[1:], os.path.join(base, rest)))
            else:
                raise UsageError(f"script line {n}: unknown or malformed directive "
                                 f"{line!r}", hint="use @session [ADDR], "
                                 "@file PATH, @restore PATH, or an FTP command")
            continue
        cmd, data = _upload(n, line, base)
        steps.append(Step(n, "command", cmd, data, expect))
    return steps


def reply_lines(reply) -> list[str]:
    out = [f"{code} {text}" if code else text for code, text in reply.lines]
    if reply.data:
        out.append(f"[data: {len(reply.data)} bytes]")
        try:
            out += [f"| {ln}" for ln in reply.data.decode("utf-8").splitlines()]
        except UnicodeDecodeError:
            pass
    return out


def _check(step: Step, what: str, reply, expect_ok: bool) -> None:
    code, expect = reply.code, step.expect
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
            f"script line {step.lineno}: {what!r}: expected {wanted}, got {got}",
            hint="fix the module or the script's expectation ('=> CODE')")


def run_script(host, steps: list[Step], emit: Callable[[str], None], *,
               default_addr: str = "127.0.0.1", expect_ok: bool = False,
               timeout: float = 30.0,
               doing: Callable[[str], None] = lambda s: None) -> int:
    """Run the steps on a started host; returns 1 when a session died (the
    transcript says how), else 0.  Raises ScriptExpectationFailed."""
    session = None
    rc = 0

    def open_session(step: Step | None, addr: str):
        s = host.session(addr, timeout=timeout)
        emit(f"@ session from {s.remote_addr}")
        for ln in reply_lines(s.banner):
            emit(ln)
        if step is not None:
            _check(step, "(session banner)", s.banner, expect_ok)
        elif expect_ok:
            _check(Step(0, "session", addr), "(session banner)", s.banner, True)
        return s

    try:
        for step in steps:
            if step.kind in ("file", "restore"):
                continue
            doing(f"running script line {step.lineno} ({step.text!r})")
            if step.kind == "session":
                if session is not None:
                    session.close()
                    session = None
                if step.expect == "closed":
                    _refused(host, step, step.text or default_addr, emit, timeout)
                    continue
                session = open_session(step, step.text or default_addr)
                continue
            if session is None:
                session = open_session(None, default_addr)
            emit(f"> {step.text}")
            reply = session.command(step.text, data=step.data)
            for ln in reply_lines(reply):
                emit(ln)
            _check(step, step.text, reply, expect_ok)
    except SessionClosed as exc:
        emit(f"! {exc.message}")
        rc = 1
    finally:
        if session is not None:
            session.close()
    for step in steps:
        if step.kind == "file":
            _show(step.text, emit)
    return rc


def _refused(host, step: Step, addr: str, emit: Callable[[str], None],
             timeout: float) -> None:
    """``@session => closed``: the session must end before its banner."""
    try:
        s = host.session(addr, timeout=timeout)
    except SessionClosed as exc:
        emit(f"! {exc.message} (expected)")
        return
    emit(f"@ session from {s.remote_addr}")
    for ln in reply_lines(s.banner):
        emit(ln)
    s.close()
    raise ScriptExpectationFailed(
        f"script line {step.lineno}: '@session': expected the server to end the "
        f"session before its banner, got {s.banner.code} {s.banner.text}",
        hint="fix the module or the script's expectation")


def _show(path: str, emit: Callable[[str], None]) -> None:
    """A file's lines, or a directory's entries (type, size, owner; sorted)."""
    emit(f"@ file {path}")
    if os.path.isdir(path):
        for root, dirs, names in os.walk(path):
            dirs.sort()
            for name in sorted(dirs + names):
                full = os.path.join(root, name)
                st = os.lstat(full)
                kind = "d" if os.path.isdir(full) else \
                    "l" if os.path.islink(full) else "f"
                size = "" if kind == "d" else f" {st.st_size}"
                emit(f"| {kind} {os.path.relpath(full, path)}{size} "
                     f"{st.st_uid}:{st.st_gid} {st.st_mode & 0o7777:o}")
        return
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for ln in f.read().splitlines():
                emit(f"| {ln}")
    except OSError as exc:
        emit(f"! {exc.strerror}")
