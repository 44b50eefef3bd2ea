# -*- test-case-name: tests.test_keys -*-
"""
Tests for the generic keyspace commands (L{txredisd.core.commands.keys}) and the
keyspace structures behind them (L{txredisd.core.keyspace}). Expected replies
were checked against redis-server 7.0.15.
"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from twisted.trial.unittest import SynchronousTestCase

from tests._core import CoreServer
from txredisd.core import keyspace
from txredisd.core.commands import TABLE
from txredisd.core.types import ENCODINGS, TYPE_NAMES, copy_value, register

OK = b"+OK\r\n"
NIL = b"$-1\r\n"
SYNTAX = b"-ERR syntax error\r\n"
NOT_INT = b"-ERR value is not an integer or out of range\r\n"
NOT_INT32 = b"-ERR value is out of range, value must between -2147483648 and 2147483647\r\n"
DB_RANGE = b"-ERR DB index is out of range\r\n"
SAME = b"-ERR source and destination objects are the same\r\n"
BAD_CURSOR = b"-ERR invalid cursor\r\n"


def arity(name: str) -> bytes:
    return b"-ERR wrong number of arguments for '%s' command\r\n" % name.encode()


def parse_scan(reply: bytes) -> tuple[int, list[bytes]]:
    """Split a RESP2 SCAN reply into its cursor and keys."""
    parts = reply.split(b"\r\n")
    cursor = int(parts[2])
    keys = [parts[i] for i in range(5, len(parts) - 1, 2)]
    return cursor, keys


def parse_array(reply: bytes) -> list[bytes]:
    parts = reply.split(b"\r\n")
    return [parts[i] for i in range(2, len(parts) - 1, 2)]


class KeysTestCase(SynchronousTestCase):
    """A core server with one RESP2 client, and the events and writes it emits."""

    def setUp(self) -> None:
        self.server = CoreServer()
        self.state = self.server.state
        self.client = self.server.session()
        self.events: list[tuple[int, bytes, str, str]] = []
        self.propagated: list[tuple[int, list[bytes]]] = []
        self.state.notifications = lambda db, key, event, kind: self.events.append((db, key, event, kind))
        self.state.propagate_to.append(lambda db, argv: self.propagated.append((db, argv)))

    def call(self, *args) -> bytes:
        return self.client.call(*args)

    def check(self, expected: bytes, *args) -> None:
        self.assertEqual(self.call(*args), expected, args)

    def fill(self, *keys: str) -> None:
        for key in keys:
            self.call("set", key, "v")
        self.events.clear()
        self.propagated.clear()


class DeleteExistsTests(KeysTestCase):
    """DEL, UNLINK, EXISTS, TOUCH, TYPE."""

    def test_del(self) -> None:
        """DEL counts each key it removed once, and announces each as C{del}."""
        self.fill("a", "b")
        self.check(b":2\r\n", "del", "a", "b", "a", "c")
        self.check(b":0\r\n", "del", "a")
        self.assertEqual(self.events, [(0, b"a", "del", "g"), (0, b"b", "del", "g")])
        self.assertEqual(self.propagated, [(0, [b"del", b"a", b"b", b"a", b"c"])])

    def test_unlink(self) -> None:
        """UNLINK is DEL."""
        self.fill("a")
        self.check(b":1\r\n", "unlink", "a", "a")
        self.check(b"*0\r\n", "keys", "*")

    def test_del_expired_key(self) -> None:
        """An expired key is reaped as expired, not counted as deleted."""
        self.call("set", "a", "v", "px", "10")
        self.events.clear()
        self.server.advance(10)
        self.check(b":0\r\n", "del", "a")
        self.assertEqual(self.events, [(0, b"a", "expired", "x")])

    def test_exists_counts_duplicates(self) -> None:
        """EXISTS counts a key once per mention, and counts hits and misses."""
        self.fill("a")
        self.check(b":3\r\n", "exists", "a", "a", "b", "a")
        self.assertEqual((self.state.stats.keyspace_hits, self.state.stats.keyspace_misses), (3, 1))
        self.assertEqual(self.events, [(0, b"b", "keymiss", "m")])

    def test_touch(self) -> None:
        """TOUCH counts the keys that exist and resets their idle time."""
        self.fill("a", "b")
        self.server.advance(5000)
        self.check(b":3\r\n", "touch", "a", "b", "c", "a")
        self.check(b":0\r\n", "object", "idletime", "a")

    def test_type(self) -> None:
        """TYPE names strings (in place-edited ones too) and says none for missing keys."""
        self.fill("s")
        self.check(b"+string\r\n", "type", "s")
        self.call("append", "s", "x")
        self.check(b"+string\r\n", "type", "s")
        self.check(b"+none\r\n", "type", "missing")

    def test_arity(self) -> None:
        """Each command refuses the wrong number of arguments."""
        for name in ("del", "unlink", "exists", "touch", "type"):
            self.check(arity(name), name)
        self.check(arity("type"), "type", "a", "b")


class RenameTests(KeysTestCase):
    """RENAME and RENAMENX."""

    def test_rename(self) -> None:
        """The value moves, the old name is gone, both names are announced."""
        self.fill("a")
        self.check(OK, "rename", "a", "b")
        self.check(b"$1\r\nv\r\n", "get", "b")
        self.check(b":0\r\n", "exists", "a")
        self.assertEqual(self.events[:2], [(0, b"a", "rename_from", "g"), (0, b"b", "rename_to", "g")])

    def test_rename_carries_ttl(self) -> None:
        """The TTL goes with the value; the lookup counts as an access."""
        self.call("set", "a", "v", "ex", "100")
        self.server.advance(3000)
        self.check(OK, "rename", "a", "b")
        self.check(b":97\r\n", "ttl", "b")
        self.check(b":0\r\n", "object", "idletime", "b")

    def test_rename_over_key_with_ttl(self) -> None:
        """Renaming over a key with a TTL drops that TTL along with the key."""
        self.call("set", "a", "v")
        self.call("set", "b", "w", "ex", "100")
        self.check(OK, "rename", "a", "b")
        self.check(b":-1\r\n", "ttl", "b")

    def test_same_key(self) -> None:
        """Renaming a key to itself changes nothing but still needs the key."""
        self.fill("a")
        self.check(OK, "rename", "a", "a")
        self.check(b":0\r\n", "renamenx", "a", "a")
        self.check(b"-ERR no such key\r\n", "rename", "x", "x")
        self.assertEqual(self.events, [])
        self.assertEqual(self.propagated, [])

    def test_missing_key(self) -> None:
        """RENAME and RENAMENX of a missing key are errors."""
        self.check(b"-ERR no such key\r\n", "rename", "x", "y")
        self.check(b"-ERR no such key\r\n", "renamenx", "x", "y")

    def test_renamenx(self) -> None:
        """RENAMENX leaves an existing target alone."""
        self.fill("a", "b")
        self.check(b":0\r\n", "renamenx", "a", "b")
        self.check(b":1\r\n", "renamenx", "a", "c")
        self.check(b":0\r\n", "exists", "a")

    def test_expired_source(self) -> None:
        """An expired source is missing."""
        self.call("set", "a", "v", "px", "5")
        self.server.advance(5)
        self.check(b"-ERR no such key\r\n", "rename", "a", "b")


class CopyTests(KeysTestCase):
    """COPY."""

    def test_copy(self) -> None:
        """A copy is made once; REPLACE overwrites; C{copy_to} is announced."""
        self.fill("a")
        self.check(b":1\r\n", "copy", "a", "b")
        self.check(b":0\r\n", "copy", "a", "b")
        self.check(b":1\r\n", "copy", "a", "b", "replace")
        self.check(b":0\r\n", "copy", "missing", "b")
        self.assertEqual([e[2] for e in self.events], ["copy_to", "copy_to", "keymiss"])

    def test_copy_to_other_db(self) -> None:
        """DB n copies across databases, even to the same name."""
        self.fill("a")
        self.check(b":1\r\n", "copy", "a", "a", "db", "1")
        self.check(OK, "select", "1")
        self.check(b"$1\r\nv\r\n", "get", "a")
        self.check(b":1\r\n", "copy", "a", "a", "db", "0", "replace")

    def test_copy_keeps_ttl(self) -> None:
        """The copy has the same expiry time."""
        self.call("set", "a", "v", "ex", "100")
        self.call("copy", "a", "b")
        self.check(b":100\r\n", "ttl", "b")

    def test_bytearray_is_copied(self) -> None:
        """A string edited in place is copied, not shared."""
        self.call("set", "a", "hello")
        self.call("append", "a", "!")
        self.call("copy", "a", "b")
        self.call("append", "b", "?")
        self.check(b"$6\r\nhello!\r\n", "get", "a")
        self.check(b"$3\r\nraw\r\n", "object", "encoding", "b")

    def test_errors(self) -> None:
        """Option and database errors, in Redis's order."""
        self.fill("a")
        self.check(SAME, "copy", "a", "a")
        self.check(SAME, "copy", "a", "a", "replace")
        self.check(DB_RANGE, "copy", "a", "b", "db", "16")
        self.check(DB_RANGE, "copy", "a", "b", "db", "-1")
        self.check(NOT_INT, "copy", "a", "b", "db", "x")
        self.check(NOT_INT32, "copy", "a", "b", "db", "4294967296")
        self.check(SYNTAX, "copy", "a", "b", "db")
        self.check(SYNTAX, "copy", "a", "b", "foo")
        self.check(b":1\r\n", "copy", "a", "b", "replace", "replace")
        self.check(arity("copy"), "copy", "a")

    def test_copy_value_contract(self) -> None:
        """Strings: bytes shared, bytearrays duplicated."""
        text = b"abc"
        self.assertIs(copy_value(text), text)
        edited = bytearray(b"abc")
        copied = copy_value(edited)
        self.assertEqual(copied, edited)
        self.assertIsNot(copied, edited)


