"""sample_modules/mod_cap.c in the shim: what a session process keeps after
PASS, read from /proc/<session pid>/status, and what it can still do."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from prxs.shim.hostbuild import host_binary
from prxs.shim.pytest_plugin import shim_host_factory, shim_user  # noqa: F401
from prxs.shim.testing import build_with_prxs

from .cap_support import (CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_FOWNER,
                          CAP_NET_BIND_SERVICE, CAP_SETGID, CAP_SETUID, EACCES,
                          EPERM, PKG, SAMPLES, errno_of, exec_status, needs_caps,
                          status)

from .host_differences import differs  # noqa: E402

pytestmark = [needs_caps,
              differs("mod-cap-builtin")]

# mod_auth_pam is built in, in the shim as in Debian's proftpd: mod_cap keeps
# CAP_AUDIT_WRITE for PAM's audit messages (test_cap_real_proftpd.py).
CAP_AUDIT_WRITE = 1 << 29
DEFAULT_KEEP = CAP_NET_BIND_SERVICE | CAP_CHOWN | CAP_AUDIT_WRITE
UID = 4242


@pytest.fixture(scope="module")
def mods(tmp_path_factory, prxs_cache) -> Path:
    d = tmp_path_factory.mktemp("capmods")
    env = {"PRXS_CACHE_DIR": str(prxs_cache)}
    for src in (SAMPLES / "mod_cap.c", PKG / "mod_captest.c"):
        build_with_prxs(src, d, env=env)
    return d


@pytest.fixture(scope="module")
def fake_exec(tmp_path_factory, prxs_cache) -> Path:
    d = tmp_path_factory.mktemp("fake_exec")
    build_with_prxs(PKG / "fake_exec" / "mod_exec.c", d,
                    env={"PRXS_CACHE_DIR": str(prxs_cache)})
    return d


@pytest.fixture
def cap_host(shim_host_factory, shim_user, mods):
    """start(extra_config) -> (host, user): mod_cap and mod_captest loaded."""
    user = shim_user("alice", "secret", uid=UID)

    def start(extra: str = "", *, cap: bool = True):
        host = shim_host_factory(f"""ServerName "cap test"
ModulePath {mods}
{"LoadModule mod_cap.c" if cap else ""}
LoadModule mod_captest.c
AuthUserFile {user['passwd_file']}
{extra}
""")
        return host, user

    return start


def logged_in(host, user):
    s = host.session()
    assert s.login(user["name"], user["password"]).code == 230
    return s


def test_after_pass_only_net_bind_service_and_chown_remain(cap_host):
    host, user = cap_host()
    with logged_in(host, user) as s:
        st = status(s.pid)
        assert (hex(st.prm), hex(st.eff), hex(st.bnd)) == (hex(DEFAULT_KEEP),) * 3
        assert (st.inh, st.amb) == (0, 0)
        assert st.uid == (UID,) * 4
        assert st.gid == (UID,) * 4
        assert "mod_cap/0.1: capabilities after login: " \
               "'cap_chown,cap_net_bind_service,cap_audit_write=ep'" in host.log_lines()

        # CAP_CHOWN still works; switching ids does not.
        (user["home"] / "mine").write_text("x")
        os.chown(user["home"] / "mine", UID, UID)
        assert errno_of(s.command(f"SITE CAPTEST CHOWN {user['home']}/mine 4243 4243")) == 0
        assert errno_of(s.command("SITE CAPTEST SETUID 0")) == EPERM


def test_before_pass_nothing_is_dropped(cap_host):
    host, user = cap_host()
    master = status(host.pid)

    def caps(st):
        return st.prm, st.bnd, st.inh, st.amb

    with host.session() as s:
        assert caps(status(s.pid)) == caps(master)
        assert s.command("USER alice").code == 331
        assert caps(status(s.pid)) == caps(master)
        assert s.command("PASS wrong").code == 530
        assert caps(status(s.pid)) == caps(master)
        assert not [ln for ln in host.log_lines() if ln.startswith("mod_cap/")]
        # A failed login is not a login: the next good one still drops.
        assert s.command("USER alice").code == 331
        assert s.command("PASS secret").code == 230
        assert status(s.pid).prm == DEFAULT_KEEP


def test_programs_the_session_starts_have_no_capabilities(cap_host):
    host, user = cap_host()
    with logged_in(host, user) as s:
        child = exec_status(s)
        assert (child.prm, child.eff, child.inh, child.amb) == (0, 0, 0, 0)
        assert child.bnd == DEFAULT_KEEP
        assert child.uid == (UID,) * 4


def test_capabilities_set_minus_chown_makes_chown_fail_with_eperm(cap_host):
    host, user = cap_host("CapabilitiesSet -CAP_CHOWN")
    (user["home"] / "mine").write_text("x")
    os.chown(user["home"] / "mine", UID, UID)
    with logged_in(host, user) as s:
        st = status(s.pid)
        assert (st.prm, st.eff, st.bnd) == (CAP_NET_BIND_SERVICE | CAP_AUDIT_WRITE,) * 3
        reply = s.command(f"SITE CAPTEST CHOWN {user['home']}/mine 4243 4243")
        assert errno_of(reply) == EPERM, str(reply)
    assert os.stat(user["home"] / "mine").st_uid == UID


@pytest.mark.parametrize("extra, expected", [
    ("", EACCES),
    ("CapabilitiesSet +CAP_DAC_OVERRIDE", 0),
    ("CapabilitiesSet +cap_dac_override", 0),
])
def test_dac_override_lets_the_session_write_a_root_owned_file(cap_host, extra,
                                                                 expected):
    host, user = cap_host(extra)
    target = user["home"] / "root-owned"
    target.write_text("root\n")
    os.chown(target, 0, 0)
    os.chmod(target, 0o644)
    with logged_in(host, user) as s:
        keep = DEFAULT_KEEP | (CAP_DAC_OVERRIDE if expected == 0 else 0)
        assert status(s.pid).eff == keep
        assert errno_of(s.command(f"SITE CAPTEST WRITE {target}")) == expected
    assert target.read_text() == ("root\n" if expected else "root\nx\n")


def test_capabilities_sets_add_up_in_file_order(cap_host):
    host, user = cap_host("""CapabilitiesSet +CAP_FOWNER +CAP_DAC_OVERRIDE
