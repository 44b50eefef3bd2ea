"""
The TLS record layer (L{txredisd.tls_transport}): what it delivers and when,
checked in memory against a pyOpenSSL peer (server and client side), then
over real sockets against a running txredisd with Python's own TLS client and
with L{TLSClientEndpoint}: big replies and requests, close-notify both ways,
and tampered records.
"""

from __future__ import annotations

import errno
import os
import socket
from typing import Any

from OpenSSL import SSL
from twisted.internet import main, reactor
from twisted.internet.defer import Deferred
from twisted.internet.endpoints import TCP4ClientEndpoint
from twisted.internet.interfaces import IHandshakeListener
from twisted.internet.protocol import Factory, Protocol
from twisted.internet.task import Clock
from twisted.internet.threads import deferToThread
from twisted.logger import LogLevel, globalLogPublisher
from twisted.trial.unittest import SynchronousTestCase
from zope.interface import implementer

from tests._certs import shared_certs
from tests._servers import encode_command
from tests.test_tls_service import ManualTLS, ServiceTestCase, TLSClient, client_context
from txredisd.tls import ReloadableServerTLS, TLSSettings, build_server_context, client_tls_options
from txredisd.tls_transport import TLSClientEndpoint, TLSClientFactory, TLSServerFactory, TLSTransport


class Recorder:
    """An application protocol that keeps each C{dataReceived} call apart."""

    def __init__(self) -> None:
        self.calls: list[bytes] = []
        self.transport: Any = None
        self.lost: Any = None

    def makeConnection(self, transport: Any) -> None:
        self.transport = transport

    def dataReceived(self, data: bytes) -> None:
        self.calls.append(data)

    def connectionLost(self, reason: Any = None) -> None:
        self.lost = reason


@implementer(IHandshakeListener)
class HandshakeRecorder(Recorder):
    """A client application: writes at once, notes when the handshake is over."""

    def __init__(self) -> None:
        super().__init__()
        self.handshakes = 0

    def makeConnection(self, transport: Any) -> None:
        super().makeConnection(transport)
        transport.write(b"written before the handshake")

    def handshakeCompleted(self) -> None:
        self.handshakes += 1


class RecorderFactory:
    def __init__(self) -> None:
        self.built: list[Recorder] = []

    protocol: type[Recorder] = Recorder

    def buildProtocol(self, addr: Any) -> Recorder:
        self.built.append(self.protocol())
        return self.built[-1]

    def doStart(self) -> None:
        pass

    def doStop(self) -> None:
        pass


class MemoryTCP:
    """The TCP transport under the layer: keeps what is written, counts closes."""

    def __init__(self) -> None:
        self.written: list[bytes] = []
        self.closed = self.aborted = False

    def write(self, data: bytes) -> None:
        self.written.append(data)

    def writeSequence(self, data: list[bytes]) -> None:
        self.written.extend(data)

    def take(self) -> bytes:
        data, self.written = b"".join(self.written), []
        return data

    def loseConnection(self) -> None:
        self.closed = True

    def abortConnection(self) -> None:
        self.aborted = True

    def getPeer(self) -> None:
        return None


