"""
The RDB writer: values and whole snapshots as redis-server 7.0.15 writes
them (RDB version 10), to any binary file object.

Values are serialised the way Redis 7.0 holds them: lists as quicklist-2
nodes of listpacks (split where Redis's quicklist would split a list filled
by tail pushes), small hashes and sorted sets as listpacks, small all-integer
sets as intsets, larger ones element by element. Strings that read as
integers are written as integers; longer ones are LZF-compressed when that
saves at least four bytes, as Redis decides. Hence DUMP payloads are
byte-identical to Redis's wherever Redis's own bytes do not depend on hash
table order or on the history of the value.
"""

from __future__ import annotations

from collections.abc import Iterable
from struct import pack as struct_pack
from typing import Any, BinaryIO

from txredisd.core.types.hash import Hash
from txredisd.core.types.list import ListValue
from txredisd.core.types.set import SetValue
from txredisd.core.types.stream import Stream
from txredisd.core.types.zset import ZSet
from txredisd.persistence import intset, listpack, lzf
from txredisd.persistence.crc64 import crc64
from txredisd.persistence.rdb import (
    CONTAINER_PACKED,
    CONTAINER_PLAIN,
    MAGIC,
    OP_AUX,
    OP_EOF,
    OP_EXPIRETIME_MS,
    OP_FREQ,
    OP_FUNCTION2,
    OP_IDLE,
    OP_RESIZEDB,
    OP_SELECTDB,
    RDB_VERSION,
    REDIS_VERSION,
    TYPE_HASH,
    TYPE_HASH_LISTPACK,
    TYPE_LIST_QUICKLIST_2,
    TYPE_SET,
    TYPE_SET_INTSET,
    TYPE_STREAM_LISTPACKS_2,
    TYPE_STRING,
    TYPE_ZSET_2,
    TYPE_ZSET_LISTPACK,
    Limits,
)
from txredisd.persistence.stream import encode_stream
from txredisd.resp.request import string2ll

_FLUSH_AT = 1 << 20
# Quicklist node size limits (bytes) for list-max-listpack-size -1 .. -5.
_NODE_LEVELS = (4096, 8192, 16384, 32768, 65536)
_NODE_SAFETY_LIMIT = 8192
_NODE_OVERHEAD = 8
_FILL_MAX = 32767
# Elements this long get a node of their own ("plain"), as in Redis.
_PLAIN_THRESHOLD = 1 << 30
_INT_ENCODINGS = ((-(1 << 7), 1 << 7, 0xC0, 1), (-(1 << 15), 1 << 15, 0xC1, 2), (-(1 << 31), 1 << 31, 0xC2, 4))


def length(n: int) -> bytes:
    """A length prefix: 6, 14, 32 or 64 bits as small as fits."""
    if n < 64:
        return bytes((n,))
    if n < 16384:
        return bytes((0x40 | (n >> 8), n & 0xFF))
    if n <= 0xFFFFFFFF:
        return b"\x80" + n.to_bytes(4, "big")
    return b"\x81" + n.to_bytes(8, "big")


def string(data: bytes | bytearray, compress: bool) -> bytes:
    """A string as Redis's C{rdbSaveRawString} writes it: integer, LZF or plain."""
    size = len(data)
    if size <= 11:
        value = string2ll(data)
        if value is not None:
            for low, high, marker, width in _INT_ENCODINGS:
                if low <= value < high:
                    return bytes((marker,)) + value.to_bytes(width, "little", signed=True)
    elif compress and size > 20:
        packed = lzf.compress(bytes(data), size - 4)
        if packed is not None:
            return b"\xc3" + length(len(packed)) + length(size) + packed
    return length(size) + bytes(data)


def score_text(score: float) -> bytes:
    """A score as Redis 7.0's C{d2string} prints it into a listpack."""
    if score != score:
        return b"nan"
    if score in (float("inf"), float("-inf")):
        return b"inf" if score > 0 else b"-inf"
    if score == 0:
        return b"-0" if str(score)[0] == "-" else b"0"
    if -4503599627370495 < score < 4503599627370496 and score == int(score):
        return b"%d" % int(score)
    return b"%.17g" % score


def _node_accepts(node_size: int, count: int, element_size: int, fill: int) -> bool:
    """Redis's C{_quicklistNodeAllowInsert} for a packed node of C{node_size} bytes."""
    new_size = node_size + element_size + _NODE_OVERHEAD
    if fill < 0 and new_size <= _NODE_LEVELS[-fill - 1]:
        return True
    return new_size <= _NODE_SAFETY_LIMIT and count < fill