class MoveTests(KeysTestCase):
    """MOVE."""

    def test_move(self) -> None:
        """The key leaves this database for the other, TTL and all."""
        self.call("set", "a", "v", "ex", "100")
        self.events.clear()
        self.check(b":1\r\n", "move", "a", "1")
        self.check(b":0\r\n", "exists", "a")
        self.check(OK, "select", "1")
        self.check(b":100\r\n", "ttl", "a")
        self.assertEqual(self.events[:2], [(0, b"a", "move_from", "g"), (1, b"a", "move_to", "g")])

    def test_target_has_key(self) -> None:
        """A key already in the target database blocks the move."""
        self.fill("a")
        self.call("select", "1")
        self.call("set", "a", "w")
        self.call("select", "0")
        self.check(b":0\r\n", "move", "a", "1")
        self.check(b":0\r\n", "move", "missing", "1")

    def test_errors(self) -> None:
        """Redis's errors for bad database arguments."""
        self.fill("a")
        self.check(SAME, "move", "a", "0")
        self.check(DB_RANGE, "move", "a", "16")
        self.check(DB_RANGE, "move", "a", "-1")
        self.check(NOT_INT, "move", "a", "x")
        self.check(NOT_INT32, "move", "a", "4294967296")
        self.check(NOT_INT, "move", "a", "99999999999999999999")
        self.check(arity("move"), "move", "a")


