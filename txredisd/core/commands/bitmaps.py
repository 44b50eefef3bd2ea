"""
Bitmap commands: a string read as an array of bits, most significant bit of
each byte first. Ranges work on whole Python ints (C{int.from_bytes}), which
keeps counting and searching in C.
"""

from __future__ import annotations

from functools import reduce
from operator import and_, or_, xor

from txredisd.core.commands._args import get_string, parse_int
from txredisd.core.commands._spec import KeySpec, command
from txredisd.core.commands.strings import read_string, writable
from txredisd.core.errors import SYNTAX, CommandError
from txredisd.resp.request import string2ll

BIT_OFFSET = "ERR bit offset is not an integer or out of range"
BIT_VALUE = "ERR bit is not an integer or out of range"
BIT_ARGUMENT = "ERR The bit argument must be 1 or 0."
BAD_FIELD_TYPE = "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is."


def _to_int64(value: int) -> int:
    """C{value} wrapped to a signed 64-bit integer, as C arithmetic does on x86-64."""
    value &= 0xFFFFFFFFFFFFFFFF
    return value - (1 << 64) if value >> 63 else value


def parse_bit_offset(session, arg: bytes, field_bits: int = 0) -> int:
    """
    A bit offset; for BITFIELD (C{field_bits} > 0) C{#N} means N fields in.
    Offsets whose byte lies past C{proto-max-bulk-len} are refused.
    """
    hashed = field_bits > 0 and arg[:1] == b"#"
    offset = string2ll(arg[1:] if hashed else arg)
    if offset is None:
        raise CommandError(BIT_OFFSET)
    if hashed:
        offset = _to_int64(offset * field_bits)
    if offset < 0 or offset >> 3 >= session.server.config["proto-max-bulk-len"]:
        raise CommandError(BIT_OFFSET)
    return offset


def _grow_for_write(session, key: bytes, last_byte: int) -> tuple[bytearray, bool]:
    """
    The string at C{key} made writable and at least C{last_byte + 1} long;
    the flag says whether it was created or grown (which alone is a change).
    """
    value = get_string(session, key)
    if value is None:
        value = bytearray(last_byte + 1)
        session.db.set(key, value)
        return value, True
    value = writable(session, key, value)
    missing = last_byte + 1 - len(value)
    if missing > 0:
        value.extend(bytes(missing))
        return value, True
    return value, False


def _bits(data: bytes | bytearray, first: int, last: int) -> int:
    """Bits C{first..last} (inclusive) of C{data} as an int, C{first} the most significant."""
    n = int.from_bytes(data[first >> 3 : (last >> 3) + 1], "big") >> (7 - (last & 7))
    return n & ((1 << (last - first + 1)) - 1)


def _clamp(start: int, end: int, size: int) -> tuple[int, int]:
    """Redis's range normalisation: negatives count from the end, then clip to the string."""
    if start < 0:
        start += size
    if end < 0:
        end += size
    return max(start, 0), min(max(end, 0), size - 1)


def _in_bits(arg: bytes) -> bool:
    unit = arg.lower()
    if unit == b"bit":
        return True
    if unit == b"byte":
        return False
    raise CommandError(SYNTAX)


@command("setbit", 4, "write denyoom", key_specs=[KeySpec("RW access update", 1)], group="bitmap", since="2.2.0",
         summary="Set or clear one bit, returning its old value.")
def setbit(session, argv):
    offset = parse_bit_offset(session, argv[2])
    on = parse_int(argv[3], BIT_VALUE)
    if on != 0 and on != 1:
        raise CommandError(BIT_VALUE)
    key = argv[1]
    value, grown = _grow_for_write(session, key, offset >> 3)
    index = offset >> 3
    mask = 0x80 >> (offset & 7)
    old = 1 if value[index] & mask else 0
    if grown or old != on:
        value[index] = value[index] | mask if on else value[index] & ~mask
        session.server.written(session.db, key, "setbit", "$")
    return old


@command("getbit", 3, "readonly fast", key_specs=[KeySpec("RO access", 1)], group="bitmap", since="2.2.0",
         summary="The value of one bit.")
def getbit(session, argv):
    offset = parse_bit_offset(session, argv[2])
    value = read_string(session, argv[1])
    index = offset >> 3
    if value is None or index >= len(value):
        return 0
    return (value[index] >> (7 - (offset & 7))) & 1


@command("bitcount", -2, "readonly", key_specs=[KeySpec("RO access", 1)], group="bitmap", since="2.6.0",
         summary="Count the set bits of a string, or of a range of it.")
def bitcount(session, argv):
    value = read_string(session, argv[1])
    if value is None:
        return 0
    if len(argv) == 2:
        return int.from_bytes(value, "big").bit_count()
    if len(argv) > 5 or len(argv) == 3:
        raise CommandError(SYNTAX)
    start = parse_int(argv[2])
    end = parse_int(argv[3])
    if start < 0 and end < 0 and start > end:
        return 0
    in_bits = len(argv) == 5 and _in_bits(argv[4])
    start, end = _clamp(start, end, len(value) * 8 if in_bits else len(value))
    if start > end:
        return 0
    if in_bits:
        return _bits(value, start, end).bit_count()
    return int.from_bytes(value[start : end + 1], "big").bit_count()


