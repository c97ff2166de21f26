"""The real proftpd as a throw-away host, behind the shim's ``Host`` API.

``RealHost`` runs the installed proftpd (standalone, ``-n``) with the test's
configuration plus what a private instance needs: its own PidFile,
ScoreboardFile, log and TransferLog in the workdir, a kernel-chosen port on
127.0.0.1 with ``SocketBindTight on``.  Sessions speak FTP over TCP (passive
data connections on loopback) and return the same ``Reply`` records as shim
sessions, so one test runs on either host.

Why standalone on a port rather than inetd mode on a socket pair: inetd mode
re-reads the configuration and reloads every module for each session
(measured: a session costs a whole server start-up), while a standalone
master forks sessions as in production, which is what a module sees there.

The master is started in its own process group and stopped by its pid (then
the group, then any process that still holds the port), never by name.
"""

from __future__ import annotations

import ipaddress
import os
import re
import shutil
import signal
import socket
import tempfile
import time
import weakref

from ..errors import CommandTimeout
from ..runner import Runner
from .errors import SessionClosed, ShimConfigError, ShimError, ShimTimeout
from .common import HostLog, SessionCommands
from .session import Reply

__all__ = ["RealHost", "RealSession", "find_proftpd", "ProftpdMissing"]

# Directives RealHost writes itself; a test config that sets them would move
# the instance off loopback or onto the system's files.
MANAGED = ("Port", "DefaultAddress", "SocketBindTight", "ServerType", "PidFile",
           "ScoreboardFile", "SystemLog", "TransferLog", "DelayTable", "WtmpLog",
           "UseIPv6")

# What a test instance needs unless the test's configuration says otherwise:
# virtual users from AuthUserFile first, no login shell required.
DEFAULTS = (("RequireValidShell", "RequireValidShell off\n"),
            ("AuthOrder", "AuthOrder mod_auth_file.c mod_auth_unix.c\n"))

# <date> <time>,<ms> <host> proftpd[<pid>] <server>[ (<client>)]: <message>
_LOG_PREFIX = re.compile(r"^\d{4}-\d\d-\d\d \S+ \S+ proftpd\[\d+\][^:]*: ")

# Commands that open a data connection: (verb, direction).
_DATA_COMMANDS = {"RETR": "in", "LIST": "in", "NLST": "in", "MLSD": "in",
                  "STOR": "out", "APPE": "out", "STOU": "out"}


class ProftpdMissing(ShimError):
    """No installed proftpd to run (an environment problem, exit 3)."""

    exit_code = 3


def find_proftpd(binary: str | None = None) -> str:
    """The proftpd binary to run: ``binary``, ``$PRXS_PROFTPD``, ``proftpd``
    on PATH, or ``/usr/sbin/proftpd``."""
    named = binary or os.environ.get("PRXS_PROFTPD")
    if named:
        if os.access(named, os.X_OK) and not os.path.isdir(named):
            return named
        raise ProftpdMissing(
            f"the real-server host cannot run {named}: it is not an executable "
            "file", step="real host",
            hint="point PRXS_PROFTPD at proftpd (Debian: /usr/sbin/proftpd, "
                 "from apt-get install proftpd-core)")
    # PRXS_PROFTPD_PATH replaces the directories searched, as for the build
    # target (empty: search nothing, i.e. a machine without proftpd).
    search = os.environ.get("PRXS_PROFTPD_PATH")
    if search is None:
        cands = [shutil.which("proftpd"), "/usr/sbin/proftpd"]
    else:
        cands = [os.path.join(d, "proftpd") for d in search.split(os.pathsep) if d]
    for cand in cands:
        if cand and os.access(cand, os.X_OK) and not os.path.isdir(cand):
            return cand
    raise ProftpdMissing(
        "the real-server host needs an installed proftpd, and none was found "
        "(looked at $PRXS_PROFTPD, PATH and /usr/sbin/proftpd)",
        step="real host",
        hint="install it (Debian: apt-get install proftpd-core) or use the shim host")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening(port: int) -> bool:
    """Is something listening on 127.0.0.1:port (read from /proc/net/tcp, so
    that probing does not open an FTP session)?"""
    want = f"0100007F:{port:04X}"
    try:
        with open("/proc/net/tcp", encoding="ascii") as f:
            next(f)
            return any(fields[1] == want and fields[3] == "0A"
                       for fields in (ln.split() for ln in f))
    except OSError:
        return False