class KeysCommandTests(KeysTestCase):
    """KEYS."""

    def test_patterns(self) -> None:
        """KEYS filters with glob patterns."""
        self.fill("hello", "hallo", "hxllo", "world")
        self.assertEqual(sorted(parse_array(self.call("keys", "h?llo"))), [b"hallo", b"hello", b"hxllo"])
        self.assertEqual(sorted(parse_array(self.call("keys", "h[ae]llo"))), [b"hallo", b"hello"])
        self.assertEqual(parse_array(self.call("keys", "w*")), [b"world"])
        self.assertEqual(len(parse_array(self.call("keys", "*"))), 4)

    def test_star_includes_empty_key(self) -> None:
        """A lone C{*} lists the empty key too; C{**} does not (Redis's matcher)."""
        self.fill("", "x")
        self.assertEqual(sorted(parse_array(self.call("keys", "*"))), [b"", b"x"])
        self.assertEqual(parse_array(self.call("keys", "**")), [b"x"])

    def test_expired_keys_hidden(self) -> None:
        """Expired keys are not listed (nor deleted by KEYS)."""
        self.fill("a")
        self.call("set", "b", "v", "px", "10")
        self.server.advance(10)
        self.assertEqual(parse_array(self.call("keys", "*")), [b"a"])
        self.check(b":2\r\n", "dbsize")

    def test_arity(self) -> None:
        """KEYS takes exactly one pattern."""
        self.check(arity("keys"), "keys")
        self.check(arity("keys"), "keys", "*", "x")


