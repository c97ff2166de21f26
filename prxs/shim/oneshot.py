"""One-shot host runs: config check (as ``proftpd -t``) and module lists.

Every run is bounded: the host runs in its own process group, and when it
does not finish within ``timeout`` seconds (a module's init() that loops, an
``Include`` of a FIFO), on Ctrl-C, or when it leaves processes behind, the
whole group is killed.  The host's progress file says what it was busy with,
so the report names the module or the file.
"""

from __future__ import annotations

import os
import select
import tempfile
import time
from dataclasses import dataclass

from .._fs import unlink_quietly
from ..runner import Runner
from .hostbuild import host_binary
from .errors import ShimTimeout
from .hostproc import describe_progress, end_group, read_progress

DEFAULT_TIMEOUT = 30.0


@dataclass(frozen=True)
class OneShotResult:
    """``exit_code`` as proftpd -t (0 ok, 1 fatal; -N if the host was killed
    by signal N); ``log`` is the host's log output (stderr); ``stdout`` its
    progress lines.  ``problem`` says how the host ended when that was not a
    normal exit: killed by a signal, exited in the middle of a module's init()
    (``exit_code`` is then 1, the host's own status is in ``host_status``), or
    left processes running (``exit_code`` 1)."""

    exit_code: int
    stdout: str
    log: str
    problem: str | None = None
    host_status: int | None = None

    @property
    def ok(self) -> bool:
        return self.exit_code == 0

    def log_lines(self) -> list[str]:
        return [ln.split("]: ", 1)[-1] for ln in self.log.splitlines()]


def _pidfd(pid: int) -> int | None:
    try:
        return os.pidfd_open(pid)
    except (AttributeError, OSError):
        return None


def _drain(proc, bufs: dict, deadline: float,
           pidfd: int | None) -> None:
    """Read stdout/stderr until both close and the host has exited, or the
    deadline passes.  Processes a module forked may hold the pipes after the
    host exited: then stop reading shortly after the exit."""
    open_fds = {f.fileno(): key for key, f in (("out", proc.stdout),
                                               ("err", proc.stderr))
                if f is not None and not f.closed}
    exited = False
    while open_fds or not exited:
        left = deadline - time.monotonic()
        if left <= 0:
            return
        watch = list(open_fds)
        if pidfd is not None and not exited:
            watch.append(pidfd)
        # Without a pidfd, poll the exit every 50 ms.
        wait = left if pidfd is not None and not exited else min(left, 0.05)
        ready, _, _ = select.select(watch, [], [], wait)
        if not exited and (pidfd in ready if pidfd is not None
                           else proc.poll() is not None):
            exited = True
        elif exited and not ready:
            return  # the host is gone; whoever holds the pipes is ended later
        for fd in ready:
            if fd == pidfd:
                continue
            chunk = os.read(fd, 65536)
            if chunk:
                bufs[open_fds[fd]].append(chunk)
            else:
                del open_fds[fd]


def _leftovers(log: str) -> str:
    notes = [ln.split("]: ", 1)[-1].removeprefix("warning: ")
             for ln in log.splitlines() if "init() left a child process" in ln]
    return "; ".join(notes)


def _run(args: list[str], debug_level: int, timeout: float | None,
         what: str) -> OneShotResult:
    timeout = DEFAULT_TIMEOUT if timeout is None else timeout
    fd, progress = tempfile.mkstemp(prefix="prxs-shim-progress-")
    os.close(fd)
    bufs: dict[str, list[bytes]] = {"out": [], "err": []}
    proc = None
    try:
        # popen, not capture: the output is read while the host runs, so a
        # host whose module forked a child holding the pipes still ends.
        proc = Runner().popen(
            [host_binary(), *args, "-d", str(debug_level), "--progress", progress,
             "--parent-pid", str(os.getpid())],
            step="shim host", new_session=True)
        deadline = time.monotonic() + timeout
        pidfd = _pidfd(proc.pid)
        try:
            _drain(proc, bufs, deadline, pidfd)
        finally:
            if pidfd is not None:
                os.close(pidfd)
        status = proc.poll()
        frames = read_progress(progress)
        # Whatever is still in the group (a hung host, or processes a module
        # forked) is ended now; then collect the rest of the output.
        left = end_group(proc.pid)
        _drain(proc, bufs, time.monotonic() + 2.0, None)
        if status is None:
            proc.wait()
            raise _timed_out(what, timeout, frames, bufs)
    except KeyboardInterrupt as exc:
        if proc is not None:
            exc.shim_activity = describe_progress(read_progress(progress))
            end_group(proc.pid)
            proc.wait()
        raise
    finally:
        if proc is not None:
            for f in (proc.stdout, proc.stderr):
                f.close()
        unlink_quietly(progress)

    out = b"".join(bufs["out"]).decode("utf-8", "replace")
    log = b"".join(bufs["err"]).decode("utf-8", "replace")
    problem = _problem(status, describe_progress(frames), what, left, log)
    if problem is not None:
        return OneShotResult(status if status < 0 else 1, out, log, problem, status)
    return OneShotResult(status, out, log, None, status)


def _timed_out(what: str, timeout: float, frames, bufs: dict) -> ShimTimeout:
    doing = describe_progress(frames)
    return ShimTimeout(
        f"the shim host did not finish {what} within {timeout:g}s"
        + (f": it was still {doing}" if doing else "")
        + "; stopped it and every process it started",
        hint="a module's init() may loop or block, or an Include may "
             "name a FIFO or a device; use --timeout SECONDS for a "
             "longer limit", log=b"".join(bufs["err"]).decode("utf-8", "replace"))


def _problem(status: int, doing: str | None, what: str, left: list[int],
             log: str) -> str | None:
    """What went wrong in a host run that ended with ``status`` (None: nothing)."""
    problem = None
    if status < 0:
        problem = (f"the host was killed by signal {-status} while {what}"
                   + (f", {doing}" if doing else "")
                   + " (a module crashed; see the log above)")
    elif doing is not None:
        problem = (f"the host exited with status {status} while {doing}; "
                   "did the module call exit()?")
    elif status not in (0, 1):
        problem = f"the host exited with status {status} while {what}"
    if left:
        notes = _leftovers(log)
        problem = ((problem + "; " if problem else "")
                   + f"the host left {len(left)} process(es) running after it "
                   f"exited (pid {', '.join(map(str, left))}, now killed)"
                   + (f": {notes}" if notes else ""))
    return problem


def check_config(config: str, *, debug_level: int = 0,
                 timeout: float | None = None) -> OneShotResult:
    """Check a config file as ``proftpd -t -c`` does (modules are loaded);
    raises ShimTimeout after ``timeout`` seconds (default 30)."""
    return _run(["-t", "-c", config], debug_level, timeout, f"checking {config}")


def list_static_modules(*, timeout: float | None = None) -> list[str]:
    res = _run(["-l"], 0, timeout, "listing its static modules")
    return [ln.strip() for ln in res.stdout.splitlines()[1:] if ln.strip()]


def list_loaded_modules(config: str, *, debug_level: int = 0,
                        timeout: float | None = None) -> OneShotResult:
    return _run(["--list-loaded", "-c", config], debug_level, timeout,
                f"loading {config}")