class InMemoryTests(SynchronousTestCase):
    """The layer between a L{MemoryTCP} and a L{Recorder}, talking to a pyOpenSSL client."""

    def setUp(self) -> None:
        base = shared_certs().base
        self.policy = ReloadableServerTLS(
            TLSSettings(cert_file=str(base.cert), key_file=str(base.key), auth_clients="no")
        )
        self.applications = RecorderFactory()
        self.layer = TLSTransport(TLSServerFactory(self.policy, self.applications, Clock()), None)
        self.tcp = MemoryTCP()
        self.layer.makeConnection(self.tcp)
        self.client = SSL.Connection(SSL.Context(SSL.TLS_METHOD), None)
        self.client.set_connect_state()
        for _ in range(10):
            try:
                self.client.do_handshake()
            except SSL.WantReadError:
                pass
            self.layer.dataReceived(self.from_client())
            self.client.bio_write(self.tcp.take())
            if self.applications.built:
                break
        (self.application,) = self.applications.built

    def from_client(self) -> bytes:
        try:
            return self.client.bio_read(1 << 20)
        except SSL.WantReadError:
            return b""

    def seal(self, plaintext: bytes) -> bytes:
        self.client.sendall(plaintext)
        return self.from_client()

    def test_application_appears_after_handshake(self) -> None:
        self.assertIs(self.application.transport, self.layer)
        self.assertEqual(self.application.calls, [])

    def test_records_of_one_read_arrive_in_one_call(self) -> None:
        """Three records in one TCP read are one dataReceived: the server batches their replies."""
        wire = self.seal(b"*1\r\n$4\r\nPING\r\n") + self.seal(b"*1\r\n$4\r\nPING\r\n") + self.seal(b"PING\r\n")
        self.layer.dataReceived(wire)
        self.assertEqual(self.application.calls, [b"*1\r\n$4\r\nPING\r\n*1\r\n$4\r\nPING\r\nPING\r\n"])

    def test_record_split_across_reads(self) -> None:
        """Half a record delivers nothing; the other half delivers it."""
        record = self.seal(b"hello")
        self.layer.dataReceived(record[:7])
        self.assertEqual(self.application.calls, [])
        self.layer.dataReceived(record[7:])
        self.assertEqual(self.application.calls, [b"hello"])

    def test_request_larger_than_a_read_buffer(self) -> None:
        """300 kB of plaintext (19 records) in one read arrives whole, in one call."""
        payload = bytes(range(256)) * 1200
        self.layer.dataReceived(self.seal(payload))
        self.assertEqual(self.application.calls, [payload])

    def test_big_write_goes_out_whole(self) -> None:
        """A 3 MB write (pyOpenSSL's partial writes: one record per SSL_write) reaches the client whole."""
        payload = bytes(range(251)) * 12_000
        self.layer.write(payload)
        self.client.bio_write(self.tcp.take())
        received = b""
        while len(received) < len(payload):
            received += self.client.recv(1 << 16)
        self.assertEqual(received, payload)

    def test_close_notify_is_answered(self) -> None:
        """The client's close-notify gets ours back and the TCP connection closed."""
        self.client.shutdown()
        self.layer.dataReceived(self.from_client())
        self.assertTrue(self.tcp.closed)
        self.client.bio_write(self.tcp.take())
        self.assertRaises(SSL.ZeroReturnError, self.client.recv, 100)

    def test_whole_record_then_part_of_the_next(self) -> None:
        """A read ending inside a second record delivers the first now and the second with its rest."""
        first, second = self.seal(b"first"), self.seal(b"second")
        self.layer.dataReceived(first + second[:9])
        self.assertEqual(self.application.calls, [b"first"])
        self.layer.dataReceived(second[9:])
        self.assertEqual(self.application.calls, [b"first", b"second"])
        self.assertFalse(self.tcp.closed)

    def test_data_and_close_notify_in_one_read(self) -> None:
        """The request is delivered, then the close-notify behind it in the same read is answered."""
        record = self.seal(b"*1\r\n$4\r\nPING\r\n")
        self.client.shutdown()
        self.layer.dataReceived(record + self.from_client())
        self.assertEqual(self.application.calls, [b"*1\r\n$4\r\nPING\r\n"])
        self.assertTrue(self.tcp.closed)

    def test_writes_after_close_are_dropped(self) -> None:
        self.layer.loseConnection()
        self.tcp.take()
        self.layer.write(b"late")
        self.assertEqual(self.tcp.take(), b"")

    def test_tampered_record(self) -> None:
        """A record whose ciphertext was changed closes the connection; the application hears why."""
        record = bytearray(self.seal(b"*1\r\n$4\r\nPING\r\n"))
        record[-1] ^= 0x01
        self.layer.dataReceived(bytes(record))
        self.assertEqual(self.application.calls, [])
        self.assertTrue(self.tcp.closed)
        self.layer.connectionLost(None)
        self.assertTrue(self.application.lost.check(SSL.Error))
        self.assertIn("bad record mac", self.application.lost.getErrorMessage())

    def test_bad_record_does_not_poison_the_next_connection(self) -> None:
        """OpenSSL's error queue is emptied after a failure, so another connection reads on normally."""
        other = InMemoryTests("test_application_appears_after_handshake")
        other.setUp()
        record = bytearray(self.seal(b"x"))
        record[-1] ^= 0x01
        self.layer.dataReceived(bytes(record))
        other.layer.dataReceived(other.seal(b"still fine"))
        self.assertEqual(other.application.calls, [b"still fine"])


class SocketTCP(MemoryTCP):
    """A TCP transport with a real socket under it, whose C{doRead} the layer takes over."""

    def __init__(self, sock: Any) -> None:
        super().__init__()
        self.socket = sock

    def doRead(self) -> None:
        raise AssertionError("the layer reads this socket itself")


class FailingSocket:
    def __init__(self, error: int) -> None:
        self.error = error

    def recv_into(self, buffer: Any) -> int:
        raise OSError(self.error, os.strerror(self.error))


