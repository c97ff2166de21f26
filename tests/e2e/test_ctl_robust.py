"""The Controls socket under abuse: malformed and oversized requests get an
error reply, silent clients time out, a burst of concurrent clients is
served, and none of it takes the host down or holds up sessions."""

from __future__ import annotations

import socket
import struct
import threading
import time

from prxs.shim.ctl import Client
from prxs.shim.pytest_plugin import shim_host_factory  # noqa: F401

from .ctl_support import shim_controls
from .ctl_support import ALL_ACTIONS, ctl_host, ctl_mods, needs_gcc, sock_dir  # noqa: F401

pytestmark = [needs_gcc,
              shim_controls]


def words(*ws: bytes, nwords: int | None = None) -> bytes:
    out = struct.pack("=iI", 0, len(ws) if nwords is None else nwords)
    for w in ws:
        out += struct.pack("=I", len(w)) + w
    return out


MALFORMED = {
    "http": (b"GET / HTTP/1.0\r\n\r\n", "it announces"),
    "too many words": (words(b"lsmod", nwords=33), "it announces 33 words (at most 32)"),
    "no action": (words(), "it names no action"),
    "empty action": (words(b""), "its action is empty"),
    "long action": (words(b"x" * 128), "word 1 is 128 bytes long (at most 127)"),
    "long argument": (words(b"insmod", b"m" * 257), "word 2 is 257 bytes long (at most 256)"),
    "binary": (words(b"insmod", b"mod_\x01.c"), "word 2 has a non-printable byte (0x01)"),
    "truncated": (words(b"lsmod")[:-2], "it ends after 15 bytes, in the middle of a word"),
    "oversized": (b"\xff" * (1 << 20), "it announces"),
}


def test_each_malformed_request_gets_an_error_reply(ctl_host):
    host, ctl = ctl_host(ALL_ACTIONS)
    for name, (data, why) in MALFORMED.items():
        reply = ctl.raw(data)
        assert reply.status == -1, name
        assert reply.lines[0].startswith("error: malformed request: "), name
        assert why in reply.lines[0], (name, reply.lines)
    assert ctl.lsmod()[0] == "Loaded Modules:"


def test_a_silent_client_times_out_and_does_not_block_sessions(ctl_host):
    host, ctl = ctl_host(ALL_ACTIONS)
    silent = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    silent.connect(ctl.socket_path)
    start = time.monotonic()
    with host.session() as s:
        assert s.command("NOOP").code == 200
    assert ctl.lsmod()[0] == "Loaded Modules:"
    assert time.monotonic() - start < 1.0

    silent.settimeout(5)
    data = b""
    while chunk := silent.recv(4096):
        data += chunk
    silent.close()
    status, n, length = struct.unpack("=iII", data[:12])
    assert (status, n) == (-1, 1)
    assert data[12:12 + length] == b"error: no complete request within 2000 ms"
    assert time.monotonic() - start < 4.0


def test_more_clients_than_controls_max_clients_wait_their_turn(ctl_host):
    host, ctl = ctl_host(ALL_ACTIONS + "ControlsMaxClients 2\n")
    silent = [socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) for _ in range(2)]
    for s in silent:
        s.connect(ctl.socket_path)
    start = time.monotonic()
    reply = Client(ctl.socket_path, timeout=6).request("lsmod")
    assert reply.ok
    # It waited in the listen queue until a silent client timed out.
    assert 1.5 < time.monotonic() - start < 4.0
    for s in silent:
        s.close()


def test_a_burst_of_concurrent_and_malformed_clients(ctl_host):
    host, ctl = ctl_host(ALL_ACTIONS)
    expected = ctl.lsmod()
    results: dict[str, list] = {"good": [], "bad": [], "errors": []}
    lock = threading.Lock()

    def good():
        try:
            r = Client(ctl.socket_path, timeout=10).request("lsmod")
            with lock:
                results["good"].append((r.lines == expected, r.seconds))
        except Exception as exc:  # noqa: BLE001
            with lock:
                results["errors"].append(repr(exc))

    def bad(data):
        try:
            r = Client(ctl.socket_path, timeout=10).raw(data)
            with lock:
                results["bad"].append(r.lines[0].startswith("error: malformed"))
        except Exception as exc:  # noqa: BLE001
            with lock:
                results["errors"].append(repr(exc))

    silent = [socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) for _ in range(5)]
    for s in silent:
        s.connect(ctl.socket_path)
    threads = [threading.Thread(target=good) for _ in range(60)]
    threads += [threading.Thread(target=bad, args=(data,))
                for data, _ in list(MALFORMED.values()) * 3]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    elapsed = time.monotonic() - start

    assert results["errors"] == []
    assert len(results["good"]) == 60 and all(ok for ok, _ in results["good"])
    assert len(results["bad"]) == 3 * len(MALFORMED) and all(results["bad"])
    assert max(sec for _, sec in results["good"]) < 1.0
    assert elapsed < 5.0
    for s in silent:
        s.close()
    # The host still answers, on every channel.
    assert ctl.lsmod() == expected
    assert host.control("ping") == ["pong"]
    with host.session() as s:
        assert s.command("NOOP").code == 200


def test_a_client_that_never_reads_its_reply_is_dropped(ctl_host):
    host, ctl = ctl_host(ALL_ACTIONS)
    lazy = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    lazy.connect(ctl.socket_path)
    lazy.sendall(words(b"lsmod"))
    assert ctl.lsmod()[0] == "Loaded Modules:"
    lazy.close()
    assert host.control("ping") == ["pong"]


def test_restart_keeps_the_socket_and_rereads_the_acls(ctl_host):
    host, ctl = ctl_host(ALL_ACTIONS)
    assert ctl.lsmod()
    with open(host.config_path, "a") as f:
        f.write("ModuleControlsACLs lsmod deny user root\n")
    host.restart()
    assert not ctl.request("lsmod").ok
    assert ctl.request("insmod", "mod_hello.c").ok
