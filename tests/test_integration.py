"""
Real sockets, real clients: an in-process server on a free loopback port
driven by txredisapi, redis-py (in a thread), Debian's redis-cli, and raw
sockets; plus a fuzz run that must leave the server answering with no key lost.

Every connection goes through L{tests._mode}: C{pytest --tls} (or
C{TXREDISD_TEST_TLS=1}) runs all of it over TLS with client certificates.
"""

from __future__ import annotations

import os
import random
import shlex
import shutil
import socket
import tempfile

from twisted.internet import defer, reactor
from twisted.internet.endpoints import connectProtocol
from twisted.internet.protocol import Protocol
from twisted.internet.threads import deferToThread
from twisted.internet.utils import getProcessOutputAndValue
from twisted.trial.unittest import TestCase

from tests import _mode
from txredisd.testing import start_server


def require_tool(testcase: TestCase, name: str) -> str:
    """Path of an external tool; missing under CI is a failure, elsewhere a skip."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI") == "true":
            testcase.fail(f"{name} is not installed (CI installs it in .ci/run)")
        testcase.skipTest(f"{name} is not installed")
    return path


class _Collect(Protocol):
    """Raw client: sends bytes, gathers what comes back until the server closes."""

    def __init__(self, payload: bytes) -> None:
        self.payload = payload
        self.received = bytearray()
        self.closed: defer.Deferred = defer.Deferred()

    def connectionMade(self) -> None:
        self.transport.write(self.payload)

    def dataReceived(self, data: bytes) -> None:
        self.received += data

    def connectionLost(self, reason: object = None) -> None:
        self.closed.callback(bytes(self.received))


async def exchange(port: int, payload: bytes, wait: float = 0.3) -> tuple[bytes, bool]:
    """Send raw bytes; return (reply bytes, whether the server closed within C{wait})."""
    protocol = _Collect(payload)
    await connectProtocol(_mode.client_endpoint(reactor, port), protocol)
    timer = reactor.callLater(wait, protocol.transport.loseConnection)
    data = await protocol.closed
    closed_by_server = timer.active()
    if timer.active():
        timer.cancel()
    return data, closed_by_server


class ServerTestCase(TestCase):
    """Starts a fresh server per test and stops it (and its clients) afterwards."""

    settings: dict[str, str] = {}

    def setUp(self) -> None:
        self.service = start_server(self.settings, listen=_mode.server_listen())
        self.port = self.service.port_for(_mode.kind())

    def tearDown(self) -> defer.Deferred:
        return self.service.stopService()


class RawSocketTests(ServerTestCase):
    async def test_pipeline_of_thousands(self) -> None:
        """Ten thousand pipelined commands in one write get ten thousand replies in order."""
        payload = b"".join(b"*2\r\n$4\r\nINCR\r\n$1\r\nn\r\n" for _ in range(10000)) + b"QUIT\r\n"
        data, closed = await exchange(self.port, payload, wait=10)
        expected = b"".join(b":%d\r\n" % i for i in range(1, 10001)) + b"+OK\r\n"
        self.assertTrue(closed)
        self.assertEqual(data, expected)

    async def test_protocol_error_closes_after_earlier_replies(self) -> None:
        """Replies to commands before a protocol error are sent, then the error, then close."""
        data, closed = await exchange(self.port, b"PING\r\n*1\r\n$4\r\nPING\r\n*x\r\nPING\r\n")
        self.assertEqual(data, b"+PONG\r\n+PONG\r\n-ERR Protocol error: invalid multibulk length\r\n")
        self.assertTrue(closed)

    async def test_empty_inline_lines_ignored(self) -> None:
        """redis-cli --pipe sends an empty line before its final ECHO: no reply for it."""
        data, _ = await exchange(self.port, b"\r\n\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n")
        self.assertEqual(data, b"$2\r\nhi\r\n")


class QueryBufferLimitTests(ServerTestCase):
    settings = {"client-query-buffer-limit": "1048576"}

    async def test_client_over_limit_is_dropped(self) -> None:
        """A client whose unparsed input passes client-query-buffer-limit is dropped without a reply."""
        payload = b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$400000000\r\n" + b"x" * (2 * 1024 * 1024)
        data, closed = await exchange(self.port, payload, wait=5)
        self.assertEqual(data, b"")
        self.assertTrue(closed)
        still, _ = await exchange(self.port, b"PING\r\n")
        self.assertEqual(still, b"+PONG\r\n")


class TxRedisApiTests(ServerTestCase):
    async def test_commands(self) -> None:
        """txredisapi (a real Twisted client) can set, get and ping."""
        import txredisapi

        conn = await txredisapi.Connection(
            "127.0.0.1", self.port, reconnect=False, convertNumbers=False, charset=None, **_mode.txredisapi_kwargs()
        )
        try:
            self.assertEqual(await conn.ping(), b"PONG")
            await conn.set(b"greeting", b"hello")
            self.assertEqual(await conn.get(b"greeting"), b"hello")
            self.assertIsNone(await conn.get(b"missing"))
        finally:
            await conn.disconnect()


class RedisPyTests(ServerTestCase):
    async def test_resp2_and_resp3(self) -> None:
        """redis-py works with both protocol versions (it reads INFO/HELLO to decide)."""
        import redis

        def scenario() -> list:
            results = []
            for protocol in (2, 3):
                client = redis.Redis(host="127.0.0.1", port=self.port, protocol=protocol, **_mode.redis_py_kwargs())
                try:
                    client.set("k", "v", ex=100)
                    results.append((client.get("k"), client.ping()))
                finally:
                    client.close()
            return results

        self.assertEqual(await deferToThread(scenario), [(b"v", True), (b"v", True)])


class RedisCliTests(ServerTestCase):
    async def test_redis_cli(self) -> None:
        """Debian's redis-cli talks to txredisd, one-shot and in --pipe mode."""
        cli = require_tool(self, "redis-cli")
        connection = [*_mode.redis_cli_args(), "-h", "127.0.0.1", "-p", str(self.port)]
        out, err, code = await getProcessOutputAndValue(cli, [*connection, "SET", "a", "1"])
        self.assertEqual((out, code), (b"OK\n", 0))
        out, err, code = await getProcessOutputAndValue(cli, [*connection, "GET", "a"])
        self.assertEqual((out, code), (b"1\n", 0))
        with tempfile.NamedTemporaryFile() as commands:
            for i in range(1000):
                commands.write(b"*3\r\n$3\r\nSET\r\n$%d\r\nk%d\r\n$1\r\nv\r\n" % (len(b"k%d" % i), i))
            commands.flush()
            out, err, code = await getProcessOutputAndValue(
                "/bin/sh", ["-c", f"{shlex.join([cli, *connection, '--pipe'])} < {shlex.quote(commands.name)}"]
            )
        self.assertEqual(code, 0, err)
        self.assertIn(b"errors: 0, replies: 1000", out)


