"""Cython modules: ``prxs -c mod_foo.pyx`` translates the source with Cython's
compiler API, writes the C glue that defines ``foo_module``, and adds what
linking against libpython needs; the build driver then compiles, links,
checks and publishes the result exactly as for a C module.

How an author declares the module (see ``sample_modules/mod_pyhello.pyx``)::

    cimport proftpd as pr                 # prxs/sdk/proftpd.pxd
    from proftpd cimport CONF_ROOT, CONF_VIRTUAL, CONF_GLOBAL

    MODULE_VERSION = "mod_foo/0.1"        # optional; the module's version string

    # usage: FooGreeting text
    @pr.directive("FooGreeting", args=1, context=CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL)
    def set_foogreeting(cmd):
        if not cmd.argv[1]:
            raise ValueError("must not be empty")   # -> "FooGreeting: must not be empty"
        return cmd.argv[1]                           # stored with add_config_param_str

    @pr.site_command("FOO")                          # SITE FOO
    def foo_site(cmd):
        return f"{pr.get_param('FooGreeting', 'Hi')}, {cmd.argv[2:]}"   # 200 reply

    @pr.command("PWD", phase="post")                 # any command, any phase
    def foo_post_pwd(cmd):
        pr.debug(5, "PWD done")                      # None: declined

    @pr.session_init
    def foo_sess_init(): ...

prxs reads these decorators at build time (their arguments must be
literals; ``context`` and ``cmd_class`` may name ``CONF_*``/``CL_*``
constants joined with ``|``) and generates the conftable, the cmdtable and
the module structure from ``templates/cython_module.c.j2``.  At run time the
decorators return the function unchanged.

A handler receives ``cmd`` with ``argv`` (list of str), ``arg``, ``name``,
``group`` and ``rec`` (``pr.cmd_rec_of(cmd)`` gives the ``cmd_rec *``).
A command handler returns None (declined), True (handled; it added its own
replies with ``pr.reply``), False (error; it added ``pr.reply_err`` lines),
a str (a 200 reply, one line per line) or ``(code, text)`` (an error when the
code is 4xx/5xx).  A directive handler returns the value(s) to store, or
None, and raises ValueError for a configuration error.  Any other exception
is logged with its type, message and .pyx line, and the client gets a 550.

At run time (``prxs/sdk/cython/prxs_cython.h``): ``init`` starts an isolated
interpreter when the host has none (UTF-8 mode, no signal handlers, no .pyc
writes, environment ignored) and runs the module body; a host that already
runs Python lends its interpreter.  Every call into Python holds the GIL; a
forked session finishes the fork for Python on its first call.  On
``core.module-unload`` the last prxs module of an interpreter one of them
started finalizes it, so loading again starts afresh; a module unloaded
while the interpreter lives on (another Cython module, a Python host) stays
mapped with its Python state and is reused if loaded again, because objects
the interpreter still holds may point into its code.  Import what the
module needs at module level: the body runs in the master, before chroot.

A module that wants to write its own module structure in C puts the line
``# prxs: no-glue`` in the .pyx: prxs then only translates it and links
libpython, and the author's C source calls ``PyInit_mod_foo()``.
"""

from __future__ import annotations

import os
import re
import sys

from ._fs import unlink_quietly
from .cython_glue import (NO_GLUE_MARK, Handler, ModuleDecl, render_glue,  # noqa: F401
                          runtime_include_dir, scan_module)
from .errors import BuildError, EnvironmentProblem, UsageError

__all__ = ["prepare_cython", "scan_module", "python_link_info", "generated_sources",
           "render_glue", "ModuleDecl", "Handler"]

INSTALL_HINT = ("install Cython 3 for the Python that runs prxs: "
                f"{os.path.basename(sys.executable)} -m pip install 'Cython>=3' "
                "(Debian: apt-get install cython3)")


# --- Python and Cython ------------------------------------------------------

