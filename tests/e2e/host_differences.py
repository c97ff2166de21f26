"""The one allowlist of known differences between the shim and the real
proftpd that the sample modules' suites meet when they run on both hosts
(``--prxs-host both``, as CI runs them).

Every difference found while running the suites on both hosts was either
fixed in the shim (the tests then assert the common behaviour) or is listed
here with the reason it stays.  A test whose assertions depend on a listed
behaviour carries ``differs(KEY)`` (it is skipped on proftpd, naming the
entry), and every entry has a test that pins what the real server does
(``tests/e2e/test_host_differences.py``), so an entry that stops being true
fails instead of lingering.

What the shim can do and proftpd cannot (its control channel, phase
tracing, faked client or local addresses, crash reports) is not a difference:
those tests say ``shim_only(reason)`` directly.
"""

from __future__ import annotations

import pytest

KNOWN: dict[str, str] = {
    "module-order-partial":
        "ModuleOrder: proftpd keeps only the modules the list names (a partial "
        "list disables mod_core and every other unlisted module, so the "
        "configuration after it fails); the shim reorders the listed modules "
        "and keeps the others after them.  Not copied: a shim test can reorder "
        "two modules without naming the fifteen static ones.",
    "ctrls-shim-actions":
        "Controls: the shim's mod_dso answers lsmod (and its controls run in the "
        "master with the shim's own ACL and robustness tests); Debian's "
        "proftpd answers insmod/rmmod/lsmod only with mod_ctrls_admin and "
        "mod_dso's controls, which refuse to unload static modules and give "
        "other replies.  The controls suites test the shim's implementation; "
        "ftpdctl against the shim is tested in test_ctl_actions.py.",
    "exec-sighup-restart":
        "SIGHUP: a standalone proftpd started with -n re-reads its "
        "configuration in the daemon like the shim, but the test instance "
        "has no way to wait for the re-read to finish other than the shim's "
        "control channel; the OnRestart tests stay on the shim.",
}


def differs(key: str):
    """Mark a test that asserts the shim's side of the known difference KEY."""
    return pytest.mark.shim_only(f"known difference '{key}': {KNOWN[key]}")
