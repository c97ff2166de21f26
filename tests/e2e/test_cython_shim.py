"""Cython modules in the shim host: built by prxs from .pyx, loaded with
LoadModule next to C modules, through the same dlopen path.  The shim host
is a C program with no Python in it, so every test here also proves that the
module starts its own interpreter."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from prxs.shim import SessionClosed, ShimConfigError
from prxs.shim.pytest_plugin import shim_host_factory, shim_user  # noqa: F401

from ..conftest import PACKAGES, SAMPLES

PKG = PACKAGES / "cython"

pytestmark = [
    pytest.mark.both_hosts,
    pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc"),
    pytest.mark.root(reason="logging in switches to the session user: needs root"),
    pytest.mark.cython,
]
Cython = pytest.importorskip("Cython", reason="needs Cython 3 (pip install 'Cython>=3')")


@pytest.fixture
def mods(shim_build_once, prxs_host_kind, prxs_cache) -> Path:
    """The modules built for this run's host, once per host per test module."""
    return shim_build_once(prxs_host_kind, (
        SAMPLES / "mod_hello.c", SAMPLES / "mod_pyhello.pyx",
        PKG / "mod_cyreply.pyx", PKG / "mod_cyinitfail.pyx",
        PKG / "mod_cysessfail.pyx"), env={"PRXS_CACHE_DIR": str(prxs_cache)},
        name="cymods")


def config(mods: Path, user: dict, *extra: str) -> str:
    return "\n".join([f"ModulePath {mods}", "LoadModule mod_hello.c",
                      "LoadModule mod_pyhello.c", "HelloGreeting Hi",
                      "PyHelloGreeting Howdy",
                      'PyHelloFormat "{greeting}, {who}! (#{n})"',
                      f"AuthUserFile {user['passwd_file']}", *extra, ""])


@pytest.fixture
def host(shim_host_factory, shim_user, mods):
    user = shim_user("alice", "secret")
    return shim_host_factory(config(mods, user))


def login(host):
    s = host.session()
    assert s.login("alice", "secret").code == 230
    return s


def test_cython_module_loads_next_to_c_module_and_answers_its_command(
        host, prxs_host_kind):
    if prxs_host_kind == "shim":        # the shim's control channel
        assert host.modules()[-2:] == ["mod_hello.c", "mod_pyhello.c"]
    with login(host) as s:
        assert (s.command("SITE PYHELLO bob").code,
                s.command("SITE PYHELLO bob").text) == (200, "Howdy, bob! (#2)")
        assert s.command("SITE HELLO bob").text == "Hi, bob!"      # the C module
        reply = json.loads(s.command("SITE PYJSON a b").text)
        assert reply == {"arg": "PYJSON a b", "argv": ["SITE", "PYJSON", "a", "b"],
                         "greeting": "Howdy"}
        assert s.command("SITE PYHELLO b@d").lines == ((501, "not a name: 'b@d'"),)


def test_python_exception_in_handler_is_a_logged_550_and_session_survives(host):
    with login(host) as s:
        reply = s.command("SITE PYBOOM")
        assert reply.lines == ((550, "SITE PYBOOM: internal error in mod_pyhello/0.1 "
                                     "(see the server log)"),)
        assert s.command("SITE PYHELLO eve").text == "Howdy, eve! (#1)"
        assert s.command("NOOP").code == 200
    line = host.wait_for_log(r"SITE PYBOOM: KeyError")
    assert re.search(r"mod_pyhello/0\.1: SITE PYBOOM: KeyError: 'missing' "
                     r"\(mod_pyhello\.pyx:\d+\)$", line), line


def test_two_sessions_at_once_each_have_their_own_python_state(host):
    with login(host) as a, login(host) as b:
        assert a.command("SITE PYHELLO a").text == "Howdy, a! (#1)"
        assert a.command("SITE PYHELLO a").text == "Howdy, a! (#2)"
        assert b.command("SITE PYHELLO b").text == "Howdy, b! (#1)"
        assert a.command("SITE PYHELLO a").text == "Howdy, a! (#3)"
    ready = [ln for ln in host.log_lines() if re.match(r"mod_pyhello/0\.1: session \d+ ready", ln)]
    assert len(set(ready)) == 2


@pytest.mark.shim_only("unloads and restarts through the shim's control channel")
def test_unload_and_load_again_restarts_python(host):
    with login(host) as s:
        assert s.command("SITE PYHELLO x").code == 200
    assert host.unload_module("mod_pyhello.c") == "'mod_pyhello.c' unloaded"
    with login(host) as s:
        assert s.command("SITE PYHELLO x").code == 500
        assert s.command("SITE HELLO x").text == "Hi, x!"
    assert host.load_module("mod_pyhello.c") == "'mod_pyhello.c' loaded"
    with login(host) as s:
        # A fresh interpreter (the counter starts again); the configuration
        # records the directives stored stay with the server.
        assert s.command("SITE PYHELLO x").text == "Howdy, x! (#1)"
    host.restart()
    with login(host) as s:
        assert s.command("SITE PYHELLO x").text == "Howdy, x! (#1)"


@pytest.mark.shim_only("restarts through the shim's control channel")
def test_restart_runs_the_directive_handlers_again(host):
    for _ in range(3):
        host.restart()
    with login(host) as s:
        assert s.command("SITE PYHELLO y").text == "Howdy, y! (#1)"


