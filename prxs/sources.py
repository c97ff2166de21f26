"""What to build (``BuildSpec``: the module's name, sources and output
paths) and what the sources say: the module's name, the libraries they ask for
(``$Libraries: -lfoo$``), whether conf.h comes first (so a precompiled header
applies), and whether a configure script should build them instead."""

from __future__ import annotations

import os

from . import _keys
from .errors import BuildError, UsageError


class BuildSpec:
    """What to build: one module from one or more sources, with the extra flags
    the command line gave (``-D``, ``-I``, ``-L``, ``-l``, ``-Wc,``, ``-Wl,``)."""

    def __init__(self, name: str, sources: list[str], builddir: str, *,
                 defines: list[str] = (), include_dirs: list[str] = (),
                 lib_dirs: list[str] = (), libs: list[str] = (),
                 cflags: list[str] = (), ldflags: list[str] = (),
                 use_pch: bool = True, jobs: int = 1, companions=None) -> None:
        self.name = name
        self.sources = list(sources)
        self.builddir = os.path.abspath(builddir)
        self.defines = list(defines)
        self.include_dirs = list(include_dirs)
        self.lib_dirs = list(lib_dirs)
        self.libs = list(libs)
        self.cflags = list(cflags)
        self.ldflags = list(ldflags)
        self.use_pch = use_pch
        self.jobs = max(1, jobs)
        self.companions = companions    # parent modules for the check (--requires)

    @property
    def objdir(self) -> str:
        return os.path.join(self.builddir, ".libs")

    @property
    def la_path(self) -> str:
        return os.path.join(self.builddir, self.name + ".la")

    @property
    def so_path(self) -> str:
        return os.path.join(self.objdir, self.name + ".so")

    def object_path(self, src: str) -> str:
        """Objects mirror the sources' paths under .libs/, so sub/a.c and
        other/a.c never collide (ProFTPD issue 1079); sources outside the build
        directory get a directory named for their absolute parent."""
        absrc = os.path.abspath(src)
        rel = os.path.relpath(absrc, self.builddir)
        if rel.startswith(".." + os.sep) or rel == ".." or os.path.isabs(rel):
            tag = _keys.short_key(os.path.dirname(absrc))
            rel = os.path.join("_ext", tag, os.path.basename(absrc))
        if rel.startswith(".libs" + os.sep):
            rel = rel[len(".libs" + os.sep):]   # generated sources: object beside them
        return os.path.join(self.objdir, os.path.splitext(rel)[0] + ".o")

    def with_flags(self, *, include_dirs: list[str] = (), cflags: list[str] = (),
                   lib_dirs: list[str] = (), libs: list[str] = (),
                   ldflags: list[str] = ()) -> BuildSpec:
        """A copy with more flags (directories not repeated): what a
        preparation stage (Cython) adds, without changing the caller's spec."""
        new = BuildSpec(self.name, self.sources, self.builddir, defines=self.defines,
                        include_dirs=self.include_dirs, lib_dirs=self.lib_dirs,
                        libs=self.libs + list(libs), cflags=self.cflags + list(cflags),
                        ldflags=self.ldflags + list(ldflags), use_pch=self.use_pch,
                        jobs=self.jobs, companions=self.companions)
        new.include_dirs += [d for d in dict.fromkeys(include_dirs)
                             if d not in new.include_dirs]
        new.lib_dirs += [d for d in dict.fromkeys(lib_dirs) if d not in new.lib_dirs]
        return new


