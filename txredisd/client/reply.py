"""
A sans-IO RESP2/RESP3 reply parser for clients: feed it bytes, take out
L{Reply} objects that remember which RESP type the server used.

The tools print replies differently by type (a status and a bulk string with
the same bytes look different in redis-cli's output, a double keeps the text
the server sent), so nothing is converted to Python values here.

    parser = ReplyParser()
    parser.feed(data)
    for reply in parser:
        ...
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass


class Kind(enum.Enum):
    """The RESP type of a reply (both nulls, C{$-1}/C{*-1} and C{_}, are NULL)."""

    STATUS = "+"
    ERROR = "-"
    INTEGER = ":"
    BULK = "$"
    NULL = "_"
    ARRAY = "*"
    MAP = "%"
    SET = "~"
    DOUBLE = ","
    BOOL = "#"
    VERBATIM = "="
    BIGNUM = "("
    PUSH = ">"
    ATTRIBUTE = "|"
    BLOB_ERROR = "!"


@dataclass(frozen=True, slots=True)
class Reply:
    """
    One reply. C{value} is: bytes for STATUS, ERROR, BLOB_ERROR, BULK,
    VERBATIM (without its format), DOUBLE and BIGNUM (the text as sent); int
    for INTEGER; bool for BOOL; None for NULL; a tuple of replies for the
    aggregates, flat for MAP and ATTRIBUTE (key, value, key, value...), as
    hiredis keeps them. C{format} is a verbatim string's three-letter format;
    C{attached} is the reply an ATTRIBUTE annotates.
    """

    kind: Kind
    value: bytes | int | bool | tuple[Reply, ...] | None
    format: bytes = b""
    attached: Reply | None = None

    @property
    def is_error(self) -> bool:
        return self.kind in (Kind.ERROR, Kind.BLOB_ERROR)

    @property
    def items(self) -> tuple[Reply, ...]:
        """The elements of an aggregate (an empty tuple for anything else)."""
        return self.value if isinstance(self.value, tuple) else ()


class ProtocolError(Exception):
    """The bytes are not RESP."""


class _Incomplete(Exception):
    """Raised inside the parser when the buffer ends mid-reply."""


_KINDS = {ord(kind.value): kind for kind in Kind}
_LINES = frozenset({Kind.STATUS, Kind.ERROR, Kind.DOUBLE, Kind.BIGNUM})
_BLOBS = frozenset({Kind.BULK, Kind.VERBATIM, Kind.BLOB_ERROR})
_PAIRED = frozenset({Kind.MAP, Kind.ATTRIBUTE})
NULL = Reply(Kind.NULL, None)


class ReplyParser:
    """Incremental parser; one instance per connection."""

    def __init__(self) -> None:
        self._buf = bytearray()
        self._pos = 0

    def feed(self, data: bytes) -> None:
        self._buf += data

    def __iter__(self) -> Iterator[Reply]:
        while (reply := self.next_reply()) is not None:
            yield reply

    def next_reply(self) -> Reply | None:
        """The next complete reply, or None until more bytes arrive."""
        start = self._pos
        try:
            reply = self._parse()
        except _Incomplete:
            self._pos = start
            return None
        if self._pos > 65536:
            del self._buf[: self._pos]
            self._pos = 0
        return reply

    def _line(self) -> bytes:
        end = self._buf.find(b"\r\n", self._pos)
        if end < 0:
            raise _Incomplete
        line = bytes(self._buf[self._pos : end])
        self._pos = end + 2
        return line

    def _parse(self) -> Reply:
        line = self._line()
        if not line:
            raise ProtocolError("empty reply line")
        kind = _KINDS.get(line[0])
        if kind is None:
            raise ProtocolError(f"Protocol error, got {chr(line[0])!r} as reply type byte")
        body = line[1:]
        if kind in _LINES:
            return Reply(kind, body)
        if kind is Kind.INTEGER:
            return Reply(kind, _number(body))
        if kind is Kind.NULL:
            return NULL
        if kind is Kind.BOOL:
            return Reply(kind, body == b"t")
        count = _number(body)
        if kind in _BLOBS:
            return self._blob(kind, count)
        if count < 0:
            return NULL
        items = tuple(self._parse() for _ in range(count * 2 if kind in _PAIRED else count))
        if kind is Kind.ATTRIBUTE:
            return Reply(kind, items, attached=self._parse())
        return Reply(kind, items)

    def _blob(self, kind: Kind, length: int) -> Reply:
        if length < 0:
            return NULL
        end = self._pos + length
        if len(self._buf) < end + 2:
            raise _Incomplete
        data = bytes(self._buf[self._pos : end])
        self._pos = end + 2
        if kind is Kind.VERBATIM:
            return Reply(kind, data[4:], format=data[:3])
        return Reply(kind, data)


def _number(text: bytes) -> int:
    try:
        return int(text)
    except ValueError:
        raise ProtocolError(f"bad number {text!r}") from None


def encode_command(args: list[bytes]) -> bytes:
    """One command as a RESP multibulk request."""
    out = [b"*%d\r\n" % len(args)]
    for arg in args:
        out.append(b"$%d\r\n%s\r\n" % (len(arg), arg))
    return b"".join(out)
