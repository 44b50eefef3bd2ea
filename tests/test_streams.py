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

from twisted.trial.unittest import SynchronousTestCase

from tests._core import CoreServer
from txredisd.core.blocking import Block
from txredisd.core.commands import TABLE
from txredisd.core.types.stream import Stream

NOW = 1_700_000_000_000


class StreamTestCase(SynchronousTestCase):
    """A fresh core server; propagated commands and keyspace events recorded."""

    def setUp(self) -> None:
        self.server = CoreServer(now_ms=NOW)
        self.state = self.server.state
        self.db = self.state.dbs[0]
        self.client = self.server.session()
        self.client3 = self.server.session(resp=3)
        self.propagated: list[list[bytes]] = []
        self.state.propagate_to.append(lambda index, argv: self.propagated.append(argv))
        self.events: list[tuple[str, str, bytes]] = []
        self.state.notifications = lambda index, key, event, kind: self.events.append((event, kind, key))

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
            ('XADD big 1-1 f 1', b'$3\r\n1-1\r\n'),
            ('XADD big 2-1 f 2', b'$3\r\n2-1\r\n'),
            ('XADD big 3-1 f 3', b'$3\r\n3-1\r\n'),
            ('XADD big 4-1 f 4', b'$3\r\n4-1\r\n'),
            ('XADD big 5-1 f 5', b'$3\r\n5-1\r\n'),
            ('XADD big 6-1 f 6', b'$3\r\n6-1\r\n'),
            ('XADD big 7-1 f 7', b'$3\r\n7-1\r\n'),
            ('XADD big 8-1 f 8', b'$3\r\n8-1\r\n'),
            ('XADD big 9-1 f 9', b'$3\r\n9-1\r\n'),
            ('XADD big 10-1 f 10', b'$4\r\n10-1\r\n'),
            ('XADD big 11-1 f 11', b'$4\r\n11-1\r\n'),
            ('XADD big 12-1 f 12', b'$4\r\n12-1\r\n'),
            ('XADD big 13-1 f 13', b'$4\r\n13-1\r\n'),
            ('XADD big 14-1 f 14', b'$4\r\n14-1\r\n'),
            ('XADD big 15-1 f 15', b'$4\r\n15-1\r\n'),
            ('XADD big 16-1 f 16', b'$4\r\n16-1\r\n'),
            ('XADD big 17-1 f 17', b'$4\r\n17-1\r\n'),
            ('XADD big 18-1 f 18', b'$4\r\n18-1\r\n'),
            ('XADD big 19-1 f 19', b'$4\r\n19-1\r\n'),
            ('XADD big 20-1 f 20', b'$4\r\n20-1\r\n'),
            ('XADD big 21-1 f 21', b'$4\r\n21-1\r\n'),
            ('XADD big 22-1 f 22', b'$4\r\n22-1\r\n'),
            ('XADD big 23-1 f 23', b'$4\r\n23-1\r\n'),
            ('XADD big 24-1 f 24', b'$4\r\n24-1\r\n'),
            ('XADD big 25-1 f 25', b'$4\r\n25-1\r\n'),
            ('XADD big 26-1 f 26', b'$4\r\n26-1\r\n'),
            ('XADD big 27-1 f 27', b'$4\r\n27-1\r\n'),
            ('XADD big 28-1 f 28', b'$4\r\n28-1\r\n'),
            ('XADD big 29-1 f 29', b'$4\r\n29-1\r\n'),
            ('XADD big 30-1 f 30', b'$4\r\n30-1\r\n'),
            ('XADD big 31-1 f 31', b'$4\r\n31-1\r\n'),
            ('XADD big 32-1 f 32', b'$4\r\n32-1\r\n'),
            ('XADD big 33-1 f 33', b'$4\r\n33-1\r\n'),
            ('XADD big 34-1 f 34', b'$4\r\n34-1\r\n'),
            ('XADD big 35-1 f 35', b'$4\r\n35-1\r\n'),
            ('XADD big 36-1 f 36', b'$4\r\n36-1\r\n'),
            ('XADD big 37-1 f 37', b'$4\r\n37-1\r\n'),
            ('XADD big 38-1 f 38', b'$4\r\n38-1\r\n'),
            ('XADD big 39-1 f 39', b'$4\r\n39-1\r\n'),
            ('XADD big 40-1 f 40', b'$4\r\n40-1\r\n'),
            ('XADD big 41-1 f 41', b'$4\r\n41-1\r\n'),
            ('XADD big 42-1 f 42', b'$4\r\n42-1\r\n'),
            ('XADD big 43-1 f 43', b'$4\r\n43-1\r\n'),
            ('XADD big 44-1 f 44', b'$4\r\n44-1\r\n'),
            ('XADD big 45-1 f 45', b'$4\r\n45-1\r\n'),
            ('XADD big 46-1 f 46', b'$4\r\n46-1\r\n'),
            ('XADD big 47-1 f 47', b'$4\r\n47-1\r\n'),
            ('XADD big 48-1 f 48', b'$4\r\n48-1\r\n'),
            ('XADD big 49-1 f 49', b'$4\r\n49-1\r\n'),
            ('XADD big 50-1 f 50', b'$4\r\n50-1\r\n'),
            ('XADD big 51-1 f 51', b'$4\r\n51-1\r\n'),
            ('XADD big 52-1 f 52', b'$4\r\n52-1\r\n'),
            ('XADD big 53-1 f 53', b'$4\r\n53-1\r\n'),
            ('XADD big 54-1 f 54', b'$4\r\n54-1\r\n'),
            ('XADD big 55-1 f 55', b'$4\r\n55-1\r\n'),
            ('XADD big 56-1 f 56', b'$4\r\n56-1\r\n'),
            ('XADD big 57-1 f 57', b'$4\r\n57-1\r\n'),
            ('XADD big 58-1 f 58', b'$4\r\n58-1\r\n'),
            ('XADD big 59-1 f 59', b'$4\r\n59-1\r\n'),
            ('XADD big 60-1 f 60', b'$4\r\n60-1\r\n'),
            ('XADD big 61-1 f 61', b'$4\r\n61-1\r\n'),
            ('XADD big 62-1 f 62', b'$4\r\n62-1\r\n'),
            ('XADD big 63-1 f 63', b'$4\r\n63-1\r\n'),
            ('XADD big 64-1 f 64', b'$4\r\n64-1\r\n'),
            ('XADD big 65-1 f 65', b'$4\r\n65-1\r\n'),
            ('XADD big 66-1 f 66', b'$4\r\n66-1\r\n'),
            ('XADD big 67-1 f 67', b'$4\r\n67-1\r\n'),
            ('XADD big 68-1 f 68', b'$4\r\n68-1\r\n'),
            ('XADD big 69-1 f 69', b'$4\r\n69-1\r\n'),
            ('XADD big 70-1 f 70', b'$4\r\n70-1\r\n'),
            ('XADD big 71-1 f 71', b'$4\r\n71-1\r\n'),
            ('XADD big 72-1 f 72', b'$4\r\n72-1\r\n'),
            ('XADD big 73-1 f 73', b'$4\r\n73-1\r\n'),
            ('XADD big 74-1 f 74', b'$4\r\n74-1\r\n'),
            ('XADD big 75-1 f 75', b'$4\r\n75-1\r\n'),
            ('XADD big 76-1 f 76', b'$4\r\n76-1\r\n'),
            ('XADD big 77-1 f 77', b'$4\r\n77-1\r\n'),
            ('XADD big 78-1 f 78', b'$4\r\n78-1\r\n'),
            ('XADD big 79-1 f 79', b'$4\r\n79-1\r\n'),
            ('XADD big 80-1 f 80', b'$4\r\n80-1\r\n'),
            ('XADD big 81-1 f 81', b'$4\r\n81-1\r\n'),
            ('XADD big 82-1 f 82', b'$4\r\n82-1\r\n'),
            ('XADD big 83-1 f 83', b'$4\r\n83-1\r\n'),
            ('XADD big 84-1 f 84', b'$4\r\n84-1\r\n'),
            ('XADD big 85-1 f 85', b'$4\r\n85-1\r\n'),
            ('XADD big 86-1 f 86', b'$4\r\n86-1\r\n'),
            ('XADD big 87-1 f 87', b'$4\r\n87-1\r\n'),
            ('XADD big 88-1 f 88', b'$4\r\n88-1\r\n'),
            ('XADD big 89-1 f 89', b'$4\r\n89-1\r\n'),
            ('XADD big 90-1 f 90', b'$4\r\n90-1\r\n'),
            ('XADD big 91-1 f 91', b'$4\r\n91-1\r\n'),
            ('XADD big 92-1 f 92', b'$4\r\n92-1\r\n'),
            ('XADD big 93-1 f 93', b'$4\r\n93-1\r\n'),
            ('XADD big 94-1 f 94', b'$4\r\n94-1\r\n'),
            ('XADD big 95-1 f 95', b'$4\r\n95-1\r\n'),
            ('XADD big 96-1 f 96', b'$4\r\n96-1\r\n'),
            ('XADD big 97-1 f 97', b'$4\r\n97-1\r\n'),
            ('XADD big 98-1 f 98', b'$4\r\n98-1\r\n'),
            ('XADD big 99-1 f 99', b'$4\r\n99-1\r\n'),
            ('XADD big 100-1 f 100', b'$5\r\n100-1\r\n'),
            ('XADD big 101-1 f 101', b'$5\r\n101-1\r\n'),
            ('XADD big 102-1 f 102', b'$5\r\n102-1\r\n'),
            ('XADD big 103-1 f 103', b'$5\r\n103-1\r\n'),
            ('XADD big 104-1 f 104', b'$5\r\n104-1\r\n'),
            ('XADD big 105-1 f 105', b'$5\r\n105-1\r\n'),
            ('XADD big 106-1 f 106', b'$5\r\n106-1\r\n'),
            ('XADD big 107-1 f 107', b'$5\r\n107-1\r\n'),
            ('XADD big 108-1 f 108', b'$5\r\n108-1\r\n'),
            ('XADD big 109-1 f 109', b'$5\r\n109-1\r\n'),
            ('XADD big 110-1 f 110', b'$5\r\n110-1\r\n'),
            ('XADD big 111-1 f 111', b'$5\r\n111-1\r\n'),
            ('XADD big 112-1 f 112', b'$5\r\n112-1\r\n'),
            ('XADD big 113-1 f 113', b'$5\r\n113-1\r\n'),
            ('XADD big 114-1 f 114', b'$5\r\n114-1\r\n'),
            ('XADD big 115-1 f 115', b'$5\r\n115-1\r\n'),
            ('XADD big 116-1 f 116', b'$5\r\n116-1\r\n'),
            ('XADD big 117-1 f 117', b'$5\r\n117-1\r\n'),
            ('XADD big 118-1 f 118', b'$5\r\n118-1\r\n'),
            ('XADD big 119-1 f 119', b'$5\r\n119-1\r\n'),
            ('XADD big 120-1 f 120', b'$5\r\n120-1\r\n'),
            ('XADD big 121-1 f 121', b'$5\r\n121-1\r\n'),
            ('XADD big 122-1 f 122', b'$5\r\n122-1\r\n'),
            ('XADD big 123-1 f 123', b'$5\r\n123-1\r\n'),
            ('XADD big 124-1 f 124', b'$5\r\n124-1\r\n'),
            ('XADD big 125-1 f 125', b'$5\r\n125-1\r\n'),
            ('XADD big 126-1 f 126', b'$5\r\n126-1\r\n'),
            ('XADD big 127-1 f 127', b'$5\r\n127-1\r\n'),
            ('XADD big 128-1 f 128', b'$5\r\n128-1\r\n'),
            ('XADD big 129-1 f 129', b'$5\r\n129-1\r\n'),
            ('XADD big 130-1 f 130', b'$5\r\n130-1\r\n'),
            ('XADD big 131-1 f 131', b'$5\r\n131-1\r\n'),
            ('XADD big 132-1 f 132', b'$5\r\n132-1\r\n'),
            ('XADD big 133-1 f 133', b'$5\r\n133-1\r\n'),
            ('XADD big 134-1 f 134', b'$5\r\n134-1\r\n'),
            ('XADD big 135-1 f 135', b'$5\r\n135-1\r\n'),
            ('XADD big 136-1 f 136', b'$5\r\n136-1\r\n'),
            ('XADD big 137-1 f 137', b'$5\r\n137-1\r\n'),
            ('XADD big 138-1 f 138', b'$5\r\n138-1\r\n'),
            ('XADD big 139-1 f 139', b'$5\r\n139-1\r\n'),
            ('XADD big 140-1 f 140', b'$5\r\n140-1\r\n'),
            ('XADD big 141-1 f 141', b'$5\r\n141-1\r\n'),
            ('XADD big 142-1 f 142', b'$5\r\n142-1\r\n'),
            ('XADD big 143-1 f 143', b'$5\r\n143-1\r\n'),
            ('XADD big 144-1 f 144', b'$5\r\n144-1\r\n'),
            ('XADD big 145-1 f 145', b'$5\r\n145-1\r\n'),
            ('XADD big 146-1 f 146', b'$5\r\n146-1\r\n'),
            ('XADD big 147-1 f 147', b'$5\r\n147-1\r\n'),
            ('XADD big 148-1 f 148', b'$5\r\n148-1\r\n'),
            ('XADD big 149-1 f 149', b'$5\r\n149-1\r\n'),
            ('XADD big 150-1 f 150', b'$5\r\n150-1\r\n'),
            ('XADD big 151-1 f 151', b'$5\r\n151-1\r\n'),
            ('XADD big 152-1 f 152', b'$5\r\n152-1\r\n'),
            ('XADD big 153-1 f 153', b'$5\r\n153-1\r\n'),
            ('XADD big 154-1 f 154', b'$5\r\n154-1\r\n'),
            ('XADD big 155-1 f 155', b'$5\r\n155-1\r\n'),
            ('XADD big 156-1 f 156', b'$5\r\n156-1\r\n'),
            ('XADD big 157-1 f 157', b'$5\r\n157-1\r\n'),
            ('XADD big 158-1 f 158', b'$5\r\n158-1\r\n'),
            ('XADD big 159-1 f 159', b'$5\r\n159-1\r\n'),
            ('XADD big 160-1 f 160', b'$5\r\n160-1\r\n'),
            ('XADD big 161-1 f 161', b'$5\r\n161-1\r\n'),
            ('XADD big 162-1 f 162', b'$5\r\n162-1\r\n'),
            ('XADD big 163-1 f 163', b'$5\r\n163-1\r\n'),
            ('XADD big 164-1 f 164', b'$5\r\n164-1\r\n'),
            ('XADD big 165-1 f 165', b'$5\r\n165-1\r\n'),
            ('XADD big 166-1 f 166', b'$5\r\n166-1\r\n'),
            ('XADD big 167-1 f 167', b'$5\r\n167-1\r\n'),
            ('XADD big 168-1 f 168', b'$5\r\n168-1\r\n'),
            ('XADD big 169-1 f 169', b'$5\r\n169-1\r\n'),
            ('XADD big 170-1 f 170', b'$5\r\n170-1\r\n'),
            ('XADD big 171-1 f 171', b'$5\r\n171-1\r\n'),
            ('XADD big 172-1 f 172', b'$5\r\n172-1\r\n'),
            ('XADD big 173-1 f 173', b'$5\r\n173-1\r\n'),
            ('XADD big 174-1 f 174', b'$5\r\n174-1\r\n'),
            ('XADD big 175-1 f 175', b'$5\r\n175-1\r\n'),
            ('XADD big 176-1 f 176', b'$5\r\n176-1\r\n'),
            ('XADD big 177-1 f 177', b'$5\r\n177-1\r\n'),
            ('XADD big 178-1 f 178', b'$5\r\n178-1\r\n'),
            ('XADD big 179-1 f 179', b'$5\r\n179-1\r\n'),
            ('XADD big 180-1 f 180', b'$5\r\n180-1\r\n'),
            ('XADD big 181-1 f 181', b'$5\r\n181-1\r\n'),
            ('XADD big 182-1 f 182', b'$5\r\n182-1\r\n'),
            ('XADD big 183-1 f 183', b'$5\r\n183-1\r\n'),
            ('XADD big 184-1 f 184', b'$5\r\n184-1\r\n'),
            ('XADD big 185-1 f 185', b'$5\r\n185-1\r\n'),
            ('XADD big 186-1 f 186', b'$5\r\n186-1\r\n'),
            ('XADD big 187-1 f 187', b'$5\r\n187-1\r\n'),
            ('XADD big 188-1 f 188', b'$5\r\n188-1\r\n'),
            ('XADD big 189-1 f 189', b'$5\r\n189-1\r\n'),
            ('XADD big 190-1 f 190', b'$5\r\n190-1\r\n'),
            ('XADD big 191-1 f 191', b'$5\r\n191-1\r\n'),
            ('XADD big 192-1 f 192', b'$5\r\n192-1\r\n'),
            ('XADD big 193-1 f 193', b'$5\r\n193-1\r\n'),
            ('XADD big 194-1 f 194', b'$5\r\n194-1\r\n'),
            ('XADD big 195-1 f 195', b'$5\r\n195-1\r\n'),
            ('XADD big 196-1 f 196', b'$5\r\n196-1\r\n'),
            ('XADD big 197-1 f 197', b'$5\r\n197-1\r\n'),
            ('XADD big 198-1 f 198', b'$5\r\n198-1\r\n'),
            ('XADD big 199-1 f 199', b'$5\r\n199-1\r\n'),
            ('XADD big 200-1 f 200', b'$5\r\n200-1\r\n'),
            ('XADD big 201-1 f 201', b'$5\r\n201-1\r\n'),
            ('XADD big 202-1 f 202', b'$5\r\n202-1\r\n'),
            ('XADD big 203-1 f 203', b'$5\r\n203-1\r\n'),
            ('XADD big 204-1 f 204', b'$5\r\n204-1\r\n'),
            ('XADD big 205-1 f 205', b'$5\r\n205-1\r\n'),
            ('XADD big 206-1 f 206', b'$5\r\n206-1\r\n'),
            ('XADD big 207-1 f 207', b'$5\r\n207-1\r\n'),
            ('XADD big 208-1 f 208', b'$5\r\n208-1\r\n'),
            ('XADD big 209-1 f 209', b'$5\r\n209-1\r\n'),
            ('XADD big 210-1 f 210', b'$5\r\n210-1\r\n'),
            ('XADD big 211-1 f 211', b'$5\r\n211-1\r\n'),
            ('XADD big 212-1 f 212', b'$5\r\n212-1\r\n'),
            ('XADD big 213-1 f 213', b'$5\r\n213-1\r\n'),
            ('XADD big 214-1 f 214', b'$5\r\n214-1\r\n'),
            ('XADD big 215-1 f 215', b'$5\r\n215-1\r\n'),
            ('XADD big 216-1 f 216', b'$5\r\n216-1\r\n'),
            ('XADD big 217-1 f 217', b'$5\r\n217-1\r\n'),
            ('XADD big 218-1 f 218', b'$5\r\n218-1\r\n'),
            ('XADD big 219-1 f 219', b'$5\r\n219-1\r\n'),
            ('XADD big 220-1 f 220', b'$5\r\n220-1\r\n'),
            ('XADD big 221-1 f 221', b'$5\r\n221-1\r\n'),
            ('XADD big 222-1 f 222', b'$5\r\n222-1\r\n'),
            ('XADD big 223-1 f 223', b'$5\r\n223-1\r\n'),
            ('XADD big 224-1 f 224', b'$5\r\n224-1\r\n'),
            ('XADD big 225-1 f 225', b'$5\r\n225-1\r\n'),
            ('XADD big 226-1 f 226', b'$5\r\n226-1\r\n'),
            ('XADD big 227-1 f 227', b'$5\r\n227-1\r\n'),
            ('XADD big 228-1 f 228', b'$5\r\n228-1\r\n'),
            ('XADD big 229-1 f 229', b'$5\r\n229-1\r\n'),
            ('XADD big 230-1 f 230', b'$5\r\n230-1\r\n'),
            ('XADD big 231-1 f 231', b'$5\r\n231-1\r\n'),
            ('XADD big 232-1 f 232', b'$5\r\n232-1\r\n'),
            ('XADD big 233-1 f 233', b'$5\r\n233-1\r\n'),
            ('XADD big 234-1 f 234', b'$5\r\n234-1\r\n'),
            ('XADD big 235-1 f 235', b'$5\r\n235-1\r\n'),
            ('XADD big 236-1 f 236', b'$5\r\n236-1\r\n'),
            ('XADD big 237-1 f 237', b'$5\r\n237-1\r\n'),
            ('XADD big 238-1 f 238', b'$5\r\n238-1\r\n'),
            ('XADD big 239-1 f 239', b'$5\r\n239-1\r\n'),
            ('XADD big 240-1 f 240', b'$5\r\n240-1\r\n'),
            ('XADD big 241-1 f 241', b'$5\r\n241-1\r\n'),
            ('XADD big 242-1 f 242', b'$5\r\n242-1\r\n'),
            ('XADD big 243-1 f 243', b'$5\r\n243-1\r\n'),
            ('XADD big 244-1 f 244', b'$5\r\n244-1\r\n'),
            ('XADD big 245-1 f 245', b'$5\r\n245-1\r\n'),
            ('XADD big 246-1 f 246', b'$5\r\n246-1\r\n'),
            ('XADD big 247-1 f 247', b'$5\r\n247-1\r\n'),
            ('XADD big 248-1 f 248', b'$5\r\n248-1\r\n'),
            ('XADD big 249-1 f 249', b'$5\r\n249-1\r\n'),
            ('XADD big 250-1 f 250', b'$5\r\n250-1\r\n'),
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
            ('XADD big 1-1 f 1', b'$3\r\n1-1\r\n'),
            ('XADD big 2-1 f 2', b'$3\r\n2-1\r\n'),
            ('XADD big 3-1 f 3', b'$3\r\n3-1\r\n'),
            ('XADD big 4-1 f 4', b'$3\r\n4-1\r\n'),
            ('XADD big 5-1 f 5', b'$3\r\n5-1\r\n'),
            ('XADD big 6-1 f 6', b'$3\r\n6-1\r\n'),
            ('XADD big 7-1 f 7', b'$3\r\n7-1\r\n'),
            ('XADD big 8-1 f 8', b'$3\r\n8-1\r\n'),
            ('XADD big 9-1 f 9', b'$3\r\n9-1\r\n'),
            ('XADD big 10-1 f 10', b'$4\r\n10-1\r\n'),
            ('XADD big 11-1 f 11', b'$4\r\n11-1\r\n'),
            ('XADD big 12-1 f 12', b'$4\r\n12-1\r\n'),
            ('XADD big 13-1 f 13', b'$4\r\n13-1\r\n'),
            ('XADD big 14-1 f 14', b'$4\r\n14-1\r\n'),
            ('XADD big 15-1 f 15', b'$4\r\n15-1\r\n'),
            ('XADD big 16-1 f 16', b'$4\r\n16-1\r\n'),
            ('XADD big 17-1 f 17', b'$4\r\n17-1\r\n'),
            ('XADD big 18-1 f 18', b'$4\r\n18-1\r\n'),
            ('XADD big 19-1 f 19', b'$4\r\n19-1\r\n'),
            ('XADD big 20-1 f 20', b'$4\r\n20-1\r\n'),
            ('XADD big 21-1 f 21', b'$4\r\n21-1\r\n'),
            ('XADD big 22-1 f 22', b'$4\r\n22-1\r\n'),
            ('XADD big 23-1 f 23', b'$4\r\n23-1\r\n'),
            ('XADD big 24-1 f 24', b'$4\r\n24-1\r\n'),
            ('XADD big 25-1 f 25', b'$4\r\n25-1\r\n'),
            ('XADD big 26-1 f 26', b'$4\r\n26-1\r\n'),
            ('XADD big 27-1 f 27', b'$4\r\n27-1\r\n'),
            ('XADD big 28-1 f 28', b'$4\r\n28-1\r\n'),
            ('XADD big 29-1 f 29', b'$4\r\n29-1\r\n'),
            ('XADD big 30-1 f 30', b'$4\r\n30-1\r\n'),
            ('XADD big 31-1 f 31', b'$4\r\n31-1\r\n'),
            ('XADD big 32-1 f 32', b'$4\r\n32-1\r\n'),
            ('XADD big 33-1 f 33', b'$4\r\n33-1\r\n'),
            ('XADD big 34-1 f 34', b'$4\r\n34-1\r\n'),
            ('XADD big 35-1 f 35', b'$4\r\n35-1\r\n'),
            ('XADD big 36-1 f 36', b'$4\r\n36-1\r\n'),
            ('XADD big 37-1 f 37', b'$4\r\n37-1\r\n'),
            ('XADD big 38-1 f 38', b'$4\r\n38-1\r\n'),
            ('XADD big 39-1 f 39', b'$4\r\n39-1\r\n'),
            ('XADD big 40-1 f 40', b'$4\r\n40-1\r\n'),
            ('XADD big 41-1 f 41', b'$4\r\n41-1\r\n'),
            ('XADD big 42-1 f 42', b'$4\r\n42-1\r\n'),
            ('XADD big 43-1 f 43', b'$4\r\n43-1\r\n'),
            ('XADD big 44-1 f 44', b'$4\r\n44-1\r\n'),
            ('XADD big 45-1 f 45', b'$4\r\n45-1\r\n'),
            ('XADD big 46-1 f 46', b'$4\r\n46-1\r\n'),
            ('XADD big 47-1 f 47', b'$4\r\n47-1\r\n'),
            ('XADD big 48-1 f 48', b'$4\r\n48-1\r\n'),
            ('XADD big 49-1 f 49', b'$4\r\n49-1\r\n'),
            ('XADD big 50-1 f 50', b'$4\r\n50-1\r\n'),
            ('XADD big 51-1 f 51', b'$4\r\n51-1\r\n'),
            ('XADD big 52-1 f 52', b'$4\r\n52-1\r\n'),
            ('XADD big 53-1 f 53', b'$4\r\n53-1\r\n'),
            ('XADD big 54-1 f 54', b'$4\r\n54-1\r\n'),
            ('XADD big 55-1 f 55', b'$4\r\n55-1\r\n'),
            ('XADD big 56-1 f 56', b'$4\r\n56-1\r\n'),
            ('XADD big 57-1 f 57', b'$4\r\n57-1\r\n'),
            ('XADD big 58-1 f 58', b'$4\r\n58-1\r\n'),
            ('XADD big 59-1 f 59', b'$4\r\n59-1\r\n'),
            ('XADD big 60-1 f 60', b'$4\r\n60-1\r\n'),
            ('XADD big 61-1 f 61', b'$4\r\n61-1\r\n'),
            ('XADD big 62-1 f 62', b'$4\r\n62-1\r\n'),
            ('XADD big 63-1 f 63', b'$4\r\n63-1\r\n'),
            ('XADD big 64-1 f 64', b'$4\r\n64-1\r\n'),
            ('XADD big 65-1 f 65', b'$4\r\n65-1\r\n'),
            ('XADD big 66-1 f 66', b'$4\r\n66-1\r\n'),
            ('XADD big 67-1 f 67', b'$4\r\n67-1\r\n'),
            ('XADD big 68-1 f 68', b'$4\r\n68-1\r\n'),
            ('XADD big 69-1 f 69', b'$4\r\n69-1\r\n'),
            ('XADD big 70-1 f 70', b'$4\r\n70-1\r\n'),
            ('XADD big 71-1 f 71', b'$4\r\n71-1\r\n'),
            ('XADD big 72-1 f 72', b'$4\r\n72-1\r\n'),
            ('XADD big 73-1 f 73', b'$4\r\n73-1\r\n'),
            ('XADD big 74-1 f 74', b'$4\r\n74-1\r\n'),
            ('XADD big 75-1 f 75', b'$4\r\n75-1\r\n'),
            ('XADD big 76-1 f 76', b'$4\r\n76-1\r\n'),
            ('XADD big 77-1 f 77', b'$4\r\n77-1\r\n'),
            ('XADD big 78-1 f 78', b'$4\r\n78-1\r\n'),
            ('XADD big 79-1 f 79', b'$4\r\n79-1\r\n'),
            ('XADD big 80-1 f 80', b'$4\r\n80-1\r\n'),
            ('XADD big 81-1 f 81', b'$4\r\n81-1\r\n'),
            ('XADD big 82-1 f 82', b'$4\r\n82-1\r\n'),
            ('XADD big 83-1 f 83', b'$4\r\n83-1\r\n'),
            ('XADD big 84-1 f 84', b'$4\r\n84-1\r\n'),
            ('XADD big 85-1 f 85', b'$4\r\n85-1\r\n'),
            ('XADD big 86-1 f 86', b'$4\r\n86-1\r\n'),
            ('XADD big 87-1 f 87', b'$4\r\n87-1\r\n'),
            ('XADD big 88-1 f 88', b'$4\r\n88-1\r\n'),
            ('XADD big 89-1 f 89', b'$4\r\n89-1\r\n'),
            ('XADD big 90-1 f 90', b'$4\r\n90-1\r\n'),
            ('XADD big 91-1 f 91', b'$4\r\n91-1\r\n'),
            ('XADD big 92-1 f 92', b'$4\r\n92-1\r\n'),
            ('XADD big 93-1 f 93', b'$4\r\n93-1\r\n'),
            ('XADD big 94-1 f 94', b'$4\r\n94-1\r\n'),
            ('XADD big 95-1 f 95', b'$4\r\n95-1\r\n'),
            ('XADD big 96-1 f 96', b'$4\r\n96-1\r\n'),
            ('XADD big 97-1 f 97', b'$4\r\n97-1\r\n'),
            ('XADD big 98-1 f 98', b'$4\r\n98-1\r\n'),
            ('XADD big 99-1 f 99', b'$4\r\n99-1\r\n'),
            ('XADD big 100-1 f 100', b'$5\r\n100-1\r\n'),
            ('XADD big 101-1 f 101', b'$5\r\n101-1\r\n'),
            ('XADD big 102-1 f 102', b'$5\r\n102-1\r\n'),
            ('XADD big 103-1 f 103', b'$5\r\n103-1\r\n'),
            ('XADD big 104-1 f 104', b'$5\r\n104-1\r\n'),
            ('XADD big 105-1 f 105', b'$5\r\n105-1\r\n'),
            ('XADD big 106-1 f 106', b'$5\r\n106-1\r\n'),
            ('XADD big 107-1 f 107', b'$5\r\n107-1\r\n'),
            ('XADD big 108-1 f 108', b'$5\r\n108-1\r\n'),
            ('XADD big 109-1 f 109', b'$5\r\n109-1\r\n'),
            ('XADD big 110-1 f 110', b'$5\r\n110-1\r\n'),
            ('XADD big 111-1 f 111', b'$5\r\n111-1\r\n'),
            ('XADD big 112-1 f 112', b'$5\r\n112-1\r\n'),
            ('XADD big 113-1 f 113', b'$5\r\n113-1\r\n'),
            ('XADD big 114-1 f 114', b'$5\r\n114-1\r\n'),
            ('XADD big 115-1 f 115', b'$5\r\n115-1\r\n'),
            ('XADD big 116-1 f 116', b'$5\r\n116-1\r\n'),
            ('XADD big 117-1 f 117', b'$5\r\n117-1\r\n'),
            ('XADD big 118-1 f 118', b'$5\r\n118-1\r\n'),
            ('XADD big 119-1 f 119', b'$5\r\n119-1\r\n'),
            ('XADD big 120-1 f 120', b'$5\r\n120-1\r\n'),
            ('XADD big 121-1 f 121', b'$5\r\n121-1\r\n'),
            ('XADD big 122-1 f 122', b'$5\r\n122-1\r\n'),
            ('XADD big 123-1 f 123', b'$5\r\n123-1\r\n'),
            ('XADD big 124-1 f 124', b'$5\r\n124-1\r\n'),
            ('XADD big 125-1 f 125', b'$5\r\n125-1\r\n'),
            ('XADD big 126-1 f 126', b'$5\r\n126-1\r\n'),
            ('XADD big 127-1 f 127', b'$5\r\n127-1\r\n'),
            ('XADD big 128-1 f 128', b'$5\r\n128-1\r\n'),
            ('XADD big 129-1 f 129', b'$5\r\n129-1\r\n'),
            ('XADD big 130-1 f 130', b'$5\r\n130-1\r\n'),
            ('XADD big 131-1 f 131', b'$5\r\n131-1\r\n'),
            ('XADD big 132-1 f 132', b'$5\r\n132-1\r\n'),
            ('XADD big 133-1 f 133', b'$5\r\n133-1\r\n'),
            ('XADD big 134-1 f 134', b'$5\r\n134-1\r\n'),
            ('XADD big 135-1 f 135', b'$5\r\n135-1\r\n'),
            ('XADD big 136-1 f 136', b'$5\r\n136-1\r\n'),
            ('XADD big 137-1 f 137', b'$5\r\n137-1\r\n'),
            ('XADD big 138-1 f 138', b'$5\r\n138-1\r\n'),
            ('XADD big 139-1 f 139', b'$5\r\n139-1\r\n'),
            ('XADD big 140-1 f 140', b'$5\r\n140-1\r\n'),
            ('XADD big 141-1 f 141', b'$5\r\n141-1\r\n'),
            ('XADD big 142-1 f 142', b'$5\r\n142-1\r\n'),
            ('XADD big 143-1 f 143', b'$5\r\n143-1\r\n'),
            ('XADD big 144-1 f 144', b'$5\r\n144-1\r\n'),
            ('XADD big 145-1 f 145', b'$5\r\n145-1\r\n'),
            ('XADD big 146-1 f 146', b'$5\r\n146-1\r\n'),
            ('XADD big 147-1 f 147', b'$5\r\n147-1\r\n'),
            ('XADD big 148-1 f 148', b'$5\r\n148-1\r\n'),
            ('XADD big 149-1 f 149', b'$5\r\n149-1\r\n'),
            ('XADD big 150-1 f 150', b'$5\r\n150-1\r\n'),
            ('XADD big 151-1 f 151', b'$5\r\n151-1\r\n'),
            ('XADD big 152-1 f 152', b'$5\r\n152-1\r\n'),
            ('XADD big 153-1 f 153', b'$5\r\n153-1\r\n'),
            ('XADD big 154-1 f 154', b'$5\r\n154-1\r\n'),
            ('XADD big 155-1 f 155', b'$5\r\n155-1\r\n'),
            ('XADD big 156-1 f 156', b'$5\r\n156-1\r\n'),
            ('XADD big 157-1 f 157', b'$5\r\n157-1\r\n'),
            ('XADD big 158-1 f 158', b'$5\r\n158-1\r\n'),
            ('XADD big 159-1 f 159', b'$5\r\n159-1\r\n'),
            ('XADD big 160-1 f 160', b'$5\r\n160-1\r\n'),
            ('XADD big 161-1 f 161', b'$5\r\n161-1\r\n'),
            ('XADD big 162-1 f 162', b'$5\r\n162-1\r\n'),
            ('XADD big 163-1 f 163', b'$5\r\n163-1\r\n'),
            ('XADD big 164-1 f 164', b'$5\r\n164-1\r\n'),
            ('XADD big 165-1 f 165', b'$5\r\n165-1\r\n'),
            ('XADD big 166-1 f 166', b'$5\r\n166-1\r\n'),
            ('XADD big 167-1 f 167', b'$5\r\n167-1\r\n'),
            ('XADD big 168-1 f 168', b'$5\r\n168-1\r\n'),
            ('XADD big 169-1 f 169', b'$5\r\n169-1\r\n'),
            ('XADD big 170-1 f 170', b'$5\r\n170-1\r\n'),
            ('XADD big 171-1 f 171', b'$5\r\n171-1\r\n'),
            ('XADD big 172-1 f 172', b'$5\r\n172-1\r\n'),
            ('XADD big 173-1 f 173', b'$5\r\n173-1\r\n'),
            ('XADD big 174-1 f 174', b'$5\r\n174-1\r\n'),
            ('XADD big 175-1 f 175', b'$5\r\n175-1\r\n'),
            ('XADD big 176-1 f 176', b'$5\r\n176-1\r\n'),
            ('XADD big 177-1 f 177', b'$5\r\n177-1\r\n'),
            ('XADD big 178-1 f 178', b'$5\r\n178-1\r\n'),
            ('XADD big 179-1 f 179', b'$5\r\n179-1\r\n'),
            ('XADD big 180-1 f 180', b'$5\r\n180-1\r\n'),
            ('XADD big 181-1 f 181', b'$5\r\n181-1\r\n'),
            ('XADD big 182-1 f 182', b'$5\r\n182-1\r\n'),
            ('XADD big 183-1 f 183', b'$5\r\n183-1\r\n'),
            ('XADD big 184-1 f 184', b'$5\r\n184-1\r\n'),
            ('XADD big 185-1 f 185', b'$5\r\n185-1\r\n'),
            ('XADD big 186-1 f 186', b'$5\r\n186-1\r\n'),
            ('XADD big 187-1 f 187', b'$5\r\n187-1\r\n'),
            ('XADD big 188-1 f 188', b'$5\r\n188-1\r\n'),
            ('XADD big 189-1 f 189', b'$5\r\n189-1\r\n'),
            ('XADD big 190-1 f 190', b'$5\r\n190-1\r\n'),
            ('XADD big 191-1 f 191', b'$5\r\n191-1\r\n'),
            ('XADD big 192-1 f 192', b'$5\r\n192-1\r\n'),
            ('XADD big 193-1 f 193', b'$5\r\n193-1\r\n'),
            ('XADD big 194-1 f 194', b'$5\r\n194-1\r\n'),
            ('XADD big 195-1 f 195', b'$5\r\n195-1\r\n'),
            ('XADD big 196-1 f 196', b'$5\r\n196-1\r\n'),
            ('XADD big 197-1 f 197', b'$5\r\n197-1\r\n'),
            ('XADD big 198-1 f 198', b'$5\r\n198-1\r\n'),
            ('XADD big 199-1 f 199', b'$5\r\n199-1\r\n'),
            ('XADD big 200-1 f 200', b'$5\r\n200-1\r\n'),
            ('XADD big 201-1 f 201', b'$5\r\n201-1\r\n'),
            ('XADD big 202-1 f 202', b'$5\r\n202-1\r\n'),
            ('XADD big 203-1 f 203', b'$5\r\n203-1\r\n'),
            ('XADD big 204-1 f 204', b'$5\r\n204-1\r\n'),
            ('XADD big 205-1 f 205', b'$5\r\n205-1\r\n'),
            ('XADD big 206-1 f 206', b'$5\r\n206-1\r\n'),
            ('XADD big 207-1 f 207', b'$5\r\n207-1\r\n'),
            ('XADD big 208-1 f 208', b'$5\r\n208-1\r\n'),
            ('XADD big 209-1 f 209', b'$5\r\n209-1\r\n'),
            ('XADD big 210-1 f 210', b'$5\r\n210-1\r\n'),
            ('XADD big 211-1 f 211', b'$5\r\n211-1\r\n'),
            ('XADD big 212-1 f 212', b'$5\r\n212-1\r\n'),
            ('XADD big 213-1 f 213', b'$5\r\n213-1\r\n'),
            ('XADD big 214-1 f 214', b'$5\r\n214-1\r\n'),
            ('XADD big 215-1 f 215', b'$5\r\n215-1\r\n'),
            ('XADD big 216-1 f 216', b'$5\r\n216-1\r\n'),
            ('XADD big 217-1 f 217', b'$5\r\n217-1\r\n'),
            ('XADD big 218-1 f 218', b'$5\r\n218-1\r\n'),
            ('XADD big 219-1 f 219', b'$5\r\n219-1\r\n'),
            ('XADD big 220-1 f 220', b'$5\r\n220-1\r\n'),
            ('XADD big 221-1 f 221', b'$5\r\n221-1\r\n'),
            ('XADD big 222-1 f 222', b'$5\r\n222-1\r\n'),
            ('XADD big 223-1 f 223', b'$5\r\n223-1\r\n'),
            ('XADD big 224-1 f 224', b'$5\r\n224-1\r\n'),
            ('XADD big 225-1 f 225', b'$5\r\n225-1\r\n'),
            ('XADD big 226-1 f 226', b'$5\r\n226-1\r\n'),
            ('XADD big 227-1 f 227', b'$5\r\n227-1\r\n'),
            ('XADD big 228-1 f 228', b'$5\r\n228-1\r\n'),
            ('XADD big 229-1 f 229', b'$5\r\n229-1\r\n'),
            ('XADD big 230-1 f 230', b'$5\r\n230-1\r\n'),
            ('XADD big 231-1 f 231', b'$5\r\n231-1\r\n'),
            ('XADD big 232-1 f 232', b'$5\r\n232-1\r\n'),
            ('XADD big 233-1 f 233', b'$5\r\n233-1\r\n'),
            ('XADD big 234-1 f 234', b'$5\r\n234-1\r\n'),
            ('XADD big 235-1 f 235', b'$5\r\n235-1\r\n'),
            ('XADD big 236-1 f 236', b'$5\r\n236-1\r\n'),
            ('XADD big 237-1 f 237', b'$5\r\n237-1\r\n'),
            ('XADD big 238-1 f 238', b'$5\r\n238-1\r\n'),
            ('XADD big 239-1 f 239', b'$5\r\n239-1\r\n'),
            ('XADD big 240-1 f 240', b'$5\r\n240-1\r\n'),
            ('XADD big 241-1 f 241', b'$5\r\n241-1\r\n'),
            ('XADD big 242-1 f 242', b'$5\r\n242-1\r\n'),
            ('XADD big 243-1 f 243', b'$5\r\n243-1\r\n'),
            ('XADD big 244-1 f 244', b'$5\r\n244-1\r\n'),
            ('XADD big 245-1 f 245', b'$5\r\n245-1\r\n'),
            ('XADD big 246-1 f 246', b'$5\r\n246-1\r\n'),
            ('XADD big 247-1 f 247', b'$5\r\n247-1\r\n'),
            ('XADD big 248-1 f 248', b'$5\r\n248-1\r\n'),
            ('XADD big 249-1 f 249', b'$5\r\n249-1\r\n'),
            ('XADD big 250-1 f 250', b'$5\r\n250-1\r\n'),
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
