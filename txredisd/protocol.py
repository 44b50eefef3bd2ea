"""
The Twisted adapter: bytes in from a transport, replies out, nothing else.

All parsing lives in L{txredisd.resp.request} and all command logic in
L{txredisd.core}; this module only moves bytes and sets the command clock.
"""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING

from twisted.internet import address
from twisted.internet.defer import Deferred, succeed
from twisted.internet.interfaces import IPushProducer, IReactorTime
from twisted.internet.protocol import Factory, Protocol
from twisted.logger import Logger
from zope.interface import implementer

from txredisd.core.session import POSTPONED, ClientSession
from txredisd.resp.request import ProtocolError, RequestParser
from txredisd.sendbuffer import direct_writer, queued_bytes, socket_transport
from txredisd.tls import peer_subject

if TYPE_CHECKING:
    from txredisd.core.state import ServerState

_MAX_CLIENTS_ERROR = b"-ERR max number of clients reached\r\n"
# Sent (then the connection closed) to a non-local client while protected mode
# is on and the default user has no password: Redis 7.0's exact words.
_PROTECTED_MODE_DENIED = (
    b"-DENIED Redis is running in protected mode because protected mode is enabled and no password "
    b"is set for the default user. In this mode connections are only accepted from the loopback "
    b"interface. If you want to connect from external computers to Redis you may adopt one of the "
    b"following solutions: 1) Just disable protected mode sending the command 'CONFIG SET "
    b"protected-mode no' from the loopback interface by connecting to Redis from the same host the "
    b"server is running, however MAKE SURE Redis is not publicly accessible from internet if you do "
    b"so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable "
    b"the protected mode by editing the Redis configuration file, and setting the protected mode "
    b"option to 'no', and then restarting the server. 3) If you started the server manually just for "
    b"testing, restart it with the '--protected-mode no' option. 4) Set up an authentication password "
    b"for the default user. NOTE: You only need to do one of the above things in order for the server "
    b"to start accepting connections from the outside.\r\n"
)


log = Logger()


@implementer(IPushProducer)
class _Congestion:
    """
    Told by the transport when its send buffer fills and when it drains: in
    between, the protocol measures what the client leaves unread against
    C{client-output-buffer-limit} (Redis's output buffer).
    """

    def __init__(self, protocol: RedisServerProtocol) -> None:
        self.protocol = protocol

    def pauseProducing(self) -> None:
        self.protocol.congested = True

    def resumeProducing(self) -> None:
        self.protocol.uncongested()

    def stopProducing(self) -> None:
        pass


