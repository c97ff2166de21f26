"""ProFTPD's own modules compile unchanged against prxs/sdk/include.

Every contrib/*.c and modules/mod_*.c of the 1.3.8 source tree that compiles
against /usr/include/proftpd is compiled (-fsyntax-only, module flags) against
the SDK's ABI headers instead.  Modules that need a header outside the ABI
(another module's API such as mod_sftp.h or mod_wrap2.h, or
hanson-tpl.h) are counted as not passing; the floor pins today's count.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from prxs import sdk
from prxs.sdk import abi_probe

SRC = Path("/var/cache/prxs-src/proftpd-dfsg-1.3.8+dfsg")
FLOOR = 48  # of the 54 modules that compile against Debian's headers

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


def _object_image(source: Path, include: Path, out: Path) -> bytes:
    """Code, data and symbol table of source compiled as a module against include."""
    obj = out / f"{source.stem}.o"
    subprocess.run(["gcc", "-O0", "-fPIC", "-w", *abi_probe.MODULE_FLAGS, f"-I{include}",
                    f"-I{source.parent}", "-c", str(source), "-o", str(obj)],
                   check=True, capture_output=True, timeout=300)
    image = b""
    for section in (".text", ".data", ".rodata", ".rodata.str1.1", ".rodata.str1.8"):
        bin_ = out / "section.bin"
        subprocess.run(["objcopy", "-O", "binary", "-j", section, str(obj), str(bin_)],
                       check=True, capture_output=True, timeout=60)
        image += section.encode() + bin_.read_bytes()
    return image + subprocess.run(["nm", str(obj)], check=True, capture_output=True).stdout


def test_proftpd_modules_compile_against_the_sdk_abi(tmp_path):
    sources = sorted((SRC / "contrib").glob("*.c")) + sorted((SRC / "modules").glob("mod_*.c"))
    src_of = {s.name: s for s in sources}
    eligible = [s for s in sources if _compiles(s, abi_probe.REAL_DIR)[0]]
    passed, failed = [], {}
    for s in eligible:
        ok, err = _compiles(s, Path(sdk.INCLUDE_DIR))
        if ok:
            passed.append(s.name)
        else:
            failed[s.name] = next((ln for ln in err.splitlines() if "error" in ln), err[:200])
    print(f"\n{len(passed)} of {len(eligible)} modules (of {len(sources)} sources) compile "
          f"against prxs/sdk/include; not: " + "; ".join(failed.values()))
    assert len(eligible) >= 50
    # the ones that fail only lack a header outside the module ABI
    assert all("No such file or directory" in e for e in failed.values()), failed
    assert len(passed) >= FLOOR
    # interchangeable binaries: the same code, data and symbols either way
    (tmp_path / "real").mkdir()
    (tmp_path / "sdk").mkdir()
    differ = [name for name in passed
              if _object_image(src_of[name], abi_probe.REAL_DIR, tmp_path / "real")
              != _object_image(src_of[name], Path(sdk.INCLUDE_DIR), tmp_path / "sdk")]
    assert differ == [], f"object code differs between real and SDK headers: {differ}"