def list_nodes(elements: Iterable[bytes], fill: int) -> list[tuple[int, bytes]]:
    """The quicklist nodes (container, blob) of a list filled by tail pushes."""
    fill = max(-5, min(fill, _FILL_MAX))
    nodes: list[tuple[int, bytes]] = []
    entries: list[bytes] = []
    size = 0
    for element in elements:
        if len(element) >= _PLAIN_THRESHOLD:
            if entries:
                nodes.append((CONTAINER_PACKED, listpack.assemble(entries)))
                entries = []
            nodes.append((CONTAINER_PLAIN, bytes(element)))
            continue
        encoded = listpack.entry(element)
        if entries and _node_accepts(size, len(entries), len(element), fill):
            entries.append(encoded)
            size += len(encoded)
        else:
            if entries:
                nodes.append((CONTAINER_PACKED, listpack.assemble(entries)))
            entries = [encoded]
            size = listpack.HEADER_SIZE + 1 + len(encoded)
    if entries:
        nodes.append((CONTAINER_PACKED, listpack.assemble(entries)))
    return nodes


def _members_as_ints(value: SetValue) -> list[int]:
    return [int(member) for member in value.members]


def encode_value(value: Any, limits: Limits, compress: bool) -> tuple[int, bytes]:
    """A value's RDB object type and serialisation."""
    kind = type(value)
    if kind is bytes or kind is bytearray:
        return TYPE_STRING, string(value, compress)
    if kind is ListValue:
        nodes = list_nodes(value, limits.list_fill)
        parts = [length(len(nodes))]
        for container, blob in nodes:
            parts.append(length(container))
            parts.append(string(blob, compress))
        return TYPE_LIST_QUICKLIST_2, b"".join(parts)
    if kind is Hash:
        if value.listpack:
            flat = [item for pair in value.fields.items() for item in pair]
            return TYPE_HASH_LISTPACK, string(listpack.pack(flat), compress)
        parts = [length(len(value.fields))]
        for field, item in value.fields.items():
            parts.append(string(field, compress))
            parts.append(string(item, compress))
        return TYPE_HASH, b"".join(parts)
    if kind is SetValue:
        if value.intset:
            return TYPE_SET_INTSET, string(intset.pack(_members_as_ints(value)), compress)
        parts = [length(len(value.members))]
        parts.extend(string(member, compress) for member in value.members)
        return TYPE_SET, b"".join(parts)
    if kind is ZSet:
        if value.listpack:
            flat = [item for score, member in value.order for item in (member, score_text(score))]
            return TYPE_ZSET_LISTPACK, string(listpack.pack(flat), compress)
        parts = [length(len(value.order))]
        for score, member in reversed(value.order):
            parts.append(string(member, compress))
            parts.append(struct_pack("<d", score))
        return TYPE_ZSET_2, b"".join(parts)
    if kind is Stream:
        return TYPE_STREAM_LISTPACKS_2, encode_stream(value, length, lambda data: string(data, compress))
    raise TypeError(f"no RDB encoding for {kind.__name__} values")


