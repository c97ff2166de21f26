"""Shared helpers for the Controls tests: built modules, a socket directory
every uid can reach, a host with a ControlsSocket, and a client run as
another uid in a forked child that switches user (the host identifies
callers by SO_PEERCRED only)."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from prxs.shim.ctl import Client
from prxs.shim.testing import build_with_prxs

from ..conftest import PACKAGES, ROOT, SAMPLES

PKG = PACKAGES / "shim"

UNPRIVILEGED = 4242
NOBODY = 65534

needs_gcc = pytest.mark.skipif(shutil.which("gcc") is None,
                               reason="the Controls tests build modules with gcc")
needs_root = pytest.mark.root(reason="a client of another uid needs root to "
                                       "fork and setuid")

# The Controls suites test the shim's own implementation (its mod_dso's
# lsmod/insmod/rmmod, its ACLs and its control channel): not run on proftpd.
shim_controls = pytest.mark.shim_only(
    "the shim's own Controls implementation (lsmod/insmod/rmmod in its "
    "mod_dso, its ACLs, its control channel)")

ALL_ACTIONS = "ModuleControlsACLs all allow user root\n"


@pytest.fixture(scope="module")
def ctl_mods(tmp_path_factory, prxs_cache) -> Path:
    d = tmp_path_factory.mktemp("ctl-mods")
    env = {"PRXS_CACHE_DIR": str(prxs_cache)}
    for src in (SAMPLES / "mod_hello.c", PKG / "mod_phases.c"):
        build_with_prxs(src, d, env=env)
    return d


@pytest.fixture
def sock_dir():
    """A short directory under /tmp that every uid may traverse."""
    d = tempfile.mkdtemp(prefix="prxs-ctl-")
    os.chmod(d, 0o755)
    yield Path(d)
    shutil.rmtree(d, ignore_errors=True)


@pytest.fixture
def ctl_host(shim_host_factory, sock_dir, ctl_mods):
    """start(body) -> (host, Client): a host with ModulePath set to the built
    modules and a ControlsSocket in sock_dir."""
    def start(body: str = "", **kw):
        sock = sock_dir / "ctrls.sock"
        host = shim_host_factory(f"ModulePath {ctl_mods}\nControlsSocket {sock}\n"
                                 + body, **kw)
        return host, Client(sock, timeout=5.0)

    return start


def as_user(uid: int, gid: int, func) -> dict:
    """Run func() in a forked child that dropped to uid/gid; returns the
    JSON-able value it returned, or {"error": repr} if it raised."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            os.close(r)
            os.setgroups([])
            os.setgid(gid)
            os.setuid(uid)
            out = json.dumps({"value": func()})
        except BaseException as exc:  # noqa: BLE001 - reported to the parent
            out = json.dumps({"error": f"{type(exc).__name__}: {exc}"})
            code = 1
        try:
            os.write(w, out.encode())
        finally:
            os._exit(code)
    os.close(w)
    chunks = []
    while True:
        chunk = os.read(r, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(r)
    os.waitpid(pid, 0)
    return json.loads(b"".join(chunks).decode() or '{"error": "no output"}')


def request_as(uid: int, gid: int, client: Client, *words: str) -> dict:
    """The reply (Reply.to_dict()) to a request sent by uid/gid."""
    res = as_user(uid, gid, lambda: client.request(*words).to_dict())
    assert "value" in res, res
    return res["value"]
