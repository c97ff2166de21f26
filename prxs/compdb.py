"""compile_commands.json for clangd and IDEs: the exact compile command of
each C source, without the header cache (a tool reading it needs no .gch)."""

from __future__ import annotations

import os


def entries(spec, target) -> list[dict]:
    from .toolchain import compile_argv
    out = []
    for src in spec.sources:
        if not src.endswith(".c"):
            continue
        obj = spec.object_path(src)
        out.append({"directory": spec.builddir,
                    "arguments": compile_argv(spec, target, src, obj),
                    "file": os.path.abspath(src), "output": obj})
    return out


def write_compile_commands(spec, target, directory: str) -> str:
    """Merge this module's entries into ``directory/compile_commands.json``."""
    import json
    from . import cache
    path = os.path.join(directory, "compile_commands.json")
    mine = entries(spec, target)
    files = {e["file"] for e in mine}
    try:
        with open(path, encoding="utf-8") as f:
            old = [e for e in json.load(f) if e.get("file") not in files]
    except (OSError, ValueError):
        old = []
    cache.atomic_write(path, (json.dumps(old + mine, indent=2) + "\n").encode())
    return path
