"""The check before install: does the module export its struct, and can every
symbol it needs be resolved where it will be loaded?

mod_dso reports both problems as a missing file; prxs names the symbol.
"""

from __future__ import annotations

import os

from . import cache
from .elf import (DT_NEEDED, DT_RPATH, DT_RUNPATH, STB_GLOBAL, STB_GNU_UNIQUE, STB_WEAK,
                  STT_FUNC, read_elf)
from .errors import BuildError

DEFAULT_LIB_DIRS = ("/lib64", "/usr/lib64", "/lib", "/usr/lib")


def _ld_so_conf_dirs(path: str = "/etc/ld.so.conf", seen=None) -> list[str]:
    seen = set() if seen is None else seen
    if path in seen:
        return []
    seen.add(path)
    out: list[str] = []
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        return out
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("include"):
            pattern = line.split(None, 1)[1] if len(line.split(None, 1)) > 1 else ""
            if not os.path.isabs(pattern):
                pattern = os.path.join(os.path.dirname(path), pattern)
            for inc in _basename_glob(pattern):
                out += _ld_so_conf_dirs(inc, seen)
        else:
            out.append(line)
    return out


def _wild_match(name: str, pat: str) -> bool:
    """``*`` and ``?`` matching, as ld.so.conf's include lines use them."""
    if not pat:
        return not name
    if pat[0] == "*":
        return any(_wild_match(name[i:], pat[1:]) for i in range(len(name) + 1))
    return bool(name) and (pat[0] == "?" or pat[0] == name[0]) and \
        _wild_match(name[1:], pat[1:])


def _basename_glob(pattern: str) -> list[str]:
    """Files matching a pattern whose wildcards are in the last component
    (``/etc/ld.so.conf.d/*.conf``); glob would import re at start-up."""
    d, pat = os.path.split(pattern)
    if not any(c in pat for c in "*?"):
        return [pattern] if os.path.exists(pattern) else []
    try:
        names = os.listdir(d or ".")
    except OSError:
        return []
    return sorted(os.path.join(d, n) for n in names
                  if not n.startswith(".") and _wild_match(n, pat))


def system_lib_dirs() -> list[str]:
    return _ld_so_conf_dirs() + list(DEFAULT_LIB_DIRS)


def find_library(soname: str, dirs: list[str], machine: int, is64: bool) -> str | None:
    if os.sep in soname:
        return soname if os.path.isfile(soname) else None
    for d in dirs:
        p = os.path.join(d, soname)
        if os.path.isfile(p):
            try:
                with open(p, "rb") as f:
                    head = f.read(20)
            except OSError:
                continue
            if len(head) == 20 and head[:4] == b"\x7fELF" and (head[4] == 2) == is64:
                e = "<" if head[5] == 1 else ">"
                if int.from_bytes(head[18:20], "little" if e == "<" else "big") == machine:
                    return p
    return None


def defined_symbols(path: str) -> tuple[set[str], list[str], list[str]]:
    """(defined dynamic symbols, DT_NEEDED, run paths) of a library or program."""
    elf = read_elf(path)
    syms = {s.name for s in elf.dynamic_symbols()
            if s.defined and s.bind in (STB_GLOBAL, STB_WEAK, STB_GNU_UNIQUE)}
    dyn = elf.dynamic_entries()
    needed = dyn.get(DT_NEEDED, [])
    runpath = _expand_origin(dyn.get(DT_RUNPATH, []) or dyn.get(DT_RPATH, []), path)
    return syms, needed, runpath


def _expand_origin(paths: list[str], owner: str) -> list[str]:
    origin = os.path.dirname(os.path.abspath(owner))
    out = []
    for p in paths:
        for d in p.split(":"):
            if d:
                out.append(d.replace("$ORIGIN", origin).replace("${ORIGIN}", origin))
    return out


