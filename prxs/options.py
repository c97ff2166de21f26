"""Command-line parsing, compatible with ProFTPD's prxs and without its defects.

A hand-written getopt-style parser: bundled short flags (``-cid``), glued values
(``-DFOO``, ``-Wc,-O3``), options before or after files, ``--opt=value`` and
``--``.  argparse would do most of this, but costs more start-up time than a C
module's whole compile once the header cache is warm.
"""

from __future__ import annotations

import errno
import os
import stat

from .errors import UsageError

QUERY_VARS = ("CC", "CFLAGS", "CPPFLAGS", "LDFLAGS", "INCLUDEDIR", "LIBEXECDIR",
              "API_VERSION", "TARGET", "VERSION", "PRXS_MK", "TEMPLATEDIR", "PYTHON")

SHORT_FLAGS = {"c": "compile", "i": "install", "d": "clean", "h": "help",
               "v": "verbose"}
SHORT_VALUES = {"n": "name", "D": "define", "I": "include", "L": "libdir",
                "l": "lib", "W": "wflag", "j": "jobs", "g": "generate"}
LONG_FLAGS = {"compile": "compile", "install": "install", "clean": "clean",
              "help": "help", "verbose": "verbose", "dry-run": "dry_run",
              "json": "json", "mkdir": "mkdir", "ignore-configure": "ignore_configure",
              "no-pch": "no_pch", "version": "version", "uninstall": "uninstall",
              "cython": "cython", "compile-commands": "compile_commands",
              "no-la": "no_la"}
LONG_VALUES = {"name": "name", "target": "target", "libexecdir": "libexecdir",
               "destdir": "destdir", "builddir": "builddir", "jobs": "jobs",
               "generate": "generate", "requires": "requires"}


class Options:
    def __init__(self) -> None:
        self.compile = self.install = self.clean = self.help = False
        self.verbose = self.dry_run = self.json = self.mkdir = False
        self.ignore_configure = self.no_pch = self.version = False
        self.uninstall = self.cython = self.compile_commands = False
        self.no_la = False
        self.name: str | None = None
        self.target: str | None = None
        self.libexecdir: str | None = None
        self.destdir: str | None = None
        self.builddir: str | None = None
        self.generate: str | None = None
        self.query: str | None = None      # "" means: list them all
        self.jobs = 1
        self.defines: list[str] = []
        self.include_dirs: list[str] = []
        self.lib_dirs: list[str] = []
        self.libs: list[str] = []
        self.cflags: list[str] = []
        self.ldflags: list[str] = []
        self.files: list[str] = []
        self.requires: list[str] = []      # --requires: parent modules (mod_foo.c)

    @property
    def actions(self) -> list[str]:
        return [a for a in ("compile", "install", "clean") if getattr(self, a)]


def _value(opts: Options, key: str, value: str, shown: str) -> None:
    if key == "define":
        if not value or value.startswith("="):
            raise UsageError(f"option {shown} needs a macro name (-D NAME or -D NAME=value)",
                             step="options", hint="for example -D USE_FOO=1")
        opts.defines.append("-D" + value)
    elif key == "include":
        opts.include_dirs.append(_nonempty(value, shown))
    elif key == "libdir":
        opts.lib_dirs.append(_nonempty(value, shown))
    elif key == "lib":
        v = _nonempty(value, shown)
        opts.libs.append(v[2:] if v.startswith("-l") else v)
    elif key == "wflag":
        _wflag(opts, _nonempty(value, shown))
    elif key == "requires":
        opts.requires.append(_nonempty(value, shown))
    elif key == "libexecdir":
        opts.libexecdir = _libexecdir(value, shown)
    elif key == "jobs":
        try:
            opts.jobs = int(value)
        except ValueError:
            opts.jobs = 0
        if opts.jobs < 1:
            raise UsageError(f"option {shown} needs a positive number, not {value!r}",
                             step="options", hint="for example -j 2")
    else:
        setattr(opts, key, value)


