"""
Pub/sub fan-out at scale: a thousand channel subscribers and a hundred
pattern subscribers on one in-process server, every one of them receiving
every published message, byte for byte and in order.

The subscribers are Twisted protocols in the test's own reactor (one process,
no threads), connected through L{tests._mode}, so C{pytest --tls} runs the
same fan-out over TLS with client certificates.
"""

from __future__ import annotations

from twisted.internet import defer, reactor
from twisted.internet.endpoints import connectProtocol
from twisted.internet.protocol import Protocol

from tests import _mode
from tests._servers import encode_command
from tests.test_integration import ServerTestCase

CHANNEL = b"news.fanout"
PATTERN = b"news.*"
CHANNEL_SUBSCRIBERS = 1000
PATTERN_SUBSCRIBERS = 100
MESSAGES = 20
#: Connections opened at once: the test listener's backlog is Twisted's default of 50.
CONNECT_BATCH = 50


def _bulk(value: bytes) -> bytes:
    return b"$%d\r\n%s\r\n" % (len(value), value)


def _push(*parts: bytes | int) -> bytes:
    """A RESP2 pub/sub frame: an array of bulk strings and integers."""
    body = b"".join(b":%d\r\n" % p if isinstance(p, int) else _bulk(p) for p in parts)
    return b"*%d\r\n" % len(parts) + body


def _payload(i: int) -> bytes:
    """Sizes vary from a few bytes to several kilobytes so frames split across reads and TLS records."""
    return b"message-%d:" % i + bytes([65 + i % 26]) * (i * 397)


class _Stream(Protocol):
    """
    A raw client that knows exactly which bytes it must end up with: it fires
    C{ready} once the first C{ready_after} bytes arrived and C{done} once
    all of C{expected} has.
    """

    def __init__(self, request: bytes, expected: bytes, ready_after: int) -> None:
        self.request = request
        self.expected = expected
        self.ready_after = ready_after
        self.received = bytearray()
        self.ready: defer.Deferred = defer.Deferred()
        self.done: defer.Deferred = defer.Deferred()
        self.closed: defer.Deferred = defer.Deferred()

    def connectionMade(self) -> None:
        self.transport.write(self.request)

    def dataReceived(self, data: bytes) -> None:
        self.received += data
        if not self.ready.called and len(self.received) >= self.ready_after:
            self.ready.callback(None)
        if not self.done.called and len(self.received) >= len(self.expected):
            self.done.callback(None)

    def connectionLost(self, reason: object = None) -> None:
        self.closed.callback(None)


def channel_subscriber() -> _Stream:
    confirm = _push(b"subscribe", CHANNEL, 1)
    messages = b"".join(_push(b"message", CHANNEL, _payload(i)) for i in range(MESSAGES))
    return _Stream(encode_command([b"SUBSCRIBE", CHANNEL]), confirm + messages, len(confirm))


def pattern_subscriber() -> _Stream:
    confirm = _push(b"psubscribe", PATTERN, 1)
    messages = b"".join(_push(b"pmessage", PATTERN, CHANNEL, _payload(i)) for i in range(MESSAGES))
    return _Stream(encode_command([b"PSUBSCRIBE", PATTERN]), confirm + messages, len(confirm))


def publisher() -> _Stream:
    """Every PUBLISH pipelined in one write; each reply must count every subscriber."""
    request = b"".join(encode_command([b"PUBLISH", CHANNEL, _payload(i)]) for i in range(MESSAGES))
    receivers = CHANNEL_SUBSCRIBERS + PATTERN_SUBSCRIBERS
    return _Stream(request, b":%d\r\n" % receivers * MESSAGES, 0)


class FanOutTests(ServerTestCase):
    timeout = 60

    async def connect_all(self, streams: list[_Stream]) -> None:
        """Connect in batches, each client subscribed (confirmation read) before the next batch."""
        for start in range(0, len(streams), CONNECT_BATCH):
            batch = streams[start : start + CONNECT_BATCH]
            await defer.gatherResults(
                [connectProtocol(_mode.client_endpoint(reactor, self.port), s) for s in batch], consumeErrors=True
            )
            await defer.gatherResults([s.ready for s in batch], consumeErrors=True)

    async def close_all(self, streams: list[_Stream]) -> None:
        """Leave the reactor clean for trial: every client connection fully closed."""
        for stream in streams:
            if stream.transport is not None:
                stream.transport.loseConnection()
        await defer.gatherResults([s.closed for s in streams if s.transport is not None], consumeErrors=True)

    async def test_every_subscriber_gets_every_message_in_order(self) -> None:
        """1,000 channel and 100 pattern subscribers each receive all 20 messages, in publish order."""
        subscribers = [channel_subscriber() for _ in range(CHANNEL_SUBSCRIBERS)]
        subscribers += [pattern_subscriber() for _ in range(PATTERN_SUBSCRIBERS)]
        sender = publisher()
        try:
            await self.connect_all(subscribers)
            await self.connect_all([sender])
            await sender.done
            await defer.gatherResults([s.done for s in subscribers], consumeErrors=True)
        finally:
            await self.close_all(subscribers + [sender])
        self.assertEqual(bytes(sender.received), sender.expected)
        wrong = [i for i, s in enumerate(subscribers) if bytes(s.received) != s.expected]
        self.assertEqual(wrong, [], f"{len(wrong)} subscribers got other bytes than expected")
