"""The Makefile include, prxs -g, incremental and parallel builds, and what
packaging pipelines need: reproducible output, DESTDIR, manifests, distcc."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ..conftest import PACKAGES, ROOT, SAMPLES

MAKE_PKG = PACKAGES / "make"


def prxs_cmd(verbose: bool = True) -> str:
    return f"{sys.executable} -m prxs" + (" -v" if verbose else "")


def make(d: Path, *targets: str, env: dict | None = None, verbose: bool = True):
    e = dict(os.environ)
    e["PYTHONPATH"] = str(ROOT) + os.pathsep + e.get("PYTHONPATH", "")
    e["PRXS"] = prxs_cmd(verbose)
    e.pop("MAKEFLAGS", None)
    if env:
        e.update(env)
    return subprocess.run(["make", "-C", str(d), *targets], env=e, capture_output=True,
                          text=True, timeout=600)


def compiled(out: str) -> list[str]:
    """The sources a verbose prxs run compiled."""
    names = []
    for line in out.splitlines():
        words = line.split()
        if "-c" in words and "-o" in words and words[0] != "make":
            i = words.index("-c")
            if i + 1 < len(words) and words[i + 1].endswith(".c"):
                names.append(words[i + 1])
    return names


@pytest.fixture
def two(tmp_path) -> Path:
    d = tmp_path / "two"
    shutil.copytree(MAKE_PKG / "two", d)
    return d


# --- prxs -g ---------------------------------------------------------------

def test_generate_creates_a_complete_module_directory(prxs, tmp_path):
    r = prxs("-g", "mod_foo", cwd=tmp_path)
    assert r.returncode == 0, r
    d = tmp_path / "mod_foo"
    assert sorted(str(p.relative_to(d)) for p in d.rglob("*") if p.is_file()) == [
        "Makefile", "mod_foo.c", "mod_foo.conf", "tests/test_mod_foo.py"]
    src = (d / "mod_foo.c").read_text()
    assert '#include "conf.h"' in src and "module foo_module = {" in src
    assert "/* usage: FooMessage text */" in src
    assert "LoadModule mod_foo.c" in (d / "mod_foo.conf").read_text()
    assert "include $(shell $(PRXS) -q PRXS_MK)" in (d / "Makefile").read_text()


def test_generate_refuses_to_overwrite(prxs, tmp_path):
    (tmp_path / "mod_foo").mkdir()
    (tmp_path / "mod_foo" / "mine.c").write_text("keep")
    r = prxs("-g", "mod_foo", cwd=tmp_path)
    assert r.returncode == 2 and "already exists" in r.stderr
    assert os.listdir(tmp_path / "mod_foo") == ["mine.c"]


def test_generated_module_builds_and_passes_its_own_check(prxs, tmp_path):
    assert prxs("-g", "mod_gen", cwd=tmp_path).returncode == 0
    d = tmp_path / "mod_gen"
    r = make(d, "-j2", "all")
    assert r.returncode == 0, r.stdout + r.stderr
    assert (d / ".libs" / "mod_gen.so").exists()
    r = make(d, "check")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "passed" in r.stdout


# --- make: incremental, parallel -------------------------------------------

def test_make_builds_then_rebuilds_nothing(two):
    r = make(two, "-j2")
    assert r.returncode == 0, r.stdout + r.stderr
    assert sorted(compiled(r.stdout)) == ["a.c", "b.c", "mod_two.c"]
    assert "-j 2" in r.stdout
    r = make(two)
    assert r.returncode == 0, r.stdout + r.stderr
    assert compiled(r.stdout) == []
    assert " -shared " not in r.stdout


def test_changed_header_recompiles_exactly_its_includers(two):
    assert make(two).returncode == 0
    (two / "two_a.h").write_text((two / "two_a.h").read_text().replace("1", "1 /* x */"))
    r = make(two)
    assert r.returncode == 0, r.stdout + r.stderr
    assert sorted(compiled(r.stdout)) == ["a.c", "mod_two.c"]


def test_touched_but_unchanged_header_rebuilds_nothing(two):
    assert make(two).returncode == 0
    time.sleep(0.01)
    os.utime(two / "two_a.h")
    r = make(two)
    assert compiled(r.stdout) == []


def test_changed_flags_rebuild(two):
    assert make(two).returncode == 0
    r = make(two, "MODULE_DEFS=EXTRA=1")
    assert sorted(compiled(r.stdout)) == ["a.c", "b.c", "mod_two.c"]


def test_make_install_uninstall_with_destdir(two, tmp_path):
    stage = tmp_path / "stage"
    r = make(two, "install", f"DESTDIR={stage}", "LIBEXEC_DIR=/usr/lib/proftpd")
    assert r.returncode == 0, r.stdout + r.stderr
    lib = stage / "usr/lib/proftpd"
    assert sorted(os.listdir(lib)) == ["mod_two.la", "mod_two.so"]
    r = make(two, "uninstall", f"DESTDIR={stage}", "LIBEXEC_DIR=/usr/lib/proftpd")
    assert r.returncode == 0, r.stdout + r.stderr
    assert os.listdir(lib) == []


def test_make_clean_and_distclean_restore_the_tree(two):
    before = sorted(os.listdir(two))
    assert make(two, "all", "compile_commands.json").returncode == 0
    assert make(two, "distclean").returncode == 0
    assert sorted(os.listdir(two)) == before


def test_compile_commands_from_make_and_cli(two, prxs):
    assert make(two, "compile_commands.json").returncode == 0
    entries = json.loads((two / "compile_commands.json").read_text())
    assert sorted(Path(e["file"]).name for e in entries) == ["a.c", "b.c", "mod_two.c"]
    e = next(e for e in entries if e["file"].endswith("a.c"))
    assert e["directory"] == str(two) and e["arguments"][0] == "gcc"
    assert "-fPIC" in e["arguments"] and "-c" in e["arguments"]
    os.unlink(two / "compile_commands.json")
    r = prxs("-c", "--compile-commands", "mod_two.c", "a.c", "b.c", cwd=two)
    assert r.returncode == 0, r
    assert len(json.loads((two / "compile_commands.json").read_text())) == 3


# --- packaging ----------------------------------------------------------------

@pytest.mark.parametrize("target", ["sdk", "proftpd"])
def test_same_sources_in_two_directories_give_identical_modules(prxs, tmp_path, target):
    if target == "proftpd" and not os.path.exists("/usr/include/proftpd/conf.h"):
        pytest.skip("needs proftpd-dev")
    outs = []
    for name in ("first", "second/deeper"):
        d = tmp_path / name / "mod_two"
        shutil.copytree(MAKE_PKG / "two", d)
        r = prxs("-c", "--target", target, "mod_two.c", "a.c", "b.c", cwd=d,
                 env={"SOURCE_DATE_EPOCH": "1700000000"})
        assert r.returncode == 0, r
        data = (d / ".libs/mod_two.so").read_bytes()
        assert str(tmp_path).encode() not in data
        outs.append(data)
    assert outs[0] == outs[1]


def test_interrupted_build_leaves_nothing_trusted(two, tmp_path, prxs):
    assert prxs("-c", "mod_two.c", "a.c", "b.c", cwd=two).returncode == 0
    (two / "b.c").write_text("int two_b(void) { return 2 + 0; }\n")
    slow = tmp_path / "slowcc"
    slow.write_text("#!/bin/sh\nsleep 30\nexec gcc \"$@\"\n")
    slow.chmod(0o755)
    env = dict(os.environ, PYTHONPATH=str(ROOT), CC=str(slow))
    proc = subprocess.Popen([sys.executable, "-m", "prxs", "-c", "--no-pch", "mod_two.c",
                             "a.c", "b.c"], cwd=two, env=env, start_new_session=True)
    time.sleep(1.5)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    r = prxs("-c", "-v", "mod_two.c", "a.c", "b.c", cwd=two)
    assert r.returncode == 0, r
    assert "b.c" in compiled(r.stdout)


def test_cli_jobs_compile_sources_at_once(two, tmp_path, prxs):
    log = tmp_path / "cc.log"
    cc = tmp_path / "cc"
    cc.write_text(f"#!/bin/sh\necho start $$ >> {log}\nsleep 0.5\necho end $$ >> {log}\n"
                  "exec gcc \"$@\"\n")
    cc.chmod(0o755)
    r = prxs("-c", "-j", "3", "mod_two.c", "a.c", "b.c", cwd=two, env={"CC": str(cc)})
    assert r.returncode == 0, r
    events = [l.split()[0] for l in log.read_text().splitlines()]
    # All three compiles started before the first one ended.
    assert events[:3] == ["start", "start", "start"]


def _free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


@pytest.mark.skipif(not shutil.which("distccd"), reason="needs distcc (apt-get install distcc)")
def test_compiles_go_through_distcc_on_loopback(two, tmp_path, prxs):
    port = _free_port()
    log = open(tmp_path / "distccd.log", "wb")
    daemon = subprocess.Popen(["distccd", "--no-detach", "--daemon", "--allow", "127.0.0.1",
                               "--listen", "127.0.0.1", "--port", str(port), "--log-stderr",
                               "--log-level", "info", "--jobs", "2"],
                              stderr=log, stdout=subprocess.DEVNULL)
    try:
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        (tmp_path / "distcc").mkdir()
        env = {"CC": "distcc gcc", "DISTCC_HOSTS": f"127.0.0.1:{port}/2",
               "DISTCC_FALLBACK": "0", "DISTCC_SKIP_LOCAL_RETRY": "1",
               "DISTCC_DIR": str(tmp_path / "distcc")}
        r = prxs("-c", "-j", "2", "mod_two.c", "a.c", "b.c", cwd=two, env=env)
        assert r.returncode == 0, r
        r = make(two, "clean")
        r = make(two, "-j2", env=env)
        assert r.returncode == 0, r.stdout + r.stderr
    finally:
        daemon.terminate()
        daemon.wait(timeout=10)
        log.close()
    text = (tmp_path / "distccd.log").read_text(errors="replace")
    assert text.count("COMPILE_OK") >= 6, text[-2000:]


def test_pip_wheel_builds_modules_into_the_wheel_data(tmp_path):
    pytest.importorskip("wheel")
    from importlib.metadata import entry_points
    if not [e for e in entry_points(group="setuptools.finalize_distribution_options")
            if e.name == "prxs"]:
        pytest.skip("prxs is not installed (pip install -e .): its setuptools hook "
                    "is registered through entry points")
    proj = tmp_path / "proj"
    (proj / "src").mkdir(parents=True)
    shutil.copy(SAMPLES / "mod_hello.c", proj / "src")
    (proj / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools>=61", "prxs"]\n'
        'build-backend = "setuptools.build_meta"\n\n'
        '[project]\nname = "hello-modules"\nversion = "1.0"\n\n'
        '[tool.setuptools]\npackages = []\n\n'
        '[[tool.prxs.modules]]\nsources = ["src/mod_hello.c"]\ndata_dir = "lib/proftpd"\n')
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-build-isolation",
                        "--no-deps", "-w", str(tmp_path / "dist"), str(proj)],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    import zipfile
    (whl,) = (tmp_path / "dist").glob("*.whl")
    names = zipfile.ZipFile(whl).namelist()
    assert "hello_modules-1.0.data/data/lib/proftpd/mod_hello.so" in names
    data = zipfile.ZipFile(whl).read("hello_modules-1.0.data/data/lib/proftpd/mod_hello.so")
    assert data[:4] == b"\x7fELF"


@pytest.mark.cython
def test_generated_cython_module_builds_and_passes_its_own_check(prxs, tmp_path):
    pytest.importorskip("Cython")
    r = prxs("-g", "mod_cygen", "--cython", cwd=tmp_path)
    assert r.returncode == 0, r
    d = tmp_path / "mod_cygen"
    assert (d / "mod_cygen.pyx").exists() and not (d / "mod_cygen.c").exists()
    r = make(d, "check")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "passed" in r.stdout
