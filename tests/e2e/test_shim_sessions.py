"""Sessions in the shim host: login, commands and replies, dispatch phases,
events, isolation between sessions, and crashes that kill only a session."""

from __future__ import annotations

import os
import re
import shutil
import signal
from pathlib import Path

import pytest

from prxs.shim import SessionClosed
from prxs.shim.pytest_plugin import shim_host_factory, shim_user  # noqa: F401

from .host_differences import differs
from ..conftest import PACKAGES, SAMPLES

PKG = PACKAGES / "shim"

pytestmark = [pytest.mark.both_hosts,
              pytest.mark.skipif(shutil.which("gcc") is None,
                                 reason="the shim tests need gcc")]
needs_root = pytest.mark.root(
                                reason="switching to the session user needs root")


@pytest.fixture
def mods(shim_build_once, prxs_host_kind, prxs_cache) -> Path:
    """The modules built for this run's host, once per host per test module."""
    return shim_build_once(prxs_host_kind, (
        SAMPLES / "mod_hello.c", PKG / "mod_phases.c", PKG / "mod_crash.c",
        PKG / "mod_counter.c", PKG / "mod_sessfail.c"),
        env={"PRXS_CACHE_DIR": str(prxs_cache)})


@pytest.fixture
def hello_host(shim_host_factory, shim_user, mods):
    user = shim_user("alice", "secret")
    return shim_host_factory(f"""ServerName "shim test"
ModulePath {mods}
LoadModule mod_hello.c
HelloGreeting "Howdy"
AuthUserFile {user['passwd_file']}
"""), user


def phases_log(host) -> list[str]:
    return [ln.split(": ", 1)[1] for ln in host.log_lines()
            if ln.startswith("mod_phases/0.1: ")]


def test_hello_directive_takes_effect_and_site_hello_answers(hello_host):
    host, _ = hello_host
    with host.session() as s:
        assert s.banner.code == 220
        assert s.login("alice", "secret").code == 230
        reply = s.command("SITE HELLO bob")
        assert (reply.code, reply.text) == (200, "Howdy, bob!")
        assert s.command("SITE", "HELLO").text == "Howdy, world!"


def test_site_hello_before_login_is_refused_by_requires_auth(hello_host):
    host, _ = hello_host
    with host.session() as s:
        reply = s.command("SITE HELLO bob")
        assert (reply.code, reply.text) == (530, "Please login with USER and PASS")


def test_wrong_password_is_530_and_logged(hello_host):
    host, _ = hello_host
    with host.session() as s:
        assert s.command("USER alice").lines == ((331, "Password required for alice"),)
        assert s.command("PASS wrong").lines == ((530, "Login incorrect."),)
    assert "USER alice (Login failed): Incorrect password" in host.log_lines()


def test_unknown_site_command_and_unknown_command(hello_host):
    host, _ = hello_host
    with host.session() as s:
        s.login("alice", "secret")
        assert s.command("SITE NOPE").lines == ((500, "'SITE NOPE' not understood"),)
        assert s.command("XYZZY 1").lines == ((500, "XYZZY not understood"),)


@needs_root
def test_stor_and_appe_write_into_cwd_as_the_user(hello_host):
    host, user = hello_host
    with host.session() as s:
        s.login("alice", "secret")
        assert s.command("PWD").text == f'"{user["home"]}" is the current directory'
        reply = s.stor("up.txt", b"hello ")
        assert reply.codes == [150, 226]
        # As proftpd: no appending to (or overwriting) an existing file
        # unless AllowStoreRestart (AllowOverwrite) says so.
        assert s.appe("up.txt", b"world").lines == (
            (451, "up.txt: Append/Restart not permitted, try again"),)
        assert s.stor("up.txt", b"again").lines == (
            (550, "up.txt: Overwrite permission denied"),)
    path = user["home"] / "up.txt"
    assert path.read_bytes() == b"hello "
    st = path.stat()
    assert (st.st_uid, st.st_gid) == (4242, 4242)


