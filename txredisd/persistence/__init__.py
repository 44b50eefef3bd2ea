"""
Persistence, sans-IO: the RDB codec (snapshots, DUMP/RESTORE payloads and,
later, replication full syncs and AOF preambles all use it). Everything here
works on bytes or on binary file objects handed in by the caller; nothing
opens files, forks or imports Twisted.

Writing:  L{write_snapshot} (a whole server), or L{RdbWriter} record by record.
Reading:  L{load} (into databases), or L{RdbReader} record by record.
Payloads: L{dump}, L{payload_intact}, L{restore}.
Errors:   L{RdbError} (with C{offset} and C{reason}).
"""

from txredisd.persistence.payload import dump, payload_intact, restore
from txredisd.persistence.rdb import RDB_VERSION, Limits, RdbError
from txredisd.persistence.reader import (
    Aux,
    EmptyValue,
    Entry,
    Function,
    LoadResult,
    RdbReader,
    ResizeDb,
    SelectDb,
    Summary,
    load,
)
from txredisd.persistence.writer import RdbWriter, default_aux, encode_value, write_snapshot

__all__ = [
    "RDB_VERSION",
    "Aux",
    "EmptyValue",
    "Entry",
    "Function",
    "Limits",
    "LoadResult",
    "RdbError",
    "RdbReader",
    "RdbWriter",
    "ResizeDb",
    "SelectDb",
    "Summary",
    "default_aux",
    "dump",
    "encode_value",
    "load",
    "payload_intact",
    "restore",
    "write_snapshot",
]
