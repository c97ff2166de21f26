"""ProFTPD's own modules compile unchanged against prxs/sdk/abi.

Every contrib/*.c and modules/mod_*.c of the 1.3.8 source tree that compiles
against /usr/include/proftpd is compiled (-fsyntax-only, module flags) against
the SDK's ABI headers instead.  Modules that need a header outside the ABI
(another module's API such as mod_sftp.h or mod_wrap2.h, or jot.h, logfmt.h,
hanson-tpl.h) are counted as not passing; the floor pins today's count.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from prxs.sdk import abi_probe

SRC = Path("/var/cache/prxs-src/proftpd-dfsg-1.3.8+dfsg")
FLOOR = 44  # of the 52 modules that compile against Debian's headers

pytestmark = [
    pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc"),
    pytest.mark.skipif(not (SRC / "modules").is_dir(), reason=f"needs ProFTPD's sources in {SRC}"),
    pytest.mark.skipif(not (abi_probe.REAL_DIR / "config.h").exists(),
                       reason="needs ProFTPD 1.3.8's headers (Debian's proftpd-dev)"),
]


def _compiles(source: Path, include: Path) -> tuple[bool, str]:
    argv = ["gcc", "-fsyntax-only", "-w", *abi_probe.MODULE_FLAGS,
            f"-I{include}", f"-I{source.parent}", str(source)]
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    return proc.returncode == 0, proc.stderr


def test_proftpd_modules_compile_against_the_sdk_abi():
    sources = sorted((SRC / "contrib").glob("*.c")) + sorted((SRC / "modules").glob("mod_*.c"))
    eligible = [s for s in sources if _compiles(s, abi_probe.REAL_DIR)[0]]
    passed, failed = [], {}
    for s in eligible:
        ok, err = _compiles(s, abi_probe.ABI_DIR)
        if ok:
            passed.append(s.name)
        else:
            failed[s.name] = next((ln for ln in err.splitlines() if "error" in ln), err[:200])
    print(f"\n{len(passed)} of {len(eligible)} modules (of {len(sources)} sources) compile "
          f"against prxs/sdk/abi; not: " + "; ".join(failed.values()))
    assert len(eligible) >= 50
    # the ones that fail only lack a header outside the module ABI
    assert all("No such file or directory" in e for e in failed.values()), failed
    assert len(passed) >= FLOOR
