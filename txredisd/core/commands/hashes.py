"""
Hash commands. The value model (and its encodings) is L{txredisd.core.types.hash.Hash}.
"""

from __future__ import annotations

import random
from fractions import Fraction

from txredisd.core.commands._args import LONG_MAX, LONG_MIN, collection_scan_options, parse_int, typed_lookups
from txredisd.core.commands._spec import KeySpec, command
from txredisd.core.commands.keys import scan_cursor
from txredisd.core.commands.strings import NAN_OR_INF, format_long_double, parse_long_double, round_long_double
from txredisd.core.errors import OVERFLOW, SYNTAX, CommandError, wrong_arity
from txredisd.core.glob import compile_glob
from txredisd.core.types.hash import Hash
from txredisd.resp.request import string2ll
from txredisd.resp.values import OK

_RW_UPDATE = [KeySpec("RW update", 1)]
_RW_ACCESS_UPDATE = [KeySpec("RW access update", 1)]
_RO = [KeySpec("RO", 1)]
_RO_ACCESS = [KeySpec("RO access", 1)]
_COUNT_RANGE = "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"


_checked, read_hash, _lookup_write = typed_lookups(Hash)


def _writable(session, key: bytes) -> Hash:
    """The hash at C{key} for writing, created empty (TTL-less) if missing."""
    value = _lookup_write(session, key)
    if value is None:
        value = Hash()
        session.db.set(key, value, keep_ttl=True)
    return value


def _changed(session, key: bytes, value: Hash, longest: int, event: str, changes: int = 1) -> None:
    """After a write: encoding check against today's limits, then the write path."""
    value.fit(session.server.config, longest)
    session.server.written(session.db, key, event, "h", changes)


# -- setting -----------------------------------------------------------------------