def _locate(name: str, dirs: list[str], machine: int, is64: bool,
            sysdirs: list) -> str | None:
    if os.path.isabs(name):
        return name if os.path.isfile(name) else None
    path = find_library(name, dirs, machine, is64)
    if path is None:
        if not sysdirs:
            sysdirs.extend(system_lib_dirs())
        path = find_library(name, sysdirs, machine, is64)
    return path


def closure_symbols(root: str, dirs: list[str], machine: int,
                    is64: bool) -> tuple[str, list[str]]:
    """Every symbol defined by ``root`` and the libraries it pulls in, as
    newline-framed text (a membership test is a substring search), plus the
    libraries that could not be found.  Cached per root and search path; the
    entry records each file's identity and is rebuilt when one changes, so a
    warm check reads one file instead of parsing a dozen libraries."""
    from ._keys import short_key
    key = short_key(chr(0).join([root, str(machine), str(is64)] + dirs))
    cpath = cache.cache_path("closures", key + ".txt")
    text = cache.read_text(cpath)
    if text:
        cached = _valid_closure(text, root)
        if cached is not None:
            return cached
    sysdirs: list[str] = []
    syms: set[str] = set()
    files: list[str] = []
    unresolved: list[str] = []
    todo = [(root, dirs)]
    done: set[str] = set()
    while todo:
        name, search = todo.pop()
        if name in done:
            continue
        done.add(name)
        path = _locate(name, search, machine, is64, sysdirs)
        if path is None:
            unresolved.append(name)
            continue
        try:
            files.append(cache.identity_line(path))
        except OSError:
            pass
        got, sub_needed, sub_run = defined_symbols(path)
        syms |= got
        todo.extend((n, sub_run + dirs) for n in sub_needed)
    body = "\n".join(sorted(syms)) + "\n"
    head = "\n".join(["root " + root] + ["file " + f for f in files]
                      + ["missing " + u for u in unresolved])
    try:
        cache.atomic_write(cpath, (head + "\n\n" + body).encode())
    except OSError:
        pass  # a read-only cache only costs speed
    return "\n" + body, unresolved


def _valid_closure(text: str, root: str):
    head, sep, body = text.partition("\n\n")
    lines = head.splitlines()
    if not sep or not lines or lines[0] != "root " + root:
        return None
    unresolved = []
    for line in lines[1:]:
        kind, _, rest = line.partition(" ")
        if kind == "missing":
            unresolved.append(rest)
            continue
        if not cache.identity_line_fresh(rest):
            return None
    return "\n" + body, unresolved


def load_name(path: str) -> str:
    """mod_foo.so -> mod_foo.c, the name LoadModule takes."""
    base = os.path.basename(path)
    return (base[:-3] if base.endswith(".so") else base) + ".c"


class CheckResult:
    __slots__ = ("module_symbol", "missing", "unresolved_libs", "needed", "module",
                 "provided_by", "parents")

    def __init__(self, module_symbol: str, missing: list[str],
                 unresolved_libs: list[str], needed: list[str], module: str = "",
                 provided_by: dict[str, str] | None = None,
                 parents: list[str] = ()) -> None:
        self.module_symbol = module_symbol
        self.missing = missing
        self.unresolved_libs = unresolved_libs
        self.needed = needed
        self.module = module
        self.provided_by = provided_by or {}    # symbol -> parent module's .so
        self.parents = list(parents)            # .so paths, in load order

    @property
    def load_order(self) -> list[str]:
        """The LoadModule names, parents first, this module last."""
        return [load_name(p) for p in self.parents] + [self.module + ".c"]

    def to_dict(self) -> dict:
        return {"module_symbol": self.module_symbol, "missing_symbols": self.missing,
                "unresolved_libraries": self.unresolved_libs, "needed": self.needed,
                "provided_by": {s: {"module": load_name(p), "path": p}
                                for s, p in sorted(self.provided_by.items())},
                "load_order": self.load_order}


