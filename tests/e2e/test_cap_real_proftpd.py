"""mod_cap in the real server: a renamed copy (mod_capx.c, Capx* directives,
because Debian's proftpd has mod_cap built in) loaded by the installed
proftpd, a real FTP login on 127.0.0.1, and the session process's
/proc/<pid>/status read as in the shim tests."""

from __future__ import annotations

import ftplib
import os
import socket
import subprocess

import pytest

from prxs.shim.passwd import write_passwd

from ..conftest import needs_proftpd
from .realserver import base_config, free_port, run_dir, wait_until  # noqa: F401 (fixture)
from .cap_support import (CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_NET_BIND_SERVICE,
                          needs_caps, real_copy, status)

pytestmark = [needs_caps, needs_proftpd]

UID = 4242
CAP_AUDIT_WRITE = 1 << 29


def children_of(pid: int) -> list[int]:
    kids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            kids.append(int(entry))
    return kids


def test_real_proftpd_session_keeps_only_the_configured_capabilities(tmp_path, prxs,
                                                                     run_dir):
    mods = real_copy(tmp_path)
    res = prxs("-c", "--target", "proftpd", "mod_capx.c", cwd=mods)
    assert res.returncode == 0, res
    os.chmod(mods, 0o755)
    home = run_dir / "alice"
    home.mkdir()
    os.chown(home, UID, UID)
    passwd = write_passwd(str(run_dir / "ftpd.passwd"), {
        "alice": {"password": "secret", "uid": UID, "gid": UID, "home": str(home)}})
    port = free_port()
    conf = run_dir / "proftpd.conf"
    conf.write_text(base_config("real mod_capx", port, run_dir, passwd, mods) + """LoadModule mod_capx.c
# The built-in mod_cap stays out of the way; ours does the drop.
CapabilitiesEngine off
CapxEngine on
CapxSet +CAP_DAC_OVERRIDE
""")
    master = subprocess.Popen(["proftpd", "-n", "-q", "-c", str(conf)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        def listening():
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return True
            except OSError:
                return master.poll() is not None and \
                    pytest.fail("proftpd exited: " + master.stdout.read().decode())
        wait_until("proftpd to listen", listening)
        # The probe connection's session must be gone before ours starts.
        wait_until("the probe session to end", lambda: not children_of(master.pid))

        ftp = ftplib.FTP()
        ftp.connect("127.0.0.1", port, timeout=10)
        (session_pid,) = wait_until("the session process", lambda: children_of(master.pid))
        before = status(session_pid)
        assert before.eff == 0 and before.prm == status(master.pid).prm
        assert ftp.login("alice", "secret").startswith("230")
        after = status(session_pid)
        keep = CAP_NET_BIND_SERVICE | CAP_CHOWN | CAP_DAC_OVERRIDE
        # Debian's proftpd has mod_auth_pam built in: CAP_AUDIT_WRITE stays too.
        assert after.prm & ~CAP_AUDIT_WRITE == keep
        assert (after.prm, after.bnd) == (after.eff, after.eff)
        assert after.uid == (UID,) * 4
        ftp.quit()
    finally:
        master.terminate()
        try:
            master.wait(10)
        except subprocess.TimeoutExpired:
            master.kill()
            master.wait()
        master.stdout.close()
