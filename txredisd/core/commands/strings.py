"""
String commands.

Values are C{bytes}, or C{bytearray} once changed in place (APPEND, SETRANGE and
the bit commands), which is what OBJECT ENCODING reports as "raw".
"""

from __future__ import annotations

import re
from fractions import Fraction

from txredisd.core.commands._args import LONG_MAX, LONG_MIN, as_string, get_string, parse_int
from txredisd.core.commands._spec import KeySpec, command
from txredisd.core.errors import (
    NOT_FLOAT,
    NOT_INTEGER,
    OVERFLOW,
    SYNTAX,
    WRONGTYPE,
    CommandError,
    invalid_expire,
    wrong_arity,
)
from txredisd.resp.request import string2ll
from txredisd.resp.values import OK

STRING_TOO_LONG = "ERR string exceeds maximum allowed size (proto-max-bulk-len)"
NAN_OR_INF = "ERR increment would produce NaN or Infinity"


def string_encoding(value: bytes | bytearray) -> bytes:
    """OBJECT ENCODING of a string value, derived from what Redis would hold."""
    if type(value) is bytearray:
        return b"raw"
    if string2ll(value) is not None:
        return b"int"
    return b"embstr" if len(value) <= 44 else b"raw"


def read_string(session, key: bytes) -> bytes | bytearray | None:
    """
    A string looked up for reading (a keyspace hit or miss, as Redis's
    C{lookupKeyRead} counts); WRONGTYPE for other types.
    """
    return as_string(session.db.lookup_read(key))


def check_string_length(session, length: int) -> None:
    """Refuse to grow a string past C{proto-max-bulk-len}, as Redis does."""
    if length > session.server.config["proto-max-bulk-len"]:
        raise CommandError(STRING_TOO_LONG)


def writable(session, key: bytes, value: bytes | bytearray) -> bytearray:
    """The value of C{key} as a bytearray of its own, ready for in-place edits (TTL kept)."""
    if type(value) is bytearray:
        return value
    value = bytearray(value)
    session.db.set(key, value, keep_ttl=True)
    return value


# -- GET / SET family ---------------------------------------------------------


@command("get", 2, "readonly fast", key_specs=[KeySpec("RO access", 1)], group="string",
         summary="Return the string stored at a key.")
def get(session, argv):
    # read_string, inlined: GET is the hottest read.
    value = session.db.lookup_read(argv[1])
    if value is None:
        return None
    kind = type(value)
    if kind is bytes or kind is bytearray:
        return value
    raise CommandError(WRONGTYPE)


def expire_at_ms(session, unit: bytes, arg: bytes, name: str) -> int:
    """Absolute expiry in ms from an EX/PX/EXAT/PXAT argument, checked like Redis."""
    value = parse_int(arg)
    if value <= 0:
        raise invalid_expire(name)
    if unit in (b"ex", b"exat"):
        if value > LONG_MAX // 1000:
            raise invalid_expire(name)
        value *= 1000
    if unit in (b"ex", b"px"):
        if value > LONG_MAX - session.server.now_ms:
            raise invalid_expire(name)
        value += session.server.now_ms
    return value


_EXPIRE_UNITS = frozenset((b"ex", b"px", b"exat", b"pxat"))


class _Options:
    """SET/GETEX options; Redis accepts repeats (last expiry wins) but not conflicts."""

    __slots__ = ("condition", "expire", "get", "keep_ttl", "persist", "unit")

    def __init__(self) -> None:
        self.condition: bytes | None = None
        self.get = self.keep_ttl = self.persist = False
        self.unit: bytes | None = None
        self.expire = b""


def _parse_options(argv: list[bytes], start: int, for_set: bool) -> _Options:
    """SET's options (C{for_set}) or GETEX's, from C{argv[start:]}."""
    options = _Options()
    i = start
    while i < len(argv):
        word = argv[i].lower()
        no_ttl_flag = not (options.keep_ttl or options.persist)
        if for_set and word in (b"nx", b"xx") and options.condition in (None, word):
            options.condition = word
        elif for_set and word == b"get":
            options.get = True
        elif for_set and word == b"keepttl" and options.unit is None:
            options.keep_ttl = True
        elif not for_set and word == b"persist" and options.unit is None:
            options.persist = True
        elif (
            word in _EXPIRE_UNITS
            and no_ttl_flag
            and options.unit in (None, word)
            and i + 1 < len(argv)
        ):
            options.unit, options.expire = word, argv[i + 1]
            i += 1
        else:
            raise CommandError(SYNTAX)
        i += 1
    return options


