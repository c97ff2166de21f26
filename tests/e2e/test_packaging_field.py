"""Packaging pipelines as the field uses them (issue 12, items 12-16): wheels
and sdists of a project with [[tool.prxs.modules]], Debian-style builds
(no .la, PRXS_TARGET exported, check then install), the Makefile include
calling the prxs it came from, and a plain ``pip install`` of prxs running the
README's examples."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from ..conftest import PACKAGES, ROOT, SAMPLES

WHEEL_PKG = PACKAGES / "wheel"
HAVE_PROFTPD_DEV = os.path.exists("/usr/include/proftpd/conf.h") and \
    os.access("/usr/sbin/proftpd", os.X_OK)


def _needs_prxs_entry_points() -> None:
    from importlib.metadata import entry_points
    if not [e for e in entry_points(group="setuptools.finalize_distribution_options")
            if e.name == "prxs"]:
        pytest.skip("prxs is not installed (pip install -e .): its setuptools hooks "
                    "are registered through entry points")


def _project(tmp_path: Path, name: str) -> Path:
    proj = tmp_path / name
    shutil.copytree(WHEEL_PKG / name, proj)
    return proj


def pip_wheel(proj: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-build-isolation",
                           "--no-deps", *extra, "-w", str(out), str(proj)],
                          capture_output=True, text=True, timeout=600)


def wheel_meta(whl: Path) -> dict[str, str]:
    z = zipfile.ZipFile(whl)
    (wheel_file,) = [n for n in z.namelist() if n.endswith(".dist-info/WHEEL")]
    return dict(line.split(": ", 1) for line in z.read(wheel_file).decode().splitlines()
                if ": " in line)


# --- 12. wheels and sdists -----------------------------------------------------

def test_wheel_with_a_native_module_is_tagged_for_the_platform(tmp_path):
    _needs_prxs_entry_points()
    proj = _project(tmp_path, "hello")
    r = pip_wheel(proj, tmp_path / "dist")
    assert r.returncode == 0, r.stdout + r.stderr
    (whl,) = (tmp_path / "dist").glob("*.whl")
    import sysconfig
    plat = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    assert whl.name == f"whello_modules-1.0-py3-none-{plat}.whl"
    meta = wheel_meta(whl)
    assert meta["Root-Is-Purelib"] == "false"
    assert meta["Tag"] == f"py3-none-{plat}"
    so = zipfile.ZipFile(whl).read("whello_modules-1.0.data/data/lib/proftpd/mod_whello.so")
    assert so[:4] == b"\x7fELF" and b"target=sdk" in so


def test_compile_error_in_pip_wheel_shows_the_compilers_output(tmp_path):
    _needs_prxs_entry_points()
    proj = _project(tmp_path, "hello")
    util = proj / "src" / "whello_util.c"
    util.write_text(util.read_text().replace('"hello from a wheel"', "whello_no_such_name"))
    r = pip_wheel(proj, tmp_path / "dist", "-v")
    assert r.returncode != 0
    out = r.stdout + r.stderr
    # gcc's own diagnostic, with the file and line, reaches the user.
    assert "whello_util.c:4:10: error:" in out and "whello_no_such_name" in out, out[-4000:]
    assert "prxs: compile failed" in out and "prxs: command: gcc " in out
    assert not list((tmp_path / "dist").glob("*.whl"))


def test_python_m_build_makes_an_sdist_with_the_sources_and_a_wheel_from_it(tmp_path):
    _needs_prxs_entry_points()
    pytest.importorskip("build")
    proj = _project(tmp_path, "hello")
    out = tmp_path / "dist"
    # No isolation: the build requirement 'prxs' is this checkout, not PyPI's.
    r = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "-o", str(out),
                        str(proj)], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    (sdist,) = out.glob("*.tar.gz")
    members = set(tarfile.open(sdist).getnames())
    for f in ("src/mod_whello.c", "src/whello_util.c", "src/whello.h",
              "include/whello/version.h", "pyproject.toml"):
        assert f"whello_modules-1.0/{f}" in members, sorted(members)
    (whl,) = out.glob("*.whl")
    assert wheel_meta(whl)["Root-Is-Purelib"] == "false"
    assert "whello_modules-1.0.data/data/lib/proftpd/mod_whello.so" in \
        zipfile.ZipFile(whl).namelist()


@pytest.mark.skipif(not HAVE_PROFTPD_DEV, reason="needs proftpd-core and proftpd-dev")
def test_one_module_for_two_targets_gets_two_builds_each_stamped_for_its_target(tmp_path):
    _needs_prxs_entry_points()
    proj = _project(tmp_path, "twotargets")
    r = pip_wheel(proj, tmp_path / "dist")
    assert r.returncode == 0, r.stdout + r.stderr
    (whl,) = (tmp_path / "dist").glob("*.whl")
    z = zipfile.ZipFile(whl)
    sdk = z.read("whello_two-1.0.data/data/lib/prxs/sdk/mod_whello.so")
    real = z.read("whello_two-1.0.data/data/lib/proftpd/mod_whello.so")
    assert b"target=sdk" in sdk and b"target=proftpd" not in sdk
    assert b"target=proftpd" in real and b"target=sdk" not in real
    # Two build trees, one per target.
    trees = sorted(p.parent.parent.name for p in (proj / "build").rglob("mod_whello.la"))
    assert len(trees) == 2 and trees[0].startswith("proftpd-") and trees[1] == "sdk"


def test_two_entries_writing_one_file_are_refused(tmp_path):
    _needs_prxs_entry_points()
    proj = _project(tmp_path, "twotargets")
    toml = proj / "pyproject.toml"
    toml.write_text(toml.read_text().replace('data_dir = "lib/prxs/sdk"',
                                             'data_dir = "lib/proftpd"'))
    r = pip_wheel(proj, tmp_path / "dist")
    assert r.returncode != 0
    assert "entries 1 and 2 both put mod_whello.so in data_dir 'lib/proftpd'" in \
        r.stdout + r.stderr
