"""mod_exec triggers: each fires once, and only where configured (command
lists and groups, ExecEnable off in a <Directory>, ExecEngine off)."""

from __future__ import annotations

import os

import pytest

from prxs.shim import SessionClosed
from prxs.shim.pytest_plugin import shim_host_factory, shim_user  # noqa: F401

from .exec_support import (NOBODY, exec_host, exec_log_lines, exec_mods,  # noqa: F401
                           hook_binary, hooks, needs_gcc)

pytestmark = [pytest.mark.both_hosts, needs_gcc]


def names(records: list[dict]) -> list[list[str]]:
    return [r["argv"] for r in records]


def test_on_connect_fires_once_per_session(exec_host, hooks):
    host, _ = exec_host(f"ExecOnConnect {hooks.path()} connect %a")
    with host.session("127.1.2.3") as s:
        assert s.banner.code == 220
        assert names(hooks.wait(1)) == [["record", "connect", "127.1.2.3"]]
    with host.session("127.1.2.4"):
        assert len(hooks.wait(2)) == 2


def test_before_command_and_on_command_fire_once_for_a_stored_file(exec_host, hooks):
    host, user = exec_host(f"ExecBeforeCommand STOR {hooks.path()} before %m\n"
                           f"ExecOnCommand STOR {hooks.path()} after %m\n"
                           f"ExecOnError STOR {hooks.path()} error %m")
    with host.session() as s:
        assert s.login("alice", "secret").code == 230
        assert s.stor("up.txt", b"hello").code == 226
    assert names(hooks.wait(2)) == [["record", "before", "STOR"],
                                    ["record", "after", "STOR"]]


def test_on_error_fires_for_a_failed_command_only(exec_host, hooks):
    host, _ = exec_host(f"ExecOnCommand STOR {hooks.path()} ok\n"
                        f"ExecOnError STOR {hooks.path()} error %f")
    with host.session() as s:
        s.login("alice", "secret")
        assert s.stor("no/such/dir/up.txt", b"x").code == 550
    # The failed STOR has no file: %f is an empty argument, argc unchanged.
    assert names(hooks.wait(1)) == [["record", "error", ""]]


@pytest.mark.parametrize("cmds,expected", [
    ("write", ["STOR", "MKD"]),
    ("WRITE", ["STOR", "MKD"]),
    ("Stor,mkd", ["STOR", "MKD"]),
    ("read,mkd", ["MKD", "RETR"]),
    ("dirs", ["PWD"]),
    ("all", ["USER", "PASS", "STOR", "MKD", "RETR", "PWD"]),
])
def test_command_lists_match_commands_and_groups_case_insensitively(exec_host, hooks,
                                                                    cmds, expected):
    host, _ = exec_host(f"ExecOnCommand {cmds} {hooks.path()} %m")
    with host.session() as s:
        s.login("alice", "secret")
        s.stor("a.txt", b"a")
        s.command("MKD d")
        s.retr("a.txt")
        s.command("PWD")
    # A real client sends PASV before each transfer; the shim's sessions
    # have no data connection to set up.
    got = [r["argv"][1] for r in hooks.wait(len(expected))]
    assert [m for m in got if m != "PASV"] == expected


def test_read_and_login_groups(exec_host, hooks):
    host, _ = exec_host(f"ExecOnCommand read,login {hooks.path()} %m")
    with host.session() as s:
        s.login("alice", "secret")
        s.stor("a.txt", b"a")
        s.retr("a.txt")
        s.command("PWD")
    assert [r["argv"][1] for r in hooks.wait(3)] == ["USER", "PASS", "RETR"]


def test_exec_enable_off_in_a_directory_silences_commands_there(exec_host, hooks,
                                                                 shim_user):
    home = shim_user("alice", "secret", uid=4242)["home"]
    (home / "quiet").mkdir()
    (home / "loud").mkdir()
    for d in ("quiet", "loud"):
        (home / d).chmod(0o777)
    host, _ = exec_host(f"ExecBeforeCommand STOR {hooks.path()} before %f\n"
                        f"ExecOnCommand STOR {hooks.path()} %f\n"
                        f"<Directory {home}/quiet>\n"
                        "  ExecEnable off\n"
                        "</Directory>")
    with host.session() as s:
        s.login("alice", "secret")
        assert s.stor("quiet/a.txt", b"a").code == 226
        assert s.stor("loud/b.txt", b"b").code == 226
        assert s.command("CWD quiet").code == 250
        assert s.stor("c.txt", b"c").code == 226
    assert names(hooks.wait(2)) == [["record", "before", f"{home}/loud/b.txt"],
                                    ["record", f"{home}/loud/b.txt"]]


def test_hooks_inside_a_directory_apply_there_only(exec_host, hooks, shim_user):
    home = shim_user("alice", "secret", uid=4242)["home"]
    (home / "inbox").mkdir()
    (home / "inbox").chmod(0o777)
    host, _ = exec_host(f"<Directory {home}/inbox>\n"
                        f"  ExecOnCommand STOR {hooks.path()} inbox %f\n"
                        "</Directory>")
    with host.session() as s:
        s.login("alice", "secret")
        s.stor("top.txt", b"a")
        s.stor("inbox/in.txt", b"b")
    assert names(hooks.wait(1)) == [["record", "inbox", f"{home}/inbox/in.txt"]]