def _set_key_flags(argv: list[bytes]) -> str:
    """How a SET line uses its key: read too only with GET (looked for, as Redis does, after the value)."""
    if any(arg.split(b"\0", 1)[0].lower() == b"get" for arg in argv[3:]):
        return "RW access update"
    return "OW update"


@command("set", -3, "write denyoom",
         key_specs=[KeySpec("RW access update variable_flags", 1, flags_for=_set_key_flags,
                            notes="RW and ACCESS due to the optional `GET` argument")],
         group="string", summary="Store a string at a key, with options.")
def set_(session, argv):
    if len(argv) == 3:
        db = session.db
        key = argv[1]
        db.set(key, argv[2])
        session.server.written(db, key, "set", "$")
        return OK
    return _set_with_options(session, argv)


def _set_with_options(session, argv: list[bytes]):
    key, value = argv[1], argv[2]
    options = _parse_options(argv, 3, for_set=True)
    when = expire_at_ms(session, options.unit, options.expire, "set") if options.unit else None
    old = read_string(session, key) if options.get else None
    if options.condition is not None and (options.condition == b"nx") == (session.db.get(key) is not None):
        return old if options.get else None
    _store(session, key, value, options.keep_ttl, when)
    if options.get and when is None:
        # Replicas need no reply, so GET is dropped from what they are sent.
        session.rewritten = [[arg for i, arg in enumerate(argv) if i < 3 or arg.lower() != b"get"]]
    return old if options.get else OK


def _store(session, key: bytes, value: bytes, keep_ttl: bool = False, when: int | None = None) -> None:
    """Store a string, with an optional absolute expiry that replicas get as SET ... PXAT."""
    db = session.db
    db.set(key, value, keep_ttl)
    server = session.server
    server.written(db, key, "set", "$")
    if when is not None:
        db.set_expire(key, when)
        server.written(db, key, "expire", "g", changes=0)
        session.rewritten = [[b"SET", key, value, b"PXAT", b"%d" % when]]


@command("setnx", 3, "write denyoom fast", key_specs=[KeySpec("OW insert", 1)], group="string",
         summary="Store a string only where the key is absent.")
def setnx(session, argv):
    if session.db.get(argv[1]) is not None:
        return 0
    _store(session, argv[1], argv[2])
    return 1


@command("setex", 4, "write denyoom", key_specs=[KeySpec("OW update", 1)], group="string", since="2.0.0",
         summary="Store a string with a TTL in seconds.")
def setex(session, argv):
    _store(session, argv[1], argv[3], when=expire_at_ms(session, b"ex", argv[2], "setex"))
    return OK


@command("psetex", 4, "write denyoom", key_specs=[KeySpec("OW update", 1)], group="string", since="2.6.0",
         summary="Store a string with a TTL in milliseconds.")
def psetex(session, argv):
    _store(session, argv[1], argv[3], when=expire_at_ms(session, b"px", argv[2], "psetex"))
    return OK


@command("getex", -2, "write fast",
         key_specs=[KeySpec("RW access update", 1, notes="RW and UPDATE because it changes the TTL")], group="string",
         since="6.2.0", summary="Read a string and change its TTL.")
def getex(session, argv):
    options = _parse_options(argv, 2, for_set=False)
    key = argv[1]
    value = read_string(session, key)
    if value is None:
        return None
    db = session.db
    server = session.server
    if options.unit:
        when = expire_at_ms(session, options.unit, options.expire, "getex")
        if options.unit in (b"exat", b"pxat") and when <= server.now_ms and not server.is_replica:
            db.delete(key)
            server.written(db, key, "del", "g")
            session.rewritten = [[b"DEL", key]]
        else:
            db.set_expire(key, when)
            server.written(db, key, "expire", "g")
            session.rewritten = [[b"PEXPIREAT", key, b"%d" % when]]
    elif options.persist and db.persist(key):
        server.written(db, key, "persist", "g")
        session.rewritten = [[b"PERSIST", key]]
    return value


