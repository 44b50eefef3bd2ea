"""
HyperLogLog values in Redis's own layout, so that a string made here and one
made by redis-server are the same bytes.

A value is a 16-byte header (C{HYLL}, encoding byte, 3 unused bytes, the
cached cardinality as 8 little-endian bytes whose top bit marks it stale)
followed by either 16384 6-bit registers packed LSB first (dense) or a run
list of ZERO (C{00xxxxxx}), XZERO (C{01xxxxxx yyyyyyyy}) and VAL
(C{1vvvvvxx}) opcodes (sparse). Redis edits the sparse form in place with
local splits and merges, so the bytes depend on the order of the updates:
L{sparse_set} follows the same steps to end with the same bytes.

Functions work on a C{bytearray} value in place (strings edited in place are
bytearrays in txredisd) and raise L{Corrupted} where Redis replies INVALIDOBJ.
"""

from __future__ import annotations

import math
import re
import struct
from bisect import bisect_right
from itertools import accumulate

HEADER = 16
REGISTERS = 1 << 14
INDEX_MASK = REGISTERS - 1
#: Bits of the hash left once the register index is taken.
Q = 64 - 14
DENSE_SIZE = HEADER + REGISTERS * 6 // 8
DENSE, SPARSE = 0, 1
MAGIC = b"HYLL"
SEED = 0xADC83B19
#: The largest register value a sparse VAL opcode can hold, and its longest run.
SPARSE_VAL_MAX = 32
VAL_MAX_RUN = 4
ZERO_MAX_RUN = 64
ALPHA_INF = 0.721347520444481703680  # 1 / (2 ln 2)

_M64 = (1 << 64) - 1
_MURMUR_M = 0xC6A4A7935BD1E995
_CARD_STALE = 0x80


class Corrupted(Exception):
    """The sparse opcodes do not describe exactly 16384 registers."""


# -- hashing ----------------------------------------------------------------------


def murmurhash64a(data: bytes, seed: int = SEED) -> int:
    """MurmurHash2 64-bit (A), reading 8-byte blocks little-endian as Redis does on every platform."""
    m = _MURMUR_M
    length = len(data)
    h = (seed ^ (length * m)) & _M64
    blocks = length >> 3
    for (k,) in struct.iter_unpack("<Q", data[: blocks * 8]):
        k = (k * m) & _M64
        k ^= k >> 47
        h ^= (k * m) & _M64
        h = (h * m) & _M64
    tail = data[blocks * 8 :]
    if tail:
        h ^= int.from_bytes(tail, "little")
        h = (h * m) & _M64
    h ^= h >> 47
    h = (h * m) & _M64
    return h ^ (h >> 47)


def pattern(element: bytes) -> tuple[int, int]:
    """
    The register an element lands in (the hash's low 14 bits) and the value
    it offers: the position of the first 1 bit in the other 50 bits, counted
    from 1, and 51 when they are all zero.
    """
    h = murmurhash64a(element)
    rest = (h >> 14) | (1 << Q)
    return h & INDEX_MASK, (rest & -rest).bit_length()


# -- header -------------------------------------------------------------------------


def is_hll(value: bytes | bytearray) -> bool:
    """Whether a string passes Redis's HLL check (magic, known encoding, exact dense size)."""
    if len(value) < HEADER or value[:4] != MAGIC or value[4] > SPARSE:
        return False
    return value[4] == SPARSE or len(value) == DENSE_SIZE


def new_sparse() -> bytearray:
    """An empty HLL as Redis creates one: sparse, one XZERO covering every register, cache valid at 0."""
    return bytearray(MAGIC + b"\x01" + bytes(11) + b"\x7f\xff")


def cached_cardinality(hll: bytes | bytearray) -> int | None:
    """The cached cardinality, or None when it is marked stale."""
    if hll[15] & _CARD_STALE:
        return None
    return int.from_bytes(hll[8:16], "little")


