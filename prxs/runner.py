"""The one place subprocesses are started: argv lists only, never a shell.

Every command is recorded (argv, duration, return code, output) so the CLI can
show it with ``-v``, report it in ``--json`` and print it in ``--dry-run``.
Four ways to run one:

* ``run``/``start``: captured, raising ``FailedProcessError`` on failure (the
  build's compiles and links; posix_spawn, so ``prxs -c`` never imports
  subprocess);
* ``capture``: captured with a time limit, the status returned, not raised
  (``proftpd -V``, ``proftpd -t``, the host's ``--stamp``);
* ``popen``: a process that outlives the call, whose pipes and life the caller
  manages (the shim host, a throw-away proftpd, a one-shot host run);
* ``detached``: a helper nobody waits for (the precompiled header build).
"""

from __future__ import annotations

import os
import time

from .errors import CommandTimeout, EnvironmentProblem, FailedProcessError


class CommandRecord:
    __slots__ = ("step", "argv", "cwd", "seconds", "returncode", "stdout",
                 "stderr", "ran")

    def __init__(self, step: str, argv: list[str], cwd: str | None) -> None:
        self.step = step
        self.argv = argv
        self.cwd = cwd
        self.seconds = 0.0
        self.returncode: int | None = None
        self.stdout = ""
        self.stderr = ""
        self.ran = False

    def to_dict(self) -> dict:
        return {"step": self.step, "argv": self.argv, "cwd": self.cwd,
                "seconds": round(self.seconds, 6), "returncode": self.returncode,
                "ran": self.ran}


