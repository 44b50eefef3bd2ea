"""
The set value, with Redis 7.0's two encodings.

Redis 7.0 keeps a set as an "intset" (a sorted array of 64-bit integers)
while every member is an integer in canonical form and there are at most
C{set-max-intset-entries} of them, and as a "hashtable" otherwise; the change
is one-way. Members are kept here in a Python set either way; the encoding is
tracked because OBJECT ENCODING shows it and because an intset replies in
ascending numeric order, which clients can see.
"""

from __future__ import annotations

from collections.abc import Iterable

from txredisd.core.types import register
from txredisd.resp.request import string2ll


class SetValue:
    """A Redis set: C{members} (bytes) and whether it is still an intset."""

    __slots__ = ("_scan_order", "intset", "members")

    def __init__(self) -> None:
        #: Change only through the methods below, which keep the scan order current.
        self.members: set[bytes] = set()
        self.intset = True
        self._scan_order: tuple[list[int], list[bytes]] | None = None

    def __len__(self) -> int:
        return len(self.members)

    def __contains__(self, member: bytes) -> bool:
        return member in self.members

    def copy(self) -> SetValue:
        twin = SetValue()
        twin.members = set(self.members)
        twin.intset = self.intset
        return twin

    def add(self, member: bytes, max_intset: int) -> bool:
        """Add one member (True if new), leaving the intset encoding as Redis would."""
        members = self.members
        if member in members:
            return False
        if type(member) is not bytes:
            member = bytes(member)
        members.add(member)
        self._scan_order = None
        if self.intset and (len(members) > max_intset or string2ll(member) is None):
            self.intset = False
        return True

    def update(self, new: Iterable[bytes], max_intset: int) -> int:
        """Add several members; how many were new."""
        return sum(self.add(member, max_intset) for member in new)

    def discard(self, member: bytes) -> bool:
        if member in self.members:
            self.members.remove(member)
            self._scan_order = None
            return True
        return False

    def discard_all(self, members: Iterable[bytes]) -> None:
        self.members.difference_update(members)
        self._scan_order = None

    def scan_order(self) -> tuple[list[int], list[bytes]]:
        """
        The members sorted by L{scan_place}, with their places: SSCAN pages
        through this, kept until the set changes so that a scan of an
        unchanged set costs little per page.
        """
        if self._scan_order is None:
            ordered = sorted((scan_place(member), member) for member in self.members)
            self._scan_order = [place for place, _ in ordered], [member for _, member in ordered]
        return self._scan_order

    def ordered(self) -> list[bytes]:
        """The members in the order Redis lists them: ascending for an intset, else any."""
        if self.intset:
            return sorted(self.members, key=int)
        return list(self.members)


_CURSOR_MASK = 2**64 - 1


def scan_place(member: bytes) -> int:
    """Where a member sits in a scan: a fixed non-zero number for as long as the process lives."""
    return (hash(member) & _CURSOR_MASK) or 1


def build(members: Iterable[bytes], max_intset: int) -> SetValue:
    """A new set holding C{members}, encoded as Redis encodes a freshly filled set."""
    value = SetValue()
    value.update(members, max_intset)
    return value


def _encoding(value: SetValue) -> bytes:
    return b"intset" if value.intset else b"hashtable"


register(SetValue, b"set", _encoding)
