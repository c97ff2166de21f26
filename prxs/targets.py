"""Targets: where headers, flags, the module API version and libexec come from.

Two kinds exist: an installed ProFTPD found through its binary (``proftpd -V``
and ``proftpd -l``; the default when one is found; its facts are cached per
binary identity) and the embedded SDK shipped in this package (needs no
ProFTPD; the default otherwise).

Why one module of about 400 lines: every ``prxs -c`` imports it, and the
start-up budget (tests/e2e/test_pch_and_startup.py: fewer than 40 modules)
has no room for a second one; both kinds share the discovery and the cache.
"""

from __future__ import annotations

import os
import sys

from . import cache
from .errors import EnvironmentProblem, UsageError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .runner import Runner

# Flags ProFTPD's own build gives modules; the SDK target uses the same set so
# modules see the same warnings wherever they are built.
SDK_CFLAGS = ["-DLINUX", "-g2", "-O2", "-Wall", "-fno-omit-frame-pointer",
              "-fno-strict-aliasing", "-Werror=implicit-function-declaration"]
# Libraries whose symbols the shim host gives modules: libc and libcrypt
# (linked by the host, as by proftpd: mod_sql's crypt()); libcrypto and
# libacl, which proftpd links for its modules (mod_sql's and mod_radius's
# digests, mod_facl's ACL calls use them without linking them; the host
# loads them when a module needs them); PCRE2, which the host links for
# pr_regexp_* as Debian's proftpd does (mod_rewrite calls its regfree()).
HOST_LIBS = ("libc.so.6", "libcrypt.so.1", "libcrypto.so.3", "libacl.so.1",
             "libpcre2-8.so.0", "libpcre2-posix.so.3")
US = "\x1f"


class Target:
    """Everything a build needs to know about where the module will run."""

    def __init__(self, *, name: str, version: str, api_version: int, cc: list[str],
                 cflags: list[str], cppflags: list[str], ldflags: list[str],
                 includedir: str, libexecdir: str, description: str,
                 stamp: str, provider_files: list[str],
                 abi: str = "", abi_number: int = 0,
                 provider_symbols_file: str | None = None,
                 binary: str | None = None,
                 default_libexecdir: str | None = None,
                 owns_libexecdir: bool = False) -> None:
        self.name = name
        self.version = version
        self.api_version = api_version
        self.cc = cc
        self.cflags = cflags
        self.cppflags = cppflags
        self.ldflags = ldflags
        self.includedir = includedir
        self.libexecdir = libexecdir
        self.description = description
        # The stamp line (prxs.stamp): abi/api/model name the binary
        # interface, abi_number is that ABI's PROFTPD_VERSION_NUMBER (0: no
        # ProFTPD release's) for the guard a real server runs.
        self.stamp = stamp
        self.abi = abi
        self.abi_number = abi_number
        self.provider_files = provider_files
        self.provider_symbols_file = provider_symbols_file
        self.binary = binary
        # Where the target's own modules live, whatever --libexecdir says: a
        # module can rely on a parent module installed there.
        self.default_libexecdir = default_libexecdir or libexecdir
        # prxs's own directory (the SDK's default): install may create it.
        # A system directory (the server's, or one named with --libexecdir)
        # must exist already.
        self.owns_libexecdir = owns_libexecdir
        # How this target was chosen (--target, PRXS_TARGET or the default).
        self.chosen = ""

    def variables(self) -> dict[str, str]:
        """The build variables ``prxs -q`` prints."""
        from .runner import format_argv
        return {
            "CC": format_argv(self.cc),
            "CFLAGS": format_argv(self.cflags),
            "CPPFLAGS": format_argv(self.cppflags + ["-I" + self.includedir]),
            "LDFLAGS": format_argv(self.ldflags),
            "INCLUDEDIR": self.includedir,
            "LIBEXECDIR": self.libexecdir,
            "API_VERSION": f"0x{self.api_version:x}",
            "TARGET": self.name if self.binary is None else f"{self.name}:{self.binary}",
            "VERSION": self.version,
        }

    def to_dict(self) -> dict:
        d = {k.lower(): v for k, v in self.variables().items()}
        d.update(name=self.name, description=self.description, stamp=self.stamp,
                 abi=self.abi, chosen=self.chosen)
        return d


def _split(value: str) -> list[str]:
    import shlex
    try:
        return shlex.split(value)
    except ValueError as exc:
        raise UsageError(f"cannot parse flags {value!r}: {exc}",
                         hint="check the quoting in CC/CFLAGS/CPPFLAGS/LDFLAGS") from None


