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

from prxs import corpus, corpus_steps
from prxs.shim.testing import build_with_gcc

from ..conftest import have_proftpd, needs_proftpd

# Modules that must pass each step.  Set to what passes today; the floor is
# only ever raised (as the SDK and the shim grow), never lowered.
FLOOR = {
    "sdk": 36,          # every module
    "proftpd": 36,
    "shim": 36,
    "real": 36,
    "prebuilt": 33,     # all but mod_cap (no DSO) and the two Debian binaries
                        # Debian's own proftpd refuses too (mod_dnsbl.so,
                        # mod_auth_otp.so: skipped with that reason)
    "scenario": 36,     # tests/corpus/scenarios/, the same on both hosts
    "deb-scen": 33,
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
    scenarios = tmp_path / "scenarios"
    scenarios.mkdir()
    (scenarios / "mod_fine.scn").write_text(FINE_SCENARIO)
    (scenarios / "mod_broken.scn").write_text(FINE_SCENARIO)

    results = corpus.run_corpus(modules, tree, env=_clean_env(tmp_path / "cache"),
                                scenarios=scenarios)

    fine, broken = results["mod_fine"], results["mod_broken"]
    assert {s: r.status for s, r in fine.items()} == {s: "ok" for s in corpus.STEPS}, \
        {s: r.detail for s, r in fine.items()}
    assert fine["shim"].detail == "sdk build"
    assert broken["sdk"].ok and broken["proftpd"].ok, broken
    for step in ("shim", "real", "scenario"):
        assert broken[step].status == "FAIL", (step, broken[step])
    for step in ("shim", "real", "prebuilt"):
        assert "mod_broken.c" in broken[step].detail, (step, broken[step])
    # Its "Debian" binary fails in proftpd -t too: the shim refusing it is
    # the real server's behaviour (as for Debian's own mod_dnsbl.so), so the
    # binary steps are skipped with that reason, not passed.
    assert broken["prebuilt"].status == "skip", broken["prebuilt"]
    assert "does not load in proftpd -t either" in broken["prebuilt"].detail
    assert broken["deb-scen"].status == "skip", broken["deb-scen"]
    assert corpus.totals(results) == {"sdk": 2, "proftpd": 2, "shim": 1, "real": 1,
                                      "prebuilt": 1, "scenario": 1, "deb-scen": 1}


FINE_SCENARIO = """# mod_fine: a session logs in with the module loaded
[files]
hello.txt = hi there
[script]
USER {user} => 331
PASS secret => 230
TYPE I => 200
SIZE hello.txt => 213
@file {home}/hello.txt
"""


@needs_proftpd
def test_a_scenario_that_the_hosts_answer_differently_fails_naming_the_difference(tmp_path):
    """The scenario step is a real comparison: a module answering differently
    on the two hosts (here: a SITE command it serves only when it sees the
    shim's version string) fails, and the detail shows the difference."""
    tree = tmp_path / "tree"
    for d in ("contrib", "modules", "include"):
        (tree / d).mkdir(parents=True)
    (tree / "contrib" / "mod_twofaced.c").write_text(TWOFACED)
    libexec = tmp_path / "libexec"
    build_with_gcc(tree / "contrib" / "mod_twofaced.c", libexec)
    modules = [m for m in corpus.discover(tree, str(libexec)) if m.name != "mod_cap"]
    scenarios = tmp_path / "scenarios"
    scenarios.mkdir()
    (scenarios / "mod_twofaced.scn").write_text(
        "# mod_twofaced\n[script]\nUSER alice => 331\nPASS secret => 230\nSITE FACE\n")
    results = corpus.run_corpus(modules, tree, env=_clean_env(tmp_path / "cache"),
                                scenarios=scenarios)
    res = results["mod_twofaced"]
    assert res["sdk"].ok and res["real"].ok, res
    assert res["scenario"].status == "FAIL", res["scenario"]
    assert "hosts differ" in res["scenario"].detail, res["scenario"]
    assert "on proftpd" in res["scenario"].detail or "on the shim" in res["scenario"].detail


# Answers SITE FACE with 200 where pr_version_get_str()-free detection says
# "shim" (the shim's host binary name in /proc/self/exe), else refuses it.
TWOFACED = r"""#include "conf.h"
#include <unistd.h>
module twofaced_module;
static int shim(void) {
  char buf[512]; ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
  if (n < 0) return 0;
  buf[n] = 0;
  return strstr(buf, "prxs-shim-host") != NULL;
}
MODRET face(cmd_rec *cmd) {
  if (cmd->argc < 2 || strcasecmp(cmd->argv[1], "FACE") != 0) return PR_DECLINED(cmd);
  if (shim()) { pr_response_add(R_200, "the shim"); return PR_HANDLED(cmd); }
  pr_response_add_err(R_500, "not here");
  return PR_ERROR(cmd);
}
static cmdtable twofaced_cmdtab[] = {
  { CMD, C_SITE, G_NONE, face, FALSE, FALSE, CL_MISC },
  { 0, NULL }
};
module twofaced_module = { NULL, NULL, 0x20, "twofaced", NULL, twofaced_cmdtab,
  NULL, NULL, NULL, "mod_twofaced/0.1" };
"""


def test_missing_sources_say_where_they_were_looked_for_and_how_to_fetch(tmp_path):
    with pytest.raises(corpus.CorpusUnavailable) as exc:
        corpus.find_source_tree({"PRXS_CORPUS_SRC": str(tmp_path)})
    assert str(tmp_path) in str(exc.value) and ".ci/setup" in str(exc.value)


def test_a_step_past_its_timeout_is_stopped_with_what_it_started(tmp_path):
    pidfile = tmp_path / "pid"
    rc, out = corpus_steps.run_bounded(
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
