"""What a build will do, decided before anything runs.

``make_plan`` reads the sources, the target and the build state (what each
object was built from) and returns a ``BuildPlan``: immutable step records
(``CompileStep``, ``StampStep``, ``PchStep``, ``LinkStep``, ``CheckStep``)
holding the exact argv and file names.  ``prxs.builder`` runs a plan, and a dry
run shows it; nothing here starts a process or writes a file, except that a
stamp object to be built gets its directory (the cache, else the build
directory, whichever can be created).

Why over 400 lines: the build state (``BuildState``, what each object was built
from) is here too, not in a module of its own, because ``prxs -c`` pays for
each module it imports (tests/e2e/test_pch_and_startup.py counts them).
"""

from __future__ import annotations

import os

from . import _fs, _keys, cache
from .sources import first_directive_includes_conf_h, libraries
from .toolchain import compile_argv, compile_flags, link_argv, pch_argv, stamp_argv

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .sources import BuildSpec
    from .targets import Target


class Record:
    """A record with named, read-only fields (``__slots__``).  Not dataclasses:
    ``prxs -c`` does not import them (start-up time)."""

    __slots__ = ()

    def __init__(self, **fields) -> None:
        missing = [n for n in self.__slots__ if n not in fields]
        if missing or len(fields) != len(self.__slots__):
            raise TypeError(f"{type(self).__name__}: missing fields {missing}, unknown "
                            f"fields {sorted(set(fields) - set(self.__slots__))}")
        for name in self.__slots__:
            object.__setattr__(self, name, fields[name])

    def __setattr__(self, name: str, value) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __repr__(self) -> str:
        return f"{type(self).__name__}(" + ", ".join(
            f"{n}={getattr(self, n)!r}" for n in self.__slots__) + ")"


class CompileStep(Record):
    """One source to one object.  ``fresh``: the object is up to date (its
    key and every file it was built from unchanged), so ``argv`` is None.
    Otherwise the compiler writes ``tmp`` and ``depfile``, renamed into place
    once it succeeds; ``pch_dir`` is the header cache it uses, if any."""

    __slots__ = ("source", "object", "key", "fresh", "argv", "tmp", "depfile", "pch_dir")
    source: str
    object: str
    key: str
    fresh: bool
    argv: list[str] | None
    tmp: str | None
    depfile: str | None
    pch_dir: str | None


class StampStep(Record):
    """The target stamp object linked into every module (see prxs.stamp):
    found in ``path``, or (``build``) compiled from ``text`` in ``directory``,
    under relative names so no build path ends up in it."""

    __slots__ = ("path", "directory", "build", "text", "source", "tmp", "argv")
    path: str
    directory: str
    build: bool
    text: str
    source: str
    tmp: str
    argv: list[str] | None


class PchStep(Record):
    """The precompiled conf.h: which sources want it, where it is (``path``),
    whether it is ``ready``; ``start``: build it beside this compile, in a
    detached helper (``argv``, writing ``tmp``/``deps_tmp``), for later builds.
    ``reason``: why it is not used, for -v and --json."""

    __slots__ = ("enabled", "wanted", "directory", "path", "deps", "ready", "start",
                 "argv", "tmp", "deps_tmp", "reason")
    enabled: bool
    wanted: list[str]
    directory: str | None
    path: str | None
    deps: str | None
    ready: bool
    start: bool
    argv: list[str] | None
    tmp: str | None
    deps_tmp: str | None
    reason: str | None


class LinkStep(Record):
    """All objects and the stamp to ``tmp``, renamed to ``output`` once checked.
    ``key`` covers every object's key, the libraries and the link command."""

    __slots__ = ("objects", "libraries", "output", "tmp", "argv", "key")
    objects: list[str]
    libraries: list[str]
    output: str
    tmp: str
    argv: list[str]
    key: str


class CheckStep(Record):
    """The check before publishing (prxs.check): the linked ``so`` is loadable
    as module ``module``; errors name ``output``, the file a user knows."""

    __slots__ = ("so", "output", "module", "lib_dirs", "companions")
    so: str
    output: str
    module: str
    lib_dirs: list[str]
    companions: object      # prxs.companions.Companions, or None


