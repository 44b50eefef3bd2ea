"""
List commands through the core with a fake clock.

Expected replies in the C{script} tables were recorded from redis-server 7.0.15
(Debian's build) by running the same commands against it, as were the
keyspace events, dirty counts and propagated commands checked below.
"""

from __future__ import annotations

from tests import test_strings
from txredisd.core.types import copy_value
from txredisd.core.types.list import ListValue

NOW = test_strings.NOW
RANK_ZERO = (
    b"-ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... "
    b"or use negative to start from the end of the list\r\n"
)


class ListCommandTests(test_strings.CoreTestCase):
    """Replies, byte for byte, as redis-server 7.0.15 gave them."""

    def test_push(self):
        """LPUSH adds each element at the head in turn, RPUSH at the tail; every list is a quicklist in 7.0."""
        self.script(
            ('LPUSH l a b c', b':3\r\n'),
            ('RPUSH l d e', b':5\r\n'),
            ('LRANGE l 0 -1', b'*5\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n$1\r\nd\r\n$1\r\ne\r\n'),
            ('LLEN l', b':5\r\n'),
            ('LLEN missing', b':0\r\n'),
            ('TYPE l', b'+list\r\n'),
            ('OBJECT ENCODING l', b'$9\r\nquicklist\r\n'),
            ('LPUSH l', b"-ERR wrong number of arguments for 'lpush' command\r\n"),
            ('RPUSH', b"-ERR wrong number of arguments for 'rpush' command\r\n"),
        )

    def test_lrange_windows_of_a_long_list(self):
        """Small windows deep inside a long list (read by index) equal what a walk from either end gives."""
        self.call("RPUSH", "l", *range(20000))
        for start, end in ((9000, 9009), (9000, 9063), (9000, 9064), (-11000, -10990), (0, 9), (-10, -1),
                           (5000, 4999), (19990, 30000)):
            first = start if start >= 0 else 20000 + start
            last = min(end if end >= 0 else 20000 + end, 19999)
            expected = [b"%d" % i for i in range(first, last + 1)]
            wire = b"*%d\r\n" % len(expected) + b"".join(b"$%d\r\n%s\r\n" % (len(e), e) for e in expected)
            self.assertEqual(self.call("LRANGE", "l", start, end), wire, (start, end))

    def test_pushx(self):
        """LPUSHX/RPUSHX only add to an existing list."""
        self.script(
            ('LPUSHX l a', b':0\r\n'),
            ('RPUSHX l a', b':0\r\n'),
            ('EXISTS l', b':0\r\n'),
            ('RPUSH l a', b':1\r\n'),
            ('LPUSHX l b c', b':3\r\n'),
            ('RPUSHX l d', b':4\r\n'),
            ('LRANGE l 0 -1', b'*4\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n$1\r\nd\r\n'),
            ('LPUSHX l', b"-ERR wrong number of arguments for 'lpushx' command\r\n"),
        )

    def test_pop(self):
        """LPOP/RPOP without a count reply one element and delete the emptied key."""
        self.script(
            ('RPUSH l a b c', b':3\r\n'),
            ('LPOP l', b'$1\r\na\r\n'),
            ('RPOP l', b'$1\r\nc\r\n'),
            ('LPOP l', b'$1\r\nb\r\n'),
            ('LPOP l', b'$-1\r\n'),
            ('RPOP l', b'$-1\r\n'),
            ('EXISTS l', b':0\r\n'),
        )

    def test_pop_count(self):
        """With a count the reply is an array (empty for 0), a null array for a missing key."""
        self.script(
            ('RPUSH l a b c d e', b':5\r\n'),
            ('LPOP l 2', b'*2\r\n$1\r\na\r\n$1\r\nb\r\n'),
            ('RPOP l 2', b'*2\r\n$1\r\ne\r\n$1\r\nd\r\n'),
            ('LPOP l 0', b'*0\r\n'),
            ('RPOP l 10', b'*1\r\n$1\r\nc\r\n'),
            ('EXISTS l', b':0\r\n'),
            ('LPOP l 2', b'*-1\r\n'),
            ('RPOP l 0', b'*-1\r\n'),
            ('LPOP l', b'$-1\r\n'),
        )

    def test_pop_errors(self):
        """A negative or non-integer count and extra arguments are refused."""
        self.script(
            ('RPUSH l a', b':1\r\n'),
            ('LPOP l -1', b'-ERR value is out of range, must be positive\r\n'),
            ('RPOP l x', b'-ERR value is out of range, must be positive\r\n'),
            ('LPOP l 1 2', b"-ERR wrong number of arguments for 'lpop' command\r\n"),
            ('RPOP missing -1', b'-ERR value is out of range, must be positive\r\n'),
            ('LPOP l 9223372036854775808', b'-ERR value is out of range, must be positive\r\n'),
            ('LPOP l 9223372036854775807', b'*1\r\n$1\r\na\r\n'),
            ('LPOP', b"-ERR wrong number of arguments for 'lpop' command\r\n"),
        )

    def test_lrange(self):
        """LRANGE clamps its inclusive range like Redis, extreme indexes included."""
        self.script(
            ('RPUSH l a b c d e', b':5\r\n'),
            ('LRANGE l 0 0', b'*1\r\n$1\r\na\r\n'),
            ('LRANGE l -2 -1', b'*2\r\n$1\r\nd\r\n$1\r\ne\r\n'),
            ('LRANGE l -100 100', b'*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n'),
            ('LRANGE l 3 1', b'*0\r\n'),
            ('LRANGE l 5 10', b'*0\r\n'),
            ('LRANGE l 1 -2', b'*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n'),
            ('LRANGE l -9223372036854775808 9223372036854775807',
             b'*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n'),
            ('LRANGE missing 0 -1', b'*0\r\n'),
            ('LRANGE l x 1', b'-ERR value is not an integer or out of range\r\n'),
            ('LRANGE l 0 1.5', b'-ERR value is not an integer or out of range\r\n'),
            ('LRANGE l 0', b"-ERR wrong number of arguments for 'lrange' command\r\n"),
        )

    def test_lindex(self):
        """LINDEX counts negative indexes from the tail; outside the list is null."""
        self.script(
            ('RPUSH l a b c', b':3\r\n'),
            ('LINDEX l 0', b'$1\r\na\r\n'),
            ('LINDEX l -1', b'$1\r\nc\r\n'),
            ('LINDEX l 3', b'$-1\r\n'),
            ('LINDEX l -4', b'$-1\r\n'),
            ('LINDEX missing 0', b'$-1\r\n'),
            ('LINDEX l x', b'-ERR value is not an integer or out of range\r\n'),
            ('LINDEX l -9223372036854775808', b'$-1\r\n'),
        )

    def test_lset(self):
        """LSET replaces in place; a missing key is reported before a bad index."""
        self.script(
            ('RPUSH l a b c', b':3\r\n'),
            ('LSET l 0 x', b'+OK\r\n'),
            ('LSET l -1 z', b'+OK\r\n'),
            ('LRANGE l 0 -1', b'*3\r\n$1\r\nx\r\n$1\r\nb\r\n$1\r\nz\r\n'),
            ('LSET l 3 q', b'-ERR index out of range\r\n'),
            ('LSET l -4 q', b'-ERR index out of range\r\n'),
            ('LSET l x q', b'-ERR value is not an integer or out of range\r\n'),
            ('LSET missing 0 q', b'-ERR no such key\r\n'),
            ('LSET missing x q', b'-ERR no such key\r\n'),
            ('EXISTS missing', b':0\r\n'),
        )

    def test_linsert(self):
        """LINSERT uses the first pivot; -1 without a pivot, 0 without a list."""
        self.script(
            ('RPUSH l a b a', b':3\r\n'),
            ('LINSERT l BEFORE a x', b':4\r\n'),
            ('LINSERT l after a y', b':5\r\n'),
            ('LRANGE l 0 -1', b'*5\r\n$1\r\nx\r\n$1\r\na\r\n$1\r\ny\r\n$1\r\nb\r\n$1\r\na\r\n'),
            ('LINSERT l before nothere z', b':-1\r\n'),
            ('LINSERT missing before a z', b':0\r\n'),
            ('LINSERT l middle a z', b'-ERR syntax error\r\n'),
            ('LINSERT missing middle a z', b'-ERR syntax error\r\n'),
            ('EXISTS missing', b':0\r\n'),
        )

    def test_lrem(self):
        """LREM removes from the head (count > 0), the tail (< 0) or everywhere (0)."""
        self.script(
            ('RPUSH l a b a c a b a', b':7\r\n'),
            ('LREM l 2 a', b':2\r\n'),
            ('LRANGE l 0 -1', b'*5\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\na\r\n'),
            ('LREM l -1 b', b':1\r\n'),
            ('LRANGE l 0 -1', b'*4\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\na\r\n$1\r\na\r\n'),
            ('LREM l 0 a', b':2\r\n'),
            ('LRANGE l 0 -1', b'*2\r\n$1\r\nb\r\n$1\r\nc\r\n'),
            ('LREM l 0 zz', b':0\r\n'),
            ('LREM l 0 c', b':1\r\n'),
            ('EXISTS l', b':1\r\n'),
            ('LREM l x a', b'-ERR value is not an integer or out of range\r\n'),
            ('LREM missing 1 a', b':0\r\n'),
        )

    def test_ltrim(self):
        """LTRIM keeps a clamped range and deletes the key when nothing is left."""
        self.script(
            ('RPUSH l a b c d e', b':5\r\n'),
            ('LTRIM l 1 -2', b'+OK\r\n'),
            ('LRANGE l 0 -1', b'*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n'),
            ('LTRIM l -100 100', b'+OK\r\n'),
            ('LRANGE l 0 -1', b'*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n'),
            ('LTRIM l 1 1', b'+OK\r\n'),
            ('LRANGE l 0 -1', b'*1\r\n$1\r\nc\r\n'),
            ('LTRIM l 2 1', b'+OK\r\n'),
            ('EXISTS l', b':0\r\n'),
            ('LTRIM missing 0 1', b'+OK\r\n'),
            ('LTRIM l x 1', b'-ERR value is not an integer or out of range\r\n'),
            ('LTRIM l 0 y', b'-ERR value is not an integer or out of range\r\n'),
        )

    def test_lpos(self):
        """LPOS with RANK, COUNT and MAXLEN, from the head and from the tail."""
        self.script(
            ('RPUSH l a b a c a', b':5\r\n'),
            ('LPOS l a', b':0\r\n'),
            ('LPOS l c', b':3\r\n'),
            ('LPOS l z', b'$-1\r\n'),
            ('LPOS l a RANK 2', b':2\r\n'),
            ('LPOS l a RANK -1', b':4\r\n'),
            ('LPOS l a RANK -3', b':0\r\n'),
            ('LPOS l a RANK 4', b'$-1\r\n'),
            ('LPOS l a COUNT 0', b'*3\r\n:0\r\n:2\r\n:4\r\n'),
            ('LPOS l a COUNT 2', b'*2\r\n:0\r\n:2\r\n'),
            ('LPOS l a RANK -1 COUNT 2', b'*2\r\n:4\r\n:2\r\n'),
            ('LPOS l a RANK 2 MAXLEN 3', b':2\r\n'),
            ('LPOS l a RANK 2 MAXLEN 2', b'$-1\r\n'),
            ('LPOS l a COUNT 0 MAXLEN 4', b'*2\r\n:0\r\n:2\r\n'),
            ('LPOS l a rank 1 RANK 3', b':4\r\n'),
            ('LPOS l a RANK -9223372036854775808 COUNT 2', b'*3\r\n:4\r\n:2\r\n:0\r\n'),
            ('LPOS missing a', b'$-1\r\n'),
            ('LPOS missing a COUNT 1', b'*0\r\n'),
        )

    def test_lpos_errors(self):
        """LPOS checks its options in order, before looking at the key."""
        self.script(
            ('RPUSH l a', b':1\r\n'),
            ('LPOS l a RANK 0', RANK_ZERO),
            ('LPOS l a RANK x', b'-ERR value is not an integer or out of range\r\n'),
            ('LPOS l a COUNT -1', b"-ERR COUNT can't be negative\r\n"),
            ('LPOS l a COUNT x', b"-ERR COUNT can't be negative\r\n"),
            ('LPOS l a MAXLEN -1', b"-ERR MAXLEN can't be negative\r\n"),
            ('LPOS l a MAXLEN x', b"-ERR MAXLEN can't be negative\r\n"),
            ('LPOS l a RANK', b'-ERR syntax error\r\n'),
            ('LPOS l a FOO 1', b'-ERR syntax error\r\n'),
            ('LPOS l a COUNT x RANK 0', b"-ERR COUNT can't be negative\r\n"),
            ('LPOS l a RANK 0 COUNT x', RANK_ZERO),
            ('LPOS missing a RANK 0', RANK_ZERO),
            ('LPOS l', b"-ERR wrong number of arguments for 'lpos' command\r\n"),
        )

    def test_lmove(self):
        """LMOVE moves between ends and lists, rotating a list onto itself."""
        self.script(
            ('RPUSH a 1 2 3', b':3\r\n'),
            ('LMOVE a b LEFT RIGHT', b'$1\r\n1\r\n'),
            ('LMOVE a b right left', b'$1\r\n3\r\n'),
            ('LRANGE a 0 -1', b'*1\r\n$1\r\n2\r\n'),
            ('LRANGE b 0 -1', b'*2\r\n$1\r\n3\r\n$1\r\n1\r\n'),
            ('LMOVE a a LEFT RIGHT', b'$1\r\n2\r\n'),
            ('LRANGE a 0 -1', b'*1\r\n$1\r\n2\r\n'),
            ('LMOVE a b left left', b'$1\r\n2\r\n'),
            ('EXISTS a', b':0\r\n'),
            ('LRANGE b 0 -1', b'*3\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n1\r\n'),
            ('LMOVE missing b left left', b'$-1\r\n'),
            ('LMOVE b b up left', b'-ERR syntax error\r\n'),
            ('LMOVE b b left down', b'-ERR syntax error\r\n'),
            ('LMOVE b b', b"-ERR wrong number of arguments for 'lmove' command\r\n"),
        )

    def test_rpoplpush(self):
        """RPOPLPUSH is LMOVE RIGHT LEFT."""
        self.script(
            ('RPUSH a 1 2', b':2\r\n'),
            ('RPOPLPUSH a b', b'$1\r\n2\r\n'),
            ('RPOPLPUSH a a', b'$1\r\n1\r\n'),
            ('RPOPLPUSH b a', b'$1\r\n2\r\n'),
            ('LRANGE a 0 -1', b'*2\r\n$1\r\n2\r\n$1\r\n1\r\n'),
            ('EXISTS b', b':0\r\n'),
            ('RPOPLPUSH missing a', b'$-1\r\n'),
            ('RPOPLPUSH a', b"-ERR wrong number of arguments for 'rpoplpush' command\r\n"),
        )

    def test_lmpop(self):
        """LMPOP pops from the first non-empty list named."""
        self.script(
            ('RPUSH b 1 2 3', b':3\r\n'),
            ('LMPOP 2 a b LEFT', b'*2\r\n$1\r\nb\r\n*1\r\n$1\r\n1\r\n'),
            ('LMPOP 2 a b RIGHT COUNT 5', b'*2\r\n$1\r\nb\r\n*2\r\n$1\r\n3\r\n$1\r\n2\r\n'),
            ('LMPOP 2 a b left', b'*-1\r\n'),
            ('EXISTS b', b':0\r\n'),
        )

    def test_lmpop_errors(self):
        """LMPOP's argument errors; only keys before the first list are type-checked."""
        self.script(
            ('SET s v', b'+OK\r\n'),
            ('LMPOP 0 a LEFT', b'-ERR numkeys should be greater than 0\r\n'),
            ('LMPOP -1 a LEFT', b'-ERR numkeys should be greater than 0\r\n'),
            ('LMPOP x a LEFT', b'-ERR numkeys should be greater than 0\r\n'),
            ('LMPOP 2 a LEFT', b'-ERR syntax error\r\n'),
            ('LMPOP 3 a left', b'-ERR syntax error\r\n'),
            ('LMPOP 1 a MIDDLE', b'-ERR syntax error\r\n'),
            ('LMPOP 1 a LEFT COUNT 0', b'-ERR count should be greater than 0\r\n'),
            ('LMPOP 1 a LEFT COUNT x', b'-ERR count should be greater than 0\r\n'),
            ('LMPOP 1 a LEFT COUNT', b'-ERR syntax error\r\n'),
            ('LMPOP 1 a LEFT COUNT 1 COUNT 2', b'-ERR syntax error\r\n'),
            ('LMPOP 1 a LEFT foo', b'-ERR syntax error\r\n'),
            ('LMPOP 1 a', b"-ERR wrong number of arguments for 'lmpop' command\r\n"),
            ('LMPOP 2 a s LEFT', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('RPUSH b x', b':1\r\n'),
            ('LMPOP 3 a b s LEFT COUNT 10', b'*2\r\n$1\r\nb\r\n*1\r\n$1\r\nx\r\n'),
        )

    def test_wrongtype(self):
        """Every list command refuses a string, after checking its arguments where Redis does."""
        self.script(
            ('SET s v', b'+OK\r\n'),
            ('LPUSH s a', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('RPUSH s a', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('LPUSHX s a', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('RPUSHX s a', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('LPOP s', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('RPOP s 0', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('LLEN s', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('LRANGE s 0 -1', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('LINDEX s 0', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('LSET s 0 a', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('LSET s x a', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('LINSERT s before a b', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('LINSERT s middle a b', b'-ERR syntax error\r\n'),
            ('LREM s 0 a', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('LREM s x a', b'-ERR value is not an integer or out of range\r\n'),
            ('LTRIM s 0 1', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('LTRIM s x 1', b'-ERR value is not an integer or out of range\r\n'),
            ('LPOS s a', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('LPOS s a RANK 0', RANK_ZERO),
            ('LMOVE s l left left', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('RPUSH l a', b':1\r\n'),
            ('LMOVE l s left left', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('LRANGE l 0 -1', b'*1\r\n$1\r\na\r\n'),
            ('LMOVE missing s left left', b'$-1\r\n'),
            ('RPOPLPUSH l s', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('LMPOP 1 s LEFT', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        )

    def test_resp3_nulls(self):
        """RESP3 nulls for missing keys, with or without counts."""
        self.client = self.server.session(resp=3)

        self.script(
            ('LPOP missing', b'_\r\n'),
            ('LPOP missing 2', b'_\r\n'),
            ('RPOP missing 0', b'_\r\n'),
            ('LINDEX missing 0', b'_\r\n'),
            ('LPOS missing a', b'_\r\n'),
            ('LPOS missing a COUNT 0', b'*0\r\n'),
            ('LMOVE missing b left left', b'_\r\n'),
            ('RPOPLPUSH missing b', b'_\r\n'),
            ('LMPOP 1 missing LEFT', b'_\r\n'),
            ('RPUSH l a b', b':2\r\n'),
            ('LMPOP 1 l RIGHT COUNT 5', b'*2\r\n$1\r\nl\r\n*2\r\n$1\r\nb\r\n$1\r\na\r\n'),
            ('RPUSH l a', b':1\r\n'),
            ('LPOS l z', b'_\r\n'),
            ('LINDEX l 1', b'_\r\n'),
            ('LRANGE missing 0 -1', b'*0\r\n'),
        )

    def test_long_list_ranges(self):
        """Ranges near either end of a long list (LRANGE walks from the nearer end)."""
        self.call("RPUSH", "l", *range(1000))
        self.script(
            ('LRANGE l -3 -1', b'*3\r\n$3\r\n997\r\n$3\r\n998\r\n$3\r\n999\r\n'),
            ('LRANGE l 990 992', b'*3\r\n$3\r\n990\r\n$3\r\n991\r\n$3\r\n992\r\n'),
            ('LRANGE l 2 4', b'*3\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n'),
            ('LRANGE l 499 501', b'*3\r\n$3\r\n499\r\n$3\r\n500\r\n$3\r\n501\r\n'),
            ('LRANGE l -2 5000', b'*2\r\n$3\r\n998\r\n$3\r\n999\r\n'),
            ('LRANGE l 998 2', b'*0\r\n'),
            ('LINDEX l -1', b'$3\r\n999\r\n'),
            ('LINDEX l 500', b'$3\r\n500\r\n'),
        )


class ListEffectTests(test_strings.CoreTestCase):
    """Keyspace events, the dirty counter, propagation, TTLs and copies."""

    def run_all(self, *commands: str) -> None:
        for command in commands:
            self.call(*command.split(" "))

    def test_events(self):
        """Event names and order as Redis 7.0 sends them (a move announces the push first)."""
        self.run_all(
            "RPUSH a 1 2", "LPUSH a 0", "LPUSHX nokey x", "RPUSHX a 3", "LMOVE a b LEFT RIGHT", "RPOPLPUSH a b",
            "LPOP a", "LPOP a", "RPUSH a x y z", "LTRIM a 0 100", "LTRIM a 1 0", "RPUSH a x y", "LREM a 1 q",
            "LREM a 0 x", "LSET a 0 n", "LINSERT a BEFORE zz q", "LINSERT a AFTER n m", "RPOP a 5",
            "LMPOP 2 a b RIGHT COUNT 1", "LMPOP 1 b LEFT COUNT 10", "RPOP zz 0", "LPOP b 0",
        )
        expected = [
            ("rpush", "a"), ("lpush", "a"), ("rpush", "a"), ("rpush", "b"), ("lpop", "a"), ("lpush", "b"),
            ("rpop", "a"), ("lpop", "a"), ("lpop", "a"), ("del", "a"), ("rpush", "a"), ("ltrim", "a"),
            ("ltrim", "a"), ("del", "a"), ("rpush", "a"), ("lrem", "a"), ("lset", "a"), ("linsert", "a"),
            ("rpop", "a"), ("del", "a"), ("rpop", "b"), ("lpop", "b"), ("del", "b"),
        ]
        self.assertEqual([(event, key.decode()) for event, _, key in self.events], expected)
        self.assertEqual({kind for event, kind, _ in self.events if event != "del"}, {"l"})

    def test_dirty(self):
        """The dirty counter moves by the elements added or removed; a no-op trim counts nothing."""
        steps = [
            ("RPUSH l a b c d e f", 6), ("LPOP l 2", 2), ("LMPOP 1 l RIGHT COUNT 2", 2), ("LTRIM l 0 100", 0),
            ("LTRIM l 1 0", 2), ("RPUSH l a b a", 3), ("LREM l 0 a", 2), ("LMOVE l l2 LEFT RIGHT", 1),
            ("LSET l2 0 x", 1), ("LINSERT l2 BEFORE x y", 1), ("LMPOP 2 zz l2 LEFT COUNT 5", 2),
            ("RPUSH m 1", 1), ("RPOP m 5", 1), ("LPOP m 0", 0),
        ]
        for command, changes in steps:
            before = self.state.dirty
            self.call(*command.split(" "))
            self.assertEqual(self.state.dirty - before, changes, command)

    def test_propagation(self):
        """LMPOP reaches replicas as LPOP/RPOP with the number popped; no-op writes are not sent."""
        self.run_all(
            "RPUSH l a b c d e f", "LPOP l 2", "LMPOP 1 l RIGHT COUNT 2", "LTRIM l 0 100", "LTRIM l 1 0",
            "LMOVE l l2 LEFT RIGHT", "RPUSH l2 x", "LMPOP 2 zz l2 LEFT COUNT 5", "LREM l2 0 q", "LPOP nokey",
        )
        self.assertEqual(self.propagated, [
            [b"RPUSH", b"l", b"a", b"b", b"c", b"d", b"e", b"f"],
            [b"LPOP", b"l", b"2"],
            [b"RPOP", b"l", b"2"],
            [b"LTRIM", b"l", b"1", b"0"],
            [b"RPUSH", b"l2", b"x"],
            [b"LPOP", b"l2", b"1"],
        ])

    def test_ttl_kept(self):
        """Changing a list keeps its TTL; a list emptied and re-created has none."""
        self.script(
            ("RPUSH l a b", b":2\r\n"),
            ("EXPIRE l 100", b":1\r\n"),
            ("RPUSH l c", b":3\r\n"),
            ("LSET l 0 x", b"+OK\r\n"),
            ("LMOVE l l LEFT RIGHT", b"$1\r\nx\r\n"),
        )
        self.assertEqual(self.ttl(b"l"), 100_000)
        self.script(("LPOP l 5", b"*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nx\r\n"), ("RPUSH l a", b":1\r\n"))
        self.assertIsNone(self.ttl(b"l"))

    def test_expired_list(self):
        """An expired list is gone for every list command."""
        self.run_all("RPUSH l a", "PEXPIRE l 10")
        self.server.advance(10)
        self.script(("LLEN l", b":0\r\n"), ("LPUSHX l a", b":0\r\n"), ("LSET l 0 x", b"-ERR no such key\r\n"))

    def test_copy_is_independent(self):
        """COPY gets a list of its own."""
        original = ListValue([b"a"])
        copy = copy_value(original)
        copy.append(b"b")
        self.assertIs(type(copy), ListValue)
        self.assertEqual(list(original), [b"a"])

    def test_long_list_encoding(self):
        """Redis 7.0 has no listpack lists: even a one-element list under any size limit is a quicklist."""
        self.restart(list_max_listpack_size="1")
        self.script(
            ("RPUSH l a", b":1\r\n"),
            ("OBJECT ENCODING l", b"$9\r\nquicklist\r\n"),
        )
