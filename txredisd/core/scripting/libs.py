"""
The libraries Redis gives scripts: bit (LuaBitOp), cjson, cmsgpack and struct.

Every function a script can call is a Python callable (a C function to Lua):
a call to it is never a Lua tail call, so an error it raises still finds the
user's line on the stack, as Redis's C libraries do. Library code written in
Lua (cjson) is wrapped the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lupa import lua51

from txredisd.core.scripting.cjson import CJSON
from txredisd.core.scripting.cmsgpack import cmsgpack_library
from txredisd.core.scripting.struct import STRUCT_FUNCTIONS
from txredisd.core.scripting.values import ScriptRaise, check_number, lua_error_text


def _int32(value: int) -> int:
    value &= 0xFFFFFFFF
    return value - (1 << 32) if value & 0x80000000 else value


def _bit_arg(args: tuple, position: int, name: str) -> int:
    """LuaBitOp's argument: a number rounded to nearest-even, wrapped to 32 bits."""
    number = check_number(args[position - 1] if len(args) >= position else None, position, name,
                          missing=len(args) < position)
    return _int32(round(number)) if abs(number) < 2**63 else 0


def _unary(name: str, op: Callable[[int], int]) -> Callable[..., int]:
    def function(*args: Any) -> int:
        return _int32(op(_bit_arg(args, 1, name)))

    return function


def _fold(name: str, op: Callable[[int, int], int]) -> Callable[..., int]:
    def function(*args: Any) -> int:
        result = _bit_arg(args, 1, name)
        for position in range(2, len(args) + 1):
            result = op(result, _bit_arg(args, position, name))
        return _int32(result)

    return function


def _shift(name: str, op: Callable[[int, int], int]) -> Callable[..., int]:
    def function(*args: Any) -> int:
        value = _bit_arg(args, 1, name)
        return _int32(op(value & 0xFFFFFFFF, _bit_arg(args, 2, name) & 31))

    return function


def _tohex(*args: Any) -> bytes:
    value = _bit_arg(args, 1, "tohex") & 0xFFFFFFFF
    digits = _bit_arg(args, 2, "tohex") if len(args) > 1 and args[1] is not None else 8
    text = b"%08X" % value if digits < 0 else b"%08x" % value
    width = min(abs(digits), 8)
    return text[8 - width :] if width else b""


def _arshift(value: int, count: int) -> int:
    return _int32(value) >> count


BIT_FUNCTIONS: dict[bytes, Callable[..., Any]] = {
    b"tobit": _unary("tobit", lambda v: v),
    b"bnot": _unary("bnot", lambda v: ~v),
    b"bswap": _unary("bswap", lambda v: int.from_bytes((v & 0xFFFFFFFF).to_bytes(4, "little"), "big")),
    b"band": _fold("band", lambda a, b: a & b),
    b"bor": _fold("bor", lambda a, b: a | b),
    b"bxor": _fold("bxor", lambda a, b: a ^ b),
    b"lshift": _shift("lshift", lambda v, n: v << n),
    b"rshift": _shift("rshift", lambda v, n: v >> n),
    b"arshift": _shift("arshift", _arshift),
    b"rol": _shift("rol", lambda v, n: (v << n) | (v >> (32 - n))),
    b"ror": _shift("ror", lambda v, n: (v >> n) | (v << (32 - n))),
    b"tohex": _tohex,
}


def _wrapped(function: Any) -> Callable[..., Any]:
    """A Lua library function behind a Python call: its errors get the user's position."""

    def call(*args: Any) -> Any:
        try:
            return function(*args)
        except lua51.LuaError as error:
            message = error.args[0]
            raise ScriptRaise(lua_error_text(message), positioned=True) from None

    return call


def _lua_library(lua: Any, source: str) -> Any:
    """Run a library written in Lua and wrap its functions."""
    library = lua.execute(source)
    for name, value in list(library.items()):
        if lua51.lua_type(value) == "function":
            library[name] = _wrapped(value)
    return library


def install_libraries(lua: Any) -> Any:
    """A Lua table of the library tables, by global name."""
    return lua.table_from(
        {
            b"bit": lua.table_from(BIT_FUNCTIONS),
            b"cjson": _lua_library(lua, CJSON),
            b"struct": lua.table_from(STRUCT_FUNCTIONS),
            b"cmsgpack": cmsgpack_library(lua),
        }
    )
