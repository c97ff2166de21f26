"""ProFTPD's FS API in the shim host, as the real server has it: a test
module (tests/packages/fsapi/mod_fsapi.c) calls the API and shows the
results through its XFS command; every test runs on the shim and, with
``--prxs-host proftpd``, on the installed proftpd with the same binary and
the same expected replies.

Registered filesystems take the calls for paths under them (a stack per
path, the lookup by longest mount point), the stat cache follows
FSCachePolicy, and the path, directory, glob, copy, link, access, line and
time helpers return what proftpd's do."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from prxs.shim.pytest_plugin import shim_host_factory, shim_user  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
FSAPI = ROOT / "tests" / "packages" / "fsapi" / "mod_fsapi.c"
DEBIAN_FACL = Path("/usr/lib/proftpd/mod_facl.so")

pytestmark = [
    pytest.mark.both_hosts,
    pytest.mark.skipif(shutil.which("gcc") is None, reason="builds a test module with gcc"),
    pytest.mark.skipif(os.geteuid() != 0, reason="sessions switch to the test user (root)"),
]


@pytest.fixture
def fs_mods(shim_build_once, prxs_host_kind, prxs_cache) -> Path:
    return shim_build_once(prxs_host_kind, (FSAPI,), name="fsapi-mods",
                           env={"PRXS_CACHE_DIR": str(prxs_cache)})


@pytest.fixture
def fs_host(shim_host_factory, shim_user, fs_mods, tmp_path):
    """start(body="", extra_modules=()) -> (host, home): mod_fsapi loaded,
    the user alice (uid 4242) with a home holding a few files."""
    user = shim_user("alice", "secret", uid=4242)
    home = Path(user["home"])

    def start(body: str = "", *, module_path: Path | None = None,
              extra_modules: tuple[str, ...] = ()):
        body = body.replace("{home}", str(home))
        (home / "a.txt").write_text("hello")
        (home / "b.log").write_text("bb")
        (home / "sub").mkdir(exist_ok=True)
        (home / "sub" / "f.txt").write_text("in sub")
        (home / "cont.txt").write_text("one \\\ntwo\n# c \\\nskip\nthree\n")
        for p in [home / "sub", *home.rglob("*")]:
            os.chown(p, 4242, 4242)
        mp = module_path or fs_mods
        if module_path is not None:
            shutil.copy(fs_mods / ".libs" / "mod_fsapi.so", mp / "mod_fsapi.so")
            os.chmod(mp, 0o755)
        lines = [
            'ServerName "fs test"',
            "User nobody",
            "Group nogroup",
            f"ModulePath {mp}",
            *[f"LoadModule {m}" for m in extra_modules],
            "LoadModule mod_fsapi.c",
            f"AuthUserFile {user['passwd_file']}",
            "<IfModule mod_cap.c>",
            "  CapabilitiesEngine off",
            "</IfModule>",
        ]
        host = shim_host_factory("\n".join(lines) + "\n" + body + "\n")
        return host, home

    return start


def run(session, *args: str) -> str:
    """XFS's reply text (asserting a 200)."""
    reply = session.command("XFS " + " ".join(args))
    assert reply.code == 200, str(reply)
    return reply.text.strip()


def test_a_registered_fs_takes_the_calls_for_paths_under_it(fs_host):
    host, home = fs_host()
    with host.session() as s:
        s.login("alice", "secret")
        assert run(s, "stat", f"{home}/sub/f.txt") == "stat 0 size 6 calls 0"
        assert run(s, "mount", f"{home}/sub/", "counter") == \
            f"mounted counter at {home}/sub/"
        # Under the mount point: its callbacks; elsewhere the system's.
        assert run(s, "stat", f"{home}/sub/f.txt") == "stat 0 size 6 calls 1"
        assert run(s, "stat", f"{home}/a.txt") == "stat 0 size 5 calls 0"
        assert run(s, "stat", f"{home}/sub/none") == \
            "stat -1 No such file or directory size 0 calls 1"
        # A file handle opened through the FS: its open(), the system's read.
        assert run(s, "read", f"{home}/sub/f.txt") == "read 6 'in sub' calls 100"
        assert run(s, "get", f"{home}/sub/f.txt") == "fs counter exact 0"
        assert run(s, "get", f"{home}/sub/") == "fs counter exact 1"
        assert run(s, "get", f"{home}/a.txt") == "fs system exact 0"
        # A bare name resolves through the working directory's FS: the FS
        # whose chdir ran (the system's: "counter" has no chdir callback).
        assert s.command("CWD sub").code == 250
        assert run(s, "stat", "f.txt") == "stat 0 size 6 calls 0"
        assert run(s, "stat", "./f.txt") == "stat 0 size 6 calls 1"