def _env_tools(default_cc: list[str], cflags: list[str], cppflags: list[str],
               ldflags: list[str], environ) -> tuple[list, list, list, list]:
    """CC replaces the compiler (it may be a launcher such as 'ccache gcc');
    CFLAGS, CPPFLAGS and LDFLAGS are appended, never replacing the target's."""
    cc = _split(environ["CC"]) if environ.get("CC", "").strip() else list(default_cc)
    more = {var: _split(environ[var]) if environ.get(var, "").strip() else []
            for var in ("CFLAGS", "CPPFLAGS", "LDFLAGS")}
    return (cc, cflags + more["CFLAGS"], cppflags + more["CPPFLAGS"],
            ldflags + more["LDFLAGS"])


def sdk_target(environ=os.environ, libexecdir: str | None = None) -> Target:
    from . import sdk
    inc = sdk.include_dir()
    cc, cflags, cppflags, ldflags = _env_tools(["gcc"], list(SDK_CFLAGS), [], [], environ)
    exports = os.path.join(os.path.dirname(sdk.__file__), "exports.txt")
    api = sdk.API_VERSION
    return Target(
        name="sdk", version=sdk.SDK_VERSION, api_version=api, cc=cc,
        cflags=cflags, cppflags=cppflags, ldflags=ldflags, includedir=inc,
        libexecdir=libexecdir or default_sdk_libexecdir(),
        description=f"prxs embedded SDK {sdk.SDK_VERSION} (module API 0x{api:x}, "
                    f"ABI {sdk.ABI})",
        stamp=sdk.stamp_text(), abi=sdk.ABI, abi_number=sdk.ABI_NUMBER,
        provider_files=list(HOST_LIBS), provider_symbols_file=exports,
        default_libexecdir=default_sdk_libexecdir(),
        owns_libexecdir=libexecdir is None)


def default_sdk_libexecdir() -> str:
    """The SDK's modules live with the Python environment prxs runs in
    (``<sys.prefix>/lib/prxs/modules``); install creates it when missing."""
    return os.path.join(sys.prefix, "lib", "prxs", "modules")


#: Where an installed proftpd is looked for, after PATH (sbin is often not on
#: a user's PATH).  PRXS_PROFTPD_PATH replaces the whole search path.
SBIN_DIRS = ("/usr/sbin", "/usr/local/sbin")


def proftpd_search_path(environ=os.environ) -> str:
    """The directories searched for ``proftpd``: $PRXS_PROFTPD_PATH when set
    (empty: none), else $PATH, /usr/sbin and /usr/local/sbin."""
    if "PRXS_PROFTPD_PATH" in environ:
        return environ["PRXS_PROFTPD_PATH"]
    return os.pathsep.join([environ.get("PATH", os.defpath), *SBIN_DIRS])


def discover_proftpd(environ=os.environ) -> str | None:
    """The installed proftpd binary, if any (a few stat calls)."""
    from .runner import which
    search = proftpd_search_path(environ)
    return which("proftpd", search) if search else None


def find_proftpd(spec: str | None, environ=os.environ) -> str:
    """The proftpd binary for ``--target proftpd`` or ``--target PATH``."""
    if spec is None or spec == "proftpd":
        found = discover_proftpd(environ)
        if found:
            return found
        raise EnvironmentProblem(
            "target proftpd: no proftpd binary found in "
            + (proftpd_search_path(environ) or "(nothing: PRXS_PROFTPD_PATH is empty)"),
            step="target",
            hint="install ProFTPD (Debian: apt-get install proftpd-core proftpd-dev), "
                 "or name it with --target /path/to/proftpd or an install prefix")
    path = os.path.abspath(spec)
    if os.path.isdir(path):
        for sub in ("sbin/proftpd", "bin/proftpd", "usr/sbin/proftpd"):
            cand = os.path.join(path, sub)
            if os.access(cand, os.X_OK):
                return cand
        raise EnvironmentProblem(
            f"target {spec}: no sbin/proftpd under this install prefix", step="target",
            path=path, hint="pass the proftpd binary itself or its install prefix")
    if not os.path.exists(path):
        raise EnvironmentProblem(f"target {spec}: no such file or directory",
                                 step="target", path=path,
                                 hint="use --target sdk, --target proftpd, or the path "
                                      "of a proftpd binary or install prefix")
    if not os.access(path, os.X_OK):
        raise EnvironmentProblem(f"target {spec}: {path} is not executable",
                                 step="target", path=path,
                                 hint="pass the proftpd binary or its install prefix")
    return path


