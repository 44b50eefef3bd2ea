"""
Blocking commands (BLPOP, BZPOPMIN, XREAD BLOCK, ...): Redis's "ready keys".

A handler that finds nothing to serve returns a L{Block} instead of a reply.
The session parks the client on the block's keys (first come, first served
per key) and the adapter stops reading from it. Every write reaches
L{BlockingRegistry.touched} through the single write path; once the command
that wrote has finished (EXEC and scripts count as one command), the session
calls L{BlockingRegistry.serve}, which re-runs each parked command whose key
now holds a value of the wanted type. A re-run that finds nothing again
returns a L{Block} again and the client keeps its place.

Inside MULTI/EXEC and scripts nothing blocks: the block's C{timeout_reply} is
the answer at once, as in Redis.

The registry knows no clocks or timers: the adapter arms one timer per parked
client from C{deadline_ms} (0: wait forever) and calls L{BlockingRegistry.expire}.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from txredisd.core.errors import CommandError

if TYPE_CHECKING:
    from txredisd.core.keyspace import Database
    from txredisd.core.session import ClientSession
    from txredisd.core.state import ServerState

UNBLOCKED_ERROR = "UNBLOCKED client unblocked via CLIENT UNBLOCK"


class Block:
    """
    A handler's answer meaning "wait for one of C{keys}".

    @ivar keys: keys of the session's current database to wait on.
    @ivar deadline_ms: absolute time (the server clock) to give up; 0 = never.
    @ivar wanted: the value class that can satisfy the command (ListValue,
        ZSet, Stream): a write that leaves another type there wakes nobody.
    @ivar timeout_reply: the reply when time runs out (or inside MULTI/scripts).
    @ivar argv: the command to re-run when a key is ready; handlers pass a
        rewritten one when the original would mean something else later
        (XREAD's C{$} resolved to the last ID at blocking time).
    @ivar for_key: optional; given the key that became ready, the command to
        re-run so that key is the one served (Redis serves the ready key, not
        the first non-empty key of the original order).
    @ivar gone_error: optional; the error that ends the wait when a key it
        waits on no longer holds a C{wanted} value (XREADGROUP's stream
        deleted, replaced, flushed or expired); without it the client waits on.
    """

    __slots__ = ("argv", "deadline_ms", "for_key", "gone_error", "keys", "timeout_reply", "wanted")

    def __init__(
        self,
        keys: list[bytes],
        deadline_ms: int,
        wanted: type,
        timeout_reply: Any,
        argv: list[bytes] | None = None,
        for_key: Callable[[bytes], list[bytes]] | None = None,
        gone_error: str | None = None,
    ) -> None:
        self.keys = keys
        self.deadline_ms = deadline_ms
        self.wanted = wanted
        self.timeout_reply = timeout_reply
        self.argv = argv
        self.for_key = for_key
        self.gone_error = gone_error


def deadline_from_seconds(server: ServerState, arg: bytes) -> int:
    """
    BLPOP-style timeout (seconds, fractions allowed) as an absolute deadline; 0 = forever.

    Redis 7.0 reads it with C{strtold} (so hex floats pass) and truncates to
    whole milliseconds; a value too big for a 64-bit count wraps negative there,
    hence "negative" for C{inf} and C{1e100}.
    """
    seconds = _long_double(arg)
    if seconds is None:
        raise CommandError("ERR timeout is not a float or out of range")
    milliseconds = seconds * 1000
    if milliseconds < 0 or milliseconds >= 2**63:
        raise CommandError("ERR timeout is negative")
    return _deadline(server, int(milliseconds))


def _long_double(arg: bytes) -> float | None:
    if not arg or arg[:1].isspace() or arg[-1:].isspace() or b"_" in arg:
        return None
    try:
        value = float(arg)
    except ValueError:
        try:
            value = float.fromhex(arg.decode("ascii"))
        except (ValueError, UnicodeDecodeError):
            return None
    return None if math.isnan(value) else value


def deadline_from_milliseconds(server: ServerState, arg: bytes) -> int:
    """XREAD BLOCK-style timeout (integer milliseconds) as an absolute deadline; 0 = forever."""
    from txredisd.core.commands._args import parse_int

    milliseconds = parse_int(arg, "ERR timeout is not an integer or out of range")
    if milliseconds < 0:
        raise CommandError("ERR timeout is negative")
    return _deadline(server, milliseconds)


def _deadline(server: ServerState, milliseconds: int) -> int:
    if milliseconds == 0:
        return 0
    if milliseconds > 2**63 - 1 - server.now_ms:
        raise CommandError("ERR timeout is out of range")
    return server.now_ms + milliseconds


class BlockingRegistry:
    """
    Who waits for which key, in order.

    @ivar waiting: (db index, key) -> sessions parked on it, oldest first.
    @ivar ready: keys written since the last L{serve} that someone waits on.
    """

    def __init__(self, server: ServerState) -> None:
        self.server = server
        self.waiting: dict[tuple[int, bytes], OrderedDict[int, ClientSession]] = {}
        self.ready: dict[tuple[int, bytes], None] = {}
        #: Parked sessions by id, with the block they wait under.
        self.blocked: dict[int, tuple[ClientSession, Block]] = {}

    def __len__(self) -> int:
        return len(self.blocked)

    def park(self, session: ClientSession, block: Block, argv: list[bytes]) -> None:
        """Park C{session} until a key of C{block} is ready or time runs out."""
        parked = self.blocked.get(session.id)
        if parked is not None:
            # A re-run that found nothing: it keeps its place and its deadline.
            session.blocked = parked[1]
            return
        if block.argv is None:
            block.argv = argv
        session.blocked = block
        self.blocked[session.id] = (session, block)
        index = session.db.index
        for key in block.keys:
            self.waiting.setdefault((index, key), OrderedDict())[session.id] = session
        io = self.server.io
        if io is not None:
            io.client_blocked(session)

    def touched(self, db: Database, key: bytes) -> None:
        """From the write path: C{key} changed; waiters on it get a look after this command."""
        entry = (db.index, key)
        if entry in self.waiting:
            self.ready[entry] = None

    def touched_all(self, db: Database, other: Database | None = None) -> None:
        """
        FLUSHDB, FLUSHALL, SWAPDB (before the change): every waited-on key of
        C{db} that exists there, or in C{other} which is about to take its place.
        """
        for entry in self.waiting:
            if entry[0] == db.index and (entry[1] in db.data or (other is not None and entry[1] in other.data)):
                self.ready[entry] = None

    def serve(self) -> None:
        """
        Re-run the commands parked on keys written by the command that just ran,
        in arrival order per key; a waiter the key's value cannot serve is
        skipped (or, with a C{gone_error}, answered with it), as in Redis.
        """
        server = self.server
        while self.ready:
            entry = next(iter(self.ready))
            del self.ready[entry]
            waiters = self.waiting.get(entry)
            if not waiters:
                continue
            db = server.dbs[entry[0]]
            key = entry[1]
            for session in list(waiters.values()):
                block = session.blocked
                if block is None:
                    continue
                if type(db.data.get(key)) is block.wanted:
                    self._retry(session, block, key)
                elif block.gone_error is not None:
                    self._release(session, block)
                    session.reply_error(block.gone_error)
                    self._woken(session)

    def _retry(self, session: ClientSession, block: Block, key: bytes) -> None:
        from txredisd.core.commands import TABLE

        argv = block.argv if block.for_key is None else block.for_key(key)
        session.blocked = None
        session.call(TABLE.lookup(argv), argv)  # finding nothing, it parks again
        if session.blocked is None:
            self._release(session, block)
            self._woken(session)

    def expire(self, session: ClientSession) -> None:
        """The adapter's timer fired: reply the block's timeout answer."""
        block = session.blocked
        if block is not None:
            self._release(session, block)
            session.reply(block.timeout_reply)
            self._woken(session)

    def unblock(self, session: ClientSession, error: bool) -> None:
        """CLIENT UNBLOCK: answer as on timeout, or with Redis's UNBLOCKED error."""
        block = session.blocked
        if block is None:
            return
        self._release(session, block)
        if error:
            session.reply_error(UNBLOCKED_ERROR)
        else:
            session.reply(block.timeout_reply)
        self._woken(session)

    def forget(self, session: ClientSession) -> None:
        """A parked client went away: no trace of it stays."""
        block = session.blocked
        if block is not None:
            self._release(session, block)

    def _release(self, session: ClientSession, block: Block) -> None:
        session.blocked = None
        self.blocked.pop(session.id, None)
        index = session.db.index
        for key in block.keys:
            entry = (index, key)
            waiters = self.waiting.get(entry)
            if waiters is not None:
                waiters.pop(session.id, None)
                if not waiters:
                    del self.waiting[entry]

    def _woken(self, session: ClientSession) -> None:
        io = self.server.io
        if io is not None:
            io.client_unblocked(session)
