"""
Value types: what TYPE, SCAN's TYPE filter, OBJECT ENCODING and COPY need to
know about a stored value.

Strings are C{bytes} (C{bytearray} once edited in place) and are handled by the
string commands. Every other type module registers its class here with
L{register}; such a class must also provide C{copy()} returning a value that
shares nothing mutable with the original (COPY).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: Class -> the name TYPE replies with.
TYPE_NAMES: dict[type, bytes] = {bytes: b"string", bytearray: b"string"}

#: Class -> function giving a value's OBJECT ENCODING (strings excepted).
ENCODINGS: dict[type, Callable[[Any], bytes]] = {}


def register(cls: type, name: bytes, encoding: Callable[[Any], bytes]) -> None:
    """Declare a value class: its TYPE name and how to tell its encoding."""
    TYPE_NAMES[cls] = name
    ENCODINGS[cls] = encoding


def type_name(value: Any) -> bytes:
    return TYPE_NAMES[type(value)]


def copy_value(value: Any) -> Any:
    """An independent copy for COPY: immutable strings are shared, anything else copied."""
    return value if type(value) is bytes else value.copy()
