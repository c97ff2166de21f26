"""The embedded SDK is a source-compatible subset of ProFTPD 1.3.8's API:
every name it declares exists in ProFTPD, struct fields exist there too, and
constants have ProFTPD's values.  Checked against /usr/include/proftpd."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from prxs import sdk

SDK = Path(sdk.INCLUDE_DIR)
REAL = Path("/usr/include/proftpd")
SAMPLES = Path(__file__).resolve().parents[2] / "sample_modules"

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


def struct_fields() -> dict[str, list[str]]:
    """Type expression -> field names (nested anonymous structs as a.b)."""
    out: dict[str, list[str]] = {}
    for text in sdk_text().values():
        for m in re.finditer(r"(typedef\s+)?struct\s*(\w*)\s*\{", text):
            start = m.end()
            depth, i = 1, start
            while depth:
                depth += {"{": 1, "}": -1}.get(text[i], 0)
                i += 1
            body = text[start:i - 1]
            tail = re.match(r"\s*(\w+)\s*;", text[i:])
            if m.group(1) and tail:
                key = tail.group(1)
            elif m.group(2):
                key = f"struct {m.group(2)}"
            else:
                continue
            fields: list[str] = []
            for nested in re.finditer(r"struct\s*\{(.*?)\}\s*(\w+)\s*;", body, re.S):
                fields += [f"{nested.group(2)}.{f}" for f in _fields(nested.group(1))]
            body = re.sub(r"struct\s*\{.*?\}\s*\w+\s*;", "", body, flags=re.S)
            out[key] = fields + _fields(body)
    return out


def _fields(body: str) -> list[str]:
    names = []
    for decl in body.split(";"):
        decl = decl.strip()
        if not decl:
            continue
        fp = re.search(r"\(\s*\*\s*(\w+)\s*\)\s*\(", decl)
        if fp:
            names.append(fp.group(1))
            continue
        first, *rest = decl.split(",")
        names.append(re.search(r"(\w+)\s*(\[[^\]]*\])?\s*$", first).group(1))
        names += [re.search(r"(\w+)\s*$", r.strip()).group(1) for r in rest]
    return names


def _compile(tmp_path: Path, source: str, include: Path) -> subprocess.CompletedProcess:
    c = tmp_path / "probe.c"
    c.write_text(source)
    return subprocess.run(["gcc", "-DLINUX", "-I", str(include), "-o",
                           str(tmp_path / "probe"), str(c)],
                          capture_output=True, text=True)


@needs_gcc
@needs_real
def test_struct_fields_exist_in_proftpd(tmp_path):
    fields = struct_fields()
    assert {"struct module_struc", "cmd_rec", "session_t", "server_rec",
            "struct config_struc"} <= set(fields)
    body = "".join(f"  (void) offsetof({t}, {f});\n"
                   for t, fs in fields.items() for f in fs)
    src = f'#include "conf.h"\n#include <stddef.h>\nint main(void) {{\n{body}  return 0;\n}}\n'
    for include in (SDK, REAL):
        res = _compile(tmp_path, src, include)
        assert res.returncode == 0, f"{include}:\n{res.stderr}"


@needs_gcc
@needs_real
def test_constants_have_proftpd_values(tmp_path):
    consts = []
    for text in sdk_text().values():
        for m in re.finditer(r"^#\s*define\s+(\w+)\s+(\"[^\"]*\"|\(?[-\w|<() ]+\)?)\s*$",
                             text, re.M):
            name, value = m.groups()
            if name.endswith("_H") or value in ("NULL",) or "(" in name:
                continue
            consts.append((name, value.startswith('"')))
    assert len(consts) > 100
    lines = "".join(
        f'  printf("%s=%s\\n", "{n}", {n});\n' if is_str else
        f'  printf("%s=%lld\\n", "{n}", (long long) ({n}));\n'
        for n, is_str in consts
        if n not in ("PR_TUNABLE_PATH_MAX", "RETSIGTYPE", "TRUE", "FALSE"))
    src = f'#include "conf.h"\nint main(void) {{\n{lines}  return 0;\n}}\n'
    outputs = []
    for include in (SDK, REAL):
        res = _compile(tmp_path, src, include)
        assert res.returncode == 0, f"{include}:\n{res.stderr}"
        outputs.append(subprocess.run([str(tmp_path / "probe")], capture_output=True,
                                      text=True, check=True).stdout.splitlines())
    assert outputs[0] == outputs[1]


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
