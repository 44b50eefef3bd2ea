"""
L{txredisd.sendbuffer}: replies go straight to the socket only when nothing
is queued before them, so order is kept when the kernel's buffer is full.
Real TCP connections through the reactor.
"""

from __future__ import annotations

from typing import Any

from twisted.internet import reactor
from twisted.internet.defer import Deferred
from twisted.internet.endpoints import TCP4ClientEndpoint, TCP4ServerEndpoint, connectProtocol
from twisted.internet.protocol import Factory, Protocol
from twisted.internet.testing import StringTransport
from twisted.trial.unittest import SynchronousTestCase, TestCase

from txredisd.sendbuffer import direct_writer, queued_bytes, send_now


class Collector(Protocol):
    """Keeps what arrives; can stop reading for a while."""

    def __init__(self) -> None:
        self.received = bytearray()
        self.wanted = 0
        self.enough: Deferred = Deferred()

    def dataReceived(self, data: bytes) -> None:
        self.received += data
        if self.wanted and len(self.received) >= self.wanted and not self.enough.called:
            self.enough.callback(None)


class Connected(TestCase):
    """A server-side transport and a client collecting what it sends."""

    async def connect(self) -> tuple[Any, Collector]:
        accepted: Deferred = Deferred()

        class Accept(Protocol):
            def connectionMade(self) -> None:
                accepted.callback(self.transport)

        port = await TCP4ServerEndpoint(reactor, 0, interface="127.0.0.1").listen(Factory.forProtocol(Accept))
        self.addCleanup(port.stopListening)
        collector = Collector()
        await connectProtocol(TCP4ClientEndpoint(reactor, "127.0.0.1", port.getHost().port), collector)
        transport = await accepted
        self.addCleanup(collector.transport.loseConnection)
        self.addCleanup(transport.loseConnection)
        return transport, collector

    async def test_small_write_leaves_nothing_queued(self) -> None:
        """With an empty buffer a reply goes out in the call: nothing queued, no wait for writability."""
        transport, collector = await self.connect()
        send_now(transport, b"+OK\r\n")
        self.assertEqual(queued_bytes(transport), 0)
        self.assertNotIn(transport, reactor.getWriters())
        collector.wanted = 5
        await collector.enough
        self.assertEqual(bytes(collector.received), b"+OK\r\n")

    async def test_order_kept_behind_a_full_kernel_buffer(self) -> None:
        """A client that stops reading: later replies queue behind the earlier ones and arrive in order."""
        transport, collector = await self.connect()
        collector.transport.pauseProducing()
        chunks = [bytes([65 + n % 26]) * 1_000_000 for n in range(8)]
        for chunk in chunks:
            send_now(transport, chunk)
        self.assertGreater(queued_bytes(transport), 0)  # 8 MB do not fit in loopback's buffers
        send_now(transport, b"tail")
        expected = b"".join(chunks) + b"tail"
        collector.wanted = len(expected)
        collector.transport.resumeProducing()
        await collector.enough
        self.assertEqual(bytes(collector.received), expected)

    async def test_reply_the_kernel_refuses_is_queued(self) -> None:
        """
        With nothing queued in Twisted but the kernel's buffer full (send would
        block), the reply is queued and goes out once the client reads again.
        """
        transport, collector = await self.connect()
        collector.transport.pauseProducing()
        filler = bytearray()
        chunk = b"f" * 65536
        while True:
            try:
                filler += chunk[: transport.socket.send(chunk)]
            except BlockingIOError:
                break
        send_now(transport, b"tail")
        self.assertEqual(queued_bytes(transport), 4)
        expected = bytes(filler) + b"tail"
        collector.wanted = len(expected)
        collector.transport.resumeProducing()
        await collector.enough
        self.assertEqual(bytes(collector.received), expected)


class WriterChoiceTests(SynchronousTestCase):
    def test_non_socket_transport_uses_write(self) -> None:
        """A transport without a socket of its own (a TLS layer, a test double) keeps its own write."""
        transport = StringTransport()
        writer = direct_writer(transport)
        writer(b"x")
        self.assertEqual(transport.value(), b"x")
