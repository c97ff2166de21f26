"""Building Cython modules with the real CLI: the outputs, the errors and
their exit codes, and the translation cache."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from prxs.build import BuildSpec, build
from prxs.elf import DT_NEEDED, DT_RPATH, DT_RUNPATH, STT_FUNC, read_elf
from prxs.la import parse_la
from prxs.runner import Runner
from prxs.targets import sdk_target

from ..conftest import PACKAGES, SAMPLES

PKG = PACKAGES / "cython"

pytestmark = [pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc"),
              pytest.mark.cython]
Cython = pytest.importorskip("Cython", reason="needs Cython 3 (pip install 'Cython>=3')")


def copy(d: Path, *srcs: Path) -> Path:
    d.mkdir(exist_ok=True)
    for s in srcs:
        shutil.copy(s, d / s.name)
    return d


def test_pyx_builds_a_module_like_a_c_one(prxs, tmp_path):
    d = copy(tmp_path / "m", SAMPLES / "mod_pyhello.pyx")
    r = prxs("-c", "mod_pyhello.pyx", cwd=d)
    assert r.returncode == 0, r
    so = d / ".libs" / "mod_pyhello.so"
    assert (d / "mod_pyhello.la").is_file() and so.is_file()
    la = parse_la((d / "mod_pyhello.la").read_text())
    assert la["dlname"] == "mod_pyhello.so"
    elf = read_elf(str(so))
    syms = {s.name: s for s in elf.dynamic_symbols() if s.defined}
    assert syms["pyhello_module"].type != STT_FUNC
    assert "PyInit_mod_pyhello" in syms
    dyn = elf.dynamic_entries()
    assert any(n.startswith("libpython3") for n in dyn.get(DT_NEEDED, []))
    import sysconfig
    libdir = sysconfig.get_config_var("LIBDIR")
    runpath = ":".join(dyn.get(DT_RUNPATH, []) + dyn.get(DT_RPATH, []))
    if libdir not in ("/usr/lib", "/lib", "/usr/lib64") and \
            not libdir.startswith("/usr/lib/"):
        assert libdir in runpath.split(":")
    # The generated sources live in the build directory's .libs/
    assert (d / ".libs" / "cython" / "mod_pyhello.c").is_file()
    assert (d / ".libs" / "cython" / "mod_pyhello_glue.c").is_file()


def test_cython_error_shows_file_and_line_and_exits_1(prxs, tmp_path):
    d = copy(tmp_path / "m", PKG / "mod_cybad.pyx")
    r = prxs("-c", "mod_cybad.pyx", cwd=d)
    assert r.returncode == 1, r
    first = r.stderr.splitlines()[0]
    assert first == ("prxs: error: Cython cannot translate mod_cybad.pyx: "
                     "mod_cybad.pyx:9:11: undeclared name not builtin: undefined_name")
    assert "return undefined_name + n" in r.stderr          # Cython's context
    assert not (d / "mod_cybad.la").exists()
    assert not (d / ".libs" / "mod_cybad.so").exists()


def test_pyx_without_handler_declarations_exits_2(prxs, tmp_path):
    d = copy(tmp_path / "m", PKG / "mod_cynone.pyx")
    r = prxs("-c", "mod_cynone.pyx", cwd=d)
    assert r.returncode == 2, r
    assert ("prxs: error: mod_cynone.pyx declares no directive or command handler, so "
            "prxs cannot write the module's tables (cynone_module)") in r.stderr
    assert "@pr.site_command" in r.stderr


def test_without_cython_exits_3_with_the_install_hint(prxs, tmp_path):
    d = copy(tmp_path / "m", SAMPLES / "mod_pyhello.pyx")
    fake = tmp_path / "nocython" / "Cython"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('no Cython in this test')\n")
    root = Path(__file__).resolve().parents[2]
    r = prxs("-c", "mod_pyhello.pyx", cwd=d,
             env={"PYTHONPATH": f"{root}{os.pathsep}{fake.parent}"})
    assert r.returncode == 3, r
    assert "prxs: error: cannot translate mod_pyhello.pyx: Cython is not installed" \
        in r.stderr
    assert "pip install 'Cython>=3'" in r.stderr


def test_pyx_with_a_c_helper_and_a_header_next_to_it(prxs, tmp_path):
    d = copy(tmp_path / "m", PKG / "mod_cymix.pyx", PKG / "cymix_helper.c",
             PKG / "cymix_helper.h")
    r = prxs("-c", "mod_cymix.pyx", "cymix_helper.c", cwd=d)
    assert r.returncode == 0, r
    syms = {s.name for s in read_elf(str(d / ".libs" / "mod_cymix.so")).dynamic_symbols()
            if s.defined}
    assert {"cymix_module", "cymix_add"} <= syms


def test_dry_run_translates_nothing_and_shows_the_commands(prxs, tmp_path):
    d = copy(tmp_path / "m", SAMPLES / "mod_pyhello.pyx")
    r = prxs("-c", "--dry-run", "mod_pyhello.pyx", cwd=d)
    assert r.returncode == 0, r
    assert ".libs/cython/mod_pyhello_glue.c" in r.stdout   # #includes the translation
    assert "-lpython3" in r.stdout
    assert not (d / ".libs" / "cython" / "mod_pyhello.c").exists()


def _build(d: Path, pyx: str = "mod_pyhello.pyx"):
    spec = BuildSpec(Path(pyx).stem, [str(d / pyx)], str(d))
    return build(spec, sdk_target(), Runner())


def test_translation_is_reused_until_the_source_or_a_pxd_changes(tmp_path):
    d = tmp_path / "m"
    d.mkdir()
    # A source no other test built: the translation cache is per user.
    (d / "mod_pyhello.pyx").write_text((SAMPLES / "mod_pyhello.pyx").read_text()
                                       + f"# {tmp_path}\n")
    first = _build(d)
    info = first.cython
    assert info["translated"] is True
    assert info["cython_version"] == Cython.__version__
    assert info["python_version"] == sys.version.split()[0]
    assert info["module_version"] == "mod_pyhello/0.1"
    assert [h["label"] for h in info["handlers"] if h["kind"] == "command"] == \
        ["SITE PYHELLO", "SITE PYJSON", "SITE PYBOOM"]
    assert _build(d).cython["translated"] is False
    (d / "extra.pxd").write_text("cdef int unused\n")
    assert _build(d).cython["translated"] is True
    assert _build(d).cython["translated"] is False
    src = d / "mod_pyhello.pyx"
    src.write_text(src.read_text().replace("mod_pyhello/0.1", "mod_pyhello/0.2"))
    again = _build(d)
    assert again.cython["translated"] is True
    assert again.cython["module_version"] == "mod_pyhello/0.2"


def test_translation_is_shared_between_build_directories(tmp_path):
    text = (SAMPLES / "mod_pyhello.pyx").read_text() + f"# {tmp_path}\n"
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "mod_pyhello.pyx").write_text(text)
    assert _build(tmp_path / "a").cython["translated"] is True
    assert _build(tmp_path / "b").cython["translated"] is False
    c = Path(".libs", "cython", "mod_pyhello.c")
    assert (tmp_path / "a" / c).read_bytes() == (tmp_path / "b" / c).read_bytes()


def test_json_reports_cython_and_python_versions(prxs, tmp_path):
    d = copy(tmp_path / "m", SAMPLES / "mod_pyhello.pyx")
    r = prxs("-c", "--json", "mod_pyhello.pyx", cwd=d)
    assert r.returncode == 0, r
    info = json.loads(r.stdout)["build"]["cython"]
    assert info["cython_version"] == Cython.__version__
    assert info["python_version"] == sys.version.split()[0]


def test_verbose_names_cython_and_python_versions(prxs, tmp_path):
    d = copy(tmp_path / "m", SAMPLES / "mod_pyhello.pyx")
    r = prxs("-c", "-v", "mod_pyhello.pyx", cwd=d)
    assert r.returncode == 0, r
    assert f"Cython {Cython.__version__}" in r.stdout + r.stderr
    assert f"Python {sys.version.split()[0]}" in r.stdout + r.stderr


def test_libraries_hint_in_the_pyx_is_linked(tmp_path):
    d = tmp_path / "m"
    d.mkdir()
    src = (SAMPLES / "mod_pyhello.pyx").read_text()
    (d / "mod_pyhello.pyx").write_text("# $Libraries: -lm$\n" + src)
    res = _build(d)
    assert "-lm" in res.libraries       # (the linker may drop it: nothing uses it)


def test_module_loads_with_dlopen_from_plain_python(tmp_path):
    """RTLD_NOW resolves libpython through the module's run path alone; the
    SDK functions come from a stub, as the shim host provides them."""
    d = copy(tmp_path / "m", SAMPLES / "mod_pyhello.pyx")
    _build(d)
    proc = subprocess.run(["ldd", "-r", str(d / ".libs" / "mod_pyhello.so")],
                          capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"})
    missing_libs = [ln for ln in proc.stdout.splitlines() if "not found" in ln
                    and "=>" in ln]
    assert missing_libs == []


def test_clean_after_a_cython_build_leaves_only_the_source(prxs, tmp_path):
    d = copy(tmp_path / "m", SAMPLES / "mod_pyhello.pyx")
    assert prxs("-c", "mod_pyhello.pyx", cwd=d).returncode == 0
    assert (d / ".libs" / "cython" / "mod_pyhello_glue.o").exists()
    r = prxs("-d", "mod_pyhello.pyx", cwd=d)
    assert r.returncode == 0, r
    assert sorted(p.name for p in d.rglob("*")) == ["mod_pyhello.pyx"]


def _filename_table(c_file: Path) -> list[str]:
    """The source names Cython wrote into its C (``__pyx_f[]``: tracebacks)."""
    text = c_file.read_text()
    start = text.index("__pyx_f[] = {")
    return [line.strip().rstrip(",").strip('"')
            for line in text[start:text.index("};", start)].splitlines()[1:]]


def test_the_translation_cache_keeps_the_source_name_cython_writes(tmp_path, monkeypatch):
    """The same .pyx content built as src/mod_x.pyx and as other/mod_x.pyx:
    Cython writes the path into the C (tracebacks name it), so the second
    build must not reuse the first one's translation."""
    text = (SAMPLES / "mod_pyhello.pyx").read_text() + f"# {tmp_path}\n"
    for sub in ("src", "other"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "mod_pyhello.pyx").write_text(text)
    monkeypatch.chdir(tmp_path)
    results = {}
    for sub in ("src", "other"):
        spec = BuildSpec("mod_pyhello", [f"{sub}/mod_pyhello.pyx"], str(tmp_path / f"b_{sub}"))
        results[sub] = build(spec, sdk_target(), Runner()).cython
    assert results["src"]["translated"] is True
    assert results["other"]["translated"] is True
    for sub in ("src", "other"):
        c = tmp_path / f"b_{sub}" / ".libs" / "cython" / "mod_pyhello.c"
        assert _filename_table(c)[0] == f"{sub}/mod_pyhello.pyx"
    # The same name again is still a cache hit.
    spec = BuildSpec("mod_pyhello", ["src/mod_pyhello.pyx"], str(tmp_path / "b_again"))
    assert build(spec, sdk_target(), Runner()).cython["translated"] is False


