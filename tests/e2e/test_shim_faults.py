"""The shim under faults: module init() that loops, forks or exits, an
Include of a FIFO, Ctrl-C, prxs killed, sessions killed, a failed host build,
a long TMPDIR, unexpected replies in a script, and huge replies.

Every test is bounded by a timeout of its own, and every test that runs a
hostile module checks that no process of the host is left behind."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from prxs.shim import Host, SessionClosed, ShimConfigError
from prxs.shim.testing import build_with_prxs

from ..conftest import PACKAGES, ROOT

PKG = PACKAGES / "shim"

pytestmark = pytest.mark.skipif(shutil.which("gcc") is None,
                                reason="the shim tests need gcc")


def _env(extra: dict | None = None) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra or {})
    return env


def run_shim(*args: str, stdin: str | None = None, env: dict | None = None,
             timeout: float = 120):
    return subprocess.run([sys.executable, "-m", "prxs", "shim", *args],
                          input=stdin, capture_output=True, text=True,
                          env=_env(env), timeout=timeout)


def start_shim(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "prxs", "shim", *args],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=_env())


def processes_mentioning(marker: str) -> list[int]:
    """Live processes whose command line mentions marker (the host and the
    children it forked carry the config path in their argv)."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == os.getpid():
            continue
        try:
            with open(f"/proc/{name}/cmdline", "rb") as f:
                cmdline = f.read()
            with open(f"/proc/{name}/stat", "rb") as f:
                st = f.read()
        except OSError:
            continue
        if st[st.rfind(b")") + 2:][:1] == b"Z":
            continue
        if marker.encode() in cmdline and b"prxs-shim-host" in cmdline:
            found.append(int(name))
    return found


