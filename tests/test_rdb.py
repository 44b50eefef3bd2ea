"""
RDB files between txredisd and Debian's redis-server 7.0.15: files Redis
writes load here with every key, value, encoding and TTL; files written here
load into redis-server the same way; old-version files (built by hand in the
pre-7.0 encodings) load in both alike; damaged files fail with the offset.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path

from twisted.trial.unittest import SynchronousTestCase

from tests._core import CoreServer
from tests._servers import start_redis_server
from tests.test_dump_restore import FIXTURE, OLD_OBJECTS, fixture_keys, parse, snapshot
from txredisd.cli import check_rdb
from txredisd.persistence import RdbError, RdbReader, load, reader, write_snapshot
from txredisd.persistence.crc64 import crc64
from txredisd.persistence.writer import length, string

_LIBRARY = "#!lua name=mylib\nredis.register_function('f', function() return 1 end)"
_FAR = 4_000_000_000_000  # an expiry time (ms) far in the future
_FAR_SECONDS = 2_000_000_000  # one in seconds that fits the old 32-bit field


def _keys(call) -> list[bytes]:
    return sorted(parse(call("KEYS", "*")))


def old_file(version: int) -> bytes:
    """An RDB file of an old version in the pre-7.0 encodings, with second-resolution expiry times."""
    body = [b"REDIS%04d" % version]
    if version >= 7:
        body.append(b"\xfa" + string(b"redis-ver", False) + string(b"5.0.0", False))
        body.append(b"\xfe\x00\xfb" + length(len(OLD_OBJECTS)) + length(1))
    else:
        body.append(b"\xfe\x00")
    for key, obj in OLD_OBJECTS.items():
        body.append(obj[:1] + string(key, False) + obj[1:])
    body.append(b"\xfd" + (_FAR_SECONDS).to_bytes(4, "little") + b"\x00" + string(b"sec", False) + b"\x01v")
    body.append(b"\xfc" + _FAR.to_bytes(8, "little") + b"\x00" + string(b"ms", False) + b"\x01v")
    body.append(b"\xfe\x05\x00" + string(b"in-db-5", False) + b"\xc0\x07")
    data = b"".join(body) + b"\xff"
    return data + crc64(0, data).to_bytes(8, "little")


class RdbTestCase(SynchronousTestCase):
    """Helpers: a scratch directory, and comparing a core server with a redis-server key by key."""

    def setUp(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="rdb-"))
        self.addCleanup(shutil.rmtree, self.dir, True)

    def redis_on(self, data: bytes, *extra: str):
        """A redis-server started on C{data} as its dump file."""
        (self.dir / "in.rdb").write_bytes(data)
        server = start_redis_server("--dir", str(self.dir), "--dbfilename", "in.rdb", *extra)
        self.addCleanup(server.stop)
        return server

    def core_from(self, data: bytes, **config: str) -> CoreServer:
        core = CoreServer(now_ms=int(time.time() * 1000), **config)
        load(data, core.state.dbs, core.state.now_ms, core.config)
        return core

    def assertSameKeys(self, core: CoreServer, redis, dbs=range(16)) -> int:
        """Every database of both servers holds the same keys, values, encodings and expiry times."""
        ours = core.session()
        total = 0
        with redis.client() as theirs:
            for index in dbs:
                ours.call("SELECT", index)
                theirs.call("SELECT", index)
                keys = _keys(theirs.call)
                self.assertEqual(_keys(ours.call), keys, index)
                for key in keys:
                    self.assertEqual(snapshot(ours.call, key), snapshot(theirs.call, key), (index, key))
                total += len(keys)
        return total


class RedisFilesTests(RdbTestCase):
    """Files written by redis-server, loaded here."""

    def saved(self, *extra: str, fill=None) -> tuple[bytes, object]:
        server = start_redis_server("--enable-debug-command", "yes", *extra)
        self.addCleanup(server.stop)
        with server.client() as client:
            for command in FIXTURE:
                client.call(*command)
            client.call("SELECT", 3)
            client.call("SET", "ttl", "v", "PXAT", _FAR)
            client.call("HSET", "h", "a", "1")
            client.call("PEXPIREAT", "h", _FAR + 1)
            client.call("FUNCTION", "LOAD", _LIBRARY)
            if fill:
                fill(client)
            self.assertEqual(client.call("SAVE"), b"+OK\r\n")
        return (server.workdir / "dump.rdb").read_bytes(), server

    def test_every_type_and_encoding(self):
        """A snapshot by redis-server loads with every key, value, encoding and TTL, and the function library."""

        def expired(client):
            self.assertEqual(client.call("DEBUG", "SET-ACTIVE-EXPIRE", "0"), b"+OK\r\n")
            client.call("SET", "dies", "v", "PX", 1)
            time.sleep(0.01)

        data, server = self.saved(fill=expired)
        core = CoreServer(now_ms=int(time.time() * 1000))
        result = load(data, core.state.dbs, core.state.now_ms, core.config)
        self.assertEqual((result.keys, result.expired, result.empty), (len(fixture_keys()) + 2, 1, 0))
        self.assertEqual(result.summary.functions, [_LIBRARY.encode()])
        self.assertEqual(result.summary.aux[b"redis-ver"], b"7.0.15")
        with server.client() as client:
            client.call("SELECT", 3)
            client.call("DEL", "dies")
        self.assertEqual(self.assertSameKeys(core, server), len(fixture_keys()) + 2)

    def test_streamed_in_small_chunks(self):
        """Read from a file object a few bytes at a time, the result (and the checksum check) is the same."""
        data, _ = self.saved()
        self.patch(reader, "_CHUNK", 7)
        whole = CoreServer()
        load(data, whole.state.dbs, 0, whole.config)
        chunked = CoreServer()
        source = io.BytesIO(data + b"*1\r\n$4\r\nPING\r\n")  # as in an AOF with an RDB preamble
        self.assertEqual(load(source, chunked.state.dbs, 0, chunked.config).summary.end_offset, len(data))
        for ours, theirs in zip(whole.state.dbs, chunked.state.dbs, strict=True):
            self.assertEqual(ours.data.keys(), theirs.data.keys())
            self.assertEqual(ours.expires, theirs.expires)

    def test_lru_and_lfu_records(self):
        """IDLE records (LRU policies) restore idle times; FREQ records (LFU policies) are read."""
        data, _ = self.saved("--maxmemory-policy", "allkeys-lru")
        records = [record for record in RdbReader(data) if hasattr(record, "idle_s")]
        self.assertTrue(records and all(record.idle_s is not None for record in records))
        data, _ = self.saved("--maxmemory-policy", "allkeys-lfu")
        records = [record for record in RdbReader(data) if hasattr(record, "freq")]
        self.assertTrue(records and all(record.freq is not None for record in records))
        core = CoreServer(now_ms=int(time.time() * 1000))
        self.assertEqual(load(data, core.state.dbs, core.state.now_ms).keys, len(fixture_keys()) + 2)

    def test_thresholds(self):
        """Loaded values take the encodings the loading server's thresholds give them, as Redis does."""
        data, _ = self.saved()
        small = {"hash-max-listpack-entries": "2", "zset-max-listpack-entries": "2", "set-max-intset-entries": "2",
                 "hash-max-listpack-value": "3", "zset-max-listpack-value": "3"}
        redis = self.redis_on(data, *[x for name, value in small.items() for x in (f"--{name}", value)])
        core = CoreServer(now_ms=int(time.time() * 1000), **small)
        load(data, core.state.dbs, core.state.now_ms, core.config)
        self.assertSameKeys(core, redis, dbs=(0, 3))


