"""
SAVE, BGSAVE, LASTSAVE. The files and the forked child are the I/O layer's
(L{txredisd.snapshots.Snapshots}, reached as C{server.snapshots}); without one
(core tests) there is nowhere to save to.
"""

from __future__ import annotations

from txredisd.core.commands._spec import command
from txredisd.core.errors import SYNTAX, CommandError
from txredisd.resp.values import OK, SimpleString

_IN_PROGRESS = "ERR Background save already in progress"
_OTHER_CHILD = (
    "ERR Another child process is active (AOF?): can't BGSAVE right now. "
    "Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible."
)
_STARTED = SimpleString(b"Background saving started")
_SCHEDULED = SimpleString(b"Background saving scheduled")


def _snapshots(session):
    snapshots = getattr(session.server, "snapshots", None)
    if snapshots is None:
        raise CommandError("ERR")
    return snapshots


@command("save", 1, "admin noscript no_async_loading no_multi", group="server",
         summary="Synchronously save the dataset to disk.")
def save(session, argv):
    snapshots = _snapshots(session)
    child = snapshots.children.current
    if child is not None and child.kind == "rdb":
        raise CommandError(_IN_PROGRESS)
    if not snapshots.save():
        raise CommandError("ERR")
    return OK


@command("bgsave", -1, "admin noscript no_async_loading", group="server",
         summary="Asynchronously save the dataset to disk.")
def bgsave(session, argv):
    schedule = False
    if len(argv) > 1:
        if len(argv) > 2 or argv[1].lower() != b"schedule":
            raise CommandError(SYNTAX)
        schedule = True
    snapshots = _snapshots(session)
    child = snapshots.children.current
    if child is not None:
        if child.kind == "rdb":
            raise CommandError(_IN_PROGRESS)
        if not schedule:
            raise CommandError(_OTHER_CHILD)
        snapshots.scheduled = True
        return _SCHEDULED
    if not snapshots.bgsave():
        raise CommandError("ERR")
    return _STARTED


@command("lastsave", 1, "loading stale fast", tips=("nondeterministic_output",), group="server",
         categories=("admin", "dangerous"), summary="The Unix time of the last successful save to disk.")
def lastsave(session, argv):
    return session.server.lastsave
