# -*- test-case-name: tests.test_expiry -*-
"""
Tests for expiry: the EXPIRE family, TTL queries, lazy expiry on access and the
active expire cycle (L{txredisd.core.keyspace.Database.active_expire_cycle},
L{txredisd.core.state.ServerState.active_expire}), all on the fake clock.
"""

from __future__ import annotations

from twisted.trial.unittest import SynchronousTestCase

from tests._core import CoreServer
from tests.test_keys import KeysTestCase, arity
from txredisd.core import keyspace

NIL = b"$-1\r\n"
NOT_INT = b"-ERR value is not an integer or out of range\r\n"
NX_CONFLICT = b"-ERR NX and XX, GT or LT options at the same time are not compatible\r\n"
GT_LT_CONFLICT = b"-ERR GT and LT options at the same time are not compatible\r\n"


def invalid(name: str) -> bytes:
    return b"-ERR invalid expire time in '%s' command\r\n" % name.encode()


class ExpireCommandTests(KeysTestCase):
    """EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT."""

    def test_relative(self) -> None:
        """EXPIRE and PEXPIRE count from now and reach replicas as PEXPIREAT."""
        now = self.state.now_ms
        self.fill("k")
        self.check(b":1\r\n", "expire", "k", "100")
        self.check(b":100000\r\n", "pttl", "k")
        self.check(b":1\r\n", "pexpire", "k", "2500")
        self.check(b":2500\r\n", "pttl", "k")
        self.assertEqual(
            self.propagated,
            [(0, [b"PEXPIREAT", b"k", b"%d" % (now + 100000)]), (0, [b"PEXPIREAT", b"k", b"%d" % (now + 2500)])],
        )
        self.assertEqual(self.events, [(0, b"k", "expire", "g"), (0, b"k", "expire", "g")])

    def test_absolute(self) -> None:
        """EXPIREAT is rewritten in milliseconds; PEXPIREAT goes out as it came."""
        self.fill("k")
        far = self.state.now_ms // 1000 + 1000
        self.check(b":1\r\n", "expireat", "k", far)
        self.check(b":%d\r\n" % far, "expiretime", "k")
        self.check(b":1\r\n", "pexpireat", "k", far * 1000 + 1)
        self.assertEqual(
            self.propagated,
            [(0, [b"PEXPIREAT", b"k", b"%d" % (far * 1000)]), (0, [b"pexpireat", b"k", b"%d" % (far * 1000 + 1)])],
        )

    def test_past_time_deletes(self) -> None:
        """A time now or in the past deletes the key, announced and sent as DEL."""
        for args in (("expire", "k", "0"), ("pexpire", "k", "-5"), ("expireat", "k", "1"), ("pexpireat", "k", "0")):
            self.fill("k")
            self.check(b":1\r\n", *args)
            self.check(b":0\r\n", "exists", "k")
            self.assertEqual(self.events[0], (0, b"k", "del", "g"))
            self.assertEqual(self.propagated, [(0, [b"DEL", b"k"])])

    def test_past_time_lazyfree(self) -> None:
        """With lazyfree-lazy-expire, the deletion goes out as UNLINK."""
        server = CoreServer(lazyfree_lazy_expire="yes")
        propagated = []
        server.state.propagate_to.append(lambda db, argv: propagated.append(argv))
        client = server.session()
        client.call("set", "k", "v")
        client.call("expire", "k", "0")
        self.assertEqual(propagated[-1], [b"UNLINK", b"k"])
        client.call("set", "j", "v", "px", "5")
        server.advance(5)
        propagated.clear()
        client.call("get", "j")
        self.assertEqual(propagated, [[b"UNLINK", b"j"]])

    def test_past_time_on_replica_sets_ttl(self) -> None:
        """A replica keeps the key and the past TTL: its primary decides."""
        self.fill("k")
        self.state.is_replica = True
        self.check(b":1\r\n", "expire", "k", "-1")
        self.assertEqual(self.state.dbs[0].ttl_ms(b"k"), self.state.now_ms - 1000)

    def test_missing_key(self) -> None:
        """Nothing to expire: 0, and nothing sent."""
        self.check(b":0\r\n", "expire", "missing", "10")
        self.check(b":0\r\n", "pexpireat", "missing", "1")
        self.assertEqual(self.propagated, [])

    def test_conditions(self) -> None:
        """NX, XX, GT, LT as Redis 7.0 decides them (no TTL is infinite)."""
        self.fill("k")
        self.check(b":0\r\n", "expire", "k", "100", "xx")
        self.check(b":0\r\n", "expire", "k", "100", "gt")
        self.check(b":1\r\n", "expire", "k", "100", "nx")
        self.check(b":0\r\n", "expire", "k", "100", "nx")
        self.check(b":0\r\n", "expire", "k", "50", "gt")
        self.check(b":1\r\n", "expire", "k", "200", "GT")
        self.check(b":0\r\n", "expire", "k", "300", "lt")
        self.check(b":1\r\n", "expire", "k", "50", "lt", "xx")
        self.check(b":50\r\n", "ttl", "k")
        self.call("persist", "k")
        self.check(b":1\r\n", "expire", "k", "100", "lt")
        self.propagated.clear()
        self.call("pexpire", "k", "7000", "xx", "lt")
        self.assertEqual(self.propagated[0][1][3:], [b"xx", b"lt"])

    def test_option_errors(self) -> None:
        """Options are checked before the time, in Redis's words."""
        self.fill("k")
        self.check(NX_CONFLICT, "expire", "k", "10", "nx", "xx")
        self.check(NX_CONFLICT, "expire", "k", "10", "gt", "nx")
        self.check(NX_CONFLICT, "expire", "k", "10", "nx", "lt")
        self.check(GT_LT_CONFLICT, "expire", "k", "10", "gt", "lt")
        self.check(b"-ERR Unsupported option foo\r\n", "expire", "k", "abc", "foo")
        self.check(NOT_INT, "expire", "k", "abc")
        self.check(NOT_INT, "expire", "k", "nx")
        self.check(NOT_INT, "expire", "k", "1.5")
        self.check(arity("expire"), "expire", "k")
        self.check(arity("pexpireat"), "pexpireat")

    def test_overflow(self) -> None:
        """Times that overflow in ms (after adding now) are invalid; others are fine."""
        self.fill("k")
        self.check(invalid("expire"), "expire", "k", "9223372036854775807")
        self.check(invalid("expire"), "expire", "k", "9223372036854775")
        self.check(invalid("expire"), "expire", "k", "-9223372036854776")
        self.check(invalid("pexpire"), "pexpire", "k", "9223372036854775807")
        self.check(invalid("expireat"), "expireat", "k", "9223372036854776")
        self.check(b":1\r\n", "pexpireat", "k", "9223372036854775807")
        self.check(b":1\r\n", "expireat", "k", "9223372036854775")
        self.check(b":9223372036854775000\r\n", "pexpiretime", "k")
        self.check(b":1\r\n", "expire", "k", "-9223372036854775")
        self.check(b":0\r\n", "exists", "k")


