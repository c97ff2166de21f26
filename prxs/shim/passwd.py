"""Writing AuthUserFile entries (proftpd's passwd format) for tests.

Passwords are hashed with the system's crypt(3) through ctypes, the same
function the host checks them with (Python's own crypt module is deprecated).
"""

from __future__ import annotations

import base64
import ctypes
import ctypes.util
import os
import threading

from .errors import ShimError

# crypt(3) returns a static buffer: two threads hashing at once corrupt each
# other's result (the corpus prepares its scenarios in parallel).
_CRYPT_LOCK = threading.Lock()
_SALT_CHARS = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def crypt_password(password: str, salt: str | None = None) -> str:
    """A crypt(3) hash of password (SHA-512, ``$6$``, unless salt says else)."""
    name = ctypes.util.find_library("crypt") or "libcrypt.so.1"
    try:
        lib = ctypes.CDLL(name)
    except OSError as exc:
        raise ShimError(f"cannot load libcrypt ({name}): {exc}",
                        hint="install libcrypt (Debian: libcrypt1)") from None
    lib.crypt.restype = ctypes.c_char_p
    lib.crypt.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    if salt is None:
        raw = base64.b64encode(os.urandom(12), b"./").decode()[:16]
        salt = "$6$" + raw
    with _CRYPT_LOCK:
        res = lib.crypt(password.encode(), salt.encode())
    if not res or res.startswith(b"*"):
        raise ShimError(f"crypt(3) refused salt {salt!r}")
    return res.decode()


def passwd_line(user: str, password: str, uid: int, gid: int, home: str,
                gecos: str = "", shell: str = "/bin/sh") -> str:
    """One AuthUserFile line: name:crypted:uid:gid:gecos:home:shell."""
    for what, value in (("user", user), ("home", home), ("gecos", gecos),
                        ("shell", shell)):
        if ":" in value or "\n" in value:
            raise ValueError(f"{what} must not contain ':' or a newline: {value!r}")
    return f"{user}:{crypt_password(password)}:{uid}:{gid}:{gecos}:{home}:{shell}\n"


def write_passwd(path: str, users: dict[str, dict]) -> str:
    """Write an AuthUserFile; users maps a name to password/uid/gid/home."""
    with open(path, "w", encoding="utf-8") as f:
        for name, u in users.items():
            f.write(passwd_line(name, u["password"], u.get("uid", 4242),
                                u.get("gid", u.get("uid", 4242)), u["home"]))
    os.chmod(path, 0o600)
    return path