def _run_proftpd(binary: str, flag: str, runner: Runner | None = None) -> str:
    """``proftpd -V`` or ``-l`` through the caller's runner (shown by -v and
    --json; posix_spawn: the first build for a target does not import
    subprocess either), at most 30 s."""
    from .errors import FailedProcessError
    if runner is None:
        from .runner import Runner
        runner = Runner()
    try:
        rec = runner.start([binary, flag], step=f"proftpd {flag}",
                           query=True).wait(timeout=30)
    except OSError as exc:
        raise EnvironmentProblem(f"target proftpd: cannot run '{binary} {flag}': "
                                 f"{exc.strerror}", step="target", path=binary,
                                 hint="check the proftpd installation") from None
    except FailedProcessError as exc:
        out = (exc.stdout + exc.stderr).strip()
        raise EnvironmentProblem(
            f"target proftpd: '{binary} {flag}' "
            + ("did not answer within 30 s" if exc.returncode == -9 else
               f"exited {exc.returncode}") + f": {out[-300:]}",
            step="target", path=binary, hint="check the proftpd installation") from None
    return rec.stdout + rec.stderr


def parse_proftpd_v(text: str) -> dict[str, str]:
    """Facts from ``proftpd -V``: version, flags, directories, DSO support."""
    facts: dict[str, str] = {}
    lines = text.splitlines()
    for i, raw in enumerate(lines):
        line = raw.strip()
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if line.startswith("Version:"):
            facts["version"] = line.split(":", 1)[1].split()[0]
        elif line.startswith("Platform:"):
            facts["platform"] = line.split(":", 1)[1].split()[0] if \
                line.split(":", 1)[1].split() else ""
        elif line.startswith("CFLAGS:"):
            facts["cflags"] = line.split(":", 1)[1].strip()
        elif line.startswith("configure "):
            for arg in _split(line[len("configure "):]):
                for key in ("CPPFLAGS", "LDFLAGS"):
                    if arg.startswith(key + "="):
                        facts["configure_" + key.lower()] = arg[len(key) + 1:]
        elif line == "Header Directory:":
            facts["includedir"] = nxt
        elif line == "Shared Module Directory:":
            facts["libexecdir"] = nxt
        elif line.endswith("DSO support"):
            facts["dso"] = "yes" if line.startswith("+") else "no"
    return facts


def proftpd_facts(binary: str, runner: Runner | None = None) -> dict[str, str]:
    key = cache.stat_key(binary)
    path = cache.cache_path("targets", key + ".txt")
    text = cache.read_text(path)
    if text:
        facts = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
        if facts.get("binary") == binary:
            return facts
    facts = parse_proftpd_v(_run_proftpd(binary, "-V", runner))
    facts["mod_dso"] = "yes" if "mod_dso.c" in _run_proftpd(binary, "-l", runner) else "no"
    facts["binary"] = binary
    # Flags are stored split (unit separator between words) so a warm build
    # never needs shlex; the headers' fingerprint is stored with them.
    for key in ("cflags", "configure_cppflags", "configure_ldflags"):
        facts[key + "_argv"] = US.join(_split(facts.get(key, "")))
    inc = facts.get("includedir", "")
    facts["headers"] = _header_fingerprint(inc) if inc else ""
    try:
        cache.atomic_write(path, "".join(f"{k}={v}\n" for k, v in facts.items()).encode())
    except OSError:
        pass  # a read-only cache only costs speed
    return facts


def _header_fingerprint(includedir: str) -> str:
    import zlib
    crc = 0
    for name in ("version.h", "config.h", "conf.h", "modules.h", "dirtree.h"):
        try:
            with open(os.path.join(includedir, name), "rb") as f:
                crc = zlib.crc32(f.read(), crc)
        except OSError:
            pass
    return f"{crc:08x}"


def _version_h(includedir: str) -> dict[str, str]:
    """PROFTPD_VERSION_TEXT, PROFTPD_VERSION_NUMBER and PR_MODULE_API_VERSION
    from the headers a module compiles against: they, not the binary, decide
    the ABI the module has."""
    found: dict[str, str] = {}
    try:
        with open(os.path.join(includedir, "version.h"), encoding="utf-8",
                  errors="replace") as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 3 and parts[0] == "#define" and parts[1] in (
                        "PROFTPD_VERSION_TEXT", "PROFTPD_VERSION_NUMBER",
                        "PR_MODULE_API_VERSION"):
                    found.setdefault(parts[1], parts[2].strip('"'))
    except OSError:
        pass
    return found


def _int(text: str | None, default: int) -> int:
    try:
        return int(text, 0) if text else default
    except ValueError:
        return default


def _prefix_headers(spec: str | None) -> str | None:
    """An install prefix named with --target brings its own headers
    (``PREFIX/include/proftpd``), whatever directory the binary was configured
    with: a staged (DESTDIR) or relocated install reports its final paths."""
    if spec is None or spec == "proftpd" or not os.path.isdir(spec):
        return None
    inc = os.path.join(os.path.abspath(spec), "include", "proftpd")
    return inc if os.path.isfile(os.path.join(inc, "conf.h")) else None


