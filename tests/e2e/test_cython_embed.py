"""A Cython module in hosts other than the shim: a bare C program with no
Python in it (the module starts, forks with and finalizes its own
interpreter), a Python process (the module uses the running interpreter),
and the real proftpd when it is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from prxs import sdk
from prxs.elf import DT_NEEDED, read_elf
from prxs.shim.testing import build_with_prxs

from ..conftest import ROOT, SAMPLES, needs_proftpd

STUB = ROOT / "tests" / "packages" / "cython" / "host_stub.c"

pytestmark = [pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc"),
              pytest.mark.cython]
pytest.importorskip("Cython", reason="needs Cython 3 (pip install 'Cython>=3')")


@pytest.fixture(scope="module")
def pyhello(tmp_path_factory, prxs_cache) -> Path:
    d = tmp_path_factory.mktemp("pyhello")
    build_with_prxs(SAMPLES / "mod_pyhello.pyx", d,
                    env={"PRXS_CACHE_DIR": str(prxs_cache)})
    return d / ".libs" / "mod_pyhello.so"


@pytest.fixture(scope="module")
def stub(tmp_path_factory) -> dict:
    d = tmp_path_factory.mktemp("stub")
    exe, lib = d / "host_stub", d / "host_stub.so"
    base = ["gcc", "-O0", "-g", "-Wall", "-I", sdk.INCLUDE_DIR, str(STUB)]
    subprocess.run(base + ["-rdynamic", "-o", str(exe), "-ldl"], check=True)
    subprocess.run(base + ["-shared", "-fPIC", "-DSTUB_LIBRARY", "-o", str(lib), "-ldl"],
                   check=True)
    return {"exe": exe, "lib": lib}


def run_stub(stub: dict, so: Path, *ops: str) -> list[str]:
    proc = subprocess.run([str(stub["exe"]), str(so), "pyhello_module", *ops],
                          capture_output=True, text=True, timeout=120,
                          env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout.splitlines()


def test_module_needs_libpython_and_finds_it_without_ld_library_path(pyhello):
    elf = read_elf(str(pyhello))
    needed = elf.dynamic_entries().get(DT_NEEDED, [])
    assert any(n.startswith("libpython3") for n in needed), needed
    ldd = subprocess.run(["ldd", str(pyhello)], capture_output=True, text=True,
                         env={"PATH": os.environ.get("PATH", "")})
    assert "not found" not in ldd.stdout, ldd.stdout


def test_c_host_without_python_gets_an_interpreter_from_the_module(stub, pyhello):
    exe = read_elf(str(stub["exe"]))
    assert not any("python" in n for n in exe.dynamic_entries().get(DT_NEEDED, []))
    out = run_stub(stub, pyhello, "py", "init", "py", "conf:PyHelloGreeting:Yo",
                   "cmd:SITE PYHELLO bob", "cmd:SITE OTHER")
    assert out[0] == "opened pyhello api=0x20"
    assert out[1] == "python stopped"               # linked in, not started
    assert out[2:5] == ["debug 2 mod_pyhello/0.1: started Python "
                        + sys.version.split()[0], "init 0", "python running"]
    assert "reply 200 Yo, bob!" in out
    assert out[-1] == "result declined"             # other SITE commands


def test_c_host_python_exception_is_logged_error_reply(stub, pyhello):
    out = run_stub(stub, pyhello, "init", "cmd:SITE PYBOOM", "cmd:SITE PYHELLO x")
    i = out.index("result error ")
    assert out[i - 2].startswith("log 3 mod_pyhello/0.1: SITE PYBOOM: KeyError: "
                                 "'missing' (mod_pyhello.pyx:")
    assert out[i - 1] == ("reply-err 550 SITE PYBOOM: internal error in "
                          "mod_pyhello/0.1 (see the server log)")
    assert out[-2:] == ["reply 200 Hello, x!", "result handled"]


def test_c_host_sessions_are_forked_children_that_keep_working(stub, pyhello):
    out = run_stub(stub, pyhello, "init", "conf:PyHelloGreeting:Yo",
                   "fork:sess", "fork:cmd:SITE PYHELLO kid", "cmd:SITE PYHELLO parent")
    assert out.count("child ok") == 2
    assert "reply 200 Yo, kid!" in out and "reply 200 Yo, parent!" in out
    assert any(line.startswith("log 5 mod_pyhello/0.1: session ") for line in out)


def test_c_host_unload_finalizes_python_and_reload_starts_it_again(stub, pyhello):
    out = run_stub(stub, pyhello, "init", "cmd:SITE PYHELLO one", "unload", "py",
                   "open", "init", "cmd:SITE PYHELLO two", "unload")
    assert "debug 2 mod_pyhello/0.1: finalized Python" in out
    assert out.count("dlclose 0") == 2
    i = out.index("dlclose 0")
    assert out[i + 1] in ("python stopped", "python absent")
    assert "reply 200 Hello, two!" in out
    assert sum(line.startswith("debug 2 mod_pyhello/0.1: started Python")
               for line in out) == 2


PY_HOST = textwrap.dedent("""
    import ctypes, os, sys
    stub = ctypes.CDLL(sys.argv[1], mode=os.RTLD_GLOBAL)
    def run(*ops):
        args = [b"stub", sys.argv[2].encode(), b"pyhello_module"]
        args += [o.encode() for o in ops]
        rc = stub.stub_main(len(args), (ctypes.c_char_p * len(args))(*args))
        sys.stdout.flush()
        assert rc == 0, rc
    run("init", "conf:PyHelloGreeting:Yo", "cmd:SITE PYHELLO bob")
    reg = sys._prxs_cython
    print("host sees", type(sys.modules["mod_pyhello"]).__name__,
          reg["owner"], sorted(reg["modules"]), flush=True)
    import json
    print("still usable", json.dumps({"ok": 1}), flush=True)
    if len(sys.argv) > 3:
        run("init", "cmd:SITE PYHELLO one", "unload", "open", "init",
            "cmd:SITE PYHELLO two", "unload")
        import gc
        gc.collect()
        print("after unload", sorted(reg["modules"]), sorted(reg["parked"]), flush=True)
