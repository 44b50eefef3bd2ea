"""
The cmsgpack library Redis ships (lua-cmsgpack 0.4.0): MessagePack for Lua
values, with its choices (the smallest integer form, float32 when exact,
tables as arrays only when their keys are exactly 1..n, 16 levels of nesting).
"""

from __future__ import annotations

import math
import struct
from typing import Any

from lupa import lua51

from txredisd.core.scripting.values import ScriptRaise, bad_argument, check_number, check_string

_MAX_NESTING = 16
_FLOAT32 = struct.Struct(">f")


def _encode_int(out: bytearray, n: int) -> None:
    if n >= 0:
        if n <= 0x7F:
            out.append(n)
        elif n <= 0xFF:
            out += b"\xcc" + n.to_bytes(1, "big")
        elif n <= 0xFFFF:
            out += b"\xcd" + n.to_bytes(2, "big")
        elif n <= 0xFFFFFFFF:
            out += b"\xce" + n.to_bytes(4, "big")
        else:
            out += b"\xcf" + (n & 0xFFFFFFFFFFFFFFFF).to_bytes(8, "big")
    elif n >= -32:
        out.append(n & 0xFF)
    elif n >= -128:
        out += b"\xd0" + n.to_bytes(1, "big", signed=True)
    elif n >= -32768:
        out += b"\xd1" + n.to_bytes(2, "big", signed=True)
    elif n >= -(1 << 31):
        out += b"\xd2" + n.to_bytes(4, "big", signed=True)
    else:
        out += b"\xd3" + n.to_bytes(8, "big", signed=True)


def _encode_number(out: bytearray, n: int | float) -> None:
    if isinstance(n, int) or (not math.isinf(n) and not math.isnan(n) and -(2.0**63) <= n < 2.0**63 and n == int(n)):
        _encode_int(out, int(n))
        return
    try:
        single = _FLOAT32.pack(n)
    except OverflowError:
        single = None
    if single is not None and (_FLOAT32.unpack(single)[0] == n):
        out += b"\xca" + single
    else:
        out += b"\xcb" + struct.pack(">d", n)


def _encode_header(out: bytearray, count: int, fix: int, small: int) -> None:
    """Array (fix 0x90, 0xdc/0xdd) or map (fix 0x80, 0xde/0xdf) header."""
    if count < 16:
        out.append(fix | count)
    elif count <= 0xFFFF:
        out += bytes((small,)) + count.to_bytes(2, "big")
    else:
        out += bytes((small + 1,)) + count.to_bytes(4, "big")


def _array_length(table: Any) -> int | None:
    """n when the keys are exactly 1..n, else None."""
    count = 0
    top = 0
    for key in table:
        if type(key) not in (int, float) or key <= 0 or key != int(key):
            return None
        count += 1
        top = max(top, int(key))
    return count if top == count else None


def _encode(out: bytearray, value: Any, level: int) -> None:
    kind = type(value)
    if kind is bytes:
        n = len(value)
        if n < 32:
            out.append(0xA0 | n)
        elif n <= 0xFF:
            out += b"\xd9" + bytes((n,))
        elif n <= 0xFFFF:
            out += b"\xda" + n.to_bytes(2, "big")
        else:
            out += b"\xdb" + n.to_bytes(4, "big")
        out += value
    elif kind is bool:
        out.append(0xC3 if value else 0xC2)
    elif kind is int or kind is float:
        _encode_number(out, value)
    elif lua51.lua_type(value) == "table" and level < _MAX_NESTING:
        length = _array_length(value)
        if length is not None:
            _encode_header(out, length, 0x90, 0xDC)
            for i in range(1, length + 1):
                _encode(out, value[i], level + 1)
        else:
            items = list(value.items())
            _encode_header(out, len(items), 0x80, 0xDE)
            for key, item in items:
                _encode(out, key, level + 1)
                _encode(out, item, level + 1)
    else:
        out.append(0xC0)


def pack(*args: Any) -> bytes:
    if not args:
        raise bad_argument(0, "pack", "MessagePack pack needs input.")
    out = bytearray()
    for value in args:
        _encode(out, value, 0)
    return bytes(out)


