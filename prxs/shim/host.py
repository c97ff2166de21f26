"""Starting and stopping a shim host (the stand-in for the proftpd master).

The host runs as a child process in its own process group; every session is
a forked child of it.  ``Host.stop()`` (and leaving the ``with`` block, and
garbage collection, and interpreter exit) ends the whole group, so no session
process outlives the test that started it.  If this Python process dies
(even by SIGKILL), the host ends its group itself: it asks the kernel for a
signal when its parent dies (``PR_SET_PDEATHSIG``).  The kernel sends it when
the *thread* that started the host ends, so start a Host from a thread that
outlives it (the main thread, as pytest does).

The host keeps "what I am doing" (reading a file, running a module's init())
in a progress file, so a host that has to be stopped, or that exits in the
middle of loading, is reported with the module or file it was busy with.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import tempfile
import time
import weakref

from ..runner import Runner
from .common import HostLog
from .errors import ShimConfigError, ShimError, ShimTimeout
from .hostbuild import host_binary
from .hostproc import (describe_progress, end_group, kill_group, read_progress,
                       read_reports)
from .session import Session

__all__ = ["Host"]


# AF_UNIX socket paths hold at most 107 bytes (sun_path is 108 with the NUL).
_SUN_PATH_MAX = 107
# What the socket path adds to the directory: "/prxs-shim-s-XXXXXXXX/host.sock".
_SOCK_SUFFIX = len("/prxs-shim-s-") + 8 + len("/host.sock")


def socket_dir_base() -> str:
    """Where the host's socket directory goes: ``tempfile.gettempdir()`` (so
    ``TMPDIR`` is honoured), unless a socket path under it would exceed the
    AF_UNIX limit of 107 bytes; then ``/tmp``, which always fits."""
    base = tempfile.gettempdir()
    if len(os.path.abspath(base)) + _SOCK_SUFFIX <= _SUN_PATH_MAX:
        return base
    return "/tmp"


class Host(HostLog):
    """A shim host serving one configuration.

    Give either ``config`` (a path) or ``config_text`` (written to
    ``<workdir>/proftpd.conf``).  ``workdir`` holds the config and the log
    (``shim.log``); without one a temporary directory is used and removed on
    stop.  ``debug_level`` is the host's ``-d`` level (10 logs every dispatch).
    """

    log_name = "shim host"

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
        # Unix socket paths are short (108 bytes): keep it out of workdir,
        # in TMPDIR if the path fits (see socket_dir_base()).
        self._sock_dir: str | None = None
        self._progress_path: str | None = None
        self.reports_path: str | None = None
        # Where this run's part of the log starts (a reused workdir's log
        # holds earlier runs: they are never reported as this run's).
        self._log_start = 0
        self.socket_path = ""
        self.proc = None                # the host (Runner.popen)
        self.pid: int | None = None
        self._finalizer = None
        self._sessions: list[Session] = []
        self._final_log: str | None = None

    # Lifecycle

    def __enter__(self) -> Host:
        return self.start()

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None and issubclass(exc_type, (KeyboardInterrupt,
                                                          ShimTimeout)):
            # Interrupted, or something hangs: no graceful stop to wait for.
            self.kill()
        else:
            self.stop()

    def start(self) -> Host:
        """Start the host; raises ShimConfigError if it refuses its config."""
        if self.proc is not None:
            return self
        binary = self.binary or host_binary()
        self._sock_dir = tempfile.mkdtemp(prefix="prxs-shim-s-",
                                          dir=socket_dir_base())
        self.socket_path = os.path.join(self._sock_dir, "host.sock")
        self._progress_path = os.path.join(self._sock_dir, "progress")
        self.reports_path = os.path.join(self._sock_dir, "reports")
        log = open(self.log_path, "ab")
        try:
            self._log_start = log.seek(0, os.SEEK_END)
            self.proc = Runner().popen(
                [binary, "--serve", self.socket_path, "-c", self.config_path,
                 "--log", self.log_path, "-d", str(self.debug_level),
                 "--progress", self._progress_path,
                 "--reports", self.reports_path,
                 "--parent-pid", str(os.getpid())],
                step="shim host", stdin="pipe", stdout="pipe", stderr=log,
                new_session=True)
        finally:
            log.close()
        self.pid = self.proc.pid
        self._finalizer = weakref.finalize(self, kill_group, self.proc.pid)
        try:
            self._read_control(self.start_timeout, "starting")
        except ShimTimeout:
            doing = describe_progress(read_progress(self._progress_path))
            self.kill()
            raise ShimTimeout(
                f"shim host did not finish loading {self.config_path} within "
                f"{self.start_timeout:g}s"
                + (f": it was still {doing}" if doing else "")
                + " (stopped it and every process it started)",
                hint="a module's init() or a directive handler may be blocked, "
                     "or an Include names a FIFO or a device; the host's log "
                     "is in ShimTimeout.log", log=self.log_text()) from None
        except ShimError:
            raise self._refused() from None
        except BaseException as exc:
            # Ctrl-C (or anything else) while loading: end the whole group.
            exc.shim_activity = describe_progress(
                read_progress(self._progress_path))
            self.kill()
            raise
        return self

    def _refused(self) -> ShimConfigError:
        """The host ended while loading its config: why, from its reports."""
        doing = describe_progress(read_progress(self._progress_path))
        code = self._wait_exit(5.0)
        reports = read_reports(self.reports_path)
        self._cleanup()
        text = self.log_text()
        fatal = [f"fatal: {rest}" if kind == "fatal" else rest.strip()
                 for kind, rest in reports if kind in ("fatal", "crash")]
        if fatal:
            why = fatal[0]
        elif code is not None and code < 0:
            why = f"the host was killed by signal {-code}"
        else:
            why = f"the host exited with status {code}"
        if doing and not fatal:
            why += f" while {doing}"
        return ShimConfigError(
            f"shim host refused {self.config_path}: {why}",
            log=text, exit_code=code if code is not None else -1,
            path=self.config_path,
            hint="fix the configuration; the full host log is in "
                 "ShimConfigError.log")

    def activity(self) -> str | None:
        """What the host is busy with right now ("running the init() of
        mod_x.c ..."), or None when idle."""
        return describe_progress(read_progress(self._progress_path))

    def kill(self) -> int | None:
        """End the host and its whole process group at once (SIGKILL), for a
        host that hangs or a caller that was interrupted."""
        for s in self._sessions:
            s.close()
        self._sessions.clear()
        if self.proc is None:
            return None
        end_group(self.proc.pid)
        code = self.proc.wait()
        self._cleanup()
        return code

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
        kill_group(self.proc.pid)
        if code is None:
            code = self.proc.wait()
        self._cleanup()
        return code

    def _wait_exit(self, timeout: float) -> int | None:
        return Runner.wait_for(self.proc, timeout)

    def _cleanup(self) -> None:
        if self.proc is not None:
            if self.proc.poll() is None:
                kill_group(self.proc.pid)
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
        """This run's part of the host log (a reused workdir keeps earlier
        runs' lines above it, in the file)."""
        if self._final_log is not None:
            return self._final_log
        try:
            with open(self.log_path, "rb") as f:
                f.seek(self._log_start)
                return f.read().decode("utf-8", "replace")
        except FileNotFoundError:
            return ""

    @staticmethod
    def _log_message(line: str) -> str:
        return line.split("]: ", 1)[-1]
