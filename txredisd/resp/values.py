"""
Reply values that plain Python types cannot express.

Handlers return ordinary values where the mapping is unambiguous: C{bytes} (and
C{bytearray}) are bulk strings, C{int} is an integer, C{None} a null bulk string,
C{list} an array, C{dict} a map, C{float} a double, C{bool} a RESP3 boolean. The
classes here cover the rest; the encoder downgrades each for RESP2 as Redis does.
"""

from __future__ import annotations


class SimpleString:
    """A status reply (C{+OK}); the wire form is built once."""

    __slots__ = ("text", "wire")

    def __init__(self, text: bytes) -> None:
        self.text = text
        self.wire = b"+" + text + b"\r\n"

    def __repr__(self) -> str:
        return f"SimpleString({self.text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SimpleString) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)


class ErrorReply:
    """An error reply given as a value (inside arrays, e.g. EXEC results)."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message

    def __repr__(self) -> str:
        return f"ErrorReply({self.message!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ErrorReply) and other.message == self.message


class NullArray:
    """C{*-1} in RESP2 (e.g. a timed-out BLPOP), C{_} in RESP3."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NULL_ARRAY"


NULL_ARRAY = NullArray()


class SetReply(list):
    """A RESP3 set (C{~}); an array in RESP2."""

    __slots__ = ()


class PushReply(list):
    """A RESP3 out-of-band push (C{>}); an array in RESP2."""

    __slots__ = ()


class Verbatim:
    """A RESP3 verbatim string (C{=}); a bulk string in RESP2."""

    __slots__ = ("format", "text")

    def __init__(self, text: bytes, format: bytes = b"txt") -> None:
        self.text = text
        self.format = format


class BigNumber:
    """A RESP3 big number (C{(}); a bulk string in RESP2."""

    __slots__ = ("digits",)

    def __init__(self, digits: bytes) -> None:
        self.digits = digits


class Raw:
    """Bytes already in wire form, passed through untouched (pre-encoded replies)."""

    __slots__ = ("wire",)

    def __init__(self, wire: bytes) -> None:
        self.wire = wire


OK = SimpleString(b"OK")
PONG = SimpleString(b"PONG")
QUEUED = SimpleString(b"QUEUED")
