"""mod_exec's directives: contexts and arguments are checked, and a bad line
fails the config check with its file and line, in the shim host and in the
real ``proftpd -t``; the module compiles against the SDK and ProFTPD's own
headers."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from prxs import sdk

from ..conftest import needs_proftpd
from .exec_support import SAMPLES, exec_mods, needs_gcc  # noqa: F401

pytestmark = [pytest.mark.both_hosts, needs_gcc]

GOOD = """ExecEngine on
ExecLog {tmp}/exec.log
ExecOptions logStdout logStderr sendStdout useStdin
ExecTimeout 5
ExecEnviron foo bar
ExecEnviron PATH -
ExecOnConnect /bin/echo %a
ExecBeforeCommand STOR,read /bin/echo %f
ExecOnCommand ALL /bin/echo %r
ExecOnError write /bin/echo %m
ExecOnExit /bin/echo bye
ExecOnRestart /bin/echo restart
ExecOnEvent MaxInstances* /bin/echo max
ExecOnEvent MaxConnectionRate /bin/echo rate
ExecOnEvent core.foo~ /bin/echo foo
<Directory /tmp>
  ExecEnable off
  ExecOnCommand STOR /bin/echo tmp
</Directory>
<Anonymous /tmp>
  ExecEnable off
</Anonymous>
<VirtualHost 127.0.0.2>
  ExecEngine off
</VirtualHost>
"""

# (line, expected message); each is added at the end of a valid config.
BAD = [
    ("ExecOnCommand STOR bin/echo", "ExecOnCommand: path to program must be a full "
                                    "path: 'bin/echo'"),
    ("ExecOnConnect", "ExecOnConnect: wrong number of parameters"),
    ("ExecBeforeCommand /bin/echo", "ExecBeforeCommand: wrong number of parameters"),
    ("ExecOnError STOR,,RETR /bin/echo", "ExecOnError: empty command in list"),
    ("ExecOptions logStdout bogus", "ExecOptions: unknown ExecOption 'bogus'"),
    ("ExecTimeout -1", "ExecTimeout: timeout must be a number of seconds from 0 "
                       "to 65535, not '-1'"),
    ("ExecTimeout soon", "ExecTimeout: timeout must be a number"),
    ("ExecEngine maybe", "ExecEngine: expected Boolean parameter"),
    ("ExecLog relative.log", "ExecLog: log path must be a full path"),
    ("ExecEnviron A=B c", "ExecEnviron: bad environment variable name 'A=B'"),
    ("ExecEnviron ONLYKEY", "ExecEnviron: missing parameters"),
    ("ExecOnEvent * /bin/echo", "ExecOnEvent: bad event name '*'"),
    ("ExecOnEvent ev /bin/", "ExecOnEvent: path to program names a directory"),
    ("<VirtualHost 127.0.0.3>\nExecOnEvent ev /bin/echo\n</VirtualHost>",
     "ExecOnEvent: directive not allowed in <VirtualHost> context"),
    ("<Directory /srv>\nExecOnConnect /bin/echo\n</Directory>",
     "ExecOnConnect: directive not allowed in <Directory> context"),
    ("<Directory /srv>\nExecEngine on\n</Directory>",
     "ExecEngine: directive not allowed in <Directory> context"),
    # GOOD has one already: proftpd allows one per path and server.
    ("<Directory /tmp>\n</Directory>",
     "<Directory>: <Directory> section already configured for '/tmp'"),
]


def write_conf(path: Path, mods: Path, body: str, tmp: Path) -> Path:
    path.write_text(f'ServerName "exec config"\nModulePath {mods}\n'
                    f"LoadModule mod_exec.c\n{GOOD.format(tmp=tmp)}{body}\n")
    return path


def test_every_directive_is_accepted_in_its_contexts(exec_mods, tmp_path,
                                                     prxs_config_check):
    conf = write_conf(tmp_path / "good.conf", exec_mods, "", tmp_path)
    res = prxs_config_check(conf.read_text())
    assert res.exit_code == 0, res.log


@pytest.mark.parametrize("line,message", BAD, ids=[b[0].split()[0].strip("<") + str(i)
                                                   for i, b in enumerate(BAD)])
def test_bad_line_fails_with_its_file_and_line(exec_mods, tmp_path, line, message,
                                               prxs_config_check):
    conf = write_conf(tmp_path / "bad.conf", exec_mods, line, tmp_path)
    lineno = len(conf.read_text().splitlines()) - (1 if line.startswith("<") else 0)
    res = prxs_config_check(conf.read_text())
    assert res.exit_code == 1
    fatal = [ln for ln in res.log_lines() if ln.startswith("fatal:")]
    assert len(fatal) == 1, res.log
    assert fatal[0].startswith(f"fatal: {message}")
    assert re.search(rf" on line {lineno} of '[^']*\.conf'$", fatal[0]), fatal[0]


@pytest.mark.parametrize("include", [Path(sdk.INCLUDE_DIR), Path("/usr/include/proftpd")],
                         ids=["sdk", "proftpd"])
def test_mod_exec_compiles_without_warnings(include):
    if not (include / "conf.h").exists():
        pytest.skip(f"needs {include}/conf.h (apt-get install proftpd-dev)")
    res = subprocess.run(["gcc", "-fsyntax-only", "-Wall", "-Werror",
                          "-Werror=implicit-function-declaration", "-DLINUX",
                          "-DPR_SHARED_MODULE", "-I", str(include),
                          str(SAMPLES / "mod_exec.c")], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr


@needs_proftpd
def test_real_proftpd_loads_mod_exec_and_checks_its_directives(tmp_path, prxs):
    build = tmp_path / "build"
    build.mkdir()
    build.chmod(0o755)
    shutil.copy(SAMPLES / "mod_exec.c", build / "mod_exec.c")
    res = prxs("-c", "--target", "proftpd", "mod_exec.c", cwd=build)
    assert res.returncode == 0, res
    head = ('ServerName "exec config"\nServerType standalone\nPort 2121\n'
            "User nobody\nGroup nogroup\n")
    good = tmp_path / "good.conf"
    good.write_text(head + f"ModulePath {build}\nLoadModule mod_exec.c\n"
                    + GOOD.format(tmp=tmp_path))
    run = subprocess.run(["proftpd", "-t", "-c", str(good)], capture_output=True,
                         text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    bad = tmp_path / "bad.conf"
    bad.write_text(good.read_text() + "ExecTimeout soon\n")
    n = len(bad.read_text().splitlines())
    run = subprocess.run(["proftpd", "-t", "-c", str(bad)], capture_output=True,
                         text=True)
    assert run.returncode == 1
    assert (f"fatal: ExecTimeout: timeout must be a number of seconds from 0 to "
            f"65535, not 'soon' on line {n} of '{bad}'") in run.stderr
