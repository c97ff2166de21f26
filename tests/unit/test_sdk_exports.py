"""exports.txt lists exactly what the shim host exports to modules: each name
is defined by the built host binary and declared by the SDK headers
(ProFTPD 1.3.8's module ABI), and the host exports nothing else.  Functions
the SDK declares but the host does not implement are not listed, so the build
driver's check names them.  The core data Debian's prebuilt modules import
is exported."""

from __future__ import annotations

import ctypes
import shutil

import pytest

from prxs import sdk
from prxs.elf import read_elf

from pathlib import Path

from prxs.sdk import abi_probe

# Core data ProFTPD's own modules declare themselves (`extern pid_t mpid;`
# in mod_xfer.c and others) rather than through a header.
MODULE_DECLARED_DATA = {"mpid", "server_list", "resp_list", "resp_err_list"}

PROFTPD = Path("/usr/sbin/proftpd")
DEBIAN_MODULES = Path("/usr/lib/proftpd")


def _sdk_declarations():
    return abi_probe.scan(Path(sdk.INCLUDE_DIR))


def test_every_export_is_declared_by_the_sdk_headers():
    decls = _sdk_declarations()
    declared = set(decls.functions) | set(decls.variables)
    assert sdk.exported_symbols() - declared == MODULE_DECLARED_DATA


def test_the_core_data_the_sdk_declares_is_exported():
    # Every extern variable of the ABI is data the host holds for modules.
    data = set(_sdk_declarations().variables) - {"cmd_auth_chk"}
    assert data <= sdk.exported_symbols()
    assert {"session", "main_server", "permanent_pool", "ServerType",
            "SocketBindTight", "ServerMaxInstances"} <= data


@pytest.mark.skipif(not PROFTPD.exists() or not list(DEBIAN_MODULES.glob("*.so")),
                    reason="needs the installed ProFTPD 1.3.8 (Debian's proftpd-core) "
                           "and its modules in /usr/lib/proftpd")
def test_data_debians_modules_import_from_proftpd_is_exported():
    # STT_OBJECT (1) symbols proftpd defines, undefined in some module.
    core_data = {s.name for s in read_elf(str(PROFTPD)).dynamic_symbols()
                 if s.defined and s.type == 1}
    imported = {s.name for so in DEBIAN_MODULES.glob("*.so")
                for s in read_elf(str(so)).dynamic_symbols() if not s.defined}
    # ... leaving out libc's data that proftpd holds by copy relocation.
    libc = ctypes.CDLL("libc.so.6")
    wanted = {n for n in core_data & imported if not hasattr(libc, n)}
    assert MODULE_DECLARED_DATA <= wanted
    assert wanted - sdk.exported_symbols() == set()


def test_exports_file_is_sorted_and_has_no_duplicates():
    with open(sdk.exports_path(), encoding="ascii") as f:
        syms = [ln.strip() for ln in f if ln.strip() and not ln.startswith("#")]
    assert syms == sorted(set(syms))


@pytest.mark.skipif(shutil.which("gcc") is None and shutil.which("cc") is None,
                    reason="building the host needs a C compiler")
def test_host_binary_defines_exactly_the_exports():
    from prxs.shim import host_binary

    libc = ctypes.CDLL("libc.so.6")
    defined = {s.name for s in read_elf(host_binary()).dynamic_symbols()
               if s.defined}
    # Data the executable holds by copy relocation (stdin, optarg...) is libc's.
    own = {name for name in defined if not hasattr(libc, name)}
    assert sdk.exported_symbols() - own == set(), "declared but not defined"
    assert own - sdk.exported_symbols() == set(), "exported but not declared"


def test_stamp_text_is_the_documented_format():
    # abi/api/model name the ABI (the compiler fills model in); target and sdk
    # are informational.
    assert sdk.stamp_text() == (f"prxs-stamp/1 abi={sdk.ABI} api=0x20 model=${{model}} "
                                "target=sdk sdk=0.1")
    assert sdk.stamp_text("LP64-x86_64") == (
        f"prxs-stamp/1 abi={sdk.ABI} api=0x20 model=LP64-x86_64 target=sdk sdk=0.1")
    assert sdk.API_VERSION == 0x20 and sdk.SDK_VERSION == "0.1"


def test_host_and_headers_agree_with_the_python_constants():
    from pathlib import Path

    from prxs.shim.hostbuild import HOST_DIR, contract_header

    # The host takes the contract from the header generated at build time;
    # no host source spells a contract constant itself.
    header = contract_header()
    assert '#define PRXS_STAMP_TAG "prxs-stamp/1"' in header
    assert f'#define PRXS_HOST_ABI "{sdk.ABI}"' in header
    assert f"#define PRXS_HOST_API 0x{sdk.API_VERSION:x}" in header
    assert f'#define PRXS_SDK_VERSION "{sdk.SDK_VERSION}"' in header
    for src in Path(HOST_DIR).rglob("*.[ch]"):
        text = src.read_text()
        assert "prxs-stamp/" not in text and "PRXS_SDK_MAJOR" not in text, src
        assert f'"{sdk.SDK_VERSION}"' not in text, src
    version_h = (Path(sdk.INCLUDE_DIR) / "version.h").read_text()
    assert f"#define PR_MODULE_API_VERSION 0x{sdk.API_VERSION:x}\n" in version_h