@needs_root
def test_appe_and_overwrite_when_the_config_allows_them(shim_host_factory,
                                                         shim_user, mods):
    user = shim_user("alice", "secret")
    host = shim_host_factory(f"""ModulePath {mods}
AuthUserFile {user['passwd_file']}
<Directory {user['home']}>
  AllowOverwrite on
  AllowStoreRestart on
</Directory>
""")
    with host.session() as s:
        s.login("alice", "secret")
        assert s.stor("up.txt", b"hello ").code == 226
        assert s.appe("up.txt", b"world").code == 226
        assert s.stor("up2.txt", b"x").code == 226
        assert s.stor("up2.txt", b"y").code == 226
    assert (user["home"] / "up.txt").read_bytes() == b"hello world"
    assert (user["home"] / "up2.txt").read_bytes() == b"y"


def test_retr_list_and_directory_commands(hello_host):
    host, user = hello_host
    (user["home"] / "a.txt").write_bytes(b"abc\x00def")
    with host.session() as s:
        s.login("alice", "secret")
        assert s.retr("a.txt").data == b"abc\x00def"
        assert s.command("MKD sub").code == 257
        assert s.command("CWD sub").code == 250
        assert s.command("PWD").text == f'"{user["home"]}/sub" is the current directory'
        assert s.command("CDUP").code == 250
        # NLST lists in directory order, LIST sorts by name (as mod_ls).
        names = [n for n in os.listdir(user["home"]) if not n.startswith(".")]
        assert sorted(names) == ["a.txt", "sub"]
        assert s.command("NLST").data.decode().split() == names
        listing = s.command("LIST").data.decode()
        assert listing.index("a.txt") < listing.index("sub")
        assert "a.txt" in s.command("LIST").data.decode()
        assert s.command("DELE a.txt").code == 250
        assert s.command("RETR a.txt").lines == (
            (550, "a.txt: No such file or directory"),)


def test_quit_says_goodbye_and_closes(hello_host):
    host, _ = hello_host
    s = host.session()
    assert s.quit().lines == ((221, "Goodbye."),)
    with pytest.raises(SessionClosed):
        s.command("NOOP")


def test_dispatch_runs_phases_in_proftpd_order(shim_host_factory, mods):
    host = shim_host_factory(f"ModulePath {mods}\nLoadModule mod_phases.c\n")
    with host.session() as s:
        assert s.command("XPHA").lines == ((200, "XPHA done"),)
        assert s.command("XERR").lines == ((550, "XERR failed on purpose"),)
        assert s.command("XPRE").lines == ((550, "XPRE refused in PRE_CMD"),)
        assert s.command("XDEC").lines == ((500, "XDEC not understood"),)
        assert s.command("XAUTH").lines == ((530, "Please login with USER and PASS"),)
    log = [ln for ln in phases_log(host) if " X" in ln]
    assert log == [
        "ANY_PRE_CMD XPHA user=-", "PRE_CMD XPHA user=-", "CMD XPHA user=-",
        "POST_CMD XPHA user=-", "LOG_CMD XPHA user=-",
        "ANY_PRE_CMD XERR user=-", "CMD XERR user=-", "POST_CMD_ERR XERR user=-",
        "LOG_CMD_ERR XERR user=-",
        "ANY_PRE_CMD XPRE user=-", "PRE_CMD XPRE user=-",
        "POST_CMD_ERR XPRE user=-", "LOG_CMD_ERR XPRE user=-",
        "ANY_PRE_CMD XDEC user=-", "CMD XDEC user=-",
        "ANY_PRE_CMD XAUTH user=-",
    ]