@command("bitpos", -3, "readonly", key_specs=[KeySpec("RO access", 1)], group="bitmap", since="2.8.7",
         summary="Position of the first set or clear bit.")
def bitpos(session, argv):
    bit = parse_int(argv[2])
    if bit != 0 and bit != 1:
        raise CommandError(BIT_ARGUMENT)
    value = read_string(session, argv[1])
    if value is None:
        # A missing key is an endless run of clear bits.
        return -1 if bit else 0
    in_bits = end_given = False
    if len(argv) == 3:
        start, end = 0, len(value) - 1
    elif len(argv) <= 6:
        start = parse_int(argv[3])
        in_bits = len(argv) == 6 and _in_bits(argv[5])
        end_given = len(argv) >= 5
        end = parse_int(argv[4]) if end_given else len(value) - 1
        start, end = _clamp(start, end, len(value) * 8 if in_bits else len(value))
    else:
        raise CommandError(SYNTAX)
    if start > end:
        return -1
    first, last = (start, end) if in_bits else (start * 8, end * 8 + 7)
    width = last - first + 1
    field = _bits(value, first, last)
    if not bit:
        field ^= (1 << width) - 1
    if field:
        return first + width - field.bit_length()
    # No clear bit in an open-ended byte range: the string's zero padding has one.
    return -1 if bit or end_given else last + 1


_BITOPS = {b"and": and_, b"or": or_, b"xor": xor, b"not": None}


@command("bitop", -4, "write denyoom", key_specs=[KeySpec("OW update", 2), KeySpec("RO access", 3, lastkey=-1)],
         group="bitmap", since="2.6.0", summary="AND, OR, XOR or NOT of strings, stored at a key.")
def bitop(session, argv):
    name = argv[1].lower()
    if name not in _BITOPS:
        raise CommandError(SYNTAX)
    if name == b"not" and len(argv) != 4:
        raise CommandError("ERR BITOP NOT must be called with a single source key.")
    sources = [read_string(session, key) or b"" for key in argv[3:]]
    size = max(len(source) for source in sources)
    db = session.db
    target = argv[2]
    if size:
        # Shorter strings count as zero-padded on the right.
        numbers = [int.from_bytes(source, "big") << 8 * (size - len(source)) for source in sources]
        if name == b"not":
            result = numbers[0] ^ ((1 << 8 * size) - 1)
        else:
            result = reduce(_BITOPS[name], numbers)
        db.set(target, bytearray(result.to_bytes(size, "big")))
        session.server.written(db, target, "set", "$")
    elif db.delete(target):
        session.server.written(db, target, "del", "g")
    return size


# -- BITFIELD ------------------------------------------------------------------

_WRAP, _SAT, _FAIL = 0, 1, 2
_OVERFLOW_MODES = {b"wrap": _WRAP, b"sat": _SAT, b"fail": _FAIL}
_GET, _SET, _INCRBY = 0, 1, 2
_OPERATIONS = {b"get": _GET, b"set": _SET, b"incrby": _INCRBY}


def _field_type(arg: bytes) -> tuple[bool, int]:
    """(signed, width) from C{i1..i64} or C{u1..u63} (lower case only, as in Redis)."""
    kind = arg[:1]
    if kind != b"i" and kind != b"u":
        raise CommandError(BAD_FIELD_TYPE)
    signed = kind == b"i"
    # Redis reads the width as a C string: it ends at the first NUL.
    width = string2ll(arg[1:].split(b"\0", 1)[0])
    if width is None or width < 1 or width > (64 if signed else 63):
        raise CommandError(BAD_FIELD_TYPE)
    return signed, width


def _read_field(data: bytes | bytearray, offset: int, width: int, signed: bool) -> int:
    """A field's value; bits past the end of C{data} read as zero."""
    first, last = offset >> 3, (offset + width - 1) >> 3
    size = last - first + 1
    chunk = data[first : last + 1]
    n = int.from_bytes(chunk, "big") << 8 * (size - len(chunk))
    n = (n >> (8 * size - (offset & 7) - width)) & ((1 << width) - 1)
    if signed and n >> (width - 1):
        n -= 1 << width
    return n


def _write_field(data: bytearray, offset: int, width: int, value: int) -> None:
    first, last = offset >> 3, (offset + width - 1) >> 3
    size = last - first + 1
    shift = 8 * size - (offset & 7) - width
    mask = ((1 << width) - 1) << shift
    n = int.from_bytes(data[first : last + 1], "big")
    data[first : last + 1] = ((n & ~mask) | ((value << shift) & mask)).to_bytes(size, "big")


