"""Helpers for tests that build modules for the shim host.

``build_with_prxs`` runs the real build driver (``python -m prxs -c``), as a
module author would; ``build_with_gcc`` compiles a module by hand, for the
cases prxs rightly refuses to build (a missing module symbol, a symbol only a
LoadFile'd library provides) and for foreign or missing target stamps.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import prxs

from .. import sdk
from ..errors import FailedProcessError
from ..runner import Runner

# The directory holding the prxs package (a checkout, or site-packages).
PACKAGE_PARENT = Path(prxs.__file__).resolve().parent.parent


def _env(extra: dict | None = None) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(PACKAGE_PARENT) + os.pathsep + env.get("PYTHONPATH", "")
    if extra:
        env.update(extra)
    return env


def build_with_prxs(source: str | os.PathLike, dest: str | os.PathLike,
                    *args: str, env: dict | None = None) -> Path:
    """Copy source into dest and run ``prxs -c [ARGS] NAME`` there.

    The build is for ``--target sdk`` (or ``$PRXS_TEST_BUILD_TARGET``) unless
    ARGS name a target: a PRXS_TARGET exported for the package's own build (as
    debian/rules does) must not reach it."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    os.chmod(dest, 0o755)
    target = dest / Path(source).name
    if Path(source).resolve() != target.resolve():
        shutil.copyfile(source, target)
    if not any(a == "--target" or a.startswith("--target=") for a in args):
        # PRXS_TEST_BUILD_TARGET=proftpd runs a suite with modules built
        # against the installed headers instead: the same binary contract.
        args = ("--target", os.environ.get("PRXS_TEST_BUILD_TARGET") or "sdk", *args)
    _run_checked([sys.executable, "-m", "prxs", "-c", *args, target.name],
                 step="prxs -c", cwd=str(dest), env=_env(env), timeout=300,
                 what=f"prxs -c {' '.join(args)} {target.name}")
    return dest


def _run_checked(argv: list[str], *, step: str, what: str, timeout: float,
                 cwd: str | None = None, env: dict | None = None) -> None:
    """Run argv; a non-zero exit raises FailedProcessError (the pytest plugin
    turns it into a test failure showing the command and its output)."""
    rec = Runner().capture(argv, step=step, cwd=cwd, env=env, timeout=timeout)
    if rec.returncode != 0:
        raise FailedProcessError(f"{what} failed ({rec.returncode})", argv=rec.argv,
                                 returncode=rec.returncode, stdout=rec.stdout,
                                 stderr=rec.stderr, step=step, path=cwd)


def build_with_gcc(source: str | os.PathLike, dest: str | os.PathLike, *,
                   stamp: str | None = sdk.stamp_text(),
                   include_dir: str = sdk.INCLUDE_DIR,
                   extra: tuple[str, ...] = ()) -> Path:
    """Compile source into dest/<name>.so with gcc; stamp=None for none, a
    NUL in stamp separates strings in the section."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    os.chmod(dest, 0o755)
    out = dest / (Path(source).stem + ".so")
    argv = ["gcc", "-shared", "-fPIC", "-DPIC", "-DPR_SHARED_MODULE",
            "-DLINUX", "-I", include_dir, "-o", str(out), str(source)]
    if stamp is not None:
        # The section alone (no guard): "${model}" in stamp is the compiler's.
        from ..stamp import section_source
        stamp_c = dest / (Path(source).stem + "_stamp.c")
        stamp_c.write_text(section_source(stamp))
        argv.append(str(stamp_c))
    argv.extend(extra)
    _run_checked(argv, step="gcc", what=f"compiling {source}", timeout=120)
    return out


def compiler_model(cc: str = "gcc") -> str:
    """The ``model=`` value a stamp compiled by cc carries (LP64-x86_64...)."""
    from ..stamp import MODEL_C
    argv = [cc, "-E", "-P", "-"]
    rec = Runner().capture(argv, step="gcc -E", input=MODEL_C + "PRXS_MODEL\n",
                           timeout=60)
    if rec.returncode != 0:
        raise FailedProcessError("gcc -E of the data-model probe failed", argv=argv,
                                 returncode=rec.returncode, stdout=rec.stdout,
                                 stderr=rec.stderr, step="gcc -E")
    line = rec.stdout.strip().splitlines()[-1]
    return "".join(part for part in line.split('"') if part.strip())
