"""
Sorted-set commands (the blocking BZ* commands excepted).

Scores are Python floats; a float reply is a bulk string in RESP2 and a double
in RESP3, printed %.17g as Redis 7.0 does.
"""

from __future__ import annotations

import math
import random
import re

from txredisd.core.blocking import Block, deadline_from_seconds
from txredisd.core.commands._args import LONG_MAX, collection_scan_options, parse_int, typed_lookups
from txredisd.core.commands._spec import KeySpec, command
from txredisd.core.commands.keys import scan_cursor
from txredisd.core.errors import NOT_FLOAT, SYNTAX, WRONGTYPE, CommandError
from txredisd.core.glob import compile_glob
from txredisd.core.types.set import SetValue
from txredisd.core.types.zset import LexRange, ScoreRange, ZSet, new_zset
from txredisd.resp.encode import format_double
from txredisd.resp.values import NULL_ARRAY

NOT_FLOAT_RANGE = "ERR min or max is not a float"
NOT_LEX_RANGE = "ERR min or max not valid string range item"
NAN_SCORE = "ERR resulting score is not a number (NaN)"
NOT_POSITIVE = "ERR value is out of range, must be positive"
_NOT_FLOAT_WEIGHT = "ERR weight value is not a float"

_RO = [KeySpec("RO access", 1)]
_RW_DELETE = [KeySpec("RW delete", 1)]
_POP = [KeySpec("RW access delete", 1)]
_G = "sorted_set"

# What C's strtod takes, whole: decimal or hex, inf/infinity, nan (refused by the callers).
_STRTOD = re.compile(
    rb"[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|0[xX](?:[\da-fA-F]+\.?[\da-fA-F]*|\.[\da-fA-F]+)(?:[pP][+-]?\d+)?"
    rb"|(?i:inf(?:inity)?|nan))"
)


def _strtod(text: bytes) -> float | None:
    """C{text} read as C's strtod reads it (leading spaces allowed), None unless all of it is a number."""
    body = text.lstrip(b" \t\n\v\f\r")
    if not body:
        return 0.0 if not text else None
    if not _STRTOD.fullmatch(body):
        return None
    if body.find(b"x") >= 0 or body.find(b"X") >= 0:  # find, not in: see _args.parse_float
        sign = -1.0 if body[:1] == b"-" else 1.0
        return sign * float.fromhex(body.lstrip(b"+-").decode())
    return float(body)


def parse_score(arg: bytes) -> float:
    """A score argument, checked as Redis's C{getDoubleFromObject} (no spaces, NaN or overflow)."""
    value = _strtod(arg) if arg and not arg[:1].isspace() else None
    if value is None or math.isnan(value) or (math.isinf(value) and b"n" not in arg.lower()):
        raise CommandError(NOT_FLOAT)
    return value


def parse_score_range(low: bytes, high: bytes) -> ScoreRange:
    """ZCOUNT-style bounds: a number, '(' then a number for an exclusive end, or +/-inf."""
    (low_value, low_open), (high_value, high_open) = _score_bound(low), _score_bound(high)
    return ScoreRange(low_value, low_open, high_value, high_open)


def _score_bound(arg: bytes) -> tuple[float, bool]:
    is_open = arg[:1] == b"("
    value = _strtod(arg[1:] if is_open else arg)
    if value is None or math.isnan(value):
        raise CommandError(NOT_FLOAT_RANGE)
    return value, is_open


def parse_lex_range(low: bytes, high: bytes) -> LexRange:
    """ZRANGEBYLEX-style bounds: '[' or '(' then a member, or '-' / '+' alone ('+' low or '-' high: nothing)."""
    (low_value, low_open), (high_value, high_open) = _lex_bound(low), _lex_bound(high)
    return LexRange(low_value, low_open, high_value, high_open, empty=low == b"+" or high == b"-")


def _lex_bound(arg: bytes) -> tuple[bytes | None, bool]:
    if arg in (b"-", b"+"):
        return None, False
    if arg[:1] in (b"(", b"["):
        return arg[1:], arg[:1] == b"("
    raise CommandError(NOT_LEX_RANGE)


# -- lookups ------------------------------------------------------------------


_as_zset, read_zset, write_zset = typed_lookups(ZSet)


