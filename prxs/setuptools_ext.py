"""Build ProFTPD modules while building a Python distribution (``pip wheel``,
``python -m build``).

A project that ships modules inside its wheel adds prxs to its build
requirements and describes the modules in pyproject.toml::

    [build-system]
    requires = ["setuptools>=61", "prxs"]
    build-backend = "setuptools.build_meta"

    [[tool.prxs.modules]]
    sources = ["src/mod_foo.c", "src/util.c"]   # C or Cython
    target = "sdk"                 # or "proftpd" / a proftpd path (default sdk)
    data_dir = "lib/proftpd"       # where in the wheel's data the module goes
    defines = ["FOO=1"]            # optional: -D, include_dirs, libs, name

During ``build`` the ``build_prxs`` command compiles each module with prxs in
the build directory (incremental, checked before use; one build directory per
module and target) and registers the ``.so`` as a data file (no ``.la``: its
libdir would name a prefix unknown at build time), so the wheel carries them
under ``<name>.data/data/<data_dir>/`` and ``pip install`` puts them in
``<prefix>/<data_dir>/``.

Three more things follow from the table, with nothing needed in setup.py (the
``setuptools.finalize_distribution_options`` and ``setuptools.file_finders``
entry points switch them on as soon as the table exists):

* the wheel is tagged for the platform (``py3-none-linux_x86_64``,
  ``Root-Is-Purelib: false``): it holds native code.  A Cython module embeds
  the Python it was translated for, so its wheel keeps the interpreter's tag
  (``cp311-cp311-linux_x86_64``);
* the sdist carries each module's sources, and the headers (``*.h``,
  ``*.pxd``, ``*.pxi``) beside them and under its ``include_dirs``, so a wheel
  built from the sdist (``python -m build``) finds them;
* a compile error shows the compiler's output in the error itself.

``python setup.py build_prxs`` runs the build step alone.
"""

from __future__ import annotations

import os

from setuptools import Command

HEADER_SUFFIXES = (".h", ".pxd", ".pxi")


def _load_config(root: str) -> list[dict]:
    path = os.path.join(root, "pyproject.toml")
    if not os.path.isfile(path):
        return []
    try:
        import tomllib
    except ImportError:  # Python < 3.11
        import tomli as tomllib
    with open(path, "rb") as f:
        data = tomllib.load(f)
    return list(data.get("tool", {}).get("prxs", {}).get("modules", []))


def _project_root(dist) -> str:
    return os.path.abspath(os.path.dirname(dist.script_name or "setup.py"))


def module_files(root: str, modules: list[dict]) -> list[str]:
    """What an sdist needs to build the modules again: their sources, and the
    headers beside them and under their include_dirs (paths relative to root)."""
    found: dict[str, None] = {}

    def add(path: str) -> None:
        rel = os.path.relpath(os.path.abspath(path), root)
        if not rel.startswith(os.pardir + os.sep) and os.path.isfile(path):
            found[rel.replace(os.sep, "/")] = None

    def headers_in(d: str, recursive: bool) -> None:
        for dirpath, dirnames, filenames in os.walk(d):
            dirnames[:] = sorted(n for n in dirnames if not n.startswith("."))
            for n in sorted(filenames):
                if n.endswith(HEADER_SUFFIXES):
                    add(os.path.join(dirpath, n))
            if not recursive:
                break

    for mod in modules:
        sources = [os.path.join(root, s) for s in mod.get("sources", [])]
        for s in sources:
            add(s)
        for d in sorted({os.path.dirname(s) for s in sources}):
            headers_in(d, recursive=False)
        for d in mod.get("include_dirs", []):
            headers_in(os.path.join(root, d), recursive=True)
    return list(found)


def find_files(dirname: str = "") -> list[str]:
    """``setuptools.file_finders`` entry point: add the module sources and
    headers to the sdist of a project with ``[[tool.prxs.modules]]``.

    Not in an unpacked sdist (PKG-INFO at the top): there the files are
    already present and listed in SOURCES.txt, which setuptools reads only
    when no finder answers."""
    root = os.path.abspath(dirname or os.curdir)
    if os.path.isfile(os.path.join(root, "PKG-INFO")):
        return []
    try:
        modules = _load_config(root)
    except Exception:  # noqa: BLE001 - a broken pyproject is setuptools' to report
        return []
    return [os.path.join(dirname, f) if dirname else f for f in module_files(root, modules)]


def _target_key(target) -> str:
    """A directory name per target: two entries with one module name but
    different targets must not share a build tree (and its stamp)."""
    if target.binary is None:
        return target.name
    from ._keys import short_key
    return f"{target.name}-{short_key(target.binary)}"


def _error_text(exc) -> str:
    """The error as the CLI shows it (prxs.report), with the compiler's output
    inside the text (pip shows nothing else of it) and without the "error:"
    that setuptools puts before the whole."""
    from .errors import FailedProcessError
    from .report import error_lines
    lines = error_lines(exc)
    lines[0] = f"prxs: {exc.message}"
    if isinstance(exc, FailedProcessError) and exc.output.strip():
        lines[2:2] = ["prxs: its output:", exc.output.rstrip("\n")]
    return "\n".join(lines)


