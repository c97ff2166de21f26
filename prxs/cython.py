"""Cython modules: ``prxs -c mod_foo.pyx`` translates the source with Cython's
compiler API, writes the C glue that defines ``foo_module``, and adds what
linking against libpython needs; the build driver then compiles, links,
checks and publishes the result exactly as for a C module.

How an author declares the module (see ``sample_modules/mod_pyhello.pyx``)::

    cimport proftpd as pr                 # prxs/sdk/proftpd.pxd
    from proftpd cimport CONF_ROOT, CONF_VIRTUAL, CONF_GLOBAL

    MODULE_VERSION = "mod_foo/0.1"        # optional; the module's version string

    # usage: FooGreeting text
    @pr.directive("FooGreeting", args=1, context=CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL)
    def set_foogreeting(cmd):
        if not cmd.argv[1]:
            raise ValueError("must not be empty")   # -> "FooGreeting: must not be empty"
        return cmd.argv[1]                           # stored with add_config_param_str

    @pr.site_command("FOO")                          # SITE FOO
    def foo_site(cmd):
        return f"{pr.get_param('FooGreeting', 'Hi')}, {cmd.argv[2:]}"   # 200 reply

    @pr.command("PWD", phase="post")                 # any command, any phase
    def foo_post_pwd(cmd):
        pr.debug(5, "PWD done")                      # None: declined

    @pr.session_init
    def foo_sess_init(): ...

prxs reads these decorators at build time (their arguments must be
literals; ``context`` and ``cmd_class`` may name ``CONF_*``/``CL_*``
constants joined with ``|``) and generates the conftable, the cmdtable and
the module structure from ``templates/cython_module.c.j2``.  At run time the
decorators return the function unchanged.

A handler receives ``cmd`` with ``argv`` (list of str), ``arg``, ``name``,
``group`` and ``rec`` (``pr.cmd_rec_of(cmd)`` gives the ``cmd_rec *``).
A command handler returns None (declined), True (handled; it added its own
replies with ``pr.reply``), False (error; it added ``pr.reply_err`` lines),
a str (a 200 reply, one line per line) or ``(code, text)`` (an error when the
code is 4xx/5xx).  A directive handler returns the value(s) to store, or
None, and raises ValueError for a configuration error.  Any other exception
is logged with its type, message and .pyx line, and the client gets a 550.

A module that wants to write its own module structure in C puts the line
``# prxs: no-glue`` in the .pyx: prxs then only translates it and links
libpython, and the author's C source calls ``PyInit_mod_foo()``.
"""

from __future__ import annotations

import os
import re
import sys

from .errors import BuildError, EnvironmentProblem, UsageError

__all__ = ["prepare_cython", "scan_module", "python_link_info", "ModuleDecl",
           "Handler", "render_glue"]

DECORATORS = ("directive", "command", "site_command", "session_init")
PHASES = {"pre": "PRE_CMD", "cmd": "CMD", "post": "POST_CMD",
          "post_err": "POST_CMD_ERR", "log": "LOG_CMD", "log_err": "LOG_CMD_ERR"}
CONF_NAMES = ("CONF_ROOT", "CONF_DIR", "CONF_ANON", "CONF_LIMIT", "CONF_VIRTUAL",
              "CONF_DYNDIR", "CONF_GLOBAL", "CONF_CLASS")
CL_NAMES = ("CL_NONE", "CL_AUTH", "CL_INFO", "CL_DIRS", "CL_READ", "CL_WRITE",
            "CL_MISC", "CL_SEC", "CL_ALL")
DEFAULT_CONTEXT = "CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL"
NO_GLUE_MARK = "# prxs: no-glue"
GLUE_TEMPLATE = "cython_module.c.j2"
INSTALL_HINT = ("install Cython 3 for the Python that runs prxs: "
                f"{os.path.basename(sys.executable)} -m pip install 'Cython>=3' "
                "(Debian: apt-get install cython3)")


