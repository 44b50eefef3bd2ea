"""
Geo commands: points stored as sorted-set members whose score is Redis's
52-bit interleaved geohash, so the data is an ordinary sorted set to every
other command (and GEOADD is propagated as the ZADD it amounts to).
"""

from __future__ import annotations

import math

from txredisd.core import geohash
from txredisd.core.commands._args import parse_int
from txredisd.core.commands._spec import KeySpec, command
from txredisd.core.commands.zsets import parse_score, read_zset, zadd_elements
from txredisd.core.errors import SYNTAX, CommandError
from txredisd.core.types.zset import ScoreRange, new_zset
from txredisd.resp.values import NULL_ARRAY, Raw

_G = "geo"
_RO = [KeySpec("RO access", 1)]
_GEOADD_FLAGS = frozenset((b"nx", b"xx", b"ch"))
# Metres per unit, by the lower-cased unit name.
UNITS = {b"m": 1.0, b"km": 1000.0, b"ft": 0.3048, b"mi": 1609.34}
BAD_UNIT = "ERR unsupported unit provided. please use M, KM, FT, MI"


def parse_point(lon_arg: bytes, lat_arg: bytes) -> tuple[float, float]:
    """A longitude/latitude pair: both read as scores are (hex and inf too), then checked against the limits."""
    lon, lat = parse_score(lon_arg), parse_score(lat_arg)
    if not geohash.valid(lon, lat):
        raise CommandError(f"ERR invalid longitude,latitude pair {lon:f},{lat:f}")
    return lon, lat


def parse_unit(arg: bytes) -> float:
    try:
        return UNITS[arg.lower()]
    except KeyError:
        raise CommandError(BAD_UNIT) from None


def human_coordinate(session, value: float):
    """
    A coordinate as Redis prints it: 17 decimals with trailing zeros cut, a
    bulk string in RESP2 and a double with that same text in RESP3.
    """
    text = (b"%.17f" % value).rstrip(b"0").rstrip(b".")
    if text == b"-0":
        text = b"0"
    return Raw(b",%s\r\n" % text) if session.resp == 3 else text


def format_distance(metres: float, unit: float) -> bytes:
    """A distance in C{unit}, four decimals, always a bulk string (even in RESP3)."""
    return b"%.4f" % (metres / unit)


def member_point(zset, member: bytes) -> tuple[float, float] | None:
    score = zset.scores.get(member) if zset is not None else None
    return None if score is None else geohash.decode_score(score)


# -- GEOADD -------------------------------------------------------------------


@command("geoadd", -5, "write denyoom", key_specs=[KeySpec("RW update", 1)], group=_G, since="3.2.0",
         summary="Add one or more geospatial items in the geospatial index represented using a sorted set")
def geoadd(session, argv):
    """
    Redis turns GEOADD into a ZADD (same NX/XX/CH words, cells as scores),
    so ZADD's rules, events and its refusal of an empty element list apply.
    """
    first = 2
    while first < len(argv) and argv[first].lower() in _GEOADD_FLAGS:
        first += 1
    flags = {arg.lower() for arg in argv[2:first]}
    if (len(argv) - first) % 3 or {b"nx", b"xx"} <= flags or first == len(argv):
        raise CommandError(SYNTAX)
    pairs = []
    for i in range(first, len(argv), 3):
        lon, lat = parse_point(argv[i], argv[i + 1])
        pairs.append((float(geohash.encode(lon, lat)), argv[i + 2]))
    dirty = session.server.dirty
    reply = zadd_elements(session, argv[1], pairs, flags)
    if session.server.dirty != dirty:
        scored = [item for score, member in pairs for item in (b"%d" % score, member)]
        session.rewritten = [[b"zadd", argv[1], *argv[2:first], *scored]]
    return reply


# -- reads --------------------------------------------------------------------


@command("geopos", -2, "readonly", key_specs=_RO, group=_G, since="3.2.0",
         summary="Returns longitude and latitude of members of a geospatial index")
def geopos(session, argv):
    zset = read_zset(session, argv[1])
    reply = []
    for member in argv[2:]:
        point = member_point(zset, member)
        reply.append(NULL_ARRAY if point is None else [human_coordinate(session, c) for c in point])
    return reply


@command("geodist", -4, "readonly", key_specs=_RO, group=_G, since="3.2.0",
         summary="Returns the distance between two members of a geospatial index")
def geodist(session, argv):
    if len(argv) > 5:
        raise CommandError(SYNTAX)
    unit = parse_unit(argv[4]) if len(argv) == 5 else 1.0
    zset = read_zset(session, argv[1])
    first, second = member_point(zset, argv[2]), member_point(zset, argv[3])
    if first is None or second is None:
        return None
    return format_distance(geohash.distance(*first, *second), unit)


@command("geohash", -2, "readonly", key_specs=_RO, group=_G, since="3.2.0",
         summary="Returns members of a geospatial index as standard geohash strings")
