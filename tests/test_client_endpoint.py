"""
The client tools' connection layer (L{txredisd.client.endpoint}): URIs read
as redis-cli reads them, and real PINGs over TCP, Unix sockets and TLS with
client certificates to txredisd and to Debian's redis-server.
"""

from __future__ import annotations

from dataclasses import replace

from OpenSSL import SSL
from twisted.internet import reactor
from twisted.internet.defer import Deferred
from twisted.internet.endpoints import connectProtocol
from twisted.internet.protocol import Protocol
from twisted.trial.unittest import SynchronousTestCase, TestCase

from tests._certs import shared_certs
from tests._servers import start_redis_server, start_txredisd
from tests.test_tls_service import launch, redis_server_command, reference_line, txredisd_command
from txredisd.client.endpoint import ConnectOptions, TLSSetupError, apply_uri, client_endpoint


class _Ping(Protocol):
    """Sends PING and fires C{reply} with the first bytes back."""

    def __init__(self) -> None:
        self.reply: Deferred[bytes] = Deferred()

    def connectionMade(self) -> None:
        self.transport.write(b"PING\r\n")

    def dataReceived(self, data: bytes) -> None:
        if not self.reply.called:
            self.reply.callback(data)
            self.transport.loseConnection()

    def connectionLost(self, reason: object = None) -> None:
        if not self.reply.called:
            self.reply.errback(reason)


async def ping(options: ConnectOptions) -> bytes:
    protocol = await connectProtocol(client_endpoint(reactor, options), _Ping())
    return await protocol.reply


def _uri(uri: str, **start: object) -> ConnectOptions:
    options = ConnectOptions(**start)
    apply_uri(options, uri)
    return options


class URITests(SynchronousTestCase):
    """apply_uri follows redis-cli 7.0's parser, quirks included."""

    def test_full(self) -> None:
        """User, percent-encoded password, host, port and db all land; rediss:// turns TLS on."""
        self.assertEqual(
            _uri("rediss://al%69ce:p%40ss@example.org:7000/3"),
            ConnectOptions(host="example.org", port=7000, user="alice", password="p@ss", db=3, tls=True),
        )

    def test_partial(self) -> None:
        """What the URI leaves out keeps its earlier value; the scheme is case-insensitive."""
        self.assertEqual(_uri("REDIS://", port=7001, db=2), ConnectOptions(port=7001, db=2))
        self.assertEqual(_uri("redis://secret@/5"), ConnectOptions(password="secret", db=5))
        self.assertEqual(_uri("redis://h"), ConnectOptions(host="h"))

    def test_atoi(self) -> None:
        """A port or db that is not a number reads as C's atoi reads it."""
        self.assertEqual(_uri("redis://h:12abc/x"), ConnectOptions(host="h", port=12, db=0))

    def test_errors(self) -> None:
        """redis-cli's messages for a bad scheme and bad percent escapes."""
        for uri, message in (
            ("http://h", "Invalid URI scheme"),
            ("redis://a%zz@h", "Illegal character in URI encoding"),
            ("redis://a%2@h", "Incomplete URI encoding"),
        ):
            with self.assertRaises(ValueError) as caught:
                apply_uri(ConnectOptions(), uri)
            self.assertEqual(str(caught.exception), message)


class TLSSetupTests(SynchronousTestCase):
    """Unusable TLS flags are refused before connecting, with redis-cli's reasons."""

    def test_reasons(self) -> None:
        base = shared_certs().base
        good = ConnectOptions(tls=True, cacert=str(base.ca_cert), cert=str(base.client_cert), key=str(base.client_key))
        for change, message in (
            ({"cacert": "/nonexistent"}, "Invalid CA Certificate File/Directory"),
            ({"cert": str(base.client_key)}, "Invalid client certificate"),
            ({"key": str(base.key)}, "Invalid private key"),
            ({"tls_ciphers": "NOPE"}, "Error while configuring ciphers"),
            ({"tls_ciphersuites": "NOPE"}, "Error while setting cypher suites"),
        ):
            with self.assertRaises(TLSSetupError) as caught:
                client_endpoint(reactor, replace(good, **change))
            self.assertEqual(str(caught.exception), message)


class ConnectTests(TestCase):
    """Real connections to both servers."""

    async def test_tcp_and_unix(self) -> None:
        """txredisd over TCP and a Unix socket, redis-server over its Unix socket."""
        txredisd = start_txredisd()
        self.addCleanup(txredisd.stop)
        redis = start_redis_server()
        self.addCleanup(redis.stop)
        host, port = txredisd.tcp
        self.assertEqual(await ping(ConnectOptions(host=host, port=port)), b"+PONG\r\n")
        self.assertEqual(await ping(ConnectOptions(socket=txredisd.unix_path)), b"+PONG\r\n")
        self.assertEqual(await ping(ConnectOptions(socket=redis.unix_path)), b"+PONG\r\n")

    async def test_tls_client_certificates(self) -> None:
        """Both servers demand a client certificate: ours passes, none is refused, --insecure skips the CA."""
        base = shared_certs().base
        for command in (redis_server_command, txredisd_command):
            server = launch(command, reference_line)
            self.addCleanup(server.stop)
            options = ConnectOptions(
                port=server.tls_port,
                tls=True,
                cacert=str(base.ca_cert),
                cert=str(base.client_cert),
                key=str(base.client_key),
                sni="localhost",
            )
            self.assertEqual(await ping(options), b"+PONG\r\n")
            self.assertEqual(await ping(replace(options, cacert=None, cacertdir=str(base.ca_dir))), b"+PONG\r\n")
            other_ca = str(shared_certs().other_ca_cert)
            self.assertEqual(await ping(replace(options, cacert=other_ca, insecure=True)), b"+PONG\r\n")
            with self.assertRaises(SSL.Error):
                await ping(replace(options, cacert=other_ca))
            with self.assertRaises(SSL.Error):
                await ping(replace(options, cert=None, key=None))
