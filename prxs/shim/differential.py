"""The differential check: one session script on the shim and on proftpd.

Both hosts get the same configuration and the same script; each run gives a
transcript (the replies, data, and the files the script names with
``@file PATH``).  What legitimately differs between two runs is normalised
(pids, times, ports, the hosts' temporary directories), and what remains is a
difference between the shim and the real server: a shim defect, or a real
server behaviour listed in ``ALLOWED`` with the reason.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field

from .errors import ScriptExpectationFailed
from .script import Step, run_script

__all__ = ["Run", "run_on_hosts", "normalise", "compare", "ALLOWED"]


@dataclass
class Run:
    """One host's run of a script: its transcript and what to normalise."""

    kind: str
    lines: list[str] = field(default_factory=list)
    rc: int = 0
    temp_dirs: tuple[str, ...] = ()
    failure: str = ""               # the expectation this host's run failed, if any


def _copy_tree(src: str, dst: str) -> None:
    """Copy a tree keeping modes, times and owners (sessions write as their
    user: the second host must find the same owners)."""
    shutil.copytree(src, dst, symlinks=True)
    for root, dirs, names in os.walk(src):
        for name in [""] + dirs + names:
            s = os.path.join(root, name) if name else root
            d = os.path.join(dst, os.path.relpath(s, src))
            st = os.lstat(s)
            try:
                os.lchown(d, st.st_uid, st.st_gid)
            except PermissionError:
                pass
            if not os.path.islink(d):
                os.chmod(d, st.st_mode & 0o7777)


class _Snapshot:
    """What the files and directories a script names looked like before the
    first run, to put them back before each host's run."""

    def __init__(self, paths: list[str]) -> None:
        self.tmp = tempfile.mkdtemp(prefix="prxs-diff-")
        self.state: list[tuple[str, str | None]] = []
        for i, p in enumerate(paths):
            if os.path.isdir(p) and not os.path.islink(p):
                copy = os.path.join(self.tmp, str(i))
                _copy_tree(p, copy)
                self.state.append((p, copy))
            elif os.path.lexists(p):
                copy = os.path.join(self.tmp, str(i))
                shutil.copy2(p, copy, follow_symlinks=False)
                st = os.lstat(p)
                os.lchown(copy, st.st_uid, st.st_gid) if os.geteuid() == 0 else None
                self.state.append((p, copy))
            else:
                self.state.append((p, None))

    def restore(self) -> None:
        for p, copy in self.state:
            if os.path.isdir(p) and not os.path.islink(p):
                shutil.rmtree(p)
            elif os.path.lexists(p):
                os.unlink(p)
            if copy is None:
                continue
            if os.path.isdir(copy):
                _copy_tree(copy, p)
            else:
                shutil.copy2(copy, p, follow_symlinks=False)
                st = os.lstat(copy)
                if os.geteuid() == 0:
                    os.lchown(p, st.st_uid, st.st_gid)

    def close(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


def run_on_hosts(config: str, steps: list[Step], hosts, *, default_addr: str,
                 expect_ok: bool = False, timeout: float = 30.0,
                 debug_level: int = 10) -> list[Run]:
    """Run the script on each host class in turn (a fresh host each), with
    the files it names put back in between."""
    before = _Snapshot([s.text for s in steps if s.kind in ("file", "restore")])
    runs = []
    try:
        for kind, cls in hosts:
            before.restore()
            run = Run(kind)
            host = cls(config, debug_level=debug_level, start_timeout=timeout)
            with host:
                try:
                    run.rc = run_script(host, steps, run.lines.append,
                                        default_addr=default_addr, expect_ok=expect_ok,
                                        timeout=timeout)
                except ScriptExpectationFailed as exc:
                    # Run the other host too: its transcript says whether the
                    # module or the shim is at fault.
                    run.rc, run.failure = 1, exc.message
                    run.lines.append(f"! stopped: {exc.message}")
                run.temp_dirs = tuple(d for d in (
                    getattr(host, "workdir", None),
                    getattr(host, "_sock_dir", None)) if d)
            runs.append(run)
    finally:
        if len(runs) < len(hosts):
            before.restore()
        before.close()
    return runs


_NORMALISERS = (
    (re.compile(r"\b\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:[.,]\d+)?\b"), "<time>"),
    (re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d "
                r"(?:\d\d:\d\d|\d{4})\b"), "<date>"),
    (re.compile(r"\b\d{14}(?:\.\d+)?\b"), "<mdtm>"),
    (re.compile(r"\[\d+\]"), "[<pid>]"),
    (re.compile(r"\bpid \d+\b"), "pid <pid>"),
    (re.compile(r"\b127\.0\.0\.1:\d+\b"), "127.0.0.1:<port>"),
    (re.compile(r"\(\d+,\d+,\d+,\d+,\d+,\d+\)"), "(<pasv>)"),
)


def normalise(lines: list[str], temp_dirs: tuple[str, ...] = ()) -> list[str]:
    """Replace what differs between any two runs (times, pids, ports, the
    hosts' own temporary directories) with placeholders."""
    out = []
    for line in lines:
        for d in temp_dirs:
            if d:
                line = line.replace(d, "<workdir>")
        for rx, repl in _NORMALISERS:
            line = rx.sub(repl, line)
        out.append(line)
    return out


# Real-server behaviour the shim deliberately does not copy: (regex on a
# proftpd transcript line, reason).  Matching lines are dropped from both
# sides before the diff.
ALLOWED: tuple[tuple[str, str], ...] = (
    (r"mod_deflate/\S+: wrote \d+ \(of \d+\) bytes of compressed of data to "
     r"socket \d+$",
     "mod_deflate logs the descriptor number of the data connection; the "
     "shim's data connection is a memory file of the session process, whose "
     "descriptor numbers are not the real server's"),
)


def compare(shim_lines: list[str], real_lines: list[str], *,
            allowed=ALLOWED) -> list[str]:
    """A unified diff of the two normalised transcripts (empty: they agree)."""
    rxs = [re.compile(rx) for rx, _ in allowed]

    def keep(lines):
        return [ln for ln in lines if not any(rx.search(ln) for rx in rxs)]

    return list(difflib.unified_diff(keep(shim_lines), keep(real_lines),
                                     "shim", "proftpd", lineterm=""))
