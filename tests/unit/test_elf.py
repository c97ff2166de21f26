"""The in-process ELF reader used by the check before install."""

import os
import subprocess
from pathlib import Path

import pytest

from prxs.elf import ElfFile, read_elf
from prxs.errors import BuildError


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    d = tmp_path_factory.mktemp("elf")
    src = d / "x.c"
    src.write_text(
        '__attribute__((section(".prxs_stamp"), used)) static const char s[] = "stamp-1";\n'
        "extern int needed_elsewhere(int);\n"
        "int exported_data = 3;\n"
        "static int hidden(void) { return 1; }\n"
        "int exported_func(void) { return needed_elsewhere(hidden()); }\n")
    so = d / "libx.so"
    subprocess.run(["gcc", "-shared", "-fPIC", str(src), "-o", str(so),
                    "-Wl,--no-as-needed", "-lm", "-Wl,-soname,libx.so"], check=True)
    return str(so)


def test_reads_defined_and_undefined_dynamic_symbols(lib):
    syms = {s.name: s for s in read_elf(lib).dynamic_symbols()}
    assert syms["exported_data"].defined and syms["exported_data"].type == 1
    assert syms["exported_func"].defined and syms["exported_func"].type == 2
    assert not syms["needed_elsewhere"].defined
    assert "hidden" not in syms


def test_reads_needed_and_soname(lib):
    dyn = read_elf(lib).dynamic_entries()
    assert "libm.so.6" in dyn[1]
    assert dyn[14] == ["libx.so"]


def test_reads_a_named_section(lib):
    assert read_elf(lib).section(".prxs_stamp").rstrip(b"\0") == b"stamp-1"
    assert read_elf(lib).section(".nope") is None


def test_reads_libc():
    libc = "/lib/x86_64-linux-gnu/libc.so.6"
    if not os.path.exists(libc):
        pytest.skip("no multiarch libc path on this machine")
    names = {s.name for s in read_elf(libc).dynamic_symbols() if s.defined}
    assert {"printf", "strcasecmp", "malloc"} <= names


@pytest.mark.parametrize("data", [b"", b"hello world" * 10, b"\x7fELF" + b"\0" * 10,
                                  b"\x7fELF\x02\x01" + b"\xff" * 100])
def test_garbage_is_a_clear_error(data):
    with pytest.raises(BuildError, match="cannot read"):
        ElfFile(data, "bad.so").dynamic_symbols()


def test_truncated_library_is_a_clear_error(lib, tmp_path):
    data = Path(lib).read_bytes()
    with pytest.raises(BuildError):
        ElfFile(data[: len(data) // 3], "cut.so").dynamic_symbols()
