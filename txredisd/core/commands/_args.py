"""Argument decoding shared by every command module, with Redis's error texts."""

from __future__ import annotations

import math

from txredisd.core.errors import NOT_FLOAT, NOT_INTEGER, SYNTAX, WRONGTYPE, CommandError
from txredisd.resp.request import string2ll

LONG_MIN, LONG_MAX = -(2**63), 2**63 - 1


def parse_int(arg: bytes, message: str = NOT_INTEGER) -> int:
    """A signed 64-bit integer, by Redis's strict rules (no spaces, no '+', no leading zeros)."""
    value = string2ll(arg)
    if value is None:
        raise CommandError(message)
    return value


def parse_float(arg: bytes, message: str = NOT_FLOAT) -> float:
    """
    A double as Redis's C{getDoubleFromObject} takes it (no spaces, no NaN).
    C{find}, not C{in}: C{bytes in bytes} builds and drops a TypeError first.
    """
    if not arg or arg[:1].isspace() or arg[-1:].isspace() or arg.find(b"_") >= 0:
        raise CommandError(message)
    try:
        value = float(arg)
    except ValueError:
        raise CommandError(message) from None
    if math.isnan(value):
        raise CommandError(message)
    return value


def is_string(value: object) -> bool:
    kind = type(value)
    return kind is bytes or kind is bytearray


def as_string(value: object) -> bytes | bytearray | None:
    """C{value} if it is a string (None stays None); WRONGTYPE for any other type."""
    if value is None:
        return None
    kind = type(value)
    if kind is bytes or kind is bytearray:
        return value
    raise CommandError(WRONGTYPE)


def typed_lookups(cls: type) -> tuple:
    """
    C{(check, read, write)} for a value class: C{check(value)} passes None and
    C{cls} through and refuses anything else with WRONGTYPE; C{read} looks a key
    up as Redis's lookupKeyRead (hit/miss counted), C{write} as lookupKeyWrite.
    """

    def check(value: object):
        if value is None or type(value) is cls:
            return value
        raise CommandError(WRONGTYPE)

    def read(session, key: bytes):
        return check(session.db.lookup_read(key))

    def write(session, key: bytes):
        return check(session.db.get(key))

    return check, read, write


def collection_scan_options(argv: list[bytes]) -> tuple[int, bytes | None]:
    """HSCAN/SSCAN/ZSCAN's COUNT (positive, 10 by default) and MATCH, checked as Redis does."""
    count, pattern = 10, None
    for i in range(3, len(argv), 2):
        option = argv[i].lower()
        if i + 1 >= len(argv):
            raise CommandError(SYNTAX)
        if option == b"count":
            count = parse_int(argv[i + 1])
            if count < 1:
                raise CommandError(SYNTAX)
        elif option == b"match":
            pattern = argv[i + 1]
        else:
            raise CommandError(SYNTAX)
    return count, pattern


def get_string(session, key: bytes) -> bytes | bytearray | None:
    """The string at C{key} looked up for writing (no hit/miss statistics), None if missing."""
    return as_string(session.db.get(key))
