"""The corpus scenario format: parsed strictly, errors name the file and line,
and a run's verdict names the host and the difference."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from prxs import corpus_scenario as cs


def write(tmp_path: Path, text: str, name: str = "mod_x.scn") -> Path:
    p = tmp_path / name
    p.write_text(text)
    return p


def test_sections_files_and_title(tmp_path):
    scn = cs.parse(write(tmp_path, "# mod_x: shows a thing\n[config]\nXEngine on\n"
                         "[files]\nsub/a.txt = hello = world\n# skipped\n[script]\n"
                         "USER alice => 331\n"))
    assert scn.name == "mod_x" and scn.title == "mod_x: shows a thing"
    assert scn.config.strip() == "XEngine on"
    assert scn.files == (("sub/a.txt", "hello = world"),)
    assert scn.script.strip() == "USER alice => 331"


@pytest.mark.parametrize("text, where", [
    ("[config]\nX 1\n", "no [script]"),
    ("[bogus]\n[script]\nNOOP\n", ":1: unknown section [bogus]"),
    ("NOOP\n[script]\nNOOP\n", ":1: text before the first section"),
    ("[files]\n/etc/passwd = x\n[script]\nNOOP\n", ":2: a [files] line"),
    ("[files]\n../up = x\n[script]\nNOOP\n", ":2: a [files] line"),
    ("[files]\nnoequals\n[script]\nNOOP\n", ":2: a [files] line"),
])
def test_mistakes_name_the_file_and_line(tmp_path, text, where):
    p = write(tmp_path, text)
    with pytest.raises(cs.ScenarioError) as exc:
        cs.parse(p)
    assert str(p) in str(exc.value) and where in str(exc.value)


def test_prepare_fills_placeholders_and_restores_state(tmp_path):
    scn = cs.parse(write(tmp_path, "# t\n[config]\nLogFormat x \"%{note}e {tmp}\"\n"
                         "[files]\na.txt = in {home}\n[script]\n@file {home}/a.txt\n"))
    prep = cs.prepare(scn, tmp_path / "mods", ["mod_p", "mod_x"])
    try:
        conf = prep.config.read_text()
        home, tmp = prep.root / "home", prep.root / "tmp"
        assert f"ModulePath {tmp_path / 'mods'}\nLoadModule mod_p.c\nLoadModule mod_x.c\n" in conf
        assert f'LogFormat x "%{{note}}e {tmp}"' in conf     # only our placeholders
        assert (home / "a.txt").read_text() == f"in {home}\n"
        script = prep.script.read_text()
        assert f"@file {home}/a.txt" in script
        assert f"@restore {home}" in script and f"@restore {tmp}" in script
        assert oct(os.stat(tmp).st_mode & 0o7777) == "0o1777"
        if os.geteuid() == 0:
            assert os.stat(home / "a.txt").st_uid == cs.UID
    finally:
        import shutil
        shutil.rmtree(prep.root)


def test_verdicts():
    assert cs.verdict(0, "") == ("ok", "")
    assert cs.verdict(3, "prxs shim: error: no proftpd\n")[0] == "skip"
    out = ("--- shim\n+++ proftpd\n@@ -1 +1 @@\n-200 a\n+500 b\n"
           "prxs shim: error: on proftpd: script line 3: 'SITE X': expected 200, got 500 b\n"
           "prxs shim: error: the shim and proftpd differ (above)\n")
    status, detail = cs.verdict(1, out)
    assert status == "FAIL"
    assert detail.startswith("on proftpd: script line 3")
    assert "hosts differ: -200 a | +500 b" in detail
