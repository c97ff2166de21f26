"""Writing files so that nothing is lost and nothing is half done.

Every file prxs writes (installed modules, .la files, manifests, build state,
cache entries) goes through here: the new content is written in full to a
temporary name beside the final one (looping on short writes), fsynced, and
only then renamed over the final name.  A full disk, a crash or a kill -9
therefore leaves the previous file exactly as it was, plus at most a temporary
file, which the next run into the same directory removes (sweep_stale).

Temporary names are ``.<final name>.prxs<pid>.<kind>``: hidden, recognisably
prxs's own, and naming the process that writes them.  Errors never name them:
an OSError raised while writing ``.mod_foo.so.prxs123.tmp`` names ``mod_foo.so``.
"""

from __future__ import annotations

import errno
import os

_KINDS = ("tmp", "bak", "d", "c")


def temp_path(path: str, kind: str = "tmp") -> str:
    """The temporary (or backup, kind="bak") name this process uses for ``path``."""
    d, base = os.path.split(path)
    return os.path.join(d, f".{base}.prxs{os.getpid()}.{kind}")


def parse_temp_name(name: str) -> tuple[str, int] | None:
    """(final name, writer pid) of a temporary name of prxs's own, else None."""
    if not name.startswith("."):
        return None
    rest, _, kind = name[1:].rpartition(".")
    final, _, pid = rest.rpartition(".prxs")
    if kind not in _KINDS or not final or not pid.isdigit() or not pid.isascii():
        return None
    return final, int(pid)


def unlink_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def naming(exc: OSError, path: str) -> OSError:
    """The same error naming ``path`` (the final file) instead of a temporary."""
    if exc.errno is None:
        return exc
    return OSError(exc.errno, exc.strerror or os.strerror(exc.errno), path)


def _write_all(fd: int, data) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        if n <= 0:      # never for a regular file, but never loop forever
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        view = view[n:]


def _stage(path: str, mode: int, fill) -> str:
    """Create the temporary for ``path``, let ``fill(fd)`` write it, fsync it;
    returns its name.  On any error nothing is left and the error names ``path``."""
    tmp = temp_path(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    except FileExistsError:
        # Our own pid's leftover (pid reuse after a kill): it is ours to replace.
        unlink_quietly(tmp)
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        except OSError as exc:
            raise naming(exc, path) from None
    except OSError as exc:
        raise naming(exc, path) from None
    try:
        try:
            fill(fd)
            os.fchmod(fd, mode)
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        unlink_quietly(tmp)
        raise naming(exc, path) from None
    except BaseException:
        unlink_quietly(tmp)
        raise
    return tmp


def stage_bytes(path: str, data: bytes, mode: int = 0o644) -> str:
    """Write ``data`` in full to ``path``'s temporary name; see publish()."""
    return _stage(path, mode, lambda fd: _write_all(fd, data))


def stage_copy(src: str, path: str, mode: int) -> str:
    """Copy ``src`` in full to ``path``'s temporary name; see publish()."""
    def fill(fd: int) -> None:
        with open(src, "rb") as fin:
            while True:
                chunk = fin.read(1 << 20)
                if not chunk:
                    break
                _write_all(fd, chunk)
    return _stage(path, mode, fill)


def publish(staged: list[tuple[str, str]]) -> None:
    """Rename each staged (temporary, final) pair into place: all or none.

    Before the first rename each existing final file gets a hard link under a
    backup name; if a later rename fails, the files already replaced are put
    back from their backups (or removed when there was none), so the previous
    set stays exactly as it was.  A file system without hard links gets no
    backup; the renames then are atomic one by one only."""
    backups: list[str | None] = []
    done: list[int] = []
    try:
        for _, final in staged:
            backups.append(_backup(final))
        for i, (tmp, final) in enumerate(staged):
            try:
                os.replace(tmp, final)
            except OSError as exc:
                raise naming(exc, final) from None
            done.append(i)
    except BaseException:
        for i in reversed(done):
            final = staged[i][1]
            try:
                if backups[i] is not None:
                    os.replace(backups[i], final)
                else:
                    os.unlink(final)
            except OSError:
                pass
        for tmp, _ in staged:
            unlink_quietly(tmp)
        for bak in backups:
            if bak is not None:
                unlink_quietly(bak)
        raise
    for bak in backups:
        if bak is not None:
            unlink_quietly(bak)
    for d in dict.fromkeys(os.path.dirname(final) or "." for _, final in staged):
        fsync_dir(d)


def _backup(final: str) -> str | None:
    """A hard link to ``final`` under its backup name, or None when there is
    no file yet or the file system has no hard links."""
    bak = temp_path(final, "bak")
    unlink_quietly(bak)
    try:
        os.link(final, bak)
        return bak
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EXDEV, errno.ENOTSUP,
                             errno.EMLINK, errno.EOPNOTSUPP):
            raise naming(exc, final) from None
        return None


def discard(staged: list[tuple[str, str]]) -> None:
    for tmp, _ in staged:
        unlink_quietly(tmp)


def atomic_write(path: str, data: bytes, mode: int = 0o644) -> None:
    """Replace ``path`` by ``data``: every byte written and fsynced, then renamed."""
    publish([(stage_bytes(path, data, mode), path)])


def atomic_copy(src: str, dst: str, mode: int) -> None:
    publish([(stage_copy(src, dst, mode), dst)])


def fsync_dir(d: str) -> None:
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


# --- litter of killed writers -------------------------------------------------

# A process that started this many seconds after a temporary file was last
# written cannot have written it (its pid was reused).  The slack covers the
# one-second resolution of the boot time the start time is counted from.
_START_SLACK = 2.0


def _boot_time() -> float | None:
    try:
        with open("/proc/stat", "rb") as f:
            for line in f:
                if line.startswith(b"btime "):
                    return float(line.split()[1])
    except OSError:
        pass
    return None


def _process_start(pid: int, boot: float | None) -> float | None | bool:
    """When ``pid`` started (epoch seconds); None if there is no such process
    (or only its zombie); True if it exists but its start is unknown."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read()
    except FileNotFoundError:
        return None
    except OSError:
        data = b""
    if data:
        fields = data[data.rfind(b")") + 2:].split()
        if fields and fields[0] == b"Z":
            return None
        if boot is not None and len(fields) > 19:
            return boot + int(fields[19]) / os.sysconf("SC_CLK_TCK")
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except OSError:
        pass
    return True


def writer_gone(pid: int, mtime: float, boot: float | None = None) -> bool:
    """Is the process that wrote a temporary file (last modified at ``mtime``)
    gone?  Yes when no process has its pid, or when the process now holding
    that pid started after the file was last written (pid reuse).  A live
    writer always started before its file's last write, so it is never judged
    gone; when the start time cannot be read a live pid is given the benefit."""
    start = _process_start(pid, boot)
    if start is None:
        return True
    if start is True:
        return False
    return start > mtime + _START_SLACK


def sweep_stale(directory: str) -> list[str]:
    """Remove the temporary files of prxs's own naming in ``directory`` whose
    writer is gone (killed installs or builds); returns what was removed.
    Other files, and temporaries of running prxs processes, are left alone."""
    try:
        names = os.listdir(directory)
    except OSError:
        return []
    boot = None
    removed = []
    for n in names:
        parsed = parse_temp_name(n)
        if parsed is None:
            continue
        p = os.path.join(directory, n)
        try:
            st = os.lstat(p)
        except OSError:
            continue
        if boot is None:
            boot = _boot_time()
        if writer_gone(parsed[1], st.st_mtime, boot):
            try:
                os.unlink(p)
                removed.append(p)
            except OSError:
                pass
    return removed