def python_link_info() -> dict:
    """Where Python.h and libpython are, and the flags that embed them."""
    import sysconfig
    paths = sysconfig.get_paths()
    cv = sysconfig.get_config_var
    include = paths.get("include") or ""
    if not os.path.isfile(os.path.join(include, "Python.h")):
        raise EnvironmentProblem(
            f"Python.h not found in {include or '(no include dir)'} for {sys.executable}",
            step="cython", hint="install Python's development headers (Debian: "
            f"apt-get install python{sys.version_info[0]}-dev)")
    includes = [include]
    plat = paths.get("platinclude")
    if plat and os.path.realpath(plat) != os.path.realpath(include):
        includes.append(plat)
    libdir = cv("LIBDIR") or ""
    ldversion = cv("LDVERSION") or cv("VERSION") or "%d.%d" % sys.version_info[:2]
    dev = os.path.join(libdir, f"libpython{ldversion}.so")
    soname = cv("INSTSONAME") or ""
    multiarch = cv("MULTIARCH")
    candidates = [libdir] + ([os.path.join(libdir, multiarch)] if multiarch else [])
    lib_flag = None
    for d in candidates:
        if os.path.isfile(os.path.join(d, f"libpython{ldversion}.so")):
            libdir, lib_flag = d, f"-lpython{ldversion}"
            break
        if soname and os.path.isfile(os.path.join(d, soname)):
            libdir, lib_flag = d, os.path.join(d, soname)
            break
    if lib_flag is None:
        raise EnvironmentProblem(
            f"no shared libpython for {sys.executable} (looked for {dev}"
            + (f" and {soname}" if soname else "") + ")", step="cython",
            hint="a Cython module embeds Python, so it links libpython: install it "
                 f"(Debian: apt-get install libpython{ldversion}-dev) or use a Python "
                 "built with --enable-shared")
    from .check import system_lib_dirs
    system = {os.path.realpath(d) for d in system_lib_dirs()}
    rpath = os.path.realpath(libdir) not in system
    return {"include_dirs": includes, "lib_dir": libdir, "lib": lib_flag,
            "rpath": libdir if rpath else None, "version": ldversion,
            "python": sys.version.split()[0], "executable": sys.executable}


def _cython_version(pyx: str) -> str:
    """Cython's version, without importing its compiler (a third of a second
    that a cached translation does not need)."""
    try:
        import Cython
    except ImportError:
        raise EnvironmentProblem(
            f"cannot translate {pyx}: Cython is not installed for {sys.executable}",
            step="cython", path=pyx, hint=INSTALL_HINT) from None
    version = getattr(Cython, "__version__", "0")
    if not version.split(".")[0].isdigit() or int(version.split(".")[0]) < 3:
        raise EnvironmentProblem(
            f"cannot translate {pyx}: Cython {version} is too old (3.0 or "
            "later is needed)", step="cython", path=pyx, hint=INSTALL_HINT)
    return version


def _compiler(pyx: str):
    try:
        from Cython.Compiler import Main
    except ImportError as exc:
        raise EnvironmentProblem(
            f"cannot translate {pyx}: Cython's compiler does not import ({exc})",
            step="cython", path=pyx, hint=INSTALL_HINT) from None
    return Main


_POS = re.compile(r"^(?P<file>[^\s:][^:]*\.(?:pyx|pxd|pxi)):(?P<line>\d+):(?P<col>\d+): "
                  r"(?P<msg>.*)$")


def _translate(Main, pyx: str, out_c: str, module: str, include_path: list[str]) -> list[str]:
    """Run Cython's compiler in this process; its messages are captured,
    not printed.  Returns the warnings; raises BuildError on errors."""
    import contextlib
    import io
    options = Main.CompilationOptions(Main.default_options, include_path=include_path,
                                      output_file=out_c, language_level=3,
                                      errors_to_stderr=True)
    buf = io.StringIO()
    try:
        with contextlib.redirect_stderr(buf), contextlib.redirect_stdout(buf):
            result = Main.compile_single(pyx, options, full_module_name=module)
        errors = result.num_errors
    except Exception as exc:  # Cython raises CompileError/AbortError for fatal ones
        errors = -1
        buf.write(f"\n{exc}\n")
    text = buf.getvalue()
    located = [m.group(0) for m in map(_POS.match, text.splitlines()) if m]
    if errors:
        first = located[0] if located else (text.strip().splitlines() or ["unknown error"])[-1]
        more = f" (and {len(located) - 1} more)" if len(located) > 1 else ""
        raise BuildError(
            f"Cython cannot translate {pyx}: {first}{more}" + ("\n" + text.strip()
                                                                 if text.strip() else ""),
            step="cython", path=pyx,
            hint="fix the .pyx at the line shown; nothing was compiled")
    return [line for line in located if "warning" in line.lower()] or \
        [line.strip() for line in text.splitlines() if line.lower().startswith("warning")]


