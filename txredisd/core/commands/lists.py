"""
List commands, blocking ones included (see L{txredisd.core.blocking}).

Each write reports its change with Redis's event name (class "l") and, like
Redis, deletes a list that becomes empty with a "del" event. The dirty
counter moves by the number of elements added or removed, as Redis counts.
"""

from __future__ import annotations

from itertools import islice

from txredisd.core.blocking import Block, deadline_from_seconds
from txredisd.core.commands._args import LONG_MAX, LONG_MIN, parse_int, typed_lookups
from txredisd.core.commands._spec import KeySpec, command
from txredisd.core.errors import NO_SUCH_KEY, SYNTAX, CommandError, wrong_arity
from txredisd.core.types.list import ListValue
from txredisd.resp.values import NULL_ARRAY, OK

OUT_OF_RANGE = "ERR index out of range"
POP_COUNT = "ERR value is out of range, must be positive"
RANK_ZERO = (
    "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... "
    "or use negative to start from the end of the list"
)
_SIDES = {b"left": True, b"right": False}


_as_list, _read, _write = typed_lookups(ListValue)


def _changed(session, key: bytes, items: ListValue, event: str, changes: int) -> None:
    """Report a change to the list at C{key}, deleting the key if the list is now empty."""
    db, server = session.db, session.server
    server.written(db, key, event, "l", changes)
    if not items:
        db.delete(key)
        server.written(db, key, "del", "g", 0)


def _side(arg: bytes) -> bool:
    """True for LEFT (the head), False for RIGHT; a syntax error otherwise."""
    side = _SIDES.get(arg.lower())
    if side is None:
        raise CommandError(SYNTAX)
    return side


def _push(session, key: bytes, items: ListValue | None, values, left: bool) -> ListValue:
    """Push C{values} one by one at an end of C{items}, creating the list when missing."""
    if items is None:
        items = ListValue()
        session.db.set(key, items, keep_ttl=True)
    if left:
        items.extendleft(values)
    else:
        items.extend(values)
    session.server.written(session.db, key, "lpush" if left else "rpush", "l", len(values))
    return items


def _pop(items: ListValue, count: int, left: bool) -> list[bytes]:
    """Up to C{count} elements from one end, in the order they leave (a count past the length is no error)."""
    take = items.popleft if left else items.pop
    return [take() for _ in range(min(count, len(items)))]


def _index(items: ListValue, index: int) -> int | None:
    """A Redis index (negative from the tail) as a position in C{items}, None when outside."""
    if index < 0:
        index += len(items)
    return index if 0 <= index < len(items) else None


def _span(length: int, start: int, end: int) -> tuple[int, int]:
    """The positions [first, stop) that Redis's inclusive, clamped range start..end covers."""
    if start < 0:
        start = max(start + length, 0)
    if end < 0:
        end += length
    if start > end or start >= length:
        return 0, 0
    return start, min(end, length - 1) + 1


# -- push ------------------------------------------------------------------------


def _push_command(session, argv, left: bool, create: bool) -> int:
    key = argv[1]
    items = _write(session, key)
    if items is None and not create:
        return 0
    return len(_push(session, key, items, argv[2:], left))


_PUSH_SPEC = dict(key_specs=[KeySpec("RW insert", 1)], group="list")


@command("lpush", -3, "write denyoom fast", **_PUSH_SPEC, summary="Add elements at the head of a list.")
def lpush(session, argv):
    return _push_command(session, argv, left=True, create=True)


@command("rpush", -3, "write denyoom fast", **_PUSH_SPEC, summary="Add elements at the tail of a list.")
def rpush(session, argv):
    return _push_command(session, argv, left=False, create=True)


@command("lpushx", -3, "write denyoom fast", **_PUSH_SPEC, since="2.2.0",
         summary="Add elements at the head of an existing list.")
def lpushx(session, argv):
    return _push_command(session, argv, left=True, create=False)


@command("rpushx", -3, "write denyoom fast", **_PUSH_SPEC, since="2.2.0",
         summary="Add elements at the tail of an existing list.")
def rpushx(session, argv):
    return _push_command(session, argv, left=False, create=False)


# -- pop -------------------------------------------------------------------------


