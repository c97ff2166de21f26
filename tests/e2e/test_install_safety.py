"""Nothing lost, nothing half done: installs on a full disk, installs and
builds killed at random points, uninstalls that stay within their own
destination, and messages that never name a temporary file."""

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from prxs._fs import parse_temp_name

from ..conftest import PACKAGES, ROOT, SAMPLES

HELLO = (SAMPLES / "mod_hello.c").read_text()


def module_dir(base: Path, name: str, pad: int = 0) -> Path:
    """mod_hello in its own directory, made ``pad`` bytes bigger (the same
    module name, so installing it replaces the other one)."""
    d = base / name
    d.mkdir()
    text = HELLO
    if pad:
        text += f"\nconst char hello_pad_{pad}[{pad}] = {{1}};\n"
    (d / "mod_hello.c").write_text(text)
    return d


def temps(*dirs: Path) -> list[str]:
    """Temporary files of prxs's own naming in ``dirs`` (recursively)."""
    found = []
    for d in dirs:
        for root, _, files in os.walk(d):
            found += [os.path.join(root, f) for f in files if parse_temp_name(f)]
    return found


def snapshot(d: Path) -> dict:
    return {p.name: p.read_bytes() for p in sorted(d.iterdir())}


@pytest.fixture
def small_fs(tmp_path):
    """A 64 KiB tmpfs: a file system that fills up for real."""
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a small tmpfs")
    d = tmp_path / "small"
    d.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k,mode=0755", "tmpfs", str(d)],
                       capture_output=True, text=True, timeout=30)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {r.stderr.strip()}")
    try:
        yield d
    finally:
        if subprocess.run(["umount", str(d)], capture_output=True, timeout=30).returncode:
            subprocess.run(["umount", "-l", str(d)], capture_output=True, timeout=30)


def install_first(prxs, tmp_path, libexec: Path) -> tuple[Path, dict]:
    old = module_dir(tmp_path, "old")
    r = prxs("-c", "-i", "--libexecdir", str(libexec), "mod_hello.c", cwd=old)
    assert r.returncode == 0, r
    before = snapshot(libexec)
    assert sorted(before) == ["mod_hello.la", "mod_hello.so"]
    return old, before


def assert_refused_cleanly(r, libexec: Path, before: dict, names: str) -> None:
    assert r.returncode == 1, r
    assert "No space left on device" in r.stderr, r
    assert f"{libexec}/{names}" in r.stderr, r
    assert ".tmp" not in r.stderr and ".prxs" not in r.stderr, r
    assert "Traceback" not in r.stderr, r
    # The previous pair, byte for byte, and nothing else.
    assert snapshot(libexec) == before


# --- 1. short writes, full disk, the pair together or not at all -------------

def test_full_disk_keeps_the_installed_module(prxs, tmp_path, small_fs):
    _, before = install_first(prxs, tmp_path, small_fs)
    big = module_dir(tmp_path, "big", pad=200_000)
    assert prxs("-c", "mod_hello.c", cwd=big).returncode == 0
    r = prxs("-i", "--libexecdir", str(small_fs), "mod_hello.c", cwd=big)
    assert_refused_cleanly(r, small_fs, before, "mod_hello.so")
    assert not temps(small_fs, big)


