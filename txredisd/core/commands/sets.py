"""
Set commands (values are L{SetValue}).

Reply order: Redis lists an intset in ascending numeric order, which
L{SetValue.ordered} reproduces; a hashtable's order is its hash order, which
nobody can rely on, so any order will do there.
"""

from __future__ import annotations

import random
from bisect import bisect_left

from txredisd.core.commands._args import LONG_MAX, collection_scan_options, parse_int, typed_lookups
from txredisd.core.commands._spec import KeySpec, command
from txredisd.core.commands.keys import scan_cursor
from txredisd.core.errors import SYNTAX, CommandError
from txredisd.core.glob import compile_glob
from txredisd.core.types.set import SetValue, build
from txredisd.resp.values import SetReply

_SRANDMEMBER_RANGE = (
    "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"
)
_NOT_POSITIVE = "ERR value is out of range, must be positive"
#: Redis propagates the members SPOP took as SREMs of at most this many members each.
_SPOP_BATCH = 1024


_as_set, read_set, write_set = typed_lookups(SetValue)


def _max_intset(session) -> int:
    return session.server.config["set-max-intset-entries"]


def _removed_members(session, key: bytes, value: SetValue, event: str, count: int) -> None:
    """Announce C{count} members gone from C{key}, and the key itself once empty."""
    db, server = session.db, session.server
    server.written(db, key, event, "s", changes=count)
    if not value.members:
        db.delete(key)
        server.written(db, key, "del", "g", changes=0)


def _key_spec(flags: str = "RO access") -> list[KeySpec]:
    return [KeySpec(flags, 1)]


def _all_keys_spec() -> list[KeySpec]:
    return [KeySpec("RO access", 1, lastkey=-1)]


def _store_key_specs(dest_flags: str) -> list[KeySpec]:
    return [KeySpec(dest_flags, 1), KeySpec("RO access", 2, lastkey=-1)]


# -- single-set commands ----------------------------------------------------------


@command("sadd", -3, "write denyoom fast", key_specs=_key_spec("RW insert"), group="set",
         summary="Add members to a set.")
def sadd(session, argv):
    key = argv[1]
    value = write_set(session, key)
    if value is None:
        value = SetValue()
        session.db.set(key, value, keep_ttl=True)
    added = value.update(argv[2:], _max_intset(session))
    if added:
        session.server.written(session.db, key, "sadd", "s", changes=added)
    return added


@command("srem", -3, "write fast", key_specs=_key_spec("RW delete"), group="set",
         summary="Remove members from a set.")
def srem(session, argv):
    key = argv[1]
    value = write_set(session, key)
    if value is None:
        return 0
    removed = sum(value.discard(member) for member in argv[2:])
    if removed:
        _removed_members(session, key, value, "srem", removed)
    return removed


@command("scard", 2, "readonly fast", key_specs=_key_spec("RO"), group="set",
         summary="The number of members of a set.")
def scard(session, argv):
    value = read_set(session, argv[1])
    return 0 if value is None else len(value)


@command("sismember", 3, "readonly fast", key_specs=_key_spec("RO"), group="set",
         summary="Whether a value is a member of a set.")
def sismember(session, argv):
    value = read_set(session, argv[1])
    return int(value is not None and argv[2] in value)


@command("smismember", -3, "readonly fast", key_specs=_key_spec(), group="set", since="6.2.0",
         summary="Whether each of several values is a member of a set.")
def smismember(session, argv):
    value = read_set(session, argv[1])
    members = value.members if value is not None else ()
    return [int(member in members) for member in argv[2:]]


@command("smembers", 2, "readonly", key_specs=_key_spec(), group="set",
         tips=("nondeterministic_output_order",), summary="All the members of a set.")
def smembers(session, argv):
    value = read_set(session, argv[1])
    return SetReply(value.ordered() if value is not None else ())


@command("srandmember", -2, "readonly", key_specs=_key_spec(), group="set",
         tips=("nondeterministic_output",), summary="Members of a set picked at random.")
def srandmember(session, argv):
    if len(argv) > 3:
        raise CommandError(SYNTAX)
    if len(argv) == 3:
        return _srandmember_count(session, argv)
    value = read_set(session, argv[1])
    return None if value is None else random.choice(tuple(value.members))


