"""The directives of the modules Debian's proftpd has built in (``proftpd
-l``), and Debian's stock configuration, give the same ``-t`` verdict in the
shim as in the real server (issue 17, items 3 and 4).

Each directive is checked twice, each time in a file of its own, on both
hosts: in a context proftpd allows (both accept) and in one it does not (both
refuse, with the same message).  The directives come from the shim's table
(``core/directives.c``) plus those with handlers of their own
(``OWN_HANDLERS``); a valid sample value for each is below.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from prxs.shim.hostbuild import HOST_DIR
from prxs.shim.oneshot import check_config

from ..conftest import needs_proftpd

REAL = "/usr/sbin/proftpd"
STOCK = Path("/etc/proftpd")

CTX = {
    "CONF_ROOT": "R", "CONF_VIRTUAL": "V", "CONF_GLOBAL": "G", "CONF_ANON": "A",
    "CONF_DIR": "D", "CONF_DYNDIR": "Y", "CONF_LIMIT": "L", "CONF_CLASS": "C",
}

#: Sections that put a directive in each context (R: server config).
WRAP = {
    "R": ("", ""),
    "V": ("<VirtualHost 127.0.0.1>\n", "</VirtualHost>\n"),
    "G": ("<Global>\n", "</Global>\n"),
    "A": ("<Anonymous /tmp>\n", "</Anonymous>\n"),
    "D": ("<Directory /tmp>\n", "</Directory>\n"),
    "L": ("<Limit LOGIN>\n", "</Limit>\n"),
}

#: Directives the shim handles with handlers of their own: (module, contexts
#: proftpd 1.3.8 allows).
OWN_HANDLERS = {
    "AllowAll": ("mod_core", "LADY"), "DenyAll": ("mod_core", "LADY"),
    "AllowUser": ("mod_core", "L"), "DenyUser": ("mod_core", "L"),
    "CommandBufferSize": ("mod_core", "RVG"), "DebugLevel": ("mod_core", "RVG"),
    "DeferWelcome": ("mod_core", "RVG"), "Group": ("mod_core", "RVGA"),
    "MaxConnectionRate": ("mod_core", "R"), "MaxInstances": ("mod_core", "R"),
    "Port": ("mod_core", "RVG"), "ServerAdmin": ("mod_core", "RV"),
    "ServerAlias": ("mod_core", "RV"), "ServerIdent": ("mod_core", "RVG"),
    "ServerName": ("mod_core", "RV"), "ServerType": ("mod_core", "R"),
    "TimeoutIdle": ("mod_core", "RVGA"), "UseReverseDNS": ("mod_core", "R"),
    "User": ("mod_core", "RVGA"),
    "AllowOverwrite": ("mod_xfer", "RVGADY"), "AllowStoreRestart": ("mod_xfer", "RVGADY"),
    "TimeoutNoTransfer": ("mod_xfer", "RVGA"), "TimeoutStalled": ("mod_xfer", "RVGA"),
    "AuthGroupFile": ("mod_auth_file", "RVG"), "AuthUserFile": ("mod_auth_file", "RVG"),
    "DefaultRoot": ("mod_auth", "RVG"), "RootRevoke": ("mod_auth", "RVGA"),
    "UserAlias": ("mod_auth", "RVGA"), "TimeoutLogin": ("mod_auth", "RVG"),
    "TimeoutSession": ("mod_auth", "RVGA"),
    "LoadFile": ("mod_dso", "R"), "ModulePath": ("mod_dso", "R"),
    "ModuleControlsACLs": ("mod_dso", "R"), "ModuleOrder": ("mod_dso", "R"),
    "ControlsEngine": ("mod_ctrls", "R"), "ControlsInterval": ("mod_ctrls", "R"),
    "ControlsMaxClients": ("mod_ctrls", "R"), "ControlsSocket": ("mod_ctrls", "R"),
    "ControlsSocketACL": ("mod_ctrls", "R"), "ControlsSocketOwner": ("mod_ctrls", "R"),
}

#: A value each directive accepts (default: "on" for Booleans, a path for
#: the rest).
SAMPLE = {
    "Allow": "from 127.0.0.1", "Deny": "from all", "AllowClass": "test",
    "DenyClass": "test", "AllowGroup": "ftp", "DenyGroup": "ftp",
    "AllowUser": "nobody", "DenyUser": "nobody", "AllowAll": "", "DenyAll": "",
    "AllowFilter": "^[a-z]*$", "PathAllowFilter": "^[a-z]*$", "PathDenyFilter": "~$",
    "FSCachePolicy": "on", "DenyFilter": r"\*.*/",
    "AllowForeignAddress": "off", "AllowOverride": "off", "AuthOrder": "mod_auth_unix.c",
    "DefaultAddress": "127.0.0.1", "DisplayChdir": ".message true", "From": "127.0.0.1",
    "FSOptions": "IgnoreExtendedAttributes", "HideFiles": r"^\.", "HideGroup": "nogroup",
    "HideUser": "nobody", "IncludeOptions": "AllowSymlinks",
    "MasqueradeAddress": "127.0.0.1", "MaxCommandRate": "100", "Order": "allow,deny",
    "PassivePorts": "49152 65534", "PidFile": "{tmp}/pid",
    "ProcessTitles": "terse", "Protocols": "ftp", "RegexOptions": "MatchLimit 1000",
    "Satisfy": "any", "ScoreboardFile": "{tmp}/scoreboard",
    "ScoreboardMutex": "{tmp}/mutex", "ScoreboardScrub": "on",
    "SetEnv": "FOO bar", "SocketBindTight": "on", "SocketOptions": "keepalive on",
    "SyslogFacility": "AUTH", "SyslogLevel": "debug", "TimeoutLinger": "30",
    "Trace": "DEFAULT:10", "TraceLog": "{tmp}/trace", "TraceOptions": "+ConnIPs",
    "Umask": "022 022", "UseIPv6": "on", "TCPBackLog": "10",
    "DefaultTransferMode": "binary", "HiddenStores": "on", "MaxRetrieveFileSize": "10 MB",
    "MaxStoreFileSize": "10 MB", "MaxTransfersPerHost": "RETR 5",
    "MaxTransfersPerUser": "STOR 5", "TransferOptions": "IgnoreASCII",
    "TransferRate": "RETR 100", "UseSendfile": "off",
    "RLimitCPU": "1024", "RLimitMemory": "session 64M", "RLimitOpenFiles": "1024",
    "AuthUnixOptions": "AIXNoRLogin", "AuthFileOptions": "InsecurePerms",
    "AnonRejectPasswords": "^bad", "CreateHome": "off", "DefaultChdir": "/tmp",
    "DefaultRoot": "~", "MaxClients": "10", "MaxClientsPerClass": "test 10",
    "MaxClientsPerHost": "10", "MaxClientsPerUser": "10",
    "MaxConnectionsPerHost": "10", "MaxHostsPerUser": "10", "MaxLoginAttempts": "3",
    "MaxPasswordSize": "1024", "UserPassword": "nobody xx", "UserAlias": "anon nobody",
    "DirFakeUser": "on ftp", "DirFakeGroup": "on ftp", "DirFakeMode": "0644",
    "ListOptions": '"-l"', "ListStyle": "Unix", "ExtendedLog": "{tmp}/log",
    "LogFormat": 'test "%h %u"', "LogOptions": "+Timestamp",
    "DelayControlsACLs": "all allow user root", "DelayOnEvent": "USER 100ms",
    "DelayTable": "{tmp}/delay", "FactsDefault": "size",
    "FactsOptions": "UseSlink", "AuthPAMOptions": "NoTTY",
    "CapabilitiesSet": "+CAP_CHOWN", "ControlsACLs": "all allow user root",
    "ControlsAuthFreshness": "10", "ControlsLog": "{tmp}/ctrls",
    "LangOptions": "PreferServerEncoding", "LangPath": "/usr/share/locale",
    "UseEncoding": "UTF-8 ISO-8859-1", "LangDefault": "en_US",
    "CommandBufferSize": "512", "DebugLevel": "1", "Group": "nogroup",
    "MaxConnectionRate": "10", "MaxInstances": "10", "Port": "2121",
    "ServerAdmin": "root@localhost", "ServerAlias": "ftp.example.com",
    "ServerIdent": "on x", "ServerName": "x", "ServerType": "standalone",
    "TimeoutIdle": "60", "TimeoutNoTransfer": "60", "TimeoutStalled": "60",
    "TimeoutLogin": "60", "TimeoutSession": "60", "User": "nobody",
    "AuthGroupFile": "{tmp}/ftpd.group", "AuthUserFile": "{tmp}/ftpd.passwd",
    "LoadFile": "/lib/x86_64-linux-gnu/libc.so.6", "ModulePath": "/usr/lib/proftpd",
    "ModuleControlsACLs": "lsmod allow user *", "ModuleOrder": "mod_core.c",
    "ControlsInterval": "5", "ControlsMaxClients": "2",
    "ControlsSocket": "{tmp}/sock", "ControlsSocketACL": "allow user root",
    "ControlsSocketOwner": "root root", "DisplayLogin": "welcome.msg",
    "DisplayConnect": "/tmp/x", "DisplayQuit": "/tmp/x", "DisplayFileTransfer": "/tmp/x",
    "CDPath": "/tmp", "TransferLog": "{tmp}/xferlog",
    "SystemLog": "{tmp}/syslog", "ServerLog": "{tmp}/serverlog",
    "AccessDenyMsg": "no", "AccessGrantMsg": "yes", "UnsetEnv": "FOO",
    "GroupOwner": "nogroup", "UserOwner": "nobody", "StoreUniquePrefix": "x",
    "AuthPAMConfig": "ftp", "RootRevoke": "off",
}

#: Directives whose check the real server does at a later stage than
#: parsing, or that need something absent here: (reason).
SKIP = {
    "ModuleOrder": "rewrites the module list: tested in test_shim_dso.py",
    "LoadFile": "loads a library into the server: tested in test_shim_dso.py",
    "SyslogFacility": "proftpd opens syslog at parse time and fails where /dev/log "
                      "is absent (containers)",
}


def _table() -> dict[str, tuple[str, str]]:
    """{directive: (module, context letters)} from the shim's table and
    OWN_HANDLERS."""
    text = (Path(HOST_DIR) / "core" / "directives.c").read_text()
    rows = re.findall(r'\{ "(\w+)", "(\w+)", ([A-Z_|]+), \d+, K_\w+', text)
    table = {name: (mod, "".join(CTX[c] for c in ctx.split("|")))
             for name, mod, ctx in rows}
    table.update(OWN_HANDLERS)
    return table


TABLE = _table()


def _valid(contexts: str) -> str:
    for c in "RGVADL":
        if c in contexts:
            return c
    return "C"


def _invalid(contexts: str) -> str | None:
    for c in "DLARV":
        if c not in contexts:
            return c
    return None


def _line(name: str, tmp: Path) -> str:
    value = SAMPLE.get(name)
    if value is None:
        value = "on"
    return f"{name} {value.replace('{tmp}', str(tmp))}".rstrip()


def _conf(tmp_path: Path, name: str, ctx: str) -> Path:
    head, tail = WRAP[ctx] if ctx != "C" else ("<Class test>\n", "</Class>\n")
    conf = tmp_path / f"{name}-{ctx}.conf"
    body = "ServerType standalone\nServerName x\n"
    if name in ("AllowClass", "DenyClass", "MaxClientsPerClass"):
        body += "<Class test>\nFrom 127.0.0.1\n</Class>\n"
    # Files proftpd checks at parse time (owner, not world-writable).
    (tmp_path / "ftpd.passwd").write_text("u:x:1000:1000::/tmp:/bin/sh\n")
    (tmp_path / "ftpd.group").write_text("g:x:1000:\n")
    for f in ("ftpd.passwd", "ftpd.group"):
        os.chmod(tmp_path / f, 0o600)
    conf.write_text(body + head + _line(name, tmp_path) + "\n" + tail)
    return conf


_STAMP = re.compile(r"^.*?\[\d+\]: ")


def _fatal(log: str) -> str | None:
    """The "fatal: ..." message of a -t run, without the log prefix."""
    for line in log.splitlines():
        line = _STAMP.sub("", line)
        if line.startswith("fatal: "):
            return line
    return None


def _real(conf: Path) -> tuple[int, str | None]:
    proc = subprocess.run([REAL, "-t", "-c", str(conf)], capture_output=True,
                          text=True, timeout=60)
    return proc.returncode, _fatal(proc.stderr)


def _shim(conf: Path) -> tuple[int, str | None]:
    res = check_config(str(conf), timeout=60)
    return (1 if res.problem is not None else res.exit_code), _fatal(res.log)


def _cases():
    for name, (mod, contexts) in sorted(TABLE.items()):
        marks = [pytest.mark.skip(reason=SKIP[name])] if name in SKIP else []
        yield pytest.param(name, _valid(contexts), True, id=f"{mod}-{name}-valid",
                           marks=marks)
        bad = _invalid(contexts)
        if bad is not None:
            yield pytest.param(name, bad, False, id=f"{mod}-{name}-invalid", marks=marks)


def test_table_covers_every_builtin_module():
    """Every module of Debian's ``proftpd -l`` but mod_site (no directives)
    has its directives in the table."""
    mods = {mod for mod, _ in TABLE.values()}
    assert mods >= {"mod_core", "mod_xfer", "mod_rlimit", "mod_auth_unix",
                    "mod_auth_file", "mod_auth", "mod_ls", "mod_log", "mod_delay",
                    "mod_facts", "mod_dso", "mod_auth_pam", "mod_cap", "mod_ctrls",
                    "mod_lang"}


@needs_proftpd
@pytest.mark.parametrize("name,ctx,valid", list(_cases()))
def test_directive_verdict_matches_proftpd(tmp_path, name, ctx, valid):
    conf = _conf(tmp_path, name, ctx)
    real_rc, real_msg = _real(conf)
    shim_rc, shim_msg = _shim(conf)
    if valid:
        assert real_rc == 0, f"the sample line is not valid for proftpd: {real_msg}"
    else:
        assert real_rc != 0 and "directive not allowed in" in (real_msg or "")
    assert (shim_rc == 0) == (real_rc == 0), (shim_msg, real_msg)
    if not valid:
        assert shim_msg == real_msg


def _stock_copy(tmp_path: Path, load_modules: bool) -> Path:
    """A copy of /etc/proftpd whose Includes point into the copy; without
    ``load_modules`` the LoadModule lines of modules.conf are commented
    out."""
    dest = tmp_path / "proftpd"
    shutil.copytree(STOCK, dest, symlinks=False,
                    ignore=shutil.ignore_patterns("*.pem", "blacklist.dat"))
    for path in dest.rglob("*.conf"):
        text = path.read_text().replace(f"{STOCK}/", f"{dest}/")
        if path.name == "modules.conf" and not load_modules:
            text = re.sub(r"(?m)^LoadModule", "#LoadModule", text)
        path.write_text(text)
    return dest / "proftpd.conf"


needs_stock = pytest.mark.skipif(not (STOCK / "proftpd.conf").is_file(),
                                 reason="Debian's /etc/proftpd/proftpd.conf is absent "
                                 "(apt-get install proftpd-core)")


@needs_proftpd
@needs_stock
def test_stock_config_without_loadmodule_same_verdict(tmp_path):
    """Debian's stock proftpd.conf with its Includes, the LoadModule lines of
    modules.conf commented out: most of Debian's DSO modules do not load in
    the shim yet (issue 17 item 1)."""
    conf = _stock_copy(tmp_path, load_modules=False)
    real_rc, real_msg = _real(conf)
    shim_rc, shim_msg = _shim(conf)
    assert real_rc == 0, real_msg
    assert shim_rc == real_rc, shim_msg


@needs_proftpd
@needs_stock
def test_stock_config_with_loadmodule_same_verdict(tmp_path):
    """With the LoadModule lines in (Debian's 23 DSO modules, mod_ifsession's
    and mod_ifversion's sections among them), proftpd and the shim both
    accept the stock configuration."""
    conf = _stock_copy(tmp_path, load_modules=True)
    real_rc, real_msg = _real(conf)
    shim_rc, shim_msg = _shim(conf)
    assert real_rc == 0, real_msg
    assert shim_rc == real_rc, shim_msg


@needs_proftpd
def test_static_module_list_is_proftpds():
    """``-l`` lists the same compiled-in modules, in the same order."""
    from prxs.shim.oneshot import list_static_modules
    proc = subprocess.run([REAL, "-l"], capture_output=True, text=True, timeout=60)
    real = [ln.strip() for ln in proc.stdout.splitlines()[1:] if ln.strip()]
    assert list_static_modules(timeout=60) == real


def _bool_rows() -> list[str]:
    text = (Path(HOST_DIR) / "core" / "directives.c").read_text()
    return re.findall(r'\{ "(\w+)", "\w+", [A-Z_|]+, \d+, K_BOOL_\w+', text)


@needs_proftpd
@pytest.mark.parametrize("name", _bool_rows())
def test_bad_boolean_gets_proftpds_text(tmp_path, name):
    contexts = TABLE[name][1]
    head, tail = WRAP[_valid(contexts)]
    conf = tmp_path / "bool.conf"
    conf.write_text(f"ServerName x\n{head}{name} maybe\n{tail}")
    real_rc, real_msg = _real(conf)
    shim_rc, shim_msg = _shim(conf)
    assert real_rc != 0 and shim_rc != 0
    assert shim_msg == real_msg


@needs_proftpd
@pytest.mark.parametrize("name", ["ShowSymlinks", "DisplayLogin", "CapabilitiesEngine",
                                  "PassivePorts", "LogFormat", "SetEnv"])
def test_missing_parameters_gets_proftpds_text(tmp_path, name):
    conf = tmp_path / "missing.conf"
    conf.write_text(f"ServerName x\n{name}\n")
    real_rc, real_msg = _real(conf)
    shim_rc, shim_msg = _shim(conf)
    assert real_rc != 0 and shim_rc != 0
    assert shim_msg == real_msg


@needs_proftpd
@pytest.mark.parametrize("name", ["mod_cap.c", "mod_ls.c", "mod_delay.c"])
def test_loadmodule_of_a_builtin_module_is_accepted(tmp_path, name):
    """``LoadModule mod_cap.c`` where mod_cap is built in: proftpd says the
    module is already loaded and goes on (no mod_cap.so in ModulePath)."""
    conf = tmp_path / "dup.conf"
    conf.write_text(f"ServerName x\nModulePath {tmp_path}\nLoadModule {name}\n"
                    f"<IfModule {name}>\nTimesGMT on\n</IfModule>\n")
    real = subprocess.run([REAL, "-t", "-c", str(conf)], capture_output=True,
                          text=True, timeout=60)
    res = check_config(str(conf), timeout=60)
    assert real.returncode == 0 and res.exit_code == 0, (real.stderr, res.log)
    assert f"module '{name}' already loaded" in real.stderr
    assert f"module '{name}' already loaded" in res.log


@needs_proftpd
@pytest.mark.skipif(os.geteuid() != 0, reason="the real server's sessions need root")
@pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc")
def test_stored_values_are_what_modules_read_on_both_hosts(tmp_path, prxs_cache):
    """A module reads the built-in modules' directives with get_param_ptr()
    (unsigned char, int, unsigned int, string as each proftpd module stores
    them): its reply is the same on the shim and on proftpd."""
    import sys
    from prxs.shim.testing import build_with_prxs
    root = Path(__file__).resolve().parents[2]
    mods = tmp_path / "mods"
    mods.mkdir()
    build_with_prxs(root / "tests" / "packages" / "params" / "mod_params.c", mods,
                    env={"PRXS_CACHE_DIR": str(prxs_cache)})
    conf = tmp_path / "params.conf"
    conf.write_text(f"ServerName x\nModulePath {mods}\nLoadModule mod_params.c\n"
                    "ShowSymlinks off\nTimesGMT off\nDelayEngine off\nRLimitChroot off\n"
                    "AllowChrootSymlinks off\nLangEngine off\nFactsAdvertise off\n"
                    "RequireValidShell off\nRootLogin on\nDisplayLogin welcome.msg\n"
                    'AccessGrantMsg "hi %u"\nCDPath /tmp\nDisplayQuit bye.msg\n')
    script = tmp_path / "s.txt"
    script.write_text("XPARAMS => 200\nQUIT\n")
    env = dict(os.environ)
    env["PYTHONPATH"] = str(root) + os.pathsep + env.get("PYTHONPATH", "")
    res = subprocess.run([sys.executable, "-m", "prxs", "shim", "--script", str(script),
                          "-c", str(conf), "--host", "both"], capture_output=True,
                         text=True, env=env, timeout=300)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "=== the shim and proftpd answered the same" in res.stdout
    assert ("200 ShowSymlinks=0 TimesGMT=0 UseGlobbing=unset DelayEngine=0 "
            "RLimitChroot=0 AllowChrootSymlinks=0 LangEngine=0 FactsAdvertise=0 "
            "RequireValidShell=0 RootLogin=1 DisplayLogin='welcome.msg' "
            "AccessGrantMsg='hi %u' CDPath='/tmp' DisplayQuit='bye.msg' "
            "ListOptions=unset") in res.stdout


@needs_proftpd
@pytest.mark.parametrize("text,ok", [
    ("Define FOO\n<IfDefine FOO>\nTimesGMT on\n</IfDefine>\n"
     "<IfDefine !FOO>\nNoSuchDirective\n</IfDefine>\n", True),
    ("<IfDefine FOO>\nNoSuchDirective\n<IfDefine BAR>\n</IfDefine>\n</IfDefine>\n"
     "<IfDefine !FOO>\nTimesGMT on\n</IfDefine>\n", True),
    ("Define FOO\n<IfDefine FOO>\nNoSuchDirective\n</IfDefine>\n", False),
    ("</IfDefine>\n", True),
])
def test_ifdefine_sections_as_proftpd(tmp_path, text, ok):
    conf = tmp_path / "ifdefine.conf"
    conf.write_text("ServerName x\n" + text)
    real_rc, real_msg = _real(conf)
    shim_rc, shim_msg = _shim(conf)
    assert (real_rc == 0) == ok, real_msg
    assert (shim_rc == 0) == ok, shim_msg