class TtlTests(KeysTestCase):
    """TTL, PTTL, EXPIRETIME, PEXPIRETIME, PERSIST."""

    def test_missing_and_persistent(self) -> None:
        """-2 for a missing key, -1 for one without a TTL."""
        self.fill("k")
        for name in ("ttl", "pttl", "expiretime", "pexpiretime"):
            self.check(b":-2\r\n", name, "missing")
            self.check(b":-1\r\n", name, "k")
            self.check(arity(name), name)

    def test_rounding(self) -> None:
        """Seconds are rounded to the nearest, halves up."""
        self.fill("k")
        for ms, seconds in ((1499, b":1\r\n"), (1500, b":2\r\n"), (499, b":0\r\n"), (500, b":1\r\n")):
            self.call("pexpire", "k", ms)
            self.check(seconds, "ttl", "k")
        base = self.state.now_ms + 100_000
        for when, seconds in ((base + 499, base // 1000), (base + 500, base // 1000 + 1)):
            self.call("pexpireat", "k", when)
            self.check(b":%d\r\n" % seconds, "expiretime", "k")
            self.check(b":%d\r\n" % when, "pexpiretime", "k")

    def test_counts_down(self) -> None:
        """The fake clock drives what is left."""
        self.fill("k")
        self.call("expire", "k", "10")
        self.server.advance(2500)
        self.check(b":7500\r\n", "pttl", "k")
        self.check(b":8\r\n", "ttl", "k")

    def test_persist(self) -> None:
        """PERSIST removes a TTL once, announced as C{persist}."""
        self.fill("k")
        self.check(b":0\r\n", "persist", "k")
        self.call("expire", "k", "10")
        self.events.clear()
        self.check(b":1\r\n", "persist", "k")
        self.check(b":0\r\n", "persist", "k")
        self.check(b":0\r\n", "persist", "missing")
        self.check(b":-1\r\n", "ttl", "k")
        self.assertEqual(self.events, [(0, b"k", "persist", "g")])

    def test_set_clears_ttl(self) -> None:
        """A plain SET drops the TTL; the TTL list forgets it lazily."""
        self.fill("k")
        self.call("expire", "k", "10")
        self.call("set", "k", "w")
        self.check(b":-1\r\n", "ttl", "k")
        self.server.advance(20000)
        self.check(b"$1\r\nw\r\n", "get", "k")


class LazyExpiryTests(KeysTestCase):
    """Expiry on access."""

    def test_access_reaps(self) -> None:
        """A read after the deadline finds nothing, counts, announces and propagates DEL."""
        self.call("set", "k", "v", "px", "100")
        self.events.clear()
        self.propagated.clear()
        self.server.advance(99)
        self.check(b"$1\r\nv\r\n", "get", "k")
        self.server.advance(1)
        self.check(NIL, "get", "k")
        self.assertEqual(self.state.stats.expired_keys, 1)
        self.assertEqual(self.events[0], (0, b"k", "expired", "x"))
        self.assertEqual(self.propagated, [(0, [b"DEL", b"k"])])

    def test_replica_hides_without_deleting(self) -> None:
        """A replica never shows an expired key, but leaves the deletion to its primary."""
        self.call("set", "k", "v", "px", "10")
        self.state.is_replica = True
        self.server.advance(10)
        self.check(NIL, "get", "k")
        self.check(b":0\r\n", "exists", "k")
        self.check(b":1\r\n", "dbsize")
        self.assertEqual(self.state.stats.expired_keys, 0)


class ActiveExpiryTests(SynchronousTestCase):
    """The cron's active expire cycle."""

    def setUp(self) -> None:
        self.server = CoreServer()
        self.state = self.server.state
        self.db = self.state.dbs[0]

    def add(self, count: int, ttl_ms: int | None, prefix: bytes = b"k", db=None) -> None:
        db = self.db if db is None else db
        for i in range(count):
            key = b"%s%d" % (prefix, i)
            db.set(key, b"v")
            if ttl_ms is not None:
                db.set_expire(key, self.state.now_ms + ttl_ms)

    def test_reaps_everything_expired(self) -> None:
        """With time to spare, one call clears a database of expired keys."""
        self.add(1000, 10)
        self.add(100, None, b"p")
        self.server.advance(10)
        expired = self.state.active_expire()
        self.assertEqual(expired, 1000)
        self.assertEqual(len(self.db), 100)
        self.assertEqual(self.state.stats.expired_keys, 1000)

    def test_stops_when_sample_is_clean(self) -> None:
        """With no expired keys, a cycle samples one loop and stops."""
        self.add(100000, 60000)
        sampled, expired, more = self.db.active_expire_cycle(self.state.now_ms, 320)
        self.assertEqual((expired, more), (0, False))
        self.assertLessEqual(sampled, 20)

    def test_budget_bounds_work(self) -> None:
        """A cycle draws at most its budget, and says when more work is left."""
        self.add(100000, 10)
        self.server.advance(10)
        sampled, expired, more = self.db.active_expire_cycle(self.state.now_ms, 100)
        self.assertLessEqual(sampled, 100)
        self.assertGreater(expired, 0)
        self.assertTrue(more)

    def test_few_stale_keys_wait(self) -> None:
        """A sample that is mostly live ends the cycle: stale keys wait for a later one or a read."""
        self.add(10000, 60000)
        self.add(5, 10, b"x")
        self.server.advance(10)
        self.state.active_expire()
        self.assertLess(self.state.stats.expired_keys, 5)

    def test_time_limit_and_resume(self) -> None:
        """Out of time, the cycle stops, counts it, and resumes at the same database."""
        ticks = iter(range(10**6))
        self.state.timer = lambda: next(ticks) / 1000  # one ms per reading
        other = self.state.dbs[3]
        self.add(50000, 10)
        self.add(50, 10, db=other)
        self.server.advance(10)
        first = self.state.active_expire(time_limit_ms=2)
        self.assertLess(first, 50000)
        self.assertEqual(self.state.stats.expired_time_cap_reached_count, 1)
        self.assertEqual(len(other), 50)
        while self.state.active_expire(time_limit_ms=2):
            pass
        self.assertEqual((len(self.db), len(other)), (0, 0))
        self.assertGreater(self.state.stats.expire_cycle_cpu_milliseconds, 0)

    def test_default_time_limit(self) -> None:
        """By default a cycle may use a quarter of the cron period (25 ms at hz 10)."""
        readings = []

        def timer() -> float:
            readings.append(len(readings) * 0.005)
            return readings[-1]

        self.state.timer = timer
        self.add(50000, 10)
        self.server.advance(10)
        self.state.active_expire()
        self.assertLessEqual(readings[-2] - readings[0], 0.030)

    def test_effort(self) -> None:
        """active-expire-effort 10 samples 65 keys a loop and accepts only 1% stale."""
        server = CoreServer(active_expire_effort="10")
        calls = []
        original = type(server.state.dbs[0]).active_expire_cycle

        def record(db, now_ms, budget, keys_per_loop, acceptable_stale):
            calls.append((budget, keys_per_loop, acceptable_stale))
            return original(db, now_ms, budget, keys_per_loop, acceptable_stale)

        self.patch(type(server.state.dbs[0]), "active_expire_cycle", record)
        server.state.dbs[0].set(b"k", b"v")
        server.state.dbs[0].set_expire(b"k", server.state.now_ms + 1000)
        server.state.active_expire()
        self.assertEqual(calls, [(16 * 65, 65, 1)])

    def test_stats(self) -> None:
        """The stale share is a running average; avg_ttl follows live TTLs."""
        self.add(100, 10)
        self.add(100, 50000, b"live")
        self.server.advance(10)
        self.state.active_expire()
        self.assertGreater(self.state.stats.expired_stale_perc, 0)
        self.assertTrue(0 < self.db.avg_ttl <= 50000)

    def test_cron_skips_replicas_and_disabled(self) -> None:
        """No active expiry on a replica, nor when DEBUG SET-ACTIVE-EXPIRE turned it off."""
        self.add(100, 10)
        self.server.advance(10)
        self.state.is_replica = True
        self.state.databases_cron()
        self.state.is_replica = False
        self.state.active_expire_enabled = False
        self.state.databases_cron()
        self.assertEqual(len(self.db), 100)
        self.state.active_expire_enabled = True
        self.state.databases_cron()
        self.assertEqual(len(self.db), 0)

    def test_ttl_list_compaction(self) -> None:
        """Keys whose TTL went away are squeezed out of the sample list by the cron."""
        self.add(1000, 60000)
        for i in range(900):
            self.db.persist(b"k%d" % i)
        self.state.databases_cron()
        self.assertEqual(sorted(self.db._ttl_keys), sorted(self.db.expires))

    def test_log_compaction_keeps_scan_cursor(self) -> None:
        """Compaction drops dead log entries but keeps numbers, so a scan in progress goes on."""
        self.add(1000, None)
        cursor, first = self.db.scan(0, 100)
        for i in range(100, 1000, 2):
            self.db.delete(b"k%d" % i)
        for i in range(600):
            self.db.set(b"n%d" % i, b"v")
            self.db.delete(b"n%d" % i)
        self.state.databases_cron()
        self.assertEqual(len(self.db._log_keys), len(self.db))
        seen = set(first)
        while cursor:
            cursor, keys = self.db.scan(cursor, 100)
            seen.update(keys)
        self.assertEqual(seen & set(self.db.data), set(self.db.data))
        self.assertEqual(len(self.db.access), len(self.db))

    def test_log_squeeze_in_slices(self) -> None:
        """
        The cron squeezes a big log a slice per call while keys come and go;
        the result holds each live key once, numbers still ascending.
        """
        self.patch(keyspace, "_SQUEEZE_STEP", 100)
        self.add(1000, None)
        for i in range(0, 1000, 3):
            self.db.delete(b"k%d" % i)
        for i in range(900):
            self.db.set(b"n%d" % i, b"v")
            self.db.delete(b"n%d" % i)
        calls = 0
        while calls == 0 or self.db._squeeze is not None:
            self.state.databases_cron()
            self.db.delete(b"k%d" % (1 + 3 * calls))
            self.db.set(b"k%d" % (3 * calls), b"again")
            calls += 1
        self.assertGreater(calls, 10)
        self.state.databases_cron()
        numbers = self.db._numbers_between(0, len(self.db._log_keys))
        self.assertEqual(numbers, sorted(numbers))
        self.assertEqual(set(self.db._log_keys) & set(self.db.data), set(self.db.data))
        self.assertLessEqual(len(self.db._log_keys), 2 * len(self.db) + keyspace._COMPACT_SLACK)

    def test_swap_and_flush_carry_side_lists(self) -> None:
        """SWAPDB moves TTL sampling with the keys; FLUSHDB forgets it."""
        other = self.state.dbs[1]
        self.add(10, 10)
        self.state.swap_dbs(0, 1)
        self.server.advance(10)
        self.assertEqual(self.state.active_expire(), 10)
        self.add(10, 10, db=other)
        self.state.flush_db(other)
        self.assertEqual((other._ttl_keys, other._log_keys), ([], []))