def proftpd_target(spec: str | None, environ=os.environ,
                   libexecdir: str | None = None, runner: Runner | None = None) -> Target:
    binary = find_proftpd(spec, environ)
    facts = proftpd_facts(binary, runner)
    version = facts.get("version", "unknown")
    if facts.get("dso") != "yes" or facts.get("mod_dso") != "yes":
        raise EnvironmentProblem(
            f"target proftpd: the proftpd at {binary} (version {version}) does not "
            "support shared modules/DSOs"
            + ("" if facts.get("dso") == "yes" else " (built without --enable-dso)")
            + ("" if facts.get("mod_dso") == "yes" else "; 'proftpd -l' does not list mod_dso.c"),
            step="target", path=binary,
            hint="use a proftpd configured with --enable-dso, or build for the "
                 "embedded SDK (--target sdk)")
    inc = _prefix_headers(spec) or facts.get("includedir") or os.path.join(
        os.path.dirname(os.path.dirname(binary)), "include", "proftpd")
    if not os.path.isfile(os.path.join(inc, "conf.h")):
        raise EnvironmentProblem(
            f"target proftpd {version}: no module headers in {inc} (conf.h missing)",
            step="target", path=inc,
            hint="install the development headers (Debian: apt-get install proftpd-dev)")
    def argv(key: str) -> list[str]:
        return [w for w in facts.get(key + "_argv", "").split(US) if w]

    cflags = []
    if facts.get("platform"):
        cflags.append("-D" + facts["platform"])
    cflags += argv("cflags")
    cppflags = argv("configure_cppflags")
    # Only the hardening part of the server's LDFLAGS applies to a module.
    ldflags = [f for f in argv("configure_ldflags") if f.startswith("-Wl,-z,")]
    cc, cflags, cppflags, ldflags = _env_tools(["gcc"], cflags, cppflags, ldflags, environ)
    vh = _version_h(inc)
    api = _int(vh.get("PR_MODULE_API_VERSION"), 0x20)
    from . import stamp
    abi = stamp.proftpd_abi(vh.get("PROFTPD_VERSION_TEXT") or version)
    return Target(
        name="proftpd", version=version, api_version=api, cc=cc, cflags=cflags,
        cppflags=cppflags, ldflags=ldflags, includedir=inc,
        libexecdir=libexecdir or facts.get("libexecdir") or "/usr/lib/proftpd",
        description=f"ProFTPD {version} at {binary} (module API 0x{api:x}, ABI {abi}, "
                    f"headers {inc})",
        stamp=stamp.stamp_text(abi, api, [
            ("target", "proftpd"), ("version", version),
            ("headers", facts.get('headers') or _header_fingerprint(inc))]),
        abi=abi, abi_number=_int(vh.get("PROFTPD_VERSION_NUMBER"), 0),
        provider_files=[binary], binary=binary,
        default_libexecdir=facts.get("libexecdir") or "/usr/lib/proftpd")


def resolve_target(spec: str | None, environ=os.environ,
                   libexecdir: str | None = None, runner: Runner | None = None) -> Target:
    """``--target``: sdk, proftpd, or a proftpd binary/install prefix; without
    one, $PRXS_TARGET, else the installed ProFTPD when one is found and can
    build modules (as ProFTPD's own prxs), else the embedded SDK.  Which one
    and why is in ``Target.chosen``."""
    if spec is None:
        spec = environ.get("PRXS_TARGET") or None
        if spec is not None:
            target = resolve_target(spec, environ, libexecdir, runner)
            target.chosen = f"PRXS_TARGET={spec}"
            return target
        return _default_target(environ, libexecdir, runner)
    if spec == "sdk":
        target = sdk_target(environ, libexecdir)
    else:
        target = proftpd_target(spec, environ, libexecdir, runner)
    target.chosen = f"--target {spec}"
    return target


def _default_target(environ, libexecdir: str | None,
                    runner: Runner | None = None) -> Target:
    binary = discover_proftpd(environ)
    if binary is None:
        target = sdk_target(environ, libexecdir)
        target.chosen = ("default: no installed proftpd found in "
                         + (proftpd_search_path(environ) or "(PRXS_PROFTPD_PATH is empty)"))
        return target
    try:
        target = proftpd_target(binary, environ, libexecdir, runner)
    except EnvironmentProblem as exc:
        target = sdk_target(environ, libexecdir)
        target.chosen = (f"default: the installed proftpd cannot build modules "
                         f"({exc.message}), so the embedded SDK")
        return target
    target.chosen = f"default: the installed proftpd at {binary}"
    return target
