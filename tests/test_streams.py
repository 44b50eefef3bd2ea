"""
Stream commands through the core with a fake clock.

The C{RecordedReplyTests} tables were recorded from redis-server 7.0.15
(Debian's build) by running the differential case scripts of
C{tests/differential/cases/streams.py} against it (timed-out BLOCK calls
left out: the fake clock never reaches their deadline). The other tests
cover what depends on the clock, blocking, events, propagation and COPY.
"""

from __future__ import annotations

import shlex

from tests._core import NOW, CoreServer, RecordingTestCase
from txredisd.core.blocking import Block
from txredisd.core.commands import TABLE
from txredisd.core.types.stream import Stream

#: XADD big 1-1 ... 250-1 and Redis's replies: two 100-entry nodes and a half-full one.
_FILL_BIG = [(f"XADD big {i}-1 f {i}", b"$%d\r\n%d-1\r\n" % (len(f"{i}-1"), i)) for i in range(1, 251)]


class StreamTestCase(RecordingTestCase):
    """Stream command tests with a RESP2 and a RESP3 client."""

    resp3_client = True

    def call(self, *args: bytes | str | int) -> bytes:
        return self.client.call(*args)

    def script(self, resp: int, steps: list[tuple[str, bytes]]) -> None:
        """Run shell-quoted command lines, checking each reply."""
        client = self.client3 if resp == 3 else self.client
        for line, expected in steps:
            self.assertEqual(client.call(*shlex.split(line)), expected, line)


