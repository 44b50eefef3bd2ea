"""
SORT and SORT_RO: the elements of a list, set or sorted set, ordered by their
own value or by keys derived from them (BY), optionally replaced by other
keys' values (GET) and stored as a list (STORE, SORT only).

Redis's quirks kept here, because clients can see them:
  - numbers are read the way C's strtod reads them (leading blanks, hex,
    "inf"); a value it rejects, or one out of double range, fails the whole
    sort after it ran;
  - equal numeric scores are ordered by the elements' bytes, and DESC
    reverses that tie-break too;
  - BY a pattern without '*' means "don't sort": lists and sorted sets keep
    their order (reversed by DESC, LIMIT taken from that order), a set keeps
    its listing order, except with STORE, where it is sorted by ALPHA so that
    the stored list is the same on replicas;
  - a sorted set that is sorted at all is converted to the skiplist
    encoding for good (visible in OBJECT ENCODING).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field, replace

from txredisd.core.commands._args import parse_int
from txredisd.core.commands._spec import KeySpec, command
from txredisd.core.errors import SYNTAX, WRONGTYPE, CommandError
from txredisd.core.types.hash import Hash
from txredisd.core.types.list import ListValue
from txredisd.core.types.set import SetValue
from txredisd.core.types.zset import ZSet

NOT_DOUBLE = "ERR One or more scores can't be converted into double"
BY_IN_CLUSTER = "ERR BY option of SORT denied in Cluster mode."
GET_IN_CLUSTER = "ERR GET option of SORT denied in Cluster mode."

_BLANKS = rb"[ \t\n\v\f\r]*"
_DECIMAL = re.compile(_BLANKS + rb"([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\Z")
_HEX = re.compile(_BLANKS + rb"([+-]?)0[xX]((?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?\d+)?)\Z")
_INFINITY = re.compile(_BLANKS + rb"([+-]?)(?:inf|infinity)\Z", re.IGNORECASE)
_NONZERO_DIGIT = re.compile(rb"[1-9a-fA-F]")
_MIN_NORMAL = sys.float_info.min

_BY_NOTES = (
    "For the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content "
    "of the key we sort"
)
_STORE_NOTES = (
    "For the optional STORE keyword. It is marked 'unknown' because the keyword can appear anywhere in the "
    "argument array"
)
# Words of the option syntax and how many arguments each one takes (COMMAND GETKEYS skips them).
_SKIPPED_BY_GETKEYS = {b"limit": 2, b"get": 1, b"by": 1}


def strtod(text: bytes) -> float | None:
    """
    C{text} as a double the way Redis's SORT reads it with strtod: None when
    strtod would stop before the end (a NUL ends the text, as in C), when the
    value is NaN, or when it overflows or underflows (C{ERANGE}).
    """
    text = bytes(text).split(b"\0", 1)[0]
    if not text:
        return 0.0
    match = _DECIMAL.match(text)
    if match:
        mantissa = match.group(1).split(b"e")[0].split(b"E")[0]
        return _in_range(float(match.group(1)), mantissa)
    match = _HEX.match(text)
    if match:
        sign, body = match.groups()
        try:
            value = float.fromhex((sign + b"0x" + body).decode())
        except OverflowError:
            return None
        return _in_range(value, body.split(b"p")[0].split(b"P")[0])
    match = _INFINITY.match(text)
    if match:
        return float("-inf") if match.group(1) == b"-" else float("inf")
    return None


def _in_range(value: float, mantissa: bytes) -> float | None:
    """C{value} unless strtod would report ERANGE: infinite, or a non-zero number that became 0 or subnormal."""
    if value in (float("inf"), float("-inf")):
        return None
    if abs(value) < _MIN_NORMAL and (value != 0.0 or _NONZERO_DIGIT.search(mantissa)):
        return None
    return value


def lookup_pattern(session, pattern: bytes, element: bytes) -> bytes | None:
    """
    The value a BY/GET pattern names for C{element}: "#" is the element itself;
    otherwise the first '*' is replaced by the element and the key read as a
    string, or, with "->field" after the '*', as that hash field. None when
    there is no '*' or no such string/field. Like Redis's C string functions,
    the search stops at a NUL byte.
    """
    text = pattern.split(b"\0", 1)[0]
    if text == b"#":
        return element
    star = text.find(b"*")
    if star < 0:
        return None
    arrow = text.find(b"->", star + 1)
    if arrow >= 0 and arrow + 2 < len(text):
        key = pattern[:star] + element + pattern[star + 1 : arrow]
        hash_field: bytes | None = pattern[arrow + 2 :]
    else:
        key = pattern[:star] + element + pattern[star + 1 :]
        hash_field = None
    value = session.db.lookup_read(key)
    if hash_field is None:
        return value if isinstance(value, (bytes, bytearray)) else None
    return value.fields.get(hash_field) if type(value) is Hash else None


@dataclass
class _Options:
    """A parsed SORT command line."""

    by: bytes | None = None
    dont_sort: bool = False
    gets: list[bytes] = field(default_factory=list)
    offset: int = 0
    count: int = -1
    desc: bool = False
    alpha: bool = False
    store: bytes | None = None


def _parse(argv: list[bytes], can_store: bool, cluster: bool) -> _Options:
    """
    The options after the key, read left to right as Redis reads them (a later
    BY/LIMIT/STORE wins). A cluster node refuses patterns that name other keys:
    any GET, and a BY with a '*'.
    """
    options = _Options()
    argc, i = len(argv), 2
    while i < argc:
        word, left = argv[i].lower(), argc - i - 1
        if word == b"asc":
            options.desc = False
        elif word == b"desc":
            options.desc = True
        elif word == b"alpha":
            options.alpha = True
        elif word == b"limit" and left >= 2:
            options.offset, options.count = parse_int(argv[i + 1]), parse_int(argv[i + 2])
            i += 2
        elif word == b"store" and left >= 1 and can_store:
            options.store = argv[i + 1]
            i += 1
        elif word == b"by" and left >= 1:
            options.by = argv[i + 1]
            constant = b"*" not in argv[i + 1].split(b"\0", 1)[0]
            if cluster and not constant:
                raise CommandError(BY_IN_CLUSTER)
            # Once a constant BY is seen nothing is sorted, whatever BY comes later.
            options.dont_sort = options.dont_sort or constant
            i += 1
        elif word == b"get" and left >= 1:
            if cluster:
                raise CommandError(GET_IN_CLUSTER)
            options.gets.append(argv[i + 1])
            i += 1
        else:
            raise CommandError(SYNTAX)
        i += 1
    return options


def _window(size: int, offset: int, count: int) -> tuple[int, int]:
    """LIMIT as a [start, stop) slice: a negative offset is 0, a negative count means all."""
    start = max(offset, 0)
    stop = size if count < 0 else min(start + count, size)
    return start, max(start, stop)


def _natural_order(value, desc: bool) -> list[bytes]:
    """A list's or sorted set's elements in their own order (DESC: from the end); a set's listing order."""
    if type(value) is SetValue:
        return value.ordered()
    items = list(value) if type(value) is ListValue else [member for _, member in value.order]
    return items[::-1] if desc else items


