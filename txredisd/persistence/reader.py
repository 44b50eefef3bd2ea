"""
The RDB reader: every file redis-server 7.0 loads (RDB versions 1 to 10,
every opcode and every type encoding but modules and streams), from bytes
or from a binary file object read in chunks, so a large file is never held
whole in memory.

Values come out as txredisd's models, in the encoding Redis would pick for
them after loading under the given thresholds. Anything wrong raises
L{RdbError} with the byte offset where it was found.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from struct import unpack as struct_unpack
from typing import Any, BinaryIO, NamedTuple

from txredisd.core.types.hash import Hash
from txredisd.core.types.list import ListValue
from txredisd.core.types.set import build as build_set
from txredisd.core.types.zset import new_zset
from txredisd.persistence import intset, listpack, lzf
from txredisd.persistence.crc64 import crc64
from txredisd.persistence.rdb import (
    CONTAINER_PACKED,
    CONTAINER_PLAIN,
    ENC_INT8,
    ENC_INT16,
    ENC_INT32,
    ENC_LZF,
    MAGIC,
    OP_AUX,
    OP_EOF,
    OP_EXPIRETIME,
    OP_EXPIRETIME_MS,
    OP_FREQ,
    OP_FUNCTION2,
    OP_FUNCTION_PRE_GA,
    OP_IDLE,
    OP_MODULE_AUX,
    OP_RESIZEDB,
    OP_SELECTDB,
    RDB_VERSION,
    TYPE_HASH,
    TYPE_HASH_LISTPACK,
    TYPE_HASH_ZIPLIST,
    TYPE_HASH_ZIPMAP,
    TYPE_LIST,
    TYPE_LIST_QUICKLIST,
    TYPE_LIST_QUICKLIST_2,
    TYPE_LIST_ZIPLIST,
    TYPE_MODULE_2,
    TYPE_MODULE_PRE_GA,
    TYPE_SET,
    TYPE_SET_INTSET,
    TYPE_SET_LISTPACK,
    TYPE_STREAM_LISTPACKS,
    TYPE_STREAM_LISTPACKS_2,
    TYPE_STRING,
    TYPE_ZSET,
    TYPE_ZSET_2,
    TYPE_ZSET_LISTPACK,
    TYPE_ZSET_ZIPLIST,
    Limits,
    RdbError,
)
from txredisd.persistence.stream import read_stream
from txredisd.persistence.ziplist import ziplist_entries, zipmap_pairs

_CHUNK = 1 << 20
_SPECIAL_DOUBLES = {253: float("nan"), 254: float("inf"), 255: float("-inf")}
_LOADABLE = frozenset((
    TYPE_STRING, TYPE_LIST, TYPE_SET, TYPE_ZSET, TYPE_HASH, TYPE_ZSET_2, TYPE_HASH_ZIPMAP, TYPE_LIST_ZIPLIST,
    TYPE_SET_INTSET, TYPE_ZSET_ZIPLIST, TYPE_HASH_ZIPLIST, TYPE_LIST_QUICKLIST, TYPE_HASH_LISTPACK,
    TYPE_ZSET_LISTPACK, TYPE_LIST_QUICKLIST_2, TYPE_SET_LISTPACK, TYPE_STREAM_LISTPACKS, TYPE_STREAM_LISTPACKS_2,
))


class EmptyValue(Exception):
    """A collection with no elements: Redis skips such keys in files and refuses them in RESTORE."""


# -- the records a stream yields ------------------------------------------------


class Aux(NamedTuple):
    name: bytes
    value: bytes


class SelectDb(NamedTuple):
    index: int


class ResizeDb(NamedTuple):
    size: int
    expires: int


class Function(NamedTuple):
    code: bytes


class Entry(NamedTuple):
    """One key; C{value} is None when the stored value was an empty collection."""

    key: bytes
    value: Any
    expire_ms: int | None
    idle_s: int | None
    freq: int | None
    offset: int


# -- buffered input ---------------------------------------------------------------


class Input:
    """
    Bytes taken in order from a bytes-like object or a binary file, with the
    absolute offset for error messages and an optional running CRC-64 of
    everything consumed.
    """

    def __init__(self, source: bytes | bytearray | memoryview | BinaryIO, checksum: bool = False) -> None:
        if isinstance(source, (bytes, bytearray, memoryview)):
            self.buf, self.file = bytes(source), None
        else:
            self.buf, self.file = b"", source
        self.pos = 0
        self.base = 0
        self.checksum = checksum
        self.crc = 0
        self._crc_from = 0

    @property
    def offset(self) -> int:
        return self.base + self.pos

    def error(self, reason: str, offset: int | None = None) -> RdbError:
        return RdbError(self.offset if offset is None else offset, reason)

    def byte(self) -> int:
        pos = self.pos
        if pos < len(self.buf):
            self.pos = pos + 1
            return self.buf[pos]
        return self.read(1)[0]

    def read(self, n: int) -> bytes:
        pos = self.pos
        end = pos + n
        if end <= len(self.buf):
            self.pos = end
            return self.buf[pos:end]
        self._fill(n)
        data = self.buf[: n]
        self.pos = n
        return data

    def _fill(self, n: int) -> None:
        """Make C{buf[pos:]} hold at least C{n} bytes, with C{pos} moved to 0."""
        if self.checksum:
            self.crc = crc64(self.crc, memoryview(self.buf)[self._crc_from:self.pos])
        self._crc_from = 0
        self.base += self.pos
        parts = [self.buf[self.pos:]]
        have = len(parts[0])
        while have < n and self.file is not None:
            chunk = self.file.read(max(_CHUNK, min(n - have, 64 * _CHUNK)))
            if not chunk:
                break
            parts.append(chunk)
            have += len(chunk)
        self.buf = b"".join(parts)
        self.pos = 0
        if have < n:
            raise self.error(f"unexpected end of data: {n} bytes needed, {have} left")

    def settle_checksum(self) -> int:
        """The CRC-64 of everything consumed so far."""
        self.crc = crc64(self.crc, memoryview(self.buf)[self._crc_from:self.pos])
        self._crc_from = self.pos
        return self.crc

    def at_end(self) -> bool:
        if self.pos < len(self.buf):
            return False
        try:
            self._fill(1)
        except RdbError:
            return True
        return False

    # -- RDB primitives -------------------------------------------------------

    def length(self) -> int:
        b = self.byte()
        kind = b >> 6
        if kind == 0:
            return b & 0x3F
        if kind == 1:
            return ((b & 0x3F) << 8) | self.byte()
        if b == 0x80:
            return int.from_bytes(self.read(4), "big")
        if b == 0x81:
            return int.from_bytes(self.read(8), "big")
        raise self.error(f"bad length prefix 0x{b:02x}", self.offset - 1)

    def string(self) -> bytes:
        buf, pos = self.buf, self.pos
        if pos < len(buf) and buf[pos] < 0x40:  # the usual short string, read in place
            end = pos + 1 + buf[pos]
            if end <= len(buf):
                self.pos = end
                return buf[pos + 1 : end]
        b = self.byte()
        kind = b >> 6
        if kind == 0:
            return self.read(b & 0x3F)
        if kind == 1:
            return self.read(((b & 0x3F) << 8) | self.byte())
        if b == 0x80:
            return self.read(int.from_bytes(self.read(4), "big"))
        if b == 0x81:
            return self.read(int.from_bytes(self.read(8), "big"))
        if kind == 2:
            raise self.error(f"bad length prefix 0x{b:02x}", self.offset - 1)
        encoding = b & 0x3F
        if encoding == ENC_INT8:
            return b"%d" % int.from_bytes(self.read(1), "little", signed=True)
        if encoding == ENC_INT16:
            return b"%d" % int.from_bytes(self.read(2), "little", signed=True)
        if encoding == ENC_INT32:
            return b"%d" % int.from_bytes(self.read(4), "little", signed=True)
        if encoding == ENC_LZF:
            start = self.offset - 1
            compressed_size = self.length()
            size = self.length()
            try:
                return lzf.decompress(self.read(compressed_size), size)
            except lzf.LzfError as e:
                raise self.error(f"bad LZF string: {e}", start) from None
        raise self.error(f"unknown string encoding {encoding}", self.offset - 1)

    def double_text(self) -> float:
        """A score of the old ZSET type: a length byte (or a special value) and text."""
        size = self.byte()
        if size in _SPECIAL_DOUBLES:
            return _SPECIAL_DOUBLES[size]
        start = self.offset
        text = self.read(size)
        try:
            return float(text)
        except ValueError:
            raise self.error(f"bad score {text[:40]!r}", start) from None

    def double_binary(self) -> float:
        return struct_unpack("<d", self.read(8))[0]


# -- values -----------------------------------------------------------------------


def _packed(data: Input, unpack: Callable[[bytes], list]) -> list:
    """A packed blob (listpack, ziplist, intset, zipmap) read as a string and unpacked."""
    start = data.offset
    blob = data.string()
    try:
        return unpack(blob)
    except (ValueError, IndexError) as e:
        raise data.error(f"corrupt packed value: {e}", start) from None


def _pairs(flat: list[bytes], data: Input, start: int) -> list[tuple[bytes, bytes]]:
    if len(flat) % 2:
        raise data.error("packed value holds an odd number of entries", start)
    return list(zip(flat[::2], flat[1::2], strict=True))


def _make_list(elements: list[bytes]) -> ListValue:
    if not elements:
        raise EmptyValue
    return ListValue(elements)


def _make_set(members: list[bytes], limits: Limits, data: Input, start: int):
    if not members:
        raise EmptyValue
    value = build_set(members, limits.set_intset_entries)
    if len(value) != len(members):
        raise data.error("duplicate set member", start)
    return value


def _make_hash(pairs: list[tuple[bytes, bytes]], limits: Limits, data: Input, start: int, packed: bool) -> Hash:
    """
    A hash in Redis's encoding after loading: a packed one (listpack or
    ziplist) changes encoding only when it has too many fields, one stored
    field by field also when an element is too long.
    """
    if not pairs:
        raise EmptyValue
    value = Hash()
    value.fields = dict(pairs)
    if len(value.fields) != len(pairs):
        raise data.error("duplicate hash field", start)
    longest = 0 if packed else max(max(len(name), len(item)) for name, item in pairs)
    value.fit(limits.as_config(), longest)
    return value


def _make_zset(pairs: list[tuple[bytes, float]], limits: Limits, data: Input, start: int, packed: bool):
    """A sorted set in Redis's encoding after loading (the same rule as for hashes)."""
    if not pairs:
        raise EmptyValue
    longest = 0 if packed else max(len(member) for member, _ in pairs)
    value = new_zset(limits.as_config(), len(pairs), longest)
    for member, score in pairs:
        if score != score:
            raise data.error("sorted set score is not a number", start)
        value.set(member, score)
    if len(value) != len(pairs):
        raise data.error("duplicate sorted set member", start)
    return value