def _cython_names(path: str, description: str) -> str:
    """The names Cython writes into the C for a source it reads from ``path``:
    the filename-table entry (tracebacks, ``co_filename``) and the
    description (position comments).  Cython (3.x, FileSourceDescriptor)
    takes the path relative to the working directory when the file is under
    it, else the description relative to the working directory.
    tests/unit/test_cython_scan.py holds this against real translations."""
    absolute = os.path.abspath(path)
    workdir = os.path.abspath(".") + os.sep
    try:
        described = os.path.relpath(description)
    except ValueError:          # another drive (Windows): Cython keeps it whole
        described = description
    entry = absolute[len(workdir):] if absolute.startswith(workdir) else described
    return entry + "\0" + described


def _source_names(pyx: str, module: str) -> str:
    """What Cython names the main .pyx in the C it writes for ``module``."""
    rel = module.replace(".", os.sep) + os.path.splitext(pyx)[1]
    return _cython_names(pyx, rel if os.path.abspath(pyx).endswith(rel) else pyx)


def _fingerprint(pyx: str, module: str, include_path: list[str], extra: str) -> str:
    """Content key of a translation: the source and every .pxd/.pxi it could
    cimport or include, each with the name Cython writes into the C for it
    (tracebacks name it), and the tool versions.  No absolute path goes in
    unless Cython writes one, so the same module in another build directory
    shares the entry."""
    from ._keys import Fingerprint
    fp = Fingerprint().text(extra, module)
    files = [("src\0" + _source_names(pyx, module), pyx)]
    for n, d in enumerate(include_path):
        try:
            names = sorted(x for x in os.listdir(d) if x.endswith((".pxd", ".pxi")))
        except OSError:
            continue
        for x in names:
            path = os.path.join(d, x)
            # A .pxd is described by its module name, an included .pxi by its path.
            named = _cython_names(path, x if x.endswith(".pxd") else path)
            files.append((f"{n}/{x}\0{named}", path))
    for label, p in files:
        try:
            fp.text(label).file(p)
        except OSError:
            pass
    return fp.hexdigest()


def _cached_translation(pyx: str, out_c: str, module: str, include_path: list[str],
                        key: str) -> tuple[bool, list[str]]:
    """Put the C for ``pyx`` at ``out_c``: from the build directory when its
    key matches, from the user cache when another build made it, else by
    running Cython (and storing the result in both).  Returns (translated,
    warnings)."""
    from . import cache
    stamp = out_c + ".key"
    if (cache.read_text(stamp) or "").strip() == key and os.path.isfile(out_c):
        return False, []
    shared = cache.cache_path("cython", key[:2], key + ".c")
    try:
        with open(shared, "rb") as f:
            data = f.read()
    except OSError:
        data = None
    if data is not None:
        cache.atomic_write(out_c, data)
        cache.atomic_write(stamp, (key + "\n").encode("ascii"))
        return False, []
    unlink_quietly(stamp)
    warnings = _translate(_compiler(pyx), pyx, out_c, module, include_path)
    cache.atomic_write(stamp, (key + "\n").encode("ascii"))
    try:
        with open(out_c, "rb") as f:
            cache.atomic_write(shared, f.read())
    except OSError:
        pass  # a read-only cache only costs speed
    return True, warnings


# --- writing outputs -------------------------------------------------------

def _write_if_changed(path: str, text: str) -> None:
    from .cache import atomic_write
    try:
        with open(path, encoding="utf-8") as f:
            if f.read() == text:
                return
    except OSError:
        pass
    atomic_write(path, text.encode("utf-8"))


# --- the hook the build driver calls ----------------------------------------

def generated_sources(name: str, builddir: str) -> list[str]:
    """What a build of ``name`` from a .pyx writes besides the outputs of a C
    build (for ``prxs -d``): the translated C, its key and the glue.  One
    object is compiled, ``BuildSpec.object_path()`` of the glue (which
    #includes the translation), or of the translation with ``# prxs: no-glue``."""
    outdir = os.path.join(os.path.abspath(builddir), ".libs", "cython")
    c = os.path.join(outdir, name + ".c")
    return [c, c + ".key", os.path.join(outdir, name + "_glue.c")]


