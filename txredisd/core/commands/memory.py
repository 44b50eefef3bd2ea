"""
MEMORY: sizes reported the way Redis (with jemalloc) would report them.

Python objects are not Redis objects, so MEMORY USAGE computes what Redis 7.0
would allocate for the same value (robj, sds header, jemalloc size class, dict
entry) rather than Python's own footprint: tools that compare or budget with it
see familiar numbers.
"""

from __future__ import annotations

from txredisd.core.commands._args import parse_int
from txredisd.core.commands._spec import KeySpec, command
from txredisd.core.commands.strings import string_encoding
from txredisd.core.errors import SYNTAX, CommandError
from txredisd.resp.values import OK, SimpleString

_ROBJ = 16
_DICT_ENTRY = 24

_HELP = [
    "MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "DOCTOR",
    "    Return memory problems reports.",
    "MALLOC-STATS",
    "    Return internal statistics report from the memory allocator.",
    "PURGE",
    "    Attempt to purge dirty pages for reclamation by the allocator.",
    "STATS",
    "    Return information about the memory usage of the server.",
    "USAGE <key> [SAMPLES <count>]",
    "    Return memory in bytes used by <key> and its value. Nested values are",
    "    sampled up to <count> times (default: 5, 0 means sample all).",
    "HELP",
    "    Prints this help.",
]

_DOCTOR_EMPTY = (
    b"Hi Sam, this instance is empty or is using very little memory, my issues detector can't be "
    b"used in these conditions. Please, leave for your mission on Earth and fill it with some data. "
    b"The new Sam and I will be back to our programming as soon as I finished rebooting."
)


def jemalloc_size(size: int) -> int:
    """The jemalloc size class that an allocation of C{size} bytes lands in."""
    if size <= 8:
        return 8
    if size <= 128:
        return (size + 15) & ~15
    spacing = 1 << ((size - 1).bit_length() - 3)
    return (size + spacing - 1) // spacing * spacing


def sds_size(length: int, key: bool = False) -> int:
    """Allocation of an sds string: header by length class, data, terminator."""
    if key and length < 32:
        header = 1
    elif length < 256:
        header = 3
    elif length < 65536:
        header = 5
    elif length < 2**32:
        header = 9
    else:
        header = 17
    return jemalloc_size(header + length + 1)


def value_size(value: object) -> int:
    """Redis's objectComputeSize for the value types built so far."""
    if type(value) in (bytes, bytearray):
        encoding = string_encoding(value)
        if encoding == b"int":
            return _ROBJ
        if encoding == b"embstr":
            return jemalloc_size(_ROBJ + 3 + len(value) + 1)
        return _ROBJ + sds_size(len(value))
    return _ROBJ


@command("usage", -3, "readonly", key_specs=[KeySpec("RO", 2)], group="server", parent="memory", since="4.0.0",
         summary="How many bytes a key and its value take.")
def usage(session, argv):
    if len(argv) not in (3, 5) or (len(argv) == 5 and argv[3].lower() != b"samples"):
        raise CommandError(SYNTAX)
    if len(argv) == 5:
        parse_int(argv[4])
    key = argv[2]
    value = session.db.get(key)
    if value is None:
        return None
    return _DICT_ENTRY + sds_size(len(key), key=True) + value_size(value)


@command("doctor", 2, "", tips=("nondeterministic_output", "request_policy:all_shards", "response_policy:special"),
         group="server", parent="memory", since="4.0.0", summary="Memory advice.")
def doctor(session, argv):
    return _DOCTOR_EMPTY


@command("malloc-stats", 2, "",
         tips=("nondeterministic_output", "request_policy:all_shards", "response_policy:special"), group="server",
         parent="memory", since="4.0.0", summary="Allocator statistics.")
def malloc_stats(session, argv):
    return b"Stats not supported for the current allocator"


@command("purge", 2, "", tips=("request_policy:all_shards", "response_policy:all_succeeded"), group="server",
         parent="memory", since="4.0.0", summary="Return free memory.")
def purge(session, argv):
    return OK


@command("stats", 2, "", tips=("nondeterministic_output", "request_policy:all_shards", "response_policy:special"),
         group="server", parent="memory", since="4.0.0", summary="Memory figures of the server.")
def stats(session, argv):
    server = session.server
    keys = sum(len(db) for db in server.dbs)
    dataset = sum(
        _DICT_ENTRY + sds_size(len(key), key=True) + value_size(value)
        for db in server.dbs
        for key, value in db.data.items()
    )
    reply = {
        b"keys.count": keys,
        b"keys.bytes-per-key": dataset // keys if keys else 0,
        b"dataset.bytes": dataset,
        b"clients.normal": len(server.clients),
    }
    for db in server.dbs:
        if db.data:
            reply[b"db.%d" % db.index] = {
                b"overhead.hashtable.main": len(db.data) * _DICT_ENTRY,
                b"overhead.hashtable.expires": len(db.expires) * _DICT_ENTRY,
            }
    return reply


@command("help", 2, "loading stale", group="server", parent="memory", since="4.0.0",
         summary="Show MEMORY's subcommands.")
def help_(session, argv):
    return [SimpleString(line.encode()) for line in _HELP]
