"""
Command modules, one per group. Importing this package registers every command
into L{TABLE}.
"""

from txredisd.core.commands import (  # noqa: F401  (imported to register their commands)
    aof,
    bitmaps,
    client,
    config,
    connection,
    dump,
    geo,
    hashes,
    hyperloglog,
    keys,
    lists,
    memory,
    persistence,
    pubsub,
    scripting,
    server,
    sets,
    sort,
    streams,
    strings,
    transactions,
    zsets,
)
from txredisd.core.commands._spec import TABLE, CommandSpec, CommandTable, command

__all__ = ["TABLE", "CommandSpec", "CommandTable", "command"]
