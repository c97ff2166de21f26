"""mod_dso in the shim host: every error case of the real server (ANCHORS.md),
with its message, its file and line, and proftpd -t's exit code.

Modules are built with the real build driver (``prxs -c``), except where prxs
rightly refuses (no module symbol) or a foreign/missing stamp is the point.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from prxs.shim import check_config
from prxs.shim.testing import build_with_gcc, build_with_prxs

from ..conftest import PACKAGES, SAMPLES

PKG = PACKAGES / "shim"

pytestmark = pytest.mark.skipif(shutil.which("gcc") is None,
                                reason="the shim tests need gcc")


@pytest.fixture(scope="module")
def mods(tmp_path_factory, prxs_cache) -> Path:
    """A build directory (ModulePath) with the test modules, built by prxs."""
    d = tmp_path_factory.mktemp("mods")
    env = {"PRXS_CACHE_DIR": str(prxs_cache)}
    for src in (SAMPLES / "mod_hello.c", PKG / "mod_oldapi.c",
                PKG / "mod_initfail.c", PKG / "mod_phases.c"):
        build_with_prxs(src, d, env=env)
    return d


def run_check(tmp_path: Path, text: str, name: str = "proftpd.conf"):
    conf = tmp_path / name
    conf.write_text(text)
    return conf, check_config(str(conf))


def fatal_lines(res) -> list[str]:
    return [ln for ln in res.log_lines() if ln.startswith("fatal:")]


def test_loadmodule_loads_hello_and_syntax_is_ok(tmp_path, mods):
    conf, res = run_check(tmp_path, f"ModulePath {mods}\nLoadModule mod_hello.c\n"
                          "HelloGreeting Howdy\n")
    assert res.exit_code == 0, res.log
    assert res.stdout.splitlines() == ["Checking syntax of configuration file",
                                       "Syntax OK"]


def test_loading_twice_is_not_fatal_and_init_runs_once(tmp_path, mods):
    conf, res = run_check(tmp_path, f"ModulePath {mods}\nLoadModule mod_phases.c\n"
                          "LoadModule mod_phases.c\n")
    assert res.exit_code == 0, res.log
    assert "mod_dso/0.5: module 'mod_phases.c' already loaded" in res.log_lines()
    assert res.log_lines().count("mod_phases/0.1: init") == 1


def test_static_module_wins_over_loadmodule_of_same_name(tmp_path, mods):
    conf, res = run_check(tmp_path, f"ModulePath {mods}\nLoadModule mod_site.c\n")
    assert res.exit_code == 0, res.log
    assert "mod_dso/0.5: module 'mod_site.c' already loaded" in res.log_lines()


def test_missing_module_names_the_la_it_looked_for(tmp_path, mods):
    conf, res = run_check(tmp_path, f"ModulePath {mods}\nLoadModule mod_missing.c\n")
    assert res.exit_code == 1
    assert (f"mod_dso/0.5: unable to load 'mod_missing.c'; check to see if "
            f"'{mods}/mod_missing.la' exists") in res.log_lines()
    assert fatal_lines(res) == [
        "fatal: LoadModule: error loading module 'mod_missing.c': No such file "
        f"or directory on line 2 of '{conf}'"]


def test_missing_module_symbol_is_reported_as_such_not_as_missing_file(tmp_path):
    d = tmp_path / "m"
    so = build_with_gcc(PKG / "mod_nosym.c", d)
    conf, res = run_check(tmp_path, f"ModulePath {d}\nLoadModule mod_nosym.c\n")
    assert res.exit_code == 1
    [fatal] = fatal_lines(res)
    assert fatal == (
        f"fatal: LoadModule: error loading module 'mod_nosym.c': '{so}' defines "
        "no symbol 'nosym_module' (a module file mod_nosym.so must define "
        f"'module nosym_module') on line 2 of '{conf}'")
    assert "No such file" not in fatal


def test_wrong_api_version_is_refused(tmp_path, mods):
    conf, res = run_check(tmp_path, f"ModulePath {mods}\nLoadModule mod_oldapi.c\n")
    assert res.exit_code == 1
    assert ("mod_dso/0.5: module 'mod_oldapi.c' has wrong API version (0x10), "
            "must be 0x20" in res.log_lines())
    assert fatal_lines(res) == [
        "fatal: LoadModule: error loading module 'mod_oldapi.c': Permission "
        f"denied on line 2 of '{conf}'"]


@pytest.mark.parametrize("name", ["hello.c", "mod_hello", "mod_hello.so",
                                  "mod_.c"])
def test_bad_module_name_is_invalid_argument(tmp_path, mods, name):
    conf, res = run_check(tmp_path, f"ModulePath {mods}\nLoadModule {name}\n")
    assert res.exit_code == 1
    assert fatal_lines(res) == [
        f"fatal: LoadModule: error loading module '{name}': Invalid argument "
        f"on line 2 of '{conf}'"]


def test_missing_module_path_is_fatal(tmp_path):
    missing = tmp_path / "nowhere"
    conf, res = run_check(tmp_path, f"ServerName x\nModulePath {missing}\n")
    assert res.exit_code == 1
    assert fatal_lines(res) == [
        f"fatal: ModulePath: error checking '{missing}': No such file or "
        f"directory on line 2 of '{conf}'"]


def test_world_writable_module_path_is_fatal(tmp_path):
    ww = tmp_path / "ww"
    ww.mkdir()
    os.chmod(ww, 0o777)
    conf, res = run_check(tmp_path, f"ModulePath {ww}\n")
    assert res.exit_code == 1
    assert fatal_lines(res) == [
        f"fatal: ModulePath: {ww} is world-writable on line 1 of '{conf}'"]


def test_relative_module_path_is_fatal(tmp_path):
    conf, res = run_check(tmp_path, "ModulePath modules\n")
    assert res.exit_code == 1
    assert fatal_lines(res) == [
        "fatal: ModulePath: must be an absolute path (not 'modules') on line 1 "
        f"of '{conf}'"]


def test_directive_of_unloaded_module_is_unknown(tmp_path):
    conf, res = run_check(tmp_path, "ServerName x\nHelloGreeting Hi\n")
    assert res.exit_code == 1
    assert fatal_lines(res) == [
        "fatal: unknown configuration directive 'HelloGreeting' on line 2 of "
        f"'{conf}'"]


def test_module_whose_init_fails_is_refused(tmp_path, mods):
    conf, res = run_check(tmp_path, f"ModulePath {mods}\nLoadModule mod_initfail.c\n")
    assert res.exit_code == 1
    assert ("mod_dso/0.5: module 'mod_initfail.c' failed to initialize (its "
            "init() returned an error)") in res.log_lines()
    assert fatal_lines(res) == [
        "fatal: LoadModule: error loading module 'mod_initfail.c': Operation "
        f"not permitted on line 2 of '{conf}'"]


def test_directive_handler_error_names_file_and_line(tmp_path, mods):
    conf, res = run_check(tmp_path, f"ModulePath {mods}\nLoadModule mod_hello.c\n"
                          "\n# comment\nHelloGreeting \"\"\n")
    assert res.exit_code == 1
    assert fatal_lines(res) == [
        "fatal: HelloGreeting: greeting must not be empty on line 5 of "
        f"'{conf}'"]


def test_directive_in_wrong_context_is_refused(tmp_path, mods):
    conf, res = run_check(tmp_path, f"ModulePath {mods}\nLoadModule mod_hello.c\n"
                          "<Directory /tmp>\n  HelloGreeting Hi\n</Directory>\n")
    assert res.exit_code == 1
    assert fatal_lines(res) == [
        "fatal: HelloGreeting: directive not allowed in <Directory> context on "
        f"line 4 of '{conf}'"]


def test_ifmodule_and_negated_ifmodule(tmp_path, mods):
    conf, res = run_check(tmp_path, f"""ModulePath {mods}