class ScanTests(KeysTestCase):
    """SCAN: arguments, filters, and the iteration guarantee."""

    def scan_all(self, *options) -> list[bytes]:
        cursor, seen = 0, []
        while True:
            cursor, keys = parse_scan(self.call("scan", cursor, *options))
            seen.extend(keys)
            if cursor == 0:
                return seen

    def test_full_iteration(self) -> None:
        """Small and large COUNTs both reach every key exactly once."""
        keys = [f"key:{i}" for i in range(500)]
        self.fill(*keys)
        for count in ("1", "7", "1000"):
            seen = self.scan_all("count", count)
            self.assertEqual(sorted(seen), sorted(k.encode() for k in keys))

    def test_empty(self) -> None:
        """An empty database ends at once."""
        self.check(b"*2\r\n$1\r\n0\r\n*0\r\n", "scan", "0")

    def test_match_and_type(self) -> None:
        """MATCH and TYPE filter what a step returns; TYPE ignores case."""
        self.fill("a1", "a2", "b1")
        self.assertEqual(sorted(self.scan_all("match", "a*")), [b"a1", b"a2"])
        self.assertEqual(sorted(self.scan_all("type", "STRING", "match", "*1")), [b"a1", b"b1"])
        self.assertEqual(self.scan_all("type", "list"), [])
        self.assertEqual(self.scan_all("match", "a1", "match", "b*"), [b"b1"])

    def test_expired_keys_reaped(self) -> None:
        """Expired keys are left out, and deleted on the way."""
        self.fill("a")
        self.call("set", "b", "v", "px", "10")
        self.server.advance(10)
        self.assertEqual(self.scan_all(), [b"a"])
        self.check(b":1\r\n", "dbsize")

    def test_type_none_sees_just_expired_key(self) -> None:
        """Redis's quirk: with TYPE none, a key that expires during the step is returned."""
        self.call("set", "b", "v", "px", "10")
        self.server.advance(10)
        self.assertEqual(self.scan_all("type", "none"), [b"b"])
        self.check(b":0\r\n", "dbsize")

    def test_cursor_parsing(self) -> None:
        """Cursors are read like C's strtoul: signs wrap, spaces and junk are refused."""
        for cursor in ("+0", "-0", "", "-1", "18446744073709551615", "-18446744073709551615", "0\x00junk"):
            self.check(b"*2\r\n$1\r\n0\r\n*0\r\n", "scan", cursor)
        for cursor in ("abc", " 0", "\t0", "-", "+", "0x1", "1a", "18446744073709551616"):
            self.check(BAD_CURSOR, "scan", cursor)

    def test_option_errors(self) -> None:
        """Bad options are syntax errors, a bad COUNT is not an integer."""
        self.check(SYNTAX, "scan", "0", "count", "0")
        self.check(SYNTAX, "scan", "0", "count", "-1")
        self.check(NOT_INT, "scan", "0", "count", "abc")
        for args in (("count",), ("match",), ("type",), ("foo", "bar")):
            self.check(SYNTAX, "scan", "0", *args)
        self.check(BAD_CURSOR, "scan", "x", "count", "0")
        self.check(arity("scan"), "scan")

    def test_count_bounds_the_work(self) -> None:
        """A step returns about COUNT keys; dead entries cost at most 10 * COUNT."""
        self.fill(*(f"k{i}" for i in range(100)))
        cursor, keys = parse_scan(self.call("scan", "0", "count", "5"))
        self.assertEqual(len(keys), 5)
        self.assertNotEqual(cursor, 0)
        for i in range(50, 100):
            self.call("del", f"k{i}")
        cursor, keys = parse_scan(self.call("scan", "0", "count", "3"))
        self.assertLessEqual(len(keys), 3)

    def test_terminates_under_inserts(self) -> None:
        """Keys added during a scan never keep it going, whatever the rate."""
        self.fill(*(f"k{i}" for i in range(50)))
        cursor, calls, added = 0, 0, 0
        while True:
            cursor, _ = parse_scan(self.call("scan", cursor, "count", "2"))
            calls += 1
            for _ in range(10):
                self.call("set", f"new{added}", "v")
                added += 1
            if cursor == 0:
                break
        self.assertLessEqual(calls, 26)

    @settings(max_examples=150, deadline=None)
    @given(
        initial=st.integers(0, 60),
        steps=st.lists(st.tuples(st.integers(1, 12), st.integers(0, 8), st.integers(0, 8)), max_size=40),
        seed=st.integers(0, 2**32),
    )
    def test_guarantee(self, initial: int, steps, seed: int) -> None:
        """
        Keys present from the start to the end of a scan are returned, however
        many keys are added, deleted or re-added between steps, and while the
        cron squeezes the log a few entries at a time.
        """
        self.patch(keyspace, "_SQUEEZE_STEP", 5)
        server = CoreServer()
        client = server.session()
        rng = random.Random(seed)
        names = [f"k{i}".encode() for i in range(initial)]
        for name in names:
            client.call("set", name, "v")
        present = set(names)
        stable = set(names)
        seen: set[bytes] = set()
        cursor, fresh = 0, 0
        for count, adds, deletes in steps + [(10**6, 0, 0)]:
            cursor, keys = parse_scan(client.call("scan", cursor, "count", count))
            seen.update(keys)
            self.assertLessEqual(set(keys), present)
            if cursor == 0:
                break
            for _ in range(deletes):
                if present:
                    victim = rng.choice(sorted(present))
                    client.call("del", victim)
                    present.discard(victim)
                    stable.discard(victim)
            for _ in range(adds):
                # New names, and old names coming back.
                name = rng.choice([b"new%d" % fresh, rng.choice(names or [b"x"])])
                fresh += 1
                client.call("set", name, "v")
                present.add(name)
            server.state.databases_cron()
        self.assertEqual(cursor, 0)
        self.assertLessEqual(stable, seen)


