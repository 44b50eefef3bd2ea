"""
RDB files on disk with real processes: SAVE/BGSAVE/save points/SHUTDOWN,
loading at start-up, files exchanged with Debian's redis-server both ways,
damaged files refused, MISCONF when saving fails.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from twisted.trial.unittest import TestCase

from tests._servers import RawClient, start_redis_server, start_txredisd
from txredisd.persistence import RdbReader

DATASET = [
    ("SET", "s", "plain"),
    ("SET", "n", "12345"),
    ("SET", "ttl", "v", "PX", "3600000"),
    ("RPUSH", "l", "a", "b", "c"),
    ("HSET", "h", "f", "v", "g", "w"),
    ("SADD", "set", "x", "y"),
    ("SADD", "ints", "1", "2", "3"),
    ("ZADD", "z", "1.5", "m", "2", "n"),
    ("SELECT", "3"),
    ("SET", "in3", "x" * 100),
    ("SELECT", "0"),
]

CHECKS = [
    ("GET", "s"), ("GET", "n"), ("LRANGE", "l", "0", "-1"), ("HGETALL", "h"), ("SMEMBERS", "ints"),
    ("ZRANGE", "z", "0", "-1", "WITHSCORES"), ("OBJECT", "ENCODING", "ints"), ("OBJECT", "ENCODING", "h"),
    ("TYPE", "set"), ("DBSIZE",), ("SELECT", "3"), ("GET", "in3"), ("SELECT", "0"),
]


LIBRARY = b"#!lua name=mylib\nredis.register_function('answer', function(keys, args) return 42 end)"


def _fill(client: RawClient) -> None:
    for command in DATASET:
        client.call(*command)


def _observe(client: RawClient) -> list[bytes]:
    seen = [client.call(*command) for command in CHECKS]
    ttl = int(client.call("PTTL", "ttl")[1:-2])
    seen.append(b"ttl-ok" if 3_500_000 < ttl <= 3_600_000 else b"ttl %d" % ttl)
    return seen


def _info_field(client: RawClient, name: bytes) -> bytes:
    info = client.call("INFO", "persistence")
    for line in info.split(b"\r\n"):
        if line.startswith(name + b":"):
            return line.split(b":", 1)[1]
    raise AssertionError(f"no {name!r} in INFO")


def _wait_for(predicate, what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


class SnapshotTests(TestCase):
    def setUp(self) -> None:
        self.dir = tempfile.mkdtemp(prefix="txredisd-rdb-")
        self.addCleanup(shutil.rmtree, self.dir, True)

    def start(self, *extra: str):
        server = start_txredisd("--dir", self.dir, *extra)
        self.addCleanup(server.stop)
        return server

    def test_save_then_restart_loads_everything(self) -> None:
        """SAVE writes dump.rdb; a new server on the same directory has every key, type and TTL back."""
        server = self.start("--save", "")
        with server.client() as client:
            _fill(client)
            before = _observe(client)
            self.assertEqual(client.call("SAVE"), b"+OK\r\n")
            self.assertEqual(_info_field(client, b"rdb_changes_since_last_save"), b"0")
        server.stop()
        again = self.start("--save", "")
        with again.client() as client:
            self.assertEqual(_observe(client), before)
            self.assertEqual(_info_field(client, b"rdb_last_load_keys_loaded"), b"9")
        self.assertIn(b"Done loading RDB, keys loaded: 9", Path(again.log_path).read_bytes())

    def test_bgsave_file_loads_in_redis_server(self) -> None:
        """BGSAVE runs in a child while the server keeps answering; Debian's redis-server loads the file."""
        server = self.start("--save", "")
        with server.client() as client:
            _fill(client)
            before = _observe(client)
            first = int(client.call("LASTSAVE")[1:-2])
            time.sleep(1.1)  # LASTSAVE has one-second resolution
            self.assertEqual(client.call("BGSAVE"), b"+Background saving started\r\n")
            self.assertEqual(client.call("PING"), b"+PONG\r\n")
            _wait_for(lambda: _info_field(client, b"rdb_bgsave_in_progress") == b"0", "the child")
            self.assertEqual(_info_field(client, b"rdb_last_bgsave_status"), b"ok")
            self.assertGreater(int(client.call("LASTSAVE")[1:-2]), first)
        redis = start_redis_server("--dir", self.dir, "--dbfilename", "dump.rdb")
        self.addCleanup(redis.stop)
        with redis.client() as client:
            self.assertEqual(_observe(client), before)

    def test_redis_server_file_loads_in_txredisd(self) -> None:
        """A dump.rdb written by redis-server 7.0.15 loads with identical data."""
        redis = start_redis_server("--dir", self.dir, "--dbfilename", "dump.rdb")
        self.addCleanup(redis.stop)
        with redis.client() as client:
            _fill(client)
            before = _observe(client)
            self.assertEqual(client.call("SAVE"), b"+OK\r\n")
        redis.stop()
        server = self.start("--save", "")
        with server.client() as client:
            self.assertEqual(_observe(client), before)

    def test_save_point_triggers_background_save(self) -> None:
        """With `save 1 1`, one change is saved within a couple of seconds, without being asked."""
        server = self.start("--save", "1 1")
        with server.client() as client:
            client.call("SET", "k", "v")
            _wait_for(lambda: _info_field(client, b"rdb_changes_since_last_save") == b"0", "the save point")
            self.assertEqual(_info_field(client, b"rdb_saves"), b"1")
        self.assertTrue(os.path.exists(os.path.join(self.dir, "dump.rdb")))

    def test_shutdown_saves_with_save_points_and_nosave_does_not(self) -> None:
        """SHUTDOWN saves when save points are set; SHUTDOWN NOSAVE leaves the old file."""
        server = self.start()
        with server.client() as client:
            client.call("SET", "k", "1")
            client.send_command("SHUTDOWN")
        server.process.wait(20)
        again = self.start()
        with again.client() as client:
            self.assertEqual(client.call("GET", "k"), b"$1\r\n1\r\n")
            client.call("SET", "k", "2")
            client.send_command("SHUTDOWN", "NOSAVE")
        again.process.wait(20)
        third = self.start()
        with third.client() as client:
            self.assertEqual(client.call("GET", "k"), b"$1\r\n1\r\n")

    def test_sigterm_saves_with_save_points(self) -> None:
        """SIGTERM is a shutdown: with save points the data is saved first, as Redis does."""
        server = self.start()
        with server.client() as client:
            client.call("SET", "k", "kept")
        server.process.send_signal(signal.SIGTERM)
        server.process.wait(20)
        again = self.start("--save", "")
        with again.client() as client:
            self.assertEqual(client.call("GET", "k"), b"$4\r\nkept\r\n")

    def test_damaged_file_refuses_to_start(self) -> None:
        """A truncated or corrupted dump.rdb stops start-up with the byte offset named; nothing is served."""
        server = self.start("--save", "")
        with server.client() as client:
            _fill(client)
            client.call("SAVE")
        server.stop()
        path = Path(self.dir, "dump.rdb")
        good = path.read_bytes()
        for damaged in (good[: len(good) // 2], good[:-4] + b"\x00\x00\x00\x00"):
            path.write_bytes(damaged)
            with self.assertRaises(RuntimeError) as caught:
                start_txredisd("--dir", self.dir, "--save", "")
            self.assertIn("offset", str(caught.exception))

    def test_failing_bgsave_sets_misconf(self) -> None:
        """When a background save fails and save points are set, writes (and PING) get MISCONF until one succeeds."""
        server = self.start("--save", "3600 1", "--enable-protected-configs", "yes")
        gone = tempfile.mkdtemp(prefix="txredisd-gone-")
        with server.client() as client:
            self.assertEqual(client.call("CONFIG", "SET", "dir", gone), b"+OK\r\n")
            shutil.rmtree(gone)
            client.call("SET", "k", "v")
            client.call("BGSAVE")
            _wait_for(lambda: _info_field(client, b"rdb_bgsave_in_progress") == b"0", "the child")
            self.assertEqual(_info_field(client, b"rdb_last_bgsave_status"), b"err")
            self.assertTrue(client.call("SET", "k", "w").startswith(b"-MISCONF Redis is configured to save"))
            self.assertTrue(client.call("PING").startswith(b"-MISCONF"))
            self.assertEqual(client.call("GET", "k"), b"$1\r\nv\r\n")
            self.assertEqual(client.call("CONFIG", "SET", "stop-writes-on-bgsave-error", "no"), b"+OK\r\n")
            self.assertEqual(client.call("SET", "k", "w"), b"+OK\r\n")
            os.makedirs(gone)
            self.addCleanup(shutil.rmtree, gone, True)
            self.assertEqual(client.call("CONFIG", "SET", "stop-writes-on-bgsave-error", "yes"), b"+OK\r\n")
            self.assertEqual(client.call("SAVE"), b"+OK\r\n")
            self.assertEqual(client.call("SET", "k", "x"), b"+OK\r\n")

    def test_command_errors(self) -> None:
        """BGSAVE while one runs, BGSAVE SCHEDULE, syntax errors, SAVE inside MULTI: Redis's replies."""
        server = self.start("--save", "")
        with server.client() as client:
            client.call("MULTI")
            self.assertEqual(client.call("SAVE"), b"-ERR Command not allowed inside a transaction\r\n")
            self.assertTrue(client.call("EXEC").startswith(b"-EXECABORT"))
            self.assertEqual(client.call("BGSAVE", "x"), b"-ERR syntax error\r\n")
            self.assertEqual(client.call("BGSAVE", "SCHEDULE"), b"+Background saving started\r\n")
            reply = client.call("BGSAVE")
            if reply != b"-ERR Background save already in progress\r\n":  # the child may already be done
                self.assertEqual(reply, b"+Background saving started\r\n")
            _wait_for(lambda: _info_field(client, b"rdb_bgsave_in_progress") == b"0", "the child")

    def test_functions_saved_and_loaded_both_ways(self) -> None:
        """Function libraries travel in dump.rdb as in Redis 7.0: txredisd -> redis-server -> txredisd."""
        server = self.start("--save", "")
        with server.client() as client:
            self.assertEqual(client.call("FUNCTION", "LOAD", LIBRARY), b"$5\r\nmylib\r\n")
            self.assertEqual(client.call("SAVE"), b"+OK\r\n")
        server.stop()
        redis = start_redis_server("--dir", self.dir, "--dbfilename", "dump.rdb")
        self.addCleanup(redis.stop)
        with redis.client() as client:
            self.assertEqual(client.call("FCALL", "answer", "0"), b":42\r\n")
            client.call("FUNCTION", "LOAD", LIBRARY.replace(b"mylib", b"second").replace(b"answer", b"other"))
            self.assertEqual(client.call("SAVE"), b"+OK\r\n")
        redis.stop()
        again = self.start("--save", "")
        with again.client() as client:
            self.assertEqual(client.call("FCALL", "answer", "0"), b":42\r\n")
            self.assertEqual(client.call("FCALL", "other", "0"), b":42\r\n")

    def test_debug_reload_keeps_functions(self) -> None:
        server = self.start("--save", "", "--enable-debug-command", "yes")
        with server.client() as client:
            client.call("FUNCTION", "LOAD", LIBRARY)
            self.assertEqual(client.call("DEBUG", "RELOAD"), b"+OK\r\n")
            self.assertEqual(client.call("FCALL", "answer", "0"), b":42\r\n")

    def test_debug_reload_round_trip(self) -> None:
        """DEBUG RELOAD saves, empties and reloads: the dataset survives the codec unchanged."""
        server = self.start("--save", "", "--enable-debug-command", "yes")
        with server.client() as client:
            _fill(client)
            before = _observe(client)
            self.assertEqual(client.call("DEBUG", "RELOAD"), b"+OK\r\n")
            self.assertEqual(_observe(client), before)

    def test_out_of_space_reported_refused_and_recovered(self) -> None:
        """
        A save that runs out of room (a file-size limit on the process, standing in
        for a full disk) fails: INFO and the log say so, writes are refused while
        stop-writes-on-bgsave-error is on, the previous dump.rdb is untouched and no
        temp file is left; once there is room again a save succeeds and writes resume.
        """
        prlimit = shutil.which("prlimit")
        if prlimit is None:
            if os.environ.get("CI") == "true":
                raise AssertionError("prlimit (util-linux) is needed")
            self.skipTest("prlimit (util-linux) is not installed")
        server = self.start("--save", "3600 1")
        with server.client() as client:
            client.call("SET", "first", "kept")
            self.assertEqual(client.call("SAVE"), b"+OK\r\n")
            good = Path(self.dir, "dump.rdb").read_bytes()
            for number in range(40):
                client.call("SET", f"big{number}", os.urandom(8192))
            subprocess.run([prlimit, "--pid", str(server.process.pid), "--fsize=65536:unlimited"], check=True)
            client.call("BGSAVE")
            _wait_for(lambda: _info_field(client, b"rdb_bgsave_in_progress") == b"0", "the child")
            self.assertEqual(_info_field(client, b"rdb_last_bgsave_status"), b"err")
            self.assertTrue(client.call("SET", "k", "v").startswith(b"-MISCONF"))
            self.assertEqual(Path(self.dir, "dump.rdb").read_bytes(), good)
            self.assertEqual(sorted(os.listdir(self.dir)), ["dump.rdb"])
            subprocess.run([prlimit, "--pid", str(server.process.pid), "--fsize=unlimited:unlimited"], check=True)
            self.assertEqual(client.call("BGSAVE"), b"+Background saving started\r\n")
            _wait_for(lambda: _info_field(client, b"rdb_bgsave_in_progress") == b"0", "the child")
            self.assertEqual(_info_field(client, b"rdb_last_bgsave_status"), b"ok")
            self.assertEqual(client.call("SET", "k", "v"), b"+OK\r\n")
        self.assertIn(b"Background saving error", Path(server.log_path).read_bytes())

    def test_kill_during_bgsave_keeps_acknowledged_writes(self) -> None:
        """
        kill -9 while a BGSAVE child writes: with appendfsync always every acknowledged
        write is back after restart, and dump.rdb is a whole file (the old one, or the
        new one if the child got there first: never a torn one).
        """
        server = self.start("--save", "", "--appendonly", "yes", "--appendfsync", "always")
        with server.client() as client:
            client.call("SET", "before", "1")
            self.assertEqual(client.call("SAVE"), b"+OK\r\n")
            good = Path(self.dir, "dump.rdb").read_bytes()
            for number in range(300):
                client.send_command("RPUSH", "list", number)
                client.send_command("INCR", "counter")
            acknowledged = [client.read_reply() for _ in range(600)]
            client.call("BGSAVE")
            server.process.kill()
            server.process.wait(20)
        self.assertEqual(acknowledged[-1], b":300\r\n")
        saved = Path(self.dir, "dump.rdb").read_bytes()
        if saved != good:  # the child finished first: then its file must be whole
            self.assertGreater(len(list(RdbReader(saved))), 0)
        again = self.start("--save", "", "--appendonly", "yes")
        with again.client() as client:
            self.assertEqual(client.call("GET", "counter"), b"$3\r\n300\r\n")
            self.assertEqual(client.call("LLEN", "list"), b":300\r\n")
            self.assertEqual(client.call("GET", "before"), b"$1\r\n1\r\n")
