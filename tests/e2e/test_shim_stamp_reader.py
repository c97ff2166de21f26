"""The host's ELF stamp reader trusts nothing in the file: truncated and
corrupted modules are reported, never crash it (it runs before dlopen)."""

from __future__ import annotations

import random
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from prxs import sdk
from prxs.shim import host_binary
from prxs.shim.testing import build_with_gcc, compiler_model

from ..conftest import ROOT


pytestmark = pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc")


@pytest.fixture(scope="module")
def module_bytes(tmp_path_factory) -> bytes:
    d = tmp_path_factory.mktemp("stamp")
    so = build_with_gcc(ROOT / "sample_modules" / "mod_hello.c", d,
                        stamp=sdk.stamp_text() + "\0second")
    return so.read_bytes()


def read_stamp(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([host_binary(), "--stamp", str(path)],
                          capture_output=True, text=True, timeout=30)


def test_reads_the_first_stamp_string(tmp_path, module_bytes):
    p = tmp_path / "m.so"
    p.write_bytes(module_bytes)
    res = read_stamp(p)
    assert (res.returncode, res.stdout) == (0, sdk.stamp_text(compiler_model()) + "\n")


def test_file_without_section_headers_has_no_stamp(tmp_path, module_bytes):
    data = bytearray(module_bytes)
    struct.pack_into("<Q", data, 0x28, 0)          # e_shoff = 0
    p = tmp_path / "m.so"
    p.write_bytes(bytes(data))
    res = read_stamp(p)
    assert res.returncode == 1
    assert "no .prxs_stamp section" in res.stderr


def test_truncated_and_corrupted_files_are_reported_not_crashed_on(tmp_path,
                                                                   module_bytes):
    rng = random.Random(1234)
    shoff, = struct.unpack_from("<Q", module_bytes, 0x28)
    variants = [module_bytes[:n] for n in (0, 3, 16, 63, 64, 200,
                                           shoff, shoff + 10, len(module_bytes) - 1)]
    for _ in range(60):
        data = bytearray(module_bytes)
        # Flip bytes in the ELF header's section fields and the section headers.
        for _ in range(rng.randint(1, 8)):
            pos = rng.choice([rng.randint(0x28, 0x3f),
                              rng.randint(shoff, len(data) - 1)])
            data[pos] = rng.randint(0, 255)
        variants.append(bytes(data))
    for i, data in enumerate(variants):
        p = tmp_path / f"v{i}.so"
        p.write_bytes(data)
        res = read_stamp(p)
        assert res.returncode in (0, 1, 2), (i, res)
        if res.returncode == 0:
            assert res.stdout.isascii()
        else:
            assert res.stderr.strip(), i