def _after_removal(session, key: bytes, zset: ZSet, event: str, removed: int) -> None:
    """Notify a removal of C{removed} members; delete the key when the set is left empty."""
    if not removed:
        return
    db, server = session.db, session.server
    server.written(db, key, event, "z", changes=removed)
    if not zset:
        db.delete(key)
        server.written(db, key, "del", "g", changes=0)


def _pairs(session, pairs: list[tuple[float, bytes]], withscores: bool, nested: bool | None = None) -> list:
    """Members, or member/score pairs: flat in RESP2, one array per pair in RESP3 (or as C{nested} says)."""
    if not withscores:
        return [member for _, member in pairs]
    if session.resp == 3 if nested is None else nested:
        return [[member, score] for score, member in pairs]
    return [item for score, member in pairs for item in (member, score)]


# -- ZADD / ZINCRBY -----------------------------------------------------------

_ZADD_FLAGS = frozenset((b"nx", b"xx", b"gt", b"lt", b"ch", b"incr"))


def _zadd_flags(argv: list[bytes]) -> tuple[set[bytes], int]:
    """ZADD's option words and where the score/member pairs begin."""
    flags: set[bytes] = set()
    i = 2
    while i < len(argv) and argv[i].lower() in _ZADD_FLAGS:
        flags.add(argv[i].lower())
        i += 1
    pairs = len(argv) - i
    if pairs % 2 or not pairs:
        raise CommandError(SYNTAX)
    if {b"nx", b"xx"} <= flags:
        raise CommandError("ERR XX and NX options at the same time are not compatible")
    if len(flags & {b"nx", b"gt", b"lt"}) > 1:
        raise CommandError("ERR GT, LT, and/or NX options at the same time are not compatible")
    if b"incr" in flags and pairs > 2:
        raise CommandError("ERR INCR option supports a single increment-element pair")
    return flags, i


def _add_one(zset: ZSet, member: bytes, score: float, flags: set[bytes]) -> tuple[str | None, float]:
    """One ZADD element: ("added" | "updated" | "same" | None for skipped, the member's score)."""
    old = zset.scores.get(member)
    if old is None:
        if b"xx" in flags:
            return None, score
        zset.set(member, score)
        return "added", score
    if b"nx" in flags:
        return None, old
    if b"incr" in flags:
        score += old
        if math.isnan(score):
            raise CommandError(NAN_SCORE)
    if (b"lt" in flags and score >= old) or (b"gt" in flags and score <= old):
        return None, old
    if score == old:
        return "same", score
    zset.set(member, score)
    return "updated", zset.scores[member]


def zadd_elements(session, key: bytes, pairs: list[tuple[float, bytes]], flags: set[bytes]):
    """Add to the set at C{key}; the reply of ZADD (or of ZINCRBY with C{incr})."""
    zset = write_zset(session, key)
    incr = b"incr" in flags
    if zset is None:
        if b"xx" in flags:
            return None if incr else 0
        zset = new_zset(session.server.config, 1, len(pairs[0][1]))
        session.db.set(key, zset, keep_ttl=True)
    added = updated = processed = 0
    score = 0.0
    config = session.server.config
    for value, member in pairs:
        outcome, score = _add_one(zset, member, value, flags)
        added += outcome == "added"
        updated += outcome == "updated"
        processed += outcome is not None
        if outcome == "added":
            zset.fit(config, len(member))
    if added or updated:
        session.server.written(session.db, key, "zincr" if incr else "zadd", "z", changes=added + updated)
    if incr:
        return score if processed else None
    return added + updated if b"ch" in flags else added


@command("zadd", -4, "write denyoom fast", key_specs=[KeySpec("RW update", 1)], group=_G, since="1.2.0",
         summary="Add members to a sorted set, or update their scores.")
def zadd(session, argv):
    flags, first = _zadd_flags(argv)
    pairs = [(parse_score(argv[i]), argv[i + 1]) for i in range(first, len(argv), 2)]
    return zadd_elements(session, argv[1], pairs, flags)


@command("zincrby", 4, "write denyoom fast", key_specs=[KeySpec("RW access update", 1)], group=_G, since="1.2.0",
         summary="Add to the score of a sorted-set member.")
def zincrby(session, argv):
    return zadd_elements(session, argv[1], [(parse_score(argv[2]), argv[3])], {b"incr"})


