"""The per-user cache (precompiled headers, target facts, symbol sets, stamps).

Everything written here is written to a temporary name and renamed, so
concurrent builds never see a half-written entry and an interrupted build never
leaves one that a later build would trust.
"""

from __future__ import annotations

import os

from ._keys import stat_key


def cache_dir() -> str:
    d = os.environ.get("PRXS_CACHE_DIR")
    if not d:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(
            os.path.expanduser("~"), ".cache")
        d = os.path.join(base, "prxs")
    return d


def cache_path(*parts: str) -> str:
    return os.path.join(cache_dir(), *parts)


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


def inputs_fresh(path: str) -> bool:
    """Is every file listed (identity_line()s) in the entry ``path`` unchanged?"""
    text = read_text(path)
    if not text:
        return False
    return all(identity_line_fresh(line) for line in text.splitlines())


def atomic_write(path: str, data: bytes, mode: int = 0o644) -> None:
    """Write ``data`` beside ``path`` under a temporary name, in full and
    fsynced, then rename (prxs._fs.atomic_write), creating the directory."""
    from ._fs import atomic_write as write
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    write(path, data, mode)


def read_text(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except (OSError, UnicodeDecodeError):
        return None