def store_cardinality(hll: bytearray, card: int) -> None:
    hll[8:16] = card.to_bytes(8, "little")


def invalidate(hll: bytearray) -> None:
    hll[15] |= _CARD_STALE


# -- dense registers ----------------------------------------------------------------


def dense_get(hll: bytes | bytearray, index: int) -> int:
    bit = index * 6
    pos = HEADER + (bit >> 3)
    shift = bit & 7
    if shift <= 2:
        return (hll[pos] >> shift) & 63
    return ((hll[pos] >> shift) | (hll[pos + 1] << (8 - shift))) & 63


def dense_set(hll: bytearray, index: int, count: int) -> int:
    """Raise register C{index} to C{count}; 1 if it changed, else 0."""
    bit = index * 6
    pos = HEADER + (bit >> 3)
    shift = bit & 7
    if shift <= 2:
        byte = hll[pos]
        if (byte >> shift) & 63 >= count:
            return 0
        hll[pos] = (byte & ~(63 << shift) & 0xFF) | (count << shift)
        return 1
    pair = hll[pos] | (hll[pos + 1] << 8)
    if (pair >> shift) & 63 >= count:
        return 0
    pair = (pair & ~(63 << shift)) | (count << shift)
    hll[pos] = pair & 0xFF
    hll[pos + 1] = pair >> 8
    return 1


def _table(function) -> bytes:
    return bytes(function(v) & 0xFF for v in range(256))


# Each 3 bytes hold 4 registers: r0 = b0&63, r1 = b0>>6 | (b1&15)<<2, r2 = b1>>4 | (b2&3)<<4, r3 = b2>>2.
_LOW6 = _table(lambda v: v & 63)
_HIGH2 = _table(lambda v: v >> 6)
_LOW4_UP2 = _table(lambda v: (v & 15) << 2)
_HIGH4 = _table(lambda v: v >> 4)
_LOW2_UP4 = _table(lambda v: (v & 3) << 4)
_DOWN2 = _table(lambda v: v >> 2)
_LOW2_UP6 = _table(lambda v: (v & 3) << 6)
_UP4 = _table(lambda v: v << 4)
_UP2 = _table(lambda v: v << 2)


def _or(a: bytes, b: bytes) -> bytes:
    """Byte-wise OR of two equally long strings whose set bits never overlap."""
    return (int.from_bytes(a, "little") | int.from_bytes(b, "little")).to_bytes(len(a), "little")


def dense_registers(hll: bytes | bytearray) -> bytes:
    """The 16384 registers of a dense HLL, one byte each."""
    data = bytes(hll[HEADER:DENSE_SIZE])
    b0, b1, b2 = data[0::3], data[1::3], data[2::3]
    raw = bytearray(REGISTERS)
    raw[0::4] = b0.translate(_LOW6)
    raw[1::4] = _or(b0.translate(_HIGH2), b1.translate(_LOW4_UP2))
    raw[2::4] = _or(b1.translate(_HIGH4), b2.translate(_LOW2_UP4))
    raw[3::4] = b2.translate(_DOWN2)
    return bytes(raw)


def pack_registers(raw: bytes) -> bytes:
    """The dense payload (12288 bytes) for 16384 register values below 64."""
    r0, r1, r2, r3 = raw[0::4], raw[1::4], raw[2::4], raw[3::4]
    packed = bytearray(DENSE_SIZE - HEADER)
    packed[0::3] = _or(r0, r1.translate(_LOW2_UP6))
    packed[1::3] = _or(r1.translate(_DOWN2), r2.translate(_UP4))
    packed[2::3] = _or(r2.translate(_HIGH4), r3.translate(_UP2))
    return bytes(packed)


# -- sparse opcodes -----------------------------------------------------------------


