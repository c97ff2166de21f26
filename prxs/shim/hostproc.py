"""The shim host's process group and progress file: ending the group (with
every process a module forked) and saying what the host was busy with when
it had to be stopped or died (the module or file, from its progress file)."""

from __future__ import annotations

import os
import signal
import time


def kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def group_members(pgid: int) -> list[int]:
    """Live (non-zombie) processes in process group pgid, from /proc."""
    pids = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses.
        fields = stat[stat.rfind(b")") + 2:].split()
        if len(fields) > 2 and fields[0] != b"Z" and int(fields[2]) == pgid:
            pids.append(int(name))
    return pids


def _group_exists(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def end_group(pgid: int, timeout: float = 5.0) -> list[int]:
    """SIGKILL every process of group pgid and wait (bounded) until they are
    gone; returns the pids that were still alive beforehand."""
    if not _group_exists(pgid):
        return []           # the usual case, without reading all of /proc
    alive = group_members(pgid)
    kill_group(pgid)
    deadline = time.monotonic() + timeout
    while group_members(pgid) and time.monotonic() < deadline:
        time.sleep(0.01)
    return alive


def read_reports(path: str | None) -> list[tuple[str, str]]:
    """The host's structured reports (``--reports FILE``), oldest first, as
    (kind, rest): ("fatal", MESSAGE), ("crash", LINE), ("ended", "PID signal
    N TEXT" or "PID status N"), ("sessinit", "PID MESSAGE").  Only whole
    lines: one the host is still writing is left for the next read."""
    if not path:
        return []
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        return []
    out = []
    for line in text.split("\n")[:-1]:
        kind, _, rest = line.partition(" ")
        out.append((kind, rest))
    return out


def session_end(reports: list[tuple[str, str]], pid: int) -> str | None:
    """How session process pid ended, in the host log's words, from the
    reports: None while the master has not reaped it, "" for a clean exit."""
    for kind, rest in reports:
        words = rest.split(" ", 3)
        if kind != "ended" or words[0] != str(pid) or len(words) < 3:
            continue
        if words[1] == "signal":
            text = words[3] if len(words) > 3 else ""
            return f"session process {pid} died from signal {words[2]}" + \
                (f" ({text})" if text else "")
        return "" if words[2] == "0" else \
            f"session process {pid} exited with status {words[2]}"
    return None


def read_progress(path: str | None) -> list[str]:
    """The host's activity stack (outermost first) from its progress file."""
    if not path:
        return []
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        return []
    frames = []
    for line in text.split("\n"):
        if line == ".":
            return frames
        frames.append(line)
    return []  # no end marker: the host never wrote it


def describe_progress(frames: list[str]) -> str | None:
    """'running the init() of mod_x.c, within handling 'LoadModule mod_x.c'
    on line 2 of '/x.conf''."""
    if not frames:
        return None

    def one(frame: str) -> str:
        if frame.startswith("init "):
            return f"running the init() of {frame[5:]}"
        if frame.startswith("reading "):
            return f"opening '{frame[8:]}'"
        if frame.startswith("directive "):
            return f"handling {frame[10:]}"
        return frame

    text = one(frames[-1])
    for outer in reversed(frames[:-1]):
        text += f", within {one(outer)}"
    return text


def children(pid: int) -> list[int]:
    """Every descendant of pid (read from /proc)."""
    parents: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="ascii", errors="replace") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(name))
    out, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out
