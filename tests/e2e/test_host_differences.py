"""Each entry of the allowlist (tests/e2e/host_differences.py) pinned: the
real server still does what the entry says, so an entry that stops being
true fails here instead of hiding a test."""

from __future__ import annotations

import re
import subprocess

import pytest

from prxs.shim.pytest_plugin import shim_host_factory, shim_user  # noqa: F401
from prxs.shim.realhost import find_proftpd

from ..conftest import needs_proftpd
from .exec_support import (exec_host, exec_mods, hook_binary, hooks,  # noqa: F401
                           needs_gcc, needs_root)
from .host_differences import KNOWN

pytestmark = [pytest.mark.both_hosts, needs_proftpd, needs_gcc]


def test_every_entry_has_a_pin_here():
    pins = {"module-order-partial", "root-revoke", "mod-cap-builtin"}
    assert set(KNOWN) == pins


@pytest.mark.proftpd_only("pins the real server's ModuleOrder")
def test_module_order_partial_list_disables_the_other_modules(shim_host_factory,
                                                              prxs_host_kind):
    from prxs.shim import ShimConfigError

    with pytest.raises(ShimConfigError) as exc:
        shim_host_factory("ModuleOrder mod_site.c mod_core.c\n")
    # The list itself is fine; what follows it (the instance's own lines)
    # fails, for lack of the modules the list left out (mod_auth*: the User
    # cannot be resolved).  The shim accepts the same line.
    m = re.search(r"fatal: (.*) on line (\d+) of", str(exc.value))
    assert m and int(m.group(2)) > 1, str(exc.value)


@needs_root
@pytest.mark.proftpd_only("pins the real server's RootRevoke default")
def test_root_revoke_is_on_by_default(exec_host, hooks, prxs_host_kind):
    host, _ = exec_host(f"ExecOnEvent ev.root* {hooks.path()} root")
    with host.session() as s:
        assert s.login("alice", "secret").code == 230
        assert s.command("SITE EVENT ev.root").code == 200
    (rec,) = hooks.wait(1)
    assert (rec["uid"], rec["euid"]) == (4242, 4242)
    host.wait_for_log("RootRevoke in effect, dropped root privs")


def test_mod_cap_is_compiled_into_debians_proftpd():
    out = subprocess.run([find_proftpd(), "-l"], capture_output=True, text=True,
                         timeout=30).stdout
    assert "mod_cap.c" in out.split()


@pytest.mark.shim_only("pins the shim's side: RootRevoke on is refused, not ignored")
def test_the_shim_refuses_root_revoke_on(shim_host_factory, prxs_host_kind):
    from prxs.shim import ShimConfigError

    with pytest.raises(ShimConfigError) as exc:
        shim_host_factory("RootRevoke on\n")
    assert "RootRevoke: 'on' is not supported by the shim host" in str(exc.value)
    shim_host_factory("RootRevoke off\n")