@pytest.mark.parametrize("layout", ["relative", "absolute-inside", "absolute-outside",
                                    "dotdot", "renamed"])
def test_the_key_names_what_cython_writes(tmp_path, monkeypatch, layout):
    """prxs.cython._source_names follows Cython's own rule for the names it
    writes into the C, checked against a real translation."""
    from prxs.cython import _compiler, _source_names, _translate
    src = tmp_path / "proj" / "src"
    src.mkdir(parents=True)
    (src / "mod_x.pyx").write_text("def f():\n    raise ValueError('x')\n")
    cwd = {"relative": tmp_path / "proj", "absolute-inside": tmp_path / "proj",
           "absolute-outside": tmp_path / "elsewhere", "dotdot": tmp_path / "elsewhere",
           "renamed": tmp_path / "proj"}[layout]
    cwd.mkdir(exist_ok=True)
    pyx = {"relative": "src/mod_x.pyx", "absolute-inside": str(src / "mod_x.pyx"),
           "absolute-outside": str(src / "mod_x.pyx"), "dotdot": "../proj/src/mod_x.pyx",
           "renamed": "src/mod_x.pyx"}[layout]
    module = "mod_y" if layout == "renamed" else "mod_x"
    monkeypatch.chdir(cwd)
    out = tmp_path / "out.c"
    _translate(_compiler(pyx), pyx, str(out), module, [])
    entry, described = _source_names(pyx, module).split("\0")
    assert _filename_table(out) == [entry]
    assert f'/* "{described}":1\n' in out.read_text()
