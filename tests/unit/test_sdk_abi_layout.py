"""prxs/sdk/include is ProFTPD 1.3.8's module ABI: measured, not assumed.

A probe generated from our headers prints every struct size/alignment and
field offset/size/type, typedef, enumerator, object-like macro value, and the
type of every function and exported variable.  Compiled against our headers
and against Debian's /usr/include/proftpd, the two outputs must be identical;
and every name the real headers declare (through conf.h, privs.h and
mod_ctrls.h) must be declared by ours.
"""

from __future__ import annotations

import difflib
import re
import shutil
from pathlib import Path

import pytest

from prxs import sdk
from prxs.sdk import abi_probe

OURS = Path(sdk.INCLUDE_DIR)
REAL = abi_probe.REAL_DIR

needs_gcc = pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc")
needs_real = pytest.mark.skipif(
    not (REAL / "conf.h").exists() or not (REAL / "config.h").exists(),
    reason="needs ProFTPD 1.3.8's headers with config.h (Debian's proftpd-dev)",
)

# Probe lines allowed to differ, each with the reason.  Empty: nothing differs today.
LAYOUT_EXCEPTIONS: dict[str, str] = {}

# Names the real headers declare that ours need not, each with the reason.
COVERAGE_EXCEPTIONS: dict[str, str] = {}


@pytest.fixture(scope="module")
def decls() -> dict[str, abi_probe.Declarations]:
    return {"ours": abi_probe.scan(OURS), "real": abi_probe.scan(REAL)}


def _compare(src: str, a: Path, b: Path, tmp: Path) -> list[str]:
    """Probe lines (label first) that differ between header dirs a and b."""
    out_a = abi_probe.run_probe(src, a, tmp, "a")
    out_b = abi_probe.run_probe(src, b, tmp, "b")
    diff = [
        line
        for line in difflib.unified_diff(out_a, out_b, lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    return diff


def _label(line: str) -> str:
    m = re.match(r"[+-](\w+ [^ ]+)", line)
    return m.group(1) if m else line


@needs_gcc
@needs_real
def test_probe_output_is_identical_against_sdk_and_real_headers(decls, tmp_path):
    src, unmeasured = abi_probe.build_probe(decls["ours"], OURS, tmp_path)
    assert unmeasured == [], f"items the probe could not measure: {unmeasured}"
    out = abi_probe.run_probe(src, OURS, tmp_path, "count")
    kinds = {k: sum(1 for x in out if x.startswith(k + " ")) for k in
             ("layout", "field", "typedef", "enum", "function", "variable", "macro")}
    print(f"probe lines: {len(out)} {kinds}")
    # every scanned name is measured (not silently left out of the probe)
    assert kinds["layout"] == len(decls["ours"].aggregates)
    assert kinds["function"] == len(decls["ours"].functions)
    assert kinds["variable"] == len(decls["ours"].variables)
    assert kinds["typedef"] == len(decls["ours"].typedefs)
    assert all("type=0" not in line for line in out), "our own headers disagree with themselves"
    diff = [d for d in _compare(src, OURS, REAL, tmp_path) if _label(d) not in LAYOUT_EXCEPTIONS]
    assert diff == [], "SDK ABI differs from /usr/include/proftpd:\n" + "\n".join(diff[:80])


@needs_gcc
@needs_real
def test_every_name_the_real_headers_declare_is_declared_by_the_sdk(decls):
    real, ours = decls["real"].names(), decls["ours"].names()
    report = []
    for kind in real:
        missing = sorted(real[kind] - ours[kind] - set(COVERAGE_EXCEPTIONS))
        extra = sorted(ours[kind] - real[kind])
        report.append(f"{kind}: real {len(real[kind])}, ours {len(ours[kind])}, "
                      f"missing {len(missing)}, extra {len(extra)}")
        assert missing == [], f"{kind}s declared by ProFTPD but not by the SDK: {missing}"
        assert extra == [], f"{kind}s declared by the SDK but not by ProFTPD: {extra}"
    print("\n".join(report))
    # the scan itself found a real ABI, not an empty or truncated one
    assert len(real["function"]) > 1000 and len(real["macro"]) > 1000
    assert {"session_t", "server_rec", "cmd_rec", "module", "pool"} <= real["typedef"]


@needs_gcc
@needs_real
def test_function_like_macros_take_the_same_parameters(decls):
    def params(d: abi_probe.Declarations) -> dict[str, str]:
        return {n: spec.split(" ", 1)[0] for n, spec in d.macros.items() if spec.startswith("(")}

    real, ours = params(decls["real"]), params(decls["ours"])
    differ = {n: (ours.get(n), p) for n, p in real.items() if ours.get(n) != p}
    assert len(real) > 30
    assert differ == {}, f"macro parameters (ours, real) differ: {differ}"


def _mutated_copy(tmp: Path) -> Path:
    """Our headers with one field moved and one constant changed."""
    dst = tmp / "mutated"
    shutil.copytree(OURS, dst)
    proftpd_h = dst / "proftpd.h"
    lines = proftpd_h.read_text().splitlines(keepends=True)
    i = lines.index("  int hide_password;\n")  # a session_t field; swap it with the one before
    lines[i - 1], lines[i] = lines[i], lines[i - 1]
    proftpd_h.write_text("".join(lines))
    ftp_h = dst / "ftp.h"
    ftp_h.write_text(ftp_h.read_text().replace('#define R_200 "200"', '#define R_200 "201"', 1))
    return dst


@needs_gcc
@needs_real
def test_probe_detects_a_moved_field_and_a_changed_constant(decls, tmp_path):
    mutated = _mutated_copy(tmp_path)
    src, _ = abi_probe.build_probe(abi_probe.scan(mutated), mutated, tmp_path)
    labels = {_label(d) for d in _compare(src, mutated, REAL, tmp_path)}
    assert "macro R_200" in labels
    assert any(lab.startswith("field session_t.hide_password") for lab in labels), labels


def test_declarator_names():
    d = abi_probe._declarator
    assert d("int (*cb)(void)") == ("cb", False)
    assert d("void (*f(int))(int)") == ("f", True)
    assert d("char *name[5]") == ("name", False)
    assert d("void pr_foo(void (*cb)(int), int)") == ("pr_foo", True)
    assert d("pool *(*fn)(int a)") == ("fn", False)


@needs_real
def test_build_configuration_lives_in_config_h():
    """Build-dependent values: one header, saying where they come from."""
    cfg = (OURS / "config.h").read_text()
    assert "proftpd -V" in cfg and "Debian 12" in cfg
    stamp = (REAL / "buildstamp.h").read_text().split(None, 2)[2].strip()
    assert f"#define BUILD_STAMP {stamp}" in cfg
    configured = set(re.findall(r"^#\s*define (\w+)", cfg, re.M)) - {"config_h_included"}
    assert len(configured) > 250
    for h in OURS.glob("*.h"):
        if h.name != "config.h":
            again = configured & set(re.findall(r"^#\s*define (\w+)", h.read_text(), re.M))
            assert not again, f"{h.name} defines build configuration outside config.h: {again}"