def _srandmember_count(session, argv: list[bytes]) -> list[bytes]:
    """A negative count may repeat members; a positive one gives distinct members, as many as exist."""
    count = parse_int(argv[2])
    if count < -LONG_MAX:
        raise CommandError(_SRANDMEMBER_RANGE)
    value = read_set(session, argv[1])
    if value is None or count == 0:
        return []
    if count < 0:
        return random.choices(tuple(value.members), k=-count)
    if count >= len(value):
        return value.ordered()
    return random.sample(tuple(value.members), count)


@command("spop", -2, "write fast", key_specs=_key_spec("RW access delete"), group="set",
         tips=("nondeterministic_output",), summary="Remove and return members of a set picked at random.")
def spop(session, argv):
    if len(argv) > 3:
        raise CommandError(SYNTAX)
    if len(argv) == 3:
        return _spop_count(session, argv)
    key = argv[1]
    value = write_set(session, key)
    if value is None:
        return None
    member = random.choice(tuple(value.members))
    value.discard(member)
    session.rewritten = [[b"SREM", key, member]]
    _removed_members(session, key, value, "spop", 1)
    return member


def _spop_count(session, argv: list[bytes]) -> SetReply:
    """
    Replicas get SREMs of the members taken (a DEL, or UNLINK, when the whole
    set went), so that they do not draw their own random members.
    """
    count = parse_int(argv[2], _NOT_POSITIVE)
    if count < 0:
        raise CommandError(_NOT_POSITIVE)
    key = argv[1]
    value = write_set(session, key)
    if value is None or count == 0:
        return SetReply()
    if count >= len(value):
        taken = value.ordered()
        value.discard_all(taken)
        lazy = session.server.config["lazyfree-lazy-server-del"]
        session.rewritten = [[b"UNLINK" if lazy else b"DEL", key]]
    else:
        taken = random.sample(tuple(value.members), count)
        value.discard_all(taken)
        session.rewritten = [
            [b"SREM", key, *taken[i : i + _SPOP_BATCH]] for i in range(0, len(taken), _SPOP_BATCH)
        ]
    _removed_members(session, key, value, "spop", count)
    return SetReply(taken)


@command("smove", 4, "write fast", key_specs=[KeySpec("RW access delete", 1), KeySpec("RW insert", 2)],
         group="set", summary="Move a member from one set to another.")
def smove(session, argv):
    source_key, dest_key, member = argv[1], argv[2], argv[3]
    source = write_set(session, source_key)
    dest = session.db.get(dest_key)
    if source is None:
        return 0
    dest = _as_set(dest)
    if source is dest:
        return int(member in source)
    if not source.discard(member):
        return 0
    _removed_members(session, source_key, source, "srem", 1)
    if dest is None:
        dest = SetValue()
        session.db.set(dest_key, dest, keep_ttl=True)
    if dest.add(member, _max_intset(session)):
        session.server.written(session.db, dest_key, "sadd", "s")
    return 1


@command("sscan", -3, "readonly", key_specs=_key_spec(), group="set", since="2.8.0",
         tips=("nondeterministic_output",), summary="Iterate over the members of a set.")
def sscan(session, argv):
    cursor = scan_cursor(argv[2])
    value = read_set(session, argv[1])
    if value is None:
        return [b"0", []]
    count, pattern = collection_scan_options(argv)
    if value.intset:
        # Redis hands a small encoding over whole, whatever the cursor.
        cursor, members = 0, value.ordered()
    else:
        cursor, members = _scan_page(value, cursor, count)
    if pattern is not None and pattern != b"*":
        match = compile_glob(pattern)
        members = [member for member in members if match(member)]
    return [b"%d" % cursor, members]


def _scan_page(value: SetValue, cursor: int, count: int) -> tuple[int, list[bytes]]:
    """
    About C{count} members placed at or after C{cursor}, and the place of the
    next one (0 when none is left). Places never change, so a member present
    for the whole scan is returned exactly once, as Redis guarantees; members
    sharing a place come out together.
    """
    places, members = value.scan_order()
    start = bisect_left(places, cursor)
    stop = min(start + count, len(places))
    while stop < len(places) and places[stop] == places[stop - 1]:
        stop += 1
    return (places[stop] if stop < len(places) else 0), members[start:stop]