""")


def test_python_host_module_uses_the_running_interpreter(stub, pyhello, tmp_path):
    script = tmp_path / "host.py"
    script.write_text(PY_HOST)
    proc = subprocess.run([sys.executable, str(script), str(stub["lib"]), str(pyhello)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout.splitlines()
    assert out[1].startswith("debug 2 mod_pyhello/0.1: using the running Python")
    assert "reply 200 Yo, bob!" in out
    assert "host sees module False ['mod_pyhello']" in out
    assert out[-1] == 'still usable {"ok": 1}'


@needs_proftpd
def test_python_host_unload_keeps_the_module_mapped_and_reuses_it(stub, pyhello,
                                                                 tmp_path):
    script = tmp_path / "host.py"
    script.write_text(PY_HOST)
    proc = subprocess.run([sys.executable, str(script), str(stub["lib"]), str(pyhello),
                           "unload"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout.splitlines()
    assert "debug 2 mod_pyhello/0.1: finalized Python" not in out
    assert out.count("debug 2 mod_pyhello/0.1: kept in memory: the Python interpreter "
                     "outlives it") == 2
    assert "debug 2 mod_pyhello/0.1: reusing the Python module kept in memory" in out
    assert "init -1" not in out                  # a second init() is harmless
    assert "reply 200 Yo, two!" in out           # the module's state was kept
    assert out[-1] == "after unload [] ['mod_pyhello']"


def test_real_proftpd_loads_the_module_and_runs_its_directives(tmp_path, prxs_cache):
    d = tmp_path / "mods"
    build_with_prxs(SAMPLES / "mod_pyhello.pyx", d, "--target", "proftpd",
                    env={"PRXS_CACHE_DIR": str(prxs_cache)})
    os.chmod(tmp_path, 0o755)
    conf = tmp_path / "proftpd.conf"
    base = textwrap.dedent(f"""\
        ServerType standalone
        Port 0
        DefaultAddress 127.0.0.1
        PidFile {tmp_path}/proftpd.pid
        ScoreboardFile {tmp_path}/scoreboard
        DelayTable none
        WtmpLog off
        ModulePath {d}
        LoadModule mod_pyhello.c
        """)
    conf.write_text(base + 'PyHelloGreeting Howdy\nPyHelloFormat "{greeting}, {who}"\n')
    proc = subprocess.run(["proftpd", "-t", "-d", "2", "-c", str(conf)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "mod_pyhello/0.1: started Python " + sys.version.split()[0] in proc.stderr

    conf.write_text(base + 'PyHelloFormat "{greeting"\n')
    proc = subprocess.run(["proftpd", "-t", "-c", str(conf)], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode != 0
    assert "PyHelloFormat: bad template '{greeting'" in proc.stderr


def _free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@needs_proftpd
@pytest.mark.root(reason="proftpd sessions switch users: needs root")
def test_real_proftpd_serves_the_cython_command_over_ftp(tmp_path, prxs_cache):
    """The real server, on 127.0.0.1 only, stopped by its pid at the end."""
    import ftplib
    import time

    from prxs.shim.passwd import write_passwd

    d = tmp_path / "mods"
    build_with_prxs(SAMPLES / "mod_pyhello.pyx", d, "--target", "proftpd",
                    env={"PRXS_CACHE_DIR": str(prxs_cache)})
    os.chmod(tmp_path, 0o755)
    # pytest's base directory is 0700: the user's home lives outside it.
    import tempfile
    homes = Path(tempfile.mkdtemp(prefix="prxs-cy-home-"))
    os.chmod(homes, 0o711)
    home = homes / "alice"
    home.mkdir()
    os.chown(home, 4242, 4242)
    write_passwd(str(tmp_path / "ftpd.passwd"),
                 {"alice": {"password": "secret", "uid": 4242, "home": str(home)}})
    port = _free_port()
    conf = tmp_path / "proftpd.conf"
    conf.write_text(textwrap.dedent(f"""\
        ServerType standalone
        ServerName "prxs cython test"
        Port {port}
        DefaultAddress 127.0.0.1
        SocketBindTight on
        UseIPv6 off
        User nobody
        Group nogroup
        PidFile {tmp_path}/proftpd.pid
        ScoreboardFile {tmp_path}/scoreboard
        DelayTable none
        WtmpLog off
        AuthOrder mod_auth_file.c
        AuthUserFile {tmp_path}/ftpd.passwd
        RequireValidShell off
        ModulePath {d}
        LoadModule mod_pyhello.c
        PyHelloGreeting Howdy
        PyHelloFormat "{{greeting}}, {{who}}! (#{{n}})"
        """))
    log = open(tmp_path / "proftpd.log", "w")
    proc = subprocess.Popen(["proftpd", "-n", "-d", "2", "-c", str(conf)],
                            stdout=log, stderr=log, start_new_session=True)
    try:
        ftp = ftplib.FTP()
        for _ in range(100):
            try:
                ftp.connect("127.0.0.1", port, timeout=10)
                break
            except OSError:
                assert proc.poll() is None, (tmp_path / "proftpd.log").read_text()
                time.sleep(0.1)
        assert ftp.login("alice", "secret").startswith("230")
        assert ftp.sendcmd("SITE PYHELLO bob") == "200 Howdy, bob! (#1)"
        assert ftp.sendcmd("SITE PYHELLO bob") == "200 Howdy, bob! (#2)"
        with pytest.raises(ftplib.error_perm) as exc:
            ftp.sendcmd("SITE PYBOOM")
        assert str(exc.value) == ("550 SITE PYBOOM: internal error in mod_pyhello/0.1 "
                                  "(see the server log)")
        assert ftp.sendcmd("NOOP").startswith("200")
        ftp.quit()
    finally:
        proc.terminate()
        proc.wait(10)
        try:
            os.killpg(proc.pid, 9)      # any session left in its group
        except ProcessLookupError:
            pass
        log.close()
        shutil.rmtree(homes, ignore_errors=True)
    text = (tmp_path / "proftpd.log").read_text()
    assert "mod_pyhello/0.1: started Python " + sys.version.split()[0] in text
    assert "mod_pyhello/0.1: SITE PYBOOM: KeyError: 'missing' (mod_pyhello.pyx:" in text
