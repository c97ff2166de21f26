"""mod_cap's directives: errors with file and line and a failing exit, in the
shim (as ``prxs shim -t``) and in the real ``proftpd -t``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from prxs.shim import ShimConfigError
from prxs.shim.pytest_plugin import shim_host_factory  # noqa: F401
from prxs.shim.testing import build_with_prxs

from ..conftest import needs_proftpd
from .cap_support import ROOT, SAMPLES, real_copy

from .host_differences import differs  # noqa: E402

pytestmark = [pytest.mark.skipif(
    shutil.which("gcc") is None or not os.path.exists("/usr/include/sys/capability.h"),
    reason="mod_cap needs gcc and libcap's headers (apt-get install libcap-dev)"),
              differs("mod-cap-builtin")]


@pytest.fixture(scope="module")
def mods(tmp_path_factory, prxs_cache) -> Path:
    d = tmp_path_factory.mktemp("capconf")
    build_with_prxs(SAMPLES / "mod_cap.c", d, env={"PRXS_CACHE_DIR": str(prxs_cache)})
    return d


def configtest(conf: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-m", "prxs", "shim", "-t", "-c", str(conf)],
                          capture_output=True, text=True, env=env, timeout=300)


def write_conf(tmp_path: Path, mods: Path, body: str) -> Path:
    conf = tmp_path / "cap.conf"
    conf.write_text(f"ServerName x\nModulePath {mods}\nLoadModule mod_cap.c\n{body}")
    return conf


def test_valid_directives_pass_the_config_check(tmp_path, mods):
    conf = write_conf(tmp_path, mods, """CapabilitiesEngine on
CapabilitiesRootRevoke off
CapabilitiesSet +CAP_DAC_OVERRIDE -cap_chown +Cap_Fowner +CAP_FSETID +CAP_SETUID
CapabilitiesSet +CAP_SETGID +CAP_DAC_READ_SEARCH +CAP_AUDIT_WRITE -CAP_NET_BIND_SERVICE
<Global>
  CapabilitiesSet +CAP_CHOWN
</Global>
<VirtualHost 127.0.0.2>
  CapabilitiesEngine off
</VirtualHost>
""")
    res = configtest(conf)
    assert res.returncode == 0, res.stderr
    assert "Syntax OK" in res.stdout


@pytest.mark.parametrize("line, message", [
    ("CapabilitiesSet +CAP_BOGUS", "unknown capability: 'CAP_BOGUS'"),
    ("CapabilitiesSet +CAP_CHOWN -CAP_SYS_ADMIN", "unknown capability: 'CAP_SYS_ADMIN'"),
    ("CapabilitiesSet CAP_CHOWN",
     "bad option: 'CAP_CHOWN' (expected +CAP_NAME or -CAP_NAME)"),
    ("CapabilitiesSet", "need at least one parameter"),
    ("CapabilitiesEngine maybe", "expected Boolean parameter"),
    ("CapabilitiesRootRevoke", "missing parameters"),
    ("CapabilitiesRootRevoke on off", "wrong number of parameters"),
])
def test_bad_directive_is_fatal_with_file_and_line(tmp_path, mods, line, message):
    conf = write_conf(tmp_path, mods, f"# comment\n{line}\n")
    res = configtest(conf)
    assert res.returncode == 1
    directive = line.split()[0]
    assert f"fatal: {directive}: {message} on line 5 of '{conf}'" in res.stderr


def test_directive_in_directory_context_is_refused(tmp_path, mods):
    conf = write_conf(tmp_path, mods, "<Directory /tmp>\nCapabilitiesSet +CAP_CHOWN\n</Directory>\n")
    res = configtest(conf)
    assert res.returncode == 1
    assert f"on line 5 of '{conf}'" in res.stderr
    assert "CapabilitiesSet: directive not allowed in <Directory> context" in res.stderr


def test_host_refuses_a_bad_capability_name(shim_host_factory, mods):
    with pytest.raises(ShimConfigError) as err:
        shim_host_factory(f"ModulePath {mods}\nLoadModule mod_cap.c\n"
                          "CapabilitiesSet +CAP_NOPE\n")
    assert "CapabilitiesSet: unknown capability: 'CAP_NOPE' on line 3" in str(err.value)


@needs_proftpd
def test_compiles_against_the_installed_proftpd(tmp_path, prxs):
    shutil.copy(SAMPLES / "mod_cap.c", tmp_path / "mod_cap.c")
    res = prxs("-c", "--target", "proftpd", "mod_cap.c", cwd=tmp_path)
    assert res.returncode == 0, res
    assert "warning" not in res.stderr
    assert (tmp_path / ".libs" / "mod_cap.so").exists()


@needs_proftpd
@pytest.mark.parametrize("line, rc, message", [
    ("CapxSet -CAP_CHOWN +cap_dac_override +CAP_SETGID", 0, None),
    ("CapxSet +CAP_BOGUS", 1, "fatal: CapxSet: unknown capability: 'CAP_BOGUS' on line 5"),
    ("CapxSet CAP_CHOWN", 1, "fatal: CapxSet: bad option: 'CAP_CHOWN'"),
])
def test_real_proftpd_accepts_its_directives(tmp_path, prxs, line, rc, message):
    d = real_copy(tmp_path)
    res = prxs("-c", "--target", "proftpd", "mod_capx.c", cwd=d)
    assert res.returncode == 0, res
    os.chmod(d, 0o755)
    conf = d / "proftpd.conf"
    conf.write_text(f"ServerName x\nModulePath {d}\nLoadModule mod_capx.c\n"
                    f"CapxEngine on\n{line}\nCapxRootRevoke off\n")
    proc = subprocess.run(["proftpd", "-t", "-c", str(conf)], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == rc, proc.stderr
    if message:
        assert message in proc.stderr
