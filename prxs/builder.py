"""Run a ``BuildPlan`` (prxs.plan) through the runner: compile what is stale
(the stamp object and the header cache beside it), link, check, and only then
publish the .so, the .la and the build state.  A dry run shows the plan's
commands instead.

Outputs are written under temporary names and renamed only once they are
complete and checked, so an interrupted or failed build leaves nothing that a
later install would trust.
"""

from __future__ import annotations

import os
import time

from . import _fs, cache
from .errors import BuildError, PrxsError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .check import CheckResult, PreparedCheck
    from .plan import BuildPlan, CompileStep, PchStep, StampStep
    from .runner import Pending, Runner
    from .sources import BuildSpec
    from .targets import Target


class BuildResult:
    """What a build did, for the CLI, ``--json`` and the install after it."""

    def __init__(self, spec: BuildSpec, *, objects: list[str], libraries: list[str],
                 pch: dict, check: CheckResult | None = None, up_to_date: bool = False,
                 compiled: list[str] = (), cython: dict | None = None,
                 plan: list[list[str]] = (), seconds: float = 0.0) -> None:
        self.spec = spec
        self.objects = list(objects)
        self.libraries = list(libraries)
        self.pch = pch
        self.check = check
        self.up_to_date = up_to_date
        self.compiled = list(compiled)
        self.cython = cython        # prxs.cython's report for a .pyx source
        self.plan = list(plan)      # dry run, up to date: a rebuild's argv
        self.seconds = seconds

    @property
    def files(self) -> list[str]:
        return [self.spec.la_path, self.spec.so_path] + self.objects

    def to_dict(self) -> dict:
        return {"module": self.spec.name, "la": self.spec.la_path,
                "so": self.spec.so_path, "objects": self.objects,
                "libraries": self.libraries, "pch": self.pch,
                "up_to_date": self.up_to_date, "compiled": self.compiled,
                "cython": self.cython, "plan": self.plan,
                "check": self.check.to_dict() if self.check else None,
                "seconds": round(self.seconds, 6)}


def build(spec: BuildSpec, target: Target, runner: Runner) -> BuildResult:
    """Compile what changed, link if anything did, check, and only then
    publish.  File system errors become a BuildError naming the path."""
    from .plan import make_plan
    start = time.perf_counter()
    try:
        c_sources = [s for s in spec.sources if s.endswith(".c")]
        cython = None
        if any(s.endswith(".pyx") for s in spec.sources):
            from .cython import prepare_cython
            prepared = prepare_cython(spec, dry_run=runner.dry_run)
            spec, cython = prepared.spec, prepared.report
            c_sources = prepared.sources + c_sources
        plan = make_plan(spec, target, c_sources, dry_run=runner.dry_run)
        result = run_plan(plan, runner)
    except OSError as exc:
        where = exc.filename or spec.builddir
        raise BuildError(f"cannot build {spec.name}: {exc.strerror}: {where}",
                         step="build", path=str(where),
                         hint="check that the build directory (and .libs/ in it) is a "
                              "writable directory") from None
    result.cython = cython
    result.seconds = time.perf_counter() - start
    return result


def run_plan(plan: BuildPlan, runner: Runner) -> BuildResult:
    """Carry out ``plan`` (or, under ``runner.dry_run``, show it)."""
    if not runner.dry_run:
        for d in plan.sweep_dirs:
            _fs.sweep_stale(d)
    if plan.up_to_date:
        if not runner.dry_run:
            plan.state.save()       # identities refreshed by the freshness test
        return _result(plan, up_to_date=True, pch=_pch_report(plan),
                       commands=plan.rebuild_commands() if runner.dry_run else [])
    if runner.dry_run:
        return _show(plan, runner)
    return _execute(plan, runner)


def _result(plan: BuildPlan, **fields) -> BuildResult:
    return BuildResult(plan.spec, objects=plan.objects, libraries=plan.libraries,
                       compiled=fields.pop("compiled", ()), plan=fields.pop("commands", ()),
                       **fields)