class _Decoder:
    def __init__(self, lua: Any, data: bytes, offset: int) -> None:
        self.table = lua.table_from
        self.data = data
        self.pos = offset

    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise ScriptRaise("Missing bytes in input.", positioned=True)
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def number(self, n: int, signed: bool = False) -> int | float:
        value = int.from_bytes(self.take(n), "big", signed=signed or n == 8)
        return value if abs(value) < 2**53 else float(value)

    def value(self) -> Any:
        tag = self.take(1)[0]
        if tag <= 0x7F:
            return tag
        if tag >= 0xE0:
            return tag - 0x100
        if 0xA0 <= tag <= 0xBF:
            return self.take(tag & 0x1F)
        if 0x90 <= tag <= 0x9F:
            return self.array(tag & 0x0F)
        if 0x80 <= tag <= 0x8F:
            return self.map(tag & 0x0F)
        simple = {0xC0: None, 0xC2: False, 0xC3: True}
        if tag in simple:
            return simple[tag]
        sized = {0xCC: (1, False), 0xCD: (2, False), 0xCE: (4, False), 0xCF: (8, False),
                 0xD0: (1, True), 0xD1: (2, True), 0xD2: (4, True), 0xD3: (8, True)}
        if tag in sized:
            return self.number(*sized[tag])
        if tag == 0xCA:
            return _FLOAT32.unpack(self.take(4))[0]
        if tag == 0xCB:
            return struct.unpack(">d", self.take(8))[0]
        lengths = {0xD9: 1, 0xDA: 2, 0xDB: 4, 0xDC: 2, 0xDD: 4, 0xDE: 2, 0xDF: 4}
        if tag in lengths:
            count = int.from_bytes(self.take(lengths[tag]), "big")
            if tag <= 0xDB:
                return self.take(count)
            return self.array(count) if tag <= 0xDD else self.map(count)
        raise ScriptRaise("Bad data format in input.", positioned=True)

    def array(self, count: int) -> Any:
        return self.table([self.value() for _ in range(count)])

    def map(self, count: int) -> Any:
        pairs = {}
        for _ in range(count):
            key = self.value()
            pairs[key] = self.value()
        return self.table(pairs)


def unpacker(lua: Any) -> dict[bytes, Any]:
    """unpack, unpack_one and unpack_limit, building tables in C{lua}."""

    def decode(args: tuple, name: str, limit: int, offset_at: int) -> tuple[int, list]:
        data = check_string(args[0] if args else None, 1, name, missing=not args)
        offset = 0
        if len(args) > offset_at and args[offset_at] is not None:
            offset = int(check_number(args[offset_at], offset_at + 1, name))
        decoder = _Decoder(lua, data, offset)
        values = []
        while decoder.pos < len(data) and (limit <= 0 or len(values) < limit):
            values.append(decoder.value())
        return (-1 if decoder.pos >= len(data) else decoder.pos), values

    def unpack(*args: Any) -> tuple:
        return tuple(decode(args, "unpack", 0, 99)[1])

    def unpack_one(*args: Any) -> tuple:
        offset, values = decode(args, "unpack_one", 1, 1)
        return (offset, *values)

    def unpack_limit(*args: Any) -> tuple:
        limit = int(check_number(args[1] if len(args) > 1 else None, 2, "unpack_limit", missing=len(args) < 2))
        offset, values = decode(args, "unpack_limit", limit, 2)
        return (offset, *values)

    return {b"unpack": unpack, b"unpack_one": unpack_one, b"unpack_limit": unpack_limit, b"pack": pack}


def cmsgpack_library(lua: Any) -> Any:
    table = lua.table_from(unpacker(lua))
    table[b"_NAME"] = b"cmsgpack"
    table[b"_VERSION"] = b"lua-cmsgpack 0.4.0"
    table[b"_COPYRIGHT"] = b"Copyright (C) 2012, Salvatore Sanfilippo"
    table[b"_DESCRIPTION"] = b"MessagePack C implementation for Lua"
    return table
