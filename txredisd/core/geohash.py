"""
Redis's geohash arithmetic: coordinates to 52-bit interleaved cells and back,
standard geohash strings and haversine distances, computed in the same order
of double operations as Redis so stored scores and printed coordinates agree
with it to the last bit.
"""

from __future__ import annotations

import math

STEP = 26
LON_MIN, LON_MAX = -180.0, 180.0
# Web Mercator's limits (EPSG:900913): Redis refuses latitudes outside them.
LAT_MIN, LAT_MAX = -85.05112878, 85.05112878
EARTH_RADIUS_M = 6372797.560856
_ALPHABET = b"0123456789bcdefghjkmnpqrstuvwxyz"
_U64 = (1 << 64) - 1
_TOP = 1 << 63


def valid(lon: float, lat: float) -> bool:
    return LON_MIN <= lon <= LON_MAX and LAT_MIN <= lat <= LAT_MAX


def _spread(value: int) -> int:
    """The low 32 bits of C{value} moved to the even bit positions of a 64-bit word."""
    value &= 0xFFFFFFFF
    result = 0
    for bit in range(32):
        result |= ((value >> bit) & 1) << (2 * bit)
    return result


def _squeeze(word: int) -> int:
    """The even bits of C{word} gathered into a 32-bit number (undoes L{_spread})."""
    result = 0
    for bit in range(32):
        result |= ((word >> (2 * bit)) & 1) << bit
    return result


def _cell(value: float, low: float, high: float, step: int) -> int:
    """
    Which of the 2**step cells between C{low} and C{high} holds C{value}; C
    truncates the fraction, and C{value == high} yields 2**step, one bit too
    many, which Redis keeps (so the top edge gets a score above 2**52).
    """
    return int((value - low) / (high - low) * (1 << step))


def encode(lon: float, lat: float, lat_low: float = LAT_MIN, lat_high: float = LAT_MAX, step: int = STEP) -> int:
    """The interleaved cell of a valid point: latitude on the even bits, longitude on the odd ones."""
    return _spread(_cell(lat, lat_low, lat_high, step)) | _spread(_cell(lon, LON_MIN, LON_MAX, step)) << 1


def score_bits(score: float) -> int:
    """A sorted-set score as C's C{(uint64_t)} cast turns it into hash bits on x86-64, overflow included."""
    if score < _TOP:
        whole = int(score) if score > -_TOP else -_TOP
        return whole & _U64
    rest = score - _TOP
    whole = int(rest) if rest < _TOP else -_TOP
    return (whole & _U64) ^ _TOP


def _edges(index: int, low: float, high: float, step: int) -> tuple[float, float]:
    """Where cell C{index} of 2**step between C{low} and C{high} starts and ends."""
    scale = high - low
    return low + (index * 1.0 / (1 << step)) * scale, low + ((index + 1) * 1.0 / (1 << step)) * scale


def _cell_bounds(bits: int, step: int) -> tuple[float, float, float, float]:
    """(lon min, lon max, lat min, lat max) of the cell C{bits} at C{step}."""
    return (*_edges(_squeeze(bits >> 1), LON_MIN, LON_MAX, step), *_edges(_squeeze(bits), LAT_MIN, LAT_MAX, step))


def decode(bits: int) -> tuple[float, float]:
    """The centre (longitude, latitude) of a cell, clamped into the valid range as Redis clamps it."""
    lon_min, lon_max, lat_min, lat_max = _cell_bounds(bits, STEP)
    lon, lat = (lon_min + lon_max) / 2, (lat_min + lat_max) / 2
    return min(max(lon, LON_MIN), LON_MAX), min(max(lat, LAT_MIN), LAT_MAX)


def decode_score(score: float) -> tuple[float, float]:
    return decode(score_bits(score))


def standard_hash(lon: float, lat: float) -> bytes:
    """
    The 11-character geohash of a point on the standard -90..90 latitude
    grid: 52 bits give ten characters, and the eleventh is always '0'.
    """
    bits = encode(lon, lat, -90.0, 90.0)
    chars = [_ALPHABET[(bits >> (52 - (i + 1) * 5)) & 0x1F] for i in range(10)]
    return bytes(chars) + b"0"


