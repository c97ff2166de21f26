"""mod_exec variables in arguments and the environment: each expands as
documented and as ProFTPD's mod_exec does (test_exec_parity.py compares them
with Debian's module): an unknown %X stays as typed, an unknown %{name} is
"(none)", an unavailable one is an empty argument (argc unchanged); the
environment is exactly ExecEnviron."""

from __future__ import annotations

import time

import pytest

from prxs.shim.pytest_plugin import shim_host_factory, shim_user  # noqa: F401

from .exec_support import (env_dict, exec_host, exec_mods,  # noqa: F401
                           hook_binary, hooks, needs_gcc)

pytestmark = [pytest.mark.both_hosts, needs_gcc]

ALL = "%a %h %u %U %m %r %f %F %b %C %g %v %w %A"


@pytest.mark.shim_only("a client address outside 127.0.0.0/8 and a faked client name")
def test_command_variables_on_a_stored_file(exec_host, hooks):
    host, user = exec_host(f"ExecOnCommand STOR {hooks.path()} {ALL}")
    with host.session("10.9.8.7", remote_name="client.example") as s:
        s.login("alice", "secret")
        assert s.stor("up.txt", b"12345").code == 226
    (rec,) = hooks.wait(1)
    home = str(user["home"])
    assert rec["argv"] == [
        "record", "10.9.8.7", "client.example", "alice", "alice", "STOR",
        "STOR up.txt", f"{home}/up.txt", f"{home}/up.txt", "5", home,
        "4242", "exec test", "-", "UNKNOWN"]


def test_before_command_sees_the_target_path_before_the_transfer(exec_host, hooks):
    host, user = exec_host(f"ExecBeforeCommand RETR,STOR {hooks.path()} %m %f %b")
    with host.session() as s:
        s.login("alice", "secret")
        s.stor("a.txt", b"abc")
        s.retr("a.txt")
    home = str(user["home"])
    assert [r["argv"][1:3] for r in hooks.wait(2)] == [
        ["STOR", f"{home}/a.txt"], ["RETR", f"{home}/a.txt"]]


def test_retr_reports_the_bytes_sent(exec_host, hooks):
    host, _ = exec_host(f"ExecOnCommand RETR {hooks.path()} %f %b")
    with host.session() as s:
        s.login("alice", "secret")
        s.stor("a.txt", b"x" * 1000)
        assert s.retr("a.txt").data == b"x" * 1000
    (rec,) = hooks.wait(1)
    assert rec["argv"][2] == "1000"


def test_before_login_user_variables_are_empty_arguments(exec_host, hooks):
    # Outside a command, %r and %f are no variables (as in ProFTPD).
    host, _ = exec_host(f"ExecOnConnect {hooks.path()} [%u] %u %m %r %f end")
    with host.session():
        pass
    (rec,) = hooks.wait(1)
    assert rec["argv"] == ["record", "[]", "", "", "%r", "%f", "end"]


def test_user_command_sees_the_original_user_and_hidden_password(exec_host, hooks):
    host, _ = exec_host(f"ExecOnCommand USER,PASS {hooks.path()} %m %U %r")
    with host.session() as s:
        s.login("alice", "secret")
    assert [r["argv"][1:] for r in hooks.wait(2)] == [
        ["USER", "alice", "USER alice"], ["PASS", "alice", "PASS (hidden)"]]


def test_unknown_variables_stay_as_typed_or_are_none(exec_host, hooks):
    host, _ = exec_host(f"ExecOnConnect {hooks.path()} %z 100% %{{nope}} %{{env:}} "
                        "a%%b %{unclosed")
    with host.session():
        pass
    (rec,) = hooks.wait(1)
    assert rec["argv"][1:] == ["%z", "100%", "(none)", "(none)", "a%%b", "%{unclosed"]


def test_env_and_time_variables(exec_host, hooks, monkeypatch):
    monkeypatch.setenv("PRXS_EXEC_VAR", "from the host")
    host, _ = exec_host(f'ExecOnConnect {hooks.path()} "%{{env:PRXS_EXEC_VAR}}" '
                        "%{env:PRXS_EXEC_UNSET} %{time:%Y}")
    with host.session():
        pass
    (rec,) = hooks.wait(1)
    assert rec["argv"][1:3] == ["from the host", ""]
    assert rec["argv"][3] in (time.strftime("%Y"), str(int(time.strftime("%Y")) - 1))


def test_a_value_is_never_expanded_twice(exec_host, hooks):
    host, _ = exec_host(f"ExecOnCommand MKD {hooks.path()} %f")
    with host.session() as s:
        s.login("alice", "secret")
        s.command("MKD %u%a")
    (rec,) = hooks.wait(1)
    assert rec["argv"][1].endswith("/%u%a")


def test_environment_is_exactly_exec_environ(exec_host, hooks, monkeypatch):
    monkeypatch.setenv("PRXS_EXEC_COPY", "copied")
    host, _ = exec_host(f"ExecOnCommand PASS {hooks.path()}\n"
                        "ExecEnviron lower_key plain\n"
                        "ExecEnviron WHO %u@%a\n"
                        "ExecEnviron PRXS_EXEC_COPY -\n"
                        "ExecEnviron PRXS_EXEC_MISSING -\n"
                        'ExecEnviron SPACED "a b  c"')
    with host.session() as s:
        s.login("alice", "secret")
    (rec,) = hooks.wait(1)
    assert rec["env"] == ["LOWER_KEY=plain", "WHO=alice@127.0.0.1",
                          "PRXS_EXEC_COPY=copied", "PRXS_EXEC_MISSING=",
                          "SPACED=a b  c"]


def test_no_exec_environ_means_an_empty_environment(exec_host, hooks, monkeypatch):
    monkeypatch.setenv("PRXS_EXEC_LEAK", "leak")
    host, _ = exec_host(f"ExecOnConnect {hooks.path()}")
    with host.session():
        pass
    (rec,) = hooks.wait(1)
    assert rec["env"] == []
    assert env_dict(rec) == {}