def _signed_sum(value: int, incr: int, width: int, mode: int) -> tuple[bool, int]:
    """
    (overflowed, stored value) of C{value + incr} in a signed field. The limits
    are compared with 64-bit wrapping differences, as Redis computes them, so a
    SET of a value near INT64_MIN saturates upwards just as it does there.
    """
    top = (1 << (width - 1)) - 1
    bottom = -top - 1
    room_up = _to_int64(top - value)
    room_down = _to_int64(bottom - value)
    if value > top or (width != 64 and incr > room_up) or (value >= 0 and incr > 0 and incr > room_up):
        limit = top
    elif value < bottom or (width != 64 and incr < room_down) or (value < 0 and incr < 0 and incr < room_down):
        limit = bottom
    else:
        return False, value + incr
    if mode == _SAT:
        return True, limit
    wrapped = (value + incr) & ((1 << width) - 1)
    return True, wrapped - (1 << width) if wrapped >> (width - 1) else wrapped


def _unsigned_sum(value: int, incr: int, width: int, mode: int) -> tuple[bool, int]:
    """(overflowed, stored value) of C{value + incr} in an unsigned field (C{value} as a uint64)."""
    top = (1 << width) - 1
    if value > top or (incr > 0 and incr > _to_int64(top - value)):
        limit = top
    elif incr < 0 and incr < _to_int64(-value):
        limit = 0
    else:
        return False, value + incr
    if mode == _SAT:
        return True, limit
    return True, (value + incr) & top


def _parse_bitfield(session, argv: list[bytes]) -> list[tuple[int, bool, int, int, int, int]]:
    """The operations, as (operation, signed, width, offset, argument, overflow mode)."""
    operations = []
    mode = _WRAP
    i = 2
    while i < len(argv):
        remaining = len(argv) - i - 1
        word = argv[i].lower()
        if word == b"overflow" and remaining >= 1:
            mode = _OVERFLOW_MODES.get(argv[i + 1].lower())
            if mode is None:
                raise CommandError("ERR Invalid OVERFLOW type specified")
            i += 2
            continue
        operation = _OPERATIONS.get(word)
        if operation is None or remaining < (2 if operation == _GET else 3):
            raise CommandError(SYNTAX)
        signed, width = _field_type(argv[i + 1])
        offset = parse_bit_offset(session, argv[i + 2], width)
        argument = 0 if operation == _GET else parse_int(argv[i + 3])
        operations.append((operation, signed, width, offset, argument, mode))
        i += 3 if operation == _GET else 4
    return operations


def _bitfield(session, argv: list[bytes], read_only: bool):
    operations = _parse_bitfield(session, argv)
    key = argv[1]
    writes = [op for op in operations if op[0] != _GET]
    if not writes:
        data = read_string(session, key) or b""
        return [_read_field(data, offset, width, signed) for _, signed, width, offset, _, _ in operations]
    if read_only:
        raise CommandError("ERR BITFIELD_RO only supports the GET subcommand")
    last_bit = max(offset + width - 1 for _, _, width, offset, _, _ in writes)
    data, grown = _grow_for_write(session, key, last_bit >> 3)
    replies = []
    changes = 0
    for operation, signed, width, offset, argument, mode in operations:
        old = _read_field(data, offset, width, signed)
        if operation == _GET:
            replies.append(old)
            continue
        add = _signed_sum if signed else _unsigned_sum
        if operation == _INCRBY:
            overflowed, new = add(old, argument, width, mode)
        else:
            overflowed, new = add(argument if signed else argument & 0xFFFFFFFFFFFFFFFF, 0, width, mode)
        if overflowed and mode == _FAIL:
            replies.append(None)
            continue
        _write_field(data, offset, width, new)
        replies.append(new if operation == _INCRBY else old)
        if grown or new != old:
            changes += 1
    if changes:
        session.server.written(session.db, key, "setbit", "$", changes=changes)
    return replies


def _bitfield_key_flags(argv: list[bytes]) -> str:
    """
    How a BITFIELD line uses its key: read only when it is nothing but whole
    GET and OVERFLOW clauses (anything else, even a syntax error, may write).
    """
    i = 2
    while i < len(argv):
        word, left = argv[i].lower(), len(argv) - i - 1
        if word == b"get" and left >= 2:
            i += 3
        elif word == b"overflow" and left >= 1:
            i += 2
        else:
            return "RW access update"
    return "RO access"


@command("bitfield", -2, "write denyoom",
         key_specs=[KeySpec("RW access update variable_flags", 1, flags_for=_bitfield_key_flags,
                            notes="This command allows both access and modification of the key")],
         group="bitmap", since="3.2.0", summary="Read, write and add to integer fields of a string.")
def bitfield(session, argv):
    return _bitfield(session, argv, read_only=False)


@command("bitfield_ro", -2, "readonly fast", key_specs=[KeySpec("RO access", 1)], group="bitmap", since="6.0.0",
         summary="Read integer fields of a string.")
def bitfield_ro(session, argv):
    return _bitfield(session, argv, read_only=True)