def _pch_report(plan: BuildPlan, used: list[str] = (), refused: list[str] = (),
                start_failure: str | None = None) -> dict:
    """The header cache's part of ``--json`` (and of the -v note)."""
    p = plan.pch
    return {"enabled": p.enabled, "used": list(used), "refused": list(refused),
            "wanted": list(p.wanted), "reason": start_failure or p.reason, "path": p.path}


def _show(plan: BuildPlan, runner: Runner) -> BuildResult:
    """A dry run: every command the build would run, in order, none run."""
    if plan.stamp.build:
        runner.record(plan.stamp.argv, step="stamp", cwd=plan.stamp.directory)
    if plan.pch.start:
        _start_pch(plan.pch, runner)
    for c in plan.stale:
        runner.record(c.argv, step="compile")
    runner.record(plan.link.argv, step="link")
    return _result(plan, compiled=[c.source for c in plan.stale],
                   pch=_pch_report(plan, used=[c.source for c in plan.stale if c.pch_dir]))


def _execute(plan: BuildPlan, runner: Runner) -> BuildResult:
    stamp = _start_stamp(plan.stamp, runner) if plan.stamp.build else None
    pch_pid, pch_failure = _start_pch(plan.pch, runner) if plan.pch.start else (None, None)
    ok = False
    try:
        for c in plan.stale:
            os.makedirs(os.path.dirname(c.object), exist_ok=True)
            plan.state.forget(c.object)
        compiled = _run_compiles(plan, runner)
        if stamp is not None:
            pending, stamp = stamp, None
            _finish_stamp(plan.stamp, pending)
        link = runner.start(plan.link.argv, step="link", path=plan.link.output,
                            hint="check the libraries (-l, -L, $Libraries$) and objects")
        # Hash what each object was built from while the linker runs.
        for step, deps in compiled.finished:
            plan.state.record_object(step.object, step.key, deps)
        link.wait()
        check = _check(plan, compiled.prepared)
        _publish(plan)
        ok = True
    finally:
        if stamp is not None:
            stamp.kill()
            _remove_stamp_temporaries(plan.stamp)
        runner.reap(pch_pid)
        for t in plan.temporaries():
            _fs.unlink_quietly(t)
        if not ok:
            # Nothing from a failed build may be trusted or installed later.
            spec = plan.spec
            for p in [spec.so_path, spec.la_path] + [c.object for c in plan.stale]:
                _fs.unlink_quietly(p)
            plan.state.remove()
    return _result(plan, compiled=[c.source for c in plan.stale], check=check,
                   pch=_pch_report(plan, compiled.used, compiled.refused, pch_failure))


