"""
DUMP/RESTORE payloads, byte-compatible with redis-server 7.0: the object's
type byte and RDB serialisation, the RDB version (2 bytes, little-endian)
and the CRC-64 of all that (8 bytes, little-endian).
"""

from __future__ import annotations

from typing import Any

from txredisd.persistence.crc64 import crc64
from txredisd.persistence.rdb import RDB_VERSION, Limits, RdbError
from txredisd.persistence.reader import Input, read_value
from txredisd.persistence.writer import encode_value

_FOOTER = 10


def dump(value: Any, limits: Limits, compress: bool) -> bytes:
    """The DUMP payload of C{value}."""
    kind, body = encode_value(value, limits, compress)
    data = bytes((kind,)) + body + RDB_VERSION.to_bytes(2, "little")
    return data + crc64(0, data).to_bytes(8, "little")


def payload_intact(payload: bytes) -> bool:
    """Redis's C{verifyDumpPayload}: long enough, a version it reads, the right checksum."""
    if len(payload) < _FOOTER:
        return False
    version = int.from_bytes(payload[-10:-8], "little")
    if version > RDB_VERSION:
        return False
    return crc64(0, memoryview(payload)[:-8]) == int.from_bytes(payload[-8:], "little")


def restore(payload: bytes, limits: Limits) -> Any:
    """
    The value in a payload that passed L{payload_intact}. Raises L{RdbError}
    for a bad serialisation, L{txredisd.persistence.reader.EmptyValue} for
    an empty collection (both "Bad data format" to RESTORE).
    """
    # Redis reads the object from the whole payload: a short serialisation
    # may run into the footer without being an error.
    data = Input(payload)
    try:
        return read_value(data, data.byte(), limits)
    except RdbError:
        raise
    except (IndexError, ValueError) as e:
        raise RdbError(data.offset, str(e)) from None
