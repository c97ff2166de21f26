"""Controls on either host: prxs's client, ``prxs ctl`` and ProFTPD's own
``ftpdctl`` against a host with a ControlsSocket (on the real server:
mod_ctrls, with mod_dso's lsmod/insmod/rmmod).  The rest of the Controls
suites test the shim's own implementation and stay on the shim."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from prxs.shim.ctl import Client
from prxs.shim.pytest_plugin import shim_host_factory  # noqa: F401

from .ctl_support import SAMPLES, needs_gcc, needs_root, sock_dir  # noqa: F401

pytestmark = [pytest.mark.both_hosts, needs_gcc, needs_root]


@pytest.fixture
def ctl(shim_host_factory, shim_build_once, prxs_host_kind, prxs_cache, sock_dir):
    """start(acls) -> (host, Client, socket path): mod_hello loaded, a
    ControlsSocket polled every second (proftpd's default is 10)."""
    mods = shim_build_once(prxs_host_kind, (SAMPLES / "mod_hello.c",),
                           env={"PRXS_CACHE_DIR": str(prxs_cache)}, name="ctl-mods")

    def start(acls: str = "ModuleControlsACLs lsmod allow user root"):
        sock = sock_dir / "ctrls.sock"
        host = shim_host_factory(f"ModulePath {mods}\nLoadModule mod_hello.c\n"
                                 f"ControlsEngine on\nControlsInterval 1\n"
                                 f"ControlsSocket {sock}\n{acls}\n")
        return host, Client(sock, timeout=15.0), sock

    return start


def test_lsmod_lists_the_loaded_module_after_the_static_ones(ctl):
    _, client, _ = ctl()
    modules = client.modules()
    assert modules[-1] == "mod_hello.c"
    assert {"mod_core.c", "mod_dso.c", "mod_ctrls.c"} <= set(modules)


def test_an_action_the_acls_do_not_allow_is_denied(ctl):
    _, client, _ = ctl()
    reply = client.request("rmmod", "mod_hello.c")
    assert not reply.ok
    assert reply.lines[0].startswith("access denied"), reply.lines
    assert client.modules()[-1] == "mod_hello.c"


def test_prxs_ctl_lsmod(ctl, prxs):
    _, _, sock = ctl()
    res = prxs("ctl", "-s", str(sock), "lsmod")
    assert res.returncode == 0, res
    assert "mod_hello.c" in res.stdout


@pytest.mark.skipif(shutil.which("ftpdctl") is None,
                    reason="needs ProFTPD's ftpdctl (apt-get install proftpd-core)")
def test_proftpds_ftpdctl_lsmod(ctl):
    _, _, sock = ctl()
    run = subprocess.run(["ftpdctl", "-s", str(sock), "lsmod"], capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "mod_hello.c" in run.stdout
    assert Path(sock).exists()