class BuildPlan(Record):
    """Everything one build does, in order: compile ``stale`` (with the stamp
    and the header cache beside them), link, check, then publish the .so, the
    .la (``la_text``) and the state.  ``up_to_date``: nothing to do."""

    __slots__ = ("spec", "target", "state", "libraries", "compiles", "stale", "stamp",
                 "pch", "link", "check", "la_text", "up_to_date", "sweep_dirs")
    spec: BuildSpec
    target: Target
    state: BuildState       # read and updated by the builder, saved after publishing
    libraries: list[str]
    compiles: tuple[CompileStep, ...]
    stale: tuple[CompileStep, ...]
    stamp: StampStep
    pch: PchStep
    link: LinkStep
    check: CheckStep
    la_text: str
    up_to_date: bool
    sweep_dirs: list[str]

    @property
    def objects(self) -> list[str]:
        return [c.object for c in self.compiles]

    def rebuild_commands(self) -> list[list[str]]:
        """What a rebuild (after a change to a source, a header or a flag)
        would run: for a dry run of an up-to-date module."""
        spec, target = self.spec, self.target
        out = [compile_argv(spec, target, c.source, c.object) for c in self.compiles]
        out.append(link_argv(spec, target, self.objects, spec.so_path, self.libraries,
                             self.stamp.path))
        return out

    def temporaries(self) -> list[str]:
        """Every temporary file the steps write (removed whatever happens)."""
        tmp = [p for c in self.stale for p in (c.tmp, c.depfile)]
        return tmp + [self.link.tmp]


def make_plan(spec: BuildSpec, target: Target, c_sources: list[str], *,
              dry_run: bool = False) -> BuildPlan:
    """The plan to build ``spec`` from ``c_sources`` (the C sources to compile,
    generated ones included) for ``target``."""
    state = BuildState(os.path.join(spec.objdir, spec.name + ".state"))
    ident = _keys.compiler_identity(target.cc)
    flags = compile_flags(spec, target)
    libs = libraries(spec, c_sources, dry_run)
    keyed = []
    for src in c_sources:
        obj = spec.object_path(src)
        key = _keys.key(ident, target.stamp, src, obj, *flags)
        keyed.append((src, obj, key, state.object_fresh(obj, key)))
    stamp = plan_stamp(target, spec.objdir, ident, dry_run)
    objects = [k[1] for k in keyed]
    link_key = _keys.key(ident, stamp.path, *[k[2] for k in keyed], *libs,
                         *link_argv(spec, target, objects, spec.so_path, libs, stamp.path))
    stale_sources = [k[0] for k in keyed if not k[3]]
    up_to_date = not stale_sources and not stamp.build and \
        state.link_fresh(link_key, spec.so_path, spec.la_path)
    if up_to_date:
        pch = PchStep(enabled=spec.use_pch, wanted=[], directory=None, path=None,
                      deps=None, ready=False, start=False, argv=None, tmp=None,
                      deps_tmp=None, reason="nothing to compile")
    else:
        pch = plan_pch(spec, target, flags, ident, stale_sources)
    compiles = tuple(_compile_step(spec, target, pch, *k) for k in keyed)
    so_tmp = _fs.temp_path(spec.so_path)
    from .la import render_la
    return BuildPlan(
        spec=spec, target=target, state=state, libraries=libs, compiles=compiles,
        stale=tuple(c for c in compiles if not c.fresh), stamp=stamp, pch=pch,
        link=LinkStep(objects=objects, libraries=libs, output=spec.so_path, tmp=so_tmp,
                      argv=link_argv(spec, target, objects, so_tmp, libs, stamp.path),
                      key=link_key),
        check=CheckStep(so=so_tmp, output=spec.so_path, module=spec.name,
                        lib_dirs=spec.lib_dirs, companions=spec.companions),
        la_text=render_la(spec.name, target.libexecdir, installed=False,
                          dependency_libs=[x for x in libs if x.startswith("-l")]),
        up_to_date=up_to_date,
        # Litter of killed builds into this build directory goes first (also
        # when nothing is to be rebuilt: a build killed after its last rename).
        sweep_dirs=list(dict.fromkeys([spec.builddir, spec.objdir] +
                                      [os.path.dirname(o) for o in objects])))