CapabilitiesSet -cap_dac_override -CAP_CHOWN""")
    with logged_in(host, user) as s:
        assert status(s.pid).prm == CAP_NET_BIND_SERVICE | CAP_FOWNER | CAP_AUDIT_WRITE


def test_capabilities_set_applies_from_global(cap_host):
    host, user = cap_host("""<Global>
CapabilitiesSet +CAP_FOWNER
</Global>""")
    with logged_in(host, user) as s:
        assert status(s.pid).prm == DEFAULT_KEEP | CAP_FOWNER


def test_root_revoke_off_keeps_uid_0(cap_host):
    host, user = cap_host("CapabilitiesRootRevoke off")
    with logged_in(host, user) as s:
        st = status(s.pid)
        assert st.uid[0] == 0                    # real uid: root is kept
        assert st.uid[1:] == (UID,) * 3          # working as the user
        assert (st.prm, st.eff, st.bnd) == (DEFAULT_KEEP,) * 3
        # ... but root gives nothing to programs the session starts.
        child = exec_status(s)
        assert child.uid[0] == 0
        assert (child.prm, child.eff) == (0, 0)


def test_engine_off_leaves_the_session_as_it_was(cap_host):
    without, user = cap_host(cap=False)
    with logged_in(without, user) as s:
        expected = status(s.pid)
    host, _ = cap_host("CapabilitiesEngine off")
    with logged_in(host, user) as s:
        assert status(s.pid) == expected
    assert not [ln for ln in host.log_lines() if ln.startswith("mod_cap/")
                and "disabled" not in ln]


def test_the_host_keeps_its_capabilities_after_sessions_end(cap_host):
    host, user = cap_host()
    before = status(host.pid)
    for _ in range(3):
        s = logged_in(host, user)
        assert status(s.pid).prm == DEFAULT_KEEP
        s.quit()
    assert status(host.pid) == before
    # Each session drops on its own, from the host's full set.
    with host.session() as s:
        assert status(s.pid) == before
        assert s.login("alice", "secret").code == 230
        assert status(s.pid).prm == DEFAULT_KEEP
    assert status(host.pid) == before


@pytest.mark.parametrize("engine, keep", [
    ("on", DEFAULT_KEEP | CAP_SETUID | CAP_SETGID),
    ("off", DEFAULT_KEEP),
])
def test_exec_engine_on_keeps_setuid_and_setgid(cap_host, fake_exec, engine, keep):
    host, user = cap_host(f"""ModulePath {fake_exec}
LoadModule mod_exec.c
ExecEngine {engine}""")
    with logged_in(host, user) as s:
        st = status(s.pid)
        assert (st.prm, st.eff, st.bnd) == (keep,) * 3
        # Kept for mod_exec's hooks, gone again in what the session starts.
        child = exec_status(s)
        assert (child.prm, child.eff) == (0, 0)


@pytest.mark.skipif(shutil.which("setpriv") is None,
                    reason="needs setpriv (util-linux) to start a host without CAP_SETPCAP")
def test_a_failed_step_is_logged_and_the_session_goes_on_undropped(
        shim_host_factory, shim_user, mods, tmp_path):
    # A host whose bounding set lacks CAP_SETPCAP: mod_cap cannot shrink the
    # session's bounding set, so it must undo what it did and carry on.
    wrapper = tmp_path / "no-setpcap-host"
    wrapper.write_text(f'#!/bin/sh\nexec setpriv --bounding-set=-setpcap -- '
                       f'{host_binary()} "$@"\n')
    wrapper.chmod(0o755)
    user = shim_user("alice", "secret", uid=UID)
    sessions = []
    for engine in ("on", "off"):
        host = shim_host_factory(f"""ModulePath {mods}
LoadModule mod_cap.c
LoadModule mod_captest.c
AuthUserFile {user['passwd_file']}
CapabilitiesEngine {engine}
""", binary=str(wrapper))
        with logged_in(host, user) as s:
            sessions.append((host, status(s.pid),
                             errno_of(s.command("SITE CAPTEST SETUID 0"))))
    (host, failed, setuid_failed), (_, untouched, setuid_untouched) = sessions
    assert failed == untouched
    assert failed.prm != DEFAULT_KEEP
    assert setuid_failed == setuid_untouched    # id switching is as it was
    assert "mod_cap/0.1: dropping the bounding set failed: Operation not " \
           "permitted; session goes on without dropping capabilities" \
           in host.log_lines()