def test_exec_engine_off_runs_nothing(exec_host, hooks):
    host, _ = exec_host(f"ExecOnConnect {hooks.path()} connect\n"
                        f"ExecOnCommand ALL {hooks.path()} cmd\n"
                        f"ExecOnExit {hooks.path()} exit", engine=False)
    with host.session() as s:
        s.login("alice", "secret")
        s.stor("a.txt", b"a")
        s.quit()
    assert hooks.wait(0, settle=0.5) == []


def test_on_exit_fires_once_at_quit_and_at_disconnect(exec_host, hooks):
    host, _ = exec_host(f"ExecOnExit {hooks.path()} exit %u")
    with host.session() as s:
        s.login("alice", "secret")
        s.quit()
    assert names(hooks.wait(1)) == [["record", "exit", "alice"]]
    with host.session():
        pass
    assert names(hooks.wait(2))[1] == ["record", "exit", ""]


@pytest.mark.shim_only("waits for the re-read and restarts through the shim's control channel")
def test_on_restart_fires_in_the_daemon_on_sighup(exec_host, hooks):
    host, _ = exec_host(f"ExecOnRestart {hooks.path()} restart %v")
    host.sighup()
    recs = hooks.wait(1)
    # %v is the server of a command: none here (as in ProFTPD).
    assert names(recs) == [["record", "restart", ""]]
    assert recs[0]["ppid"] == host.pid
    if os.geteuid() == 0:
        assert (recs[0]["uid"], recs[0]["gid"]) == (NOBODY, NOBODY)
    host.restart()
    assert len(hooks.wait(2)) == 2


def test_on_event_fires_for_any_generated_event(exec_host, hooks):
    host, _ = exec_host(f"ExecOnEvent my.event {hooks.path()} first\n"
                        f"ExecOnEvent my.event {hooks.path()} second\n"
                        f"ExecOnEvent other.event {hooks.path()} other")
    with host.session() as s:
        assert s.command("SITE EVENT my.event").code == 200
    assert names(hooks.wait(2)) == [["record", "first"], ["record", "second"]]
    assert any("event 'my.event' fired" in ln for ln in exec_log_lines(host))


@pytest.mark.shim_only("restarts through the shim's control channel")
def test_on_event_core_restart_runs_in_the_daemon(exec_host, hooks):
    host, _ = exec_host(f"ExecOnEvent core.restart {hooks.path()} ev")
    host.restart()
    recs = hooks.wait(1)
    assert names(recs) == [["record", "ev"]]
    assert recs[0]["ppid"] == host.pid


def test_on_event_max_instances_fires_when_the_daemon_refuses_a_connection(exec_host,
                                                                           hooks):
    host, _ = exec_host("MaxInstances 1\n"
                        f"ExecOnEvent MaxInstances {hooks.path()} max %a")
    with host.session():
        with pytest.raises(SessionClosed):
            host.session()
    recs = hooks.wait(1)
    assert names(recs) == [["record", "max", ""]]
    assert recs[0]["ppid"] == host.pid
    host.wait_for_log(r"MaxInstances \(1\) reached, new connection denied")


@pytest.mark.shim_only("virtual hosts reached through faked local addresses")
def test_global_hooks_fire_once_and_virtual_hosts_have_their_own(exec_host, hooks):
    host, _ = exec_host("<Global>\n"
                        f"  ExecOnCommand NOOP {hooks.path()} global %v\n"
                        "</Global>\n"
                        "<VirtualHost 127.0.0.2>\n"
                        '  ServerName "vhost"\n'
                        "  ExecEngine on\n"
                        f"  ExecOnCommand NOOP {hooks.path()} vhost %v\n"
                        "</VirtualHost>\n"
                        "<VirtualHost 127.0.0.3>\n"
                        "  ExecEngine off\n"
                        "</VirtualHost>")
    with host.session(local_addr="127.0.0.1") as s:
        s.command("NOOP")
    with host.session(local_addr="127.0.0.2") as s:
        s.command("NOOP")
    with host.session(local_addr="127.0.0.3") as s:
        s.command("NOOP")
    assert sorted(names(hooks.wait(3))) == [["record", "global", "exec test"],
                                           ["record", "global", "vhost"],
                                           ["record", "vhost", "vhost"]]


def test_on_event_max_connection_rate_fires_when_connections_come_too_fast(exec_host,
                                                                           hooks):
    host, _ = exec_host("MaxConnectionRate 2 60\n"
                        f"ExecOnEvent MaxConnectionRate* {hooks.path()} rate")
    with host.session(), host.session():
        with pytest.raises(SessionClosed):
            host.session()
    recs = hooks.wait(1)
    assert names(recs) == [["record", "rate"]]
    if os.geteuid() == 0:
        assert recs[0]["uid"] == 0          # "*": as root
    host.wait_for_log(r"MaxConnectionRate \(2/60 secs\) reached, new connection denied")
