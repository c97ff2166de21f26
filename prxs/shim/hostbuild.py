"""Building the shim host binary, once per source set and compiler.

The binary lives in the prxs cache (``$PRXS_CACHE_DIR``, else
``$XDG_CACHE_HOME/prxs`` or ``~/.cache/prxs``) under a key made from the host
sources, the SDK headers, the export list, the flags and the compiler's
identity, so editing any of them (or switching compilers) rebuilds it.  It is
linked to a temporary name and renamed, so concurrent test workers never run a
half-written binary.

Only the symbols in ``prxs/sdk/exports.txt`` are exported (a linker dynamic
list rather than ``-rdynamic``): a module cannot bind to host internals, and
the export list is exactly what the host offers.
"""

from __future__ import annotations

import glob
import os
import shlex
import shutil
import tempfile
from collections.abc import Callable

from .. import sdk
from ..cache import atomic_write, cache_dir, read_text
from ..errors import FailedProcessError
from .._keys import compiler_identity
from .._keys import Fingerprint, key, stat_key
from ..runner import Runner, describe_status
from .errors import ShimBuildError

HOST_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "host")
HOST_NAME = "prxs-shim-host"
CFLAGS = ["-O2", "-g", "-Wall", "-Werror=implicit-function-declaration"]
LIBS = ["-ldl", "-lcrypt", "-lpcre2-posix", "-lpcre2-8"]


#: Where the host's sources live, as in ProFTPD's tree: api/ (our
#: implementation of the module API), core/ (master, sessions, dispatch,
#: configuration), modules/ (the static modules); headers at the top.
HOST_SUBDIRS = ("api", "core", "modules")


def host_sources() -> list[str]:
    """The C sources and headers the host is built from (sorted)."""
    found: list[str] = []
    for d in ("", *HOST_SUBDIRS):
        for ext in ("*.c", "*.h"):
            found += glob.glob(os.path.join(HOST_DIR, d, ext))
    return sorted(found)


def _compiler() -> list[str]:
    cc = shlex.split(os.environ.get("CC", "")) or ["cc"]
    if shutil.which(cc[0]) is None:
        raise ShimBuildError(
            f"shim host: cannot build the host: compiler '{cc[0]}' not found",
            step="shim build", hint="install gcc (Debian: apt-get install gcc) "
            "or set CC to a working C compiler")
    return cc


CONTRACT_H = "prxs_contract.h"


def contract_header() -> str:
    """``prxs_contract.h``: the stamp contract (prxs.stamp) and the ABI the
    host is built for (the SDK's), generated so each constant is written once."""
    from ..stamp import host_header
    return host_header(sdk.ABI, sdk.API_VERSION, sdk.SDK_VERSION)


def _key(cc: list[str]) -> str:
    """The content key of the host: its sources, the SDK headers, the export
    list, the contract, the flags and the compiler.  Reading ~110 files costs
    milliseconds on every host start, so the key is remembered under the
    files' stat identities (as the build cache does): a changed file has
    another identity, and its content is read again."""
    head = [compiler_identity(cc), contract_header(), *CFLAGS, *LIBS]
    files = host_sources() + sorted(glob.glob(os.path.join(sdk.INCLUDE_DIR, "*.h")))
    files.append(sdk.exports_path())
    memo = os.path.join(cache_dir(), "shim", "keys",
                        key(*head, *files, *(stat_key(p) for p in files)))
    known = read_text(memo)
    if known and known.strip():
        return known.strip()
    fp = Fingerprint().text(*head)
    for path in files:
        fp.text(os.path.relpath(path, os.path.dirname(HOST_DIR))).file(path)
    digest = fp.hexdigest()
    try:
        atomic_write(memo, (digest + "\n").encode())
    except OSError:
        pass                    # an unwritable cache only costs the re-read
    return digest


def _dynamic_list(path: str) -> None:
    syms = sorted(sdk.exported_symbols())
    with open(path, "w", encoding="ascii") as f:
        f.write("{\n" + "".join(f"  {s};\n" for s in syms) + "};\n")


