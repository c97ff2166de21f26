"""Reading a .pyx's handler declarations and writing the C glue: no Cython,
no compiler, exact results."""

from __future__ import annotations

import os
import textwrap

import pytest

from prxs.cython import python_link_info
from prxs.cython_glue import NO_GLUE_MARK, _c_string, render_glue, scan_module
from prxs.errors import EnvironmentProblem, UsageError

from ..conftest import ROOT


pytestmark = pytest.mark.cython


def pyx(tmp_path, body: str, name: str = "mod_t.pyx") -> str:
    p = tmp_path / name
    p.write_text(textwrap.dedent(body))
    return str(p)


def test_sample_module_declarations():
    decl = scan_module(str(ROOT / "sample_modules" / "mod_pyhello.pyx"))
    assert decl.version == "mod_pyhello/0.1"
    assert decl.glue
    assert [(h.kind, h.label, h.function) for h in decl.handlers] == [
        ("directive", "PyHelloFormat", "set_pyhelloformat"),
        ("directive", "PyHelloGreeting", "set_pyhellogreeting"),
        ("command", "SITE PYHELLO", "pyhello_site"),
        ("command", "SITE PYJSON", "pyjson_site"),
        ("command", "SITE PYBOOM", "pyboom_site"),
    ]
    fmt = decl.handlers[0]
    assert (fmt.args_min, fmt.args_max, fmt.context) == \
        (1, 1, "CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL")
    assert [h.kind_index for h in decl.handlers] == [0, 1, 0, 1, 2]
    assert decl.sess_init.function == "pyhello_sess_init"


def test_decorator_options_become_table_fields(tmp_path):
    decl = scan_module(pyx(tmp_path, """\
        cimport proftpd as pr
        from proftpd cimport *

        @directive("FooPairs", args=(1, 3),
                   context=pr.CONF_ROOT | CONF_ANON)
        def set_foo(cmd):
            pass

        @pr.command("stor", phase="post_err", auth=False, cmd_class=CL_WRITE|CL_MISC)
        def foo_stor(cmd):
            pass

        @pr.command("PWD")
        def foo_pwd(cmd):
            pass
    """))
    d, stor, pwd = decl.handlers
    assert (d.args_min, d.args_max, d.context, d.line) == (1, 3, "CONF_ROOT|CONF_ANON", 4)
    assert (stor.command, stor.phase, stor.auth, stor.cmd_class, stor.label) == \
        ("STOR", "POST_CMD_ERR", False, "CL_WRITE|CL_MISC", "STOR (post_err)")
    assert (pwd.phase, pwd.auth, pwd.cmd_class, pwd.site) == ("CMD", True, "CL_MISC", None)
    assert decl.version is None


def test_other_decorators_are_left_alone(tmp_path):
    decl = scan_module(pyx(tmp_path, """\
        import functools
        cimport proftpd as pr

        @functools.lru_cache(None)
        def helper(x):
            return x

        @pr.site_command("X")
        @functools.wraps(helper)
        def x_site(cmd):
            pass
    """))
    assert [h.function for h in decl.handlers] == ["x_site"]


@pytest.mark.parametrize("body, message", [
    ('@pr.directive(NAME)\ndef f(cmd): pass\n', "must be a literal"),
    ('@pr.directive("Foo", args=-1)\ndef f(cmd): pass\n', "args must be a count"),
    ('@pr.directive("Foo", contxt=1)\ndef f(cmd): pass\n', "has no option 'contxt'"),
    ('@pr.directive("Foo", context=CL_MISC)\ndef f(cmd): pass\n', "context must be"),
    ('@pr.command("SITE", phase="later")\ndef f(cmd): pass\n', "phase must be one of"),
    ('@pr.site_command("X")\ncdef f(cmd): pass\n', "plain 'def' function"),
    ('@pr.directive("Foo")\ndef f(cmd): pass\n@pr.directive("foo")\ndef g(cmd): pass\n',
     "4: foo is declared twice (also by f, line 2)"),
    ('@pr.session_init()\ndef f(): pass\n', "takes no arguments"),
    ('@pr.directive("Bad Name")\ndef f(cmd): pass\n', "bad directive name"),
])
def test_bad_declarations_are_usage_errors_with_file_and_line(tmp_path, body, message):
    path = pyx(tmp_path, "cimport proftpd as pr\n" + body)
    with pytest.raises(UsageError) as exc:
        scan_module(path)
    assert exc.value.exit_code == 2
    line = message.split(":")[0] if message[0].isdigit() else "2"
    assert exc.value.message.startswith(f"{path}:{line}: ")
    assert message.split(": ", 1)[-1] in exc.value.message


def test_no_glue_mark(tmp_path):
    decl = scan_module(pyx(tmp_path, NO_GLUE_MARK + "\ndef f(): pass\n"))
    assert not decl.glue and decl.handlers == []


def test_c_string_escapes_quotes_backslashes_trigraphs_and_utf8():
    assert _c_string('a"b\\c??=') == '"a\\042b\\134c\\077\\077="'
    assert _c_string("é") == '"\\303\\251"'


def test_glue_tables_follow_the_declarations():
    decl = scan_module(str(ROOT / "sample_modules" / "mod_pyhello.pyx"))
    text = render_glue(decl, "mod_pyhello", cython_version="3.x", python_version="3.y")
    assert "module pyhello_module = {" in text
    assert '#include "mod_pyhello.c"' in text          # the translation, same unit
    # conftable alphabetical, each entry pointing at its trampoline
    i = text.index("static conftable prxs_pyhello_conftab[] = {")
    assert text[i:].splitlines()[1:4] == [
        '  { "PyHelloFormat",\tprxs_pyhello_conf_0,\tNULL },',
        '  { "PyHelloGreeting",\tprxs_pyhello_conf_1,\tNULL },',
        "  { NULL }"]
    i = text.index("static cmdtable prxs_pyhello_cmdtab[] = {")
    assert text[i:].splitlines()[1] == \
        '  { CMD,\t"SITE",\tG_NONE,\tprxs_pyhello_cmd_0,\tTRUE,\tFALSE,\tCL_MISC },'
    assert 'strcasecmp((const char *) cmd->argv[1], "PYJSON") != 0' in text
    assert '#define MOD_PYHELLO_VERSION\t"mod_pyhello/0.1"' in text
    assert "Cython 3.x, Python 3.y" in text


def test_python_link_info_points_at_headers_and_libpython():
    info = python_link_info()
    assert os.path.isfile(os.path.join(info["include_dirs"][0], "Python.h"))
    assert info["lib"].startswith("-lpython3") or os.path.isfile(info["lib"])
    if info["rpath"]:
        assert info["rpath"] == info["lib_dir"]


def test_python_without_shared_library_is_an_environment_problem(monkeypatch, tmp_path):
    import sysconfig
    real = sysconfig.get_config_var

    def fake(name):
        return {"LIBDIR": str(tmp_path), "INSTSONAME": "libpython9.9.so.1.0",
                "MULTIARCH": None}.get(name, real(name))
    monkeypatch.setattr(sysconfig, "get_config_var", fake)
    with pytest.raises(EnvironmentProblem) as exc:
        python_link_info()
    assert exc.value.exit_code == 3
    assert "no shared libpython" in exc.value.message
    assert "--enable-shared" in exc.value.hint