class build_prxs(Command):
    description = "build ProFTPD modules (C or Cython) with prxs"
    user_options = [("build-temp=", "t", "directory for the module build trees")]

    def initialize_options(self) -> None:
        self.build_temp = None

    def finalize_options(self) -> None:
        self.set_undefined_options("build", ("build_temp", "build_temp"))

    def run(self) -> None:
        from distutils.errors import DistutilsError
        from .builder import build
        from .errors import PrxsError
        from .runner import Runner
        from .sources import BuildSpec, module_name
        from .targets import resolve_target

        root = _project_root(self.distribution)
        modules = _load_config(root)
        data_files = list(self.distribution.data_files or [])
        outputs: dict[str, int] = {}
        for i, mod in enumerate(modules):
            sources = [os.path.join(root, s) for s in mod.get("sources", [])]
            if not sources:
                raise DistutilsError(f"[[tool.prxs.modules]] entry {i + 1} has no sources")
            data_dir = mod.get("data_dir", "lib/proftpd")
            try:
                name = module_name(sources, mod.get("name"))
                out = os.path.normpath(os.path.join(data_dir, name + ".so"))
                if out in outputs:
                    raise DistutilsError(
                        f"[[tool.prxs.modules]] entries {outputs[out]} and {i + 1} both "
                        f"put {name}.so in data_dir {data_dir!r}: give each its own "
                        "data_dir (for example lib/proftpd and lib/prxs/sdk)")
                outputs[out] = i + 1
                target = resolve_target(mod.get("target", "sdk"))
                bdir = os.path.join(os.path.abspath(self.build_temp), "prxs",
                                    _target_key(target), name)
                os.makedirs(bdir, exist_ok=True)
                spec = BuildSpec(name, sources, bdir,
                                 defines=["-D" + d for d in mod.get("defines", [])],
                                 include_dirs=[os.path.join(root, d)
                                               for d in mod.get("include_dirs", [])],
                                 libs=list(mod.get("libs", [])))
                self.announce(f"prxs: building {name} for {target.description} "
                              f"in {bdir}", 2)
                build(spec, target, Runner())
            except PrxsError as exc:
                raise DistutilsError(_error_text(exc)) from None
            # Only the .so: the install prefix is unknown here, and an installed
            # .la names its libdir, which mod_dso would follow.
            staged = os.path.join(bdir, "wheel")
            os.makedirs(staged, exist_ok=True)
            so_dst = os.path.join(staged, name + ".so")
            self.copy_file(spec.so_path, so_dst)
            data_files.append((data_dir, [so_dst]))
        self.distribution.data_files = data_files


def _wheel_command(dist):
    """bdist_wheel, tagged for the platform: the wheel holds native code."""
    base = dist.cmdclass.get("bdist_wheel")
    if base is None:
        try:
            from setuptools.command.bdist_wheel import bdist_wheel as base
        except ImportError:  # setuptools < 70.1: the wheel package has it
            try:
                from wheel.bdist_wheel import bdist_wheel as base
            except ImportError:
                return None
    if getattr(base, "_prxs_platform", False):
        return base

    class bdist_wheel(base):
        _prxs_platform = True

        def finalize_options(self) -> None:
            super().finalize_options()
            self.root_is_pure = False

        def get_tag(self):
            impl, abi, plat = super().get_tag()
            modules = _load_config(_project_root(self.distribution))
            embeds_python = any(str(s).endswith(".pyx") for m in modules
                                for s in m.get("sources", []))
            if embeds_python:
                return impl, abi, plat
            # C modules do not depend on the Python that built the wheel.
            return "py3", "none", plat

    return bdist_wheel


def finalize_options(dist) -> None:
    """setuptools.finalize_distribution_options hook: run build_prxs as part of
    build, and tag the wheel for the platform, when the project's
    pyproject.toml has [[tool.prxs.modules]]."""
    try:
        if not _load_config(_project_root(dist)):
            return
    except Exception:  # noqa: BLE001 - a broken pyproject is setuptools' to report
        return
    dist.cmdclass.setdefault("build_prxs", build_prxs)
    wheel_cmd = _wheel_command(dist)
    if wheel_cmd is not None:
        dist.cmdclass["bdist_wheel"] = wheel_cmd
    dist.cmdclass["build"] = _build_command(dist)


def _build_command(dist):
    """This project's ``build``, running build_prxs first: a subclass with its
    own ``sub_commands``, so setuptools' class (shared by every project this
    interpreter builds) is left as it is."""
    base = dist.cmdclass.get("build")
    if base is None:
        from setuptools.command.build import build as base
    if any(name == "build_prxs" for name, _ in base.sub_commands):
        return base

    class build(base):
        sub_commands = [("build_prxs", None)] + list(base.sub_commands)

    return build
