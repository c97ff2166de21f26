"""One error handler for every CLI, one runner for every process, one
fingerprint scheme (issue 14, items 4, 5, 6, 10): real processes, no mocks."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

import prxs
from prxs import _keys
from prxs.errors import CommandTimeout, EnvironmentProblem, FailedProcessError
from prxs.report import report
from prxs.runner import Runner
from prxs.shim.errors import ShimBuildError, ShimError

PKG = Path(prxs.__file__).resolve().parent


def _failing(code: int = 3) -> list[str]:
    return [sys.executable, "-c",
            f"import sys; print('to stdout'); print('to stderr', file=sys.stderr); "
            f"sys.exit({code})"]


def test_failed_process_error_shows_command_status_and_output():
    with pytest.raises(FailedProcessError) as err:
        Runner().run(_failing(3), step="probe")
    text = str(err.value)
    assert text.splitlines()[0] == "probe failed (exit status 3)"
    assert "command: " + sys.executable in text
    assert "status: exit status 3" in text
    assert "to stdout\nto stderr" in text
    assert err.value.returncode == 3 and err.value.argv == _failing(3)


def test_the_handler_prints_output_then_error_command_and_hint_lines():
    with pytest.raises(FailedProcessError) as err:
        Runner().run(_failing(3), step="probe", hint="fix the probe")
    out = io.StringIO()
    assert report(err.value, "prxs", stream=out) == 1
    lines = out.getvalue().splitlines()
    assert lines[:2] == ["to stdout", "to stderr"]
    assert lines[2] == "prxs: error: probe failed (exit status 3)"
    assert lines[3].startswith("prxs: command: ")
    assert lines[4] == "prxs: hint: fix the probe"


def test_the_handler_maps_ctrl_c_and_file_errors_to_typed_errors():
    out = io.StringIO()
    assert report(KeyboardInterrupt(), "prxs shim", stream=out) == 130
    assert out.getvalue() == "prxs shim: error: interrupted\n"
    out = io.StringIO()
    assert report(FileNotFoundError(2, "No such file or directory", "/nope"),
                  stream=out) == 1
    assert out.getvalue().startswith("prxs: error: /nope: No such file or directory\n")
    with pytest.raises(ValueError):          # a bug keeps its traceback
        report(ValueError("bug"), stream=io.StringIO())


def test_shim_build_error_is_a_shim_error_with_the_environment_exit_code():
    exc = ShimBuildError("no compiler")
    assert isinstance(exc, ShimError) and isinstance(exc, EnvironmentProblem)
    assert exc.exit_code == 3 and ShimError("x").exit_code == 1


def test_capture_kills_the_whole_group_on_timeout_and_records_the_argv(tmp_path):
    pidfile = tmp_path / "pid"
    argv = ["sh", "-c", f"echo $$ > {pidfile}; sleep 60 & sleep 60"]
    shown = []
    runner = Runner(on_command=shown.append)
    with pytest.raises(CommandTimeout) as err:
        runner.capture(argv, step="slow", timeout=0.5, new_session=True)
    assert err.value.argv == argv and "within 0.5s" in err.value.message
    assert [r.argv for r in shown] == [argv] and runner.records[0].step == "slow"
    pgid = int(pidfile.read_text())
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        pytest.fail(f"process group {pgid} survived the timeout")


def test_capture_returns_a_failure_instead_of_raising():
    rec = Runner().capture(_failing(5), step="query", timeout=30)
    assert rec.returncode == 5 and rec.stdout == "to stdout\n" \
        and rec.stderr == "to stderr\n"


def test_no_process_starts_outside_the_runner():
    # targets.py (proftpd -V/-l) is being reworked in another branch; the ABI
    # probe is a developer script run by hand, not part of prxs's commands.
    allowed = {"runner.py", "targets.py", os.path.join("sdk", "abi_probe.py")}
    offenders = []
    for path in PKG.rglob("*.py"):
        rel = str(path.relative_to(PKG))
        if rel in allowed:
            continue
        for n, line in enumerate(path.read_text().splitlines(), 1):
            code = line.split("#", 1)[0]
            if re.search(r"\bimport subprocess\b|posix_spawn|os\.fork\b|\bPopen\(", code):
                offenders.append(f"{rel}:{n}: {line.strip()}")
    assert offenders == []


def test_no_private_name_is_imported_across_modules():
    offenders = []
    for path in PKG.rglob("*.py"):
        text = path.read_text()
        for m in re.finditer(r"from \.+[\w.]* import \(?([^)\n]+)", text):
            names = [n.strip().split(" as ")[0] for n in m.group(1).split(",")]
            offenders += [f"{path.name}: {n}" for n in names
                          if n.startswith("_") and n not in ("__version__", "_fs", "_keys")]
    assert offenders == []


def test_header_cache_helper_does_not_import_build():
    out = subprocess.run([sys.executable, "-c", "import sys, prxs.pch; "
                          "print('prxs.build' in sys.modules)"],
                         capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "False"


def test_ctl_client_library_neither_prints_nor_parses_arguments():
    text = (PKG / "shim" / "ctl.py").read_text()
    assert "print(" not in text and "argparse" not in text and "def main" not in text


def test_build_prxs_leaves_setuptools_build_class_alone(tmp_path):
    from setuptools import Distribution
    from setuptools.command.build import build

    from prxs.setuptools_ext import finalize_options
    (tmp_path / "pyproject.toml").write_text(
        '[[tool.prxs.modules]]\nsources = ["mod_x.c"]\n')
    before = list(build.sub_commands)
    dist = Distribution({"script_name": str(tmp_path / "setup.py")})
    finalize_options(dist)
    assert build.sub_commands == before
    assert dist.cmdclass["build"].sub_commands[0] == ("build_prxs", None)
    assert issubclass(dist.cmdclass["build"], build)


def test_fingerprints_frame_their_parts_and_follow_content(tmp_path):
    assert _keys.Fingerprint().text("ab", "c").hexdigest() != \
        _keys.Fingerprint().text("a", "bc").hexdigest()
    f = tmp_path / "h.h"
    f.write_text("int x;\n")
    first = _keys.file_digest(str(f))
    os.utime(f, (1, 1))
    assert _keys.file_digest(str(f)) == first
    f.write_text("int y;\n")
    assert _keys.file_digest(str(f)) != first
    assert re.fullmatch(r"[0-9a-f]{16}", _keys.key("gcc", "-O2"))
