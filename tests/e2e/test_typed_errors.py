"""Library code raises typed errors that show the failed command; the CLIs
print them through the one handler (issue 14, item 4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from prxs.cli import main
from prxs.demo import build_all
from prxs.errors import FailedProcessError
from prxs.shim.testing import build_with_gcc


def test_build_with_gcc_raises_a_failed_process_error_with_gccs_output(tmp_path):
    src = tmp_path / "mod_broken.c"
    src.write_text("int f(void) { return no_such_name; }\n")
    with pytest.raises(FailedProcessError) as err:
        build_with_gcc(src, tmp_path / "out")
    text = str(err.value)
    assert "command: gcc " in text and "no_such_name" in text
    assert err.value.returncode == 1


def test_demo_build_raises_instead_of_exiting(tmp_path, capsys):
    samples = tmp_path / "samples"
    samples.mkdir()
    (samples / "mod_broken.c").write_text("#include \"conf.h\"\nint x = no_such_name;\n")
    with pytest.raises(FailedProcessError) as err:
        build_all(samples, tmp_path / "modules")
    assert err.value.message.startswith("building mod_broken.c failed (exit 1)")
    assert "no_such_name" in err.value.output


def test_prxs_ctl_errors_go_through_the_handler(tmp_path, capsys):
    sock = tmp_path / "none.sock"
    assert main(["ctl", "-s", str(sock), "lsmod"]) == 3
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"prxs: error: cannot reach the Controls socket {sock}")
    assert err[1].startswith("prxs: hint: is the host running")


def test_prxs_shim_usage_errors_go_through_the_handler(capsys):
    assert main(["shim", "-t"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == \
        "prxs shim: error: -c CONF is required"
    assert main(["shim", "-t", "-c", "/nonexistent.conf"]) == 2
    err = capsys.readouterr().err
    assert "prxs shim: error: configuration file '/nonexistent.conf' not found" in err
    assert Path("/nonexistent.conf").exists() is False
