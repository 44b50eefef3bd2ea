"""The test tools themselves: RESP framing in the raw client, normalizers, and the server helpers."""

from __future__ import annotations

import pytest

from tests._servers import ProtocolViolation, reply_end, start_txredisd, start_txredisd_twistd
from tests.differential._normalize import encode, field_values, integer_between, parse, sorted_elements, sorted_pairs

COMPLETE = [
    b"+OK\r\n",
    b"-ERR x\r\n",
    b":-5\r\n",
    b"_\r\n",
    b",3.14\r\n",
    b"#t\r\n",
    b"(12345678901234567890\r\n",
    b"$3\r\na\r\n\r\n",
    b"$0\r\n\r\n",
    b"$-1\r\n",
    b"*-1\r\n",
    b"*0\r\n",
    b"=8\r\ntxt:abcd\r\n",
    b"!5\r\nERR x\r\n",
    b"*2\r\n$1\r\na\r\n*1\r\n:1\r\n",
    b"%1\r\n+k\r\n~2\r\n:1\r\n:2\r\n",
    b">2\r\n$7\r\nmessage\r\n$1\r\nx\r\n",
    b"|1\r\n+ttl\r\n:3\r\n$1\r\nv\r\n",
]


@pytest.mark.parametrize("reply", COMPLETE)
def test_reply_end_finds_the_whole_reply(reply: bytes) -> None:
    """Each RESP2/RESP3 type is framed exactly, also with the next reply already behind it."""
    assert reply_end(reply) == len(reply)
    assert reply_end(reply + b"+NEXT\r\n") == len(reply)


@pytest.mark.parametrize("reply", COMPLETE)
def test_reply_end_waits_for_more(reply: bytes) -> None:
    """No prefix of a reply passes for a whole one, so a read never stops early."""
    for cut in range(len(reply)):
        assert reply_end(reply[:cut]) is None, reply[:cut]


def test_reply_end_rejects_garbage() -> None:
    """A byte that starts no RESP type is a server bug worth seeing, not a hang."""
    with pytest.raises(ProtocolViolation):
        reply_end(b"?x\r\n")


@pytest.mark.parametrize("reply", COMPLETE)
def test_parse_encode_round_trip(reply: bytes) -> None:
    """Normalizers re-encode what they do not change byte for byte."""
    node, end = parse(reply)
    assert end == len(reply)
    assert encode(node) == reply


def test_normalizers() -> None:
    """Each relaxation hides only what it is meant to."""
    assert sorted_elements(b"*2\r\n$1\r\nb\r\n$1\r\na\r\n") == b"*2\r\n$1\r\na\r\n$1\r\nb\r\n"
    assert sorted_pairs(b"%2\r\n+b\r\n:1\r\n+a\r\n:2\r\n") == b"%2\r\n+a\r\n:2\r\n+b\r\n:1\r\n"
    assert field_values(b"id")(b"*4\r\n$2\r\nid\r\n:7\r\n$1\r\nx\r\n:1\r\n") == (
        b"*4\r\n$2\r\nid\r\n:<any>\r\n$1\r\nx\r\n:1\r\n"
    )
    assert integer_between(9, 10)(b":9\r\n") == integer_between(9, 10)(b":10\r\n")
    assert integer_between(9, 10)(b":8\r\n") == b":8\r\n"
    assert sorted_elements(b"-ERR x\r\n") == b"-ERR x\r\n"


@pytest.mark.parametrize("start", [start_txredisd, start_txredisd_twistd], ids=["module", "twistd"])
def test_txredisd_process_helpers(start) -> None:
    """Both ways of starting txredisd answer on TCP and on the Unix socket, and stop for good."""
    from tests._servers import RawClient

    server = start()
    try:
        assert server.tcp is not None
        with RawClient(server.tcp) as tcp, server.client() as unix:
            assert tcp.call("PING") == b"+PONG\r\n"
            assert unix.call("ECHO", "x") == b"$1\r\nx\r\n"
    finally:
        server.stop()
    assert not server.alive()
    assert not server.workdir.exists()
