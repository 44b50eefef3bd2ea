"""
TLS as the service runs it (the issue "TLS for clients"): C{tls-port}
listeners built from the C{tls-*} settings, driven over real loopback sockets
by Debian's redis-cli, redis-py, txredisapi, hand-driven TLS and raw TCP.

Certificate rotation with CONFIG SET under load, throw-away certificates,
stalled and abandoned handshakes, and 500 concurrent TLS clients. Every
server started here (in-process or subprocess) is stopped by the test.
"""

from __future__ import annotations

import os
import re
import resource
import selectors
import shutil
import socket
import ssl
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import SkipTest

from cryptography import x509
from twisted.internet import reactor
from twisted.internet.defer import Deferred, gatherResults
from twisted.internet.endpoints import TCP4ClientEndpoint, connectProtocol, wrapClientTLS
from twisted.internet.protocol import Protocol
from twisted.internet.threads import deferToThread
from twisted.logger import formatEvent, globalLogPublisher
from twisted.trial.unittest import SynchronousTestCase, TestCase

from tests._certs import issue_from_shared_ca, shared_certs
from tests._servers import (
    START_TIMEOUT,
    ConnectionClosed,
    RawClient,
    ReplyTimeout,
    ServerProcess,
    TxRedisdProcess,
    _repo_env,
    encode_command,
    free_ports,
    start_txredisd,
)
from tests.test_tls import client_options, exchange, tls_description, wait_until
from txredisd.service import ListenError, TxRedisService
from txredisd.testing import start_server

PONG = b"+PONG\r\n"
# Redis 7.0's reply when a tls-* CONFIG SET cannot be applied (checked against redis-server).
REFUSED = (
    b"-ERR CONFIG SET failed (possibly related to argument '%s') - "
    b"Unable to update TLS configuration. Check server logs.\r\n"
)
CLIENT_SUBJECT = "CN%3Dclient,O%3DRedis%20Test"
# The reference's command line (../shared/reference/redis-TLS.md), file names
# relative to the server's working directory as in the document.
REFERENCE_FILES = ("--tls-cert-file", "redis.crt", "--tls-key-file", "redis.key", "--tls-ca-cert-file", "ca.crt")
REFERENCE_CLI_FILES = ("--tls", "--cert", "redis.crt", "--key", "redis.key", "--cacert", "ca.crt")
_BIND_ATTEMPTS = 5
_TLS_LISTENING = re.compile(r"Listening \(tls\) on 127\.0\.0\.1:(\d+)")


# -- tools, ports, limits -------------------------------------------------------------


def require_tool(name: str) -> str:
    """C{name}'s path; its absence fails under CI (CI=true) and skips elsewhere."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not on PATH (apt-get install redis-server redis-tools)"
        if os.environ.get("CI") == "true":
            raise AssertionError(message)
        raise SkipTest(message)
    return path


def _port_taken(error: Exception) -> bool:
    return "in use" in str(error)


def raise_file_limit(testcase: SynchronousTestCase, needed: int) -> None:
    """Lift the soft descriptor limit to C{needed} (inherited by servers started after) until cleanup."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        if hard != resource.RLIM_INFINITY and hard < needed:
            raise SkipTest(f"needs {needed} file descriptors, the hard limit is {hard}")
        resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))
        testcase.addCleanup(resource.setrlimit, resource.RLIMIT_NOFILE, (soft, hard))


def info_field(info: bytes, name: str) -> str:
    """One field of an INFO reply (raw bytes of the bulk string)."""
    match = re.search(rb"\r\n" + name.encode() + rb":([^\r]*)\r\n", info)
    assert match is not None, f"{name} not in INFO"
    return match.group(1).decode()


# -- blocking TLS clients ---------------------------------------------------------------


def ssl_context(ca: Path, cert: Path | None = None, key: Path | None = None) -> ssl.SSLContext:
    """A client context trusting C{ca} only (host name checked), presenting C{cert} if given."""
    context = ssl.create_default_context(cafile=str(ca))
    if cert is not None:
        context.load_cert_chain(str(cert), str(key))
    return context


def client_context() -> ssl.SSLContext:
    """The shared CA and its client-only certificate (CN=client)."""
    base = shared_certs().base
    return ssl_context(base.ca_cert, base.client_cert, base.client_key)


class TLSClient(RawClient):
    """L{RawClient} over TLS to 127.0.0.1:C{port} (the server must be named localhost)."""

    def __init__(self, port: int, context: ssl.SSLContext, timeout: float = 5.0) -> None:
        super().__init__(("127.0.0.1", port), timeout)
        self.sock = context.wrap_socket(self.sock, server_hostname="localhost")

    def peer_certificate(self) -> x509.Certificate:
        return x509.load_der_x509_certificate(self.sock.getpeercert(binary_form=True))


