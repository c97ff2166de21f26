"""CLI defects found in the field (issue 12, items 5 and 7-11): each one runs
prxs.cli.main in-process with real gcc, in its own directory."""

import json
import os
import textwrap

import pytest

from prxs import __version__
from prxs.cli import main
from prxs.sdk import include_dir

from ..conftest import SAMPLES


@pytest.fixture
def in_hello(hello_dir, monkeypatch):
    monkeypatch.chdir(hello_dir)
    return hello_dir


def commands(out: str) -> list[list[str]]:
    return [c["argv"] for c in json.loads(out)["commands"]]


# --- 5: -I. before the target's headers ---------------------------------------

def test_headers_in_a_subdirectory_find_the_top_level_header(tmp_path, monkeypatch, capsys):
    # mod_proxy's layout: include/proxy/*.h include "mod_proxy.h" from the top.
    (tmp_path / "sub" / "include").mkdir(parents=True)
    (tmp_path / "mod_x.h").write_text("#define MOD_X_VERSION \"mod_x/0.1\"\n")
    (tmp_path / "sub" / "include" / "x.h").write_text(
        '#include "mod_x.h"\nstatic const char *x_version = MOD_X_VERSION;\n')
    (tmp_path / "mod_x.c").write_text(textwrap.dedent("""\
        #include "conf.h"
        #include "sub/include/x.h"
        module x_module = { NULL, NULL, 0x20, "x", NULL, NULL, NULL, NULL, NULL, NULL };
        const char *x_get_version(void) { return x_version; }
        """))
    monkeypatch.chdir(tmp_path)
    assert main(["-c", "--json", "--target", "sdk", "mod_x.c"]) == 0, capsys.readouterr().err
    compile_cmd = next(a for a in commands(capsys.readouterr().out) if "mod_x.c" in a)
    # As the real prxs orders it: -I. before the target's include dir.
    assert compile_cmd.index("-I.") < compile_cmd.index("-I" + include_dir())
    assert (tmp_path / ".libs" / "mod_x.so").is_file()


# --- 7: --libexecdir values that cannot be recorded --------------------------

