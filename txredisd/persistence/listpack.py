"""
Listpacks: the packed sequence Redis 7.0 uses for small hashes, sorted sets
and list nodes, and stores as is in RDB files.

Layout: total size (u32 LE), element count (u16 LE, 65535 when larger), the
entries, then 0xFF. Each entry is an encoding byte (with its data) followed
by its own length in 1-5 bytes ("backlen", so that the list can be walked
backwards). A string that reads as a canonical integer is stored as an
integer in the smallest of 7, 13, 16, 24, 32 or 64 bits, exactly as Redis's
C{lpAppend} does, so that the bytes written match redis-server's.
"""

from __future__ import annotations

from collections.abc import Iterable

from txredisd.resp.request import string2ll

HEADER_SIZE = 6
_COUNT_UNKNOWN = 65535
_END = 0xFF


def backlen_size(size: int) -> int:
    """Bytes taken by the backlen of an entry whose encoding and data take C{size} bytes."""
    if size <= 127:
        return 1
    if size < 16383:
        return 2
    if size < 2097151:
        return 3
    if size < 268435455:
        return 4
    return 5


def _backlen(size: int) -> bytes:
    count = backlen_size(size)
    groups = [(size >> (7 * k)) & 127 for k in range(count - 1, -1, -1)]
    return bytes([groups[0]] + [group | 128 for group in groups[1:]])


def _int_entry(value: int) -> bytes:
    if 0 <= value <= 127:
        return bytes((value,))
    if -4096 <= value <= 4095:
        value &= 0x1FFF
        return bytes((0xC0 | (value >> 8), value & 0xFF))
    for marker, width in ((0xF1, 2), (0xF2, 3), (0xF3, 4)):
        limit = 1 << (8 * width - 1)
        if -limit <= value < limit:
            return bytes((marker,)) + value.to_bytes(width, "little", signed=True)
    return b"\xf4" + value.to_bytes(8, "little", signed=True)


def entry(element: bytes) -> bytes:
    """One encoded entry, backlen included."""
    value = string2ll(element) if len(element) <= 20 else None
    if value is not None:
        head = _int_entry(value)
    else:
        size = len(element)
        if size < 64:
            head = bytes((0x80 | size,)) + element
        elif size < 4096:
            head = bytes((0xE0 | (size >> 8), size & 0xFF)) + element
        else:
            head = b"\xf0" + size.to_bytes(4, "little") + element
    return head + _backlen(len(head))


def pack(elements: Iterable[bytes]) -> bytes:
    """A listpack holding C{elements} in order."""
    entries = [entry(element) for element in elements]
    return assemble(entries)


def assemble(entries: list[bytes]) -> bytes:
    """A listpack from already encoded entries."""
    body = b"".join(entries)
    total = HEADER_SIZE + len(body) + 1
    count = len(entries) if len(entries) < _COUNT_UNKNOWN else _COUNT_UNKNOWN
    return total.to_bytes(4, "little") + count.to_bytes(2, "little") + body + b"\xff"


def unpack(blob: bytes) -> list[bytes]:
    """
    The elements of a listpack, integers as their decimal text. Raises
    C{ValueError} naming the position inside the blob on any inconsistency.
    """
    size = len(blob)
    if size < HEADER_SIZE + 1:
        raise ValueError("listpack shorter than its header")
    if int.from_bytes(blob[:4], "little") != size:
        raise ValueError("listpack size field does not match its length")
    if blob[-1] != _END:
        raise ValueError("listpack does not end with 0xFF")
    count = int.from_bytes(blob[4:6], "little")
    out: list[bytes] = []
    append = out.append
    pos, last = HEADER_SIZE, size - 1
    while pos < last:
        start = pos
        b = blob[pos]
        if b < 0x80:
            append(b"%d" % b)
            pos += 1
        elif b < 0xC0:
            pos += 1 + (b & 0x3F)
            append(blob[start + 1:pos])
        elif b < 0xE0:
            value = ((b & 0x1F) << 8) | blob[pos + 1]
            append(b"%d" % (value - 8192 if value >= 4096 else value))
            pos += 2
        elif b < 0xF0:
            length = ((b & 0x0F) << 8) | blob[pos + 1]
            pos += 2 + length
            append(blob[start + 2:pos])
        elif b == 0xF0:
            length = int.from_bytes(blob[pos + 1:pos + 5], "little")
            pos += 5 + length
            append(blob[start + 5:pos])
        elif 0xF1 <= b <= 0xF4:
            width = (2, 3, 4, 8)[b - 0xF1]
            pos += 1 + width
            append(b"%d" % int.from_bytes(blob[start + 1:pos], "little", signed=True))
        else:
            raise ValueError(f"bad listpack entry encoding 0x{b:02x} at {start}")
        pos += backlen_size(pos - start)
        if pos > last:
            raise ValueError(f"listpack entry at {start} runs past the end")
    if count != _COUNT_UNKNOWN and count != len(out):
        raise ValueError(f"listpack holds {len(out)} entries but its header says {count}")
    return out
