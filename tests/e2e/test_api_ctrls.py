"""ProFTPD's Controls registry, scoreboard, child tracking, address bindings
and tpl as a module uses them, on both hosts: a test module (api_ctrls/
mod_ctltest.c) registers actions that answer through ``prxs ctl``'s client
and ProFTPD's ``ftpdctl``; what they report must be the same on the shim and
on the real proftpd (``--prxs-host proftpd``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from prxs.shim.ctl import Client
from prxs.shim.pytest_plugin import shim_host_factory  # noqa: F401

from .ctl_support import needs_gcc, needs_root, sock_dir  # noqa: F401

pytestmark = [pytest.mark.both_hosts, needs_gcc, needs_root]

HERE = Path(__file__).resolve().parent
MODULE = HERE / "api_ctrls" / "mod_ctltest.c"
ALLOW_ROOT = "CtlTestACLs all allow user root\n"


@pytest.fixture
def ctl(shim_host_factory, shim_build_once, prxs_host_kind, prxs_cache, sock_dir,
        shim_user):
    """start(extra) -> (host, Client, socket): mod_ctltest loaded, a
    ControlsSocket, user alice."""
    mods = shim_build_once(prxs_host_kind, (MODULE,),
                           env={"PRXS_CACHE_DIR": str(prxs_cache)}, name="ctltest")
    user = shim_user("alice", "secret")

    def start(extra: str = ALLOW_ROOT):
        sock = sock_dir / "ctrls.sock"
        host = shim_host_factory(
            f"ModulePath {mods}\nLoadModule mod_ctltest.c\n"
            f"AuthUserFile {user['passwd_file']}\n"
            f"ControlsEngine on\nControlsInterval 1\nControlsSocket {sock}\n"
            f"ControlsLog {sock_dir}/ctrls.log\n{extra}")
        return host, Client(sock, timeout=15.0), sock

    return start


def test_a_modules_action_runs_with_its_arguments(ctl):
    _, client, _ = ctl()
    reply = client.request("ctecho", "one", "two words")
    assert reply.ok, reply.lines
    assert reply.lines == ["echo: 2 argument(s) from root", "echo: one",
                           "echo: two words"]


def test_an_action_denies_everyone_until_its_acl_allows(ctl):
    _, client, _ = ctl("")
    reply = client.request("ctecho", "x")
    assert not reply.ok and reply.lines == ["access denied"]


def test_a_deny_acl_and_a_group_acl(ctl):
    _, client, _ = ctl("CtlTestACLs ctecho deny user root\n"
                       "CtlTestACLs ctwho allow group root\n")
    assert client.request("ctecho").lines == ["access denied"]
    assert client.request("ctwho").ok


def test_an_unknown_action_in_the_acl_directive_is_a_config_error(
        prxs_config_check, shim_build_once, prxs_host_kind, prxs_cache):
    mods = shim_build_once(prxs_host_kind, (MODULE,),
                           env={"PRXS_CACHE_DIR": str(prxs_cache)}, name="ctltest")
    res = prxs_config_check(f"ModulePath {mods}\nLoadModule mod_ctltest.c\n"
                            "CtlTestACLs nosuch allow user root\n")
    assert res.exit_code != 0
    assert "unknown action: 'nosuch'" in res.stdout + res.log


def test_lsctrl_and_help_list_the_registered_actions(ctl):
    _, client, _ = ctl(ALLOW_ROOT + "ControlsACLs lsctrl allow user root\n")
    lines = client.request("lsctrl").lines
    assert "ctecho (mod_ctltest.c)" in lines
    assert "lsmod (mod_dso.c)" in lines
    assert lines == sorted(lines)
    help_lines = client.request("help").lines
    assert "ctecho: echo the arguments" in help_lines


def test_unregistered_actions_are_unsupported(ctl):
    _, client, _ = ctl(ALLOW_ROOT + "CtlTestEngine ctecho,ctwho\n")
    for action in ("ctecho", "ctwho"):
        reply = client.request(action)
        assert not reply.ok
        assert reply.lines[0].startswith("unsupported action"), reply.lines
    assert client.request("ctchildren").ok


def test_rmctrl_disables_and_insctrl_enables(ctl):
    _, client, _ = ctl(ALLOW_ROOT + "ControlsACLs all allow user root\n")
    assert client.request("rmctrl", "ctecho").lines == ["'ctecho' control disabled"]
    assert client.request("ctecho").lines[0].startswith("unsupported action")
    assert client.request("rmctrl", "lsctrl").lines == [
        "'lsctrl' control cannot be removed"]
    assert client.request("insctrl", "ctecho").lines == ["'ctecho' control enabled"]
    assert client.request("ctecho").ok
    assert client.request("rmctrl", "nosuch").lines == ["no such control: 'nosuch'"]


def test_the_scoreboard_lists_live_sessions_with_user_command_and_address(ctl):
    host, client, _ = ctl()
    assert client.request("ctwho").lines == ["who: 0 session(s); restore 0"]
    with host.session() as s, host.session() as other:
        assert s.login("alice", "secret").code == 230
        # Between commands a session is idle.
        s.command("NOOP")
        assert client.request("ctwho").lines == [
            "who: alice [127.0.0.1] cmd 'idle' arg '' pid set",
            "who: 1 session(s); restore 0"]
        # While a command runs, the entry names it.
        assert s.command("SITE CTSELF now").lines == (
            (200, "self: user 'alice' cmd 'SITE' arg 'CTSELF now'"),)
        assert other.login("alice", "secret").code == 230
        assert client.request("ctwho").lines[-1] == "who: 2 session(s); restore 0"
        # A session reads the scoreboard too (mod_ban does).
        assert s.command("SITE CTWHO").lines == ((200, "sessions of alice: 2"),)
    _wait(lambda: client.request("ctwho").lines == ["who: 0 session(s); restore 0"])


def test_child_count_follows_the_sessions(ctl):
    host, client, _ = ctl()
    assert client.request("ctchildren").lines == ["children: 0"]
    with host.session() as s:
        s.login("alice", "secret")
        assert client.request("ctchildren").lines == ["children: 1"]
    _wait(lambda: client.request("ctchildren").lines == ["children: 0"])


def test_kick_ends_the_users_session_through_the_scoreboard(ctl):
    host, client, _ = ctl()
    with host.session() as s:
        assert s.login("alice", "secret").code == 230
        # As mod_ctrls_admin's "kick user ...": getopt() sees the first
        # argument as argv[0].
        assert client.request("ctkick", "user").lines == ["kick: missing user name"]
        assert client.request("ctkick", "user", "bob").lines == [
            "user 'bob' not connected (0)"]
        assert client.request("ctkick", "user", "-x", "alice").lines == [
            "unsupported option: 'x'"]
        assert client.request("ctkick", "user", "-n", "1", "alice").lines == [
            "kicked user 'alice' (1)"]
        _wait(lambda: client.request("ctchildren").lines == ["children: 0"])
    assert client.request("ctwho").lines == ["who: 0 session(s); restore 0"]


def test_address_bindings_close(ctl):
    _, client, _ = ctl()
    assert client.request("ctbind").lines == [
        "bind: main server has 1 binding(s)",
        "bind: find ok, active 1",
        "bind: other port ENOENT",
        "bind: close 0",
        "bind: close again -1 EPERM",
        "bind: find active after close: none",
        "bind: find any after close: found, active 0",
    ]


def test_a_flushed_response_is_the_reply(ctl):
    _, client, _ = ctl()
    reply = client.request("ctflush")
    assert reply.ok and reply.lines == ["flushed early"]


def test_tpl_round_trip_and_image_format(ctl):
    _, client, _ = ctl()
    lines = client.request("cttpl", "bob").lines
    # tpl 1.5's image: magic, flags, length, format, then the values.
    assert lines == [
        "tpl: image 81 bytes, format 'S(iusiisssui)'",
        "tpl: 3 1700000000 127.0.0.1 2121 2 bob (null) go away 42 5",
        "tpl: truncated load -1",
        "tpl: key " + _key_hex("bob"),
    ]


def _key_hex(name: str) -> str:
    body = b"vs\0" + (7).to_bytes(2, "little") + (len(name) + 1).to_bytes(4, "little") + \
        name.encode()
    total = 3 + 1 + 4 + len(body)
    return (b"tpl" + bytes([2]) + total.to_bytes(4, "little") + body).hex()


def test_controls_log_records_the_actions(ctl, sock_dir):
    _, client, _ = ctl()
    client.request("ctecho", "a")
    log = (sock_dir / "ctrls.log").read_text()
    assert "echo ran with 1 argument(s)" in log


@pytest.mark.skipif(shutil.which("ftpdctl") is None,
                    reason="needs ProFTPD's ftpdctl (apt-get install proftpd-core)")
def test_proftpds_ftpdctl_runs_a_modules_action(ctl):
    _, _, sock = ctl()
    run = subprocess.run(["ftpdctl", "-s", str(sock), "ctecho", "hi"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "ftpdctl: echo: hi" in run.stdout


def test_prxs_ctl_runs_a_modules_action(ctl, prxs):
    _, _, sock = ctl()
    res = prxs("ctl", "-s", str(sock), "ctecho", "hi")
    assert res.returncode == 0, res
    assert "echo: hi" in res.stdout


@pytest.mark.parametrize("limit", [None, 2])
def test_max_login_attempts_ends_the_session(shim_host_factory, shim_user, limit):
    # mod_ban's BanOnEvent MaxLoginAttempts hangs on this limit's event.
    user = shim_user("alice", "secret")
    host = shim_host_factory(f"AuthUserFile {user['passwd_file']}\n" +
                             (f"MaxLoginAttempts {limit}\n" if limit else ""))
    with host.session() as s:
        for _ in range((limit or 3) - 1):
            assert s.command("USER alice").code == 331
            assert s.command("PASS wrong").lines == ((530, "Login incorrect."),)
        assert s.command("USER alice").code == 331
        assert s.command("PASS wrong").lines == ((530, "Login incorrect."),)
        with pytest.raises(Exception):
            s.command("USER alice")
    assert "Maximum login attempts (%d) exceeded" % (limit or 3) in \
        "\n".join(host.log_lines())


# ProFTPD's own mod_ctrls_admin (Debian's binary, the same file on both hosts)

DEBIAN_MODULES = Path("/usr/lib/proftpd")


@pytest.fixture
def admin(shim_host_factory, sock_dir, shim_user):
    """start(extra) -> (host, Client): Debian's mod_ctrls_admin.so loaded,
    its actions allowed to root, user alice."""
    if not (DEBIAN_MODULES / "mod_ctrls_admin.so").exists():
        pytest.skip("needs Debian's /usr/lib/proftpd/mod_ctrls_admin.so (proftpd-core)")
    user = shim_user("alice", "secret")

    def start(extra: str = ""):
        sock = sock_dir / "ctrls.sock"
        text = (f"ModulePath {DEBIAN_MODULES}\nLoadModule mod_ctrls_admin.c\n"
                f"AuthUserFile {user['passwd_file']}\n"
                f"ControlsEngine on\nControlsInterval 1\nControlsSocket {sock}\n"
                "AdminControlsACLs all allow user root\n"
                "ControlsACLs all allow user root\n" + extra)
        try:
            host = shim_host_factory(text)
        except Exception as e:  # the shim lacks symbols other areas add
            if "undefined symbol" in str(e):
                pytest.skip(f"the shim cannot load mod_ctrls_admin.so yet: {e}")
            raise
        return host, Client(sock, timeout=15.0)

    return start


def test_admin_lsctrl_lists_its_actions(admin):
    _, client = admin()
    lines = client.request("lsctrl").lines
    for action in ("kick", "scoreboard", "shutdown", "status", "up", "down"):
        assert f"{action} (mod_ctrls_admin.c)" in lines


def test_admin_actions_are_denied_without_an_acl(shim_host_factory, sock_dir):
    if not (DEBIAN_MODULES / "mod_ctrls_admin.so").exists():
        pytest.skip("needs Debian's mod_ctrls_admin.so")
    sock = sock_dir / "ctrls.sock"
    try:
        shim_host_factory(f"ModulePath {DEBIAN_MODULES}\nLoadModule mod_ctrls_admin.c\n"
                          f"ControlsEngine on\nControlsInterval 1\n"
                          f"ControlsSocket {sock}\n")
    except Exception as e:
        if "undefined symbol" in str(e):
            pytest.skip(f"the shim cannot load mod_ctrls_admin.so yet: {e}")
        raise
    reply = Client(sock, timeout=15.0).request("status", "all")
    assert not reply.ok and reply.lines == ["access denied"]


def test_admin_status_kick_and_scoreboard(admin):
    host, client = admin()
    status = client.request("status", "all").lines
    assert len(status) == 1 and status[0].startswith("status: 127.0.0.1#")
    assert status[0].endswith(" UP")
    with host.session() as s:
        assert s.login("alice", "secret").code == 230
        assert client.request("kick", "user", "bob").lines == ["user 'bob' not connected"]
        assert client.request("kick", "user", "alice").lines == ["kicked user 'alice'"]
        _wait(lambda: _closed(s))
    assert client.request("scoreboard", "scrub").lines == ["scrubbed scoreboard"]
    assert client.request("dns", "off").lines == ["dns: UseReverseDNS set to 'off'"]


def test_admin_down_refuses_new_sessions(admin):
    host, client = admin()
    port = client.request("status", "all").lines[0].split("#")[1].split()[0]
    assert client.request("down", f"127.0.0.1#{port}").lines == [
        f"down: 127.0.0.1#{port} disabled"]
    assert client.request("status", f"127.0.0.1#{port}").lines == [
        f"status: 127.0.0.1#{port} DOWN"]
    with pytest.raises(Exception):
        with host.session() as s:
            s.command("NOOP")


def test_admin_shutdown_stops_the_server(admin):
    host, client = admin()
    assert client.request("shutdown").lines == ["shutting down"]
    _wait(lambda: not host.running)


def _closed(session) -> bool:
    try:
        session.command("NOOP")
    except Exception:
        return True
    return False


def _wait(cond, timeout: float = 10.0) -> None:
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            raise AssertionError("condition not met in time")
        time.sleep(0.1)
