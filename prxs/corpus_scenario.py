"""Corpus scenarios: what each module of the corpus does, the same on both hosts.

A scenario (``tests/corpus/scenarios/<module>.scn``, or ``$PRXS_CORPUS_SCENARIOS``)
is a configuration fragment, files to put in the user's home, and a session
script (``prxs shim -h`` documents the script format)::

    # mod_copy: SITE CPFR/CPTO copies a file
    [config]
    CopyEngine on
    [files]
    a.txt = hello world
    [script]
    USER alice => 331
    PASS secret => 230
    SITE CPFR a.txt => 350
    SITE CPTO b.txt => 250
    @file {home}/b.txt

The runner writes a configuration that starts with a server name, the user
``alice`` (password ``secret``, uid/gid 4242, home ``{home}``) in an
AuthUserFile/AuthGroupFile, ``ModulePath`` and the ``LoadModule`` lines of the
module's parents and the module, then the fragment; ``{home}``, ``{tmp}`` (a
scratch directory anyone may write, for logs and tables), ``{moddir}`` and
``{user}`` are replaced in the fragment and the script.  It runs ``prxs shim
--host both --expect-ok`` on them: a scenario passes when the shim and the
real proftpd give the same transcript and every reply is what the script
expects.  Home and scratch directory are put back as they were before each
host's run (``@restore``), so both hosts start from the same state.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Scenario", "ScenarioError", "default_dir", "find_scenarios", "parse",
           "Prepared", "prepare", "verdict", "USER", "PASSWORD", "UID"]

USER, PASSWORD, UID = "alice", "secret", 4242
SECTIONS = ("config", "files", "script")
_PLACEHOLDERS = ("home", "tmp", "moddir", "user")


class ScenarioError(Exception):
    """A scenario file that cannot be used; the text names the file and line."""


@dataclass(frozen=True)
class Scenario:
    name: str                           # mod_copy
    path: Path
    title: str                          # the first comment line
    config: str
    files: tuple[tuple[str, str], ...]  # (path relative to home, content)
    script: str


def default_dir() -> Path:
    """``$PRXS_CORPUS_SCENARIOS``, else the repository's tests/corpus/scenarios."""
    env = os.environ.get("PRXS_CORPUS_SCENARIOS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[1] / "tests" / "corpus" / "scenarios"


def find_scenarios(directory: Path) -> dict[str, Path]:
    """Module name -> its scenario file (none when the directory is missing)."""
    if not directory.is_dir():
        return {}
    return {p.stem: p for p in sorted(directory.glob("mod_*.scn"))}


def _file_line(path: Path, n: int, line: str) -> tuple[str, str]:
    name, sep, content = line.partition("=")
    name = name.strip()
    if not sep or not name or name.startswith("/") or ".." in Path(name).parts:
        raise ScenarioError(
            f"{path}:{n}: a [files] line must be 'relative/path = content', got {line!r}")
    return name, content.strip()


def parse(path: Path) -> Scenario:
    """Read a scenario file; ScenarioError names the line of a mistake."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise ScenarioError(f"{path}: cannot read the scenario: {e}") from None
    parts: dict[str, list[str]] = {s: [] for s in SECTIONS}
    files: list[tuple[str, str]] = []
    title, section = "", None
    for n, line in enumerate(text.splitlines(), 1):
        head = re.fullmatch(r"\[(\w+)\]\s*", line)
        if head:
            section = head.group(1)
            if section not in SECTIONS:
                raise ScenarioError(f"{path}:{n}: unknown section [{section}] "
                                    f"(sections: {', '.join(f'[{s}]' for s in SECTIONS)})")
            continue
        if section is None:
            if line.startswith("#") and not title:
                title = line.lstrip("# ").strip()
            elif line.strip() and not line.startswith("#"):
                raise ScenarioError(f"{path}:{n}: text before the first section: {line!r}")
            continue
        if section == "files":
            if line.strip() and not line.lstrip().startswith("#"):
                files.append(_file_line(path, n, line))
            continue
        parts[section].append(line)
    if not any(ln.strip() and not ln.startswith("#") for ln in parts["script"]):
        raise ScenarioError(f"{path}: no [script] (a session to run on both hosts)")
    return Scenario(path.stem, path, title, "\n".join(parts["config"]), tuple(files),
                    "\n".join(parts["script"]))


@dataclass(frozen=True)
class Prepared:
    root: Path          # everything of this run; remove it afterwards
    config: Path
    script: Path


def _fill(text: str, values: dict[str, str]) -> str:
    for key in _PLACEHOLDERS:
        text = text.replace("{" + key + "}", values[key])
    return text


def prepare(scn: Scenario, moddir: Path, loads: list[str]) -> Prepared:
    """The configuration and script of one run, in a fresh directory the
    session's user can reach (its parents are 0711)."""
    from .shim.passwd import write_passwd
    root = Path(tempfile.mkdtemp(prefix=f"prxs-scn-{scn.name}-"))
    try:
        os.chmod(root, 0o711)
        home, tmp = root / "home", root / "tmp"
        home.mkdir(mode=0o755)
        tmp.mkdir()
        os.chmod(tmp, 0o1777)
        values = {"home": str(home), "tmp": str(tmp), "moddir": str(moddir), "user": USER}
        for name, content in scn.files:
            f = home / name
            f.parent.mkdir(parents=True, exist_ok=True)
            f.write_text(_fill(content, values) + "\n")
        if os.geteuid() == 0:
            for dirpath, dirs, names in os.walk(home):
                for entry in [dirpath] + [os.path.join(dirpath, x) for x in dirs + names]:
                    os.lchown(entry, UID, UID)
        passwd = write_passwd(str(root / "ftpd.passwd"),
                              {USER: {"password": PASSWORD, "uid": UID, "gid": UID,
                                      "home": str(home)}})
        group = root / "ftpd.group"
        group.write_text(f"{USER}:x:{UID}:{USER}\n")
        os.chmod(group, 0o644)
        conf = root / "scenario.conf"
        conf.write_text(
            f'ServerName "prxs corpus"\nAuthUserFile {passwd}\nAuthGroupFile {group}\n'
            f"ModulePath {moddir}\n" + "".join(f"LoadModule {m}.c\n" for m in loads)
            + _fill(scn.config, values) + "\n")
        script = root / "scenario.script"
        script.write_text(_fill(scn.script, values)
                          + f"\n@restore {home}\n@restore {tmp}\n")
        return Prepared(root, conf, script)
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise


def verdict(rc: int, output: str) -> tuple[str, str]:
    """(status, detail) of a ``prxs shim --host both`` run: ok, skip (exit 3:
    no proftpd to compare with) or FAIL with the line a reader needs: the
    first difference, or the expectation that failed."""
    if rc == 0:
        return "ok", ""
    lines = output.splitlines()
    if rc == 3:
        return "skip", next((ln.strip() for ln in lines if "error" in ln), "host unavailable")
    failed = [ln.split("error: ", 1)[1] for ln in lines if "error: on " in ln]
    diff = [ln for ln in lines if ln[:1] in "-+" and not ln.startswith(("---", "+++"))]
    parts = failed[:1]
    if any("differ" in ln for ln in lines) and diff:
        parts.append("hosts differ: " + " | ".join(diff[:2]))
    if parts:
        return "FAIL", "; ".join(parts)
    for ln in lines:
        if "error" in ln.lower():
            return "FAIL", ln.strip()
    return "FAIL", lines[-1].strip() if lines else f"exit {rc}, no output"
