"""Option parsing: prxs-compatible flags, without the real prxs's defects."""

import pytest

from prxs.errors import UsageError
from prxs.options import parse


def test_bundled_short_actions_are_all_set():
    o = parse(["-cid", "mod_x.c"])
    assert o.actions == ["compile", "install", "clean"]
    assert o.files == ["mod_x.c"]


def test_options_may_follow_files():
    o = parse(["mod_x.c", "-c", "-I", "inc", "helper.c", "-i"])
    assert o.files == ["mod_x.c", "helper.c"]
    assert o.include_dirs == ["inc"]
    assert o.actions == ["compile", "install"]


def test_glued_and_spaced_defines_are_kept_whole():
    o = parse(["-c", "-DFOO", "-D", "BAR=1", "-D", "K=a b", "-DQ=x y", "mod_x.c"])
    assert o.defines == ["-DFOO", "-DBAR=1", "-DK=a b", "-DQ=x y"]


def test_define_without_name_is_a_usage_error():
    with pytest.raises(UsageError):
        parse(["-c", "-D", "=1", "mod_x.c"])


def test_name_is_honoured_short_long_and_glued():
    assert parse(["-n", "mod_y", "-c"]).name == "mod_y"
    assert parse(["--name", "mod_y"]).name == "mod_y"
    assert parse(["--name=mod_y"]).name == "mod_y"
    assert parse(["-cnmod_y"]).name == "mod_y"


def test_w_passes_compiler_and_linker_flags_like_apxs():
    o = parse(["-Wc,-O3,-g", "-W", "l,-Wl,-z,defs", "-Wextra", "-W", "error"])
    assert o.cflags == ["-O3", "-g", "-Wextra", "-Werror"]
    assert o.ldflags == ["-Wl", "-z", "defs"]


def test_w_linker_single_flag():
    assert parse(["-Wl,--as-needed"]).ldflags == ["--as-needed"]


def test_libraries_and_dirs_accumulate():
    o = parse(["-L", "/opt/lib", "-L/x", "-l", "cap", "-lm", "-l", "-lz"])
    assert o.lib_dirs == ["/opt/lib", "/x"]
    assert o.libs == ["cap", "m", "z"]


def test_query_alone_lists_everything_and_with_var_names_one():
    assert parse(["-q"]).query == ""
    assert parse(["-q", "CFLAGS"]).query == "CFLAGS"
    assert parse(["-qCC"]).query == "CC"
    assert parse(["--query=libexecdir"]).query == "LIBEXECDIR"


def test_query_does_not_swallow_a_file():
    o = parse(["-q", "mod_x.c"])
    assert o.query == "" and o.files == ["mod_x.c"]


def test_unknown_query_variable_is_a_usage_error():
    with pytest.raises(UsageError, match="unknown build variable"):
        parse(["-qNOPE"])


@pytest.mark.parametrize("argv,msg", [
    (["-x"], "unknown option '-x'"),
    (["-cz"], "unknown option '-z' in '-cz'"),
    (["--frobnicate"], "unknown option '--frobnicate'"),
    (["-n"], "option -n needs a value"),
    (["--target"], "option --target needs a value"),
    (["--json=1"], "takes no value"),
    (["-j", "0"], "positive number"),
    (["-I", ""], "non-empty"),
])
def test_bad_options_are_usage_errors(argv, msg):
    with pytest.raises(UsageError, match=msg) as info:
        parse(argv)
    assert info.value.exit_code == 2


def test_double_dash_ends_options():
    o = parse(["-c", "--", "-weird.c"])
    assert o.files == ["-weird.c"]


def test_beyond_prxs_flags():
    o = parse(["-c", "-v", "--dry-run", "--json", "--target", "proftpd",
               "--libexecdir", "/l", "--destdir=/d", "--no-pch", "-j2", "m.c"])
    assert (o.verbose, o.dry_run, o.json, o.no_pch) == (True, True, True, True)
    assert (o.target, o.libexecdir, o.destdir, o.jobs) == ("proftpd", "/l", "/d", 2)
