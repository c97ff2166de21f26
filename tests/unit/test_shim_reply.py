"""Reply objects: final code and text, multi-line replies, several replies."""

from __future__ import annotations

from prxs.shim import Reply


def test_single_line_reply():
    r = Reply(((200, "Howdy, bob!"),), finals=(0,))
    assert (r.code, r.text, r.codes) == (200, "Howdy, bob!", [200])


def test_multi_line_reply_text_joins_its_lines():
    r = Reply(((214, "The following"), (214, " CHMOD HELP"), (214, "Direct")),
              finals=(2,))
    assert r.code == 214
    assert r.text == "The following\n CHMOD HELP\nDirect"


def test_transfer_has_two_replies_and_data():
    r = Reply(((150, "Opening"), (226, "Transfer complete")), data=b"x",
              finals=(0, 1))
    assert r.codes == [150, 226]
    assert (r.code, r.text, r.data) == (226, "Transfer complete", b"x")
    assert str(r) == "150 Opening\n226 Transfer complete"


def test_empty_reply():
    r = Reply()
    assert (r.code, r.text, r.codes) == (None, "", [])
