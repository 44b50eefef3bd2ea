"""
Set commands through the core with a fake clock.

Expected replies in L{SCRIPTS} were recorded from redis-server 7.0.15 (Debian's
build) by running the same commands against it, each script on an empty server.
"""

from __future__ import annotations

import shlex

from tests._core import RecordingTestCase
from txredisd.core.types.set import SetValue

SCRIPTS: dict[str, list[tuple[str, bytes]]] = {
    'sadd_srem': [
        ('SADD s a b a', b':2\r\n'),
        ('SADD s b c', b':1\r\n'),
        ('SCARD s', b':3\r\n'),
        ('SREM s a x', b':1\r\n'),
        ('SREM s b c', b':2\r\n'),
        ('EXISTS s', b':0\r\n'),
        ('SREM s a', b':0\r\n'),
        ('SREM missing a', b':0\r\n'),
        ('SADD s', b"-ERR wrong number of arguments for 'sadd' command\r\n"),
        ('SREM s', b"-ERR wrong number of arguments for 'srem' command\r\n"),
    ],
    'sismember': [
        ('SADD s a 1', b':2\r\n'),
        ('SISMEMBER s a', b':1\r\n'),
        ('SISMEMBER s 1', b':1\r\n'),
        ('SISMEMBER s z', b':0\r\n'),
        ('SISMEMBER missing a', b':0\r\n'),
        ('SMISMEMBER s a z 1', b'*3\r\n:1\r\n:0\r\n:1\r\n'),
        ('SMISMEMBER missing a b', b'*2\r\n:0\r\n:0\r\n'),
        ('SMISMEMBER s', b"-ERR wrong number of arguments for 'smismember' command\r\n"),
        ('SISMEMBER s', b"-ERR wrong number of arguments for 'sismember' command\r\n"),
        ('SCARD missing', b':0\r\n'),
    ],
    'smembers_intset': [
        ('SADD s 10 -3 7 0 9223372036854775807 -9223372036854775808', b':6\r\n'),
        ('SMEMBERS s', b'*6\r\n$20\r\n-9223372036854775808\r\n$2\r\n-3\r\n$1\r\n0\r\n$1\r\n7\r\n'
                       b'$2\r\n10\r\n$19\r\n9223372036854775807\r\n'),
        ('OBJECT ENCODING s', b'$6\r\nintset\r\n'),
        ('SMEMBERS missing', b'*0\r\n'),
    ],
    'encodings': [
        ('SADD a 01', b':1\r\n'),
        ('OBJECT ENCODING a', b'$9\r\nhashtable\r\n'),
        ('SADD b 9223372036854775808', b':1\r\n'),
        ('OBJECT ENCODING b', b'$9\r\nhashtable\r\n'),
        ("SADD c ' 1'", b':1\r\n'),
        ('OBJECT ENCODING c', b'$9\r\nhashtable\r\n'),
        ('SADD d 1 x', b':2\r\n'),
        ('SREM d x', b':1\r\n'),
        ('OBJECT ENCODING d', b'$9\r\nhashtable\r\n'),
        ('SMEMBERS d', b'*1\r\n$1\r\n1\r\n'),
        ('SADD e -0', b':1\r\n'),
        ('OBJECT ENCODING e', b'$9\r\nhashtable\r\n'),
    ],
    'wrongtype': [
        ('SET str v', b'+OK\r\n'),
        ('SADD str a', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('SREM str a', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('SCARD str', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('SISMEMBER str a', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('SMISMEMBER str a', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('SMEMBERS str', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('SRANDMEMBER str', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('SRANDMEMBER str 2', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('SPOP str', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('SPOP str 2', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('SPOP str 0', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('SSCAN str 0', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('SINTER str', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('SUNION str', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('SDIFF str', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('SINTERCARD 1 str', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('SINTERSTORE d str', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('SUNIONSTORE d str', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('SDIFFSTORE d str', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('SMOVE str d a', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('SADD s a', b':1\r\n'),
        ('SMOVE s str a', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('SMOVE missing str a', b':0\r\n'),
    ],
    'srandmember': [
        ('SADD s 1 2 3', b':3\r\n'),
        ('SRANDMEMBER s 3', b'*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n'),
        ('SRANDMEMBER s 10', b'*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n'),
        ('SRANDMEMBER s 0', b'*0\r\n'),
        ('SRANDMEMBER missing', b'$-1\r\n'),
        ('SRANDMEMBER missing 3', b'*0\r\n'),
        ('SRANDMEMBER missing -3', b'*0\r\n'),
        ('SRANDMEMBER s -9223372036854775808',
         b'-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n'),
        ('SRANDMEMBER s x', b'-ERR value is not an integer or out of range\r\n'),
        ('SRANDMEMBER s 1 2', b'-ERR syntax error\r\n'),
        ('SRANDMEMBER s 0 0', b'-ERR syntax error\r\n'),
    ],
    'spop_errors': [
        ('SADD s 1 2 3', b':3\r\n'),
        ('SPOP s -1', b'-ERR value is out of range, must be positive\r\n'),
        ('SPOP s x', b'-ERR value is out of range, must be positive\r\n'),
        ('SPOP s 1 2', b'-ERR syntax error\r\n'),
        ('SPOP s 0', b'*0\r\n'),
        ('SPOP missing', b'$-1\r\n'),
        ('SPOP missing 3', b'*0\r\n'),
        ('SPOP s 3', b'*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n'),
        ('EXISTS s', b':0\r\n'),
    ],
    'smove': [
        ('SADD a 1 x', b':2\r\n'),
        ('SMOVE a b x', b':1\r\n'),
        ('SMOVE a b x', b':0\r\n'),
        ('SMOVE a a 1', b':1\r\n'),
        ('SMOVE a a 2', b':0\r\n'),
        ('SMOVE missing b x', b':0\r\n'),
        ('SMOVE a b 1', b':1\r\n'),
        ('EXISTS a', b':0\r\n'),
        ('SCARD b', b':2\r\n'),
        ('OBJECT ENCODING b', b'$9\r\nhashtable\r\n'),
        ('SMOVE b c 1', b':1\r\n'),
        ('OBJECT ENCODING c', b'$6\r\nintset\r\n'),
    ],
    'algebra': [
        ('SADD a 1 2 3 4', b':4\r\n'),
        ('SADD b 3 4 5', b':3\r\n'),
        ('SADD c 4 5 6', b':3\r\n'),
        ('SINTER a b', b'*2\r\n$1\r\n3\r\n$1\r\n4\r\n'),
        ('SINTER a b c', b'*1\r\n$1\r\n4\r\n'),
        ('SINTER a missing', b'*0\r\n'),
        ('SUNION a b c', b'*6\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n$1\r\n6\r\n'),
        ('SUNION missing', b'*0\r\n'),
        ('SDIFF a b', b'*2\r\n$1\r\n1\r\n$1\r\n2\r\n'),
        ('SDIFF a b c', b'*2\r\n$1\r\n1\r\n$1\r\n2\r\n'),
        ('SDIFF missing a', b'*0\r\n'),
        ('SDIFF a missing', b'*4\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n'),
        ('SINTERCARD 2 a b', b':2\r\n'),
        ('SINTERCARD 3 a b c', b':1\r\n'),
        ('SINTERCARD 2 a missing', b':0\r\n'),
        ('SINTERCARD 1 a LIMIT 2', b':2\r\n'),
        ('SINTERCARD 1 a LIMIT 0', b':4\r\n'),
        ('SINTERCARD 1 a limit 1 LIMIT 3', b':3\r\n'),
    ],
    'stores': [
        ('SADD a 1 2 3', b':3\r\n'),
        ('SADD b 2 3 x', b':3\r\n'),
        ('SET d v', b'+OK\r\n'),
        ('EXPIRE d 100', b':1\r\n'),
        ('SINTERSTORE d a b', b':2\r\n'),
        ('TTL d', b':-1\r\n'),
        ('SMEMBERS d', b'*2\r\n$1\r\n2\r\n$1\r\n3\r\n'),
        ('OBJECT ENCODING d', b'$6\r\nintset\r\n'),
        ('SUNIONSTORE u a b', b':4\r\n'),
        ('SCARD u', b':4\r\n'),
        ('OBJECT ENCODING u', b'$9\r\nhashtable\r\n'),
        ('SDIFFSTORE f a b', b':1\r\n'),
        ('SMEMBERS f', b'*1\r\n$1\r\n1\r\n'),
        ('SDIFFSTORE f b b', b':0\r\n'),
        ('EXISTS f', b':0\r\n'),
        ('SINTERSTORE d a missing', b':0\r\n'),
        ('EXISTS d', b':0\r\n'),
        ('SUNIONSTORE d missing', b':0\r\n'),
        ('SINTERSTORE', b"-ERR wrong number of arguments for 'sinterstore' command\r\n"),
        ('SINTERSTORE d', b"-ERR wrong number of arguments for 'sinterstore' command\r\n"),
    ],
    'sintercard_errors': [
        ('SADD a 1', b':1\r\n'),
        ('SINTERCARD 0 a', b'-ERR numkeys should be greater than 0\r\n'),
        ('SINTERCARD -1 a', b'-ERR numkeys should be greater than 0\r\n'),
        ('SINTERCARD x a', b'-ERR numkeys should be greater than 0\r\n'),
        ('SINTERCARD 2 a', b"-ERR Number of keys can't be greater than number of args\r\n"),
        ('SINTERCARD 1 a LIMIT', b'-ERR syntax error\r\n'),
        ('SINTERCARD 1 a LIMIT -1', b"-ERR LIMIT can't be negative\r\n"),
        ('SINTERCARD 1 a LIMIT x', b"-ERR LIMIT can't be negative\r\n"),
        ('SINTERCARD 1 a FOO 1', b'-ERR syntax error\r\n'),
        ('SINTERCARD 1', b"-ERR wrong number of arguments for 'sintercard' command\r\n"),
    ],
    'sscan': [
        ('SADD s 3 1 2', b':3\r\n'),
        ('SSCAN s 0', b'*2\r\n$1\r\n0\r\n*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n'),
        ('SSCAN s 0 COUNT 1', b'*2\r\n$1\r\n0\r\n*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n'),
        ('SSCAN s 0 MATCH 1*', b'*2\r\n$1\r\n0\r\n*1\r\n$1\r\n1\r\n'),
        ('SSCAN s 0 COUNT 0', b'-ERR syntax error\r\n'),
        ('SSCAN s 0 COUNT x', b'-ERR value is not an integer or out of range\r\n'),
        ('SSCAN s 0 MATCH', b'-ERR syntax error\r\n'),
        ('SSCAN s 0 TYPE set', b'-ERR syntax error\r\n'),
        ('SSCAN s x', b'-ERR invalid cursor\r\n'),
        ('SSCAN missing 0 FOO', b'*2\r\n$1\r\n0\r\n*0\r\n'),
        ('SSCAN missing 0', b'*2\r\n$1\r\n0\r\n*0\r\n'),
        ('SSCAN s', b"-ERR wrong number of arguments for 'sscan' command\r\n"),
    ],
}


class SetTestCase(RecordingTestCase):
    """Set command tests: commands given as shell-quoted lines."""

    def call(self, line: str, client=None) -> bytes:
        return (client or self.client).call(*shlex.split(line))

    def run_script(self, name: str) -> None:
        for line, expected in SCRIPTS[name]:
            self.assertEqual((line, self.call(line)), (line, expected))


class ScriptTests(SetTestCase):
    """Replies (and error texts) byte for byte as redis-server 7.0.15 gives them."""

    def test_sadd_srem(self) -> None:
        """SADD counts new members only; SREM deletes the key with its last member."""
        self.run_script("sadd_srem")

    def test_sismember(self) -> None:
        """Membership tests, on missing keys too."""
        self.run_script("sismember")

    def test_smembers_intset(self) -> None:
        """An intset lists its members in ascending numeric order, 64-bit limits included."""
        self.run_script("smembers_intset")

    def test_encodings(self) -> None:
        """Only canonical 64-bit integers keep the intset encoding, and the change is one-way."""
        self.run_script("encodings")

    def test_wrongtype(self) -> None:
        """Every set command refuses other types; SMOVE only once the source exists."""
        self.run_script("wrongtype")

    def test_srandmember(self) -> None:
        """SRANDMEMBER's deterministic cases and its argument errors."""
        self.run_script("srandmember")

    def test_spop_errors(self) -> None:
        """SPOP's count errors, zero and missing keys; popping everything deletes the key."""
        self.run_script("spop_errors")

    def test_smove(self) -> None:
        """SMOVE moves once, is a membership test onto itself, and creates the destination."""
        self.run_script("smove")

    def test_algebra(self) -> None:
        """SINTER/SUNION/SDIFF/SINTERCARD on intsets (ascending order), missing keys as empty sets."""
        self.run_script("algebra")

    def test_stores(self) -> None:
        """The STORE variants replace the destination (TTL dropped) or delete it when empty."""
        self.run_script("stores")

    def test_sintercard_errors(self) -> None:
        """SINTERCARD's numkeys and LIMIT errors."""
        self.run_script("sintercard_errors")

    def test_sscan(self) -> None:
        """SSCAN returns the whole (small) set with cursor 0, and checks its options."""
        self.run_script("sscan")


class ReplyTypeTests(SetTestCase):
    """RESP3 reply types, recorded from redis-server 7.0.15."""

    def setUp(self) -> None:
        super().setUp()
        self.client = self.server.session(resp=3)

    def test_set_replies(self) -> None:
        """SMEMBERS, SINTER/SUNION/SDIFF and SPOP with a count are RESP3 sets, empty ones too."""
        self.call("SADD s 2 1")
        self.assertEqual(self.call("SMEMBERS s"), b"~2\r\n$1\r\n1\r\n$1\r\n2\r\n")
        self.assertEqual(self.call("SMEMBERS missing"), b"~0\r\n")
        self.assertEqual(self.call("SINTER s missing"), b"~0\r\n")
        self.assertEqual(self.call("SUNION s"), b"~2\r\n$1\r\n1\r\n$1\r\n2\r\n")
        self.assertEqual(self.call("SDIFF missing s"), b"~0\r\n")
        self.assertEqual(self.call("SPOP s 0"), b"~0\r\n")
        self.assertEqual(self.call("SPOP missing 2"), b"~0\r\n")
        self.assertEqual(self.call("SPOP s 5"), b"~2\r\n$1\r\n1\r\n$1\r\n2\r\n")

    def test_array_and_null_replies(self) -> None:
        """SRANDMEMBER with a count stays an array; a missing key is a RESP3 null without one."""
        self.call("SADD s 1 2")
        self.assertEqual(self.call("SRANDMEMBER s 5"), b"*2\r\n$1\r\n1\r\n$1\r\n2\r\n")
        self.assertEqual(self.call("SRANDMEMBER missing"), b"_\r\n")
        self.assertEqual(self.call("SPOP missing"), b"_\r\n")
        self.assertEqual(self.call("SMISMEMBER s 1 3"), b"*2\r\n:1\r\n:0\r\n")


MEMBERS = {b"a", b"b", b"c", b"d", b"e"}


class RandomTests(SetTestCase):
    """Random picks: only their shape can be checked."""

    def setUp(self) -> None:
        super().setUp()
        self.call("SADD s a b c d e")

    def members(self, raw: bytes) -> list[bytes]:
        return raw.split(b"\r\n")[2::2]

    def test_srandmember_distinct(self) -> None:
        """A positive count below the size gives that many distinct members and changes nothing."""
        picked = self.members(self.call("SRANDMEMBER s 3"))
        self.assertEqual(len(set(picked)), 3)
        self.assertLessEqual(set(picked), MEMBERS)
        self.assertEqual(self.call("SCARD s"), b":5\r\n")

    def test_srandmember_repeats(self) -> None:
        """A negative count gives exactly that many picks, repeats allowed."""
        picked = self.members(self.call("SRANDMEMBER s -20"))
        self.assertEqual(len(picked), 20)
        self.assertLessEqual(set(picked), MEMBERS)

    def test_srandmember_single(self) -> None:
        """Without a count, one member as a bulk string."""
        self.assertIn(self.call("SRANDMEMBER s"), [b"$1\r\n%s\r\n" % m for m in MEMBERS])

    def test_spop_count(self) -> None:
        """SPOP takes distinct members out of the set."""
        picked = self.members(self.call("SPOP s 3"))
        self.assertEqual(len(set(picked)), 3)
        self.assertEqual(self.call("SCARD s"), b":2\r\n")
        for member in picked:
            self.assertEqual(self.call("SISMEMBER s " + member.decode()), b":0\r\n")


class PropagationTests(SetTestCase):
    """What replicas and the AOF get, and which keyspace events fire."""

    def test_spop_single(self) -> None:
        """SPOP without a count is sent on as an SREM of the member taken; the last one deletes the key."""
        self.call("SADD s a")
        self.propagated.clear()
        self.events.clear()
        self.assertEqual(self.call("SPOP s"), b"$1\r\na\r\n")
        self.assertEqual(self.propagated, [[b"SREM", b"s", b"a"]])
        self.assertEqual(self.events, [("spop", "s", b"s"), ("del", "g", b"s")])

    def test_spop_count_some(self) -> None:
        """
        SPOP taking part of the set is sent on as SREMs of up to 1024 members,
        wrapped in MULTI/EXEC as Redis 7.0 wraps any command with several effects.
        """
        self.call("SADD s " + " ".join(str(i) for i in range(1500)))
        self.propagated.clear()
        self.call("SPOP s 1100")
        self.assertEqual([len(argv) for argv in self.propagated], [1, 1026, 78, 1])
        self.assertEqual([argv[0] for argv in self.propagated], [b"MULTI", b"SREM", b"SREM", b"EXEC"])
        self.assertEqual(self.call("SCARD s"), b":400\r\n")

    def test_spop_count_all(self) -> None:
        """SPOP taking the whole set is sent on as DEL (UNLINK with lazyfree-lazy-server-del)."""
        self.call("SADD s a b")
        self.events.clear()
        self.call("SPOP s 2")
        self.assertEqual(self.propagated[-1], [b"DEL", b"s"])
        self.assertEqual(self.events, [("spop", "s", b"s"), ("del", "g", b"s")])
        self.restart(lazyfree_lazy_server_del="yes")
        self.call("SADD s a")
        self.call("SPOP s 9")
        self.assertEqual(self.propagated[-1], [b"UNLINK", b"s"])

    def test_nothing_changed(self) -> None:
        """Commands that change nothing are not propagated."""
        self.call("SADD s a")
        self.propagated.clear()
        for line in ("SADD s a", "SREM s z", "SMOVE s d z", "SPOP s 0", "SMOVE s s a"):
            self.call(line)
        self.assertEqual(self.propagated, [])

    def test_events(self) -> None:
        """Event names and classes, in redis-server 7.0.15's order."""
        self.call("SADD a 1 2")
        self.call("SMOVE a b 1")
        self.call("SMOVE a b 2")
        self.call("SADD a x")
        self.call("SINTERSTORE b a missing")
        self.call("SUNIONSTORE u a")
        self.call("SDIFFSTORE u a a")
        self.call("SREM a x")
        self.assertEqual(self.events, [
            ("sadd", "s", b"a"), ("srem", "s", b"a"), ("sadd", "s", b"b"), ("srem", "s", b"a"),
            ("del", "g", b"a"), ("sadd", "s", b"b"), ("sadd", "s", b"a"), ("del", "g", b"b"),
            ("sunionstore", "s", b"u"), ("del", "g", b"u"), ("srem", "s", b"a"), ("del", "g", b"a"),
        ])


class EncodingTests(SetTestCase):
    """The intset limit comes from the config at the time of the write."""

    def test_intset_limit(self) -> None:
        """Past set-max-intset-entries an integer set becomes a hashtable, and stays one."""
        self.restart(set_max_intset_entries="3")
        self.call("SADD s 1 2 3")
        self.assertEqual(self.call("OBJECT ENCODING s"), b"$6\r\nintset\r\n")
        self.call("SADD s 4")
        self.assertEqual(self.call("OBJECT ENCODING s"), b"$9\r\nhashtable\r\n")
        self.call("SREM s 4 3")
        self.assertEqual(self.call("OBJECT ENCODING s"), b"$9\r\nhashtable\r\n")

    def test_store_limit(self) -> None:
        """A stored result is encoded by its own contents."""
        self.restart(set_max_intset_entries="2")
        self.call("SADD a 1 2 3")
        self.call("SINTERSTORE d a")
        self.assertEqual(self.call("OBJECT ENCODING d"), b"$9\r\nhashtable\r\n")
        self.call("SDIFFSTORE d a d")
        self.assertEqual(self.call("EXISTS d"), b":0\r\n")

    def test_copy(self) -> None:
        """COPY makes an independent set with the same encoding."""
        self.call("SADD s 1 x")
        self.assertEqual(self.call("COPY s t"), b":1\r\n")
        self.call("SADD t y")
        self.assertEqual(self.call("SCARD s"), b":2\r\n")
        self.assertEqual(self.call("OBJECT ENCODING t"), b"$9\r\nhashtable\r\n")
        value = self.state.dbs[0].get(b"t")
        self.assertIsInstance(value, SetValue)
        self.assertEqual(self.call("TYPE t"), b"+set\r\n")

    def scan(self, *options: str) -> tuple[int, list[bytes]]:
        """A whole SSCAN of C{s}: the number of calls and every member returned."""
        cursor, calls, seen = b"0", 0, []
        while True:
            raw = self.client.call("SSCAN", "s", cursor, *options)
            calls += 1
            lines = raw.split(b"\r\n")
            cursor = lines[2]
            seen += lines[5::2]
            if cursor == b"0":
                return calls, seen

    def test_sscan_pages(self) -> None:
        """SSCAN pages through a hashtable set, each member exactly once, COUNT at a time."""
        self.call("SADD s " + " ".join(f"m{i}" for i in range(1000)))
        calls, seen = self.scan("COUNT", "10")
        self.assertEqual(sorted(seen), sorted(b"m%d" % i for i in range(1000)))
        self.assertEqual(calls, 100)
        _, matched = self.scan("COUNT", "100", "MATCH", "m99*")
        self.assertEqual(sorted(matched), sorted([b"m99", *(b"m99%d" % i for i in range(10))]))

    def test_sscan_while_changing(self) -> None:
        """Members present for the whole scan are returned, whatever is added or removed meanwhile."""
        self.call("SADD s " + " ".join(f"m{i}" for i in range(200)))
        cursor, seen, step = b"0", set(), 0
        while True:
            lines = self.client.call("SSCAN", "s", cursor).split(b"\r\n")
            cursor, seen = lines[2], seen | set(lines[5::2])
            step += 1
            self.call(f"SADD s new{step}")
            self.call(f"SREM s m{100 + step}")
            if cursor == b"0":
                break
        self.assertLessEqual({b"m%d" % i for i in range(100)}, seen)
