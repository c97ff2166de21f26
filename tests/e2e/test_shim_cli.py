"""``prxs shim`` from the command line, as a user runs it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from prxs import sdk
from prxs.shim.cli import main
from prxs.shim.testing import build_with_prxs, compiler_model

from ..conftest import ROOT, SAMPLES


pytestmark = pytest.mark.skipif(shutil.which("gcc") is None,
                                reason="the shim tests need gcc")


def run_shim(*args: str, stdin: str | None = None):
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-m", "prxs", "shim", *args],
                          input=stdin, capture_output=True, text=True, env=env,
                          timeout=300)


@pytest.fixture(scope="module")
def hello_conf(tmp_path_factory, prxs_cache) -> Path:
    d = tmp_path_factory.mktemp("cli")
    build_with_prxs(SAMPLES / "mod_hello.c", d, env={"PRXS_CACHE_DIR": str(prxs_cache)})
    conf = d / "proftpd.conf"
    conf.write_text(f'ModulePath {d}\nLoadModule mod_hello.c\nHelloGreeting "Hey"\n')
    return conf


def test_configtest_ok_exits_0(hello_conf):
    res = run_shim("-t", "-c", str(hello_conf))
    assert res.returncode == 0, res.stderr
    assert res.stdout == "Checking syntax of configuration file\nSyntax OK\n"


def test_configtest_error_exits_1_with_file_and_line(tmp_path):
    conf = tmp_path / "bad.conf"
    conf.write_text("ServerName x\nHelloGreeting Hi\n")
    res = run_shim("-t", "-c", str(conf))
    assert res.returncode == 1
    assert (f"fatal: unknown configuration directive 'HelloGreeting' on line 2 of "
            f"'{conf}'") in res.stderr


def test_list_static_modules():
    res = run_shim("-l")
    assert res.returncode == 0
    assert res.stdout.splitlines()[0] == "Compiled-in modules:"
    assert "  mod_dso.c" in res.stdout.splitlines()


def test_list_loaded_modules(hello_conf):
    res = run_shim("--list-loaded", "-c", str(hello_conf))
    assert res.returncode == 0, res.stderr
    assert res.stdout.splitlines()[-1] == "  mod_hello.c (shared)"


def test_script_from_stdin_prints_replies_and_log(hello_conf):
    res = run_shim("--script", "-", "-c", str(hello_conf), "--from", "10.1.1.1",
                   stdin="# hello\nSITE HELP\nNOOP\n")
    assert res.returncode == 0, res.stderr
    out = res.stdout.splitlines()
    assert out[0] == "@ session from 10.1.1.1"
    assert "> NOOP" in out and "200 NOOP command successful" in out
    assert "--- host log ---" in out
    assert any("FTP session opened (10.1.1.1 [10.1.1.1])" in ln for ln in out)


def test_script_with_a_bad_config_exits_1(tmp_path):
    conf = tmp_path / "bad.conf"
    conf.write_text("LoadModule hello.c\n")
    res = run_shim("--script", "-", "-c", str(conf), stdin="NOOP\n")
    assert res.returncode == 1
    assert "error loading module 'hello.c': Invalid argument" in res.stderr


def test_usage_errors_exit_2(capsys):
    assert main([]) == 2
    assert main(["-t"]) == 2
    assert main(["-t", "-c", "/nonexistent.conf"]) == 2


def test_stamp_prints_what_the_host_reads(hello_conf):
    so = hello_conf.parent / ".libs" / "mod_hello.so"
    res = run_shim("--stamp", str(so))
    assert (res.returncode, res.stdout) == (
        0, f"prxs-stamp/1 abi={sdk.ABI} api=0x20 model={compiler_model()} "
        "target=sdk sdk=0.1\n")
    res = run_shim("--stamp", "/etc/passwd")
    assert res.returncode == 1
    assert "not an ELF file" in res.stderr
