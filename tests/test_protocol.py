"""
L{txredisd.protocol}'s reply timing, in memory on a hand-driven clock: the
first connection to reply in a reactor turn writes at once, the others' replies
are written together once the turn's events are dispatched (as Redis writes
before it sleeps), and nothing is lost when a connection closes or goes away
before that.
"""

from __future__ import annotations

from twisted.internet.address import IPv4Address
from twisted.internet.task import Clock
from twisted.internet.testing import StringTransport
from twisted.trial.unittest import SynchronousTestCase

from tests._servers import encode_command
from txredisd.config import Config
from txredisd.protocol import RedisServerFactory, RedisServerProtocol
from txredisd.service import make_service

PING = encode_command(["PING"])


class CountingTransport(StringTransport):
    def __init__(self) -> None:
        super().__init__(peerAddress=IPv4Address("TCP", "127.0.0.1", 50000))
        self.writes = 0

    def write(self, data: bytes) -> None:
        self.writes += 1
        super().write(data)


class EndOfTurnTests(SynchronousTestCase):
    def setUp(self) -> None:
        self.clock = Clock()
        service = make_service(Config(), [], reactor=self.clock)
        # "unix": no TCP socket options to set on an in-memory transport.
        self.factory = RedisServerFactory(service.state, self.clock, "unix", service)

    def connect(self) -> tuple[RedisServerProtocol, CountingTransport]:
        transport = CountingTransport()
        protocol = self.factory.buildProtocol(None)
        protocol.makeConnection(transport)
        return protocol, transport

    def test_first_reply_of_a_turn_leaves_at_once_the_others_at_its_end(self) -> None:
        first, first_transport = self.connect()
        second, second_transport = self.connect()
        third, third_transport = self.connect()
        first.dataReceived(PING)
        self.assertEqual(first_transport.value(), b"+PONG\r\n")
        second.dataReceived(encode_command(["SET", "k", "v"]) + encode_command(["GET", "k"]))
        third.dataReceived(PING)
        self.assertEqual((second_transport.value(), third_transport.value()), (b"", b""))
        self.assertEqual(len(self.clock.getDelayedCalls()), 1)  # one timer for the turn
        self.clock.advance(0)
        self.assertEqual((second_transport.value(), third_transport.value()), (b"+OK\r\n$1\r\nv\r\n", b"+PONG\r\n"))
        self.assertEqual(self.clock.getDelayedCalls(), [])
        # A new turn: its first reply goes at once again.
        third.dataReceived(PING)
        self.assertEqual(third_transport.value(), b"+PONG\r\n+PONG\r\n")

    def test_replies_and_pushes_of_a_turn_are_one_write(self) -> None:
        """Two reads' replies, and two messages pushed, each leave as one write per connection."""
        subscriber, subscriber_transport = self.connect()
        publisher, publisher_transport = self.connect()
        other, _ = self.connect()
        subscriber.dataReceived(encode_command(["SUBSCRIBE", "news"]))
        self.clock.advance(0)
        other.dataReceived(PING)  # takes the turn's first write
        publisher.dataReceived(encode_command(["PUBLISH", "news", "one"]))
        publisher.dataReceived(encode_command(["PUBLISH", "news", "two"]))
        self.assertEqual((subscriber_transport.writes, publisher_transport.writes), (1, 0))
        self.clock.advance(0)
        self.assertEqual(
            subscriber_transport.value(),
            b"*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n"
            b"*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$3\r\none\r\n*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$3\r\ntwo\r\n",
        )
        self.assertEqual((subscriber_transport.writes, publisher_transport.writes), (2, 1))
        self.assertEqual(publisher_transport.value(), b":1\r\n:1\r\n")

    def test_quit_replies_before_closing(self) -> None:
        """Closing writes what waits first: QUIT's +OK is out when the connection starts to close."""
        other, _ = self.connect()
        other.dataReceived(PING)  # takes the turn's first write
        protocol, transport = self.connect()
        protocol.dataReceived(PING + encode_command(["QUIT"]))
        self.assertEqual(transport.value(), b"+PONG\r\n+OK\r\n")
        self.assertTrue(transport.disconnecting)
        self.clock.advance(0)
        self.assertEqual(transport.value(), b"+PONG\r\n+OK\r\n")

    def test_connection_gone_before_the_turn_ends(self) -> None:
        other, _ = self.connect()
        other.dataReceived(PING)
        protocol, transport = self.connect()
        protocol.dataReceived(PING)
        protocol.connectionLost(None)
        self.clock.advance(0)
        self.assertEqual(transport.value(), b"")
