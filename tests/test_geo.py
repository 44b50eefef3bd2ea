"""Geo commands against replies recorded from Redis 7.0.15, byte for byte."""

import shlex

from twisted.trial.unittest import SynchronousTestCase

from tests._core import CoreServer
from txredisd.core import geohash


class GeoTests(SynchronousTestCase):
    """Each test replays a script and compares every reply byte for byte."""

    def replay(self, steps, resp=2, **config):
        client = CoreServer(**config).session(resp)
        for line, expected in steps:
            self.assertEqual(client.call(*shlex.split(line)), expected, line)

    def test_geoadd_scores(self):
        """GEOADD stores Redis's 52-bit cell as the score, the top edge one bit above it."""
        steps = [
            ('GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania', b':2\r\n'),
            ('ZRANGE Sicily 0 -1 WITHSCORES', b'*4\r\n$7\r\nPalermo\r\n$16\r\n3479099956230698\r\n$7\r\nCatania\r\n$16\r\n3479447370796909\r\n'),
            ('GEOADD k 0 0 zero -180 -85.05112878 corner 180 85.05112878 top 1e1 5 e 0x10 5 h', b':5\r\n'),
            ('ZRANGE k 0 -1 WITHSCORES', b'*10\r\n$6\r\ncorner\r\n$1\r\n0\r\n$4\r\nzero\r\n$16\r\n3377699720527872\r\n$1\r\ne\r\n$16\r\n3382046953289071\r\n$1\r\nh\r\n$16\r\n3388654056224709\r\n$3\r\ntop\r\n$17\r\n13510798882111488\r\n'),
            ('TYPE k', b'+zset\r\n'),
            ('OBJECT ENCODING k', b'$8\r\nlistpack\r\n'),
        ]
        self.replay(steps, 2)

    def test_geoadd_flags(self):
        """NX, XX and CH pass through to ZADD; the option words may repeat."""
        steps = [
            ('GEOADD k 1 1 a 2 2 b', b':2\r\n'),
            ('GEOADD k NX 3 3 a 4 4 c', b':1\r\n'),
            ('GEOADD k XX 5 5 a 6 6 d', b':0\r\n'),
            ('GEOADD k XX CH 7 7 a 8 8 e', b':1\r\n'),
            ('GEOADD k CH 7 7 a 9 9 b', b':1\r\n'),
            ('GEOADD k CH CH 1 2 3', b':1\r\n'),
            ('GEOADD missing XX 1 1 a', b':0\r\n'),
            ('EXISTS missing', b':0\r\n'),
            ('ZRANGE k 0 -1', b'*4\r\n$1\r\n3\r\n$1\r\nc\r\n$1\r\na\r\n$1\r\nb\r\n'),
        ]
        self.replay(steps, 2)

    def test_geoadd_errors(self):
        """Syntax is checked first, then every coordinate, then the key's type."""
        steps = [
            ('SET s v', b'+OK\r\n'),
            ('GEOADD s 1 1 a', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('GEOADD s 200 10 x', b'-ERR invalid longitude,latitude pair 200.000000,10.000000\r\n'),
            ('GEOADD s 10 86 x', b'-ERR invalid longitude,latitude pair 10.000000,86.000000\r\n'),
            ('GEOADD s 10.5 -85.06 x', b'-ERR invalid longitude,latitude pair 10.500000,-85.060000\r\n'),
            ('GEOADD s inf 5 f', b'-ERR invalid longitude,latitude pair inf,5.000000\r\n'),
            ('GEOADD s -inf 0 x', b'-ERR invalid longitude,latitude pair -inf,0.000000\r\n'),
            ('GEOADD s abc 10 x', b'-ERR value is not a valid float\r\n'),
            ('GEOADD s 1 nan f', b'-ERR value is not a valid float\r\n'),
            ("GEOADD s ' 1' 5 f", b'-ERR value is not a valid float\r\n'),
            ('GEOADD s abc nan x', b'-ERR value is not a valid float\r\n'),
            ('GEOADD s 1 1 a 200 0 b', b'-ERR invalid longitude,latitude pair 200.000000,0.000000\r\n'),
            ('GEOADD s NX XX 1 2 x', b'-ERR syntax error\r\n'),
            ('GEOADD s NX 1 2 x 3', b'-ERR syntax error\r\n'),
            ('GEOADD s GT 1 1 Q', b'-ERR syntax error\r\n'),
            ('GEOADD s NX 1 2', b'-ERR syntax error\r\n'),
            ('GEOADD s CH CH CH', b'-ERR syntax error\r\n'),
            ('GEOADD s NX CH XX', b'-ERR syntax error\r\n'),
            ('GEOADD s 1 2', b"-ERR wrong number of arguments for 'geoadd' command\r\n"),
            ('GEOADD s', b"-ERR wrong number of arguments for 'geoadd' command\r\n"),
        ]
        self.replay(steps, 2)

    def test_geopos(self):
        """Coordinates print with 17 decimals, trailing zeros cut; missing members are null arrays."""
        steps = [
            ('GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania 0 0 zero 180 85.05112878 top', b':4\r\n'),
            ('GEOPOS Sicily Palermo NonExisting Catania zero top', b'*5\r\n*2\r\n$20\r\n13.36138933897018433\r\n$20\r\n38.11555639549629859\r\n*-1\r\n*2\r\n$20\r\n15.08726745843887329\r\n$20\r\n37.50266842333162032\r\n*2\r\n$19\r\n0.00000268220901489\r\n$19\r\n0.00000126736058093\r\n*2\r\n$3\r\n180\r\n$19\r\n85.0511287799999991\r\n'),
            ('GEOPOS Sicily', b'*0\r\n'),
            ('GEOPOS nokey a b', b'*2\r\n*-1\r\n*-1\r\n'),
            ('SET s v', b'+OK\r\n'),
            ('GEOPOS s a', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ]
        self.replay(steps, 2)

    def test_geopos_resp3(self):
        """In RESP3 coordinates are doubles with the same text, and a missing member is a null."""
        steps = [
            ('GEOADD Sicily 13.361389 38.115556 Palermo 180 85.05112878 top', b':2\r\n'),
            ('GEOPOS Sicily Palermo NonExisting top', b'*3\r\n*2\r\n,13.36138933897018433\r\n,38.11555639549629859\r\n_\r\n*2\r\n,180\r\n,85.0511287799999991\r\n'),
            ('GEOPOS nokey a', b'*1\r\n_\r\n'),
        ]
        self.replay(steps, 3)

    def test_geopos_odd_scores(self):
        """Scores set by ZADD are cast to 64 bits as C casts them, then clamped into range."""
        steps = [
            ('ZADD k -1 neg 1e300 big 1.5 half 9007199254740993 over -1e300 nbig inf pinf -inf ninf', b':7\r\n'),
            ('GEOPOS k neg big half over nbig pinf ninf', b'*7\r\n*2\r\n$3\r\n180\r\n$19\r\n85.0511287799999991\r\n*2\r\n$22\r\n-179.99999731779098511\r\n$21\r\n-85.05112751263942528\r\n*2\r\n$22\r\n-179.99999731779098511\r\n$21\r\n-85.05112497791824921\r\n*2\r\n$3\r\n180\r\n$21\r\n-85.05112751263942528\r\n*2\r\n$3\r\n180\r\n$21\r\n-85.05112751263942528\r\n*2\r\n$22\r\n-179.99999731779098511\r\n$21\r\n-85.05112751263942528\r\n*2\r\n$3\r\n180\r\n$21\r\n-85.05112751263942528\r\n'),
            ('GEOHASH k neg big half over nbig pinf ninf', b'*7\r\n$11\r\nbp05b5048p0\r\n$11\r\n00bh0hbj200\r\n$11\r\n00bh0hbj210\r\n$11\r\n00bh0hbj200\r\n$11\r\n00bh0hbj200\r\n$11\r\n00bh0hbj200\r\n$11\r\n00bh0hbj200\r\n'),
        ]
        self.replay(steps, 2)

    def test_geodist(self):
        """Distances in each unit with four decimals; a missing member or key gives a null."""
        steps = [
            ('GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania', b':2\r\n'),
            ('GEODIST Sicily Palermo Catania', b'$11\r\n166274.1516\r\n'),
            ('GEODIST Sicily Palermo Catania km', b'$8\r\n166.2742\r\n'),
            ('GEODIST Sicily Palermo Catania MI', b'$8\r\n103.3182\r\n'),
            ('GEODIST Sicily Palermo Catania ft', b'$11\r\n545518.8700\r\n'),
            ('GEODIST Sicily Palermo Catania M', b'$11\r\n166274.1516\r\n'),
            ('GEODIST Sicily Palermo Palermo', b'$6\r\n0.0000\r\n'),
            ('GEODIST Sicily Palermo x', b'$-1\r\n'),
            ('GEODIST nokey a b', b'$-1\r\n'),
            ('GEOADD k 0 0 a 0 10 b 0 -20 c 90 0 d -180 0 e 180 0 f', b':6\r\n'),
            ('GEODIST k a b', b'$12\r\n1112262.9623\r\n'),
            ('GEODIST k b c mi', b'$9\r\n2073.3898\r\n'),
            ('GEODIST k a d ft', b'$13\r\n32842411.4173\r\n'),
            ('GEODIST k e f km', b'$6\r\n0.0003\r\n'),
            ('GEODIST k a f', b'$13\r\n20020733.6202\r\n'),
        ]
        self.replay(steps, 2)

    def test_geodist_errors(self):
        """The unit and the argument count are checked before the key's type."""
        steps = [
            ('SET s v', b'+OK\r\n'),
            ('GEODIST s a b', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('GEODIST s a b foo', b'-ERR unsupported unit provided. please use M, KM, FT, MI\r\n'),
            ('GEODIST s a b km x', b'-ERR syntax error\r\n'),
            ('GEODIST nokey a b foo', b'-ERR unsupported unit provided. please use M, KM, FT, MI\r\n'),
            ('GEODIST s a', b"-ERR wrong number of arguments for 'geodist' command\r\n"),
        ]
        self.replay(steps, 2)

    def test_geodist_resp3(self):
        """A distance stays a bulk string in RESP3."""
        steps = [
            ('GEOADD k 0 0 a 1 1 b', b':2\r\n'),
            ('GEODIST k a b km', b'$8\r\n157.2934\r\n'),
            ('GEODIST k a x', b'_\r\n'),
        ]
        self.replay(steps, 3)

    def test_geohash(self):
        """Standard 11-character geohashes on the -90..90 grid, the last character always 0."""
        steps = [
            ('GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania -180 -85.05112878 corner 180 85.05112878 top 0 0 zero', b':5\r\n'),
            ('GEOHASH Sicily Palermo Catania x corner top zero', b'*6\r\n$11\r\nsqc8b49rny0\r\n$11\r\nsqdtr74hyu0\r\n$-1\r\n$11\r\n00bh0hbj200\r\n$11\r\nbp05b5048p0\r\n$11\r\ns0000000000\r\n'),
            ('GEOHASH Sicily', b'*0\r\n'),
            ('GEOHASH nokey a b', b'*2\r\n$-1\r\n$-1\r\n'),
            ('SET s v', b'+OK\r\n'),
            ('GEOHASH s a', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ]
        self.replay(steps, 2)

    def test_georadius(self):
        """GEORADIUS in scan order, sorted, counted, with every WITH option."""
        steps = [
            ('GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania 13.583333 37.316667 Agrigento', b':3\r\n'),
            ('GEORADIUS Sicily 15 37 200 km', b'*3\r\n$9\r\nAgrigento\r\n$7\r\nPalermo\r\n$7\r\nCatania\r\n'),
            ('GEORADIUS Sicily 15 37 200 km WITHCOORD WITHDIST WITHHASH', b'*3\r\n*4\r\n$9\r\nAgrigento\r\n$8\r\n130.4235\r\n:3479030013248308\r\n*2\r\n$19\r\n13.5833314061164856\r\n$20\r\n37.31666804993816555\r\n*4\r\n$7\r\nPalermo\r\n$8\r\n190.4424\r\n:3479099956230698\r\n*2\r\n$20\r\n13.36138933897018433\r\n$20\r\n38.11555639549629859\r\n*4\r\n$7\r\nCatania\r\n$7\r\n56.4413\r\n:3479447370796909\r\n*2\r\n$20\r\n15.08726745843887329\r\n$20\r\n37.50266842333162032\r\n'),
            ('GEORADIUS Sicily 15 37 100 km DESC', b'*1\r\n$7\r\nCatania\r\n'),
            ('GEORADIUS Sicily 15 37 200 km COUNT 1', b'*1\r\n$7\r\nCatania\r\n'),
            ('GEORADIUS Sicily 15 37 200 km COUNT 1 ANY', b'*1\r\n$9\r\nAgrigento\r\n'),
            ('GEORADIUS Sicily 15 37 200000 m DESC WITHDIST', b'*3\r\n*2\r\n$7\r\nPalermo\r\n$11\r\n190442.4298\r\n*2\r\n$9\r\nAgrigento\r\n$11\r\n130423.4871\r\n*2\r\n$7\r\nCatania\r\n$10\r\n56441.2579\r\n'),
            ('GEORADIUS_RO Sicily 15 37 200 mi ASC', b'*3\r\n$7\r\nCatania\r\n$9\r\nAgrigento\r\n$7\r\nPalermo\r\n'),
            ('GEORADIUS nokey 15 37 10 km', b'*0\r\n'),
            ('GEORADIUSBYMEMBER Sicily Agrigento 100 km', b'*2\r\n$9\r\nAgrigento\r\n$7\r\nPalermo\r\n'),
            ('GEORADIUSBYMEMBER_RO Sicily Agrigento 100 km WITHDIST ASC', b'*2\r\n*2\r\n$9\r\nAgrigento\r\n$6\r\n0.0000\r\n*2\r\n$7\r\nPalermo\r\n$7\r\n90.9778\r\n'),
            ('GEORADIUSBYMEMBER nokey nope abc yd', b'*0\r\n'),
        ]
        self.replay(steps, 2)

    def test_georadius_errors(self):
        """Radius, unit, COUNT/ANY and STORE errors, each with Redis's text."""
        steps = [
            ('GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania 13.583333 37.316667 Agrigento', b':3\r\n'),
            ('GEORADIUS Sicily 15 37 200 km ANY', b'-ERR the ANY argument requires COUNT argument\r\n'),
            ('GEORADIUS Sicily 15 37 200 km COUNT 0', b'-ERR COUNT must be > 0\r\n'),
            ('GEORADIUS Sicily 15 37 200 km COUNT x', b'-ERR value is not an integer or out of range\r\n'),
            ('GEORADIUS Sicily 15 37 200 km STORE d WITHDIST', b'-ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD options\r\n'),
            ('GEORADIUS_RO Sicily 15 37 200 km STORE d', b'-ERR syntax error\r\n'),
            ('GEORADIUS Sicily 15 37 -1 km', b'-ERR radius cannot be negative\r\n'),
            ('GEORADIUS Sicily 15 37 abc km', b'-ERR need numeric radius\r\n'),
            ('GEORADIUS Sicily 15 37 10 yd', b'-ERR unsupported unit provided. please use M, KM, FT, MI\r\n'),
            ('GEORADIUS Sicily 200 37 10 km', b'-ERR invalid longitude,latitude pair 200.000000,37.000000\r\n'),
            ('GEORADIUS Sicily 15 37 10 km foo', b'-ERR syntax error\r\n'),
            ('GEORADIUSBYMEMBER Sicily nope 100 km', b'-ERR could not decode requested zset member\r\n'),
            ('GEORADIUS Sicily 15 37 10', b"-ERR wrong number of arguments for 'georadius' command\r\n"),
            ('SET s v', b'+OK\r\n'),
            ('GEORADIUS s 15 37 10 km', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ]
        self.replay(steps, 2)

    def test_georadius_store(self):
        """STORE keeps hashes, STOREDIST distances in the unit; no result deletes the target."""
        steps = [
            ('GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania 13.583333 37.316667 Agrigento', b':3\r\n'),
            ('GEORADIUS Sicily 15 37 200 km STORE d', b':3\r\n'),
            ('ZRANGE d 0 -1 WITHSCORES', b'*6\r\n$9\r\nAgrigento\r\n$16\r\n3479030013248308\r\n$7\r\nPalermo\r\n$16\r\n3479099956230698\r\n$7\r\nCatania\r\n$16\r\n3479447370796909\r\n'),
            ('GEORADIUS Sicily 15 37 200 km STOREDIST d COUNT 2', b':2\r\n'),
            ('ZRANGE d 0 -1 WITHSCORES', b'*4\r\n$7\r\nCatania\r\n$18\r\n56.441257870158204\r\n$9\r\nAgrigento\r\n$18\r\n130.42348706714702\r\n'),
            ('GEORADIUS Sicily 15 37 1 km STORE d', b':0\r\n'),
            ('EXISTS d', b':0\r\n'),
            ('SET d v', b'+OK\r\n'),
            ('GEORADIUS nokey 15 37 10 km STORE d', b':0\r\n'),
            ('EXISTS d', b':0\r\n'),
        ]
        self.replay(steps, 2)

    def test_geosearch(self):
        """GEOSEARCH from a point or a member, by radius or by box."""
        steps = [
            ('GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania 13.583333 37.316667 Agrigento', b':3\r\n'),
            ('GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km ASC', b'*3\r\n$7\r\nCatania\r\n$9\r\nAgrigento\r\n$7\r\nPalermo\r\n'),
            ('GEOSEARCH Sicily FROMMEMBER Palermo BYBOX 400 400 km ASC WITHCOORD WITHDIST WITHHASH', b'*3\r\n*4\r\n$7\r\nPalermo\r\n$6\r\n0.0000\r\n:3479099956230698\r\n*2\r\n$20\r\n13.36138933897018433\r\n$20\r\n38.11555639549629859\r\n*4\r\n$9\r\nAgrigento\r\n$7\r\n90.9778\r\n:3479030013248308\r\n*2\r\n$19\r\n13.5833314061164856\r\n$20\r\n37.31666804993816555\r\n*4\r\n$7\r\nCatania\r\n$8\r\n166.2742\r\n:3479447370796909\r\n*2\r\n$20\r\n15.08726745843887329\r\n$20\r\n37.50266842333162032\r\n'),
            ('GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX 400 400 km DESC', b'*3\r\n$7\r\nPalermo\r\n$9\r\nAgrigento\r\n$7\r\nCatania\r\n'),
            ('GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX 400 10 km', b'*0\r\n'),
            ('GEOSEARCH Sicily FROMMEMBER Palermo FROMMEMBER Catania BYRADIUS 1 km BYRADIUS 200 km', b'*3\r\n$9\r\nAgrigento\r\n$7\r\nPalermo\r\n$7\r\nCatania\r\n'),
            ('GEOSEARCH Sicily FROMMEMBER Palermo BYRADIUS 200 km COUNT 2 ANY DESC', b'*2\r\n$9\r\nAgrigento\r\n$7\r\nPalermo\r\n'),
            ('GEOSEARCH Sicily FROMMEMBER Palermo BYRADIUS 200 km WITHDIST COUNT 2', b'*2\r\n*2\r\n$7\r\nPalermo\r\n$6\r\n0.0000\r\n*2\r\n$9\r\nAgrigento\r\n$7\r\n90.9778\r\n'),
            ('GEOSEARCH Sicily FROMMEMBER Palermo BYRADIUS 0 m', b'*1\r\n$7\r\nPalermo\r\n'),
            ('GEOSEARCH nokey FROMMEMBER x BYRADIUS 10 km', b'*0\r\n'),
        ]
        self.replay(steps, 2)

    def test_geosearch_resp3(self):
        """Coordinates are doubles in RESP3, distances bulk strings, hashes integers."""
        steps = [
            ('GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania 13.583333 37.316667 Agrigento', b':3\r\n'),
            ('GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km ASC WITHCOORD WITHDIST WITHHASH', b'*3\r\n*4\r\n$7\r\nCatania\r\n$7\r\n56.4413\r\n:3479447370796909\r\n*2\r\n,15.08726745843887329\r\n,37.50266842333162032\r\n*4\r\n$9\r\nAgrigento\r\n$8\r\n130.4235\r\n:3479030013248308\r\n*2\r\n,13.5833314061164856\r\n,37.31666804993816555\r\n*4\r\n$7\r\nPalermo\r\n$8\r\n190.4424\r\n:3479099956230698\r\n*2\r\n,13.36138933897018433\r\n,38.11555639549629859\r\n'),
            ('GEOSEARCH Sicily FROMLONLAT 0 0 BYRADIUS 1 km', b'*0\r\n'),
        ]
        self.replay(steps, 3)

    def test_geosearch_errors(self):
        """Option conflicts and missing parts, checked in Redis's order."""
        steps = [
            ('GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania 13.583333 37.316667 Agrigento', b':3\r\n'),
            ('GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km BYBOX 1 1 km', b'-ERR syntax error\r\n'),
            ('GEOSEARCH Sicily FROMLONLAT 15 37 FROMMEMBER Palermo BYRADIUS 200 km', b'-ERR syntax error\r\n'),
            ('GEOSEARCH Sicily BYRADIUS 200 km', b"-ERR wrong number of arguments for 'geosearch' command\r\n"),
            ('GEOSEARCH Sicily FROMMEMBER Palermo ASC WITHDIST', b"-ERR wrong number of arguments for 'geosearch' command\r\n"),
            ('GEOSEARCH Sicily FROMMEMBER Palermo WITHDIST ASC COUNT 1', b'-ERR exactly one of BYRADIUS and BYBOX can be specified for GEOSEARCH\r\n'),
            ('GEOSEARCH Sicily FROMLONLAT 1 2 WITHDIST ASC COUNT 1', b'-ERR exactly one of BYRADIUS and BYBOX can be specified for GEOSEARCH\r\n'),
            ('GEOSEARCH Sicily FROMMEMBER x BYRADIUS 10 km', b'-ERR could not decode requested zset member\r\n'),
            ('GEOSEARCH Sicily FROMMEMBER Palermo BYRADIUS 200 km STORE d', b'-ERR syntax error\r\n'),
            ('GEOSEARCH Sicily FROMMEMBER Palermo BYRADIUS 200 km STOREDIST', b'-ERR syntax error\r\n'),
            ('GEOSEARCH Sicily FROMMEMBER Palermo BYBOX -1 2 km', b'-ERR height or width cannot be negative\r\n'),
            ('GEOSEARCH Sicily FROMMEMBER Palermo BYBOX x 2 km', b'-ERR need numeric width\r\n'),
            ('GEOSEARCH Sicily FROMMEMBER Palermo BYBOX 2 x km', b'-ERR need numeric height\r\n'),
            ('GEOSEARCH Sicily FROMMEMBER Palermo BYRADIUS 200 km ANY', b'-ERR the ANY argument requires COUNT argument\r\n'),
            ('GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200', b'-ERR syntax error\r\n'),
            ('GEOSEARCH Sicily FROMLONLAT 15 BYRADIUS 200 km', b'-ERR value is not a valid float\r\n'),
            ('GEOSEARCH nokey FROMMEMBER x BYRADIUS 10 km ANY', b'-ERR the ANY argument requires COUNT argument\r\n'),
        ]
        self.replay(steps, 2)

    def test_geosearchstore(self):
        """GEOSEARCHSTORE replaces the target (STOREDIST: distances) or deletes it."""
        steps = [
            ('GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania 13.583333 37.316667 Agrigento', b':3\r\n'),
            ('GEOSEARCHSTORE d Sicily FROMMEMBER Palermo BYRADIUS 200 km STOREDIST', b':3\r\n'),
            ('ZRANGE d 0 -1 WITHSCORES', b'*6\r\n$7\r\nPalermo\r\n$1\r\n0\r\n$9\r\nAgrigento\r\n$18\r\n90.977753537996037\r\n$7\r\nCatania\r\n$18\r\n166.27415156960032\r\n'),
            ('GEOSEARCHSTORE d Sicily FROMMEMBER Palermo BYRADIUS 200 km WITHDIST', b'-ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options\r\n'),
            ('GEOSEARCHSTORE d Sicily FROMLONLAT 0 0 BYBOX 1 1 m', b':0\r\n'),
            ('EXISTS d', b':0\r\n'),
            ('GEOSEARCHSTORE d Sicily FROMMEMBER Palermo BYBOX 1 1 m', b':1\r\n'),
            ('ZRANGE d 0 -1 WITHSCORES', b'*2\r\n$7\r\nPalermo\r\n$16\r\n3479099956230698\r\n'),
            ('GEOSEARCHSTORE d nokey FROMMEMBER Palermo BYBOX 1 1 m', b':0\r\n'),
            ('EXISTS d', b':0\r\n'),
            ('GEOSEARCHSTORE d Sicily FROMMEMBER Palermo BYRADIUS 200 km COUNT 2 STORE x', b'-ERR syntax error\r\n'),
        ]
        self.replay(steps, 2)

    def test_geoadd_propagates_as_zadd(self):
        """Replicas and the AOF get the ZADD GEOADD amounts to, and only when something changed."""
        server = CoreServer()
        sent = []
        server.state.propagate_to.append(lambda db, argv: sent.append(argv))
        client = server.session()
        client.call("GEOADD", "k", "CH", "13.361389", "38.115556", "Palermo")
        client.call("GEOADD", "k", "NX", "1", "1", "Palermo")
        self.assertEqual(sent, [[b"zadd", b"k", b"CH", b"3479099956230698", b"Palermo"]])


class GeohashTests(SynchronousTestCase):
    """The arithmetic on its own, at the edges of the grid."""

    def test_round_trip_stays_in_cell(self):
        """Decoding a cell gives a point that encodes back to the same cell."""
        for lon, lat in [(13.361389, 38.115556), (-179.5, -85.0), (0.0, 0.0), (179.9, 85.0)]:
            bits = geohash.encode(lon, lat)
            self.assertEqual(geohash.encode(*geohash.decode(bits)), bits)

    def test_validity_limits(self):
        """The Web Mercator limits are inclusive."""
        self.assertTrue(geohash.valid(180.0, geohash.LAT_MAX))
        self.assertFalse(geohash.valid(180.000001, 0.0))
