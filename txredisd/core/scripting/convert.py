"""
Values across the Lua boundary, as Redis 7.0 converts them.

Command replies become Lua values by the script's own protocol (C{redis.setresp}),
and a script's result becomes reply bytes by the caller's protocol; both follow
Redis's rules (status -> C{{ok=...}}, null -> false in RESP2, maps and sets as
C{{map=...}}/C{{set=...}} in RESP3, Lua numbers truncated to integers...).
"""

from __future__ import annotations

import math
from typing import Any

from lupa import lua51

from txredisd.core.blocking import Block
from txredisd.resp.encode import format_double
from txredisd.resp.values import BigNumber, ErrorReply, NullArray, Raw, SetReply, SimpleString, Verbatim

_LLONG_MIN = -(1 << 63)
_is_table = lua51.lua_type


def lua_number_to_int(number: int | float) -> int:
    """A Lua number as a C cast to long long: truncated; out of range (and NaN) is LLONG_MIN."""
    if isinstance(number, float):
        if math.isnan(number) or not -9.3e18 < number < 9.3e18:
            return _LLONG_MIN
        number = int(number)
    return number if _LLONG_MIN <= number < (1 << 63) else _LLONG_MIN


def argument_bytes(value: Any) -> bytes | None:
    """A redis.call argument: strings as they are, numbers as Redis prints them (%.17g); else None."""
    kind = type(value)
    if kind is bytes:
        return value
    if kind is int:
        return b"%d" % value
    if kind is float:
        return format_double(value) if not math.isnan(value) else b"nan"
    return None


class ToLua:
    """Builds Lua values from command replies, for one protocol version."""

    def __init__(self, lua: Any) -> None:
        self.lua = lua
        self.table = lua.table_from

    def error(self, message: str) -> Any:
        return self.table({b"err": message.encode("utf-8", "replace")})

    def convert(self, value: Any, resp: int) -> Any:
        kind = type(value)
        if kind is bytes or kind is int:
            return value
        if kind is bytearray:
            return bytes(value)
        if value is None or kind is NullArray:
            return None if resp == 3 else False
        if kind is SimpleString:
            return self.table({b"ok": value.text})
        if kind is bool:
            return value if resp == 3 else int(value)
        if kind is float:
            return self.table({b"double": value}) if resp == 3 else format_double(value)
        if kind is dict:
            return self._map(value, resp)
        if kind is SetReply and resp == 3:
            return self.table({b"set": self.table({self.convert(m, resp): True for m in value})})
        if isinstance(value, list):
            return self.table([self.convert(item, resp) for item in value])
        if kind is ErrorReply:
            return self.error(value.message)
        if kind is Verbatim:
            if resp == 2:
                return value.text
            inner = self.table({b"format": value.format, b"string": value.text})
            return self.table({b"verbatim_string": inner})
        if kind is BigNumber:
            return self.table({b"big_number": value.digits}) if resp == 3 else value.digits
        if kind is Block:
            return self.convert(value.timeout_reply, resp)
        if kind is Raw:
            return self._raw(value.wire, resp)
        raise TypeError(f"no Lua form for {value!r}")

    def _map(self, value: dict, resp: int) -> Any:
        if resp == 3:
            pairs = {self.convert(k, resp): self.convert(v, resp) for k, v in value.items()}
            return self.table({b"map": self.table(pairs)})
        flat: list = []
        for k, v in value.items():
            flat.append(self.convert(k, resp))
            flat.append(self.convert(v, resp))
        return self.table(flat)

    def _raw(self, wire: bytes, resp: int) -> Any:
        """Pre-encoded replies: only the simple shapes handlers build (doubles, statuses)."""
        if wire.startswith(b","):
            return self.convert(float(wire[1:-2]), resp)
        if wire.startswith(b"+"):
            return self.table({b"ok": wire[1:-2]})
        return None if resp == 3 else False


class ToReply:
    """Encodes a script's Lua result as reply bytes for a client speaking C{resp}."""

    def __init__(self, resp: int) -> None:
        self.resp = resp
        self.out: list[bytes] = []

    def top(self, value: Any) -> bytes | str:
        """The wire bytes of the whole result, or the error message (a str) when it is an error."""
        if _is_table(value) == "table":
            err = value[b"err"]
            if type(err) is bytes:
                return err.decode("utf-8", "replace")
        self.add(value)
        return b"".join(self.out)

    def add(self, value: Any) -> None:
        out = self.out
        kind = type(value)
        if kind is bytes:
            out.append(b"$%d\r\n%s\r\n" % (len(value), value))
        elif kind is int or kind is float:
            out.append(b":%d\r\n" % lua_number_to_int(value))
        elif kind is bool and value:
            out.append(b":1\r\n")
        elif _is_table(value) == "table":
            self._table(value)
        else:
            out.append(b"_\r\n" if self.resp == 3 else b"$-1\r\n")

    def _table(self, table: Any) -> None:
        out = self.out
        err = table[b"err"]
        if type(err) is bytes:
            out.append(b"-%s\r\n" % err.replace(b"\r", b" ").replace(b"\n", b" "))
            return
        ok = table[b"ok"]
        if type(ok) is bytes:
            out.append(b"+%s\r\n" % ok.replace(b"\r", b" ").replace(b"\n", b" "))
            return
        double = table[b"double"]
        if type(double) in (int, float):
            text = format_double(float(double))
            if self.resp == 3:
                out.append(b",%s\r\n" % (b"-nan" if text == b"nan" else text))
            else:
                out.append(b"$%d\r\n%s\r\n" % (len(text), text))
            return
        big = table[b"big_number"]
        if type(big) is bytes:
            out.append(b"(%s\r\n" % big if self.resp == 3 else b"$%d\r\n%s\r\n" % (len(big), big))
            return
        for field, emit in ((b"map", self._map), (b"set", self._set), (b"verbatim_string", self._verbatim)):
            inner = table[field]
            if _is_table(inner) == "table":
                emit(inner)
                return
        self._array(table)

    def _array(self, table: Any) -> None:
        items = []
        index = 1
        while True:
            item = table[index]
            if item is None:
                break
            items.append(item)
            index += 1
        self.out.append(b"*%d\r\n" % len(items))
        for item in items:
            self.add(item)

    def _map(self, table: Any) -> None:
        pairs = list(table.items())
        self.out.append(b"%%%d\r\n" % len(pairs) if self.resp == 3 else b"*%d\r\n" % (2 * len(pairs)))
        for key, value in pairs:
            self.add(key)
            self.add(value)

    def _set(self, table: Any) -> None:
        keys = list(table.keys())
        self.out.append(b"~%d\r\n" % len(keys) if self.resp == 3 else b"*%d\r\n" % len(keys))
        for key in keys:
            self.add(key)

    def _verbatim(self, table: Any) -> None:
        text, form = table[b"string"], table[b"format"]
        if type(text) is not bytes or type(form) is not bytes:
            self.add(None)
        elif self.resp == 3:
            self.out.append(b"=%d\r\n%s:%s\r\n" % (len(text) + 4, form, text))
        else:
            self.out.append(b"$%d\r\n%s\r\n" % (len(text), text))
