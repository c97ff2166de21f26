"""pytest fixtures for testing modules in the shim host.

Registered as the ``prxs`` pytest11 entry point.  Fixtures:

* ``shim_host_factory``: ``start(config_text=..., **kw) -> Host``; every host
  it starts is stopped at teardown (sessions included), pass or fail.
* ``shim_build_module``: ``build(source, dest_dir=None, *args) -> dir``: builds
  a module with ``prxs -c --target sdk [ARGS]`` in dest_dir (a ModulePath for
  LoadModule); the shim's target whatever PRXS_TARGET says, unless ARGS name
  another.
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

from .passwd import write_passwd
from .server import Host
from .testing import build_with_prxs

_HOSTS = pytest.StashKey[list]()


@pytest.fixture
def shim_host_factory(request, tmp_path):
    hosts: list[Host] = []
    request.node.stash[_HOSTS] = hosts

    def start(config_text: str | None = None, *, config=None, workdir=None,
              **kw) -> Host:
        wd = workdir or tmp_path / f"host{len(hosts)}"
        os.makedirs(wd, exist_ok=True)
        host = Host(config, config_text=config_text, workdir=wd, **kw)
        hosts.append(host)
        return host.start()

    yield start
    for host in hosts:
        host.stop()


@pytest.fixture
def shim_build_module(tmp_path):
    def build(source, dest_dir=None, *args: str) -> Path:
        try:
            return build_with_prxs(source, dest_dir or tmp_path / "modules", *args)
        except RuntimeError as exc:
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
