"""mod_exec in the real server: built with ``prxs --target proftpd``, loaded
by the installed proftpd (Debian's own mod_exec.so stays unloaded: ModulePath
points at our build), a real FTP session on 127.0.0.1 with the hook program
recording each run, as in the shim tests."""

from __future__ import annotations

import ftplib
import io
import os
import shutil
import subprocess

import pytest

from prxs.shim.passwd import write_passwd

from ..conftest import needs_proftpd
from .realserver import base_config, free_port, run_dir, wait_until  # noqa: F401 (fixture)
from .exec_support import (NOBODY, SAMPLES, Hooks, build_hook, fd_numbers,
                           needs_gcc, needs_root)

pytestmark = [needs_gcc, needs_root, needs_proftpd]

UID = 4242


def test_real_proftpd_runs_the_hooks_as_the_shim_does(tmp_path, prxs, run_dir):
    build = run_dir / "build"
    build.mkdir()
    shutil.copy(SAMPLES / "mod_exec.c", build / "mod_exec.c")
    res = prxs("-c", "--target", "proftpd", "mod_exec.c", cwd=build)
    assert res.returncode == 0, res
    hooks = Hooks(build_hook(tmp_path / "hook"))
    home = run_dir / "alice"
    (home / "quiet").mkdir(parents=True)
    for d in (home, home / "quiet"):
        os.chown(d, UID, UID)
    passwd = write_passwd(str(run_dir / "ftpd.passwd"), {
        "alice": {"password": "secret", "uid": UID, "gid": UID, "home": str(home)}})
    port = free_port()
    rec = hooks.path()
    conf = run_dir / "proftpd.conf"
    conf.write_text(base_config("real mod_exec", port, run_dir, passwd, build) + f"""LoadModule mod_exec.c
ExecEngine on
ExecLog {run_dir}/exec.log
ExecOptions sendStdout
ExecEnviron WHO %u
ExecOnConnect {rec} connect %a
ExecBeforeCommand STOR {rec} before %f
ExecOnCommand write {hooks.path('say')} after %m %f %b
ExecOnError STOR {rec} error %f
ExecOnExit {rec} exit %u
<Directory {home}/quiet>
  ExecEnable off
</Directory>
""")
    master = subprocess.Popen(["proftpd", "-n", "-q", "-c", str(conf)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        ftp = ftplib.FTP()
        wait_until("proftpd to listen", lambda: _try_connect(ftp, port, master))
        ftp.login("alice", "secret")
        resp = ftp.storbinary("STOR up.txt", io.BytesIO(b"hello"))
        assert "out:after" in resp
        ftp.storbinary("STOR quiet/q.txt", io.BytesIO(b"q"))
        with pytest.raises(ftplib.error_perm):
            ftp.storbinary("STOR nodir/x.txt", io.BytesIO(b"x"))
        ftp.quit()
        recs = hooks.wait(5, timeout=10)
    finally:
        master.terminate()
        master.wait(10)
        master.stdout.close()
        hooks.cleanup()

    got = [r["argv"][1:] for r in recs]
    assert got == [["connect", "127.0.0.1"],
                   ["before", f"{home}/up.txt"],
                   ["after", "STOR", f"{home}/up.txt", "5"],
                   ["before", f"{home}/nodir/x.txt"],
                   ["error", ""],
                   ["exit", "alice"]]
    assert (recs[0]["uid"], recs[0]["gid"]) == (NOBODY, NOBODY)
    assert recs[0]["env"] == ["WHO="]
    for r in recs[1:]:
        assert (r["uid"], r["gid"], r["groups"]) == (UID, UID, [UID])
        assert r["env"] == ["WHO=alice"]
    for r in recs:
        assert fd_numbers(r) == [0, 1, 2] and r["stdin_rdev"] == [1, 3]


def _try_connect(ftp: ftplib.FTP, port: int, master: subprocess.Popen) -> bool:
    try:
        ftp.connect("127.0.0.1", port, timeout=5)
        return True
    except OSError:
        if master.poll() is not None:
            pytest.fail("proftpd exited: " + master.stdout.read().decode())
        return False