def test_filesystems_at_one_path_stack_and_unmount_by_name(fs_host):
    host, home = fs_host()
    sub = f"{home}/sub/"
    with host.session() as s:
        s.login("alice", "secret")
        assert run(s, "mount", sub, "lower").startswith("mounted lower")
        assert run(s, "mount", sub, "upper").startswith("mounted upper")
        assert run(s, "mount", sub, "upper") == "mount File exists"
        assert run(s, "get", sub) == "fs upper exact 1"
        # Only the FS on top of a path comes off, and only by its own name.
        assert run(s, "unmount", sub, "lower") == "unmount No such file or directory"
        assert run(s, "unmount", sub, "upper") == "unmount upper"
        assert run(s, "get", sub) == "fs lower exact 1"
        assert run(s, "stat", f"{home}/sub/f.txt") == "stat 0 size 6 calls 1"
        assert run(s, "unmount", sub, "lower") == "unmount lower"
        assert run(s, "stat", f"{home}/sub/f.txt") == "stat 0 size 6 calls 0"
        assert run(s, "unmount", "/nowhere/", "lower") == \
            "unmount No such file or directory"


def test_stat_cache_is_off_by_default(fs_host):
    host, home = fs_host()
    with host.session() as s:
        s.login("alice", "secret")
        run(s, "mount", "/", "counter")
        assert run(s, "cache", f"{home}/a.txt") == "first 1 second 1 cleared 0 after 1"


def test_fscachepolicy_caches_stat_until_the_entry_is_cleared(fs_host):
    host, home = fs_host("FSCachePolicy on")
    with host.session() as s:
        s.login("alice", "secret")
        run(s, "mount", "/", "counter")
        assert run(s, "cache", f"{home}/a.txt") == "first 1 second 0 cleared 1 after 1"
        # A bare name goes through the working directory's FS (the system
        # one: the FS at "/" has no chdir callback), the same cache entry.
        assert run(s, "cache", "a.txt") == "first 0 second 0 cleared 1 after 0"


def test_fscachepolicy_rejects_bad_parameters(prxs_config_check):
    res = prxs_config_check('ServerName "x"\nFSCachePolicy size 10\n')
    assert res.exit_code != 0
    assert "wrong number of parameters" in res.log
    res = prxs_config_check('ServerName "x"\nFSCachePolicy size 0 maxAge 3\n')
    assert res.exit_code != 0
    assert "size parameter must be greater than 1" in res.log
    assert prxs_config_check('ServerName "x"\nFSCachePolicy size 5 maxAge 9\n'
                             ).exit_code == 0


def test_path_helpers(fs_host):
    host, home = fs_host()
    with host.session() as s:
        s.login("alice", "secret")
        assert run(s, "paths") == (
            f"clean /a/b/d cat /srv/ftp/sub/file interp 1 {home}/pub valid -1 "
            f"subst /srv/alice/xay /srv/%u/%u[9] quote say \"\"hi\"\" interpolate {home}/x")
        assert s.command("CWD sub").code == 250
        # dir_realpath() needs every component to exist.
        assert run(s, "canon", "../x/./y") == \
            f"canon {home}/x/y vcanon {home}/x/y real No such file or directory"
        assert run(s, "canon", "../sub/./f.txt") == \
            f"canon {home}/sub/f.txt vcanon {home}/sub/f.txt real {home}/sub/f.txt"
        os.symlink(f"{home}/sub", f"{home}/ln")
        assert run(s, "canon", f"{home}/ln/f.txt") == \
            f"canon {home}/ln/f.txt vcanon {home}/ln/f.txt real {home}/sub/f.txt"
        assert run(s, "exists", "f.txt") == "exists 1 file 1 dir 0"
        assert run(s, "exists", home.as_posix()) == "exists 1 file 0 dir 1"
        assert run(s, "exists", "nope") == "exists 0 file 0 dir 0"