def test_handler_segfault_kills_only_its_session(shim_host_factory, mods,
                                                 prxs_host_kind):
    host = shim_host_factory(f"ModulePath {mods}\nLoadModule mod_crash.c\n"
                             "LoadModule mod_counter.c\n")
    with host.session() as s:
        with pytest.raises(SessionClosed) as exc:
            s.command("SITE CRASH")
    host.wait_for_log(r"signal 11")
    if prxs_host_kind == "shim":
        # The shim's own crash report (proftpd only says it terminates).
        assert "signal 11" in str(exc.value)
        host.wait_for_log(r"session process \d+ died from signal 11 "
                          r"\(Segmentation fault\)")
        host.wait_for_log(r"caught signal 11 \(SEGV\) in mod_crash\.c CMD handler "
                          r"while handling 'SITE CRASH'")
    assert host.running
    with host.session() as s2:
        assert s2.command("SITE COUNT").text.startswith("count 1")


def test_sessions_do_not_share_module_state(shim_host_factory, mods):
    host = shim_host_factory(f"ModulePath {mods}\nLoadModule mod_counter.c\n")
    with host.session() as a, host.session() as b:
        assert a.command("SITE COUNT").text.startswith("count 1")
        assert a.command("SITE COUNT").text.startswith("count 2")
        assert b.command("SITE COUNT").text.startswith("count 1")


def test_failing_sess_init_closes_the_session_without_a_reply(shim_host_factory,
                                                              mods):
    # As proftpd: the module's errno is logged and the connection closed
    # before the banner; the host goes on.
    host = shim_host_factory(f"ModulePath {mods}\nLoadModule mod_sessfail.c\n")
    with pytest.raises(SessionClosed):
        host.session()
    host.wait_for_log("^mod_sessfail.c: error initializing session: "
                      "Permission denied$")
    assert host.running


def test_sess_init_sees_the_remote_address(shim_host_factory, mods):
    host = shim_host_factory(f"ModulePath {mods}\nLoadModule mod_phases.c\n")
    with host.session("127.9.8.7"):
        pass
    host.wait_for_log(r"mod_phases/0.1: sess_init from 127\.9\.8\.7")


@pytest.mark.shim_only("restarts through the shim's control channel")
def test_events_exit_restart_load_unload(shim_host_factory, mods):
    host = shim_host_factory(f"ModulePath {mods}\nLoadModule mod_phases.c\n")
    with host.session() as s:
        s.quit()
    host.wait_for_log("mod_phases/0.1: event core.exit")
    assert "event core.module-load mod_phases.c" in phases_log(host)

    host.restart()
    log = phases_log(host)
    assert log[log.index("event core.restart"):][:4] == [
        "event core.restart", "event core.module-unload mod_phases.c", "init",
        "event core.module-load mod_phases.c"]


@pytest.mark.shim_only("checks the master through the shim's control channel")
def test_sighup_rereads_the_configuration(shim_host_factory, mods):
    host = shim_host_factory(f"ModulePath {mods}\nLoadModule mod_phases.c\n")
    host.sighup()
    host.wait_for_log("master server reparsing configuration file")
    host.wait_for_log("mod_phases/0.1: event core.restart")
    assert host.control("ping") == ["pong"]
    assert "mod_phases.c" in host.modules()


@pytest.mark.shim_only("a vhost on 10.0.0.2 reached through a faked local address")
def test_host_command_switches_vhost_and_reinits_session(shim_host_factory, mods):
    host = shim_host_factory(f"""ServerName main
ModulePath {mods}
LoadModule mod_phases.c
<VirtualHost 10.0.0.2>
  ServerName other
  ServerAlias other.example.com
</VirtualHost>
""")
    with host.session() as s:
        assert s.command("HOST other.example.com").lines == ((220, "HOST command ok"),)
        assert s.command("HOST nowhere").code == 504
    host.wait_for_log("mod_phases/0.1: event core.session-reinit")
    with host.session(local_addr="10.0.0.2") as s:
        assert "(other)" in s.banner.text