def test_so_fits_but_la_does_not_keeps_the_old_pair(prxs, tmp_path, small_fs):
    _, before = install_first(prxs, tmp_path, small_fs)
    new = module_dir(tmp_path, "new", pad=64)
    assert prxs("-c", "mod_hello.c", cwd=new).returncode == 0
    so = new / ".libs" / "mod_hello.so"
    st = os.statvfs(small_fs)
    page = st.f_frsize
    free = st.f_bavail * page
    so_pages = -(-so.stat().st_size // page)
    # Leave exactly room for the new .so beside the old pair: not a byte for the .la.
    (small_fs / "filler").write_bytes(b"\0" * (free - so_pages * page))
    before["filler"] = (small_fs / "filler").read_bytes()
    r = prxs("-i", "--libexecdir", str(small_fs), "mod_hello.c", cwd=new)
    assert_refused_cleanly(r, small_fs, before, "mod_hello.la")
    assert not temps(small_fs, new)
    # With room again, the same install goes through whole.
    (small_fs / "filler").unlink()
    r = prxs("-i", "--libexecdir", str(small_fs), "mod_hello.c", cwd=new)
    assert r.returncode == 0, r
    assert (small_fs / "mod_hello.so").read_bytes() == so.read_bytes()


def test_failed_second_rename_puts_the_first_file_back(prxs, tmp_path):
    """The .la cannot replace what is there (a directory): the .so already
    renamed into place is rolled back from its backup link."""
    libexec = tmp_path / "libexec"
    libexec.mkdir()
    _, before = install_first(prxs, tmp_path, libexec)
    (libexec / "mod_hello.la").unlink()
    (libexec / "mod_hello.la").mkdir()
    (libexec / "mod_hello.la" / "keep").write_text("x")
    new = module_dir(tmp_path, "new", pad=64)
    assert prxs("-c", "mod_hello.c", cwd=new).returncode == 0
    r = prxs("-i", "--libexecdir", str(libexec), "mod_hello.c", cwd=new)
    assert r.returncode == 1, r
    assert "mod_hello.la" in r.stderr and ".tmp" not in r.stderr and ".prxs" not in r.stderr
    assert (libexec / "mod_hello.so").read_bytes() == before["mod_hello.so"]
    assert sorted(os.listdir(libexec)) == ["mod_hello.la", "mod_hello.so"]
    assert not temps(libexec, new)
    # Nothing recorded for an install that did not happen.
    assert not (new / ".libs" / "mod_hello.installed").exists()


# --- 6. messages name the final file ------------------------------------------

def test_refused_module_is_named_by_its_final_name(prxs, tmp_path):
    d = module_dir(tmp_path, "bad")
    with open(d / "mod_hello.c", "a") as f:
        f.write("\nextern int prxs_no_such_symbol(void);\n"
                "int hello_use_it(void) { return prxs_no_such_symbol(); }\n")
    r = prxs("-c", "mod_hello.c", cwd=d)
    assert r.returncode == 1, r
    assert "mod_hello.so would not load" in r.stderr, r
    assert ".tmp" not in r.stderr and ".prxs" not in r.stderr, r
    assert not temps(d)


# --- 2. litter of killed installs and builds ---------------------------------

def dead_pid() -> int:
    p = subprocess.Popen(["true"])
    p.wait()
    return p.pid


def plant_litter(d: Path, sleeper: subprocess.Popen) -> tuple[list[Path], Path]:
    """Temporaries a killed prxs would leave (its pid gone, or reused by a
    process that started after the file was written), and one of a live
    writer (this test process), which must survive."""
    d.mkdir(parents=True, exist_ok=True)
    stale = [d / f".mod_hello.so.prxs{dead_pid()}.tmp", d / f".mod_hello.la.prxs{dead_pid()}.tmp",
             d / f".mod_hello.so.prxs{sleeper.pid}.bak"]
    for p in stale:
        p.write_bytes(b"\0" * 4096)
    hour_ago = time.time() - 3600
    os.utime(stale[2], (hour_ago, hour_ago))      # older than the process holding its pid
    live = d / f".mod_hello.so.prxs{os.getpid()}.tmp"
    live.write_bytes(b"busy")
    return stale, live


def kill_at_random(argv: list[str], cwd: Path, env: dict, rounds: int, seed: int) -> int:
    rnd = random.Random(seed)
    killed = 0
    for _ in range(rounds):
        proc = subprocess.Popen(argv, cwd=cwd, env=env, start_new_session=True,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rnd.uniform(0.05, 0.9))
        try:
            os.killpg(proc.pid, signal.SIGKILL)
            killed += 1
        except ProcessLookupError:
            pass
        proc.wait(timeout=60)
    return killed


def prxs_env() -> dict:
    return dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))


