"""The per-user cache (precompiled headers, target facts, symbol sets, stamps).

Everything written here is written to a temporary name and renamed, so
concurrent builds never see a half-written entry and an interrupted build never
leaves one that a later build would trust.
"""

from __future__ import annotations

import os


def cache_dir() -> str:
    d = os.environ.get("PRXS_CACHE_DIR")
    if not d:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(
            os.path.expanduser("~"), ".cache")
        d = os.path.join(base, "prxs")
    return d


def cache_path(*parts: str) -> str:
    return os.path.join(cache_dir(), *parts)


def stat_key(path: str) -> str:
    """A cheap identity for a file's current content (device, inode, size, mtime)."""
    st = os.stat(path)
    return f"{st.st_dev:x}-{st.st_ino:x}-{st.st_size:x}-{st.st_mtime_ns:x}"


def identity_line(path: str) -> str:
    """``<stat key> <path>``: one line of a cache entry's list of inputs."""
    return stat_key(path) + " " + path


def identity_line_fresh(line: str) -> bool:
    """Is the file named by an identity_line() still the same file?"""
    key, _, path = line.partition(" ")
    try:
        return stat_key(path) == key
    except OSError:
        return False


def atomic_write(path: str, data: bytes, mode: int = 0o644, durable: bool = True) -> None:
    """Write ``data`` beside ``path`` under a unique name, fsync (when it must
    survive a crash, not only an interruption), then rename."""
    d = os.path.dirname(path) or "."
    os.makedirs(d, exist_ok=True)
    tmp = os.path.join(d, f".{os.path.basename(path)}.tmp{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, mode)
    try:
        os.write(fd, data)
        if durable:
            os.fsync(fd)
    except BaseException:
        os.close(fd)
        _unlink_quietly(tmp)
        raise
    os.close(fd)
    os.chmod(tmp, mode)
    os.replace(tmp, path)


def read_text(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except (OSError, UnicodeDecodeError):
        return None


def _unlink_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
