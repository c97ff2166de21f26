"""ProFTPD's own mod_exec and mod_cap, unmodified, in the shim (issue 17
item 2): contrib/mod_exec.c and modules/mod_cap.c from Debian's source
package built by ``prxs -c --target sdk``, and Debian's prebuilt
/usr/lib/proftpd/mod_exec.so, loaded by the shim host and run in a session.

The sources come from the corpus cache (.ci/setup fetches them; tests skip
with the reason when they are absent).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from prxs import corpus
from prxs.shim import Host
from prxs.shim.pytest_plugin import shim_user  # noqa: F401
from prxs.shim.testing import build_with_prxs

from .exec_support import Hooks, build_hook, env_dict, needs_gcc

pytestmark = [needs_gcc]

DEBIAN_EXEC = Path(corpus.DEFAULT_LIBEXEC) / "mod_exec.so"


def _tree() -> Path:
    try:
        return corpus.find_source_tree()
    except corpus.CorpusUnavailable as e:
        pytest.skip(str(e))


def build_real(name: str, dest: Path, cache: Path, *args: str) -> Path:
    """ProFTPD's own module built, unmodified, for the SDK; dest/.libs/NAME.so."""
    src = corpus._locate(_tree(), name)
    if src is None:
        pytest.skip(f"no {name}.c in the ProFTPD source tree")
    build_with_prxs(src, dest, "--target", "sdk", *args,
                    env={"PRXS_CACHE_DIR": str(cache)})
    return dest / ".libs" / f"{name}.so"


@pytest.fixture(scope="module")
def module_dirs(tmp_path_factory) -> dict[str, Path]:
    """flavour -> a ModulePath holding that flavour's mod_exec.so."""
    cache = tmp_path_factory.mktemp("cache")
    built = build_real("mod_exec", tmp_path_factory.mktemp("build"), cache)
    dirs = {}
    for flavour, so in (("built", built), ("debian", DEBIAN_EXEC)):
        d = tmp_path_factory.mktemp(f"mods-{flavour}")
        os.chmod(d, 0o755)
        if so.is_file():
            shutil.copy2(so, d / "mod_exec.so")
        dirs[flavour] = d
    return dirs


@pytest.fixture(scope="module")
def hook_binary(tmp_path_factory) -> Path:
    return build_hook(tmp_path_factory.mktemp("exec-hook"))


@pytest.fixture
def hooks(hook_binary):
    h = Hooks(hook_binary)
    yield h
    h.cleanup()


@pytest.fixture(params=["built", "debian"])
def real_exec(request, module_dirs, tmp_path, shim_user):
    """start(body) -> host: the shim with ProFTPD's mod_exec (built by prxs
    from the sources, or Debian's binary) loaded, ExecEngine on."""
    mods = module_dirs[request.param]
    if not (mods / "mod_exec.so").is_file():
        pytest.skip(f"{DEBIAN_EXEC} is not installed (apt-get install proftpd-mod-exec)")
    user = shim_user("alice", "secret", uid=4242)
    hosts = []

    def start(body: str) -> Host:
        text = "\n".join([
            'ServerName "real mod_exec"',
            f"ModulePath {mods}",
            "LoadModule mod_exec.c",
            f"AuthUserFile {user['passwd_file']}",
            "ExecEngine on",
            f"ExecLog {tmp_path}/exec.log",
            body, ""])
        host = Host(config_text=text, workdir=tmp_path / f"host{len(hosts)}")
        hosts.append(host)
        host.exec_log = tmp_path / "exec.log"
        return host.start()

    yield start
    for h in hosts:
        h.stop()


def test_proftpds_mod_exec_builds_for_the_sdk_and_passes_the_shim_check(module_dirs):
    # prxs -c refuses an SDK build calling a function the shim lacks; this
    # one built, and the shim's configuration check loads it.
    assert (module_dirs["built"] / "mod_exec.so").is_file()


def test_on_connect_and_on_command_run_the_program_with_its_arguments(real_exec, hooks):
    host = real_exec(f"ExecOptions logStdout logStderr\n"
                     f"ExecOnConnect {hooks.path()} connect %a\n"
                     f"ExecOnCommand NOOP,PASS {hooks.path()} cmd %m %u")
    with host.session() as s:
        assert s.command("NOOP").code == 200
        assert s.login("alice", "secret").code == 230
    recs = hooks.wait(3)
    argvs = sorted(r["argv"] for r in recs)
    assert argvs == [["record", "cmd", "NOOP", ""],
                     ["record", "cmd", "PASS", "alice"],
                     ["record", "connect", "127.0.0.1"]]
    for rec in recs:
        assert sorted(fd for fd, _ in rec["fds"]) == [0, 1, 2]


def test_the_exec_log_says_what_ran_and_how_it_ended(real_exec, hooks):
    host = real_exec(f"ExecOptions logStdout logStderr\n"
                     f"ExecOnConnect {hooks.path('fail')} arg1")
    with host.session():
        pass
    hooks.wait(1)
    text = Path(host.exec_log).read_text()
    fail = hooks.path("fail")
    assert f"preparing to execute '{fail}' with uid" in text
    assert f" + '{fail}': argv[1] = arg1" in text
    assert f"'{fail}' terminated normally, with exit status 3" in text


def test_environment_of_the_program(real_exec, hooks):
    host = real_exec(f"ExecEnviron MY_VAR %u\nExecOnCommand PASS {hooks.path()}")
    with host.session() as s:
        s.login("alice", "secret")
    (rec,) = hooks.wait(1)
    assert env_dict(rec).get("MY_VAR") == "alice"
