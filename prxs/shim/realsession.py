"""A session with the real proftpd (``RealHost.session()``): FTP over TCP
on loopback, passive data connections, replies as the shim's ``Reply``
records, and the pid of the session process the master forked."""

from __future__ import annotations

import ipaddress
import os
import re
import socket

from .common import SessionCommands
from .errors import SessionClosed, ShimError, ShimTimeout
from .hostproc import children
from .session import Reply

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .realhost import RealHost

# Commands that open a data connection: (verb, direction).
_DATA_COMMANDS = {"RETR": "in", "LIST": "in", "NLST": "in", "MLSD": "in",
                  "STOR": "out", "APPE": "out", "STOU": "out"}


class RealSession(SessionCommands):
    """An FTP control connection to a RealHost, with the shim Session's
    methods (``command``, ``login``, ``stor``, ``retr``, ``quit``, ``pid``)."""

    def __init__(self, host: RealHost, *, remote_addr: str = "127.0.0.1",
                 remote_port: int = 0, remote_name: str | None = None,
                 local_addr: str = "127.0.0.1", timeout: float = 30.0) -> None:
        try:
            ip = ipaddress.ip_address(remote_addr)
        except ValueError:
            raise ValueError(f"remote_addr must be an IP address, got "
                             f"{remote_addr!r}") from None
        if ip not in ipaddress.ip_network("127.0.0.0/8"):
            raise ShimError(
                f"the real-server host can only take clients from 127.0.0.0/8, "
                f"not {remote_addr}", step="real host",
                hint="use an address such as 127.0.0.5, or mark the test "
                     "shim_only")
        if remote_name is not None or local_addr != "127.0.0.1":
            raise ShimError("the real-server host cannot fake the client's name "
                            "or the local address", step="real host",
                            hint="mark the test shim_only")
        self.host = host
        self.remote_addr = remote_addr
        self.timeout = timeout
        self.closed = False
        self._buf = b""
        self._pid: int | None = None
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.settimeout(timeout)
        try:
            self._sock.bind((remote_addr, int(remote_port)))
            self._sock.connect(("127.0.0.1", host.port))
        except OSError as exc:
            self._sock.close()
            raise ShimError(f"cannot connect to proftpd on 127.0.0.1:{host.port} "
                            f"from {remote_addr}: {exc.strerror}", step="real host",
                            hint=f"see its log {host.log_path}") from None
        try:
            self.banner = self._read_reply("(connect)")
        except BaseException:
            self.close()
            raise

    # Commands

    def command(self, line: str, *args: str, data: bytes | None = None) -> Reply:
        if args:
            line = " ".join((line, *args))
        if "\n" in line or "\r" in line:
            raise ValueError(f"a command is one line, got {line!r}")
        if self.closed:
            raise SessionClosed(f"session is closed; cannot send {line!r}")
        verb = line.split(" ", 1)[0].upper()
        direction = _DATA_COMMANDS.get(verb)
        if direction is None:
            self._send(line)
            return self._read_reply(line)
        return self._transfer(line, direction, data or b"")

    def _transfer(self, line: str, direction: str, data: bytes) -> Reply:
        """PASV, the command, the data, the final reply.  The PASV exchange is
        not part of the returned Reply (the shim has no data connection)."""
        self._send("PASV")
        pasv = self._read_reply("PASV")
        m = re.search(r"(\d+),(\d+),(\d+),(\d+),(\d+),(\d+)", pasv.text)
        if pasv.code != 227 or not m:
            # Not logged in, or passive mode refused: the command gets the
            # server's own answer without a data connection.
            self._send(line)
            return self._read_reply(line)
        h = ".".join(m.group(i) for i in range(1, 5))
        port = int(m.group(5)) * 256 + int(m.group(6))
        dsock = socket.create_connection((h, port), timeout=self.timeout)
        try:
            self._send(line)
            first = self._read_reply(line)
            if first.code is None or not 100 <= first.code < 200:
                return first
            received = b""
            if direction == "out":
                dsock.sendall(data)
                dsock.shutdown(socket.SHUT_WR)
            else:
                while True:
                    chunk = dsock.recv(65536)
                    if not chunk:
                        break
                    received += chunk
        except socket.timeout:
            raise ShimTimeout(f"real session: data connection for {line!r} "
                              f"stalled for {self.timeout:g}s") from None
        finally:
            dsock.close()
        final = self._read_reply(line)
        lines = first.lines + final.lines
        n = len(first.lines)
        return Reply(lines, received, first.finals + tuple(i + n for i in final.finals))

    @property
    def pid(self) -> int:
        """The session process's pid: the child of the master holding the
        server side of this connection."""
        if self._pid is None:
            self._pid = _session_pid(self.host.pid, self._sock.getsockname()[1],
                                     self.host.port)
        return self._pid

    # Wire

    def _send(self, line: str) -> None:
        try:
            self._sock.sendall(line.encode("utf-8", "surrogateescape") + b"\r\n")
        except (BrokenPipeError, ConnectionResetError):
            self.close()
            raise SessionClosed(f"session from {self.remote_addr}: the server "
                                f"closed the connection before {line!r}",
                                log=self.host.log_text()) from None

    def _read_line(self, what: str, got: list) -> str:
        while b"\n" not in self._buf:
            try:
                chunk = self._sock.recv(65536)
            except socket.timeout:
                raise ShimTimeout(
                    f"session: no reply to {what!r} within {self.timeout:g}s",
                    hint=f"a module handler may be blocked; see {self.host.log_path}"
                ) from None
            except ConnectionResetError:
                chunk = b""
            if not chunk:
                self.close()    # the server ended it: our end goes too
                raise SessionClosed(
                    f"session from {self.remote_addr} ended while handling {what!r}",
                    replies=list(got), log=self.host.log_text())
            self._buf += chunk
        line, _, self._buf = self._buf.partition(b"\n")
        return line.rstrip(b"\r").decode("utf-8", "replace")

    def _read_reply(self, what: str) -> Reply:
        """The reply to ``what``.  A 220 before it belongs to the connect (a
        module's pr_response_send() before the banner, e.g. ExecOnConnect
        with sendStdout, makes two 220 replies on the wire, one banner in
        the shim): it is added to ``banner``."""
        reply = self._read_one_reply(what)
        verb = what.split(" ", 1)[0].upper()
        while (what != "(connect)" and reply.code == 220
               and verb not in ("HOST", "REIN")):
            self.banner = Reply(self.banner.lines + reply.lines, b"",
                                self.banner.finals + tuple(
                                    i + len(self.banner.lines) for i in reply.finals))
            reply = self._read_one_reply(what)
        return reply

    def _read_one_reply(self, what: str) -> Reply:
        """One FTP reply: ``NNN-`` lines up to ``NNN ``; lines of a multi-line
        reply without a code take the code of the reply they belong to."""
        lines: list[tuple[int, str]] = []
        code = None
        while True:
            text = self._read_line(what, lines)
            if len(text) >= 4 and text[:3].isdigit() and text[3] in " -":
                c = int(text[:3])
                lines.append((c, text[4:]))
                if text[3] == " " and (code is None or c == code):
                    return Reply(tuple(lines), b"", (len(lines) - 1,))
                code = code or c
            elif len(text) == 3 and text.isdigit():
                lines.append((int(text), ""))
                return Reply(tuple(lines), b"", (len(lines) - 1,))
            else:
                # proftpd indents the inner lines of a multi-line reply
                # with one space (MultilineRFC2228 off): not part of the text.
                lines.append((code or 0, text[1:] if text.startswith(" ") else text))


def _session_pid(master: int | None, client_port: int, server_port: int) -> int:
    """Find the process owning the server side of 127.0.0.1:server_port <->
    client_port, among the master's descendants."""
    local = f"0100007F:{server_port:04X}"
    inode = None
    try:
        with open("/proc/net/tcp", encoding="ascii") as f:
            next(f)
            for ln in f:
                fields = ln.split()
                if fields[1] == local and fields[2].endswith(f":{client_port:04X}"):
                    inode = fields[9]
    except OSError:
        pass
    if inode and master:
        target = f"socket:[{inode}]"
        for pid in children(master):
            try:
                fds = os.listdir(f"/proc/{pid}/fd")
            except OSError:
                continue
            for fd in fds:
                try:
                    if os.readlink(f"/proc/{pid}/fd/{fd}") == target:
                        return pid
                except OSError:
                    continue
    raise SessionClosed("real session: cannot find the session process "
                        "(reading /proc needs root for processes of other users)")
