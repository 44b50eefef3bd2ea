
"""
Hash commands through the core with a fake clock.

Expected replies in the C{script} tables were recorded from redis-server 7.0.15
(Debian's build) by running the same commands against it.
"""

from __future__ import annotations

from tests._core import RecordingTestCase
from txredisd.core.types.hash import Hash


class HashTestCase(RecordingTestCase):
    """Hash command tests with a RESP2 and a RESP3 client."""

    resp3_client = True

    def call(self, *args: bytes | str | int) -> bytes:
        return self.client.call(*args)

    def call3(self, *args: bytes | str | int) -> bytes:
        return self.client3.call(*args)

    def script(self, call, steps: list[tuple[str, bytes]]) -> None:
        """Run space-separated commands checking each reply."""
        for command, expected in steps:
            self.assertEqual(call(*command.split(" ")), expected, command)


class RecordedReplyTests(HashTestCase):
    """Replies, byte for byte, as redis-server 7.0.15 gave them."""

    def test_basics(self):
        """Setting, reading and deleting fields; the last HDEL removes the key."""
        self.script(self.call, [
            ('HSET h a 1 b 2', b':2\r\n'),
            ('HSET h a 9 c 3', b':1\r\n'),
            ('HGET h a', b'$1\r\n9\r\n'),
            ('HGET h zz', b'$-1\r\n'),
            ('HMGET h a zz', b'*2\r\n$1\r\n9\r\n$-1\r\n'),
            ('HMSET h d 4', b'+OK\r\n'),
            ('HLEN h', b':4\r\n'),
            ('HSTRLEN h a', b':1\r\n'),
            ('HEXISTS h d', b':1\r\n'),
            ('HKEYS h', b'*4\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n'),
            ('HVALS h', b'*4\r\n$1\r\n9\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n'),
            ('HGETALL h', b'*8\r\n$1\r\na\r\n$1\r\n9\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n4\r\n'),
            ('HSETNX h a x', b':0\r\n'),
            ('HSETNX h e x', b':1\r\n'),
            ('HDEL h a zz', b':1\r\n'),
            ('HDEL h b c d e', b':4\r\n'),
            ('EXISTS h', b':0\r\n'),
            ('HGETALL h', b'*0\r\n'),
        ])

    def test_errors(self):
        """Arity, WRONGTYPE and argument errors, in Redis's order of checks."""
        self.script(self.call, [
            ('HSET h a', b"-ERR wrong number of arguments for 'hset' command\r\n"),
            ('HMSET h a 1 b', b"-ERR wrong number of arguments for 'hmset' command\r\n"),
            ('SET s x', b'+OK\r\n'),
            ('HSET s a b', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('HGET s a', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('HDEL s a', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('HINCRBY s f x', b'-ERR value is not an integer or out of range\r\n'),
            ('HINCRBYFLOAT s f x', b'-ERR value is not a valid float\r\n'),
            ('HINCRBYFLOAT s f 1', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('HRANDFIELD s x', b'-ERR value is not an integer or out of range\r\n'),
            ('HRANDFIELD s 1', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('HSCAN s x', b'-ERR invalid cursor\r\n'),
            ('HSCAN s 0', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('HSCAN nokey 0 count 0', b'*2\r\n$1\r\n0\r\n*0\r\n'),
        ])

    def test_counters(self):
        """HINCRBY/HINCRBYFLOAT: overflow, non-numeric values, infinities, long-double formatting."""
        self.script(self.call, [
            ('HINCRBY h n 9223372036854775806', b':9223372036854775806\r\n'),
            ('HINCRBY h n 1', b':9223372036854775807\r\n'),
            ('HINCRBY h n 1', b'-ERR increment or decrement would overflow\r\n'),
            ('HSET h s abc', b':1\r\n'),
            ('HINCRBY h s 1', b'-ERR hash value is not an integer\r\n'),
            ('HINCRBYFLOAT h s 1', b'-ERR hash value is not a float\r\n'),
            ('HINCRBYFLOAT h f 10.5', b'$4\r\n10.5\r\n'),
            ('HINCRBYFLOAT h f 1e300', b'$301\r\n1000000000000000000008997324079559193870523944273290747938260082321265646596180935755849152083750497190350372508614274835903592556184672983913096260520748646287327135641843653294084255107606016789726652932370030551382947620994540294772781889620606179267611627097410650567187386105690089424915104006144\r\n'),
            ('HINCRBYFLOAT h f inf', b'-ERR value is NaN or Infinity\r\n'),
            ('HSET h i inf', b':1\r\n'),
            ('HINCRBYFLOAT h i 1', b'-ERR increment would produce NaN or Infinity\r\n'),
        ])

    def test_hrandfield(self):
        """HRANDFIELD on a one-field hash (deterministic), missing keys and count errors."""
        self.script(self.call, [
            ('HSET h a 1', b':1\r\n'),
            ('HRANDFIELD h', b'$1\r\na\r\n'),
            ('HRANDFIELD h -2 WITHVALUES', b'*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\na\r\n$1\r\n1\r\n'),
            ('HRANDFIELD h 0', b'*0\r\n'),
            ('HRANDFIELD nokey', b'$-1\r\n'),
            ('HRANDFIELD nokey 2', b'*0\r\n'),
            ('HRANDFIELD h 1 foo', b'-ERR syntax error\r\n'),
            ('HRANDFIELD h -9223372036854775808', b'-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n'),
            ('HRANDFIELD h -4611686018427387904 withvalues', b'-ERR value is out of range\r\n'),
        ])

    def test_hscan(self):
        """HSCAN of a listpack hash: everything at once with cursor 0; option errors."""
        self.script(self.call, [
            ('HSET h a 1 b 2 c 3', b':3\r\n'),
            ('HSCAN h 0', b'*2\r\n$1\r\n0\r\n*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n'),
            ('HSCAN h 99 MATCH b*', b'*2\r\n$1\r\n0\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n'),
            ('HSCAN h 0 COUNT 0', b'-ERR syntax error\r\n'),
            ('HSCAN h 0 TYPE hash', b'-ERR syntax error\r\n'),
            ('HSCAN h 0 MATCH', b'-ERR syntax error\r\n'),
            ('HSCAN h -1 COUNT 1', b'*2\r\n$1\r\n0\r\n*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n'),
        ])

    def test_basics_resp3(self):
        """Setting, reading and deleting fields; the last HDEL removes the key. (RESP3)"""
        self.script(self.call3, [
            ('HSET h a 1 b 2', b':2\r\n'),
            ('HSET h a 9 c 3', b':1\r\n'),
            ('HGET h a', b'$1\r\n9\r\n'),
            ('HGET h zz', b'_\r\n'),
            ('HMGET h a zz', b'*2\r\n$1\r\n9\r\n_\r\n'),
            ('HMSET h d 4', b'+OK\r\n'),
            ('HLEN h', b':4\r\n'),
            ('HSTRLEN h a', b':1\r\n'),
            ('HEXISTS h d', b':1\r\n'),
            ('HKEYS h', b'*4\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n'),
            ('HVALS h', b'*4\r\n$1\r\n9\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n'),
            ('HGETALL h', b'%4\r\n$1\r\na\r\n$1\r\n9\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n4\r\n'),
            ('HSETNX h a x', b':0\r\n'),
            ('HSETNX h e x', b':1\r\n'),
            ('HDEL h a zz', b':1\r\n'),
            ('HDEL h b c d e', b':4\r\n'),
            ('EXISTS h', b':0\r\n'),
            ('HGETALL h', b'%0\r\n'),
        ])

    def test_errors_resp3(self):
        """Arity, WRONGTYPE and argument errors, in Redis's order of checks. (RESP3)"""
        self.script(self.call3, [
            ('HSET h a', b"-ERR wrong number of arguments for 'hset' command\r\n"),
            ('HMSET h a 1 b', b"-ERR wrong number of arguments for 'hmset' command\r\n"),
            ('SET s x', b'+OK\r\n'),
            ('HSET s a b', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('HGET s a', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('HDEL s a', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('HINCRBY s f x', b'-ERR value is not an integer or out of range\r\n'),
            ('HINCRBYFLOAT s f x', b'-ERR value is not a valid float\r\n'),
            ('HINCRBYFLOAT s f 1', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('HRANDFIELD s x', b'-ERR value is not an integer or out of range\r\n'),
            ('HRANDFIELD s 1', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('HSCAN s x', b'-ERR invalid cursor\r\n'),
            ('HSCAN s 0', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('HSCAN nokey 0 count 0', b'*2\r\n$1\r\n0\r\n*0\r\n'),
        ])

    def test_counters_resp3(self):
        """HINCRBY/HINCRBYFLOAT: overflow, non-numeric values, infinities, long-double formatting. (RESP3)"""
        self.script(self.call3, [
            ('HINCRBY h n 9223372036854775806', b':9223372036854775806\r\n'),
            ('HINCRBY h n 1', b':9223372036854775807\r\n'),
            ('HINCRBY h n 1', b'-ERR increment or decrement would overflow\r\n'),
            ('HSET h s abc', b':1\r\n'),
            ('HINCRBY h s 1', b'-ERR hash value is not an integer\r\n'),
            ('HINCRBYFLOAT h s 1', b'-ERR hash value is not a float\r\n'),
            ('HINCRBYFLOAT h f 10.5', b'$4\r\n10.5\r\n'),
            ('HINCRBYFLOAT h f 1e300', b'$301\r\n1000000000000000000008997324079559193870523944273290747938260082321265646596180935755849152083750497190350372508614274835903592556184672983913096260520748646287327135641843653294084255107606016789726652932370030551382947620994540294772781889620606179267611627097410650567187386105690089424915104006144\r\n'),
            ('HINCRBYFLOAT h f inf', b'-ERR value is NaN or Infinity\r\n'),
            ('HSET h i inf', b':1\r\n'),
            ('HINCRBYFLOAT h i 1', b'-ERR increment would produce NaN or Infinity\r\n'),
        ])

    def test_hrandfield_resp3(self):
        """HRANDFIELD on a one-field hash (deterministic), missing keys and count errors. (RESP3)"""
        self.script(self.call3, [
            ('HSET h a 1', b':1\r\n'),
            ('HRANDFIELD h', b'$1\r\na\r\n'),
            ('HRANDFIELD h -2 WITHVALUES', b'*2\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n'),
            ('HRANDFIELD h 0', b'*0\r\n'),
            ('HRANDFIELD nokey', b'_\r\n'),
            ('HRANDFIELD nokey 2', b'*0\r\n'),
            ('HRANDFIELD h 1 foo', b'-ERR syntax error\r\n'),
            ('HRANDFIELD h -9223372036854775808', b'-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n'),
            ('HRANDFIELD h -4611686018427387904 withvalues', b'-ERR value is out of range\r\n'),
        ])

    def test_hscan_resp3(self):
        """HSCAN of a listpack hash: everything at once with cursor 0; option errors. (RESP3)"""
        self.script(self.call3, [
            ('HSET h a 1 b 2 c 3', b':3\r\n'),
            ('HSCAN h 0', b'*2\r\n$1\r\n0\r\n*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n'),
            ('HSCAN h 99 MATCH b*', b'*2\r\n$1\r\n0\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n'),
            ('HSCAN h 0 COUNT 0', b'-ERR syntax error\r\n'),
            ('HSCAN h 0 TYPE hash', b'-ERR syntax error\r\n'),
            ('HSCAN h 0 MATCH', b'-ERR syntax error\r\n'),
            ('HSCAN h -1 COUNT 1', b'*2\r\n$1\r\n0\r\n*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n'),
        ])

class WritePathTests(HashTestCase):
    """Keyspace events, the dirty counter and what replicas receive."""

    def test_events(self):
        """Redis's event names: hset (also for HMSET/HSETNX), hdel then del when emptied, hincrby(float)."""
        self.call("HSET", "h", "a", "1", "b", "2")
        self.call("HMSET", "h", "c", "3")
        self.call("HSETNX", "h", "a", "x")
        self.call("HSETNX", "h", "d", "4")
        self.call("HINCRBY", "h", "n", "1")
        self.call("HINCRBYFLOAT", "h", "n", "1.5")
        self.call("HDEL", "h", "zz")
        self.call("HDEL", "h", "a", "b", "c", "d", "n")
        self.assertEqual(self.events, [
            ("hset", "h", b"h"), ("hset", "h", b"h"), ("hset", "h", b"h"), ("hincrby", "h", b"h"),
            ("hincrbyfloat", "h", b"h"), ("hdel", "h", b"h"), ("del", "g", b"h"),
        ])
        self.assertNotIn(b"h", self.db.data)

    def test_dirty(self):
        """HSET counts one change per pair, HDEL one per field removed, as Redis does."""
        self.call("HSET", "h", "a", "1", "b", "2", "a", "3")
        self.assertEqual(self.state.dirty, 3)
        self.call("HDEL", "h", "a", "b", "zz")
        self.assertEqual(self.state.dirty, 5)

    def test_hincrbyfloat_propagated_as_hset(self):
        """Replicas get the formatted result, never the increment."""
        self.assertEqual(self.call("HINCRBYFLOAT", "h", "f", "0.1"), b"$3\r\n0.1\r\n")
        self.assertEqual(self.call("HINCRBYFLOAT", "h", "f", "0.2"), b"$3\r\n0.3\r\n")
        self.assertEqual(self.propagated[-2:], [[b"HSET", b"h", b"f", b"0.1"], [b"HSET", b"h", b"f", b"0.3"]])

    def test_failed_writes_not_propagated(self):
        """An error or a no-op (HSETNX on an existing field, HDEL of nothing) changes nothing."""
        self.call("HSET", "h", "s", "abc")
        del self.propagated[:]
        self.call("HINCRBY", "h", "s", "1")
        self.call("HSETNX", "h", "s", "x")
        self.call("HDEL", "h", "zz")
        self.assertEqual(self.propagated, [])

    def test_ttl_kept(self):
        """Writes to an existing hash keep its TTL."""
        self.call("HSET", "h", "a", "1")
        self.call("EXPIRE", "h", "100")
        self.call("HSET", "h", "b", "2")
        self.call("HINCRBY", "h", "c", "1")
        self.call("HDEL", "h", "a")
        self.assertEqual(self.call("TTL", "h"), b":100\r\n")


class EncodingTests(HashTestCase):
    """OBJECT ENCODING follows the listpack limits read at each write; conversion is one-way."""

    def encoding(self, key: str) -> bytes:
        return self.call("OBJECT", "ENCODING", key)

    def test_entries_limit(self):
        """More fields than hash-max-listpack-entries turns the hash into a hashtable for good."""
        self.call("CONFIG", "SET", "hash-max-listpack-entries", "2")
        self.call("HSET", "h", "a", "1", "b", "2")
        self.assertEqual(self.encoding("h"), b"$8\r\nlistpack\r\n")
        self.call("HSET", "h", "c", "3")
        self.assertEqual(self.encoding("h"), b"$9\r\nhashtable\r\n")
        self.call("HDEL", "h", "a", "b")
        self.assertEqual(self.encoding("h"), b"$9\r\nhashtable\r\n")

    def test_value_limit(self):
        """A field or value longer than hash-max-listpack-value, whichever command writes it."""
        self.call("HSET", "a", "f", "v" * 64)
        self.assertEqual(self.encoding("a"), b"$8\r\nlistpack\r\n")
        for command in (("HSET", "b", "f", "v" * 65), ("HSETNX", "c", "f" * 65, "v"), ("HINCRBY", "d", "f" * 65, "1"),
                        ("HINCRBYFLOAT", "e", "x", "1e70")):
            self.call(*command)
            self.assertEqual(self.encoding(command[1]), b"$9\r\nhashtable\r\n", command)

    def test_copy_is_independent(self):
        """COPY gives a hash sharing nothing, with the same encoding."""
        self.call("HSET", "h", "f", "v" * 65)
        self.call("COPY", "h", "h2")
        self.call("HSET", "h2", "g", "1")
        self.assertEqual(self.call("HLEN", "h"), b":1\r\n")
        self.assertEqual(self.encoding("h2"), b"$9\r\nhashtable\r\n")


class HashtableScanTests(HashTestCase):
    """HSCAN over a hashtable-encoded hash, through the model and the command."""

    def scan_all(self, value: Hash, count: int, between=None) -> list[bytes]:
        cursor, seen = 0, []
        while True:
            cursor, found = value.scan(cursor, count)
            seen.extend(found)
            if between is not None:
                between()
            if cursor == 0:
                return seen

    def test_pages(self):
        """Pages of about COUNT fields, every field once, ending on cursor 0."""
        self.call("CONFIG", "SET", "hash-max-listpack-entries", "0")
        args = [b"f%d" % i for i in range(50) for _ in (0, 1)]
        self.call("HSET", "h", *args)
        reply = self.call("HSCAN", "h", "0", "COUNT", "10")
        self.assertTrue(reply.startswith(b"*2\r\n$2\r\n40\r\n*20\r\n"), reply)
        seen = self.scan_all(self.db.data[b"h"], 7)
        self.assertEqual(sorted(seen), sorted(b"f%d" % i for i in range(50)))

    def test_guarantee_under_writes(self):
        """Fields present all along are returned while others come and go and the log compacts."""
        value = Hash()
        value.convert()
        for i in range(200):
            value.put(b"keep%d" % i, b"1")
        added = iter(range(10_000))

        def churn() -> None:
            for _ in range(30):
                n = next(added)
                value.put(b"tmp%d" % n, b"x")
                value.fields.pop(b"tmp%d" % (n - 5), None)

        seen = set(self.scan_all(value, 10, churn))
        self.assertTrue({b"keep%d" % i for i in range(200)} <= seen)
        self.assertLess(len(value._log), 2 * len(value.fields) + 40)

    def test_match(self):
        """MATCH filters fields after the walk; values follow their fields."""
        self.call("CONFIG", "SET", "hash-max-listpack-entries", "0")
        self.call("HSET", "h", "a1", "x", "b1", "y", "a2", "z")
        self.assertEqual(self.call("HSCAN", "h", "0", "MATCH", "a*"),
                         b"*2\r\n$1\r\n0\r\n*4\r\n$2\r\na2\r\n$1\r\nz\r\n$2\r\na1\r\n$1\r\nx\r\n")