def _pop_command(session, argv, left: bool):
    """LPOP/RPOP: one element (bulk or null), or with a count an array (or null array)."""
    if len(argv) > 3:
        raise wrong_arity(argv[0].decode().lower())
    count = None
    if len(argv) == 3:
        count = parse_int(argv[2], POP_COUNT)
        if count < 0:
            raise CommandError(POP_COUNT)
    key = argv[1]
    items = _write(session, key)
    if items is None:
        return None if count is None else NULL_ARRAY
    popped = _pop(items, 1 if count is None else count, left)
    if popped:
        _changed(session, key, items, "lpop" if left else "rpop", len(popped))
    if count is None:
        return popped[0]
    return popped


_POP_SPEC = dict(key_specs=[KeySpec("RW access delete", 1)], group="list")


@command("lpop", -2, "write fast", **_POP_SPEC, summary="Remove and return elements from the head of a list.")
def lpop(session, argv):
    return _pop_command(session, argv, left=True)


@command("rpop", -2, "write fast", **_POP_SPEC, summary="Remove and return elements from the tail of a list.")
def rpop(session, argv):
    return _pop_command(session, argv, left=False)


def _lmpop_args(argv) -> tuple[list[bytes], bool, int]:
    """LMPOP's keys, side and count, with Redis's checks in Redis's order."""
    numkeys = parse_int(argv[1], "ERR numkeys should be greater than 0")
    if numkeys <= 0:
        raise CommandError("ERR numkeys should be greater than 0")
    side_at = 2 + numkeys
    if side_at >= len(argv):
        raise CommandError(SYNTAX)
    left = _side(argv[side_at])
    count = None
    rest = argv[side_at + 1:]
    while rest:
        if rest[0].lower() != b"count" or len(rest) < 2 or count is not None:
            raise CommandError(SYNTAX)
        count = parse_int(rest[1], "ERR count should be greater than 0")
        if count <= 0:
            raise CommandError("ERR count should be greater than 0")
        rest = rest[2:]
    return argv[2:side_at], left, 1 if count is None else count


@command("lmpop", -4, "write", key_specs=[KeySpec("RW access delete", 1, keynum=(0, 1, 1))], group="list",
         since="7.0.0", summary="Pop elements from the first non-empty list of several.")
def lmpop(session, argv):
    keys, left, count = _lmpop_args(argv)
    for key in keys:
        items = _write(session, key)
        if items is None:
            continue
        popped = _pop(items, count, left)
        _changed(session, key, items, "lpop" if left else "rpop", len(popped))
        # Replicas and the AOF see what really happened, as Redis propagates it.
        session.rewritten = [[b"LPOP" if left else b"RPOP", key, b"%d" % len(popped)]]
        return [key, popped]
    return NULL_ARRAY


# -- move ------------------------------------------------------------------------


def _move(session, source: bytes, target: bytes, from_left: bool, to_left: bool) -> bytes | None:
    """Pop from C{source} and push onto C{target}; both types are checked before anything moves."""
    items = _write(session, source)
    if items is None:
        return None
    into = _write(session, target)
    value = _pop(items, 1, from_left)[0]
    # Redis announces the push before the pop; the move counts as one change.
    _push(session, target, into, [value], to_left)
    _changed(session, source, items, "lpop" if from_left else "rpop", 0)
    return value


_MOVE_SPECS = [KeySpec("RW access delete", 1), KeySpec("RW insert", 2)]


@command("lmove", 5, "write denyoom", key_specs=_MOVE_SPECS, group="list", since="6.2.0",
         summary="Pop an element from one list and push it onto another.")
def lmove(session, argv):
    from_left, to_left = _side(argv[3]), _side(argv[4])
    return _move(session, argv[1], argv[2], from_left, to_left)


@command("rpoplpush", 3, "write denyoom", key_specs=_MOVE_SPECS, group="list", since="1.2.0",
         summary="Pop the tail of one list and push it at the head of another.")
def rpoplpush(session, argv):
    return _move(session, argv[1], argv[2], from_left=False, to_left=True)


# -- blocking --------------------------------------------------------------------
#
# Each tries its non-blocking twin first; finding every list empty it returns a
# Block, and the same argv runs again when one of the keys gets a list.


_BLOCKING_SPEC = dict(key_specs=[KeySpec("RW access delete", 1, lastkey=-2)], group="list")


def _blocking_pop(session, argv, left: bool):
    deadline = deadline_from_seconds(session.server, argv[-1])
    keys = argv[1:-1]
    for key in keys:
        items = _write(session, key)
        if items is not None:
            value = _pop(items, 1, left)[0]
            _changed(session, key, items, "lpop" if left else "rpop", 1)
            session.rewritten = [[b"LPOP" if left else b"RPOP", key]]
            return [key, value]
    return Block(keys, deadline, ListValue, NULL_ARRAY, for_key=lambda key: [argv[0], key, argv[-1]])


