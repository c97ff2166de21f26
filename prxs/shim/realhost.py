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
from .errors import ShimConfigError, ShimError, ShimTimeout
from .common import HostLog
from .hostproc import children
from .realsession import RealSession

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
        _kill(children(proc.pid) if proc.poll() is None else [], proc.pid)
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