def _nonempty(value: str, shown: str) -> str:
    if value == "":
        raise UsageError(f"option {shown} needs a non-empty value", step="options",
                         hint="see prxs -h")
    return value


def _libexecdir(value: str, shown: str) -> str:
    """The directory goes into the .la's single-quoted libdir field and is
    where mod_dso will look: it must be absolute and quotable."""
    if value == "":
        raise UsageError(f"option {shown} needs a directory, not an empty value",
                         step="options", hint="for example --libexecdir /usr/lib/proftpd")
    bad = [c for c in value if c == "'" or ord(c) < 32 or ord(c) == 127]
    if bad:
        raise UsageError(f"option {shown} {value!r}: a libexec directory cannot contain "
                         f"{bad[0]!r} (it is written into the .la file's quoted libdir "
                         "field)", step="options", path=value,
                         hint="choose a directory whose name has no single quote or "
                              "control character")
    if not value.startswith("/"):
        raise UsageError(f"option {shown} {value!r}: the libexec directory must be an "
                         "absolute path (it is recorded in the .la file)", step="options",
                         path=value, hint=f"for example {shown} $PWD/{value}")
    return value


def _wflag(opts: Options, value: str) -> None:
    """-Wc,a,b to the compiler and -Wl,a,b to the linker, as apxs does; any
    other -W value is a compiler warning flag (-Wextra, -W error → -Werror)."""
    if value.startswith("c,"):
        opts.cflags += [v for v in value[2:].split(",") if v]
    elif value.startswith("l,"):
        opts.ldflags += [v for v in value[2:].split(",") if v]
    else:
        opts.cflags.append("-W" + value)


def parse(argv: list[str]) -> Options:
    opts = Options()
    i = 0
    only_files = False
    while i < len(argv):
        arg = argv[i]
        i += 1
        if only_files or arg == "-" or not arg.startswith("-"):
            opts.files.append(arg)
        elif arg == "--":
            only_files = True
        elif arg.startswith("--"):
            i = _long_option(opts, arg, argv, i)
        else:
            i = _short_options(opts, arg, argv, i)
    return opts


def _long_option(opts: Options, arg: str, argv: list[str], i: int) -> int:
    """``--name``, ``--name=value`` or ``--name value`` (argv[i]); returns the
    index of the next argument."""
    name, eq, value = arg[2:].partition("=")
    if name == "query":
        opts.query = _query_name(value) if eq else ""
        if not eq and i < len(argv) and _is_operand(argv[i]):
            opts.query = _query_name(argv[i])
            i += 1
    elif name in LONG_FLAGS:
        if eq:
            raise UsageError(f"option --{name} takes no value", step="options",
                             hint="see prxs -h")
        setattr(opts, LONG_FLAGS[name], True)
    elif name in LONG_VALUES:
        if not eq:
            value, i = _next_value(argv, i, "--" + name)
        _value(opts, LONG_VALUES[name], value, "--" + name)
    else:
        raise UsageError(f"unknown option '--{name}'", step="options",
                         hint="see prxs -h for the options prxs knows")
    return i


def _next_value(argv: list[str], i: int, option: str) -> tuple[str, int]:
    """An option's value given as the next argument."""
    if i >= len(argv):
        raise UsageError(f"option {option} needs a value", step="options",
                         hint="see prxs -h")
    return argv[i], i + 1


