"""The build as plan -> run (issue 14, items 1, 2 and 5): a BuildPlan of
immutable steps decided before anything runs, a dry run that shows exactly
that plan, stages that return values instead of changing their callers'
objects, and proftpd -V/-l shown by -v and --json.  Real gcc, in-process
prxs.cli.main in each test's own directory."""

import json
import os
import shutil

import pytest

from prxs.builder import build, run_plan
from prxs.check import check_module, prepare_check
from prxs.cli import main
from prxs.plan import CompileStep, make_plan
from prxs.runner import Runner, format_argv
from prxs.sources import BuildSpec, outputs
from prxs.targets import sdk_target

from ..conftest import PACKAGES, needs_proftpd

TWO = PACKAGES / "make" / "two"


@pytest.fixture
def two(tmp_path, monkeypatch):
    d = tmp_path / "two"
    shutil.copytree(TWO, d)
    monkeypatch.chdir(d)
    return d


def _spec(d, **kw):
    return BuildSpec("mod_two", [str(d / s) for s in ("mod_two.c", "a.c", "b.c")],
                     str(d), **kw)


def test_a_plan_is_decided_before_anything_runs_and_cannot_be_changed(two):
    target = sdk_target()
    plan = make_plan(_spec(two), target, [str(two / s) for s in ("mod_two.c", "a.c", "b.c")])
    assert not plan.up_to_date
    assert [c.source for c in plan.stale] == [str(two / s) for s in
                                              ("mod_two.c", "a.c", "b.c")]
    for c in plan.stale:
        # The compiler writes a temporary object and depfile, renamed once done.
        assert c.argv[c.argv.index("-o") + 1] == c.tmp != c.object
        assert c.argv[-3:] == ["-MD", "-MF", c.depfile]
    assert plan.link.argv[plan.link.argv.index("-o") + 1] == plan.link.tmp
    assert plan.check.so == plan.link.tmp and plan.check.output == plan.link.output
    assert not (two / ".libs" / "mod_two.so").exists()      # planning ran nothing
    with pytest.raises(AttributeError):
        plan.stale[0].argv = ["true"]
    with pytest.raises(AttributeError):
        plan.up_to_date = True
    with pytest.raises(TypeError):
        CompileStep(source="x.c")                           # every field is named


def test_after_a_build_the_plan_is_up_to_date_until_one_source_changes(two):
    target = sdk_target()
    spec = _spec(two)
    res = build(spec, target, Runner())
    assert res.check is not None and not res.up_to_date
    sources = list(spec.sources)
    assert make_plan(spec, target, sources).up_to_date
    (two / "a.c").write_text((two / "a.c").read_text() + "\n/* changed */\n")
    plan = make_plan(spec, target, sources)
    assert not plan.up_to_date
    assert [c.source for c in plan.stale] == [str(two / "a.c")]
    assert [c.fresh for c in plan.compiles] == [True, False, True]


def test_dry_run_shows_exactly_the_plans_commands(two, capsys):
    target = sdk_target()
    plan = make_plan(_spec(two), target, _spec(two).sources, dry_run=True)
    runner = Runner(dry_run=True)
    res = run_plan(plan, runner)
    argvs = [r.argv for r in runner.records if r.step in ("compile", "link")]
    assert argvs == [c.argv for c in plan.stale] + [plan.link.argv]
    assert not any(r.ran for r in runner.records)
    assert res.compiled == [c.source for c in plan.stale]
    assert not (two / ".libs").exists()


def test_the_cli_dry_run_prints_the_same_commands_as_its_json(two, capsys):
    assert main(["-c", "--dry-run", "--json", "--target", "sdk",
                 "mod_two.c", "a.c", "b.c"]) == 0
    out, err = capsys.readouterr()
    records = json.loads(out)["commands"]
    assert [c["step"] for c in records].count("compile") == 3
    assert records[-1]["step"] == "link" and not any(c["ran"] for c in records)
    # In --json mode the human lines go to stderr: one per command, in order.
    printed = [ln for ln in err.splitlines() if not ln.startswith("prxs:")]
    assert printed == [(f"(cd {c['cwd']} && " if c["cwd"] else "") + format_argv(c["argv"])
                       + (")" if c["cwd"] else "") for c in records]
    assert not (two / ".libs").exists()


def test_check_leaves_the_prepared_target_symbols_alone(two):
    target = sdk_target()
    res = build(_spec(two), target, Runner())
    prepared = prepare_check(target)
    before = dict(prepared.closures)
    provided = set(prepared.provided)
    # lib_dirs makes a new search path: its closures are the check's own.
    check_module(res.spec.so_path, "mod_two", target, lib_dirs=[str(two)],
                 prepared=prepared)
    assert prepared.closures == before and prepared.provided == provided


def test_build_returns_the_spec_it_used_and_leaves_the_callers_alone(tmp_path):
    pytest.importorskip("Cython")
    from ..conftest import SAMPLES
    d = tmp_path / "py"
    d.mkdir()
    shutil.copy(SAMPLES / "mod_pyhello.pyx", d)
    spec = BuildSpec("mod_pyhello", [str(d / "mod_pyhello.pyx")], str(d))
    res = build(spec, sdk_target(), Runner(dry_run=True))
    # Python's flags went into the result's spec, not the caller's.
    assert spec.include_dirs == [] and spec.libs == [] and spec.cflags == []
    assert "-DCYTHON_PEP489_MULTI_PHASE_INIT=0" in res.spec.cflags
    assert res.spec.libs and res.cython["source"] == str(d / "mod_pyhello.pyx")


def test_clean_removes_every_file_the_build_reported(two, capsys):
    res = build(_spec(two), sdk_target(), Runner())
    assert set(res.files) <= set(outputs(res.spec))
    assert main(["-d", "mod_two.c", "a.c", "b.c"]) == 0
    assert not any(os.path.exists(f) for f in res.files)


@needs_proftpd
def test_verbose_and_json_show_the_proftpd_queries(hello_dir, monkeypatch, tmp_path,
                                                   capsys):
    # A fresh cache: the target's facts are read from proftpd -V and -l once.
    monkeypatch.setenv("PRXS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(hello_dir)
    assert main(["-c", "-v", "--target", "proftpd", "mod_hello.c"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert any(ln.endswith("proftpd -V") for ln in lines), out
    assert any(ln.endswith("proftpd -l") for ln in lines), out
    assert "Shared Module Directory" not in out      # its output is not echoed
    monkeypatch.setenv("PRXS_CACHE_DIR", str(tmp_path / "cache2"))
    assert main(["-c", "--json", "--target", "proftpd", "mod_hello.c"]) == 0
    steps = [c["step"] for c in json.loads(capsys.readouterr().out)["commands"]]
    assert steps[:2] == ["proftpd -V", "proftpd -l"]
