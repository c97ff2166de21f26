"""The header cache (conf.h.gch) and a lean start-up: faster, never different."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest


from ..conftest import ROOT, needs_proftpd


def wait_for(path: Path, timeout: float = 120.0) -> None:
    """The header cache is built by a detached helper: wait for it to land."""
    deadline = time.time() + timeout
    while not path.is_file():
        assert time.time() < deadline, f"{path} never appeared"
        time.sleep(0.05)


def warm_cache(prxs, d, env, *extra) -> Path:
    first = build_json(prxs, d, *extra, env=env)
    gch = Path(first["build"]["pch"]["path"])
    wait_for(gch)
    return gch


def build_json(prxs, d, *extra, env=None):
    r = prxs("-c", "--json", *extra, "mod_hello.c", cwd=d, env=env)
    assert r.returncode == 0, r
    return json.loads(r.stdout)


@pytest.mark.parametrize("target", ["sdk", pytest.param("proftpd", marks=needs_proftpd)])
def test_first_build_fills_the_cache_and_later_builds_use_it(prxs, hello_dir, tmp_path,
                                                              target):
    env = {"PRXS_CACHE_DIR": str(tmp_path / "cache")}
    first = build_json(prxs, hello_dir, "--target", target, env=env)
    assert first["build"]["pch"]["used"] == []
    assert "being built" in first["build"]["pch"]["reason"]
    gch = Path(first["build"]["pch"]["path"])
    assert any(c["step"].startswith("pch") for c in first["commands"])
    wait_for(gch)
    deadline = time.time() + 30
    while [p for p in os.listdir(gch.parent) if p.endswith((".tmp", ".d"))]:
        assert time.time() < deadline
        time.sleep(0.05)
    # Touch the source's content so the second build compiles again.
    (hello_dir / "mod_hello.c").write_text((hello_dir / "mod_hello.c").read_text() + "\n")
    second = build_json(prxs, hello_dir, "--target", target, env=env)
    assert second["build"]["pch"]["used"] == ["mod_hello.c"]
    compile_cmd = next(c for c in second["commands"] if c["step"] == "compile")
    assert "-I" + str(gch.parent) in compile_cmd["argv"]
    assert "-Winvalid-pch" in compile_cmd["argv"]
    assert not any(c["step"] == "pch" for c in second["commands"])


@pytest.mark.parametrize("target", ["sdk", pytest.param("proftpd", marks=needs_proftpd)])
def test_module_with_and_without_the_cache_is_byte_identical(prxs, tmp_path, target):
    import shutil
    from ..conftest import SAMPLES
    outs = []
    used = []
    env = {"PRXS_CACHE_DIR": str(tmp_path / "cache")}
    for i, extra in enumerate([[], [], ["--no-pch"]]):
        d = tmp_path / f"b{i}"
        d.mkdir()
        shutil.copy(SAMPLES / "mod_hello.c", d)
        res = build_json(prxs, d, "--target", target, *extra, env=env)
        if i == 0:
            wait_for(Path(res["build"]["pch"]["path"]))
        used.append(res["build"]["pch"]["used"])
        outs.append((d / ".libs/mod_hello.so").read_bytes())
    assert used == [[], ["mod_hello.c"], []]
    # outs[1] was built with the warm cache, outs[2] without it, in other directories.
    assert outs[1] == outs[2]


def test_no_pch_never_touches_the_cache(prxs, hello_dir, tmp_path):
    cache = tmp_path / "cache"
    res = build_json(prxs, hello_dir, "--no-pch", env={"PRXS_CACHE_DIR": str(cache)})
    assert res["build"]["pch"]["reason"] == "disabled (--no-pch)"
    assert not (cache / "pch").exists()


def test_verbose_says_whether_the_cache_was_used(prxs, hello_dir, tmp_path):
    env = {"PRXS_CACHE_DIR": str(tmp_path / "cache")}
    r = prxs("-c", "-v", "mod_hello.c", cwd=hello_dir, env=env)
    assert "precompiled header: not used (first build" in r.stdout
    wait_for(next((tmp_path / "cache" / "pch").glob("*")) / "conf.h.gch")
    (hello_dir / "mod_hello.c").write_text((hello_dir / "mod_hello.c").read_text() + "\n")
    r = prxs("-c", "-v", "mod_hello.c", cwd=hello_dir, env=env)
    assert "precompiled header: used for mod_hello.c" in r.stdout


def test_a_header_cache_gcc_refuses_is_reported_and_the_build_goes_on(prxs, hello_dir,
                                                                       tmp_path):
    env = {"PRXS_CACHE_DIR": str(tmp_path / "cache")}
    gch = warm_cache(prxs, hello_dir, env)
    data = bytearray(gch.read_bytes())
    data[8:16] = b"garbage!"          # keep the size and stat key, break the content
    st = gch.stat()
    gch.write_bytes(bytes(data))
    os.utime(gch, ns=(st.st_atime_ns, st.st_mtime_ns))
    (hello_dir / "mod_hello.c").write_text((hello_dir / "mod_hello.c").read_text() + "\n")
    r = prxs("-c", "-v", "--json", "mod_hello.c", cwd=hello_dir, env=env)
    assert r.returncode == 0, r
    res = json.loads(r.stdout)
    assert res["build"]["pch"]["refused"] == ["mod_hello.c"]
    assert res["build"]["pch"]["used"] == []
    assert "-Winvalid-pch" in r.stderr and "refused by the compiler" in r.stderr
    assert (hello_dir / ".libs/mod_hello.so").exists()
    assert not gch.exists()      # dropped: the next build makes a good one


def _imports(argv, cwd, env):
    proc = subprocess.run([sys.executable, "-X", "importtime", *argv], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return {line.split("|")[-1].strip() for line in proc.stderr.splitlines()
            if line.startswith("import time:")}


def test_plain_compile_imports_only_what_it_needs(hello_dir):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    # What the interpreter itself imports here (site hooks) is not prxs's doing.
    baseline = _imports(["-c", "pass"], hello_dir, env)
    # An installed proftpd's facts (proftpd -V, -l) are read and parsed once
    # per binary and cached: the first query pays for that, not each build.
    _imports(["-m", "prxs", "-q", "CC"], hello_dir, env)
    imported = _imports(["-m", "prxs", "-c", "mod_hello.c"], hello_dir, env) - baseline
    for heavy in ("jinja2", "Cython", "json", "elftools", "argparse", "subprocess",
                  "typing", "dataclasses", "shlex", "re", "tempfile", "shutil"):
        assert heavy not in imported, f"prxs -c imported {heavy}"
    assert len(imported) < 40, sorted(imported)
