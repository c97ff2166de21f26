"""Helpers shared by the benchmarks (not a benchmark itself)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def prxs_command() -> list[str]:
    """The installed console script beside this interpreter, as users run it;
    ``python -m prxs`` (which pays for runpy) only without one."""
    script = os.path.join(os.path.dirname(sys.executable), "prxs")
    return [script] if os.access(script, os.X_OK) else [sys.executable, "-m", "prxs"]


def wait_for_header_cache(cache: Path, timeout: float = 120.0) -> None:
    """A first build leaves conf.h.gch to a detached helper: wait until no
    header build is in flight, so it cannot skew the next timings."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if list(cache.glob("pch/*/conf.h.gch")) and not list(cache.glob("pch/*/*.tmp")):
            return
        time.sleep(0.05)
    sys.exit(f"bench: no header cache appeared in {cache}")
