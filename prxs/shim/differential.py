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
from dataclasses import dataclass, field

from ..errors import UsageError
from .errors import SessionClosed

__all__ = ["Step", "parse_script", "run_transcript", "normalise", "compare",
           "ALLOWED"]


@dataclass(frozen=True)
class Step:
    """One script line: a command (with upload data), ``@session ADDR`` or
    ``@file PATH`` (show that file's content after the sessions end)."""

    lineno: int
    kind: str            # "command", "session", "file"
    text: str
    data: bytes | None = None


def parse_script(lines: list[str], base: str) -> list[Step]:
    """The script format of ``prxs shim --script`` (see its ``-h``); uploads
    ``STOR name < file`` / ``STOR name <<< text`` are read here."""
    steps = []
    for n, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@"):
            word, _, rest = line.partition(" ")
            if word == "@session":
                steps.append(Step(n, "session", rest.strip() or "127.0.0.1"))
            elif word == "@file" and rest.strip():
                steps.append(Step(n, "file", os.path.join(base, rest.strip())))
            else:
                raise UsageError(f"script line {n}: unknown directive {word!r}",
                                 hint="use @session ADDR, @file PATH or an FTP "
                                      "command")
            continue
        data = None
        if " <<< " in line:
            line, _, text = line.partition(" <<< ")
            data = (text + "\n").encode()
        elif " < " in line:
            line, _, name = line.partition(" < ")
            path = os.path.join(base, name.strip())
            try:
                with open(path, "rb") as f:
                    data = f.read()
            except OSError as exc:
                raise UsageError(f"script line {n}: cannot read upload {path}: "
                                 f"{exc.strerror}") from None
        steps.append(Step(n, "command", line, data))
    return steps


def _reply_lines(reply) -> list[str]:
    out = [f"{code} {text}" if code else text for code, text in reply.lines]
    if reply.data:
        out.append(f"[data: {len(reply.data)} bytes]")
        try:
            out += [f"| {ln}" for ln in reply.data.decode("utf-8").splitlines()]
        except UnicodeDecodeError:
            pass
    return out


@dataclass
class Transcript:
    lines: list[str] = field(default_factory=list)
    failed: bool = False


def run_transcript(host, steps: list[Step], default_addr: str = "127.0.0.1"
                   ) -> Transcript:
    """Run the steps on a started host; the transcript of what it answered."""
    t = Transcript()
    session = None
    files = []
    try:
        for step in steps:
            if step.kind == "file":
                files.append(step.text)
                continue
            if step.kind == "session" or session is None:
                if session is not None:
                    session.close()
                addr = step.text if step.kind == "session" else default_addr
                session = host.session(addr)
                t.lines.append(f"@ session from {addr}")
                t.lines += _reply_lines(session.banner)
                if step.kind == "session":
                    continue
            t.lines.append(f"> {step.text}")
            t.lines += _reply_lines(session.command(step.text, data=step.data))
    except SessionClosed as exc:
        t.lines.append("! session ended: " + "; ".join(
            f"{c} {x}" for c, x in exc.replies) if exc.replies else "! session ended")
        t.failed = True
    finally:
        if session is not None:
            session.close()
    for path in files:
        t.lines.append(f"@ file {path}")
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                t.lines += [f"| {ln}" for ln in f.read().splitlines()]
        except OSError as exc:
            t.lines.append(f"! {exc.strerror}")
    return t


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
ALLOWED: tuple[tuple[str, str], ...] = ()


def compare(shim_lines: list[str], real_lines: list[str], *,
            allowed=ALLOWED) -> list[str]:
    """A unified diff of the two normalised transcripts (empty: they agree)."""
    rxs = [re.compile(rx) for rx, _ in allowed]

    def keep(lines):
        return [ln for ln in lines if not any(rx.search(ln) for rx in rxs)]

    return list(difflib.unified_diff(keep(shim_lines), keep(real_lines),
                                     "shim", "proftpd", lineterm=""))