def keep_alive(sock: socket.socket, interval: int) -> None:
    """
    TCP keepalive as Redis sets it from C{tcp-keepalive}: the first probe after
    C{interval} idle seconds, then every third of it, three unanswered probes
    drop the peer. Where the system lacks the per-socket knobs, keepalive alone.
    """
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    for option, value in (("TCP_KEEPIDLE", interval), ("TCP_KEEPINTVL", max(interval // 3, 1)), ("TCP_KEEPCNT", 3)):
        if hasattr(socket, option):
            sock.setsockopt(socket.IPPROTO_TCP, getattr(socket, option), value)


def format_address(addr: object) -> str:
    """Redis's rendering of an endpoint: C{ip:port}, C{[v6]:port}, C{path:0} for Unix sockets."""
    if isinstance(addr, (address.IPv4Address, address.IPv6Address)):
        if ":" in addr.host:
            return f"[{addr.host}]:{addr.port}"
        return f"{addr.host}:{addr.port}"
    if isinstance(addr, address.UNIXAddress):
        name = addr.name
        if isinstance(name, bytes):
            name = name.decode("utf-8", "replace")
        return f"{name or ''}:0"
    return "?:0"


class EndOfTurn:
    """
    When replies are written. The first connection to reply in a reactor turn
    writes at once, so a lone client waits for nothing; the others' replies
    wait until the turn's events are dispatched (a C{callLater(0)} marks the
    end), then go out back to back, as Redis writes its clients' replies just
    before it sleeps again. With 50 clients at pipeline 1 that saved 2-3.5 us of
    server CPU per request on one machine and about 8 on another
    (benchmarks/README.md), and an C{appendfsync always} barrier covers the
    writes of all but the turn's first reply.
    """

    def __init__(self, clock: IReactorTime) -> None:
        self._clock = clock
        self._in_turn = False
        self._waiting: list[RedisServerProtocol] = []

    def add(self, connection: RedisServerProtocol) -> None:
        if self._in_turn:
            self._waiting.append(connection)
            return
        self._in_turn = True
        self._clock.callLater(0, self.write)
        connection.write_replies()

    def write(self) -> None:
        """The turn ends here: write what waits."""
        self._in_turn = False
        waiting, self._waiting = self._waiting, []
        for connection in waiting:
            connection.write_replies()


class RedisServerProtocol(Protocol):
    """One client connection."""

    session: ClientSession
    parser: RequestParser

    def __init__(self, factory: RedisServerFactory) -> None:
        self.factory = factory
        self.in_batch = False
        self._postponed: list[bytes] | None = None
        #: The timer of a blocked client's deadline (BLPOP & co.).
        self.block_timer = None
        #: True while the transport says its send buffer is full.
        self.congested = False
        self._over_soft_since_ms: int | None = None
        #: Set once the client is dropped for its output backlog: later replies go nowhere.
        self._dropped = False
        #: True while this connection waits in the factory's L{EndOfTurn} to write its replies.
        self._write_queued = False

    def connectionMade(self) -> None:
        factory = self.factory
        server = factory.server
        server.stats.total_connections_received += 1
        if len(server.clients) >= server.config["maxclients"]:
            server.stats.rejected_connections += 1
            self.transport.write(_MAX_CLIENTS_ERROR)
            self.transport.loseConnection()
            self.session = None
            return
        peer = self.transport.getPeer()
        if (
            server.config["protected-mode"]
            and not server.auth_required()
            and isinstance(peer, (address.IPv4Address, address.IPv6Address))
            and peer.host not in ("127.0.0.1", "::1")
        ):
            self.transport.write(_PROTECTED_MODE_DENIED)
            self.transport.loseConnection()
            self.session = None
            return
        server.now_ms = int(factory.clock.seconds() * 1000)
        self.session = session = ClientSession(
            server,
            kind=factory.kind,
            peer=format_address(peer),
            local=format_address(self.transport.getHost()),
        )
        if factory.kind == "unix":
            # Redis shows the socket's path for both ends of a Unix connection.
            session.peer = session.local
        elif factory.kind == "tls":
            session.peer_subject = peer_subject(self.transport)
        fileno = getattr(self.transport, "fileno", None)
        session.fd = fileno() if fileno is not None else -1
        if factory.kind == "tcp":
            self.transport.setTcpNoDelay(True)  # as Redis does for every TCP client
        if factory.kind != "unix" and server.config["tcp-keepalive"]:
            keep_alive(socket_transport(self.transport).getHandle(), server.config["tcp-keepalive"])
        session.connection = self
        server.clients[session.id] = session
        self.transport.registerProducer(_Congestion(self), True)
        #: How a batch of replies leaves: straight to the socket when the transport is
        #: one (a TLS layer does the same underneath), else the transport's write.
        self._send = direct_writer(self.transport)
        self.parser = RequestParser(max_bulk_len=server.config["proto-max-bulk-len"])
        self.parser.unauthenticated = not session.authenticated and server.auth_required()

    def dataReceived(self, data: bytes) -> None:
        session = self.session
        if session is None:
            return
        server = session.server
        server.now_ms = int(self.factory.clock.seconds() * 1000)
        stats = server.stats
        stats.total_net_input_bytes += len(data)
        stats.total_reads_processed += 1
        parser = self.parser
        parser.feed(data)
        self.in_batch = True
        try:
            # A blocked client's later commands wait in the parser; its socket is
            # still read, so a hang-up is seen (and nothing is served to a ghost).
            while not session.close_after_reply and session.blocked is None:
                argv = self._postponed or parser.next_command()
                if argv is None:
                    break
                self._postponed = None
                if session.execute(argv) is POSTPONED:
                    self._postponed = argv
                    self.transport.pauseProducing()
                    self.factory.service.postpone(self)
                    break
                parser.unauthenticated = not session.authenticated and server.auth_required()
        except ProtocolError as error:
            session.reply_error(f"ERR Protocol error: {error}")
            session.close_after_reply = True
        finally:
            self.in_batch = False
        if server.busy_until_ms > server.now_ms:
            # DEBUG SLEEP: the whole server stands still; this reply waits with it.
            self.factory.service.hold_everything(self)
            return
        self.flush()
        if session.close_after_reply:
            self.close()
        elif parser.buffered() > server.config["client-query-buffer-limit"]:
            # Redis drops such a client without a reply.
            self.transport.abortConnection()

    def close(self) -> None:
        """
        Close once the replies are out. The backlog watch is unregistered first: a
        TLS transport holds its close-notify back while a producer is registered.
        """
        if self._write_queued:
            self.write_replies()
        self.transport.unregisterProducer()
        self.transport.loseConnection()

    def resume(self) -> None:
        """CLIENT PAUSE is over, or a blocked client got its answer: run what waits, read again."""
        if self.session is not None and self.transport is not None and self.session.blocked is None:
            if self._postponed is not None:
                self.transport.resumeProducing()
            self.dataReceived(b"")

    def flush(self) -> None:
        """Have the queued replies written: now, or at the end of this reactor turn (L{EndOfTurn})."""
        if self.session.out and not self._write_queued:
            self._write_queued = True
            self.factory.end_of_turn.add(self)

    def write_replies(self) -> None:
        """Write every queued reply now, in one call."""
        self._write_queued = False
        session = self.session
        if session is None or session.connection is None:
            return  # gone meanwhile
        out = session.out
        if out:
            if self._dropped:
                out.clear()
                return
            server = session.server
            if server.reply_barrier is not None:
                server.reply_barrier()  # appendfsync always: the writes reach the disk first
            data = b"".join(out) if len(out) > 1 else out[0]
            out.clear()
            stats = server.stats
            stats.total_net_output_bytes += len(data)
            stats.total_writes_processed += 1
            self._send(data)
            if self.congested:
                self._check_output_limit()

    def uncongested(self) -> None:
        self.congested = False
        self._over_soft_since_ms = None
        if self.session is not None:
            self.session.omem = 0

    def _check_output_limit(self) -> None:
        """Drop a client whose unread replies pass its class's hard limit, or its soft limit for too long."""
        session = self.session
        server = session.server
        kind = "replica" if session.is_replica_link else "pubsub" if session.subscriptions else "normal"
        hard, soft, soft_seconds = server.config["client-output-buffer-limit"][kind]
        backlog = session.omem = queued_bytes(self.transport)
        over = bool(hard) and backlog >= hard
        if soft and backlog >= soft:
            if self._over_soft_since_ms is None:
                self._over_soft_since_ms = server.now_ms
            elif server.now_ms - self._over_soft_since_ms >= soft_seconds * 1000:
                over = True
        elif self._over_soft_since_ms is not None:
            self._over_soft_since_ms = None
        if over:
            log.warn(
                "Client id={id} addr={addr} closed for overcoming of output buffer limits.",
                id=session.id,
                addr=session.peer,
            )
            self._dropped = True
            self.transport.abortConnection()

    def flush_soon(self) -> None:
        """Pushed messages are written (now or at the turn's end) unless a batch in progress will flush them."""
        if not self.in_batch and self.session is not None:
            self.flush()

    def connectionLost(self, reason: object = None) -> None:
        if self.block_timer is not None and self.block_timer.active():
            self.block_timer.cancel()
        if self.session is not None:
            self.session.disconnected()
            self.session.connection = None
        self.factory.connections.discard(self)
        if not self.factory.connections:
            waiting, self.factory.drained = self.factory.drained, []
            for d in waiting:
                d.callback(None)


class RedisServerFactory(Factory):
    """
    Builds protocols for one listener.

    @ivar kind: C{"tcp"}, C{"tls"} or C{"unix"}: which port a client of this
        listener gets told about, and how CLIENT LIST shows it.
    """

    def __init__(self, server: ServerState, clock: IReactorTime, kind: str = "tcp", service=None) -> None:
        self.server = server
        self.service = service
        self.noisy = False
        self.clock = clock
        self.kind = kind
        self.connections: set[RedisServerProtocol] = set()
        self.drained: list[Deferred] = []
        self.end_of_turn = EndOfTurn(clock)

    def buildProtocol(self, addr: object) -> RedisServerProtocol:
        protocol = RedisServerProtocol(self)
        self.connections.add(protocol)
        return protocol

    def close_all(self) -> Deferred:
        """Drop every connection; fires once the last one is gone."""
        if not self.connections:
            return succeed(None)
        d = Deferred()
        self.drained.append(d)
        for protocol in list(self.connections):
            protocol.close()
        return d
