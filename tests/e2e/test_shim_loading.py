"""Loading details: LoadFile for a library a later module needs, and the
target stamp the host reads before dlopen."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from prxs import sdk
from prxs.shim import check_config
from prxs.shim.pytest_plugin import shim_host_factory  # noqa: F401
from prxs.shim.testing import build_with_gcc, build_with_prxs, compiler_model
from prxs.stamp import describe_abi

from ..conftest import PACKAGES, SAMPLES

PKG = PACKAGES / "shim"

pytestmark = pytest.mark.skipif(shutil.which("gcc") is None,
                                reason="the shim tests need gcc")


@pytest.fixture(scope="module")
def helper_lib(tmp_path_factory) -> Path:
    """libhelper.so, in a directory the dynamic loader does not search."""
    d = tmp_path_factory.mktemp("lib")
    lib = d / "libhelper.so"
    subprocess.run(["gcc", "-shared", "-fPIC", "-Wl,-soname,libhelper.so",
                    "-o", str(lib), str(PKG / "libhelper.c")], check=True)
    return lib


def fatal_lines(res) -> list[str]:
    return [ln for ln in res.log_lines() if ln.startswith("fatal:")]


def test_loadfile_provides_a_library_a_later_module_links(tmp_path, helper_lib,
                                                         shim_host_factory):
    mods = build_with_prxs(PKG / "mod_needlib.c", tmp_path / "m",
                           "-L", str(helper_lib.parent), "-l", "helper")
    host = shim_host_factory(f"ModulePath {mods}\nLoadFile {helper_lib}\n"
                             "LoadModule mod_needlib.c\n")
    with host.session() as s:
        assert s.command("SITE HELPER").lines == ((200, "greetings from libhelper"),)


def test_without_loadfile_the_missing_library_is_named(tmp_path, helper_lib):
    mods = build_with_prxs(PKG / "mod_needlib.c", tmp_path / "m",
                           "-L", str(helper_lib.parent), "-l", "helper")
    conf = tmp_path / "c.conf"
    conf.write_text(f"ModulePath {mods}\nLoadModule mod_needlib.c\n")
    res = check_config(str(conf))
    assert res.exit_code == 1
    assert fatal_lines(res) == [
        "fatal: LoadModule: error loading module 'mod_needlib.c': "
        f"'{mods}/.libs/mod_needlib.so' needs 'libhelper.so', which the dynamic "
        "loader cannot find (LoadFile /path/to/libhelper.so before this "
        "LoadModule, or install the library where ld.so looks) on line 2 of "
        f"'{conf}'"]


def test_loadfile_is_global_so_symbol_only_dependencies_resolve(
        tmp_path, helper_lib, shim_host_factory):
    # No DT_NEEDED at all: only a global LoadFile handle can provide the symbol.
    build_with_gcc(PKG / "mod_needlib.c", tmp_path / "m")
    host = shim_host_factory(f"ModulePath {tmp_path / 'm'}\nLoadFile {helper_lib}\n"
                             "LoadModule mod_needlib.c\n")
    with host.session() as s:
        assert s.command("SITE HELPER").text == "greetings from libhelper"


def test_unresolved_symbol_is_reported_at_load_with_its_name(tmp_path):
    so = build_with_gcc(PKG / "mod_needlib.c", tmp_path / "m")
    conf = tmp_path / "c.conf"
    conf.write_text(f"ModulePath {tmp_path / 'm'}\nLoadModule mod_needlib.c\n")
    res = check_config(str(conf))
    assert res.exit_code == 1
    assert fatal_lines(res) == [
        "fatal: LoadModule: error loading module 'mod_needlib.c': undefined "
        f"symbol 'helper_greeting' in '{so}': neither the host nor a loaded "
        "library defines it (LoadFile the library that provides it before this "
        "LoadModule, or link the module against that library) on line 2 of "
        f"'{conf}'"]


def test_loadfile_needs_an_absolute_path(tmp_path):
    conf = tmp_path / "c.conf"
    conf.write_text("LoadFile libhelper.so\n")
    res = check_config(str(conf))
    assert res.exit_code == 1
    assert fatal_lines(res) == [
        "fatal: LoadFile: must be an absolute path (not 'libhelper.so') on line "
        f"1 of '{conf}'"]


def test_loadfile_of_missing_library_is_fatal(tmp_path):
    conf = tmp_path / "c.conf"
    conf.write_text(f"LoadFile {tmp_path}/libnothere.so\n")
    res = check_config(str(conf))
    assert res.exit_code == 1
    [fatal] = fatal_lines(res)
    assert fatal.startswith(f"fatal: LoadFile: error loading '{tmp_path}/libnothere.so': ")
    assert "No such file or directory" in fatal


# ABI stamps: abi, api and model are compared, the rest is informational

def host_is() -> str:
    text = describe_abi(sdk.ABI)
    return (f"this host is {text} (abi={sdk.ABI} api=0x20 model={compiler_model()}): "
            "rebuild it with prxs for this host (prxs -c --target sdk)")


OTHER_MODEL = "LP64-aarch64" if compiler_model() != "LP64-aarch64" else "LP64-x86_64"


@pytest.mark.parametrize("stamp,theirs", [
    ("prxs-stamp/1 abi=proftpd-1.3.7 api=0x20 model=${model} target=proftpd "
     "version=1.3.7 headers=0", "ProFTPD 1.3.7 (stamp abi=proftpd-1.3.7)"),
    ("prxs-stamp/1 abi=prxs-sdk-9.0 api=0x20 model=${model} target=sdk sdk=9.0",
     "the prxs SDK 9.0 (stamp abi=prxs-sdk-9.0)"),
    (f"prxs-stamp/1 abi={sdk.ABI} api=0x30 model=${{model}} target=sdk sdk=0.1",
     "module API 0x30 (stamp api=0x30)"),
    (f"prxs-stamp/1 abi={sdk.ABI} api=0x20 model={OTHER_MODEL} target=sdk sdk=0.1",
     f"the {OTHER_MODEL} data model (stamp model={OTHER_MODEL})"),
    # A stamp from a prxs before ABI stamps: its ABI follows from its target.
    ("prxs-stamp/1 target=sdk api=0x20 sdk=1.0",
     "the prxs SDK 1.0 (stamp 'prxs-stamp/1 target=sdk api=0x20 sdk=1.0', from "
     "a prxs before ABI stamps: abi prxs-sdk-1.0)"),
])
def test_module_built_for_another_abi_is_refused_naming_the_field(tmp_path, stamp,
                                                                  theirs):
    build_with_gcc(SAMPLES / "mod_hello.c", tmp_path / "m", stamp=stamp)
    conf = tmp_path / "c.conf"
    conf.write_text(f"ModulePath {tmp_path / 'm'}\nLoadModule mod_hello.c\n")
    res = check_config(str(conf))
    assert res.exit_code == 1
    msg = f"module 'mod_hello.c' was built for {theirs}, {host_is()}"
    assert f"mod_dso/0.5: {msg}" in res.log_lines()
    assert fatal_lines(res) == [
        f"fatal: LoadModule: error loading module 'mod_hello.c': {msg} on line 2 "
        f"of '{conf}'"]


def test_informational_stamp_fields_do_not_decide(tmp_path):
    # The same ABI, whatever header copy (target, version, headers) built it.
    build_with_gcc(SAMPLES / "mod_hello.c", tmp_path / "m",
                   stamp=f"prxs-stamp/1 abi={sdk.ABI} api=0x20 model=${{model}} "
                         "target=proftpd version=9.9.9 headers=deadbeef sdk=7")
    conf = tmp_path / "c.conf"
    conf.write_text(f"ModulePath {tmp_path / 'm'}\nLoadModule mod_hello.c\n")
    res = check_config(str(conf))
    assert res.exit_code == 0, res.log


def test_unknown_keys_and_extra_strings_in_stamp_are_ignored(tmp_path):
    build_with_gcc(SAMPLES / "mod_hello.c", tmp_path / "m",
                   stamp=sdk.stamp_text() + " future=yes\0second string")
    conf = tmp_path / "c.conf"
    conf.write_text(f"ModulePath {tmp_path / 'm'}\nLoadModule mod_hello.c\n")
    assert check_config(str(conf)).exit_code == 0


def test_module_without_stamp_loads_with_a_debug_note_not_a_warning(tmp_path):
    # Debian's prebuilt modules carry no stamp: their api_version decides.
    so = build_with_gcc(SAMPLES / "mod_hello.c", tmp_path / "m", stamp=None)
    conf = tmp_path / "c.conf"
    conf.write_text(f"ModulePath {tmp_path / 'm'}\nLoadModule mod_hello.c\n")
    res = check_config(str(conf))
    assert res.exit_code == 0, res.log
    assert not [ln for ln in res.log_lines() if "stamp" in ln or "warning" in ln]
    res = check_config(str(conf), debug_level=1)
    assert res.exit_code == 0, res.log
    [note] = [ln for ln in res.log_lines() if "stamp" in ln]
    assert note.startswith(f"mod_dso/0.5: module 'mod_hello.c' ({so}) carries no "
                           "prxs ABI stamp (not built by prxs")


def test_non_elf_module_file_is_refused_clearly(tmp_path):
    (tmp_path / "mod_fake.so").write_text("#!/bin/sh\n")
    conf = tmp_path / "c.conf"
    conf.write_text(f"ModulePath {tmp_path}\nLoadModule mod_fake.c\n")
    res = check_config(str(conf))
    assert res.exit_code == 1
    assert fatal_lines(res) == [
        "fatal: LoadModule: error loading module 'mod_fake.c': cannot read the "
        f"target stamp of '{tmp_path}/mod_fake.so': not an ELF file on line 2 of "
        f"'{conf}'"]


@pytest.mark.skipif(not Path("/usr/include/proftpd/conf.h").exists(),
                    reason="needs an installed ProFTPD (proftpd-dev) for "
                           "--target proftpd")
def test_module_built_by_prxs_for_proftpd_loads_when_the_sdk_is_its_abi(tmp_path):
    # One ABI, two header copies: a --target proftpd build is the SDK's ABI
    # exactly when the SDK headers are ProFTPD 1.3.8's (issue 15 item 1);
    # until then the host refuses it, naming the abi field.
    mods = build_with_prxs(SAMPLES / "mod_hello.c", tmp_path / "m",
                           "--target", "proftpd")
    conf = tmp_path / "c.conf"
    conf.write_text(f"ModulePath {mods}\nLoadModule mod_hello.c\n")
    res = check_config(str(conf))
    if sdk.ABI == "proftpd-1.3.8":
        assert res.exit_code == 0, res.log
        return
    assert res.exit_code == 1
    [fatal] = fatal_lines(res)
    assert "was built for ProFTPD 1.3.8 (stamp abi=proftpd-1.3.8), " + host_is() in fatal


@pytest.mark.skipif(not (Path("/usr/include/proftpd/conf.h").exists() and
                         os.access("/usr/sbin/proftpd", os.X_OK)),
                    reason="needs an installed ProFTPD (proftpd-core, proftpd-dev)")
def test_mod_hello_built_for_proftpd_passes_the_real_proftpd_t(tmp_path):
    mods = build_with_prxs(SAMPLES / "mod_hello.c", tmp_path / "m",
                           "--target", "proftpd")
    conf = tmp_path / "real.conf"
    conf.write_text(f'ServerName "real"\nModulePath {mods}\n'
                    'LoadModule mod_hello.c\nHelloGreeting "Howdy"\n')
    res = subprocess.run(["/usr/sbin/proftpd", "-t", "-c", str(conf)],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
