"""
Server-wide state shared by every client session: databases, clients, stats,
and the single write path.

The adapter (L{txredisd.service}) owns the clock and the sockets; it sets
C{now_ms} before running commands and installs itself as C{io} so commands
can ask for things only it can do (close a client, shut down, list ports).
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Protocol

from txredisd.core.blocking import BlockingRegistry
from txredisd.core.keyspace import ACTIVE_EXPIRE_ACCEPTABLE_STALE, ACTIVE_EXPIRE_KEYS_PER_LOOP, Database
from txredisd.core.metrics import LatencyMonitor, Rates
from txredisd.core.pubsub import PubSub
from txredisd.resp.values import Raw

if TYPE_CHECKING:
    from txredisd.config import Config
    from txredisd.core.session import ClientSession


# Redis's slow expire cycle at active-expire-effort 1: the share (%) of each
# cron period it may use, and how many loops it runs between looks at the clock.
ACTIVE_EXPIRE_SLOW_TIME_PERC = 25
ACTIVE_EXPIRE_CHECK_EVERY = 16


class ServerIO(Protocol):
    """What the core may ask of the I/O layer."""

    def close_client(self, session: ClientSession) -> None: ...

    def request_shutdown(self, save: bool | None, now: bool, force: bool, abort: bool) -> str | None: ...

    def announced_endpoints(self, transport: str | None = None) -> list[tuple[str, str, int]]: ...

    def flush_soon(self, session: ClientSession) -> None: ...

    def client_blocked(self, session: ClientSession) -> None:
        """A blocking command parked C{session}: stop reading it, arm its deadline."""

    def client_unblocked(self, session: ClientSession) -> None:
        """C{session} got its answer: send it, disarm the deadline, read again."""

    def unpaused(self) -> None:
        """CLIENT UNPAUSE: let held clients run now."""

    def info_fields(self) -> dict[str, object]:
        """INFO fields only the adapter knows: tcp_port, multiplexing_api, executable,
        config_file, used_memory_rss (bytes)."""
        ...


class Stats:
    """The counters INFO stats reports and CONFIG RESETSTAT zeroes."""

    __slots__ = (
        "errors",
        "evicted_keys",
        "expire_cycle_cpu_milliseconds",
        "expired_keys",
        "expired_stale_perc",
        "expired_time_cap_reached_count",
        "keyspace_hits",
        "keyspace_misses",
        "rejected_connections",
        "total_commands_processed",
        "total_connections_received",
        "total_error_replies",
        "total_net_input_bytes",
        "total_net_output_bytes",
        "total_reads_processed",
        "total_writes_processed",
        "unexpected_error_replies",
    )

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        for name in self.__slots__:
            setattr(self, name, 0)
        self.errors: dict[str, int] = {}
        self.expired_stale_perc = 0.0


class ServerState:
    """
    Everything the commands share.

    @ivar now_ms: the command clock, set by the adapter; commands never read a
        clock themselves, so a fake one drives the tests.
    @ivar dirty: count of changes since the last save (Redis's C{server.dirty}).
    @ivar propagate_to: consumers of the write stream (AOF, replication): each is
        called with C{(db_index, argv)} once per write, in reply order.
    """

    def __init__(self, config: Config, timer: Callable[[], float] | None = None) -> None:
        self.config = config
        self.now_ms = 0
        self.timer = timer or (lambda: 0.0)
        #: TIME's clock (microseconds): the adapter installs the real one, since
        #: TIME must move even while a script holds the command clock still.
        self.wall_clock_us: Callable[[], int] = lambda: self.now_ms * 1000
        self.started_ms = 0
        self.pid = os.getpid()
        self.run_id = os.urandom(20).hex()
        self.dbs = [Database(i, self) for i in range(int(config["databases"]))]
        self.clients: dict[int, ClientSession] = {}
        self._next_client_id = 1
        self.stats = Stats()
        self.dirty = 0
        self.is_replica = False
        self.propagate_to: list[Callable[[int, list[bytes]], None]] = []
        #: True while an EXEC or a script gathers its writes into one MULTI/EXEC.
        self.in_atomic_propagation = False
        self.watched: dict[tuple[int, bytes], set[ClientSession]] = {}
        self.blocking = BlockingRegistry(self)
        self.monitors: list[ClientSession] = []
        self.io: ServerIO | None = None
        #: Called (then cleared by its owner) before any reply leaves, while writes
        #: must reach the disk first: the AOF's C{appendfsync always}.
        self.reply_barrier: Callable[[], None] | None = None
        self.paused_until_ms = 0
        self.pause_writes_only = False
        #: When the dataset was last saved (Unix seconds); start-up counts as a save, as in Redis.
        self.lastsave = 0
        #: An error reply for write commands while persistence is failing (MISCONF), else None.
        self.refuse_writes: str | None = None
        self.slowlog: deque[tuple] = deque(maxlen=config["slowlog-max-len"])
        self.slowlog_next_id = 0
        self.slowlog_threshold_us = config["slowlog-log-slower-than"]
        config.on_change("slowlog-max-len", self._resize_slowlog)
        config.on_change("slowlog-log-slower-than", self._set_slowlog_threshold)
        #: Latency monitor: commands at least this slow are recorded (0: off).
        self.latency = LatencyMonitor()
        self.latency_threshold_us = config["latency-monitor-threshold"] * 1000
        config.on_change("latency-monitor-threshold", self._set_latency_threshold)
        self.rates = Rates()
        #: DEBUG SLEEP's request: the adapter serves nobody until this time.
        self.busy_until_ms = 0
        #: The -BUSY reply while a script runs past busy-reply-threshold (None otherwise).
        self.script_busy: str | None = None
        #: DEBUG SET-ACTIVE-EXPIRE: the adapter's cron skips the active cycle when False.
        self.active_expire_enabled = True
        self._expire_next_db = 0
        self._expire_cycle_us = 0
        self.replid = os.urandom(20).hex()
        self.replid2 = "0" * 40
        #: Keyspace-notification sink C{(db_index, key, event, class_letter)}, set by pub/sub.
        self.notifications: Callable[[int, bytes, str, str], None] | None = None
        self.notify_new_keys = False
        self.pubsub = PubSub(self)  # installs C{notifications} when notify-keyspace-events asks

    def _resize_slowlog(self, length: int) -> None:
        """CONFIG SET slowlog-max-len: keep the newest entries that still fit."""
        self.slowlog = deque(list(self.slowlog)[:length], maxlen=length)

    def _set_latency_threshold(self, milliseconds: int) -> None:
        self.latency_threshold_us = milliseconds * 1000

    def _set_slowlog_threshold(self, microseconds: int) -> None:
        self.slowlog_threshold_us = microseconds

    def new_client_id(self) -> int:
        client_id = self._next_client_id
        self._next_client_id += 1
        return client_id

    def auth_required(self) -> bool:
        return bool(self.config["requirepass"])

    # -- the write path ------------------------------------------------------

    def signal_modified(self, db: Database, key: bytes) -> None:
        """
        A key changed: invalidate WATCHes on it (and, later, client tracking).
        A key already expired when it was watched and now deleted (its expiry
        reaped) is no change, as in Redis 7.0's touchWatchedKey.
        """
        if self.watched:
            entry = (db.index, key)
            watchers = self.watched.get(entry)
            if watchers:
                gone = key not in db.data
                for session in watchers:
                    if gone and session.watched_keys.get(entry):
                        session.watched_keys[entry] = False  # deleted keys are not "expired" any more
                        continue
                    session.watch_dirty = True

    def written(self, db: Database, key: bytes, event: str, kind: str = "g", changes: int = 1) -> None:
        """The one call a write command makes per changed key."""
        self.dirty += changes
        if self.watched:
            self.signal_modified(db, key)
        if self.blocking.waiting:
            self.blocking.touched(db, key)
        if self.notifications is not None:
            self.notifications(db.index, key, event, kind)

    def propagate(self, db_index: int, argv: list[bytes]) -> None:
        for consumer in self.propagate_to:
            consumer(db_index, argv)

    @contextmanager
    def atomic_propagation(self) -> Iterator[None]:
        """
        The writes of one EXEC or script reach replicas and the AOF as one
        MULTI ... EXEC when there is more than one of them (Redis 7.0).
        """
        consumers = self.propagate_to
        if not consumers or self.in_atomic_propagation:
            yield  # nothing listens, or an enclosing EXEC/script wraps it all already
            return
        writes: list[tuple[int, list[bytes]]] = []
        self.propagate_to = [lambda index, command: writes.append((index, command))]
        self.in_atomic_propagation = True
        try:
            yield
        except BaseException:
            writes.clear()  # an abandoned group (a script stopped by SHUTDOWN) sends nothing
            raise
        finally:
            self.propagate_to = consumers
            self.in_atomic_propagation = False
            if len(writes) > 1:
                writes = [(writes[0][0], [b"MULTI"]), *writes, (writes[-1][0], [b"EXEC"])]
            for index, command in writes:
                self.propagate(index, command)

    def key_expired(self, db: Database, key: bytes) -> None:
        """A key died of old age: count, notify, and tell replicas/AOF with a DEL."""
        self.stats.expired_keys += 1
        # Not a change the dirty counter sees (as in Redis): the command that
        # met the dead key must not be propagated because of it.
        self.written(db, key, "expired", "x", changes=0)
        if self.propagate_to:
            self.propagate(db.index, [b"UNLINK" if self.config["lazyfree-lazy-expire"] else b"DEL", key])

    def flush_all(self) -> int:
        """Empty every database (FLUSHALL); returns the number of keys removed."""
        return sum(self.flush_db(db) for db in self.dbs)

    def flush_db(self, db: Database) -> int:
        """Empty one database; WATCHes on keys it held see the change."""
        if self.watched:
            self._touch_watched(db, db)
        if self.blocking.waiting:
            self.blocking.touched_all(db)
        return db.flush()

    def swap_dbs(self, first: int, second: int) -> None:
        """SWAPDB: WATCHes on a key that exists on either side see the change."""
        if first == second:
            return
        a, b = self.dbs[first], self.dbs[second]
        if self.watched:
            self._touch_watched(a, b)
            self._touch_watched(b, a)
        if self.blocking.waiting:
            self.blocking.touched_all(a, b)
            self.blocking.touched_all(b, a)
        a.swap_contents(b)

    def _touch_watched(self, db: Database, other: Database) -> None:
        """Invalidate WATCHes on C{db}'s keys that exist in C{db} or C{other}."""
        for (index, key), watchers in self.watched.items():
            if index == db.index and (key in db.data or key in other.data):
                for session in watchers:
                    session.watch_dirty = True

    # -- the cron's keyspace work -----------------------------------------------

    def databases_cron(self, time_limit_ms: float | None = None) -> None:
        """
        The keyspace part of Redis's C{serverCron}, for the adapter to call at
        C{hz} after setting C{now_ms}: active expiry (on a primary, unless DEBUG
        SET-ACTIVE-EXPIRE turned it off), then squeezing the databases' side lists.
        """
        if self.active_expire_enabled and not self.is_replica:
            self.active_expire(time_limit_ms)
        if self.blocking.ready:
            self.blocking.serve()  # keys that expired here may end an XREADGROUP's wait
        for db in self.dbs:
            db.compact()

    def active_expire(self, time_limit_ms: float | None = None) -> int:
        """
        Redis's slow active expire cycle: visit the databases round-robin,
        sampling keys with a TTL, until each looks clean or C{time_limit_ms}
        (default: 25% of a cron period) has passed; the next call resumes
        where this one stopped.

        @return: the number of keys expired.
        """
        # active-expire-effort 1..10 buys bigger samples, a lower stale bar and more time.
        effort = self.config["active-expire-effort"] - 1
        keys_per_loop = ACTIVE_EXPIRE_KEYS_PER_LOOP + ACTIVE_EXPIRE_KEYS_PER_LOOP // 4 * effort
        acceptable_stale = ACTIVE_EXPIRE_ACCEPTABLE_STALE - effort
        if time_limit_ms is None:
            time_limit_ms = (ACTIVE_EXPIRE_SLOW_TIME_PERC + 2 * effort) * 10 / max(1, self.config["hz"])
        budget = ACTIVE_EXPIRE_CHECK_EVERY * keys_per_loop
        started = self.timer()
        deadline = started + time_limit_ms / 1000
        now = self.now_ms
        sampled = expired = 0
        count = len(self.dbs)
        for offset in range(count):
            index = (self._expire_next_db + offset) % count
            db = self.dbs[index]
            more = bool(db.expires)
            while more:
                db_sampled, db_expired, more = db.active_expire_cycle(now, budget, keys_per_loop, acceptable_stale)
                sampled += db_sampled
                expired += db_expired
                if more and self.timer() >= deadline:
                    self._expire_next_db = index
                    self.stats.expired_time_cap_reached_count += 1
                    return self._expire_cycle_done(started, sampled, expired)
        return self._expire_cycle_done(started, sampled, expired)

    def _expire_cycle_done(self, started: float, sampled: int, expired: int) -> int:
        stats = self.stats
        stale = expired / sampled if sampled else 0.0
        stats.expired_stale_perc = stale * 0.05 + stats.expired_stale_perc * 0.95
        used_us = self._expire_cycle_us + int((self.timer() - started) * 1_000_000)
        stats.expire_cycle_cpu_milliseconds += used_us // 1000
        self._expire_cycle_us = used_us % 1000
        return expired

    def error_replied(self, message: str) -> None:
        code = message.split(" ", 1)[0]
        errors = self.stats.errors
        if code in errors:
            errors[code] += 1
        elif len(errors) < 128:  # Redis's cap on distinct error codes tracked
            errors[code] = 1
        self.stats.total_error_replies += 1

    def keyspace_lookup(self, hit: bool) -> None:
        if hit:
            self.stats.keyspace_hits += 1
        else:
            self.stats.keyspace_misses += 1

    # -- observers ------------------------------------------------------------

    def slowlog_record(self, session: ClientSession, argv: list[bytes], duration_us: int) -> None:
        """Keep a slow command the way SLOWLOG GET shows it (args trimmed like Redis)."""
        shown = []
        for i, arg in enumerate(argv):
            if i == 31 and len(argv) > 32:
                shown.append(b"... (%d more arguments)" % (len(argv) - 31))
                break
            if len(arg) > 128:
                arg = arg[:128] + b"... (%d more bytes)" % (len(arg) - 128)
            shown.append(arg)
        entry = (self.slowlog_next_id, self.now_ms // 1000, duration_us, shown, session.peer.encode(), session.name)
        self.slowlog_next_id += 1
        self.slowlog.appendleft(entry)

    def feed_monitors(self, session: ClientSession, argv: list[bytes]) -> None:
        """Send C{argv} to every MONITOR client, as C{+<time> [<db> <addr>] "arg" ...}."""
        line = b"+%d.%06d [%d %s] %s" % (
            self.now_ms // 1000,
            (self.now_ms % 1000) * 1000,
            session.db.index,
            session.peer.encode(),
            b" ".join(quote_repr(arg) for arg in argv),
        )
        wire = Raw(line + b"\r\n")
        for monitor in self.monitors:
            monitor.push(wire)


def quote_repr(arg: bytes) -> bytes:
    """Redis's C{sdscatrepr}: a double-quoted, escaped rendering of binary data."""
    out = bytearray(b'"')
    for c in arg:
        if c == 92 or c == 34:
            out += b"\\" + bytes((c,))
        elif c == 10:
            out += b"\\n"
        elif c == 13:
            out += b"\\r"
        elif c == 9:
            out += b"\\t"
        elif c == 7:
            out += b"\\a"
        elif c == 8:
            out += b"\\b"
        elif 32 <= c < 127:
            out.append(c)
        else:
            out += b"\\x%02x" % c
    out.append(34)
    return bytes(out)