def _scored(flat: list[bytes], data: Input, start: int) -> list[tuple[bytes, float]]:
    try:
        return [(member, float(score)) for member, score in _pairs(flat, data, start)]
    except ValueError:
        raise data.error("bad score in packed sorted set", start) from None


def _read_strings(data: Input, count: int) -> list[bytes]:
    return [data.string() for _ in range(count)]


def _quicklist(data: Input, with_containers: bool) -> list[bytes]:
    elements: list[bytes] = []
    for _ in range(data.length()):
        container = data.length() if with_containers else CONTAINER_PACKED
        if container == CONTAINER_PLAIN:
            elements.append(data.string())
        elif container == CONTAINER_PACKED:
            # An empty node is skipped, as Redis does (an all-empty list is an empty key).
            elements.extend(_packed(data, listpack.unpack if with_containers else ziplist_entries))
        else:
            raise data.error(f"unknown quicklist node container {container}")
    return elements


def read_value(data: Input, kind: int, limits: Limits) -> Any:
    """
    The value of object type C{kind} (whose type byte was just read).
    L{EmptyValue} for an empty collection, L{RdbError} for anything invalid.
    """
    start = data.offset
    if kind == TYPE_STRING:
        return data.string()
    if kind in (TYPE_LIST_QUICKLIST_2, TYPE_LIST_QUICKLIST):
        return _make_list(_quicklist(data, kind == TYPE_LIST_QUICKLIST_2))
    if kind == TYPE_LIST:
        return _make_list(_read_strings(data, data.length()))
    if kind == TYPE_LIST_ZIPLIST:
        return _make_list(_packed(data, ziplist_entries))
    if kind == TYPE_SET:
        return _make_set(_read_strings(data, data.length()), limits, data, start)
    if kind == TYPE_SET_INTSET:
        return _make_set([b"%d" % n for n in _packed(data, intset.unpack)], limits, data, start)
    if kind == TYPE_SET_LISTPACK:
        return _make_set(_packed(data, listpack.unpack), limits, data, start)
    if kind == TYPE_HASH:
        count = data.length()
        return _make_hash([(data.string(), data.string()) for _ in range(count)], limits, data, start, False)
    if kind in (TYPE_HASH_LISTPACK, TYPE_HASH_ZIPLIST, TYPE_HASH_ZIPMAP):
        unpack = {TYPE_HASH_LISTPACK: listpack.unpack, TYPE_HASH_ZIPLIST: ziplist_entries}.get(kind, zipmap_pairs)
        pairs = _pairs(_packed(data, unpack), data, start)
        return _make_hash(pairs, limits, data, start, kind != TYPE_HASH_ZIPMAP)
    if kind in (TYPE_ZSET_2, TYPE_ZSET):
        score = data.double_binary if kind == TYPE_ZSET_2 else data.double_text
        count = data.length()
        return _make_zset([(data.string(), score()) for _ in range(count)], limits, data, start, False)
    if kind in (TYPE_ZSET_LISTPACK, TYPE_ZSET_ZIPLIST):
        flat = _packed(data, listpack.unpack if kind == TYPE_ZSET_LISTPACK else ziplist_entries)
        return _make_zset(_scored(flat, data, start), limits, data, start, True)
    if kind in (TYPE_STREAM_LISTPACKS_2, TYPE_STREAM_LISTPACKS):
        return read_stream(data, kind)
    raise data.error(refusal(kind) or f"unknown object type {kind}", start - 1)


