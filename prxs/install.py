"""Install and clean.

Installs are atomic: each file is copied beside its destination under a
temporary name, fsynced, then renamed over the old one, so a loader never sees
a half-written module and a running server's mapped copy keeps its inode.
"""

from __future__ import annotations

import os

from . import cache
from .errors import InstallError, UsageError
from .la import parse_la, render_la


class InstallResult:
    def __init__(self, name: str, libexecdir: str, destdir: str) -> None:
        self.name = name
        self.libexecdir = libexecdir
        self.destdir = destdir
        self.installed: list[str] = []

    def to_dict(self) -> dict:
        return {"module": self.name, "libexecdir": self.libexecdir,
                "destdir": self.destdir or None, "files": self.installed}


def _staged(destdir: str, path: str) -> str:
    if not destdir:
        return path
    return os.path.join(destdir, path.lstrip(os.sep))


def _copy_atomic(src: str, dst: str, mode: int) -> None:
    d = os.path.dirname(dst)
    tmp = os.path.join(d, f".{os.path.basename(dst)}.prxs{os.getpid()}.tmp")
    try:
        with open(src, "rb") as fin:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
            try:
                while True:
                    chunk = fin.read(1 << 20)
                    if not chunk:
                        break
                    os.write(fd, chunk)
                os.fchmod(fd, mode)
                os.fsync(fd)
            finally:
                os.close(fd)
        os.replace(tmp, dst)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _fsync_dir(d: str) -> None:
    try:
        fd = os.open(d, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def locate_build(name: str, builddir: str) -> str:
    """The built .so, found through the uninstalled .la as libltdl would."""
    la_path = os.path.join(builddir, name + ".la")
    text = cache.read_text(la_path)
    if text is None:
        raise InstallError(f"nothing to install: {la_path} does not exist",
                           step="install", path=la_path,
                           hint=f"build it first: prxs -c {name}.c (or prxs -c -i {name}.c)")
    fields = parse_la(text)
    dlname = fields.get("dlname") or name + ".so"
    if os.sep in dlname or dlname in (".", ".."):
        raise InstallError(f"{la_path}: unsafe dlname {dlname!r}", step="install",
                           path=la_path, hint="rebuild the module with prxs -c")
    so = os.path.join(builddir, ".libs", dlname)
    if not os.path.isfile(so):
        raise InstallError(f"{la_path} names {so}, which does not exist",
                           step="install", path=so,
                           hint=f"rebuild the module: prxs -c {name}.c")
    return so


def install(name: str, builddir: str, target, *, destdir: str = "",
            mkdir: bool = False, dry_run: bool = False,
            verify: bool = True, la: bool = True) -> InstallResult:
    """``verify=False`` when this run's build just checked the .so (or found it
    unchanged since its check, which the build state tells by file identity).
    ``la=False`` installs the .so alone (Debian drops .la files; mod_dso then
    loads the .so directly)."""
    from .check import check_module

    libexecdir = target.libexecdir
    if not os.path.isabs(libexecdir):
        raise UsageError(f"libexec directory {libexecdir!r} is not absolute",
                         step="install", hint="pass --libexecdir /absolute/path")
    if destdir and not os.path.isabs(destdir):
        destdir = os.path.abspath(destdir)
    result = InstallResult(name, libexecdir, destdir)
    so = locate_build(name, builddir)
    dest = _staged(destdir, libexecdir)
    so_dst = os.path.join(dest, name + ".so")
    la_dst = os.path.join(dest, name + ".la")
    result.installed = [so_dst, la_dst] if la else [so_dst]
    if dry_run:
        return result
    # The same check as after linking: a module changed since (or built by
    # another tool) must not reach the libexec directory if it cannot load.
    if verify:
        check_module(so, name, target)
    la_fields = parse_la(cache.read_text(os.path.join(builddir, name + ".la")) or "")
    deps = la_fields.get("dependency_libs", "").split()
    if not os.path.isdir(dest):
        if os.path.exists(dest):
            raise InstallError(f"cannot install into {dest}: it is not a directory",
                               step="install", path=dest,
                               hint="remove it or choose another --libexecdir")
        if not (mkdir or destdir or getattr(target, "owns_libexecdir", False)):
            raise InstallError(
                f"cannot install {name}: the libexec directory {dest} does not exist",
                step="install", path=dest,
                hint="create it, choose another with --libexecdir, or pass --mkdir")
        try:
            os.makedirs(dest, mode=0o755, exist_ok=True)
        except OSError as exc:
            raise InstallError(f"cannot create {dest}: {exc.strerror}", step="install",
                               path=dest, hint="check permissions or set DESTDIR") from None
    la_text = render_la(name, libexecdir, installed=True, dependency_libs=deps)
    try:
        _copy_atomic(so, so_dst, 0o755)
        if la:
            cache.atomic_write(la_dst, la_text.encode(), 0o644)
        _fsync_dir(dest)
        record_manifest(os.path.abspath(builddir), name, result.installed)
    except OSError as exc:
        raise InstallError(f"cannot install {name} into {dest}: {exc.strerror}",
                           step="install", path=dest,
                           hint="check that the directory is writable (run as the "
                                "owner, or stage with DESTDIR)") from None
    return result


def clean(name: str, builddir: str, sources: list[str], dry_run: bool = False) -> list[str]:
    """Remove what a build of ``name`` produced, and nothing else."""
    from .build import BuildSpec
    spec = BuildSpec(name, sources, builddir)
    candidates = [spec.la_path, spec.so_path]
    candidates += [spec.object_path(s) for s in sources if s.endswith(".c")]
    candidates += [os.path.join(spec.objdir, name + ext) for ext in
                   (".o", ".lai", ".la", ".a", ".state", ".installed")]
    candidates.append(os.path.join(spec.objdir, "prxs_stamp.o"))  # without a cache
    candidates += [os.path.join(builddir, name + ext) for ext in (".lo", ".o")]
    if any(s.endswith(".pyx") for s in sources):
        from .cython import generated_sources
        gen = generated_sources(name, builddir)
        candidates += gen + [spec.object_path(g) for g in gen if g.endswith(".c")]
    # Leftovers of an interrupted build (unique temporary names beside outputs).
    for out in list(candidates):
        d, base = os.path.split(out)
        try:
            names = os.listdir(d)
        except OSError:
            continue
        candidates += [os.path.join(d, n) for n in names
                       if n.startswith(base + ".") and n.endswith((".tmp", ".d"))]
    removed = []
    for p in dict.fromkeys(candidates):
        if os.path.lexists(p):
            removed.append(p)
            if not dry_run:
                os.unlink(p)
    if not dry_run:
        # Remove the object directories we made, bottom up, only when empty.
        dirs = sorted({os.path.dirname(p) for p in candidates
                       if p.startswith(spec.objdir + os.sep)}, key=len, reverse=True)
        for d in dirs:
            while d.startswith(spec.objdir) and len(d) >= len(spec.objdir):
                try:
                    os.rmdir(d)
                except OSError:
                    break
                d = os.path.dirname(d)
    return removed


def manifest_path(builddir: str, name: str) -> str:
    return os.path.join(builddir, ".libs", name + ".installed")


def record_manifest(builddir: str, name: str, files: list[str]) -> None:
    """Remember what an install wrote, so uninstall removes exactly that."""
    path = manifest_path(builddir, name)
    old = cache.read_text(path) or ""
    lines = [ln for ln in old.splitlines() if ln]
    for f in files:
        if f not in lines:
            lines.append(f)
    cache.atomic_write(path, ("\n".join(lines) + "\n").encode())


def uninstall(name: str, target, *, destdir: str = "", builddir: str = ".",
              dry_run: bool = False) -> list[str]:
    """Remove an installed module: the files the build directory's manifest
    lists, or else ``<libexecdir>/<name>.so`` and ``.la``."""
    path = manifest_path(os.path.abspath(builddir), name)
    text = cache.read_text(path)
    if text:
        files = [ln for ln in text.splitlines() if ln]
    else:
        dest = _staged(destdir, target.libexecdir)
        files = [os.path.join(dest, name + ".so"), os.path.join(dest, name + ".la")]
    removed = []
    for f in files:
        if os.path.lexists(f):
            removed.append(f)
            if not dry_run:
                try:
                    os.unlink(f)
                except OSError as exc:
                    raise InstallError(f"cannot remove {f}: {exc.strerror}",
                                       step="uninstall", path=f,
                                       hint="check permissions") from None
    if not removed:
        raise InstallError(f"{name} is not installed: none of {', '.join(files)} exists",
                           step="uninstall", path=files[0],
                           hint="check --libexecdir, --target and DESTDIR")
    if text and not dry_run:
        os.unlink(path)
    return removed
