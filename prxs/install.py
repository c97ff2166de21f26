"""Install, uninstall and clean.

Installs are atomic and all or nothing: the .so, the .la and the manifest
entry are each written in full beside their final names and fsynced, and only
then renamed into place together (prxs._fs.publish), so a loader never sees a
half-written module, a running server's mapped copy keeps its inode, and a
full disk or a kill leaves the previous pair exactly as it was.
"""

from __future__ import annotations

import os

from . import _fs, cache
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


def staged_path(destdir: str, path: str) -> str:
    if not destdir:
        return path
    return os.path.join(destdir, path.lstrip(os.sep))


def locate_build(name: str, builddir: str) -> str:
    """The built .so, found through the uninstalled .la as libltdl would."""
    la_path = os.path.join(builddir, name + ".la")
    text = cache.read_text(la_path)
    if text is None and os.path.lexists(la_path):
        try:
            with open(la_path, "rb") as f:
                f.read().decode("utf-8")
            why = "cannot be read"
        except UnicodeDecodeError:
            why = "is not UTF-8 text, so not a libtool .la file prxs wrote"
        except OSError as exc:
            why = f"cannot be read: {exc.strerror}"
        raise InstallError(f"cannot install {name}: {la_path} {why}", step="install",
                           path=la_path, hint=f"rebuild the module: prxs -c {name}.c")
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
    destdir, libexecdir = _destination(destdir, libexecdir)
    result = InstallResult(name, libexecdir, destdir)
    so = locate_build(name, builddir)
    dest = staged_path(destdir, libexecdir)
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
    la_text = render_la(name, libexecdir, installed=True,
                        dependency_libs=la_fields.get("dependency_libs", "").split())
    _make_destination(name, dest, mkdir or bool(destdir)
                      or getattr(target, "owns_libexecdir", False))
    builddir = os.path.abspath(builddir)
    # Litter of killed installs (ours or another module's) goes first.
    _fs.sweep_stale(dest)
    _fs.sweep_stale(os.path.join(builddir, ".libs"))
    mpath = manifest_path(builddir, name)
    files = [(so, so_dst, 0o755), (la_text.encode(), la_dst, 0o644)] if la else \
        [(so, so_dst, 0o755)]
    try:
        manifest = _manifest_text(cache.read_text(mpath), destdir, libexecdir,
                                  result.installed)
    except OSError as exc:
        raise _install_error(name, dest, exc) from None
    files.append((manifest.encode(), mpath, 0o644))
    _stage_and_publish(name, dest, files)
    return result


def _make_destination(name: str, dest: str, may_create: bool) -> None:
    """The libexec directory exists (or is made, with --mkdir, a DESTDIR or a
    target that owns it)."""
    if os.path.isdir(dest):
        return
    if os.path.exists(dest):
        raise InstallError(f"cannot install into {dest}: it is not a directory",
                           step="install", path=dest,
                           hint="remove it or choose another --libexecdir")
    if not may_create:
        raise InstallError(
            f"cannot install {name}: the libexec directory {dest} does not exist",
            step="install", path=dest,
            hint="create it, choose another with --libexecdir, or pass --mkdir")
    try:
        os.makedirs(dest, mode=0o755, exist_ok=True)
    except OSError as exc:
        raise InstallError(f"cannot create {dest}: {exc.strerror}", step="install",
                           path=dest, hint="check permissions or set DESTDIR") from None


def _stage_and_publish(name: str, dest: str, files: list[tuple]) -> None:
    """Write each (source path or bytes, final path, mode) beside its final
    name, then rename them all into place together; nothing on a failure."""
    staged: list[tuple[str, str]] = []
    try:
        for data, final, mode in files:
            tmp = _fs.stage_bytes(final, data, mode) if isinstance(data, bytes) else \
                _fs.stage_copy(data, final, mode)
            staged.append((tmp, final))
    except OSError as exc:
        _fs.discard(staged)
        raise _install_error(name, dest, exc) from None
    except BaseException:
        _fs.discard(staged)
        raise
    try:
        _fs.publish(staged)
    except OSError as exc:
        raise _install_error(name, dest, exc) from None


def _install_error(name: str, dest: str, exc: OSError) -> InstallError:
    import errno
    where = exc.filename or dest
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        hint = (f"free space on the file system holding {os.path.dirname(where)}, "
                "then install again")
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        hint = ("check that the directory is writable (run as the owner, or stage "
                "with DESTDIR)")
    else:
        hint = "check the directory and its file system, then install again"
    return InstallError(f"cannot install {name}: cannot write {where}: {exc.strerror}; "
                        "the previously installed files are unchanged",
                        step="install", path=where, hint=hint)


