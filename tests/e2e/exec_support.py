"""Shared helpers for mod_exec's tests: the built modules, the hook program
(tests/packages/exec/exec_hook.c) under its several names, and a host started
with mod_exec loaded.

A hook writes one JSON record per run into its ``records`` directory (argv,
ids, groups, cwd, environment, open descriptors, stdin); ``Hooks.wait(n)``
returns the records in the order the runs happened.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from prxs.shim.testing import build_with_prxs

from ..conftest import PACKAGES, SAMPLES

PKG = PACKAGES / "exec"

HOOK_NAMES = ("record", "say", "fail", "stubborn", "chatty", "true")

needs_gcc = pytest.mark.skipif(shutil.which("gcc") is None,
                               reason="mod_exec's tests build C code with gcc")
needs_root = pytest.mark.root(
                                reason="switching a program's uid/gid needs root")

NOBODY = 65534


EXEC_SOURCES = (SAMPLES / "mod_exec.c", PKG / "mod_evgen.c")


def build_modules(dest: Path, cache: Path) -> Path:
    env = {"PRXS_CACHE_DIR": str(cache)}
    for src in EXEC_SOURCES:
        build_with_prxs(src, dest, env=env)
    return dest


def build_hook(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    out = dest / "exec_hook"
    subprocess.run(["gcc", "-O2", "-o", str(out), str(PKG / "exec_hook.c")],
                   check=True, capture_output=True, text=True)
    return out


class Hooks:
    """A directory under /tmp (reachable by nobody and the test user) holding
    the hook program under each of its names and a world-writable records
    directory."""

    def __init__(self, binary: Path) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="prxs-exec-"))
        os.chmod(self.dir, 0o755)
        for name in HOOK_NAMES:
            shutil.copy(binary, self.dir / name)
            os.chmod(self.dir / name, 0o755)
        self.records_dir = self.dir / "records"
        self.records_dir.mkdir()
        os.chmod(self.records_dir, 0o1777)

    def path(self, name: str = "record") -> str:
        return str(self.dir / name)

    def records(self) -> list[dict]:
        out = []
        for p in sorted(self.records_dir.glob("*.json")):
            out.append(json.loads(p.read_text()))
        return out

    def wait(self, n: int, timeout: float = 10.0, settle: float = 0.2) -> list[dict]:
        """Wait for at least n records, then a little longer for extra ones."""
        deadline = time.monotonic() + timeout
        while len(self.records()) < n and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(settle)
        return self.records()

    def clear(self) -> None:
        for p in self.records_dir.iterdir():
            p.unlink()

    def cleanup(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


def env_dict(rec: dict) -> dict[str, str]:
    return dict(e.split("=", 1) for e in rec["env"])


def fd_numbers(rec: dict) -> list[int]:
    return sorted(fd for fd, _ in rec["fds"])


@pytest.fixture
def exec_mods(shim_build_once, prxs_host_kind, prxs_cache) -> Path:
    """mod_exec and mod_evgen built for this run's host (once per host per
    test module)."""
    return shim_build_once(prxs_host_kind, EXEC_SOURCES, name="exec-mods",
                           env={"PRXS_CACHE_DIR": str(prxs_cache)})


@pytest.fixture(scope="module")
def hook_binary(tmp_path_factory) -> Path:
    return build_hook(tmp_path_factory.mktemp("exec-hook"))


@pytest.fixture
def hooks(hook_binary):
    h = Hooks(hook_binary)
    yield h
    h.cleanup()


@pytest.fixture
def exec_host(shim_host_factory, shim_user, exec_mods, tmp_path):
    """start(body, engine=True, log=True) -> (host, user): a host with
    mod_exec (and mod_evgen) loaded, User nobody, the user alice (uid 4242),
    ExecEngine on and an ExecLog at host.exec_log."""
    user = shim_user("alice", "secret", uid=4242)

    def start(body: str, *, engine: bool = True, log: bool = True, **kw):
        exec_log = tmp_path / "exec.log"
        lines = [
            'ServerName "exec test"',
            "User nobody",
            "Group nogroup",
            f"ModulePath {exec_mods}",
            "LoadModule mod_exec.c",
            "LoadModule mod_evgen.c",
            f"AuthUserFile {user['passwd_file']}",
            f"ExecEngine {'on' if engine else 'off'}",
            # Debian's proftpd has mod_cap built in, and its root revoke
            # would keep hooks after login from running as root or nobody;
            # the shim has no mod_cap unless a test loads it.
            "<IfModule mod_cap.c>",
            "  CapabilitiesEngine off",
            "</IfModule>",
        ]
        if log:
            lines.append(f"ExecLog {exec_log}")
        host = shim_host_factory("\n".join(lines) + "\n" + body + "\n", **kw)
        host.exec_log = exec_log
        return host, user

    return start


def exec_log_lines(host) -> list[str]:
    try:
        text = Path(host.exec_log).read_text()
    except FileNotFoundError:
        return []
    return [ln.split("]: ", 1)[-1] for ln in text.splitlines()]
