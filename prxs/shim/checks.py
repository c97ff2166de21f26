"""One-shot host runs: config check (as ``proftpd -t``) and module lists."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass

from .build import host_binary


@dataclass(frozen=True)
class CheckResult:
    """``exit_code`` as proftpd -t (0 ok, 1 fatal); ``log`` is the host's
    log output (stderr); ``stdout`` its progress lines."""

    exit_code: int
    stdout: str
    log: str

    @property
    def ok(self) -> bool:
        return self.exit_code == 0

    def log_lines(self) -> list[str]:
        return [ln.split("]: ", 1)[-1] for ln in self.log.splitlines()]


def _run(args: list[str], debug_level: int) -> CheckResult:
    proc = subprocess.run([host_binary(), *args, "-d", str(debug_level)],
                          stdin=subprocess.DEVNULL, capture_output=True,
                          start_new_session=True)
    return CheckResult(proc.returncode, proc.stdout.decode("utf-8", "replace"),
                       proc.stderr.decode("utf-8", "replace"))


def check_config(config: str, *, debug_level: int = 0) -> CheckResult:
    """Check a config file as ``proftpd -t -c`` does (modules are loaded)."""
    return _run(["-t", "-c", config], debug_level)


def list_static_modules() -> list[str]:
    res = _run(["-l"], 0)
    return [ln.strip() for ln in res.stdout.splitlines()[1:] if ln.strip()]


def list_loaded_modules(config: str, *, debug_level: int = 0) -> CheckResult:
    return _run(["--list-loaded", "-c", config], debug_level)
