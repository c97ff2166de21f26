"""What a Cython module declares, and the C glue prxs writes from it.

The ``@directive``/``@command``/``@site_command``/``@session_init``
decorators of a .pyx are read here at build time, without Cython (their
arguments must be literals), and rendered through
``templates/cython_module.c.j2`` into the module structure, its tables and
the trampolines that call the Python handlers.  The fixed run-time C those
trampolines call is ``prxs/sdk/cython/prxs_cython.h`` (see
``runtime_include_dir``), not part of the template.  The author-facing
conventions are described in ``prxs.cython``.
"""

from __future__ import annotations

import os
import re
import sys

from .errors import EnvironmentProblem, UsageError

__all__ = ["scan_module", "render_glue", "ModuleDecl", "Handler", "NO_GLUE_MARK",
           "GLUE_TEMPLATE", "RUNTIME_HEADER", "runtime_include_dir"]

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
RUNTIME_HEADER = "prxs_cython.h"


def runtime_include_dir() -> str:
    """The directory of ``prxs_cython.h``, the glue's fixed run-time C.

    It is a directory of its own (``prxs/sdk/cython``), not the SDK's
    ``include/``: a module built for an installed ProFTPD compiles against
    that server's headers, and putting the SDK's copies on its include path
    as well would shadow them."""
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "sdk", "cython")


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
    inits: list[Handler] = []
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
            expr, i = _decorator_text(lines, i)
            deco = _decorator(expr.strip(), path, start + 1)
            if deco is not None:
                pending.append(deco + (start + 1,))
        elif pending and line.strip() and not line.lstrip().startswith("#"):
            _attach(pending, line, path, handlers, inits)
            pending = []
        i += 1
    _number(handlers, path)
    return ModuleDecl(path, handlers, inits[0] if inits else None, version, glue)


def _decorator_text(lines: list[str], i: int) -> tuple[str, int]:
    """The decorator expression starting at lines[i] (it may span lines) and
    the index of its last line."""
    start = i
    expr = lines[i][1:]
    while True:
        try:
            compile(expr.strip() or "x", "<decorator>", "eval")
            return expr, i
        except SyntaxError:
            if i + 1 >= len(lines) or i - start > 30:
                return expr, i
            i += 1
            expr += "\n" + lines[i]


def _attach(pending: list[tuple], line: str, path: str, handlers: list[Handler],
            inits: list[Handler]) -> None:
    """The decorators in ``pending`` apply to the function defined on ``line``."""
    m = re.match(r"(async\s+def|def|cpdef|cdef)\s+(?:[\w.*\[\], ]+\s+)?(\w+)\s*\(",
                 line)
    if not m or m.group(1) != "def":
        raise _usage(path, pending[0][3],
                     f"@{pending[0][0]} must decorate a plain 'def' function "
                     "at module level", "prxs calls handlers as Python "
                     "functions: use def, not cdef/cpdef/async def")
    for kind, args, kw, lno in pending:
        if kind != "session_init":
            handlers.append(_handler(kind, args, kw, m.group(2), path, lno))
        elif inits:
            raise _usage(path, lno, "a second @session_init (the first is "
                         f"{inits[0].function}, line {inits[0].line})",
                         "keep one session initialiser")
        else:
            inits.append(Handler("session_init", m.group(2), lno))


def _number(handlers: list[Handler], path: str) -> None:
    """Refuse a directive or command declared twice; number the handlers
    (overall and per kind) as the glue's tables list them."""
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
        import jinja2  # noqa: F401 - environment() needs it; say so here
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
