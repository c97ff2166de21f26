"""mod_exec against the real module: the same configuration and the same
session on

- ``real``: the installed proftpd with Debian's own mod_exec.so
  (/usr/lib/proftpd), the reference;
- ``shim``: the shim host with the sample module built for the embedded SDK;
- ``sample``: the installed proftpd with the sample built ``--target proftpd``
  (for what the shim host cannot do: RNFR/RNTO, Variables of other modules).

Every hook runs the recording program with a label and every variable as its
own argument; each variable is compared run by run (the same hooks in the
same order, the same argv).  The identity of ``ExecOnEvent event~`` hooks is
compared too, and the ExecLog rules (item 16 of issue 13).
"""

from __future__ import annotations

import ftplib
import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from prxs.shim import Host
from prxs.shim.passwd import write_passwd

from ..conftest import needs_proftpd
from .exec_support import (SAMPLES, Hooks, build_hook, build_modules, needs_gcc,
                           needs_root)
from .realserver import base_config, free_port, wait_until

pytestmark = [needs_gcc, needs_root, needs_proftpd]

UID = 4242
DEBIAN_MODULES = Path("/usr/lib/proftpd")
ENV_NAME, ENV_VALUE = "PRXS_EXEC_PARITY", "from the environment"

# Every variable of mod_exec's documentation and of the real module's
# exec_subst_var(), the Variables mod_core defines for each session, and
# ones that are no variable at all.
VARIABLES = [
    "%a", "%A", "%b", "%C", "%c", "%F", "%f", "%g", "%h", "%l", "%m", "%r",
    "%U", "%u", "%V", "%v", "%w",
    "%{bytes_xfer}", "%{total_bytes_in}", "%{total_bytes_out}",
    "%{total_bytes_xfer}", "%{total_files_in}", "%{total_files_out}",
    "%{total_files_xfer}",
    f"%{{env:{ENV_NAME}}}", "%{env:PRXS_EXEC_PARITY_UNSET}", "%{env:}",
    "%{time:%Y}", "%{time:}", "%{no_such_variable}", "%z", "100%", "%{open",
    "[%u|%m]",
]

CMDS = "USER,PASS,STOR,RETR,APPE,SIZE,MKD,RNFR,RNTO,DELE,RMD,NOOP"


def _vars() -> str:
    return " ".join(f'"{v}"' for v in VARIABLES)


def _config(head: str, rec: str, run_dir: Path, name: str) -> str:
    v = _vars()
    # No name lookups: the shim host resolves none (%h is the name the
    # client side gives, %V the local address).
    return head + f"""UseReverseDNS off
ExecEngine on
ExecLog {run_dir}/exec-{name}.log
ExecOnConnect {rec} connect {v}
ExecBeforeCommand {CMDS} {rec} before {v}
ExecOnCommand {CMDS} {rec} after {v}
ExecOnError STOR,DELE {rec} error {v}
ExecOnEvent core.unhandled-command~ {rec} event {v}
ExecOnExit {rec} exit {v}
"""


class World:
    """Users, homes and the hook program, shared by every run so that paths
    are the same on each host."""

    def __init__(self, base: Path, hook: Path) -> None:
        self.base = base
        self.hook = hook
        self.home = base / "alice"
        self.passwd = write_passwd(str(base / "ftpd.passwd"), {
            "alice": {"password": "secret", "uid": UID, "gid": UID,
                      "home": str(self.home)}})

    def fresh_home(self) -> None:
        shutil.rmtree(self.home, ignore_errors=True)
        self.home.mkdir()
        os.chown(self.home, UID, UID)


def _session_real(port: int, rename: bool) -> None:
    ftp = ftplib.FTP()
    ftp.connect("127.0.0.1", port, timeout=10)
    ftp.login("alice", "secret")
    ftp.storbinary("STOR up.txt", io.BytesIO(b"12345"))
    ftp.retrbinary("RETR up.txt", lambda b: None)
    ftp.sendcmd("SIZE up.txt")
    ftp.mkd("sub")
    if rename:
        ftp.rename("up.txt", "sub/moved.txt")
        ftp.delete("sub/moved.txt")
    else:
        ftp.delete("up.txt")
    ftp.rmd("sub")
    ftp.voidcmd("NOOP")
    with pytest.raises(ftplib.error_perm):
        ftp.storbinary("STOR nodir/x.txt", io.BytesIO(b"x"))
    with pytest.raises(ftplib.error_perm):
        ftp.delete("missing.txt")
    with pytest.raises(ftplib.error_perm):
        ftp.sendcmd("FOOBAR")
    ftp.quit()


