"""Typed errors: library code raises these, only the CLI prints them and exits.

Each error carries the exit code DESIGN.md assigns (1 build/install/load failure,
2 usage, 3 environment), the step that failed, the file concerned and a hint
saying what to do next.
"""

from __future__ import annotations


class PrxsError(Exception):
    """Base class; ``exit_code`` is what the CLI exits with."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None,
                 step: str | None = None, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.step = step
        self.path = path

    def to_dict(self) -> dict:
        return {"type": type(self).__name__, "message": self.message,
                "hint": self.hint, "step": self.step, "file": self.path,
                "exit_code": self.exit_code}


class UsageError(PrxsError):
    """The command line or its arguments are wrong (exit 2)."""

    exit_code = 2


class EnvironmentProblem(PrxsError):
    """A tool or target is missing or unusable on this machine (exit 3)."""

    exit_code = 3


class BuildError(PrxsError):
    """Compiling, linking or checking a module failed (exit 1)."""


class InstallError(PrxsError):
    """Installing or uninstalling a module failed (exit 1)."""


class FailedProcessError(BuildError):
    """A subprocess exited non-zero (or was killed): carries the command, its
    status and its output, and its text shows all three."""

    def __init__(self, message: str, *, argv: list[str], returncode: int,
                 stdout: str, stderr: str, step: str | None = None,
                 path: str | None = None, hint: str | None = None) -> None:
        super().__init__(message, step=step, path=path, hint=hint)
        self.argv = argv
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr

    @property
    def output(self) -> str:
        """What the command printed, stdout then stderr."""
        return "".join(t if t.endswith("\n") or not t else t + "\n"
                       for t in (self.stdout, self.stderr))

    def __str__(self) -> str:
        from .runner import describe_status, format_argv
        out = self.output.rstrip("\n")
        return (f"{self.message}\ncommand: {format_argv(self.argv)}\n"
                f"status: {describe_status(self.returncode)}\n"
                + (f"output:\n{out}" if out else "output: (none)"))

    def to_dict(self) -> dict:
        d = super().to_dict()
        d.update(command=self.argv, returncode=self.returncode,
                 stdout=self.stdout, stderr=self.stderr)
        return d


class CommandTimeout(PrxsError):
    """A command did not finish within its time limit (it has been killed)."""

    def __init__(self, message: str, *, argv: list[str], timeout: float,
                 step: str | None = None, hint: str | None = None) -> None:
        super().__init__(message, step=step, hint=hint)
        self.argv = argv
        self.timeout = timeout


class Interrupted(PrxsError):
    """Ctrl-C: what was stopped is in the message (exit 130, as a shell
    reports SIGINT; ``prxs shim`` keeps its documented 1)."""

    exit_code = 130