def module_name(sources: list[str], name: str | None) -> str:
    """``-n`` wins (mod_foo, mod_foo.c or foo); otherwise the first mod_*.c/.pyx/.la."""
    if name is not None:
        n = name
        for suffix in (".c", ".la", ".pyx", ".so"):
            if n.endswith(suffix):
                n = n[:-len(suffix)]
        if not n.startswith("mod_"):
            n = "mod_" + n
        if len(n) <= 4 or not all(c.isalnum() or c == "_" for c in n) \
                or not n.isascii():
            raise UsageError(f"unsafe module name {name!r}: use letters, digits and "
                             "underscores only (mod_foo)", step="options",
                             hint="for example -n mod_foo")
        return n
    for src in sources:
        base = os.path.basename(src)
        stem, ext = os.path.splitext(base)
        if stem.startswith("mod_") and ext in (".c", ".pyx", ".la") and len(stem) > 4:
            if not all(c.isalnum() or c == "_" for c in stem) or not stem.isascii():
                raise UsageError(f"unsafe module name {stem!r} from {src}: use letters, "
                                 "digits and underscores only", step="options",
                                 path=src, hint="rename the file or pass -n mod_foo")
            return stem
    raise UsageError("cannot tell the module's name: no mod_*.c source given",
                     step="options", hint="name the module's main file mod_foo.c, "
                     "or pass -n mod_foo")


def scan_libraries(path: str) -> list[str]:
    """The ``$Libraries: -lfoo -lbar$`` hint ProFTPD's build reads from sources."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}", path=path,
                         step="options", hint="check the file name") from None
    i = text.find("$Libraries:")
    if i < 0:
        return []
    end = text.find("$", i + len("$Libraries:"))
    nl = text.find("\n", i)
    if end < 0 or (0 <= nl < end):
        return []
    libs = []
    for tok in text[i + len("$Libraries:"):end].split():
        libs.append(tok if tok.startswith("-") else "-l" + tok)
    return libs


def first_directive_includes_conf_h(path: str) -> bool:
    """gcc only uses a precompiled conf.h if it is included before any C token."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read(65536)
    except OSError:
        return False
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in " \t\r\n\f\v":
            i += 1
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            if j < 0:
                return False
            i = j + 2
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
        else:
            break
    if i >= n or text[i] != "#":
        return False
    line = text[i + 1:text.find("\n", i) if text.find("\n", i) >= 0 else n]
    parts = line.replace("\t", " ").strip()
    if not parts.startswith("include"):
        return False
    arg = parts[len("include"):].strip()
    return arg.startswith('"conf.h"') or arg.startswith("<conf.h>")


def check_configure(sources: list[str]) -> None:
    for src in sources:
        base = os.path.basename(src)
        if base.startswith("mod_"):
            conf = os.path.join(os.path.dirname(src) or ".", "configure")
            if os.path.isfile(conf):
                raise BuildError(
                    f"cannot compile {os.path.splitext(base)[0]} using prxs: a configure "
                    f"script sits next to it ({conf})", step="compile", path=src,
                    hint="run that ./configure script and use its Makefile instead, "
                         "or pass --ignore-configure to build with prxs anyway")


def libraries(spec: BuildSpec, c_sources: list[str], dry_run: bool = False) -> list[str]:
    """The link's -l flags: each source's $Libraries$ hint, then -l options."""
    libs: list[str] = []
    pyx = [s for s in spec.sources if s.endswith(".pyx")]
    for src in pyx + c_sources:
        if dry_run and not os.path.exists(src):
            continue        # generated (e.g. by Cython) only in a real run
        for lib in scan_libraries(src):
            if lib not in libs:
                libs.append(lib)
    for lib in spec.libs:
        flag = lib if lib.startswith("-") else "-l" + lib
        if flag not in libs:
            libs.append(flag)
    return libs


def outputs(spec: BuildSpec) -> list[str]:
    """Every file a build of ``spec`` (or an install from it, or libtool)
    may have written in the build directory: what ``prxs -d`` removes."""
    name, objdir = spec.name, spec.objdir
    out = [spec.la_path, spec.so_path]
    out += [spec.object_path(s) for s in spec.sources if s.endswith(".c")]
    out += [os.path.join(objdir, name + ext) for ext in
            (".o", ".lai", ".la", ".a", ".state", ".installed")]
    out.append(os.path.join(objdir, "prxs_stamp.o"))      # without a cache
    out += [os.path.join(spec.builddir, name + ext) for ext in (".lo", ".o")]
    if any(s.endswith(".pyx") for s in spec.sources):
        from .cython import generated_sources
        gen = generated_sources(name, spec.builddir)
        out += gen + [spec.object_path(g) for g in gen if g.endswith(".c")]
    return out
