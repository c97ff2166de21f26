"""The README's main job: every sample module builds and answers in the shim."""

import os
import subprocess
import sys

from ..conftest import ROOT


def test_demo_builds_every_sample_and_runs_it_in_the_shim():
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "prxs.demo"], env=env, capture_output=True,
                          text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    assert "< 230 " in proc.stdout
    assert "< 200 Howdy, prxs!" in proc.stdout
    assert "ran 'SITE HELLO prxs' from 127.0.0.1" in proc.stdout    # mod_exec's hook
    assert proc.stdout.rstrip().endswith("demo: ok")