def test_killed_installs_leave_no_litter_after_the_next_install(prxs, tmp_path):
    libexec = tmp_path / "libexec"
    big = module_dir(tmp_path, "big", pad=4_000_000)
    assert prxs("-c", "mod_hello.c", cwd=big).returncode == 0
    built = (big / ".libs" / "mod_hello.so").read_bytes()
    sleeper = subprocess.Popen(["sleep", "120"])
    try:
        stale, live = plant_litter(libexec, sleeper)
        seed = random.randrange(1 << 30)
        argv = [sys.executable, "-m", "prxs", "-i", "--libexecdir", str(libexec),
                "mod_hello.c"]
        kill_at_random(argv, big, prxs_env(), 15, seed)
        r = prxs("-i", "--libexecdir", str(libexec), "mod_hello.c", cwd=big)
        assert r.returncode == 0, r
        assert temps(libexec, big) == [str(live)], f"seed {seed}"
        assert (libexec / "mod_hello.so").read_bytes() == built
        assert "installed=yes" in (libexec / "mod_hello.la").read_text()
        assert not any(p.exists() for p in stale)
    finally:
        sleeper.kill()
        sleeper.wait()
        live.unlink()


def test_killed_builds_leave_no_litter_after_the_next_build(prxs, tmp_path):
    d = tmp_path / "two"
    shutil.copytree(PACKAGES / "make" / "two", d)
    sleeper = subprocess.Popen(["sleep", "120"])
    try:
        stale, live = plant_litter(d / ".libs", sleeper)
        stale.append(d / ".libs" / f".a.o.prxs{dead_pid()}.d")
        stale[-1].write_text("a.o: a.c\n")
        seed = random.randrange(1 << 30)
        rnd = random.Random(seed)
        env = prxs_env()
        for i in range(10):
            # A changed source each round, so every run has a compile to kill.
            (d / "b.c").write_text(f"int two_b(void) {{ return 2 + {i}; }}\n")
            kill_at_random([sys.executable, "-m", "prxs", "-c", "--no-pch", "mod_two.c",
                            "a.c", "b.c"], d, env, 1, rnd.randrange(1 << 30))
        r = prxs("-c", "mod_two.c", "a.c", "b.c", cwd=d)
        assert r.returncode == 0, r
        assert temps(d) == [str(live)], f"seed {seed}"
        assert not any(p.exists() for p in stale)
        # A build killed after its last rename leaves litter and nothing to
        # rebuild: the up-to-date build clears it too.
        late = d / ".libs" / f".b.o.prxs{dead_pid()}.d"
        late.write_text("b.o: b.c\n")
        r = prxs("-c", "-v", "mod_two.c", "a.c", "b.c", cwd=d)
        assert r.returncode == 0 and "up to date" in r.stdout, r
        assert not late.exists()
    finally:
        sleeper.kill()
        sleeper.wait()
        live.unlink()


# --- 3. uninstall stays within its destination --------------------------------

def make(d: Path, *args: str):
    e = prxs_env()
    e["PRXS"] = f"{sys.executable} -m prxs -v"
    e.pop("MAKEFLAGS", None)
    return subprocess.run(["make", "-C", str(d), *args], env=e, capture_output=True,
                          text=True, timeout=600)


