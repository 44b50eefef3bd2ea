"""
Intsets: a sorted array of integers of one width (16, 32 or 64 bits), the
encoding of small all-integer sets, stored as is in RDB files.

Layout: width in bytes (u32 LE), count (u32 LE), the values (LE, ascending).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise
from struct import unpack_from

_FORMATS = {2: "h", 4: "i", 8: "q"}


def pack(values: Iterable[int]) -> bytes:
    """An intset of C{values} in the narrowest width that holds them all."""
    ordered = sorted(values)
    low, high = (ordered[0], ordered[-1]) if ordered else (0, 0)
    width = 2 if low >= -(1 << 15) and high < 1 << 15 else 4 if low >= -(1 << 31) and high < 1 << 31 else 8
    header = width.to_bytes(4, "little") + len(ordered).to_bytes(4, "little")
    return header + b"".join(value.to_bytes(width, "little", signed=True) for value in ordered)


def unpack(blob: bytes) -> list[int]:
    """The values of an intset; C{ValueError} if it is malformed or not strictly ascending."""
    if len(blob) < 8:
        raise ValueError("intset shorter than its header")
    width = int.from_bytes(blob[:4], "little")
    count = int.from_bytes(blob[4:8], "little")
    if width not in _FORMATS:
        raise ValueError(f"bad intset width {width}")
    if len(blob) != 8 + width * count:
        raise ValueError("intset size does not match its header")
    values = list(unpack_from(f"<{count}{_FORMATS[width]}", blob, 8))
    if any(a >= b for a, b in pairwise(values)):
        raise ValueError("intset values are not strictly ascending")
    return values