def abort(sock: socket.socket) -> None:
    """Close with a reset, as a crashing client or a cut cable does."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


class ManualTLS:
    """
    A TLS client driven by hand over a blocking socket (memory BIOs), so a
    test can stop at any byte of the handshake or of a record.
    """

    def __init__(self, port: int, context: ssl.SSLContext) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.incoming, self.outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        self.tls = context.wrap_bio(self.incoming, self.outgoing, server_hostname="localhost")

    def client_hello(self) -> bytes:
        """The first flight, not yet sent."""
        try:
            self.tls.do_handshake()
        except ssl.SSLWantReadError:
            pass
        return self.outgoing.read()

    def handshake(self) -> None:
        while True:
            try:
                self.tls.do_handshake()
                break
            except ssl.SSLWantReadError:
                self.sock.sendall(self.outgoing.read())
                data = self.sock.recv(65536)
                if not data:
                    raise ConnectionClosed("closed during the handshake") from None
                self.incoming.write(data)
        self.sock.sendall(self.outgoing.read())

    def seal(self, data: bytes) -> bytes:
        """C{data} as TLS records, not yet sent."""
        self.tls.write(data)
        return self.outgoing.read()


# -- subprocess servers reached over TLS ----------------------------------------------------


class TLSProcess(ServerProcess):
    """A server subprocess answered over TLS on C{tls_port} (maybe on plain C{tcp_port} too)."""

    def __init__(self, name: str, env: dict[str, str] | None, tls_port: int, tcp_port: int) -> None:
        super().__init__(name, env)
        self.tls_port = tls_port
        self.tcp_port = tcp_port
        # Built at each connection: a throw-away CA only exists once the server made it.
        self.context: Callable[[], ssl.SSLContext] = lambda: ssl_context(
            self.workdir / "ca.crt", self.workdir / "redis.crt", self.workdir / "redis.key"
        )

    def client(self, timeout: float = 5.0) -> TLSClient:
        return TLSClient(self.tls_port, self.context(), timeout)

    def redis_cli(self, *args: str, stdin: bytes = b"") -> bytes:
        """The reference's redis-cli line (run in the server's directory) plus C{args}."""
        result = subprocess.run(
            [require_tool("redis-cli"), "-p", str(self.tls_port), *REFERENCE_CLI_FILES, *args],
            cwd=self.workdir,
            input=stdin,
            capture_output=True,
            timeout=10,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout


def txredisd_command(*args: str) -> list[str]:
    """What the console script C{txredisd ARGS} runs."""
    return [sys.executable, "-m", "txredisd", *args]


def redis_server_command(*args: str) -> list[str]:
    """The reference server, kept on loopback and off the disk (the line under test is txredisd's)."""
    return [require_tool("redis-server"), *args, "--bind", "127.0.0.1 -::1", "--save", "", "--appendonly", "no"]


def launch(
    command: Callable[..., list[str]],
    arguments: Callable[[TLSProcess], tuple[str, ...]],
    prepare: Callable[[TLSProcess], None] | None = None,
) -> TLSProcess:
    """
    Run C{command(*arguments(server))} in a fresh directory holding the
    reference's ca.crt, redis.crt and redis.key, on free ports (the server's
    C{tls_port} and C{tcp_port}); start again on other ports if one was taken
    in between.
    """
    base = shared_certs().base
    for _ in range(_BIND_ATTEMPTS):
        tls_port, tcp_port = free_ports(2)
        server = TLSProcess(command.__name__, _repo_env(), tls_port, tcp_port)
        for source, name in ((base.ca_cert, "ca.crt"), (base.cert, "redis.crt"), (base.key, "redis.key")):
            shutil.copy(source, server.workdir / name)
        if prepare is not None:
            prepare(server)
        server.start(command(*arguments(server)))
        try:
            server.wait_until_answering(time.monotonic() + START_TIMEOUT)
        except RuntimeError as error:
            if _port_taken(error):
                continue
            raise
        return server
    raise RuntimeError(f"no free port after {_BIND_ATTEMPTS} attempts")


def reference_line(server: TLSProcess) -> tuple[str, ...]:
    return ("--tls-port", str(server.tls_port), "--port", "0", *REFERENCE_FILES)


# -- 1. the reference's command lines ---------------------------------------------------------


class CommandLineTests(SynchronousTestCase):
    """redis-TLS.md's lines, run with txredisd in redis-server's place (and with redis-server too)."""

    def start_both(self, arguments: Callable[[TLSProcess], tuple[str, ...]]) -> dict[str, TLSProcess]:
        servers = {}
        for name, command in (("redis-server", redis_server_command), ("txredisd", txredisd_command)):
            servers[name] = launch(command, arguments)
            self.addCleanup(servers[name].stop)
        return servers

    def test_reference_session(self) -> None:
        """SET/GET/PING one-shot, as stdin lines and with -x: the same output as from redis-server."""
        require_tool("redis-cli")
        transcripts = {}
        for name, server in self.start_both(reference_line).items():
            transcripts[name] = [
                server.redis_cli("SET", "foo", "bar"),
                server.redis_cli("GET", "foo"),
                server.redis_cli("PING"),
                server.redis_cli(stdin=b"SET a 1\nGET a\nPING\nINCR a\n"),
                server.redis_cli("-x", "SET", "x", stdin=b"hello"),
                server.redis_cli("GET", "x"),
            ]
        expected = [b"OK\n", b"bar\n", b"PONG\n", b"OK\n1\nPONG\n2\n", b"OK\n", b"hello\n"]
        self.assertEqual(transcripts["redis-server"], expected)
        self.assertEqual(transcripts["txredisd"], expected)

    def test_replication_and_cluster_switches(self) -> None:
        """--tls-replication yes and --tls-cluster yes are accepted at start-up and shown by CONFIG GET."""

        def arguments(server: TLSProcess) -> tuple[str, ...]:
            return (*reference_line(server), "--tls-replication", "yes", "--tls-cluster", "yes")

        for server in self.start_both(arguments).values():
            self.assertEqual(server.redis_cli("CONFIG", "GET", "tls-replication"), b"tls-replication\nyes\n")
            self.assertEqual(server.redis_cli("CONFIG", "GET", "tls-cluster"), b"tls-cluster\nyes\n")
            self.assertEqual(server.redis_cli("CONFIG", "GET", "tls-port"), b"tls-port\n%d\n" % server.tls_port)

    def test_tcp_and_tls_ports(self) -> None:
        """--port A --tls-port B: both answer; INFO, the banner and the process title tell both."""

        def arguments(server: TLSProcess) -> tuple[str, ...]:
            return ("--port", str(server.tcp_port), "--tls-port", str(server.tls_port), *REFERENCE_FILES)

        server = launch(txredisd_command, arguments)
        self.addCleanup(server.stop)
        with RawClient(("127.0.0.1", server.tcp_port)) as plain, server.client() as secure:
            self.assertEqual(plain.call("PING"), PONG)
            self.assertEqual(secure.call("PING"), PONG)
            self.assertEqual(secure.call("SET", "shared", "1"), b"+OK\r\n")
            self.assertEqual(plain.call("GET", "shared"), b"$1\r\n1\r\n")
            self.assertEqual(info_field(secure.call("INFO", "server"), "tcp_port"), str(server.tcp_port))
            self.assertEqual(
                plain.call("CONFIG", "GET", "port", "tls-port"),
                encode_command(["port", server.tcp_port, "tls-port", server.tls_port]),
            )
        log = server.log()
        self.assertIn(f"Listening (tcp) on 127.0.0.1:{server.tcp_port}", log)
        self.assertIn(f"Listening (tls) on 127.0.0.1:{server.tls_port}", log)
        title = Path(f"/proc/{server.process.pid}/cmdline").read_bytes().decode()
        self.assertIn(f"127.0.0.1:{server.tcp_port}", title)
        self.assertIn(f"tls:{server.tls_port}", title)

    def test_info_tcp_port_when_tls_only(self) -> None:
        """With --port 0, Redis 7.0's INFO tcp_port shows the TLS port."""
        for server in self.start_both(reference_line).values():
            with server.client() as client:
                self.assertEqual(info_field(client.call("INFO", "server"), "tcp_port"), str(server.tls_port))


# -- 2. clients of an in-process server --------------------------------------------------------


def start_tls_service(settings: dict[str, str]) -> TxRedisService:
    """txredisd in-process with tls-port on a free loopback port (and plain TCP on another)."""
    for _ in range(_BIND_ATTEMPTS):
        (port,) = free_ports(1)
        try:
            return start_server({"bind": "127.0.0.1", "tls-port": str(port), **settings})
        except ListenError as error:
            if not _port_taken(error):
                raise
    raise RuntimeError(f"no free port after {_BIND_ATTEMPTS} attempts")


class ServiceTestCase(TestCase):
    timeout = 30

    def setUp(self) -> None:
        self.certs = shared_certs()

    def start(self, **settings: str) -> TxRedisService:
        base = self.certs.base
        merged = {"tls-cert-file": str(base.cert), "tls-key-file": str(base.key), "tls-ca-cert-file": str(base.ca_cert)}
        merged.update(settings)
        service = start_tls_service(merged)
        self.addCleanup(service.stopService)
        return service

    async def call(self, service: TxRedisService, *args: str | bytes) -> bytes:
        """One command on a fresh TLS connection with the client certificate; the exact reply bytes."""

        def run() -> bytes:
            with TLSClient(service.port_for("tls"), client_context()) as client:
                return client.call(*args)

        return await deferToThread(run)

    async def served_certificate(self, service: TxRedisService) -> x509.Certificate:
        """The certificate a new connection is shown (after checking the connection works)."""

        def run() -> x509.Certificate:
            with TLSClient(service.port_for("tls"), client_context()) as client:
                assert client.call("PING") == PONG
                return client.peer_certificate()

        return await deferToThread(run)


class ClientTests(ServiceTestCase):
    async def test_redis_py(self) -> None:
        """redis-py with ssl=True and a client certificate: commands, a pipeline, CLIENT INFO."""
        import redis

        service = self.start()
        base = self.certs.base

        def use() -> tuple[Any, ...]:
            client = redis.Redis(
                host="localhost",
                port=service.port_for("tls"),
                ssl=True,
                ssl_certfile=str(base.client_cert),
                ssl_keyfile=str(base.client_key),
                ssl_ca_certs=str(base.ca_cert),
                socket_timeout=10,
            )
            try:
                client.set("greeting", "hello")
                pipeline = client.pipeline(transaction=False)
                for _ in range(100):
                    pipeline.incr("counter")
                counts = pipeline.execute()
                info = client.execute_command("CLIENT", "INFO")
                return client.get("greeting"), counts, info
            finally:
                client.close()

        greeting, counts, info = await deferToThread(use)
        self.assertEqual(greeting, b"hello")
        self.assertEqual(counts, list(range(1, 101)))
        info = info.decode() if isinstance(info, bytes) else info
        self.assertTrue(info.rstrip("\n").endswith(f" peer-subject={CLIENT_SUBJECT}"), info)

    async def test_redis_py_client_info(self) -> None:
        """redis-py's own client_info() reads our CLIENT INFO line over TLS with a certificate."""
        import redis

        service = self.start()
        base = self.certs.base

        def use() -> dict[str, Any]:
            with redis.Redis(
                host="localhost",
                port=service.port_for("tls"),
                ssl=True,
                ssl_certfile=str(base.client_cert),
                ssl_keyfile=str(base.client_key),
                ssl_ca_certs=str(base.ca_cert),
                socket_timeout=10,
            ) as client:
                return client.client_info()

        info = await deferToThread(use)
        self.assertEqual(info["peer-subject"], CLIENT_SUBJECT)

    async def test_txredisapi_and_client_list(self) -> None:
        """txredisapi over TLS; CLIENT LIST shows the verified subject on the TLS line only."""
        import txredisapi

        service = self.start()
        base = self.certs.base
        secure = await txredisapi.Connection(
            "127.0.0.1",
            service.port_for("tls"),
            reconnect=False,
            ssl_context_factory=client_options(self.certs, base.client_cert, base.client_key),
        )
        self.addCleanup(secure.disconnect)
        plain = await txredisapi.Connection("127.0.0.1", service.port_for("tcp"), reconnect=False)
        self.addCleanup(plain.disconnect)
        await secure.set("k", "v")
        self.assertEqual(await plain.get("k"), "v")
        self.assertEqual(await secure.incr("n"), 1)
        secure_id = await secure.execute_command("CLIENT", "ID")
        plain_id = await plain.execute_command("CLIENT", "ID")
        lines = {
            int(line.split(" ", 1)[0].removeprefix("id=")): line
            for line in (await plain.execute_command("CLIENT", "LIST")).splitlines()
        }
        self.assertTrue(lines[secure_id].endswith(f" peer-subject={CLIENT_SUBJECT}"), lines[secure_id])
        self.assertNotIn("peer-subject", lines[plain_id])
        self.assertIn(f"laddr=127.0.0.1:{service.port_for('tls')} ", lines[secure_id])
        info = await secure.execute_command("CLIENT", "INFO")
        self.assertTrue(info.startswith(f"id={secure_id} "), info)
        self.assertTrue(info.endswith(f" peer-subject={CLIENT_SUBJECT}\n"), info)

    async def test_auth_clients_changes(self) -> None:
        """CONFIG SET tls-auth-clients optional/no/yes: who gets in, and whose subject is shown."""
        import txredisapi

        certs = self.certs
        base = certs.base
        service = self.start()
        port = service.port_for("tls")
        anonymous = client_options(certs)
        self.assertEqual((await exchange(port, anonymous)).data, b"")
        self.assertEqual(await self.call(service, "CONFIG", "SET", "tls-auth-clients", "optional"), b"+OK\r\n")

        async def client_info(creator: Any) -> str:
            connection = await txredisapi.Connection("127.0.0.1", port, reconnect=False, ssl_context_factory=creator)
            try:
                return await connection.execute_command("CLIENT", "INFO")
            finally:
                await connection.disconnect()

        self.assertNotIn("peer-subject", await client_info(anonymous))
        with_certificate = client_options(certs, base.client_cert, base.client_key)
        self.assertIn(f"peer-subject={CLIENT_SUBJECT}", await client_info(with_certificate))
        self.assertEqual(await self.call(service, "CONFIG", "SET", "tls-auth-clients", "no"), b"+OK\r\n")
        self.assertNotIn("peer-subject", await client_info(with_certificate))
        self.assertEqual(await self.call(service, "CONFIG", "SET", "tls-auth-clients", "yes"), b"+OK\r\n")
        self.assertEqual((await exchange(port, anonymous)).data, b"")
        self.assertIn(f"peer-subject={CLIENT_SUBJECT}", await client_info(with_certificate))

    async def test_config_set_tls_port(self) -> None:
        """CONFIG SET tls-port moves the TLS listener, as Redis 7.0 does."""
        certs = self.certs
        service = self.start()
        (port,) = free_ports(1)
        self.assertEqual(await self.call(service, "CONFIG", "SET", "tls-port", str(port)), b"+OK\r\n")
        client = await exchange(port, client_options(certs, certs.base.client_cert, certs.base.client_key))
        self.assertEqual(client.data, PONG)


# -- 3. certificate rotation -------------------------------------------------------------------


class Writer:
    """INCRs one key over one TLS connection, pipelined, checking each reply, until told to stop."""

    BATCH = 10

    def __init__(self, port: int) -> None:
        self.port = port
        self.done = 0
        self._stop = threading.Event()

    def stop(self) -> None:
        self._stop.set()

    def run(self) -> tuple[bytes, bytes]:
        """The connection's CLIENT ID at the start and at the end (the same connection throughout)."""
        with TLSClient(self.port, client_context()) as client:
            first = client.call("CLIENT", "ID")
            while not self._stop.is_set():
                client.send_raw(encode_command(["INCR", "rotations"]) * self.BATCH)
                for _ in range(self.BATCH):
                    reply = client.read_reply()
                    assert reply == b":%d\r\n" % (self.done + 1), reply
                    self.done += 1
            return first, client.call("CLIENT", "ID")


class RotationTests(ServiceTestCase):
    """CONFIG SET of tls-cert-file/tls-key-file while clients run."""

    def setUp(self) -> None:
        super().setUp()
        self.directory = Path(tempfile.mkdtemp(prefix="txredisd-rotation-"))
        self.addCleanup(shutil.rmtree, self.directory, True)
        self.cert = self.directory / "server.crt"
        self.key = self.directory / "server.key"
        shutil.copy(self.certs.base.cert, self.cert)
        shutil.copy(self.certs.base.key, self.key)
        self.original = x509.load_pem_x509_certificate(self.cert.read_bytes())
        self.events: list[dict] = []
        globalLogPublisher.addObserver(self.events.append)
        self.addCleanup(globalLogPublisher.removeObserver, self.events.append)

    def start_rotating(self) -> TxRedisService:
        return self.start(**{"tls-cert-file": str(self.cert), "tls-key-file": str(self.key)})

    def issue(self, stem: str, common_name: str) -> tuple[Path, Path, x509.Certificate]:
        cert, key = issue_from_shared_ca(self.directory, stem, common_name)
        return cert, key, x509.load_pem_x509_certificate(cert.read_bytes())

    async def assertServes(self, service: TxRedisService, expected: x509.Certificate) -> None:
        served = await self.served_certificate(service)
        self.assertEqual((served.serial_number, served.subject), (expected.serial_number, expected.subject))

    async def test_rotation_under_load(self) -> None:
        """A writing client keeps going across a rotation, nothing lost; new connections see the new certificate."""
        service = self.start_rotating()
        cert, key, rotated = self.issue("rotated", "rotated")
        self.assertNotEqual(rotated.serial_number, self.original.serial_number)
        writer = Writer(service.port_for("tls"))
        running = deferToThread(writer.run)
        try:
            await wait_until(lambda: writer.done >= 200 or running.called)
            self.assertGreaterEqual(writer.done, 200)
            reply = await self.call(service, "CONFIG", "SET", "tls-cert-file", str(cert), "tls-key-file", str(key))
            self.assertEqual(reply, b"+OK\r\n")
            await self.assertServes(service, rotated)
            mark = writer.done
            await wait_until(lambda: writer.done >= mark + 200 or running.called)
            self.assertGreaterEqual(writer.done, mark + 200)
        finally:
            writer.stop()
        first_id, last_id = await running
        self.assertEqual(first_id, last_id)
        done = b"%d" % writer.done
        self.assertEqual(await self.call(service, "GET", "rotations"), b"$%d\r\n%s\r\n" % (len(done), done))
        self.assertEqual(
            await self.call(service, "CONFIG", "GET", "tls-cert-file"),
            encode_command(["tls-cert-file", str(cert)]),
        )

    async def test_same_path_reloads(self) -> None:
        """Files overwritten in place take effect only on CONFIG SET of the same path(s), which reloads them."""
        service = self.start_rotating()
        paths = {"tls-cert-file": self.cert, "tls-key-file": self.key}
        served = self.original
        for number, names in enumerate((("tls-cert-file", "tls-key-file"), ("tls-key-file",))):
            cert, key, replacement = self.issue(f"next{number}", f"replacement-{number}")
            shutil.copy(cert, self.cert)
            shutil.copy(key, self.key)
            await self.assertServes(service, served)
            arguments = [text for name in names for text in (name, str(paths[name]))]
            self.assertEqual(await self.call(service, "CONFIG", "SET", *arguments), b"+OK\r\n")
            await self.assertServes(service, replacement)
            served = replacement

    async def test_bad_certificates_change_nothing(self) -> None:
        """Garbage, a mismatched key, a file broken in place: refused with Redis's text, old certificate kept."""
        service = self.start_rotating()
        cert, key, _ = self.issue("rotated", "rotated")
        garbage = self.directory / "garbage.crt"
        garbage.write_bytes(b"not a certificate\n")
        writer = Writer(service.port_for("tls"))
        running = deferToThread(writer.run)
        try:
            await wait_until(lambda: writer.done >= 50 or running.called)
            attempts = [
                (b"tls-cert-file", ["tls-cert-file", str(garbage)]),
                (b"tls-cert-file", ["tls-cert-file", str(cert), "tls-key-file", str(self.key)]),
                (b"tls-key-file", ["tls-key-file", str(key), "tls-cert-file", str(self.cert)]),
                (b"tls-key-file", ["tls-key-file", str(key)]),
                (b"tls-cert-file", ["tls-cert-file", str(self.directory / "missing.crt")]),
            ]
            for culprit, arguments in attempts:
                self.assertEqual(await self.call(service, "CONFIG", "SET", *arguments), REFUSED % culprit)
            shutil.copy(garbage, self.cert)
            self.assertEqual(
                await self.call(service, "CONFIG", "SET", "tls-cert-file", str(self.cert)), REFUSED % b"tls-cert-file"
            )
            for name, path in (("tls-cert-file", self.cert), ("tls-key-file", self.key)):
                self.assertEqual(await self.call(service, "CONFIG", "GET", name), encode_command([name, str(path)]))
            await self.assertServes(service, self.original)
            mark = writer.done
            await wait_until(lambda: writer.done >= mark + 50 or running.called)
        finally:
            writer.stop()
        await running
        warnings = [formatEvent(event) for event in self.events if event.get("log_namespace") == "txredisd"]
        self.assertTrue(any("key values mismatch" in text for text in warnings), warnings)

    async def test_bad_client_certificate_pair(self) -> None:
        """A tls-client-cert-file with a key that does not match is refused, as Redis 7.0 does."""
        base = self.certs.base
        service = self.start_rotating()
        pair = ["tls-client-cert-file", str(base.client_cert), "tls-client-key-file", str(base.key)]
        self.assertEqual(await self.call(service, "CONFIG", "SET", *pair), REFUSED % b"tls-client-cert-file")


# -- 4. throw-away certificates --------------------------------------------------------------------


class ThrowawayTests(SynchronousTestCase):
    def test_generated_when_none_configured(self) -> None:
        """--tls-port P --port 0 --dir D: a CA and certificates in D/txredisd-tls, a loud warning, mutual TLS."""

        def prepare(server: TLSProcess) -> None:
            (server.workdir / "data").mkdir()
            generated = server.workdir / "data" / "txredisd-tls"
            server.context = lambda: ssl_context(
                generated / "ca.crt", generated / "client.crt", generated / "client.key"
            )

        def arguments(server: TLSProcess) -> tuple[str, ...]:
            return ("--tls-port", str(server.tls_port), "--port", "0", "--dir", str(server.workdir / "data"))

        server = launch(txredisd_command, arguments, prepare)
        self.addCleanup(server.stop)
        generated = server.workdir / "data" / "txredisd-tls"
        log = server.log()
        self.assertIn("No TLS certificate configured", log)
        self.assertIn(f"trust the CA at {generated / 'ca.crt'}", log)
        with server.client() as client:
            self.assertEqual(client.call("PING"), PONG)
            ca = x509.load_pem_x509_certificate((generated / "ca.crt").read_bytes())
            self.assertEqual(client.peer_certificate().issuer, ca.subject)
            self.assertEqual(
                client.call("CONFIG", "GET", "tls-cert-file"),
                encode_command(["tls-cert-file", str(generated / "redis.crt")]),
            )
        self.assertRaises(ssl.SSLCertVerificationError, TLSClient, server.tls_port, client_context())
        with TLSClient(server.tls_port, ssl_context(generated / "ca.crt")) as anonymous:
            self.assertRaises((OSError, ConnectionClosed, ReplyTimeout), anonymous.call, "PING")


# -- 5. bad traffic and load ----------------------------------------------------------------------

STALLED = 1000
CONCURRENT = 500


def start_with_handshake_timeout(testcase: SynchronousTestCase, descriptors: int) -> tuple[TxRedisdProcess, int]:
    """
    A txredisd subprocess with a C{txredisd-tls:} listener whose handshake
    timeout is 1 s (given in the endpoint string; tls-port takes
    C{--tls-handshake-timeout}), plus its usual Unix socket; returns the server
    and the TLS port.
    """
    raise_file_limit(testcase, descriptors)
    server = start_txredisd("--listen", tls_description(shared_certs(), handshakeTimeout=1))
    testcase.addCleanup(server.stop)
    (port,) = _TLS_LISTENING.findall(server.log())
    return server, int(port)


def assert_server_clean(testcase: SynchronousTestCase, server: ServerProcess) -> None:
    """Still running, one client left (the one asking), and nothing unexpected in its log."""
    testcase.assertTrue(server.alive())
    deadline = time.monotonic() + 5
    with server.client() as client:
        while info_field(client.call("INFO", "clients"), "connected_clients") != "1" and time.monotonic() < deadline:
            time.sleep(0.05)
        testcase.assertEqual(info_field(client.call("INFO", "clients"), "connected_clients"), "1")
    log = server.log()
    testcase.assertNotIn("Traceback", log)
    testcase.assertNotIn("Unhandled", log)


class BadTrafficTests(SynchronousTestCase):
    def test_stalled_handshakes(self) -> None:
        """1000 sockets that never say a word are dropped after the 1 s timeout while PINGs keep coming back."""
        server, port = start_with_handshake_timeout(self, 4 * STALLED)
        with TLSClient(port, client_context()) as pinger:
            received_before = info_field(pinger.call("INFO", "stats"), "total_connections_received")
            latencies: list[float] = []

            def ping() -> None:
                started = time.monotonic()
                self.assertEqual(pinger.call("PING"), PONG)
                latencies.append(time.monotonic() - started)

            opened: dict[socket.socket, float] = {}
            with selectors.DefaultSelector() as selector:
                for number in range(STALLED):
                    sock = socket.socket()
                    sock.setblocking(False)
                    sock.connect_ex(("127.0.0.1", port))
                    opened[sock] = time.monotonic()
                    selector.register(sock, selectors.EVENT_READ)
                    if number % 100 == 0:
                        ping()
                closed_after: list[float] = []
                deadline = time.monotonic() + 15
                while selector.get_map() and time.monotonic() < deadline:
                    ping()
                    for key, _ in selector.select(timeout=0.05):
                        sock = key.fileobj
                        try:
                            data = sock.recv(1)
                        except (ConnectionResetError, BrokenPipeError):
                            data = b""
                        self.assertEqual(data, b"")
                        closed_after.append(time.monotonic() - opened[sock])
                        selector.unregister(sock)
                        sock.close()
                left = len(selector.get_map())
                for key in list(selector.get_map().values()):
                    key.fileobj.close()
            self.assertEqual(left, 0)
            self.assertEqual(len(closed_after), STALLED)
            self.assertGreaterEqual(min(closed_after), 0.9)
            self.assertLess(max(latencies), 1.0)
            received_after = info_field(pinger.call("INFO", "stats"), "total_connections_received")
            self.assertEqual(received_after, received_before)
        assert_server_clean(self, server)

    def test_tls_port_handshake_timeout_option(self) -> None:
        """--tls-handshake-timeout sets tls-port's limit: a silent socket goes after it, a real client stays."""

        def arguments(server: TLSProcess) -> tuple[str, ...]:
            return (*reference_line(server), "--tls-handshake-timeout", "0.5")

        server = launch(txredisd_command, arguments)
        self.addCleanup(server.stop)
        with socket.create_connection(("127.0.0.1", server.tls_port), timeout=10) as silent, server.client() as client:
            started = time.monotonic()
            try:
                self.assertEqual(silent.recv(1), b"")
            except ConnectionResetError:
                pass
            waited = time.monotonic() - started
            self.assertEqual(client.call("PING"), PONG)
        self.assertGreaterEqual(waited, 0.4)
        self.assertLess(waited, 5)

    def test_abrupt_disconnects(self) -> None:
        """Clients vanishing mid-handshake, mid-command, mid-record and mid-reply leave the server serving."""
        server, port = start_with_handshake_timeout(self, 1024)
        context = client_context()
        with server.client() as admin:
            self.assertEqual(admin.call("SET", "big", b"x" * 100_000), b"+OK\r\n")
        for _ in range(30):
            manual = ManualTLS(port, context)
            hello = manual.client_hello()
            manual.sock.sendall(hello[: len(hello) // 2])
            abort(manual.sock)
            manual = ManualTLS(port, context)
            manual.sock.sendall(manual.client_hello()[:40])
            manual.sock.close()
            manual = ManualTLS(port, context)
            manual.sock.sendall(manual.client_hello())
            manual.sock.recv(100)
            abort(manual.sock)
        for _ in range(20):
            manual = ManualTLS(port, context)
            manual.handshake()
            manual.sock.sendall(manual.seal(b"*3\r\n$3\r\nSET\r\n$4\r\nhalf\r\n$5\r\nva"))
            abort(manual.sock)
            manual = ManualTLS(port, context)
            manual.handshake()
            record = manual.seal(encode_command(["SET", "sealed", "never"]))
            manual.sock.sendall(record[: len(record) // 2])
            abort(manual.sock)
            manual = ManualTLS(port, context)
            manual.handshake()
            manual.sock.sendall(manual.seal(encode_command(["GET", "big"]) * 100))
            manual.sock.recv(1000)
            abort(manual.sock)
        with TLSClient(port, context) as client:
            self.assertEqual(client.call("PING"), PONG)
            self.assertEqual(client.call("EXISTS", "half", "sealed"), b":0\r\n")
            self.assertEqual(client.call("STRLEN", "big"), b":100000\r\n")
        assert_server_clean(self, server)


class Incrementer(Protocol):
    """
    One client: C{rounds} batches of C{batch} pipelined INCRs on its own key,
    every reply checked in order. After the first batch it waits for L{go}.
    """

    def __init__(self, key: str, batch: int, rounds: int) -> None:
        self.key, self.batch, self.rounds = key, batch, rounds
        self.count = 0
        self.sent = 0
        self.error: bytes | None = None
        self.reason: Any = None
        self._buffer = b""
        self.first_batch: Deferred = Deferred()
        self.finished: Deferred = Deferred()

    def connectionMade(self) -> None:
        self._send()

    def _send(self) -> None:
        self.sent += 1
        self.transport.write(encode_command(["INCR", self.key]) * self.batch)

    def go(self) -> None:
        if self.reason is None and self.error is None:
            self._send()

    def dataReceived(self, data: bytes) -> None:
        *lines, self._buffer = (self._buffer + data).split(b"\r\n")
        for line in lines:
            if line != b":%d" % (self.count + 1):
                self.error = line
                self.transport.abortConnection()
                return
            self.count += 1
        if self.count < self.sent * self.batch:
            return
        if self.sent == 1:
            self.first_batch.callback(None)
        elif self.sent < self.rounds:
            self._send()
        else:
            self.transport.loseConnection()

    def connectionLost(self, reason: Any = None) -> None:
        if not self.first_batch.called:
            self.first_batch.callback(None)
        self.reason = reason
        self.finished.callback(None)


class LoadTests(TestCase):
    timeout = 60

    async def test_concurrent_clients(self) -> None:
        """500 TLS clients at once on tls-port, each pipelining INCRs on its own key: every key ends exact."""
        # The default handshake timeout: 500 mutual-TLS handshakes at once take the
        # server more than the 1 s the bad-traffic tests use.
        raise_file_limit(self, 4 * CONCURRENT)
        server = launch(txredisd_command, reference_line)
        self.addCleanup(server.stop)
        port = server.tls_port
        base = shared_certs().base
        creator = client_options(shared_certs(), base.client_cert, base.client_key)
        batch, rounds = 50, 4
        clients = [Incrementer(f"counter:{number}", batch, rounds) for number in range(CONCURRENT)]
        endpoint = wrapClientTLS(creator, TCP4ClientEndpoint(reactor, "127.0.0.1", port, timeout=30))
        await gatherResults([connectProtocol(endpoint, client) for client in clients])
        await gatherResults([client.first_batch for client in clients])
        with server.client() as admin:
            self.assertEqual(info_field(admin.call("INFO", "clients"), "connected_clients"), str(CONCURRENT + 1))
        for client in clients:
            client.go()
        await gatherResults([client.finished for client in clients])
        self.assertEqual([client.error for client in clients], [None] * CONCURRENT)
        self.assertEqual({client.count for client in clients}, {batch * rounds}, clients[0].reason)
        expected = encode_command([str(batch * rounds)] * CONCURRENT)
        with server.client() as admin:
            self.assertEqual(admin.call("MGET", *(client.key for client in clients)), expected)
        assert_server_clean(self, server)