class RandomKeyTests(KeysTestCase):
    """RANDOMKEY."""

    def test_empty(self) -> None:
        """An empty database has no random key."""
        self.check(NIL, "randomkey")
        self.check(arity("randomkey"), "randomkey", "x")

    def test_returns_live_keys(self) -> None:
        """Every key can come out; expired ones never do and get reaped."""
        self.fill("a", "b", "c")
        for i in range(20):
            self.call("set", f"t{i}", "v", "px", "10")
        self.server.advance(10)
        seen = {self.call("randomkey") for _ in range(200)}
        self.assertEqual(seen, {b"$1\r\na\r\n", b"$1\r\nb\r\n", b"$1\r\nc\r\n"})

    def test_all_expired(self) -> None:
        """When every key has expired, there is nothing to return."""
        for i in range(50):
            self.call("set", f"t{i}", "v", "px", "10")
        self.server.advance(10)
        self.check(NIL, "randomkey")
        self.check(b":0\r\n", "dbsize")

    def test_replica_gives_up(self) -> None:
        """A replica whose keys all look expired returns one after 100 tries."""
        self.call("set", "t", "v", "px", "10")
        self.server.advance(10)
        self.state.is_replica = True
        self.check(b"$1\r\nt\r\n", "randomkey")
        self.check(b":1\r\n", "dbsize")


