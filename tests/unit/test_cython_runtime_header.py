"""The fixed run-time C of the Cython glue, prxs/sdk/cython/prxs_cython.h,
is plain C that compiles on its own without a warning, against the SDK
headers and against ProFTPD's installed ones; the template that uses it
holds only what depends on the module."""

from __future__ import annotations

import re
import shutil
import subprocess
import sysconfig
from pathlib import Path

import pytest

from prxs import sdk
from prxs.cython_glue import (GLUE_TEMPLATE, RUNTIME_HEADER, render_glue, runtime_include_dir,
                              scan_module)
from prxs.templating import template_dir

from ..conftest import SAMPLES

pytestmark = [pytest.mark.compile, pytest.mark.cython,
              pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc")]

HEADER = Path(runtime_include_dir()) / RUNTIME_HEADER
REAL = Path("/usr/include/proftpd")
# Every warning gcc has for C that is not a style choice; -fkeep-inline-functions
# emits each static inline function, so the optimiser's warnings see them too.
FLAGS = ["-std=c99", "-O2", "-Wall", "-Wextra", "-Werror", "-fkeep-inline-functions",
         "-DPR_SHARED_MODULE"]


def compile_alone(include: str, tmp_path: Path) -> str:
    src = tmp_path / "header_alone.c"
    src.write_text(f'#include "{RUNTIME_HEADER}"\n')
    obj = tmp_path / "header_alone.o"
    proc = subprocess.run(
        ["gcc", *FLAGS, "-c", "-o", str(obj), "-I", runtime_include_dir(), "-I", include,
         "-I", sysconfig.get_paths()["include"], str(src)],
        capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    nm = subprocess.run(["nm", str(obj)], capture_output=True, text=True, timeout=60)
    return nm.stdout


def test_the_header_compiles_alone_against_the_sdk(tmp_path):
    symbols = compile_alone(sdk.INCLUDE_DIR, tmp_path)
    # Local (static) functions only: nothing a module would export.
    assert re.search(r" t prxs_cy_init\b", symbols)
    assert not re.search(r" T prxs_cy_", symbols)


@pytest.mark.skipif(not (REAL / "conf.h").exists(),
                    reason="needs ProFTPD's headers (proftpd-dev)")
def test_the_header_compiles_alone_against_proftpd_headers(tmp_path):
    assert re.search(r" t prxs_cy_call\b", compile_alone(str(REAL), tmp_path))


def test_the_template_holds_only_tables_and_trampolines():
    text = (Path(template_dir()) / GLUE_TEMPLATE).read_text()
    assert len(text.splitlines()) <= 200
    # What the glue of a module defines: one trampoline per handler, the unload
    # listener, init and sess_init; the rest comes from the header.
    decl = scan_module(str(SAMPLES / "mod_pyhello.pyx"))
    glue = render_glue(decl, "mod_pyhello", cython_version="3.x", python_version="3.y")
    defined = re.findall(r"^(?:static |MODRET )[^=;(]*?\b(\w+)\([^;]*\) \{$", glue, re.M)
    assert defined == ["prxs_pyhello_conf_0", "prxs_pyhello_conf_1", "prxs_pyhello_cmd_0",
                       "prxs_pyhello_cmd_1", "prxs_pyhello_cmd_2", "prxs_pyhello_mod_unload_ev",
                       "prxs_pyhello_init",
                       "prxs_pyhello_sess_init"]
    assert f'#include "{RUNTIME_HEADER}"' in glue
