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


def pip_wheel(proj: Path, out: Path, *extra: str,
              env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-build-isolation",
                           "--no-deps", *extra, "-w", str(out), str(proj)],
                          capture_output=True, text=True, timeout=600,
                          env=dict(os.environ, **(env or {})))


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


@pytest.mark.cython
def test_wheel_with_a_cython_module_keeps_the_interpreters_tag(tmp_path):
    """A Cython module embeds the Python it was translated for."""
    _needs_prxs_entry_points()
    pytest.importorskip("Cython")
    proj = tmp_path / "cyproj"
    (proj / "src").mkdir(parents=True)
    shutil.copy(SAMPLES / "mod_pyhello.pyx", proj / "src")
    (proj / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools>=61", "prxs"]\n'
        'build-backend = "setuptools.build_meta"\n\n'
        '[project]\nname = "cyhello"\nversion = "1.0"\n\n'
        '[tool.setuptools]\npackages = []\n\n'
        '[[tool.prxs.modules]]\nsources = ["src/mod_pyhello.pyx"]\n')
    # A cache of its own: a translation cached here from src/mod_pyhello.pyx
    # would be reused, source name included, by other tests' builds of the
    # same .pyx content (a defect of the translation cache, reported).
    r = pip_wheel(proj, tmp_path / "dist", env={"PRXS_CACHE_DIR": str(tmp_path / "cache")})
    assert r.returncode == 0, r.stdout + r.stderr
    (whl,) = (tmp_path / "dist").glob("*.whl")
    import sysconfig
    from packaging.tags import sys_tags
    best = next(iter(sys_tags()))
    plat = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    assert wheel_meta(whl)["Tag"] == f"{best.interpreter}-{best.abi}-{plat}"
    assert wheel_meta(whl)["Root-Is-Purelib"] == "false"


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


# --- 13. Debian packaging ---------------------------------------------------------

def make(d: Path, *targets: str, env: dict | None = None, path_first: Path | None = None):
    """make as a packaging script runs it: PRXS not set, prxs found through
    the Makefile include."""
    e = dict(os.environ)
    e["PYTHONPATH"] = str(ROOT) + os.pathsep + e.get("PYTHONPATH", "")
    e.pop("MAKEFLAGS", None)
    e.pop("PRXS", None)
    if path_first is not None:
        e["PATH"] = str(path_first) + os.pathsep + e["PATH"]
    if env:
        e.update(env)
    return subprocess.run(["make", "-C", str(d), *targets], env=e, capture_output=True,
                          text=True, timeout=600)


def generated(prxs, tmp_path: Path, name: str = "mod_deb") -> Path:
    """A prxs -g module whose Makefile includes what 'prxs -q PRXS_MK' (run
    as python -m prxs, an absolute command) names, as a packaging script or
    a Makefile run under sudo's secure_path would."""
    assert prxs("-g", name, cwd=tmp_path).returncode == 0
    d = tmp_path / name
    mk = d / "Makefile"
    text = mk.read_text()
    assert "include $(shell $(PRXS) -q PRXS_MK)\n" in text
    mk.write_text(text.replace("include $(shell $(PRXS) -q PRXS_MK)",
                               f"include $(shell {sys.executable} -m prxs -q PRXS_MK)"))
    return d


def identity(p: Path) -> tuple[int, int]:
    st = p.stat()
    return st.st_ino, st.st_mtime_ns


def test_install_without_the_la_from_the_cli(prxs, hello_dir, tmp_path):
    stage = tmp_path / "stage"
    r = prxs("-c", "-i", "--no-la", "--destdir", str(stage), "--libexecdir",
             "/usr/lib/proftpd", "mod_hello.c", cwd=hello_dir)
    assert r.returncode == 0, r
    lib = stage / "usr/lib/proftpd"
    assert sorted(os.listdir(lib)) == ["mod_hello.so"]
    r = prxs("--uninstall", "--destdir", str(stage), "--libexecdir", "/usr/lib/proftpd",
             "mod_hello.c", cwd=hello_dir)
    assert r.returncode == 0, r
    assert os.listdir(lib) == []


