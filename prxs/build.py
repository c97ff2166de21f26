"""Compile and link a module the way libtool's ``-module -avoid-version`` would,
in one compile per source and one link, with a build directory libltdl can load
from (``mod_foo.la`` + ``.libs/mod_foo.so``).

Outputs are written under temporary names and renamed only once they are
complete and checked, so an interrupted or failed build leaves nothing that a
later install would trust.
"""

from __future__ import annotations

import os
import time

from . import cache
from .errors import BuildError, PrxsError, UsageError
from .la import render_la

SHARED_MODULE_FLAGS = ["-fPIC", "-DPIC", "-DPR_SHARED_MODULE"]
SOURCE_SUFFIXES = (".c", ".pyx")


class BuildSpec:
    """What to build: one module from one or more sources, with the extra flags
    the command line gave (``-D``, ``-I``, ``-L``, ``-l``, ``-Wc,``, ``-Wl,``)."""

    def __init__(self, name: str, sources: list[str], builddir: str, *,
                 defines: list[str] = (), include_dirs: list[str] = (),
                 lib_dirs: list[str] = (), libs: list[str] = (),
                 cflags: list[str] = (), ldflags: list[str] = (),
                 use_pch: bool = True, jobs: int = 1) -> None:
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
            import zlib
            parent = os.path.dirname(absrc)
            tag = f"{zlib.crc32(parent.encode()):08x}"
            rel = os.path.join("_ext", tag, os.path.basename(absrc))
        return os.path.join(self.objdir, os.path.splitext(rel)[0] + ".o")


class BuildResult:
    def __init__(self, spec: BuildSpec) -> None:
        self.spec = spec
        self.objects: list[str] = []
        self.libraries: list[str] = []
        self.pch: dict = {"enabled": spec.use_pch, "used": [], "refused": [],
                          "reason": None, "path": None}
        self.check = None
        self.seconds = 0.0

    @property
    def files(self) -> list[str]:
        return [self.spec.la_path, self.spec.so_path] + self.objects

    def to_dict(self) -> dict:
        return {"module": self.spec.name, "la": self.spec.la_path,
                "so": self.spec.so_path, "objects": self.objects,
                "libraries": self.libraries, "pch": self.pch,
                "check": self.check.to_dict() if self.check else None,
                "seconds": round(self.seconds, 6)}


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


def _compiler_identity(cc: list[str]) -> str:
    """Which compiler really runs: the last word of CC resolved on PATH, with its
    file identity (a launcher such as ccache is not the compiler)."""
    from .runner import which
    comp = which(cc[-1]) or cc[-1]
    try:
        real = os.path.realpath(comp)
        return f"{' '.join(cc)}|{real}|{cache.stat_key(real)}"
    except OSError:
        return " ".join(cc)


def _crc_key(*parts: str) -> str:
    import zlib
    blob = "\0".join(parts).encode("utf-8", "surrogateescape")
    return f"{zlib.crc32(blob):08x}{zlib.adler32(blob):08x}"


def compile_flags(spec: BuildSpec, target) -> list[str]:
    """Everything but the input, the output and per-directory maps."""
    flags = list(target.cflags) + SHARED_MODULE_FLAGS + list(target.cppflags)
    flags += spec.defines
    flags += ["-I" + target.includedir]
    flags += ["-I" + d for d in spec.include_dirs]
    flags += spec.cflags
    return flags


def compile_argv(spec: BuildSpec, target, src: str, out: str,
                 pch_dir: str | None = None) -> list[str]:
    flags = compile_flags(spec, target)
    if pch_dir is not None:
        i = flags.index("-I" + target.includedir)
        flags[i:i] = ["-I" + pch_dir, "-Winvalid-pch"]
    return (list(target.cc) + flags + ["-ffile-prefix-map=" + spec.builddir + "=.",
                                       "-c", src, "-o", out])


