"""The compiler driver's argv, and nothing else: pure functions of the build
spec, the target and file names (no file system, no processes), so tests can
assert the exact commands (as distutils' compiler tests do)."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .sources import BuildSpec
    from .targets import Target

SHARED_MODULE_FLAGS = ["-fPIC", "-DPIC", "-DPR_SHARED_MODULE"]

# What libtool's -module mode implies; the compiler driver already does it.
LIBTOOL_IMPLIED = ("-module", "-avoid-version", "-export-dynamic", "-shared")


def compile_flags(spec: BuildSpec, target: Target) -> list[str]:
    """Everything but the input, the output and per-directory maps."""
    flags = list(target.cflags) + SHARED_MODULE_FLAGS + list(target.cppflags)
    flags += spec.defines
    # As the real prxs: the directory prxs runs in comes first, so headers in
    # subdirectories can include the module's top-level header ("mod_foo.h").
    flags += ["-I.", "-I" + target.includedir]
    flags += ["-I" + d for d in spec.include_dirs]
    flags += spec.cflags
    return flags


def compile_argv(spec: BuildSpec, target: Target, src: str, out: str,
                 pch_dir: str | None = None) -> list[str]:
    flags = compile_flags(spec, target)
    if pch_dir is not None:
        i = flags.index("-I" + target.includedir)
        flags[i:i] = ["-I" + pch_dir, "-Winvalid-pch"]
    if src.startswith("-"):
        src = "./" + src    # a file named -mod_x.c is not an option
    return (list(target.cc) + flags + ["-pipe", "-ffile-prefix-map=" + spec.builddir + "=.",
                                       "-c", src, "-o", out])


def libtool_link_flags(flags: list[str]) -> list[str]:
    """Link flags written for libtool (as prxs and apxs users pass them with
    -Wl, or LDFLAGS) translated for the compiler driver: ``-rpath DIR`` and
    ``-R DIR`` become ``-Wl,-rpath,DIR``; what libtool's module mode implies
    (-module -avoid-version -export-dynamic) is already done and dropped."""
    out: list[str] = []
    i = 0
    while i < len(flags):
        f = flags[i]
        if f in ("-rpath", "-R") and i + 1 < len(flags):
            out.append("-Wl,-rpath," + flags[i + 1])
            i += 2
            continue
        if f.startswith("-R") and len(f) > 2 and f[2] == "/":
            out.append("-Wl,-rpath," + f[2:])
        elif f not in LIBTOOL_IMPLIED:
            out.append(f)
        i += 1
    return out


def link_argv(spec: BuildSpec, target: Target, objects: list[str], out: str,
              libs: list[str], stamp_obj: str | None) -> list[str]:
    argv = list(target.cc) + ["-shared", "-fPIC", "-DPIC"] + objects
    if stamp_obj:
        argv.append(stamp_obj)
    argv += libtool_link_flags(list(target.ldflags) + spec.ldflags)
    argv += ["-L" + d for d in spec.lib_dirs]
    argv += ["-Wl,-soname," + spec.name + ".so", "-o", out]
    argv += libs
    return argv


def stamp_argv(cc: list[str], src: str, out: str) -> list[str]:
    """The target stamp object's compile (relative names, run in its directory)."""
    return list(cc) + ["-c", "-fPIC", "-O0", src, "-o", out]


def pch_argv(cc: list[str], flags: list[str], header: str, out: str,
             depfile: str) -> list[str]:
    """conf.h precompiled with exactly the flags of the compiles that use it."""
    return list(cc) + flags + ["-x", "c-header", header, "-o", out, "-MD", "-MF", depfile]
