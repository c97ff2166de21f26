"""Companion modules (issue 12, item 4): a module that calls functions of a
parent module loaded before it, as mod_quotatab_file calls mod_quotatab.

mod_dso loads modules with RTLD_GLOBAL, so the child's references resolve
against the parent; the check before install must see that, name the
provider, and print the LoadModule lines parents first."""

import json
import os
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from prxs.cli import main

from ..conftest import PACKAGES, needs_proftpd
from .realserver import run_dir  # noqa: F401  (fixture)

COMPANION = PACKAGES / "companion"
QUOTATAB = Path("/usr/lib/proftpd/mod_quotatab.so")


@pytest.fixture
def pkg(tmp_path, monkeypatch) -> Path:
    d = tmp_path / "pkg"
    shutil.copytree(COMPANION, d)
    monkeypatch.chdir(d)
    return d


@pytest.fixture
def lib(tmp_path) -> Path:
    d = tmp_path / "libexec"
    d.mkdir()
    return d


def load_lines(out: str) -> list[str]:
    return [ln.strip() for ln in out.splitlines() if ln.strip().startswith("LoadModule ")]


def test_child_alone_is_refused_naming_the_parent_symbols(pkg, lib, capsys):
    assert main(["-c", "-i", "--libexecdir", str(lib), "mod_child.c"]) == 1
    err = capsys.readouterr().err
    assert "would not load" in err
    assert "parent_register" in err and "parent_count" in err
    assert "--requires" in err                      # says what to do
    assert not (pkg / ".libs" / "mod_child.so").exists()
    assert os.listdir(lib) == []


