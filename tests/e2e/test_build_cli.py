"""End to end: real gcc, real files, the CLI as users run it."""

import json
import os
import shutil
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from prxs.elf import read_elf
from prxs.la import parse_la

from ..conftest import PACKAGES, have_proftpd, needs_proftpd

BUILD_PKG = PACKAGES / "build"


@pytest.fixture
def prxs(prxs_main):
    """The CLI's logic, in-process (prxs.cli.main); the tests of what a shell
    sees, a real process's exit status and output, use ``prxs_process``."""
    return prxs_main

DLOPEN_SCRIPT = textwrap.dedent(r"""
    import ctypes, os, subprocess, sys, tempfile
    from prxs.elf import read_elf
    so, symbol = sys.argv[1], sys.argv[2]
    # Stand-ins for what the host provides, so a real dlopen can resolve the
    # module's data references (functions bind lazily and are never called).
    me = ctypes.CDLL(None)
    missing = sorted({s.name for s in read_elf(so).dynamic_symbols()
                      if not s.defined and s.bind == 1 and not hasattr(me, s.name)})
    if missing:
        d = tempfile.mkdtemp()
        with open(os.path.join(d, "stub.c"), "w") as f:
            for name in missing:
                f.write(f"char {name}[256];\n")
        subprocess.run(["gcc", "-shared", "-fPIC", "-o", os.path.join(d, "stub.so"),
                        os.path.join(d, "stub.c")], check=True)
        ctypes.CDLL(os.path.join(d, "stub.so"), mode=os.RTLD_GLOBAL | os.RTLD_NOW)
    lib = ctypes.CDLL(so, mode=os.RTLD_LAZY)
    class Module(ctypes.Structure):
        _fields_ = [("next", ctypes.c_void_p), ("prev", ctypes.c_void_p),
                    ("api_version", ctypes.c_int), ("name", ctypes.c_char_p)]
    mod = Module.in_dll(lib, symbol)
    print(hex(mod.api_version), mod.name.decode())
""")


