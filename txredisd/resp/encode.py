"""
Reply encoding for RESP2 and RESP3.

C{encode_into(out, value, resp)} appends to a caller-owned list of byte chunks,
so a whole read's replies can be joined and written once.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from txredisd.resp.values import (
    BigNumber,
    ErrorReply,
    NullArray,
    PushReply,
    Raw,
    SetReply,
    SimpleString,
    Verbatim,
)

_SMALL_INTS = [b":%d\r\n" % i for i in range(-1, 1025)]
_NULL2 = b"$-1\r\n"
_NULL3 = b"_\r\n"


def format_double(value: float) -> bytes:
    """Redis 7.0's C{%.17g} rendering, with C{inf}/C{-inf}/C{nan} spelled its way."""
    if math.isinf(value):
        return b"inf" if value > 0 else b"-inf"
    if math.isnan(value):
        return b"nan"
    return b"%.17g" % value


def _bulk(out: list, value: bytes | bytearray, resp: int) -> None:
    out.append(b"$%d\r\n%s\r\n" % (len(value), value))


def _int(out: list, value: int, resp: int) -> None:
    if -1 <= value <= 1024:
        out.append(_SMALL_INTS[value + 1])
    else:
        out.append(b":%d\r\n" % value)


def _none(out: list, value: None, resp: int) -> None:
    out.append(_NULL3 if resp == 3 else _NULL2)


def _null_array(out: list, value: NullArray, resp: int) -> None:
    out.append(_NULL3 if resp == 3 else b"*-1\r\n")


def _simple(out: list, value: SimpleString | Raw, resp: int) -> None:
    out.append(value.wire)


def _error(out: list, value: ErrorReply, resp: int) -> None:
    out.append(b"-" + value.message.encode() + b"\r\n")


def _array(out: list, value: list, resp: int, prefix: bytes = b"*") -> None:
    out.append(b"%s%d\r\n" % (prefix, len(value)))
    for item in value:
        kind = type(item)
        if kind is bytes:
            out.append(b"$%d\r\n%s\r\n" % (len(item), item))
        else:
            _ENCODERS[kind](out, item, resp)


def _set(out: list, value: SetReply, resp: int) -> None:
    _array(out, value, resp, b"~" if resp == 3 else b"*")


def _push(out: list, value: PushReply, resp: int) -> None:
    _array(out, value, resp, b">" if resp == 3 else b"*")


def _map(out: list, value: dict, resp: int) -> None:
    if resp == 3:
        out.append(b"%%%d\r\n" % len(value))
    else:
        out.append(b"*%d\r\n" % (2 * len(value)))
    for key, item in value.items():
        _ENCODERS[type(key)](out, key, resp)
        _ENCODERS[type(item)](out, item, resp)


def _double(out: list, value: float, resp: int) -> None:
    text = format_double(value)
    if resp == 3:
        out.append(b",%s\r\n" % text)
    else:
        out.append(b"$%d\r\n%s\r\n" % (len(text), text))


def _bool(out: list, value: bool, resp: int) -> None:
    if resp == 3:
        out.append(b"#t\r\n" if value else b"#f\r\n")
    else:
        out.append(_SMALL_INTS[2] if value else _SMALL_INTS[1])


def _verbatim(out: list, value: Verbatim, resp: int) -> None:
    if resp == 3:
        out.append(b"=%d\r\n%s:%s\r\n" % (len(value.text) + 4, value.format, value.text))
    else:
        _bulk(out, value.text, resp)


def _big_number(out: list, value: BigNumber, resp: int) -> None:
    if resp == 3:
        out.append(b"(%s\r\n" % value.digits)
    else:
        _bulk(out, value.digits, resp)


_ENCODERS: dict[type, Callable[[list, Any, int], None]] = {
    bytes: _bulk,
    bytearray: _bulk,
    int: _int,
    type(None): _none,
    NullArray: _null_array,
    SimpleString: _simple,
    Raw: _simple,
    ErrorReply: _error,
    list: _array,
    tuple: _array,
    SetReply: _set,
    PushReply: _push,
    dict: _map,
    float: _double,
    bool: _bool,
    Verbatim: _verbatim,
    BigNumber: _big_number,
}


def encode_into(out: list, value: Any, resp: int) -> None:
    """Append C{value}'s wire form for protocol version C{resp} (2 or 3) to C{out}."""
    _ENCODERS[type(value)](out, value, resp)


def encode(value: Any, resp: int = 2) -> bytes:
    out: list = []
    _ENCODERS[type(value)](out, value, resp)
    return b"".join(out)


def encode_error(message: str) -> bytes:
    return b"-" + message.encode() + b"\r\n"
