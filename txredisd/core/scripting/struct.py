"""
The struct library Redis ships (Roberto Ierusalimschy's lua_struct): binary
packing with formats such as C{">I2 s c3"}, on a 64-bit little-endian host.
"""

from __future__ import annotations

import struct as _struct
from typing import Any

from txredisd.core.scripting.values import ScriptRaise, bad_argument, check_number, check_string

_MAX_ALIGN = 8
_FIXED = {"b": 1, "B": 1, "h": 2, "H": 2, "l": 8, "L": 8, "T": 8, "f": 4, "d": 8, "x": 1}


def _options(fmt: bytes, name: str):
    """(option, size, little_endian, align) per item of the format; sizes of s/c0 are 0."""
    little, max_align = True, 1
    text = fmt.decode("latin-1")
    i = 0
    while i < len(text):
        option = text[i]
        i += 1
        digits = ""
        while i < len(text) and text[i].isdigit():
            digits += text[i]
            i += 1
        if option == " ":
            continue
        if option in "<>":
            little = option == "<"
        elif option == "!":
            max_align = int(digits) if digits else _MAX_ALIGN
        elif option in _FIXED:
            yield option, _FIXED[option], little, max_align
        elif option in "iI":
            size = int(digits) if digits else 4
            if size > 32:
                raise ScriptRaise(f"integral size {size} is larger than limit of 32", positioned=True)
            yield option, size, little, max_align
        elif option == "c":
            yield option, int(digits) if digits else 1, little, max_align
        elif option == "s":
            yield option, 0, little, max_align
        else:
            raise bad_argument(1, name, f"invalid format option '{option}'")


def _padding(offset: int, size: int, max_align: int) -> int:
    align = min(size, max_align)
    if align <= 1 or option_unaligned(align):
        return 0
    return (align - offset % align) % align


def option_unaligned(align: int) -> bool:
    """Alignments that are not powers of two are refused by the C code; treat as none."""
    return align & (align - 1) != 0


def pack(*args: Any) -> bytes:
    fmt = check_string(args[0] if args else None, 1, "pack", missing=not args)
    out = bytearray()
    position = 2
    for option, size, little, max_align in _options(fmt, "pack"):
        if option not in "csx":
            out += b"\0" * _padding(len(out), size, max_align)
        value = args[position - 1] if len(args) >= position else None
        if option == "x":
            out += b"\0"
            continue
        if option in "fd":
            number = check_number(value, position, "pack")
            out += _struct.pack(("<" if little else ">") + option, number)
        elif option == "s":
            out += check_string(value, position, "pack") + b"\0"
        elif option == "c":
            data = check_string(value, position, "pack")
            size = size or len(data)
            if len(data) < size:
                raise bad_argument(position + 1, "pack", "string too short")
            out += data[:size]
        else:
            number = check_number(value, position, "pack")
            integer = int(number) if abs(number) < 2**63 else 0
            out += (integer % (1 << (8 * size))).to_bytes(size, "little" if little else "big")
        position += 1
    return bytes(out)


def unpack(*args: Any) -> tuple:
    fmt = check_string(args[0] if args else None, 1, "unpack", missing=not args)
    data = check_string(args[1] if len(args) > 1 else None, 2, "unpack", missing=len(args) < 2)
    start = int(check_number(args[2], 3, "unpack")) if len(args) > 2 and args[2] is not None else 1
    if start < 1:
        raise bad_argument(3, "unpack", "offset must be 1 or greater")
    offset = start - 1
    values: list[Any] = []
    for option, size, little, max_align in _options(fmt, "unpack"):
        if option not in "csx":
            offset += _padding(offset, size, max_align)
        if option == "s":
            end = data.find(b"\0", offset)
            if end < 0:
                raise ScriptRaise("unfinished string in data", positioned=True)
            values.append(data[offset:end])
            offset = end + 1
            continue
        if option == "c" and size == 0:
            if not values or type(values[-1]) not in (int, float):
                raise bad_argument(1, "unpack", "format 'c0' needs a previous size")
            size = int(values.pop())
        if offset + size > len(data):
            raise bad_argument(2, "unpack", "data string too short")
        chunk = data[offset : offset + size]
        offset += size
        if option == "x":
            continue
        if option == "c":
            values.append(chunk)
        elif option in "fd":
            values.append(_struct.unpack(("<" if little else ">") + option, chunk)[0])
        else:
            signed = option in "bhli"
            integer = int.from_bytes(chunk, "little" if little else "big", signed=signed)
            values.append(integer if abs(integer) < 2**53 else float(integer))
    return (*values, offset + 1)


def size(*args: Any) -> int:
    fmt = check_string(args[0] if args else None, 1, "size", missing=not args)
    total = 0
    for option, item_size, _, max_align in _options(fmt, "size"):
        if option == "s" or (option == "c" and item_size == 0):
            raise bad_argument(1, "size", f"option '{'s' if option == 's' else 'c0'}' has no fixed size")
        if option not in "cx":
            total += _padding(total, item_size, max_align)
        total += item_size
    return total


STRUCT_FUNCTIONS = {b"pack": pack, b"unpack": unpack, b"size": size}