def _target_symbols(target) -> set[str]:
    provided: set[str] = set()
    if target.provider_symbols_file:
        try:
            with open(target.provider_symbols_file, encoding="utf-8") as f:
                provided.update(line.strip() for line in f
                                if line.strip() and not line.startswith("#"))
        except OSError as exc:
            raise BuildError(f"cannot read the target's symbol list "
                             f"{target.provider_symbols_file}: {exc.strerror}",
                             step="check", path=target.provider_symbols_file,
                             hint="reinstall prxs") from None
    return provided


def _env_dirs() -> list[str]:
    return [d for d in os.environ.get("LD_LIBRARY_PATH", "").split(":") if d]


class PreparedCheck:
    """What the check needs from the target, loaded while the compiler runs:
    the symbols it provides by list, and the symbol closures of its files
    keyed by (root, search path, machine, 64-bit)."""

    __slots__ = ("provided", "closures")

    def __init__(self, provided: set[str], closures: dict) -> None:
        self.provided = provided
        self.closures = closures


def prepare_check(target) -> PreparedCheck:
    import sys
    dirs = _env_dirs()
    machine, is64 = _HOST_MACHINE.get(sys.byteorder, (62, True))
    return PreparedCheck(_target_symbols(target), {
        (root, tuple(dirs), machine, is64): closure_symbols(root, dirs, machine, is64)
        for root in target.provider_files})


# The ELF machine of the running interpreter, for pre-loading only (a module
# for another machine simply misses this and is checked from scratch).
_HOST_MACHINE = {"little": (62, True)} if os.uname().machine == "x86_64" else {}


def _sdk_declared(names: list[str]) -> list[str]:
    """Which of names the SDK headers declare as functions or data (ProFTPD's
    API) although the shim host does not export them.  Read only when a check
    fails, so the cost (a scan of the headers' text) is off the common path."""
    if not names:
        return []
    from . import sdk
    text = []
    for name in sorted(os.listdir(sdk.INCLUDE_DIR)):
        if name.endswith(".h"):
            with open(os.path.join(sdk.INCLUDE_DIR, name), encoding="utf-8",
                      errors="replace") as f:
                text.append(f.read())
    blob = "\n".join(text)

    def declared(sym: str) -> bool:
        at = blob.find(sym)
        while at >= 0:
            before = blob[at - 1] if at else " "
            after = blob[at + len(sym):at + len(sym) + 1]
            if not (before.isalnum() or before == "_") and after in ("(", ";", ",", "[",
                                                                      ")", " "):
                return True
            at = blob.find(sym, at + 1)
        return False

    return [n for n in names if declared(n)]


def check_module(so_path: str, module_name: str, target,
                 lib_dirs: list[str] = (), prepared: PreparedCheck | None = None,
                 companions=None) -> CheckResult:
    """Raise BuildError naming what is wrong; return what was checked.
    ``companions`` (prxs.companions.Companions): modules that may be loaded
    before this one, whose symbols resolve what the target does not provide."""
    short = module_name[4:] if module_name.startswith("mod_") else module_name
    symbol = short + "_module"
    elf = read_elf(so_path)
    if elf.e_type != 3:
        raise BuildError(f"{so_path} is not a shared object (ELF type {elf.e_type})",
                         step="check", path=so_path, hint="rebuild it with prxs -c")
    syms = elf.dynamic_symbols()
    problems = _module_struct_problems(syms, symbol, module_name)
    undefined = sorted({s.name for s in syms if not s.defined and s.bind == STB_GLOBAL})
    dyn = elf.dynamic_entries()
    needed = dyn.get(DT_NEEDED, [])
    runpath = _expand_origin(dyn.get(DT_RUNPATH, []) or dyn.get(DT_RPATH, []), so_path)
    search = runpath + _env_dirs() + list(lib_dirs)
    provided = prepared.provided if prepared is not None else _target_symbols(target)
    closures = dict(prepared.closures) if prepared is not None else {}
    missing, unresolved_libs, has = _resolve(
        [u for u in undefined if u not in provided], target, needed, search, elf,
        closures, provided)
    provided_by: dict[str, str] = {}
    parents: list[str] = []
    if missing and companions is not None:
        provided_by, parents = companions.resolve(missing, module_name, so_path, has)
        missing = [m for m in missing if m not in provided_by]
    if unresolved_libs:
        problems.append("it needs " + ", ".join(unresolved_libs) + ", which the "
                        "dynamic loader will not find (add its directory to the "
                        "system's library path or link with an rpath)")
    missing = _missing_problems(missing, target, companions, problems)
    if problems:
        raise BuildError(f"{os.path.basename(so_path)} would not load: "
                         + "; ".join(problems), step="check", path=so_path,
                         hint="fix the source or the link flags and rebuild; "
                              "nothing was installed")
    return CheckResult(symbol, missing, unresolved_libs, needed, module_name,
                       provided_by, parents)