@command("getdel", 2, "write fast", key_specs=[KeySpec("RW access delete", 1)], group="string", since="6.2.0",
         summary="Read a string and delete its key.")
def getdel(session, argv):
    key = argv[1]
    value = read_string(session, key)
    if value is not None:
        db = session.db
        db.delete(key)
        session.server.written(db, key, "del", "g")
        session.rewritten = [[b"DEL", key]]
    return value


@command("getset", 3, "write denyoom fast", key_specs=[KeySpec("RW access update", 1)], group="string",
         summary="Store a string and return the old one.")
def getset(session, argv):
    key, value = argv[1], argv[2]
    old = read_string(session, key)
    _store(session, key, value)
    session.rewritten = [[b"SET", key, value]]
    return old


@command("mget", -2, "readonly fast", key_specs=[KeySpec("RO access", 1, lastkey=-1)],
         tips=("request_policy:multi_shard",), group="string", summary="Read the strings at several keys.")
def mget(session, argv):
    lookup = session.db.lookup_read
    values = []
    for key in argv[1:]:
        value = lookup(key)
        if value is not None and type(value) is not bytes and type(value) is not bytearray:
            value = None
        values.append(value)
    return values


def _store_pairs(session, argv: list[bytes]) -> None:
    for i in range(1, len(argv), 2):
        _store(session, argv[i], argv[i + 1])


@command("mset", -3, "write denyoom", key_specs=[KeySpec("OW update", 1, lastkey=-1, step=2)],
         tips=("request_policy:multi_shard", "response_policy:all_succeeded"), group="string", since="1.0.1",
         summary="Store strings at several keys.")
def mset(session, argv):
    if len(argv) % 2 == 0:
        raise wrong_arity("mset")
    _store_pairs(session, argv)
    return OK


@command("msetnx", -3, "write denyoom", key_specs=[KeySpec("OW insert", 1, lastkey=-1, step=2)],
         tips=("request_policy:multi_shard", "response_policy:agg_min"), group="string", since="1.0.1",
         summary="Store strings at several keys, only if none exists.")
def msetnx(session, argv):
    if len(argv) % 2 == 0:
        raise wrong_arity("msetnx")
    lookup = session.db.get
    if any(lookup(argv[i]) is not None for i in range(1, len(argv), 2)):
        return 0
    _store_pairs(session, argv)
    return 1


# -- in-place edits -------------------------------------------------------------


@command("append", 3, "write denyoom fast", key_specs=[KeySpec("RW insert", 1)], group="string", since="2.0.0",
         summary="Add bytes to the end of a string.")
def append(session, argv):
    key, tail = argv[1], argv[2]
    value = get_string(session, key)
    db = session.db
    if value is None:
        db.set(key, tail)
        length = len(tail)
    else:
        check_string_length(session, len(value) + len(tail))
        value = writable(session, key, value)
        value += tail
        length = len(value)
    session.server.written(db, key, "append", "$")
    return length


@command("strlen", 2, "readonly fast", key_specs=[KeySpec("RO", 1)], group="string", since="2.2.0",
         summary="Length of a string in bytes.")
def strlen(session, argv):
    value = read_string(session, argv[1])
    return 0 if value is None else len(value)


def _getrange(session, argv):
    start = parse_int(argv[2])
    end = parse_int(argv[3])
    value = read_string(session, argv[1])
    if value is None or (start < 0 and end < 0 and start > end):
        return b""
    size = len(value)
    start = max(start + size if start < 0 else start, 0)
    end = min(max(end + size if end < 0 else end, 0), size - 1)
    return value[start : end + 1] if start <= end else b""


command("getrange", 4, "readonly", key_specs=[KeySpec("RO access", 1)], group="string", since="2.4.0",
        summary="A substring, by byte offsets.")(_getrange)