def _children(pid: int) -> list[int]:
    """Every descendant of pid (read from /proc)."""
    parents: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="ascii", errors="replace") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(name))
    out, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def _kill(pids: list[int], pgid: int | None) -> None:
    if pgid:
        try:
            os.killpg(pgid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def scan_managed(config_text: str) -> list[tuple[int, str]]:
    """Top-level lines of a config that set a directive RealHost manages."""
    found = []
    for n, line in enumerate(config_text.splitlines(), 1):
        word = line.strip().split(None, 1)[0] if line.strip() else ""
        if word.lower() in (m.lower() for m in MANAGED):
            found.append((n, word))
    return found


class RealHost(HostLog):
    """A throw-away proftpd serving one configuration, on 127.0.0.1.

    The same interface as the shim's ``Host`` for what both can do: start,
    stop, context manager, ``check()``, ``session()``, ``log_text()``,
    ``log_lines()``, ``wait_for_log()``.  Control-channel features of the shim
    (``modules()``, ``load_module()``, phase tracing) have no counterpart here.
    """

    kind = "proftpd"
    log_name = "proftpd"

    def __init__(self, config: str | os.PathLike | None = None, *,
                 config_text: str | None = None,
                 workdir: str | os.PathLike | None = None,
                 debug_level: int = 10, binary: str | None = None,
                 start_timeout: float = 30.0) -> None:
        if (config is None) == (config_text is None):
            raise ValueError("give exactly one of config and config_text")
        self.binary = find_proftpd(binary)
        self._own_workdir = workdir is None
        # Sessions run as the server's User before login and must read the
        # files of the instance: the workdir is world-readable (not writable).
        self.workdir = os.path.abspath(workdir) if workdir else \
            tempfile.mkdtemp(prefix="prxs-real-")
        os.makedirs(self.workdir, exist_ok=True)
        os.chmod(self.workdir, 0o755)
        if config_text is not None:
            config = os.path.join(self.workdir, "proftpd.conf")
            with open(config, "w", encoding="utf-8") as f:
                f.write(config_text)
        self.config_path = os.path.abspath(os.fspath(config))
        self.instance_config = os.path.join(self.workdir, "proftpd.instance.conf")
        self.log_path = os.path.join(self.workdir, "proftpd.log")
        self.xferlog_path = os.path.join(self.workdir, "xferlog")
        self.debug_level = debug_level
        self.start_timeout = start_timeout
        self.port = 0
        self.proc = None                # the master (Runner.popen)
        self.pid: int | None = None
        self._finalizer = None
        self._sessions: list[RealSession] = []
        self._final_log: str | None = None

    # Configuration

    def _instance_text(self) -> str:
        try:
            with open(self.config_path, encoding="utf-8") as f:
                user_text = f.read()
        except OSError as exc:
            raise ShimConfigError(f"cannot read {self.config_path}: {exc.strerror}",
                                  log="", exit_code=1, path=self.config_path,
                                  hint="check the path") from None
        present = {ln.strip().split(None, 1)[0] for ln in user_text.splitlines()
                   if ln.strip()}
        managed = scan_managed(user_text)
        if managed:
            where = ", ".join(f"{w} (line {n})" for n, w in managed)
            raise ShimConfigError(
                f"{self.config_path}: the real-server host sets {where} itself",
                log="", exit_code=1, path=self.config_path,
                hint="remove these lines: the instance listens on a private "
                     "loopback port and keeps its files in its workdir")
        root = os.geteuid() == 0
        user, group = ("nobody", "nogroup") if root else \
            (f"#{os.geteuid()}", f"#{os.getegid()}")
        w = self.workdir
        # The test's configuration comes first, verbatim, so proftpd's line
        # numbers are the file's own (an Include would turn its fatal errors
        # into warnings); the instance's directives follow.
        if user_text and not user_text.endswith("\n"):
            user_text += "\n"
        return user_text + (
            "# added by prxs for a throw-away instance\n"
            "ServerType standalone\n"
            "DefaultAddress 127.0.0.1\n"
            "SocketBindTight on\n"
            f"Port {self.port}\n"
            "UseIPv6 off\n"
            f"User {user}\nGroup {group}\n"
            f"PidFile {w}/proftpd.pid\n"
            f"ScoreboardFile {w}/proftpd.scoreboard\n"
            f"TransferLog {self.xferlog_path}\n"
            "DelayTable none\n"
            "WtmpLog off\n" + "".join(
                line for word, line in DEFAULTS
                if not any(w.lower() == word.lower() for w in present)))

    def _write_instance(self) -> None:
        with open(self.instance_config, "w", encoding="utf-8") as f:
            f.write(self._instance_text())

    def check(self) -> tuple[int, str]:
        """``proftpd -t`` on the instance's configuration: (exit code, output)."""
        if not self.port:
            self.port = _free_port()
        self._write_instance()
        try:
            rec = Runner().capture([self.binary, "-t", "-c", self.instance_config],
                                   step="proftpd -t", timeout=self.start_timeout,
                                   new_session=True)
        except CommandTimeout:
            raise ShimTimeout(f"proftpd -t did not finish within "
                              f"{self.start_timeout:g}s on {self.config_path}",
                              hint="a module's init() may be blocked") from None
        out = rec.stdout + rec.stderr
        return rec.returncode, out.replace(self.instance_config, self.config_path)

    # Lifecycle

    def __enter__(self) -> RealHost:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> RealHost:
        """Check the configuration with ``proftpd -t``, then start the master
        and wait until it listens; raises ShimConfigError with proftpd's own
        output when it refuses the configuration."""
        if self.proc is not None:
            return self
        for attempt in range(3):
            self.port = _free_port()
            code, out = self.check()
            if code != 0:
                raise ShimConfigError(
                    f"proftpd refused {self.config_path}: "
                    + _first_fatal(out, code), log=out, exit_code=code,
                    path=self.config_path,
                    hint="fix the configuration; proftpd -t's whole output is "
                         "in ShimConfigError.log")
            if self._spawn():
                return self
            text = self.log_text()
            if "Address already in use" not in text or attempt == 2:
                raise ShimError(
                    f"proftpd did not start listening on 127.0.0.1:{self.port} "
                    f"within {self.start_timeout:g}s (stopped it)",
                    step="real host", path=self.config_path,
                    hint="its log: " + text[-1500:])
        raise AssertionError("unreachable")

    def _spawn(self) -> bool:
        log = open(self.log_path, "ab")
        try:
            self.proc = Runner().popen(
                [self.binary, "-n", "-c", self.instance_config,
                 "-d", str(self.debug_level)],
                step="proftpd", stdin="null", stdout=log, stderr=log,
                new_session=True)
        finally:
            log.close()
        self.pid = self.proc.pid
        self._finalizer = weakref.finalize(self, _kill, [], self.proc.pid)
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if _listening(self.port) and self.proc.poll() is None:
                return True
            if self.proc.poll() is not None:
                break
            time.sleep(0.01)
        self._reap()
        return False

    def stop(self) -> int | None:
        """Stop the master and every session (SIGTERM, then SIGKILL to the
        process group and every descendant); returns the master's status."""
        for s in self._sessions:
            s.close()
        self._sessions.clear()
        if self.proc is None:
            return None
        code = self.proc.poll()
        if code is None:
            self.proc.send_signal(signal.SIGTERM)
            code = Runner.wait_for(self.proc, 5.0)
        self._reap()
        return code

    def _reap(self) -> None:
        proc = self.proc
        if proc is None:
            return
        _kill(_children(proc.pid) if proc.poll() is None else [], proc.pid)
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        # Sessions re-parented to init after the master died still hold the
        # group id; give the kernel a moment to let the port go.
        deadline = time.monotonic() + 5.0
        while self.port and _listening(self.port) and time.monotonic() < deadline:
            time.sleep(0.01)
        if self._finalizer is not None:
            self._finalizer.detach()
        if self._own_workdir and os.path.isdir(self.workdir):
            self._final_log = self.log_text()
            shutil.rmtree(self.workdir, ignore_errors=True)
        self.proc = None

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    # Sessions

    def session(self, remote_addr: str = "127.0.0.1", **kw) -> RealSession:
        """Connect to the instance from remote_addr (an address in
        127.0.0.0/8: the client socket is bound to it)."""
        if not self.running:
            raise ShimError("the real-server host is not running",
                            hint=f"see {self.log_path}")
        s = RealSession(self, remote_addr=remote_addr, **kw)
        self._sessions = [o for o in self._sessions if not o.closed]
        self._sessions.append(s)
        return s

    # Log

    def log_text(self) -> str:
        if self._final_log is not None:
            return self._final_log
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                return f.read().replace(self.instance_config, self.config_path)
        except FileNotFoundError:
            return ""

    @staticmethod
    def _log_message(line: str) -> str:
        return _LOG_PREFIX.sub("", line)


def _first_fatal(out: str, code: int) -> str:
    for line in out.splitlines():
        msg = _LOG_PREFIX.sub("", line)
        if "fatal:" in msg or "error" in msg.lower():
            return msg.strip()
    return f"proftpd -t exited with status {code}"


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
        for pid in _children(master):
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