def _set_pairs(session, argv: list[bytes], name: str) -> int:
    if len(argv) % 2:
        raise wrong_arity(name)
    key = argv[1]
    value = _writable(session, key)
    put = value.put
    created = sum(put(argv[i], argv[i + 1]) for i in range(2, len(argv), 2))
    _changed(session, key, value, max(map(len, argv[2:])), "hset", (len(argv) - 2) // 2)
    return created


@command("hset", -4, "write denyoom fast", key_specs=_RW_UPDATE, group="hash", since="2.0.0",
         summary="Set fields of a hash.")
def hset(session, argv):
    return _set_pairs(session, argv, "hset")


@command("hmset", -4, "write denyoom fast", key_specs=_RW_UPDATE, group="hash", since="2.0.0",
         summary="Set fields of a hash (deprecated form of HSET).")
def hmset(session, argv):
    _set_pairs(session, argv, "hmset")
    return OK


@command("hsetnx", 4, "write denyoom fast", key_specs=[KeySpec("RW insert", 1)], group="hash", since="2.0.0",
         summary="Set a hash field only if it does not exist.")
def hsetnx(session, argv):
    key, field, new = argv[1], argv[2], argv[3]
    value = _writable(session, key)
    if field in value.fields:
        return 0
    value.put(field, new)
    _changed(session, key, value, max(len(field), len(new)), "hset")
    return 1


@command("hdel", -3, "write fast", key_specs=[KeySpec("RW delete", 1)], group="hash", since="2.0.0",
         summary="Delete fields of a hash.")
def hdel(session, argv):
    key = argv[1]
    db = session.db
    value = _checked(db.get(key))
    if value is None:
        return 0
    fields = value.fields
    deleted = 0
    for field in argv[2:]:
        if fields.pop(field, None) is not None:
            deleted += 1
            if not fields:
                break
    if deleted:
        session.server.written(db, key, "hdel", "h", deleted)
        if not fields:
            db.delete(key)
            session.server.written(db, key, "del", "g", 0)
    return deleted


# -- reading -----------------------------------------------------------------------


@command("hget", 3, "readonly fast", key_specs=_RO_ACCESS, group="hash", since="2.0.0",
         summary="Get the value of a hash field.")
def hget(session, argv):
    value = read_hash(session, argv[1])
    return None if value is None else value.fields.get(argv[2])


@command("hmget", -3, "readonly fast", key_specs=_RO_ACCESS, group="hash", since="2.0.0",
         summary="Get the values of hash fields.")
def hmget(session, argv):
    value = read_hash(session, argv[1])
    if value is None:
        return [None] * (len(argv) - 2)
    get = value.fields.get
    return [get(field) for field in argv[2:]]


@command("hlen", 2, "readonly fast", key_specs=_RO, group="hash", since="2.0.0",
         summary="The number of fields in a hash.")
def hlen(session, argv):
    value = read_hash(session, argv[1])
    return 0 if value is None else len(value.fields)


@command("hstrlen", 3, "readonly fast", key_specs=_RO, group="hash", since="3.2.0",
         summary="The length of a hash field's value.")
def hstrlen(session, argv):
    value = read_hash(session, argv[1])
    return 0 if value is None else len(value.fields.get(argv[2], b""))


@command("hexists", 3, "readonly fast", key_specs=_RO, group="hash", since="2.0.0",
         summary="Whether a hash field exists.")
def hexists(session, argv):
    value = read_hash(session, argv[1])
    return int(value is not None and argv[2] in value.fields)


@command("hkeys", 2, "readonly", key_specs=_RO_ACCESS, group="hash", since="2.0.0",
         tips=("nondeterministic_output_order",), summary="All the fields of a hash.")
def hkeys(session, argv):
    value = read_hash(session, argv[1])
    return [] if value is None else list(value.fields)


@command("hvals", 2, "readonly", key_specs=_RO_ACCESS, group="hash", since="2.0.0",
         tips=("nondeterministic_output_order",), summary="All the values of a hash.")
def hvals(session, argv):
    value = read_hash(session, argv[1])
    return [] if value is None else list(value.fields.values())


@command("hgetall", 2, "readonly", key_specs=_RO_ACCESS, group="hash", since="2.0.0",
         tips=("nondeterministic_output_order",), summary="All the fields and values of a hash.")
def hgetall(session, argv):
    value = read_hash(session, argv[1])
    return {} if value is None else dict(value.fields)


# -- counters ------------------------------------------------------------------------


@command("hincrby", 4, "write denyoom fast", key_specs=_RW_ACCESS_UPDATE, group="hash", since="2.0.0",
         summary="Add to the integer value of a hash field.")
def hincrby(session, argv):
    key, field = argv[1], argv[2]
    delta = parse_int(argv[3])
    value = _writable(session, key)
    current = value.fields.get(field)
    if current is None:
        total = delta
    else:
        number = string2ll(current)
        if number is None:
            raise CommandError("ERR hash value is not an integer")
        total = number + delta
        if not LONG_MIN <= total <= LONG_MAX:
            raise CommandError(OVERFLOW)
    value.put(field, b"%d" % total)
    _changed(session, key, value, len(field), "hincrby")
    return total


def _hash_float(text: bytes) -> Fraction | float:
    try:
        return parse_long_double(text)
    except CommandError:
        raise CommandError("ERR hash value is not a float") from None


@command("hincrbyfloat", 4, "write denyoom fast", key_specs=_RW_ACCESS_UPDATE, group="hash", since="2.6.0",
         summary="Add a decimal number to the value of a hash field.")
def hincrbyfloat(session, argv):
    key, field = argv[1], argv[2]
    delta = parse_long_double(argv[3])
    if type(delta) is float:
        raise CommandError("ERR value is NaN or Infinity")
    value = _writable(session, key)
    current = value.fields.get(field)
    total = delta if current is None else _hash_float(current) + delta
    if type(total) is not float:
        total = round_long_double(total)
    if type(total) is float:
        raise CommandError(NAN_OR_INF)
    text = format_long_double(total)
    value.put(field, text)
    _changed(session, key, value, max(len(field), len(text)), "hincrbyfloat")
    # Replicas get the result, so float formatting can never make them diverge.
    session.rewritten = [[b"HSET", key, field, text]]
    return text


# -- random fields and scanning ------------------------------------------------------------------


@command("hrandfield", -2, "readonly", key_specs=_RO_ACCESS, group="hash", since="6.2.0",
         tips=("nondeterministic_output",), summary="Pick random fields of a hash.")
def hrandfield(session, argv):
    if len(argv) == 2:
        value = read_hash(session, argv[1])
        return None if value is None else random.choice(list(value.fields))
    count = parse_int(argv[2])
    if count < -LONG_MAX:
        raise CommandError(_COUNT_RANGE)
    with_values = len(argv) == 4 and argv[3].lower() == b"withvalues"
    if len(argv) > 3 and not with_values:
        raise CommandError(SYNTAX)
    if with_values and abs(count) > LONG_MAX // 2:
        raise CommandError("ERR value is out of range")
    value = read_hash(session, argv[1])
    if value is None or count == 0:
        return []
    fields = value.fields
    if count < 0:
        names = random.choices(list(fields), k=-count)
    elif count >= len(fields):
        names = list(fields)
    else:
        names = random.sample(list(fields), count)
    if not with_values:
        return names
    if session.resp == 3:
        return [[name, fields[name]] for name in names]
    return [item for name in names for item in (name, fields[name])]


@command("hscan", -3, "readonly", key_specs=_RO_ACCESS, group="hash", since="2.8.0",
         tips=("nondeterministic_output",), summary="Iterate over the fields of a hash a few at a time.")
def hscan(session, argv):
    cursor = scan_cursor(argv[2])
    value = read_hash(session, argv[1])
    if value is None:
        return [b"0", []]
    count, pattern = collection_scan_options(argv)
    cursor, found = value.scan(cursor, count)
    if pattern is not None and pattern != b"*":
        found = list(filter(compile_glob(pattern), found))
    fields = value.fields
    return [b"%d" % cursor, [item for name in found for item in (name, fields[name])]]

