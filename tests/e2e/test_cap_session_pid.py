"""``Session.pid``: the pid of the forked session process, which the mod_cap
tests need to read /proc/<pid>/status (the ``#PID`` query of the protocol)."""

from __future__ import annotations

import os
import shutil
import sys

import pytest

from prxs.shim.pytest_plugin import shim_host_factory  # noqa: F401

pytestmark = pytest.mark.skipif(shutil.which("gcc") is None or
                                not sys.platform.startswith("linux"),
                                reason="needs gcc (the shim host) and /proc")


def ppid_of(pid: int) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("PPid:"):
                return int(line.split()[1])
    raise AssertionError("no PPid line")


def test_session_pid_is_a_child_of_the_host_and_differs_per_session(shim_host_factory):
    host = shim_host_factory('ServerName "pid test"\n')
    with host.session() as a, host.session() as b:
        assert a.pid != b.pid
        assert {a.pid, b.pid}.isdisjoint({host.pid, os.getpid()})
        assert ppid_of(a.pid) == ppid_of(b.pid) == host.pid
        # Asking does not disturb the session: commands still answer.
        assert a.command("NOOP").code is not None
        assert a.pid == a.pid
    assert f"prxs-shim[{a.pid}]: FTP session opened" in host.log_text()