def _module_struct_problems(syms, symbol: str, module_name: str) -> list[str]:
    """Does the module export its structure under the name LoadModule uses?"""
    sym = next((s for s in syms if s.name == symbol and s.defined and s.bind != 0), None)
    if sym is None:
        return [f"it does not export the module structure '{symbol}' that LoadModule "
                f"{module_name}.c looks for (declare 'module {symbol} = {{ ... }};' "
                "at file scope, not static, or rename the module with -n)"]
    if sym.type == STT_FUNC:
        return [f"'{symbol}' is a function; it must be the module structure"]
    return []


def _resolve(todo: list[str], target, needed: list[str], search: list[str], elf,
             closures: dict, provided: set[str]):
    """The symbols neither the target's files nor the needed libraries
    define, the libraries the loader will not find, and a test of whether
    the target has a symbol (for the parent modules' resolution)."""
    unresolved_libs: list[str] = []
    target_texts: list[str] = []
    for root in list(target.provider_files) + needed:
        if not todo and root not in needed:
            continue
        key = (root, tuple(search), elf.e_machine, elf.is64)
        if key not in closures:
            closures[key] = closure_symbols(root, search, elf.e_machine, elf.is64)
        text, unresolved = closures[key]
        if root in needed:
            unresolved_libs += [u for u in unresolved if u not in unresolved_libs]
        else:
            target_texts.append(text)
        todo = [u for u in todo if "\n" + u + "\n" not in text]

    def target_has(sym: str) -> bool:
        return sym in provided or any("\n" + sym + "\n" in t for t in target_texts)
    return todo, unresolved_libs, target_has


def _missing_problems(missing: list[str], target, companions,
                      problems: list[str]) -> list[str]:
    """Append what to say about undefined symbols to ``problems``; return the
    symbols still missing (those the SDK declares but the shim lacks are
    reported on their own)."""
    unimplemented = _sdk_declared(missing) if target.name == "sdk" else []
    if unimplemented:
        problems.append(
            "the shim does not implement " + ", ".join(unimplemented) + " yet "
            "(ProFTPD 1.3.8's API declares it; the SDK build would not load in "
            "the shim): build for an installed ProFTPD (--target proftpd) to "
            "run it in the real server")
        missing = [m for m in missing if m not in unimplemented]
    if missing:
        where = f"the {target.name} target does not provide"
        if companions is not None:
            where += (" and no module in " + ", ".join(companions.dirs or ["(none)"])
                      + (" or --requires" if companions.required else "") + " defines")
        problems.append(
            f"{len(missing)} undefined symbol(s) that {where}: " + ", ".join(missing)
            + " (a typo, a function the target lacks, or a library missing: add it "
              "with -l or a $Libraries: -lfoo$ comment in the source; a parent "
              "module's function: name it with --requires mod_parent.c)")
    return missing