class OwnFilesTests(RdbTestCase):
    """Files written here, loaded by redis-server."""

    def filled_core(self, **config: str) -> CoreServer:
        core = CoreServer(now_ms=int(time.time() * 1000), **config)
        client = core.session()
        for command in FIXTURE:
            client.call(*command)
        client.call("SELECT", 2)
        client.call("SET", "ttl", "v", "PXAT", _FAR)
        client.call("ZADD", "z", *[x for i in range(200) for x in (i, f"m{i}")])
        client.call("ZADD", "z", "-0", "negative-zero")
        client.call("PEXPIREAT", "z", _FAR + 5)
        client.call("SELECT", 15)
        client.call("RPUSH", "last-db", "a")
        return core

    def saved(self, core: CoreServer) -> bytes:
        out = io.BytesIO()
        size = write_snapshot(out, core.state.dbs, core.config, core.state.now_ms, used_memory=123)
        self.assertEqual(size, len(out.getvalue()))
        return out.getvalue()

    def test_redis_loads_our_file(self):
        """redis-server loads a file written here with identical keys, values, encodings and TTLs."""
        core = self.filled_core()
        redis = self.redis_on(self.saved(core))
        self.assertEqual(self.assertSameKeys(core, redis), len(fixture_keys()) + 3)

    def test_options(self):
        """Without compression or checksum (zero trailer) redis-server still loads the file."""
        core = self.filled_core(rdbcompression="no", rdbchecksum="no")
        data = self.saved(core)
        self.assertEqual(data[-8:], bytes(8))
        self.assertNotIn(b"\xc3", data[data.index(b"str:lzf"):][:20])
        self.assertSameKeys(core, self.redis_on(data))

    def test_list_node_sizes(self):
        """Lists split into nodes for any list-max-listpack-size load back into redis-server unchanged."""
        for fill in ("-1", "-5", "3", "0"):
            core = self.filled_core(list_max_listpack_size=fill)
            redis = self.redis_on(self.saved(core), "--list-max-listpack-size", fill)
            self.assertSameKeys(core, redis, dbs=(0,))
            redis.stop()

    def test_header(self):
        """The AUX fields redis-server 7.0 writes, in its order; empty databases are skipped."""
        core = self.filled_core()
        data = self.saved(core)
        source = RdbReader(data)
        records = list(source)
        aux = [(record.name, record.value) for record in records if type(record).__name__ == "Aux"]
        self.assertEqual([name for name, _ in aux], [b"redis-ver", b"redis-bits", b"ctime", b"used-mem", b"aof-base"])
        self.assertEqual(aux[0][1], b"7.0.15")
        selected = [record.index for record in records if type(record).__name__ == "SelectDb"]
        self.assertEqual(selected, [0, 2, 15])
        self.assertEqual(source.summary.version, 10)
        self.assertEqual(source.summary.end_offset, len(data))

    def test_round_trip(self):
        """Written then read here: the same values, TTLs and encodings (negative zero scores kept)."""
        core = self.filled_core()
        again = self.core_from(self.saved(core))
        for ours, theirs in zip(core.state.dbs, again.state.dbs, strict=True):
            self.assertEqual(ours.expires, theirs.expires)
            self.assertEqual(list(ours.data), list(theirs.data))
        zset = again.state.dbs[2].data[b"z"]
        self.assertEqual(str(zset.scores[b"negative-zero"]), "-0.0")


