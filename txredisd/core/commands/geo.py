"""
Geo commands: points stored as sorted-set members whose score is Redis's
52-bit interleaved geohash, so the data is an ordinary sorted set to every
other command (and GEOADD is propagated as the ZADD it amounts to).
"""

from __future__ import annotations

from txredisd.core import geohash
from txredisd.core.commands._args import parse_float
from txredisd.core.commands._spec import KeySpec, command
from txredisd.core.commands.zsets import read_zset, zadd_elements
from txredisd.core.errors import SYNTAX, CommandError
from txredisd.resp.values import NULL_ARRAY, Raw

_G = "geo"
_RO = [KeySpec("RO access", 1)]
_GEOADD_FLAGS = frozenset((b"nx", b"xx", b"ch"))
# Metres per unit, by the lower-cased unit name.
UNITS = {b"m": 1.0, b"km": 1000.0, b"ft": 0.3048, b"mi": 1609.34}
BAD_UNIT = "ERR unsupported unit provided. please use M, KM, FT, MI"


def parse_point(lon_arg: bytes, lat_arg: bytes) -> tuple[float, float]:
    """A longitude/latitude pair: both must be floats, then within the Web Mercator limits."""
    lon, lat = parse_float(lon_arg), parse_float(lat_arg)
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
