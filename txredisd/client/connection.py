"""
One asynchronous client connection for the tools: send commands, get typed
L{Reply} objects back in order, with the failures turned into redis-cli's
one-line messages.

    client = await connect(reactor, options)
    reply = await client.call(b"PING")
"""

from __future__ import annotations

import errno
import os
from collections import deque
from collections.abc import Callable
from typing import Any

from OpenSSL import SSL
from twisted.internet import defer, error
from twisted.internet.endpoints import connectProtocol
from twisted.internet.interfaces import IHandshakeListener
from twisted.internet.protocol import Protocol
from twisted.python.failure import Failure
from zope.interface import implementer

from txredisd.client.endpoint import ConnectOptions, TLSSetupError, client_endpoint
from txredisd.client.reply import Kind, ProtocolError, Reply, ReplyParser, encode_command

HANDSHAKE_TIMEOUT = 5.0


class ClientError(Exception):
    """A failure worth one line on stderr (the message is that line) and exit status 1."""


def _ssl_reason(failure_value: BaseException) -> str:
    queue = failure_value.args[0] if failure_value.args and isinstance(failure_value.args[0], list) else []
    reasons = [entry[-1] for entry in queue if entry and entry[-1]]
    return "; ".join(reasons) or str(failure_value) or "unknown error"


def explain_tls(reason: str, options: ConnectOptions | None) -> str:
    """
    OpenSSL's reason, plus which certificate it is about: ours (rejected by
    the server) or the server's (not trusted by our CA settings).
    """
    if options is None:
        return reason
    if "certificate verify failed" in reason:
        trusted = options.cacert or options.cacertdir or "the system CA store"
        return f"{reason} (the server's certificate is not trusted by {trusted})"
    if "certificate required" in reason and not options.cert:
        return f"{reason} (the server wants a client certificate: --cert and --key)"
    if "alert" in reason and options.cert:
        return f"{reason} (the server rejected the client certificate {options.cert})"
    return reason


def lost_reason(reason: Failure | BaseException | None, options: ConnectOptions | None = None) -> str:
    """redis-cli's words for a connection that ended mid-conversation."""
    value = reason.value if isinstance(reason, Failure) else reason
    if isinstance(value, SSL.Error):
        return f"TLS error: {explain_tls(_ssl_reason(value), options)}"
    if isinstance(value, error.ConnectionLost) and "reset" in str(value).lower():
        return "Connection reset by peer"
    return "Server closed the connection"


@implementer(IHandshakeListener)
class RedisClientProtocol(Protocol):
    """
    Replies are matched to calls in order; push replies go to C{on_push}
    (which drops them, as redis-cli 7.0 does), replies nobody waits for to
    C{on_reply}.
    Setting C{raw_sink} hands every received byte to it instead (an RDB
    transfer is not RESP).
    """

    def __init__(self, options: ConnectOptions | None = None) -> None:
        self.options = options
        self.parser = ReplyParser()
        self._waiting: deque[defer.Deferred[Reply]] = deque()
        self.on_push: Callable[[Reply], None] = lambda reply: None
        self.on_reply: Callable[[Reply], None] | None = None
        self.raw_sink: Callable[[bytes], None] | None = None
        self.lost: defer.Deferred[str] = defer.Deferred()
        self.handshake: defer.Deferred[None] = defer.Deferred()

    def handshakeCompleted(self) -> None:
        if not self.handshake.called:
            self.handshake.callback(None)

    def send(self, *args: bytes) -> None:
        self.transport.write(encode_command(list(args)))

    def call(self, *args: bytes) -> defer.Deferred[Reply]:
        """Send one command; the Deferred fires with its reply or fails with L{ClientError}."""
        waiting: defer.Deferred[Reply] = defer.Deferred()
        if self.lost.called:
            waiting.errback(ClientError(f"Error: {self.lost.result}"))
            return waiting
        self._waiting.append(waiting)
        self.send(*args)
        return waiting

    def dataReceived(self, data: bytes) -> None:
        if self.raw_sink is not None:
            self.raw_sink(data)
            return
        self.parser.feed(data)
        self.drain()

    def drain(self) -> None:
        """Deliver every complete reply buffered so far."""
        try:
            for reply in self.parser:
                self._deliver(reply)
                if self.raw_sink is not None:
                    return
        except ProtocolError as bad:
            self._fail_all(f"Error: Protocol error: {bad}")
            self.transport.loseConnection()

    def _deliver(self, reply: Reply) -> None:
        if reply.kind is Kind.PUSH:
            self.on_push(reply)
        elif self._waiting:
            self._waiting.popleft().callback(reply)
        elif self.on_reply is not None:
            self.on_reply(reply)

    def connectionLost(self, reason: Failure = None) -> None:
        if not self.handshake.called:
            self.handshake.errback(ClientError(_handshake_message(reason, self.options)))
            self.handshake.addErrback(lambda _: None)
        message = lost_reason(reason, self.options)
        self._fail_all(f"Error: {message}")
        if not self.lost.called:
            self.lost.callback(message)

    def _fail_all(self, message: str) -> None:
        while self._waiting:
            self._waiting.popleft().errback(ClientError(message))


def _handshake_message(reason: Failure | None, options: ConnectOptions | None) -> str:
    value = reason.value if reason is not None else None
    if isinstance(value, SSL.Error):
        return f"Could not negotiate a TLS connection: {explain_tls(_ssl_reason(value), options)}"
    return "Could not negotiate a TLS connection: the server closed the connection during the handshake"


def where(options: ConnectOptions) -> str:
    return options.socket or f"{options.host}:{options.port}"


def _connect_reason(failure: Failure) -> str:
    value = failure.value
    if isinstance(value, error.ConnectionRefusedError):
        return os.strerror(errno.ECONNREFUSED)
    if isinstance(value, error.DNSLookupError):
        return "Name or service not known"
    os_error = getattr(value, "osError", None)
    if isinstance(os_error, int):
        return os.strerror(os_error)
    if isinstance(value, error.TimeoutError):
        return os.strerror(errno.ETIMEDOUT)
    if isinstance(value, error.ConnectError) and value.osError:
        return str(value.osError)
    return str(value) or type(value).__name__


async def open_connection(reactor: Any, options: ConnectOptions) -> RedisClientProtocol:
    """
    A connected (and, with TLS, handshaken) protocol; L{ClientError} with
    redis-cli's message when the connection or the handshake fails.
    """
    try:
        endpoint = client_endpoint(reactor, options)
    except TLSSetupError as bad:
        raise ClientError(f"Could not negotiate a TLS connection: {bad}") from None
    try:
        protocol = await connectProtocol(endpoint, RedisClientProtocol(options))
    except Exception:
        raise ClientError(f"Could not connect to Redis at {where(options)}: {_connect_reason(Failure())}") from None
    if options.tls:
        # Certificate problems surface here; a server that rejects our
        # certificate under TLS 1.3 says so with its first reply instead. A
        # plain port never answers the client hello: give up after a while.
        handshake = protocol.handshake.addTimeout(HANDSHAKE_TIMEOUT, reactor)
        try:
            await handshake
        except defer.TimeoutError:
            protocol.transport.abortConnection()
            raise ClientError(
                f"Could not negotiate a TLS connection: no TLS handshake from {where(options)} "
                f"in {HANDSHAKE_TIMEOUT:g} seconds (not a TLS port?)"
            ) from None
    return protocol