def group_of(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            st = f.read()
    except OSError:
        return None
    return int(st[st.rfind(b")") + 2:].split()[2])


def group_alive(pgid: int) -> list[int]:
    alive = []
    for name in os.listdir("/proc"):
        if name.isdigit() and group_of(int(name)) == pgid:
            try:
                with open(f"/proc/{name}/stat", "rb") as f:
                    st = f.read()
            except OSError:
                continue
            if st[st.rfind(b")") + 2:][:1] != b"Z":
                alive.append(int(name))
    return alive


def wait_until(cond, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while True:
        value = cond()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def assert_nothing_left(marker: str) -> None:
    # The zombie of a SIGKILLed process can take a moment to be reaped.
    left = processes_mentioning(marker)
    deadline = time.monotonic() + 5
    while left and time.monotonic() < deadline:
        time.sleep(0.05)
        left = processes_mentioning(marker)
    assert left == [], f"host processes left behind: {left}"


@pytest.fixture(scope="module")
def mods(tmp_path_factory, prxs_cache) -> Path:
    d = tmp_path_factory.mktemp("faultmods")
    env = {"PRXS_CACHE_DIR": str(prxs_cache)}
    for name in ("mod_initloop.c", "mod_initforkloop.c", "mod_initstray.c",
                 "mod_initexit.c", "mod_faults.c"):
        build_with_prxs(PKG / name, d, env=env)
    return d


def conf_loading(tmp_path: Path, mods: Path, module: str) -> Path:
    conf = tmp_path / f"{module}.conf"
    conf.write_text(f"ServerName faults\nModulePath {mods}\nLoadModule {module}\n")
    return conf


# 1. Every wait is bounded, and the whole process group goes.

@pytest.mark.parametrize("mode", ["-t", "--list-loaded", "--script"])
def test_init_that_loops_times_out_naming_the_module(tmp_path, mods, mode):
    conf = conf_loading(tmp_path, mods, "mod_initloop.c")
    args = [mode, "-c", str(conf), "--timeout", "2"]
    if mode == "--script":
        args[1:1] = ["-"]
    res = run_shim(*args, stdin="NOOP\n", timeout=60)
    assert res.returncode == 1, res.stderr
    assert "init() of mod_initloop.c" in res.stderr
    assert "within 2s" in res.stderr
    assert "Traceback" not in res.stderr
    assert_nothing_left(str(conf))


def test_init_that_forks_and_loops_times_out_and_both_processes_go(tmp_path, mods):
    conf = conf_loading(tmp_path, mods, "mod_initforkloop.c")
    res = run_shim("-t", "-c", str(conf), "--timeout", "2", timeout=60)
    assert res.returncode == 1, res.stderr
    assert "init() of mod_initforkloop.c" in res.stderr
    assert_nothing_left(str(conf))


def test_init_that_leaves_a_child_running_fails_naming_the_module(tmp_path, mods):
    conf = conf_loading(tmp_path, mods, "mod_initstray.c")
    res = run_shim("-t", "-c", str(conf), "--timeout", "10", timeout=60)
    assert res.returncode == 1, res.stderr
    assert "mod_initstray.c: init() left a child process" in res.stderr
    assert "now killed" in res.stderr
    assert_nothing_left(str(conf))


def test_include_of_a_fifo_is_bounded_and_names_the_fifo(tmp_path):
    fifo = tmp_path / "pipe.conf"
    os.mkfifo(fifo)
    conf = tmp_path / "main.conf"
    conf.write_text(f"ServerName faults\nInclude {fifo}\n")
    res = run_shim("-t", "-c", str(conf), "--timeout", "2", timeout=60)
    # Refused outright (not a regular file) or stopped at the timeout: either
    # way exit 1, naming the FIFO, and nothing left running.
    assert res.returncode == 1, res.stderr
    assert str(fifo) in res.stderr
    assert "Traceback" not in res.stderr
    assert_nothing_left(str(conf))


def test_ctrl_c_ends_the_host_group_without_a_traceback(tmp_path, mods):
    conf = conf_loading(tmp_path, mods, "mod_initforkloop.c")
    proc = start_shim("-t", "-c", str(conf), "--timeout", "60")
    try:
        # Both the host and the child its module forked are running.
        pids = wait_until(lambda: len(processes_mentioning(str(conf))) >= 2 and
                          processes_mentioning(str(conf)), 30, "the host to start")
        pgid = group_of(pids[0])
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 1, err
    assert "Traceback" not in err
    assert "interrupted while running the init() of mod_initforkloop.c" in err
    assert pgid is not None and group_alive(pgid) == []
    assert_nothing_left(str(conf))


def test_killing_prxs_takes_the_host_and_its_group_with_it(tmp_path, mods):
    conf = conf_loading(tmp_path, mods, "mod_initforkloop.c")
    proc = start_shim("-t", "-c", str(conf), "--timeout", "600")
    try:
        pids = wait_until(lambda: len(processes_mentioning(str(conf))) >= 2 and
                          processes_mentioning(str(conf)), 30, "the host to start")
        pgid = group_of(pids[0])
        proc.kill()                       # SIGKILL: prxs cannot clean up
        proc.communicate(timeout=30)
    finally:
        proc.kill()
    wait_until(lambda: group_alive(pgid) == [], 10, "the host group to end")
    assert_nothing_left(str(conf))


# 8. Reports name the right thing.

def test_init_calling_exit_3_makes_configtest_exit_1_naming_the_module(tmp_path, mods):
    conf = conf_loading(tmp_path, mods, "mod_initexit.c")
    res = run_shim("-t", "-c", str(conf), timeout=60)
    assert res.returncode == 1, res.stderr
    assert "exited with status 3 while running the init() of mod_initexit.c" \
        in res.stderr
    assert "Syntax OK" not in res.stdout


def test_a_killed_session_is_not_reported_as_another_sessions_exit(tmp_path, mods):
    conf = f"ServerName faults\nModulePath {mods}\nLoadModule mod_faults.c\n"
    with Host(config_text=conf, workdir=tmp_path / "wd", debug_level=0) as host:
        with host.session() as a, host.session() as b:
            with pytest.raises(SessionClosed) as first:
                a.command("SITE EXIT 7")
            assert f"session process {a.pid} exited with status 7" in \
                first.value.message
            os.kill(b.pid, signal.SIGKILL)
            with pytest.raises(SessionClosed) as second:
                b.command("NOOP")
            msg = second.value.message
            assert "exited with status 7" not in msg
            assert f"session process {b.pid} died from signal 9" in msg


def test_a_reused_workdir_reports_this_runs_error(tmp_path):
    wd = tmp_path / "reused"
    with pytest.raises(ShimConfigError) as first:
        Host(config_text="ServerName x\nFirstBogus on\n", workdir=wd,
             debug_level=0).start()
    assert "FirstBogus" in first.value.message
    with pytest.raises(ShimConfigError) as second:
        Host(config_text="ServerName x\nSecondBogus on\n", workdir=wd,
             debug_level=0).start()
    assert "SecondBogus" in second.value.message
    assert "FirstBogus" not in second.value.message
    assert "FirstBogus" not in second.value.log
    # The file itself keeps both runs.
    assert "FirstBogus" in (wd / "shim.log").read_text()


# 9. A failed host build says what happened.

def _fake_cc(tmp_path: Path, body: str) -> str:
    cc = tmp_path / "fakecc"
    cc.write_text("#!/bin/sh\n" + textwrap.dedent(body))
    cc.chmod(0o755)
    return str(cc)


def test_a_compiler_killed_by_sigkill_is_reported_as_such(tmp_path):
    cc = _fake_cc(tmp_path, """\
        echo "fakecc: compiling the host" >&2
        kill -9 $$
        """)
    conf = tmp_path / "x.conf"
    conf.write_text("ServerName x\n")
    res = run_shim("-t", "-c", str(conf), env={
        "CC": cc, "PRXS_CACHE_DIR": str(tmp_path / "cache")}, timeout=120)
    assert res.returncode == 3, res.stderr
    assert "killed by signal 9 (SIGKILL)" in res.stderr
    assert "fakecc: compiling the host" in res.stderr
    assert "libcrypt" not in res.stderr
    announce = [ln for ln in res.stderr.splitlines()
                if ln.startswith("prxs shim: building the shim host")]
    assert len(announce) == 1


def test_a_compiler_failure_guesses_libcrypt_only_when_it_says_crypt(tmp_path):
    conf = tmp_path / "x.conf"
    conf.write_text("ServerName x\n")
    plain = _fake_cc(tmp_path, """\
        echo "fakecc: out of disk space" >&2
        exit 1
        """)
    res = run_shim("-t", "-c", str(conf), env={
        "CC": plain, "PRXS_CACHE_DIR": str(tmp_path / "c1")}, timeout=120)
    assert res.returncode == 3
    assert "exit status 1" in res.stderr and "out of disk space" in res.stderr
    assert "libcrypt" not in res.stderr
    crypt = _fake_cc(tmp_path, """\
        echo "/usr/bin/ld: cannot find -lcrypt: No such file or directory" >&2
        exit 1
        """)
    res = run_shim("-t", "-c", str(conf), env={
        "CC": crypt, "PRXS_CACHE_DIR": str(tmp_path / "c2")}, timeout=120)
    assert res.returncode == 3
    assert "cannot find -lcrypt" in res.stderr
    assert "libcrypt-dev" in res.stderr


def test_a_built_host_is_not_announced_again(tmp_path):
    conf = tmp_path / "x.conf"
    conf.write_text("ServerName x\n")
    run_shim("-t", "-c", str(conf))       # builds it if this run has not yet
    res = run_shim("-t", "-c", str(conf))
    assert res.returncode == 0
    assert "building the shim host" not in res.stderr


# 10. TMPDIR is honoured for the socket directory.

_SOCKET_PROBE = """\
from prxs.shim import Host
with Host(config_text="ServerName x\\n", debug_level=0) as h:
    with h.session() as s:
        assert s.command("NOOP").code == 200
    print(h.socket_path)
"""


def test_the_socket_directory_follows_tmpdir(tmp_path):
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    res = subprocess.run([sys.executable, "-c", _SOCKET_PROBE], capture_output=True,
                         text=True, env=_env({"TMPDIR": str(tmpdir)}), timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip().startswith(str(tmpdir) + "/prxs-shim-s-")


def test_a_tmpdir_too_long_for_a_socket_falls_back_to_tmp(tmp_path):
    tmpdir = tmp_path / ("d" * 100)
    tmpdir.mkdir()
    res = subprocess.run([sys.executable, "-c", _SOCKET_PROBE], capture_output=True,
                         text=True, env=_env({"TMPDIR": str(tmpdir)}), timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip().startswith("/tmp/prxs-shim-s-")


# 11. A script can fail on an unexpected reply.

@pytest.fixture
def plain_conf(tmp_path) -> Path:
    conf = tmp_path / "plain.conf"
    conf.write_text("ServerName x\n")
    return conf


def test_script_expected_code_mismatch_exits_1_naming_the_line(plain_conf):
    res = run_shim("--script", "-", "-c", str(plain_conf), "-d", "0",
                   stdin="NOOP => 200\nUSER bob => 331\n# c\nPASS wrong => 230\n"
                         "NOOP\n")
    assert res.returncode == 1
    assert ("script line 4: 'PASS wrong': expected 230, got 530 Login incorrect."
            in res.stderr)
    assert "> NOOP\n" in res.stdout and res.stdout.count("> NOOP") == 1


def test_script_expectations_that_hold_exit_0(plain_conf):
    res = run_shim("--script", "-", "-c", str(plain_conf), "-d", "0",
                   "--expect-ok",
                   stdin="NOOP => 2xx\nUSER bob => 331\nPASS wrong => 530\n"
                         "BOGUS => 5xx\n")
    assert res.returncode == 0, res.stdout + res.stderr


def test_expect_ok_fails_on_an_unexpected_5xx(plain_conf):
    res = run_shim("--script", "-", "-c", str(plain_conf), "-d", "0",
                   "--expect-ok", stdin="NOOP\nBOGUS\nNOOP\n")
    assert res.returncode == 1
    assert "script line 2: 'BOGUS': expected a 1xx-3xx reply (--expect-ok), " \
           "got 500" in res.stderr
    # Without --expect-ok the same script only prints the replies.
    res = run_shim("--script", "-", "-c", str(plain_conf), "-d", "0",
                   stdin="NOOP\nBOGUS\nNOOP\n")
    assert res.returncode == 0


def test_script_format_is_documented_in_help():
    res = run_shim("-h")
    assert res.returncode == 0
    for text in ("--expect-ok", "=> 331", "@session", "<<<", "--timeout"):
        assert text in res.stdout


# 12. Huge replies are built in linear time.

def test_a_200000_line_reply_arrives_whole(tmp_path, mods):
    conf = f"ServerName faults\nModulePath {mods}\nLoadModule mod_faults.c\n"
    with Host(config_text=conf, workdir=tmp_path / "wd", debug_level=0) as host:
        # Appending by walking the list made this take minutes.
        with host.session(timeout=20) as s:
            reply = s.command("SITE BIGREPLY 200000")
    assert len(reply.lines) == 200000
    assert reply.lines[0] == (200, "line 1 of 200000")
    assert reply.lines[-1] == (200, "line 200000 of 200000")
    assert reply.codes == [200]


def test_the_reply_parser_is_linear_in_lines_and_data_frames():
    # The Python side of a session, fed through a real socket pair: 100,000
    # data frames and 100,000 reply lines in one reply.
    from prxs.shim.session import Session

    n = 100_000
    payload = (b"#PID 4242\n"
               + b"#DATA 10\n0123456789" * n
               + b"".join(b"200-line %d\r\n" % i for i in range(n))
               + b"200 done\r\n#END\n")
    ours, theirs = socket.socketpair()
    session = Session.__new__(Session)
    session.host, session.remote_addr, session.timeout = None, "10.0.0.1", 20.0
    session.closed, session._buf, session._pos, session._sock = \
        False, bytearray(), 0, ours
    ours.settimeout(20.0)
    sender = threading.Thread(target=theirs.sendall, args=(payload,), daemon=True)
    result = {}
    reader = threading.Thread(
        target=lambda: result.update(reply=session._read_reply("SITE BIG")),
        daemon=True)
    sender.start()
    reader.start()
    reader.join(60)
    try:
        assert not reader.is_alive(), "parsing the reply took over 60 s"
        reply = result["reply"]
        assert reply.data == b"0123456789" * n
        assert len(reply.lines) == n + 1
        assert reply.lines[-1] == (200, "done") and reply.codes == [200]
        assert session._pid == 4242
    finally:
        ours.close()
        theirs.close()
