"""mod_cap with sample_modules/mod_exec.c in the same host: with ExecEngine on
the session keeps CAP_SETUID/CAP_SETGID for the hooks, and a hook started
after the drop has no capabilities at all."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from prxs.shim.pytest_plugin import shim_host_factory, shim_user  # noqa: F401
from prxs.shim.testing import build_with_prxs

from .cap_support import (CAP_CHOWN, CAP_NET_BIND_SERVICE, CAP_SETGID, CAP_SETUID,
                          SAMPLES, needs_caps, parse_status, status)

MOD_EXEC = SAMPLES / "mod_exec.c"

from .host_differences import differs  # noqa: E402

pytestmark = [
    needs_caps,
    pytest.mark.skipif(not MOD_EXEC.exists(),
                       reason="sample_modules/mod_exec.c is not there yet "
                              "(another engineer's issue)"),
    differs("mod-cap-builtin")]

UID = 4242
# CAP_AUDIT_WRITE: mod_auth_pam is built in (as in Debian's proftpd).
KEEP = CAP_NET_BIND_SERVICE | CAP_CHOWN | CAP_SETUID | CAP_SETGID | (1 << 29)


@pytest.fixture(scope="module")
def mods(tmp_path_factory, prxs_cache) -> Path:
    d = tmp_path_factory.mktemp("capexec")
    env = {"PRXS_CACHE_DIR": str(prxs_cache)}
    for src in (SAMPLES / "mod_cap.c", MOD_EXEC):
        build_with_prxs(src, d, env=env)
    return d


def wait_for(path: Path, timeout: float = 10.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and "CapBnd" in path.read_text():
            return path.read_text()
        time.sleep(0.05)
    raise AssertionError(f"the hook did not write {path} within {timeout}s")


def test_a_hook_started_after_the_drop_has_no_capabilities(shim_host_factory,
                                                           shim_user, mods):
    user = shim_user("alice", "secret", uid=UID)
    out = user["home"] / "hook-status"
    # cp reads its own /proc/self/status: the hook's, not the session's.
    host = shim_host_factory(f"""ServerName "cap+exec"
ModulePath {mods}
LoadModule mod_cap.c
LoadModule mod_exec.c
AuthUserFile {user['passwd_file']}
ExecEngine on
ExecOptions logStdout logStderr
ExecOnCommand STOR /bin/cp /proc/self/status {out}
""")
    with host.session() as s:
        assert s.login("alice", "secret").code == 230
        session = status(s.pid)
        assert (session.prm, session.eff, session.bnd) == (KEEP,) * 3
        assert session.uid == (UID,) * 4
        assert s.stor("up.txt", b"data\n").code == 226
        hook = parse_status(wait_for(out))
    assert (hook.prm, hook.eff, hook.inh, hook.amb) == (0, 0, 0, 0)
    assert hook.bnd == KEEP
    assert hook.uid[1] == UID