def geohash_command(session, argv):
    zset = read_zset(session, argv[1])
    points = [member_point(zset, member) for member in argv[2:]]
    return [None if point is None else geohash.standard_hash(*point) for point in points]


# -- searches -------------------------------------------------------------------


class _Search:
    """A search as its command line describes it (Redis's GEORADIUS family and GEOSEARCH alike)."""

    def __init__(self) -> None:
        self.centre: tuple[float, float] | None = None
        self.radius: float | None = None
        self.box: tuple[float, float] | None = None
        self.unit = 1.0
        self.withdist = self.withhash = self.withcoord = self.any = self.storedist = False
        self.from_member = self.from_lonlat = False
        self.sort: bytes | None = None
        self.count = 0
        self.store: bytes | None = None


_SWITCHES = {b"withdist": "withdist", b"withhash": "withhash", b"withcoord": "withcoord", b"any": "any"}


def _number(arg: bytes, message: str) -> float:
    try:
        return parse_score(arg)
    except CommandError:
        raise CommandError(message) from None


def parse_radius(search: _Search, radius_arg: bytes, unit_arg: bytes) -> None:
    radius = _number(radius_arg, "ERR need numeric radius")
    if radius < 0:
        raise CommandError("ERR radius cannot be negative")
    search.radius, search.unit = radius, parse_unit(unit_arg)


def _parse_box(search: _Search, args: list[bytes]) -> None:
    width = _number(args[0], "ERR need numeric width")
    height = _number(args[1], "ERR need numeric height")
    if width < 0 or height < 0:
        raise CommandError("ERR height or width cannot be negative")
    search.box, search.unit = (width, height), parse_unit(args[2])


def from_member(zset, member: bytes) -> tuple[float, float]:
    point = member_point(zset, member)
    if point is None:
        raise CommandError("ERR could not decode requested zset member")
    return point


def _parse_options(args: list[bytes], search: _Search, zset, geosearch: bool, can_store: bool) -> None:
    """The optional words after the fixed arguments, with Redis's errors in Redis's order."""
    i, left = 0, len(args)
    while i < left:
        word = args[i].lower()
        if word in _SWITCHES:
            setattr(search, _SWITCHES[word], True)
        elif word in (b"asc", b"desc"):
            search.sort = word
        elif word == b"count" and i + 1 < left:
            search.count = parse_int(args[i + 1])
            if search.count <= 0:
                raise CommandError("ERR COUNT must be > 0")
            i += 1
        elif word in (b"store", b"storedist") and i + 1 < left and can_store and not geosearch:
            search.store, search.storedist = args[i + 1], word == b"storedist"
            i += 1
        elif word == b"storedist" and geosearch and can_store:
            search.storedist = True
        elif word == b"frommember" and i + 1 < left and geosearch and not search.from_lonlat:
            if zset is not None:
                search.centre = from_member(zset, args[i + 1])
            search.from_member = True
            i += 1
        elif word == b"fromlonlat" and i + 2 < left and geosearch and not search.from_member:
            search.centre = parse_point(args[i + 1], args[i + 2])
            search.from_lonlat = True
            i += 2
        elif word == b"byradius" and i + 2 < left and geosearch and search.box is None:
            parse_radius(search, args[i + 1], args[i + 2])
            i += 2
        elif word == b"bybox" and i + 3 < left and geosearch and search.radius is None:
            _parse_box(search, args[i + 1:i + 4])
            i += 3
        else:
            raise CommandError(SYNTAX)
        i += 1


def _check(search: _Search, name: bytes, geosearch: bool, store_name: str) -> None:
    if search.store is not None and (search.withdist or search.withhash or search.withcoord):
        raise CommandError(f"ERR {store_name} is not compatible with WITHDIST, WITHHASH and WITHCOORD options")
    command_name = name.decode(errors="replace")
    if geosearch and not (search.from_member or search.from_lonlat):
        raise CommandError(f"ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for {command_name}")
    if geosearch and search.radius is None and search.box is None:
        raise CommandError(f"ERR exactly one of BYRADIUS and BYBOX can be specified for {command_name}")
    if search.any and not search.count:
        raise CommandError("ERR the ANY argument requires COUNT argument")


def _find(zset, search: _Search) -> list[tuple[float, float, bytes, tuple[float, float]]]:
    """(distance in metres, score, member, point) of each member inside the shape, in scan order."""
    lon, lat = search.centre
    unit = search.unit
    if search.box is not None:
        width, height = search.box[0] * unit, search.box[1] * unit
        half_w, half_h = width / 2, height / 2
        reach = math.sqrt(half_w * half_w + half_h * half_h)
    else:
        half_w = half_h = reach = search.radius * unit
    limit = search.count if search.any else 0
    found = []
    for low, high in geohash.search_ranges(lon, lat, half_w, half_h, reach):
        if limit and len(found) >= limit:
            break
        for score, member in zset.slice(*zset.score_span(ScoreRange(low, False, high, True))):
            point = geohash.decode_score(score)
            if search.box is not None:
                metres = geohash.within_box(lon, lat, width, height, *point)
            else:
                metres = geohash.distance(lon, lat, *point)
                metres = metres if metres <= reach else None
            if metres is not None:
                found.append((metres, score, member, point))
                if limit and len(found) >= limit:
                    break
    return found