def test_directive_value_error_is_a_config_error_with_the_line(shim_host_factory,
                                                               shim_user, mods):
    user = shim_user("alice", "secret")
    with pytest.raises(ShimConfigError) as exc:
        shim_host_factory(config(mods, user).replace("PyHelloGreeting Howdy",
                                                     'PyHelloGreeting " "'))
    assert "PyHelloGreeting: greeting must not be empty on line 5" in str(exc.value)


def test_directive_arity_is_checked_by_the_generated_glue(shim_host_factory,
                                                          shim_user, mods):
    user = shim_user("alice", "secret")
    with pytest.raises(ShimConfigError) as exc:
        shim_host_factory(config(mods, user).replace("PyHelloGreeting Howdy",
                                                     "PyHelloGreeting"))
    assert "PyHelloGreeting: missing parameters" in str(exc.value)


def test_module_whose_body_raises_is_refused_with_the_pyx_line(shim_host_factory, mods):
    with pytest.raises(ShimConfigError) as exc:
        shim_host_factory(f"ModulePath {mods}\nLoadModule mod_cyinitfail.c\n")
    assert "error loading module 'mod_cyinitfail.c'" in \
        str(exc.value) + exc.value.log
    assert re.search(r"mod_cyinitfail/0\.0: init: running mod_cyinitfail\.pyx: "
                     r"RuntimeError: cyinitfail refuses to start \(mod_cyinitfail\.pyx:12\)",
                     exc.value.log)


def test_every_reply_convention_of_a_command_handler(shim_host_factory, shim_user, mods):
    user = shim_user("alice", "secret")
    host = shim_host_factory(f"""ModulePath {mods}
LoadModule mod_cyreply.c
CyReplyPair alpha "beta gamma"
CyReplyFlag
AuthUserFile {user['passwd_file']}
""")
    with login(host) as s:
        assert s.command("SITE CYREPLY none").code == 500          # declined by all
        assert s.command("SITE CYREPLY true").lines == ((200, "added by reply()"),
                                                        (200, "second line"))
        assert s.command("SITE CYREPLY false").lines == ((550, "refused by reply_err()"),)
        assert s.command("SITE CYREPLY multi").text == "one\ntwo\nthree"
        assert s.command("SITE CYREPLY code").lines == ((250, "two-fifty"),)
        assert s.command("SITE CYREPLY err").lines == ((451, "try later"),)
        assert s.command("SITE CYREPLY badtype").code == 550
        assert s.command("SITE CYREPLY argc x y").text == "argc=5 arg=CYREPLY argc x y"
        assert s.command("SITE CYREPLY pair").text == "['alpha', 'beta gamma']"
        assert s.command("NOOP").code == 200
        assert s.command("NOOP").code == 200
    host.wait_for_log(r"^mod_cyreply: post NOOP #2$")
    assert any("SITE CYREPLY: returned a int" in ln for ln in host.log_lines())


@pytest.mark.shim_only("unloads through the shim's control channel")
def test_two_cython_modules_share_one_interpreter_and_unload_in_any_order(
        shim_host_factory, shim_user, mods):
    user = shim_user("alice", "secret")
    host = shim_host_factory(f"""ModulePath {mods}
LoadModule mod_pyhello.c
LoadModule mod_cyreply.c
AuthUserFile {user['passwd_file']}
""")

    def site(line):
        with login(host) as s:
            return s.command(line).lines

    # The module that started Python goes first; the other keeps working.
    assert host.unload_module("mod_pyhello.c") == "'mod_pyhello.c' unloaded"
    assert site("SITE CYREPLY code") == ((250, "two-fifty"),)
    assert host.load_module("mod_pyhello.c") == "'mod_pyhello.c' loaded"
    assert site("SITE PYHELLO a") == ((200, "Hello, a!"),)
    assert host.unload_module("mod_cyreply.c") == "'mod_cyreply.c' unloaded"
    assert host.unload_module("mod_pyhello.c") == "'mod_pyhello.c' unloaded"
    assert host.load_module("mod_cyreply.c") == "'mod_cyreply.c' loaded"
    assert site("SITE CYREPLY code") == ((250, "two-fifty"),)
    assert host.running
    lines = host.log_lines()
    assert "mod_cyreply/0.2: using the running Python " + \
        os.sys.version.split()[0] in lines
    assert "mod_pyhello/0.1: kept in memory: the Python interpreter outlives it" in lines
    assert "mod_cyreply/0.2: reusing the Python module kept in memory" in lines


def test_exception_in_session_init_refuses_the_session_not_the_host(shim_host_factory, mods):
    host = shim_host_factory(f"ModulePath {mods}\nLoadModule mod_cysessfail.c\n"
                             "CySessRefuse on\n")
    # As proftpd: the connection is closed without a reply.
    with pytest.raises(SessionClosed):
        host.session()
    host.wait_for_log(r"mod_cysessfail/0\.0: cysess_init\(\): PermissionError: sessions "
                      r"are refused by CySessRefuse \(mod_cysessfail\.pyx:\d+\)")
    assert host.running
    host2 = shim_host_factory(f"ModulePath {mods}\nLoadModule mod_cysessfail.c\n"
                              "CySessRefuse off\n")
    with host2.session() as s2:
        assert s2.banner.code == 220
        assert s2.command("SITE CYSESS").text == "session ok"


def test_too_many_directive_parameters_is_a_config_error(shim_host_factory, shim_user,
                                                         mods):
    user = shim_user("alice", "secret")
    with pytest.raises(ShimConfigError) as exc:
        shim_host_factory(config(mods, user).replace("PyHelloGreeting Howdy",
                                                     "PyHelloGreeting Howdy there"))
    assert "PyHelloGreeting: too many parameters on line 5" in str(exc.value)
