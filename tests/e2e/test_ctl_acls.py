"""ModuleControlsACLs and ControlsSocketACL, with real callers of different
uids (root, and forked children that switch to an unprivileged uid): the
caller is who SO_PEERCRED says, the default denies everyone, a denied
request changes nothing."""

from __future__ import annotations

import pytest

from prxs.shim import ShimConfigError
from prxs.shim.pytest_plugin import shim_host_factory  # noqa: F401

from .ctl_support import shim_controls
from .ctl_support import (NOBODY, UNPRIVILEGED, ctl_host, ctl_mods,  # noqa: F401
                          needs_gcc, needs_root, request_as, sock_dir)

pytestmark = [needs_gcc, needs_root,
              shim_controls]

DENIED = "access denied: uid {uid}, gid {gid} may not use '{action}' " \
         "(see ModuleControlsACLs)"


def denied(uid: int, action: str, gid: int | None = None) -> dict:
    gid = uid if gid is None else gid
    return {"status": -1, "lines": [DENIED.format(uid=uid, gid=gid, action=action)]}


def status_lines(reply: dict) -> dict:
    return {"status": reply["status"], "lines": reply["lines"]}


def test_default_denies_everyone_root_included(ctl_host):
    host, ctl = ctl_host()
    for action, args in (("lsmod", ()), ("insmod", ("mod_hello.c",)),
                         ("rmmod", ("mod_core.c",))):
        reply = ctl.request(action, *args)
        assert (reply.status, reply.lines) == (-1, [DENIED.format(
            uid=0, gid=0, action=action)])
        assert status_lines(request_as(UNPRIVILEGED, UNPRIVILEGED, ctl, action,
                                       *args)) == denied(UNPRIVILEGED, action)
    # Nothing changed: ask the host over its own channel.
    assert "mod_hello.c" not in host.modules()
    assert "mod_core.c" in host.modules()
    assert any("rmmod denied to uid 4242" in ln for ln in host.log_lines())


def test_allow_user_root_lets_root_in_and_keeps_others_out(ctl_host):
    host, ctl = ctl_host("ModuleControlsACLs insmod,rmmod allow user root\n"
                         "ModuleControlsACLs lsmod allow user *\n")
    assert ctl.insmod("mod_hello.c") == ["'mod_hello.c' loaded"]
    assert status_lines(request_as(UNPRIVILEGED, UNPRIVILEGED, ctl, "rmmod",
                                   "mod_hello.c")) == denied(UNPRIVILEGED, "rmmod")
    assert "mod_hello.c" in host.modules()
    # lsmod is open to everyone.
    reply = request_as(NOBODY, NOBODY, ctl, "lsmod")
    assert reply["status"] == 0 and reply["lines"][-1] == "  mod_hello.c"


def test_an_unprivileged_uid_named_in_an_allow_list_may_act(ctl_host):
    host, ctl = ctl_host(f"ModuleControlsACLs all allow user nobody,{UNPRIVILEGED}\n")
    reply = request_as(UNPRIVILEGED, UNPRIVILEGED, ctl, "insmod", "mod_hello.c")
    assert status_lines(reply) == {"status": 0, "lines": ["'mod_hello.c' loaded"]}
    reply = request_as(NOBODY, NOBODY, ctl, "rmmod", "mod_hello.c")
    assert status_lines(reply) == {"status": 0, "lines": ["'mod_hello.c' unloaded"]}
    # root is not on the list.
    assert ctl.request("lsmod").lines == [DENIED.format(uid=0, gid=0,
                                                         action="lsmod")]


def test_deny_list_denies_the_listed_and_allows_everyone_else(ctl_host):
    host, ctl = ctl_host(f"ModuleControlsACLs lsmod deny user {UNPRIVILEGED}\n")
    assert status_lines(request_as(UNPRIVILEGED, UNPRIVILEGED, ctl, "lsmod")) == \
        denied(UNPRIVILEGED, "lsmod")
    assert request_as(NOBODY, NOBODY, ctl, "lsmod")["status"] == 0
    assert ctl.request("lsmod").ok
    # Actions it does not name keep the default.
    assert not ctl.request("insmod", "mod_hello.c").ok


def test_group_acl_lets_a_member_of_the_group_in(ctl_host):
    host, ctl = ctl_host("ModuleControlsACLs lsmod allow group 5000\n")
    assert request_as(UNPRIVILEGED, 5000, ctl, "lsmod")["status"] == 0
    assert status_lines(request_as(UNPRIVILEGED, UNPRIVILEGED, ctl, "lsmod")) == \
        denied(UNPRIVILEGED, "lsmod")