def test_glob_and_directories_go_through_the_fs_layer(fs_host):
    host, home = fs_host()
    with host.session() as s:
        s.login("alice", "secret")
        assert run(s, "glob", f"{home}/*.txt") == "glob 0 a.txt,cont.txt"
        assert run(s, "glob", f"{home}/*.none") == "glob 3"  # GLOB_NOMATCH
        assert run(s, "dir", home.as_posix()) == \
            "dir a.txt,b.log,cont.txt,sub closedir 0 again -1"
        assert run(s, "dir", f"{home}/none") == "dir No such file or directory"


def test_copy_file(fs_host):
    host, home = fs_host()
    os.chmod(home, 0o755)
    with host.session() as s:
        s.login("alice", "secret")
        assert run(s, "copy", f"{home}/a.txt", f"{home}/c.txt") == \
            "copy 0 size 5 mode 0644"
        assert (home / "c.txt").read_text() == "hello"
        # Over a longer existing file: truncated first.
        (home / "long.txt").write_text("x" * 100)
        os.chown(home / "long.txt", 4242, 4242)
        assert run(s, "copy", f"{home}/a.txt", f"{home}/long.txt").startswith("copy 0 size 5")
        assert run(s, "copy", f"{home}/sub", f"{home}/d.txt") == "copy -1 Is a directory"
        assert run(s, "copy", f"{home}/a.txt", f"{home}/sub") == "copy -1 Is a directory"
        assert run(s, "copy", f"{home}/none", f"{home}/e.txt") == \
            "copy -1 No such file or directory"
        assert not (home / "e.txt").exists()


def test_symlinks_and_dir_readlink(fs_host):
    host, home = fs_host()
    with host.session() as s:
        s.login("alice", "secret")
        assert run(s, "link", "sub/f.txt", f"{home}/l1") == (
            f"symlink 0 readlink 9 sub/f.txt dir_readlink {len(str(home)) + 10} "
            f"{home}/sub/f.txt")
        assert run(s, "link", "/etc/hostname", f"{home}/l2") == (
            "symlink 0 readlink 13 /etc/hostname dir_readlink 13 /etc/hostname")
        assert run(s, "link", "x", f"{home}/l2") == (
            "symlink -1 File exists readlink 13 /etc/hostname dir_readlink 13 "
            "/etc/hostname")


def test_dir_check_follows_limits(fs_host):
    host, home = fs_host("<Directory {home}/sub>\n  <Limit WRITE>\n    DenyAll\n"
                         "  </Limit>\n</Directory>\n")
    with host.session() as s:
        s.login("alice", "secret")
        assert run(s, "check", f"{home}/a.txt") == "check write 1 read 1"
        assert run(s, "check", f"{home}/sub/f.txt") == "check write 0 read 1"


def test_access_by_permission_bits(fs_host):
    host, home = fs_host()
    (home / "ro.txt").write_text("r")
    os.chmod(home / "ro.txt", 0o444)
    (home / "root.txt").write_text("r")
    os.chmod(home / "root.txt", 0o600)
    with host.session() as s:
        s.login("alice", "secret")
        assert run(s, "access", f"{home}/ro.txt") == \
            "access read 0 ok write -1 Permission denied"
        assert run(s, "access", f"{home}/root.txt") == \
            "access read -1 Permission denied write -1 Permission denied"
        assert run(s, "access", f"{home}/none") == \
            "access read -1 No such file or directory write -1 No such file or directory"


