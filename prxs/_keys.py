"""The one fingerprint scheme: cache and rebuild keys from strings and file
contents.

CRC-32 and Adler-32 side by side (64 bits) plus the length: a change
detector, not a defence against someone forging collisions (nobody gains by
fooling their own build cache), and zlib is already loaded at start-up where
hashlib is not.  Every key in prxs comes from here, so a change of scheme is
one edit (and costs each cache one rebuild).
"""

from __future__ import annotations

import os
import zlib


class Fingerprint:
    """An incremental key: feed strings and files, read ``hexdigest()``.
    Each part is framed (its length first), so ("ab", "c") and ("a", "bc")
    differ."""

    __slots__ = ("crc", "adler", "size")

    def __init__(self) -> None:
        self.crc, self.adler, self.size = 0, 1, 0

    def update(self, data: bytes) -> "Fingerprint":
        self.crc = zlib.crc32(data, self.crc)
        self.adler = zlib.adler32(data, self.adler)
        self.size += len(data)
        return self

    def text(self, *parts: str) -> "Fingerprint":
        for part in parts:
            data = part.encode("utf-8", "surrogateescape")
            self.update(b"%x:" % len(data)).update(data)
        return self

    def file(self, path: str) -> "Fingerprint":
        """The file's content (raises OSError as open() does)."""
        return self.text(file_digest(path))

    def hexdigest(self) -> str:
        return f"{self.crc:08x}{self.adler:08x}{self.size:x}"


def key(*parts: str) -> str:
    """A key for a list of strings (flags, paths, versions): 16 hex digits."""
    blob = "\0".join(parts).encode("utf-8", "surrogateescape")
    return f"{zlib.crc32(blob):08x}{zlib.adler32(blob):08x}"


def short_key(text: str) -> str:
    """8 hex digits, for directory and file names (a path, a target)."""
    return f"{zlib.crc32(text.encode('utf-8', 'surrogateescape')):08x}"


def file_digest(path: str) -> str:
    """A content key of one file (raises OSError as open() does)."""
    fp = Fingerprint()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            fp.update(chunk)
    return fp.hexdigest()


def stat_key(path: str) -> str:
    """A cheap identity of a file's current content (device, inode, size,
    mtime): a shortcut before hashing, never a substitute for it."""
    return identity(os.stat(path))


def identity(st: os.stat_result) -> str:
    """``stat_key`` of a stat result already at hand."""
    return f"{st.st_dev:x}-{st.st_ino:x}-{st.st_size:x}-{st.st_mtime_ns:x}"


def compiler_identity(cc: list[str]) -> str:
    """Which compiler really runs: the last word of CC resolved on PATH, with its
    file identity (a launcher such as ccache is not the compiler)."""
    from .runner import which
    comp = which(cc[-1]) or cc[-1]
    try:
        real = os.path.realpath(comp)
        return f"{' '.join(cc)}|{real}|{stat_key(real)}"
    except OSError:
        return " ".join(cc)