def link_argv(spec: BuildSpec, target, objects: list[str], out: str,
              libs: list[str], stamp_obj: str | None) -> list[str]:
    argv = list(target.cc) + ["-shared", "-fPIC", "-DPIC"] + objects
    if stamp_obj:
        argv.append(stamp_obj)
    argv += list(target.ldflags) + spec.ldflags
    argv += ["-L" + d for d in spec.lib_dirs]
    argv += ["-Wl,-soname," + spec.name + ".so", "-o", out]
    argv += libs
    return argv


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def ensure_stamp_object(target, runner) -> str | None:
    """A tiny object carrying the target stamp in section .prxs_stamp, built
    once per target and compiler, so the host can refuse a foreign module before
    dlopen without any per-build cost."""
    ident = _compiler_identity(target.cc)
    key = _crc_key(target.stamp, ident)
    d = cache.cache_path("stamps", key)
    obj = os.path.join(d, "prxs_stamp.o")
    if os.path.isfile(obj):
        return obj
    if runner.dry_run:
        runner.run(list(target.cc) + ["-c", "-fPIC", "-O0", "prxs_stamp.c", "-o",
                                      "prxs_stamp.o"], step="stamp", cwd=d)
        return obj
    os.makedirs(d, exist_ok=True)
    src = os.path.join(d, f"prxs_stamp.{os.getpid()}.c")
    text = ('__attribute__((section(".prxs_stamp"), used, aligned(1)))\n'
            f'static const char prxs_stamp[] = "{target.stamp}";\n')
    with open(src, "w", encoding="ascii") as f:
        f.write(text)
    tmp = obj + f".{os.getpid()}.tmp"
    try:
        runner.run(list(target.cc) + ["-c", "-fPIC", "-O0", os.path.basename(src),
                                      "-o", os.path.basename(tmp)],
                   step="stamp", cwd=d, path=src)
        os.replace(tmp, obj)
    finally:
        _unlink(src)
        _unlink(tmp)
    return obj


def ensure_pch(spec: BuildSpec, target, runner) -> tuple[str | None, str | None]:
    """(directory holding conf.h.gch, None) or (None, why not)."""
    header = os.path.join(target.includedir, "conf.h")
    if not os.path.isfile(header):
        return None, f"no conf.h in {target.includedir}"
    if len(target.cc) > 1:
        return None, f"CC is a launcher ({' '.join(target.cc)}); precompiled headers are not forwarded"
    flags = compile_flags(spec, target)
    ident = _compiler_identity(target.cc)
    key = _crc_key(ident, header, *flags)
    d = cache.cache_path("pch", key)
    gch = os.path.join(d, "conf.h.gch")
    deps = os.path.join(d, "deps")
    if os.path.isfile(gch) and _deps_fresh(deps):
        return d, None
    if runner.dry_run:
        runner.run(list(target.cc) + flags + ["-x", "c-header", header, "-o", gch],
                   step="pch", path=header)
        return d, None
    os.makedirs(d, exist_ok=True)
    tmp = os.path.join(d, f"conf.h.gch.{os.getpid()}.tmp")
    dtmp = os.path.join(d, f"deps.{os.getpid()}.d")
    try:
        runner.run(list(target.cc) + flags + ["-x", "c-header", header, "-o", tmp,
                                              "-MD", "-MF", dtmp],
                   step="pch", path=header)
        _write_deps(dtmp, deps)
        os.replace(tmp, gch)
    except PrxsError as exc:
        return None, f"building the precompiled header failed: {exc.message}"
    finally:
        _unlink(tmp)
        _unlink(dtmp)
    return d, None


def parse_depfile(path: str) -> list[str]:
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        text = f.read().replace("\\\n", " ")
    out = []
    for line in text.splitlines():
        if ":" not in line:
            continue
        _, rhs = line.split(":", 1)
        buf = ""
        for tok in rhs.split(" "):
            if tok.endswith("\\"):
                buf += tok[:-1] + " "
                continue
            tok = buf + tok
            buf = ""
            if tok:
                out.append(tok)
    return out


def _write_deps(depfile: str, out: str) -> None:
    lines = []
    for p in parse_depfile(depfile):
        try:
            lines.append(cache.stat_key(p) + " " + p)
        except OSError:
            pass
    cache.atomic_write(out, ("\n".join(sorted(set(lines))) + "\n").encode())