def _opcodes(hll: bytes | bytearray):
    """(value, run) for each opcode of a sparse HLL, zero runs with value 0."""
    end = len(hll)
    p = HEADER
    while p < end:
        b = hll[p]
        if b & 0x80:
            yield ((b >> 2) & 31) + 1, (b & 3) + 1
            p += 1
        elif b & 0x40:
            # A truncated XZERO reads the string's terminating NUL, as in Redis.
            low = hll[p + 1] if p + 1 < end else 0
            yield 0, (((b & 0x3F) << 8) | low) + 1
            p += 2
        else:
            yield 0, b + 1
            p += 1


def sparse_registers(hll: bytes | bytearray) -> bytes:
    """The 16384 registers of a sparse HLL, one byte each; L{Corrupted} unless the runs add up exactly."""
    runs = list(_opcodes(hll))
    if sum(run for _, run in runs) != REGISTERS:
        raise Corrupted
    return b"".join(bytes((value,)) * run for value, run in runs)


def registers(hll: bytes | bytearray) -> bytes:
    """The 16384 registers of a valid HLL, one byte each."""
    return dense_registers(hll) if hll[4] == DENSE else sparse_registers(hll)


def to_dense(hll: bytearray) -> bool:
    """Convert a sparse HLL to dense in place (header kept); whether a conversion happened."""
    if hll[4] == DENSE:
        return False
    payload = pack_registers(sparse_registers(hll))
    hll[4] = DENSE
    hll[HEADER:] = payload
    return True


def decode_sparse(hll: bytes | bytearray) -> bytes:
    """PFDEBUG DECODE's text: z:N (ZERO), Z:N (XZERO), v:value,run (VAL)."""
    words = []
    end = len(hll)
    p = HEADER
    while p < end:
        b = hll[p]
        if b & 0x80:
            words.append(b"v:%d,%d" % (((b >> 2) & 31) + 1, (b & 3) + 1))
            p += 1
        elif b & 0x40:
            low = hll[p + 1] if p + 1 < end else 0
            words.append(b"Z:%d" % ((((b & 0x3F) << 8) | low) + 1))
            p += 2
        else:
            words.append(b"z:%d" % (b + 1))
            p += 1
    return b" ".join(words)


def _zero_run(length: int) -> bytes:
    """Opcode bytes for a run of zero registers: ZERO up to 64, XZERO beyond."""
    if length > ZERO_MAX_RUN:
        return bytes((0x40 | ((length - 1) >> 8), (length - 1) & 0xFF))
    return bytes((length - 1,))


def _val(value: int, run: int) -> int:
    return 0x80 | ((value - 1) << 2) | (run - 1)


class SparseCursor:
    """
    Where the next L{sparse_set} of a higher register may start its walk: an
    opcode boundary before the last update's previous opcode, which no update
    of a higher register can move (PFMERGE writes registers in order).
    """

    __slots__ = ("first", "pos")

    def __init__(self) -> None:
        self.pos = HEADER
        self.first = 0


# A sparse string splits into XZERO opcodes (2 bytes) and stretches of 1-byte opcodes,
# whose register counts a table gives: walking is then a few C-level steps per stretch.
_STRETCHES = re.compile(rb"[\x40-\x7f][\x00-\xff]?|[\x00-\x3f\x80-\xff]+")
_SPANS = bytes((b & 3) + 1 if b & 0x80 else b + 1 if b < 0x40 else 0 for b in range(256))


