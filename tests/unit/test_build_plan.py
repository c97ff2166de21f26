"""The exact argv of each step, names, hints read from sources."""


import pytest

from prxs.build import (BuildSpec, compile_argv, first_directive_includes_conf_h,
                        link_argv, module_name, scan_libraries)
from prxs.errors import UsageError
from prxs.la import parse_la, render_la
from prxs.targets import Target, _env_tools, parse_proftpd_v


def make_target(**kw):
    base = dict(name="sdk", version="0.1", api_version=0x20, cc=["gcc"],
                cflags=["-O2"], cppflags=["-DX"], ldflags=["-Wl,-z,now"],
                includedir="/sdk/include", libexecdir="/usr/lib/proftpd",
                description="t", stamp="prxs-stamp/1 target=sdk", provider_files=[])
    base.update(kw)
    return Target(**base)


def test_compile_argv_is_pic_shared_module_with_user_flags_last(tmp_path):
    spec = BuildSpec("mod_foo", ["mod_foo.c"], str(tmp_path), defines=["-DK=a b"],
                     include_dirs=["/inc"], cflags=["-O0"])
    argv = compile_argv(spec, make_target(), "mod_foo.c", "out.o")
    assert argv == ["gcc", "-O2", "-fPIC", "-DPIC", "-DPR_SHARED_MODULE", "-DX",
                    "-DK=a b", "-I.", "-I/sdk/include", "-I/inc", "-O0", "-pipe",
                    f"-ffile-prefix-map={tmp_path}=.", "-c", "mod_foo.c", "-o", "out.o"]


def test_compile_argv_puts_header_cache_just_before_target_headers(tmp_path):
    spec = BuildSpec("mod_foo", ["mod_foo.c"], str(tmp_path))
    argv = compile_argv(spec, make_target(), "mod_foo.c", "o.o", pch_dir="/cache/pch")
    i = argv.index("-I/cache/pch")
    assert argv[i + 1:i + 3] == ["-Winvalid-pch", "-I/sdk/include"]


def test_launcher_cc_is_kept_as_a_prefix(tmp_path):
    spec = BuildSpec("mod_foo", ["mod_foo.c"], str(tmp_path))
    argv = compile_argv(spec, make_target(cc=["ccache", "gcc"]), "mod_foo.c", "o.o")
    assert argv[:2] == ["ccache", "gcc"]


def test_link_argv_is_shared_with_soname_and_libs_after_objects(tmp_path):
    spec = BuildSpec("mod_foo", ["mod_foo.c"], str(tmp_path), lib_dirs=["/opt/lib"],
                     ldflags=["--as-needed"])
    argv = link_argv(spec, make_target(), ["a.o", "b.o"], "out.so", ["-lcap"], "stamp.o")
    assert argv == ["gcc", "-shared", "-fPIC", "-DPIC", "a.o", "b.o", "stamp.o",
                    "-Wl,-z,now", "--as-needed", "-L/opt/lib",
                    "-Wl,-soname,mod_foo.so", "-o", "out.so", "-lcap"]


def test_object_names_never_collide(tmp_path):
    spec = BuildSpec("mod_foo", [], str(tmp_path))
    a = spec.object_path(str(tmp_path / "sub" / "a.c"))
    b = spec.object_path(str(tmp_path / "other" / "a.c"))
    c = spec.object_path("/elsewhere/x/a.c")
    d = spec.object_path("/elsewhere/y/a.c")
    assert len({a, b, c, d}) == 4
    assert a == str(tmp_path / ".libs" / "sub" / "a.o")
    assert all(p.startswith(str(tmp_path / ".libs")) for p in (a, b, c, d))


@pytest.mark.parametrize("sources,name,expected", [
    (["src/mod_foo.c", "helper.c"], None, "mod_foo"),
    (["helper.c", "mod_bar.c"], None, "mod_bar"),
    (["mod_foo.pyx"], None, "mod_foo"),
    (["mod_foo.la"], None, "mod_foo"),
    (["helper.c"], "mod_x", "mod_x"),
    (["helper.c"], "x", "mod_x"),
    (["helper.c"], "mod_x.c", "mod_x"),
])
def test_module_name(sources, name, expected):
    assert module_name(sources, name) == expected


@pytest.mark.parametrize("bad", ["../x", "a b", "mod_", "mod_x/y", "mod_é"])
def test_unsafe_names_are_refused(bad):
    with pytest.raises(UsageError) as info:
        module_name(["helper.c"], bad)
    assert info.value.exit_code == 2


def test_no_mod_file_and_no_name_is_an_error_not_mod_unknown():
    with pytest.raises(UsageError, match="cannot tell the module's name"):
        module_name(["helper.c"], None)


def test_libraries_hint(tmp_path):
    p = tmp_path / "m.c"
    p.write_text("/*\n * $Libraries: -lcap -lm$\n */\n")
    assert scan_libraries(str(p)) == ["-lcap", "-lm"]
    p.write_text("/* no hint */")
    assert scan_libraries(str(p)) == []