def refusal(kind: int) -> str | None:
    """Why values of object type C{kind} cannot be loaded, or None if they can."""
    if kind in (TYPE_MODULE_PRE_GA, TYPE_MODULE_2):
        return "module values are not supported (no modules are loaded)"
    if kind not in _LOADABLE:
        return f"unknown object type {kind}"
    return None


# -- whole streams ------------------------------------------------------------------


@dataclass
class Summary:
    """
    What a finished read found besides the keys (for logs and txredisd-check-rdb).
    C{end_offset}: where the RDB data ended; the reader reads ahead, so a caller
    that goes on reading the same file (an AOF after its RDB preamble) seeks there.
    """

    version: int = 0
    checksum: int | None = None
    end_offset: int = 0
    aux: dict[bytes, bytes] = field(default_factory=dict)
    functions: list[bytes] = field(default_factory=list)


class RdbReader:
    """
    Reads an RDB stream record by record:

        reader = RdbReader(open(path, "rb"), config)
        for record in reader:   # Aux, SelectDb, ResizeDb, Function, Entry
            ...

    The header is checked on creation; iteration ends after the EOF opcode
    and the checksum (verified unless it is zero or C{verify_checksum} is
    false); C{summary} then holds the AUX fields and function libraries.
    Entries for empty collections carry the value None; a loader skips them.
    """

    def __init__(self, source: bytes | BinaryIO, config: Any = None, verify_checksum: bool = True) -> None:
        self.input = Input(source, checksum=verify_checksum)
        self.limits = Limits.from_config(config)
        self.verify_checksum = verify_checksum
        self.summary = Summary(version=self._header())
        self.db = 0

    def _header(self) -> int:
        data = self.input
        head = data.read(9)
        if head[:5] != MAGIC:
            raise RdbError(0, "not an RDB file (no REDIS signature)")
        digits = head[5:]
        if not digits.isdigit() or not 1 <= int(digits) <= RDB_VERSION:
            raise RdbError(5, f"unsupported RDB version {digits.decode('latin-1')!r}")
        return int(digits)

    def __iter__(self) -> Iterator[Aux | SelectDb | ResizeDb | Function | Entry]:
        data, limits, summary = self.input, self.limits, self.summary
        expire_ms = idle = freq = None
        while True:
            start = data.offset
            op = data.byte()
            if op == OP_EXPIRETIME_MS:
                expire_ms = int.from_bytes(data.read(8), "little", signed=True)
            elif op == OP_EXPIRETIME:
                expire_ms = int.from_bytes(data.read(4), "little", signed=True) * 1000
            elif op == OP_IDLE:
                idle = data.length()
            elif op == OP_FREQ:
                freq = data.byte()
            elif op == OP_SELECTDB:
                self.db = data.length()
                yield SelectDb(self.db)
            elif op == OP_RESIZEDB:
                yield ResizeDb(data.length(), data.length())
            elif op == OP_AUX:
                aux = Aux(data.string(), data.string())
                summary.aux[aux.name] = aux.value
                yield aux
            elif op == OP_FUNCTION2:
                code = data.string()
                summary.functions.append(code)
                yield Function(code)
            elif op == OP_FUNCTION_PRE_GA:
                raise data.error("pre-release function format not supported", start)
            elif op == OP_MODULE_AUX:
                raise data.error("module auxiliary data is not supported (no modules are loaded)", start)
            elif op == OP_EOF:
                self._trailer()
                summary.end_offset = data.offset
                return
            else:
                if op not in _LOADABLE:
                    raise data.error(refusal(op), start)
                key = data.string()
                if op == TYPE_STRING:  # most keys: spare the dispatch
                    value = data.string()
                else:
                    try:
                        value = read_value(data, op, limits)
                    except EmptyValue:
                        value = None
                yield Entry(key, value, expire_ms, idle, freq, start)
                expire_ms = idle = freq = None

    def _trailer(self) -> None:
        data, summary = self.input, self.summary
        if summary.version < 5:
            return
        computed = data.settle_checksum() if self.verify_checksum else None
        start = data.offset
        stored = int.from_bytes(data.read(8), "little")
        summary.checksum = stored
        if computed is not None and stored and stored != computed:
            raise data.error(f"wrong checksum: file says {stored:016x}, data gives {computed:016x}", start)


