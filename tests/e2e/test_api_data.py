"""The data API on both hosts: JSON objects and arrays (json.h), LogFormat
jotting (jot.h, logfmt.h) and the memcache/redis client entry points, called
by a module (tests/packages/data/mod_apidata.c) in a session.  Every expected
answer below is what ProFTPD 1.3.8 itself gives (run with ``--prxs-host
proftpd``): the shim must give the same, quirks included (a key set twice is
there twice, a linked array freed leaves its parent, numbers print as
"%.16g", a NOTE variable's JSON key is "NOTE:" + its value, a class filter's
'!' excludes every later name too)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from prxs.shim.pytest_plugin import (shim_build_once, shim_host_factory,  # noqa: F401
                                     shim_user)

pytestmark = [pytest.mark.both_hosts]

APIDATA = Path(__file__).resolve().parents[1] / "packages" / "data" / "mod_apidata.c"


@pytest.fixture
def mods(shim_build_once, prxs_host_kind):  # noqa: F811
    return shim_build_once(prxs_host_kind, [APIDATA], name="apidata")


@pytest.fixture
def site(shim_host_factory, shim_user, mods):  # noqa: F811
    """site(op) -> list of the reply's lines (SITE APIDATA op), logged in."""
    user = shim_user("alice", "secret", uid=4242)
    host = shim_host_factory("\n".join([
        'ServerName "apidata"', f"ModulePath {mods}", "LoadModule mod_apidata.c",
        f"AuthUserFile {user['passwd_file']}",
        "<IfModule mod_cap.c>", "  CapabilitiesEngine off", "</IfModule>", ""]))
    s = host.session()
    assert s.login("alice", "secret").code == 230

    def call(op: str) -> list[str]:
        reply = s.command(f"SITE APIDATA {op}")
        assert reply.code == 200, str(reply)
        return reply.text.splitlines()

    call.home = str(user["home"])
    yield call
    s.close()


def test_json_text_in_and_out(site):
    (line,) = site('JSON {"a":1,"b":[true,null,"x\\u00e9\\n"],"a":{"c":-1.5e10}}')
    assert line == (
        'JSON obj=0 arr=17 count=3 valid=1 '
        '[{"a":1,"b":[true,null,"x\\xC3\\xA9\\n"],"a":{"c":-15000000000}}] '
        '[{|  "a": 1,|  "b": [|    true,|    null,|    "x\\xC3\\xA9\\n"|  ],|  "a": {|'
        '    "c": -15000000000|  }|}] [-]')
    assert site("JSON [1,2]") == [
        "JSON obj=17 arr=0 count=2 valid=1 [-] [-] [[|\\x091,|\\x092|]]"]
    assert site("JSON {bad") == ["JSON obj=1 arr=1 count=-1 valid=0 [-] [-] [-]"]


def test_json_objects_built_member_by_member(site):
    s_text = ('"a\\"b\\\\c/\\n\\t\\b\\f\\r\\u0001\\u001E\\x1F\\x7F '
              '\\xC3\\xA9\\xE2\\x82\\xAC\\xF0\\x9F\\x98\\x80"')
    members = ('"sum":0.3,"third":0.3333333333333333,"inf":null,"i":42,"negz":-0,'
               '"e":1e+21,"small":1e-07,"big":1.234567890123457e+19,"t":true,'
               '"f":false,"z":null,"s":"dup"')
    lines = site("BUILD")
    assert lines[0] == "BUILD nulls -1/22 -1/22 -1/22"
    assert lines[1] == (f'BUILD text {{"s":{s_text},{members},'
                        '"arr":[1.5,"x",null],"obj":{"k":true}}')
    assert lines[2].startswith('BUILD pretty {|\\x09"s": "a\\"b')
    assert lines[2].endswith('|\\x09"arr": [|\\x09\\x091.5,|\\x09\\x09"x",|\\x09\\x09null|'
                             '\\x09],|\\x09"obj": {|\\x09\\x09"k": true|\\x09}|}')
    assert lines[3:] == [
        "BUILD null-indent (null)/0",
        "BUILD count 15 exists 1 0",
        "BUILD get-string 0/0 a\"b\\c/|\\x09\\x08\\x0C\\x0D\\x01\\x1E\\x1F\\x7F "
        "\\xC3\\xA9\\xE2\\x82\\xAC\\xF0\\x9F\\x98\\x80",
        "BUILD get-number -1/17 -1/2 0/0 0.30000000000000004",
        "BUILD get-bool 0/0 7 null 0/0 noval -1/22",
        'BUILD get-containers 0 0 [1.5,"x",null] 3 {"k":true} 1',
        "BUILD foreach 0 s:string:25,sum:number:8,third:number:8,inf:number:8,"
        "i:number:8,negz:number:8,e:number:8,small:number:8,big:number:8,"
        't:boolean:4,f:boolean:4,z:null:0,s:string:3,arr:array:0,obj:object:0={"k":true}',
        "BUILD removed 14 1",
        f'BUILD unlinked 14 {{{members},"obj":{{"k":true}}}}',
        "BUILD foreach-stop -1 sum:number:8,third:number:8,inf:number:8,i:number:8,"
        "negz:number:8,e:number:8,small:number:8,big:number:8,t:boolean:4,"
        'f:boolean:4,z:null:0,s:string:3,obj:object:0={"k":true},stop:string:4',
        "BUILD free-null -1/22",
    ]