@pytest.mark.parametrize("value", ["", "/tmp/a'b", "relative/dir", "/tmp/a\nb"])
def test_unusable_libexecdir_is_refused_before_building(in_hello, capsys, value):
    assert main(["-c", "-i", "--libexecdir", value, "mod_hello.c"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    error_lines = [ln for ln in err.splitlines() if ln.startswith("prxs: error:")]
    assert len(error_lines) == 1 and "--libexecdir" in error_lines[0]
    if value:
        assert repr(value) in error_lines[0]
    assert sorted(os.listdir(in_hello)) == ["mod_hello.c"]     # nothing built


def test_glued_libexecdir_is_checked_too(in_hello, capsys):
    assert main(["-c", "--libexecdir=", "mod_hello.c"]) == 2
    assert "--libexecdir" in capsys.readouterr().err
    assert sorted(os.listdir(in_hello)) == ["mod_hello.c"]


# --- 8: -q -------------------------------------------------------------------

def test_query_of_an_unknown_variable_names_the_valid_ones(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["-q", "BOGUS"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "BOGUS" in err and "CFLAGS" in err and "LIBEXECDIR" in err
    assert main(["--query", "BOGUS"]) == 2
    assert "BOGUS" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["-q", "-c"], ["-c", "-q", "CC"], ["-qCC", "-i"],
                                  ["-q", "-d"], ["-g", "mod_new", "-c"],
                                  ["-i", "-g", "mod_new"], ["-q", "--uninstall"]])
def test_query_or_generate_with_an_action_is_a_usage_error(in_hello, capsys, argv):
    assert main(argv + ["mod_hello.c"]) == 2
    err = capsys.readouterr().err
    assert "cannot be combined" in err and "Traceback" not in err
    assert sorted(os.listdir(in_hello)) == ["mod_hello.c"]     # nothing built or made


def test_query_with_a_file_is_a_usage_error(in_hello, capsys):
    assert main(["-q", "mod_hello.c"]) == 2
    assert "mod_hello.c" in capsys.readouterr().err


def test_query_of_a_known_variable_works_in_any_case(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["-q", "api_version"]) == 0
    assert capsys.readouterr().out.strip() == "0x20"


# --- 9: odd file names ---------------------------------------------------------

def test_a_source_named_like_an_option_reaches_gcc_as_a_path(tmp_path, monkeypatch, capsys):
    src = (SAMPLES / "mod_hello.c").read_text()
    (tmp_path / "-mod_x.c").write_text(src.replace("hello_module", "x_module"))
    monkeypatch.chdir(tmp_path)
    assert main(["-c", "--json", "-n", "mod_x", "--", "-mod_x.c"]) == 0, \
        capsys.readouterr().err
    compile_cmd = next(a for a in commands(capsys.readouterr().out)
                       if "./-mod_x.c" in a)
    assert "./-mod_x.c" in compile_cmd and "-mod_x.c" not in compile_cmd
    assert (tmp_path / ".libs" / "mod_x.so").is_file()


def test_a_symlink_loop_is_reported_as_one(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    os.symlink("mod_loop.c", "mod_loop.c")
    assert main(["-c", "mod_loop.c"]) == 2
    err = capsys.readouterr().err
    assert "mod_loop.c: too many levels of symbolic links" in err
    assert "no such file" not in err


def test_a_dangling_symlink_is_not_called_missing(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    os.symlink("gone.c", "mod_gone.c")
    assert main(["-c", "mod_gone.c"]) == 2
    assert "mod_gone.c: a dangling symbolic link" in capsys.readouterr().err


def test_a_la_that_is_not_utf8_is_reported_as_such(in_hello, tmp_path, capsys):
    lib = tmp_path / "lib"
    lib.mkdir()
    assert main(["-c", "mod_hello.c"]) == 0
    (in_hello / "mod_hello.la").write_bytes(b"dlname='mod_hello.so'\n\xff\xfe\n")
    capsys.readouterr()
    # Named on the command line: a usage error before anything runs.
    assert main(["-i", "--libexecdir", str(lib), "mod_hello.la"]) == 2
    err = capsys.readouterr().err
    assert "mod_hello.la: not UTF-8" in err and "does not exist" not in err
    # Found in the build directory by -i mod_hello.c: an install error.
    assert main(["-i", "--libexecdir", str(lib), "mod_hello.c"]) == 1
    err = capsys.readouterr().err
    assert "is not UTF-8" in err and "does not exist" not in err
    assert os.listdir(lib) == []


# --- 10: --dry-run on an up-to-date module ------------------------------------

def test_dry_run_of_an_up_to_date_module_says_so_and_shows_the_commands(in_hello, capsys):
    assert main(["-c", "mod_hello.c"]) == 0
    before = {p: os.stat(in_hello / ".libs" / p).st_mtime_ns
              for p in os.listdir(in_hello / ".libs")}
    capsys.readouterr()
    assert main(["-c", "--dry-run", "mod_hello.c"]) == 0
    out = capsys.readouterr().out
    assert "mod_hello is up to date" in out
    lines = out.splitlines()
    assert any(" -c mod_hello.c " in ln and "-o " in ln for ln in lines)
    assert any(" -shared " in ln and "mod_hello.so" in ln for ln in lines)
    after = {p: os.stat(in_hello / ".libs" / p).st_mtime_ns
             for p in os.listdir(in_hello / ".libs")}
    assert after == before                                  # nothing ran


# --- 11: help and --version ----------------------------------------------------

def test_help_lists_the_subcommands_and_version(capsys):
    assert main(["-h"]) == 0
    out = capsys.readouterr().out
    assert "prxs shim" in out and "prxs ctl" in out and "--version" in out
    assert "--requires" in out


def test_version_prints_the_version(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"prxs {__version__}"
