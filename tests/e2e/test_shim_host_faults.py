"""The shim host under faults and hostile input (issue 13): session timers,
handlers that never return, fork-then-crash, over-long command lines, config
reading, ModulePath checks, a flooded controls socket, an insmod whose
init() hangs.  Every test is bounded by an alarm of its own."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from prxs.shim import SessionClosed, ShimTimeout
from prxs.shim.pytest_plugin import shim_host_factory, shim_user  # noqa: F401
from prxs.shim.testing import build_with_prxs

from ..conftest import ROOT
from .realserver import base_config, free_port, run_dir, wait_until  # noqa: F401

FAULTS = ROOT / "tests" / "packages" / "shim" / "host_faults"
PROFTPD = "/usr/sbin/proftpd"

pytestmark = pytest.mark.skipif(shutil.which("gcc") is None,
                                reason="the shim tests need gcc")
needs_root = pytest.mark.root(reason="needs root")
needs_proftpd = pytest.mark.proftpd(reason="needs the real proftpd")


class Overdue(Exception):
    pass


@contextlib.contextmanager
def bounded(seconds: int):
    """Fail (rather than hang) when the body takes longer than seconds."""
    def fire(signo, frame):
        raise Overdue(f"test body still running after {seconds}s")
    old = signal.signal(signal.SIGALRM, fire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@pytest.fixture(scope="module")
def mods(tmp_path_factory, prxs_cache) -> Path:
    d = tmp_path_factory.mktemp("faultmods")
    env = {"PRXS_CACHE_DIR": str(prxs_cache)}
    for src in ("mod_hang.c", "mod_inithang.c"):
        build_with_prxs(FAULTS / src, d, env=env)
    return d


def hang_host(factory, mods, extra: str = ""):
    return factory(f"""ServerName "faults"
