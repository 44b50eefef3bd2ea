"""Errors and argument checks shared by the engine and the libraries (Lua's C-API wording)."""

from __future__ import annotations

from typing import Any

from lupa import lua51


class ScriptRaise(Exception):
    """
    Raised by a Python function called from Lua: the script sees a Lua error.
    A C{positioned} message gets the user's "user_script:LINE: " prefix and the
    ERR code, as a luaL_error would; otherwise it is the full error text, raised
    as Redis raises its error tables.
    """

    def __init__(self, message: str, positioned: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.positioned = positioned


def lua_type_name(value: Any) -> str:
    kind = lua51.lua_type(value)
    if kind is not None:
        return kind
    if value is None:
        return "nil"
    return {bytes: "string", bool: "boolean", int: "number", float: "number"}.get(type(value), "userdata")


def bad_argument(position: int, name: str, problem: str) -> ScriptRaise:
    return ScriptRaise(f"bad argument #{position} to '{name}' ({problem})", positioned=True)


def check_number(value: Any, position: int, name: str, missing: bool = False) -> int | float:
    """luaL_checknumber: a number, or a string Lua can read as one."""
    if type(value) is bytes:
        try:
            return float(value) if not value.strip().lower().startswith((b"0x", b"-0x")) else int(value, 16)
        except ValueError:
            pass
    if type(value) in (int, float):
        return value
    got = "no value" if missing else lua_type_name(value)
    raise bad_argument(position, name, f"number expected, got {got}")


def check_string(value: Any, position: int, name: str, missing: bool = False) -> bytes:
    """luaL_checklstring: a string, or a number as Lua prints it."""
    if type(value) is bytes:
        return value
    if type(value) is int:
        return b"%d" % value
    if type(value) is float:
        return b"%.14g" % value
    got = "no value" if missing else lua_type_name(value)
    raise bad_argument(position, name, f"string expected, got {got}")


def lua_error_text(message: Any) -> str:
    """A LuaError's message without the traceback lupa appends."""
    text = message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)
    return text.split("\nstack traceback:", 1)[0]
