"""The embedded SDK is ProFTPD 1.3.8's module API: the names a module author
expects are there, every name it declares exists in ProFTPD, and mod_hello
compiles unchanged against both.  Struct layouts, constant values and
function types are measured field by field by test_sdk_abi_layout.py."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from prxs import sdk

from ..conftest import SAMPLES

SDK = Path(sdk.INCLUDE_DIR)
REAL = Path("/usr/include/proftpd")

needs_gcc = pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc")
needs_real = pytest.mark.skipif(not (REAL / "conf.h").exists(),
                                reason="needs ProFTPD's headers (proftpd-dev)")


def _strip_comments(text: str) -> str:
    return re.sub(r"/\*.*?\*/", "", text, flags=re.S)


def sdk_text() -> dict[str, str]:
    return {p.name: _strip_comments(p.read_text()) for p in sorted(SDK.glob("*.h"))}


def declared_names() -> dict[str, set[str]]:
    """Macros, functions, types and data the SDK headers declare."""
    macros, funcs, types, data = set(), set(), set(), set()
    for name, text in sdk_text().items():
        for m in re.finditer(r"^#\s*define\s+(\w+)", text, re.M):
            if not m.group(1).startswith("PR_") or not m.group(1).endswith("_H"):
                macros.add(m.group(1))
        for m in re.finditer(r"^(?![#\s])(?!typedef)[^;{}()]*?\b(\w+)\s*\(", text, re.M):
            funcs.add(m.group(1))
        for m in re.finditer(r"\}\s*(\w+)\s*;", text):
            types.add(m.group(1))
        for m in re.finditer(r"typedef\s+[^;{]*?\b(\w+)\s*;", text):
            types.add(m.group(1))
        for m in re.finditer(r"\bstruct\s+(\w+)", text):
            types.add(m.group(1))
        for m in re.finditer(r"^extern\s+[^;(]*?\b(\w+)\s*;", text, re.M):
            data.add(m.group(1))
    macros -= {"_GNU_SOURCE"}
    return {"macros": macros, "funcs": funcs, "types": types, "data": data}


def test_sdk_has_the_names_the_issue_lists():
    # psprintf is listed in the issue but ProFTPD 1.3.8 has no such function
    # (pr_snprintf, pstrcat); declaring it would break source compatibility.
    names = declared_names()
    everything = set().union(*names.values())
    for name in ("module", "conftable", "cmdtable", "authtable", "cmd_rec",
                 "config_rec", "server_rec", "session_t", "pool", "array_header",
                 "MODRET", "PR_HANDLED", "PR_DECLINED", "PR_ERROR", "PR_ERROR_MSG",
                 "CHECK_ARGS", "CHECK_CONF", "CHECK_CMD_ARGS", "CONF_ERROR",
                 "CONF_ROOT", "CONF_VIRTUAL", "CONF_GLOBAL", "CONF_ANON", "CONF_DIR",
                 "PRE_CMD", "CMD", "POST_CMD", "POST_CMD_ERR", "LOG_CMD",
                 "LOG_CMD_ERR", "G_READ", "G_WRITE", "G_DIRS", "add_config_param",
                 "add_config_param_str", "find_config", "find_config_next",
                 "get_param_ptr", "pr_log_debug", "pr_log_pri", "pr_log_openfile",
                 "pr_log_writefile", "pr_event_register", "pr_event_unregister",
                 "pr_event_generate", "make_sub_pool", "destroy_pool", "palloc",
                 "pcalloc", "pstrdup", "pstrcat", "make_array",
                 "push_array", "pr_response_add", "pr_response_add_err",
                 "PRIVS_ROOT", "PRIVS_RELINQUISH", "PRIVS_SETUP", "PRIVS_REVOKE",
                 "PR_MODULE_API_VERSION", "session", "main_server"):
        assert name in everything, name


@needs_real
def test_every_sdk_name_exists_in_proftpd():
    real = _strip_comments("\n".join(p.read_text(errors="replace")
                                      for p in REAL.glob("*.h")))
    real_macros = set(re.findall(r"^#\s*define\s+(\w+)", real, re.M))
    real_words = set(re.findall(r"\b\w+\b", real))
    names = declared_names()
    missing = sorted(n for n in names["macros"] if n not in real_macros)
    missing += sorted(n for kind in ("funcs", "types", "data")
                      for n in names[kind] if n not in real_words)
    assert missing == []


@needs_gcc
@pytest.mark.parametrize("include", [SDK, pytest.param(REAL, marks=needs_real)],
                         ids=["sdk", "proftpd"])
def test_mod_hello_compiles_unchanged(tmp_path, include):
    res = subprocess.run(
        ["gcc", "-fsyntax-only", "-Wall", "-Werror",
         "-Werror=implicit-function-declaration", "-DLINUX", "-DPR_SHARED_MODULE",
         "-I", str(include), str(SAMPLES / "mod_hello.c")],
        capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