# -- simple reads ---------------------------------------------------------------


@command("zrem", -3, "write fast", key_specs=[KeySpec("RW delete", 1)], group=_G, since="1.2.0",
         summary="Remove members from a sorted set.")
def zrem(session, argv):
    zset = write_zset(session, argv[1])
    if zset is None:
        return 0
    removed = sum(zset.remove(member) for member in dict.fromkeys(argv[2:]))
    _after_removal(session, argv[1], zset, "zrem", removed)
    return removed


@command("zcard", 2, "readonly fast", key_specs=[KeySpec("RO", 1)], group=_G, since="1.2.0",
         summary="Number of members of a sorted set.")
def zcard(session, argv):
    zset = read_zset(session, argv[1])
    return len(zset) if zset is not None else 0


@command("zscore", 3, "readonly fast", key_specs=_RO, group=_G, since="1.2.0",
         summary="Score of a sorted-set member.")
def zscore(session, argv):
    zset = read_zset(session, argv[1])
    return zset.scores.get(argv[2]) if zset is not None else None


@command("zmscore", -3, "readonly fast", key_specs=_RO, group=_G, since="6.2.0",
         summary="Scores of several sorted-set members.")
def zmscore(session, argv):
    zset = read_zset(session, argv[1])
    scores = zset.scores if zset is not None else {}
    return [scores.get(member) for member in argv[2:]]


def _rank(session, argv, reverse: bool):
    zset = read_zset(session, argv[1])
    rank = zset.rank(argv[2]) if zset is not None else None
    if rank is None:
        return None
    return len(zset) - 1 - rank if reverse else rank


@command("zrank", 3, "readonly fast", key_specs=_RO, group=_G, since="2.0.0",
         summary="Position of a member in a sorted set, lowest score first.")
def zrank(session, argv):
    return _rank(session, argv, reverse=False)


@command("zrevrank", 3, "readonly fast", key_specs=_RO, group=_G, since="2.0.0",
         summary="Position of a member in a sorted set, highest score first.")
def zrevrank(session, argv):
    return _rank(session, argv, reverse=True)


@command("zcount", 4, "readonly fast", key_specs=_RO, group=_G, since="2.0.0",
         summary="Number of members with scores in a range.")
def zcount(session, argv):
    rng = parse_score_range(argv[2], argv[3])
    zset = read_zset(session, argv[1])
    if zset is None:
        return 0
    start, stop = zset.score_span(rng)
    return stop - start


@command("zlexcount", 4, "readonly fast", key_specs=_RO, group=_G, since="2.8.9",
         summary="Number of members in a lexicographical range.")
def zlexcount(session, argv):
    rng = parse_lex_range(argv[2], argv[3])
    zset = read_zset(session, argv[1])
    if zset is None:
        return 0
    start, stop = zset.lex_span(rng)
    return stop - start


# -- ZRANGE family --------------------------------------------------------------


class _RangeRequest:
    """What a ZRANGE-family line asks for: by rank, score or lex, which way, LIMIT, WITHSCORES."""

    __slots__ = ("by", "limit", "offset", "reverse", "withscores")

    def __init__(self, by: bytes | None, reverse: bool | None) -> None:
        self.by, self.reverse = by, reverse
        self.offset, self.limit, self.withscores = 0, -1, False


def _range_request(
    argv: list[bytes], first: int, by: bytes | None, reverse: bool | None, store: bool = False
) -> _RangeRequest:
    """Options after C{argv[first:first + 3]} (key, min, max); C{by}/C{reverse} fixed by legacy commands."""
    request = _RangeRequest(by, reverse)
    has_limit = False
    i = first + 3
    while i < len(argv):
        word = argv[i].lower()
        if word == b"withscores" and not store:
            request.withscores = True
        elif word == b"limit" and len(argv) - i - 1 >= 2:
            request.offset, request.limit = parse_int(argv[i + 1]), parse_int(argv[i + 2])
            has_limit = True
            i += 2
        elif word == b"rev" and request.reverse is None:
            request.reverse = True
        elif word in (b"bylex", b"byscore") and request.by is None:
            request.by = word
        else:
            raise CommandError(SYNTAX)
        i += 1
    request.reverse = bool(request.reverse)
    request.by = request.by or b"rank"
    if has_limit and request.limit != -1 and request.by == b"rank":
        raise CommandError("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX")
    if request.withscores and request.by == b"bylex":
        raise CommandError("ERR syntax error, WITHSCORES not supported in combination with BYLEX")
    return request