@command("blpop", -3, "write noscript blocking", **_BLOCKING_SPEC,
         summary="Remove and get the first element in a list, or block until one is available.")
def blpop(session, argv):
    return _blocking_pop(session, argv, left=True)


@command("brpop", -3, "write noscript blocking", **_BLOCKING_SPEC,
         summary="Remove and get the last element in a list, or block until one is available.")
def brpop(session, argv):
    return _blocking_pop(session, argv, left=False)


@command("blmpop", -5, "write blocking", key_specs=[KeySpec("RW access delete", 2, keynum=(0, 1, 1))],
         group="list", since="7.0.0",
         summary="Pop elements from the first non-empty list of several, or block until one is available.")
def blmpop(session, argv):
    deadline = deadline_from_seconds(session.server, argv[1])
    reply = lmpop(session, argv[1:])
    if reply is NULL_ARRAY:
        keys = _lmpop_args(argv[1:])[0]
        rest = argv[3 + len(keys):]
        return Block(keys, deadline, ListValue, NULL_ARRAY, for_key=lambda key: [argv[0], argv[1], b"1", key, *rest])
    return reply


def _blocking_move(session, argv, from_left: bool, to_left: bool, as_command: list[bytes]):
    deadline = deadline_from_seconds(session.server, argv[-1])
    value = _move(session, argv[1], argv[2], from_left, to_left)
    if value is None:
        # Redis's quirk: a null bulk where blocking is not allowed, a null array on timeout.
        return None if session.deny_blocking else Block([argv[1]], deadline, ListValue, NULL_ARRAY)
    session.rewritten = [as_command]
    return value


@command("blmove", 6, "write denyoom noscript blocking", key_specs=_MOVE_SPECS, group="list", since="6.2.0",
         summary="Pop an element from one list, push it onto another, or block until one is available.")
def blmove(session, argv):
    from_left, to_left = _side(argv[3]), _side(argv[4])
    return _blocking_move(session, argv, from_left, to_left, [b"LMOVE", *argv[1:5]])


@command("brpoplpush", 4, "write denyoom noscript blocking", key_specs=_MOVE_SPECS, group="list",
         since="2.2.0", summary="Pop the tail of one list, push it at the head of another, or block.")
def brpoplpush(session, argv):
    return _blocking_move(session, argv, False, True, [b"RPOPLPUSH", argv[1], argv[2]])


# -- read ------------------------------------------------------------------------


@command("llen", 2, "readonly fast", key_specs=[KeySpec("RO", 1)], group="list",
         summary="Number of elements in a list.")
def llen(session, argv):
    items = _read(session, argv[1])
    return 0 if items is None else len(items)


# LRANGE reads a window of at most this many elements by index when it lies
# more than _INDEXED_DISTANCE elements from both ends (measured crossover).
_INDEXED_WINDOW = 64
_INDEXED_DISTANCE = 4096


@command("lrange", 4, "readonly", key_specs=[KeySpec("RO access", 1)], group="list",
         summary="Elements of a list between two indexes.")
def lrange(session, argv):
    start, end = parse_int(argv[2]), parse_int(argv[3])
    items = _read(session, argv[1])
    if items is None:
        return []
    length = len(items)
    first, stop = _span(length, start, end)
    distance = min(first, length - stop)
    if stop - first <= _INDEXED_WINDOW and distance > _INDEXED_DISTANCE:
        # A small window deep inside a long list: a deque finds each index by
        # skipping whole blocks, far cheaper than stepping over every element.
        return [items[i] for i in range(first, stop)]
    if first <= length - stop:
        return list(islice(items, first, stop))
    # Nearer the tail (LRANGE l -10 -1 on a long list): walk from there.
    tail = list(islice(reversed(items), length - stop, length - first))
    tail.reverse()
    return tail


@command("lindex", 3, "readonly", key_specs=[KeySpec("RO access", 1)], group="list",
         summary="The element of a list at an index.")
def lindex(session, argv):
    # Redis looks the key up before it reads the index: a missing key is nil whatever the index.
    items = _read(session, argv[1])
    if items is None:
        return None
    position = _index(items, parse_int(argv[2]))
    return None if position is None else items[position]