class Handler:
    """One decorated function: what the generated tables say about it."""

    def __init__(self, kind: str, function: str, line: int, **kw) -> None:
        self.kind = kind            # "directive" | "command" | "session_init"
        self.function = function
        self.line = line
        self.name = kw.get("name")  # directive name, or command
        self.command = kw.get("command")
        self.site = kw.get("site")
        self.phase = kw.get("phase", "CMD")
        self.auth = kw.get("auth", True)
        self.cmd_class = kw.get("cmd_class", "CL_MISC")
        self.context = kw.get("context", DEFAULT_CONTEXT)
        self.args_min = kw.get("args_min")
        self.args_max = kw.get("args_max")
        self.index = -1
        self.kind_index = -1

    @property
    def label(self) -> str:
        if self.kind == "directive":
            return self.name
        text = self.command + (" " + self.site if self.site else "")
        phase = {v: k for k, v in PHASES.items()}[self.phase]
        return text if phase == "cmd" else f"{text} ({phase})"

    def to_dict(self) -> dict:
        return {"kind": self.kind, "function": self.function, "line": self.line,
                "label": self.label if self.kind != "session_init" else None}


class ModuleDecl:
    """What a .pyx declares: its handlers, its version, and whether prxs
    writes the module structure."""

    def __init__(self, path: str, handlers: list[Handler],
                 sess_init: Handler | None, version: str | None, glue: bool) -> None:
        self.path = path
        self.handlers = handlers
        self.sess_init = sess_init
        self.version = version
        self.glue = glue


# --- reading the declarations ---------------------------------------------

def _usage(path: str, line: int, msg: str, hint: str) -> UsageError:
    return UsageError(f"{path}:{line}: {msg}", step="cython", path=path, hint=hint)


_DECO_HINT = ("write e.g. @pr.directive(\"FooBar\", args=1) or @pr.site_command(\"FOO\"); "
              "prxs reads decorator arguments at build time, so they must be literals "
              "(CONF_*/CL_* names joined with | are allowed)")


def _flags(node, names: tuple, path: str, line: int, what: str) -> str:
    """A C expression from CONF_X|CONF_Y (or an int literal)."""
    import ast
    if isinstance(node, ast.Constant) and isinstance(node.value, int) \
            and not isinstance(node.value, bool):
        return str(node.value)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return (_flags(node.left, names, path, line, what) + "|"
                + _flags(node.right, names, path, line, what))
    if isinstance(node, ast.Attribute):
        node = ast.Name(id=node.attr)
    if isinstance(node, ast.Name) and node.id in names:
        return node.id
    raise _usage(path, line, f"{what} must be {' | '.join(names[:3])} ... joined with |",
                 _DECO_HINT)


def _literal(node, path: str, line: int, what: str):
    import ast
    try:
        return ast.literal_eval(node)
    except ValueError:
        raise _usage(path, line, f"{what} must be a literal", _DECO_HINT) from None


def _decorator(expr: str, path: str, line: int):
    """(kind, positional args, keyword nodes) for a prxs decorator, else None."""
    import ast
    try:
        node = ast.parse(expr, mode="eval").body
    except SyntaxError:
        return None
    call = node if isinstance(node, ast.Call) else None
    target = call.func if call else node
    if isinstance(target, ast.Attribute):
        kind = target.attr
    elif isinstance(target, ast.Name):
        kind = target.id
    else:
        return None
    if kind not in DECORATORS:
        return None
    if kind == "session_init":
        if call is not None:
            raise _usage(path, line, "@session_init takes no arguments", _DECO_HINT)
        return kind, [], {}
    if call is None:
        raise _usage(path, line, f"@{kind} needs arguments, e.g. @{kind}(\"NAME\")",
                     _DECO_HINT)
    args = [_literal(a, path, line, f"@{kind} argument") for a in call.args]
    return kind, args, {k.arg: k.value for k in call.keywords}