def _compile_step(spec: BuildSpec, target: Target, pch: PchStep, src: str, obj: str,
                  key: str, fresh: bool) -> CompileStep:
    if fresh:
        return CompileStep(source=src, object=obj, key=key, fresh=True, argv=None,
                           tmp=None, depfile=None, pch_dir=None)
    tmp, dep = _fs.temp_path(obj), _fs.temp_path(obj, "d")
    use = pch.directory if pch.ready and src in pch.wanted else None
    return CompileStep(source=src, object=obj, key=key, fresh=False,
                       argv=compile_argv(spec, target, src, tmp, use) + ["-MD", "-MF", dep],
                       tmp=tmp, depfile=dep, pch_dir=use)


def plan_stamp(target: Target, fallback_dir: str, ident: str,
               dry_run: bool = False) -> StampStep:
    """The stamp object for this target and compiler: kept in the cache (one
    per target and compiler), or without a usable cache in the module's own
    object directory."""
    from .errors import BuildError
    from .stamp import stamp_source
    text = stamp_source(target.stamp, target.abi, target.abi_number)
    src, tmp = _fs.temp_path("prxs_stamp.c", "c"), _fs.temp_path("prxs_stamp.o")
    dirs = (cache.cache_path("stamps", _keys.key(text, ident)), fallback_dir)
    for d in dirs:
        if os.path.isfile(os.path.join(d, "prxs_stamp.o")):
            return StampStep(path=os.path.join(d, "prxs_stamp.o"), directory=d,
                             build=False, text=text, source=src, tmp=tmp, argv=None)
    chosen = dirs[0] if dry_run else next((d for d in dirs if _can_write_in(d)), None)
    if chosen is None:
        raise BuildError(f"cannot write the target stamp object in {fallback_dir}",
                         step="stamp", path=fallback_dir,
                         hint="check that the build directory is writable")
    return StampStep(path=os.path.join(chosen, "prxs_stamp.o"), directory=chosen,
                     build=True, text=text, source=src, tmp=tmp,
                     argv=stamp_argv(target.cc, src, tmp))


def _can_write_in(d: str) -> bool:
    try:
        os.makedirs(d, exist_ok=True)
    except OSError:
        return False
    return os.access(d, os.W_OK | os.X_OK)


def plan_pch(spec: BuildSpec, target: Target, flags: list[str], ident: str,
             to_compile: list[str]) -> PchStep:
    """Whether the sources to compile can use a precompiled conf.h, keyed on
    the compiler's identity, the flags and the header's path, and valid while
    every header it was built from is unchanged."""
    wants = [s for s in to_compile if spec.use_pch and first_directive_includes_conf_h(s)]
    header = os.path.join(target.includedir, "conf.h")
    reason = None
    if not spec.use_pch:
        reason = "disabled (--no-pch)"
    elif not wants:
        reason = "no source to compile includes conf.h as its first directive"
    elif not os.path.isfile(header):
        reason = f"no conf.h in {target.includedir}"
    elif len(target.cc) > 1:
        reason = (f"CC is a launcher ({' '.join(target.cc)}); precompiled "
                  "headers are not forwarded")
    if reason is not None:
        return PchStep(enabled=spec.use_pch, wanted=wants, directory=None, path=None,
                       deps=None, ready=False, start=False, argv=None, tmp=None,
                       deps_tmp=None, reason=reason)
    d = cache.cache_path("pch", _keys.key(ident, header, *flags))
    gch, deps = os.path.join(d, "conf.h.gch"), os.path.join(d, "deps")
    ready = os.path.isfile(gch) and cache.inputs_fresh(deps)
    pid = os.getpid()
    tmp, dtmp = os.path.join(d, f"conf.h.gch.{pid}.tmp"), os.path.join(d, f"deps.{pid}.d")
    return PchStep(
        enabled=True, wanted=wants, directory=d, path=gch, deps=deps, ready=ready,
        start=not ready, argv=None if ready else pch_argv(target.cc, flags, header, tmp, dtmp),
        tmp=tmp, deps_tmp=dtmp,
        reason=None if ready else ("first build with these flags: conf.h.gch is being "
                                   "built beside this compile, for the next builds"))