# -- multi-set commands -----------------------------------------------------------


def _sets(session, keys: list[bytes], for_store: bool) -> list[SetValue | None]:
    """The sets at C{keys} (None for missing ones), every key type-checked first, as Redis does."""
    lookup = session.db.get if for_store else session.db.lookup_read
    return [_as_set(lookup(key)) for key in keys]


def _intersection(sets: list[SetValue | None], limit: int = 0) -> list[bytes]:
    """Members of every set, in the smallest set's order; stops at C{limit} members (0: no limit)."""
    if not sets or any(value is None for value in sets):
        return []
    smallest, *others = sorted(sets, key=len)
    found = []
    for member in smallest.ordered():
        if all(member in other.members for other in others):
            found.append(member)
            if len(found) == limit:
                break
    return found


def _union(sets: list[SetValue | None]) -> set[bytes]:
    return set().union(*(value.members for value in sets if value is not None))


def _difference(sets: list[SetValue | None]) -> set[bytes]:
    first, *others = sets
    if first is None:
        return set()
    return first.members.difference(*(value.members for value in others if value is not None))


def _store(session, key: bytes, members, event: str) -> int:
    """Replace C{key} with a new set of C{members} (TTL dropped), or delete it if there are none."""
    db, server = session.db, session.server
    value = build(members, _max_intset(session))
    if not value.members:
        if db.delete(key):
            server.written(db, key, "del", "g")
        return 0
    db.set(key, value)
    server.written(db, key, event, "s")
    return len(value)


@command("sinter", -2, "readonly", key_specs=_all_keys_spec(), group="set",
         tips=("nondeterministic_output_order",), summary="The intersection of sets.")
def sinter(session, argv):
    return SetReply(_intersection(_sets(session, argv[1:], False)))


@command("sintercard", -3, "readonly",
         key_specs=[KeySpec("RO access", 1, keynum=(0, 1, 1))], group="set", since="7.0.0",
         summary="The size of the intersection of sets, counted up to a limit.")
def sintercard(session, argv):
    numkeys = parse_int(argv[1], "ERR numkeys should be greater than 0")
    if numkeys < 1:
        raise CommandError("ERR numkeys should be greater than 0")
    if numkeys > len(argv) - 2:
        raise CommandError("ERR Number of keys can't be greater than number of args")
    limit = 0
    i = 2 + numkeys
    while i < len(argv):
        if argv[i].lower() != b"limit" or i + 1 >= len(argv):
            raise CommandError(SYNTAX)
        limit = parse_int(argv[i + 1], "ERR LIMIT can't be negative")
        if limit < 0:
            raise CommandError("ERR LIMIT can't be negative")
        i += 2
    return len(_intersection(_sets(session, argv[2 : 2 + numkeys], False), limit))


@command("sinterstore", -3, "write denyoom", key_specs=_store_key_specs("RW update"), group="set",
         summary="Store the intersection of sets.")
def sinterstore(session, argv):
    return _store(session, argv[1], _intersection(_sets(session, argv[2:], True)), "sinterstore")


@command("sunion", -2, "readonly", key_specs=_all_keys_spec(), group="set",
         tips=("nondeterministic_output_order",), summary="The union of sets.")
def sunion(session, argv):
    members = _union(_sets(session, argv[1:], False))
    return SetReply(build(members, _max_intset(session)).ordered())


@command("sunionstore", -3, "write denyoom", key_specs=_store_key_specs("OW update"), group="set",
         summary="Store the union of sets.")
def sunionstore(session, argv):
    return _store(session, argv[1], _union(_sets(session, argv[2:], True)), "sunionstore")


@command("sdiff", -2, "readonly", key_specs=_all_keys_spec(), group="set",
         tips=("nondeterministic_output_order",), summary="The members of a set missing from others.")
def sdiff(session, argv):
    members = _difference(_sets(session, argv[1:], False))
    return SetReply(build(members, _max_intset(session)).ordered())


@command("sdiffstore", -3, "write denyoom", key_specs=_store_key_specs("OW update"), group="set",
         summary="Store the members of a set missing from others.")
def sdiffstore(session, argv):
    return _store(session, argv[1], _difference(_sets(session, argv[2:], True)), "sdiffstore")
