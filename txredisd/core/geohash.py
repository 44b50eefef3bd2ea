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


def _cell(value: float, low: float, high: float) -> int:
    """
    Which of the 2**26 cells between C{low} and C{high} holds C{value}; C
    truncates the fraction, and C{value == high} yields 2**26, one bit too many,
    which Redis keeps (so the top edge gets a score above 2**52).
    """
    return int((value - low) / (high - low) * (1 << STEP))


def encode(lon: float, lat: float, lat_low: float = LAT_MIN, lat_high: float = LAT_MAX) -> int:
    """The interleaved cell of a valid point: latitude on the even bits, longitude on the odd ones."""
    return _spread(_cell(lat, lat_low, lat_high)) | _spread(_cell(lon, LON_MIN, LON_MAX)) << 1


def score_bits(score: float) -> int:
    """A sorted-set score as C's C{(uint64_t)} cast turns it into hash bits on x86-64, overflow included."""
    if score < _TOP:
        whole = int(score) if score > -_TOP else -_TOP
        return whole & _U64
    rest = score - _TOP
    whole = int(rest) if rest < _TOP else -_TOP
    return (whole & _U64) ^ _TOP


def _centre(index: int, low: float, high: float) -> float:
    scale = high - low
    start = low + (index * 1.0 / (1 << STEP)) * scale
    end = low + ((index + 1) * 1.0 / (1 << STEP)) * scale
    return (start + end) / 2


def decode(bits: int) -> tuple[float, float]:
    """The centre (longitude, latitude) of a cell, clamped into the valid range as Redis clamps it."""
    lon = _centre(_squeeze(bits >> 1), LON_MIN, LON_MAX)
    lat = _centre(_squeeze(bits), LAT_MIN, LAT_MAX)
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