def _locate(data: bytes, index: int, start: int, first: int) -> tuple[int, int, int, int, int, int, int]:
    """
    The opcode covering register C{index}, walking from the opcode at byte
    C{start} (whose first register is C{first}): its position, first register,
    span and length, the previous opcode's position and the one before that
    with its first register (-1 where there is none); L{Corrupted} when the
    opcodes end first.
    """
    prev = prev_first = back = back_first = -1
    for stretch in _STRETCHES.finditer(data, start):
        a, b = stretch.span()
        lead = data[a]
        if 0x40 <= lead < 0x80:
            span = (((lead & 0x3F) << 8) | (data[a + 1] if b - a == 2 else 0)) + 1
            if index < first + span:
                return a, first, span, 2, prev, back, back_first
            back, back_first, prev, prev_first = prev, prev_first, a, first
            first += span
            continue
        spans = data[a:b].translate(_SPANS)
        total = sum(spans)
        if index >= first + total:
            last_first = first + total - spans[-1]
            if b - a >= 2:
                back, back_first = b - 2, last_first - spans[-2]
            else:
                back, back_first = prev, prev_first
            prev, prev_first = b - 1, last_first
            first += total
            continue
        ends = list(accumulate(spans))
        k = bisect_right(ends, index - first)
        if k >= 2:
            back, back_first, prev = a + k - 2, first + (ends[k - 3] if k >= 3 else 0), a + k - 1
        elif k == 1:
            back, back_first, prev = prev, prev_first, a
        return a + k, first + (ends[k - 1] if k else 0), spans[k], 1, prev, back, back_first
    raise Corrupted


def sparse_set(hll: bytearray, index: int, count: int, max_bytes: int,
               cursor: SparseCursor | None = None) -> int:
    """
    Raise register C{index} of a sparse HLL to C{count}, in place, by Redis's
    steps: find the opcode covering the register; nothing to do if it is a VAL
    at least as big; rewrite a lone VAL or ZERO; otherwise split the opcode
    into (zeros or old value) + VAL + (zeros or old value); then merge equal
    adjacent VALs around the change. Promotes to dense when the value does not
    fit a VAL or the split would grow the string past C{max_bytes}.
    Returns 1 if the register changed, 0 if not.
    """
    if count > SPARSE_VAL_MAX:
        return _promote_and_set(hll, index, count)
    end = len(hll)
    start, first = (cursor.pos, cursor.first) if cursor is not None else (HEADER, 0)
    p, first, span, oplen, prev, back, back_first = _locate(bytes(hll), index, start, first)
    if cursor is not None:
        # The opcode before 'prev' is out of this update's reach; 'prev' itself may be merged.
        cursor.pos, cursor.first = (back, back_first) if back >= 0 else (HEADER, 0)
    op = hll[p]
    if op & 0x80:
        if ((op >> 2) & 31) + 1 >= count:
            return 0
        if span == 1:
            hll[p] = _val(count, 1)
            return _merge_around(hll, prev)
    elif oplen == 1 and span == 1:
        hll[p] = _val(count, 1)
        return _merge_around(hll, prev)
    before, after = index - first, first + span - 1 - index
    if op & 0x80:
        old = op & 0x7C
        seq = bytearray()
        if before:
            seq.append(0x80 | old | (before - 1))
        seq.append(_val(count, 1))
        if after:
            seq.append(0x80 | old | (after - 1))
    else:
        seq = (_zero_run(before) if before else b"") + bytes((_val(count, 1),)) + (
            _zero_run(after) if after else b"")
    delta = len(seq) - oplen
    if delta > 0 and end + delta > max_bytes:
        return _promote_and_set(hll, index, count)
    hll[p : p + oplen] = seq
    if p + oplen > end:  # a truncated XZERO: Redis's string grows by the delta only
        del hll[end + delta :]
    return _merge_around(hll, prev)


def _merge_around(hll: bytearray, prev: int) -> int:
    """Merge equal adjacent VALs in the (up to) 5 opcodes from C{prev}; mark the cache stale."""
    p = prev if prev >= 0 else HEADER
    end = len(hll)
    budget = 5
    while p < end and budget:
        budget -= 1
        b = hll[p]
        if not b & 0x80:
            p += 2 if b & 0x40 else 1
            continue
        if p + 1 < end:
            nxt = hll[p + 1]
            if nxt & 0x80 and (nxt & 0x7C) == (b & 0x7C):
                run = (b & 3) + (nxt & 3) + 2
                if run <= VAL_MAX_RUN:
                    hll[p + 1] = (nxt & 0xFC) | (run - 1)
                    del hll[p]
                    end -= 1
                    continue
        p += 1
    invalidate(hll)
    return 1