def test_json_arrays(site):
    assert site("ARRAY") == [
        'ARRAY text [1,"two",null,[2,[]],{"k":true},false,-0.0025] count 7',
        'ARRAY pretty [|..1,|.."two",|..null,|..[|....2,|....[]|..],|..{|...."k": true|'
        '..},|..false,|..-0.0025|]',
        "ARRAY get 0 1 0 two -1/17",
        "ARRAY get2 0/0 -1/2 0 0",
        'ARRAY get3 0 [2,[]] 0 {"k":true}',
        "ARRAY foreach 0 number:8,string:3,null:0,array:0=[2,[]],object:0,boolean:4,number:8",
        "ARRAY exists 0 0 0",
        'ARRAY after 9 ["two",null,[2,[]],{"k":true},false,-0.0025,{"k":true},[2,[]],true]',
        "ARRAY errors -1/22 -1/22 -1/22",
        "ARRAY types (null) boolean number null string array object (null) ",
    ]


def test_json_validation_follows_the_strict_grammar(site):
    # One digit per text of mod_apidata's list: empty text, leading zeros,
    # "1.", "+1", "\u0000", lone or reversed surrogates, raw control
    # characters, bad UTF-8 (overlong, surrogate, above U+10FFFF), trailing
    # garbage or commas, a form feed as whitespace are invalid; 17 nested
    # containers are valid, 18 are not.
    assert site("VALID") == [
        "VALID 0011100000101100011000101010000100111000001000 null=-1/0"]


def test_logfmt_id_names(site):
    (line,) = site("IDS")
    names = dict(item.split("=") for item in line.split()[1:])
    assert names["2"] == "BYTE_SENT" and names["253"] == "CUSTOM"
    assert len(names) == 54 and "1" not in names and "254" not in names
    assert [names[str(i)] for i in (16, 21, 37, 52, 53, 54)] == [
        "USER", "METHOD", "NOTE_VAR", "CONNECT", "DISCONNECT", "XFER_PORT"]


JOT_FMT = ("%u %m [%r] %J %a %{protocol} %{version} %{uid}/%{gid} %{env:PATHX} "
           "%{note:apidata.note} %{foo} %z 100% %s %f %d %b %{transfer-status} %c "
           "%{file-modified} %E %w %{basename}")


def test_jot_parses_and_resolves_a_logformat(site):
    parsed, as_json, as_text = site(f"JOT 0 {JOT_FMT}")
    assert parsed == (
        "JOT parsed 0 99 \\xFF\\x10 \\xFF\\x15 [\\xFF\\x0B] \\xFF\\x19 \\xFF\\x06 \\xFF\\x1B "
        "\\xFF\\x1C \\xFF\\x1F/\\xFF  \\xFF\\x04\\xFF\\x01PATHX\\xFE "
        "\\xFF%\\xFF\\x01apidata.note\\xFE foo %z 100% \\xFF\\x12 \\xFF\\x03 \\xFF\\x17 "
        "\\xFF\\x02 \\xFF& \\xFF\\x13 \\xFF\\x1E \\xFF# \\xFF\\x1D \\xFF,")
    raw = f"SITE APIDATA JOT 0 {JOT_FMT}"
    assert as_json == (
        'JOT json 0 {"user":"alice","command":"SITE APIDATA",'
        f'"raw_command":"{raw}","command_params":"{raw[5:]}",'
        '"remote_ip":"127.0.0.1","protocol":"ftp","server_version":"1.3.8",'
        '"uid":4242,"gid":4242,"NOTE:noted":"noted","response_code":200,'
        f'"dir_name":"{site.home}","file_modified":false}}')
    assert as_text.startswith("JOT text 0 <USER=alice>{ }<METHOD=SITE APIDATA>{ [}<COMMAND=")
    assert as_text.endswith(
        "{ }<REMOTE_IP=127.0.0.1>{ }<PROTOCOL=ftp>{ }<VERSION=1.3.8>{ }<UID=4242>{/}"
        "<GID=4242>{ }<ENV_VAR:->{ }<NOTE_VAR/NOTE:noted=noted>{ foo %z 100% }"
        f"<RESPONSE_CODE=200>{{ }}<FILENAME:->{{ }}<DIR_NAME={site.home}>{{ }}<BYTE_SENT:->"
        "{ }<XFER_STATUS:->{ }<CLASS:->{ }<FILE_MODIFIED=0>{ }<EOS_REASON:->"
        "{ }<RENAME_FROM:->{ }<BASENAME:->")