@pytest.mark.shim_only("the shim's control channel")
def test_unload_and_load_through_the_control_channel(shim_host_factory, mods):
    host = shim_host_factory(f"ModulePath {mods}\nLoadModule mod_hello.c\n")
    assert host.unload_module("mod_hello.c") == "'mod_hello.c' unloaded"
    assert host.unload_module("mod_hello.c") == \
        "error unloading 'mod_hello.c': Module not loaded"
    assert host.unload_module("mod_dso.c") == \
        "error unloading 'mod_dso.c': Operation not permitted"
    assert host.load_module("bogus") == "error loading 'bogus': Bad module name"
    assert host.load_module("mod_hello.c") == "'mod_hello.c' loaded"
    assert host.load_module("mod_hello.c") == \
        "error loading 'mod_hello.c': Already loaded"


def test_limit_denyall_refuses_writes_and_logins(shim_host_factory, shim_user, mods):
    user = shim_user("bob", "pw", uid=4343)
    host = shim_host_factory(f"""AuthUserFile {user['passwd_file']}
<Limit WRITE>
  DenyAll
</Limit>
<Limit LOGIN>
  DenyUser carol
</Limit>
""")
    with host.session() as s:
        assert s.login("bob", "pw").code == 230
        assert s.stor("x.txt", b"x").lines == ((550, "x.txt: Operation not permitted"),)
        assert s.command("PWD").code == 257
    assert not (user["home"] / "x.txt").exists()


def test_stopping_the_host_leaves_no_processes(shim_host_factory, mods):
    host = shim_host_factory(f"ModulePath {mods}\nLoadModule mod_counter.c\n")
    s = host.session()
    s.command("SITE COUNT")
    pgid = host.pid
    host.stop()
    with pytest.raises(ProcessLookupError):
        os.killpg(pgid, 0)
    assert not host.running


def test_host_survives_a_session_killed_from_outside(shim_host_factory, mods,
                                                    prxs_host_kind):
    host = shim_host_factory(f"ModulePath {mods}\nLoadModule mod_counter.c\n")
    s = host.session()
    reply = s.command("SITE COUNT")
    assert reply.code == 200
    pid = s.pid
    os.kill(pid, signal.SIGKILL)
    if prxs_host_kind == "shim":
        # The shim's master reports it; proftpd's reaps it silently.
        host.wait_for_log(rf"session process {pid} died from signal 9")
    with host.session() as s2:
        assert s2.command("SITE COUNT").code == 200


@needs_root
def test_default_root_chroots_the_session_to_the_home(shim_host_factory, shim_user):
    user = shim_user("dave", "pw", uid=4444)
    host = shim_host_factory(f"AuthUserFile {user['passwd_file']}\nDefaultRoot ~\n")
    with host.session() as s:
        assert s.login("dave", "pw").code == 230
        assert s.command("PWD").text == '"/" is the current directory'
        assert s.stor("/in-root.txt", b"jailed").code == 226
        assert s.command("CWD /etc").code == 550
    assert (user["home"] / "in-root.txt").read_bytes() == b"jailed"


@needs_root
def test_sessions_run_as_user_before_login_and_as_the_login_user_after(
        shim_host_factory, shim_user, mods):
    user = shim_user("erin", "pw", uid=4545)
    host = shim_host_factory(f"ModulePath {mods}\nLoadModule mod_counter.c\n"
                             f"User nobody\nGroup nogroup\n"
                             f"AuthUserFile {user['passwd_file']}\n")
    nobody = __import__("pwd").getpwnam("nobody").pw_uid
    with host.session() as s:
        assert s.command("SITE COUNT").text == f"count 1 uid {nobody}"
        assert s.login("erin", "pw").code == 230
        assert s.command("SITE COUNT").text == "count 2 uid 4545"


@pytest.mark.shim_only("the shim's crash report for a directive handler")
def test_directive_handler_crash_is_reported_with_the_config_line(
        shim_host_factory, mods, tmp_path):
    from prxs.shim import ShimConfigError, check_config

    text = f"ModulePath {mods}\nLoadModule mod_crash.c\nCrashNow on\n"
    conf = tmp_path / "crash.conf"
    conf.write_text(text)
    res = check_config(str(conf))
    assert res.exit_code == -signal.SIGSEGV
    expected = (f"caught signal 11 (SEGV) in mod_crash.c directive handler while "
                f"handling 'CrashNow on' on line 3 of '{conf}'")
    assert any(ln.endswith(expected) for ln in res.log_lines()), res.log
    with pytest.raises(ShimConfigError) as exc:
        shim_host_factory(text)
    assert "caught signal 11 (SEGV) in mod_crash.c directive handler" in str(exc.value)


