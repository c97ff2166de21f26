"""``python -m prxs.pch``: the detached helper that builds the precompiled
conf.h kept in the cache (one per compiler and flag set, planned by
prxs.plan, started by prxs.builder beside the first compile that wants it:
that build does not wait for it, later ones use it once the helper has
renamed it into place)."""

from __future__ import annotations

import os

from . import cache
from ._fs import unlink_quietly
from .plan import parse_depfile

def _helper_main(argv: list[str]) -> int:
    """``python -m prxs.pch GCH DEPS TMP DTMP -- CC ARGS...``: run the
    compiler, then publish the header and its dependency list atomically."""
    gch, deps, tmp, dtmp = argv[:4]
    cmd = argv[5:]
    try:
        from .runner import run_to_end
        if run_to_end(cmd) != 0:
            return 1
        write_deps(dtmp, deps)
        os.replace(tmp, gch)
        return 0
    except OSError:
        return 1
    finally:
        unlink_quietly(tmp)
        unlink_quietly(dtmp)


def write_deps(depfile: str, out: str) -> None:
    """The headers the compiler read, each with its identity (for deps_fresh)."""
    lines = []
    for p in parse_depfile(depfile):
        try:
            lines.append(cache.identity_line(p))
        except OSError:
            pass
    cache.atomic_write(out, ("\n".join(sorted(set(lines))) + "\n").encode())


if __name__ == "__main__":
    import sys
    sys.exit(_helper_main(sys.argv[1:]))
