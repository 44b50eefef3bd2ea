"""
Command modules, one per group. Importing this package registers every command
into L{TABLE}.
"""

from txredisd.core.commands._spec import TABLE, CommandSpec, CommandTable, command
from txredisd.core.commands import connection, strings  # noqa: F401  (registration)

__all__ = ["TABLE", "CommandSpec", "CommandTable", "command"]