ModulePath {mods}
LoadModule mod_hang.c
{extra}""")


# Item 2: the session timers, and a handler that never returns

def test_timeout_login_ends_the_session_with_proftpds_421(shim_host_factory, mods):
    host = hang_host(shim_host_factory, mods, "TimeoutLogin 1\nTimeoutIdle 30\n")
    with bounded(30), host.session(timeout=15) as s:
        with pytest.raises(SessionClosed) as info:
            s.command("NOOP")
            time.sleep(2.5)
            s.command("NOOP")
        replies = info.value.replies
        assert (421, "Login timeout (1 second): closing control connection") \
            in replies
    host.wait_for_log(r"^Login timeout exceeded, disconnected$")


def test_timeout_idle_ends_the_session(shim_host_factory, mods):
    host = hang_host(shim_host_factory, mods, "TimeoutIdle 1\n")
    with bounded(30), host.session(timeout=15) as s:
        time.sleep(2.5)
        with pytest.raises(SessionClosed) as info:
            s.command("NOOP")
        assert (421, "Idle timeout (1 seconds): closing control connection") \
            in info.value.replies
    host.wait_for_log(r"^Client session idle timeout, disconnected$")


def test_timeout_session_starts_at_login(shim_host_factory, shim_user, mods):
    user = shim_user("alice", "secret")
    host = hang_host(shim_host_factory, mods,
                     f"TimeoutSession 2\nAuthUserFile {user['passwd_file']}\n")
    with bounded(30), host.session(timeout=15) as s:
        time.sleep(2.5)           # not logged in yet: no session timer
        assert s.command("NOOP").code == 200
        assert s.login("alice", "secret").code == 230
        with pytest.raises(SessionClosed) as info:
            for _ in range(40):
                s.command("NOOP")
                time.sleep(0.2)
        assert (421, "Session Timeout (2 seconds): closing control connection") \
            in info.value.replies
    host.wait_for_log(r"^FTP session timed out, disconnected$")


def test_timeout_no_transfer(shim_host_factory, mods):
    host = hang_host(shim_host_factory, mods, "TimeoutNoTransfer 1\n")
    with bounded(30), host.session(timeout=15) as s:
        with pytest.raises(SessionClosed) as info:
            for _ in range(40):
                s.command("NOOP")
                time.sleep(0.2)
        assert (421, "No transfer timeout (1 seconds): closing control "
                     "connection") in info.value.replies
    host.wait_for_log(r"^FTP no transfer timeout, disconnected$")


def test_timeout_values_are_checked(shim_host_factory, mods):
    from prxs.shim import ShimConfigError
    with bounded(30), pytest.raises(ShimConfigError) as info:
        hang_host(shim_host_factory, mods, "TimeoutIdle soon\n")
    assert "error parsing timeout value 'soon'" in str(info.value)


def test_a_spinning_handler_is_ended_by_timeout_idle(shim_host_factory, mods):
    host = hang_host(shim_host_factory, mods, "TimeoutIdle 1\n")
    with bounded(30), host.session(timeout=15) as s:
        with pytest.raises(SessionClosed) as info:
            s.command("SITE SPIN")
        assert (421, "Idle timeout (1 seconds): closing control connection") \
            in info.value.replies
    host.wait_for_log(r"^Client session idle timeout, disconnected$")


def test_the_callers_timeout_kills_the_session_and_names_the_command(
        shim_host_factory, mods):
    host = hang_host(shim_host_factory, mods)
    with bounded(30):
        s = host.session(timeout=1.5)
        pid = s.pid
        with pytest.raises(ShimTimeout) as info:
            s.command("SITE BLOCK")
        assert "'SITE BLOCK'" in str(info.value)
        assert f"killed session process {pid}" in str(info.value)
        assert s.closed
        wait_until("the session process to be gone",
                   lambda: not os.path.exists(f"/proc/{pid}"), 10)
        assert host.session_count() == 0


@needs_proftpd
def test_real_proftpd_idle_timeout_reply_matches(run_dir, tmp_path):  # noqa: F811
    port = free_port()
    passwd = run_dir / "passwd"
    passwd.write_text("")
    os.chmod(passwd, 0o600)
    conf = run_dir / "proftpd.conf"
    conf.write_text(base_config("faults", port, run_dir, passwd, "/usr/lib/proftpd")
                    + "TimeoutIdle 1\n")
    proc = subprocess.Popen([PROFTPD, "-n", "-q", "-c", str(conf)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with bounded(30):
            wait_until("proftpd to listen", lambda: _connects(port), 10)
            with socket.create_connection(("127.0.0.1", port), timeout=10) as c:
                got = _read_all(c)
        assert b"421 Idle timeout (1 seconds): closing control connection" in got
    finally:
        proc.terminate()
        proc.wait(10)


def _connects(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def _read_all(c: socket.socket) -> bytes:
    got = b""
    while True:
        try:
            chunk = c.recv(65536)
        except (ConnectionResetError, socket.timeout):
            return got
        if not chunk:
            return got
        got += chunk


# Item 4: a module that forks, then crashes

def test_fork_then_crash_is_reported_when_the_session_dies(shim_host_factory, mods):
    host = hang_host(shim_host_factory, mods)
    with bounded(30), host.session(timeout=20) as s:
        start = time.monotonic()
        with pytest.raises(SessionClosed) as info:
            s.command("SITE FORKCRASH")
        waited = time.monotonic() - start
    assert "SIGSEGV" in info.value.log or "signal 11" in str(info.value)
    assert "died from signal 11" in str(info.value)
    # Reported on the crash, not after the session's 20 s wait.
    assert waited < 15


# Item 5: a line longer than the command buffer

def test_an_over_long_line_is_ignored_and_not_run(shim_host_factory, mods):
    host = hang_host(shim_host_factory, mods)
    with bounded(30), host.session(timeout=15) as s:
        reply = s.command("NOOP " + "x" * 9000)
        assert reply.lines == ()
        assert s.command("NOOP").code == 200
        # The longest line proftpd takes with CRLF: 4100 bytes.
        assert s.command("NOOP " + "x" * 4095).code == 200
        assert s.command("NOOP " + "x" * 4096).lines == ()
        assert s.command("NOOP").code == 200
    assert host.log_lines().count("client sent too-long command, ignoring") == 2


def test_a_16k_line_ends_the_session_and_its_tail_never_runs(shim_host_factory,
                                                             mods):
    host = hang_host(shim_host_factory, mods)
    with bounded(30), host.session(timeout=15) as s:
        with pytest.raises(SessionClosed) as info:
            s.command("NOOP " + "y" * 16384 + " SITE FORKCRASH")
            s.command("NOOP")
        assert info.value.replies == []
    assert "caught signal" not in host.log_text()
    assert "dispatching" not in "\n".join(
        ln for ln in host.log_lines() if "FORKCRASH" in ln)


def test_command_buffer_size_sets_the_limit(shim_host_factory, mods):
    host = hang_host(shim_host_factory, mods, "CommandBufferSize 64\n")
    with bounded(30), host.session(timeout=15) as s:
        assert s.command("NOOP " + "x" * 56).code == 200
        assert s.command("NOOP " + "x" * 57).lines == ()


# Item 13: a flood of idle controls clients from another uid

FLOODER = r"""
import socket, sys
held = []
for _ in range(int(sys.argv[2])):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(2)
    try:
        s.connect(sys.argv[1])
    except OSError:
        s.close()
        continue
    held.append(s)
print(len(held), flush=True)
sys.stdin.read()
"""


@needs_root
@pytest.mark.skipif(shutil.which("setpriv") is None, reason="needs setpriv")
def test_root_is_served_while_nobody_floods_the_controls_socket(
        shim_host_factory, mods, tmp_path):
    import tempfile
    from prxs.shim.ctl import Client
    sock_dir = Path(tempfile.mkdtemp(prefix="prxs-ctl-"))
    os.chmod(sock_dir, 0o755)
    sock = sock_dir / "ctrls.sock"
    host = shim_host_factory(f"""ModulePath {mods}