def _lpos_args(argv) -> tuple[int, int | None, int]:
    """LPOS's RANK, COUNT (None when absent) and MAXLEN, checked as Redis checks them."""
    rank, count, maxlen = 1, None, 0
    at = 3
    while at < len(argv):
        option = argv[at].lower()
        if at + 1 >= len(argv) or option not in (b"rank", b"count", b"maxlen"):
            raise CommandError(SYNTAX)
        arg = argv[at + 1]
        if option == b"rank":
            rank = parse_int(arg)
            if rank == 0:
                raise CommandError(RANK_ZERO)
        else:
            message = "ERR COUNT can't be negative" if option == b"count" else "ERR MAXLEN can't be negative"
            value = parse_int(arg, message)
            if value < 0:
                raise CommandError(message)
            if option == b"count":
                count = value
            else:
                maxlen = value
        at += 2
    if rank == LONG_MIN:
        # Redis negates the rank in C, where LONG_MIN stays negative: the scan runs from the
        # tail, every match qualifies and the COUNT test overflows, so any COUNT means "all".
        rank, count = -1, None if count is None else 0
    return rank, count, maxlen


def _positions(items: ListValue, element: bytes, rank: int, wanted: int, maxlen: int) -> list[int]:
    """Positions (from the head) of matches of C{element}, skipping the first |rank|-1 matches."""
    length = len(items)
    scan = enumerate(items) if rank > 0 else zip(range(length - 1, -1, -1), reversed(items), strict=True)
    skip = abs(rank) - 1
    found: list[int] = []
    for position, item in islice(scan, maxlen or None):
        if item == element:
            if skip:
                skip -= 1
                continue
            found.append(position)
            if len(found) == wanted:
                break
    return found


@command("lpos", -3, "readonly", key_specs=[KeySpec("RO access", 1)], group="list", since="6.0.6",
         summary="Positions of an element in a list.")
def lpos(session, argv):
    rank, count, maxlen = _lpos_args(argv)
    items = _read(session, argv[1])
    if count is None:
        found = [] if items is None else _positions(items, argv[2], rank, 1, maxlen)
        return found[0] if found else None
    if items is None:
        return []
    return _positions(items, argv[2], rank, count or LONG_MAX, maxlen)


# -- change in place -------------------------------------------------------------


@command("lset", 4, "write denyoom", key_specs=[KeySpec("RW update", 1)], group="list",
         summary="Replace the element of a list at an index.")
def lset(session, argv):
    key = argv[1]
    items = _write(session, key)
    if items is None:
        raise CommandError(NO_SUCH_KEY)
    position = _index(items, parse_int(argv[2]))
    if position is None:
        raise CommandError(OUT_OF_RANGE)
    items[position] = argv[3]
    session.server.written(session.db, key, "lset", "l")
    return OK


@command("linsert", 5, "write denyoom", key_specs=[KeySpec("RW insert", 1)], group="list", since="2.2.0",
         summary="Insert an element before or after another in a list.")
def linsert(session, argv):
    where = argv[2].lower()
    if where not in (b"before", b"after"):
        raise CommandError(SYNTAX)
    key = argv[1]
    items = _write(session, key)
    if items is None:
        return 0
    try:
        position = items.index(argv[3])
    except ValueError:
        return -1
    items.insert(position if where == b"before" else position + 1, argv[4])
    session.server.written(session.db, key, "linsert", "l")
    return len(items)


@command("lrem", 4, "write", key_specs=[KeySpec("RW delete", 1)], group="list",
         summary="Remove elements equal to a value from a list.")
def lrem(session, argv):
    count = parse_int(argv[2])
    key, element = argv[1], argv[3]
    items = _write(session, key)
    if items is None:
        return 0
    limit = abs(count) or len(items)
    kept: list[bytes] = []
    removed = 0
    for item in (reversed(items) if count < 0 else items):
        if removed < limit and item == element:
            removed += 1
        else:
            kept.append(item)
    if removed:
        if count < 0:
            kept.reverse()
        items.clear()
        items.extend(kept)
        _changed(session, key, items, "lrem", removed)
    return removed


@command("ltrim", 4, "write", key_specs=[KeySpec("RW delete", 1)], group="list",
         summary="Keep only the elements of a list between two indexes.")
def ltrim(session, argv):
    start, end = parse_int(argv[2]), parse_int(argv[3])
    key = argv[1]
    items = _write(session, key)
    if items is None:
        return OK
    length = len(items)
    first, stop = _span(length, start, end)
    for _ in range(first):
        items.popleft()
    for _ in range(length - stop):
        items.pop()
    # Redis announces the trim even when it removed nothing (but counts no change then).
    _changed(session, key, items, "ltrim", length - len(items))
    return OK