def _handler(kind: str, args: list, kw: dict, function: str, path: str,
             line: int) -> Handler:
    if len(args) != 1 or not isinstance(args[0], str):
        raise _usage(path, line, f"@{kind} takes one name as a string", _DECO_HINT)
    name = args[0]
    known = {"directive": {"args", "context"},
             "command": {"phase", "auth", "cmd_class"},
             "site_command": {"auth"}}[kind]
    for k in kw:
        if k not in known:
            raise _usage(path, line, f"@{kind} has no option {k!r} (it takes "
                         + ", ".join(sorted(known)) + ")", _DECO_HINT)
    if kind == "directive":
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name):
            raise _usage(path, line, f"bad directive name {name!r}", _DECO_HINT)
        h = Handler("directive", function, line, name=name)
        if "args" in kw:
            n = _literal(kw["args"], path, line, "args")
            lo = hi = None
            if isinstance(n, int) and not isinstance(n, bool):
                lo = hi = n
            elif isinstance(n, (tuple, list)) and len(n) == 2:
                lo, hi = n
            if not (isinstance(lo, int) and isinstance(hi, int) and 0 <= lo <= hi):
                raise _usage(path, line, "args must be a count or (min, max)", _DECO_HINT)
            h.args_min, h.args_max = lo, hi
        if "context" in kw:
            h.context = _flags(kw["context"], CONF_NAMES, path, line, "context")
        return h
    if not re.fullmatch(r"[A-Za-z*][A-Za-z0-9_-]*", name):
        raise _usage(path, line, f"bad command name {name!r}", _DECO_HINT)
    auth = _literal(kw["auth"], path, line, "auth") if "auth" in kw else True
    if not isinstance(auth, bool):
        raise _usage(path, line, "auth must be True or False", _DECO_HINT)
    if kind == "site_command":
        return Handler("command", function, line, command="SITE", site=name.upper(),
                       auth=auth)
    phase = _literal(kw["phase"], path, line, "phase") if "phase" in kw else "cmd"
    if phase not in PHASES:
        raise _usage(path, line, f"phase must be one of {', '.join(PHASES)}", _DECO_HINT)
    cls = _flags(kw["cmd_class"], CL_NAMES, path, line, "cmd_class") \
        if "cmd_class" in kw else "CL_MISC"
    return Handler("command", function, line, command=name.upper(),
                   phase=PHASES[phase], auth=auth, cmd_class=cls)