def test_make_uninstall_of_a_staged_install_leaves_the_live_one(tmp_path):
    d = tmp_path / "two"
    shutil.copytree(PACKAGES / "make" / "two", d)
    live = tmp_path / "srv" / "live"
    live.mkdir(parents=True)
    stage = tmp_path / "stage"
    staged = Path(str(stage) + str(live))
    r = make(d, "install", f"LIBEXEC_DIR={live}")
    assert r.returncode == 0, r.stdout + r.stderr
    r = make(d, "install", f"LIBEXEC_DIR={live}", f"DESTDIR={stage}")
    assert r.returncode == 0, r.stdout + r.stderr
    live_files = snapshot(live)
    assert sorted(live_files) == ["mod_two.la", "mod_two.so"]
    assert sorted(os.listdir(staged)) == ["mod_two.la", "mod_two.so"]
    r = make(d, "uninstall", f"LIBEXEC_DIR={live}", f"DESTDIR={stage}")
    assert r.returncode == 0, r.stdout + r.stderr
    assert os.listdir(staged) == []
    assert snapshot(live) == live_files
    out = r.stdout + r.stderr
    assert "left alone: the manifest entry for another destination" in out, out
    assert f"libexec directory {live} (no DESTDIR)" in out, out
    # The live install's own uninstall still removes it, and only it.
    r = make(d, "uninstall", f"LIBEXEC_DIR={live}")
    assert r.returncode == 0, r.stdout + r.stderr
    assert os.listdir(live) == []
    assert not (d / ".libs" / "mod_two.installed").exists()


def test_cli_uninstall_per_destination(prxs, hello_dir, tmp_path):
    live = tmp_path / "live"
    other = tmp_path / "other"
    stage = tmp_path / "stage"
    for lib in (live, other):
        lib.mkdir()
        assert prxs("-c", "-i", "--libexecdir", str(lib), "mod_hello.c",
                    cwd=hello_dir).returncode == 0
    assert prxs("-i", "--libexecdir", str(live), "--destdir", str(stage), "mod_hello.c",
                cwd=hello_dir).returncode == 0
    staged = Path(str(stage) + str(live))
    # Another libexec directory (no DESTDIR): only its own pair goes.
    r = prxs("-v", "--uninstall", "--libexecdir", str(other), "mod_hello.c", cwd=hello_dir)
    assert r.returncode == 0, r
    assert os.listdir(other) == []
    assert sorted(os.listdir(live)) == sorted(os.listdir(staged)) == ["mod_hello.la",
                                                                      "mod_hello.so"]
    assert f"libexec directory {live} (no DESTDIR)" in r.stdout
    assert f"libexec directory {live} under DESTDIR {stage}" in r.stdout
    # The same DESTDIR spelled differently is the same destination.
    r = prxs("--uninstall", "--libexecdir", str(live) + "/", "--destdir", str(stage) + "/",
             "mod_hello.c", cwd=hello_dir)
    assert r.returncode == 0, r
    assert os.listdir(staged) == []
    assert sorted(os.listdir(live)) == ["mod_hello.la", "mod_hello.so"]
    # Nothing of the staged install left to remove: an error, the live one untouched.
    r = prxs("--uninstall", "--libexecdir", str(live), "--destdir", str(stage),
             "mod_hello.c", cwd=hello_dir)
    assert r.returncode == 1 and "not installed" in r.stderr, r
    assert sorted(os.listdir(live)) == ["mod_hello.la", "mod_hello.so"]


def test_manifest_of_the_first_format_is_read_per_destination(prxs, hello_dir, tmp_path):
    """A manifest written before destinations were recorded (bare paths) is
    attributed file by file: an uninstall takes only its own destination's."""
    live = tmp_path / "live"
    live.mkdir()
    stage = tmp_path / "stage"
    assert prxs("-c", "-i", "--libexecdir", str(live), "mod_hello.c",
                cwd=hello_dir).returncode == 0
    assert prxs("-i", "--libexecdir", str(live), "--destdir", str(stage), "mod_hello.c",
                cwd=hello_dir).returncode == 0
    staged = Path(str(stage) + str(live))
    manifest = hello_dir / ".libs" / "mod_hello.installed"
    manifest.write_text("".join(f"{p}/mod_hello.{x}\n" for p in (live, staged)
                                for x in ("so", "la")))
    r = prxs("-v", "--uninstall", "--libexecdir", str(live), "--destdir", str(stage),
             "mod_hello.c", cwd=hello_dir)
    assert r.returncode == 0, r
    assert os.listdir(staged) == []
    assert sorted(os.listdir(live)) == ["mod_hello.la", "mod_hello.so"]
    assert "an unrecorded destination" in r.stdout
    assert f"{live}/mod_hello.so" in manifest.read_text()