def _failure_hint(code: int, output: str) -> str:
    """A cause guessed only from what the compiler said."""
    if "crypt" in output.lower():
        return ("is libcrypt's development package installed "
                "(Debian: apt-get install libcrypt-dev)?")
    if "pcre2" in output.lower():
        return ("is PCRE2's development package installed "
                "(Debian: apt-get install libpcre2-dev)?")
    if code < 0:
        return ("the compiler was killed before it finished (out of memory, "
                "or stopped by someone); run the command above by hand, or "
                "set CC to a working C compiler")
    return ("run the command above by hand to see the failure; set CC to a "
            "working C compiler if this one is broken")


def _fail(exc: FailedProcessError, argv: list[str]) -> ShimBuildError:
    output = "\n".join(t.strip() for t in (exc.stdout, exc.stderr) if t.strip())
    return ShimBuildError(
        f"shim host: building {HOST_NAME} failed "
        f"({describe_status(exc.returncode)}):\n$ {shlex.join(argv)}\n"
        + (output or "(the command printed nothing)"),
        step="shim build", path=HOST_DIR,
        hint=_failure_hint(exc.returncode, output))


def _compile_all(runner: Runner, cc: list[str], tmp_dir: str) -> list[str]:
    """Each source to an object, as many compilers at once as there are
    CPUs (the first build of the host is what a fresh machine waits for);
    the objects' names keep their directory (api/ and core/ share names)."""
    sources = [s for s in host_sources() if s.endswith(".c")]
    jobs = max(1, min(os.cpu_count() or 1, 8))
    running: list[tuple[object, list[str]]] = []
    objects = []
    try:
        for src in sources:
            rel = os.path.relpath(src, HOST_DIR)
            obj = os.path.join(tmp_dir, rel.replace(os.sep, "_")[:-2] + ".o")
            argv = [*cc, *CFLAGS, "-I", sdk.INCLUDE_DIR, "-I", HOST_DIR, "-I", tmp_dir,
                    "-c", src, "-o", obj]
            if len(running) >= jobs:
                _finish(*running.pop(0))
            running.append((runner.start(argv, step="shim host build", path=src,
                                         hint="the shim host's C sources did not "
                                              "compile"), argv))
            objects.append(obj)
        while running:
            _finish(*running.pop(0))
    finally:
        for pending, _ in running:
            pending.kill()
    return objects


def _finish(pending, argv: list[str]) -> None:
    try:
        pending.wait()
    except FailedProcessError as exc:
        raise _fail(exc, argv) from None


def _link(runner: Runner, argv: list[str]) -> None:
    try:
        runner.run(argv, step="shim host build", path=HOST_DIR,
                   hint="the shim host did not link")
    except FailedProcessError as exc:
        raise _fail(exc, argv) from None


def host_binary(*, runner: Runner | None = None,
                on_build: Callable[[str], None] | None = None) -> str:
    """Path of the host binary, building it into the cache if needed.

    ``on_build`` is called with one line saying what is happening before a
    build (several seconds) starts; the CLI prints it, library code does not.
    """
    runner = runner or Runner()
    cc = _compiler()
    out_dir = os.path.join(cache_dir(), "shim", _key(cc))
    binary = os.path.join(out_dir, HOST_NAME)
    if os.access(binary, os.X_OK):
        return binary
    if on_build is not None:
        on_build(f"building the shim host with {shlex.join(cc)} into {out_dir} "
                 "(once per prxs version and compiler; takes a few seconds)")

    os.makedirs(out_dir, exist_ok=True)
    tmp_dir = tempfile.mkdtemp(prefix=".build-", dir=out_dir)
    try:
        dynlist = os.path.join(tmp_dir, "exports.list")
        _dynamic_list(dynlist)
        with open(os.path.join(tmp_dir, CONTRACT_H), "w", encoding="ascii") as f:
            f.write(contract_header())
        tmp_bin = os.path.join(tmp_dir, HOST_NAME)
        objects = _compile_all(runner, cc, tmp_dir)
        _link(runner, [*cc, "-o", tmp_bin, *objects,
                       f"-Wl,--dynamic-list={dynlist}", *LIBS])
        os.replace(tmp_bin, binary)
    finally:
        shutil.rmtree(tmp_dir, ignore_errors=True)
    return binary
