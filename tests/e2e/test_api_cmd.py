"""ProFTPD's command, response, FEAT/HELP, regexp, stash, module-call and
timer APIs in the shim (issue 18, the cmd area), through a test module
(tests/e2e/api_modules/mod_apicmd.c) that shows what each call did in a
SITE reply.  Marked ``both_hosts``: with ``--prxs-host both`` (or
``proftpd``) the same assertions run on the real proftpd 1.3.8, which is
what proves the shim's semantics are the server's.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

needs_gcc = pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc")

HERE = Path(__file__).parent
SOURCES = [HERE / "api_modules" / "mod_apicmd.c"]

pytestmark = [pytest.mark.both_hosts, needs_gcc,
              pytest.mark.skipif(os.geteuid() != 0,
                                 reason="sessions switch to the test user (root)")]


@pytest.fixture
def api(shim_build_once, shim_host_factory, shim_user, prxs_host_kind):
    mods = shim_build_once(prxs_host_kind, SOURCES)
    user = shim_user()
    conf = (f"ServerName api\nModulePath {mods}\nLoadModule mod_apicmd.c\n"
            f"AuthUserFile {user['passwd_file']}\n")
    host = shim_host_factory(conf)
    return host


def site(s, *words: str):
    return s.command("SITE APICMD " + " ".join(words)).lines


def test_cmd_records(api):
    with api.session() as s:
        s.login("alice", "secret")
        assert site(s, "CMD") == (
            (200, "argc 2 argv0 XFOO errno 0->2 strcmp 0 0 0 1 id -1 tmp yes"),
            (200, "after clear errno 0"))


def test_feat_lists_registered_features_sorted_and_remove_works(api):
    with api.session() as s:
        feat = s.command("FEAT").lines
        names = [text.strip() for _, text in feat[1:-1]]
        assert feat[0] == (211, "Features:") and feat[-1] == (211, "End")
        assert "XAPI" in names and "REST STREAM" in names and "SIZE" in names
        assert names == sorted(names, key=str.lower)
        assert site(s, "FEAT") == (
            (200, "feats>0 1 have 1 init-dup EEXIST remove 0 -1/ENOENT"),)
        # Removed for the rest of the session.
        assert "XAPI" not in [t.strip() for _, t in s.command("FEAT").lines]


def test_help_lists_the_modules_commands_in_proftpd_format(api):
    with api.session() as s:
        lines = s.command("HELP").lines
        assert lines[0] == (214, "The following commands are recognized "
                                 "(* =>'s unimplemented):")
        table = [text for _, text in lines[1:-1]]
        # Eight commands to a line, each in a column of eight.
        assert table[0].startswith("CWD     XCWD    CDUP    XCUP    SMNT*   ")
        assert "XAPI    XNOP*   " in table[-1]
        assert lines[-1][1].startswith("Direct comments to ")
        assert s.command("HELP xapi").lines == ((214, "Syntax: XAPI <sp> anything"),)
        assert s.command("HELP BOGUS").lines == ((502, "Unknown command 'BOGUS'"),)
        assert s.command("HELP SITE").lines == ((214, "HELP"), (214, "CHGRP"),
                                                (214, "CHMOD"))


def test_regexp_pcre2_and_posix(api):
    with api.session() as s:
        s.login("alice", "secret")
        # PCRE2 syntax (\d) by default, as Debian's proftpd.
        assert site(s, "REGEX", r"^a(\d+)(x)?", "a123b") == (
            (200, "match [0,4] [1,4] [-1,-1]"),)
        assert site(s, "REGEX", "^b", "abc") == ((200, "no match -1, pattern ^b"),)
        assert site(s, "REGEX", "a(b", "x") == (
            (200, "compile -1: missing closing parenthesis"),)
        assert site(s, "POSIX", "^(a+)b$", "aab") == (
            (200, "match [0,3] [0,2] [-1,-1]"),)


def test_stash_finds_command_handlers_and_module_call(api):
    with api.session() as s:
        s.login("alice", "secret")
        assert site(s, "STASH", "PWD") == (
            (200, "PWD: 1 handler(s), first in mod_core, end ENOENT"),)
        assert site(s, "STASH", "XNOSUCH") == (
            (200, "XNOSUCH: 0 handler(s), first in mod_-, end ENOENT"),)
        assert site(s, "CALL") == ((200, "called with 3 args, tmp_pool set"),)


def test_dispatch_phase_and_response_lists(api):
    with api.session() as s:
        s.login("alice", "secret")
        assert site(s, "DISPATCH", "NOOP") == (
            (200, "NOOP command successful"), (200, "dispatched NOOP: 1"))
        assert site(s, "BLOCK") == ((200, "only this, block(2)=-1"),)


def _wait_fired(s, want: int, limit: float = 15.0) -> tuple:
    deadline = time.monotonic() + limit
    while True:
        reply = site(s, "FIRED")
        if reply[0][1].startswith(f"fired {want} ") or time.monotonic() > deadline:
            return reply
        time.sleep(0.3)


def test_timer_fires_in_the_session_once_and_is_gone(api):
    with api.session() as s:
        s.login("alice", "secret")
        assert site(s, "TIMER", "1", "0") == (
            (200, "timer 4711 dup -1/EPERM bad -1"),)
        assert _wait_fired(s, 1) == ((200, "fired 1 (timer 4711)"),)
        time.sleep(2.5)
        assert site(s, "FIRED") == ((200, "fired 1 (timer 4711)"),)
        # Returning 0 ended it: nothing left to remove.
        assert site(s, "UNTIMER") == ((200, "removed -1 again -1/ENOENT reset 0"),)


def test_timer_restarts_while_its_callback_says_so_until_removed(api):
    with api.session() as s:
        s.login("alice", "secret")
        assert site(s, "TIMER", "1", "1")[0][1].startswith("timer 4711 ")
        assert _wait_fired(s, 2) == ((200, "fired 2 (timer 4711)"),)
        assert site(s, "UNTIMER") == ((200, "removed 4711 again -1/ENOENT reset 0"),)
        assert site(s, "DYNTIMER") == ((200, "dynamic 1 1 reset 1 removed-all 2"),)


def test_string_and_support_functions(api):
    with api.session() as s:
        s.login("alice", "secret")
        assert site(s, "STR") == (
            (200, 'words [one] [two "2"] [three] end'),
            (200, "tokens [a] [b] [] [c]"),
            (200, "replace a+b+c NULL/E2BIG strip [mid dle] end [line]"),
            (200, "hex 00ab7f 00AB7F nbytes 0 3072 0 2097152 -1"),
            (200, "fnmatch 0 1 0 1 version 1.3.8"),
            (200, "sorted 1 3 5 levels 0 1-7 0 2-9 -1"),
            (200, "millis ok scrubbed 1"))
