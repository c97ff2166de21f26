"""The one place subprocesses are started: argv lists only, never a shell.

Every command is recorded (argv, duration, return code, output) so the CLI can
show it with ``-v``, report it in ``--json`` and print it in ``--dry-run``.
"""

from __future__ import annotations

import os
import time

from .errors import EnvironmentProblem, FailedProcessError


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
        rec = CommandRecord(step, list(argv), cwd)
        self.records.append(rec)
        if self.on_command is not None:
            self.on_command(rec)
        if self.dry_run:
            return rec
        import subprocess

        start = time.perf_counter()
        try:
            proc = subprocess.run(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        except FileNotFoundError:
            raise EnvironmentProblem(
                f"{step}: cannot run '{argv[0]}': command not found",
                step=step, path=path,
                hint="install it (Debian: apt-get install gcc) or set CC to a "
                     "working compiler") from None
        except PermissionError as exc:
            raise EnvironmentProblem(
                f"{step}: cannot run '{argv[0]}': {exc.strerror}", step=step,
                path=path, hint="check the program's permissions or set CC") from None
        rec.seconds = time.perf_counter() - start
        rec.ran = True
        rec.returncode = proc.returncode
        rec.stdout = proc.stdout.decode("utf-8", "replace")
        rec.stderr = proc.stderr.decode("utf-8", "replace")
        if self.on_output is not None and (rec.stdout or rec.stderr):
            self.on_output(rec)
        if proc.returncode != 0:
            what = f"exit status {proc.returncode}" if proc.returncode > 0 \
                else f"killed by signal {-proc.returncode}"
            raise FailedProcessError(
                f"{step} failed ({what})" + (f" for {path}" if path else ""),
                argv=rec.argv, returncode=proc.returncode, stdout=rec.stdout,
                stderr=rec.stderr, step=step, path=path, hint=hint)
        return rec


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