class DatabaseCommandTests(KeysTestCase):
    """DBSIZE, FLUSHDB, FLUSHALL, SWAPDB."""

    def watch(self, db: int, key: bytes):
        """Register a watcher as WATCH would, and return its session."""
        watcher = self.server.session().session
        self.state.watched.setdefault((db, key), set()).add(watcher)
        return watcher

    def test_dbsize(self) -> None:
        """DBSIZE counts this database's keys."""
        self.fill("a", "b")
        self.check(b":2\r\n", "dbsize")
        self.call("select", "1")
        self.check(b":0\r\n", "dbsize")
        self.check(arity("dbsize"), "dbsize", "x")

    def test_flushdb(self) -> None:
        """FLUSHDB empties only the current database."""
        self.fill("a")
        self.call("select", "1")
        self.call("set", "b", "v", "ex", "10")
        self.check(OK, "flushdb")
        self.check(b":0\r\n", "dbsize")
        self.check(b"*2\r\n$1\r\n0\r\n*0\r\n", "scan", "0")
        self.call("select", "0")
        self.check(b":1\r\n", "dbsize")

    def test_flushall(self) -> None:
        """FLUSHALL empties every database; the dirty count grows by the keys removed."""
        self.fill("a", "b")
        self.call("select", "2")
        self.call("set", "c", "v")
        dirty = self.state.dirty
        self.check(OK, "flushall")
        self.assertEqual(self.state.dirty - dirty, 3)
        for index in range(3):
            self.assertEqual(len(self.state.dbs[index]), 0)

    def test_modes_and_syntax(self) -> None:
        """SYNC and ASYNC in any case; anything else is a syntax error."""
        for name in ("flushdb", "flushall"):
            for mode in ("sync", "ASYNC", "Sync"):
                self.check(OK, name, mode)
            self.check(SYNTAX, name, "x")
            self.check(SYNTAX, name, "async", "sync")

    def test_flush_propagated_when_empty(self) -> None:
        """Flushing empty databases still reaches replicas and the AOF."""
        self.call("flushall")
        self.call("flushdb", "async")
        self.assertEqual(self.propagated, [(0, [b"flushall"]), (0, [b"flushdb", b"async"])])

    def test_flush_invalidates_watches(self) -> None:
        """WATCHes on keys that existed see FLUSHDB; others and other databases do not."""
        self.fill("a")
        on_key = self.watch(0, b"a")
        on_missing = self.watch(0, b"zz")
        other_db = self.watch(1, b"a")
        self.call("flushdb")
        self.assertEqual((on_key.watch_dirty, on_missing.watch_dirty, other_db.watch_dirty), (True, False, False))

    def test_flushall_invalidates_watches(self) -> None:
        """FLUSHALL touches watched keys in every database."""
        self.call("select", "3")
        self.fill("a")
        watcher = self.watch(3, b"a")
        self.call("flushall")
        self.assertTrue(watcher.watch_dirty)

    def test_swapdb(self) -> None:
        """Contents and TTLs change places; clients keep their database number."""
        self.fill("a")
        self.call("select", "1")
        self.call("set", "b", "v", "ex", "50")
        self.check(OK, "swapdb", "0", "1")
        self.check(b"$1\r\nv\r\n", "get", "a")
        self.call("select", "0")
        self.check(b":50\r\n", "ttl", "b")
        self.assertEqual(parse_scan(self.call("scan", "0"))[1], [b"b"])
        self.check(OK, "swapdb", "0", "0")

    def test_swapdb_invalidates_watches(self) -> None:
        """A watched key that exists on either side sees SWAPDB."""
        self.fill("a")
        in_first = self.watch(0, b"a")
        in_second = self.watch(1, b"a")
        untouched = self.watch(0, b"zz")
        self.call("swapdb", "0", "1")
        self.assertEqual((in_first.watch_dirty, in_second.watch_dirty, untouched.watch_dirty), (True, True, False))

    def test_swapdb_errors(self) -> None:
        """Bad indexes name which argument was wrong."""
        self.check(b"-ERR invalid first DB index\r\n", "swapdb", "a", "1")
        self.check(b"-ERR invalid second DB index\r\n", "swapdb", "0", "a")
        self.check(b"-ERR invalid first DB index\r\n", "swapdb", "4294967296", "1")
        self.check(DB_RANGE, "swapdb", "0", "16")
        self.check(DB_RANGE, "swapdb", "-1", "0")
        self.check(arity("swapdb"), "swapdb", "0")


