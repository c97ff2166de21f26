"""Companion modules: a module that calls functions of a parent module.

ProFTPD's sub-modules (mod_quotatab_file, mod_wrap2_sql, mod_sftp add-ons)
leave their parent's functions undefined: mod_dso loads the parent first with
RTLD_GLOBAL, and the child's references resolve against it.  The check before
install therefore also looks in the modules the target can load (``--requires``
first, then the libexec directories) and says which module provides each
symbol and in which order the LoadModule lines must come.
"""

from __future__ import annotations

import os

from . import cache
from .elf import STB_GLOBAL, STB_GNU_UNIQUE, STB_WEAK, read_elf
from .errors import BuildError, UsageError


def module_symbols(path: str) -> tuple[frozenset, frozenset]:
    """(defined, undefined) dynamic symbols of a module, cached per file
    identity (a libexec directory is read once, then only stat()ed)."""
    from ._keys import short_key
    key = short_key(path)
    cpath = cache.cache_path("modsyms", key + ".txt")
    text = cache.read_text(cpath)
    if text:
        head, sep, body = text.partition("\n\n")
        if sep and head.startswith("file ") and \
                head[5:].partition(" ")[2] == path and cache.identity_line_fresh(head[5:]):
            lines = body.splitlines()
            return (frozenset(ln[2:] for ln in lines if ln.startswith("D ")),
                    frozenset(ln[2:] for ln in lines if ln.startswith("U ")))
    ident = cache.identity_line(path)
    syms = read_elf(path).dynamic_symbols()
    defined = frozenset(s.name for s in syms
                        if s.defined and s.bind in (STB_GLOBAL, STB_WEAK, STB_GNU_UNIQUE))
    undefined = frozenset(s.name for s in syms if not s.defined and s.bind == STB_GLOBAL)
    body = "".join(f"D {n}\n" for n in sorted(defined)) + \
        "".join(f"U {n}\n" for n in sorted(undefined))
    try:
        cache.atomic_write(cpath, f"file {ident}\n\n{body}".encode())
    except OSError:
        pass  # a read-only cache only costs speed
    return defined, undefined


from .check import load_name  # noqa: E402,F401 - the one definition, re-exported


def _from_la(la: str) -> str | None:
    """The .so a libtool .la names: .libs/ beside an uninstalled one, beside
    an installed one (or in its libdir)."""
    from .la import parse_la
    text = cache.read_text(la)
    if text is None:
        return None
    fields = parse_la(text)
    dlname = fields.get("dlname") or os.path.basename(la)[:-3] + ".so"
    if os.sep in dlname:
        return None
    d = os.path.dirname(la)
    cands = [os.path.join(d, ".libs", dlname), os.path.join(d, dlname)]
    if fields.get("installed") == "yes":
        cands.reverse()
        if fields.get("libdir"):
            cands.append(os.path.join(fields["libdir"], dlname))
    return next((c for c in cands if os.path.isfile(c)), None)


def _in_dir(d: str, name: str) -> str | None:
    """Module ``name`` in a build directory (through its .la, as libltdl
    looks) or in a libexec directory."""
    via_la = _from_la(os.path.join(d, name + ".la"))
    if via_la:
        return via_la
    for cand in (os.path.join(d, ".libs", name + ".so"), os.path.join(d, name + ".so")):
        if os.path.isfile(cand):
            return cand
    return None


def find_required(arg: str, builddir: str, dirs: list[str]) -> str:
    """``--requires``: a module name (mod_foo.c, mod_foo) looked up in the build
    directory then the libexec directories; a path to a .c (its module is
    looked up beside it first), a .so or a .la.  Raises UsageError (exit 2)
    before anything is built."""
    def refuse(why: str, hint: str):
        raise UsageError(f"--requires {arg}: {why}", step="options", path=arg, hint=hint)

    if arg.endswith(".so"):
        if not os.path.isfile(arg):
            refuse("no such file", "give the path of the parent module's .so, or its "
                                   "name (mod_foo.c)")
        return os.path.abspath(arg)
    if arg.endswith(".la"):
        so = _from_la(arg) if os.path.isfile(arg) else None
        if so is None:
            refuse("no such .la file, or the .so it names does not exist" if
                   not os.path.isfile(arg) else "the .so this .la names does not exist",
                   "build the parent module first (prxs -c mod_foo.c)")
        return os.path.abspath(so)
    base = os.path.basename(arg)
    name = base[:-2] if base.endswith(".c") else base
    if not name.startswith("mod_") or len(name) <= 4 or \
            not all(c.isalnum() or c == "_" for c in name):
        refuse("not a module name", "name the parent module as LoadModule does "
                                    "(mod_foo.c), or give its .so, .la or .c path")
    places = ([os.path.dirname(os.path.abspath(arg))] if os.sep in arg else []) + \
        [builddir] + [d for d in dirs if d]
    for d in dict.fromkeys(places):
        found = _in_dir(d, name)
        if found:
            return os.path.abspath(found)
    refuse(f"no {name}.so in " + ", ".join(dict.fromkeys(places)),
           f"build the parent module first (prxs -c {name}.c), install it, or give "
           "the path of its .so")


class Companions:
    """The modules a module may be loaded after: ``required`` (--requires, in
    the order given) first, then every .so in ``dirs`` (the libexec
    directories), each read only when a symbol is still missing."""

    def __init__(self, required: list[str] = (), dirs: list[str] = ()) -> None:
        self.required = list(required)
        self.dirs = [d for d in dict.fromkeys(dirs) if d]
        self._files: list[str] | None = None

    def to_dict(self) -> dict:
        return {"requires": self.required, "dirs": self.dirs}

    def files(self, skip_name: str, skip_path: str) -> list[str]:
        if self._files is None:
            out = list(self.required)
            for d in self.dirs:
                try:
                    names = sorted(os.listdir(d))
                except OSError:
                    continue
                out += [os.path.join(d, n) for n in names
                        if n.endswith(".so") and n.startswith("mod_")]
            self._files = out
        seen, files = set(), []
        skip_real = os.path.realpath(skip_path)
        for f in self._files:
            real = os.path.realpath(f)
            if real in seen or real == skip_real or \
                    os.path.basename(f) == skip_name + ".so":
                continue
            seen.add(real)
            files.append(f)
        return files

    def resolve(self, missing: list[str], skip_name: str, skip_path: str,
                target_has) -> tuple[dict[str, str], list[str]]:
        """({symbol: providing module's path}, the providers in load order,
        parents first).  A provider's own needs (beyond ``target_has``) pull
        in its parents too.  Unreadable files in a directory are skipped;
        an unreadable --requires is an error."""
        index: dict[str, str] = {}
        needs: dict[str, list[str]] = {}
        for f in self.files(skip_name, skip_path):
            try:
                defined, undefined = module_symbols(f)
            except (BuildError, OSError):
                if f in self.required:
                    raise
                continue
            for sym in defined:
                index.setdefault(sym, f)
            needs[f] = sorted(u for u in undefined if u not in defined)
        provided_by = {s: index[s] for s in missing if s in index}
        order: list[str] = []
        state: dict[str, int] = {}

        def visit(path: str) -> None:   # depth first; parents before children
            if state.get(path):
                return
            state[path] = 1
            for sym in needs.get(path, ()):
                parent = index.get(sym)
                if parent and parent != path and not target_has(sym):
                    visit(parent)
            order.append(path)

        for sym in missing:
            if sym in provided_by:
                visit(provided_by[sym])
        return provided_by, order
