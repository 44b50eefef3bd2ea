"""
MEMORY: sizes reported the way Redis (with jemalloc) would report them.

Python objects are not Redis objects, so MEMORY USAGE computes what Redis 7.0
would allocate for the same value (robj, sds header, jemalloc size class, dict
entry) rather than Python's own footprint: tools that compare or budget with it
see familiar numbers.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from itertools import islice

from txredisd.core.commands._args import parse_int
from txredisd.core.commands._spec import KeySpec, command
from txredisd.core.commands.strings import string_encoding
from txredisd.core.errors import SYNTAX, CommandError
from txredisd.core.types.hash import Hash
from txredisd.core.types.list import ListValue
from txredisd.core.types.set import SetValue
from txredisd.core.types.zset import ZSet
from txredisd.persistence import intset, listpack
from txredisd.persistence.rdb import Limits
from txredisd.persistence.writer import list_nodes, score_text
from txredisd.resp.values import OK, SimpleString

# Sizes of Redis 7.0's structures on 64-bit Linux (checked against MEMORY USAGE of redis-server).
_ROBJ = 16
_DICT_ENTRY = 24
_DICT = 56
_QUICKLIST = 40
_QUICKLIST_NODE = 40
_ZSET = 16
_SKIPLIST = 32
# Skiplist nodes: ele, score and backward (24 bytes), then 16 bytes per level; the header has all 32
# levels (536 bytes: jemalloc's 640 class), a one-level node 40 (the 48 class).
_SKIPLIST_HEADER = 640
_SKIPLIST_NODE = 48
_DEFAULT_SAMPLES = 5
_LIST_EXACT = 10_000
_STRINGS = (bytes, bytearray)

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


def _string_size(value: bytes | bytearray) -> int:
    encoding = string_encoding(value)
    if encoding == b"int":
        return _ROBJ
    if encoding == b"embstr":
        return jemalloc_size(_ROBJ + 3 + len(value) + 1)
    return _ROBJ + sds_size(len(value))


def _dict_slots(size: int) -> int:
    """A Redis dict's bucket count after C{size} inserts: a power of two, at least 4, grown at load 1."""
    return max(4, 1 << (size - 1).bit_length()) if size > 1 else 4


def _sampled(sizes: Iterator[int], count: int, samples: int) -> int:
    """Redis's estimate: the mean of the first C{samples} element sizes times the element count."""
    taken = [size for size, _ in zip(sizes, range(samples), strict=False)]
    return int(sum(taken) / len(taken) * count) if taken else 0


def value_size(value: object, limits: Limits, samples: int = _DEFAULT_SAMPLES) -> int:
    """
    Redis 7.0's objectComputeSize for C{value} as Redis would hold it. Exact
    for strings, listpacks, intsets and lists filled at the tail; for hash
    tables and skiplists an estimate with Redis's own sampling, assuming a
    table that is not being rehashed and skiplist nodes of one level.
    """
    kind = type(value)
    if kind is bytes or kind is bytearray:
        return _string_size(value)
    if kind is ListValue:
        if len(value) <= _LIST_EXACT:
            nodes = list_nodes(value, limits.list_fill)
            count = len(nodes)
        else:
            # Node boundaries depend on every element before them: a long list's node count is
            # its first _LIST_EXACT elements' scaled by bytes (each entry ~2 bytes over its
            # length), which needs only a C-speed pass over the lengths, not an encoding of all.
            prefix = list(islice(value, _LIST_EXACT))
            nodes = list_nodes(prefix, limits.list_fill)
            weight = sum(map(len, value)) + 2 * len(value)
            count = math.ceil(len(nodes) * weight / (sum(map(len, prefix)) + 2 * len(prefix)))
        sizes = (_QUICKLIST_NODE + jemalloc_size(len(blob)) for _, blob in nodes)
        return _ROBJ + _QUICKLIST + _sampled(sizes, count, samples)
    if kind is Hash:
        if value.listpack:
            return _ROBJ + jemalloc_size(len(listpack.pack([item for pair in value.fields.items() for item in pair])))
        sizes = (sds_size(len(f), key=True) + sds_size(len(v), key=True) + _DICT_ENTRY for f, v in value.fields.items())
        return _ROBJ + _DICT + 8 * _dict_slots(len(value.fields)) + _sampled(sizes, len(value.fields), samples)
    if kind is SetValue:
        if value.intset:
            return _ROBJ + jemalloc_size(len(intset.pack([int(member) for member in value.members])))
        sizes = (_DICT_ENTRY + sds_size(len(member), key=True) for member in value.members)
        return _ROBJ + _DICT + 8 * _dict_slots(len(value.members)) + _sampled(sizes, len(value.members), samples)
    if kind is ZSet:
        if value.listpack:
            flat = [item for score, member in value.order for item in (member, score_text(score))]
            return _ROBJ + jemalloc_size(len(listpack.pack(flat)))
        count = len(value.order)
        sizes = (sds_size(len(member), key=True) + _DICT_ENTRY + _SKIPLIST_NODE
                 for _, member in value.order)
        fixed = _ROBJ + _ZSET + _SKIPLIST + _DICT + 8 * _dict_slots(count) + _SKIPLIST_HEADER
        return fixed + _sampled(sizes, count, samples)
    return _ROBJ


@command("usage", -3, "readonly", key_specs=[KeySpec("RO", 2)], group="server", parent="memory", since="4.0.0",
         summary="How many bytes a key and its value take.")
def usage(session, argv):
    if len(argv) not in (3, 5) or (len(argv) == 5 and argv[3].lower() != b"samples"):
        raise CommandError(SYNTAX)
    samples = _DEFAULT_SAMPLES
    if len(argv) == 5:
        samples = parse_int(argv[4]) or 2**63 - 1  # 0: every element, as Redis says
    key = argv[2]
    value = session.db.get(key)
    if value is None:
        return None
    limits = Limits.from_config(session.server.config)
    return _DICT_ENTRY + sds_size(len(key), key=True) + value_size(value, limits, samples)


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
    # Strings sized, other values counted by their object header only: MEMORY STATS must stay
    # cheap on a big dataset (Redis reads its allocator's counters instead).
    dataset = sum(
        _DICT_ENTRY + sds_size(len(key), key=True) + (_string_size(value) if type(value) in _STRINGS else _ROBJ)
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
