"""Errors raised by the shim's Python API (all are ``PrxsError`` subclasses)."""

from __future__ import annotations

from ..errors import EnvironmentProblem, PrxsError


class ShimError(PrxsError):
    """Base class for shim failures (exit code 1)."""


class ShimBuildError(EnvironmentProblem):
    """The host binary could not be built (no compiler, or it failed)."""


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
    """The host or a session did not answer in time."""
