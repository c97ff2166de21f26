"""Shared by the mod_cap tests: building the modules, reading
/proc/<pid>/status, and the reasons a capability test cannot run here."""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from ..conftest import PACKAGES, ROOT, SAMPLES

PKG = PACKAGES / "cap"

# Bits of /proc/<pid>/status's Cap* masks (linux/capability.h).
CAP_CHOWN = 1 << 0
CAP_DAC_OVERRIDE = 1 << 1
CAP_DAC_READ_SEARCH = 1 << 2
CAP_FOWNER = 1 << 3
CAP_SETGID = 1 << 6
CAP_SETUID = 1 << 7
CAP_NET_BIND_SERVICE = 1 << 10
CAP_SETPCAP_BIT = 8

EPERM = 1
EACCES = 13


def _why_not() -> str | None:
    if not sys.platform.startswith("linux"):
        return "capabilities are a Linux feature"
    if shutil.which("gcc") is None:
        return "the mod_cap tests need gcc"
    if not os.path.exists("/usr/include/sys/capability.h"):
        return "mod_cap needs libcap's headers (apt-get install libcap-dev)"
    if os.geteuid() != 0:
        return "dropping capabilities in a session needs the host to run as root"
    if not status(os.getpid()).eff >> CAP_SETPCAP_BIT & 1:
        return "this root has no CAP_SETPCAP (a restricted container): " \
               "the bounding set and securebits cannot be changed"
    return None


@dataclass(frozen=True)
class Status:
    """The identity and capability lines of /proc/<pid>/status."""

    uid: tuple[int, int, int, int]      # real, effective, saved, filesystem
    gid: tuple[int, int, int, int]
    inh: int
    prm: int
    eff: int
    bnd: int
    amb: int


def parse_status(text: str, sep: str = "\n") -> Status:
    fields = {}
    for line in text.split(sep):
        key, _, value = line.partition(":") if ":" in line else line.partition("=")
        fields[key.strip()] = value.split()
    return Status(uid=tuple(int(v) for v in fields["Uid"]),
                  gid=tuple(int(v) for v in fields["Gid"]),
                  inh=int(fields["CapInh"][0], 16),
                  prm=int(fields["CapPrm"][0], 16),
                  eff=int(fields["CapEff"][0], 16),
                  bnd=int(fields["CapBnd"][0], 16),
                  amb=int(fields["CapAmb"][0], 16))


def status(pid: int) -> Status:
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        return parse_status(f.read())


def real_copy(tmp_path: Path) -> Path:
    """mod_cap.c renamed mod_capx.c with Capx* directives: Debian's proftpd has
    mod_cap built in, which would win over a LoadModule'd mod_cap.c and its
    directives; the renamed copy makes the real server run our handlers."""
    text = (SAMPLES / "mod_cap.c").read_text()
    for old, new in (("cap_module", "capx_module"), ('"cap",', '"capx",'),
                     ('"mod_cap.c"', '"mod_capx.c"'),
                     ('"CapabilitiesEngine"', '"CapxEngine"'),
                     ('"CapabilitiesRootRevoke"', '"CapxRootRevoke"'),
                     ('"CapabilitiesSet"', '"CapxSet"')):
        assert old in text, old
        text = text.replace(old, new)
    d = tmp_path / "real"
    d.mkdir()
    (d / "mod_capx.c").write_text(text)
    return d


def errno_of(reply) -> int:
    """The errno a ``SITE CAPTEST`` attempt got ("200 CHOWN 1 Operation ...")."""
    assert reply.code == 200, str(reply)
    return int(reply.text.split()[1])


def exec_status(session) -> Status:
    """The status of a program the session starts (fork + execve)."""
    reply = session.command("SITE CAPTEST EXEC")
    assert reply.code == 200 and reply.text.startswith("EXEC "), str(reply)
    return parse_status(reply.text[5:], sep=";")


WHY_NOT = _why_not()
needs_caps = pytest.mark.skipif(WHY_NOT is not None, reason=WHY_NOT or "")
