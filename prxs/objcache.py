"""Per-target objects kept in the cache: the precompiled conf.h and the
target stamp object, both built beside the first compile that needs them."""

from __future__ import annotations

import os

from . import cache
from ._fs import unlink_quietly as _unlink
from ._keys import key as _crc_key


def compiler_identity(cc: list[str]) -> str:
    """Which compiler really runs: the last word of CC resolved on PATH, with its
    file identity (a launcher such as ccache is not the compiler)."""
    from .runner import which
    comp = which(cc[-1]) or cc[-1]
    try:
        real = os.path.realpath(comp)
        return f"{' '.join(cc)}|{real}|{cache.stat_key(real)}"
    except OSError:
        return " ".join(cc)


class StampObject:
    """A tiny object carrying the ABI stamp in section .prxs_stamp and the
    guard a real server runs (prxs.stamp), built once per target and compiler
    (beside the first compile), so the shim can refuse a foreign module before
    dlopen and a mismatched server refuses it cleanly, at no per-build cost.
    Without a usable cache it is built in the module's own object directory."""

    def __init__(self, target, runner, fallback_dir: str) -> None:
        from .stamp import stamp_source
        self.text = stamp_source(target.stamp, target.abi, target.abi_number)
        key = _crc_key(self.text, compiler_identity(target.cc))
        self.pending = None
        from ._fs import sweep_stale, temp_path
        self.src = temp_path("prxs_stamp.c", "c")
        self.tmp = temp_path("prxs_stamp.o")
        written = False
        for d in (cache.cache_path("stamps", key), fallback_dir):
            self.dir = d
            self.path = os.path.join(d, "prxs_stamp.o")
            if os.path.isfile(self.path):
                return
            if runner.dry_run:
                break
            try:
                os.makedirs(d, exist_ok=True)
                sweep_stale(d)          # litter of killed builds
                self._write_source()
                written = True
                break
            except OSError:
                continue
        if not written and not runner.dry_run:
            from .errors import BuildError
            raise BuildError(f"cannot write the target stamp object in {fallback_dir}",
                             step="stamp", path=fallback_dir,
                             hint="check that the build directory is writable")
        # Relative names in the stamp's own directory: no build path in the object.
        self.pending = runner.start(list(target.cc) + ["-c", "-fPIC", "-O0", self.src,
                                                       "-o", self.tmp],
                                    step="stamp", cwd=self.dir)

    def _write_source(self) -> None:
        with open(os.path.join(self.dir, self.src), "w", encoding="ascii") as f:
            f.write(self.text)

    def finish(self, runner) -> str:
        if self.pending is not None:
            pending, self.pending = self.pending, None
            try:
                pending.wait()
                if not runner.dry_run:
                    os.replace(os.path.join(self.dir, self.tmp), self.path)
            finally:
                _unlink(os.path.join(self.dir, self.src))
                _unlink(os.path.join(self.dir, self.tmp))
        return self.path


class PchPlan:
    """Where the precompiled conf.h for this exact flag set lives, and whether
    it is ready.  Keyed on the compiler's identity, the flags and the header's
    path; validated against the stat of every header it was built from."""

    def __init__(self, flags: list[str], target) -> None:
        self.header = os.path.join(target.includedir, "conf.h")
        self.reason: str | None = None
        self.dir: str | None = None
        self.ready = False
        self.pending = None
        if not os.path.isfile(self.header):
            self.reason = f"no conf.h in {target.includedir}"
            return
        if len(target.cc) > 1:
            self.reason = (f"CC is a launcher ({' '.join(target.cc)}); precompiled "
                           "headers are not forwarded")
            return
        self.flags = list(flags)
        key = _crc_key(compiler_identity(target.cc), self.header, *self.flags)
        self.dir = cache.cache_path("pch", key)
        self.gch = os.path.join(self.dir, "conf.h.gch")
        self.deps = os.path.join(self.dir, "deps")
        self.ready = os.path.isfile(self.gch) and _deps_fresh(self.deps)

    def start(self, target, runner) -> None:
        """Build the header in a detached helper: this build compiles without
        it and does not wait for it; every later build with the same flags
        uses it once the helper has renamed it into place."""
        pid = os.getpid()
        tmp = os.path.join(self.dir, f"conf.h.gch.{pid}.tmp")
        dtmp = os.path.join(self.dir, f"deps.{pid}.d")
        argv = list(target.cc) + self.flags + ["-x", "c-header", self.header, "-o", tmp,
                                               "-MD", "-MF", dtmp]
        if runner.dry_run:
            runner.record(argv, step="pch (background)")
            return
        import sys
        try:
            os.makedirs(self.dir, exist_ok=True)
            # Claim the temporary name first: a second build in this process
            # (prxs.cli.main called again) must not start a helper writing the
            # same file while the first one renames it into place.
            try:
                os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
            except FileExistsError:
                self.reason = "conf.h.gch is being built by an earlier build of this process"
                return
            helper = [sys.executable, "-m", "prxs.objcache", self.gch, self.deps, tmp,
                      dtmp, "--"] + argv
            self.pid = runner.detached(helper, step="pch (background)", shows=argv)
        except OSError as exc:
            if getattr(self, "pid", None) is None:
                _unlink(tmp)
            self.reason = f"cannot start the precompiled header build: {exc.strerror}"

    def finish(self, runner) -> None:
        """Reap the helper if it is already done; never wait for it."""
        runner.reap(getattr(self, "pid", None))


def _build_pch_main(argv: list[str]) -> int:
    """``python -m prxs.objcache GCH DEPS TMP DTMP -- CC ARGS...``: run the
    compiler, then publish the header and its dependency list atomically."""
    gch, deps, tmp, dtmp = argv[:4]
    cmd = argv[5:]
    try:
        from .runner import run_to_end
        if run_to_end(cmd) != 0:
            return 1
        _write_deps(dtmp, deps)
        os.replace(tmp, gch)
        return 0
    except OSError:
        return 1
    finally:
        _unlink(tmp)
        _unlink(dtmp)


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
            lines.append(cache.identity_line(p))
        except OSError:
            pass
    cache.atomic_write(out, ("\n".join(sorted(set(lines))) + "\n").encode())


def _deps_fresh(deps: str) -> bool:
    text = cache.read_text(deps)
    if not text:
        return False
    return all(cache.identity_line_fresh(line) for line in text.splitlines())


if __name__ == "__main__":
    import sys
    sys.exit(_build_pch_main(sys.argv[1:]))