class Runner:
    """Runs argv lists, capturing output; ``dry_run`` records without running.

    ``on_command`` is called with each record before it runs (the CLI prints
    it under ``-v`` and ``--dry-run``); library code itself never prints.
    """

    def __init__(self, *, dry_run: bool = False, on_command=None,
                 on_output=None) -> None:
        self.dry_run = dry_run
        self.on_command = on_command
        self.on_output = on_output
        self.records: list[CommandRecord] = []

    def run(self, argv: list[str], *, step: str, cwd: str | None = None,
            path: str | None = None, hint: str | None = None,
            env: dict | None = None) -> CommandRecord:
        return self.start(argv, step=step, cwd=cwd, path=path, hint=hint,
                          env=env).wait()

    def record(self, argv: list[str], *, step: str,
               cwd: str | None = None) -> CommandRecord:
        """Show and record a command without running it: one that runs
        detached (not waited for), or a dry run's."""
        return self._record(step, argv, cwd)

    def start(self, argv: list[str], *, step: str, cwd: str | None = None,
              path: str | None = None, hint: str | None = None,
              env: dict | None = None, query: bool = False) -> "Pending":
        """Start argv and return at once; ``wait()`` finishes it.  The build
        overlaps its own Python work (and the header cache build) with the
        compiler this way.  A ``query`` (``proftpd -V``) runs also under
        ``dry_run`` and its output is the caller's, not shown."""
        return Pending(self, self._record(step, argv, cwd), path, hint, env, query)
    def capture(self, argv: list[str], *, step: str, timeout: float,
                cwd: str | None = None, env: dict | None = None,
                input: str | None = None, new_session: bool = False,
                merge_stderr: bool = False) -> CommandRecord:
        """Run argv to its end within ``timeout`` seconds and return its record
        whatever its status (the caller judges it).  On a timeout the process
        (with ``new_session``, its whole process group) is killed and
        ``CommandTimeout`` raised.  Runs also under ``dry_run``: these are
        queries, not build steps."""
        import subprocess
        rec = self._record(step, argv, cwd)
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(
                rec.argv, cwd=cwd, env=env, text=True, errors="replace",
                stdin=subprocess.DEVNULL if input is None else subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT if merge_stderr else subprocess.PIPE,
                start_new_session=new_session)
        except OSError as exc:
            raise EnvironmentProblem(
                f"{step}: cannot run '{rec.argv[0]}': {exc.strerror}", step=step,
                hint="check that it is installed and executable") from None
        try:
            out, err = proc.communicate(input, timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(proc, new_session)
            raise CommandTimeout(
                f"{step}: '{format_argv(rec.argv)}' did not finish within "
                f"{timeout:g}s; stopped it", argv=rec.argv, timeout=timeout,
                step=step) from None
        except BaseException:
            _kill(proc, new_session)
            raise
        rec.seconds = time.perf_counter() - start
        rec.ran = True
        rec.returncode = proc.returncode
        rec.stdout, rec.stderr = out or "", err or ""
        return rec

    def popen(self, argv: list[str], *, step: str, stdin="null", stdout="pipe",
              stderr="pipe", new_session: bool = False, cwd: str | None = None,
              env: dict | None = None):
        """Start a process the caller owns, for children that live on while
        this process talks to them (the shim host, a throw-away proftpd).
        ``stdin``/``stdout``/``stderr``: "pipe", "null", "stdout" (stderr
        only) or an open file.  Only the argv is recorded; the caller waits
        for the process (``wait_for``) and ends it."""
        import subprocess
        streams = {"pipe": subprocess.PIPE, "null": subprocess.DEVNULL,
                   "stdout": subprocess.STDOUT}
        rec = self._record(step, argv, cwd)
        rec.ran = True
        return subprocess.Popen(rec.argv, cwd=cwd, env=env, close_fds=True,
                                stdin=streams.get(stdin, stdin),
                                stdout=streams.get(stdout, stdout),
                                stderr=streams.get(stderr, stderr),
                                start_new_session=new_session)

    @staticmethod
    def wait_for(proc, timeout: float | None) -> int | None:
        """A ``popen`` process's exit status, or None if it is still running
        after ``timeout`` seconds (it is left running)."""
        import subprocess
        try:
            return proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def detached(self, argv: list[str], *, step: str,
                 shows: list[str] | None = None) -> int | None:
        """Start a helper in its own session with stdio on /dev/null and
        return its pid (None under ``dry_run``); nobody waits for its end,
        ``reap`` collects it if it is done.  ``shows`` is the command recorded
        and shown in its place (the work a wrapper runs).  posix_spawn: no
        fork of this process and no import of subprocess at start-up."""
        self.record(shows if shows is not None else argv, step=step)
        if self.dry_run:
            return None
        return os.posix_spawn(
            argv[0], argv, os.environ,
            file_actions=[(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_RDWR, 0)
                          for fd in (0, 1, 2)],
            setsid=True)

    @staticmethod
    def reap(pid: int | None) -> None:
        """Collect a detached helper if it has ended; never wait for it."""
        if pid:
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass

    def _record(self, step: str, argv: list[str], cwd: str | None) -> CommandRecord:
        rec = CommandRecord(step, list(argv), cwd)
        self.records.append(rec)
        if self.on_command is not None:
            self.on_command(rec)
        return rec


def run_to_end(argv: list[str]) -> int:
    """Run argv with this process's stdio and return its exit status: for a
    detached helper itself (``python -m prxs.pch``), where nothing is
    recorded or shown."""
    pid = os.posix_spawnp(argv[0], argv, os.environ)
    while True:
        try:
            _, status = os.waitpid(pid, 0)
            return os.waitstatus_to_exitcode(status)
        except InterruptedError:
            continue


def _kill(proc, group: bool) -> None:
    import signal
    try:
        if group:
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
    except (ProcessLookupError, PermissionError):
        pass
    proc.communicate()


def describe_status(code: int) -> str:
    """``exit status 1`` or ``killed by signal 9 (SIGKILL)``."""
    if code >= 0:
        return f"exit status {code}"
    import signal
    try:
        name = signal.Signals(-code).name
    except ValueError:
        name = "unknown signal"
    return f"killed by signal {-code} ({name})"


class Pending:
    """A started command; ``wait()`` returns its record or raises."""

    def __init__(self, runner: Runner, rec: CommandRecord, path, hint, env,
                 query: bool = False) -> None:
        self.runner = runner
        self.rec = rec
        self.path = path
        self.hint = hint
        self.query = query
        self.start = time.perf_counter()
        self.proc = None
        self.done = False
        if runner.dry_run and not query:
            self.done = True
            return
        try:
            self.proc = _Spawned(rec.argv, rec.cwd, env)
        except FileNotFoundError:
            raise EnvironmentProblem(
                f"{rec.step}: cannot run '{rec.argv[0]}': command not found",
                step=rec.step, path=path,
                hint="install it (Debian: apt-get install gcc) or set CC to a "
                     "working compiler") from None
        except PermissionError as exc:
            raise EnvironmentProblem(
                f"{rec.step}: cannot run '{rec.argv[0]}': {exc.strerror}", step=rec.step,
                path=path, hint="check the program's permissions or set CC") from None

    def wait(self, timeout: float | None = None) -> CommandRecord:
        """The record; a non-zero exit raises FailedProcessError.  With a
        ``timeout``, a command still running after it is killed (and
        reported as killed by signal 9)."""
        rec = self.rec
        if self.done:
            return rec
        self.done = True
        code, out, err = self.proc.wait(
            None if timeout is None else time.monotonic() + timeout)
        rec.seconds = time.perf_counter() - self.start
        rec.ran = True
        rec.returncode = code
        rec.stdout = out.decode("utf-8", "replace")
        rec.stderr = err.decode("utf-8", "replace")
        if self.runner.on_output is not None and (rec.stdout or rec.stderr) \
                and not self.query:
            self.runner.on_output(rec)
        if code != 0:
            what = f"exit status {code}" if code > 0 else f"killed by signal {-code}"
            raise FailedProcessError(
                f"{rec.step} failed ({what})" + (f" for {self.path}" if self.path else ""),
                argv=rec.argv, returncode=code, stdout=rec.stdout,
                stderr=rec.stderr, step=rec.step, path=self.path, hint=self.hint)
        return rec

    def kill(self) -> None:
        """Stop a command whose result is no longer wanted."""
        if self.proc is not None and not self.done:
            self.done = True
            self.proc.kill()


def _capture_file() -> int:
    """An anonymous file for a child's output: no pipes to pump, no threads,
    and no import of subprocess (which costs more than a warm compile saves)."""
    tmp = os.environ.get("TMPDIR") or "/tmp"
    try:
        return os.open(tmp, os.O_TMPFILE | os.O_RDWR | os.O_CLOEXEC, 0o600)
    except (AttributeError, OSError):
        import tempfile
        fd, name = tempfile.mkstemp(prefix="prxs-out-")
        os.unlink(name)
        return fd


def _read_all(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while True:
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


_ENV_CHDIR = "/usr/bin/env" if os.access("/usr/bin/env", os.X_OK) else None


class _Spawned:
    """A child with stdin from /dev/null and stdout/stderr captured in
    anonymous files (posix_spawn: no fork of this process, no pipes to pump)."""

    def __init__(self, argv: list[str], cwd: str | None, env: dict | None) -> None:
        self.sub = None
        self.pid = None
        if cwd is not None and _ENV_CHDIR:
            # posix_spawn has no chdir action in Python: coreutils' env -C
            # changes directory and execs the command (no shell involved), so
            # a build need not import subprocess for it.
            argv = [_ENV_CHDIR, "-C", cwd, "--", *argv]
            cwd = None
        if cwd is not None or not hasattr(os, "posix_spawnp"):
            import subprocess
            self.sub = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            return
        self.out_fd = _capture_file()
        self.err_fd = _capture_file()
        try:
            actions = [(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                       (os.POSIX_SPAWN_DUP2, self.out_fd, 1),
                       (os.POSIX_SPAWN_DUP2, self.err_fd, 2)]
            self.pid = os.posix_spawnp(argv[0], argv, os.environ if env is None else env,
                                       file_actions=actions)
        except BaseException:
            os.close(self.out_fd)
            os.close(self.err_fd)
            raise

    def wait(self, deadline: float | None = None) -> tuple[int, bytes, bytes]:
        """The status and output; with a ``deadline`` (time.monotonic()), a
        child still running then is killed and reported as signal 9."""
        if self.sub is not None:
            out, err = self.sub.communicate()
            return self.sub.returncode, out, err
        try:
            while True:
                try:
                    if deadline is None:
                        _, status = os.waitpid(self.pid, 0)
                        break
                    pid, status = os.waitpid(self.pid, os.WNOHANG)
                    if pid:
                        break
                    if time.monotonic() > deadline:
                        import signal
                        os.kill(self.pid, signal.SIGKILL)
                        deadline = None
                        continue
                    time.sleep(0.002)
                except InterruptedError:
                    continue
            return (os.waitstatus_to_exitcode(status), _read_all(self.out_fd),
                    _read_all(self.err_fd))
        finally:
            os.close(self.out_fd)
            os.close(self.err_fd)

    def kill(self) -> None:
        import signal
        if self.sub is not None:
            self.sub.kill()
            self.sub.wait()
            return
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.wait()


def format_argv(argv: list[str]) -> str:
    """A copy-pasteable rendering of argv, for humans only (never executed)."""
    out = []
    for a in argv:
        if a and all(c.isalnum() or c in "-_./=,:+@%" for c in a):
            out.append(a)
        else:
            out.append("'" + a.replace("'", "'\"'\"'") + "'")
    return " ".join(out)


def which(name: str, path: str | None = None) -> str | None:
    """Like shutil.which, without importing shutil (start-up cost)."""
    if os.sep in name:
        return name if os.access(name, os.X_OK) and not os.path.isdir(name) else None
    for d in (path if path is not None else os.environ.get("PATH", os.defpath)).split(os.pathsep):
        p = os.path.join(d or ".", name)
        if os.access(p, os.X_OK) and not os.path.isdir(p):
            return p
    return None