def scan_module(path: str) -> ModuleDecl:
    """Read the module-level decorators of a .pyx (no Cython needed)."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}",
                         step="cython", path=path, hint="check the file") from None
    handlers: list[Handler] = []
    sess_init = None
    version = None
    glue = not any(line.strip() == NO_GLUE_MARK for line in lines)
    pending: list[tuple] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r"MODULE_VERSION\s*(?::\s*str\s*)?=\s*(['\"])(.*)\1\s*(#.*)?$", line)
        if m:
            version = m.group(2)
        if line.startswith("@"):
            start = i
            expr = line[1:]
            while True:
                try:
                    compile(expr.strip() or "x", "<decorator>", "eval")
                    break
                except SyntaxError:
                    if i + 1 >= len(lines) or i - start > 30:
                        break
                    i += 1
                    expr += "\n" + lines[i]
            deco = _decorator(expr.strip(), path, start + 1)
            if deco is not None:
                pending.append(deco + (start + 1,))
        elif pending and line.strip() and not line.lstrip().startswith("#"):
            m = re.match(r"(async\s+def|def|cpdef|cdef)\s+(?:[\w.*\[\], ]+\s+)?(\w+)\s*\(",
                         line)
            if not m or m.group(1) != "def":
                raise _usage(path, pending[0][3],
                             f"@{pending[0][0]} must decorate a plain 'def' function "
                             "at module level", "prxs calls handlers as Python "
                             "functions: use def, not cdef/cpdef/async def")
            for kind, args, kw, lno in pending:
                if kind == "session_init":
                    if sess_init is not None:
                        raise _usage(path, lno, "a second @session_init (the first is "
                                     f"{sess_init.function}, line {sess_init.line})",
                                     "keep one session initialiser")
                    sess_init = Handler("session_init", m.group(2), lno)
                else:
                    handlers.append(_handler(kind, args, kw, m.group(2), path, lno))
            pending = []
        i += 1
    seen: dict[str, Handler] = {}
    for h in handlers:
        key = h.label.lower()
        if key in seen:
            raise _usage(path, h.line, f"{h.label} is declared twice (also by "
                         f"{seen[key].function}, line {seen[key].line})",
                         "give each directive and command one handler")
        seen[key] = h
    counts = {"directive": 0, "command": 0}
    for n, h in enumerate(handlers):
        h.index = n
        h.kind_index = counts[h.kind]
        counts[h.kind] += 1
    return ModuleDecl(path, handlers, sess_init, version, glue)


# --- Python and Cython ------------------------------------------------------

def python_link_info() -> dict:
    """Where Python.h and libpython are, and the flags that embed them."""
    import sysconfig
    paths = sysconfig.get_paths()
    cv = sysconfig.get_config_var
    include = paths.get("include") or ""
    if not os.path.isfile(os.path.join(include, "Python.h")):
        raise EnvironmentProblem(
            f"Python.h not found in {include or '(no include dir)'} for {sys.executable}",
            step="cython", hint="install Python's development headers (Debian: "
            f"apt-get install python{sys.version_info[0]}-dev)")
    includes = [include]
    plat = paths.get("platinclude")
    if plat and os.path.realpath(plat) != os.path.realpath(include):
        includes.append(plat)
    libdir = cv("LIBDIR") or ""
    ldversion = cv("LDVERSION") or cv("VERSION") or "%d.%d" % sys.version_info[:2]
    dev = os.path.join(libdir, f"libpython{ldversion}.so")
    soname = cv("INSTSONAME") or ""
    multiarch = cv("MULTIARCH")
    candidates = [libdir] + ([os.path.join(libdir, multiarch)] if multiarch else [])
    lib_flag = None
    for d in candidates:
        if os.path.isfile(os.path.join(d, f"libpython{ldversion}.so")):
            libdir, lib_flag = d, f"-lpython{ldversion}"
            break
        if soname and os.path.isfile(os.path.join(d, soname)):
            libdir, lib_flag = d, os.path.join(d, soname)
            break
    if lib_flag is None:
        raise EnvironmentProblem(
            f"no shared libpython for {sys.executable} (looked for {dev}"
            + (f" and {soname}" if soname else "") + ")", step="cython",
            hint="a Cython module embeds Python, so it links libpython: install it "
                 f"(Debian: apt-get install libpython{ldversion}-dev) or use a Python "
                 "built with --enable-shared")
    from .check import system_lib_dirs
    system = {os.path.realpath(d) for d in system_lib_dirs()}
    rpath = os.path.realpath(libdir) not in system
    return {"include_dirs": includes, "lib_dir": libdir, "lib": lib_flag,
            "rpath": libdir if rpath else None, "version": ldversion,
            "python": sys.version.split()[0], "executable": sys.executable}


def _import_cython(pyx: str):
    try:
        import Cython
        from Cython.Compiler import Main
    except ImportError:
        raise EnvironmentProblem(
            f"cannot translate {pyx}: Cython is not installed for {sys.executable}",
            step="cython", path=pyx, hint=INSTALL_HINT) from None
    if int(Cython.__version__.split(".")[0]) < 3:
        raise EnvironmentProblem(
            f"cannot translate {pyx}: Cython {Cython.__version__} is too old (3.0 or "
            "later is needed)", step="cython", path=pyx, hint=INSTALL_HINT)
    return Cython.__version__, Main


_POS = re.compile(r"^(?P<file>[^\s:][^:]*\.(?:pyx|pxd|pxi)):(?P<line>\d+):(?P<col>\d+): "
                  r"(?P<msg>.*)$")


def _translate(Main, pyx: str, out_c: str, module: str, include_path: list[str]) -> list[str]:
    """Run Cython's compiler in this process; its messages are captured,
    not printed.  Returns the warnings; raises BuildError on errors."""
    import contextlib
    import io
    options = Main.CompilationOptions(Main.default_options, include_path=include_path,
                                      output_file=out_c, language_level=3,
                                      errors_to_stderr=True)
    buf = io.StringIO()
    try:
        with contextlib.redirect_stderr(buf), contextlib.redirect_stdout(buf):
            result = Main.compile_single(pyx, options, full_module_name=module)
        errors = result.num_errors
    except Exception as exc:  # Cython raises CompileError/AbortError for fatal ones
        errors = -1
        buf.write(f"\n{exc}\n")
    text = buf.getvalue()
    located = [m.group(0) for m in map(_POS.match, text.splitlines()) if m]
    if errors:
        first = located[0] if located else (text.strip().splitlines() or ["unknown error"])[-1]
        more = f" (and {len(located) - 1} more)" if len(located) > 1 else ""
        raise BuildError(
            f"Cython cannot translate {pyx}: {first}{more}" + ("\n" + text.strip()
                                                                 if text.strip() else ""),
            step="cython", path=pyx,
            hint="fix the .pyx at the line shown; nothing was compiled")
    return [line for line in located if "warning" in line.lower()] or \
        [line.strip() for line in text.splitlines() if line.lower().startswith("warning")]


def _fingerprint(pyx: str, include_path: list[str], extra: str) -> str:
    """Content key of a translation: the source, every .pxd/.pxi it could
    cimport or include, and the tool versions."""
    import hashlib
    h = hashlib.sha256(extra.encode())
    files = [pyx]
    for d in include_path:
        try:
            files += sorted(os.path.join(d, n) for n in os.listdir(d)
                            if n.endswith((".pxd", ".pxi")))
        except OSError:
            pass
    for p in files:
        try:
            with open(p, "rb") as f:
                h.update(p.encode() + b"\0" + f.read() + b"\0")
        except OSError:
            pass
    return h.hexdigest()


# --- the C glue -------------------------------------------------------------

def _c_string(value) -> str:
    out = []
    for b in str(value).encode("utf-8"):
        c = chr(b)
        if 32 <= b < 127 and c not in '"\\?':
            out.append(c)
        else:
            out.append(f"\\{b:03o}")
    return '"' + "".join(out) + '"'


def render_glue(decl: ModuleDecl, module: str, *, cython_version: str,
                python_version: str) -> str:
    try:
        import jinja2
    except ImportError:
        raise EnvironmentProblem("cannot generate the module glue: jinja2 is not "
                                 f"installed for {sys.executable}", step="cython",
                                 hint="pip install 'jinja2>=3'") from None
    from . import __version__
    from .templating import environment
    env = environment()
    env.filters["c_string"] = _c_string
    short = module[4:] if module.startswith("mod_") else module
    directives = [h for h in decl.handlers if h.kind == "directive"]
    return env.get_template(GLUE_TEMPLATE).render(
        module=module, short=short, upper=short.upper(),
        version=decl.version or f"{module}/0.0",
        pyx_name=os.path.basename(decl.path), handlers=decl.handlers,
        directives_sorted=sorted(directives, key=lambda h: h.name.lower()),
        sess_init=decl.sess_init, prxs_version=__version__,
        cython_version=cython_version, python_version=python_version)


def _write_if_changed(path: str, text: str) -> None:
    from .cache import atomic_write
    try:
        with open(path, encoding="utf-8") as f:
            if f.read() == text:
                return
    except OSError:
        pass
    atomic_write(path, text.encode("utf-8"))


# --- the hook the build driver calls ----------------------------------------

def prepare_cython(spec, target, runner, result) -> list[str]:
    """Translate the module's .pyx, write its glue, add Python's flags to
    ``spec``; return the C sources to compile (before the author's .c files).

    Records ``result.cython`` (a dict) for ``-v`` and ``--json``."""
    import time
    start = time.perf_counter()
    pyxs = [s for s in spec.sources if s.endswith(".pyx")]
    if len(pyxs) > 1:
        raise UsageError("a module has one .pyx source (its main file); got "
                         + ", ".join(pyxs), step="cython", path=pyxs[1],
                         hint="cimport or include the others from the main .pyx, "
                              "or put C helpers in .c files")
    pyx = pyxs[0]
    if not os.path.isfile(pyx):
        raise UsageError(f"{pyx}: no such file", step="cython", path=pyx,
                         hint="check the path")
    decl = scan_module(pyx)
    if decl.glue and not decl.handlers:
        raise UsageError(
            f"{pyx} declares no directive or command handler, so prxs cannot write "
            f"the module's tables ({spec.name[4:]}_module)", step="cython", path=pyx,
            hint="decorate module-level functions with @pr.directive(\"Name\"), "
                 "@pr.command(\"CMD\") or @pr.site_command(\"NAME\") after "
                 "'cimport proftpd as pr'; or put '# prxs: no-glue' in the .pyx and "
                 "define the module structure in a .c source yourself")
    cython_version, Main = _import_cython(pyx)
    py = python_link_info()

    from . import sdk
    sdk_dir = os.path.dirname(os.path.abspath(sdk.__file__))
    include_path = [os.path.dirname(os.path.abspath(pyx)), sdk_dir]
    include_path += [d for d in spec.include_dirs if d not in include_path]
    outdir = os.path.join(spec.objdir, "cython")
    out_c = os.path.join(outdir, spec.name + ".c")
    glue_c = os.path.join(outdir, spec.name + "_glue.c")

    translated = False
    warnings: list[str] = []
    if not runner.dry_run:
        os.makedirs(outdir, exist_ok=True)
        key = _fingerprint(pyx, include_path, "\0".join(
            [cython_version, py["python"], spec.name, sys.version]))
        stamp = out_c + ".key"
        try:
            with open(stamp, encoding="ascii") as f:
                fresh = f.read().strip() == key and os.path.isfile(out_c)
        except OSError:
            fresh = False
        if not fresh:
            try:
                os.unlink(stamp)
            except OSError:
                pass
            warnings = _translate(Main, pyx, out_c, spec.name, include_path)
            from .cache import atomic_write
            atomic_write(stamp, (key + "\n").encode("ascii"))
            translated = True
        if decl.glue:
            _write_if_changed(glue_c, render_glue(decl, spec.name,
                                                  cython_version=cython_version,
                                                  python_version=py["python"]))

    for d in py["include_dirs"]:
        if d not in spec.include_dirs:
            spec.include_dirs.append(d)
    spec.cflags.append("-DCYTHON_PEP489_MULTI_PHASE_INIT=0")
    if py["lib"].startswith("-l"):
        if py["lib_dir"] not in spec.lib_dirs:
            spec.lib_dirs.append(py["lib_dir"])
        spec.libs.append(py["lib"])
    else:
        spec.ldflags.append(py["lib"])
    if py["rpath"]:
        spec.ldflags.append("-Wl,-rpath," + py["rpath"])

    result.cython = {
        "cython_version": cython_version, "python_version": py["python"],
        "python": py["executable"], "python_include": py["include_dirs"][0],
        "libpython": py["lib"], "libpython_dir": py["lib_dir"], "rpath": py["rpath"],
        "source": pyx, "c_file": out_c, "glue_file": glue_c if decl.glue else None,
        "translated": translated, "warnings": warnings,
        "module_version": decl.version,
        "handlers": [h.to_dict() for h in decl.handlers]
        + ([decl.sess_init.to_dict()] if decl.sess_init else []),
        "seconds": round(time.perf_counter() - start, 6)}
    return [out_c] + ([glue_c] if decl.glue else [])
