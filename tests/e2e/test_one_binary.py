"""One binary, two hosts: a module built by prxs runs unchanged in the shim
and in the real proftpd 1.3.8, whichever headers it was built against."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from prxs.shim import Host
from prxs.shim.passwd import write_passwd
from prxs.shim.realhost import RealHost
from prxs.shim.testing import build_with_prxs
from tests.conftest import SAMPLES, needs_proftpd

pytestmark = [needs_proftpd,
              pytest.mark.skipif(os.geteuid() != 0,
                                 reason="sessions switch to the test user (root)")]

HOSTS = {"shim": Host, "proftpd": RealHost}


@pytest.fixture
def user(tmp_path):
    homes = Path(tempfile.mkdtemp(prefix="prxs-one-home-"))
    os.chmod(homes, 0o711)
    home = homes / "alice"
    home.mkdir()
    os.chown(home, 4242, 4242)
    passwd = tmp_path / "ftpd.passwd"
    write_passwd(str(passwd), {"alice": {"password": "secret", "uid": 4242,
                                         "gid": 4242, "home": str(home)}})
    yield {"passwd": passwd, "home": home}
    shutil.rmtree(homes, ignore_errors=True)


def build(tmp_path: Path, prxs_cache: Path, name: str, target: str) -> Path:
    return build_with_prxs(SAMPLES / name, tmp_path / f"{target}-{name}",
                           "--target", target,
                           env={"PRXS_CACHE_DIR": str(prxs_cache)})


@pytest.mark.parametrize("target", ["sdk", "proftpd"])
@pytest.mark.parametrize("host", ["shim", "proftpd"])
def test_mod_hello_answers_on_each_host_whatever_it_was_built_against(
        tmp_path, prxs_cache, user, target, host):
    mods = build(tmp_path, prxs_cache, "mod_hello.c", target)
    conf = (f"ServerName one\nModulePath {mods}\nLoadModule mod_hello.c\n"
            f'HelloGreeting "Howdy"\nAuthUserFile {user["passwd"]}\n')
    with HOSTS[host](config_text=conf, workdir=tmp_path / "w") as h:
        with h.session() as s:
            assert s.login("alice", "secret").code == 230
            assert s.command("SITE HELLO bob").lines == ((200, "Howdy, bob!"),)


def test_the_same_file_runs_in_both_hosts(tmp_path, prxs_cache, user):
    """Not two builds: one .so, loaded from one build directory by both."""
    mods = build(tmp_path, prxs_cache, "mod_hello.c", "sdk")
    so = mods / ".libs" / "mod_hello.so"
    before = so.read_bytes()
    conf = (f"ServerName one\nModulePath {mods}\nLoadModule mod_hello.c\n"
            f"AuthUserFile {user['passwd']}\n")
    replies = {}
    for name, cls in HOSTS.items():
        with cls(config_text=conf, workdir=tmp_path / name) as h:
            with h.session() as s:
                s.login("alice", "secret")
                replies[name] = s.command("SITE HELLO x").lines
            assert any(str(mods) in ln and "mod_hello" in ln for ln in h.log_lines())
    assert replies["shim"] == replies["proftpd"] == ((200, "Hello, x!"),)
    assert so.read_bytes() == before


@pytest.mark.parametrize("target", ["sdk", "proftpd"])
def test_mod_exec_built_either_way_runs_a_hook_in_the_shim(tmp_path, prxs_cache,
                                                           user, target):
    mods = build(tmp_path, prxs_cache, "mod_exec.c", target)
    # The hook runs as the user: script and output in reach of uid 4242.
    out = user["home"] / "hook.out"
    script = user["home"].parent / "hook.sh"
    script.write_text(f'#!/bin/sh\necho "$@" > {out}\n')
    script.chmod(0o755)
    conf = (f"ServerName one\nModulePath {mods}\nLoadModule mod_exec.c\n"
            f"AuthUserFile {user['passwd']}\nExecEngine on\n"
            f"ExecOptions logStdout logStderr\n"
            f"ExecOnCommand NOOP {script} %u %m\n")
    with Host(config_text=conf, workdir=tmp_path / "w") as h:
        with h.session() as s:
            s.login("alice", "secret")
            assert s.command("NOOP").code == 200
    deadline = time.monotonic() + 10
    while not out.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert out.read_text() == "alice NOOP\n"


@pytest.mark.parametrize("target", ["sdk", "proftpd"])
def test_mod_cap_built_either_way_drops_capabilities_in_the_shim(tmp_path, prxs_cache,
                                                                 user, target):
    mods = build(tmp_path, prxs_cache, "mod_cap.c", target)
    conf = (f"ServerName one\nModulePath {mods}\nLoadModule mod_cap.c\n"
            f"AuthUserFile {user['passwd']}\n")
    with Host(config_text=conf, workdir=tmp_path / "w") as h:
        with h.session() as s:
            assert s.login("alice", "secret").code == 230
            status = Path(f"/proc/{s.pid}/status").read_text()
    fields = dict(ln.split(":\t", 1) for ln in status.splitlines() if ":\t" in ln)
    # The sample keeps CAP_CHOWN and CAP_NET_BIND_SERVICE, permitted and
    # effective (tests/e2e/test_cap_drop.py pins the details): the drop
    # happened, whichever headers built the module.  CAP_AUDIT_WRITE too:
    # mod_auth_pam is built in, in the shim as in Debian's proftpd.
    keep = (1 << 0) | (1 << 10) | (1 << 29)
    assert int(fields["CapPrm"], 16) == int(fields["CapEff"], 16) == keep


NOT_YET = """#include "conf.h"
module ni_module;
static int ni_init(void) {
  return pr_inet_resetlisten(NULL, NULL) == 0 ? 0 : 0;
}
module ni_module = { NULL, NULL, 0x20, "ni", NULL, NULL, NULL, ni_init, NULL,
  "mod_ni/0.1" };
"""


def test_sdk_check_names_an_api_function_the_shim_lacks(prxs, tmp_path):
    # The SDK declares all of ProFTPD's API; the shim exports what it
    # implements.  A module calling one of the others is told so, by name
    # (pr_inet_resetlisten: re-listening on a server socket, which no module
    # Debian ships uses and the shim, having no listening sockets, lacks).
    from prxs import sdk
    assert "pr_inet_resetlisten" not in sdk.exported_symbols()
    (tmp_path / "mod_ni.c").write_text(NOT_YET)
    r = prxs("-c", "--target", "sdk", "mod_ni.c", cwd=tmp_path)
    assert r.returncode == 1, r
    assert "the shim does not implement pr_inet_resetlisten yet" in r.stderr
    assert not (tmp_path / ".libs" / "mod_ni.so").exists()
    r = prxs("-c", "--target", "proftpd", "mod_ni.c", cwd=tmp_path)
    assert r.returncode == 0, r