def _select(zset: ZSet, request: _RangeRequest, low: bytes, high: bytes) -> list[tuple[float, bytes]]:
    """The pairs a range request picks, in reply order (C{low}/C{high} already parsed-checked)."""
    if request.by == b"rank":
        return _by_rank(zset, parse_int(low), parse_int(high), request.reverse)
    if request.by == b"byscore":
        start, stop = zset.score_span(parse_score_range(low, high))
    else:
        start, stop = zset.lex_span(parse_lex_range(low, high))
    if request.offset < 0:
        return []
    if request.reverse:
        stop -= request.offset
        start = max(start, stop - request.limit) if request.limit >= 0 else start
        return zset.slice(start, stop)[::-1] if start < stop else []
    start += request.offset
    stop = min(stop, start + request.limit) if request.limit >= 0 else stop
    return zset.slice(start, stop)


def _by_rank(zset: ZSet, start: int, end: int, reverse: bool) -> list[tuple[float, bytes]]:
    """Redis's rank arithmetic: negative counts from the end, out-of-range ends clipped."""
    size = len(zset)
    start, end = _clip_ranks(start, end, size)
    if start > end:
        return []
    if reverse:
        return zset.slice(size - 1 - end, size - start)[::-1]
    return zset.slice(start, end + 1)


def _clip_ranks(start: int, end: int, size: int) -> tuple[int, int]:
    """(start, end) inclusive within [0, size), start > end when nothing is selected."""
    if start < 0:
        start += size
    if end < 0:
        end += size
    start = max(start, 0)
    if start > end or start >= size:
        return 1, 0
    return start, min(end, size - 1)


def _check_bounds(request: _RangeRequest, low: bytes, high: bytes) -> None:
    """Bounds are checked before the key is looked at, as in Redis."""
    if request.by == b"rank":
        parse_int(low), parse_int(high)
    elif request.by == b"byscore":
        parse_score_range(low, high)
    else:
        parse_lex_range(low, high)


def _range_command(session, argv, by: bytes | None = None, reverse: bool | None = None):
    """Z[REV]RANGE[BYSCORE|BYLEX]: C{reverse} lines give the range as max then min."""
    request = _range_request(argv, 1, by, reverse)
    low, high = (argv[3], argv[2]) if request.reverse and request.by != b"rank" else (argv[2], argv[3])
    _check_bounds(request, low, high)
    zset = read_zset(session, argv[1])
    if zset is None:
        return []
    return _pairs(session, _select(zset, request, low, high), request.withscores)


_RANGE = dict(key_specs=_RO, group=_G)


@command("zrange", -4, "readonly", since="1.2.0", summary="Members of a sorted set in a range.", **_RANGE)
def zrange(session, argv):
    return _range_command(session, argv)


@command("zrevrange", -4, "readonly", since="1.2.0", summary="Members by rank, highest first.", **_RANGE)
def zrevrange(session, argv):
    return _range_command(session, argv, b"rank", True)


@command("zrangebyscore", -4, "readonly", since="1.0.5", summary="Members in a score range.", **_RANGE)
def zrangebyscore(session, argv):
    return _range_command(session, argv, b"byscore", False)


@command("zrevrangebyscore", -4, "readonly", since="2.2.0", summary="Members in a score range, highest first.",
         **_RANGE)
def zrevrangebyscore(session, argv):
    return _range_command(session, argv, b"byscore", True)


@command("zrangebylex", -4, "readonly", since="2.8.9", summary="Members in a lexicographical range.", **_RANGE)
def zrangebylex(session, argv):
    return _range_command(session, argv, b"bylex", False)


@command("zrevrangebylex", -4, "readonly", since="2.8.9", summary="Members in a lexicographical range, reversed.",
         **_RANGE)
def zrevrangebylex(session, argv):
    return _range_command(session, argv, b"bylex", True)


@command("zrangestore", -5, "write denyoom", key_specs=[KeySpec("OW update", 1), KeySpec("RO access", 2)],
         group=_G, since="6.2.0", summary="Store a range of a sorted set in another key.")
