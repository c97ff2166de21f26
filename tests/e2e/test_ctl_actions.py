"""insmod, lsmod and rmmod over the ControlsSocket: proftpd's reply texts,
load order, the core.module-unload event, unregistered directives and
handlers, sessions before and after, and the client's exit status."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time

import pytest

from prxs.shim.ctl import Client, ControlError, ControlUnreachable
from prxs.shim.ctl_cli import main
from prxs.shim.pytest_plugin import shim_host_factory, shim_user  # noqa: F401

from .ctl_support import shim_controls
from .ctl_support import (ALL_ACTIONS, ROOT, ctl_host, ctl_mods,  # noqa: F401
                          needs_gcc, sock_dir)

pytestmark = [needs_gcc,
              shim_controls]

STATIC = ["mod_core.c", "mod_xfer.c", "mod_rlimit.c", "mod_auth_unix.c",
          "mod_auth_file.c", "mod_auth.c", "mod_ls.c", "mod_log.c", "mod_site.c",
          "mod_delay.c", "mod_facts.c", "mod_dso.c", "mod_auth_pam.c", "mod_cap.c",
          "mod_ctrls.c", "mod_lang.c"]  # as Debian's proftpd -l


def test_lsmod_lists_static_then_loaded_modules_in_load_order(ctl_host):
    host, ctl = ctl_host(ALL_ACTIONS + "LoadModule mod_phases.c\n")
    assert ctl.lsmod() == ["Loaded Modules:"] + [f"  {m}" for m in STATIC] + \
        ["  mod_phases.c"]
    ctl.insmod("mod_hello.c")
    assert ctl.modules() == STATIC + ["mod_phases.c", "mod_hello.c"]


def test_insmod_replies(ctl_host):
    host, ctl = ctl_host(ALL_ACTIONS)
    assert ctl.request("insmod", "mod_hello.c").lines == ["'mod_hello.c' loaded"]
    for name, text in [
            ("mod_hello.c", "error loading 'mod_hello.c': Already loaded"),
            ("mod_core.c", "error loading 'mod_core.c': Already loaded"),
            ("mod_x.c", "error loading 'mod_x.c': No such file or directory"),
            ("bogus", "error loading 'bogus': Bad module name")]:
        reply = ctl.request("insmod", name)
        assert (reply.status, reply.lines) == (-1, [text])
    assert ctl.request("insmod").lines == ["insmod: missing required parameters"]


def test_insmod_stops_at_the_first_error(ctl_host):
    host, ctl = ctl_host(ALL_ACTIONS)
    reply = ctl.request("insmod", "mod_hello.c", "mod_x.c", "mod_phases.c")
    assert reply.status == -1
    assert reply.lines == ["'mod_hello.c' loaded",
                           "error loading 'mod_x.c': No such file or directory"]
    assert "mod_phases.c" not in ctl.modules()


def test_rmmod_replies(ctl_host):
    host, ctl = ctl_host(ALL_ACTIONS + "LoadModule mod_hello.c\n")
    assert ctl.request("rmmod", "mod_hello.c").lines == ["'mod_hello.c' unloaded"]
    for name, text in [
            ("mod_hello.c", "error unloading 'mod_hello.c': Module not loaded"),
            ("mod_dso.c", "error unloading 'mod_dso.c': Operation not permitted")]:
        reply = ctl.request("rmmod", name)
        assert (reply.status, reply.lines) == (-1, [text])
    assert "mod_dso.c" in ctl.modules()


def test_rmmod_fires_module_unload_and_removes_handlers_and_events(ctl_host):
    host, ctl = ctl_host(ALL_ACTIONS + "LoadModule mod_phases.c\n")
    ctl.rmmod("mod_phases.c")
    # mod_phases hears its own unload, then never another event.
    host.wait_for_log(r"mod_phases/0.1: event core.module-unload mod_phases.c")
    ctl.insmod("mod_hello.c")
    with host.session() as s:
        assert s.command("XPHA").code == 500
    assert not [ln for ln in host.log_lines()
                if "mod_phases/0.1: event core.module-load mod_hello.c" in ln]


def test_unload_then_reload_a_c_module_with_sessions_before_and_after(
        ctl_host, shim_user):
    user = shim_user("alice", "secret")
    host, ctl = ctl_host(ALL_ACTIONS + "LoadModule mod_hello.c\n"
                         f"HelloGreeting Howdy\nAuthUserFile {user['passwd_file']}\n")
    before = host.session()
    assert before.login("alice", "secret").code == 230
    assert ctl.rmmod("mod_hello.c") == ["'mod_hello.c' unloaded"]

    # The running session is a fork of the master from before: it keeps it.
    assert before.command("SITE HELLO bob").text == "Howdy, bob!"
    with host.session() as s:
        s.login("alice", "secret")
        assert s.command("SITE HELLO bob").code != 200

    assert ctl.insmod("mod_hello.c") == ["'mod_hello.c' loaded"]
    with host.session() as s:
        s.login("alice", "secret")
        assert s.command("SITE HELLO bob").text == "Howdy, bob!"
    assert before.command("SITE HELLO again").text == "Howdy, again!"
    before.close()


def test_a_static_module_can_be_unloaded_from_the_core(ctl_host):
    host, ctl = ctl_host(ALL_ACTIONS)
    with host.session() as s:
        assert s.command("NOOP").code == 200
    assert ctl.rmmod("mod_core.c") == ["'mod_core.c' unloaded"]
    assert "mod_core.c" not in ctl.modules()
    with host.session() as s:
        assert s.command("NOOP").code == 500
    # Its code stays in the host; it is not a file mod_dso could load again.
    assert ctl.request("insmod", "mod_core.c").lines == [
        "error loading 'mod_core.c': No such file or directory"]


def test_an_unknown_action_is_an_error(ctl_host):
    host, ctl = ctl_host(ALL_ACTIONS)
    reply = ctl.request("shutdown")
    assert reply.status == -1
    assert reply.lines[0].startswith("unsupported action requested: 'shutdown'")


def test_python_api_raises_on_error_replies(ctl_host):
    host, ctl = ctl_host(ALL_ACTIONS)
    with pytest.raises(ControlError) as info:
        ctl.rmmod("mod_dso.c")
    assert info.value.reply.lines == [
        "error unloading 'mod_dso.c': Operation not permitted"]


def test_cli_exits_non_zero_on_an_error_reply(ctl_host, capsys):
    host, ctl = ctl_host(ALL_ACTIONS)
    sock = ctl.socket_path
    assert main(["-s", sock, "insmod", "mod_hello.c"]) == 0
    assert capsys.readouterr().out == "'mod_hello.c' loaded\n"
    assert main(["-s", sock, "insmod", "mod_hello.c"]) == 1
    assert capsys.readouterr().out == "error loading 'mod_hello.c': Already loaded\n"
    assert main(["-s", sock]) == 2
    assert main(["-s", sock + ".nothere", "lsmod"]) == 3
    assert "cannot reach the Controls socket" in capsys.readouterr().err


def test_prxs_ctl_command_answers(ctl_host):
    # How fast it answers is measured by bench/bench_shim.py, not asserted here.
    host, ctl = ctl_host(ALL_ACTIONS)
    res = subprocess.run([sys.executable, "-m", "prxs", "ctl", "-s", ctl.socket_path,
                          "lsmod"], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert res.returncode == 0, res.stderr
    assert res.stdout.splitlines()[0] == "Loaded Modules:"
    reply = ctl.request("lsmod")
    assert reply.ok and reply.lines[0] == "Loaded Modules:"


def test_no_controls_socket_without_controls_socket_directive(shim_host_factory,
                                                              sock_dir):
    host = shim_host_factory("ModuleControlsACLs all allow user *\n")
    assert list(sock_dir.iterdir()) == []


def test_socket_is_removed_when_the_host_stops(ctl_host, sock_dir):
    host, ctl = ctl_host(ALL_ACTIONS)
    assert ctl.lsmod()
    host.stop()
    assert not (sock_dir / "ctrls.sock").exists()
    with pytest.raises(ControlUnreachable):
        Client(sock_dir / "ctrls.sock").lsmod()


@pytest.mark.skipif(shutil.which("ftpdctl") is None,
                    reason="proftpd's ftpdctl is not installed")
def test_proftpds_ftpdctl_talks_to_the_shim(ctl_host):
    host, ctl = ctl_host(ALL_ACTIONS)
    res = subprocess.run(["ftpdctl", "-s", ctl.socket_path, "insmod", "mod_hello.c"],
                         capture_output=True, text=True, timeout=10)
    assert res.stdout == "ftpdctl: 'mod_hello.c' loaded\n"
    res = subprocess.run(["ftpdctl", "-s", ctl.socket_path, "lsmod"],
                         capture_output=True, text=True, timeout=10)
    assert res.stdout.splitlines()[-1] == "ftpdctl:   mod_hello.c"


def test_restart_puts_unloaded_static_modules_back_in_their_place(ctl_host, shim_user):
    user = shim_user("alice", "secret")
    host, ctl = ctl_host(ALL_ACTIONS + f"AuthUserFile {user['passwd_file']}\n"
                         "LoadModule mod_hello.c\n")
    ctl.rmmod("mod_auth_file.c", "mod_core.c", "mod_hello.c")
    assert ctl.modules() == [m for m in STATIC if m not in
                             ("mod_core.c", "mod_auth_file.c")]
    # AuthUserFile (mod_auth_file's) is in the configuration read again.
    host.restart()
    assert ctl.modules() == STATIC + ["mod_hello.c"]
    with host.session() as s:
        assert s.login("alice", "secret").code == 230
