"""The configuration area of ProFTPD's API in the shim: the parser API
(pr_parser_*), how configuration lines are split, sections registered by
modules, the configuration tree (pr_config_*, fixup_dirs & co.),
expressions (pr_expr_*), trace channels (pr_trace_*, TraceLog) and
pr_version_get_str().

A test module (tests/packages/parse/mod_parsetest.c) calls the API and shows
the results through SITE commands; the tests are marked ``both_hosts``, so
``--prxs-host proftpd`` runs them on the real server and proves the shim
gives the same answers.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from prxs.shim.pytest_plugin import shim_host_factory, shim_user  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
PKG = ROOT / "tests" / "packages" / "parse"

pytestmark = [pytest.mark.both_hosts,
              pytest.mark.skipif(shutil.which("gcc") is None,
                                 reason="the shim tests need gcc")]


@pytest.fixture
def mods(shim_build_once, prxs_host_kind, prxs_cache) -> Path:
    return shim_build_once(prxs_host_kind, (PKG / "mod_parsetest.c",),
                           env={"PRXS_CACHE_DIR": str(prxs_cache)})


def start(shim_host_factory, shim_user, mods, body: str):
    user = shim_user("alice", "secret")
    conf = (f'ServerName "parse test"\nAuthUserFile {user["passwd_file"]}\n'
            f"ModulePath {mods}\nLoadModule mod_parsetest.c\n{body}")
    return shim_host_factory(conf), conf.count("\n")


def site(host, what: str) -> list[str]:
    with host.session() as s:
        assert s.login("alice", "secret").code == 230
        reply = s.command(f"SITE {what}")
    assert reply.code == 200, reply.lines
    return [text for _, text in reply.lines][:-1]


def test_config_lines_split_into_words_as_proftpd(shim_host_factory, shim_user,
                                                  mods):
    # Runs of blanks separate words; "" is an empty word; a backslash
    # escapes any character inside quotes; '#' inside a word is kept, a
    # word starting with '#' ends the line; %{env:...} is replaced.
    host, n = start(shim_host_factory, shim_user, mods,
                    'ParseEcho a  b   "c d"  "" "e\\"f" "g\\n" x#y   # a comment\n'
                    'ParseEcho "%{env:PRXS_NO_SUCH_VAR}x" \t y\n')
    assert site(host, "PARSEECHO")[:2] == [
        f'words=[ParseEcho][a][b][c d][][e"f][gn][x#y] arg=<a b c d  e"f gn x#y> '
        f"line={n - 1}",
        f"words=[ParseEcho][x][y] arg=<x y> line={n}"]


def test_continued_lines_join_directly_and_count_as_their_last_line(
        shim_host_factory, shim_user, mods):
    host, n = start(shim_host_factory, shim_user, mods,
                    "ParseEcho one\\\ntwo \\\n  three\n# ignored \\\nParseEcho four\n")
    assert site(host, "PARSEECHO")[:2] == [
        f"words=[ParseEcho][onetwo][three] arg=<onetwo three> line={n - 2}",
        f"words=[ParseEcho][four] arg=<four> line={n}"]


def test_a_section_handler_reads_its_own_lines(shim_host_factory, shim_user, mods):
    # As mod_ifversion: pr_parser_read_line() skips blanks and comments,
    # and the parser goes on after the lines the handler read.
    host, n = start(shim_host_factory, shim_user, mods,
                    "<ParseSkip>\n  Bogus directive never parsed\n\n  # comment\n"
                    "  Another one\n</ParseSkip>\nParseEcho after\n")
    assert site(host, "PARSEECHO") == [
        f"words=[ParseEcho][after] arg=<after> line={n}",
        f"skipped=2 from={n - 6} to={n - 1} last=<Another one>"]


def test_module_sections_open_a_context_and_empty_ones_vanish(
        shim_host_factory, shim_user, mods):
    # As mod_ifsession's <IfUser>: pr_parser_config_ctxt_open()/close();
    # directives and built-in sections inside land in the module's context.
    host, _ = start(shim_host_factory, shim_user, mods,
                    "<ParseBlock first>\n  ParseEcho inner\n  <Limit MKD>\n"
                    "    DenyAll\n  </Limit>\n</ParseBlock>\n"
                    "<ParseBlock empty>\n</ParseBlock>\n")
    lines = site(host, "PARSEBLOCK")
    head, _, inner = lines[0].partition(":")
    # (proftpd puts sections at the head of their set, the shim at the end)
    assert head == "block first type=root"
    assert sorted(inner.split()) == ["Limit(limit)", "ParseEcho"]
    assert lines[1:] == ["empty blocks removed=1"]


@pytest.mark.parametrize("text,words,arg", [
    ("<IfUser alice bob >", "[<IfUser>][alice][bob]", "alice bob"),
    ("<IfUser alice>", "[<IfUser>][alice]", "alice"),
    ("</IfUser>", "[</IfUser>]", ""),
    ('Foo "a b" # c', "[Foo][a b]", "a b"),
])
def test_parse_line_as_mod_ctrls_admin_uses_it(shim_host_factory, shim_user, mods,
                                               text, words, arg):
    host, _ = start(shim_host_factory, shim_user, mods, "")
    argc = words.count("[")
    assert site(host, f"PARSELINE {text}") == [
        "prepare=0 server=main config=none", "push=0",
        f"argc={argc} words={words} arg=<{arg}>",
        # a module's own pool: cleanup never refuses (proftpd's check is
        # for the configuration file's parse only)
        "cleanup=0 errno=-", "cleanup with two pushed=0 errno=-",
        "empty line: NULL errno=No such file or directory"]


@pytest.mark.parametrize("args,expected", [
    ("user or bob,alice", "user or [bob][alice] argc=2 -> 1"),
    ("user and !bob alice", "user and [!bob][alice] argc=2 -> 1"),
    ("user and bob,,alice", "user and [bob][alice] argc=2 -> 0"),
    ("user or !alice", "user or [!alice] argc=1 -> 0"),
    ("group or nogroup,!other", "group or [nogroup][!other] argc=2 -> 1"),
    ("group and nogroup", "group and [nogroup] argc=1 -> 0"),
    # no class: the first name decides an OR
    ("class or !x y", "class or [!x][y] argc=2 -> 1"),
    ("class or y !x", "class or [y][!x] argc=2 -> 0"),
    ("class and !x", "class and [!x] argc=1 -> 1"),
])
def test_expressions_over_the_session(shim_host_factory, shim_user, mods,
                                      args, expected):
    host, _ = start(shim_host_factory, shim_user, mods, "")
    assert site(host, f"PARSEEXPR {args}") == [expected]


def test_config_sets_ids_merge_down_dump_and_remove(shim_host_factory, shim_user,
                                                    mods):
    host, _ = start(shim_host_factory, shim_user, mods, "")
    assert site(host, "PARSECONFIG") == [
        "order: ParseB ParseA ParseA same-id=yes a=ok b=ok",
        # merged once, however often merge_down runs
        "merged into dir: ParseMerge ParseMulti",
        "dump <ParseB><ParseA><ParseA></srv/x>< ParseMerge>< ParseMulti>"
        "<ParseMerge><ParseMulti>",
        "removed=2 id-after=0 (No such file or directory) first=ParseB",
        "removed none=0"]


def test_trace_channels_write_the_tracelog(shim_host_factory, shim_user, mods,
                                           tmp_path):
    tmp_path.chmod(0o755)
    log = tmp_path / "trace.log"
    host, _ = start(shim_host_factory, shim_user, mods,
                    f"TraceLog {log}\nTrace parsetest:1-5\n")
    assert site(host, "PARSETRACE") == [
        "parse '5' = 0 min=1 max=5", "parse '0' = 0 min=0 max=0",
        "parse '2-7' = 0 min=2 max=7", "parse '7-2' = -1 min=-9 max=-9",
        "parse '-3' = -1 min=-9 max=-9", "parse 'x' = -1 min=-9 max=-9",
        "parse '3-' = -1 min=-9 max=-9", "parse '' = -1 min=-9 max=-9",
        "level parsetest=5 config=-1 table=yes", "set 4-2 = -1"]
    lines = [ln for ln in log.read_text().splitlines() if "<parsetest:" in ln]
    assert len(lines) == 1, log.read_text()
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \[\d+\] "
                        r"<parsetest:3>: message at level 3", lines[0])


def test_trace_without_tracelog_reports_no_levels(shim_host_factory, shim_user, mods):
    host, _ = start(shim_host_factory, shim_user, mods, "Trace parsetest:5\n")
    assert site(host, "PARSETRACE")[-2] == "level parsetest=-1 config=-1 table=yes"


def test_version_user_paths_and_login_limits(shim_host_factory, shim_user, mods):
    host, _ = start(shim_host_factory, shim_user, mods,
                    "<Limit LOGIN>\n  AllowUser alice\n</Limit>\n")
    assert site(host, "PARSEMISC") == [
        "version=1.3.8",
        "subst /home/%u -> /home/alice",
        "subst /x/%u[0]/%u[1]/%u -> /x/a/l/alice",
        "subst /x/%u[99] -> /x/%u[99]",
        "subst /x/%u[]/%u -> /x/alice[]/alice",
        "subst /none -> /none",
        "login_check_limits=1 found=1"]


def fatal(res) -> list[str]:
    return [ln for ln in res.log_lines() if ln.startswith("fatal:")]


def test_an_unknown_section_is_an_unknown_directive(prxs_config_check, mods):
    res = prxs_config_check(f"ModulePath {mods}\nLoadModule mod_parsetest.c\n"
                            "<NoSuchSection x>\n</NoSuchSection>\n")
    assert res.exit_code == 1
    assert fatal(res)[0].startswith(
        "fatal: unknown configuration directive '<NoSuchSection>' on line 3 of ")


def test_a_module_section_left_open_is_fatal(prxs_config_check, mods):
    res = prxs_config_check(f"ModulePath {mods}\nLoadModule mod_parsetest.c\n"
                            "<ParseBlock x>\n  ParseEcho y\n")
    assert res.exit_code == 1
    assert any(re.fullmatch(r"fatal: error processing configuration file '[^']+': "
                            r"unclosed configuration section", ln)
               for ln in fatal(res)), res.log


def test_an_error_in_a_continued_line_names_its_last_line(prxs_config_check, mods):
    res = prxs_config_check("ServerName a \\\n  b\nNoSuchDirective x \\\n  y\n")
    assert res.exit_code == 1
    assert fatal(res)[0].startswith(
        "fatal: unknown configuration directive 'NoSuchDirective' on line 4 of ")


def command_words(host, line: str) -> list[tuple[int, str]]:
    with host.session() as s:
        assert s.login("alice", "secret").code == 230
        return list(s.command(line).lines)


@pytest.mark.parametrize("line,expected", [
    # every blank of a SITE command counts: runs of spaces make empty words
    ("SITE PARSEEXPR user  or   bob    alice",
     (200, "user  [or][][][bob][][][][alice] argc=8 -> 1")),
    # quotes group words, a backslash escapes inside them, '#' is kept
    ('SITE PARSEEXPR user or "bob alice" x#y "a\\"b"',
     (200, 'user or [bob alice][][x#y][a"b] argc=4 -> 0')),
    # two spaces after SITE: the subcommand is an empty word
    ("SITE  PARSEEXPR user or bob", (500, "'SITE ' not understood")),
])
def test_ftp_command_words_as_proftpd_splits_them(shim_host_factory, shim_user,
                                                  mods, line, expected):
    host, _ = start(shim_host_factory, shim_user, mods, "")
    assert command_words(host, line)[0] == expected


def test_session_trace_settings_apply_in_the_session(shim_host_factory, shim_user,
                                                     mods, tmp_path):
    # "Trace session ..." is kept for the session (mod_core's sess_init):
    # the master's level is unset, the session's is 3.
    tmp_path.chmod(0o755)
    log = tmp_path / "trace.log"
    host, _ = start(shim_host_factory, shim_user, mods,
                    f"TraceLog {log}\nTrace session parsetest:1-3\n"
                    "TraceOptions -Timestamp\n")
    assert site(host, "PARSETRACE")[-2] == "level parsetest=3 config=-1 table=yes"
    lines = [ln for ln in log.read_text().splitlines() if "<parsetest:" in ln]
    assert len(lines) == 1 and re.fullmatch(
        r"\[\d+\] <parsetest:3>: message at level 3", lines[0]), lines
