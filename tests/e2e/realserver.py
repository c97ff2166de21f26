"""Helpers for tests that run the real proftpd on 127.0.0.1 (stopped by pid)."""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import time
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(what: str, check, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def base_config(name: str, port: int, run_dir, passwd, module_path) -> str:
    """The part every real-server test config shares: a standalone server on
    127.0.0.1 only, its files in run_dir, users from an AuthUserFile."""
    return f"""ServerName "{name}"
ServerType standalone
DefaultAddress 127.0.0.1
Port {port}
UseIPv6 off
User nobody
Group nogroup
PidFile {run_dir}/proftpd.pid
ScoreboardFile {run_dir}/proftpd.scoreboard
DelayTable none
WtmpLog off
RequireValidShell off
AuthOrder mod_auth_file.c
AuthUserFile {passwd}
ModulePath {module_path}
"""


@pytest.fixture
def run_dir():
    """A world-readable scratch directory: sessions run as nobody before login
    and cannot reach into tmp_path (its parents are 0700)."""
    d = Path(tempfile.mkdtemp(prefix="prxs-real-"))
    os.chmod(d, 0o755)
    yield d
    shutil.rmtree(d, ignore_errors=True)
