"""
The list value.

A C{deque} of C{bytes} elements: pushes and pops at either end are O(1), and
indexing in the middle is O(n) as it is in Redis's quicklist.

Redis 7.0 stores every list as a quicklist whatever its size or
C{list-max-listpack-size} (the listpack encoding of small lists arrived in
7.2), so OBJECT ENCODING always answers "quicklist".
"""

from __future__ import annotations

from collections import deque

from txredisd.core.types import register


class ListValue(deque):
    """A Redis list; C{copy()} (inherited from C{deque}) gives an independent ListValue for COPY."""

    __slots__ = ()


def list_encoding(value: ListValue) -> bytes:
    return b"quicklist"


register(ListValue, b"list", list_encoding)
