"""The ABI stamp: the contract between a module prxs builds and its hosts.

Every module prxs links carries a small object (the *stamp object*) with

* a ``.prxs_stamp`` section holding one line of ``key=value`` words::

      prxs-stamp/1 abi=proftpd-1.3.8 api=0x20 model=LP64-x86_64 target=sdk sdk=0.1

  ``abi``, ``api`` and ``model`` (the :data:`ABI_FIELDS`) name the binary
  interface the module was compiled for: the ProFTPD release whose module ABI
  the headers describe, the module API version and the C data model with the
  machine.  The compiler fills ``model`` in (so it is the module's, not the
  Python's).  The other keys (``target``, ``sdk``, ``version``, ``headers``)
  say where the headers came from and are informational: a module built for
  the SDK and one built against an installed 1.3.8 carry the same identity.
  The shim host reads the section before dlopen(3) and refuses another ABI
  naming the field that differs;

* an ELF constructor (the *guard*) that runs when a real ProFTPD loads the
  module: it asks the running server for its version
  (``pr_version_get_number``) and, when that is not the release the stamp
  names, logs why and zeroes the module's ``api_version`` so that mod_dso
  refuses the module ("has wrong API version (0x0), must be 0x20") instead of
  running code compiled for other struct layouts.

The constants below are written only here: the host build generates
``prxs_contract.h`` from them (:func:`host_header`).
"""

from __future__ import annotations

#: ELF section holding the stamp text.
SECTION = ".prxs_stamp"
#: First word of the stamp: the format (space-separated key=value words).
TAG = "prxs-stamp/1"
#: The keys a host compares; every other key is informational.
ABI_FIELDS = ("abi", "api", "model")
#: Longest stamp a host reads.
MAX_LEN = 1024

# The data model and machine, as the compiler of the stamp object (or of the
# host) sees them.  One definition, emitted into both.
MODEL_C = r"""
#if defined(__LP64__) || defined(_LP64)
# define PRXS_MODEL_DM "LP64"
#elif defined(__ILP32__) || defined(_ILP32) || \
    (__SIZEOF_POINTER__ == 4 && __SIZEOF_LONG__ == 4 && __SIZEOF_INT__ == 4)
# define PRXS_MODEL_DM "ILP32"
#else
# define PRXS_MODEL_DM "unknown"
#endif
#if defined(__x86_64__)
# define PRXS_MODEL_ARCH "x86_64"
#elif defined(__i386__)
# define PRXS_MODEL_ARCH "i386"
#elif defined(__aarch64__)
# define PRXS_MODEL_ARCH "aarch64"
#elif defined(__arm__)
# define PRXS_MODEL_ARCH "arm"
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
# define PRXS_MODEL_ARCH "ppc64le"
#elif defined(__powerpc64__)
# define PRXS_MODEL_ARCH "ppc64"
#elif defined(__powerpc__)
# define PRXS_MODEL_ARCH "ppc"
#elif defined(__s390x__)
# define PRXS_MODEL_ARCH "s390x"
#elif defined(__riscv) && __riscv_xlen == 64
# define PRXS_MODEL_ARCH "riscv64"
#elif defined(__mips__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
# define PRXS_MODEL_ARCH "mipsel"
#elif defined(__mips__)
# define PRXS_MODEL_ARCH "mips"
#else
# define PRXS_MODEL_ARCH "unknown"
#endif
#define PRXS_MODEL PRXS_MODEL_DM "-" PRXS_MODEL_ARCH
"""


def proftpd_abi(version_text: str) -> str:
    """The ABI name of a ProFTPD release: ``proftpd-1.3.8`` for 1.3.8, 1.3.8b
    or 1.3.8rc2 (maintenance releases of a series keep its module ABI)."""
    num = ""
    for ch in version_text:
        if not (ch.isdigit() or ch == "."):
            break
        num += ch
    return "proftpd-" + (num.strip(".") or version_text)


def release_number(version_number: int) -> int:
    """Major, minor and patch of a ``PROFTPD_VERSION_NUMBER`` (0x0001030805 ->
    0x00010308): the low byte counts maintenance releases and candidates."""
    return version_number >> 8


def describe_abi(abi: str) -> str:
    """``proftpd-1.3.8`` -> ``ProFTPD 1.3.8``; ``prxs-sdk-0.1`` -> ``the prxs SDK 0.1``."""
    if abi.startswith("proftpd-"):
        return "ProFTPD " + abi[len("proftpd-"):]
    if abi.startswith("prxs-sdk-"):
        return "the prxs SDK " + abi[len("prxs-sdk-"):]
    return abi


def stamp_text(abi: str, api: int, info: list[tuple[str, str]],
               model: str = "${model}") -> str:
    """The stamp line; ``model`` is the compiler's unless given."""
    words = [TAG, f"abi={abi}", f"api=0x{api:x}", f"model={model}"]
    words += [f"{k}={v}" for k, v in info]
    return " ".join(words)


def _c_string(text: str) -> str:
    """A C string literal (a NUL separates strings in the stamp section)."""
    return '"' + (text.replace("\\", "\\\\").replace('"', '\\"')
                  .replace("\0", "\\000")) + '"'


def _stamp_c_expr(stamp: str) -> str:
    """The stamp as a C string expression, the model filled in by PRXS_MODEL."""
    head, sep, tail = stamp.partition("${model}")
    if not sep:
        return _c_string(stamp)
    return f"{_c_string(head)} PRXS_MODEL {_c_string(tail)}"


