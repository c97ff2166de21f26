"""What a shim host and a real-server host share, written once: the session
commands built on ``command()`` and the log helpers built on ``log_text()``."""

from __future__ import annotations

import re
import time

from .errors import ShimTimeout

__all__ = ["SessionCommands", "HostLog"]


class SessionCommands:
    """login/stor/appe/retr/quit and the context manager, for a session
    class that has ``command()``, ``closed`` and a ``_sock``."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def login(self, user: str, password: str):
        """USER then PASS; returns the PASS reply (230 when it worked)."""
        self.command("USER", user)
        return self.command("PASS", password)

    def stor(self, name: str, data: bytes):
        return self.command("STOR", name, data=data)

    def appe(self, name: str, data: bytes):
        return self.command("APPE", name, data=data)

    def retr(self, name: str):
        return self.command("RETR", name)

    def quit(self):
        reply = self.command("QUIT")
        self.close()
        return reply

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            try:
                self._sock.close()
            except OSError:
                pass

    def fileno(self) -> int:
        return self._sock.fileno()


class HostLog:
    """``log_lines()`` and ``wait_for_log()`` for a host class that has
    ``log_text()``, ``log_path``, ``log_name`` (for messages) and
    ``_log_message(line)`` (a line without its time/host/pid prefix)."""

    log_name = "host"

    def log_lines(self) -> list[str]:
        """Log messages without the time/host/pid prefix."""
        return [self._log_message(ln) for ln in self.log_text().splitlines()]

    def wait_for_log(self, pattern: str, timeout: float = 5.0) -> str:
        """Wait until a log line matches the regex; returns that line."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            for line in self.log_lines():
                if rx.search(line):
                    return line
            if time.monotonic() > deadline:
                raise ShimTimeout(f"{self.log_name} log has no line matching "
                                  f"{pattern!r} after {timeout:g}s",
                                  hint=f"see {self.log_path}")
            time.sleep(0.01)