def test_jot_time_custom_variables_and_a_failing_callback(site):
    year = time.strftime("%Y", time.gmtime())
    parsed, as_json, as_text = site("JOT 0 %{time:%Y} %{epoch}x")
    assert parsed == "JOT parsed 0 11 \\xFF\\x09\\xFF\\x01%Y\\xFE \\xFF3x"
    # the hint for %t with a format is the format: the JSON key is "%Y"
    assert as_json.startswith(f'JOT json 0 {{"%Y":"{year}","epoch":1')
    assert as_text.startswith(f"JOT text 0 <TIME/%Y={year}>{{ }}<EPOCH=")
    # unknown variables as CUSTOM; pr_jot_on_json has no key for CUSTOM and
    # fails, which the resolver reports (it is not the last variable)
    assert site("JOT 1 %{foo}-%{note:nope}-%{}%") == [
        "JOT parsed 0 22 \\xFF\\xFD\\xFF\\x01foo\\xFE-\\xFF%\\xFF\\x01nope\\xFE-\\xFF\\xFD%",
        "JOT json -1 {}",
        "JOT text 0 <custom foo>{-}<NOTE_VAR:->{-}{%}",
    ]


@pytest.mark.parametrize("rules, lines", [
    ("2 ALL", ["FILTER 0/0 [<METHOD=SITE APIDATA>] all=1 class=32", "FILTER id 0/0"]),
    ("2 MISC", ["FILTER 0/0 [<METHOD=SITE APIDATA>] all=0 class=32", "FILTER id 0/0"]),
    ("2 !ALL", ["FILTER -1/1 [] all=0 class=32", "FILTER id -1/1"]),
    ("2 NONE", ["FILTER -1/1 [] all=0 class=32", "FILTER id -1/1"]),
    ("2 !NONE", ["FILTER 0/0 [<METHOD=SITE APIDATA>] all=1 class=32", "FILTER id 0/0"]),
    ("2 !AUTH,MISC", ["FILTER -1/1 [] all=0 class=32", "FILTER id -1/1"]),
    ("2 BOGUS", ["FILTER none 2"]),
    ("1 SITE|RETR|NOPE", ["FILTER 0/0 [<METHOD=SITE APIDATA>] all=0 class=32",
                          "FILTER id 0/0"]),
    ("1 RETR,STOR", ["FILTER -1/1 [] all=0 class=32", "FILTER id -1/1"]),
    ("0 READ,WRITE", ["FILTER -1/1 [] all=0 class=32", "FILTER id -1/1"]),
    ("7 ALL", ["FILTER none 22"]),
])
def test_jot_filters(site, rules, lines):
    assert site(f"FILTER {rules}") == lines


def test_memcache_without_servers(site):
    # no MemcacheServers: EPERM; NULL arguments EINVAL; NULL server list and
    # zero replicas refused (EINVAL)
    assert site("MEMCACHE") == [
        "MEMCACHE get=null/1 new=22 servers=-1/22 replicas=-1/22 kget=22"]


def test_redis_without_a_server_and_with_one_not_answering(site):
    # no RedisServer: EPERM; a server nothing listens on: EIO, within the
    # connect timeout the module set (200 ms; the wait is bounded)
    assert site("REDIS") == [
        "REDIS none get=null/1 null-pool=22 sentinels=-1/22",
        "REDIS refused new=null/5",
    ]


COREDIGEST = APIDATA.parent / "mod_coredigest.c"


def test_modules_find_libcrypto_in_the_server(shim_build_once, prxs_host_kind,  # noqa: F811
                                              shim_host_factory, shim_user):  # noqa: F811
    """mod_sql and mod_radius call OpenSSL's digests without linking libcrypto
    (proftpd links it): a module doing the same builds for the SDK, loads and
    works on both hosts."""
    mods = shim_build_once(prxs_host_kind, [COREDIGEST], name="coredigest")
    user = shim_user("alice", "secret", uid=4242)
    host = shim_host_factory("\n".join([
        'ServerName "coredigest"', f"ModulePath {mods}", "LoadModule mod_coredigest.c",
        f"AuthUserFile {user['passwd_file']}",
        "<IfModule mod_cap.c>", "  CapabilitiesEngine off", "</IfModule>", ""]))
    with host.session() as s:
        assert s.login("alice", "secret").code == 230
        reply = s.command("SITE COREDIGEST abc")
    assert (reply.code, reply.text) == (200, "COREDIGEST 900150983cd24fb0d6963f7d28e17f72")
