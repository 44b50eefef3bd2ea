"""Geo commands: GEOADD's scores and options, GEOPOS, GEODIST, GEOHASH, the searches."""

from tests.differential._dsl import area

S = area("geo")

_SICILY = "GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania 13.583333 37.316667 Agrigento"
# A grid of points a degree apart, so unsorted replies show the order cells are scanned in.
_GRID = "GEOADD grid " + " ".join(f"{x} {y} p{x}_{y}" for x in range(-3, 4) for y in range(50, 57))

SCRIPTS = [
    S("geoadd-scores", "GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania",
      "ZRANGE Sicily 0 -1 WITHSCORES", "GEOADD k -180 -85.05112878 corner 180 85.05112878 top 0x10 5 h",
      "ZRANGE k 0 -1 WITHSCORES", "OBJECT ENCODING k"),
    S("geoadd-flags", "GEOADD k 1 1 a 2 2 b", "GEOADD k NX 3 3 a 4 4 c", "GEOADD k XX CH 7 7 a 8 8 e",
      "GEOADD k CH CH 1 2 3", "GEOADD missing XX 1 1 a", "EXISTS missing", "ZRANGE k 0 -1"),
    S("geoadd-errors", "SET s v", "GEOADD s 1 1 a", "GEOADD s 200 10 x", "GEOADD s 10.5 -85.06 x",
      "GEOADD s -inf 0 x", "GEOADD s abc nan x", "GEOADD s NX XX 1 2 x", "GEOADD s GT 1 1 Q", "GEOADD s CH CH CH",
      "GEOADD s 1 2"),
    S("geopos", "GEOADD Sicily 13.361389 38.115556 Palermo 0 0 zero 180 85.05112878 top",
      "GEOPOS Sicily Palermo NonExisting zero top", "GEOPOS Sicily", "GEOPOS nokey a", "ZADD odd -1 neg 1e300 big",
      "GEOPOS odd neg big", resp3=True),
    S("geodist", "GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania",
      "GEODIST Sicily Palermo Catania", "GEODIST Sicily Palermo Catania KM", "GEODIST Sicily Palermo Catania mi",
      "GEODIST Sicily Palermo Catania ft", "GEODIST Sicily Palermo x", "GEODIST Sicily Palermo Catania yd",
      "GEODIST Sicily Palermo Catania km x", "SET s v", "GEODIST s a b", resp3=True),
    S("geohash", "GEOADD Sicily 13.361389 38.115556 Palermo -180 -85.05112878 corner 0 0 zero",
      "GEOHASH Sicily Palermo x corner zero", "GEOHASH nokey a b", "ZADD odd -1 neg", "GEOHASH odd neg"),
    S("georadius", _SICILY, "GEORADIUS Sicily 15 37 200 km WITHCOORD WITHDIST WITHHASH", "GEORADIUS Sicily 15 37 100 km DESC",
      "GEORADIUS Sicily 15 37 200 km COUNT 1 ANY", "GEORADIUSBYMEMBER_RO Sicily Agrigento 100 km WITHDIST ASC",
      "GEORADIUS Sicily 15 37 200 km ANY", "GEORADIUS Sicily 15 37 -1 km", "GEORADIUS Sicily 15 37 200 km STORE d WITHDIST",
      "GEORADIUS_RO Sicily 15 37 200 km STORE d", "GEORADIUSBYMEMBER Sicily nope 100 km", resp3=True),
    S("georadius-store", _SICILY, "GEORADIUS Sicily 15 37 200 km STOREDIST d COUNT 2", "ZRANGE d 0 -1 WITHSCORES",
      "GEORADIUSBYMEMBER Sicily Palermo 1 km STORE d", "ZRANGE d 0 -1 WITHSCORES", "GEORADIUS Sicily 0 0 1 km STORE d",
      "EXISTS d"),
    S("geosearch", _SICILY, "GEOSEARCH Sicily FROMMEMBER Palermo BYBOX 400 400 km WITHCOORD WITHDIST WITHHASH",
      "GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX 400 400 km DESC", "GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km BYBOX 1 1 km",
      "GEOSEARCH Sicily FROMMEMBER Palermo ASC WITHDIST", "GEOSEARCH Sicily FROMMEMBER Palermo WITHDIST ASC COUNT 1",
      "GEOSEARCH Sicily FROMMEMBER Palermo BYBOX x 2 km", "GEOSEARCH nokey FROMMEMBER x BYRADIUS 10 km", resp3=True),
    S("geosearch-scan-order", _GRID, "GEOSEARCH grid FROMLONLAT 0 53 BYRADIUS 250 km",
      "GEOSEARCH grid FROMLONLAT 0.5 53.5 BYBOX 500 300 km", "GEOSEARCH grid FROMLONLAT -2 51 BYRADIUS 1000 km COUNT 5 ANY",
      "GEOSEARCH grid FROMMEMBER p3_56 BYRADIUS 5000 km COUNT 4 DESC WITHDIST"),
    S("geosearchstore", _SICILY, "GEOSEARCHSTORE d Sicily FROMMEMBER Palermo BYRADIUS 200 km STOREDIST",
      "ZRANGE d 0 -1 WITHSCORES", "GEOSEARCHSTORE d Sicily FROMMEMBER Palermo BYRADIUS 200 km WITHDIST",
      "GEOSEARCHSTORE d Sicily FROMLONLAT 0 0 BYBOX 1 1 m", "EXISTS d", "GEOSEARCHSTORE d nokey FROMMEMBER a BYBOX 1 1 m"),
]