def default_aux(
    now_ms: int, used_memory: int, aof_base: bool = False, replication: tuple[int, bytes, int] | None = None
) -> list[tuple[bytes, bytes]]:
    """
    The AUX fields redis-server 7.0 writes at the top of a snapshot, in its
    order; C{replication} is (stream db, replication id, offset) when the
    snapshot must let a replica or a restart resume replication.
    """
    aux = [
        (b"redis-ver", REDIS_VERSION),
        (b"redis-bits", b"64"),
        (b"ctime", b"%d" % (now_ms // 1000)),
        (b"used-mem", b"%d" % used_memory),
    ]
    if replication is not None:
        stream_db, replid, offset = replication
        aux += [(b"repl-stream-db", b"%d" % stream_db), (b"repl-id", replid), (b"repl-offset", b"%d" % offset)]
    aux.append((b"aof-base", b"1" if aof_base else b"0"))
    return aux


class RdbWriter:
    """
    Writes one RDB stream to a binary file object, a record at a time, with
    the running CRC-64. Output is buffered and handed to C{out.write} in
    chunks of about 1 MiB; the caller owns the file (fsync, rename).

        writer = RdbWriter(out, limits, compress=True, checksum=True)
        writer.header(default_aux(now_ms, used))
        writer.select_db(0, size, expires)
        writer.key(b"k", b"v", expire_ms=None)
        writer.finish()
    """

    def __init__(self, out: BinaryIO, limits: Limits | None = None, compress: bool = True, checksum: bool = True):
        self.out = out
        self.limits = limits or Limits()
        self.compress = compress
        self.checksum = checksum
        self.crc = 0
        self.written = 0
        self._buffer = bytearray()

    def _emit(self, data: bytes) -> None:
        self._buffer += data
        if len(self._buffer) >= _FLUSH_AT:
            self._flush()

    def _flush(self) -> None:
        chunk = bytes(self._buffer)
        self._buffer.clear()
        if self.checksum:
            self.crc = crc64(self.crc, chunk)
        self.out.write(chunk)
        self.written += len(chunk)

    def header(self, aux: Iterable[tuple[bytes, bytes]] = ()) -> None:
        """The magic, the version and the AUX fields."""
        self._emit(MAGIC + b"%04d" % RDB_VERSION)
        for name, value in aux:
            self._emit(bytes((OP_AUX,)) + string(name, self.compress) + string(value, self.compress))

    def function(self, code: bytes) -> None:
        """One function library (its source), as FUNCTION DUMP and snapshots carry it."""
        self._emit(bytes((OP_FUNCTION2,)) + string(code, self.compress))

    def select_db(self, index: int, size: int, expires: int) -> None:
        """Start a database's keys (Redis skips empty databases: so should the caller)."""
        self._emit(bytes((OP_SELECTDB,)) + length(index) + bytes((OP_RESIZEDB,)) + length(size) + length(expires))

    def key(
        self, key: bytes, value: Any, expire_ms: int | None = None, idle_s: int | None = None, freq: int | None = None
    ) -> None:
        """One key: its expiry time, LRU idle time or LFU counter if given, then its value."""
        buffer, compress = self._buffer, self.compress
        if expire_ms is not None:
            buffer.append(OP_EXPIRETIME_MS)
            buffer += expire_ms.to_bytes(8, "little", signed=True)
        if idle_s is not None:
            buffer.append(OP_IDLE)
            buffer += length(idle_s)
        if freq is not None:
            buffer += bytes((OP_FREQ, freq))
        kind = type(value)
        if kind is bytes or kind is bytearray:  # most keys: spare the dispatch
            buffer.append(TYPE_STRING)
            buffer += string(key, compress)
            buffer += string(value, compress)
        else:
            kind, body = encode_value(value, self.limits, compress)
            buffer.append(kind)
            buffer += string(key, compress)
            buffer += body
        if len(buffer) >= _FLUSH_AT:
            self._flush()

    def finish(self) -> int:
        """The EOF opcode and the checksum (zero when disabled); returns the bytes written."""
        self._emit(bytes((OP_EOF,)))
        self._flush()
        trailer = self.crc.to_bytes(8, "little")
        self.out.write(trailer)
        self.written += len(trailer)
        return self.written


def write_snapshot(
    out: BinaryIO,
    dbs: Iterable[Any],
    config: Any,
    now_ms: int,
    used_memory: int = 0,
    aof_base: bool = False,
    functions: Iterable[bytes] = (),
    replication: tuple[int, bytes, int] | None = None,
) -> int:
    """
    A whole snapshot of C{dbs} (L{txredisd.core.keyspace.Database}s) as
    redis-server 7.0 writes it, honouring C{rdbcompression}, C{rdbchecksum},
    the list node size and (as IDLE records) an LRU eviction policy. Keys
    already expired are written too, as Redis does: loading drops them.
    Returns the number of bytes written.
    """
    writer = RdbWriter(out, Limits.from_config(config), config["rdbcompression"], config["rdbchecksum"])
    writer.header(default_aux(now_ms, used_memory, aof_base, replication))
    for code in functions:
        writer.function(code)
    with_idle = "lru" in config["maxmemory-policy"]
    for db in dbs:
        if not db.data:
            continue
        expires, access = db.expires, db.access
        writer.select_db(db.index, len(db.data), len(expires))
        for key, value in db.data.items():
            idle = max(0, now_ms - access.get(key, now_ms)) // 1000 if with_idle else None
            writer.key(key, value, expires.get(key), idle)
    return writer.finish()
