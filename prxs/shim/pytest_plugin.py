"""pytest fixtures for testing modules in the shim host.

Registered as the ``prxs`` pytest11 entry point.  Fixtures:

* ``shim_host_factory``: ``start(config_text=..., **kw) -> Host``; every host
  it starts is stopped at teardown (sessions included), pass or fail.  With
  ``--prxs-host proftpd`` the hosts are throw-away instances of the installed
  proftpd (``RealHost``, same API); with ``--prxs-host both`` every test that
  uses the fixture runs once per host.
* ``shim_build_module``: ``build(source, dest_dir=None, *args) -> dir``: builds
  a module with ``prxs -c [ARGS]`` in dest_dir (a ModulePath for LoadModule),
  for the embedded SDK (ProFTPD 1.3.8's ABI: the same binary runs on both
  hosts) whatever PRXS_TARGET says, unless ARGS name another target.
* ``shim_build_once`` (module scope): ``build(kind, sources, *args, env=None,
  name="mods") -> dir``: builds the sources into one directory, once per test
  module; the one binary serves every host ``kind`` (a module-scoped ``mods``
  fixture becomes ``shim_build_once(prxs_host_kind, SOURCES)``).
* ``prxs_host_kind``: ``"shim"`` or ``"proftpd"``, the host of this run.
* ``prxs_config_check``: ``check(config_text) -> OneShotResult``: the host's
  ``-t`` verdict on a configuration (``exit_code``, ``log``, ``log_lines()``).

Markers: ``@pytest.mark.shim_only(reason)`` (phase tracing, client addresses
outside 127.0.0.0/8, the control channel: skipped on the real server, with the
reason) and ``@pytest.mark.proftpd_only(reason)``.
* ``shim_user``: ``make(name="alice", password="secret", uid=4242) -> dict``:
  an AuthUserFile entry with a home directory under tmp_path.

When a test fails, the logs of the hosts it started are added to its report.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from ..errors import PrxsError
from .passwd import write_passwd
from .realhost import ProftpdMissing, RealHost, find_proftpd
from .host import Host
from .testing import build_with_prxs

_HOSTS = pytest.StashKey[list]()
HOST_KINDS = ("shim", "proftpd")


def pytest_addoption(parser):
    group = parser.getgroup("prxs")
    group.addoption("--prxs-host", choices=("shim", "proftpd", "both"),
                    default=None,
                    help="the host the prxs fixtures start: the shim (default), "
                         "the installed proftpd, or both (each test runs once "
                         "per host); also $PRXS_TEST_HOST")


def pytest_configure(config):
    config.addinivalue_line("markers", "shim_only(reason): the test needs what "
                            "only the shim host can do; skipped on proftpd")
    config.addinivalue_line("markers", "proftpd_only(reason): the test needs the "
                            "real server; skipped on the shim")
    kinds = selected_hosts(config)
    if "proftpd" in kinds:
        try:
            find_proftpd()
        except ProftpdMissing as exc:
            # An environment problem: exit 3, as prxs does.
            pytest.exit(f"--prxs-host {'/'.join(kinds)}: {exc} ({exc.hint})",
                        returncode=3)


def selected_hosts(config) -> tuple[str, ...]:
    value = config.getoption("--prxs-host", None) or \
        os.environ.get("PRXS_TEST_HOST") or "shim"
    if value not in ("shim", "proftpd", "both"):
        raise pytest.UsageError(f"PRXS_TEST_HOST={value!r}: use shim, proftpd "
                                "or both")
    return HOST_KINDS if value == "both" else (value,)


def pytest_generate_tests(metafunc):
    if "prxs_host_kind" in metafunc.fixturenames:
        kinds = selected_hosts(metafunc.config)
        if len(kinds) > 1:
            metafunc.parametrize("prxs_host_kind", kinds, indirect=True)


@pytest.fixture
def prxs_host_kind(request) -> str:
    kind = getattr(request, "param", None) or selected_hosts(request.config)[0]
    other = {"shim": "proftpd_only", "proftpd": "shim_only"}[kind]
    marker = request.node.get_closest_marker(other)
    if marker is not None:
        why = marker.args[0] if marker.args else marker.kwargs.get("reason", "")
        pytest.skip(f"not on the {kind} host: {why or other}")
    return kind


@pytest.fixture
def shim_host_factory(request, tmp_path, prxs_host_kind):
    hosts: list = []
    request.node.stash[_HOSTS] = hosts
    cls = RealHost if prxs_host_kind == "proftpd" else Host

    def start(config_text: str | None = None, *, config=None, workdir=None,
              **kw):
        wd = workdir or tmp_path / f"host{len(hosts)}"
        os.makedirs(wd, exist_ok=True)
        host = cls(config, config_text=config_text, workdir=wd, **kw)
        hosts.append(host)
        return host.start()

    yield start
    for host in hosts:
        host.stop()


@pytest.fixture
def prxs_config_check(tmp_path, prxs_host_kind):
    from .oneshot import OneShotResult, check_config
    count = [0]

    def check(config_text: str, **kw) -> OneShotResult:
        count[0] += 1
        path = tmp_path / f"check{count[0]}.conf"
        path.write_text(config_text)
        if prxs_host_kind == "shim":
            return check_config(str(path), **kw)
        code, out = RealHost(path, workdir=tmp_path / f"check{count[0]}").check()
        return OneShotResult(code, "", out)

    return check


@pytest.fixture(scope="module")
def shim_build_once(tmp_path_factory):
    built: dict[tuple, Path] = {}

    def build(kind: str, sources, *args: str, env: dict | None = None,
              name: str = "mods") -> Path:
        # One binary, two hosts: ``kind`` does not change the build (the SDK
        # is ProFTPD 1.3.8's module ABI), so both hosts load the same files.
        key = (name, tuple(str(s) for s in sources), args)
        if key not in built:
            dest = tmp_path_factory.mktemp(name)
            try:
                for src in sources:
                    build_with_prxs(src, dest, *args, env=env)
            except PrxsError as exc:     # the failed build's command and output
                pytest.fail(str(exc), pytrace=False)
            built[key] = dest
        return built[key]

    return build


@pytest.fixture
def shim_build_module(tmp_path):
    # One binary for both hosts: the SDK is ProFTPD 1.3.8's module ABI, so
    # the module the shim loads is the one the real server loads.
    def build(source, dest_dir=None, *args: str) -> Path:
        try:
            return build_with_prxs(source, dest_dir or tmp_path / "modules", *args)
        except PrxsError as exc:     # the failed build's command and output
            pytest.fail(str(exc), pytrace=False)

    return build


@pytest.fixture
def shim_user(tmp_path):
    users: dict[str, dict] = {}
    path = tmp_path / "ftpd.passwd"
    # Homes must be reachable by the user's uid; pytest's tmp_path is not
    # (its parents are 0700), so they live in their own directory.
    homes = Path(tempfile.mkdtemp(prefix="prxs-shim-home-"))
    os.chmod(homes, 0o711)

    def make(name: str = "alice", password: str = "secret", uid: int = 4242,
             gid: int | None = None) -> dict:
        home = homes / name
        home.mkdir(parents=True, exist_ok=True)
        gid = uid if gid is None else gid
        if os.geteuid() == 0:
            os.chown(home, uid, gid)
        users[name] = {"password": password, "uid": uid, "gid": gid,
                       "home": str(home)}
        write_passwd(str(path), users)
        return {"name": name, "password": password, "uid": uid, "gid": gid,
                "home": home, "passwd_file": path}

    yield make
    shutil.rmtree(homes, ignore_errors=True)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        for i, host in enumerate(item.stash.get(_HOSTS, [])):
            text = host.log_text()
            if text:
                report.sections.append((f"prxs shim host {i} log "
                                        f"({host.log_path})", text[-8000:]))
