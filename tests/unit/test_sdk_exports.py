"""exports.txt lists exactly what the shim host exports to modules: every
function and data symbol the SDK headers declare, each defined by the built
host binary, and nothing more (the build driver checks modules against it)."""

from __future__ import annotations

import ctypes
import shutil

import pytest

from prxs import sdk
from prxs.elf import read_elf

from .test_sdk_headers import declared_names


def test_exports_match_the_functions_and_data_the_headers_declare():
    names = declared_names()
    assert sdk.exported_symbols() == names["funcs"] | names["data"]


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

    from prxs.shim.build import HOST_DIR, contract_header

    # The host takes the contract from the header generated at build time;
    # no host source spells a contract constant itself.
    header = contract_header()
    assert '#define PRXS_STAMP_TAG "prxs-stamp/1"' in header
    assert f'#define PRXS_HOST_ABI "{sdk.ABI}"' in header
    assert f"#define PRXS_HOST_API 0x{sdk.API_VERSION:x}" in header
    assert f'#define PRXS_SDK_VERSION "{sdk.SDK_VERSION}"' in header
    for src in Path(HOST_DIR).iterdir():
        text = src.read_text()
        assert "prxs-stamp/" not in text and "PRXS_SDK_MAJOR" not in text, src
        assert f'"{sdk.SDK_VERSION}"' not in text, src
    version_h = (Path(sdk.INCLUDE_DIR) / "version.h").read_text()
    assert f"#define PR_MODULE_API_VERSION\t\t0x{sdk.API_VERSION:x}" in version_h
