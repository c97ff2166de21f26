"""Every name prxs/sdk/proftpd.pxd declares exists, with the members it
declares, in the embedded SDK's headers and in an installed ProFTPD's: a C
file that touches each one compiles against both."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from prxs import sdk

from ..conftest import needs_proftpd

PXD = Path(sdk.__file__).resolve().parent / "proftpd.pxd"
MACROS = {"PR_HANDLED": "PR_HANDLED(cmd)", "PR_DECLINED": "PR_DECLINED(cmd)",
          "PR_ERROR": "PR_ERROR(cmd)", "PR_ERROR_MSG": "PR_ERROR_MSG(cmd, R_550, \"x\")"}

pytestmark = [pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc"),
              pytest.mark.cython]


def declarations() -> tuple[dict[str, list[str]], list[str], list[str]]:
    """(struct -> members, functions, variables and constants)."""
    text = PXD.read_text()
    block = text[text.index('cdef extern from "conf.h" nogil:'):text.index("# --- Python-level")]
    block = re.sub(r",\s*\n\s+", ", ", block)          # join continued lines
    structs: dict[str, list[str]] = {}
    funcs, values = [], []
    current = None
    for line in block.splitlines()[1:]:
        if not line.strip() or line.strip().startswith("#"):
            continue
        m = re.match(r"    ctypedef struct (\w+):", line)
        if m:
            current = structs.setdefault(m.group(1), [])
            continue
        if line.startswith("        "):
            if line.strip() != "pass":
                current.append(re.findall(r"\w+", line)[-1])
            continue
        current = None
        m = re.match(r"    .*?\**(\w+)\s*\(", line)
        if m:
            funcs.append(m.group(1))
        else:
            values.append(re.findall(r"\w+", line)[-1])
    return structs, funcs, values


def c_source() -> str:
    structs, funcs, values = declarations()
    body = ["#include \"conf.h\"", "void prxs_pxd_check(cmd_rec *cmd) {"]
    for name, members in structs.items():
        body += [f"  (void) sizeof((({name} *) 0)->{m});" for m in members]
    body += [f"  (void) {MACROS[f]};" if f in MACROS else f"  (void) &{f};" for f in funcs]
    body += [f"  (void) ({v});" for v in values]
    return "\n".join(body + ["}", ""])


def test_the_pxd_declares_what_a_module_needs():
    structs, funcs, values = declarations()
    assert {"cmd_rec", "config_rec", "server_rec", "modret_t", "module",
            "session_t"} <= set(structs)
    assert {"argc", "argv", "arg", "tmp_pool"} <= set(structs["cmd_rec"])
    assert {"pr_response_add", "pr_response_add_err", "pr_log_pri", "pr_log_debug",
            "get_param_ptr", "find_config", "add_config_param_str",
            "pr_event_register", "PR_HANDLED", "PR_DECLINED", "PR_ERROR_MSG"} <= set(funcs)
    assert {"R_200", "R_550", "CONF_ROOT", "PR_LOG_ERR", "DEBUG5", "main_server",
            "session"} <= set(values)


def compile_against(include: str, tmp_path: Path) -> None:
    src = tmp_path / "pxd_check.c"
    src.write_text(c_source())
    proc = subprocess.run(["gcc", "-fsyntax-only", "-Wall", "-DLINUX",
                           "-Werror=implicit-function-declaration", "-I", include,
                           str(src)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_every_pxd_name_exists_in_the_sdk_headers(tmp_path):
    compile_against(sdk.INCLUDE_DIR, tmp_path)


@needs_proftpd
def test_every_pxd_name_exists_in_the_installed_proftpd_headers(tmp_path):
    compile_against("/usr/include/proftpd", tmp_path)
