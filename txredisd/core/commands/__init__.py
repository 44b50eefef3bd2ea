"""
Command modules, one per group. Importing this package registers every command
into L{TABLE}.
"""

from txredisd.core.commands import (  # noqa: F401  (imported to register their commands)
    bitmaps,
    client,
    config,
    connection,
    geo,
    hashes,
    keys,
    lists,
    memory,
    server,
    sets,
    sort,
    strings,
    zsets,
)
from txredisd.core.commands._spec import TABLE, CommandSpec, CommandTable, command

__all__ = ["TABLE", "CommandSpec", "CommandTable", "command"]