def _promote_and_set(hll: bytearray, index: int, count: int) -> int:
    to_dense(hll)
    return dense_set(hll, index, count)


# -- updates ------------------------------------------------------------------------


def add(hll: bytearray, element: bytes, max_sparse_bytes: int) -> int:
    """Offer one element; 1 if a register changed (the caller marks the cache stale)."""
    index, count = pattern(element)
    if hll[4] == DENSE:
        return dense_set(hll, index, count)
    return sparse_set(hll, index, count, max_sparse_bytes)


def merge_max(current: bytes, other: bytes) -> bytes:
    """Register-wise maximum of two register arrays."""
    if not any(current):
        return other
    return bytes(map(max, current, other))


def write_registers(hll: bytearray, raw: bytes, max_sparse_bytes: int) -> None:
    """
    Raise every register of C{hll} to C{raw}'s (PFMERGE's last step), in
    register order as Redis does: a sparse target takes them one by one and
    may be promoted on the way; a dense one simply takes the packed values,
    C{raw} being already at least its registers.
    """
    if hll[4] == SPARSE:
        cursor = SparseCursor()
        for index, value in enumerate(raw):
            if not value:
                continue
            try:
                sparse_set(hll, index, value, max_sparse_bytes, cursor)
            except Corrupted:
                continue  # Redis ignores the failure here; the sources were checked already
            if hll[4] == DENSE:
                break
    if hll[4] == DENSE:
        hll[HEADER:] = pack_registers(raw)


# -- estimation -----------------------------------------------------------------------


def histogram(hll: bytes | bytearray) -> list[int]:
    """How many registers hold each value 0..63; L{Corrupted} when sparse runs do not add up to 16384."""
    if hll[4] == DENSE:
        return raw_histogram(dense_registers(hll))
    counts = [0] * 64
    total = 0
    for value, run in _opcodes(hll):
        counts[value] += run
        total += run
    if total != REGISTERS:
        raise Corrupted
    return counts


def raw_histogram(raw: bytes) -> list[int]:
    return [raw.count(value) for value in range(64)]


def _sigma(x: float) -> float:
    if x == 1.0:
        return math.inf
    y = 1.0
    z = x
    while True:
        x *= x
        previous = z
        z += x * y
        y += y
        if z == previous:
            return z


def _tau(x: float) -> float:
    if x == 0.0 or x == 1.0:
        return 0.0
    y = 1.0
    z = 1 - x
    while True:
        x = math.sqrt(x)
        previous = z
        y *= 0.5
        z -= (1 - x) ** 2 * y
        if z == previous:
            return z / 3


#: What Redis's llroundl of an infinite or out-of-range estimate ends up as, seen as unsigned.
_LLROUND_OVERFLOW = 1 << 63


def estimate(counts: list[int]) -> int:
    """Ertl's improved estimator over the register histogram, in Redis's order of operations."""
    m = float(REGISTERS)
    z = m * _tau((m - counts[Q + 1]) / m)
    for j in range(Q, 0, -1):
        z += counts[j]
        z *= 0.5
    z += m * _sigma(counts[0] / m)
    if z == 0:
        return _LLROUND_OVERFLOW
    return _llround(ALPHA_INF * m * m / z)


def _llround(x: float) -> int:
    """C's llround: halves away from zero (x is never negative here)."""
    if not math.isfinite(x) or x >= 2.0**63:
        return _LLROUND_OVERFLOW
    whole = math.floor(x)
    return whole + 1 if x - whole >= 0.5 else whole


def cardinality(hll: bytes | bytearray) -> int:
    return estimate(histogram(hll))