class ObjectTests(KeysTestCase):
    """OBJECT ENCODING, REFCOUNT, IDLETIME, FREQ, HELP."""

    def test_string_encodings(self) -> None:
        """int for canonical 64-bit integers, embstr up to 44 bytes, raw beyond or once edited."""
        cases = [
            ("1", b"int"), ("-9223372036854775808", b"int"), ("9223372036854775807", b"int"),
            ("9223372036854775808", b"embstr"), ("01", b"embstr"), ("a" * 44, b"embstr"), ("a" * 45, b"raw"),
        ]
        for value, encoding in cases:
            self.call("set", "k", value)
            self.check(b"$%d\r\n%s\r\n" % (len(encoding), encoding), "object", "encoding", "k")
        self.call("set", "k", "1")
        self.call("append", "k", "2")
        self.check(b"$3\r\nraw\r\n", "object", "encoding", "k")

    def test_refcount(self) -> None:
        """Small non-negative integers are shared objects."""
        for value, count in (("0", b":2147483647\r\n"), ("9999", b":2147483647\r\n"), ("10000", b":1\r\n"),
                             ("-1", b":1\r\n"), ("abc", b":1\r\n")):
            self.call("set", "k", value)
            self.check(count, "object", "refcount", "k")

    def test_idletime(self) -> None:
        """Reads and writes reset the idle time; TYPE, TTL, EXISTS and OBJECT do not."""
        self.fill("k")
        self.server.advance(3500)
        self.call("type", "k")
        self.call("ttl", "k")
        self.call("exists", "k")
        self.call("object", "encoding", "k")
        self.check(b":3\r\n", "object", "idletime", "k")
        self.call("get", "k")
        self.check(b":0\r\n", "object", "idletime", "k")
        self.server.advance(2000)
        self.call("set", "k", "w")
        self.check(b":0\r\n", "object", "idletime", "k")

    def test_freq_needs_lfu(self) -> None:
        """Without an LFU policy, FREQ explains why it cannot answer."""
        self.fill("k")
        self.assertTrue(self.call("object", "freq", "k").startswith(b"-ERR An LFU maxmemory policy is not selected"))

    def test_lfu_policy(self) -> None:
        """Under an LFU policy IDLETIME refuses and FREQ answers (a fresh key's counter)."""
        server = CoreServer(maxmemory_policy="allkeys-lfu")
        client = server.session()
        client.call("set", "k", "v")
        self.assertTrue(client.call("object", "idletime", "k").startswith(b"-ERR An LFU maxmemory policy is selected"))
        self.assertEqual(client.call("object", "freq", "k"), b":5\r\n")

    def test_refcount_under_lru_eviction(self) -> None:
        """With maxmemory and an LRU/LFU policy, integers are not shared."""
        client = CoreServer(maxmemory="100mb", maxmemory_policy="allkeys-lru").session()
        client.call("set", "k", "1")
        self.assertEqual(client.call("object", "refcount", "k"), b":1\r\n")

    def test_missing_key(self) -> None:
        """Every subcommand answers null for a missing key, without a keymiss event."""
        for sub in ("encoding", "refcount", "idletime", "freq"):
            self.check(NIL, "object", sub, "missing")
        self.assertEqual(self.events, [])
        resp3 = self.server.session(resp=3)
        self.assertEqual(resp3.call("object", "encoding", "missing"), b"_\r\n")

    def test_help(self) -> None:
        """HELP lists the subcommands as status lines."""
        reply = self.call("object", "help")
        self.assertTrue(reply.startswith(b"*15\r\n+OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"))
        self.assertTrue(reply.endswith(b"+HELP\r\n+    Prints this help.\r\n"))

    def test_errors(self) -> None:
        """Unknown subcommands and wrong arities."""
        self.check(arity("object"), "object")
        self.check(b"-ERR unknown subcommand 'foo'. Try OBJECT HELP.\r\n", "object", "foo")
        self.check(arity("object|encoding"), "object", "encoding")
        self.check(arity("object|encoding"), "object", "encoding", "a", "b")
        self.check(arity("object|help"), "object", "help", "x")


class ClusterModeTests(SynchronousTestCase):
    """Commands that cross databases are refused in cluster mode."""

    def test_refusals(self) -> None:
        """MOVE, SWAPDB and COPY to another database say why, as Redis does."""
        client = CoreServer(cluster_enabled="yes").session()
        client.call("set", "a", "v")
        self.assertEqual(client.call("move", "a", "x"), b"-ERR MOVE is not allowed in cluster mode\r\n")
        self.assertEqual(client.call("swapdb", "a", "1"), b"-ERR SWAPDB is not allowed in cluster mode\r\n")
        self.assertEqual(
            client.call("copy", "a", "b", "db", "1"),
            b"-ERR Copying to another database is not allowed in cluster mode\r\n",
        )
        self.assertEqual(client.call("copy", "a", "b", "db", "x"), NOT_INT)
        self.assertEqual(client.call("copy", "a", "b", "db", "0"), b":1\r\n")