def _short_options(opts: Options, arg: str, argv: list[str], i: int) -> int:
    """A bundle of short options: -cid, -DFOO, -Wc,-O3, -n NAME, -qCC; returns
    the index of the next argument."""
    j = 1
    while j < len(arg):
        ch = arg[j]
        j += 1
        if ch in SHORT_FLAGS:
            setattr(opts, SHORT_FLAGS[ch], True)
        elif ch == "q":
            rest = arg[j:]
            if rest:
                opts.query = _query_name(rest)
            elif i < len(argv) and _is_operand(argv[i]):
                opts.query = _query_name(argv[i])
                i += 1
            else:
                opts.query = ""
            return i
        elif ch in SHORT_VALUES:
            rest = arg[j:]
            if not rest:
                rest, i = _next_value(argv, i, "-" + ch)
            _value(opts, SHORT_VALUES[ch], rest, "-" + ch)
            return i
        else:
            raise UsageError(f"unknown option '-{ch}'" +
                             (f" in '{arg}'" if len(arg) > 2 else ""),
                             step="options", hint="see prxs -h for the options prxs knows")
    return i


def _is_operand(arg: str) -> bool:
    """The word after -q is its variable unless it is an option or a file
    (variable names have no dot or slash): -q BOGUS is an unknown variable,
    -q mod_x.c a query with a file, which check_modes refuses."""
    return not arg.startswith("-") and "." not in arg and "/" not in arg


def check_modes(opts: Options) -> None:
    """-q and -g print or create and then stop: combined with a build action
    or files they would silently skip them, so that is a usage error."""
    actions = opts.actions + (["uninstall"] if opts.uninstall else [])
    shown = {"compile": "-c", "install": "-i", "clean": "-d", "uninstall": "--uninstall"}
    for mode, flag, does in ((opts.query, "-q", "prints build variables"),
                             (opts.generate, "-g", "creates a module directory")):
        if mode is not None and actions:
            raise UsageError(f"{flag} cannot be combined with "
                             + " ".join(shown[a] for a in actions)
                             + f": {flag} only {does} and builds nothing", step="options",
                             hint=f"run {flag} and the build as two commands")
    if opts.query is not None and opts.generate is not None:
        raise UsageError("-q and -g cannot be combined", step="options",
                         hint="run them as two commands")
    if opts.query is not None and opts.files:
        raise UsageError(f"-q takes one build variable, not files: {' '.join(opts.files)}",
                         step="options",
                         hint="one of " + ", ".join(QUERY_VARS) + "; -q alone lists them all")


def _query_name(value: str) -> str:
    v = value.upper()
    if v not in QUERY_VARS:
        raise UsageError(f"unknown build variable {value!r}: the variables are "
                         + ", ".join(QUERY_VARS), step="options",
                         hint="-q alone lists them all with their values")
    return v


HELP = """\
usage: prxs <action> [options] <source files>
       prxs -q [VAR]                 print build variables
       prxs shim ...                 run modules in the loader test shim (prxs shim -h)
       prxs ctl -s SOCKET ACTION     controls client: lsmod, insmod, rmmod (prxs ctl -h)
       prxs --version                print prxs's version

Actions (any combination; they always run compile -> install -> clean):
  -c, --compile          compile the listed .c (or .pyx) files into a module
  -i, --install          install the compiled module into the libexec directory
  -d, --clean            remove the files the build produced
      --uninstall        remove an installed module (.so and .la)

Options (prxs-compatible):
  -n, --name NAME        the module's name (mod_foo); default: the mod_*.c file
  -D key[=value]         define a macro for the compile (-DFOO works too)
  -I dir                 add an include directory
  -L dir                 add a library directory
  -l lib                 link a library (also: $Libraries: -lfoo$ in a source)
  -W c,flag[,flag]       pass flags to the compiler; -W l,flag to the linker;
                         any other -Wxxx is a compiler warning flag
  -h, --help             show this help
      --version          print prxs's version and exit

Beyond prxs:
  -v, --verbose          print every command as it runs, the target, the header cache
      --dry-run          print the plan and run nothing
      --json             print one machine-readable result on stdout
  -q, --query [VAR]      print a build variable: """ + ", ".join(QUERY_VARS) + """
      --target T         proftpd, sdk, or a proftpd binary / install prefix (default:
                         the installed proftpd if found, else sdk; -v says which)
      --libexecdir DIR   install here instead of the target's libexec directory
      --destdir DIR      stage the install under DIR (also: DESTDIR=... in the environment)
      --mkdir            create a missing libexec directory
      --requires mod_foo.c
                         a parent module this one is loaded after (its symbols
                         resolve the module's); repeatable; a name looked up in
                         the build and libexec directories, or a .c/.so/.la path
      --no-la            install the .so alone, without the .la (Debian policy)
      --builddir DIR     build in DIR (default: the current directory)
      --no-pch           do not use the precompiled conf.h cache
      --ignore-configure build even when a ./configure script sits beside the source
  -j, --jobs N           compile N sources at once
  -g, --generate mod_foo create a ready module directory (C; --cython for Cython)
      --compile-commands write compile_commands.json (for clangd and IDEs)

Environment: CC (may be a launcher: "ccache gcc"), CFLAGS, CPPFLAGS, LDFLAGS are
added to the target's flags; DESTDIR stages installs; PRXS_TARGET sets the default
target (PRXS_TARGET=sdk pins the SDK); PRXS_PROFTPD_PATH replaces the directories
searched for proftpd ($PATH:/usr/sbin:/usr/local/sbin); PRXS_CACHE_DIR moves the
cache (default $XDG_CACHE_HOME/prxs).

Exit status: 0 ok, 1 build/install/load failure, 2 usage error, 3 environment problem.

Example, all in one step:
  prxs -c -i -d mod_custom.c
"""