command("substr", 4, "readonly", key_specs=[KeySpec("RO access", 1)], group="string",
        summary="A substring, by byte offsets (old name of GETRANGE).")(_getrange)


@command("setrange", 4, "write denyoom", key_specs=[KeySpec("RW update", 1)], group="string", since="2.2.0",
         summary="Overwrite part of a string, padding with zero bytes.")
def setrange(session, argv):
    key, patch = argv[1], argv[3]
    offset = parse_int(argv[2])
    if offset < 0:
        raise CommandError("ERR offset is out of range")
    value = get_string(session, key)
    if not patch:
        return 0 if value is None else len(value)
    check_string_length(session, offset + len(patch))
    if value is None:
        value = bytearray(offset)
        session.db.set(key, value)
    else:
        value = writable(session, key, value)
        if len(value) < offset:
            value.extend(bytes(offset - len(value)))
    value[offset : offset + len(patch)] = patch
    session.server.written(session.db, key, "setrange", "$")
    return len(value)


# -- counters ------------------------------------------------------------------


def _incr_by(session, key: bytes, delta: int) -> int:
    db = session.db
    value = db.get(key)
    if value is None:
        result = delta
    else:
        kind = type(value)
        if kind is not bytes and kind is not bytearray:
            raise CommandError(WRONGTYPE)
        current = string2ll(value)
        if current is None:
            raise CommandError(NOT_INTEGER)
        result = current + delta
        if result > LONG_MAX or result < LONG_MIN:
            raise CommandError(OVERFLOW)
    db.set(key, b"%d" % result, keep_ttl=True)
    session.server.written(db, key, "incrby", "$")
    return result


@command("incr", 2, "write denyoom fast", key_specs=[KeySpec("RW access update", 1)], group="string",
         summary="Add one to an integer string.")
def incr(session, argv):
    return _incr_by(session, argv[1], 1)


@command("decr", 2, "write denyoom fast", key_specs=[KeySpec("RW access update", 1)], group="string",
         summary="Subtract one from an integer string.")
def decr(session, argv):
    return _incr_by(session, argv[1], -1)


@command("incrby", 3, "write denyoom fast", key_specs=[KeySpec("RW access update", 1)], group="string",
         summary="Add to an integer string.")
def incrby(session, argv):
    return _incr_by(session, argv[1], parse_int(argv[2]))


@command("decrby", 3, "write denyoom fast", key_specs=[KeySpec("RW access update", 1)], group="string",
         summary="Subtract from an integer string.")
def decrby(session, argv):
    delta = parse_int(argv[2])
    if delta == LONG_MIN:
        raise CommandError("ERR decrement would overflow")
    return _incr_by(session, argv[1], -delta)


@command("incrbyfloat", 3, "write denyoom fast", key_specs=[KeySpec("RW access update", 1)], group="string",
         since="2.6.0", summary="Add a decimal number to a numeric string.")
def incrbyfloat(session, argv):
    key = argv[1]
    value = get_string(session, key)
    current = Fraction(0) if value is None else parse_long_double(value)
    delta = parse_long_double(argv[2])
    if type(current) is float or type(delta) is float:
        raise CommandError(NAN_OR_INF)
    total = round_long_double(current + delta)
    if type(total) is float:
        raise CommandError(NAN_OR_INF)
    text = format_long_double(total)
    db = session.db
    db.set(key, text, keep_ttl=True)
    session.server.written(db, key, "incrbyfloat", "$")
    # Replicas get the result, so float formatting can never make them diverge.
    session.rewritten = [[b"SET", key, text, b"KEEPTTL"]]
    return text


# INCRBYFLOAT computes in the x87 80-bit "long double" of Redis's x86-64 build:
# a 64-bit significand, exponents down to subnormals at 2**-16445, infinite from
# 2**16384. Values are exact Fractions rounded to that grid (ties to even), so
# results match bit for bit; +-inf is carried as a float.
_LD_SIGNIFICAND = 64
_LD_LOWEST_BIT = -16445
_LD_LIMIT = 1 << 16384
_LD_TEXT_LIMIT = 5120  # Redis's parse buffer; inputs must be shorter
# Decimal and binary exponents (of the leading digit) past which a non-zero
# input certainly overflows or rounds to zero, which strtold reports as ERANGE.
_DEC_OVERFLOW, _DEC_UNDERFLOW = 4933, -4952
_BIN_OVERFLOW, _BIN_UNDERFLOW = 16384, -16446