# --- the state: what each object was built from ------------------------------
# Rebuild decisions keyed on content: a source is recompiled when its compile
# command, its compiler, its own text or the text of any header it reached
# changes; the module is relinked when an object or the link command changes.
# File identity (size, mtime) is only a shortcut to skip re-reading a file
# whose content hash is already known; a changed identity means the content is
# hashed again and compared, so a touched but unchanged header rebuilds
# nothing, and a header changed in place always rebuilds what includes it.  The
# state is written after the outputs are published, so an interrupted build
# leaves no entry that a later build would trust.  (It lives here rather than
# in a module of its own: ``prxs -c`` pays for every module it imports.)

class BuildState:
    """``.libs/<module>.state``: one block per object, plus the link."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.objects: dict[str, tuple[str, list[list[str]]]] = {}
        self.link: tuple[str, str] | None = None
        self.dirty = False
        text = cache.read_text(path)
        if not text or not text.startswith("prxs-state/1\n"):
            return
        current = None
        for line in text.splitlines()[1:]:
            kind, _, rest = line.partition(" ")
            if kind == "obj":
                key, _, obj = rest.partition(" ")
                current = []
                self.objects[obj] = (key, current)
            elif kind == "dep" and current is not None:
                ident, crc, dep = rest.split(" ", 2)
                current.append([ident, crc, dep])
            elif kind == "link":
                key, _, ident = rest.partition(" ")
                self.link = (key, ident)

    def object_fresh(self, obj: str, key: str) -> bool:
        entry = self.objects.get(obj)
        if entry is None or entry[0] != key or not os.path.isfile(obj):
            return False
        for dep in entry[1]:
            ident, crc, path = dep
            try:
                st = os.stat(path)
            except OSError:
                return False
            if _keys.identity(st) == ident:
                continue
            try:
                if _keys.file_digest(path) != crc:
                    return False
            except OSError:
                return False
            dep[0] = _keys.identity(st)      # same content, new identity: remember it
            self.dirty = True
        return True

    def record_object(self, obj: str, key: str, deps: list[str]) -> None:
        rows = []
        for path in dict.fromkeys(deps):
            try:
                st = os.stat(path)
                rows.append([_keys.identity(st), _keys.file_digest(path), path])
            except OSError:
                continue
        self.objects[obj] = (key, rows)
        self.dirty = True

    def forget(self, obj: str) -> None:
        if self.objects.pop(obj, None) is not None:
            self.dirty = True
        self.link = None

    def link_fresh(self, key: str, so_path: str, la_path: str) -> bool:
        if self.link is None or self.link[0] != key or not os.path.isfile(la_path):
            return False
        try:
            return _keys.identity(os.stat(so_path)) == self.link[1]
        except OSError:
            return False

    def record_link(self, key: str, so_path: str) -> None:
        self.link = (key, _keys.identity(os.stat(so_path)))
        self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        lines = ["prxs-state/1"]
        for obj, (key, deps) in sorted(self.objects.items()):
            lines.append(f"obj {key} {obj}")
            lines += [f"dep {d[0]} {d[1]} {d[2]}" for d in deps]
        if self.link is not None:
            lines.append(f"link {self.link[0]} {self.link[1]}")
        cache.atomic_write(self.path, ("\n".join(lines) + "\n").encode())
        self.dirty = False

    def remove(self) -> None:
        _fs.unlink_quietly(self.path)


def parse_depfile(path: str) -> list[str]:
    """The files a gcc ``-MD`` dependency file names (escaped spaces kept)."""
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        text = f.read().replace("\\\n", " ")
    out = []
    for line in text.splitlines():
        if ":" not in line:
            continue
        _, rhs = line.split(":", 1)
        buf = ""
        for tok in rhs.split(" "):
            if tok.endswith("\\"):
                buf += tok[:-1] + " "
                continue
            tok = buf + tok
            buf = ""
            if tok:
                out.append(tok)
    return out
