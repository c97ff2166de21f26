"""A small, bounds-checked ELF reader: dynamic symbols, DT_NEEDED, sections.

The check before install reads the module's dynamic symbol table in-process
instead of spawning nm or readelf; it needs only a fraction of what pyelftools
offers, and importing pyelftools would cost more than the whole check.
"""

from __future__ import annotations

import struct

from .errors import BuildError

SHT_DYNAMIC = 6
SHT_DYNSYM = 11
SHN_UNDEF = 0
STB_LOCAL, STB_GLOBAL, STB_WEAK, STB_GNU_UNIQUE = 0, 1, 2, 10
STT_OBJECT, STT_FUNC, STT_TLS = 1, 2, 6
DT_NEEDED, DT_RPATH, DT_SONAME, DT_RUNPATH = 1, 15, 14, 29


class Symbol:
    __slots__ = ("name", "bind", "type", "defined", "size")

    def __init__(self, name: str, bind: int, type_: int, defined: bool,
                 size: int) -> None:
        self.name = name
        self.bind = bind
        self.type = type_
        self.defined = defined
        self.size = size

    def __repr__(self) -> str:
        return f"Symbol({self.name!r}, bind={self.bind}, defined={self.defined})"


class ElfFile:
    """Parses an ELF file held in memory; raises BuildError on malformed input."""

    def __init__(self, data: bytes, path: str = "<memory>") -> None:
        self.path = path
        self.data = data
        if len(data) < 52 or data[:4] != b"\x7fELF":
            self._bad("not an ELF file")
        cls, enc = data[4], data[5]
        if cls not in (1, 2) or enc not in (1, 2):
            self._bad("unknown ELF class or byte order")
        self.is64 = cls == 2
        self.e = "<" if enc == 1 else ">"
        if self.is64:
            if len(data) < 64:
                self._bad("truncated ELF header")
            (self.e_type, self.e_machine, _v, _entry, _phoff, shoff, _flags,
             _ehsize, _phentsize, _phnum, shentsize, shnum, shstrndx) = \
                struct.unpack_from(self.e + "HHIQQQIHHHHHH", data, 16)
        else:
            (self.e_type, self.e_machine, _v, _entry, _phoff, shoff, _flags,
             _ehsize, _phentsize, _phnum, shentsize, shnum, shstrndx) = \
                struct.unpack_from(self.e + "HHIIIIIHHHHHH", data, 16)
        self.sections = []
        if shoff == 0 or shnum == 0:
            return
        fmt = self.e + ("IIQQQQIIQQ" if self.is64 else "IIIIIIIIII")
        need = struct.calcsize(fmt)
        if shentsize < need or shoff + shnum * shentsize > len(data):
            self._bad("section header table lies outside the file")
        for i in range(shnum):
            (name, type_, _fl, _addr, off, size, link, _info, _align,
             entsize) = struct.unpack_from(fmt, data, shoff + i * shentsize)
            self.sections.append([name, type_, off, size, link, entsize, ""])
        if shstrndx < shnum:
            strtab = self.sections[shstrndx]
            for s in self.sections:
                s[6] = self._str(strtab, s[0])

    def _bad(self, why: str):
        raise BuildError(f"cannot read {self.path}: {why}", step="check",
                         path=self.path,
                         hint="rebuild it; the file is damaged or not a shared object")

    def _body(self, sec) -> bytes:
        off, size = sec[2], sec[3]
        if off + size > len(self.data):
            self._bad("a section lies outside the file")
        return self.data[off:off + size]

    def _str(self, strsec, offset: int) -> str:
        base, size = strsec[2], strsec[3]
        if offset >= size or base + size > len(self.data):
            return ""
        end = self.data.find(b"\0", base + offset, base + size)
        if end < 0:
            end = base + size
        return self.data[base + offset:end].decode("utf-8", "replace")

    def section(self, name: str) -> bytes | None:
        for s in self.sections:
            if s[6] == name:
                return self._body(s)
        return None

    def dynamic_symbols(self) -> list[Symbol]:
        out: list[Symbol] = []
        for s in self.sections:
            if s[1] != SHT_DYNSYM:
                continue
            if s[4] >= len(self.sections):
                self._bad(".dynsym links to a missing string table")
            strsec = self.sections[s[4]]
            body = self._body(s)
            if self.is64:
                fmt, nameidx, infoidx, shndxidx, sizeidx = self.e + "IBBHQQ", 0, 1, 3, 5
            else:
                fmt, nameidx, infoidx, shndxidx, sizeidx = self.e + "IIIBBH", 0, 3, 5, 2
            ent = struct.calcsize(fmt)
            body = body[:len(body) - len(body) % ent]
            for rec in struct.iter_unpack(fmt, body):
                if rec[nameidx] == 0:
                    continue
                info = rec[infoidx]
                out.append(Symbol(self._str(strsec, rec[nameidx]), info >> 4,
                                  info & 0xF, rec[shndxidx] != SHN_UNDEF,
                                  rec[sizeidx]))
        return out

    def dynamic_entries(self) -> dict[int, list[str]]:
        """String-valued dynamic entries: NEEDED, SONAME, RPATH, RUNPATH."""
        out: dict[int, list[str]] = {}
        for s in self.sections:
            if s[1] != SHT_DYNAMIC:
                continue
            if s[4] >= len(self.sections):
                self._bad(".dynamic links to a missing string table")
            strsec = self.sections[s[4]]
            fmt = self.e + ("qQ" if self.is64 else "iI")
            body = self._body(s)
            ent = struct.calcsize(fmt)
            body = body[:len(body) - len(body) % ent]
            for tag, val in struct.iter_unpack(fmt, body):
                if tag == 0:
                    break
                if tag in (DT_NEEDED, DT_SONAME, DT_RPATH, DT_RUNPATH):
                    out.setdefault(tag, []).append(self._str(strsec, val))
        return out


def read_elf(path: str) -> ElfFile:
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as exc:
        raise BuildError(f"cannot read {path}: {exc.strerror}", step="check",
                         path=path, hint="build the module first (prxs -c)") from None
    return ElfFile(data, path)