def _elements(value) -> list[bytes]:
    """All elements, in the order Redis loads them before sorting."""
    if type(value) is ListValue:
        return list(value)
    if type(value) is SetValue:
        return value.ordered()
    return list(value.scores)


def _sorted(session, elements: list[bytes], options: _Options) -> list[bytes]:
    """C{elements} ordered by their own value or BY pattern, numerically unless ALPHA."""
    by, desc = options.by, options.desc
    if options.alpha:
        if by is None:
            return sorted(elements, reverse=desc)
        keys = {element: lookup_pattern(session, by, element) for element in elements}
        # A missing BY value sorts first; equal values keep no particular order (as in Redis).
        return sorted(elements, key=lambda e: (keys[e] is not None, bytes(keys[e] or b"")), reverse=desc)
    # Every weight is looked up (each lookup counts as a keyspace hit or miss) before a bad one fails the sort.
    scores = {}
    for element in elements:
        text = element if by is None else lookup_pattern(session, by, element)
        scores[element] = 0.0 if text is None else strtod(text)
    if None in scores.values():
        raise CommandError(NOT_DOUBLE)
    return sorted(elements, key=lambda e: (scores[e], e), reverse=desc)


def _result(session, value, options: _Options) -> list[bytes]:
    """The elements SORT picks, in order and LIMITed, before GET."""
    if value is None:
        return []
    if type(value) is ZSet:
        value.listpack = False
    if options.dont_sort and (type(value) is not SetValue or options.store is None):
        ordered = _natural_order(value, options.desc)
    else:
        if options.dont_sort:
            options = replace(options, by=None, alpha=True)
        ordered = _sorted(session, _elements(value), options)
    return ordered[slice(*_window(len(ordered), options.offset, options.count))]


