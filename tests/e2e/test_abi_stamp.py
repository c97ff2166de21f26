"""Issue 15 items 3 and 4: the stamp names the ABI, the shim compares it
before dlopen, and a module built for another ProFTPD release is refused
cleanly by the real server (the stamp object's guard) instead of crashing it.

The "other release" is an install prefix holding a temporary copy of
/usr/include/proftpd whose version.h says 1.3.7: prxs builds for it with
``--target PREFIX`` as for any installed ProFTPD."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from prxs import sdk
from prxs.elf import read_elf
from prxs.shim import check_config
from prxs.shim.testing import build_with_prxs, compiler_model
from prxs.stamp import describe_abi

from ..conftest import SAMPLES, needs_proftpd

pytestmark = pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc")

REAL = "/usr/sbin/proftpd"
needs_real_server = pytest.mark.skipif(
    not (os.access(REAL, os.X_OK) and Path("/usr/include/proftpd/conf.h").exists()),
    reason="needs the real ProFTPD 1.3.8 (proftpd-core, proftpd-dev)")


def stamp_of(so: Path) -> dict[str, str]:
    text = read_elf(str(so)).section(".prxs_stamp").split(b"\0")[0].decode()
    words = text.split()
    assert words[0] == "prxs-stamp/1"
    return dict(w.split("=", 1) for w in words[1:])


@pytest.fixture(scope="module")
def fake_137(tmp_path_factory) -> Path:
    """An install prefix of a 'ProFTPD 1.3.7': the real headers with another
    version number (and the real binary)."""
    if not (os.access(REAL, os.X_OK) and Path("/usr/include/proftpd/conf.h").exists()):
        pytest.skip("needs the real ProFTPD 1.3.8 (proftpd-core, proftpd-dev)")
    prefix = tmp_path_factory.mktemp("proftpd-1.3.7")
    inc = prefix / "include" / "proftpd"
    shutil.copytree("/usr/include/proftpd", inc)
    version_h = (inc / "version.h").read_text()
    assert "0x0001030805" in version_h and '"1.3.8"' in version_h
    (inc / "version.h").write_text(version_h.replace("0x0001030805", "0x0001030705")
                                   .replace('"1.3.8"', '"1.3.7"'))
    # Its binary is the real one: an install prefix brings its own headers.
    (prefix / "sbin").mkdir()
    (prefix / "sbin" / "proftpd").symlink_to(REAL)
    return prefix


def real_check(conf: Path) -> subprocess.CompletedProcess:
    return subprocess.run([REAL, "-t", "-c", str(conf)], capture_output=True,
                          text=True, timeout=60)


def real_conf(tmp_path: Path, module_path: Path) -> Path:
    """A throw-away config on 127.0.0.1 with its own pid and scoreboard files."""
    conf = tmp_path / "real.conf"
    conf.write_text(f'ServerName "abi"\nServerType standalone\nDefaultAddress 127.0.0.1\n'
                    f"Port 0\nUseIPv6 off\nPidFile {tmp_path}/proftpd.pid\n"
                    f"ScoreboardFile {tmp_path}/proftpd.scoreboard\nDelayTable none\n"
                    f"WtmpLog off\nModulePath {module_path}\nLoadModule mod_hello.c\n")
    return conf


# --- item 3: the stamp names the ABI --------------------------------------------

def test_sdk_build_stamp_names_the_sdk_abi_and_the_compilers_model(tmp_path):
    mods = build_with_prxs(SAMPLES / "mod_hello.c", tmp_path / "m")
    fields = stamp_of(mods / ".libs" / "mod_hello.so")
    assert fields == {"abi": sdk.ABI, "api": "0x20", "model": compiler_model(),
                      "target": "sdk", "sdk": sdk.SDK_VERSION}


@needs_proftpd
def test_installed_proftpd_build_carries_the_1_3_8_abi_identity(tmp_path):
    mods = build_with_prxs(SAMPLES / "mod_hello.c", tmp_path / "m", "--target", "proftpd")
    fields = stamp_of(mods / ".libs" / "mod_hello.so")
    assert {k: fields[k] for k in ("abi", "api", "model")} == {
        "abi": "proftpd-1.3.8", "api": "0x20", "model": compiler_model()}
    # Where the headers came from is informational only.
    assert fields["target"] == "proftpd" and fields["version"] == "1.3.8"
    assert set(fields) == {"abi", "api", "model", "target", "version", "headers"}


def test_another_proftpd_release_still_builds_and_the_shim_refuses_it_naming_abi(
        tmp_path, fake_137):
    mods = build_with_prxs(SAMPLES / "mod_hello.c", tmp_path / "m",
                           "--target", str(fake_137))
    fields = stamp_of(mods / ".libs" / "mod_hello.so")
    assert fields["abi"] == "proftpd-1.3.7"
    conf = tmp_path / "c.conf"
    conf.write_text(f"ModulePath {mods}\nLoadModule mod_hello.c\n")
    res = check_config(str(conf))
    assert res.exit_code == 1
    [fatal] = [ln for ln in res.log_lines() if ln.startswith("fatal:")]
    assert ("module 'mod_hello.c' was built for ProFTPD 1.3.7 (stamp abi=proftpd-1.3.7), "
            f"this host is {describe_abi(sdk.ABI)} "
            f"(abi={sdk.ABI} api=0x20 model={compiler_model()})") in fatal
    # Refused before dlopen: the module's code never ran (no init, no guard).
    assert not [ln for ln in res.log_lines() if "this server is" in ln]


@pytest.mark.skipif(not Path("/usr/lib/proftpd/mod_ifversion.so").exists(),
                    reason="needs Debian's prebuilt modules (proftpd-core)")
def test_debian_prebuilt_unstamped_modules_pass_the_stamp_check(tmp_path):
    # They carry no stamp and api_version 0x20: the stamp check lets them by
    # (a debug note, no warning); what happens next is dlopen's business.
    mods = tmp_path / "debian"
    mods.mkdir()
    names = ["mod_ifversion", "mod_readme", "mod_unique_id", "mod_ratio"]
    for name in names:
        shutil.copy(f"/usr/lib/proftpd/{name}.so", mods)
    loaded = 0
    for name in names:
        conf = tmp_path / f"{name}.conf"
        conf.write_text(f"ModulePath {mods}\nLoadModule {name}.c\n")
        res = check_config(str(conf), debug_level=1)
        log = res.log_lines()
        assert not [ln for ln in log if "warning" in ln], log
        assert any("carries no prxs ABI stamp" in ln for ln in log), log
        assert not [ln for ln in log if ln.startswith("fatal:") and (
            "was built for" in ln or "target stamp" in ln)], log
        if res.exit_code == 0:
            loaded += 1
        else:
            [fatal] = [ln for ln in log if ln.startswith("fatal:")]
            assert "undefined symbol '" in fatal, fatal
    print(f"{loaded} of {len(names)} Debian modules load in the shim today")


# --- item 4: never crash a mismatched server --------------------------------------

@needs_real_server
def test_real_server_refuses_a_module_built_for_another_release_cleanly(tmp_path,
                                                                        fake_137):
    mods = build_with_prxs(SAMPLES / "mod_hello.c", tmp_path / "m",
                           "--target", str(fake_137))
    res = real_check(real_conf(tmp_path, mods))
    assert res.returncode == 1, res          # not a signal, not accepted
    so = mods / ".libs" / "mod_hello.so"
    assert (f"{so}: built for ProFTPD 1.3.7 (stamp abi=proftpd-1.3.7), this server is "
            f"ProFTPD 1.3.8 (0x0001030805): not loading it; rebuild it against this "
            f"server (prxs -c --target {REAL})") in res.stderr
    assert ("mod_dso/0.5: module 'mod_hello.c' has wrong API version (0x0), must be 0x20"
            in res.stderr)
    assert "error loading module 'mod_hello.c': Permission denied" in res.stderr
    assert "signal" not in res.stderr


@needs_real_server
def test_real_server_start_with_a_mismatched_module_exits_instead_of_crashing(
        tmp_path, fake_137):
    mods = build_with_prxs(SAMPLES / "mod_hello.c", tmp_path / "m",
                           "--target", str(fake_137))
    conf = real_conf(tmp_path, mods)
    # Foreground start (-n): the configuration fails, the server exits 1.
    res = subprocess.run([REAL, "-n", "-c", str(conf)], capture_output=True,
                         text=True, timeout=60)
    assert res.returncode == 1, res
    assert "not loading it" in res.stderr and "signal" not in res.stderr
    assert not (tmp_path / "proftpd.pid").exists()


@needs_real_server
def test_sdk_build_loads_in_the_real_server(tmp_path):
    # The SDK is ProFTPD 1.3.8's ABI: its builds are for this server.
    mods = build_with_prxs(SAMPLES / "mod_hello.c", tmp_path / "m")
    res = real_check(real_conf(tmp_path, mods))
    assert res.returncode == 0, res
    assert "not loading it" not in res.stderr and "wrong API version" not in res.stderr


@needs_real_server
def test_guard_stays_quiet_when_the_release_matches(tmp_path):
    mods = build_with_prxs(SAMPLES / "mod_hello.c", tmp_path / "m", "--target", "proftpd")
    res = real_check(real_conf(tmp_path, mods))
    assert res.returncode == 0, res
    assert "not loading it" not in res.stderr and "wrong API" not in res.stderr


def test_guard_is_inert_outside_a_proftpd_server(tmp_path):
    # dlopen from a process without pr_version_get_number (here: Python):
    # the module structure keeps its api_version.
    import ctypes
    src = tmp_path / "mod_bare.c"
    src.write_text('#include "conf.h"\nmodule bare_module = { NULL, NULL, 0x20, "bare" };\n')
    mods = build_with_prxs(src, tmp_path / "m")
    lib = ctypes.CDLL(str(mods / ".libs" / "mod_bare.so"))

    class Head(ctypes.Structure):
        _fields_ = [("next", ctypes.c_void_p), ("prev", ctypes.c_void_p),
                    ("api_version", ctypes.c_int), ("name", ctypes.c_char_p)]
    head = Head.in_dll(lib, "bare_module")
    assert (head.api_version, head.name) == (0x20, b"bare")


def test_the_sdk_claims_proftpds_abi_exactly_when_its_headers_are_that_abi():
    # Guards the merge of issue 15 item 1: the ABI headers carry config.h and
    # mod_ctrls.h, the old subset does not; the stamp must follow the headers.
    inc = Path(sdk.INCLUDE_DIR)
    is_abi = (inc / "config.h").exists() and (inc / "mod_ctrls.h").exists()
    if is_abi:
        assert (sdk.ABI, sdk.ABI_NUMBER) == (
            "proftpd-" + sdk.PROFTPD_RELEASE, sdk.PROFTPD_VERSION_NUMBER), \
            "the SDK headers are ProFTPD's ABI: set sdk.ABI/ABI_NUMBER to it"
        version_h = (inc / "version.h").read_text()
        assert f"0x{sdk.PROFTPD_VERSION_NUMBER:010x}" in version_h
    else:
        assert sdk.ABI.startswith("prxs-sdk-") and sdk.ABI_NUMBER == 0


# --- item 5: the default target ----------------------------------------------------

NO_PROFTPD = {"PRXS_PROFTPD_PATH": ""}     # discovery searches nothing


@needs_proftpd
def test_default_target_is_the_installed_proftpd_and_says_so(prxs, hello_dir, tmp_path):
    binary = shutil.which("proftpd") or REAL
    r = prxs("-c", "-v", "mod_hello.c", cwd=hello_dir)
    assert r.returncode == 0, r
    assert f"[default: the installed proftpd at {binary}]" in r.stdout
    assert "target: ProFTPD 1.3.8 at " in r.stdout
    assert stamp_of(hello_dir / ".libs" / "mod_hello.so")["target"] == "proftpd"
    assert prxs("-q", "TARGET", cwd=tmp_path).stdout.strip() == f"proftpd:{binary}"
    assert prxs("-q", "LIBEXECDIR", cwd=tmp_path).stdout.strip() == "/usr/lib/proftpd"
    lib = tmp_path / "lib"
    lib.mkdir()
    r = prxs("-i", "--libexecdir", str(lib), "mod_hello.c", cwd=hello_dir)
    assert r.returncode == 0, r
    assert "Built for ProFTPD 1.3.8 at " in r.stdout and "LoadModule mod_hello.c" in r.stdout


def test_without_proftpd_the_default_is_the_sdk_and_says_why(prxs, hello_dir, tmp_path):
    r = prxs("-c", "-v", "mod_hello.c", cwd=hello_dir, env=NO_PROFTPD)
    assert r.returncode == 0, r
    assert "target: prxs embedded SDK " in r.stdout
    assert "[default: no installed proftpd found in (PRXS_PROFTPD_PATH is empty)]" in r.stdout
    assert stamp_of(hello_dir / ".libs" / "mod_hello.so")["target"] == "sdk"
    assert prxs("-q", "TARGET", cwd=tmp_path, env=NO_PROFTPD).stdout.strip() == "sdk"
    lib = tmp_path / "lib"
    r = prxs("-i", "--libexecdir", str(lib), "--mkdir", "mod_hello.c", cwd=hello_dir,
             env=NO_PROFTPD)
    assert r.returncode == 0, r
    assert "Built for prxs embedded SDK " in r.stdout
    # --target proftpd then says where it looked.
    r = prxs("-q", "TARGET", "--target", "proftpd", cwd=tmp_path, env=NO_PROFTPD)
    assert r.returncode == 3 and "no proftpd binary found in" in r.stderr


@needs_proftpd
@pytest.mark.parametrize("how", ["option", "env"])
def test_sdk_is_pinned_by_option_or_environment(prxs, hello_dir, how):
    args, env, chosen = (("--target", "sdk"), None, "[--target sdk]") if how == "option" \
        else ((), {"PRXS_TARGET": "sdk"}, "[PRXS_TARGET=sdk]")
    r = prxs("-c", "-v", *args, "mod_hello.c", cwd=hello_dir, env=env)
    assert r.returncode == 0, r
    assert chosen in r.stdout and "target: prxs embedded SDK" in r.stdout
    assert stamp_of(hello_dir / ".libs" / "mod_hello.so")["target"] == "sdk"


def test_an_installed_proftpd_that_cannot_build_modules_falls_back_to_the_sdk(
        prxs, hello_dir, tmp_path):
    sbin = tmp_path / "sbin"
    sbin.mkdir()
    fake = sbin / "proftpd"            # no DSO support
    fake.write_text("#!/bin/sh\necho 'Compile-time Settings:'\necho '  Version: 1.3.8'\n")
    fake.chmod(0o755)
    r = prxs("-c", "-v", "mod_hello.c", cwd=hello_dir, env={"PRXS_PROFTPD_PATH": str(sbin)})
    assert r.returncode == 0, r
    assert "[default: the installed proftpd cannot build modules (target proftpd: the " \
           f"proftpd at {fake} (version 1.3.8) does not support shared modules/DSOs" in r.stdout
    assert stamp_of(hello_dir / ".libs" / "mod_hello.so")["target"] == "sdk"


def test_generated_module_builds_and_checks_with_make_without_proftpd(prxs, tmp_path):
    from .test_make_and_packaging import make
    assert prxs("-g", "mod_gen", cwd=tmp_path).returncode == 0
    d = tmp_path / "mod_gen"
    r = make(d, "all", "check", env=NO_PROFTPD)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "passed" in r.stdout
    assert stamp_of(d / ".libs" / "mod_gen.so")["target"] == "sdk"


def test_demo_runs_without_proftpd(tmp_path):
    import sys
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]), **NO_PROFTPD)
    proc = subprocess.run([sys.executable, "-m", "prxs.demo", "--workdir", str(tmp_path)],
                          env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "$ prxs -c -v --target sdk mod_hello.c" in proc.stdout