class OldFilesTests(RdbTestCase):
    """Older RDB versions and the pre-7.0 encodings."""

    def test_old_versions(self):
        """Version 6 and 9 files in ziplist/zipmap/linked-list encodings load here as in redis-server."""
        for version in (6, 9):
            data = old_file(version)
            redis = self.redis_on(data)
            core = self.core_from(data)
            self.assertEqual(self.assertSameKeys(core, redis), len(OLD_OBJECTS) + 3, version)
            redis.stop()

    def test_version_4_has_no_checksum(self):
        """Before version 5 there is no checksum trailer."""
        data = old_file(4)[:-8]
        core = self.core_from(data)
        self.assertEqual(len(core.state.dbs[0].data), len(OLD_OBJECTS) + 2)


class DamagedFilesTests(SynchronousTestCase):
    """Anything wrong raises RdbError naming the offset; nothing else escapes."""

    def setUp(self) -> None:
        core = CoreServer()
        client = core.session()
        for command in FIXTURE:
            client.call(*command)
        out = io.BytesIO()
        write_snapshot(out, core.state.dbs, core.config, 0)
        self.data = out.getvalue()

    def load_error(self, data: bytes) -> RdbError:
        core = CoreServer()
        with self.assertRaises(RdbError) as caught:
            load(data, core.state.dbs, 0)
        return caught.exception

    def test_truncated_everywhere(self):
        """A file cut at any byte fails with an offset within what is there."""
        step = max(1, len(self.data) // 400)
        for cut in [*range(0, len(self.data), step), *range(len(self.data) - 12, len(self.data))]:
            error = self.load_error(self.data[:cut])
            self.assertLessEqual(error.offset, cut, cut)
            self.assertIn(f"byte offset {error.offset}", str(error))

    def test_flipped_bytes(self):
        """A changed byte is caught by the format checks or by the checksum."""
        for position in range(9, len(self.data), max(1, len(self.data) // 200)):
            damaged = bytearray(self.data)
            damaged[position] ^= 0x21
            self.load_error(bytes(damaged))

    def test_random_damage(self):
        """Random bytes changed (checksum check off, so the format checks see them): RdbError or a clean load."""
        rng = random.Random(3)
        for data in (self.data, old_file(9)):
            for trial in range(400):
                damaged = bytearray(data)
                for _ in range(rng.randint(1, 4)):
                    damaged[rng.randrange(9, len(damaged))] = rng.randrange(256)
                if trial % 2:
                    damaged = damaged[: rng.randrange(len(damaged))]
                try:
                    list(RdbReader(bytes(damaged), verify_checksum=False))
                except RdbError:
                    pass

    def test_checksum(self):
        """A wrong checksum names the trailer's offset; a zero one is not checked."""
        error = self.load_error(self.data[:-1] + bytes((self.data[-1] ^ 1,)))
        self.assertEqual(error.offset, len(self.data) - 8)
        self.assertIn("checksum", error.reason)
        load(self.data[:-8] + bytes(8), CoreServer().state.dbs, 0)

    def test_header_errors(self):
        """Not an RDB file, or a version this server does not know."""
        self.assertEqual(self.load_error(b"RADIS0010" + self.data[9:]).offset, 0)
        for version in (b"0011", b"0000", b"00x1"):
            error = self.load_error(b"REDIS" + version + self.data[9:])
            self.assertEqual(error.offset, 5)
            self.assertIn("version", error.reason)

    def test_unsupported_records(self):
        """Module data, pre-release functions and unknown types are refused by name, at their offset."""
        head = b"REDIS0010\xfe\x00"
        for record, words in ((b"\xf7\x01", "module"), (b"\xf6\x01", "function"), (b"\x63\x01k", "type 99"),
                              (b"\x07\x01k", "module")):
            error = self.load_error(head + record + b"\x00" * 20)
            self.assertEqual(error.offset, len(head), record)
            self.assertIn(words, error.reason)

    def test_semantic_errors(self):
        """Duplicate keys, a database past the configured number, duplicate members."""
        head = b"REDIS0010\xfe\x00"
        self.assertIn("duplicate key", self.load_error(head + b"\x00\x01k\x01v" * 2 + b"\xff" + bytes(8)).reason)
        self.assertIn("out of range", self.load_error(b"REDIS0010\xfe\x20\x00\x01k\x01v\xff" + bytes(8)).reason)
        error = self.load_error(head + b"\x02\x01k\x02\x01a\x01a\xff" + bytes(8))
        self.assertEqual((error.offset, error.reason), (len(head) + 3, "duplicate set member"))

    def test_empty_collections_skipped(self):
        """Redis skips keys holding empty collections when loading a file; so does this."""
        data = b"REDIS0010\xfe\x00\x12\x01k\x00\x00\x01s\x01v\xff" + bytes(8)
        core = CoreServer()
        result = load(data, core.state.dbs, 0)
        self.assertEqual((result.keys, result.empty), (1, 1))
        self.assertEqual(list(core.state.dbs[0].data), [b"s"])


class CheckRdbTests(SynchronousTestCase):
    """The txredisd-check-rdb command."""

    def run_check(self, data: bytes) -> tuple[int, str]:
        path = Path(tempfile.mkdtemp(prefix="check-")) / "dump.rdb"
        self.addCleanup(shutil.rmtree, path.parent, True)
        path.write_bytes(data)
        out = io.StringIO()
        with redirect_stdout(out):
            code = check_rdb.main([str(path)])
        return code, out.getvalue()

    def test_good_file(self):
        """A sound file: its AUX fields, databases, counts per type, exit status 0."""
        data = old_file(9)
        code, text = self.run_check(data)
        self.assertEqual(code, 0, text)
        self.assertIn("AUX FIELD redis-ver = '5.0.0'", text)
        self.assertIn("Selecting DB ID 5", text)
        self.assertIn(f"[offset {len(data)}] Checksum OK", text)
        self.assertIn("RDB looks OK", text)
        self.assertIn(f"[info] {len(OLD_OBJECTS) + 3} keys read", text)
        self.assertIn("[info] 2 expires", text)
        self.assertIn("[info] hash: 3 keys", text)

    def test_damaged_file(self):
        """A truncated file: the offset of the error, exit status 1."""
        data = old_file(9)
        code, text = self.run_check(data[:100])
        self.assertEqual(code, 1)
        self.assertIn("--- RDB ERROR DETECTED ---", text)
        self.assertIn("unexpected end of data", text)

    def test_missing_file(self):
        """An unreadable path is reported, exit status 1."""
        out = io.StringIO()
        with redirect_stdout(out):
            self.assertEqual(check_rdb.main([os.devnull + "/nope"]), 1)
        self.assertIn("Cannot open RDB file", out.getvalue())
