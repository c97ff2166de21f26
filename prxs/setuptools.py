"""Build ProFTPD modules while building a Python distribution (``pip wheel``).

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
the build directory (incremental, checked before use) and registers the
``.so`` as a data file (no ``.la``: its libdir would name a prefix
unknown at build time), so the wheel carries them
under ``<name>.data/data/<data_dir>/`` and ``pip install`` puts them in
``<prefix>/<data_dir>/``.  The hook is switched on by the
``setuptools.finalize_distribution_options`` entry point as soon as the table
exists; nothing is needed in setup.py.  ``python setup.py build_prxs`` runs it
alone.
"""

from __future__ import annotations

import os

from setuptools import Command


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


class build_prxs(Command):
    description = "build ProFTPD modules (C or Cython) with prxs"
    user_options = [("build-temp=", "t", "directory for the module build trees")]

    def initialize_options(self) -> None:
        self.build_temp = None

    def finalize_options(self) -> None:
        self.set_undefined_options("build", ("build_temp", "build_temp"))

    def run(self) -> None:
        from distutils.errors import DistutilsError
        from .build import BuildSpec, build, module_name
        from .errors import PrxsError
        from .runner import Runner
        from .targets import resolve_target

        root = os.path.abspath(os.path.dirname(self.distribution.script_name or "setup.py"))
        modules = _load_config(root)
        data_files = list(self.distribution.data_files or [])
        for i, mod in enumerate(modules):
            sources = [os.path.join(root, s) for s in mod.get("sources", [])]
            if not sources:
                raise DistutilsError(f"[[tool.prxs.modules]] entry {i + 1} has no sources")
            try:
                name = module_name(sources, mod.get("name"))
                target = resolve_target(mod.get("target", "sdk"))
                bdir = os.path.join(os.path.abspath(self.build_temp), "prxs", name)
                os.makedirs(bdir, exist_ok=True)
                spec = BuildSpec(name, sources, bdir,
                                 defines=["-D" + d for d in mod.get("defines", [])],
                                 include_dirs=[os.path.join(root, d)
                                               for d in mod.get("include_dirs", [])],
                                 libs=list(mod.get("libs", [])))
                self.announce(f"prxs: building {name} for {target.description}", 2)
                build(spec, target, Runner())
            except PrxsError as exc:
                raise DistutilsError(f"prxs: {exc.message}"
                                     + (f" ({exc.hint})" if exc.hint else "")) from None
            # Only the .so: the install prefix is unknown here, and an installed
            # .la names its libdir, which mod_dso would follow.
            data_dir = mod.get("data_dir", "lib/proftpd")
            staged = os.path.join(bdir, "wheel")
            os.makedirs(staged, exist_ok=True)
            so_dst = os.path.join(staged, name + ".so")
            self.copy_file(spec.so_path, so_dst)
            data_files.append((data_dir, [so_dst]))
        self.distribution.data_files = data_files


def finalize_options(dist) -> None:
    """setuptools.finalize_distribution_options hook: run build_prxs as part of
    build when the project's pyproject.toml has [[tool.prxs.modules]]."""
    root = os.path.abspath(os.path.dirname(dist.script_name or "setup.py"))
    try:
        if not _load_config(root):
            return
    except Exception:  # noqa: BLE001 - a broken pyproject is setuptools' to report
        return
    dist.cmdclass.setdefault("build_prxs", build_prxs)
    from setuptools.command.build import build
    if not any(name == "build_prxs" for name, _ in build.sub_commands):
        build.sub_commands.insert(0, ("build_prxs", None))
