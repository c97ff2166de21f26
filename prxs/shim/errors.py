"""Errors raised by the shim's Python API (all are ``PrxsError`` subclasses)."""

from __future__ import annotations

from ..errors import EnvironmentProblem, PrxsError


class ShimError(PrxsError):
    """Base class for shim failures (exit code 1)."""


class ShimBuildError(ShimError, EnvironmentProblem):
    """The host binary could not be built (no compiler, or it failed): a shim
    failure caused by this machine's toolchain, so exit code 3."""

    exit_code = EnvironmentProblem.exit_code


class ShimConfigError(ShimError):
    """The host refused its configuration; ``log`` holds what it said."""

    def __init__(self, message: str, *, log: str, exit_code: int,
                 path: str | None = None, hint: str | None = None) -> None:
        super().__init__(message, path=path, hint=hint, step="shim config")
        self.log = log
        self.host_exit_code = exit_code


class SessionClosed(ShimError):
    """A session ended while the caller expected a reply (it crashed, or the
    module or the host closed it); ``replies`` holds what arrived before."""

    def __init__(self, message: str, *, replies=None, log: str = "") -> None:
        super().__init__(message, step="shim session")
        self.replies = replies or []
        self.log = log


class ShimTimeout(ShimError):
    """The host or a session did not answer in time (the host's process
    group has been ended); ``log`` holds what the host logged until then."""

    def __init__(self, message: str, *, hint: str | None = None,
                 log: str = "", path: str | None = None) -> None:
        super().__init__(message, hint=hint, path=path, step="shim wait")
        self.log = log


class ScriptExpectationFailed(ShimError):
    """A ``prxs shim --script`` line got a reply other than the one it
    expects (``CMD => 331``, or any 4xx/5xx with ``--expect-ok``)."""
