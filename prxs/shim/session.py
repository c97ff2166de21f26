"""A scripted session with the shim host: one forked session process.

The wire protocol (Unix stream socket, one connection per session):

* caller -> host: ``#CONNECT <ip> <port> <name> <local-ip>`` first; then FTP
  command lines; ``#DATA <n>`` followed by n raw bytes sends upload data for
  the next STOR/APPE.
* host -> caller, first of all: ``#PID <pid>``, the session process's pid
  (the caller matches the master's report of the session's end to it).
* caller -> host: ``#PID``; host -> caller: ``#PID <pid>`` again, then
  ``#END``.  Knowing the pid from the start, the caller can kill a session
  whose command never ends.
* host -> caller: FTP reply lines (``226 Transfer complete``, ``230-...``
  continuations), ``#DATA <n>`` frames carrying download or listing data, and
  ``#END`` once a command (or the connect) has been fully dispatched.
"""

from __future__ import annotations

import os
import signal
import socket
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .common import SessionCommands
from .errors import SessionClosed, ShimError, ShimTimeout
from .hostproc import read_reports, session_end

if TYPE_CHECKING:
    from .host import Host

__all__ = ["Reply", "Session"]


@dataclass(frozen=True)
class Reply:
    """What the host answered to one command.

    ``lines`` holds every reply line as ``(code, text)``; a command such as
    RETR answers twice (150, then 226), so ``code`` and ``text`` describe the
    final reply and ``codes`` lists each reply's code.  ``data`` is what a
    data connection would have carried (RETR, LIST, NLST).
    """

    lines: tuple[tuple[int, str], ...] = ()
    data: bytes = b""
    finals: tuple[int, ...] = field(default=(), repr=False)

    @property
    def code(self) -> int | None:
        return self.lines[-1][0] if self.lines else None

    @property
    def text(self) -> str:
        """Text of the final reply (continuation lines joined by newlines)."""
        if not self.lines:
            return ""
        start = self.finals[-2] + 1 if len(self.finals) > 1 else 0
        return "\n".join(t for _, t in self.lines[start:])

    @property
    def codes(self) -> list[int]:
        return [self.lines[i][0] for i in self.finals]

    def __str__(self) -> str:
        return "\n".join(f"{c} {t}" for c, t in self.lines)