def check_files(opts: Options) -> list[str]:
    """The file operands, each checked for what the actions need."""
    files = []
    for f in opts.files:
        ext = os.path.splitext(f)[1]
        if ext not in (".c", ".pyx", ".la"):
            raise UsageError(f"{f}: not a module source (expected a .c or .pyx file"
                             f"{', or a .la for -i/-d' if not opts.compile else ''})",
                             step="options", path=f,
                             hint="prxs builds modules from C (.c) or Cython (.pyx) sources")
        if ext == ".la" and opts.compile:
            raise UsageError(f"{f}: a .la file cannot be compiled", step="options",
                             path=f, hint="give the module's .c sources to -c")
        if f.startswith("-"):
            f = "./" + f        # given after --: a file, never a compiler option
        if opts.compile or ext == ".la":
            check_readable(f, must_exist=opts.compile)
        files.append(f)
    if not files and not opts.name:
        raise UsageError("no module given: name the module's sources (mod_foo.c) "
                         "or pass -n mod_foo", step="options",
                         hint="for example: prxs -c -i mod_foo.c")
    return files


def check_readable(f: str, must_exist: bool) -> None:
    """Say what is wrong with the file: missing, a symlink loop, a directory,
    or (for a .la) not the text file libtool writes."""
    hint = "check the path (it is relative to the current directory)"
    try:
        st = os.stat(f)
    except OSError as exc:
        if exc.errno == errno.ENOENT and not os.path.lexists(f):
            if not must_exist:
                return
            raise UsageError(f"{f}: no such file", step="options", path=f,
                             hint=hint) from None
        why = exc.strerror.lower() if exc.strerror else str(exc)
        if exc.errno == errno.ENOENT:
            why = "a dangling symbolic link"
        raise UsageError(f"{f}: {why}", step="options", path=f, hint=hint) from None
    if not stat.S_ISREG(st.st_mode):
        raise UsageError(f"{f}: not a regular file", step="options", path=f, hint=hint)
    if f.endswith(".la"):
        try:
            with open(f, encoding="utf-8") as fh:
                fh.read()
        except UnicodeDecodeError:
            raise UsageError(f"{f}: not UTF-8 text, so not a libtool .la file prxs "
                             "wrote", step="options", path=f,
                             hint="rebuild the module with prxs -c, or give its .c "
                                  "source instead") from None
        except OSError as exc:
            raise UsageError(f"{f}: {exc.strerror}", step="options", path=f,
                             hint=hint) from None