def test_requires_a_parent_built_beside_it(pkg, lib, capsys):
    assert main(["-c", "mod_parent.c"]) == 0
    capsys.readouterr()
    assert main(["-c", "-i", "-v", "--requires", "mod_parent.c", "--libexecdir", str(lib),
                 "mod_child.c"]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert load_lines(out) == ["LoadModule mod_parent.c", "LoadModule mod_child.c"]
    parent_so = str(pkg / ".libs" / "mod_parent.so")
    assert f"parent_register: provided by mod_parent.c ({parent_so})" in out
    assert sorted(os.listdir(lib)) == ["mod_child.la", "mod_child.so"]


def test_json_names_the_provider_of_each_symbol(pkg, lib, capsys):
    assert main(["-c", "mod_parent.c"]) == 0
    capsys.readouterr()
    assert main(["-c", "-i", "--json", "--requires", "mod_parent", "--libexecdir",
                 str(lib), "mod_child.c"]) == 0
    res = json.loads(capsys.readouterr().out)
    check = res["build"]["check"]
    parent_so = str(pkg / ".libs" / "mod_parent.so")
    assert check["provided_by"] == {
        "parent_count": {"module": "mod_parent.c", "path": parent_so},
        "parent_register": {"module": "mod_parent.c", "path": parent_so}}
    assert check["missing_symbols"] == []
    assert res["install"]["load_order"] == ["mod_parent.c", "mod_child.c"]


def test_a_parent_installed_in_the_libexecdir_is_found(pkg, lib, capsys):
    assert main(["-c", "-i", "--libexecdir", str(lib), "mod_parent.c"]) == 0
    shutil.rmtree(pkg / ".libs")                    # only the installed copy remains
    os.unlink(pkg / "mod_parent.la")
    capsys.readouterr()
    assert main(["-c", "--libexecdir", str(lib), "mod_child.c"]) == 0, \
        capsys.readouterr().err
    # -i alone checks again, and its hint knows the order.
    assert main(["-i", "--libexecdir", str(lib), "mod_child.c"]) == 0
    assert load_lines(capsys.readouterr().out) == ["LoadModule mod_parent.c",
                                                   "LoadModule mod_child.c"]


def test_a_parent_staged_under_destdir_is_found(pkg, tmp_path, capsys):
    stage = tmp_path / "stage"
    final = str(tmp_path / "final" / "modules")
    args = ["--destdir", str(stage), "--libexecdir", final]
    assert main(["-c", "-i", *args, "mod_parent.c"]) == 0
    assert main(["-c", "-i", *args, "mod_child.c"]) == 0, capsys.readouterr().err
    assert load_lines(capsys.readouterr().out)[-2:] == ["LoadModule mod_parent.c",
                                                        "LoadModule mod_child.c"]


@pytest.mark.parametrize("form", ["so", "la", "c-path"])
def test_requires_accepts_a_path(pkg, tmp_path, lib, capsys, form):
    other = tmp_path / "parentdir"
    other.mkdir()
    for f in ("mod_parent.c", "mod_parent.h"):
        shutil.move(str(pkg / f), other / f)
    os.chdir(other)
    assert main(["-c", "mod_parent.c"]) == 0
    os.chdir(pkg)
    (pkg / "mod_parent.h").write_text((other / "mod_parent.h").read_text())
    arg = {"so": other / ".libs" / "mod_parent.so", "la": other / "mod_parent.la",
           "c-path": other / "mod_parent.c"}[form]
    capsys.readouterr()
    assert main(["-c", "-i", "--requires", str(arg), "--libexecdir", str(lib),
                 "mod_child.c"]) == 0, capsys.readouterr().err
    assert load_lines(capsys.readouterr().out) == ["LoadModule mod_parent.c",
                                                   "LoadModule mod_child.c"]


def test_requires_a_module_that_is_nowhere_is_a_usage_error(pkg, lib, capsys):
    assert main(["-c", "--requires", "mod_nowhere.c", "--libexecdir", str(lib),
                 "mod_child.c"]) == 2
    err = capsys.readouterr().err
    assert "--requires mod_nowhere.c: no mod_nowhere.so in" in err and str(lib) in err
    assert "Traceback" not in err
    assert not (pkg / ".libs").exists()             # refused before building


def test_a_symbol_no_module_provides_is_still_refused(pkg, lib, capsys):
    assert main(["-c", "mod_parent.c"]) == 0
    (pkg / "mod_child.c").write_text((pkg / "mod_child.c").read_text().replace(
        "parent_count()", "parent_total()").replace(
        '#include "mod_parent.h"', '#include "mod_parent.h"\nint parent_total(void);'))
    capsys.readouterr()
    assert main(["-c", "--requires", "mod_parent.c", "--libexecdir", str(lib),
                 "mod_child.c"]) == 1
    err = capsys.readouterr().err
    assert "1 undefined symbol(s)" in err and "parent_total" in err
    assert "parent_register" not in err.split("would not load")[1].split("(")[0]


# --- the real thing: Debian's mod_quotatab and the real proftpd -t ------------

needs_quotatab = pytest.mark.skipif(not QUOTATAB.is_file(),
                                    reason=f"needs Debian's {QUOTATAB} (proftpd-core)")


@needs_proftpd
@needs_quotatab
def test_a_quotatab_companion_builds_and_loads_after_mod_quotatab(pkg, run_dir, capsys):
    mods = run_dir / "modules"
    mods.mkdir()
    assert main(["-c", "-i", "--target", "proftpd", "--libexecdir", str(mods),
                 "mod_qchild.c"]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert load_lines(out) == ["LoadModule mod_quotatab.c", "LoadModule mod_qchild.c"]
    # One ModulePath: Debian's parent beside the child, as a packager would.
    os.symlink(QUOTATAB, mods / "mod_quotatab.so")

    def proftpd_t(load: str) -> subprocess.CompletedProcess:
        conf = run_dir / "proftpd.conf"
        conf.write_text(textwrap.dedent(f"""\
            ServerName "prxs companion test"
            Port 0
            DefaultAddress 127.0.0.1
            ScoreboardFile {run_dir}/scoreboard
            PidFile {run_dir}/proftpd.pid
            ModulePath {mods}
            {load}
            QChildGreeting hello
            """))
        return subprocess.run(["proftpd", "-t", "-c", str(conf)], capture_output=True,
                              text=True, timeout=60)

    proc = proftpd_t("\n".join(load_lines(out)))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # The order matters: without the parent first the child does not load.
    proc = proftpd_t("LoadModule mod_qchild.c\nLoadModule mod_quotatab.c")
    assert proc.returncode != 0
    assert "mod_qchild.c" in proc.stdout + proc.stderr


def test_a_parent_of_a_parent_comes_first(tmp_path, monkeypatch, capsys):
    # mod_top calls mod_mid, which calls mod_base: load base, mid, then top,
    # whatever order --requires names them in.
    def module(name: str, body: str) -> None:
        short = name[4:]
        (tmp_path / f"{name}.c").write_text(
            '#include "conf.h"\n' + body +
            f'\nmodule {short}_module = {{ NULL, NULL, 0x20, "{short}", NULL, NULL, '
            'NULL, NULL, NULL, NULL };\n')
    module("mod_base", "int base_value(void) { return 1; }")
    module("mod_mid", "int base_value(void);\nint mid_value(void) { return base_value(); }")
    module("mod_top", "int mid_value(void);\nint top_value(void) { return mid_value(); }")
    monkeypatch.chdir(tmp_path)
    lib = tmp_path / "libexec"
    lib.mkdir()
    assert main(["-c", "mod_base.c"]) == 0
    assert main(["-c", "--requires", "mod_base.c", "mod_mid.c"]) == 0
    capsys.readouterr()
    assert main(["-c", "-i", "--libexecdir", str(lib), "--requires", "mod_mid.c",
                 "--requires", "mod_base.c", "mod_top.c"]) == 0, capsys.readouterr().err
    assert load_lines(capsys.readouterr().out) == [
        "LoadModule mod_base.c", "LoadModule mod_mid.c", "LoadModule mod_top.c"]