@pytest.mark.parametrize("text,expected", [
    ('/* banner */\n\n#include "conf.h"\n', True),
    ('// c++ comment\n#include <conf.h>\n', True),
    ('#  include "conf.h"\n', True),
    ('#include "other.h"\n#include "conf.h"\n', False),
    ('int x;\n#include "conf.h"\n', False),
    ('#define X 1\n#include "conf.h"\n', False),
])
def test_pch_only_when_conf_h_is_the_first_directive(tmp_path, text, expected):
    p = tmp_path / "m.c"
    p.write_text(text)
    assert first_directive_includes_conf_h(str(p)) is expected


def test_la_has_libtool_fields_and_round_trips():
    text = render_la("mod_foo", "/usr/lib/proftpd", installed=False,
                     dependency_libs=["-lcap"])
    f = parse_la(text)
    assert f["dlname"] == "mod_foo.so"
    assert f["library_names"] == "mod_foo.so mod_foo.so mod_foo.so"
    assert f["old_library"] == ""
    assert f["installed"] == "no"
    assert f["shouldnotlink"] == "yes"
    assert f["libdir"] == "/usr/lib/proftpd"
    assert f["dependency_libs"] == " -lcap"
    for key in ("inherited_linker_flags", "weak_library_names", "current", "age",
                "revision", "dlopen", "dlpreopen"):
        assert key in f


def test_env_flags_are_added_not_replacing():
    cc, cflags, cppflags, ldflags = _env_tools(
        ["gcc"], ["-O2"], ["-DA"], ["-Wl,-z,now"],
        {"CC": "ccache gcc", "CFLAGS": "-g -DQ='a b'", "CPPFLAGS": "-DB",
         "LDFLAGS": "-Wl,--as-needed"})
    assert cc == ["ccache", "gcc"]
    assert cflags == ["-O2", "-g", "-DQ=a b"]
    assert cppflags == ["-DA", "-DB"]
    assert ldflags == ["-Wl,-z,now", "-Wl,--as-needed"]


PROFTPD_V = """\
Compile-time Settings:
  Version: 1.3.8 (stable)
  Platform: LINUX [Linux 6.1 x86_64]
  Built With:
    configure  '--prefix=/usr' 'CFLAGS=-g -O2' 'LDFLAGS=-Wl,-z,relro -Wl,-z,now' 'CPPFLAGS=-Wdate-time -D_FORTIFY_SOURCE=2'

  CFLAGS: -g2 -O2 -Wall
  LDFLAGS: -Wl,-L$(top_srcdir)/lib -rdynamic

  Files:
    Header Directory:
      /usr/include/proftpd
    Shared Module Directory:
      /usr/lib/proftpd

  Features:
    + DSO support
"""


def test_proftpd_v_facts():
    f = parse_proftpd_v(PROFTPD_V)
    assert f["version"] == "1.3.8"
    assert f["platform"] == "LINUX"
    assert f["cflags"] == "-g2 -O2 -Wall"
    assert f["configure_cppflags"] == "-Wdate-time -D_FORTIFY_SOURCE=2"
    assert f["configure_ldflags"] == "-Wl,-z,relro -Wl,-z,now"
    assert f["includedir"] == "/usr/include/proftpd"
    assert f["libexecdir"] == "/usr/lib/proftpd"
    assert f["dso"] == "yes"


def test_proftpd_v_without_dso():
    assert parse_proftpd_v(PROFTPD_V.replace("+ DSO", "- DSO"))["dso"] == "no"


def test_header_cache_is_stale_once_any_header_it_read_changes(tmp_path):
    from prxs.cache import inputs_fresh as _deps_fresh
    from prxs.pch import write_deps as _write_deps
    h1 = tmp_path / "conf.h"
    h2 = tmp_path / "sub.h"
    h1.write_text("#include \"sub.h\"\n")
    h2.write_text("int x;\n")
    depfile = tmp_path / "x.d"
    depfile.write_text(f"conf.h.gch: {h1} \\\n {h2}\n")
    deps = tmp_path / "deps"
    _write_deps(str(depfile), str(deps))
    assert _deps_fresh(str(deps))
    h2.write_text("int x; int y;\n")
    assert not _deps_fresh(str(deps))
    _write_deps(str(depfile), str(deps))
    assert _deps_fresh(str(deps))
    h1.unlink()
    assert not _deps_fresh(str(deps))


def test_depfile_parsing_handles_continuations_and_escaped_spaces(tmp_path):
    from prxs.plan import parse_depfile
    d = tmp_path / "x.d"
    d.write_text("out.o: a.c /usr/include/x.h \\\n  /dir\\ with\\ space/y.h\n")
    assert parse_depfile(str(d)) == ["a.c", "/usr/include/x.h", "/dir with space/y.h"]


def test_libtool_style_link_flags_are_translated_for_gcc():
    from prxs.build import libtool_link_flags
    assert libtool_link_flags(["-rpath", "/opt/lib", "-module", "-avoid-version",
                               "-export-dynamic", "-R/x", "-z", "defs", "-lfoo"]) == [
        "-Wl,-rpath,/opt/lib", "-Wl,-rpath,/x", "-z", "defs", "-lfoo"]
