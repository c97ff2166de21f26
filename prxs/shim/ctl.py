"""Controls client: ``prxs ctl -s SOCKET insmod|lsmod|rmmod ...``.

Talks to a shim host's ``ControlsSocket`` in proftpd's Controls protocol, so
it also talks to a real proftpd's mod_ctrls (and ftpdctl talks to the shim).
Unlike ftpdctl, an error reply is an error: ``Client.request`` returns it,
the action methods raise ``ControlError``, and ``prxs ctl`` (ctl_cli.py)
exits 1.

>>> Client("/run/shim/ctrls.sock").lsmod()
['Loaded Modules:', '  mod_core.c', ...]
"""

from __future__ import annotations

import os
import socket
import struct
import time
from dataclasses import dataclass

from ..errors import EnvironmentProblem, UsageError
from .errors import ShimError

__all__ = ["Client", "ControlReply", "ControlError", "ControlUnreachable",
           "encode_request", "hint_for"]

# proftpd's limits (src/ctrls.c); the host refuses a request beyond them.
MAX_WORDS = 32
MAX_ACTION_LEN = 127
MAX_ARG_LEN = 256
MAX_REPLY_LINES = 1024
MAX_LINE_LEN = 65536

_INT = struct.Struct("=i")
_UINT = struct.Struct("=I")


class ControlError(ShimError):
    """The host answered with an error (``reply`` holds its lines)."""

    def __init__(self, reply: ControlReply, action: str) -> None:
        super().__init__(f"{action}: " + "; ".join(reply.lines),
                         step="controls",
                         hint=hint_for(reply.lines))
        self.reply = reply


class ControlUnreachable(EnvironmentProblem):
    """The socket is missing, refuses connections, or nobody answered."""


def hint_for(lines: list[str]) -> str | None:
    text = " ".join(lines)
    if text.startswith("access denied"):
        return ("grant the action with ModuleControlsACLs (for example "
                "'ModuleControlsACLs insmod,lsmod,rmmod allow user root') and "
                "restart the host")
    if "No such file or directory" in text:
        return "is the module built into the host's ModulePath (prxs -c)?"
    return None


@dataclass(frozen=True)
class ControlReply:
    """What the host answered: its status (0 ok, -1 error) and its lines."""

    status: int
    lines: list[str]
    seconds: float

    @property
    def ok(self) -> bool:
        return self.status == 0

    def to_dict(self) -> dict:
        return {"ok": self.ok, "status": self.status, "lines": self.lines,
                "seconds": round(self.seconds, 6)}


def encode_request(words: list[str]) -> bytes:
    """The request bytes (status 0, then each word as length + bytes)."""
    if not words:
        raise UsageError("no action given", step="controls",
                         hint="for example: prxs ctl -s SOCKET lsmod")
    if len(words) > MAX_WORDS:
        raise UsageError(f"too many words ({len(words)}, at most {MAX_WORDS})",
                         step="controls")
    out = [_INT.pack(0), _UINT.pack(len(words))]
    for i, word in enumerate(words):
        data = word.encode("utf-8")
        limit = MAX_ACTION_LEN if i == 0 else MAX_ARG_LEN
        if len(data) > limit or not word.isprintable() or not word.isascii():
            raise UsageError(f"{word!r} is not a valid {'action' if i == 0 else 'argument'}"
                             f" (at most {limit} printable ASCII bytes)",
                             step="controls")
        out += [_UINT.pack(len(data)), data]
    return b"".join(out)


class Client:
    """A client of one Controls socket; each request is one connection."""

    # The real server answers within its ControlsInterval (10 s by default).
    def __init__(self, socket_path: str | os.PathLike, *,
                 timeout: float = 10.0) -> None:
        self.socket_path = os.fspath(socket_path)
        self.timeout = timeout

    def request(self, action: str, *args: str) -> ControlReply:
        """Send one request; returns the reply whatever its status."""
        return self.raw(encode_request([action, *args]))

    def raw(self, data: bytes, *, shut_write: bool = True) -> ControlReply:
        """Send raw bytes (a test may send a malformed request) and read
        the reply."""
        start = time.monotonic()
        deadline = start + self.timeout
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.settimeout(self.timeout)
            try:
                sock.connect(self.socket_path)
            except (FileNotFoundError, ConnectionRefusedError) as exc:
                raise ControlUnreachable(
                    f"cannot reach the Controls socket {self.socket_path}: "
                    f"{exc.strerror}", step="controls", path=self.socket_path,
                    hint="is the host running with 'ControlsSocket "
                         f"{self.socket_path}' in its configuration?") from None
            except PermissionError as exc:
                raise ControlUnreachable(
                    f"cannot reach the Controls socket {self.socket_path}: "
                    f"{exc.strerror}", step="controls", path=self.socket_path,
                    hint="ControlsSocketOwner/ControlsSocketMode (or the "
                         "directory's mode) keep this user out") from None
            try:
                if data:
                    sock.sendall(data)
                if shut_write:
                    sock.shutdown(socket.SHUT_WR)
            except (BrokenPipeError, ConnectionResetError):
                pass  # it answered early (a refusal): read that answer
            status, lines = _read_reply(sock, deadline, self.socket_path)
        except socket.timeout:
            raise ControlUnreachable(
                f"no reply from {self.socket_path} within {self.timeout:g}s",
                step="controls", path=self.socket_path,
                hint="the host may be busy in a module's init()") from None
        finally:
            sock.close()
        return ControlReply(status, lines, time.monotonic() - start)

    def _checked(self, action: str, *args: str) -> list[str]:
        reply = self.request(action, *args)
        if not reply.ok:
            raise ControlError(reply, action)
        return reply.lines

    def insmod(self, *names: str) -> list[str]:
        """Load modules (the host stops at the first error)."""
        return self._checked("insmod", *names)

    def lsmod(self) -> list[str]:
        """``Loaded Modules:`` then one ``  mod_x.c`` a line, in load order."""
        return self._checked("lsmod")

    def modules(self) -> list[str]:
        """The loaded modules' names, in load order."""
        return [ln.strip() for ln in self.lsmod()[1:]]

    def rmmod(self, *names: str) -> list[str]:
        """Unload modules."""
        return self._checked("rmmod", *names)


def _recv_exact(sock: socket.socket, n: int, deadline: float, path: str) -> bytes:
    buf = b""
    while len(buf) < n:
        left = deadline - time.monotonic()
        if left <= 0:
            raise socket.timeout
        sock.settimeout(left)
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise ControlUnreachable(
                f"{path} closed the connection before a whole reply "
                f"({len(buf)} of {n} bytes)", step="controls", path=path,
                hint="see the host's log")
        buf += chunk
    return buf


def _read_reply(sock: socket.socket, deadline: float,
                path: str) -> tuple[int, list[str]]:
    (status,) = _INT.unpack(_recv_exact(sock, 4, deadline, path))
    (count,) = _UINT.unpack(_recv_exact(sock, 4, deadline, path))
    if count > MAX_REPLY_LINES:
        raise ControlUnreachable(f"{path} announced {count} reply lines "
                                 f"(at most {MAX_REPLY_LINES})",
                                 step="controls", path=path)
    lines = []
    for _ in range(count):
        (length,) = _UINT.unpack(_recv_exact(sock, 4, deadline, path))
        if length > MAX_LINE_LEN:
            raise ControlUnreachable(f"{path} announced a {length}-byte line",
                                     step="controls", path=path)
        lines.append(_recv_exact(sock, length, deadline, path)
                     .decode("utf-8", "replace"))
    return status, lines