def _deps_fresh(deps: str) -> bool:
    text = cache.read_text(deps)
    if not text:
        return False
    for line in text.splitlines():
        key, _, path = line.partition(" ")
        try:
            if cache.stat_key(path) != key:
                return False
        except OSError:
            return False
    return True


def build(spec: BuildSpec, target, runner) -> BuildResult:
    """Compile every source, link, check, and only then publish the outputs."""
    from .check import check_module

    start = time.perf_counter()
    result = BuildResult(spec)
    c_sources = [s for s in spec.sources if s.endswith(".c")]
    if any(s.endswith(".pyx") for s in spec.sources):
        from .cython import prepare_cython
        c_sources = prepare_cython(spec, target, runner, result) + c_sources
    libs: list[str] = []
    for src in c_sources:
        for lib in scan_libraries(src):
            if lib not in libs:
                libs.append(lib)
    for lib in spec.libs:
        flag = lib if lib.startswith("-") else "-l" + lib
        if flag not in libs:
            libs.append(flag)
    result.libraries = libs

    pch_dir = None
    if spec.use_pch:
        wants = [s for s in c_sources if first_directive_includes_conf_h(s)]
        if wants:
            pch_dir, why = ensure_pch(spec, target, runner)
            result.pch["reason"] = why
            result.pch["path"] = pch_dir and os.path.join(pch_dir, "conf.h.gch")
        else:
            result.pch["reason"] = "no source includes conf.h as its first directive"
    else:
        result.pch["reason"] = "disabled (--no-pch)"

    stamp_obj = ensure_stamp_object(target, runner)
    pid = os.getpid()
    tmp_files: list[str] = []
    published = False
    try:
        if not runner.dry_run:
            # A stale module from an earlier build must not survive a failed one.
            _unlink(spec.la_path)
        jobs = []
        for src in c_sources:
            obj = spec.object_path(src)
            tmp = f"{obj}.{pid}.tmp"
            tmp_files.append(tmp)
            if not runner.dry_run:
                os.makedirs(os.path.dirname(obj), exist_ok=True)
            use = pch_dir if (pch_dir and first_directive_includes_conf_h(src)) else None
            jobs.append((src, obj, tmp, compile_argv(spec, target, src, tmp, use), use))
        _run_compiles(jobs, runner, spec.jobs, result)
        objects = [j[1] for j in jobs]
        so_tmp = f"{spec.so_path}.{pid}.tmp"
        tmp_files.append(so_tmp)
        runner.run(link_argv(spec, target, objects, so_tmp, libs, stamp_obj),
                   step="link", path=spec.so_path,
                   hint="check the libraries (-l, -L, $Libraries$) and objects")
        if not runner.dry_run:
            result.check = check_module(so_tmp, spec.name, target, spec.lib_dirs)
            os.replace(so_tmp, spec.so_path)
            la = render_la(spec.name, target.libexecdir, installed=False,
                           dependency_libs=[x for x in libs if x.startswith("-l")])
            cache.atomic_write(spec.la_path, la.encode())
        published = True
    except BaseException:
        if not runner.dry_run:
            _unlink(spec.so_path)
            _unlink(spec.la_path)
        raise
    finally:
        for t in tmp_files:
            _unlink(t)
        if not published and not runner.dry_run:
            for j in locals().get("jobs", []):
                _unlink(j[1])
    result.objects = [spec.object_path(s) for s in c_sources]
    result.seconds = time.perf_counter() - start
    return result


def _run_compiles(jobs, runner, njobs: int, result: BuildResult) -> None:
    def one(job):
        src, obj, tmp, argv, use = job
        rec = runner.run(argv, step="compile", path=src,
                         hint="fix the errors the compiler reports above")
        if use:
            if "conf.h.gch" in rec.stderr and "not used" in rec.stderr:
                result.pch["refused"].append(src)
            else:
                result.pch["used"].append(src)
        if not runner.dry_run:
            os.replace(tmp, obj)

    if njobs > 1 and len(jobs) > 1:
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(max_workers=njobs) as pool:
            futures = [pool.submit(one, j) for j in jobs]
            errors = []
            for f in futures:
                try:
                    f.result()
                except PrxsError as exc:
                    errors.append(exc)
            if errors:
                raise errors[0]
    else:
        for j in jobs:
            one(j)