@pytest.mark.skipif(not HAVE_PROFTPD_DEV, reason="needs proftpd-core and proftpd-dev")
def test_debian_build_check_install_with_prxs_target_exported(prxs, tmp_path):
    """debian/rules exports PRXS_TARGET=proftpd and runs make, make check,
    make install DESTDIR=... (dh_auto_*), with .la files dropped."""
    d = generated(prxs, tmp_path)
    env = {"PRXS_TARGET": "proftpd"}
    r = make(d, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    built = d / ".libs" / "mod_deb.so"
    assert b"target=proftpd" in built.read_bytes()
    before = identity(built)
    # The shim loads SDK modules: check tests an SDK copy, not the one installed.
    r = make(d, "check", env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "3 passed" in r.stdout
    shim_copy = d / ".prxs-check" / ".libs" / "mod_deb.so"
    assert b"target=sdk" in shim_copy.read_bytes()
    shim_before = identity(shim_copy)
    stage = tmp_path / "stage"
    r = make(d, "install", f"DESTDIR={stage}", "PRXS_NO_LA=1", env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert sorted(os.listdir(stage / "usr/lib/proftpd")) == ["mod_deb.so"]
    assert (stage / "usr/lib/proftpd/mod_deb.so").read_bytes() == built.read_bytes()
    r = make(d, "check", env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    # Neither build was redone for another target on the way.
    assert identity(built) == before and identity(shim_copy) == shim_before
    r = make(d, "clean", env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert not (d / ".prxs-check").exists() and not (d / "mod_deb.la").exists()


@pytest.mark.skipif(not HAVE_PROFTPD_DEV, reason="needs proftpd-core and proftpd-dev")
def test_shim_fixtures_build_for_the_shim_whatever_prxs_target_says(
        monkeypatch, shim_build_module, shim_host_factory, shim_user):
    monkeypatch.setenv("PRXS_TARGET", "proftpd")
    mods = shim_build_module(SAMPLES / "mod_hello.c")
    assert b"target=sdk" in (mods / ".libs" / "mod_hello.so").read_bytes()
    user = shim_user()
    host = shim_host_factory(f"ModulePath {mods}\nLoadModule mod_hello.c\n"
                             f"AuthUserFile {user['passwd_file']}\n")
    with host.session("127.0.0.1") as s:
        s.login(user["name"], user["password"])
        assert s.command("SITE HELLO deb").text == "Hello, deb!"


# --- 14. the Makefile include calls the prxs it came from --------------------------

def test_make_works_with_another_prxs_first_on_path(prxs, tmp_path):
    fake = tmp_path / "fakebin"
    fake.mkdir()
    (fake / "prxs").write_text("#!/bin/sh\necho 'Unknown option: q' >&2\nexit 99\n")
    (fake / "prxs").chmod(0o755)
    d = generated(prxs, tmp_path)
    stage = tmp_path / "stage"
    for targets in (["all"], ["check"], ["install", f"DESTDIR={stage}"],
                    ["uninstall", f"DESTDIR={stage}"], ["clean"]):
        r = make(d, *targets, path_first=fake)
        assert r.returncode == 0, (targets, r.stdout + r.stderr)
        assert "Unknown option" not in r.stderr
    # make PRXS=... still chooses.
    r = make(d, "all", "PRXS=" + str(fake / "prxs"), path_first=fake)
    assert r.returncode != 0 and "Unknown option: q" in r.stderr


# --- 15, 16. a plain 'pip install' of prxs, and the README's examples ------------

@pytest.fixture(scope="module")
def fresh_venv(tmp_path_factory) -> Path:
    """A new venv with only 'pip install <checkout>' (not editable), as a new
    user makes one.  Slow (a wheel build and the dependencies from the
    index): one for the whole module."""
    base = tmp_path_factory.mktemp("fresh")
    src = base / "src" / "prxs"
    shutil.copytree(ROOT, src, symlinks=True,
                    ignore=shutil.ignore_patterns(".git", ".venv", "build", "*.egg-info",
                                                  "__pycache__", ".pytest_cache"))
    venv = base / "venv"
    r = subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(src)],
                       capture_output=True, text=True, timeout=1200, env=_plain_env())
    if r.returncode != 0 and ("Could not find a version" in r.stderr or
                              "NewConnectionError" in r.stderr):
        pytest.skip("no package index reachable to install prxs's dependencies")
    assert r.returncode == 0, r.stderr[-3000:]
    shutil.rmtree(src.parent)
    return venv


def _plain_env(venv: Path | None = None) -> dict:
    """The environment of a shell with the venv activated: nothing of the
    checkout on PYTHONPATH."""
    env = dict(os.environ)
    for var in ("PYTHONPATH", "PRXS", "MAKEFLAGS", "PRXS_TARGET", "DESTDIR"):
        env.pop(var, None)
    if venv is not None:
        env["PATH"] = str(venv / "bin") + os.pathsep + env["PATH"]
        env["VIRTUAL_ENV"] = str(venv)
    return env


def test_fresh_install_demo_runs_the_packaged_sample_modules(fresh_venv, tmp_path):
    r = subprocess.run(["python", "-m", "prxs.demo"], cwd=tmp_path, env=_plain_env(fresh_venv),
                       capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    assert "< 200 Howdy, prxs!" in r.stdout and r.stdout.rstrip().endswith("demo: ok")
    site = list((fresh_venv / "lib").glob("python3*/site-packages/prxs/sample_modules"))
    assert site and (site[0] / "mod_hello.c").is_file() and not site[0].is_symlink()


def test_fresh_install_compile_install_clean_into_the_default_libexec_dir(fresh_venv,
                                                                          tmp_path):
    src = (SAMPLES / "mod_hello.c").read_text()
    (tmp_path / "mod_foo.c").write_text(src.replace("hello", "foo").replace("HELLO", "FOO")
                                        .replace("Hello", "Foo"))
    (tmp_path / "helper.c").write_text("int foo_helper(void) { return 1; }\n")
    env = _plain_env(fresh_venv)
    # A machine without ProFTPD: the default target is the SDK (with one, it
    # would be the installed server and /usr/lib/proftpd).
    env["PRXS_PROFTPD_PATH"] = ""
    libexec = fresh_venv / "lib" / "prxs" / "modules"
    assert not libexec.exists()
    r = subprocess.run(["prxs", "-c", "-i", "-d", "mod_foo.c", "helper.c"], cwd=tmp_path,
                       env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    assert sorted(os.listdir(libexec)) == ["mod_foo.la", "mod_foo.so"]
    assert not (tmp_path / "mod_foo.la").exists()       # -d cleaned the build
    # A directory that is not prxs's own is never created behind the user's back.
    missing = tmp_path / "srv" / "modules"
    r = subprocess.run(["prxs", "-c", "-i", "--libexecdir", str(missing), "mod_foo.c",
                        "helper.c"], cwd=tmp_path, env=env, capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 1 and not missing.exists()
    assert f"the libexec directory {missing} does not exist" in r.stderr
    assert "Traceback" not in r.stderr


def test_fresh_install_make_check_right_after_generate(fresh_venv, tmp_path):
    env = _plain_env(fresh_venv)
    r = subprocess.run(["prxs", "-g", "mod_fresh"], cwd=tmp_path, env=env,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    d = tmp_path / "mod_fresh"
    r = subprocess.run(["make", "check"], cwd=d, env=env, capture_output=True, text=True,
                       timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "3 passed" in r.stdout


def test_make_check_without_pytest_says_what_to_install(fresh_venv, tmp_path):
    bare = tmp_path / "bare"
    r = subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(bare)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    env = _plain_env(fresh_venv)
    assert subprocess.run(["prxs", "-g", "mod_bare"], cwd=tmp_path, env=env,
                          capture_output=True, timeout=300).returncode == 0
    r = subprocess.run(["make", "check", f"PYTHON={bare / 'bin' / 'python'}"],
                       cwd=tmp_path / "mod_bare", env=env, capture_output=True, text=True,
                       timeout=600)
    assert r.returncode != 0
    lines = [ln for ln in r.stderr.splitlines() if ln.startswith("make check:")]
    assert lines == [f"make check: pytest is not installed for {bare / 'bin' / 'python'}: "
                     f"run '{bare / 'bin' / 'python'} -m pip install pytest'"], r.stderr
    assert "Traceback" not in r.stderr
