"""The embedded SDK: headers for modules that run in the prxs shim host.

The headers are ProFTPD 1.3.8's module ABI (our own restatement, checked
field by field against /usr/include/proftpd by tests/unit/test_sdk_abi_layout.py),
so a module built against them is one binary for the shim and the real server.
``exports.txt`` lists every symbol the shim host exports to modules (what it
implements so far); the build driver checks a module's undefined symbols
against it.
"""

from __future__ import annotations

import os

__all__ = ["SDK_VERSION", "API_VERSION", "INCLUDE_DIR", "include_dir",
           "exports_path", "exported_symbols", "stamp_text"]

#: Version of the embedded SDK (the ``sdk=`` key of a module's target stamp).
SDK_VERSION = "0.1"

#: Module API version (``module.api_version``), as in ProFTPD 1.3.x.
API_VERSION = 0x20

_HERE = os.path.dirname(os.path.abspath(__file__))

#: Directory holding ``conf.h`` and the rest of the SDK headers.
INCLUDE_DIR = os.path.join(_HERE, "include")


def include_dir() -> str:
    """The SDK include directory (``-I`` for modules built for the SDK)."""
    return INCLUDE_DIR


def exports_path() -> str:
    """Path of ``exports.txt``, one exported symbol a line."""
    return os.path.join(_HERE, "exports.txt")


def exported_symbols() -> frozenset[str]:
    """Symbols the shim host defines for modules (comments and blanks skipped)."""
    with open(exports_path(), encoding="ascii") as f:
        return frozenset(line.strip() for line in f
                         if line.strip() and not line.startswith("#"))


def stamp_text() -> str:
    """The ``.prxs_stamp`` string a module built for the SDK carries."""
    return f"prxs-stamp/1 target=sdk api=0x{API_VERSION:x} sdk={SDK_VERSION}"