_DECIMAL = re.compile(rb"([+-]?)(?=\.?[0-9])([0-9]*)\.?([0-9]*)(?:[eE]([+-]?[0-9]+))?")
_HEXADECIMAL = re.compile(rb"([+-]?)0[xX](?=\.?[0-9a-fA-F])([0-9a-fA-F]*)\.?([0-9a-fA-F]*)(?:[pP]([+-]?[0-9]+))?")
_INFINITY = re.compile(rb"([+-]?)(?:inf|infinity)", re.IGNORECASE)


def round_long_double(value: Fraction) -> Fraction | float:
    """The long double nearest to C{value}; +-inf (a float) when out of range."""
    if not value:
        return value
    n, d = abs(value.numerator), value.denominator
    exponent = n.bit_length() - d.bit_length()
    if (n << max(-exponent, 0)) < (d << max(exponent, 0)):
        exponent -= 1
    shift = max(exponent - (_LD_SIGNIFICAND - 1), _LD_LOWEST_BIT)
    if shift >= 0:
        d <<= shift
    else:
        n <<= -shift
    quotient, remainder = divmod(n, d)
    if 2 * remainder > d or (2 * remainder == d and quotient & 1):
        quotient += 1
    result = quotient * Fraction(2) ** shift
    if result >= _LD_LIMIT:
        return float("inf") if value > 0 else float("-inf")
    return result if value > 0 else -result


def _bounded_exponent(digits: bytes | None) -> int:
    """An exponent field as an int, clamped where only its sign still matters."""
    if not digits:
        return 0
    sign = -1 if digits[:1] == b"-" else 1
    digits = digits.lstrip(b"+-").lstrip(b"0") or b"0"
    return sign * (int(digits) if len(digits) < 8 else 10**7)


def _decimal_digits_to_int(digits: bytes) -> int:
    """int() of a long digit string, in pieces below Python's int/str size guard."""
    value = 0
    for i in range(0, len(digits), 4000):
        piece = digits[i : i + 4000]
        value = value * 10 ** len(piece) + int(piece)
    return value


def _exact_number(text: bytes) -> Fraction | float | None:
    """The exact value strtold reads from all of C{text}, before rounding; None if unreadable."""
    match = _DECIMAL.fullmatch(text)
    if match is not None:
        sign, whole, fraction, exponent = match.groups()
        digits = (whole + fraction).lstrip(b"0")
        if not digits:
            return Fraction(0)
        scale = _bounded_exponent(exponent) - len(fraction)
        leading = len(digits) - 1 + scale
        if leading >= _DEC_OVERFLOW or leading < _DEC_UNDERFLOW:
            return None
        magnitude = _decimal_digits_to_int(digits) * Fraction(10) ** scale
        return -magnitude if sign == b"-" else magnitude
    match = _HEXADECIMAL.fullmatch(text)
    if match is not None:
        sign, whole, fraction, exponent = match.groups()
        mantissa = int(whole + fraction, 16)
        if not mantissa:
            return Fraction(0)
        scale = _bounded_exponent(exponent) - 4 * len(fraction)
        leading = mantissa.bit_length() - 1 + scale
        if leading >= _BIN_OVERFLOW or leading < _BIN_UNDERFLOW:
            return None
        magnitude = mantissa * Fraction(2) ** scale
        return -magnitude if sign == b"-" else magnitude
    match = _INFINITY.fullmatch(text)
    if match is not None:
        return float("-inf") if match.group(1) == b"-" else float("inf")
    return None


def parse_long_double(text: bytes | bytearray) -> Fraction | float:
    """
    A number as Redis's C{string2ld} reads it (strtold on the whole string, no
    leading space, no NaN, no overflow or underflow to zero), rounded to a long
    double; C{inf} literals come back as float infinities.
    """
    value = None
    if 0 < len(text) < _LD_TEXT_LIMIT:
        value = _exact_number(bytes(text))
    if value is None:
        raise CommandError(NOT_FLOAT)
    if type(value) is float:
        return value
    rounded = round_long_double(value)
    if type(rounded) is float or (value and not rounded):
        raise CommandError(NOT_FLOAT)
    return rounded