def dlopen_module(so: Path, symbol: str) -> str:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    proc = subprocess.run([sys.executable, "-c", DLOPEN_SCRIPT, str(so), symbol],
                          capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def files_under(d: Path) -> set[str]:
    return {str(p.relative_to(d)) for p in d.rglob("*")}


# --- building ---------------------------------------------------------------

def test_compile_lays_out_a_libtool_build_directory(prxs, hello_dir):
    r = prxs("-c", "mod_hello.c", cwd=hello_dir)
    assert r.returncode == 0, r
    assert files_under(hello_dir) == {"mod_hello.c", "mod_hello.la", ".libs",
                                      ".libs/mod_hello.so", ".libs/mod_hello.o",
                                      ".libs/mod_hello.state"}
    la = parse_la((hello_dir / "mod_hello.la").read_text())
    assert la["dlname"] == "mod_hello.so" and la["installed"] == "no"
    assert la["old_library"] == ""


def test_built_module_dlopens_and_exports_its_struct(prxs, hello_dir):
    assert prxs("-c", "mod_hello.c", cwd=hello_dir).returncode == 0
    assert dlopen_module(hello_dir / ".libs/mod_hello.so", "hello_module") == "0x20 hello"


def test_module_carries_the_target_stamp_and_soname(prxs, hello_dir):
    assert prxs("-c", "--target", "sdk", "mod_hello.c", cwd=hello_dir).returncode == 0
    elf = read_elf(str(hello_dir / ".libs/mod_hello.so"))
    stamp = elf.section(".prxs_stamp").split(b"\0")[0].decode()
    assert stamp.startswith("prxs-stamp/1 abi=")
    assert " api=0x20 model=" in stamp and stamp.endswith(" target=sdk sdk=0.1")
    assert elf.dynamic_entries()[14] == ["mod_hello.so"]


def test_sources_elsewhere_build_into_the_current_directory(prxs, hello_dir, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    r = prxs("-c", str(hello_dir / "mod_hello.c"), cwd=out)
    assert r.returncode == 0, r
    assert (out / "mod_hello.la").exists() and (out / ".libs/mod_hello.so").exists()


def test_multi_file_module_objects_do_not_collide(prxs, tmp_path):
    d = tmp_path / "multi"
    shutil.copytree(BUILD_PKG / "multi", d)
    r = prxs("-c", "mod_multi.c", "sub/a.c", "other/a.c", cwd=d)
    assert r.returncode == 0, r
    assert (d / ".libs/sub/a.o").exists() and (d / ".libs/other/a.o").exists()
    names = {s.name for s in read_elf(str(d / ".libs/mod_multi.so")).dynamic_symbols()
             if s.defined}
    assert {"sub_a", "other_a", "multi_module"} <= names


def test_defines_with_spaces_survive_intact(prxs, tmp_path):
    d = tmp_path / "multi"
    shutil.copytree(BUILD_PKG / "multi", d)
    r = prxs("-c", "-D", 'MULTI_GREETING="good day to you"', "mod_multi.c", "sub/a.c",
             "other/a.c", cwd=d)
    assert r.returncode == 0, r
    assert b"good day to you" in (d / ".libs/mod_multi.so").read_bytes()


def test_w_flags_reach_compiler_and_linker(prxs, hello_dir):
    r = prxs("-c", "-v", "-Wc,-DFROM_W=1", "-Wl,-z,defs", "-Wextra", "mod_hello.c",
             cwd=hello_dir, env={})
    # -z defs makes unresolved host symbols a link error: proof the flag arrived.
    assert r.returncode == 1
    compile_line = next(l for l in r.stdout.splitlines() if " -c mod_hello.c" in l)
    assert "-DFROM_W=1" in compile_line and "-Wextra" in compile_line
    link_line = next(l for l in r.stdout.splitlines() if " -shared " in l)
    assert "-z" in link_line.split() and "defs" in link_line.split()


def test_libraries_hint_links_the_library(prxs, tmp_path):
    d = tmp_path / "cap"
    d.mkdir()
    shutil.copy(BUILD_PKG / "mod_cap_user.c", d)
    r = prxs("-c", "mod_cap_user.c", cwd=d)
    if r.returncode != 0 and "sys/capability.h" in r.stderr:
        pytest.skip("libcap headers missing (apt-get install libcap-dev)")
    assert r.returncode == 0, r
    needed = read_elf(str(d / ".libs/mod_cap_user.so")).dynamic_entries()[1]
    assert "libcap.so.2" in needed
    assert parse_la((d / "mod_cap_user.la").read_text())["dependency_libs"] == " -lcap"


def test_name_option_is_honoured(prxs, tmp_path):
    d = tmp_path / "n"
    d.mkdir()
    shutil.copy(BUILD_PKG / "helper_named.c", d)
    r = prxs("-c", "-n", "mod_renamed", "helper_named.c", cwd=d)
    assert r.returncode == 0, r
    assert (d / "mod_renamed.la").exists() and (d / ".libs/mod_renamed.so").exists()


def test_env_cflags_add_to_the_target_flags(prxs, hello_dir):
    r = prxs("-c", "-v", "mod_hello.c", cwd=hello_dir, env={"CFLAGS": "-DFROM_ENV='x y'"})
    assert r.returncode == 0, r
    line = next(l for l in r.stdout.splitlines() if " -c mod_hello.c" in l)
    assert "-O2" in line and "'-DFROM_ENV=x y'" in line


def test_cc_may_be_a_launcher(prxs, hello_dir, tmp_path):
    launcher = tmp_path / "launch"
    log = tmp_path / "launch.log"
    launcher.write_text(f'#!/bin/sh\necho "$@" >> {log}\nexec "$@"\n')
    launcher.chmod(0o755)
    r = prxs("-c", "mod_hello.c", cwd=hello_dir, env={"CC": f"{launcher} gcc"})
    assert r.returncode == 0, r
    assert "mod_hello.c" in log.read_text()


# --- install and clean ------------------------------------------------------

def test_install_into_libexecdir_is_complete_and_prints_the_hint(prxs, hello_dir, tmp_path):
    lib = tmp_path / "libexec"
    lib.mkdir()
    r = prxs("-c", "-i", "--libexecdir", str(lib), "mod_hello.c", cwd=hello_dir)
    assert r.returncode == 0, r
    so = lib / "mod_hello.so"
    assert stat.S_IMODE(so.stat().st_mode) == 0o755
    la = parse_la((lib / "mod_hello.la").read_text())
    assert la["installed"] == "yes" and la["libdir"] == str(lib)
    assert so.read_bytes() == (hello_dir / ".libs/mod_hello.so").read_bytes()
    assert "LoadModule mod_hello.c" in r.stdout
    assert not [p for p in os.listdir(lib) if p.startswith(".")]


def test_install_replaces_a_mapped_copy_by_rename(prxs, hello_dir, tmp_path):
    lib = tmp_path / "libexec"
    lib.mkdir()
    assert prxs("-c", "-i", "--libexecdir", str(lib), "mod_hello.c", cwd=hello_dir).returncode == 0
    before = (lib / "mod_hello.so").stat().st_ino
    with open(lib / "mod_hello.so", "rb") as held:
        assert prxs("-i", "--libexecdir", str(lib), "mod_hello.c", cwd=hello_dir).returncode == 0
        assert (lib / "mod_hello.so").stat().st_ino != before
        assert held.read(4) == b"\x7fELF"


@pytest.mark.parametrize("how", ["env", "option"])
def test_destdir_stages_under_the_final_path(prxs, hello_dir, tmp_path, how):
    stage = tmp_path / "stage"
    final = "/usr/lib/prxs-test-modules"
    args = ["-c", "-i", "--libexecdir", final, "mod_hello.c"]
    env = {}
    if how == "env":
        env["DESTDIR"] = str(stage)
    else:
        args.insert(0, f"--destdir={stage}")
    r = prxs(*args, cwd=hello_dir, env=env)
    assert r.returncode == 0, r
    staged = stage / final.lstrip("/")
    assert (staged / "mod_hello.so").exists()
    assert parse_la((staged / "mod_hello.la").read_text())["libdir"] == final
    assert not os.path.exists(final)


def test_missing_libexecdir_is_a_clear_error_unless_mkdir(prxs, hello_dir, tmp_path):
    lib = tmp_path / "nope" / "libexec"
    r = prxs("-c", "-i", "--libexecdir", str(lib), "mod_hello.c", cwd=hello_dir)
    assert r.returncode == 1
    assert "does not exist" in r.stderr and "--mkdir" in r.stderr
    r = prxs("-i", "--mkdir", "--libexecdir", str(lib), "mod_hello.c", cwd=hello_dir)
    assert r.returncode == 0, r
    assert (lib / "mod_hello.so").exists()


def test_all_in_one_compile_install_clean(prxs_process, hello_dir, tmp_path):
    lib = tmp_path / "libexec"
    lib.mkdir()
    (hello_dir / "notes.txt").write_text("keep me")
    r = prxs_process("-cid", "--libexecdir", str(lib), "mod_hello.c", cwd=hello_dir)
    assert r.returncode == 0, r
    assert (lib / "mod_hello.so").exists()
    assert files_under(hello_dir) == {"mod_hello.c", "notes.txt"}


def test_clean_removes_only_what_the_build_produced(prxs, tmp_path):
    d = tmp_path / "multi"
    shutil.copytree(BUILD_PKG / "multi", d)
    (d / ".libs").mkdir()
    (d / ".libs" / "mine.txt").write_text("not ours")
    before = files_under(d)
    assert prxs("-c", "mod_multi.c", "sub/a.c", "other/a.c", cwd=d).returncode == 0
    r = prxs("-d", "mod_multi.c", "sub/a.c", "other/a.c", cwd=d)
    assert r.returncode == 0, r
    assert files_under(d) == before


def test_uninstall_removes_exactly_what_was_installed(prxs, hello_dir, tmp_path):
    lib = tmp_path / "libexec"
    lib.mkdir()
    (lib / "mod_other.so").write_bytes(b"other")
    assert prxs("-c", "-i", "--libexecdir", str(lib), "mod_hello.c", cwd=hello_dir).returncode == 0
    r = prxs("--uninstall", "--libexecdir", str(lib), "mod_hello.c", cwd=hello_dir)
    assert r.returncode == 0, r
    assert sorted(os.listdir(lib)) == ["mod_other.so"]


# --- machine-readable output and planning ----------------------------------

def test_json_result_lists_target_commands_files_and_durations(prxs, hello_dir, tmp_path):
    lib = tmp_path / "libexec"
    lib.mkdir()
    r = prxs("-c", "-i", "--json", "--libexecdir", str(lib), "mod_hello.c", cwd=hello_dir)
    assert r.returncode == 0, r
    res = json.loads(r.stdout)
    assert res["ok"] is True and res["exit_code"] == 0
    # The default target: the installed ProFTPD when there is one.
    assert res["target"]["name"] == ("proftpd" if have_proftpd() else "sdk")
    assert res["target"]["chosen"].startswith("default: ")
    assert res["module"] == "mod_hello"
    steps = [c["step"] for c in res["commands"]]
    assert "compile" in steps and "link" in steps
    assert all(c["seconds"] >= 0 for c in res["commands"])
    assert res["build"]["so"].endswith(".libs/mod_hello.so")
    assert res["install"]["files"] == [str(lib / "mod_hello.so"), str(lib / "mod_hello.la")]


def test_json_failure_carries_the_error(prxs_process, tmp_path):
    d = tmp_path / "b"
    d.mkdir()
    shutil.copy(BUILD_PKG / "mod_broken.c", d)
    r = prxs_process("-c", "--json", "mod_broken.c", cwd=d)
    assert r.returncode == 1
    res = json.loads(r.stdout)
    assert res["ok"] is False and res["error"]["step"] == "compile"
    assert "this_is_not_c" in res["error"]["stderr"]
    assert [c["step"] for c in res["commands"]][-1] == "compile"
    assert res["commands"][-1]["returncode"] == 1


def test_dry_run_prints_the_plan_and_creates_nothing(prxs, hello_dir, tmp_path):
    lib = tmp_path / "libexec"
    lib.mkdir()
    r = prxs("-cid", "--dry-run", "--libexecdir", str(lib), "mod_hello.c", cwd=hello_dir)
    assert r.returncode == 0, r
    assert " -c mod_hello.c" in r.stdout and " -shared " in r.stdout
    assert "install" in r.stdout
    assert files_under(hello_dir) == {"mod_hello.c"}
    assert os.listdir(lib) == []


def test_query_prints_variables(prxs, tmp_path):
    r = prxs("-q", cwd=tmp_path)
    assert r.returncode == 0, r
    names = {l.split("=", 1)[0] for l in r.stdout.splitlines()}
    assert {"CC", "CFLAGS", "CPPFLAGS", "LDFLAGS", "INCLUDEDIR", "LIBEXECDIR",
            "API_VERSION", "TARGET", "VERSION"} <= names
    inc = prxs("-q", "INCLUDEDIR", cwd=tmp_path).stdout.strip()
    assert os.path.isfile(os.path.join(inc, "conf.h"))
    assert prxs("-q", "API_VERSION", cwd=tmp_path).stdout.strip() == "0x20"
    assert prxs("-q", "TARGET", cwd=tmp_path, env={"PRXS_TARGET": "sdk"}
                ).stdout.strip() == "sdk"


# --- bad input --------------------------------------------------------------

def test_no_action_is_a_usage_error(prxs_process, hello_dir):
    r = prxs_process("mod_hello.c", cwd=hello_dir)
    assert r.returncode == 2 and "no action requested" in r.stderr


def test_non_c_source_is_a_usage_error_naming_the_file(prxs, tmp_path):
    (tmp_path / "mod_x.cpp").write_text("")
    r = prxs("-c", "mod_x.cpp", cwd=tmp_path)
    assert r.returncode == 2 and "mod_x.cpp" in r.stderr


def test_missing_file_is_a_usage_error(prxs, tmp_path):
    r = prxs("-c", "mod_missing.c", cwd=tmp_path)
    assert r.returncode == 2 and "mod_missing.c: no such file" in r.stderr


def test_no_file_at_all_is_a_usage_error_not_mod_unknown(prxs, tmp_path):
    r = prxs("-c", cwd=tmp_path)
    assert r.returncode == 2
    assert not list(tmp_path.iterdir())


def test_compile_error_shows_diagnostics_and_leaves_nothing(prxs, tmp_path):
    d = tmp_path / "b"
    d.mkdir()
    shutil.copy(BUILD_PKG / "mod_broken.c", d)
    r = prxs("-c", "mod_broken.c", cwd=d)
    assert r.returncode == 1
    assert "this_is_not_c" in r.stderr and "error" in r.stderr
    assert "prxs: command: " in r.stderr
    leftovers = {p for p in files_under(d) if p not in ("mod_broken.c", ".libs")}
    assert leftovers == set()


def test_failed_rebuild_does_not_leave_the_old_module_to_install(prxs, hello_dir):
    assert prxs("-c", "mod_hello.c", cwd=hello_dir).returncode == 0
    (hello_dir / "mod_hello.c").write_text("#include \"conf.h\"\nsyntax error here\n")
    assert prxs("-c", "mod_hello.c", cwd=hello_dir).returncode == 1
    assert not (hello_dir / "mod_hello.la").exists()
    assert not (hello_dir / ".libs/mod_hello.so").exists()


def test_configure_beside_the_source_is_refused_with_an_override(prxs, hello_dir):
    (hello_dir / "configure").write_text("#!/bin/sh\n")
    r = prxs("-c", "mod_hello.c", cwd=hello_dir)
    assert r.returncode == 1 and "configure" in r.stderr and "--ignore-configure" in r.stderr
    assert prxs("-c", "--ignore-configure", "mod_hello.c", cwd=hello_dir).returncode == 0


@pytest.mark.parametrize("name", ["../x", "a b", "mod_a/b"])
def test_unsafe_names_exit_2(prxs, hello_dir, name):
    r = prxs("-c", "-n", name, "mod_hello.c", cwd=hello_dir)
    assert r.returncode == 2 and "unsafe module name" in r.stderr
    assert files_under(hello_dir) == {"mod_hello.c"}


def test_missing_compiler_is_an_environment_problem(prxs_process, hello_dir):
    r = prxs_process("-c", "--no-pch", "mod_hello.c", cwd=hello_dir,
                     env={"CC": "/nonexistent/cc"})
    assert r.returncode == 3 and "/nonexistent/cc" in r.stderr


def test_missing_module_symbol_is_named_and_nothing_installed(prxs, tmp_path):
    d = tmp_path / "n"
    d.mkdir()
    lib = tmp_path / "libexec"
    lib.mkdir()
    shutil.copy(BUILD_PKG / "mod_nosym.c", d)
    r = prxs("-c", "-i", "--libexecdir", str(lib), "mod_nosym.c", cwd=d)
    assert r.returncode == 1
    assert "'nosym_module'" in r.stderr
    assert os.listdir(lib) == []
    assert not (d / "mod_nosym.la").exists()


def test_undefined_symbol_is_named(prxs, tmp_path):
    d = tmp_path / "u"
    d.mkdir()
    shutil.copy(BUILD_PKG / "mod_undef.c", d)
    r = prxs("-c", "mod_undef.c", cwd=d)
    assert r.returncode == 1
    assert "pr_no_such_function" in r.stderr
    assert not (d / ".libs/mod_undef.so").exists()


def test_install_without_a_build_says_to_build_first(prxs, hello_dir, tmp_path):
    r = prxs("-i", "--libexecdir", str(tmp_path), "mod_hello.c", cwd=hello_dir)
    assert r.returncode == 1 and "prxs -c" in r.stderr


# --- an installed ProFTPD -----------------------------------------------------

@needs_proftpd
def test_proftpd_target_uses_its_headers_and_cppflags(prxs, hello_dir):
    r = prxs("-c", "-v", "--target", "proftpd", "mod_hello.c", cwd=hello_dir)
    assert r.returncode == 0, r
    line = next(l for l in r.stdout.splitlines() if " -c mod_hello.c" in l)
    assert "-I/usr/include/proftpd" in line
    assert "-D_FORTIFY_SOURCE=2" in line  # CPPFLAGS recorded by the build
    stamp = read_elf(str(hello_dir / ".libs/mod_hello.so")).section(".prxs_stamp")
    assert b"target=proftpd" in stamp and b"version=1.3.8" in stamp


@needs_proftpd
def test_real_proftpd_loads_the_module_from_a_temp_modulepath(prxs, hello_dir, tmp_path):
    lib = tmp_path / "modules"
    lib.mkdir()
    r = prxs("-c", "-i", "--target", "proftpd", "--libexecdir", str(lib), "mod_hello.c",
             cwd=hello_dir)
    assert r.returncode == 0, r
    conf = tmp_path / "proftpd.conf"
    conf.write_text(textwrap.dedent(f"""\
        ServerName "prxs test"
        Port 0
        DefaultAddress 127.0.0.1
        ScoreboardFile {tmp_path}/scoreboard
        PidFile {tmp_path}/proftpd.pid
        <IfModule mod_dso.c>
          ModulePath {lib}
          LoadModule mod_hello.c
        </IfModule>
        HelloGreeting "Good day"
        """))
    proc = subprocess.run(["proftpd", "-t", "-c", str(conf)], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # Without the module, its directive is unknown: the load really happened.
    conf.write_text(conf.read_text().replace("LoadModule mod_hello.c", ""))
    proc = subprocess.run(["proftpd", "-t", "-c", str(conf)], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode != 0 and "HelloGreeting" in proc.stdout + proc.stderr


@needs_proftpd
def test_real_proftpd_loads_from_the_build_directory(prxs, hello_dir, tmp_path):
    r = prxs("-c", "--target", "proftpd", "mod_hello.c", cwd=hello_dir)
    assert r.returncode == 0, r
    conf = tmp_path / "proftpd.conf"
    conf.write_text(textwrap.dedent(f"""\
        ServerName "prxs test"
        Port 0
        ScoreboardFile {tmp_path}/scoreboard
        PidFile {tmp_path}/proftpd.pid
        ModulePath {hello_dir}
        LoadModule mod_hello.c
        HelloGreeting "Good day"
        """))
    proc = subprocess.run(["proftpd", "-t", "-c", str(conf)], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_target_without_dso_support_exits_3(prxs, hello_dir, tmp_path):
    fake = tmp_path / "proftpd"
    fake.write_text(textwrap.dedent("""\
        #!/bin/sh
        case "$1" in
          -V) printf 'Compile-time Settings:\\n  Version: 1.3.8 (stable)\\n  Features:\\n    - DSO support\\n';;
          -l) printf 'Compiled-in modules:\\n  mod_core.c\\n';;
        esac
        """))
    fake.chmod(0o755)
    r = prxs("-c", "--target", str(fake), "mod_hello.c", cwd=hello_dir)
    assert r.returncode == 3
    assert "does not support shared modules" in r.stderr


def test_unknown_target_path_exits_3(prxs_process, hello_dir):
    r = prxs_process("-c", "--target", "/no/such/proftpd", "mod_hello.c", cwd=hello_dir)
    assert r.returncode == 3 and "/no/such/proftpd" in r.stderr


def test_json_usage_errors_are_json_too(prxs, tmp_path):
    r = prxs("--json", "-x", cwd=tmp_path)
    assert r.returncode == 2
    res = json.loads(r.stdout)
    assert res["ok"] is False and res["error"]["type"] == "UsageError"
    r = prxs("--json", "mod_x.c", cwd=tmp_path)
    assert r.returncode == 2 and json.loads(r.stdout)["error"]["exit_code"] == 2


def test_an_unusable_cache_only_costs_speed(prxs, hello_dir):
    r = prxs("-c", "-v", "mod_hello.c", cwd=hello_dir, env={"PRXS_CACHE_DIR": "/dev/null/x"})
    assert r.returncode == 0, r
    assert "cannot start the precompiled header build" in r.stdout
    assert (hello_dir / ".libs/mod_hello.so").exists()
    assert prxs("-d", "mod_hello.c", cwd=hello_dir).returncode == 0
    assert sorted(p.name for p in hello_dir.iterdir()) == ["mod_hello.c"]


def test_an_unwritable_build_directory_is_a_clear_error(prxs, hello_dir):
    (hello_dir / ".libs").write_text("not a directory")
    r = prxs("-c", "mod_hello.c", cwd=hello_dir)
    assert r.returncode == 1
    assert "cannot build mod_hello" in r.stderr and ".libs" in r.stderr
    assert "Traceback" not in r.stderr


def test_install_alone_checks_a_module_changed_since_its_build(prxs, hello_dir, tmp_path):
    lib = tmp_path / "libexec"
    lib.mkdir()
    assert prxs("-c", "mod_hello.c", cwd=hello_dir).returncode == 0
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(BUILD_PKG / "helper_named.c", other)
    assert prxs("-c", "-n", "mod_renamed", "helper_named.c", cwd=other).returncode == 0
    # Someone replaces the built module with one that lacks hello_module.
    shutil.copy(other / ".libs/mod_renamed.so", hello_dir / ".libs/mod_hello.so")
    r = prxs("-i", "--libexecdir", str(lib), "mod_hello.c", cwd=hello_dir)
    assert r.returncode == 1 and "'hello_module'" in r.stderr
    assert os.listdir(lib) == []