class CommandTableTests(SynchronousTestCase):
    """What COMMAND INFO will say about these commands."""

    def spec(self, *names: str):
        return TABLE.lookup([name.encode() for name in names])

    def test_key_positions(self) -> None:
        """Key positions match Redis's table."""
        cases = {
            ("del", "a", "b", "c"): [1, 2, 3],
            ("unlink", "a", "b"): [1, 2],
            ("exists", "a", "b"): [1, 2],
            ("touch", "a"): [1],
            ("rename", "a", "b"): [1, 2],
            ("renamenx", "a", "b"): [1, 2],
            ("copy", "a", "b", "db", "1", "replace"): [1, 2],
            ("move", "a", "1"): [1],
            ("expire", "a", "10", "nx"): [1],
            ("pexpireat", "a", "10"): [1],
            ("ttl", "a"): [1],
            ("expiretime", "a"): [1],
            ("persist", "a"): [1],
            ("type", "a"): [1],
            ("object", "encoding", "a"): [2],
            ("keys", "*"): [],
            ("scan", "0"): [],
            ("swapdb", "0", "1"): [],
            ("flushall",): [],
        }
        for argv, positions in cases.items():
            spec = self.spec(*argv)
            self.assertEqual(spec.key_positions([a.encode() for a in argv]), positions, argv)

    def test_flags_and_arity(self) -> None:
        """Flags and arities match Redis 7.0."""
        cases = {
            "del": (-2, {"write"}), "unlink": (-2, {"write", "fast"}), "exists": (-2, {"readonly", "fast"}),
            "keys": (2, {"readonly"}), "scan": (-2, {"readonly"}), "randomkey": (1, {"readonly"}),
            "rename": (3, {"write"}), "renamenx": (3, {"write", "fast"}), "copy": (-3, {"write", "denyoom"}),
            "move": (3, {"write", "fast"}), "touch": (-2, {"readonly", "fast"}), "expire": (-3, {"write", "fast"}),
            "ttl": (2, {"readonly", "fast"}), "persist": (2, {"write", "fast"}), "dbsize": (1, {"readonly", "fast"}),
            "flushdb": (-1, {"write"}), "flushall": (-1, {"write"}), "swapdb": (3, {"write", "fast"}),
        }
        for name, (arity_, flags) in cases.items():
            spec = self.spec(name)
            self.assertEqual((spec.arity, set(spec.flags)), (arity_, flags), name)
        self.assertIn("dangerous", self.spec("keys").acl_categories())
        self.assertIn("keyspace", self.spec("flushall").acl_categories())
        self.assertEqual(self.spec("object", "help").flags, frozenset({"loading", "stale"}))

    def test_type_registry(self) -> None:
        """Both string representations are registered as strings."""
        self.assertEqual((TYPE_NAMES[bytes], TYPE_NAMES[bytearray]), (b"string", b"string"))


class Bag(list):
    """A stand-in for a later value type."""

    def copy(self) -> Bag:
        return Bag(self)


class RegisteredTypeTests(KeysTestCase):
    """TYPE, SCAN TYPE, OBJECT ENCODING and COPY go through the type registry."""

    def setUp(self) -> None:
        super().setUp()
        register(Bag, b"bag", lambda value: b"tiny" if len(value) < 3 else b"big")
        self.addCleanup(TYPE_NAMES.pop, Bag)
        self.addCleanup(ENCODINGS.pop, Bag)
        self.bag = Bag([1])
        self.state.dbs[0].set(b"b", self.bag)

    def test_type_and_encoding(self) -> None:
        """A registered class names its type and its encoding."""
        self.check(b"+bag\r\n", "type", "b")
        self.check(b"$4\r\ntiny\r\n", "object", "encoding", "b")
        self.assertEqual(parse_scan(self.call("scan", "0", "type", "BAG"))[1], [b"b"])

    def test_copy_is_independent(self) -> None:
        """COPY uses the class's copy()."""
        self.call("copy", "b", "c")
        copied = self.state.dbs[0].data[b"c"]
        self.assertEqual(copied, self.bag)
        self.assertIsNot(copied, self.bag)
