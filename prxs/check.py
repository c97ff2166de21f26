"""The check before install: does the module export its struct, and can every
symbol it needs be resolved where it will be loaded?

mod_dso reports both problems as a missing file; prxs names the symbol.
"""

from __future__ import annotations

import os

from . import cache
from .elf import STB_GLOBAL, STB_GNU_UNIQUE, STB_WEAK, STT_FUNC, STT_OBJECT, read_elf
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
            import glob
            pattern = line.split(None, 1)[1] if len(line.split(None, 1)) > 1 else ""
            if not os.path.isabs(pattern):
                pattern = os.path.join(os.path.dirname(path), pattern)
            for inc in sorted(glob.glob(pattern)):
                out += _ld_so_conf_dirs(inc, seen)
        else:
            out.append(line)
    return out


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
    """(defined dynamic symbols, DT_NEEDED, run paths) of a library or program,
    cached per file identity: big libraries cost milliseconds to parse."""
    try:
        key = cache.stat_key(path)
    except OSError:
        return set(), [], []
    cpath = cache.cache_path("symbols", key + ".txt")
    text = cache.read_text(cpath)
    if text is not None and text.startswith(path + "\n"):
        _, needed, runpath, syms = text.split("\n", 3)
        return set(syms.split()), needed.split(), runpath.split()
    elf = read_elf(path)
    syms = {s.name for s in elf.dynamic_symbols()
            if s.defined and s.bind in (STB_GLOBAL, STB_WEAK, STB_GNU_UNIQUE)}
    dyn = elf.dynamic_entries()
    needed = dyn.get(1, [])
    runpath = _expand_origin(dyn.get(29, []) or dyn.get(15, []), path)
    try:
        cache.atomic_write(cpath, (path + "\n" + " ".join(needed) + "\n"
                                   + " ".join(runpath) + "\n"
                                   + "\n".join(sorted(syms))).encode())
    except OSError:
        pass
    return syms, needed, runpath


def _expand_origin(paths: list[str], owner: str) -> list[str]:
    origin = os.path.dirname(os.path.abspath(owner))
    out = []
    for p in paths:
        for d in p.split(":"):
            if d:
                out.append(d.replace("$ORIGIN", origin).replace("${ORIGIN}", origin))
    return out


class CheckResult:
    __slots__ = ("module_symbol", "missing", "unresolved_libs", "needed")

    def __init__(self, module_symbol: str, missing: list[str],
                 unresolved_libs: list[str], needed: list[str]) -> None:
        self.module_symbol = module_symbol
        self.missing = missing
        self.unresolved_libs = unresolved_libs
        self.needed = needed

    def to_dict(self) -> dict:
        return {"module_symbol": self.module_symbol, "missing_symbols": self.missing,
                "unresolved_libraries": self.unresolved_libs, "needed": self.needed}


def check_module(so_path: str, module_name: str, target, lib_dirs: list[str] = ()) -> CheckResult:
    """Raise BuildError naming what is wrong; return what was checked."""
    short = module_name[4:] if module_name.startswith("mod_") else module_name
    symbol = short + "_module"
    elf = read_elf(so_path)
    if elf.e_type != 3:
        raise BuildError(f"{so_path} is not a shared object (ELF type {elf.e_type})",
                         step="check", path=so_path, hint="rebuild it with prxs -c")
    syms = elf.dynamic_symbols()
    exported = {s.name: s for s in syms if s.defined and s.bind != 0}
    undefined = sorted({s.name for s in syms if not s.defined and s.bind == STB_GLOBAL})
    problems = []
    sym = exported.get(symbol)
    if sym is None:
        problems.append(
            f"it does not export the module structure '{symbol}' that LoadModule "
            f"{module_name}.c looks for (declare 'module {symbol} = {{ ... }};' "
            "at file scope, not static, or rename the module with -n)")
    elif sym.type not in (STT_OBJECT,) and sym.type != STT_FUNC:
        problems.append(f"'{symbol}' is not a data object")
    elif sym.type == STT_FUNC:
        problems.append(f"'{symbol}' is a function; it must be the module structure")

    dyn = elf.dynamic_entries()
    needed = dyn.get(1, [])
    runpath = _expand_origin(dyn.get(29, []) or dyn.get(15, []), so_path)
    env_dirs = [d for d in os.environ.get("LD_LIBRARY_PATH", "").split(":") if d]
    search = runpath + env_dirs + list(lib_dirs)
    sysdirs = None
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
    unresolved_libs: list[str] = []
    todo = [(n, search) for n in list(target.provider_files) + needed]
    done: set[str] = set()
    while todo:
        name, dirs = todo.pop()
        if name in done:
            continue
        done.add(name)
        path = name if os.path.isabs(name) else find_library(name, dirs, elf.e_machine, elf.is64)
        if path is None:
            if sysdirs is None:
                sysdirs = system_lib_dirs()
            path = find_library(name, sysdirs, elf.e_machine, elf.is64)
        if path is None:
            if name in needed:
                unresolved_libs.append(name)
            continue
        got, sub_needed, sub_run = defined_symbols(path)
        provided |= got
        todo.extend((n, sub_run + search) for n in sub_needed)
    missing = [u for u in undefined if u not in provided]
    if unresolved_libs:
        problems.append("it needs " + ", ".join(unresolved_libs) + ", which the "
                        "dynamic loader will not find (add its directory to the "
                        "system's library path or link with an rpath)")
    if missing:
        problems.append(
            f"{len(missing)} undefined symbol(s) that the {target.name} target does not "
            "provide: " + ", ".join(missing)
            + " (a typo, a function the target lacks, or a library missing: add it "
              "with -l or a $Libraries: -lfoo$ comment in the source)")
    if problems:
        raise BuildError(f"{os.path.basename(so_path)} would not load: "
                         + "; ".join(problems), step="check", path=so_path,
                         hint="fix the source or the link flags and rebuild; "
                              "nothing was installed")
    return CheckResult(symbol, missing, unresolved_libs, needed)
