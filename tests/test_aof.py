"""
The append-only file: the pure codec (manifest, command stream, reader,
command-form rewrite), then real processes: appendonlydirs moved between
Debian's redis-server 7.0.15 and txredisd in both directions, kill -9 with
appendfsync always, and torn last commands under aof-load-truncated.
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import time

import pytest
from twisted.internet.defer import Deferred, succeed
from twisted.trial.unittest import SynchronousTestCase, TestCase

from tests._core import CoreServer
from tests._servers import start_redis_server, start_txredisd
from txredisd.persistence.aof import (
    AofFile,
    CommandStream,
    Manifest,
    encode_command,
    parse_commands,
    parse_manifest,
    rewrite_commands,
)
from txredisd.persistence.rdb import Limits

redis = pytest.importorskip("redis")


class ManifestTests(SynchronousTestCase):
    def test_round_trip(self):
        """A manifest reads back as written, base first then incr files, as Redis lays it out."""
        manifest = Manifest()
        manifest.rewritten(manifest.new_base("appendonly.aof", True), 0)
        manifest.new_incr("appendonly.aof")
        text = manifest.dump()
        self.assertEqual(
            text, b"file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n"
        )
        again = parse_manifest(text, "m")
        self.assertEqual((again.base, again.incrs, again.incr_seq), (manifest.base, manifest.incrs, 1))

    def test_quoting(self):
        """A name with a space is quoted (Redis's sdscatrepr) and read back whole."""
        line = AofFile("my file.1.incr.aof", 1, "i").line()
        self.assertEqual(line, b'file "my file.1.incr.aof" seq 1 type i\n')
        self.assertEqual(parse_manifest(line, "m").incrs[0].name, "my file.1.incr.aof")

    def test_rewritten_drops_old_files(self):
        """After a rewrite only the new base and the incr file opened for it remain."""
        manifest = Manifest()
        manifest.rewritten(manifest.new_base("a", False), 0)
        first, second = manifest.new_incr("a"), manifest.new_incr("a")
        old_base = manifest.base
        obsolete = manifest.rewritten(manifest.new_base("a", True), 1)
        self.assertEqual(obsolete, [old_base, first])
        self.assertEqual(manifest.files(), [AofFile("a.2.base.rdb", 2, "b"), second])

    def test_bad_lines(self):
        """Malformed lines and a second base are refused."""
        from txredisd.persistence.aof import AofError

        for text in (b"file x seq 1\n", b"file x seq one type b\n", b"file x seq 1 type z\n",
                     b"file a seq 1 type b\nfile b seq 2 type b\n"):
            with self.assertRaises(AofError):
                parse_manifest(text, "m")


class CommandStreamTests(SynchronousTestCase):
    def test_select_when_the_database_changes(self):
        """SELECT precedes the first command and each change of database, never a repeat."""
        stream = CommandStream()
        out = stream.encode(0, [b"SET", b"a", b"1"]) + stream.encode(0, [b"DEL", b"a"]) + stream.encode(2, [b"DEL", b"b"])
        self.assertEqual(
            out,
            b"*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n"
            b"*2\r\n$3\r\nDEL\r\n$1\r\na\r\n*2\r\n$6\r\nSELECT\r\n$1\r\n2\r\n*2\r\n$3\r\nDEL\r\n$1\r\nb\r\n",
        )


class ParseTests(SynchronousTestCase):
    DATA = encode_command([b"SET", b"k", b"v"]) + encode_command([b"RPUSH", b"l", b"a\r\nb"])

    def test_whole(self):
        """Every command comes back, binary-safe."""
        parsed = parse_commands(self.DATA, "f")
        self.assertEqual(parsed.commands, [[b"SET", b"k", b"v"], [b"RPUSH", b"l", b"a\r\nb"]])
        self.assertIsNone(parsed.problem)
        self.assertEqual(parsed.end, len(self.DATA))

    def test_torn_at_every_offset(self):
        """Cut anywhere inside the last command: a truncation at the end of the first."""
        first = len(encode_command([b"SET", b"k", b"v"]))
        for cut in range(first + 1, len(self.DATA)):
            parsed = parse_commands(self.DATA[:cut], "f")
            self.assertEqual((parsed.end, parsed.problem.truncated), (first, True), cut)
            self.assertEqual(len(parsed.commands), 1)

    def test_garbage(self):
        """Bytes that are not RESP are refused with their offset, not taken for a truncation."""
        data = encode_command([b"SET", b"k", b"v"]) + b"hello world\r\n"
        problem = parse_commands(data, "f").problem
        self.assertEqual((problem.truncated, problem.offset), (False, len(data) - 13))

    def test_unfinished_transaction(self):
        """A MULTI without its EXEC at the end is dropped as a torn command."""
        head = encode_command([b"SET", b"k", b"v"])
        data = head + encode_command([b"MULTI"]) + encode_command([b"INCR", b"n"])
        parsed = parse_commands(data, "f")
        self.assertEqual((parsed.end, parsed.problem.truncated, len(parsed.commands)), (len(head), True, 1))

    def test_annotations_skipped(self):
        """Redis's #TS annotations are skipped."""
        parsed = parse_commands(b"#TS:1700000000\r\n" + self.DATA, "f")
        self.assertEqual(len(parsed.commands), 2)


class RewriteTests(SynchronousTestCase):
    def test_replay_rebuilds_the_dataset(self):
        """The command form, replayed into an empty server, gives back every key, type and TTL."""
        source = CoreServer()
        s = source.session()
        s.call("SET", "s", "v")
        s.call("EXPIRE", "s", "100")
        s.call("RPUSH", "l", *[str(i) for i in range(150)])
        s.call("SADD", "set", "a", "b", "1")
        s.call("HSET", "h", "f", "v", "g", "w")
        s.call("ZADD", "z", "1.5", "a", "-inf", "b", "3", "c")
        s.call("XADD", "x", "1-1", "f", "v")
        s.call("SELECT", "5")
        s.call("SET", "five", "5")
        commands = parse_commands(b"".join(rewrite_commands(source.state.dbs, Limits())), "f").commands
        target = CoreServer()
        t = target.session()
        for argv in commands:
            t.call(*argv)
        t.call("SELECT", "0")
        s.call("SELECT", "0")
        for key in ("s", "l", "h", "z", "x"):
            self.assertEqual(t.call("DUMP", key), s.call("DUMP", key), key)
        # A hash-table set's order (so its DUMP) varies from process to process.
        self.assertEqual(t.call("SORT", "set", "ALPHA"), s.call("SORT", "set", "ALPHA"))
        self.assertEqual(t.call("PEXPIRETIME", "s"), s.call("PEXPIRETIME", "s"))
        t.call("SELECT", "5")
        self.assertEqual(t.call("GET", "five"), b"$1\r\n5\r\n")


class AlwaysOverSocketTests(TestCase):
    """A real server and client: under appendfsync always, what a reply acknowledges is on disk when it arrives."""

    async def test_pipeline_acknowledged_after_one_fsync(self):
        from twisted.internet import reactor
        from twisted.internet.endpoints import TCP4ClientEndpoint, connectProtocol
        from twisted.internet.protocol import Protocol

        from txredisd import aof_service
        from txredisd.testing import start_server

        directory = tempfile.mkdtemp(prefix="aofsock-")
        self.addCleanup(shutil.rmtree, directory, True)
        self.addCleanup(os.chdir, os.getcwd())
        fsyncs: list[int] = []
        real_fsync = os.fsync
        self.patch(aof_service.os, "fsync", lambda fd: (fsyncs.append(fd), real_fsync(fd))[1])
        service = start_server({"dir": directory, "appendonly": "yes", "appendfsync": "always"})
        self.addCleanup(service.stopService)
        aof = service.aof
        incr = aof._path(aof.manifest.incrs[-1].name)
        count = 50
        done: Deferred = Deferred()
        seen: dict[str, object] = {}

        class Pipeliner(Protocol):
            received = b""

            def connectionMade(self) -> None:
                self.transport.write(b"".join(b"SET k%d v\r\n" % n for n in range(count)))

            def dataReceived(self, data: bytes) -> None:
                self.received += data
                if self.received.count(b"+OK\r\n") == count and not done.called:
                    with open(incr, "rb") as f:  # what the disk holds as the last reply arrives
                        seen["file"] = f.read()
                    seen["fsyncs"] = len(fsyncs)
                    self.transport.loseConnection()
                    done.callback(None)

        await connectProtocol(TCP4ClientEndpoint(reactor, "127.0.0.1", service.port_for("tcp")), Pipeliner())
        await done
        self.assertEqual(seen["file"].count(b"$3\r\nSET\r\n"), count)
        # One batch per read of the server: far fewer fsyncs than writes (one each before).
        self.assertGreaterEqual(seen["fsyncs"], 1)
        self.assertLess(seen["fsyncs"], count // 5)


class FsyncPolicyTests(SynchronousTestCase):
    """The service on a fake clock: when writes and fsyncs happen under each appendfsync."""

    def _service(self, policy: str):
        from twisted.internet import task

        from txredisd import aof_service

        directory = tempfile.mkdtemp(prefix="aofunit-")
        self.addCleanup(shutil.rmtree, directory, True)
        self.addCleanup(os.chdir, os.getcwd())  # setting dir moves the process there, as in Redis
        server = CoreServer(dir=directory, appendonly="yes", appendfsync=policy)
        clock = task.Clock()
        service = aof_service.AofService(server.state, clock)
        service.load()
        self.fsyncs: list[int] = []
        self.threaded: list[object] = []
        self.patch(aof_service.os, "fsync", self.fsyncs.append)
        self.patch(aof_service.threads, "deferToThread", lambda f, *a: self.threaded.append(f) or succeed(None))
        self.addCleanup(service._close_fd, False)
        return server, clock, service

    def _incr_size(self, service) -> int:
        return os.path.getsize(service._path(service.manifest.incrs[-1].name))

    def test_always_writes_and_fsyncs_before_any_reply_leaves(self):
        """always: a batch's writes are written and fsynced once, by the barrier the adapter runs before replying."""
        server, _clock, service = self._service("always")
        session = server.session()
        session.call("SET", "k", "v")
        session.call("SET", "k", "w")
        self.assertEqual((self.fsyncs, self._incr_size(service)), ([], 0))  # no reply has left yet
        server.state.reply_barrier()  # RedisServerProtocol.flush does this before sending
        self.assertEqual(len(self.fsyncs), 1)
        self.assertGreater(self._incr_size(service), 0)
        self.assertIsNone(server.state.reply_barrier)
        session.call("GET", "k")
        self.assertIsNone(server.state.reply_barrier)  # reads leave nothing to sync

    def test_always_cron_syncs_writes_nobody_replied_to(self):
        """A write no reply waits for (an expiry's DEL) still reaches the disk at the next cron."""
        server, _clock, service = self._service("always")
        server.session().call("SET", "k", "v")
        service.cron()
        self.assertEqual(len(self.fsyncs), 1)
        self.assertGreater(self._incr_size(service), 0)

    def test_everysec_fsyncs_in_a_thread_once_a_second(self):
        """everysec: written at the end of the turn; fsync only in a thread, at most once a second."""
        server, clock, service = self._service("everysec")
        session = server.session()
        session.call("SET", "k", "v")
        self.assertEqual(self._incr_size(service), 0)
        clock.advance(0)
        self.assertGreater(self._incr_size(service), 0)
        clock.advance(1.5)
        service.cron()
        session.call("SET", "k", "w")
        clock.advance(0.1)
        service.cron()
        self.assertEqual((self.fsyncs, len(self.threaded)), ([], 1))
        clock.advance(1)
        service.cron()
        self.assertEqual((self.fsyncs, len(self.threaded)), ([], 2))

    def test_no_never_fsyncs(self):
        """no: writes reach the file, fsync is left to the kernel."""
        server, clock, service = self._service("no")
        server.session().call("SET", "k", "v")
        clock.advance(5)
        service.cron()
        self.assertEqual((self.fsyncs, self.threaded), ([], []))
        self.assertGreater(self._incr_size(service), 0)


# -- real processes ---------------------------------------------------------------------


FUNCTION_LIBRARY = "#!lua name=aoflib\nredis.register_function('aof_answer', function(keys, args) return 7 end)"


def _fill(client: redis.Redis) -> None:
    """Writes of every type in two databases, with TTLs and a transaction."""
    client.set("str", "hello")
    client.set("num", 10)
    client.incr("num")
    client.append("str", " world")
    client.expire("str", 1000)
    client.rpush("list", *range(200))
    client.lpop("list")
    client.sadd("set", "a", "b", "c")
    client.sadd("intset", 1, 2, 3)
    client.hset("hash", mapping={"f1": "v1", "f2": "v2"})
    client.zadd("zset", {"a": 1.5, "b": 2, "c": -3})
    client.xadd("stream", {"f": "v"}, id="1-1")
    client.xadd("stream", {"g": "w"}, id="2-1")
    client.xgroup_create("stream", "grp", id="0")
    client.xreadgroup("grp", "alice", {"stream": ">"}, count=1)
    client.set("gone", "x")
    client.delete("gone")
    with client.pipeline(transaction=True) as pipe:
        pipe.set("tx1", "1")
        pipe.set("tx2", "2")
        pipe.execute()
    client.execute_command("FUNCTION", "LOAD", FUNCTION_LIBRARY)
    client.execute_command("SELECT", 3)
    client.set("db3", "three")
    client.execute_command("SELECT", 0)


def _more(client: redis.Redis) -> None:
    client.set("after", "rewrite")
    client.rpush("list", "tail")
    client.zincrby("zset", 1, "a")


def _contents(client: redis.Redis) -> dict:
    """Every key of every non-empty database with its type, value and deadline."""
    found = {}
    for index in range(16):
        client.execute_command("SELECT", index)
        for key in client.keys("*"):
            kind = client.type(key)
            value = {
                b"string": lambda k: client.get(k),
                b"list": lambda k: client.lrange(k, 0, -1),
                b"set": lambda k: sorted(client.smembers(k)),
                b"hash": lambda k: sorted(client.hgetall(k).items()),
                b"zset": lambda k: client.zrange(k, 0, -1, withscores=True),
                b"stream": lambda k: (client.xrange(k), _groups(client, k), client.xpending(k, "grp")),
            }[kind](key)
            found[(index, key)] = (kind, value, client.execute_command("PEXPIRETIME", key))
    client.execute_command("SELECT", 0)
    # Function libraries live in the AOF too (FUNCTION LOAD, or the RDB preamble after a rewrite).
    found["functions"] = client.execute_command("FUNCTION", "LIST", "WITHCODE")
    return found


def _groups(client: redis.Redis, key: bytes) -> list[dict]:
    """
    XINFO GROUPS without entries-read and lag: a group's read counter is not
    in the propagated XCLAIM, so redis-server replaying its own AOF loses it too.
    """
    return [{k: v for k, v in group.items() if k not in ("entries-read", "lag")} for group in client.xinfo_groups(key)]


def _connect(server) -> redis.Redis:
    return redis.Redis(unix_socket_path=server.address, single_connection_client=True)


def _wait_rewrite(client: redis.Redis) -> None:
    deadline = time.monotonic() + 10
    while client.info("persistence")["aof_rewrite_in_progress"]:
        assert time.monotonic() < deadline, "rewrite did not finish"
        time.sleep(0.05)


def _copy_aof(source_dir, target_dir: str) -> None:
    shutil.copytree(os.path.join(source_dir, "appendonlydir"), os.path.join(target_dir, "appendonlydir"))


@pytest.fixture
def workdir():
    path = tempfile.mkdtemp(prefix="aof-")
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.mark.parametrize("preamble", ["yes", "no"])
def test_redis_aof_loads_in_txredisd(workdir, preamble):
    """An appendonlydir redis-server wrote (base + incr after a BGREWRITEAOF) loads with identical data."""
    with start_redis_server("--appendonly", "yes", "--appendfsync", "always", "--aof-use-rdb-preamble", preamble) as reference:
        client = _connect(reference)
        _fill(client)
        client.bgrewriteaof()
        _wait_rewrite(client)
        _more(client)
        expected = _contents(client)
        _copy_aof(reference.workdir, workdir)
    with start_txredisd("--dir", workdir, "--appendonly", "yes") as ours:
        assert _contents(_connect(ours)) == expected


@pytest.mark.parametrize("rewrite", ["none", "preamble", "commands"])
def test_txredisd_aof_loads_in_redis(workdir, rewrite):
    """An appendonlydir txredisd wrote (incr only, or after BGREWRITEAOF either way) loads in redis-server."""
    preamble = "no" if rewrite == "commands" else "yes"
    with start_txredisd("--dir", workdir, "--appendonly", "yes", "--aof-use-rdb-preamble", preamble) as ours:
        client = _connect(ours)
        _fill(client)
        if rewrite != "none":
            client.bgrewriteaof()
            _wait_rewrite(client)
        _more(client)
        expected = _contents(client)
        client.close()
    with start_redis_server("--dir", workdir, "--appendonly", "yes") as reference:
        assert _contents(_connect(reference)) == expected


def _kill(server) -> None:
    server.process.send_signal(signal.SIGKILL)
    server.process.wait(5)


def test_acknowledged_writes_survive_kill_9(workdir):
    """appendfsync always: every acknowledged write of a pipelining client is there after kill -9."""
    n = 2000
    server = start_txredisd("--dir", workdir, "--appendonly", "yes", "--appendfsync", "always")
    try:
        client = _connect(server)
        acknowledged = 0
        for start in range(0, n, 100):
            with client.pipeline(transaction=False) as pipe:
                for i in range(start, start + 100):
                    pipe.set(f"k{i}", i)
                    pipe.rpush("log", i)
                acknowledged += len(pipe.execute()) // 2
        _kill(server)
    finally:
        server.stop()
    with start_txredisd("--dir", workdir, "--appendonly", "yes") as again:
        client = _connect(again)
        assert client.dbsize() == acknowledged + 1
        assert client.llen("log") == acknowledged
        assert client.get(f"k{n - 1}") == str(n - 1).encode()


def _torn_dir(workdir: str) -> str:
    """An AOF whose incr file ends in the middle of its last command; returns that file's path."""
    server = start_txredisd("--dir", workdir, "--appendonly", "yes", "--appendfsync", "always")
    try:
        client = _connect(server)
        for i in range(10):
            client.set(f"k{i}", "x" * 20)
        _kill(server)
    finally:
        server.stop()
    incr = os.path.join(workdir, "appendonlydir", "appendonly.aof.1.incr.aof")
    os.truncate(incr, os.path.getsize(incr) - 7)
    return incr


def test_torn_last_command_loads_when_allowed(workdir):
    """aof-load-truncated yes: the torn command is dropped, the file truncated, the rest loaded."""
    incr = _torn_dir(workdir)
    size = os.path.getsize(incr)
    with start_txredisd("--dir", workdir, "--appendonly", "yes", "--aof-load-truncated", "yes") as server:
        assert _connect(server).dbsize() == 9
        assert "Truncating the AOF" in server.log()
    assert os.path.getsize(incr) < size


def test_torn_last_command_refused_when_not_allowed(workdir):
    """aof-load-truncated no: the server refuses to start and names the byte offset."""
    _torn_dir(workdir)
    with pytest.raises(RuntimeError, match="byte offset"):
        start_txredisd("--dir", workdir, "--appendonly", "yes", "--aof-load-truncated", "no")


def test_garbage_refused(workdir):
    """Bytes that are not commands stop the start-up with the offset, whatever aof-load-truncated says."""
    _torn_dir(workdir)
    with open(os.path.join(workdir, "appendonlydir", "appendonly.aof.1.incr.aof"), "ab") as f:
        f.write(b"\r\nnot a command at all, clearly garbage\r\n")
    with pytest.raises(RuntimeError, match="byte offset"):
        start_txredisd("--dir", workdir, "--appendonly", "yes")


def test_config_set_appendonly_at_runtime(workdir):
    """CONFIG SET appendonly yes writes a base by a rewrite; later writes land in the incr file; a restart keeps both."""
    with start_txredisd("--dir", workdir) as server:
        client = _connect(server)
        client.set("before", "1")
        client.config_set("appendonly", "yes")
        _wait_rewrite(client)
        client.set("after", "2")
        assert client.info("persistence")["aof_enabled"] == 1
        with open(os.path.join(workdir, "appendonlydir", "appendonly.aof.manifest"), "rb") as f:
            manifest = f.read()
        assert b"type b" in manifest and b"type i" in manifest
    with start_txredisd("--dir", workdir, "--appendonly", "yes") as again:
        client = _connect(again)
        assert (client.get("before"), client.get("after")) == (b"1", b"2")


def test_kill_9_during_rewrite_loses_nothing(workdir):
    """appendfsync always: kill -9 while BGREWRITEAOF runs (and later) keeps every acknowledged write."""
    server = start_txredisd("--dir", workdir, "--appendonly", "yes", "--appendfsync", "always")
    try:
        client = _connect(server)
        with client.pipeline(transaction=False) as pipe:
            for i in range(20000):
                pipe.set(f"big{i}", "v" * 50)
            pipe.execute()
        acknowledged = 0
        client.bgrewriteaof()
        seen_in_progress = False
        for _ in range(40):
            seen_in_progress |= bool(client.info("persistence")["aof_rewrite_in_progress"])
            with client.pipeline(transaction=False) as pipe:
                for i in range(acknowledged, acknowledged + 50):
                    pipe.incr("counter")
                    pipe.rpush("log", i)
                acknowledged += len(pipe.execute()) // 2
        _kill(server)
    finally:
        server.stop()
    with start_txredisd("--dir", workdir, "--appendonly", "yes") as again:
        client = _connect(again)
        assert seen_in_progress
        assert int(client.get("counter")) == acknowledged
        assert client.llen("log") == acknowledged
        assert client.dbsize() == 20002


def test_everysec_writes_reach_the_file_at_once(workdir):
    """appendfsync everysec: writes are in the file by the end of the reactor turn (kill -9 keeps them)."""
    server = start_txredisd("--dir", workdir, "--appendonly", "yes", "--appendfsync", "everysec")
    try:
        client = _connect(server)
        for i in range(100):
            client.set(f"k{i}", i)
        _kill(server)
    finally:
        server.stop()
    with start_txredisd("--dir", workdir, "--appendonly", "yes") as again:
        assert _connect(again).dbsize() == 100


def test_auto_rewrite_and_info(workdir):
    """auto-aof-rewrite-percentage/min-size start a rewrite on growth; INFO tells about it."""
    with start_txredisd(
        "--dir", workdir, "--appendonly", "yes", "--auto-aof-rewrite-min-size", "4096",
        "--auto-aof-rewrite-percentage", "100",
    ) as server:
        client = _connect(server)
        for i in range(200):
            client.set(f"key{i}", "x" * 40)
        deadline = time.monotonic() + 10
        while client.info("persistence")["aof_rewrites"] < 1:
            assert time.monotonic() < deadline, "no automatic rewrite"
            time.sleep(0.05)
        info = client.info("persistence")
        assert info["aof_enabled"] == 1
        assert info["aof_last_bgrewrite_status"] == "ok"
        assert info["aof_base_size"] > 0
        with open(os.path.join(workdir, "appendonlydir", "appendonly.aof.manifest"), "rb") as f:
            assert b"type b" in f.read()


def test_config_set_appendonly_no(workdir):
    """CONFIG SET appendonly no: later writes are not appended; INFO says the AOF is off."""
    with start_txredisd("--dir", workdir, "--appendonly", "yes") as server:
        client = _connect(server)
        client.set("kept", "1")
        client.config_set("appendonly", "no")
        client.set("lost", "2")
        assert client.info("persistence")["aof_enabled"] == 0
        client.execute_command("BGREWRITEAOF")
        _wait_rewrite(client)
    with start_txredisd("--dir", workdir, "--appendonly", "yes") as again:
        client = _connect(again)
        # The BGREWRITEAOF with the AOF off made a base of everything, as in Redis.
        assert (client.get("kept"), client.get("lost")) == (b"1", b"2")


def test_rewrite_waits_for_a_background_save(workdir):
    """BGREWRITEAOF while BGSAVE runs is scheduled (Redis's reply), then runs after it."""
    with start_txredisd("--dir", workdir, "--appendonly", "yes") as server:
        raw = server.client()
        assert raw.call("SET", "k", "v") == b"+OK\r\n"
        raw.send_raw(b"BGSAVE\r\nBGREWRITEAOF\r\nBGREWRITEAOF\r\n")
        assert raw.read_reply() == b"+Background saving started\r\n"
        assert raw.read_reply() == b"+Background append only file rewriting scheduled\r\n"
        assert raw.read_reply() == b"+Background append only file rewriting scheduled\r\n"
        _wait_rewrites(_connect(server), 1)
        assert raw.call("MULTI") == b"+OK\r\n"
        raw.call("BGREWRITEAOF")
        assert raw.call("EXEC") == b"*1\r\n+Background append only file rewriting scheduled\r\n"
        _wait_rewrites(_connect(server), 2)


def _wait_rewrites(client: redis.Redis, count: int) -> None:
    deadline = time.monotonic() + 10
    while client.info("persistence")["aof_rewrites"] < count:
        assert time.monotonic() < deadline, "the scheduled rewrite never ran"
        time.sleep(0.05)


def test_old_style_aof_is_migrated(workdir):
    """A single appendonly.aof (Redis 6's layout) loads and becomes the base of an appendonlydir redis-server reads."""
    commands = [[b"SELECT", b"0"], [b"SET", b"old", b"style"], [b"RPUSH", b"l", b"a", b"b"]]
    with open(os.path.join(workdir, "appendonly.aof"), "wb") as f:
        f.write(b"".join(encode_command(argv) for argv in commands))
    with start_txredisd("--dir", workdir, "--appendonly", "yes") as server:
        client = _connect(server)
        assert (client.get("old"), client.lrange("l", 0, -1)) == (b"style", [b"a", b"b"])
        client.set("new", "1")
        expected = _contents(client)
        client.close()
    assert not os.path.exists(os.path.join(workdir, "appendonly.aof"))
    with start_redis_server("--dir", workdir, "--appendonly", "yes") as reference:
        assert _contents(_connect(reference)) == expected