def clean(name: str, builddir: str, sources: list[str], dry_run: bool = False) -> list[str]:
    """Remove what a build of ``name`` produced, and nothing else."""
    from .sources import BuildSpec, outputs
    spec = BuildSpec(name, sources, builddir)
    candidates = outputs(spec)
    # Leftovers of an interrupted build (unique temporary names beside outputs).
    for out in list(candidates):
        d, base = os.path.split(out)
        try:
            names = os.listdir(d)
        except OSError:
            continue
        candidates += [os.path.join(d, n) for n in names
                       if (n.startswith(base + ".") and n.endswith((".tmp", ".d")))
                       or (_fs.parse_temp_name(n) or ("",))[0] == base]
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


# The manifest remembers, for each destination (DESTDIR and libexec directory),
# the files an install there wrote:
#
#   prxs-manifest/2
#   <destdir>\t<libexecdir>\t<file>      (destdir empty without DESTDIR)
#
# A line of the first format (a bare path) has no known destination: it is
# written back as "-\t-\t<file>" and belongs to whichever destination
# would install exactly that file.
_MANIFEST_HEADER = "prxs-manifest/2"
_UNKNOWN = "-"


def _destination(destdir: str, libexecdir: str) -> tuple[str, str]:
    """The canonical spelling of a destination, as the manifest keys it."""
    return (os.path.abspath(destdir) if destdir else "", os.path.normpath(libexecdir))


def _read_manifest(text: str | None) -> list[tuple[str, str, str]]:
    rows = []
    lines = (text or "").splitlines()
    if lines and lines[0] == _MANIFEST_HEADER:
        for ln in lines[1:]:
            parts = ln.split("\t")
            if len(parts) == 3 and parts[2]:
                rows.append((parts[0], parts[1], parts[2]))
    else:
        rows = [(_UNKNOWN, _UNKNOWN, ln) for ln in lines if ln]
    return rows


def _render_manifest(rows: list[tuple[str, str, str]]) -> str:
    for row in rows:
        if any("\t" in f or "\n" in f for f in row):
            raise InstallError(f"cannot record {row[2]!r} in the install manifest: "
                               "the path holds a tab or a newline", step="install",
                               path=row[2], hint="choose a plainer DESTDIR or libexec "
                               "directory")
    return "\n".join([_MANIFEST_HEADER] + ["\t".join(r) for r in rows]) + "\n"


def _manifest_text(old: str | None, destdir: str, libexecdir: str,
                   files: list[str]) -> str:
    """The manifest after an install of ``files`` into this destination: its
    earlier entry replaced, every other destination's kept as it was."""
    rows = [r for r in _read_manifest(old)
            if (r[0], r[1]) != (destdir, libexecdir)
            and not (r[0] == _UNKNOWN and r[2] in files)]
    return _render_manifest(rows + [(destdir, libexecdir, f) for f in files])


class UninstallResult:
    def __init__(self) -> None:
        self.removed: list[str] = []
        # (destdir, libexecdir, file) of manifest entries for other destinations.
        self.left_alone: list[tuple[str, str, str]] = []


def uninstall(name: str, target, *, destdir: str = "", builddir: str = ".",
              dry_run: bool = False) -> UninstallResult:
    """Remove what an install of ``name`` into this DESTDIR and libexec
    directory wrote: the build directory's manifest entry for that destination,
    or else ``<libexecdir>/<name>.so`` and ``.la`` there.  Entries for other
    destinations (a staged install, another libexec directory) stay, and so do
    their files."""
    destdir, libexecdir = _destination(destdir, target.libexecdir)
    dest = staged_path(destdir, libexecdir)
    expected = [os.path.join(dest, name + ".so"), os.path.join(dest, name + ".la")]
    path = manifest_path(os.path.abspath(builddir), name)
    rows = _read_manifest(cache.read_text(path))
    mine = [r for r in rows if (r[0], r[1]) == (destdir, libexecdir)
            or (r[0] == _UNKNOWN and r[2] in expected)]
    res = UninstallResult()
    res.left_alone = [r for r in rows if r not in mine]
    files = [r[2] for r in mine] or expected
    for f in dict.fromkeys(files):
        if os.path.lexists(f):
            res.removed.append(f)
            if not dry_run:
                try:
                    os.unlink(f)
                except OSError as exc:
                    raise InstallError(f"cannot remove {f}: {exc.strerror}",
                                       step="uninstall", path=f,
                                       hint="check permissions") from None
    if not res.removed:
        raise InstallError(f"{name} is not installed: none of {', '.join(files)} exists",
                           step="uninstall", path=files[0],
                           hint="check --libexecdir, --target and DESTDIR")
    if mine and not dry_run:
        try:
            if res.left_alone:
                _fs.atomic_write(path, _render_manifest(res.left_alone).encode())
            else:
                os.unlink(path)
        except OSError as exc:
            raise InstallError(f"removed {', '.join(res.removed)} but cannot update "
                               f"the install manifest {path}: {exc.strerror}",
                               step="uninstall", path=path,
                               hint="check that the build directory is writable") from None
    return res
