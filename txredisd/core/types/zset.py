"""
Sorted sets: members ordered by (score, member bytes), as Redis orders them.

The order lives in a C{SortedList} of C{(score, member)} pairs and the scores in
a dict, so lookups by member are O(1) and by rank or score range O(log n).
C{listpack} records which encoding Redis would hold: it starts true while the
set is small and turns false for good once a limit is passed (Redis never
converts back on its own).
"""

from __future__ import annotations

import zlib
from bisect import bisect_left
from typing import Any

from sortedcontainers import SortedList

from txredisd.core.types import register


class _Above:
    """Compares greater than any member: C{(score, ABOVE)} sorts after every pair with that score."""

    def __lt__(self, other: Any) -> bool:
        return False

    def __gt__(self, other: Any) -> bool:
        return True

    def __eq__(self, other: Any) -> bool:
        return other is self

    __hash__ = object.__hash__


ABOVE = _Above()


class ScoreRange:
    """A score interval with Redis's optional exclusive ends (the '(' prefix)."""

    __slots__ = ("high", "high_open", "low", "low_open")

    def __init__(self, low: float, low_open: bool, high: float, high_open: bool) -> None:
        self.low, self.low_open, self.high, self.high_open = low, low_open, high, high_open


class LexRange:
    """
    A member interval; C{None} ends stand for '-' (below all) and '+' (above
    all), the C{*_open} flags for '(' (exclusive) rather than '['.
    """

    __slots__ = ("empty", "high", "high_open", "low", "low_open")

    def __init__(
        self, low: bytes | None, low_open: bool, high: bytes | None, high_open: bool, empty: bool = False
    ) -> None:
        self.low, self.low_open, self.high, self.high_open = low, low_open, high, high_open
        self.empty = empty

    def above_low(self, member: bytes) -> bool:
        if self.low is None:
            return True
        return member > self.low if self.low_open else member >= self.low

    def below_high(self, member: bytes) -> bool:
        if self.high is None:
            return True
        return member < self.high if self.high_open else member <= self.high


class ZSet:
    """A sorted set value."""

    __slots__ = ("listpack", "order", "scores")

    def __init__(self, listpack: bool = True) -> None:
        self.scores: dict[bytes, float] = {}
        self.order: SortedList = SortedList()
        self.listpack = listpack

    def __len__(self) -> int:
        return len(self.scores)

    def copy(self) -> ZSet:
        other = ZSet(self.listpack)
        other.scores = dict(self.scores)
        other.order = SortedList(self.order)
        return other

    def fit(self, config, longest: int = 0) -> None:
        """Leave the listpack encoding once Redis would (C{longest}: the longest member just added)."""
        if self.listpack and (
            len(self.scores) > config["zset-max-listpack-entries"] or longest > config["zset-max-listpack-value"]
        ):
            self.listpack = False

    def set(self, member: bytes, score: float) -> None:
        """Insert or move C{member}; a listpack keeps scores as text, which loses the sign of zero."""
        if self.listpack:
            score += 0.0
        old = self.scores.get(member)
        if old is not None:
            self.order.remove((old, member))
        self.scores[member] = score
        self.order.add((score, member))

    def remove(self, member: bytes) -> bool:
        score = self.scores.pop(member, None)
        if score is None:
            return False
        self.order.remove((score, member))
        return True

    def rank(self, member: bytes) -> int | None:
        score = self.scores.get(member)
        return None if score is None else self.order.index((score, member))

    # -- ranges, as [start, stop) positions in the order ---------------------

    def score_span(self, rng: ScoreRange) -> tuple[int, int]:
        order = self.order
        start = order.bisect_left((rng.low, ABOVE)) if rng.low_open else order.bisect_left((rng.low,))
        stop = order.bisect_left((rng.high,)) if rng.high_open else order.bisect_left((rng.high, ABOVE))
        return start, max(start, stop)

    def lex_span(self, rng: LexRange) -> tuple[int, int]:
        """Found by bisection on members, which is meaningful (as in Redis) when all scores are equal."""
        if rng.empty:
            return 0, 0
        start = self._first_where(rng.above_low)
        stop = self._first_where(lambda member: not rng.below_high(member))
        return start, max(start, stop)

    def _first_where(self, test) -> int:
        order = self.order
        low, high = 0, len(order)
        while low < high:
            middle = (low + high) // 2
            if test(order[middle][1]):
                high = middle
            else:
                low = middle + 1
        return low

    def slice(self, start: int, stop: int) -> list[tuple[float, bytes]]:
        return list(self.order.islice(start, stop))

    def scan(self, cursor: int, count: int) -> tuple[int, list[tuple[bytes, float]]]:
        """
        One ZSCAN step: the next cursor (0 when done) and some (member, score)
        pairs. A listpack set gives everything at once, as Redis does. Otherwise
        members are visited in the order of a fixed hash of their bytes and the
        cursor is the next hash value to visit, so a member present for the
        whole scan is always returned, however the set changes meanwhile.
        """
        scores = self.scores
        if self.listpack:
            return 0, [(member, score) for score, member in self.order]
        places = sorted((_scan_place(member), member) for member in scores)
        i = bisect_left(places, (cursor,))
        found = places[i:i + count]
        end = i + len(found)
        while end < len(places) and found and places[end][0] == found[-1][0]:
            found.append(places[end])
            end += 1
        next_cursor = found[-1][0] + 1 if end < len(places) else 0
        return next_cursor, [(member, scores[member]) for _, member in found]

    def delete_span(self, start: int, stop: int) -> int:
        """Remove the pairs at positions [start, stop); the number removed."""
        doomed = self.slice(start, stop)
        for _, member in doomed:
            del self.scores[member]
        del self.order[start:stop]
        return len(doomed)


def _scan_place(member: bytes) -> int:
    """Where a member sits in a ZSCAN walk: 1 to 2**32, stable across runs (cursor 0 means start)."""
    return zlib.crc32(member) + 1


def new_zset(config, size: int = 0, longest: int = 0) -> ZSet:
    """An empty set in the encoding Redis would create for C{size} members, the longest C{longest} bytes."""
    entries = config["zset-max-listpack-entries"]
    return ZSet(listpack=entries > 0 and size <= entries and longest <= config["zset-max-listpack-value"])


def zset_encoding(value: ZSet) -> bytes:
    return b"listpack" if value.listpack else b"skiplist"


register(ZSet, b"zset", zset_encoding)