def zrangestore(session, argv):
    request = _range_request(argv, 2, None, None, store=True)
    low, high = (argv[4], argv[3]) if request.reverse and request.by != b"rank" else (argv[3], argv[4])
    _check_bounds(request, low, high)
    source = read_zset(session, argv[2])
    pairs = _select(source, request, low, high) if source is not None else []
    return store_pairs(session, argv[1], pairs, "zrangestore", _range_store_encoding)


def _range_store_encoding(config, pairs: list[tuple[float, bytes]]) -> ZSet:
    """ZRANGESTORE starts from a listpack and converts as members go in."""
    zset = ZSet()
    for score, member in pairs:
        zset.set(member, score)
        zset.fit(config, len(member))
    return zset


def store_pairs(session, key: bytes, pairs: list[tuple[float, bytes]], event: str, build) -> int:
    """Replace C{key} by a set of C{pairs} (built by C{build}), or delete it when there are none."""
    db, server = session.db, session.server
    if pairs:
        db.set(key, build(server.config, pairs))
        server.written(db, key, event, "z")
    elif db.delete(key):
        server.written(db, key, "del", "g")
    return len(pairs)


# -- removals -------------------------------------------------------------------


def _remove_range(session, argv, event: str, span) -> int:
    """ZREMRANGEBY*: C{span(zset)} gives the positions to drop (bounds parsed before the lookup)."""
    zset = write_zset(session, argv[1])
    if zset is None:
        return 0
    removed = zset.delete_span(*span(zset))
    _after_removal(session, argv[1], zset, event, removed)
    return removed


@command("zremrangebyrank", 4, "write", key_specs=_RW_DELETE, group=_G, since="2.0.0",
         summary="Remove members by rank.")
def zremrangebyrank(session, argv):
    start, end = parse_int(argv[2]), parse_int(argv[3])

    def span(zset: ZSet) -> tuple[int, int]:
        first, last = _clip_ranks(start, end, len(zset))
        return first, last + 1

    return _remove_range(session, argv, "zremrangebyrank", span)


@command("zremrangebyscore", 4, "write", key_specs=_RW_DELETE, group=_G, since="1.2.0",
         summary="Remove members in a score range.")
def zremrangebyscore(session, argv):
    rng = parse_score_range(argv[2], argv[3])
    return _remove_range(session, argv, "zremrangebyscore", lambda zset: zset.score_span(rng))


@command("zremrangebylex", 4, "write", key_specs=_RW_DELETE, group=_G, since="2.8.9",
         summary="Remove members in a lexicographical range.")
def zremrangebylex(session, argv):
    rng = parse_lex_range(argv[2], argv[3])
    return _remove_range(session, argv, "zremrangebylex", lambda zset: zset.lex_span(rng))


# -- pops -------------------------------------------------------------------------


def pop(session, key: bytes, zset: ZSet, count: int, highest: bool) -> list[tuple[float, bytes]]:
    """Take C{count} members from one end, with notifications (and the key's deletion if emptied)."""
    size = len(zset)
    count = min(count, size)
    start, stop = (size - count, size) if highest else (0, count)
    pairs = zset.slice(start, stop)
    zset.delete_span(start, stop)
    _after_removal(session, key, zset, "zpopmax" if highest else "zpopmin", len(pairs))
    return pairs[::-1] if highest else pairs


def _pop_command(session, argv, highest: bool):
    if len(argv) > 3:
        raise CommandError(SYNTAX)
    count = parse_int(argv[2], NOT_POSITIVE) if len(argv) == 3 else 1
    if count < 0:
        raise CommandError(NOT_POSITIVE)
    zset = write_zset(session, argv[1])
    if zset is None or not count:
        return []
    pairs = pop(session, argv[1], zset, count, highest)
    return _pairs(session, pairs, True, nested=session.resp == 3 and len(argv) == 3)


@command("zpopmin", -2, "write fast", key_specs=_POP, group=_G, since="5.0.0",
         summary="Remove and return the lowest-scored members.")
def zpopmin(session, argv):
    return _pop_command(session, argv, highest=False)


@command("zpopmax", -2, "write fast", key_specs=_POP, group=_G, since="5.0.0",
         summary="Remove and return the highest-scored members.")