def test_user_or_group_acl_suffices(ctl_host):
    host, ctl = ctl_host("ModuleControlsACLs lsmod deny user *\n"
                         "ModuleControlsACLs lsmod allow group 5000\n")
    assert request_as(UNPRIVILEGED, 5000, ctl, "lsmod")["status"] == 0
    assert request_as(UNPRIVILEGED, UNPRIVILEGED, ctl, "lsmod")["status"] == -1


def test_a_later_acl_for_the_same_action_replaces_the_earlier(ctl_host):
    host, ctl = ctl_host("ModuleControlsACLs lsmod allow user root\n"
                         f"ModuleControlsACLs lsmod allow user {UNPRIVILEGED}\n")
    assert not ctl.request("lsmod").ok
    assert request_as(UNPRIVILEGED, UNPRIVILEGED, ctl, "lsmod")["status"] == 0


def test_controls_socket_acl_refuses_connections(ctl_host):
    host, ctl = ctl_host("ModuleControlsACLs all allow user *\n"
                         "ControlsSocketACL allow user root\n")
    assert ctl.request("lsmod").ok
    reply = request_as(UNPRIVILEGED, UNPRIVILEGED, ctl, "lsmod")
    assert status_lines(reply) == {"status": -1, "lines": [
        f"access denied: uid {UNPRIVILEGED}, gid {UNPRIVILEGED} may not use this "
        "socket (see ControlsSocketACL)"]}


def test_socket_owner_and_mode_are_applied(ctl_host, sock_dir):
    import os
    import stat
    host, ctl = ctl_host(f"ModuleControlsACLs all allow user *\n"
                         f"ControlsSocketOwner {UNPRIVILEGED} {UNPRIVILEGED}\n"
                         "ControlsSocketMode 0600\n")
    st = os.stat(sock_dir / "ctrls.sock")
    assert stat.S_ISSOCK(st.st_mode)
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == \
        (UNPRIVILEGED, UNPRIVILEGED, 0o600)
    # The owner gets in; another uid is kept out by the file's mode.
    assert request_as(UNPRIVILEGED, UNPRIVILEGED, ctl, "lsmod")["status"] == 0
    from .ctl_support import as_user
    res = as_user(NOBODY, NOBODY, lambda: ctl.request("lsmod").to_dict())
    assert "Permission denied" in res["error"]


@pytest.mark.parametrize("line, message", [
    ("ModuleControlsACLs frob allow user root",
     "unknown action 'frob' (the actions are insmod, lsmod, rmmod, or all)"),
    ("ModuleControlsACLs all permit user root", "expected 'allow' or 'deny', not 'permit'"),
    ("ModuleControlsACLs all allow uid root", "expected 'user' or 'group', not 'uid'"),
    ("ModuleControlsACLs all allow user no-such-user-here",
     "no such user 'no-such-user-here' (give a name from the system's passwd "
     "database, a numeric id, or *)"),
    ("ModuleControlsACLs all allow user", "missing parameters"),
    ("ControlsSocket relative.sock", "must be an absolute path (not 'relative.sock')"),
    ("ControlsSocketMode 0999", "expected an octal mode such as 0770, not '0999'"),
])
def test_bad_controls_directives_are_fatal_with_file_and_line(shim_host_factory,
                                                              line, message):
    with pytest.raises(ShimConfigError) as info:
        shim_host_factory(line + "\n")
    assert f"{line.split()[0]}: {message} on line 1 of" in info.value.message


def test_a_path_that_is_not_a_socket_is_refused(shim_host_factory, sock_dir):
    (sock_dir / "file").write_text("keep me")
    with pytest.raises(ShimConfigError) as info:
        shim_host_factory(f"ControlsSocket {sock_dir / 'file'}\n")
    assert "exists and is not a socket" in info.value.message
    assert (sock_dir / "file").read_text() == "keep me"


def test_restart_applies_a_new_socket_mode(ctl_host, sock_dir):
    import os
    import stat
    host, ctl = ctl_host("ModuleControlsACLs all allow user *\nControlsSocketMode 0666\n")
    assert stat.S_IMODE(os.stat(sock_dir / "ctrls.sock").st_mode) == 0o666
    with open(host.config_path, "a") as f:
        f.write("ControlsSocketMode 0600\n")
    host.restart()
    assert stat.S_IMODE(os.stat(sock_dir / "ctrls.sock").st_mode) == 0o600
    assert ctl.request("lsmod").ok


def test_controls_engine_off_means_no_socket(ctl_host, sock_dir):
    host, ctl = ctl_host("ControlsEngine off\n")
    assert not (sock_dir / "ctrls.sock").exists()
