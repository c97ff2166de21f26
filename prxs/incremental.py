"""Rebuild decisions keyed on content: a source is recompiled when its compile
command, its compiler, its own text or the text of any header it reached
changes; the module is relinked when an object or the link command changes.

File identity (size, mtime) is only a shortcut to skip re-reading a file whose
content hash is already known; a changed identity means the content is hashed
again and compared, so a touched but unchanged header rebuilds nothing, and a
header changed in place always rebuilds what includes it.  The state is
written after the outputs are published, so an interrupted build leaves no
entry that a later build would trust.
"""

from __future__ import annotations

import os

from . import _fs, cache
from ._keys import file_digest as file_crc
from ._keys import identity as _ident


class BuildState:
    """``.libs/<module>.state``: one block per object, plus the link."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.objects: dict[str, tuple[str, list[list[str]]]] = {}
        self.link: tuple[str, str] | None = None
        self.dirty = False
        text = cache.read_text(path)
        if not text or not text.startswith("prxs-state/1\n"):
            return
        current = None
        for line in text.splitlines()[1:]:
            kind, _, rest = line.partition(" ")
            if kind == "obj":
                key, _, obj = rest.partition(" ")
                current = []
                self.objects[obj] = (key, current)
            elif kind == "dep" and current is not None:
                ident, crc, dep = rest.split(" ", 2)
                current.append([ident, crc, dep])
            elif kind == "link":
                key, _, ident = rest.partition(" ")
                self.link = (key, ident)

    def object_fresh(self, obj: str, key: str) -> bool:
        entry = self.objects.get(obj)
        if entry is None or entry[0] != key or not os.path.isfile(obj):
            return False
        for dep in entry[1]:
            ident, crc, path = dep
            try:
                st = os.stat(path)
            except OSError:
                return False
            if _ident(st) == ident:
                continue
            try:
                if file_crc(path) != crc:
                    return False
            except OSError:
                return False
            dep[0] = _ident(st)      # same content, new identity: remember it
            self.dirty = True
        return True

    def record_object(self, obj: str, key: str, deps: list[str]) -> None:
        rows = []
        for path in dict.fromkeys(deps):
            try:
                st = os.stat(path)
                rows.append([_ident(st), file_crc(path), path])
            except OSError:
                continue
        self.objects[obj] = (key, rows)
        self.dirty = True

    def forget(self, obj: str) -> None:
        if self.objects.pop(obj, None) is not None:
            self.dirty = True
        self.link = None

    def link_fresh(self, key: str, so_path: str, la_path: str) -> bool:
        if self.link is None or self.link[0] != key or not os.path.isfile(la_path):
            return False
        try:
            return _ident(os.stat(so_path)) == self.link[1]
        except OSError:
            return False

    def record_link(self, key: str, so_path: str) -> None:
        self.link = (key, _ident(os.stat(so_path)))
        self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        lines = ["prxs-state/1"]
        for obj, (key, deps) in sorted(self.objects.items()):
            lines.append(f"obj {key} {obj}")
            lines += [f"dep {d[0]} {d[1]} {d[2]}" for d in deps]
        if self.link is not None:
            lines.append(f"link {self.link[0]} {self.link[1]}")
        cache.atomic_write(self.path, ("\n".join(lines) + "\n").encode())
        self.dirty = False

    def remove(self) -> None:
        _fs.unlink_quietly(self.path)
