"""The networking API (netaddr, inet, netio) as ProFTPD 1.3.8 has it.

A test module (tests/packages/net/mod_nettest.c) calls the API and shows
the results through SITE commands; the tests run on both hosts
(``--prxs-host proftpd``), so the shim's answers are the real server's.
The instance of the real server always runs with ``UseIPv6 off``: the shim's
configuration says so too.
"""

from __future__ import annotations

import shutil
import socket
import threading
from pathlib import Path

import pytest

from prxs.shim.pytest_plugin import shim_host_factory, shim_user  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "tests" / "packages" / "net" / "mod_nettest.c"

pytestmark = [pytest.mark.both_hosts,
              pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc")]


@pytest.fixture
def net_host(shim_host_factory, shim_user, shim_build_once, prxs_host_kind, prxs_cache):
    mods = shim_build_once(prxs_host_kind, [SOURCE], name="net-mods",
                           env={"PRXS_CACHE_DIR": str(prxs_cache)})
    user = shim_user("alice", "secret", uid=4242)

    def start(extra: str = "UseSendfile off\n"):
        conf = (f'ServerName "net test"\nModulePath {mods}\n'
                f"LoadModule mod_nettest.c\nAuthUserFile {user['passwd_file']}\n"
                "AllowOverwrite on\n" + extra)
        if prxs_host_kind == "shim":
            conf += "UseIPv6 off\n"       # as RealHost's instance
        return shim_host_factory(conf), user

    return start


def site(s, *words) -> list[str]:
    reply = s.command("SITE " + " ".join(words))
    assert reply.code == 200, reply
    return [text for _, text in reply.lines]


def test_addresses_resolve_as_in_proftpd(net_host):
    host, _ = net_host()
    with host.session() as s:
        s.login("alice", "secret")
        assert site(s, "NETADDR", "127.0.0.1") == [
            "127.0.0.1: family inet, ip 127.0.0.1, inaddr 4 bytes, port 0, "
            "v4-mapped -1 (EINVAL), addrno 7f000001"]
        # /etc/hosts answers without DNS
        assert site(s, "NETADDR", "localhost")[0].startswith(
            "localhost: family inet, ip 127.0.0.1,")
        # no DNS here: an unknown name is ENOENT, as in the real server
        assert site(s, "NETADDR", "no-such-host.invalid") == [
            "no-such-host.invalid: not resolved (ENOENT)"]
        # with UseIPv6 off, IPv6 text is no address
        assert site(s, "NETADDR", "::1") == ["::1: not resolved (EAFNOSUPPORT)"]


def test_comparisons_ports_and_families(net_host):
    host, _ = net_host()
    with host.session() as s:
        s.login("alice", "secret")
        assert site(s, "NETCMP", "10.1.2.3", "10.1.2.3", "32") == [
            "cmp 10.1.2.3 10.1.2.3: same (0)", "ncmp /32: same network (0)"]
        assert site(s, "NETCMP", "10.1.2.3", "10.1.9.9", "16") == [
            "cmp 10.1.2.3 10.1.9.9: less (0)", "ncmp /16: same network (0)"]
        assert site(s, "NETCMP", "10.1.2.3", "10.1.9.9", "24")[1] == \
            "ncmp /24: different (0)"
        assert site(s, "NETCMP", "10.1.2.3", "10.1.2.3", "33")[1] == \
            "ncmp /33: different (EINVAL)"
        assert site(s, "NETPORT") == [
            "no family: set_port -1 (EPERM), family 0",
            "set_port2 2121: get_port 1 (network order), 2121 (host order)",
            "set_port htons(21): 21",
            "set_family 12345: -1 (EAFNOSUPPORT)",
            "get_family NULL: -1 (EINVAL)",
            "alloc NULL: NULL (EINVAL)"]


def test_names_without_dns(net_host):
    host, _ = net_host()
    with host.session() as s:
        s.login("alice", "secret")
        # 10.255.0.1 has no name anywhere: its IP string either way
        assert site(s, "NETDNS", "10.255.0.1") == [
            "reverse DNS on: 10.255.0.1", "0 name(s) listed",
            "reverse DNS off: 10.255.0.1, 0 name(s) listed",
            "cache cleared, reverse DNS off: 10.255.0.1"]
        # 127.0.0.1 has one in /etc/hosts, confirmed forward; remembered
        # (even with reverse DNS off) until the cache is cleared
        assert site(s, "NETDNS", "127.0.0.1") == [
            "reverse DNS on: localhost", "1 name(s) listed, the first localhost",
            "reverse DNS off: localhost, 0 name(s) listed",
            "cache cleared, reverse DNS off: 127.0.0.1"]
        lines = site(s, "NETLOCAL")
        # UseReverseDNS is on by default: the client's name, from /etc/hosts
        assert lines == ["local 127.0.0.1, remote 127.0.0.1 (localhost), IPv6 off",
                         "localaddr_str starts with the host name"]
        # (and the configuration's end was announced once)
        assert site(s, "NETBUF") == ["xfer buffer positive",
                                     "core.postparse seen 1 time(s)"]


def test_without_reverse_dns_the_client_is_its_address(net_host):
    host, _ = net_host("UseSendfile off\nUseReverseDNS off\n")
    with host.session() as s:
        s.login("alice", "secret")
        assert site(s, "NETLOCAL")[0] == \
            "local 127.0.0.1, remote 127.0.0.1 (127.0.0.1), IPv6 off"
        # the API's own lookups follow it too
        # proftpd's master named its own address (127.0.0.1) at start-up
        # with UseReverseDNS off, and the cache remembers that name
        assert site(s, "NETDNS", "127.0.0.1") == [
            "reverse DNS on: 127.0.0.1", "0 name(s) listed",
            "reverse DNS off: 127.0.0.1, 0 name(s) listed",
            "cache cleared, reverse DNS off: 127.0.0.1"]


def _peer(answer: bytes):
    """A one-shot peer on 127.0.0.1 that answers as soon as it accepts (so
    the connecting side's poll for reading sees the connection at once),
    then reads the request line."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    srv.settimeout(20)
    got = []

    def serve():
        try:
            conn, _ = srv.accept()
        except OSError:
            return
        with conn:
            conn.settimeout(10)
            conn.sendall(answer)
            buf = b""
            try:
                while b"\n" not in buf:
                    chunk = conn.recv(256)
                    if not chunk:
                        break
                    buf += chunk
            except OSError:
                pass
            got.append(buf)
        srv.close()

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    return srv.getsockname()[1], got, t


def test_an_outgoing_connection_reads_and_writes_through_netio(net_host):
    # mod_ident's way: create_conn from the session's address, a
    # non-blocking connect, a poll, openrw, a request, a line of answer.
    host, _ = net_host()
    port, got, t = _peer(b"1234, 21 : USERID : UNIX : bob\r\n")
    with host.session() as s:
        s.login("alice", "secret")
        lines = site(s, "NETCONN", str(port))
    t.join(15)
    assert got and got[0].endswith(b"\r\n") and b", " in got[0], got
    assert lines == [f"connected to 127.0.0.1 (remote port 1), wrote {len(got[0])} bytes",
                     "read: 1234, 21 : USERID : UNIX : bob (CRLF)"]


def test_a_refused_connection_is_the_real_servers_error(net_host):
    # Nothing listens on this port (as on 113 here): the non-blocking
    # connect fails, ECONNREFUSED, whichever way the kernel reports it.
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    host, _ = net_host()
    with host.session() as s:
        s.login("alice", "secret")
        lines = site(s, "NETCONN", str(port))
    # Linux reports it after the poll: the socket is readable, getpeername()
    # fails (ENOTCONN) -- mod_ident's "ident lookup failed" path.
    assert lines == ["connect in progress, then: ENOTCONN"], lines


def test_a_registered_data_netio_carries_transfers(net_host):
    host, user = net_host()
    with host.session() as s:
        s.login("alice", "secret")
        assert s.command("TYPE I").code == 200
        assert s.stor("plain.txt", b"Hello World\n").code == 226
        assert site(s, "NETXFORM", "on") == [
            "data NetIO before: none", "register: 0, owner nettest",
            "data NetIO now: ours", "get_netio(0): NULL (EINVAL)"]
        # downloads go out through our write(), uploads in through read()
        assert s.retr("plain.txt").data == b"HELLO WORLD\n"
        assert s.stor("up.txt", b"MiXeD Case\n").code == 226
        assert (user["home"] / "up.txt").read_bytes() == b"mixed case\n"
        assert site(s, "NETXFORM", "off") == [
            "unregister: 0", "data NetIO now: none", "get_netio(0): NULL (EINVAL)"]
        assert s.retr("plain.txt").data == b"Hello World\n"


def test_sendfile_downloads_bypass_the_data_netio(net_host):
    # UseSendfile on (the default): proftpd sends a binary download with
    # sendfile(2), which no NetIO sees; ASCII downloads and uploads still go
    # through it.
    host, user = net_host("")
    with host.session() as s:
        s.login("alice", "secret")
        assert s.command("TYPE I").code == 200
        assert s.stor("plain.txt", b"Hello World\n").code == 226
        site(s, "NETXFORM", "on")
        assert s.retr("plain.txt").data == b"Hello World\n"
        assert s.stor("up.txt", b"MiXeD\n").code == 226
        assert (user["home"] / "up.txt").read_bytes() == b"mixed\n"
        assert s.command("TYPE A").code == 200
        assert s.retr("plain.txt").data == b"HELLO WORLD\r\n"


def test_pasv_listens_and_answers_the_masquerade_address(net_host):
    import re
    host, _ = net_host("MasqueradeAddress 10.9.8.7\n")
    with host.session() as s:
        s.login("alice", "secret")
        ((code, text),) = s.command("PASV").lines
        assert code == 227, text
        m = re.fullmatch(r"Entering Passive Mode \(10,9,8,7,(\d+),(\d+)\)\.", text)
        assert m, text
        # the port is a real listening socket of the session
        port = int(m.group(1)) * 256 + int(m.group(2))
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
        assert s.command("PASV x").code == 501


def test_data_write_listeners_see_downloads(net_host):
    host, _ = net_host()
    with host.session() as s:
        s.login("alice", "secret")
        assert s.stor("a.txt", b"abc\n").code == 226
        assert site(s, "NETEVENT", "on") == ["core.data-write: 0 event(s), 0 bytes"]
        assert s.retr("a.txt").data == b"abc\r\n"        # ASCII: CRLF, then the NetIO
        assert site(s, "NETEVENT", "show") == ["core.data-write: 1 event(s), 5 bytes"]


def test_mode_is_stream_only(net_host):
    host, _ = net_host()
    with host.session() as s:
        s.login("alice", "secret")
        assert s.command("MODE S").lines == ((200, "Mode set to S"),)
        assert s.command("MODE b").lines == ((504, "'MODE b' unsupported transfer mode"),)
        assert s.command("MODE X").lines == ((501, "'MODE X' unrecognized transfer mode"),)
        assert s.command("MODE").code == 501
