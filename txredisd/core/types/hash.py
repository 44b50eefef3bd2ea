"""
The hash value: a dict of field -> value (both bytes) plus what Redis 7.0's
encodings imply for OBJECT ENCODING and HSCAN.

A hash is "listpack" while it has at most C{hash-max-listpack-entries} fields
and no field or value longer than C{hash-max-listpack-value} bytes, checked at
each write with the settings of that moment; it then turns "hashtable" for
good, as in Redis. Python dicts keep insertion order and keep a field's place
when its value changes, which is exactly the order a listpack has, so HKEYS,
HGETALL and friends need no help to match Redis on small hashes.

A hashtable-encoded hash also keeps an insertion log for HSCAN cursors, the
same scheme as the keyspace's SCAN (see L{txredisd.core.keyspace.Database.scan}):
each new field gets the next insertion number; a cursor is such a number and a
scan walks the log from the newest entry down. A field present for the whole
scan keeps its entry and number, so the walk reaches it; fields added during a
scan get numbers above every cursor already issued, so a scan always ends.
Dead entries are dropped (numbers kept) once they outnumber the live ones.
"""

from __future__ import annotations

from bisect import bisect_right

from txredisd.core.types import register

# The log is squeezed once it holds this many entries more than twice the fields.
_COMPACT_SLACK = 32


class Hash:
    """
    @ivar fields: field -> value; read freely, add fields through L{put}.
    @ivar listpack: whether the encoding is still "listpack".
    """

    __slots__ = ("_log", "_numbers", "_top", "fields", "listpack")

    def __init__(self) -> None:
        self.fields: dict[bytes, bytes] = {}
        self.listpack = True
        self._log: list[bytes] = []
        self._numbers: list[int] = []
        self._top = 1

    def __len__(self) -> int:
        return len(self.fields)

    def copy(self) -> Hash:
        other = Hash()
        other.fields = dict(self.fields)
        if not self.listpack:
            other.convert()
        return other

    def put(self, field: bytes, value: bytes) -> bool:
        """Set C{field} to C{value}; True when the field is new."""
        fields = self.fields
        new = field not in fields
        fields[field] = value
        if new and not self.listpack:
            self._log.append(field)
            self._numbers.append(self._top)
            self._top += 1
            if len(self._log) > 2 * len(fields) + _COMPACT_SLACK:
                self._compact()
        return new

    def fit(self, config, longest: int) -> None:
        """
        Turn "hashtable" if the hash outgrew the listpack limits, given the
        length of the longest field or value just written.
        """
        if self.listpack and (
            longest > config["hash-max-listpack-value"] or len(self.fields) > config["hash-max-listpack-entries"]
        ):
            self.convert()

    def convert(self) -> None:
        """The one-way switch to "hashtable": every field enters the scan log."""
        self.listpack = False
        self._log = list(self.fields)
        self._numbers = list(range(1, len(self._log) + 1))
        self._top = len(self._log) + 1

    def _compact(self) -> None:
        """Keep the newest entry of each live field, with its number."""
        fields, seen = self.fields, set()
        log: list[bytes] = []
        numbers: list[int] = []
        for field, number in zip(reversed(self._log), reversed(self._numbers), strict=True):
            if field in fields and field not in seen:
                seen.add(field)
                log.append(field)
                numbers.append(number)
        log.reverse()
        numbers.reverse()
        self._log, self._numbers = log, numbers

    def scan(self, cursor: int, count: int) -> tuple[int, list[bytes]]:
        """
        One HSCAN step: the next cursor (0 when done) and some fields. A
        listpack hash gives everything at once, as Redis does; otherwise the
        walk stops after C{count} fields or C{10 * count} log entries.
        """
        if self.listpack:
            return 0, list(self.fields)
        log, numbers, fields = self._log, self._numbers, self.fields
        i = len(log) - 1 if cursor == 0 else bisect_right(numbers, cursor) - 1
        stop = max(-1, i - 10 * count)
        found: list[bytes] = []
        while i > stop:
            field = log[i]
            i -= 1
            if field in fields:
                found.append(field)
                if len(found) == count:
                    break
        if len(set(found)) != len(found):
            found = list(dict.fromkeys(found))
        return (numbers[i] if i >= 0 else 0), found


def hash_encoding(value: Hash) -> bytes:
    return b"listpack" if value.listpack else b"hashtable"


register(Hash, b"hash", hash_encoding)