def _search(session, argv: list[bytes], geosearch: bool, by_member: bool = False, store: bytes | None = None,
            can_store: bool = True):
    """The one search all eight commands share, as Redis's C{georadiusGeneric}."""
    key_at = 2 if store is not None else 1
    zset = read_zset(session, argv[key_at])
    search = _Search()
    search.store = store
    if geosearch:
        first = key_at + 1
    elif by_member:
        first = 5
        if zset is not None:
            search.centre = from_member(zset, argv[2])
            parse_radius(search, argv[3], argv[4])
    else:
        first = 6
        search.centre = parse_point(argv[2], argv[3])
        parse_radius(search, argv[4], argv[5])
    _parse_options(argv[first:], search, zset, geosearch, can_store)
    _check(search, argv[0], geosearch, "GEOSEARCHSTORE" if store is not None else "STORE option in GEORADIUS")
    if zset is None:
        if search.store is None:
            return []
        _delete_target(session, search.store)
        return 0
    if search.count and search.sort is None and not search.any:
        search.sort = b"asc"
    found = _find(zset, search)
    if search.sort is not None:
        found.sort(key=lambda item: item[0], reverse=search.sort == b"desc")
    if search.count:
        found = found[:search.count]
    if search.store is None:
        return [_result(session, search, item) for item in found]
    return _store(session, search, found, geosearch)


def _result(session, search: _Search, item):
    metres, score, member, point = item
    extras = []
    if search.withdist:
        extras.append(format_distance(metres, search.unit))
    if search.withhash:
        extras.append(int(score))
    if search.withcoord:
        extras.append([human_coordinate(session, c) for c in point])
    return [member, *extras] if extras else member


def _delete_target(session, key: bytes) -> None:
    db = session.db
    if db.exists(key):
        db.delete(key)
        session.server.written(db, key, "del", "g")


def _store(session, search: _Search, found, geosearch: bool) -> int:
    """Replace the target with the results (scores: hashes or distances); no results deletes it."""
    if not found:
        _delete_target(session, search.store)
        return 0
    config = session.server.config
    target = new_zset(config, len(found), max(len(item[2]) for item in found))
    for metres, score, member, _ in found:
        target.set(member, metres / search.unit if search.storedist else score)
    db = session.db
    db.set(search.store, target)
    event = "geosearchstore" if geosearch else "georadiusstore"
    session.server.written(db, search.store, event, "z", changes=len(found))
    return len(found)


def _store_specs(startfrom: int) -> list[KeySpec]:
    return [KeySpec("RO access", 1), KeySpec("OW update", keyword="STORE", startfrom=startfrom),
            KeySpec("OW update", keyword="STOREDIST", startfrom=startfrom)]


@command("geosearch", -7, "readonly", key_specs=_RO, group=_G, since="6.2.0",
         summary="Query a sorted set representing a geospatial index to fetch members inside an area of a box "
                 "or a circle.")
def geosearch(session, argv):
    return _search(session, argv, geosearch=True, can_store=False)


@command("geosearchstore", -8, "write denyoom", key_specs=[KeySpec("OW update", 1), KeySpec("RO access", 2)],
         group=_G, since="6.2.0",
         summary="Query a sorted set representing a geospatial index to fetch members inside an area of a box "
                 "or a circle, and store the result in another key.")
def geosearchstore(session, argv):
    return _search(session, argv, geosearch=True, store=argv[1])


@command("georadius", -6, "write denyoom", key_specs=_store_specs(6), group=_G, since="3.2.0",
         summary="Query a sorted set representing a geospatial index to fetch members matching a given maximum "
                 "distance from a point")
def georadius(session, argv):
    return _search(session, argv, geosearch=False)


@command("georadiusbymember", -5, "write denyoom", key_specs=_store_specs(5), group=_G, since="3.2.0",
         summary="Query a sorted set representing a geospatial index to fetch members matching a given maximum "
                 "distance from a member")
def georadiusbymember(session, argv):
    return _search(session, argv, geosearch=False, by_member=True)


@command("georadius_ro", -6, "readonly", key_specs=_RO, group=_G, since="3.2.10",
         summary="A read-only variant for GEORADIUS")
def georadius_ro(session, argv):
    return _search(session, argv, geosearch=False, can_store=False)


@command("georadiusbymember_ro", -5, "readonly", key_specs=_RO, group=_G, since="3.2.10",
         summary="A read-only variant for GEORADIUSBYMEMBER")
def georadiusbymember_ro(session, argv):
    return _search(session, argv, geosearch=False, by_member=True, can_store=False)