class RecordedReplyTests(StreamTestCase):
    """Replies, byte for byte, as redis-server 7.0.15 gave them."""

    def test_xadd_ids(self):
        """Explicit, partial (ms-*) and lenient IDs; 0-0 refused; TYPE and OBJECT ENCODING."""
        self.script(2, [
            ('XADD s 1-1 f v', b'$3\r\n1-1\r\n'),
            ('XADD s 1-* a b', b'$3\r\n1-2\r\n'),
            ('XADD s 0-* a b', b'-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n'),
            ('XADD s 1 a b', b'-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n'),
            ('XADD t 0-0 a b', b'-ERR The ID specified in XADD must be greater than 0-0\r\n'),
            ('XADD t 0-* a b', b'$3\r\n0-1\r\n'),
            ('XADD t 0 a b', b'-ERR The ID specified in XADD must be greater than 0-0\r\n'),
            ("XADD u ' 5' a b", b'$3\r\n5-0\r\n'),
            ('XADD u 00005 a b', b'-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n'),
            ('XRANGE s - +', b'*2\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n*2\r\n$3\r\n1-2\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n'),
            ('TYPE s', b'+stream\r\n'),
            ('OBJECT ENCODING s', b'$6\r\nstream\r\n'),
        ])

    def test_xadd_ids_resp3(self):
        """Explicit, partial (ms-*) and lenient IDs; 0-0 refused; TYPE and OBJECT ENCODING. (RESP3)"""
        self.script(3, [
            ('XADD s 1-1 f v', b'$3\r\n1-1\r\n'),
            ('XADD s 1-* a b', b'$3\r\n1-2\r\n'),
            ('XADD s 0-* a b', b'-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n'),
            ('XADD s 1 a b', b'-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n'),
            ('XADD t 0-0 a b', b'-ERR The ID specified in XADD must be greater than 0-0\r\n'),
            ('XADD t 0-* a b', b'$3\r\n0-1\r\n'),
            ('XADD t 0 a b', b'-ERR The ID specified in XADD must be greater than 0-0\r\n'),
            ("XADD u ' 5' a b", b'$3\r\n5-0\r\n'),
            ('XADD u 00005 a b', b'-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n'),
            ('XRANGE s - +', b'*2\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n*2\r\n$3\r\n1-2\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n'),
            ('TYPE s', b'+stream\r\n'),
            ('OBJECT ENCODING s', b'$6\r\nstream\r\n'),
        ])

    def test_xadd_errors(self):
        """Every XADD argument error, and nothing created by a failed XADD."""
        self.script(2, [
            ('XADD s foo a b', b'-ERR Invalid stream ID specified as stream command argument\r\n'),
            ('XADD s MAXLEN 5', b"-ERR wrong number of arguments for 'xadd' command\r\n"),
            ('XADD s MAXLEN x * a b', b'-ERR value is not an integer or out of range\r\n'),
            ('XADD s MAXLEN -1 * a b', b'-ERR The MAXLEN argument must be >= 0.\r\n'),
            ('XADD s LIMIT 5 1-1 a b', b'-ERR syntax error, LIMIT cannot be used without specifying a trimming strategy\r\n'),
            ('XADD s MAXLEN 5 LIMIT 5 1-1 a b', b'-ERR syntax error, LIMIT cannot be used without the special ~ option\r\n'),
            ('XADD s MAXLEN ~ 5 LIMIT -1 1-1 a b', b'-ERR The LIMIT argument must be >= 0.\r\n'),
            ('XADD s 5-5 a', b"-ERR wrong number of arguments for 'xadd' command\r\n"),
            ('XADD s + a b', b'-ERR Invalid stream ID specified as stream command argument\r\n'),
            ('XADD s - a b', b'-ERR Invalid stream ID specified as stream command argument\r\n'),
            ('XADD s 18446744073709551616 a b', b'-ERR Invalid stream ID specified as stream command argument\r\n'),
            ('XADD s -5 a b', b'-ERR Invalid stream ID specified as stream command argument\r\n'),
            ('XADD s 5- a b', b'-ERR Invalid stream ID specified as stream command argument\r\n'),
            ('XADD s 5-x a b', b'-ERR Invalid stream ID specified as stream command argument\r\n'),
            ('XADD s', b"-ERR wrong number of arguments for 'xadd' command\r\n"),
            ('XADD s MAXLEN 5 MINID 3 1-1 a b', b'-ERR syntax error, MAXLEN and MINID options at the same time are not compatible\r\n'),
            ('XADD s MAXLEN 5 MAXLEN 3 1-1 a b', b'-ERR syntax error, MAXLEN and MINID options at the same time are not compatible\r\n'),
            ('XADD s MAXLEN ~ 5 MAXLEN 0 LIMIT 5 3-1 a b', b'-ERR syntax error, MAXLEN and MINID options at the same time are not compatible\r\n'),
            ('XADD s MAXLEN x MINID 1 6-1 a b', b'-ERR value is not an integer or out of range\r\n'),
            ('EXISTS s', b':0\r\n'),
            ('XADD s NOMKSTREAM NOMKSTREAM 4-1 a b', b'$-1\r\n'),
            ('XADD s LIMIT 5 MAXLEN ~ 0 5-1 a b', b'$3\r\n5-1\r\n'),
            ('XRANGE s - +', b'*0\r\n'),
        ])

    def test_xadd_nomkstream_and_last_id(self):
        """NOMKSTREAM on a missing key; the greatest possible ID exhausts the stream."""
        self.script(2, [
            ('XADD n NOMKSTREAM 6 a b', b'$-1\r\n'),
            ('EXISTS n', b':0\r\n'),
            ('XADD s NOMKSTREAM 6 a b', b'$-1\r\n'),
            ('XADD s 6-1 a b', b'$3\r\n6-1\r\n'),
            ('XADD s NOMKSTREAM 7 a b', b'$3\r\n7-0\r\n'),
            ('XADD s 18446744073709551615-18446744073709551615 a b', b'$41\r\n18446744073709551615-18446744073709551615\r\n'),
            ('XADD s 20 a b', b'-ERR The stream has exhausted the last possible ID, unable to add more items\r\n'),
            ('XADD s 18446744073709551615-* a b', b'-ERR The stream has exhausted the last possible ID, unable to add more items\r\n'),
            ('XLEN s', b':3\r\n'),
        ])

    def test_xadd_nomkstream_and_last_id_resp3(self):
        """NOMKSTREAM on a missing key; the greatest possible ID exhausts the stream. (RESP3)"""
        self.script(3, [
            ('XADD n NOMKSTREAM 6 a b', b'_\r\n'),
            ('EXISTS n', b':0\r\n'),
            ('XADD s NOMKSTREAM 6 a b', b'_\r\n'),
            ('XADD s 6-1 a b', b'$3\r\n6-1\r\n'),
            ('XADD s NOMKSTREAM 7 a b', b'$3\r\n7-0\r\n'),
            ('XADD s 18446744073709551615-18446744073709551615 a b', b'$41\r\n18446744073709551615-18446744073709551615\r\n'),
            ('XADD s 20 a b', b'-ERR The stream has exhausted the last possible ID, unable to add more items\r\n'),
            ('XADD s 18446744073709551615-* a b', b'-ERR The stream has exhausted the last possible ID, unable to add more items\r\n'),
            ('XLEN s', b':3\r\n'),
        ])

    def test_xadd_trim(self):
        """XADD with exact MAXLEN/MINID trimming."""
        self.script(2, [
            ('XADD s 1-1 a b', b'$3\r\n1-1\r\n'),
            ('XADD s 2-1 a b', b'$3\r\n2-1\r\n'),
            ('XADD s MAXLEN 1 3-1 a b', b'$3\r\n3-1\r\n'),
            ('XRANGE s - +', b'*1\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n'),
            ('XADD s MINID 4 4-1 a b', b'$3\r\n4-1\r\n'),
            ('XADD s MINID = 4-1 5-1 a b', b'$3\r\n5-1\r\n'),
            ('XADD s MAXLEN = 1 6-1 a b', b'$3\r\n6-1\r\n'),
            ('XRANGE s - +', b'*1\r\n*2\r\n$3\r\n6-1\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n'),
            ('XINFO STREAM s', b'*20\r\n$6\r\nlength\r\n:1\r\n$15\r\nradix-tree-keys\r\n:1\r\n$16\r\nradix-tree-nodes\r\n:2\r\n$17\r\nlast-generated-id\r\n$3\r\n6-1\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n0-0\r\n$13\r\nentries-added\r\n:6\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n6-1\r\n$6\r\ngroups\r\n:0\r\n$11\r\nfirst-entry\r\n*2\r\n$3\r\n6-1\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n$10\r\nlast-entry\r\n*2\r\n$3\r\n6-1\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n'),
        ])

    def test_wrongtype(self):
        """Every stream command refuses another type."""
        self.script(2, [
            ('SET str x', b'+OK\r\n'),
            ('XADD str 1-1 a b', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('XLEN str', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('XRANGE str - +', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('XREVRANGE str + -', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('XDEL str 1', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('XTRIM str MAXLEN 0', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('XREAD STREAMS str 0', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('XGROUP CREATE str g $', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('XSETID str 1', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('XINFO STREAM str', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('XACK str g 1', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('XPENDING str g', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('XCLAIM str g c 0 1', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('XAUTOCLAIM str g c 0 0', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ])

    def test_xrange(self):
        """Inclusive, exclusive and open ranges; COUNT 0 and negative give a null array on a stream."""
        self.script(2, [
            ('XADD s 1-1 a 1', b'$3\r\n1-1\r\n'),
            ('XADD s 2-1 b 2 c 3', b'$3\r\n2-1\r\n'),
            ('XADD s 3-1 a 3', b'$3\r\n3-1\r\n'),
            ('XRANGE s - +', b'*3\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n3\r\n'),
            ('XRANGE s (1-1 +', b'*2\r\n*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n3\r\n'),
            ('XRANGE s 1 2', b'*2\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n'),
            ('XRANGE s (1 +', b'*3\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n3\r\n'),
            ('XRANGE s - (3-1', b'*2\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n'),
            ('XRANGE s - + COUNT 1', b'*1\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n'),
            ('XRANGE s - + COUNT 0', b'*-1\r\n'),
            ('XRANGE s - + COUNT -1', b'*-1\r\n'),
            ('XRANGE s 3 1', b'*0\r\n'),
            ('XRANGE n - +', b'*0\r\n'),
            ('XRANGE n - + COUNT 0', b'*0\r\n'),
        ])

    def test_xrange_resp3(self):
        """Inclusive, exclusive and open ranges; COUNT 0 and negative give a null array on a stream. (RESP3)"""
        self.script(3, [
            ('XADD s 1-1 a 1', b'$3\r\n1-1\r\n'),
            ('XADD s 2-1 b 2 c 3', b'$3\r\n2-1\r\n'),
            ('XADD s 3-1 a 3', b'$3\r\n3-1\r\n'),
            ('XRANGE s - +', b'*3\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n3\r\n'),
            ('XRANGE s (1-1 +', b'*2\r\n*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n3\r\n'),
            ('XRANGE s 1 2', b'*2\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n'),
            ('XRANGE s (1 +', b'*3\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n3\r\n'),
            ('XRANGE s - (3-1', b'*2\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n'),
            ('XRANGE s - + COUNT 1', b'*1\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n'),
            ('XRANGE s - + COUNT 0', b'_\r\n'),
            ('XRANGE s - + COUNT -1', b'_\r\n'),
            ('XRANGE s 3 1', b'*0\r\n'),
            ('XRANGE n - +', b'*0\r\n'),
            ('XRANGE n - + COUNT 0', b'*0\r\n'),
        ])

    def test_xrange_errors(self):
        """Range and COUNT errors, in Redis's order."""
        self.script(2, [
            ('XADD s 1-1 a 1', b'$3\r\n1-1\r\n'),
            ('XADD s 2-1 b 2 c 3', b'$3\r\n2-1\r\n'),
            ('XADD s 3-1 a 3', b'$3\r\n3-1\r\n'),
            ('XRANGE s - + COUNT x', b'-ERR value is not an integer or out of range\r\n'),
            ('XRANGE s - + FOO', b'-ERR syntax error\r\n'),
            ('XRANGE s - + COUNT', b'-ERR syntax error\r\n'),
            ('XRANGE s (- +', b'-ERR Invalid stream ID specified as stream command argument\r\n'),
            ('XRANGE s - (+', b'-ERR Invalid stream ID specified as stream command argument\r\n'),
            ('XRANGE s (18446744073709551615-18446744073709551615 +', b'-ERR invalid start ID for the interval\r\n'),
            ('XRANGE s - (0-0', b'-ERR invalid end ID for the interval\r\n'),
            ('XRANGE s x +', b'-ERR Invalid stream ID specified as stream command argument\r\n'),
            ('XRANGE s 1-x +', b'-ERR Invalid stream ID specified as stream command argument\r\n'),
            ('XRANGE s -', b"-ERR wrong number of arguments for 'xrange' command\r\n"),
            ('XREVRANGE s (0 0', b'*0\r\n'),
            ('XRANGE s 0 (1', b'*1\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n'),
            ('XRANGE s 1 (1-0', b'*0\r\n'),
            ('XRANGE s (2 2', b'*1\r\n*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n'),
        ])

    def test_xrevrange(self):
        """Reverse ranges take the end first."""
        self.script(2, [
            ('XADD s 1-1 a 1', b'$3\r\n1-1\r\n'),
            ('XADD s 2-1 b 2 c 3', b'$3\r\n2-1\r\n'),
            ('XADD s 3-1 a 3', b'$3\r\n3-1\r\n'),
            ('XREVRANGE s + -', b'*3\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n3\r\n*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n'),
            ('XREVRANGE s + - COUNT 2', b'*2\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n3\r\n*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n'),
            ('XREVRANGE s (3-1 -', b'*2\r\n*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n'),
            ('XREVRANGE s 3 (3', b'*1\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n3\r\n'),
            ('XREVRANGE s 1 3', b'*0\r\n'),
            ('XREVRANGE n + -', b'*0\r\n'),
        ])

    def test_xlen_xdel(self):
        """XDEL counts each ID once, keeps the empty stream and records the greatest deleted ID."""
        self.script(2, [
            ('XADD s 1-1 a 1', b'$3\r\n1-1\r\n'),
            ('XADD s 2-1 b 2 c 3', b'$3\r\n2-1\r\n'),
            ('XADD s 3-1 a 3', b'$3\r\n3-1\r\n'),
            ('XLEN s', b':3\r\n'),
            ('XDEL s 2-1 9-9 2-1', b':1\r\n'),
            ('XLEN s', b':2\r\n'),
            ('XDEL s x', b'-ERR Invalid stream ID specified as stream command argument\r\n'),
            ('XDEL n x', b':0\r\n'),
            ('XDEL s 1-1 3-1', b':2\r\n'),
            ('XLEN s', b':0\r\n'),
            ('EXISTS s', b':1\r\n'),
            ('XLEN n', b':0\r\n'),
            ('XINFO STREAM s', b'*20\r\n$6\r\nlength\r\n:0\r\n$15\r\nradix-tree-keys\r\n:0\r\n$16\r\nradix-tree-nodes\r\n:1\r\n$17\r\nlast-generated-id\r\n$3\r\n3-1\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n3-1\r\n$13\r\nentries-added\r\n:3\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n0-0\r\n$6\r\ngroups\r\n:0\r\n$11\r\nfirst-entry\r\n$-1\r\n$10\r\nlast-entry\r\n$-1\r\n'),
        ])

    def test_xtrim(self):
        """XTRIM strategies and its argument errors."""
        self.script(2, [
            ('XADD s 1-1 a 1', b'$3\r\n1-1\r\n'),
            ('XADD s 2-1 b 2 c 3', b'$3\r\n2-1\r\n'),
            ('XADD s 3-1 a 3', b'$3\r\n3-1\r\n'),
            ('XTRIM s MAXLEN 2', b':1\r\n'),
            ('XTRIM s MINID 3', b':1\r\n'),
            ('XRANGE s - +', b'*1\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n3\r\n'),
            ('XTRIM s MAXLEN 0', b':1\r\n'),
            ('EXISTS s', b':1\r\n'),
            ('XTRIM n MAXLEN 0', b':0\r\n'),
            ('XTRIM s FOO', b"-ERR wrong number of arguments for 'xtrim' command\r\n"),
            ('XTRIM s', b"-ERR wrong number of arguments for 'xtrim' command\r\n"),
            ('XTRIM s MAXLEN', b"-ERR wrong number of arguments for 'xtrim' command\r\n"),
            ('XTRIM s LIMIT 1 MAXLEN ~ 0', b':0\r\n'),
            ('XTRIM s MINID ~ 5 LIMIT 1', b':0\r\n'),
            ('XTRIM s MAXLEN = 1', b':0\r\n'),
            ('XTRIM s MINID x', b'-ERR Invalid stream ID specified as stream command argument\r\n'),
            ('XTRIM s MAXLEN 5 MINID 3', b'-ERR syntax error, MAXLEN and MINID options at the same time are not compatible\r\n'),
            ('XTRIM s LIMIT 0 MAXLEN 1', b'-ERR syntax error, LIMIT cannot be used without the special ~ option\r\n'),
            ('XTRIM s MAXLEN 1 LIMIT 0', b'-ERR syntax error, LIMIT cannot be used without the special ~ option\r\n'),
            ('XTRIM s MINID ~ 2 = 3', b'-ERR syntax error\r\n'),
        ])

    def test_xtrim_approx(self):
        """Approximate trimming removes whole 100-entry nodes only, and LIMIT caps the work."""
        self.script(2, [
            *_FILL_BIG,
            ('XINFO STREAM big', b'*20\r\n$6\r\nlength\r\n:250\r\n$15\r\nradix-tree-keys\r\n:3\r\n$16\r\nradix-tree-nodes\r\n:8\r\n$17\r\nlast-generated-id\r\n$5\r\n250-1\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n0-0\r\n$13\r\nentries-added\r\n:250\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n1-1\r\n$6\r\ngroups\r\n:0\r\n$11\r\nfirst-entry\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\nf\r\n$1\r\n1\r\n$10\r\nlast-entry\r\n*2\r\n$5\r\n250-1\r\n*2\r\n$1\r\nf\r\n$3\r\n250\r\n'),
            ('XTRIM big MAXLEN ~ 200', b':0\r\n'),
            ('XINFO STREAM big', b'*20\r\n$6\r\nlength\r\n:250\r\n$15\r\nradix-tree-keys\r\n:3\r\n$16\r\nradix-tree-nodes\r\n:8\r\n$17\r\nlast-generated-id\r\n$5\r\n250-1\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n0-0\r\n$13\r\nentries-added\r\n:250\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n1-1\r\n$6\r\ngroups\r\n:0\r\n$11\r\nfirst-entry\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\nf\r\n$1\r\n1\r\n$10\r\nlast-entry\r\n*2\r\n$5\r\n250-1\r\n*2\r\n$1\r\nf\r\n$3\r\n250\r\n'),
            ('XTRIM big MAXLEN ~ 140', b':100\r\n'),
            ('XTRIM big MAXLEN 140', b':10\r\n'),
            ('XDEL big 120-1 130-1 200-1', b':3\r\n'),
            ('XINFO STREAM big', b'*20\r\n$6\r\nlength\r\n:137\r\n$15\r\nradix-tree-keys\r\n:2\r\n$16\r\nradix-tree-nodes\r\n:6\r\n$17\r\nlast-generated-id\r\n$5\r\n250-1\r\n$20\r\nmax-deleted-entry-id\r\n$5\r\n200-1\r\n$13\r\nentries-added\r\n:250\r\n$23\r\nrecorded-first-entry-id\r\n$5\r\n111-1\r\n$6\r\ngroups\r\n:0\r\n$11\r\nfirst-entry\r\n*2\r\n$5\r\n111-1\r\n*2\r\n$1\r\nf\r\n$3\r\n111\r\n$10\r\nlast-entry\r\n*2\r\n$5\r\n250-1\r\n*2\r\n$1\r\nf\r\n$3\r\n250\r\n'),
            ('XTRIM big MINID ~ 190', b':0\r\n'),
            ('XTRIM big MINID 190', b':77\r\n'),
            ('XTRIM big MAXLEN ~ 0 LIMIT 30', b':10\r\n'),
            ('XINFO STREAM big', b'*20\r\n$6\r\nlength\r\n:50\r\n$15\r\nradix-tree-keys\r\n:1\r\n$16\r\nradix-tree-nodes\r\n:2\r\n$17\r\nlast-generated-id\r\n$5\r\n250-1\r\n$20\r\nmax-deleted-entry-id\r\n$5\r\n200-1\r\n$13\r\nentries-added\r\n:250\r\n$23\r\nrecorded-first-entry-id\r\n$5\r\n201-1\r\n$6\r\ngroups\r\n:0\r\n$11\r\nfirst-entry\r\n*2\r\n$5\r\n201-1\r\n*2\r\n$1\r\nf\r\n$3\r\n201\r\n$10\r\nlast-entry\r\n*2\r\n$5\r\n250-1\r\n*2\r\n$1\r\nf\r\n$3\r\n250\r\n'),
            ('XTRIM big MAXLEN 0', b':50\r\n'),
            ('XINFO STREAM big', b'*20\r\n$6\r\nlength\r\n:0\r\n$15\r\nradix-tree-keys\r\n:0\r\n$16\r\nradix-tree-nodes\r\n:1\r\n$17\r\nlast-generated-id\r\n$5\r\n250-1\r\n$20\r\nmax-deleted-entry-id\r\n$5\r\n200-1\r\n$13\r\nentries-added\r\n:250\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n0-0\r\n$6\r\ngroups\r\n:0\r\n$11\r\nfirst-entry\r\n$-1\r\n$10\r\nlast-entry\r\n$-1\r\n'),
        ])

    def test_xadd_approx(self):
        """XADD's approximate trimming, with and without LIMIT."""
        self.script(2, [
            *_FILL_BIG,
            ('XADD big MAXLEN ~ 10 LIMIT 20 300-1 a b', b'$5\r\n300-1\r\n'),
            ('XADD big MAXLEN ~ 10 301-1 a b', b'$5\r\n301-1\r\n'),
            ('XLEN big', b':52\r\n'),
            ('XINFO STREAM big', b'*20\r\n$6\r\nlength\r\n:52\r\n$15\r\nradix-tree-keys\r\n:1\r\n$16\r\nradix-tree-nodes\r\n:2\r\n$17\r\nlast-generated-id\r\n$5\r\n301-1\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n0-0\r\n$13\r\nentries-added\r\n:252\r\n$23\r\nrecorded-first-entry-id\r\n$5\r\n201-1\r\n$6\r\ngroups\r\n:0\r\n$11\r\nfirst-entry\r\n*2\r\n$5\r\n201-1\r\n*2\r\n$1\r\nf\r\n$3\r\n201\r\n$10\r\nlast-entry\r\n*2\r\n$5\r\n301-1\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n'),
        ])

    def test_node_entries(self):
        """stream-node-max-entries shapes the nodes that XINFO counts and ~ trims."""
        self.script(2, [
            ('CONFIG SET stream-node-max-entries 2', b'+OK\r\n'),
            ('XADD s 1-1 a 1', b'$3\r\n1-1\r\n'),
            ('XADD s 2-1 b 2 c 3', b'$3\r\n2-1\r\n'),
            ('XADD s 3-1 a 3', b'$3\r\n3-1\r\n'),
            ('XADD s 4-1 a 4', b'$3\r\n4-1\r\n'),
            ('XADD s 5-1 a 5', b'$3\r\n5-1\r\n'),
            ('XINFO STREAM s', b'*20\r\n$6\r\nlength\r\n:5\r\n$15\r\nradix-tree-keys\r\n:3\r\n$16\r\nradix-tree-nodes\r\n:8\r\n$17\r\nlast-generated-id\r\n$3\r\n5-1\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n0-0\r\n$13\r\nentries-added\r\n:5\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n1-1\r\n$6\r\ngroups\r\n:0\r\n$11\r\nfirst-entry\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n$10\r\nlast-entry\r\n*2\r\n$3\r\n5-1\r\n*2\r\n$1\r\na\r\n$1\r\n5\r\n'),
            ('XDEL s 3-1 4-1', b':2\r\n'),
            ('XINFO STREAM s', b'*20\r\n$6\r\nlength\r\n:3\r\n$15\r\nradix-tree-keys\r\n:2\r\n$16\r\nradix-tree-nodes\r\n:6\r\n$17\r\nlast-generated-id\r\n$3\r\n5-1\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n4-1\r\n$13\r\nentries-added\r\n:5\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n1-1\r\n$6\r\ngroups\r\n:0\r\n$11\r\nfirst-entry\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n$10\r\nlast-entry\r\n*2\r\n$3\r\n5-1\r\n*2\r\n$1\r\na\r\n$1\r\n5\r\n'),
            ('XTRIM s MAXLEN ~ 1', b':2\r\n'),
            ('XINFO STREAM s', b'*20\r\n$6\r\nlength\r\n:1\r\n$15\r\nradix-tree-keys\r\n:1\r\n$16\r\nradix-tree-nodes\r\n:2\r\n$17\r\nlast-generated-id\r\n$3\r\n5-1\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n4-1\r\n$13\r\nentries-added\r\n:5\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n5-1\r\n$6\r\ngroups\r\n:0\r\n$11\r\nfirst-entry\r\n*2\r\n$3\r\n5-1\r\n*2\r\n$1\r\na\r\n$1\r\n5\r\n$10\r\nlast-entry\r\n*2\r\n$3\r\n5-1\r\n*2\r\n$1\r\na\r\n$1\r\n5\r\n'),
            ('CONFIG SET stream-node-max-entries 100', b'+OK\r\n'),
        ])

    def test_node_bytes(self):
        """stream-node-max-bytes cuts nodes where Redis's listpacks fill up."""
        self.script(2, [
            ('XADD w 1-7 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 1000', b'$3\r\n1-7\r\n'),
            ('XADD w 2-14 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 2000', b'$4\r\n2-14\r\n'),
            ('XADD w 3-21 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 3000', b'$4\r\n3-21\r\n'),
            ('XADD w 4-28 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 4000', b'$4\r\n4-28\r\n'),
            ('XADD w 5-35 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 5000', b'$4\r\n5-35\r\n'),
            ('XADD w 6-42 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 6000', b'$4\r\n6-42\r\n'),
            ('XADD w 7-49 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 7000', b'$4\r\n7-49\r\n'),
            ('XADD w 8-56 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 8000', b'$4\r\n8-56\r\n'),
            ('XADD w 9-63 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 9000', b'$4\r\n9-63\r\n'),
            ('XADD w 10-70 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 10000', b'$5\r\n10-70\r\n'),
            ('XADD w 11-77 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 11000', b'$5\r\n11-77\r\n'),
            ('XADD w 12-84 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 12000', b'$5\r\n12-84\r\n'),
            ('XADD w 13-91 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 13000', b'$5\r\n13-91\r\n'),
            ('XADD w 14-98 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 14000', b'$5\r\n14-98\r\n'),
            ('XADD w 15-105 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 15000', b'$6\r\n15-105\r\n'),
            ('XADD w 16-112 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 16000', b'$6\r\n16-112\r\n'),
            ('XADD w 17-119 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 17000', b'$6\r\n17-119\r\n'),
            ('XADD w 18-126 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 18000', b'$6\r\n18-126\r\n'),
            ('XADD w 19-133 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 19000', b'$6\r\n19-133\r\n'),
            ('XADD w 20-140 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 20000', b'$6\r\n20-140\r\n'),
            ('XADD w 21-147 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 21000', b'$6\r\n21-147\r\n'),
            ('XADD w 22-154 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 22000', b'$6\r\n22-154\r\n'),
            ('XADD w 23-161 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 23000', b'$6\r\n23-161\r\n'),
            ('XADD w 24-168 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 24000', b'$6\r\n24-168\r\n'),
            ('XADD w 25-175 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 25000', b'$6\r\n25-175\r\n'),
            ('XADD w 26-182 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 26000', b'$6\r\n26-182\r\n'),
            ('XADD w 27-189 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 27000', b'$6\r\n27-189\r\n'),
            ('XADD w 28-196 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 28000', b'$6\r\n28-196\r\n'),
            ('XADD w 29-203 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 29000', b'$6\r\n29-203\r\n'),
            ('XADD w 30-210 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 30000', b'$6\r\n30-210\r\n'),
            ('XADD w 31-217 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 31000', b'$6\r\n31-217\r\n'),
            ('XADD w 32-224 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 32000', b'$6\r\n32-224\r\n'),
            ('XADD w 33-231 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 33000', b'$6\r\n33-231\r\n'),
            ('XADD w 34-238 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 34000', b'$6\r\n34-238\r\n'),
            ('XADD w 35-245 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 35000', b'$6\r\n35-245\r\n'),
            ('XADD w 36-252 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 36000', b'$6\r\n36-252\r\n'),
            ('XADD w 37-259 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 37000', b'$6\r\n37-259\r\n'),
            ('XADD w 38-266 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 38000', b'$6\r\n38-266\r\n'),
            ('XADD w 39-273 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 39000', b'$6\r\n39-273\r\n'),
            ('XADD w 40-280 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 40000', b'$6\r\n40-280\r\n'),
            ('XADD w 41-287 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 41000', b'$6\r\n41-287\r\n'),
            ('XADD w 42-294 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 42000', b'$6\r\n42-294\r\n'),
            ('XADD w 43-301 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 43000', b'$6\r\n43-301\r\n'),
            ('XADD w 44-308 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 44000', b'$6\r\n44-308\r\n'),
            ('XADD w 45-315 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 45000', b'$6\r\n45-315\r\n'),
            ('XADD w 46-322 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 46000', b'$6\r\n46-322\r\n'),
            ('XADD w 47-329 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 47000', b'$6\r\n47-329\r\n'),
            ('XADD w 48-336 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 48000', b'$6\r\n48-336\r\n'),
            ('XADD w 49-343 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 49000', b'$6\r\n49-343\r\n'),
            ('XADD w 50-350 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 50000', b'$6\r\n50-350\r\n'),
            ('XADD w 51-357 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 51000', b'$6\r\n51-357\r\n'),
            ('XADD w 52-364 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 52000', b'$6\r\n52-364\r\n'),
            ('XADD w 53-371 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 53000', b'$6\r\n53-371\r\n'),
            ('XADD w 54-378 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 54000', b'$6\r\n54-378\r\n'),
            ('XADD w 55-385 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 55000', b'$6\r\n55-385\r\n'),
            ('XADD w 56-392 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 56000', b'$6\r\n56-392\r\n'),
            ('XADD w 57-399 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 57000', b'$6\r\n57-399\r\n'),
            ('XADD w 58-406 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 58000', b'$6\r\n58-406\r\n'),
            ('XADD w 59-413 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 59000', b'$6\r\n59-413\r\n'),
            ('XADD w 60-420 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 60000', b'$6\r\n60-420\r\n'),
            ('XADD w 61-427 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 61000', b'$6\r\n61-427\r\n'),
            ('XADD w 62-434 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 62000', b'$6\r\n62-434\r\n'),
            ('XADD w 63-441 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 63000', b'$6\r\n63-441\r\n'),
            ('XADD w 64-448 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 64000', b'$6\r\n64-448\r\n'),
            ('XADD w 65-455 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 65000', b'$6\r\n65-455\r\n'),
            ('XADD w 66-462 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 66000', b'$6\r\n66-462\r\n'),
            ('XADD w 67-469 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 67000', b'$6\r\n67-469\r\n'),
            ('XADD w 68-476 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 68000', b'$6\r\n68-476\r\n'),
            ('XADD w 69-483 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 69000', b'$6\r\n69-483\r\n'),
            ('XADD w 70-490 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 70000', b'$6\r\n70-490\r\n'),
            ('XADD w 71-497 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 71000', b'$6\r\n71-497\r\n'),
            ('XADD w 72-504 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 72000', b'$6\r\n72-504\r\n'),
            ('XADD w 73-511 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 73000', b'$6\r\n73-511\r\n'),
            ('XADD w 74-518 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 74000', b'$6\r\n74-518\r\n'),
            ('XADD w 75-525 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 75000', b'$6\r\n75-525\r\n'),
            ('XADD w 76-532 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 76000', b'$6\r\n76-532\r\n'),
            ('XADD w 77-539 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 77000', b'$6\r\n77-539\r\n'),
            ('XADD w 78-546 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 78000', b'$6\r\n78-546\r\n'),
            ('XADD w 79-553 f xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx n 79000', b'$6\r\n79-553\r\n'),
            ('XINFO STREAM w', b'*20\r\n$6\r\nlength\r\n:79\r\n$15\r\nradix-tree-keys\r\n:3\r\n$16\r\nradix-tree-nodes\r\n:8\r\n$17\r\nlast-generated-id\r\n$6\r\n79-553\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n0-0\r\n$13\r\nentries-added\r\n:79\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n1-7\r\n$6\r\ngroups\r\n:0\r\n$11\r\nfirst-entry\r\n*2\r\n$3\r\n1-7\r\n*4\r\n$1\r\nf\r\n$100\r\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n$1\r\nn\r\n$4\r\n1000\r\n$10\r\nlast-entry\r\n*2\r\n$6\r\n79-553\r\n*4\r\n$1\r\nf\r\n$100\r\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n$1\r\nn\r\n$5\r\n79000\r\n'),
            ('XTRIM w MAXLEN ~ 40', b':35\r\n'),
            ('XINFO STREAM w', b'*20\r\n$6\r\nlength\r\n:44\r\n$15\r\nradix-tree-keys\r\n:2\r\n$16\r\nradix-tree-nodes\r\n:6\r\n$17\r\nlast-generated-id\r\n$6\r\n79-553\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n0-0\r\n$13\r\nentries-added\r\n:79\r\n$23\r\nrecorded-first-entry-id\r\n$6\r\n36-252\r\n$6\r\ngroups\r\n:0\r\n$11\r\nfirst-entry\r\n*2\r\n$6\r\n36-252\r\n*4\r\n$1\r\nf\r\n$100\r\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n$1\r\nn\r\n$5\r\n36000\r\n$10\r\nlast-entry\r\n*2\r\n$6\r\n79-553\r\n*4\r\n$1\r\nf\r\n$100\r\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n$1\r\nn\r\n$5\r\n79000\r\n'),
            ('CONFIG SET stream-node-max-bytes 300', b'+OK\r\n'),
            ('XADD w 100-1 f 1', b'$5\r\n100-1\r\n'),
            ('XADD w 100-2 g 2', b'$5\r\n100-2\r\n'),
            ('XADD w 100-3 f 3', b'$5\r\n100-3\r\n'),
            ('XADD w 100-4 f yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy', b'$5\r\n100-4\r\n'),
            ('XADD w 100-5 f 5', b'$5\r\n100-5\r\n'),
            ('XINFO STREAM w', b'*20\r\n$6\r\nlength\r\n:49\r\n$15\r\nradix-tree-keys\r\n:5\r\n$16\r\nradix-tree-nodes\r\n:11\r\n$17\r\nlast-generated-id\r\n$5\r\n100-5\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n0-0\r\n$13\r\nentries-added\r\n:84\r\n$23\r\nrecorded-first-entry-id\r\n$6\r\n36-252\r\n$6\r\ngroups\r\n:0\r\n$11\r\nfirst-entry\r\n*2\r\n$6\r\n36-252\r\n*4\r\n$1\r\nf\r\n$100\r\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n$1\r\nn\r\n$5\r\n36000\r\n$10\r\nlast-entry\r\n*2\r\n$5\r\n100-5\r\n*2\r\n$1\r\nf\r\n$1\r\n5\r\n'),
            ('CONFIG SET stream-node-max-bytes 4096', b'+OK\r\n'),
        ])

    def test_xread(self):
        """XREAD from IDs and $, COUNT, several streams; BLOCK with data answers at once."""
        self.script(2, [
            ('XADD s 1-1 a 1', b'$3\r\n1-1\r\n'),
            ('XADD s 2-1 b 2 c 3', b'$3\r\n2-1\r\n'),
            ('XADD s 3-1 a 3', b'$3\r\n3-1\r\n'),
            ('XREAD STREAMS s 0', b'*1\r\n*2\r\n$1\r\ns\r\n*3\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n3\r\n'),
            ('XREAD COUNT 1 STREAMS s 1-1', b'*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n'),
            ('XREAD COUNT -1 STREAMS s 0', b'*1\r\n*2\r\n$1\r\ns\r\n*3\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n3\r\n'),
            ('XREAD STREAMS s n 0 0', b'*1\r\n*2\r\n$1\r\ns\r\n*3\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n3\r\n'),
            ('XREAD STREAMS s $', b'*-1\r\n'),
            ('XREAD STREAMS s 3-1', b'*-1\r\n'),
            ('XREAD STREAMS s 18446744073709551615-18446744073709551615', b'*-1\r\n'),
            ('XREAD BLOCK 0 STREAMS s n 0 $', b'*1\r\n*2\r\n$1\r\ns\r\n*3\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n3\r\n'),
            ('XREAD STREAMS s s 0 2-1', b'*2\r\n*2\r\n$1\r\ns\r\n*3\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n3\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n3\r\n'),
        ])

    def test_xread_resp3(self):
        """XREAD from IDs and $, COUNT, several streams; BLOCK with data answers at once. (RESP3)"""
        self.script(3, [
            ('XADD s 1-1 a 1', b'$3\r\n1-1\r\n'),
            ('XADD s 2-1 b 2 c 3', b'$3\r\n2-1\r\n'),
            ('XADD s 3-1 a 3', b'$3\r\n3-1\r\n'),
            ('XREAD STREAMS s 0', b'%1\r\n$1\r\ns\r\n*3\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n3\r\n'),
            ('XREAD COUNT 1 STREAMS s 1-1', b'%1\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n'),
            ('XREAD COUNT -1 STREAMS s 0', b'%1\r\n$1\r\ns\r\n*3\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n3\r\n'),
            ('XREAD STREAMS s n 0 0', b'%1\r\n$1\r\ns\r\n*3\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n3\r\n'),
            ('XREAD STREAMS s $', b'_\r\n'),
            ('XREAD STREAMS s 3-1', b'_\r\n'),
            ('XREAD STREAMS s 18446744073709551615-18446744073709551615', b'_\r\n'),
            ('XREAD BLOCK 0 STREAMS s n 0 $', b'%1\r\n$1\r\ns\r\n*3\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n3\r\n'),
            ('XREAD STREAMS s s 0 2-1', b'%2\r\n$1\r\ns\r\n*3\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n3\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n3\r\n'),
        ])

    def test_xread_errors(self):
        """XREAD's errors, in Redis's order."""
        self.script(2, [
            ('XADD s 1-1 a b', b'$3\r\n1-1\r\n'),
            ('SET str x', b'+OK\r\n'),
            ('XREAD STREAMS s', b"-ERR wrong number of arguments for 'xread' command\r\n"),
            ('XREAD STREAMS s 0 0', b"-ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.\r\n"),
            ('XREAD COUNT x STREAMS s 0', b'-ERR value is not an integer or out of range\r\n'),
            ('XREAD BLOCK x STREAMS s 0', b'-ERR timeout is not an integer or out of range\r\n'),
            ('XREAD BLOCK -1 STREAMS s 0', b'-ERR timeout is negative\r\n'),
            ('XREAD FOO STREAMS s 0', b'-ERR syntax error\r\n'),
            ('XREAD STREAMS s >', b'-ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.\r\n'),
            ('XREAD STREAMS s str 0 0', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('XREAD STREAMS str s 0 x', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('XREAD STREAMS s +', b'-ERR Invalid stream ID specified as stream command argument\r\n'),
            ('XREAD STREAMS s -', b'-ERR Invalid stream ID specified as stream command argument\r\n'),
            ('XREAD NOACK STREAMS s 0', b'-ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.\r\n'),
            ('XREAD GROUP g c STREAMS s 0', b'-ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.\r\n'),
            ('XREAD COUNT 1 x y', b'-ERR syntax error\r\n'),
            ('XREAD COUNT', b"-ERR wrong number of arguments for 'xread' command\r\n"),
        ])

    def test_xgroup(self):
        """Group and consumer lifecycle."""
        self.script(2, [
            ('XGROUP CREATE s g $', b'-ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.\r\n'),
            ('XGROUP CREATE s g $ MKSTREAM', b'+OK\r\n'),
            ('XGROUP CREATE s g $ MKSTREAM', b'-BUSYGROUP Consumer Group name already exists\r\n'),
            ('XGROUP CREATE s g2 0 ENTRIESREAD 5', b'+OK\r\n'),
            ('XGROUP CREATE s g3 0 ENTRIESREAD -1', b'+OK\r\n'),
            ('XGROUPS CREATE s g4 0', b"-ERR unknown command 'XGROUPS', with args beginning with: 'CREATE' 's' 'g4' '0' \r\n"),
            ('XGROUP CREATECONSUMER s g c', b':1\r\n'),
            ('XGROUP CREATECONSUMER s g c', b':0\r\n'),
            ('XGROUP DELCONSUMER s g c', b':0\r\n'),
            ('XGROUP DELCONSUMER s g zz', b':0\r\n'),
            ('XGROUP SETID s g 5', b'+OK\r\n'),
            ('XGROUP SETID s g $ ENTRIESREAD 3', b'+OK\r\n'),
            ('XINFO GROUPS s', b'*3\r\n*12\r\n$4\r\nname\r\n$1\r\ng\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-delivered-id\r\n$3\r\n0-0\r\n$12\r\nentries-read\r\n:3\r\n$3\r\nlag\r\n:0\r\n*12\r\n$4\r\nname\r\n$2\r\ng2\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-delivered-id\r\n$3\r\n0-0\r\n$12\r\nentries-read\r\n:5\r\n$3\r\nlag\r\n:0\r\n*12\r\n$4\r\nname\r\n$2\r\ng3\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-delivered-id\r\n$3\r\n0-0\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n:0\r\n'),
            ('XGROUP DESTROY s g', b':1\r\n'),
            ('XGROUP DESTROY s g', b':0\r\n'),
            ('XINFO GROUPS s', b'*2\r\n*12\r\n$4\r\nname\r\n$2\r\ng2\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-delivered-id\r\n$3\r\n0-0\r\n$12\r\nentries-read\r\n:5\r\n$3\r\nlag\r\n:0\r\n*12\r\n$4\r\nname\r\n$2\r\ng3\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-delivered-id\r\n$3\r\n0-0\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n:0\r\n'),
        ])

    def test_xgroup_resp3(self):
        """Group and consumer lifecycle. (RESP3)"""
        self.script(3, [
            ('XGROUP CREATE s g $', b'-ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.\r\n'),
            ('XGROUP CREATE s g $ MKSTREAM', b'+OK\r\n'),
            ('XGROUP CREATE s g $ MKSTREAM', b'-BUSYGROUP Consumer Group name already exists\r\n'),
            ('XGROUP CREATE s g2 0 ENTRIESREAD 5', b'+OK\r\n'),
            ('XGROUP CREATE s g3 0 ENTRIESREAD -1', b'+OK\r\n'),
            ('XGROUPS CREATE s g4 0', b"-ERR unknown command 'XGROUPS', with args beginning with: 'CREATE' 's' 'g4' '0' \r\n"),
            ('XGROUP CREATECONSUMER s g c', b':1\r\n'),
            ('XGROUP CREATECONSUMER s g c', b':0\r\n'),
            ('XGROUP DELCONSUMER s g c', b':0\r\n'),
            ('XGROUP DELCONSUMER s g zz', b':0\r\n'),
            ('XGROUP SETID s g 5', b'+OK\r\n'),
            ('XGROUP SETID s g $ ENTRIESREAD 3', b'+OK\r\n'),
            ('XINFO GROUPS s', b'*3\r\n%6\r\n$4\r\nname\r\n$1\r\ng\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-delivered-id\r\n$3\r\n0-0\r\n$12\r\nentries-read\r\n:3\r\n$3\r\nlag\r\n:0\r\n%6\r\n$4\r\nname\r\n$2\r\ng2\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-delivered-id\r\n$3\r\n0-0\r\n$12\r\nentries-read\r\n:5\r\n$3\r\nlag\r\n:0\r\n%6\r\n$4\r\nname\r\n$2\r\ng3\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-delivered-id\r\n$3\r\n0-0\r\n$12\r\nentries-read\r\n_\r\n$3\r\nlag\r\n:0\r\n'),
            ('XGROUP DESTROY s g', b':1\r\n'),
            ('XGROUP DESTROY s g', b':0\r\n'),
            ('XINFO GROUPS s', b'*2\r\n%6\r\n$4\r\nname\r\n$2\r\ng2\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-delivered-id\r\n$3\r\n0-0\r\n$12\r\nentries-read\r\n:5\r\n$3\r\nlag\r\n:0\r\n%6\r\n$4\r\nname\r\n$2\r\ng3\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-delivered-id\r\n$3\r\n0-0\r\n$12\r\nentries-read\r\n_\r\n$3\r\nlag\r\n:0\r\n'),
        ])

    def test_xgroup_errors(self):
        """XGROUP's errors, in Redis's order."""
        self.script(2, [
            ('XGROUP CREATE s g $ MKSTREAM', b'+OK\r\n'),
            ('XGROUP CREATE s g4 0 ENTRIESREAD -2', b'-ERR value for ENTRIESREAD must be positive or -1\r\n'),
            ('XGROUP CREATE s g5 0 ENTRIESREAD x', b'-ERR value is not an integer or out of range\r\n'),
            ('XGROUP CREATE s g6 0 FOO', b"-ERR unknown subcommand or wrong number of arguments for 'CREATE'. Try XGROUP HELP.\r\n"),
            ('XGROUP create s g7 x', b'-ERR Invalid stream ID specified as stream command argument\r\n'),
            ('XGROUP CREATE s g8 +', b'-ERR Invalid stream ID specified as stream command argument\r\n'),
            ('XGROUP CREATE s g10 0 MKSTREAM ENTRIESREAD', b"-ERR unknown subcommand or wrong number of arguments for 'CREATE'. Try XGROUP HELP.\r\n"),
            ('XGROUP CREATE s', b"-ERR wrong number of arguments for 'xgroup|create' command\r\n"),
            ('XGROUP CREATE n3 g $ mkstream entriesread 1 mkstream', b"-ERR unknown subcommand or wrong number of arguments for 'CREATE'. Try XGROUP HELP.\r\n"),
            ('XGROUP CREATECONSUMER s nog c', b"-NOGROUP No such consumer group 'nog' for key name 's'\r\n"),
            ('XGROUP CREATECONSUMER n g c', b'-ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.\r\n'),
            ('XGROUP DELCONSUMER s nog c', b"-NOGROUP No such consumer group 'nog' for key name 's'\r\n"),
            ('XGROUP SETID s nog 5', b"-NOGROUP No such consumer group 'nog' for key name 's'\r\n"),
            ('XGROUP SETID n g 5', b'-ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.\r\n'),
            ('XGROUP SETID s g x', b'-ERR Invalid stream ID specified as stream command argument\r\n'),
            ('XGROUP setid s g 1 entriesread -2', b'-ERR value for ENTRIESREAD must be positive or -1\r\n'),
            ('XGROUP SETID s g 1 FOO 3', b"-ERR unknown subcommand or wrong number of arguments for 'SETID'. Try XGROUP HELP.\r\n"),
            ('XGROUP DESTROY n g', b'-ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.\r\n'),
            ('XGROUP FOO', b"-ERR unknown subcommand 'FOO'. Try XGROUP HELP.\r\n"),
            ('XGROUP', b"-ERR wrong number of arguments for 'xgroup' command\r\n"),
            ('XGROUP HELP', b"*17\r\n+XGROUP <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+CREATE <key> <groupname> <id|$> [option]\r\n+    Create a new consumer group. Options are:\r\n+    * MKSTREAM\r\n+      Create the empty stream if it does not exist.\r\n+    * ENTRIESREAD entries_read\r\n+      Set the group's entries_read counter (internal use).\r\n+CREATECONSUMER <key> <groupname> <consumer>\r\n+    Create a new consumer in the specified group.\r\n+DELCONSUMER <key> <groupname> <consumer>\r\n+    Remove the specified consumer.\r\n+DESTROY <key> <groupname>\r\n+    Remove the specified group.\r\n+SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]\r\n+    Set the current group ID and entries_read counter.\r\n+HELP\r\n+    Prints this help.\r\n"),
            ('XGROUP HELP x', b"-ERR wrong number of arguments for 'xgroup|help' command\r\n"),
        ])

    def test_xreadgroup(self):
        """New entries (>) go to the PEL; explicit IDs read the consumer's history, deleted entries as nil."""
        self.script(2, [
            ('XADD s 1-1 a 1', b'$3\r\n1-1\r\n'),
            ('XADD s 2-1 b 2 c 3', b'$3\r\n2-1\r\n'),
            ('XADD s 3-1 a 3', b'$3\r\n3-1\r\n'),
            ('XGROUP CREATE s g 0', b'+OK\r\n'),
            ('XREADGROUP GROUP g c COUNT 1 STREAMS s >', b'*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n'),
            ('XREADGROUP GROUP g c STREAMS s >', b'*1\r\n*2\r\n$1\r\ns\r\n*2\r\n*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n3\r\n'),
            ('XREADGROUP GROUP g c STREAMS s >', b'*-1\r\n'),
            ('XDEL s 2-1', b':1\r\n'),
            ('XREADGROUP GROUP g c STREAMS s 0', b'*1\r\n*2\r\n$1\r\ns\r\n*3\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n2-1\r\n*-1\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n3\r\n'),
            ('XREADGROUP GROUP g c COUNT 1 STREAMS s 1-1', b'*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n2-1\r\n*-1\r\n'),
            ('XREADGROUP GROUP g d STREAMS s 0', b'*1\r\n*2\r\n$1\r\ns\r\n*0\r\n'),
            ('XPENDING s g', b'*4\r\n:3\r\n$3\r\n1-1\r\n$3\r\n3-1\r\n*1\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n'),
            ('XACK s g 1-1 2-1 9-9', b':2\r\n'),
            ('XPENDING s g', b'*4\r\n:1\r\n$3\r\n3-1\r\n$3\r\n3-1\r\n*1\r\n*2\r\n$1\r\nc\r\n$1\r\n1\r\n'),
            ('XREADGROUP GROUP g newbie STREAMS s >', b'*-1\r\n'),
            ('XINFO GROUPS s', b'*1\r\n*12\r\n$4\r\nname\r\n$1\r\ng\r\n$9\r\nconsumers\r\n:2\r\n$7\r\npending\r\n:1\r\n$17\r\nlast-delivered-id\r\n$3\r\n3-1\r\n$12\r\nentries-read\r\n:3\r\n$3\r\nlag\r\n:0\r\n'),
        ])

    def test_xreadgroup_resp3(self):
        """New entries (>) go to the PEL; explicit IDs read the consumer's history, deleted entries as nil. (RESP3)"""
        self.script(3, [
            ('XADD s 1-1 a 1', b'$3\r\n1-1\r\n'),
            ('XADD s 2-1 b 2 c 3', b'$3\r\n2-1\r\n'),
            ('XADD s 3-1 a 3', b'$3\r\n3-1\r\n'),
            ('XGROUP CREATE s g 0', b'+OK\r\n'),
            ('XREADGROUP GROUP g c COUNT 1 STREAMS s >', b'%1\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n'),
            ('XREADGROUP GROUP g c STREAMS s >', b'%1\r\n$1\r\ns\r\n*2\r\n*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n3\r\n'),
            ('XREADGROUP GROUP g c STREAMS s >', b'_\r\n'),
            ('XDEL s 2-1', b':1\r\n'),
            ('XREADGROUP GROUP g c STREAMS s 0', b'%1\r\n$1\r\ns\r\n*3\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n2-1\r\n_\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n3\r\n'),
            ('XREADGROUP GROUP g c COUNT 1 STREAMS s 1-1', b'%1\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n2-1\r\n_\r\n'),
            ('XREADGROUP GROUP g d STREAMS s 0', b'%1\r\n$1\r\ns\r\n*0\r\n'),
            ('XPENDING s g', b'*4\r\n:3\r\n$3\r\n1-1\r\n$3\r\n3-1\r\n*1\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n'),
            ('XACK s g 1-1 2-1 9-9', b':2\r\n'),
            ('XPENDING s g', b'*4\r\n:1\r\n$3\r\n3-1\r\n$3\r\n3-1\r\n*1\r\n*2\r\n$1\r\nc\r\n$1\r\n1\r\n'),
            ('XREADGROUP GROUP g newbie STREAMS s >', b'_\r\n'),
            ('XINFO GROUPS s', b'*1\r\n%6\r\n$4\r\nname\r\n$1\r\ng\r\n$9\r\nconsumers\r\n:2\r\n$7\r\npending\r\n:1\r\n$17\r\nlast-delivered-id\r\n$3\r\n3-1\r\n$12\r\nentries-read\r\n:3\r\n$3\r\nlag\r\n:0\r\n'),
        ])

    def test_xreadgroup_noack_setid(self):
        """NOACK leaves the PEL alone; SETID rewinds and re-delivers to another consumer."""
        self.script(2, [
            ('XADD s 1-1 a 1', b'$3\r\n1-1\r\n'),
            ('XADD s 2-1 b 2 c 3', b'$3\r\n2-1\r\n'),
            ('XADD s 3-1 a 3', b'$3\r\n3-1\r\n'),
            ('XGROUP CREATE s g 0', b'+OK\r\n'),
            ('XREADGROUP GROUP g c NOACK STREAMS s >', b'*1\r\n*2\r\n$1\r\ns\r\n*3\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n3\r\n'),
            ('XPENDING s g', b'*4\r\n:0\r\n$-1\r\n$-1\r\n*-1\r\n'),
            ('XGROUP SETID s g 1-1', b'+OK\r\n'),
            ('XREADGROUP GROUP g d COUNT 1 STREAMS s >', b'*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n'),
            ('XPENDING s g', b'*4\r\n:1\r\n$3\r\n2-1\r\n$3\r\n2-1\r\n*1\r\n*2\r\n$1\r\nd\r\n$1\r\n1\r\n'),
            ('XINFO GROUPS s', b'*1\r\n*12\r\n$4\r\nname\r\n$1\r\ng\r\n$9\r\nconsumers\r\n:2\r\n$7\r\npending\r\n:1\r\n$17\r\nlast-delivered-id\r\n$3\r\n2-1\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n$-1\r\n'),
        ])

    def test_xreadgroup_errors(self):
        """XREADGROUP's errors."""
        self.script(2, [
            ('XADD s 1-1 a b', b'$3\r\n1-1\r\n'),
            ('XGROUP CREATE s g 0', b'+OK\r\n'),
            ('XREADGROUP GROUP g c STREAMS s $', b'-ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.\r\n'),
            ('XREADGROUP GROUP nog c STREAMS s >', b"-NOGROUP No such key 's' or consumer group 'nog' in XREADGROUP with GROUP option\r\n"),
            ('XREADGROUP GROUP g c STREAMS s n > >', b"-NOGROUP No such key 'n' or consumer group 'g' in XREADGROUP with GROUP option\r\n"),
            ('XREADGROUP GROUP g c STREAMS s 0 0', b"-ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.\r\n"),
            ('XREADGROUP g c STREAMS s >', b"-ERR wrong number of arguments for 'xreadgroup' command\r\n"),
            ('XREADGROUP COUNT 1 STREAMS s >', b"-ERR wrong number of arguments for 'xreadgroup' command\r\n"),
            ('XREADGROUP GROUP g c STREAMS s x', b'-ERR Invalid stream ID specified as stream command argument\r\n'),
            ('XREADGROUP GROUP g c', b"-ERR wrong number of arguments for 'xreadgroup' command\r\n"),
        ])

    def test_lag_and_entries_read(self):
        """entries-read and lag follow Redis 7.0's rules around deletions."""
        self.script(2, [
            ('XADD s 1-1 a 1', b'$3\r\n1-1\r\n'),
            ('XADD s 2-1 a 2', b'$3\r\n2-1\r\n'),
            ('XADD s 3-1 a 3', b'$3\r\n3-1\r\n'),
            ('XADD s 4-1 a 4', b'$3\r\n4-1\r\n'),
            ('XGROUP CREATE s g 0', b'+OK\r\n'),
            ('XGROUP CREATE s g2 2-1', b'+OK\r\n'),
            ('XGROUP CREATE s g3 $', b'+OK\r\n'),
            ('XGROUP CREATE s g4 0 ENTRIESREAD 2', b'+OK\r\n'),
            ('XINFO GROUPS s', b'*4\r\n*12\r\n$4\r\nname\r\n$1\r\ng\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-delivered-id\r\n$3\r\n0-0\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n:4\r\n*12\r\n$4\r\nname\r\n$2\r\ng2\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-delivered-id\r\n$3\r\n2-1\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n$-1\r\n*12\r\n$4\r\nname\r\n$2\r\ng3\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-delivered-id\r\n$3\r\n4-1\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n:0\r\n*12\r\n$4\r\nname\r\n$2\r\ng4\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-delivered-id\r\n$3\r\n0-0\r\n$12\r\nentries-read\r\n:2\r\n$3\r\nlag\r\n:2\r\n'),
            ('XDEL s 3-1', b':1\r\n'),
            ('XINFO GROUPS s', b'*4\r\n*12\r\n$4\r\nname\r\n$1\r\ng\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-delivered-id\r\n$3\r\n0-0\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n$-1\r\n*12\r\n$4\r\nname\r\n$2\r\ng2\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-delivered-id\r\n$3\r\n2-1\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n$-1\r\n*12\r\n$4\r\nname\r\n$2\r\ng3\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-delivered-id\r\n$3\r\n4-1\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n:0\r\n*12\r\n$4\r\nname\r\n$2\r\ng4\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-delivered-id\r\n$3\r\n0-0\r\n$12\r\nentries-read\r\n:2\r\n$3\r\nlag\r\n$-1\r\n'),
            ('XREADGROUP GROUP g c COUNT 2 STREAMS s >', b'*1\r\n*2\r\n$1\r\ns\r\n*2\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n2-1\r\n*2\r\n$1\r\na\r\n$1\r\n2\r\n'),
            ('XREADGROUP GROUP g4 c COUNT 1 STREAMS s >', b'*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n'),
            ('XINFO GROUPS s', b'*4\r\n*12\r\n$4\r\nname\r\n$1\r\ng\r\n$9\r\nconsumers\r\n:1\r\n$7\r\npending\r\n:2\r\n$17\r\nlast-delivered-id\r\n$3\r\n2-1\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n$-1\r\n*12\r\n$4\r\nname\r\n$2\r\ng2\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-delivered-id\r\n$3\r\n2-1\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n$-1\r\n*12\r\n$4\r\nname\r\n$2\r\ng3\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-delivered-id\r\n$3\r\n4-1\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n:0\r\n*12\r\n$4\r\nname\r\n$2\r\ng4\r\n$9\r\nconsumers\r\n:1\r\n$7\r\npending\r\n:1\r\n$17\r\nlast-delivered-id\r\n$3\r\n1-1\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n$-1\r\n'),
            ('XDEL s 1-1', b':1\r\n'),
            ('XINFO GROUPS s', b'*4\r\n*12\r\n$4\r\nname\r\n$1\r\ng\r\n$9\r\nconsumers\r\n:1\r\n$7\r\npending\r\n:2\r\n$17\r\nlast-delivered-id\r\n$3\r\n2-1\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n$-1\r\n*12\r\n$4\r\nname\r\n$2\r\ng2\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-delivered-id\r\n$3\r\n2-1\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n$-1\r\n*12\r\n$4\r\nname\r\n$2\r\ng3\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-delivered-id\r\n$3\r\n4-1\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n:0\r\n*12\r\n$4\r\nname\r\n$2\r\ng4\r\n$9\r\nconsumers\r\n:1\r\n$7\r\npending\r\n:1\r\n$17\r\nlast-delivered-id\r\n$3\r\n1-1\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n$-1\r\n'),
            ('XTRIM s MAXLEN 0', b':2\r\n'),
            ('XINFO GROUPS s', b'*4\r\n*12\r\n$4\r\nname\r\n$1\r\ng\r\n$9\r\nconsumers\r\n:1\r\n$7\r\npending\r\n:2\r\n$17\r\nlast-delivered-id\r\n$3\r\n2-1\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n:0\r\n*12\r\n$4\r\nname\r\n$2\r\ng2\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-delivered-id\r\n$3\r\n2-1\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n:0\r\n*12\r\n$4\r\nname\r\n$2\r\ng3\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-delivered-id\r\n$3\r\n4-1\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n:0\r\n*12\r\n$4\r\nname\r\n$2\r\ng4\r\n$9\r\nconsumers\r\n:1\r\n$7\r\npending\r\n:1\r\n$17\r\nlast-delivered-id\r\n$3\r\n1-1\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n:0\r\n'),
            ('XINFO STREAM s', b'*20\r\n$6\r\nlength\r\n:0\r\n$15\r\nradix-tree-keys\r\n:0\r\n$16\r\nradix-tree-nodes\r\n:1\r\n$17\r\nlast-generated-id\r\n$3\r\n4-1\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n3-1\r\n$13\r\nentries-added\r\n:4\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n0-0\r\n$6\r\ngroups\r\n:4\r\n$11\r\nfirst-entry\r\n$-1\r\n$10\r\nlast-entry\r\n$-1\r\n'),
        ])

    def test_xack_errors(self):
        """XACK on missing keys/groups answers 0 before looking at IDs."""
        self.script(2, [
            ('XADD s 1-1 a b', b'$3\r\n1-1\r\n'),
            ('XGROUP CREATE s g 0', b'+OK\r\n'),
            ('XACK s g 1-1 x', b'-ERR Invalid stream ID specified as stream command argument\r\n'),
            ('XACK n g 1', b':0\r\n'),
            ('XACK s nog x', b':0\r\n'),
            ('XACK s g', b"-ERR wrong number of arguments for 'xack' command\r\n"),
        ])

    def test_xpending_errors(self):
        """XPENDING's argument errors and empty answers."""
        self.script(2, [
            ('XADD s 1-1 a b', b'$3\r\n1-1\r\n'),
            ('XGROUP CREATE s g 0', b'+OK\r\n'),
            ('XPENDING s g - + x', b'-ERR value is not an integer or out of range\r\n'),
            ('XPENDING s g IDLE x - + 1', b'-ERR value is not an integer or out of range\r\n'),
            ('XPENDING s g IDLE 1 - +', b'-ERR syntax error\r\n'),
            ('XPENDING s g - +', b'-ERR syntax error\r\n'),
            ('XPENDING n g', b"-NOGROUP No such key 'n' or consumer group 'g'\r\n"),
            ('XPENDING s g x + 1', b'-ERR Invalid stream ID specified as stream command argument\r\n'),
            ('XPENDING s g - + 1 c extra', b'*0\r\n'),
            ('XPENDING s g - + 10 nobody', b'*0\r\n'),
            ('XPENDING s g (- + 1', b'-ERR Invalid stream ID specified as stream command argument\r\n'),
        ])

    def test_xclaim(self):
        """FORCE, JUSTID, RETRYCOUNT and LASTID; claiming a deleted entry drops it from the PEL."""
        self.script(2, [
            ('XADD s 1-1 a 1', b'$3\r\n1-1\r\n'),
            ('XADD s 2-1 b 2 c 3', b'$3\r\n2-1\r\n'),
            ('XADD s 3-1 a 3', b'$3\r\n3-1\r\n'),
            ('XGROUP CREATE s g 0', b'+OK\r\n'),
            ('XCLAIM s g c 0 1-1 FORCE', b'*1\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n'),
            ('XCLAIM s g c 0 2-1 FORCE JUSTID', b'*1\r\n$3\r\n2-1\r\n'),
            ('XCLAIM s g c 0 9-9 FORCE', b'*0\r\n'),
            ('XCLAIM s g d 0 1-1 2-1 JUSTID RETRYCOUNT 7 LASTID 9-9', b'*2\r\n$3\r\n1-1\r\n$3\r\n2-1\r\n'),
            ('XINFO GROUPS s', b'*1\r\n*12\r\n$4\r\nname\r\n$1\r\ng\r\n$9\r\nconsumers\r\n:2\r\n$7\r\npending\r\n:2\r\n$17\r\nlast-delivered-id\r\n$3\r\n9-9\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n$-1\r\n'),
            ('XDEL s 2-1', b':1\r\n'),
            ('XCLAIM s g e 0 2-1 1-1 JUSTID', b'*1\r\n$3\r\n1-1\r\n'),
            ('XPENDING s g', b'*4\r\n:1\r\n$3\r\n1-1\r\n$3\r\n1-1\r\n*1\r\n*2\r\n$1\r\ne\r\n$1\r\n1\r\n'),
            ('XINFO STREAM s', b'*20\r\n$6\r\nlength\r\n:2\r\n$15\r\nradix-tree-keys\r\n:1\r\n$16\r\nradix-tree-nodes\r\n:2\r\n$17\r\nlast-generated-id\r\n$3\r\n3-1\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n2-1\r\n$13\r\nentries-added\r\n:3\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n1-1\r\n$6\r\ngroups\r\n:1\r\n$11\r\nfirst-entry\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n$10\r\nlast-entry\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n3\r\n'),
        ])

    def test_xclaim_errors(self):
        """XCLAIM's errors."""
        self.script(2, [
            ('XADD s 1-1 a b', b'$3\r\n1-1\r\n'),
            ('XGROUP CREATE s g 0', b'+OK\r\n'),
            ('XCLAIM s g c 0 x', b"-ERR Unrecognized XCLAIM option 'x'\r\n"),
            ('XCLAIM s g c x 1', b'-ERR Invalid min-idle-time argument for XCLAIM\r\n'),
            ('XCLAIM s g c 0 1 FOO', b"-ERR Unrecognized XCLAIM option 'FOO'\r\n"),
            ('XCLAIM s g c 0 1 IDLE x', b'-ERR Invalid IDLE option argument for XCLAIM\r\n'),
            ('XCLAIM s g c 0 1 TIME x', b'-ERR Invalid TIME option argument for XCLAIM\r\n'),
            ('XCLAIM s g c 0 1 RETRYCOUNT x', b'-ERR Invalid RETRYCOUNT option argument for XCLAIM\r\n'),
            ('XCLAIM s g c 0 1 LASTID x', b'-ERR Invalid stream ID specified as stream command argument\r\n'),
            ('XCLAIM n g c 0 1', b"-NOGROUP No such key 'n' or consumer group 'g'\r\n"),
            ('XCLAIM s g c 0', b"-ERR wrong number of arguments for 'xclaim' command\r\n"),
        ])

    def test_xautoclaim(self):
        """XAUTOCLAIM's cursor, COUNT, JUSTID and its list of deleted IDs."""
        self.script(2, [
            ('XADD s 1-1 a 1', b'$3\r\n1-1\r\n'),
            ('XADD s 2-1 b 2 c 3', b'$3\r\n2-1\r\n'),
            ('XADD s 3-1 a 3', b'$3\r\n3-1\r\n'),
            ('XADD s 4-1 a 4', b'$3\r\n4-1\r\n'),
            ('XGROUP CREATE s g 0', b'+OK\r\n'),
            ('XREADGROUP GROUP g c STREAMS s >', b'*1\r\n*2\r\n$1\r\ns\r\n*4\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n3\r\n*2\r\n$3\r\n4-1\r\n*2\r\n$1\r\na\r\n$1\r\n4\r\n'),
            ('XDEL s 2-1', b':1\r\n'),
            ('XAUTOCLAIM s g d 0 0 COUNT 1', b'*3\r\n$3\r\n2-1\r\n*1\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*0\r\n'),
            ('XAUTOCLAIM s g d 0 0 COUNT 1 JUSTID', b'*3\r\n$3\r\n2-1\r\n*1\r\n$3\r\n1-1\r\n*0\r\n'),
            ('XAUTOCLAIM s g d 0 0', b'*3\r\n$3\r\n0-0\r\n*3\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n3\r\n*2\r\n$3\r\n4-1\r\n*2\r\n$1\r\na\r\n$1\r\n4\r\n*1\r\n$3\r\n2-1\r\n'),
            ('XAUTOCLAIM s g d 0 (18446744073709551615-18446744073709551615', b'-ERR invalid start ID for the interval\r\n'),
            ('XPENDING s g', b'*4\r\n:3\r\n$3\r\n1-1\r\n$3\r\n4-1\r\n*1\r\n*2\r\n$1\r\nd\r\n$1\r\n3\r\n'),
        ])

    def test_xautoclaim_resp3(self):
        """XAUTOCLAIM's cursor, COUNT, JUSTID and its list of deleted IDs. (RESP3)"""
        self.script(3, [
            ('XADD s 1-1 a 1', b'$3\r\n1-1\r\n'),
            ('XADD s 2-1 b 2 c 3', b'$3\r\n2-1\r\n'),
            ('XADD s 3-1 a 3', b'$3\r\n3-1\r\n'),
            ('XADD s 4-1 a 4', b'$3\r\n4-1\r\n'),
            ('XGROUP CREATE s g 0', b'+OK\r\n'),
            ('XREADGROUP GROUP g c STREAMS s >', b'%1\r\n$1\r\ns\r\n*4\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n3\r\n*2\r\n$3\r\n4-1\r\n*2\r\n$1\r\na\r\n$1\r\n4\r\n'),
            ('XDEL s 2-1', b':1\r\n'),
            ('XAUTOCLAIM s g d 0 0 COUNT 1', b'*3\r\n$3\r\n2-1\r\n*1\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*0\r\n'),
            ('XAUTOCLAIM s g d 0 0 COUNT 1 JUSTID', b'*3\r\n$3\r\n2-1\r\n*1\r\n$3\r\n1-1\r\n*0\r\n'),
            ('XAUTOCLAIM s g d 0 0', b'*3\r\n$3\r\n0-0\r\n*3\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n3\r\n*2\r\n$3\r\n4-1\r\n*2\r\n$1\r\na\r\n$1\r\n4\r\n*1\r\n$3\r\n2-1\r\n'),
            ('XAUTOCLAIM s g d 0 (18446744073709551615-18446744073709551615', b'-ERR invalid start ID for the interval\r\n'),
            ('XPENDING s g', b'*4\r\n:3\r\n$3\r\n1-1\r\n$3\r\n4-1\r\n*1\r\n*2\r\n$1\r\nd\r\n$1\r\n3\r\n'),
        ])

    def test_xautoclaim_errors(self):
        """XAUTOCLAIM's errors."""
        self.script(2, [
            ('XADD s 1-1 a b', b'$3\r\n1-1\r\n'),
            ('XGROUP CREATE s g 0', b'+OK\r\n'),
            ('XAUTOCLAIM s g c 0 0 COUNT 0', b'-ERR COUNT must be > 0\r\n'),
            ('XAUTOCLAIM s g c x 0', b'-ERR Invalid min-idle-time argument for XAUTOCLAIM\r\n'),
            ('XAUTOCLAIM s g c 0 x', b'-ERR Invalid stream ID specified as stream command argument\r\n'),
            ('XAUTOCLAIM s g c 0 0 FOO', b'-ERR syntax error\r\n'),
            ('XAUTOCLAIM n g c 0 0', b"-NOGROUP No such key 'n' or consumer group 'g'\r\n"),
            ('XAUTOCLAIM s g c 0 0 COUNT x', b'-ERR COUNT must be > 0\r\n'),
            ('XAUTOCLAIM s g c 0 (18446744073709551615-18446744073709551615', b'-ERR invalid start ID for the interval\r\n'),
        ])

    def test_xsetid(self):
        """XSETID's checks and counters."""
        self.script(2, [
            ('XADD s 1-1 a 1', b'$3\r\n1-1\r\n'),
            ('XADD s 2-1 b 2 c 3', b'$3\r\n2-1\r\n'),
            ('XADD s 3-1 a 3', b'$3\r\n3-1\r\n'),
            ('XDEL s 3-1', b':1\r\n'),
            ('XSETID s 1-1', b'-ERR The ID specified in XSETID is smaller than the target stream top item\r\n'),
            ('XSETID s 9-9 ENTRIESADDED 1', b'-ERR The entries_added specified in XSETID is smaller than the target stream length\r\n'),
            ('XSETID s 9-9 ENTRIESADDED -1', b'-ERR entries_added must be positive\r\n'),
            ('XSETID s 9-9 MAXDELETEDID 10-1', b'-ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id\r\n'),
            ('XSETID s 9-9 ENTRIESADDED 10 MAXDELETEDID 9-0', b'+OK\r\n'),
            ('XINFO STREAM s', b'*20\r\n$6\r\nlength\r\n:2\r\n$15\r\nradix-tree-keys\r\n:1\r\n$16\r\nradix-tree-nodes\r\n:2\r\n$17\r\nlast-generated-id\r\n$3\r\n9-9\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n9-0\r\n$13\r\nentries-added\r\n:10\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n1-1\r\n$6\r\ngroups\r\n:0\r\n$11\r\nfirst-entry\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n$10\r\nlast-entry\r\n*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n'),
            ('XSETID n 5', b'-ERR no such key\r\n'),
            ('XSETID s 5 FOO', b'-ERR syntax error\r\n'),
            ('XSETID s x', b'-ERR Invalid stream ID specified as stream command argument\r\n'),
            ('XSETID s 10-10 ENTRIESADDED', b'-ERR syntax error\r\n'),
            ('XDEL s 1-1 2-1', b':2\r\n'),
            ('XSETID s 3-1', b'+OK\r\n'),
            ('XINFO STREAM s', b'*20\r\n$6\r\nlength\r\n:0\r\n$15\r\nradix-tree-keys\r\n:0\r\n$16\r\nradix-tree-nodes\r\n:1\r\n$17\r\nlast-generated-id\r\n$3\r\n3-1\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n9-0\r\n$13\r\nentries-added\r\n:10\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n0-0\r\n$6\r\ngroups\r\n:0\r\n$11\r\nfirst-entry\r\n$-1\r\n$10\r\nlast-entry\r\n$-1\r\n'),
        ])

    def test_xinfo(self):
        """XINFO STREAM (plain and FULL), GROUPS, CONSUMERS, HELP and their errors."""
        self.script(2, [
            ('XADD s 1-1 a 1', b'$3\r\n1-1\r\n'),
            ('XADD s 2-1 b 2 c 3', b'$3\r\n2-1\r\n'),
            ('XADD s 3-1 a 3', b'$3\r\n3-1\r\n'),
            ('XGROUP CREATE s g 0', b'+OK\r\n'),
            ('XINFO STREAM s', b'*20\r\n$6\r\nlength\r\n:3\r\n$15\r\nradix-tree-keys\r\n:1\r\n$16\r\nradix-tree-nodes\r\n:2\r\n$17\r\nlast-generated-id\r\n$3\r\n3-1\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n0-0\r\n$13\r\nentries-added\r\n:3\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n1-1\r\n$6\r\ngroups\r\n:1\r\n$11\r\nfirst-entry\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n$10\r\nlast-entry\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n3\r\n'),
            ('XINFO STREAM s FULL', b'*18\r\n$6\r\nlength\r\n:3\r\n$15\r\nradix-tree-keys\r\n:1\r\n$16\r\nradix-tree-nodes\r\n:2\r\n$17\r\nlast-generated-id\r\n$3\r\n3-1\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n0-0\r\n$13\r\nentries-added\r\n:3\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n1-1\r\n$7\r\nentries\r\n*3\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n3\r\n$6\r\ngroups\r\n*1\r\n*14\r\n$4\r\nname\r\n$1\r\ng\r\n$17\r\nlast-delivered-id\r\n$3\r\n0-0\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n:3\r\n$9\r\npel-count\r\n:0\r\n$7\r\npending\r\n*0\r\n$9\r\nconsumers\r\n*0\r\n'),
            ('XINFO STREAM s FULL COUNT 1', b'*18\r\n$6\r\nlength\r\n:3\r\n$15\r\nradix-tree-keys\r\n:1\r\n$16\r\nradix-tree-nodes\r\n:2\r\n$17\r\nlast-generated-id\r\n$3\r\n3-1\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n0-0\r\n$13\r\nentries-added\r\n:3\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n1-1\r\n$7\r\nentries\r\n*1\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n$6\r\ngroups\r\n*1\r\n*14\r\n$4\r\nname\r\n$1\r\ng\r\n$17\r\nlast-delivered-id\r\n$3\r\n0-0\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n:3\r\n$9\r\npel-count\r\n:0\r\n$7\r\npending\r\n*0\r\n$9\r\nconsumers\r\n*0\r\n'),
            ('XINFO STREAM s FULL COUNT 0', b'*18\r\n$6\r\nlength\r\n:3\r\n$15\r\nradix-tree-keys\r\n:1\r\n$16\r\nradix-tree-nodes\r\n:2\r\n$17\r\nlast-generated-id\r\n$3\r\n3-1\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n0-0\r\n$13\r\nentries-added\r\n:3\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n1-1\r\n$7\r\nentries\r\n*3\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n3\r\n$6\r\ngroups\r\n*1\r\n*14\r\n$4\r\nname\r\n$1\r\ng\r\n$17\r\nlast-delivered-id\r\n$3\r\n0-0\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n:3\r\n$9\r\npel-count\r\n:0\r\n$7\r\npending\r\n*0\r\n$9\r\nconsumers\r\n*0\r\n'),
            ('XINFO STREAM s FULL COUNT -5', b'*18\r\n$6\r\nlength\r\n:3\r\n$15\r\nradix-tree-keys\r\n:1\r\n$16\r\nradix-tree-nodes\r\n:2\r\n$17\r\nlast-generated-id\r\n$3\r\n3-1\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n0-0\r\n$13\r\nentries-added\r\n:3\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n1-1\r\n$7\r\nentries\r\n*3\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n3\r\n$6\r\ngroups\r\n*1\r\n*14\r\n$4\r\nname\r\n$1\r\ng\r\n$17\r\nlast-delivered-id\r\n$3\r\n0-0\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n:3\r\n$9\r\npel-count\r\n:0\r\n$7\r\npending\r\n*0\r\n$9\r\nconsumers\r\n*0\r\n'),
            ('XINFO STREAM n', b'-ERR no such key\r\n'),
            ('XINFO STREAM s FOO', b"-ERR unknown subcommand or wrong number of arguments for 'STREAM'. Try XINFO HELP.\r\n"),
            ('XINFO STREAM s FULL COUNT', b"-ERR unknown subcommand or wrong number of arguments for 'STREAM'. Try XINFO HELP.\r\n"),
            ('XINFO STREAM s FULL COUNT x', b'-ERR value is not an integer or out of range\r\n'),
            ('XINFO CONSUMERS s nog', b"-NOGROUP No such consumer group 'nog' for key name 's'\r\n"),
            ('XINFO CONSUMERS s g', b'*0\r\n'),
            ('XINFO GROUPS n', b'-ERR no such key\r\n'),
            ('XINFO FOO s', b"-ERR unknown subcommand 'FOO'. Try XINFO HELP.\r\n"),
            ('XINFO HELP', b'*9\r\n+XINFO <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+CONSUMERS <key> <groupname>\r\n+    Show consumers of <groupname>.\r\n+GROUPS <key>\r\n+    Show the stream consumer groups.\r\n+STREAM <key> [FULL [COUNT <count>]\r\n+    Show information about the stream.\r\n+HELP\r\n+    Prints this help.\r\n'),
            ('XINFO HELP x', b"-ERR wrong number of arguments for 'xinfo|help' command\r\n"),
            ('XINFO GROUPS', b"-ERR wrong number of arguments for 'xinfo|groups' command\r\n"),
        ])

    def test_xinfo_resp3(self):
        """XINFO STREAM (plain and FULL), GROUPS, CONSUMERS, HELP and their errors. (RESP3)"""
        self.script(3, [
            ('XADD s 1-1 a 1', b'$3\r\n1-1\r\n'),
            ('XADD s 2-1 b 2 c 3', b'$3\r\n2-1\r\n'),
            ('XADD s 3-1 a 3', b'$3\r\n3-1\r\n'),
            ('XGROUP CREATE s g 0', b'+OK\r\n'),
            ('XINFO STREAM s', b'%10\r\n$6\r\nlength\r\n:3\r\n$15\r\nradix-tree-keys\r\n:1\r\n$16\r\nradix-tree-nodes\r\n:2\r\n$17\r\nlast-generated-id\r\n$3\r\n3-1\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n0-0\r\n$13\r\nentries-added\r\n:3\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n1-1\r\n$6\r\ngroups\r\n:1\r\n$11\r\nfirst-entry\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n$10\r\nlast-entry\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n3\r\n'),
            ('XINFO STREAM s FULL', b'%9\r\n$6\r\nlength\r\n:3\r\n$15\r\nradix-tree-keys\r\n:1\r\n$16\r\nradix-tree-nodes\r\n:2\r\n$17\r\nlast-generated-id\r\n$3\r\n3-1\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n0-0\r\n$13\r\nentries-added\r\n:3\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n1-1\r\n$7\r\nentries\r\n*3\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n3\r\n$6\r\ngroups\r\n*1\r\n%7\r\n$4\r\nname\r\n$1\r\ng\r\n$17\r\nlast-delivered-id\r\n$3\r\n0-0\r\n$12\r\nentries-read\r\n_\r\n$3\r\nlag\r\n:3\r\n$9\r\npel-count\r\n:0\r\n$7\r\npending\r\n*0\r\n$9\r\nconsumers\r\n*0\r\n'),
            ('XINFO STREAM s FULL COUNT 1', b'%9\r\n$6\r\nlength\r\n:3\r\n$15\r\nradix-tree-keys\r\n:1\r\n$16\r\nradix-tree-nodes\r\n:2\r\n$17\r\nlast-generated-id\r\n$3\r\n3-1\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n0-0\r\n$13\r\nentries-added\r\n:3\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n1-1\r\n$7\r\nentries\r\n*1\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n$6\r\ngroups\r\n*1\r\n%7\r\n$4\r\nname\r\n$1\r\ng\r\n$17\r\nlast-delivered-id\r\n$3\r\n0-0\r\n$12\r\nentries-read\r\n_\r\n$3\r\nlag\r\n:3\r\n$9\r\npel-count\r\n:0\r\n$7\r\npending\r\n*0\r\n$9\r\nconsumers\r\n*0\r\n'),
            ('XINFO STREAM s FULL COUNT 0', b'%9\r\n$6\r\nlength\r\n:3\r\n$15\r\nradix-tree-keys\r\n:1\r\n$16\r\nradix-tree-nodes\r\n:2\r\n$17\r\nlast-generated-id\r\n$3\r\n3-1\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n0-0\r\n$13\r\nentries-added\r\n:3\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n1-1\r\n$7\r\nentries\r\n*3\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n3\r\n$6\r\ngroups\r\n*1\r\n%7\r\n$4\r\nname\r\n$1\r\ng\r\n$17\r\nlast-delivered-id\r\n$3\r\n0-0\r\n$12\r\nentries-read\r\n_\r\n$3\r\nlag\r\n:3\r\n$9\r\npel-count\r\n:0\r\n$7\r\npending\r\n*0\r\n$9\r\nconsumers\r\n*0\r\n'),
            ('XINFO STREAM s FULL COUNT -5', b'%9\r\n$6\r\nlength\r\n:3\r\n$15\r\nradix-tree-keys\r\n:1\r\n$16\r\nradix-tree-nodes\r\n:2\r\n$17\r\nlast-generated-id\r\n$3\r\n3-1\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n0-0\r\n$13\r\nentries-added\r\n:3\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n1-1\r\n$7\r\nentries\r\n*3\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n3\r\n$6\r\ngroups\r\n*1\r\n%7\r\n$4\r\nname\r\n$1\r\ng\r\n$17\r\nlast-delivered-id\r\n$3\r\n0-0\r\n$12\r\nentries-read\r\n_\r\n$3\r\nlag\r\n:3\r\n$9\r\npel-count\r\n:0\r\n$7\r\npending\r\n*0\r\n$9\r\nconsumers\r\n*0\r\n'),
            ('XINFO STREAM n', b'-ERR no such key\r\n'),
            ('XINFO STREAM s FOO', b"-ERR unknown subcommand or wrong number of arguments for 'STREAM'. Try XINFO HELP.\r\n"),
            ('XINFO STREAM s FULL COUNT', b"-ERR unknown subcommand or wrong number of arguments for 'STREAM'. Try XINFO HELP.\r\n"),
            ('XINFO STREAM s FULL COUNT x', b'-ERR value is not an integer or out of range\r\n'),
            ('XINFO CONSUMERS s nog', b"-NOGROUP No such consumer group 'nog' for key name 's'\r\n"),
            ('XINFO CONSUMERS s g', b'*0\r\n'),
            ('XINFO GROUPS n', b'-ERR no such key\r\n'),
            ('XINFO FOO s', b"-ERR unknown subcommand 'FOO'. Try XINFO HELP.\r\n"),
            ('XINFO HELP', b'*9\r\n+XINFO <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+CONSUMERS <key> <groupname>\r\n+    Show consumers of <groupname>.\r\n+GROUPS <key>\r\n+    Show the stream consumer groups.\r\n+STREAM <key> [FULL [COUNT <count>]\r\n+    Show information about the stream.\r\n+HELP\r\n+    Prints this help.\r\n'),
            ('XINFO HELP x', b"-ERR wrong number of arguments for 'xinfo|help' command\r\n"),
            ('XINFO GROUPS', b"-ERR wrong number of arguments for 'xinfo|groups' command\r\n"),
        ])


class ClockTests(StreamTestCase):
    """Automatic IDs, idle times and delivery times follow the server clock."""

    def test_auto_ids(self):
        """'*' takes the clock's milliseconds, and a sequence above the last ID when the clock is behind."""
        self.assertEqual(self.call("XADD", "s", "*", "f", "v"), b"$15\r\n1700000000000-0\r\n")
        self.assertEqual(self.call("XADD", "s", "*", "f", "v"), b"$15\r\n1700000000000-1\r\n")
        self.server.advance(5)
        self.assertEqual(self.call("XADD", "s", "*", "f", "v"), b"$15\r\n1700000000005-0\r\n")
        self.call("XADD", "s", "1800000000000-0", "f", "v")
        self.assertEqual(self.call("XADD", "s", "*", "f", "v"), b"$15\r\n1800000000000-1\r\n")
        self.assertEqual(self.call("XADD", "s", "1800000000000-*", "f", "v"), b"$15\r\n1800000000000-2\r\n")

    def test_auto_id_carries_into_the_next_millisecond(self):
        """A last ID with the greatest sequence makes '*' move on to the next millisecond."""
        self.call("XADD", "s", "1700000000000-18446744073709551615", "f", "v")
        self.assertEqual(self.call("XADD", "s", "*", "f", "v"), b"$15\r\n1700000000001-0\r\n")

    def test_pending_idle_and_consumers(self):
        """XPENDING's idle time, its IDLE filter, and XINFO CONSUMERS' idle, from the clock."""
        self.call("XADD", "s", "1-1", "a", "1")
        self.call("XADD", "s", "2-1", "a", "2")
        self.call("XGROUP", "CREATE", "s", "g", "0")
        self.call("XREADGROUP", "GROUP", "g", "c", "COUNT", "1", "STREAMS", "s", ">")
        self.server.advance(100)
        self.call("XREADGROUP", "GROUP", "g", "d", "STREAMS", "s", ">")
        self.server.advance(50)
        self.assertEqual(
            self.call("XPENDING", "s", "g", "-", "+", "10"),
            b"*2\r\n*4\r\n$3\r\n1-1\r\n$1\r\nc\r\n:150\r\n:1\r\n*4\r\n$3\r\n2-1\r\n$1\r\nd\r\n:50\r\n:1\r\n",
        )
        self.assertEqual(
            self.call("XPENDING", "s", "g", "IDLE", "100", "-", "+", "10"),
            b"*1\r\n*4\r\n$3\r\n1-1\r\n$1\r\nc\r\n:150\r\n:1\r\n",
        )
        self.assertEqual(
            self.call("XINFO", "CONSUMERS", "s", "g"),
            b"*2\r\n*6\r\n$4\r\nname\r\n$1\r\nc\r\n$7\r\npending\r\n:1\r\n$4\r\nidle\r\n:150\r\n"
            b"*6\r\n$4\r\nname\r\n$1\r\nd\r\n$7\r\npending\r\n:1\r\n$4\r\nidle\r\n:50\r\n",
        )

    def test_claim_min_idle_and_times(self):
        """XCLAIM skips entries idle for less than asked; IDLE and TIME set the delivery time (clamped to now)."""
        self.call("XADD", "s", "1-1", "a", "1")
        self.call("XGROUP", "CREATE", "s", "g", "0")
        self.call("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">")
        self.server.advance(10)
        self.assertEqual(self.call("XCLAIM", "s", "g", "d", "20", "1-1", "JUSTID"), b"*0\r\n")
        self.assertEqual(self.call("XCLAIM", "s", "g", "d", "5", "1-1", "JUSTID", "IDLE", "70"), b"*1\r\n$3\r\n1-1\r\n")
        self.assertEqual(self.call("XPENDING", "s", "g", "-", "+", "1"), b"*1\r\n*4\r\n$3\r\n1-1\r\n$1\r\nd\r\n:70\r\n:1\r\n")
        self.call("XCLAIM", "s", "g", "e", "0", "1-1", "TIME", str(NOW + 10**6))
        self.assertEqual(self.call("XPENDING", "s", "g", "-", "+", "1"), b"*1\r\n*4\r\n$3\r\n1-1\r\n$1\r\ne\r\n:0\r\n:2\r\n")
        self.server.advance(30)
        self.assertEqual(self.call("XAUTOCLAIM", "s", "g", "f", "31", "0", "JUSTID"), b"*3\r\n$3\r\n0-0\r\n*0\r\n*0\r\n")
        self.assertEqual(
            self.call("XAUTOCLAIM", "s", "g", "f", "30", "0", "JUSTID"), b"*3\r\n$3\r\n0-0\r\n*1\r\n$3\r\n1-1\r\n*0\r\n"
        )

    def test_xinfo_full_times(self):
        """XINFO STREAM FULL shows delivery and seen times as absolute milliseconds."""
        self.call("XADD", "s", "1-1", "a", "1")
        self.call("XGROUP", "CREATE", "s", "g", "0")
        self.call("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">")
        reply = self.call("XINFO", "STREAM", "s", "FULL")
        self.assertIn(b"*4\r\n$3\r\n1-1\r\n$1\r\nc\r\n:1700000000000\r\n:1\r\n", reply)
        self.assertIn(b"$9\r\nseen-time\r\n:1700000000000\r\n", reply)


class BlockingTests(StreamTestCase):
    """XREAD/XREADGROUP BLOCK hand the session a Block, and wake when a stream grows."""

    def handler(self, *args: str):
        argv = [a.encode() for a in args]
        return TABLE.lookup(argv).handler(self.client.session, argv)

    def test_xread_block_resolves_dollar(self):
        """'$' is pinned to the last ID at blocking time (0-0 for a missing key); COUNT defaults to 1000."""
        self.call("XADD", "s", "5-1", "f", "v")
        block = self.handler("XREAD", "BLOCK", "1500", "STREAMS", "s", "n", "$", "$")
        self.assertIsInstance(block, Block)
        self.assertEqual(block.keys, [b"s", b"n"])
        self.assertEqual(block.deadline_ms, NOW + 1500)
        self.assertIs(block.wanted, Stream)
        self.assertEqual(
            block.argv, [b"XREAD", b"COUNT", b"1000", b"BLOCK", b"1500", b"STREAMS", b"s", b"n", b"5-1", b"0-0"]
        )

    def test_xread_block_zero_and_count(self):
        """BLOCK 0 waits forever; an explicit COUNT is kept."""
        block = self.handler("XREAD", "COUNT", "3", "BLOCK", "0", "STREAMS", "s", "7")
        self.assertEqual((block.deadline_ms, block.argv[1:3]), (0, [b"COUNT", b"3"]))
        self.assertEqual(block.argv[-1], b"7-0")

    def test_xreadgroup_block_keeps_greater_than(self):
        """XREADGROUP blocks only on '>' and keeps it (and NOACK) for the re-run."""
        self.call("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM")
        block = self.handler("XREADGROUP", "GROUP", "g", "c", "NOACK", "BLOCK", "10", "STREAMS", "s", ">")
        self.assertEqual(
            block.argv,
            [b"XREADGROUP", b"GROUP", b"g", b"c", b"COUNT", b"1000", b"BLOCK", b"10", b"NOACK", b"STREAMS", b"s", b">"],
        )
        self.assertEqual(self.handler("XREADGROUP", "GROUP", "g", "c", "BLOCK", "10", "STREAMS", "s", "0"), [[b"s", []]])

    def test_xread_woken_by_xadd(self):
        """A client blocked on '$' gets the entry another client adds, and only that one."""
        self.call("XADD", "s", "1-1", "old", "x")
        other = self.server.session()
        self.assertEqual(self.call("XREAD", "BLOCK", "0", "STREAMS", "s", "$"), b"")
        other.call("XADD", "s", "2-1", "f", "v")
        self.assertEqual(
            b"".join(self.client.session.out), b"*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n2-1\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n"
        )
        self.assertIsNone(self.client.session.blocked)

    def test_xread_not_woken_by_other_type(self):
        """A string written at the key wakes nobody; the client stays parked."""
        other = self.server.session()
        self.call("XREAD", "BLOCK", "0", "STREAMS", "s", "$")
        other.call("SET", "s", "x")
        self.assertEqual(self.client.session.out, [])
        self.assertIsNotNone(self.client.session.blocked)

    def test_xreadgroup_woken_by_xadd(self):
        """A blocked consumer receives the new entry, which lands in its PEL."""
        other = self.server.session()
        other.call("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM")
        self.assertEqual(self.call("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">"), b"")
        other.call("XADD", "s", "3-1", "f", "v")
        self.assertEqual(
            b"".join(self.client.session.out), b"*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n"
        )
        self.assertEqual(other.call("XPENDING", "s", "g"), b"*4\r\n:1\r\n$3\r\n3-1\r\n$3\r\n3-1\r\n*1\r\n*2\r\n$1\r\nc\r\n$1\r\n1\r\n")

    def test_xreadgroup_group_destroyed(self):
        """Destroying the group a consumer waits on answers it Redis's NOGROUP for blocked clients."""
        other = self.server.session()
        other.call("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM")
        self.call("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">")
        other.call("XGROUP", "DESTROY", "s", "g")
        self.assertEqual(
            b"".join(self.client.session.out), b"-NOGROUP the consumer group this client was blocked on no longer exists\r\n"
        )


class WritePathTests(StreamTestCase):
    """Keyspace events, dirty counting and what replicas receive."""

    def test_events(self):
        """Class 't' events with Redis's names; XACK sends none, consumer creation by a read does."""
        for line in ["XADD s MAXLEN 1 1-1 a b", "XADD s MAXLEN 1 2-1 a b", "XGROUP CREATE s g 0",
                     "XREADGROUP GROUP g c STREAMS s >", "XCLAIM s g d 0 2-1", "XAUTOCLAIM s g e 0 0",
                     "XACK s g 2-1", "XGROUP CREATECONSUMER s g f", "XGROUP DELCONSUMER s g f",
                     "XGROUP SETID s g 0", "XDEL s 2-1", "XSETID s 5-5", "XGROUP DESTROY s g",
                     "XGROUP CREATE m g $ MKSTREAM", "XADD n NOMKSTREAM * a b"]:
            self.call(*line.split())
        self.assertEqual([event for event, kind, key in self.events if kind == "t"], [
            "xadd", "xadd", "xtrim", "xgroup-create", "xgroup-createconsumer", "xgroup-createconsumer",
            "xgroup-createconsumer", "xgroup-createconsumer", "xgroup-delconsumer", "xgroup-setid", "xdel",
            "xsetid", "xgroup-destroy", "xgroup-create",
        ])

    def test_xadd_propagates_the_generated_id(self):
        """'*' and 'ms-*' go to replicas as the ID made; '~' trimming as the exact length reached."""
        self.call("XADD", "s", "5-*", "f", "v")
        self.call("XADD", "s", "*", "f", "v")
        self.call("XADD", "s", "MAXLEN", "~", "10", "1800000000000-1", "f", "v")
        self.call("XADD", "s", "1800000000000-2", "f", "v")
        self.assertEqual(self.propagated, [
            [b"XADD", b"s", b"5-0", b"f", b"v"],
            [b"XADD", b"s", b"1700000000000-0", b"f", b"v"],
            [b"XADD", b"s", b"MAXLEN", b"=", b"3", b"1800000000000-1", b"f", b"v"],
            [b"XADD", b"s", b"1800000000000-2", b"f", b"v"],
        ])

    def test_xtrim_approx_propagates_exact(self):
        """An approximate XTRIM that removed something goes out as '=' with what was reached."""
        for i in range(1, 151):
            self.call("XADD", "s", f"{i}-1", "f", "v")
        del self.propagated[:]
        self.assertEqual(self.call("XTRIM", "s", "MINID", "~", "120"), b":100\r\n")
        self.assertEqual(self.call("XTRIM", "s", "MAXLEN", "~", "10"), b":0\r\n")
        self.assertEqual(self.propagated, [[b"XTRIM", b"s", b"MINID", b"=", b"101-1"]])

    def test_xreadgroup_propagates_claims(self):
        """
        As recorded from redis-server 7.0.15's replication stream: a group read
        goes out as one forced XCLAIM per entry, a NOACK read as XGROUP SETID,
        a history read or a read of nothing not at all.
        """
        self.call("XADD", "s", "1-1", "f", "v")
        self.call("XADD", "s", "2-1", "f", "v")
        self.call("XGROUP", "CREATE", "s", "g", "0")
        del self.propagated[:]
        self.call("XREADGROUP", "GROUP", "g", "c", "COUNT", "1", "STREAMS", "s", ">")
        self.call("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "0")
        self.call("XREADGROUP", "GROUP", "g", "c", "NOACK", "STREAMS", "s", ">")
        self.call("XREADGROUP", "GROUP", "g", "new", "STREAMS", "s", ">")
        self.call("XACK", "s", "g", "1-1")
        self.assertEqual(self.propagated, [
            [b"XCLAIM", b"s", b"g", b"c", b"0", b"1-1", b"TIME", b"1700000000000", b"RETRYCOUNT", b"1",
             b"FORCE", b"JUSTID", b"LASTID", b"1-1"],
            [b"XGROUP", b"SETID", b"s", b"g", b"2-1", b"ENTRIESREAD", b"2"],
            [b"XACK", b"s", b"g", b"1-1"],
        ])

    def test_replayed_claims_rebuild_the_group(self):
        """Replaying what was propagated on another server yields the same XINFO STREAM FULL."""
        for line in ["XADD s 1-1 a 1", "XADD s 2-1 a 2", "XADD s 3-1 a 3", "XGROUP CREATE s g 0",
                     "XREADGROUP GROUP g c COUNT 2 STREAMS s >", "XCLAIM s g d 0 2-1", "XDEL s 1-1",
                     "XAUTOCLAIM s g e 0 0", "XREADGROUP GROUP g c NOACK STREAMS s >"]:
            self.call(*line.split())
        replica = CoreServer(now_ms=NOW)
        client = replica.session()
        for argv in self.propagated:
            client.call(*argv)
        self.assertEqual(client.call("XINFO", "STREAM", "s", "FULL"), self.call("XINFO", "STREAM", "s", "FULL"))

    def test_copy_is_independent(self):
        """COPY duplicates entries, groups, consumers and PELs; changing one side leaves the other."""
        for line in ["XADD s 1-1 a 1", "XADD s 2-1 a 2", "XGROUP CREATE s g 0", "XREADGROUP GROUP g c STREAMS s >",
                     "COPY s t", "XACK t g 1-1", "XADD t 3-1 a 3", "XGROUP CREATECONSUMER t g z", "XDEL t 2-1"]:
            self.call(*line.split())
        self.assertEqual(self.call("XPENDING", "s", "g"), b"*4\r\n:2\r\n$3\r\n1-1\r\n$3\r\n2-1\r\n*1\r\n*2\r\n$1\r\nc\r\n$1\r\n2\r\n")
        self.assertEqual(self.call("XPENDING", "t", "g"), b"*4\r\n:1\r\n$3\r\n2-1\r\n$3\r\n2-1\r\n*1\r\n*2\r\n$1\r\nc\r\n$1\r\n1\r\n")
        self.assertEqual(self.call("XLEN", "s"), b":2\r\n")
        self.assertEqual(self.call("XINFO", "STREAM", "s"), self.call("XINFO", "STREAM", "s"))
        self.assertIn(b"$20\r\nmax-deleted-entry-id\r\n$3\r\n0-0\r\n", self.call("XINFO", "STREAM", "s"))

    def test_ttl_kept(self):
        """Stream writes keep the key's TTL, as Redis does."""
        self.call("XADD", "s", "1-1", "a", "1")
        self.call("PEXPIRE", "s", "1000")
        self.call("XADD", "s", "2-1", "a", "1")
        self.call("XGROUP", "CREATE", "s", "g", "0")
        self.assertEqual(self.call("PTTL", "s"), b":1000\r\n")

    def test_watch_sees_entries_not_groups(self):
        """As in Redis 7.0.15: WATCH is broken by XADD and key creation, not by group or ID bookkeeping."""
        other = self.server.session()
        self.call("XADD", "s", "1-1", "f", "v")
        self.call("XGROUP", "CREATE", "s", "g0", "0")
        for line, broken in [("XGROUP CREATE s g 0", False), ("XGROUP SETID s g0 0", False),
                             ("XGROUP CREATECONSUMER s g0 c", False), ("XREADGROUP GROUP g0 c2 STREAMS s >", False),
                             ("XACK s g0 1-1", False), ("XCLAIM s g0 c 0 1-1 FORCE", False),
                             ("XGROUP DELCONSUMER s g0 c", False), ("XGROUP DESTROY s g0", False),
                             ("XSETID s 9-9", False), ("XDEL s 7-7", False), ("XADD s 10-1 a b", True),
                             ("XDEL s 10-1", True)]:
            self.call("WATCH", "s")
            self.call("MULTI")
            self.call("PING")
            other.call(*line.split())
            self.assertEqual(self.call("EXEC"), b"*-1\r\n" if broken else b"*1\r\n+PONG\r\n", line)

    def test_block_inside_multi(self):
        """Inside MULTI a blocking read answers its timeout reply at once."""
        self.call("MULTI")
        self.call("XREAD", "BLOCK", "0", "STREAMS", "s", "$")
        self.assertEqual(self.call("EXEC"), b"*1\r\n*-1\r\n")