def zpopmax(session, argv):
    return _pop_command(session, argv, highest=True)


@command("zmpop", -4, "write", key_specs=[KeySpec("RW access delete", 1, keynum=(0, 1, 1))], group=_G,
         since="7.0.0", summary="Pop members from the first non-empty sorted set of several.")
def zmpop(session, argv):
    numkeys = parse_int(argv[1], "ERR numkeys should be greater than 0")
    if numkeys <= 0:
        raise CommandError("ERR numkeys should be greater than 0")
    where = argv[numkeys + 2].lower() if numkeys + 2 < len(argv) else b""
    if where not in (b"min", b"max"):
        raise CommandError(SYNTAX)
    count = _zmpop_count(argv, numkeys)
    for key in argv[2:numkeys + 2]:
        zset = write_zset(session, key)
        if zset is not None:
            pairs = pop(session, key, zset, count, highest=where == b"max")
            session.rewritten = [[b"ZPOPMAX" if where == b"max" else b"ZPOPMIN", key, b"%d" % count]]
            return [key, _pairs(session, pairs, True, nested=True)]
    return NULL_ARRAY


def _zmpop_count(argv: list[bytes], numkeys: int) -> int:
    """The optional COUNT after MIN|MAX (1 without it)."""
    rest = argv[numkeys + 3:]
    if not rest:
        return 1
    if len(rest) != 2 or rest[0].lower() != b"count":
        raise CommandError(SYNTAX)
    count = parse_int(rest[1], "ERR count should be greater than 0")
    if count <= 0:
        raise CommandError("ERR count should be greater than 0")
    return count


# -- blocking pops (see txredisd.core.blocking) -------------------------------------


def _blocking_pop(session, argv, highest: bool):
    deadline = deadline_from_seconds(session.server, argv[-1])
    keys = argv[1:-1]
    for key in keys:
        zset = write_zset(session, key)
        if zset is not None:
            (score, member), = pop(session, key, zset, 1, highest)
            session.rewritten = [[b"ZPOPMAX" if highest else b"ZPOPMIN", key]]
            return [key, member, score]
    return Block(keys, deadline, ZSet, NULL_ARRAY, for_key=lambda key: [argv[0], key, argv[-1]])


_BLOCKING_POP = [KeySpec("RW access delete", 1, lastkey=-2)]


@command("bzpopmin", -3, "write noscript blocking fast", key_specs=_BLOCKING_POP, group=_G, since="5.0.0",
         summary="Remove and return the lowest-scored member, or block until one is available.")
def bzpopmin(session, argv):
    return _blocking_pop(session, argv, highest=False)


@command("bzpopmax", -3, "write noscript blocking fast", key_specs=_BLOCKING_POP, group=_G, since="5.0.0",
         summary="Remove and return the highest-scored member, or block until one is available.")
def bzpopmax(session, argv):
    return _blocking_pop(session, argv, highest=True)


@command("bzmpop", -5, "write blocking", key_specs=[KeySpec("RW access delete", 2, keynum=(0, 1, 1))],
         group=_G, since="7.0.0",
         summary="Pop members from the first non-empty sorted set of several, or block until one is available.")
def bzmpop(session, argv):
    deadline = deadline_from_seconds(session.server, argv[1])
    reply = zmpop(session, argv[1:])
    if reply is NULL_ARRAY:
        numkeys = parse_int(argv[2])
        rest = argv[3 + numkeys:]
        return Block(argv[3:3 + numkeys], deadline, ZSet, NULL_ARRAY,
                     for_key=lambda key: [argv[0], argv[1], b"1", key, *rest])
    return reply


# -- ZRANDMEMBER ----------------------------------------------------------------

_COUNT_RANGE = "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"


@command("zrandmember", -2, "readonly", key_specs=_RO, tips=("nondeterministic_output",), group=_G,
         since="6.2.0", summary="Random members of a sorted set.")
