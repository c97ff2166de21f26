"""The Controls client's request encoding: proftpd's wire format and limits."""

from __future__ import annotations

import struct

import pytest

from prxs.errors import UsageError
from prxs.shim.ctl import encode_request
from prxs.shim.ctl_cli import main


def test_request_is_status_count_then_length_prefixed_words():
    assert encode_request(["insmod", "mod_a.c"]) == (
        struct.pack("=iI", 0, 2) + struct.pack("=I", 6) + b"insmod"
        + struct.pack("=I", 7) + b"mod_a.c")


@pytest.mark.parametrize("words", [
    [], ["x" * 128], ["insmod", "m" * 257], ["insmod", "mod_\x01.c"],
    ["insmod", "mod_é.c"], ["lsmod"] + ["a"] * 32,
])
def test_requests_the_host_would_refuse_are_usage_errors(words):
    with pytest.raises(UsageError):
        encode_request(words)


def test_cli_usage_errors_exit_2(capsys):
    assert main([]) == 2
    assert main(["-s", "/nonexistent.sock", "insmod", "bad\x01"]) == 2
    assert "not a valid argument" in capsys.readouterr().err