class SocketReadTests(SynchronousTestCase):
    """
    The layer reads ciphertext from a socket transport itself (Twisted's
    C{doRead} replaced), and answers the reactor as Twisted's would.
    """

    def setUp(self) -> None:
        base = shared_certs().base
        policy = ReloadableServerTLS(TLSSettings(cert_file=str(base.cert), key_file=str(base.key), auth_clients="no"))
        self.applications = RecorderFactory()
        self.ours, self.theirs = socket.socketpair()
        self.addCleanup(self.ours.close)
        self.addCleanup(self.theirs.close)
        self.ours.setblocking(False)
        self.tcp = SocketTCP(self.ours)
        self.layer = TLSTransport(TLSServerFactory(policy, self.applications, Clock()), None)
        self.layer.makeConnection(self.tcp)
        self.client = SSL.Connection(SSL.Context(SSL.TLS_METHOD), None)
        self.client.set_connect_state()

    def send(self, data: bytes) -> Any:
        """C{data} onto the socket, then one reactor read."""
        self.theirs.sendall(data)
        return self.tcp.doRead()

    def from_client(self) -> bytes:
        try:
            return self.client.bio_read(1 << 20)
        except SSL.WantReadError:
            return b""

    def handshake(self) -> None:
        for _ in range(10):
            try:
                self.client.do_handshake()
            except SSL.WantReadError:
                pass
            self.assertIsNone(self.send(self.from_client()))
            self.client.bio_write(self.tcp.take())
            if self.applications.built:
                return
        self.fail("no handshake")

    def test_handshake_and_records_through_the_socket(self) -> None:
        self.handshake()
        self.client.sendall(b"*1\r\n$4\r\nPING\r\n")
        self.client.sendall(b"PING\r\n")
        self.assertIsNone(self.send(self.from_client()))
        self.assertEqual(self.applications.built[0].calls, [b"*1\r\n$4\r\nPING\r\nPING\r\n"])

    def test_nothing_to_read_is_not_an_end(self) -> None:
        self.assertIsNone(self.tcp.doRead())

    def test_end_of_stream(self) -> None:
        self.handshake()
        self.theirs.shutdown(socket.SHUT_WR)
        self.assertIs(self.tcp.doRead(), main.CONNECTION_DONE)

    def test_socket_error_is_a_lost_connection(self) -> None:
        self.handshake()
        self.tcp.socket = FailingSocket(errno.ECONNRESET)
        self.layer._take_socket_reads()
        self.assertIs(self.tcp.doRead(), main.CONNECTION_LOST)
        self.tcp.socket = FailingSocket(errno.EAGAIN)
        self.layer._take_socket_reads()
        self.assertIsNone(self.tcp.doRead())


class ClientSideTests(SynchronousTestCase):
    """The same layer on an outgoing connection, against a pyOpenSSL server connection in memory."""

    def connect(self, ca_cert: Any) -> tuple[HandshakeRecorder, MemoryTCP, SSL.Connection]:
        base = shared_certs().base
        settings = TLSSettings(cert_file=str(base.cert), key_file=str(base.key), ca_cert_file=str(base.ca_cert))
        server = SSL.Connection(build_server_context(settings), None)
        server.set_accept_state()
        creator = client_tls_options(
            "localhost",
            TLSSettings(
                ca_cert_file=str(ca_cert), cert_file=str(base.client_cert), key_file=str(base.client_key)
            ),
        )
        applications = RecorderFactory()
        applications.protocol = HandshakeRecorder
        layer = TLSTransport(TLSClientFactory(creator, applications), None)
        tcp = MemoryTCP()
        layer.makeConnection(tcp)
        (application,) = applications.built
        for _ in range(10):
            server.bio_write(tcp.take())
            try:
                server.do_handshake()
            except SSL.WantReadError:
                pass
            except SSL.Error:
                pass
            try:
                layer.dataReceived(server.bio_read(1 << 20))
            except SSL.WantReadError:
                pass
            if application.handshakes or tcp.closed:
                break
        return application, tcp, server

    def test_application_first_writes_wait_for_the_handshake(self) -> None:
        """The client application exists before the handshake; its early write arrives after it, once."""
        application, tcp, server = self.connect(shared_certs().base.ca_cert)
        self.assertEqual(application.handshakes, 1)
        server.bio_write(tcp.take())
        self.assertEqual(server.recv(1000), b"written before the handshake")
        server.sendall(b"+PONG\r\n")
        application.transport.dataReceived(server.bio_read(1 << 20))
        self.assertEqual(application.calls, [b"+PONG\r\n"])

    def test_unknown_server_ca_fails_the_connection(self) -> None:
        """A server certificate from a CA we do not trust: closed, and the application hears the SSL error."""
        application, tcp, _ = self.connect(shared_certs().other_ca_cert)
        self.assertEqual(application.handshakes, 0)
        self.assertTrue(tcp.closed)
        application.transport.connectionLost(None)
        self.assertTrue(application.lost.check(SSL.Error))
        self.assertIn("certificate verify failed", application.lost.getErrorMessage())