def distance(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Haversine distance in metres; along a meridian, the plain arc, as Redis 7.0 shortcuts it."""
    lat1r, lat2r = math.radians(lat1), math.radians(lat2)
    v = math.sin((math.radians(lon2) - math.radians(lon1)) / 2)
    if v == 0.0:
        return EARTH_RADIUS_M * abs(lat2r - lat1r)
    u = math.sin((lat2r - lat1r) / 2)
    return 2.0 * EARTH_RADIUS_M * math.asin(math.sqrt(u * u + math.cos(lat1r) * math.cos(lat2r) * v * v))


# -- the areas a search scans ---------------------------------------------------

_MERCATOR_MAX = 20037726.37
_EVEN = 0x5555555555555555
_ODD = 0xAAAAAAAAAAAAAAAA


def _estimate_step(radius: float, lat: float) -> int:
    """The coarsest grid step whose cells still fit C{radius}, one coarser near the poles."""
    if radius == 0:
        return STEP
    step = 1
    while radius < _MERCATOR_MAX:
        radius *= 2
        step += 1
    step -= 2
    if lat > 66 or lat < -66:
        step -= 1
        if lat > 80 or lat < -80:
            step -= 1
    return min(max(step, 1), STEP)


def _move(bits: int, step: int, lon_delta: int, lat_delta: int) -> int:
    """The cell C{lon_delta} east and C{lat_delta} north of C{bits} at C{step}, wrapping around."""
    for delta, moving, other in ((lon_delta, _ODD, _EVEN), (lat_delta, _EVEN, _ODD)):
        if not delta:
            continue
        mine, rest = bits & moving, bits & other
        filler = other >> (64 - step * 2)
        mine = mine + filler + 1 if delta > 0 else ((mine | filler) - (filler + 1)) & _U64
        bits = (mine & (moving >> (64 - step * 2))) | rest
    return bits


def _degrees(radians: float) -> float:
    """Radians to degrees by dividing as Redis does (math.degrees multiplies, which can differ in the last bit)."""
    return radians / (math.pi / 180.0)


# The neighbours in the order Redis scans them after the centre (lon, lat moves).
_AROUND = ((0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (-1, 1), (1, -1), (-1, -1))


def search_ranges(
    lon: float, lat: float, half_width: float, half_height: float, radius: float
) -> list[tuple[int, int]]:
    """
    The score ranges [low, high) a search around (C{lon}, C{lat}) scans, in
    Redis's order (the centre cell, then N, S, E, W, NE, NW, SE, SW): the
    cells of a grid just coarse enough, minus neighbours wholly outside the
    bounding box of the shape, and a neighbour equal to the one scanned before it.
    """
    lat_delta = _degrees(half_height / EARTH_RADIUS_M)
    top = _degrees(half_width / EARTH_RADIUS_M / math.cos(math.radians(lat + lat_delta)))
    bottom = _degrees(half_width / EARTH_RADIUS_M / math.cos(math.radians(lat - lat_delta)))
    lon_delta = bottom if lat < 0 else top
    box = (lon - lon_delta, lon + lon_delta, lat - lat_delta, lat + lat_delta)
    step = _estimate_step(radius, lat)
    cells = _cells_around(lon, lat, step)
    if step > 1 and _too_small(cells, step, box):
        step -= 1
        cells = _cells_around(lon, lat, step)
    if step >= 2:
        cells = _drop_outside(cells, step, box)
    ranges, last = [], None
    shift = 52 - step * 2
    for i, bits in enumerate(cells):
        if bits is None or bits == last:
            continue
        # Redis compares with the last neighbour scanned, never with the centre.
        last = bits if i else None
        ranges.append((bits << shift, (bits + 1) << shift))
    return ranges


def _cells_around(lon: float, lat: float, step: int) -> list[int]:
    centre = encode(lon, lat, step=step)
    return [centre, *(_move(centre, step, dx, dy) for dx, dy in _AROUND)]


def _too_small(cells: list[int], step: int, box: tuple[float, float, float, float]) -> bool:
    """Whether the N/S/E/W neighbours fail to reach the bounding box's edges."""
    north, south, east, west = (_cell_bounds(bits, step) for bits in cells[1:5])
    return north[3] < box[3] or south[2] > box[2] or east[1] < box[1] or west[0] > box[0]


def _drop_outside(cells: list[int], step: int, box: tuple[float, float, float, float]) -> list[int | None]:
    lon_min, lon_max, lat_min, lat_max = _cell_bounds(cells[0], step)
    kept: list[int | None] = list(cells)
    doomed = set()
    if lat_min < box[2]:
        doomed |= {2, 7, 8}
    if lat_max > box[3]:
        doomed |= {1, 5, 6}
    if lon_min < box[0]:
        doomed |= {4, 6, 8}
    if lon_max > box[1]:
        doomed |= {3, 5, 7}
    for i in doomed:
        kept[i] = None
    return kept


def within_box(lon: float, lat: float, width: float, height: float, x: float, y: float) -> float | None:
    """The distance from the centre to (C{x}, C{y}) when that point lies in the box, else None."""
    if EARTH_RADIUS_M * abs(math.radians(y) - math.radians(lat)) > height / 2:
        return None
    if distance(x, y, lon, y) > width / 2:
        return None
    return distance(lon, lat, x, y)