class FuzzTests(ServerTestCase):
    async def test_random_bytes_never_hurt(self) -> None:
        """Garbage on many connections: the server still answers and keeps its data."""
        keep = {b"fuzz:%d" % i: os.urandom(16) for i in range(20)}
        setup = b"".join(b"*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$16\r\n%s\r\n" % (len(k), k, v) for k, v in keep.items())
        await exchange(self.port, setup)
        rng = random.Random(1234)
        pieces = [b"*", b"$", b"\r\n", b"-1", b"3", b"PING", b'"', b"'", b"\\x", b"\0", b"SET", b"GET", b"999999999"]
        for _ in range(150):
            payload = b"".join(
                rng.choice(pieces) if rng.random() < 0.6 else bytes([rng.randrange(256)])
                for _ in range(rng.randrange(1, 200))
            )
            await exchange(self.port, payload, wait=0.02)
        data, _ = await exchange(
            self.port, b"PING\r\n" + b"".join(b"*2\r\n$3\r\nGET\r\n$%d\r\n%s\r\n" % (len(k), k) for k in keep)
        )
        expected = b"+PONG\r\n" + b"".join(b"$16\r\n%s\r\n" % v for v in keep.values())
        self.assertEqual(data, expected)


class _Client(Protocol):
    """A raw client that records when each chunk of reply arrived."""

    def __init__(self) -> None:
        self.received = bytearray()
        self.arrivals: list[float] = []
        self.closed: defer.Deferred = defer.Deferred()

    def dataReceived(self, data: bytes) -> None:
        self.received += data
        self.arrivals.append(reactor.seconds())

    def connectionLost(self, reason: object = None) -> None:
        self.closed.callback(None)


async def connect(port: int) -> _Client:
    return await connectProtocol(_mode.client_endpoint(reactor, port), _Client())


async def until(predicate, timeout: float = 5.0) -> None:
    """Let the reactor run until C{predicate()} holds (or fail after C{timeout})."""
    from twisted.internet.task import deferLater

    deadline = reactor.seconds() + timeout
    while not predicate():
        if reactor.seconds() > deadline:
            raise AssertionError("condition not met in time")
        await deferLater(reactor, 0.01, lambda: None)