def _start_pch(step: PchStep, runner: Runner) -> tuple[int | None, str | None]:
    """Start the helper for ``step`` (a dry run only shows its command):
    (its pid, or None; why it did not start, or None)."""
    if runner.dry_run:
        runner.record(step.argv, step="pch (background)")
        return None, None
    import sys
    pid = None
    try:
        os.makedirs(step.directory, exist_ok=True)
        # Claim the temporary name first: a second build in this process
        # (prxs.cli.main called again) must not start a helper writing the
        # same file while the first one renames it into place.
        try:
            os.close(os.open(step.tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
        except FileExistsError:
            return None, "conf.h.gch is being built by an earlier build of this process"
        helper = [sys.executable, "-m", "prxs.pch", step.path, step.deps, step.tmp,
                  step.deps_tmp, "--"] + step.argv
        pid = runner.detached(helper, step="pch (background)", shows=step.argv)
        return pid, None
    except OSError as exc:
        if pid is None:
            _fs.unlink_quietly(step.tmp)
        return None, f"cannot start the precompiled header build: {exc.strerror}"


def _start_stamp(stamp: StampStep, runner: Runner) -> Pending:
    _fs.sweep_stale(stamp.directory)      # litter of killed builds
    with open(os.path.join(stamp.directory, stamp.source), "w", encoding="utf-8") as f:
        f.write(stamp.text)
    return runner.start(stamp.argv, step="stamp", cwd=stamp.directory)


def _finish_stamp(stamp: StampStep, pending: Pending) -> None:
    try:
        pending.wait()
        os.replace(os.path.join(stamp.directory, stamp.tmp), stamp.path)
    finally:
        _remove_stamp_temporaries(stamp)


def _remove_stamp_temporaries(stamp: StampStep) -> None:
    _fs.unlink_quietly(os.path.join(stamp.directory, stamp.source))
    _fs.unlink_quietly(os.path.join(stamp.directory, stamp.tmp))


def _check(plan: BuildPlan, prepared: PreparedCheck | None) -> CheckResult:
    from .check import check_module
    c = plan.check
    try:
        return check_module(c.so, c.module, plan.target, c.lib_dirs, prepared=prepared,
                            companions=c.companions)
    except PrxsError as exc:
        raise _naming_final(exc, c.so, c.output) from None


def _publish(plan: BuildPlan) -> None:
    spec = plan.spec
    os.replace(plan.link.tmp, spec.so_path)
    cache.atomic_write(spec.la_path, plan.la_text.encode())
    plan.state.record_link(plan.link.key, spec.so_path)
    plan.state.save()


def _naming_final(exc: PrxsError, tmp: str, final: str) -> PrxsError:
    """The same error naming the final file instead of the temporary one."""
    for a, b in ((tmp, final), (os.path.basename(tmp), os.path.basename(final))):
        exc.message = exc.message.replace(a, b)
        if exc.hint:
            exc.hint = exc.hint.replace(a, b)
    exc.args = (exc.message,)
    if exc.path == tmp:
        exc.path = final
    return exc


class _Compiled:
    """What the compiles gave: each object's step and dependency list, the
    sources that used or refused the header cache, and the check's inputs
    loaded meanwhile."""

    __slots__ = ("finished", "used", "refused", "prepared")

    def __init__(self) -> None:
        self.finished: list[tuple[CompileStep, list[str]]] = []
        self.used: list[str] = []
        self.refused: list[str] = []
        self.prepared: PreparedCheck | None = None


def _run_compiles(plan: BuildPlan, runner: Runner) -> _Compiled:
    """Keep up to ``-j`` compilers running; while the first ones run, load
    what the check needs from the target (Python work that does not depend on
    the objects).  The first failure stops new compiles and is raised once the
    running ones are done."""
    from .check import prepare_check
    queue = list(plan.stale)
    running: list[tuple[CompileStep, Pending]] = []
    out = _Compiled()
    first_error = None
    prepared = False
    while queue or running:
        while queue and len(running) < plan.spec.jobs and first_error is None:
            step = queue.pop(0)
            try:
                running.append((step, runner.start(step.argv, step="compile",
                                                   path=step.source,
                                                   hint="fix the errors the compiler "
                                                        "reports above")))
            except PrxsError as exc:
                first_error = first_error or exc
                queue.clear()
        if not prepared:
            out.prepared, prepared = prepare_check(plan.target), True
        if not running:
            break
        step, pending = running.pop(0)
        try:
            rec = pending.wait()
        except PrxsError as exc:
            first_error = first_error or exc
            queue.clear()
            continue
        out.finished.append((step, _publish_object(step, rec, out)))
    if first_error is not None:
        raise first_error
    return out


def _publish_object(step: CompileStep, rec, out: _Compiled) -> list[str]:
    """Rename the object into place; return the files it was built from."""
    from .plan import parse_depfile
    if step.pch_dir:
        if "-Winvalid-pch" in rec.stderr:
            # gcc compiled without it; drop the entry so the next build
            # makes a good one instead of being refused again.
            out.refused.append(step.source)
            _fs.unlink_quietly(os.path.join(step.pch_dir, "conf.h.gch"))
        else:
            out.used.append(step.source)
    deps = parse_depfile(step.depfile) if os.path.isfile(step.depfile) else [step.source]
    os.replace(step.tmp, step.object)
    return deps
