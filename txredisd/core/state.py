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
from typing import TYPE_CHECKING, Callable, Protocol

from txredisd.core.keyspace import Database
from txredisd.core.metrics import LatencyMonitor, Rates
from txredisd.resp.values import Raw

if TYPE_CHECKING:
    from txredisd.config import Config
    from txredisd.core.session import ClientSession


class ServerIO(Protocol):
    """What the core may ask of the I/O layer."""

    def close_client(self, session: "ClientSession") -> None: ...

    def request_shutdown(self, save: bool | None, now: bool, force: bool, abort: bool) -> str | None: ...

    def announced_endpoints(self, transport: str | None = None) -> list[tuple[str, str, int]]: ...

    def flush_soon(self, session: "ClientSession") -> None: ...

    def unpaused(self) -> None:
        """CLIENT UNPAUSE: let held clients run now."""

    def info_fields(self) -> dict[str, object]:
        """INFO fields only the adapter knows: tcp_port, multiplexing_api, executable,
        config_file, used_memory_rss (bytes)."""
        ...


class Stats:
    """The counters INFO stats reports and CONFIG RESETSTAT zeroes."""

    __slots__ = (
        "total_connections_received",
        "total_commands_processed",
        "rejected_connections",
        "expired_keys",
        "expired_stale_perc",
        "expire_cycle_cpu_milliseconds",
        "evicted_keys",
        "keyspace_hits",
        "keyspace_misses",
        "total_net_input_bytes",
        "total_net_output_bytes",
        "total_error_replies",
        "unexpected_error_replies",
        "total_reads_processed",
        "total_writes_processed",
        "errors",
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

    def __init__(self, config: "Config", timer: Callable[[], float] | None = None) -> None:
        self.config = config
        self.now_ms = 0
        self.timer = timer or (lambda: 0.0)
        self.started_ms = 0
        self.pid = os.getpid()
        self.run_id = os.urandom(20).hex()
        self.dbs = [Database(i, self) for i in range(int(config["databases"]))]
        self.clients: dict[int, "ClientSession"] = {}
        self._next_client_id = 1
        self.stats = Stats()
        self.dirty = 0
        self.is_replica = False
        self.propagate_to: list[Callable[[int, list[bytes]], None]] = []
        self.watched: dict[tuple[int, bytes], set["ClientSession"]] = {}
        self.monitors: list["ClientSession"] = []
        self.io: ServerIO | None = None
        self.paused_until_ms = 0
        self.pause_writes_only = False
        self.lastsave = 0
        self.slowlog: deque[tuple] = deque(maxlen=128)
        self.slowlog_next_id = 0
        self.slowlog_threshold_us = 10000
        #: Latency monitor: commands at least this slow are recorded (0: off).
        self.latency = LatencyMonitor()
        self.latency_threshold_us = 0
        self.rates = Rates()
        #: DEBUG SLEEP's request: the adapter serves nobody until this time.
        self.busy_until_ms = 0
        #: DEBUG SET-ACTIVE-EXPIRE: the adapter's cron skips the active cycle when False.
        self.active_expire_enabled = True
        self.replid = os.urandom(20).hex()
        self.replid2 = "0" * 40
        #: Keyspace-notification sink C{(db_index, key, event, class_letter)}, set by pub/sub.
        self.notifications: Callable[[int, bytes, str, str], None] | None = None

    def new_client_id(self) -> int:
        client_id = self._next_client_id
        self._next_client_id += 1
        return client_id

    def auth_required(self) -> bool:
        return bool(self.config["requirepass"])

    # -- the write path ------------------------------------------------------

    def signal_modified(self, db: Database, key: bytes) -> None:
        """A key changed: invalidate WATCHes on it (and, later, client tracking)."""
        if self.watched:
            watchers = self.watched.get((db.index, key))
            if watchers:
                for session in watchers:
                    session.watch_dirty = True

    def written(self, db: Database, key: bytes, event: str, kind: str = "g", changes: int = 1) -> None:
        """The one call a write command makes per changed key."""
        self.dirty += changes
        if self.watched:
            self.signal_modified(db, key)
        if self.notifications is not None:
            self.notifications(db.index, key, event, kind)

    def propagate(self, db_index: int, argv: list[bytes]) -> None:
        for consumer in self.propagate_to:
            consumer(db_index, argv)

    def key_expired(self, db: Database, key: bytes) -> None:
        """A key died of old age: count, notify, and tell replicas/AOF with a DEL."""
        self.stats.expired_keys += 1
        self.written(db, key, "expired", "x")
        if self.propagate_to:
            self.propagate(db.index, [b"DEL", key])

    def flush_all(self) -> int:
        removed = 0
        for db in self.dbs:
            if self.watched:
                for key in db.data:
                    self.signal_modified(db, key)
            removed += db.flush()
        return removed

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

    def slowlog_record(self, session: "ClientSession", argv: list[bytes], duration_us: int) -> None:
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

    def feed_monitors(self, session: "ClientSession", argv: list[bytes]) -> None:
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