def zrandmember(session, argv):
    if len(argv) == 2:
        zset = read_zset(session, argv[1])
        return random.choice(zset.order)[1] if zset is not None else None
    count = parse_int(argv[2])
    if count < -LONG_MAX:
        raise CommandError(_COUNT_RANGE)
    if len(argv) > 4 or (len(argv) == 4 and argv[3].lower() != b"withscores"):
        raise CommandError(SYNTAX)
    withscores = len(argv) == 4
    if withscores and count < -(LONG_MAX // 2):
        raise CommandError("ERR value is out of range")
    zset = read_zset(session, argv[1])
    if zset is None or not count:
        return []
    return _pairs(session, _random_pairs(zset, count), withscores)


def _random_pairs(zset: ZSet, count: int) -> list[tuple[float, bytes]]:
    """Negative: that many draws with repeats; positive: distinct members (the whole set, reversed, if fewer)."""
    order = zset.order
    if count < 0:
        return random.choices(order, k=-count)
    if count >= len(order):
        return list(reversed(order))
    return random.sample(list(order), count)


# -- ZUNION / ZINTER / ZDIFF (+STORE), ZINTERCARD -------------------------------


def _source_scores(value: object) -> dict[bytes, float]:
    """An input of the set operations: a sorted set, or a plain set whose members all score 1."""
    if value is None:
        return {}
    if type(value) is ZSet:
        return value.scores
    if type(value) is SetValue:
        return dict.fromkeys(value.members, 1.0)
    raise CommandError(WRONGTYPE)


class _SetOp:
    """A parsed ZUNION/ZINTER/ZDIFF/ZINTERCARD line: sources (with weights) and options."""

    __slots__ = ("aggregate", "limit", "sources", "weights", "withscores")

    def __init__(self, sources: list[dict[bytes, float]]) -> None:
        self.sources = sources
        self.weights = [1.0] * len(sources)
        self.aggregate = b"sum"
        self.withscores = False
        self.limit = 0


def _parse_setop(session, argv: list[bytes], at: int, op: str, store: bool, card: bool) -> _SetOp:
    """Keys are looked up (and type-checked) before the options are read, as in Redis."""
    numkeys = parse_int(argv[at])
    if numkeys < 1:
        raise CommandError(f"ERR at least 1 input key is needed for '{argv[0].lower().decode()}' command")
    if numkeys > len(argv) - at - 1:
        raise CommandError(SYNTAX)
    lookup = session.db.get if store else session.db.lookup_read
    keys = argv[at + 1:at + 1 + numkeys]
    request = _SetOp([_source_scores(lookup(key)) for key in keys])
    i = at + 1 + numkeys
    while i < len(argv):
        word, remaining = argv[i].lower(), len(argv) - i
        combines = op != "diff" and not card
        if combines and word == b"weights" and remaining > numkeys:
            request.weights = [parse_score_or(arg, _NOT_FLOAT_WEIGHT) for arg in argv[i + 1:i + 1 + numkeys]]
            i += 1 + numkeys
        elif combines and word == b"aggregate" and remaining >= 2:
            request.aggregate = argv[i + 1].lower()
            if request.aggregate not in (b"sum", b"min", b"max"):
                raise CommandError(SYNTAX)
            i += 2
        elif word == b"withscores" and not store and not card:
            request.withscores = True
            i += 1
        elif card and word == b"limit" and remaining >= 2:
            request.limit = parse_int(argv[i + 1], "ERR LIMIT can't be negative")
            if request.limit < 0:
                raise CommandError("ERR LIMIT can't be negative")
            i += 2
        else:
            raise CommandError(SYNTAX)
    return request


def parse_score_or(arg: bytes, message: str) -> float:
    """A double argument with a command's own error text."""
    try:
        return parse_score(arg)
    except CommandError:
        raise CommandError(message) from None


def _combine(total: float, value: float, aggregate: bytes) -> float:
    if aggregate == b"sum":
        total += value
        return 0.0 if math.isnan(total) else total
    return min(total, value) if aggregate == b"min" else max(total, value)


def _weighted(score: float, weight: float) -> float:
    value = score * weight
    return 0.0 if math.isnan(value) else value


def _by_size(request: _SetOp) -> list[tuple[dict[bytes, float], float]]:
    """Sources with their weights, smallest first (Redis's order, which fixes how sums round)."""
    return sorted(zip(request.sources, request.weights, strict=True), key=lambda pair: len(pair[0]))


def _union(request: _SetOp) -> dict[bytes, float]:
    result: dict[bytes, float] = {}
    for scores, weight in _by_size(request):
        for member, score in scores.items():
            value = _weighted(score, weight)
            result[member] = _combine(result[member], value, request.aggregate) if member in result else value
    return result


def _inter(request: _SetOp, limit: int = 0) -> dict[bytes, float]:
    """The intersection; with C{limit}, stop once that many members are found (ZINTERCARD)."""
    (first, first_weight), *others = _by_size(request)
    result: dict[bytes, float] = {}
    for member, score in first.items():
        total = _weighted(score, first_weight)
        for scores, weight in others:
            if member not in scores:
                break
            total = _combine(total, _weighted(scores[member], weight), request.aggregate)
        else:
            result[member] = total
            if len(result) == limit:
                break
    return result


def _diff(request: _SetOp) -> dict[bytes, float]:
    first, *others = request.sources
    return {member: score for member, score in first.items() if not any(member in other for other in others)}


_OPERATIONS = {"union": _union, "inter": _inter, "diff": _diff}


def _setop(session, argv, op: str, store: bool):
    request = _parse_setop(session, argv, 2 if store else 1, op, store, card=False)
    pairs = sorted((score, member) for member, score in _OPERATIONS[op](request).items())
    if store:
        return store_pairs(session, argv[1], pairs, f"z{op}store", _sized_store)
    return _pairs(session, pairs, request.withscores)


def _sized_store(config, pairs: list[tuple[float, bytes]]) -> ZSet:
    """A computed result takes the encoding its final size and longest member call for."""
    zset = new_zset(config, len(pairs), max(len(member) for _, member in pairs))
    for score, member in pairs:
        zset.set(member, score)
    return zset


_MULTI_READ = dict(key_specs=[KeySpec("RO access", 1, keynum=(0, 1, 1))], group=_G)
_MULTI_STORE = dict(key_specs=[KeySpec("OW update", 1), KeySpec("RO access", 2, keynum=(0, 1, 1))], group=_G)


@command("zunion", -3, "readonly", since="6.2.0", summary="Union of sorted sets.", **_MULTI_READ)
def zunion(session, argv):
    return _setop(session, argv, "union", store=False)


@command("zinter", -3, "readonly", since="6.2.0", summary="Intersection of sorted sets.", **_MULTI_READ)
def zinter(session, argv):
    return _setop(session, argv, "inter", store=False)


@command("zdiff", -3, "readonly", since="6.2.0", summary="Members of the first sorted set not in the others.",
         **_MULTI_READ)
def zdiff(session, argv):
    return _setop(session, argv, "diff", store=False)


@command("zunionstore", -4, "write denyoom", since="2.0.0", summary="Store the union of sorted sets.",
         **_MULTI_STORE)
def zunionstore(session, argv):
    return _setop(session, argv, "union", store=True)


@command("zinterstore", -4, "write denyoom", since="2.0.0", summary="Store the intersection of sorted sets.",
         **_MULTI_STORE)
def zinterstore(session, argv):
    return _setop(session, argv, "inter", store=True)


@command("zdiffstore", -4, "write denyoom", since="6.2.0", summary="Store the difference of sorted sets.",
         **_MULTI_STORE)
def zdiffstore(session, argv):
    return _setop(session, argv, "diff", store=True)


@command("zintercard", -3, "readonly", since="7.0.0", summary="Size of the intersection of sorted sets.",
         **_MULTI_READ)
def zintercard(session, argv):
    request = _parse_setop(session, argv, 1, "inter", store=False, card=True)
    return len(_inter(request, request.limit))


@command("zscan", -3, "readonly", key_specs=_RO, tips=("nondeterministic_output",), group=_G, since="2.8.0",
         summary="Iterate over the members and scores of a sorted set a few at a time.")
def zscan(session, argv):
    cursor = scan_cursor(argv[2])
    zset = read_zset(session, argv[1])
    if zset is None:
        return [b"0", []]
    count, pattern = collection_scan_options(argv)
    cursor, found = zset.scan(cursor, count)
    if pattern is not None and pattern != b"*":
        match = compile_glob(pattern)
        found = [pair for pair in found if match(pair[0])]
    # Scores come back as strings here, even in RESP3.
    return [b"%d" % cursor, [item for member, score in found for item in (member, format_double(score))]]