class StandStillTests(ServerTestCase):
    settings = {"enable-debug-command": "yes"}

    async def test_debug_sleep_holds_every_client(self) -> None:
        """DEBUG SLEEP: the sleeper's OK and everyone else's replies wait until it is over."""
        sleeper, other = await connect(self.port), await connect(self.port)
        started = reactor.seconds()
        sleeper.transport.write(b"DEBUG SLEEP 0.5\r\n")
        await until(lambda: self.service.state.busy_until_ms > 0)
        other.transport.write(b"PING\r\n")
        await until(lambda: sleeper.received and other.received)
        self.assertEqual((bytes(sleeper.received), bytes(other.received)), (b"+OK\r\n", b"+PONG\r\n"))
        self.assertGreaterEqual(min(sleeper.arrivals[0], other.arrivals[0]) - started, 0.45)
        for client in (sleeper, other):
            client.transport.loseConnection()
            await client.closed

    async def test_client_pause_write(self) -> None:
        """CLIENT PAUSE WRITE holds writes (in order) but lets reads through; UNPAUSE releases."""
        admin, writer = await connect(self.port), await connect(self.port)
        admin.transport.write(b"CLIENT PAUSE 10000 WRITE\r\n")
        await until(lambda: admin.received == b"+OK\r\n")
        writer.transport.write(b"SET k v\r\nGET k\r\n")
        admin.transport.write(b"GET k\r\n")
        await until(lambda: admin.received == b"+OK\r\n$-1\r\n")
        self.assertEqual(bytes(writer.received), b"")
        admin.transport.write(b"CLIENT UNPAUSE\r\n")
        await until(lambda: writer.received == b"+OK\r\n$1\r\nv\r\n")
        for client in (admin, writer):
            client.transport.loseConnection()
            await client.closed


class IdleTimeoutTests(ServerTestCase):
    settings = {"timeout": "1"}

    async def test_idle_client_closed(self) -> None:
        """timeout N: a client idle for more than N seconds is closed; an active one is not."""
        from twisted.internet.task import LoopingCall

        idle = await connect(self.port)
        busy = await connect(self.port)
        started = reactor.seconds()
        pinger = LoopingCall(busy.transport.write, b"PING\r\n")
        pinger.start(0.3)
        try:
            await until(lambda: idle.closed.called, timeout=6)
        finally:
            pinger.stop()
        self.assertGreater(reactor.seconds() - started, 1.0)
        self.assertFalse(busy.closed.called)
        busy.transport.loseConnection()
        await busy.closed


class KeepAliveTests(ServerTestCase):
    def server_socket(self) -> socket.socket:
        """The server's end of the newest client connection."""
        from txredisd.sendbuffer import socket_transport

        newest = max(self.service.state.clients)
        return socket_transport(self.service.state.clients[newest].connection.transport).getHandle()

    async def test_clients_get_tcp_keepalive(self) -> None:
        """tcp-keepalive 300 (the default): probes after 300 s idle, then every 100 s, 3 of them, as Redis sets."""
        client = await connect(self.port)
        await until(lambda: self.service.state.clients)
        sock = self.server_socket()
        self.assertEqual(sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE), 1)
        self.assertEqual(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE), 300)
        self.assertEqual(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL), 100)
        self.assertEqual(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT), 3)
        client.transport.loseConnection()
        await client.closed

    async def test_zero_turns_it_off_for_new_clients(self) -> None:
        first = await connect(self.port)
        await until(lambda: self.service.state.clients)
        self.service.state.config.set("tcp-keepalive", "0")
        second = await connect(self.port)
        await until(lambda: len(self.service.state.clients) == 2)
        self.assertEqual(self.server_socket().getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE), 0)
        for client in (first, second):
            client.transport.loseConnection()
            await client.closed


class TransportTests(ServerTestCase):
    async def test_suite_runs_over_the_selected_transport(self) -> None:
        """The switch took effect: only the selected listener exists, and a TLS client is known by its certificate."""
        other = "tcp" if _mode.kind() == "tls" else "tls"
        self.assertEqual(self.service.port_for(other), 0)
        data, _ = await exchange(self.port, b"CLIENT INFO\r\n")
        if _mode.tls_enabled():
            self.assertIn(b" peer-subject=CN%3Dclient,", data)
        else:
            self.assertNotIn(b"peer-subject=", data)