ControlsSocket {sock}
ModuleControlsACLs all allow user root
""")
    flooder = subprocess.Popen(
        ["setpriv", "--reuid", "nobody", "--regid", "nogroup", "--clear-groups",
         sys.executable, "-c", FLOODER, str(sock), "300"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        with bounded(60):
            held = int(flooder.stdout.readline())
            assert held >= 100
            # Before: root waited behind ~300 idle clients, 32 at a time, 2 s
            # each; now it is served while they are held.
            for _ in range(3):
                reply = Client(sock, timeout=5).request("lsmod")
                assert reply.ok, reply
        assert flooder.poll() is None
        assert host.running
    finally:
        flooder.kill()
        flooder.wait(10)
        flooder.stdin.close()
        flooder.stdout.close()
        shutil.rmtree(sock_dir, ignore_errors=True)


# Item 3: insmod of a module whose init() never returns

@needs_root
def test_insmod_of_a_hanging_init_is_bounded_and_the_master_keeps_serving(
        shim_host_factory, mods):
    import tempfile
    from prxs.shim.ctl import Client
    sock_dir = Path(tempfile.mkdtemp(prefix="prxs-ctl-"))
    sock = sock_dir / "ctrls.sock"
    host = hang_host(shim_host_factory, mods,
                     f"ControlsSocket {sock}\nModuleControlsACLs all allow user root\n")
    try:
        with bounded(60):
            reply = Client(sock, timeout=20).request("insmod", "mod_inithang.c")
            assert not reply.ok
            assert reply.lines[0].startswith(
                "error loading 'mod_inithang.c': its init() did not return within")
            # The master still serves control requests and sessions.
            lsmod = Client(sock, timeout=10).request("lsmod")
            assert lsmod.ok and "  mod_inithang.c" not in lsmod.lines
            with host.session(timeout=10) as s:
                assert s.command("NOOP").code == 200
            assert host.control("ping", timeout=10)
    finally:
        shutil.rmtree(sock_dir, ignore_errors=True)


# Item 6: config reading

def shim_check(conf: Path, timeout: float = 30) -> subprocess.CompletedProcess:
    from prxs.shim.hostbuild import host_binary
    return subprocess.run([host_binary(), "-t", "-c", str(conf)],
                          capture_output=True, text=True, timeout=timeout)


@pytest.mark.parametrize("target", ["/dev/zero", "fifo"])
def test_include_of_a_non_regular_file_is_refused(tmp_path, target):
    if target == "fifo":
        target = str(tmp_path / "fifo")
        os.mkfifo(target)
    conf = tmp_path / "proftpd.conf"
    conf.write_text(f'ServerName "x"\nInclude {target}\n')
    res = shim_check(conf, timeout=20)
    assert res.returncode == 1, res
    assert f"unable to use configuration file '{target}'" in res.stderr
    assert ("a character device" if target == "/dev/zero" else "a FIFO") in res.stderr
    assert "Syntax OK" not in res.stdout


def test_include_of_a_directory_reads_its_files_in_order(tmp_path):
    d = tmp_path / "conf.d"
    d.mkdir()
    (d / "b.conf").write_text("ServerAdmin b@example.org\n")
    (d / "a.conf").write_text("ServerAdmin a@example.org\n")
    (d / "sub").mkdir()
    conf = tmp_path / "proftpd.conf"
    conf.write_text(f'ServerName "x"\nInclude {d}\n')
    res = shim_check(conf)
    assert res.returncode == 0, res
    assert "Syntax OK" in res.stdout
    # A bad directive in a later file (dot-files too, as proftpd) fails with
    # its file and line.
    (d / ".late").write_text("ServerAdmin c@example.org\n\nNoSuchDirective 1\n")
    res = shim_check(conf)
    assert res.returncode == 1, res
    assert (f"unknown configuration directive 'NoSuchDirective' on line 3 of "
            f"'{d}/.late'") in res.stderr


def test_include_glob_fails_on_a_bad_directive_with_file_and_line(tmp_path):
    d = tmp_path / "g"
    d.mkdir()
    (d / "1.conf").write_text("ServerAdmin a@example.org\n")
    (d / "2.conf").write_text("Bogus on\n")
    (d / "2.txt").write_text("AlsoBogus on\n")
    conf = tmp_path / "proftpd.conf"
    conf.write_text(f'ServerName "x"\nInclude {d}/*.conf\n')
    res = shim_check(conf)
    assert res.returncode == 1, res
    assert f"unknown configuration directive 'Bogus' on line 1 of '{d}/2.conf'" \
        in res.stderr
    assert "AlsoBogus" not in res.stderr


@needs_proftpd
def test_real_proftpd_rejects_the_same_directory(tmp_path, run_dir):  # noqa: F811
    d = run_dir / "conf.d"
    d.mkdir()
    (d / "a.conf").write_text("NoSuchDirective 1\n")
    passwd = run_dir / "passwd"
    passwd.write_text("")
    os.chmod(passwd, 0o600)
    conf = run_dir / "proftpd.conf"
    conf.write_text(base_config("faults", free_port(), run_dir, passwd,
                                "/usr/lib/proftpd") + f"Include {d}\n")
    res = subprocess.run([PROFTPD, "-t", "-c", str(conf)], capture_output=True,
                         text=True, timeout=30)
    assert (f"unknown configuration directive 'NoSuchDirective' on line 1 of "
            f"'{d}/a.conf'") in res.stderr
    assert "Syntax OK" not in res.stdout
    shim_conf = tmp_path / "shim.conf"
    shim_conf.write_text(f'ServerName "x"\nInclude {d}\n')
    shim = shim_check(shim_conf)
    assert shim.returncode == 1
    assert (f"unknown configuration directive 'NoSuchDirective' on line 1 of "
            f"'{d}/a.conf'") in shim.stderr


# Item 7: the directory a module is loaded from must not be world-writable

@pytest.mark.parametrize("how", ["libs", "libdir"])
def test_a_module_from_a_world_writable_directory_is_refused(tmp_path, mods, how):
    top = tmp_path / "mp"
    top.mkdir()
    os.chmod(top, 0o755)
    so = (mods / ".libs" / "mod_hang.so").read_bytes()
    if how == "libs":
        libs = top / ".libs"
        libs.mkdir()
        (libs / "mod_hang.so").write_bytes(so)
        (top / "mod_hang.la").write_text("dlname='mod_hang.so'\ninstalled=no\n")
        loaded_from = libs
    else:
        libdir = tmp_path / "elsewhere"
        libdir.mkdir()
        (libdir / "mod_hang.so").write_bytes(so)
        (top / "mod_hang.la").write_text(
            f"dlname='mod_hang.so'\ninstalled=yes\nlibdir='{libdir}'\n")
        loaded_from = libdir
    conf = tmp_path / "proftpd.conf"
    conf.write_text(f'ServerName "x"\nModulePath {top}\nLoadModule mod_hang.c\n')
    os.chmod(loaded_from, 0o755)
    ok = shim_check(conf)
    assert ok.returncode == 0, ok
    os.chmod(loaded_from, 0o777)
    res = shim_check(conf)
    assert res.returncode == 1, res
    assert f"{loaded_from} is world-writable" in res.stderr
    assert "Syntax OK" not in res.stdout


# Issue 14: the host reports what Python acts on as structured lines
# (--reports FILE), not only in its human-readable log.

def test_a_session_end_is_read_from_the_hosts_reports_not_its_log(shim_host_factory,
                                                                  mods):
    host = hang_host(shim_host_factory, mods)
    with bounded(30), host.session(timeout=20) as s:
        pid = s.pid
        # The log no longer says how sessions end: the report must.
        with open(host.log_path, "r+b") as f:
            f.truncate(0)
        with pytest.raises(SessionClosed) as info:
            s.command("SITE FORKCRASH")
    assert f"session process {pid} died from signal 11" in str(info.value)
    with open(host.reports_path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    assert any(ln.startswith(f"ended {pid} signal 11 ") for ln in lines), lines


def test_a_refused_config_is_read_from_the_hosts_reports(shim_host_factory):
    from prxs.shim.errors import ShimConfigError
    with pytest.raises(ShimConfigError) as info:
        shim_host_factory('ServerName "r"\nNoSuchDirective 1\n')
    assert "fatal: unknown configuration directive 'NoSuchDirective' on line 2" \
        in str(info.value)


def test_reports_are_parsed_line_by_line(tmp_path):
    from prxs.shim.hostproc import read_reports, session_end
    path = tmp_path / "reports"
    path.write_text("fatal bad thing on line 3\nended 12 signal 9 Killed\n"
                    "ended 13 status 0\nended 14 status 7\nsessinit 15 mod_x.c: "
                    "error initializing session: Permission denied\nended 16 sta")
    reports = read_reports(str(path))
    assert reports[0] == ("fatal", "bad thing on line 3")
    assert session_end(reports, 12) == "session process 12 died from signal 9 (Killed)"
    assert session_end(reports, 13) == ""
    assert session_end(reports, 14) == "session process 14 exited with status 7"
    assert session_end(reports, 16) is None        # a line still being written
    assert session_end(reports, 99) is None
    assert read_reports(str(tmp_path / "none")) == []