@needs_root
def test_anonymous_login_through_user_alias_is_chrooted_and_limited(
        shim_host_factory, shim_user):
    ftp = shim_user("ftp", "unused", uid=4646)
    (ftp["home"] / "pub.txt").write_bytes(b"public")
    host = shim_host_factory(f"""AuthUserFile {ftp['passwd_file']}
<Anonymous {ftp['home']}>
  User ftp
  UserAlias anonymous ftp
  <Limit WRITE>
    DenyAll
  </Limit>
</Anonymous>
""")
    with host.session() as s:
        assert s.command("USER anonymous").lines == (
            (331, "Anonymous login ok, send your complete email address as your "
                  "password"),)
        assert s.command("PASS me@example.com").lines == (
            (230, "Anonymous access granted, restrictions apply"),)
        assert s.command("PWD").text == '"/" is the current directory'
        assert s.retr("pub.txt").data == b"public"
        assert s.stor("up.txt", b"x").lines == ((550, "up.txt: Operation not permitted"),)
    assert "ANON ftp: Login successful." in host.log_lines()


@pytest.mark.shim_only("the shim's control channel")
def test_module_printing_to_stdout_goes_to_the_log_not_the_control_channel(
        shim_host_factory, mods):
    host = shim_host_factory(f"ModulePath {mods}\nLoadModule mod_phases.c\n")
    assert host.control("ping") == ["pong"]
    assert host.modules()[-1] == "mod_phases.c"
    assert "mod_phases: init says hello on stdout" in host.log_text()


@differs("module-order-partial")
def test_module_order_decides_which_module_sees_a_command_first(
        shim_host_factory, hello_host, mods):
    _, user = hello_host
    base = (f"ModulePath {mods}\nLoadModule mod_hello.c\n"
            f"AuthUserFile {user['passwd_file']}\n")
    # By default the module loaded last (mod_hello) is called first.
    host = shim_host_factory(base)
    with host.session() as s:
        s.login("alice", "secret")
        assert s.command("SITE HELLO x").text == "Hello, x!"
    # Listed first = called first: mod_site now answers, and refuses.
    host = shim_host_factory(base + "ModuleOrder mod_site.c mod_hello.c\n")
    with host.session() as s:
        s.login("alice", "secret")
        assert s.command("SITE HELLO x").lines == (
            (500, "'SITE HELLO' not understood"),)


def test_host_stuck_in_module_init_times_out_and_is_stopped(tmp_path):
    from prxs.shim import Host, ShimTimeout
    from prxs.shim.testing import build_with_gcc

    so = build_with_gcc(PKG / "mod_block.c", tmp_path / "m")
    host = Host(config_text=f"ModulePath {so.parent}\nLoadModule mod_block.c\n",
                workdir=tmp_path / "h", start_timeout=1.5)
    with pytest.raises(ShimTimeout) as exc:
        host.start()
    assert "did not finish loading" in exc.value.message
    assert not host.running
    with pytest.raises(ProcessLookupError):
        os.killpg(host.pid, 0)


def test_stopping_the_host_fires_core_exit_in_master_and_sessions(
        shim_host_factory, mods):
    host = shim_host_factory(f"ModulePath {mods}\nLoadModule mod_phases.c\n")
    master = host.pid
    s = host.session()
    pid = s.pid
    assert host.stop() == 0
    log = host.log_text().splitlines()
    for who in (master, pid):
        assert any(re.search(rf"\[{who}\][^:]*: mod_phases/0.1: event core.exit$", ln)
                   for ln in log), who
