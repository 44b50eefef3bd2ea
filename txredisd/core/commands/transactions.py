"""
MULTI, EXEC, DISCARD, WATCH, UNWATCH.

Queueing happens in L{ClientSession.execute} (a command refused while queueing
marks the transaction failed); these handlers only open, run and close it.
WATCH registers keys in C{server.watched}; the single write path, FLUSH*,
SWAPDB and expiry mark the watchers dirty (L{txredisd.core.state}).
"""

from __future__ import annotations

from txredisd.core.commands._spec import KeySpec, command
from txredisd.core.errors import CommandError
from txredisd.resp.values import NULL_ARRAY, OK, Raw

_G = "transactions"
_QUICK = "noscript loading stale fast allow_busy"


@command("multi", 1, _QUICK, group=_G, since="1.2.0", summary="Start a transaction.")
def multi(session, argv):
    if session.multi is not None:
        raise CommandError("ERR MULTI calls can not be nested")
    session.multi = []
    session.multi_failed = False
    return OK


@command("discard", 1, _QUICK, group=_G, since="2.0.0", summary="Discard all commands issued after MULTI.")
def discard(session, argv):
    if session.multi is None:
        raise CommandError("ERR DISCARD without MULTI")
    _close(session)
    return OK


@command("exec", 1, "noscript loading stale skip_slowlog", group=_G, since="1.2.0",
         summary="Execute all commands issued after MULTI.")
def exec_(session, argv):
    queued = session.multi
    if queued is None:
        raise CommandError("ERR EXEC without MULTI")
    failed = session.multi_failed
    dirty = session.watch_dirty or _watched_key_expired(session)
    _close(session)
    if failed:
        raise CommandError("EXECABORT Transaction discarded because of previous errors.")
    if dirty:
        return NULL_ARRAY
    _run_all(session, queued)
    # Replicas and the AOF got the commands themselves (see _run_all), not EXEC.
    session.rewritten = []
    return _ALREADY_REPLIED


#: EXEC's reply was written piece by piece as the commands ran: nothing to add.
_ALREADY_REPLIED = Raw(b"")


def _run_all(session, queued: list[list[bytes]]) -> None:
    """
    Run the queued commands in order, each reply an element of EXEC's array.
    Their writes reach replicas and the AOF wrapped in MULTI/EXEC when there is
    more than one, as Redis 7.0 propagates a transaction.
    """
    from txredisd.core.commands import TABLE

    session.deny_blocking = True
    session.reply(Raw(b"*%d\r\n" % len(queued)))
    try:
        with session.server.atomic_propagation():
            for command in queued:
                session.call(TABLE.lookup(command), command)
    finally:
        session.deny_blocking = False


def _close(session) -> None:
    session.multi = None
    session.multi_failed = False
    session.unwatch_all()


def _watched_key_expired(session) -> bool:
    """Redis 7.0: a WATCHed key that was alive at WATCH time and has since expired dirties EXEC."""
    now = session.server.now_ms
    dbs = session.server.dbs
    for (index, key), expired_then in session.watched_keys.items():
        if not expired_then:
            when = dbs[index].expires.get(key)
            if when is not None and when <= now:
                return True
    return False


@command("watch", -2, _QUICK, key_specs=[KeySpec("RO", 1, lastkey=-1)], group=_G, since="2.2.0",
         summary="Monitor changes to keys to decide whether EXEC runs.")
def watch(session, argv):
    if session.multi is not None:
        raise CommandError("ERR WATCH inside MULTI is not allowed")
    db = session.db
    now = session.server.now_ms
    watched = session.server.watched
    for key in argv[1:]:
        entry = (db.index, key)
        if entry in session.watched_keys:
            continue
        when = db.expires.get(key)
        session.watched_keys[entry] = key in db.data and when is not None and when <= now
        watched.setdefault(entry, set()).add(session)
    return OK


@command("unwatch", 1, _QUICK, group=_G, since="2.2.0", summary="Forget about all watched keys.")
def unwatch(session, argv):
    session.unwatch_all()
    return OK