def test_getline_joins_continuations_and_drops_a_commented_continued_line(fs_host):
    host, home = fs_host()
    with host.session() as s:
        s.login("alice", "secret")
        assert run(s, "lines", f"{home}/cont.txt") == "lines 5 [one two][skip][three]"


def test_time_helpers(fs_host):
    host, _ = fs_host()
    with host.session() as s:
        s.login("alice", "secret")
        assert run(s, "time") == "time Tue Feb 29 00:00:00 2000 yday 59"


def test_display_files_substitute_variables(fs_host):
    host, home = fs_host()
    (home / "msg.txt").write_text("hello %U on %V\r\nin %C %{nope} 100%\n\nend\n")
    with host.session() as s:
        s.login("alice", "secret")
        reply = s.command(f"XFS display {home}/msg.txt")
        assert reply.lines == ((200, 'hello alice on fs test'),
                               (200, f'in {home} (none) 100%'), (200, ''),
                               (200, 'end'), (200, 'display 0'))
        assert run(s, "displayfile", f"{home}/none") == \
            "displayfile -1 No such file or directory"
        assert run(s, "displayfile", str(home)) == "displayfile -1 Is a directory"
        # A directory's handle reads as no lines.
        assert run(s, "display", str(home)) == "display 0"


def test_xferlog_write_goes_to_the_transferlog(fs_host, tmp_path, prxs_host_kind):
    logdir = tmp_path / "logs"
    logdir.mkdir()
    os.chmod(logdir, 0o755)
    if prxs_host_kind == "proftpd":     # the real-server host sets its own
        host, home = fs_host()
        log = Path(host.xferlog_path)
    else:
        host, home = fs_host(f"TransferLog {logdir}/xfer.log")
        log = logdir / "xfer.log"
    with host.session() as s:
        s.login("alice", "secret")
        assert run(s, "xferlog", "/some file.txt") == "xferlog written"
    fields = log.read_text().split()
    assert fields[5:] == ["3", "client.example", "1234", "/some_file.txt", "b", "_",
                          "o", "r", "alice", "ftp", "0", "*", "c"]


@pytest.mark.shim_only("the real-server host sets its own TransferLog")
def test_xferlog_none_writes_nothing(fs_host):
    host, _ = fs_host("TransferLog NONE")
    with host.session() as s:
        s.login("alice", "secret")
        assert run(s, "xferlog", "/f") == "xferlog none"


def _facl_module(tmp_path: Path) -> Path:
    d = tmp_path / "facl"
    d.mkdir()
    shutil.copy(DEBIAN_FACL, d / "mod_facl.so")
    return d


@pytest.mark.skipif(shutil.which("setfacl") is None, reason="needs setfacl (package acl)")
@pytest.mark.skipif(not DEBIAN_FACL.exists(), reason="needs Debian's mod_facl.so")
def test_mod_facl_grants_access_through_acls(fs_host, tmp_path):
    mp = _facl_module(tmp_path)
    host, home = fs_host("FACLEngine on", module_path=mp, extra_modules=("mod_facl.c",))
    secret = home / "acl.txt"
    secret.write_text("acl")
    os.chown(secret, 0, 0)
    os.chmod(secret, 0o600)
    subprocess.run(["setfacl", "-m", "u:4242:r", str(secret)], check=True)
    with host.session() as s:
        s.login("alice", "secret")
        # The permission bits say no; the ACL says alice may read.
        assert run(s, "access", str(secret)) == \
            "access read 0 ok write -1 Permission denied"


def test_without_mod_facl_access_ignores_acls(fs_host):
    host, home = fs_host()
    secret = home / "acl.txt"
    secret.write_text("acl")
    os.chown(secret, 0, 0)
    os.chmod(secret, 0o600)
    if shutil.which("setfacl"):
        subprocess.run(["setfacl", "-m", "u:4242:r", str(secret)], check=True)
    with host.session() as s:
        s.login("alice", "secret")
        assert run(s, "access", str(secret)) == \
            "access read -1 Permission denied write -1 Permission denied"
