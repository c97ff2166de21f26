"""Shared fixtures: a private prxs cache per test session, helpers to run the
CLI in a subprocess (as users do) and in-process (for exact parsing tests)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_modules"
PACKAGES = Path(__file__).resolve().parent / "packages"


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "both_hosts: a sample module's suite that also runs on the "
        "installed proftpd (CI: pytest -q -m both_hosts --prxs-host proftpd tests)")


@pytest.fixture(scope="session")
def prxs_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("prxs-cache")


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, prxs_cache):
    monkeypatch.setenv("PRXS_CACHE_DIR", str(prxs_cache))
    for var in ("CC", "CFLAGS", "CPPFLAGS", "LDFLAGS", "DESTDIR", "PRXS_TARGET"):
        monkeypatch.delenv(var, raising=False)


class Run:
    def __init__(self, proc: subprocess.CompletedProcess) -> None:
        self.returncode = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr

    def __repr__(self) -> str:
        return f"<rc={self.returncode}\nstdout={self.stdout}\nstderr={self.stderr}>"


def _run_prxs_process():
    def run(*args: str, cwd=None, env: dict | None = None) -> Run:
        full_env = dict(os.environ)
        full_env["PYTHONPATH"] = str(ROOT) + os.pathsep + full_env.get("PYTHONPATH", "")
        if env:
            full_env.update(env)
        proc = subprocess.run([sys.executable, "-m", "prxs", *args], cwd=cwd,
                              env=full_env, capture_output=True, text=True, timeout=300)
        return Run(proc)
    return run


@pytest.fixture
def prxs():
    """Run ``python -m prxs ARGS`` in a directory; returns rc, stdout, stderr."""
    return _run_prxs_process()


@pytest.fixture
def prxs_process():
    """The ``prxs`` fixture under a name a module that overrides ``prxs``
    with ``prxs_main`` can still use for the tests that need a process."""
    return _run_prxs_process()


@pytest.fixture
def prxs_main(capsys, monkeypatch):
    """``prxs ARGS`` run in-process (prxs.cli.main) in a directory, with the
    same result as the ``prxs`` fixture: for tests of the CLI's logic, which
    need no new interpreter (exit codes seen by a shell, start-up imports and
    signals are tested with ``prxs``)."""
    from prxs.cli import main

    def run(*args: str, cwd=None, env: dict | None = None) -> Run:
        capsys.readouterr()
        with monkeypatch.context() as m:
            if cwd is not None:
                m.chdir(cwd)
            for k, v in (env or {}).items():
                m.setenv(k, v)
            code = main(list(args))
        out, err = capsys.readouterr()
        return Run(subprocess.CompletedProcess(list(args), code, out, err))
    return run


@pytest.fixture
def hello_dir(tmp_path) -> Path:
    """A fresh directory holding a copy of sample_modules/mod_hello.c."""
    d = tmp_path / "hello"
    d.mkdir()
    shutil.copy(SAMPLES / "mod_hello.c", d / "mod_hello.c")
    return d


def have_proftpd() -> bool:
    return (shutil.which("proftpd") or os.path.exists("/usr/sbin/proftpd")) and \
        os.path.exists("/usr/include/proftpd/conf.h")


# The markers "proftpd" and "root" (registered in pyproject.toml) say what a
# test needs; a test carrying one is skipped, with the mark's reason, where
# that is missing (pytest_collection_modifyitems below).
needs_proftpd = pytest.mark.proftpd(
    reason="needs an installed ProFTPD with headers (apt-get install proftpd-core proftpd-dev)")
needs_root = pytest.mark.root(reason="needs root")

_REQUIREMENTS = {"proftpd": have_proftpd, "root": lambda: os.geteuid() == 0}


def pytest_collection_modifyitems(config, items):
    present: dict[str, bool] = {}
    for item in items:
        for name, check in _REQUIREMENTS.items():
            mark = item.get_closest_marker(name)
            if mark is None:
                continue
            if name not in present:
                present[name] = bool(check())
            if not present[name]:
                item.add_marker(pytest.mark.skip(
                    reason=mark.kwargs.get("reason") or f"needs {name}"))
