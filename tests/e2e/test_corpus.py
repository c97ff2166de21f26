"""The real-module corpus (issue 17 item 1): ProFTPD 1.3.8's own modules, from
Debian's unmodified sources, built for the SDK and for the installed proftpd,
loaded in the shim and in the real server, and Debian's prebuilt binaries
loaded in the shim.  The whole corpus runs once for this file (about two
minutes on two cores); deselect it with ``-m "not corpus"``.

The table itself: ``python bench/bench_corpus.py``.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from prxs import corpus
from prxs.shim.testing import build_with_gcc

from ..conftest import have_proftpd, needs_proftpd

# Modules that must pass each step.  Set to what passes today; the floor is
# only ever raised (as the SDK and the shim grow), never lowered.
FLOOR = {
    "sdk": 3,           # mod_load, mod_exec, mod_cap
    "proftpd": 36,
    "shim": 3,          # the same three
    "real": 36,
    "prebuilt": 2,      # Debian's mod_load and mod_exec
}

# Debian 12 ships 35 of ProFTPD's modules as DSOs; with mod_cap, 36.
MIN_CORPUS = 36


def _clean_env(cache: Path) -> dict:
    env = dict(os.environ)
    env["PRXS_CACHE_DIR"] = str(cache)
    for var in ("CC", "CFLAGS", "CPPFLAGS", "LDFLAGS", "DESTDIR", "PRXS_TARGET"):
        env.pop(var, None)
    return env


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory):
    try:
        tree = corpus.find_source_tree()
    except corpus.CorpusUnavailable as e:
        pytest.skip(str(e))
    if not have_proftpd():
        pytest.skip("the corpus needs the installed ProFTPD 1.3.8 (apt-get install "
                    "proftpd-core proftpd-dev): its modules, headers and server")
    modules = corpus.discover(tree)
    env = _clean_env(tmp_path_factory.mktemp("corpus-cache"))
    return modules, corpus.run_corpus(modules, tree, workers=2, env=env)


@pytest.mark.corpus
def test_corpus_is_debians_dsos_plus_mod_cap_each_with_its_sources(corpus_run):
    modules, _ = corpus_run
    names = [m.name for m in modules]
    shipped = sorted(p.name[:-3] for p in Path(corpus.DEFAULT_LIBEXEC).glob("mod_*.so"))
    assert names == sorted(set(shipped) | {"mod_cap"})
    assert len(names) >= MIN_CORPUS
    assert [m.name for m in modules if not m.sources] == []
    parents = {m.name: m.parents for m in modules if m.parents}
    assert parents.get("mod_quotatab_file") == ("mod_quotatab",)
    assert parents.get("mod_wrap2_sql") == ("mod_wrap2",)


@pytest.mark.corpus
@pytest.mark.parametrize("step", corpus.STEPS)
def test_corpus_floor(corpus_run, step):
    _, results = corpus_run
    passed = corpus.totals(results)[step]
    fails = "\n  ".join(corpus.failures(results, step))
    assert passed >= FLOOR[step], (
        f"{corpus.STEP_TITLES[step]}: {passed} of {len(results)} modules pass, "
        f"the floor is {FLOOR[step]}; failures:\n  {fails}")


# --- the harness reports what really happened --------------------------------

MODULE = """#include "conf.h"
module {name}_module;
static int {name}_init(void) {{ return {rc}; }}
module {name}_module = {{ NULL, NULL, 0x20, "{name}", NULL, NULL,
  NULL, {name}_init, NULL, "mod_{name}/0.1" }};
"""


@needs_proftpd
def test_harness_fails_a_module_that_builds_but_refuses_to_load(tmp_path):
    """A module whose init() fails builds for both targets, then fails every
    load (shim, real server, its 'prebuilt' copy); its healthy twin passes
    every step it can: the loads are real, not assumed."""
    tree = tmp_path / "tree"
    for d in ("contrib", "modules", "include"):
        (tree / d).mkdir(parents=True)
    (tree / "contrib" / "mod_fine.c").write_text(MODULE.format(name="fine", rc=0))
    (tree / "modules" / "mod_broken.c").write_text(MODULE.format(name="broken", rc=-1))
    libexec = tmp_path / "libexec"
    for src in (tree / "contrib" / "mod_fine.c", tree / "modules" / "mod_broken.c"):
        build_with_gcc(src, libexec)
    modules = [m for m in corpus.discover(tree, str(libexec)) if m.name != "mod_cap"]
    assert [m.name for m in modules] == ["mod_broken", "mod_fine"]

    results = corpus.run_corpus(modules, tree, env=_clean_env(tmp_path / "cache"))

    fine, broken = results["mod_fine"], results["mod_broken"]
    assert {s: r.status for s, r in fine.items()} == {s: "ok" for s in corpus.STEPS}, fine
    assert fine["shim"].detail == "sdk build"
    assert broken["sdk"].ok and broken["proftpd"].ok, broken
    for step in ("shim", "real", "prebuilt"):
        assert broken[step].status == "FAIL", (step, broken[step])
        assert "mod_broken.c" in broken[step].detail, (step, broken[step])
    assert corpus.totals(results) == {"sdk": 2, "proftpd": 2, "shim": 1, "real": 1,
                                      "prebuilt": 1}


def test_missing_sources_say_where_they_were_looked_for_and_how_to_fetch(tmp_path):
    with pytest.raises(corpus.CorpusUnavailable) as exc:
        corpus.find_source_tree({"PRXS_CORPUS_SRC": str(tmp_path)})
    assert str(tmp_path) in str(exc.value) and ".ci/setup" in str(exc.value)


def test_a_step_past_its_timeout_is_stopped_with_what_it_started(tmp_path):
    pidfile = tmp_path / "pid"
    rc, out = corpus._run_bounded(
        ["sh", "-c", f"sleep 60 & echo $! > {pidfile}; wait"], tmp_path, dict(os.environ), 1.0)
    assert rc == -1 and "timed out after 1 s" in out
    pid = int(pidfile.read_text())
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(pid):
        time.sleep(0.05)
    assert not _alive(pid), "the step's child outlived the timeout"


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as f:
            return "\nState:\tZ" not in f.read()
    except FileNotFoundError:
        return False
