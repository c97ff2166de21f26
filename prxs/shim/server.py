"""Starting and stopping a shim host (the stand-in for the proftpd master).

The host runs as a child process in its own process group; every session is
a forked child of it.  ``Host.stop()`` (and leaving the ``with`` block, and
garbage collection, and interpreter exit) ends the whole group, so no session
process outlives the test that started it.
"""

from __future__ import annotations

import os
import re
import select
import shutil
import signal
import subprocess
import tempfile
import time
import weakref

from .build import host_binary
from .errors import ShimConfigError, ShimError, ShimTimeout
from .session import Session

__all__ = ["Host"]


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


class Host:
    """A shim host serving one configuration.

    Give either ``config`` (a path) or ``config_text`` (written to
    ``<workdir>/proftpd.conf``).  ``workdir`` holds the config and the log
    (``shim.log``); without one a temporary directory is used and removed on
    stop.  ``debug_level`` is the host's ``-d`` level (10 logs every dispatch).
    """

    def __init__(self, config: str | os.PathLike | None = None, *,
                 config_text: str | None = None,
                 workdir: str | os.PathLike | None = None,
                 debug_level: int = 10, binary: str | None = None,
                 start_timeout: float = 30.0) -> None:
        if (config is None) == (config_text is None):
            raise ValueError("give exactly one of config and config_text")
        self._own_workdir = workdir is None
        self.workdir = os.path.abspath(workdir) if workdir else \
            tempfile.mkdtemp(prefix="prxs-shim-")
        os.makedirs(self.workdir, exist_ok=True)
        if config_text is not None:
            config = os.path.join(self.workdir, "proftpd.conf")
            with open(config, "w", encoding="utf-8") as f:
                f.write(config_text)
        self.config_path = os.path.abspath(os.fspath(config))
        self.log_path = os.path.join(self.workdir, "shim.log")
        self.debug_level = debug_level
        self.binary = binary
        self.start_timeout = start_timeout
        # Unix socket paths are short (108 bytes): keep it out of workdir.
        self._sock_dir: str | None = None
        self.socket_path = ""
        self.proc: subprocess.Popen | None = None
        self.pid: int | None = None
        self._finalizer = None
        self._sessions: list[Session] = []
        self._final_log: str | None = None

    # Lifecycle

    def __enter__(self) -> Host:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> Host:
        """Start the host; raises ShimConfigError if it refuses its config."""
        if self.proc is not None:
            return self
        binary = self.binary or host_binary()
        self._sock_dir = tempfile.mkdtemp(prefix="prxs-shim-s-", dir="/tmp")
        self.socket_path = os.path.join(self._sock_dir, "host.sock")
        log = open(self.log_path, "ab")
        try:
            self.proc = subprocess.Popen(
                [binary, "--serve", self.socket_path, "-c", self.config_path,
                 "--log", self.log_path, "-d", str(self.debug_level)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
                start_new_session=True, close_fds=True)
        finally:
            log.close()
        self.pid = self.proc.pid
        self._finalizer = weakref.finalize(self, _kill_group, self.proc.pid)
        try:
            self._read_control(self.start_timeout, "starting")
        except ShimTimeout:
            self._cleanup()
            raise ShimTimeout(
                f"shim host did not finish loading {self.config_path} within "
                f"{self.start_timeout:g}s (stopped it)",
                hint="a module's init() or a directive handler may be blocked; "
                     f"the last log lines: {self.log_text()[-600:]}") from None
        except ShimError:
            code = self._wait_exit(5.0)
            self._cleanup()
            text = self.log_text()
            fatal = [ln.split("]: ", 1)[-1] for ln in text.splitlines()
                     if "fatal:" in ln or "caught signal" in ln]
            raise ShimConfigError(
                f"shim host refused {self.config_path}: "
                + (fatal[0] if fatal else f"exit status {code}"),
                log=text, exit_code=code if code is not None else -1,
                path=self.config_path,
                hint="fix the configuration; the full host log is in "
                     "ShimConfigError.log") from None
        return self

    def stop(self) -> int | None:
        """Stop the host and every session; returns the host's exit status."""
        for s in self._sessions:
            s.close()
        self._sessions.clear()
        if self.proc is None:
            return None
        code = self.proc.poll()
        if code is None:
            try:
                self.proc.stdin.write(b"quit\n")
                self.proc.stdin.flush()
            except (BrokenPipeError, OSError):
                pass
            code = self._wait_exit(5.0)
            if code is None:
                self.proc.terminate()
                code = self._wait_exit(2.0)
        _kill_group(self.proc.pid)
        if code is None:
            code = self.proc.wait()
        self._cleanup()
        return code

    def _wait_exit(self, timeout: float) -> int | None:
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def _cleanup(self) -> None:
        if self.proc is not None:
            if self.proc.poll() is None:
                _kill_group(self.proc.pid)
                self.proc.wait()
            for f in (self.proc.stdin, self.proc.stdout):
                try:
                    f.close()
                except OSError:
                    pass
        if self._finalizer is not None:
            self._finalizer()
        if self._sock_dir:
            shutil.rmtree(self._sock_dir, ignore_errors=True)
            self._sock_dir = None
        if self._own_workdir and os.path.isdir(self.workdir):
            # Keep the log readable after stop, then drop the temporary dir.
            self._final_log = self.log_text()
            shutil.rmtree(self.workdir, ignore_errors=True)
        self.proc = None

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    # Control channel

    def _read_control(self, timeout: float, what: str) -> list[str]:
        lines: list[str] = []
        out = self.proc.stdout
        deadline = time.monotonic() + timeout
        buf = b""
        while True:
            while b"\n" in buf:
                line, _, buf = buf.partition(b"\n")
                text = line.decode("utf-8", "replace")
                if text == ".":
                    return lines
                lines.append(text)
            left = deadline - time.monotonic()
            if left <= 0:
                raise ShimTimeout(f"shim host: no answer while {what} within "
                                  f"{timeout:g}s", hint=f"see {self.log_path}")
            ready, _, _ = select.select([out], [], [], left)
            if not ready:
                continue
            chunk = os.read(out.fileno(), 65536)
            if not chunk:
                raise ShimError(f"shim host exited while {what}",
                                hint=f"see {self.log_path}")
            buf += chunk

    def control(self, command: str, timeout: float = 30.0) -> list[str]:
        """Send a control command (modules, load NAME, unload NAME, restart,
        sessions, ping); returns the answer's lines."""
        if not self.running:
            raise ShimError("shim host is not running",
                            hint=f"see {self.log_path}")
        self.proc.stdin.write(command.encode() + b"\n")
        self.proc.stdin.flush()
        return self._read_control(timeout, f"answering {command!r}")

    def modules(self) -> list[str]:
        """Loaded modules in load order (static ones first)."""
        return [ln.split()[0] for ln in self.control("modules")[1:] if ln.strip()]

    def load_module(self, name: str) -> str:
        return self.control(f"load {name}")[0]

    def unload_module(self, name: str) -> str:
        return self.control(f"unload {name}")[0]

    def restart(self) -> None:
        """Re-read the configuration, as SIGHUP does (core.restart fires)."""
        self.control("restart")

    def sighup(self) -> None:
        os.kill(self.pid, signal.SIGHUP)

    def session_count(self) -> int:
        return int(self.control("sessions")[0].split()[1])

    # Sessions

    def session(self, remote_addr: str = "127.0.0.1", **kw) -> Session:
        """Open a session (a forked child) as if connecting from remote_addr."""
        if not self.running:
            raise ShimError("shim host is not running", hint=f"see {self.log_path}")
        s = Session(self, remote_addr=remote_addr, **kw)
        self._sessions = [o for o in self._sessions if not o.closed]
        self._sessions.append(s)
        return s

    # Log

    def log_text(self) -> str:
        if self._final_log is not None:
            return self._final_log
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def log_lines(self) -> list[str]:
        """Log messages without the time/host/pid prefix."""
        return [ln.split("]: ", 1)[-1] for ln in self.log_text().splitlines()]

    def wait_for_log(self, pattern: str, timeout: float = 5.0) -> str:
        """Wait until a log line matches the regex; returns that line."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            for line in self.log_lines():
                if rx.search(line):
                    return line
            if time.monotonic() > deadline:
                raise ShimTimeout(f"shim host log has no line matching "
                                  f"{pattern!r} after {timeout:g}s",
                                  hint=f"see {self.log_path}")
            time.sleep(0.01)