class Session(SessionCommands):
    """A session, connected on creation; use as a context manager."""

    _pid: int | None = None

    def __init__(self, host: Host, *, remote_addr: str = "127.0.0.1",
                 remote_port: int = 0, remote_name: str | None = None,
                 local_addr: str = "127.0.0.1", timeout: float = 30.0) -> None:
        self.host = host
        self.remote_addr = remote_addr
        self.timeout = timeout
        self.closed = False
        # Received bytes not yet parsed: self._buf[self._pos:].  Parsing moves
        # _pos and compacts now and then, so a reply of N lines costs O(N),
        # not O(N * buffer size).
        self._buf = bytearray()
        self._pos = 0
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._sock.settimeout(timeout)
        try:
            self._sock.connect(host.socket_path)
        except OSError as exc:
            self._sock.close()
            raise ShimError(f"cannot open a session: connecting to the shim host "
                            f"at {host.socket_path} failed: {exc.strerror}",
                            hint="the host has stopped; see its log "
                                 f"{host.log_path}") from None
        try:
            for word, what in ((remote_addr, "remote_addr"),
                               (remote_name or "-", "remote_name"),
                               (local_addr, "local_addr")):
                if not word or any(c.isspace() for c in word):
                    raise ValueError(f"{what} must be one word, got {word!r}")
            self._send(f"#CONNECT {remote_addr} {int(remote_port)} "
                       f"{remote_name or '-'} {local_addr}\n".encode())
            self.banner = self._read_reply("(connect)")
        except BaseException:
            # Refused (MaxInstances, a dead host) or bad arguments: nobody
            # gets this session to close, so close its socket here.
            self.close()
            raise

    # Context manager

    # Commands

    def command(self, line: str, *args: str, data: bytes | None = None) -> Reply:
        """Send one command (``"SITE HELLO bob"`` or ``("SITE", "HELLO",
        "bob")``) and return its reply; ``data`` is uploaded first."""
        if args:
            line = " ".join((line, *args))
        if "\n" in line or "\r" in line:
            raise ValueError(f"a command is one line, got {line!r}")
        if self.closed:
            raise SessionClosed(f"session is closed; cannot send {line!r}")
        if data is not None:
            self._send(f"#DATA {len(data)}\n".encode() + data)
        self._send(line.encode() + b"\r\n")
        return self._read_reply(line)

    @property
    def pid(self) -> int:
        """The session process's pid (to look at ``/proc/<pid>/status``);
        asked of the host (``#PID``) once, between commands."""
        if self._pid is None:
            self.command("#PID")
            if self._pid is None:
                raise SessionClosed("session: the host did not answer #PID")
        return self._pid

    # Wire

    def _send(self, payload: bytes) -> None:
        try:
            self._sock.sendall(payload)
        except (BrokenPipeError, ConnectionResetError):
            died = self._died("(sending)", self._leftover_replies())
            self.close()
            raise died from None

    def _leftover_replies(self) -> list[tuple[int, str]]:
        """What the host sent before it ended the session unasked (a 421
        from TimeoutIdle, say): the replies still waiting in the socket."""
        data = bytes(self._buf[self._pos:])
        self._buf = bytearray()
        self._pos = 0
        self._sock.settimeout(1.0)
        try:
            while True:
                chunk = self._sock.recv(65536)
                if not chunk:
                    break
                data += chunk
        except OSError:
            pass
        got = []
        for raw in data.split(b"\n"):
            text = raw.rstrip(b"\r").decode("utf-8", "replace")
            if len(text) >= 4 and text[:3].isdigit() and text[3] in " -":
                got.append((int(text[:3]), text[4:]))
        return got

    def _recv(self, what: str, got: list, size: int = 65536) -> None:
        try:
            chunk = self._sock.recv(size)
        except socket.timeout:
            raise self._timed_out(what) from None
        except ConnectionResetError:
            chunk = b""
        if not chunk:
            died = self._died(what, got)
            self.close()
            raise died
        if self._pos > 65536 and self._pos * 2 > len(self._buf):
            del self._buf[:self._pos]
            self._pos = 0
        self._buf += chunk

    def _read_line(self, what: str, got: list) -> bytes:
        while True:
            nl = self._buf.find(b"\n", self._pos)
            if nl >= 0:
                line = bytes(self._buf[self._pos:nl])
                self._pos = nl + 1
                return line
            self._recv(what, got)

    def _timed_out(self, what: str) -> ShimTimeout:
        """No reply in time: end the session process (its handler may spin
        or block forever) and say which command it was."""
        pid = self._pid
        killed = ""
        if pid is not None:
            try:
                os.kill(pid, signal.SIGKILL)
                killed = f"; killed session process {pid}"
            except (ProcessLookupError, PermissionError):
                pass
        self.close()
        return ShimTimeout(
            f"session: no reply to {what!r} within {self.timeout:g}s{killed}",
            hint="a module handler may be blocked or looping; raise the "
                 "session's timeout= if the command is just slow; see the "
                 f"host log {self.host.log_path}")

    def _read_exact(self, n: int, what: str, got: list) -> bytes:
        while len(self._buf) - self._pos < n:
            self._recv(what, got, max(65536, n - (len(self._buf) - self._pos)))
        data = bytes(self._buf[self._pos:self._pos + n])
        self._pos += n
        return data

    def _read_reply(self, what: str) -> Reply:
        lines: list[tuple[int, str]] = []
        finals: list[int] = []
        data: list[bytes] = []
        while True:
            raw = self._read_line(what, lines)
            if raw == b"#END":
                return Reply(tuple(lines), b"".join(data), tuple(finals))
            if raw.startswith(b"#DATA "):
                data.append(self._read_exact(int(raw[6:]), what, lines))
                continue
            if raw.startswith(b"#PID "):
                self._pid = int(raw[5:])
                continue
            text = raw.rstrip(b"\r").decode("utf-8", "replace")
            if len(text) >= 4 and text[:3].isdigit() and text[3] in " -":
                lines.append((int(text[:3]), text[4:]))
                if text[3] == " ":
                    finals.append(len(lines) - 1)
            else:
                # A raw error message (a handler's PR_ERROR_MSG without a code).
                lines.append((0, text))
                finals.append(len(lines) - 1)

    def _died(self, what: str, got: list) -> SessionClosed:
        """How this session's process ended, from the master's structured
        report of *this* pid (never another session's)."""
        pid = self._pid
        detail: list[str] = []
        if pid is not None:
            path = getattr(self.host, "reports_path", None)
            # Give the master a moment to reap the child and report how it
            # ended; once the child is reaped (gone from /proc), it has.
            deadline = time.monotonic() + 2.0
            reaped_at = None
            while True:
                reports = read_reports(path)
                end = session_end(reports, pid)
                if end is not None:
                    break
                now = time.monotonic()
                if not os.path.exists(f"/proc/{pid}"):
                    reaped_at = reaped_at or now
                    if now - reaped_at > 0.2:
                        break
                if now > deadline:
                    break
                time.sleep(0.02)
            detail = [rest.split(" ", 1)[1] for kind, rest in reports
                      if kind == "sessinit" and rest.split(" ", 1)[0] == str(pid)]
            if end:
                detail.append(end)
        log = self.host.log_text()
        msg = f"session from {self.remote_addr} ended while handling {what!r}"
        if detail:
            msg += ": " + detail[-1]
        elif pid is not None:
            msg += f" (session process {pid} closed the connection)"
        return SessionClosed(msg, replies=list(got), log=log)

