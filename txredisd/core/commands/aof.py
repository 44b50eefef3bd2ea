"""
BGREWRITEAOF. The rewrite itself (a forked child) is the I/O layer's work:
the handler asks C{server.aof} (L{txredisd.aof_service.AofService}), which
answers with Redis's status text or raises L{CommandError}.
"""

from __future__ import annotations

from txredisd.core.commands._spec import command
from txredisd.core.errors import CommandError
from txredisd.resp.values import SimpleString

CANT_REWRITE = "ERR Can't execute an AOF background rewriting. Please check the server logs for more information."


@command("bgrewriteaof", 1, "admin noscript no_async_loading", group="server", since="1.0.0",
         summary="Asynchronously rewrite the append-only file")
def bgrewriteaof(session, argv):
    aof = getattr(session.server, "aof", None)
    if aof is None:
        raise CommandError(CANT_REWRITE)
    # Inside EXEC (the only place a noscript command meets deny_blocking) Redis only schedules it.
    return SimpleString(aof.bgrewriteaof(later=session.deny_blocking).encode())