def _main_pyx(spec) -> str:
    pyxs = [s for s in spec.sources if s.endswith(".pyx")]
    if len(pyxs) > 1:
        raise UsageError("a module has one .pyx source (its main file); got "
                         + ", ".join(pyxs), step="cython", path=pyxs[1],
                         hint="cimport or include the others from the main .pyx, "
                              "or put C helpers in .c files")
    if not os.path.isfile(pyxs[0]):
        raise UsageError(f"{pyxs[0]}: no such file", step="cython", path=pyxs[0],
                         hint="check the path")
    return pyxs[0]


def _with_python_flags(spec, py: dict, pyx: str):
    """``spec`` plus Python's headers and libpython for this module only; the
    generated C lives under .libs/, so the .pyx's own directory is searched
    for the headers it names (cdef extern from "helper.h"); the glue's
    run-time header (prxs_cython.h) has a directory of its own."""
    lib = py["lib"].startswith("-l")
    return spec.with_flags(
        include_dirs=[os.path.dirname(os.path.abspath(pyx)), runtime_include_dir()]
        + py["include_dirs"],
        cflags=["-DCYTHON_PEP489_MULTI_PHASE_INIT=0"],
        lib_dirs=[py["lib_dir"]] if lib else [], libs=[py["lib"]] if lib else [],
        ldflags=([] if lib else [py["lib"]])
        + (["-Wl,-rpath," + py["rpath"]] if py["rpath"] else []))


class PreparedCython:
    """What the translation gives the build: the spec with Python's flags,
    the C sources to compile first, and the report for -v and --json."""

    __slots__ = ("spec", "sources", "report")

    def __init__(self, spec, sources: list[str], report: dict) -> None:
        self.spec, self.sources, self.report = spec, sources, report


def prepare_cython(spec, dry_run: bool = False) -> PreparedCython:
    """Translate the module's .pyx and write its glue (a dry run only names
    them); return the C sources to compile (before the author's .c files)
    and a copy of ``spec`` with Python's flags."""
    import time
    start = time.perf_counter()
    pyx = _main_pyx(spec)
    decl = scan_module(pyx)
    if decl.glue and not decl.handlers:
        raise UsageError(
            f"{pyx} declares no directive or command handler, so prxs cannot write "
            f"the module's tables ({spec.name[4:]}_module)", step="cython", path=pyx,
            hint="decorate module-level functions with @pr.directive(\"Name\"), "
                 "@pr.command(\"CMD\") or @pr.site_command(\"NAME\") after "
                 "'cimport proftpd as pr'; or put '# prxs: no-glue' in the .pyx and "
                 "define the module structure in a .c source yourself")
    cython_version = _cython_version(pyx)
    py = python_link_info()

    from . import sdk
    sdk_dir = os.path.dirname(os.path.abspath(sdk.__file__))
    include_path = [os.path.dirname(os.path.abspath(pyx)), sdk_dir]
    include_path += [d for d in spec.include_dirs if d not in include_path]
    out_c, _, glue_c = generated_sources(spec.name, spec.builddir)
    translated, warnings = False, []
    if not dry_run:
        os.makedirs(os.path.dirname(out_c), exist_ok=True)
        key = _fingerprint(pyx, spec.name, include_path,
                           "\0".join([cython_version, sys.version]))
        translated, warnings = _cached_translation(pyx, out_c, spec.name,
                                                   include_path, key)
        if decl.glue:
            _write_if_changed(glue_c, render_glue(decl, spec.name,
                                                  cython_version=cython_version,
                                                  python_version=py["python"]))
    report = {
        "cython_version": cython_version, "python_version": py["python"],
        "python": py["executable"], "python_include": py["include_dirs"][0],
        "libpython": py["lib"], "libpython_dir": py["lib_dir"], "rpath": py["rpath"],
        "source": pyx, "c_file": out_c, "glue_file": glue_c if decl.glue else None,
        "translated": translated, "warnings": warnings,
        "module_version": decl.version,
        "handlers": [h.to_dict() for h in decl.handlers]
        + ([decl.sess_init.to_dict()] if decl.sess_init else []),
        "seconds": round(time.perf_counter() - start, 6)}
    # The glue #includes the translation: one compile, one parse of Python.h.
    return PreparedCython(_with_python_flags(spec, py, pyx),
                          [glue_c] if decl.glue else [out_c], report)