def _sort(session, argv: list[bytes], can_store: bool):
    options = _parse(argv, can_store, session.server.config["cluster-enabled"])
    value = session.db.lookup_read(argv[1])
    if value is not None and type(value) not in (ListValue, SetValue, ZSet):
        raise CommandError(WRONGTYPE)
    picked = _result(session, value, options)
    if options.gets:
        replies = [lookup_pattern(session, pattern, element) for element in picked for pattern in options.gets]
    else:
        replies = picked
    if options.store is None:
        return replies
    return _store(session, options.store, replies)


def _store(session, key: bytes, replies: list[bytes | None]) -> int:
    """Replace C{key} with the result as a list (missing GET values as ""); an empty result deletes it."""
    db, server = session.db, session.server
    if replies:
        db.set(key, ListValue(b"" if reply is None else bytes(reply) for reply in replies))
        server.written(db, key, "sortstore", "l", len(replies))
    elif db.delete(key):
        server.written(db, key, "del", "g")
    return len(replies)


def _sort_keys(argv: list[bytes]) -> list[tuple[int, str]]:
    """
    COMMAND GETKEYS for SORT, as Redis's sortGetKeys finds them: the sorted key,
    and the argument after the last STORE not taken as some option's argument.
    """
    keys = [(1, "RO access")]
    store = None
    i = 2
    while i < len(argv):
        word = argv[i].lower()
        if word in _SKIPPED_BY_GETKEYS:
            i += _SKIPPED_BY_GETKEYS[word]
        elif word == b"store" and i + 1 < len(argv):
            store = i + 1
        i += 1
    if store is not None:
        keys.append((store, "OW update"))
    return keys


def _sort_ro_keys(argv: list[bytes]) -> list[tuple[int, str]]:
    """COMMAND GETKEYS for SORT_RO: only the sorted key (BY/GET keys are not reported)."""
    return [(1, "RO access")]


_SORTED_KEY = KeySpec("RO access", 1)
_PATTERN_KEYS = KeySpec("RO access", notes=_BY_NOTES)


@command("sort", -2, "write denyoom", group="generic", since="1.0.0",
         categories=("set", "sortedset", "list", "dangerous", "-keyspace"),
         key_specs=[_SORTED_KEY, _PATTERN_KEYS, KeySpec("OW update", notes=_STORE_NOTES)],
         key_finder=_sort_keys,
         summary="Sort the elements in a list, set or sorted set")
def sort(session, argv):
    return _sort(session, argv, can_store=True)


@command("sort_ro", -2, "readonly", group="generic", since="7.0.0",
         categories=("set", "sortedset", "list", "dangerous", "-keyspace"),
         key_specs=[_SORTED_KEY, _PATTERN_KEYS], key_finder=_sort_ro_keys,
         summary="Sort the elements in a list, set or sorted set. Read-only variant of SORT.")
def sort_ro(session, argv):
    return _sort(session, argv, can_store=False)
