"""rmmod and insmod of mod_exec in a running host: a session opened before
keeps running its hooks, a session opened while it is unloaded runs none,
and once it is loaded again new sessions run them again."""

from __future__ import annotations

from prxs.shim.ctl import Client
from prxs.shim.pytest_plugin import shim_host_factory, shim_user  # noqa: F401

from .ctl_support import shim_controls
from .ctl_support import needs_root, sock_dir  # noqa: F401
from .exec_support import exec_host, exec_mods, hook_binary, hooks, needs_gcc  # noqa: F401

pytestmark = [needs_gcc, needs_root,
              shim_controls]


def argvs(hooks, n: int) -> list[list[str]]:
    return [r["argv"][1:] for r in hooks.wait(n)]


def test_unload_then_reload_mod_exec_with_sessions_before_and_after(
        exec_host, hooks, sock_dir):
    sock = sock_dir / "ctrls.sock"
    host, _ = exec_host(f"ControlsSocket {sock}\n"
                        "ModuleControlsACLs all allow user root\n"
                        f"ExecOnConnect {hooks.path()} connect %a\n"
                        f"ExecOnCommand login {hooks.path()} cmd %a %m")
    ctl = Client(sock)
    before = host.session("10.0.0.1")
    assert argvs(hooks, 1) == [["connect", "10.0.0.1"]]

    assert ctl.rmmod("mod_exec.c") == ["'mod_exec.c' unloaded"]
    assert "mod_exec.c" not in ctl.modules()
    # The session from before still has mod_exec.
    before.command("USER alice")
    assert argvs(hooks, 2)[1:] == [["cmd", "10.0.0.1", "USER"]]

    # A new session has none of its hooks.
    with host.session("10.0.0.2") as s:
        s.login("alice", "secret")
    assert len(hooks.wait(2, settle=0.5)) == 2

    assert ctl.insmod("mod_exec.c") == ["'mod_exec.c' loaded"]
    with host.session("10.0.0.3") as s:
        s.command("USER alice")
    assert argvs(hooks, 4)[2:] == [["connect", "10.0.0.3"],
                                   ["cmd", "10.0.0.3", "USER"]]
    before.command("PASS secret")
    assert argvs(hooks, 5)[4:] == [["cmd", "10.0.0.1", "PASS"]]
    before.close()
    assert host.control("ping") == ["pong"]
