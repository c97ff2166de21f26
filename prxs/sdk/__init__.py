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

__all__ = ["SDK_VERSION", "API_VERSION", "PROFTPD_RELEASE", "PROFTPD_VERSION_NUMBER",
           "ABI", "ABI_NUMBER", "INCLUDE_DIR", "include_dir", "exports_path",
           "exported_symbols", "stamp_text"]

#: Version of the embedded SDK (the ``sdk=`` key of a module's target stamp).
SDK_VERSION = "0.1"

#: Module API version (``module.api_version``), as in ProFTPD 1.3.x.
API_VERSION = 0x20

#: The ProFTPD release whose module ABI prxs targets, and its
#: ``PROFTPD_VERSION_NUMBER``.
PROFTPD_RELEASE = "1.3.8"
PROFTPD_VERSION_NUMBER = 0x0001030805

#: The ABI the SDK headers describe (the ``abi=`` of an SDK build's stamp and
#: of the shim host built from them): the headers are ProFTPD 1.3.8's module
#: ABI (checked field by field by tests/unit/test_sdk_abi_layout.py), so an
#: SDK build and a build against an installed 1.3.8 carry the same identity
#: and load in either host.
ABI = "proftpd-" + PROFTPD_RELEASE
ABI_NUMBER = PROFTPD_VERSION_NUMBER

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


def stamp_text(model: str = "${model}") -> str:
    """The ``.prxs_stamp`` string a module built for the SDK carries (the
    compiler fills in ``model`` unless it is given)."""
    from ..stamp import stamp_text as text
    return text(ABI, API_VERSION, [("target", "sdk"), ("sdk", SDK_VERSION)], model)
