"""
Decoders for the packed encodings of older RDB files, which Redis 7.0 still
loads but no longer writes: ziplists (lists, hashes and sorted sets before
7.0, quicklist nodes before 7.0) and zipmaps (hashes before 2.6).
"""

from __future__ import annotations

_ZIPLIST_HEADER = 10
_END = 0xFF
_BIG_PREVLEN = 254
# Encoding byte -> (width, signed little-endian integer).
_INT_WIDTHS = {0xC0: 2, 0xD0: 4, 0xE0: 8, 0xF0: 3, 0xFE: 1}


def ziplist_entries(blob: bytes) -> list[bytes]:
    """
    The elements of a ziplist, integers as decimal text; C{ValueError}
    naming the position inside the blob on any inconsistency.
    """
    size = len(blob)
    if size < _ZIPLIST_HEADER + 1 or int.from_bytes(blob[:4], "little") != size:
        raise ValueError("ziplist size field does not match its length")
    if blob[-1] != _END:
        raise ValueError("ziplist does not end with 0xFF")
    count = int.from_bytes(blob[8:10], "little")
    out: list[bytes] = []
    pos, last = _ZIPLIST_HEADER, size - 1
    while pos < last:
        start = pos
        pos += 5 if blob[pos] == _BIG_PREVLEN else 1
        b = blob[pos]
        kind = b >> 6
        if kind == 0:
            pos += 1 + (b & 0x3F)
            out.append(blob[pos - (b & 0x3F):pos])
        elif kind == 1:
            length = ((b & 0x3F) << 8) | blob[pos + 1]
            pos += 2 + length
            out.append(blob[pos - length:pos])
        elif b == 0x80:
            length = int.from_bytes(blob[pos + 1:pos + 5], "big")
            pos += 5 + length
            out.append(blob[pos - length:pos])
        elif b in _INT_WIDTHS:
            width = _INT_WIDTHS[b]
            out.append(b"%d" % int.from_bytes(blob[pos + 1:pos + 1 + width], "little", signed=True))
            pos += 1 + width
        elif 0xF1 <= b <= 0xFD:
            out.append(b"%d" % ((b & 0x0F) - 1))
            pos += 1
        else:
            raise ValueError(f"bad ziplist entry encoding 0x{b:02x} at {start}")
        if pos > last:
            raise ValueError(f"ziplist entry at {start} runs past the end")
    if count != 0xFFFF and count != len(out):
        raise ValueError(f"ziplist holds {len(out)} entries but its header says {count}")
    return out


def zipmap_pairs(blob: bytes) -> list[bytes]:
    """A zipmap's keys and values, alternating; C{ValueError} when malformed."""
    out: list[bytes] = []
    pos, size = 1, len(blob)
    while True:
        if pos >= size:
            raise ValueError("zipmap has no end marker")
        if blob[pos] == _END:
            if pos != size - 1:
                raise ValueError(f"zipmap has bytes after its end marker at {pos}")
            break
        for is_value in (False, True):
            length, pos = _zipmap_length(blob, pos)
            free = 0
            if is_value:
                free = blob[pos]
                pos += 1
            if pos + length + free > size:
                raise ValueError(f"zipmap entry at {pos} runs past the end")
            out.append(blob[pos:pos + length])
            pos += length + free
    if len(out) // 2 != blob[0] and blob[0] < 254:
        raise ValueError("zipmap holds a different number of pairs than its header says")
    return out


def _zipmap_length(blob: bytes, pos: int) -> tuple[int, int]:
    if pos >= len(blob):
        raise ValueError("zipmap entry length past the end")
    first = blob[pos]
    if first < _BIG_PREVLEN:
        return first, pos + 1
    if first == _BIG_PREVLEN and pos + 5 <= len(blob):
        return int.from_bytes(blob[pos + 1:pos + 5], "little"), pos + 5
    raise ValueError(f"bad zipmap length byte at {pos}")