<IfModule mod_hello.c>
  LoadModule mod_phases.c
</IfModule>
<IfModule !mod_hello.c>
  ServerName "before hello"
</IfModule>
LoadModule mod_hello.c
<IfModule mod_hello.c>
  HelloGreeting Hi
</IfModule>
<IfModule !mod_hello.c>
  Bogus directive never parsed
</IfModule>
""")
    assert res.exit_code == 0, res.log
    assert "mod_phases/0.1: init" not in res.log_lines()


def test_include_errors_name_the_included_file(tmp_path):
    inc = tmp_path / "extra.conf"
    inc.write_text("ServerName x\n\nNoSuchDirective on\n")
    conf, res = run_check(tmp_path, f"ServerName y\nInclude {inc}\n")
    assert res.exit_code == 1
    assert fatal_lines(res) == [
        f"fatal: unknown configuration directive 'NoSuchDirective' on line 3 "
        f"of '{inc}'"]


def test_include_of_missing_file_is_fatal(tmp_path):
    conf, res = run_check(tmp_path, "Include /nonexistent/x.conf\n")
    assert res.exit_code == 1
    assert fatal_lines(res) == [
        "fatal: Include: error including '/nonexistent/x.conf': No such file or "
        f"directory on line 1 of '{conf}'"]


@pytest.mark.parametrize("text,message,line", [
    ("<Directory /x>\n<Limit STOR>\n DenyAll\n</Limit>\n", "unclosed <Directory> section (missing "
     "</Directory>)", 1),
    ("ServerName x\n</Limit>\n", "</Limit>: no matching <Limit> section is open",
     2),
    ("<Global>\n</Directory>\n", "</Directory>: does not close the open <Global> "
     "section (opened on line 1 of '{conf}')", 2),
    ('ServerName "unterminated\n', 'unterminated quoted string (a " is missing)',
     1),
    ("<Global>\n<VirtualHost 10.0.0.1>\n", "<VirtualHost>: directive not allowed "
     "in <Global> context", 2),
])
def test_section_errors_name_file_and_line(tmp_path, text, message, line):
    conf, res = run_check(tmp_path, text)
    assert res.exit_code == 1
    assert fatal_lines(res) == [
        f"fatal: {message.format(conf=conf)} on line {line} of '{conf}'"]


def test_module_order_reorders_without_losing_modules(tmp_path, mods):
    conf, res = run_check(tmp_path, f"ModulePath {mods}\nLoadModule mod_hello.c\n"
                          "LoadModule mod_phases.c\n"
                          "ModuleOrder mod_core.c mod_phases.c mod_hello.c\n")
    assert res.exit_code == 0, res.log
    from prxs.shim import list_loaded_modules
    out = list_loaded_modules(str(conf)).stdout.splitlines()
    listed = out[out.index("Loaded Modules:") + 1:]
    names = [ln.split()[0] for ln in listed]
    assert sorted(names) == sorted(
        ["mod_core.c", "mod_xfer.c", "mod_rlimit.c", "mod_auth_unix.c",
         "mod_auth_file.c", "mod_auth.c", "mod_ls.c", "mod_log.c", "mod_site.c",
         "mod_delay.c", "mod_facts.c", "mod_dso.c", "mod_auth_pam.c", "mod_cap.c",
         "mod_ctrls.c", "mod_lang.c", "mod_hello.c", "mod_phases.c"])
    # First listed = highest priority = listed last in load order.
    assert names[-3:] == ["mod_hello.c", "mod_phases.c", "mod_core.c"]
    assert "ModuleOrder: module order is now:" in res.log_lines()


def test_module_order_naming_an_unloaded_module_is_fatal(tmp_path, mods):
    conf, res = run_check(tmp_path, "ModuleOrder mod_core.c mod_nothere.c\n")
    assert res.exit_code == 1
    assert fatal_lines(res) == [
        "fatal: ModuleOrder: no such module 'mod_nothere.c' loaded (LoadModule "
        f"it before ModuleOrder) on line 1 of '{conf}'"]


def test_module_order_naming_a_module_twice_is_fatal(tmp_path, mods):
    conf, res = run_check(tmp_path, "ModuleOrder mod_core.c mod_site.c mod_core.c\n")
    assert res.exit_code == 1
    assert fatal_lines(res) == [
        "fatal: ModuleOrder: duplicate module name 'mod_core.c' as parameters 1 "
        f"and 3 on line 1 of '{conf}'"]


def test_build_directory_loads_through_uninstalled_la(tmp_path, mods):
    conf, res = run_check(tmp_path, f"ModulePath {mods}\nLoadModule mod_hello.c\n")
    conf.write_text(f"ModulePath {mods}\nLoadModule mod_hello.c\n")
    res = check_config(str(conf), debug_level=2)
    assert (f"mod_dso/0.5: loaded module 'mod_hello.c' from "
            f"'{mods}/.libs/mod_hello.so'") in res.log_lines()


def test_installed_la_whose_libdir_is_elsewhere_wins(tmp_path, mods):
    mp, libdir = tmp_path / "mp", tmp_path / "libdir"
    mp.mkdir()
    libdir.mkdir()
    shutil.copyfile(mods / ".libs" / "mod_hello.so", libdir / "mod_hello.so")
    # The ModulePath copy is not even a shared object: it must not be used.
    (mp / "mod_hello.so").write_text("not a module\n")
    (mp / "mod_hello.la").write_text(
        "dlname='mod_hello.so'\nlibrary_names='mod_hello.so'\n"
        f"installed=yes\nshouldnotlink=yes\nlibdir='{libdir}'\n")
    conf = tmp_path / "c.conf"
    conf.write_text(f"ModulePath {mp}\nLoadModule mod_hello.c\n")
    res = check_config(str(conf), debug_level=2)
    assert res.exit_code == 0, res.log
    assert (f"mod_dso/0.5: loaded module 'mod_hello.c' from "
            f"'{libdir}/mod_hello.so'") in res.log_lines()


def test_la_without_dlname_is_explained(tmp_path):
    (tmp_path / "mod_bad.la").write_text("# no dlname here\n")
    conf, res = run_check(tmp_path, f"ModulePath {tmp_path}\nLoadModule mod_bad.c\n")
    assert res.exit_code == 1
    [fatal] = fatal_lines(res)
    assert "is not a usable libtool library descriptor" in fatal
    assert fatal.endswith(f"on line 2 of '{conf}'")


def test_declared_but_undefined_module_struct_is_explained(tmp_path):
    so = build_with_gcc(PKG / "mod_empty.c", tmp_path / "m")
    conf, res = run_check(tmp_path, f"ModulePath {so.parent}\nLoadModule mod_empty.c\n")
    assert res.exit_code == 1
    assert fatal_lines(res) == [
        f"fatal: LoadModule: error loading module 'mod_empty.c': '{so}' has an "
        "empty 'empty_module' (its name is NULL; it is declared but never "
        "initialized): define it as 'module empty_module = { NULL, NULL, 0x20, "
        f"\"empty\", ... }}' on line 2 of '{conf}'"]