def _int_to_digits(n: int) -> bytes:
    """Decimal digits of a non-negative int of any size (beyond Python's str guard)."""
    if n < 10**4000:
        return b"%d" % n
    high, low = divmod(n, 10**4000)
    return _int_to_digits(high) + (b"%d" % low).rjust(4000, b"0")


def format_long_double(value: Fraction) -> bytes:
    """Redis's "human" long double text: C{%.17Lf} without trailing zeros, never "-0"."""
    scaled = round(value * 10**17)
    if not scaled:
        return b"0"
    whole, fraction = divmod(abs(scaled), 10**17)
    text = _int_to_digits(whole)
    if fraction:
        text += b"." + (b"%017d" % fraction).rstrip(b"0")
    return b"-" + text if scaled < 0 else text


# -- LCS -------------------------------------------------------------------------


def _lcs_table(a: bytes, b: bytes) -> list[list[int]]:
    """table[i][j] = length of the LCS of a[:i] and b[:j]."""
    previous = [0] * (len(b) + 1)
    table = [previous]
    for byte in a:
        row = [0]
        left = 0
        for j, other in enumerate(b):
            if byte == other:
                left = previous[j] + 1
            elif previous[j + 1] > left:
                left = previous[j + 1]
            row.append(left)
        table.append(row)
        previous = row
    return table


def _lcs_walk(a: bytes, b: bytes, table: list[list[int]], min_len: int, with_len: bool):
    """
    Walk the table back from the ends as Redis does (preferring to drop a byte
    of C{b} on ties), collecting the common bytes and the matching ranges, last
    range first.
    """
    i, j = len(a), len(b)
    common = bytearray()
    ranges = []
    current = None  # [a_start, a_end, b_start, b_end] of the run being extended backwards

    def close() -> None:
        length = current[1] - current[0] + 1
        if length >= min_len:
            entry = [[current[0], current[1]], [current[2], current[3]]]
            ranges.append(entry + [length] if with_len else entry)

    while i > 0 and j > 0:
        if a[i - 1] == b[j - 1]:
            common.append(a[i - 1])
            i -= 1
            j -= 1
            if current is None:
                current = [i, i, j, j]
            else:
                current[0], current[2] = i, j
            if i == 0 or j == 0:
                close()
        else:
            if table[i - 1][j] > table[i][j - 1]:
                i -= 1
            else:
                j -= 1
            if current is not None:
                close()
                current = None
    common.reverse()
    return bytes(common), ranges


@command("lcs", -3, "readonly", key_specs=[KeySpec("RO access", 1, lastkey=1)], group="string", since="7.0.0",
         summary="Longest common subsequence of two strings.")
def lcs(session, argv):
    lookup = session.db.lookup_read
    values = [lookup(argv[1]), lookup(argv[2])]
    for value in values:
        if value is not None and type(value) is not bytes and type(value) is not bytearray:
            raise CommandError("ERR The specified keys must contain string values")
    a, b = (bytes(value or b"") for value in values)
    want_idx = want_len = with_len = False
    min_len = 0
    i = 3
    while i < len(argv):
        word = argv[i].lower()
        if word == b"idx":
            want_idx = True
        elif word == b"len":
            want_len = True
        elif word == b"withmatchlen":
            with_len = True
        elif word == b"minmatchlen" and i + 1 < len(argv):
            min_len = max(parse_int(argv[i + 1]), 0)
            i += 1
        else:
            raise CommandError(SYNTAX)
        i += 1
    if want_idx and want_len:
        raise CommandError("ERR If you want both the length and indexes, please just use IDX.")
    table = _lcs_table(a, b)
    length = table[len(a)][len(b)]
    if want_len:
        return length
    common, ranges = _lcs_walk(a, b, table, min_len, with_len)
    if want_idx:
        return {b"matches": ranges, b"len": length}
    return common