class SocketTests(ServiceTestCase):
    """A running txredisd's TLS port and Python's TLS client."""

    async def test_big_value_both_ways(self) -> None:
        """A 5 MB SET and its GET travel intact (many records each way, many reads)."""
        service = self.start()
        value = bytes(range(256)) * 20_480

        def run() -> bytes:
            with TLSClient(service.port_for("tls"), client_context(), timeout=30) as client:
                assert client.call("SET", "big", value) == b"+OK\r\n"
                return client.call("GET", "big")

        self.assertEqual(await deferToThread(run), b"$%d\r\n%s\r\n" % (len(value), value))

    async def test_quit_ends_with_close_notify(self) -> None:
        """QUIT's +OK is followed by a proper TLS close (close-notify), not a bare TCP close."""
        service = self.start()

        def run() -> tuple[bytes, bytes]:
            raw = socket.create_connection(("127.0.0.1", service.port_for("tls")), timeout=10)
            with client_context().wrap_socket(raw, server_hostname="localhost", suppress_ragged_eofs=False) as sock:
                sock.sendall(encode_command(["QUIT"]))
                reply = sock.recv(100)
                return reply, sock.recv(100)  # b"" on close-notify; SSLEOFError on a bare close

        self.assertEqual(await deferToThread(run), (b"+OK\r\n", b""))

    async def test_client_close_notify(self) -> None:
        """A client that ends TLS politely gets close-notify back and leaves no client behind."""
        service = self.start()

        def run() -> bytes:
            with TLSClient(service.port_for("tls"), client_context()) as client:
                assert client.call("PING") == b"+PONG\r\n"
                client.sock = client.sock.unwrap()  # sends ours, waits for theirs
                return client.sock.recv(100)

        self.assertEqual(await deferToThread(run), b"")
        await self.wait_for(lambda: not service.state.clients)

    async def test_tampered_record_after_handshake(self) -> None:
        """A tampered record drops that client (logged at debug level); others are served."""
        service = self.start()
        events: list[dict] = []
        globalLogPublisher.addObserver(events.append)
        self.addCleanup(globalLogPublisher.removeObserver, events.append)

        def run() -> bytes:
            manual = ManualTLS(service.port_for("tls"), client_context())
            manual.handshake()
            record = bytearray(manual.seal(encode_command(["SET", "tampered", "yes"])))
            record[-3] ^= 0x40
            manual.sock.sendall(bytes(record))
            closed = b""
            try:
                while chunk := manual.sock.recv(65536):
                    closed += chunk
            except ConnectionResetError:
                pass
            manual.sock.close()
            with TLSClient(service.port_for("tls"), client_context()) as client:
                return client.call("EXISTS", "tampered")

        self.assertEqual(await deferToThread(run), b":0\r\n")
        errors = [event for event in events if event.get("log_namespace") == "txredisd.tls" and "reason" in event]
        self.assertEqual(len(errors), 1, errors)
        self.assertEqual(errors[0]["log_level"], LogLevel.debug)

    async def test_client_endpoint_against_the_server(self) -> None:
        """TLSClientEndpoint (what txredis-cli and txredis-benchmark use) talks to a tls-port."""
        service = self.start()
        base = self.certs.base
        creator = client_tls_options(
            "localhost",
            TLSSettings(ca_cert_file=str(base.ca_cert), cert_file=str(base.client_cert), key_file=str(base.client_key)),
        )
        replies: Deferred = Deferred()

        class Pinger(Protocol):
            def connectionMade(self) -> None:
                self.transport.write(b"PING\r\n")

            def dataReceived(self, data: bytes) -> None:
                replies.callback(data)
                self.transport.loseConnection()

        endpoint = TLSClientEndpoint(creator, TCP4ClientEndpoint(reactor, "127.0.0.1", service.port_for("tls")))
        protocol = await endpoint.connect(Factory.forProtocol(Pinger))
        self.assertIsInstance(protocol, Pinger)
        self.assertEqual(await replies, b"+PONG\r\n")

    async def wait_for(self, predicate: Any) -> None:
        from tests.test_tls import wait_until

        await wait_until(predicate)
        self.assertTrue(predicate())

