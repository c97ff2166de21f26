"""How mod_exec runs a program: execve of the absolute path with argv[0] its
basename, only descriptors 0-2 (stdin /dev/null or the useStdin pipe, stdout
and stderr pipes), the right identity, the session's cwd, output read as it
comes (sendStdout, logStdout/logStderr), ExecTimeout, and ExecLog."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from prxs.shim.pytest_plugin import shim_host_factory, shim_user  # noqa: F401

from .exec_support import (NOBODY, PKG, exec_host, exec_log_lines,  # noqa: F401
                           exec_mods, fd_numbers, hook_binary, hooks, needs_gcc,
                           needs_root)

pytestmark = [pytest.mark.both_hosts, needs_gcc]


def test_program_gets_basename_as_argv0_and_arguments_verbatim(exec_host, hooks):
    host, _ = exec_host(f'ExecOnConnect {hooks.path()} "$HOME;echo x" "a b" *')
    with host.session():
        pass
    (rec,) = hooks.wait(1)
    assert rec["argv"] == ["record", "$HOME;echo x", "a b", "*"]


def test_only_stdin_stdout_stderr_are_open(exec_host, hooks):
    host, _ = exec_host(f"ExecOnCommand PASS {hooks.path()}")
    with host.session() as s:
        s.login("alice", "secret")
    (rec,) = hooks.wait(1)
    assert fd_numbers(rec) == [0, 1, 2]
    targets = dict((fd, t) for fd, t in rec["fds"])
    assert targets[0] == "/dev/null"
    assert targets[1].startswith("pipe:") and targets[2].startswith("pipe:")
    assert targets[1] != targets[2]
    assert rec["stdin"] is None


@needs_root
def test_default_identity_is_the_server_user_before_login(exec_host, hooks):
    host, _ = exec_host(f"ExecOnConnect {hooks.path()}\n"
                        f"ExecOnCommand USER {hooks.path()}")
    with host.session() as s:
        s.command("USER alice")
    for rec in hooks.wait(2):
        assert (rec["uid"], rec["euid"], rec["gid"], rec["egid"]) == (NOBODY,) * 4
        assert rec["groups"] == [NOBODY]


@needs_root
def test_command_hooks_run_as_the_logged_in_user_in_the_session_cwd(exec_host, hooks):
    host, user = exec_host(f"ExecBeforeCommand STOR {hooks.path()}\n"
                           f"ExecOnCommand STOR {hooks.path()}\n"
                           f"ExecOnExit {hooks.path()}")
    home = user["home"]
    (home / "sub").mkdir()
    os.chown(home / "sub", 4242, 4242)
    with host.session() as s:
        s.login("alice", "secret")
        s.command("CWD sub")
        s.stor("f.txt", b"x")
        s.quit()
    recs = hooks.wait(3)
    assert len(recs) == 3
    for rec in recs:
        assert (rec["uid"], rec["euid"], rec["gid"], rec["egid"]) == (4242,) * 4
        assert rec["groups"] == [4242]
        assert rec["cwd"] == f"{home}/sub"


@needs_root
def test_on_event_identity_default_star_and_tilde(exec_host, hooks):
    # RootRevoke off: proftpd revokes root after login by default, the
    # shim never does (host_differences: root-revoke).
    host, _ = exec_host(f"RootRevoke off\n"
                        f"ExecOnEvent ev.default {hooks.path()} default\n"
                        f"ExecOnEvent ev.root* {hooks.path()} root\n"
                        f"ExecOnEvent ev.user~ {hooks.path()} user")
    with host.session() as s:
        s.command("SITE EVENT ev.user")
        s.login("alice", "secret")
        for ev in ("ev.default", "ev.root", "ev.user"):
            assert s.command(f"SITE EVENT {ev}").code == 200
    got = {(r["argv"][1], r["uid"], r["euid"], r["gid"], tuple(r["groups"]))
           for r in hooks.wait(4)}
    assert got == {("user", NOBODY, NOBODY, NOBODY, (NOBODY,)),   # before login
                   ("default", NOBODY, NOBODY, NOBODY, (NOBODY,)),
                   ("root", 0, 0, 0, (0,)),
                   ("user", 4242, 4242, 4242, (4242,))}


def test_use_stdin_delivers_the_arguments_one_a_line(exec_host, hooks):
    host, _ = exec_host(f"ExecOptions useStdin\n"
                        f"ExecOnCommand PASS {hooks.path()} %u 'two words' last")
    with host.session() as s:
        s.login("alice", "secret")
    (rec,) = hooks.wait(1)
    assert rec["argv"] == ["record"]
    assert rec["stdin"] == ["alice", "'two", "words'", "last", "."]
    assert fd_numbers(rec) == [0, 1, 2]


def test_send_stdout_reaches_the_client_on_connect_and_command(exec_host, hooks):
    host, _ = exec_host(f"ExecOptions sendStdout\n"
                        f"ExecOnConnect {hooks.path('say')} welcome\n"
                        f"ExecOnCommand NOOP {hooks.path('say')} one two")
    with host.session() as s:
        assert (220, "out:welcome") in s.banner.lines
        assert s.banner.code == 220
        reply = s.command("NOOP")
        assert reply.lines == ((200, "NOOP command successful"), (200, "out:one"),
                               (200, "out:two"))
    assert hooks.wait(2)


def test_without_send_stdout_the_client_sees_nothing(exec_host, hooks):
    host, _ = exec_host(f"ExecOnCommand NOOP {hooks.path('say')} one")
    with host.session() as s:
        assert s.command("NOOP").lines == ((200, "NOOP command successful"),)


def test_log_stdout_and_stderr_lines_go_to_the_exec_log(exec_host, hooks):
    host, _ = exec_host(f"ExecOptions logStdout logStderr\n"
                        f"ExecOnConnect {hooks.path('say')} hi")
    with host.session():
        pass
    hooks.wait(1)
    lines = exec_log_lines(host)
    say = hooks.path("say")
    assert f"stdout from '{say}': 'out:hi'" in lines
    assert f"stderr from '{say}': 'err:hi'" in lines


def test_exec_log_records_what_ran_as_whom_and_how_it_ended(exec_host, hooks):
    host, _ = exec_host(f"ExecOnConnect {hooks.path('fail')} arg1")
    with host.session():
        pass
    hooks.wait(1)
    text = "\n".join(exec_log_lines(host))
    fail = hooks.path("fail")
    assert f"preparing to execute '{fail}' for ExecOnConnect with uid" in text
    assert f" + '{fail}': argv[1] = arg1" in text
    assert f"'{fail}' terminated normally, with exit status 3" in text
    assert f"ExecOnConnect '{fail}' failed: exit status 3" in text


def test_a_missing_program_is_logged_and_the_session_goes_on(exec_host, hooks):
    host, _ = exec_host(f"ExecOnConnect {hooks.dir}/missing")
    with host.session() as s:
        assert s.command("NOOP").code == 200
    text = "\n".join(exec_log_lines(host))
    assert f"unable to execute '{hooks.dir}/missing': No such file or directory" in text


def test_exec_timeout_kills_a_program_that_ignores_sigterm(exec_host, hooks):
    host, _ = exec_host(f"ExecTimeout 1\n"
                        f"ExecOnCommand NOOP {hooks.path('stubborn')}")
    with host.session() as s:
        start = time.monotonic()
        assert s.command("NOOP").code == 200
        took = time.monotonic() - start
    (rec,) = hooks.wait(1)
    assert 1.0 <= took < 3.5, took
    assert (hooks.records_dir / f"{rec['pid']}.term").exists()   # SIGTERM first
    text = "\n".join(exec_log_lines(host))
    stubborn = hooks.path("stubborn")
    assert "has exceeded ExecTimeout (1 seconds), sending SIGTERM" in text
    assert f"'{stubborn}' is still running after SIGTERM, sending SIGKILL" in text
    assert f"'{stubborn}' died from signal 9" in text


def test_a_chatty_program_never_blocks_on_a_full_pipe(exec_host, hooks):
    host, _ = exec_host(f"ExecTimeout 20\n"
                        f"ExecOnCommand NOOP {hooks.path('chatty')}")
    with host.session() as s:
        start = time.monotonic()
        s.command("NOOP")
        assert time.monotonic() - start < 5
    text = "\n".join(exec_log_lines(host))
    assert f"'{hooks.path('chatty')}' terminated normally, with exit status 0" in text


def test_no_two_second_stall_without_exec_options(exec_host, hooks):
    host, _ = exec_host(f"ExecOnCommand NOOP {hooks.path('true')}", log=False)
    with host.session() as s:
        s.command("NOOP")
        start = time.monotonic()
        for _ in range(5):
            s.command("NOOP")
        assert (time.monotonic() - start) / 5 < 0.25


def test_exec_log_refuses_a_symlink(exec_host, hooks, tmp_path):
    target = tmp_path / "target.log"
    target.write_text("")
    os.symlink(target, tmp_path / "exec.log")
    host, _ = exec_host(f"ExecOnConnect {hooks.path()}")
    with host.session() as s:
        assert s.command("NOOP").code == 200
    assert hooks.wait(1)      # the hook still runs
    assert target.read_text() == ""
    host.wait_for_log(r"mod_exec/\S+: notice: unable to use ExecLog '.*exec\.log': "
                      r"cannot log to a symlink")


def test_exec_log_refuses_a_world_writable_directory(exec_host, hooks, tmp_path):
    open_dir = tmp_path / "open"
    open_dir.mkdir()
    open_dir.chmod(0o777)
    host, _ = exec_host(f"ExecLog {open_dir}/exec.log\n"
                        f"ExecOnConnect {hooks.path()}", log=False)
    with host.session():
        pass
    assert hooks.wait(1)
    assert not (open_dir / "exec.log").exists()
    host.wait_for_log(r"notice: unable to use ExecLog .*: parent directory is "
                      r"world-writable")


def test_exec_log_none_writes_nothing(exec_host, hooks, tmp_path):
    host, _ = exec_host(f"ExecLog none\nExecOnConnect {hooks.path()}", log=False)
    with host.session():
        pass
    assert hooks.wait(1)
    assert not Path(host.exec_log).exists()


@needs_root
def test_hooks_still_run_after_a_default_root_chroot(exec_host, tmp_path):
    # ProFTPD's mod_exec fails every post-login hook under DefaultRoot ~
    # ("unable to open /dev/null for stdin"); this one opened it beforehand.
    static = tmp_path / "record"
    subprocess.run(["gcc", "-static", "-O2", "-o", str(static),
                    str(PKG / "exec_hook.c")], check=True)
    host, user = exec_host("DefaultRoot ~\n"
                           "ExecEnviron EXEC_HOOK_RECORDS /records\n"
                           "ExecOnCommand STOR /bin/record %f %F")
    home = Path(user["home"])
    (home / "bin").mkdir()
    shutil.copy(static, home / "bin" / "record")
    (home / "records").mkdir()
    (home / "records").chmod(0o1777)
    with host.session() as s:
        assert s.login("alice", "secret").code == 230
        assert s.stor("up.txt", b"x").code == 226
    deadline = time.monotonic() + 10
    while not list((home / "records").glob("*.json")) and time.monotonic() < deadline:
        time.sleep(0.02)
    (path,) = list((home / "records").glob("*.json"))
    rec = json.loads(path.read_text())
    # %f: as the system sees it; %F: as the client sees it (as ProFTPD's).
    assert rec["argv"] == ["record", f"{home}/up.txt", "/up.txt"]
    assert rec["stdin_rdev"] == [1, 3]          # /dev/null
    assert (rec["uid"], rec["gid"]) == (4242, 4242)


@needs_root
def test_the_session_supplementary_groups_go_to_user_hooks_only(exec_host, hooks):
    host, _ = exec_host(f"RootRevoke off\n"   # see host_differences: root-revoke
                        f"ExecOnCommand NOOP {hooks.path()} cmd\n"
                        f"ExecOnEvent ev.server {hooks.path()} server\n"
                        f"ExecOnEvent ev.user~ {hooks.path()} user")
    with host.session() as s:
        s.login("alice", "secret")
        assert s.command("SITE GROUPS 100 200").code == 200
        s.command("NOOP")
        s.command("SITE EVENT ev.server")
        s.command("SITE EVENT ev.user")
    got = {r["argv"][1]: sorted(r["groups"]) for r in hooks.wait(3)}
    assert got == {"cmd": [100, 200, 4242], "user": [100, 200, 4242],
                   "server": [NOBODY]}


def test_runs_leak_no_descriptors_and_no_zombies(exec_host, hooks):
    host, _ = exec_host(f"ExecOptions logStdout useStdin\n"
                        f"ExecOnCommand NOOP {hooks.path('say')} x")
    with host.session() as s:
        s.command("NOOP")
        (rec,) = hooks.wait(1, settle=0)
        sess = rec["ppid"]
        before = sorted(os.listdir(f"/proc/{sess}/fd"))
        for _ in range(30):
            s.command("NOOP")
        after = sorted(os.listdir(f"/proc/{sess}/fd"))
        children = [p for p in os.listdir("/proc") if p.isdigit() and
                    _ppid(p) == sess]
    assert after == before
    assert children == []


def _ppid(pid: str) -> int:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return int(f.read().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return -1