def section_source(stamp: str) -> str:
    """C defining the stamp section alone (what the shim reads)."""
    return (MODEL_C + '__attribute__((section("' + SECTION + '"), used, aligned(1)))\n'
            f"static const char prxs_stamp[] = {_stamp_c_expr(stamp)};\n")


# The guard.  It needs nothing from the ProFTPD headers: the head of the
# module structure (next, prev, api_version, name) has been the same since
# module API 0x20, and the server's functions are looked up by name.
_GUARD_C = r"""
struct prxs_module_head {
  void *next, *prev;
  int api_version;
  const char *name;
};

static void prxs_abi_guard(void) __attribute__((constructor));

static void prxs_abi_guard(void) {
  unsigned long (*server_number)(void) = 0;
  const char *(*server_text)(void) = 0;
  void (*log_pri)(int, const char *, ...) = 0;
  struct prxs_module_head *m = 0;
  const char *path, *base, *dot;
  char sym[256], theirs[64], exe[512];
  unsigned long number;
  ssize_t n;
  Dl_info info;
  void *self;

  /* Only a ProFTPD server (1.3.6 on) has this; the prxs shim reads the stamp
   * before dlopen and refuses another ABI itself. */
  *(void **) &server_number = dlsym(RTLD_DEFAULT, "pr_version_get_number");
  if (server_number == 0) {
    return;
  }
  number = server_number();
  if (PRXS_ABI_NUMBER != 0 && (number >> 8) == (PRXS_ABI_NUMBER >> 8)) {
    return;
  }

  *(void **) &server_text = dlsym(RTLD_DEFAULT, "pr_version_get_str");
  *(void **) &log_pri = dlsym(RTLD_DEFAULT, "pr_log_pri");
  snprintf(theirs, sizeof(theirs), "%s", server_text ? server_text() : "?");

  path = "this module";
  if (dladdr((void *) prxs_stamp, &info) != 0 && info.dli_fname != 0) {
    path = info.dli_fname;
    base = strrchr(path, '/');
    base = base ? base + 1 : path;
    dot = strchr(base, '.');
    if (strncmp(base, "mod_", 4) == 0 && dot != 0 && dot - base > 4 &&
        dot - base - 4 < 200) {
      snprintf(sym, sizeof(sym), "%.*s_module", (int) (dot - base - 4),
        base + 4);
      self = dlopen(path, RTLD_LAZY|RTLD_NOLOAD);
      if (self != 0) {
        m = (struct prxs_module_head *) dlsym(self, sym);
        dlclose(self);
      }
    }
  }

  if (m != 0) {
    m->api_version = 0;
  }
  exe[0] = '\0';
  n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
  exe[n > 0 ? n : 0] = '\0';
  if (log_pri != 0) {
    log_pri(3, "%s: built for %s (stamp abi=%s), this server is ProFTPD %s "
      "(0x%010lx): %s; rebuild it against this server (prxs -c --target %s)",
      path, PRXS_ABI_TEXT, PRXS_ABI, theirs, number, m != 0 ?
      "not loading it" : "cannot find its module structure to refuse it",
      exe[0] ? exe : "/path/to/proftpd");
  } else {
    fprintf(stderr, "%s: built for %s (stamp abi=%s), this server is "
      "ProFTPD %s\n", path, PRXS_ABI_TEXT, PRXS_ABI, theirs);
  }
}
"""


def stamp_source(stamp: str, abi: str, abi_number: int) -> str:
    """C source of the stamp object: the section and the guard.

    ``abi_number`` is the ``PROFTPD_VERSION_NUMBER`` of the release the ABI
    belongs to, 0 when the ABI is no ProFTPD release's (a real server then
    always refuses the module)."""
    return ("/* prxs stamp object: generated by prxs, linked into the module. */\n"
            "#define _GNU_SOURCE 1\n#include <dlfcn.h>\n#include <stdio.h>\n"
            "#include <string.h>\n#include <unistd.h>\n" +
            f"#define PRXS_ABI {_c_string(abi)}\n"
            f"#define PRXS_ABI_TEXT {_c_string(describe_abi(abi))}\n"
            f"#define PRXS_ABI_NUMBER 0x{abi_number:010x}UL\n"
            + section_source(stamp) + _GUARD_C)


def host_header(abi: str, api: int, sdk_version: str) -> str:
    """``prxs_contract.h``, generated at host build time: what the shim host
    is, in the words its stamp check compares."""
    return ("/* Generated by prxs (prxs/stamp.py) when the shim host is built. */\n"
            "#ifndef PRXS_CONTRACT_H\n#define PRXS_CONTRACT_H\n" + MODEL_C +
            f"#define PRXS_STAMP_SECTION {_c_string(SECTION)}\n"
            f"#define PRXS_STAMP_TAG {_c_string(TAG)}\n"
            f"#define PRXS_STAMP_MAX {MAX_LEN}\n"
            f"#define PRXS_HOST_ABI {_c_string(abi)}\n"
            f"#define PRXS_HOST_ABI_TEXT {_c_string(describe_abi(abi))}\n"
            f"#define PRXS_HOST_API 0x{api:x}\n"
            f"#define PRXS_SDK_VERSION {_c_string(sdk_version)}\n"
            "#endif\n")