def _session_shim(host: Host) -> None:
    with host.session() as s:
        assert s.login("alice", "secret").code == 230
        assert s.command("TYPE I").code == 200     # as ftplib's storbinary sends
        assert s.stor("up.txt", b"12345").code == 226
        assert s.retr("up.txt").code == 226
        assert s.command("SIZE up.txt").code == 213
        assert s.command("MKD sub").code == 257
        assert s.command("DELE up.txt").code == 250
        assert s.command("RMD sub").code == 250
        assert s.command("NOOP").code == 200
        assert s.stor("nodir/x.txt", b"x").code >= 400
        assert s.command("DELE missing.txt").code >= 400
        assert s.command("FOOBAR").code == 500
        s.quit()


def _start_real(conf: Path, env: dict) -> subprocess.Popen:
    return subprocess.Popen(["proftpd", "-n", "-q", "-c", str(conf)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def _stop_real(master: subprocess.Popen) -> str:
    master.terminate()
    try:
        out, _ = master.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        master.kill()
        out, _ = master.communicate(timeout=10)
    return out.decode(errors="replace")


def _connectable(port: int, master: subprocess.Popen) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
            s.recv(200)
        return True
    except OSError:
        if master.poll() is not None:
            pytest.fail("proftpd exited: " + master.stdout.read().decode())
        return False


def run_real(world: World, module_path: Path, name: str, body=_config,
             session=_session_real, rename: bool = True, wait=None, **kw):
    """One session on the real proftpd loading mod_exec from module_path;
    returns (records, server output)."""
    run_dir = world.base / name
    run_dir.mkdir(exist_ok=True)
    world.fresh_home()
    hooks = Hooks(world.hook)
    port = free_port()
    head = base_config("exec parity", port, run_dir, world.passwd, module_path)
    conf = run_dir / "proftpd.conf"
    conf.write_text(body(head + "LoadModule mod_exec.c\n", hooks.path(), run_dir,
                         name, **kw))
    master = _start_real(conf, dict(os.environ, **{ENV_NAME: ENV_VALUE}))
    try:
        wait_until("proftpd to listen", lambda: _connectable(port, master))
        # The probe was a session too: its hooks are not this test's.
        if wait is None:
            _wait_for_exit_hook(hooks)
        else:
            time.sleep(0.3)
        hooks.clear()
        try:
            session(port, rename) if session is _session_real else session(port)
        except (ftplib.Error, OSError) as exc:
            raise AssertionError(f"{name}: {exc}; proftpd said: "
                                 + _stop_real(master)) from None
        (wait or _wait_for_exit_hook)(hooks)
        recs = hooks.records()
    finally:
        out = _stop_real(master)
        hooks.cleanup()
    return recs, out


def run_shim(world: World, mods: Path, name: str, body=_config,
             session=_session_shim, wait=None, **kw):
    run_dir = world.base / name
    run_dir.mkdir(exist_ok=True)
    world.fresh_home()
    hooks = Hooks(world.hook)
    # The server's plumbing (address, pid and scoreboard files) differs; the
    # rest, mod_exec's part included, is the same text.
    head = (f'ServerName "exec parity"\nUser nobody\nGroup nogroup\n'
            f"AuthUserFile {world.passwd}\nModulePath {mods}\n")
    text = body(head + "LoadModule mod_exec.c\n", hooks.path(), run_dir, name,
                **kw)
    old = os.environ.get(ENV_NAME)
    os.environ[ENV_NAME] = ENV_VALUE
    host = Host(config_text=text, workdir=run_dir / "shim")
    try:
        host.start()
        session(host)
        (wait or _wait_for_exit_hook)(hooks)
        recs = hooks.records()
    finally:
        host.stop()
        if old is None:
            os.environ.pop(ENV_NAME, None)
        else:
            os.environ[ENV_NAME] = old
        log = host.log_text()
        hooks.cleanup()
    return recs, log


def _wait_for_exit_hook(hooks: Hooks) -> None:
    """The exit hook runs after the client has gone: wait for it."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if any(r["argv"][1:2] == ["exit"] for r in hooks.records()):
            time.sleep(0.2)
            return
        time.sleep(0.05)
    raise AssertionError("the session's ExecOnExit hook did not run within 10s")


def _keyed(recs: list[dict]) -> dict[tuple, dict]:
    """Records keyed by (label, %m value, occurrence)."""
    out: dict[tuple, dict] = {}
    m = 1 + 1 + VARIABLES.index("%m")
    for r in recs:
        base = (r["argv"][1], r["argv"][m])
        n = sum(1 for k in out if k[:2] == base)
        out[base + (n,)] = r
    return out


@pytest.fixture(scope="module")
def world():
    # Sessions run as nobody, then as alice: the tree must be reachable
    # (pytest's tmp_path is not).
    base = Path(tempfile.mkdtemp(prefix="prxs-exec-parity-"))
    os.chmod(base, 0o755)
    yield World(base, build_hook(base / "hook"))
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def sdk_mods(tmp_path_factory, prxs_cache) -> Path:
    return build_modules(tmp_path_factory.mktemp("exec-parity-mods"), prxs_cache)


@pytest.fixture(scope="module")
def proftpd_mods(world, prxs_cache) -> Path:
    build = world.base / "build"
    build.mkdir()
    shutil.copy(SAMPLES / "mod_exec.c", build / "mod_exec.c")
    res = subprocess.run(
        [sys.executable, "-m", "prxs", "-c", "--target", "proftpd", "mod_exec.c"],
        cwd=build, capture_output=True, text=True, timeout=300,
        env=dict(os.environ, PRXS_CACHE_DIR=str(prxs_cache)))
    assert res.returncode == 0, res.stderr
    return build


@pytest.fixture(scope="module")
def runs(world, sdk_mods, proftpd_mods):
    real, real_out = run_real(world, DEBIAN_MODULES, "real")
    sample, _ = run_real(world, proftpd_mods, "sample")
    shim, shim_log = run_shim(world, sdk_mods, "shim")
    return {"real": _keyed(real), "sample": _keyed(sample),
            "shim": _keyed(shim), "real_out": real_out, "shim_log": shim_log}


def test_the_same_hooks_run_in_the_same_order(runs):
    real = list(runs["real"])
    assert len(real) > 20, real
    assert any(k[0] == "event" for k in real), "core.unhandled-command~ ran"
    assert list(runs["sample"]) == real
    # The shim host has no RNFR/RNTO; the session there deletes up.txt instead.
    no_rename = [k for k in real if k[1] not in ("RNFR", "RNTO")]
    assert [k[:2] for k in runs["shim"]] == [k[:2] for k in no_rename]


@pytest.mark.parametrize("var", VARIABLES)
def test_each_variable_expands_as_debians_mod_exec_does(runs, var):
    i = 2 + VARIABLES.index(var)
    real = {k: r["argv"][i] for k, r in runs["real"].items()}
    sample = {k: r["argv"][i] for k, r in runs["sample"].items()}
    assert sample == real
    shim = {k: r["argv"][i] for k, r in runs["shim"].items()}
    # The shim ran DELE up.txt where the real server ran RNFR, RNTO and
    # DELE sub/moved.txt: compare the records both have.
    common = {k for k in shim if k in real and k[1] != "DELE"}
    assert len(common) > 20
    assert {k: shim[k] for k in common} == {k: real[k] for k in common}



# Item 14: "event~" runs the program as the logged-in user.

def test_tilde_event_after_login_runs_as_the_user(runs):
    ids = {name: [(r["uid"], r["euid"], r["gid"], r["groups"])
                  for k, r in runs[name].items() if k[0] == "event"]
           for name in ("real", "sample", "shim")}
    assert ids["real"] == [(UID, UID, UID, [UID])]
    assert ids["sample"] == ids["real"] and ids["shim"] == ids["real"]


def _chroot_config(head: str, rec: str, run_dir: Path, name: str) -> str:
    return head + f"""UseReverseDNS off
DefaultRoot ~
ExecEngine on
ExecLog {run_dir}/exec-{name}.log
ExecOnEvent core.chroot~ {rec} chroot %u
"""


def _login_real(port: int) -> None:
    ftp = ftplib.FTP()
    ftp.connect("127.0.0.1", port, timeout=10)
    ftp.login("alice", "secret")
    ftp.quit()


def _login_shim(host: Host) -> None:
    with host.session() as s:
        assert s.login("alice", "secret").code == 230


def _one_record(hooks: Hooks) -> None:
    assert hooks.wait(1, timeout=10, settle=0.3), "the core.chroot~ hook ran"


def test_core_chroot_tilde_runs_as_the_user_not_root(world, sdk_mods, proftpd_mods):
    got = {}
    for name, run in (("real", lambda: run_real(
                          world, DEBIAN_MODULES, "chroot-real", _chroot_config,
                          _login_real, wait=_one_record)),
                      ("sample", lambda: run_real(
                          world, proftpd_mods, "chroot-sample", _chroot_config,
                          _login_real, wait=_one_record)),
                      ("shim", lambda: run_shim(
                          world, sdk_mods, "chroot-shim", _chroot_config,
                          _login_shim, wait=_one_record))):
        recs, _ = run()
        got[name] = [(r["argv"][1:], r["uid"], r["euid"], r["gid"], r["groups"])
                     for r in recs]
    want = [(["chroot", "alice"], UID, UID, UID, [UID])]
    assert got == {"real": want, "sample": want, "shim": want}


# Item 16: ExecLog is refused in any world-writable directory, and its
# opening never blocks a session.

def _log_config(log: Path):
    def body(head: str, rec: str, run_dir: Path, name: str) -> str:
        return head + f"""UseReverseDNS off
ExecEngine on
ExecLog {log}
ExecOnConnect {rec} connect %a
"""
    return body


def _connect_real(port: int) -> None:
    ftp = ftplib.FTP()
    ftp.connect("127.0.0.1", port, timeout=10)
    ftp.quit()


def _connect_shim(host: Host) -> None:
    with host.session(timeout=10) as s:
        assert s.banner.code == 220


def test_exec_log_in_a_sticky_world_writable_directory_is_refused(
        world, sdk_mods, proftpd_mods):
    shared = world.base / "sticky"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    log = shared / "exec.log"
    body = _log_config(log)
    out = {}
    for name, run in (
            ("real", lambda: run_real(world, DEBIAN_MODULES, "log-real", body,
                                      _connect_real, wait=_one_record)),
            ("sample", lambda: run_real(world, proftpd_mods, "log-sample", body,
                                        _connect_real, wait=_one_record)),
            ("shim", lambda: run_shim(world, sdk_mods, "log-shim", body,
                                      _connect_shim, wait=_one_record))):
        recs, text = run()
        assert [r["argv"][1:] for r in recs] == [["connect", "127.0.0.1"]], name
        assert not log.exists(), f"{name} created {log}"
        out[name] = text
    # proftpd's own message, from the shim host too.
    assert f"error: {shared} is a world-writable directory" in out["shim"]
    assert "unable to use ExecLog" in out["shim"]


def test_a_fifo_at_the_exec_log_path_never_blocks_a_session(world, sdk_mods):
    logdir = world.base / "fifo-logs"
    logdir.mkdir()
    fifo = logdir / "exec.log"
    os.mkfifo(fifo)
    body = _log_config(fifo)
    # No reader: opening for writing would wait for one.
    recs, text = run_shim(world, sdk_mods, "fifo-shim", body, _connect_shim,
                          wait=_one_record)
    assert [r["argv"][1:] for r in recs] == [["connect", "127.0.0.1"]]
    assert f"unable to use ExecLog '{fifo}'" in text
    # A reader: the open succeeds, and a FIFO is still no log file.
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        recs, text = run_shim(world, sdk_mods, "fifo-shim2", body, _connect_shim,
                              wait=_one_record)
        assert [r["argv"][1:] for r in recs] == [["connect", "127.0.0.1"]]
        assert f"unable to use ExecLog '{fifo}': not a regular file" in text
        try:
            leaked = os.read(reader, 4096)
        except BlockingIOError:
            leaked = b""
        assert leaked == b"", "nothing is written into the FIFO"
    finally:
        os.close(reader)