# -- loading into databases -----------------------------------------------------------


@dataclass
class LoadResult:
    """What L{load} did: keys stored, keys dropped, and the stream's summary."""

    keys: int = 0
    expired: int = 0
    empty: int = 0
    summary: Summary = field(default_factory=Summary)


def load(
    source: bytes | BinaryIO, dbs: list[Any], now_ms: int, config: Any = None, drop_expired: bool = True
) -> LoadResult:
    """
    Load an RDB stream into C{dbs} (L{txredisd.core.keyspace.Database}s,
    normally empty), as Redis does at start-up: keys whose time has passed
    are dropped when C{drop_expired} (a primary; a replica or an AOF preamble
    keeps them), empty collections skipped, LRU idle times restored. On
    L{RdbError} the databases hold part of the data: the caller must discard
    them (flush, or refuse to start).
    """
    reader = RdbReader(source, config)
    result = LoadResult(summary=reader.summary)
    db = dbs[0]
    for record in reader:
        kind = type(record)
        if kind is Entry:
            key, value, expire_ms = record.key, record.value, record.expire_ms
            if value is None:
                result.empty += 1
            elif drop_expired and expire_ms is not None and expire_ms < now_ms:
                result.expired += 1
            else:
                if key in db.data:
                    raise RdbError(record.offset, f"duplicate key {key[:100]!r} in database {db.index}")
                db.set(key, value)
                if expire_ms is not None:
                    db.set_expire(key, expire_ms)
                if record.idle_s is not None:
                    db.access[key] = now_ms - record.idle_s * 1000
                result.keys += 1
        elif kind is SelectDb:
            if record.index >= len(dbs):
                raise RdbError(reader.input.offset, f"database {record.index} is out of range ({len(dbs)} configured)")
            db = dbs[record.index]
    return result
