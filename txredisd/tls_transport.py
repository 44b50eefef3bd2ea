"""
The TLS record layer under txredisd's connections: ciphertext from a TCP
transport in, plaintext to the application out, and back.

Why not Twisted's C{TLSMemoryBIOProtocol}: at one request per read, its
per-write C{callLater(0)} aggregation and pyOpenSSL's exception-per-empty-read
API cost more than the command itself (TLS added 24 us of server CPU to a GET
at pipeline 1 with them, 5-8 us with this layer; see benchmarks/README.md).
Here the handshake still goes through pyOpenSSL's public API, where exceptions
are rare and errors need their detail, while the data path calls OpenSSL's
C{SSL_read}/C{SSL_write}/C{BIO_read} directly on the memory BIOs pyOpenSSL
made for the connection, reading return codes instead of catching exceptions.
That leans on pyOpenSSL's private C{OpenSSL._util.lib} and a connection's
C{_ssl}, C{_into_ssl} and C{_from_ssl} (unchanged for a decade; every TLS test
goes through them). On a socket, the layer reads the ciphertext itself into a
reused buffer (it takes over Twisted's C{doRead}; L{_take_socket_reads} says
why). Each read delivers all the plaintext it decrypted in one
C{dataReceived}, so the server batches the replies of a pipeline into one
record.

On a server connection the application protocol only appears once the
handshake has succeeded (as a Redis client only exists after it), so refused
and stalled handshakes never reach it. On a client connection (the cli, the
benchmark, links to other servers) it is there from the start, as with
Twisted's C{wrapClientTLS}: its writes wait for the handshake, it hears of the
handshake's end through C{IHandshakeListener} and of a failure through
C{connectionLost} with the C{SSL.Error}.
"""

from __future__ import annotations

from errno import EWOULDBLOCK
from typing import Any

from OpenSSL import SSL
from OpenSSL._util import ffi, lib
from twisted.internet import main
from twisted.internet.interfaces import (
    IHandshakeListener,
    IPushProducer,
    IReactorTime,
    ISSLTransport,
    IStreamClientEndpoint,
    ITransport,
)
from twisted.internet.protocol import Factory, Protocol
from twisted.logger import Logger
from twisted.python.failure import Failure
from zope.interface import implementer

from txredisd.sendbuffer import direct_writer

log = Logger(namespace="txredisd.tls")

# Plaintext and ciphertext both pass through this one buffer: the reactor runs
# one connection at a time, and every byte is copied out before it returns.
_CHUNK = 1 << 16
_BUFFER = ffi.new("char[]", _CHUNK)
_WANT_READ = lib.SSL_ERROR_WANT_READ
_ZERO_RETURN = lib.SSL_ERROR_ZERO_RETURN
# Bound once: looking them up on C{ffi} makes a new bound method each time.
_unpack = ffi.unpack
_NULL = ffi.NULL
# Ciphertext read from a socket lands here, and OpenSSL copies it out at once.
_RECEIVED = bytearray(_CHUNK)
_RECEIVED_POINTER = ffi.from_buffer(_RECEIVED)


def openssl_reason(error: SSL.Error) -> str:
    """The reasons in a pyOpenSSL error as one short line."""
    queue = error.args[0] if error.args and isinstance(error.args[0], list) else []
    reasons = [entry[-1] for entry in queue if entry and entry[-1]]
    return "; ".join(reasons) or str(error) or "unknown error"


def _error_from_queue() -> SSL.Error:
    """
    OpenSSL's error queue as the C{SSL.Error} pyOpenSSL would raise, emptying
    it: a stale entry would confuse the next connection's C{SSL_get_error}.
    """

    def text(pointer: Any) -> str:
        return ffi.string(pointer).decode("ascii", "replace") if pointer != ffi.NULL else ""

    entries = []
    while code := lib.ERR_get_error():
        library, function = lib.ERR_lib_error_string(code), lib.ERR_func_error_string(code)
        entries.append((text(library), text(function), text(lib.ERR_reason_error_string(code))))
    return SSL.Error(entries or [("", "", "unexpected end of the TLS stream")])


def describe_peer(transport: Any) -> str:
    """C{ip:port} of a transport's peer, Redis-style, for log lines."""
    addr = transport.getPeer() if transport is not None else None
    host, port = getattr(addr, "host", None), getattr(addr, "port", None)
    if host is None:
        return "?"
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


@implementer(ITransport, ISSLTransport, IPushProducer)
class TLSTransport(Protocol):
    """
    The protocol of one TCP connection and the transport of the application
    protocol above it.

    @ivar application: the application protocol: on a server connection None
        until the handshake succeeds.
    """

    def __init__(self, factory: _TLSFactory, addr: Any) -> None:
        self.factory = factory
        self._addr = addr
        self.application: Any = None
        self._connection: SSL.Connection | None = None
        self._ssl: Any = None
        self._incoming: Any = None
        self._outgoing: Any = None
        self._timer: Any = None
        self._handshaking = True
        #: A client application's writes made before the handshake finished.
        self._early_writes: list[bytes] | None = None
        #: Why TLS failed, handed to the application when the connection goes.
        self._failure: Failure | None = None
        #: Set by loseConnection/abortConnection: later application writes go nowhere.
        self.disconnecting = False

    # -- the TCP side -----------------------------------------------------------------

    def connectionMade(self) -> None:
        factory = self.factory
        connection = factory.new_connection(self)
        self._connection = connection
        # The SSL object and its memory BIOs, for the data path's direct calls.
        self._ssl, self._incoming, self._outgoing = connection._ssl, connection._into_ssl, connection._from_ssl
        self._send = direct_writer(self.transport)
        self._take_socket_reads()
        set_no_delay = getattr(self.transport, "setTcpNoDelay", None)
        if set_no_delay is not None:
            set_no_delay(True)  # Redis sets it on every client socket, TLS or not
        factory.pending.add(self)
        timeout = factory.handshake_timeout
        if timeout is not None:
            self._timer = factory.clock.callLater(timeout, self._timed_out)
        if factory.client:
            self._early_writes = []
            if self._start_application():
                self._handshake()  # our hello goes first

    def _take_socket_reads(self) -> None:
        """
        Read a socket transport's ciphertext ourselves, into one reused buffer
        OpenSSL copies from, instead of Twisted allocating a bytes object per
        read to hand to L{dataReceived} (0.3 us of server CPU per request at
        pipeline 1; benchmarks/README.md). The reactor calls the transport's
        C{doRead}; this connection's becomes L{_read_socket}. Other transports
        (in memory, wrapped) keep calling L{dataReceived}.
        """
        transport = self.transport
        sock = getattr(transport, "socket", None)
        if sock is not None and hasattr(transport, "doRead"):
            self._recv_into = sock.recv_into
            transport.doRead = self._read_socket

    def _read_socket(self) -> Any:
        """Twisted's C{Connection.doRead}, reading into L{_RECEIVED}: what it returns means the same."""
        try:
            size = self._recv_into(_RECEIVED)
        except OSError as error:
            return None if error.args[0] == EWOULDBLOCK else main.CONNECTION_LOST
        if not size:
            return main.CONNECTION_DONE
        lib.BIO_write(self._incoming, _RECEIVED_POINTER, size)
        self._decrypt()
        return None

    def dataReceived(self, data: bytes) -> None:
        lib.BIO_write(self._incoming, data, len(data))
        self._decrypt()

    def _decrypt(self) -> None:
        """Deliver what the ciphertext in C{_incoming} decrypts to (or advance the handshake with it)."""
        if self._handshaking and not self._handshake():
            return
        ssl = self._ssl
        read = lib.SSL_read(ssl, _BUFFER, _CHUNK)
        if read <= 0:
            self._read_stopped(lib.SSL_get_error(ssl, read))
            return
        plaintext = _unpack(_BUFFER, read)
        # One SSL_read empties a whole record (the buffer outsizes the largest), so
        # with no ciphertext left over this read is done, without a second
        # SSL_read failing to say so (a quarter of a microsecond per request).
        if lib.BIO_get_mem_data(self._incoming, _NULL):
            chunks = [plaintext]
            read = lib.SSL_read(ssl, _BUFFER, _CHUNK)
            while read > 0:
                chunks.append(_unpack(_BUFFER, read))
                read = lib.SSL_read(ssl, _BUFFER, _CHUNK)
            plaintext = b"".join(chunks)
            # Asked now: the application's writes would overwrite what OpenSSL knows of this read.
            stopped_by = lib.SSL_get_error(ssl, read)
        else:
            stopped_by = _WANT_READ
        if not self.disconnecting:
            self.application.dataReceived(plaintext)
        if stopped_by != _WANT_READ:
            self._read_stopped(stopped_by)

    def _read_stopped(self, error: int) -> None:
        """C{SSL_read} stopped with C{error}: usually "need more bytes"; else the peer closed or TLS failed."""
        if error == _WANT_READ:
            return
        if error == _ZERO_RETURN:
            # The peer's close-notify: answer it and close, as Twisted's TLS does.
            self.loseConnection()
            return
        failure = _error_from_queue()
        log.debug("TLS error with {peer}: {reason}", peer=describe_peer(self.transport), reason=openssl_reason(failure))
        self._fail(Failure(failure))

    def _fail(self, failure: Failure) -> None:
        """Close for C{failure}, after the alert OpenSSL wrote to say why."""
        self._failure = failure
        self._settled()
        self.disconnecting = True
        self._flush_outgoing()
        self.transport.loseConnection()

    def _handshake(self) -> bool:
        """Advance the handshake with what has arrived; True once it is done and the application is told."""
        try:
            self._connection.do_handshake()
        except SSL.WantReadError:
            self._flush_outgoing()
            return False
        except SSL.Error as error:
            if not self.factory.client:
                log.info(
                    "Error accepting a client connection: {error} (addr={peer})",
                    error=openssl_reason(error),
                    peer=describe_peer(self.transport),
                )
            self._fail(Failure(error))
            return False
        self._handshaking = False
        self._settled()
        self._flush_outgoing()  # the handshake's last flight and TLS 1.3 session tickets
        application = self.application
        if application is None:
            return self._start_application() and not self.disconnecting
        early, self._early_writes = self._early_writes, None
        if early:
            self.write(b"".join(early))
        if IHandshakeListener.providedBy(application):
            application.handshakeCompleted()
        return not self.disconnecting

    def _start_application(self) -> bool:
        application = self.factory.application.buildProtocol(self._addr)
        if application is None:
            self.loseConnection()
            return False
        self.application = application
        application.makeConnection(self)
        return True

    def _settled(self) -> None:
        self.factory.pending.discard(self)
        if self._timer is not None and self._timer.active():
            self._timer.cancel()
        self._timer = None

    def _timed_out(self) -> None:
        self._timer = None
        log.info(
            "TLS handshake with {peer} timed out after {seconds}s",
            peer=describe_peer(self.transport),
            seconds=self.factory.handshake_timeout,
        )
        self.transport.abortConnection()

    def connectionLost(self, reason: Failure | None = None) -> None:
        self._settled()
        application, self.application = self.application, None
        if application is not None:
            application.connectionLost(self._failure or reason)

    # -- the application side -----------------------------------------------------------

    def write(self, data: bytes) -> None:
        if self.disconnecting or not data:
            return
        if self._early_writes is not None:
            self._early_writes.append(data)
            return
        ssl = self._ssl
        size = len(data)
        written = lib.SSL_write(ssl, data, size)
        if written == size:
            self._flush_outgoing()
            return
        # pyOpenSSL turns on partial writes: OpenSSL took one record's worth. The
        # rest goes a record at a time, each handed on at once, so a big reply
        # is never held whole as ciphertext too.
        source = ffi.from_buffer(data)
        offset = 0
        while written > 0:
            offset += written
            self._flush_outgoing()
            if offset == size:
                return
            written = lib.SSL_write(ssl, source + offset, size - offset)
        self._write_failed()

    def writeSequence(self, data: list[bytes]) -> None:
        self.write(b"".join(data))

    def _write_failed(self) -> None:
        failure = _error_from_queue()
        log.debug(
            "TLS write to {peer} failed: {reason}", peer=describe_peer(self.transport), reason=openssl_reason(failure)
        )
        self._fail(Failure(failure))

    def _flush_outgoing(self) -> None:
        """Hand every byte of ciphertext OpenSSL has produced to the TCP transport."""
        outgoing = self._outgoing
        read = lib.BIO_read(outgoing, _BUFFER, _CHUNK)
        if read <= 0:
            return
        if read < _CHUNK:
            self._send(_unpack(_BUFFER, read))
            return
        chunks = []
        while read > 0:
            chunks.append(_unpack(_BUFFER, read))
            read = lib.BIO_read(outgoing, _BUFFER, _CHUNK)
        self.transport.writeSequence(chunks)

    def loseConnection(self) -> None:
        """Send close-notify after what is already written, then close."""
        if self.disconnecting:
            return
        self.disconnecting = True
        if not self._handshaking:
            lib.SSL_shutdown(self._ssl)
            lib.ERR_clear_error()
            self._flush_outgoing()
        self.transport.loseConnection()

    def abortConnection(self) -> None:
        self.disconnecting = True
        self.transport.abortConnection()

    def failVerification(self, reason: Failure) -> None:
        """Twisted's client TLS options call this when the peer's name does not match."""
        self._failure = reason
        self.abortConnection()

    def getPeer(self) -> Any:
        return self.transport.getPeer()

    def getHost(self) -> Any:
        return self.transport.getHost()

    def getPeerCertificate(self) -> Any:
        """The peer's verified certificate (pyOpenSSL X509), or None."""
        return self._connection.get_peer_certificate()

    def fileno(self) -> int:
        return self.transport.fileno()

    def registerProducer(self, producer: Any, streaming: bool) -> None:
        # Ciphertext goes straight to the TCP transport, so its buffer is the one to watch.
        self.transport.registerProducer(producer, streaming)

    def unregisterProducer(self) -> None:
        self.transport.unregisterProducer()

    def pauseProducing(self) -> None:
        self.transport.pauseProducing()

    def resumeProducing(self) -> None:
        self.transport.resumeProducing()

    def stopProducing(self) -> None:
        self.transport.stopProducing()


class _TLSFactory(Factory):
    """
    The TLS layer of a listener or a connector, under the application's factory.

    @ivar tls: the TLS policy, read at each new connection: an
        C{IOpenSSLServerConnectionCreator} or C{IOpenSSLClientConnectionCreator}.
    @ivar pending: connections still in their handshake.
    """

    noisy = False
    client = False
    handshake_timeout: float | None = None

    def __init__(self, tls: Any, application: Any, clock: IReactorTime | None = None) -> None:
        self.tls = tls
        self.application = application
        self.clock = clock
        self.pending: set[TLSTransport] = set()

    def buildProtocol(self, addr: Any) -> TLSTransport:
        return TLSTransport(self, addr)

    def new_connection(self, layer: TLSTransport) -> SSL.Connection:
        raise NotImplementedError

    def logPrefix(self) -> str:
        prefix = getattr(self.application, "logPrefix", None)
        name = prefix() if prefix is not None else self.application.__class__.__name__
        return f"{name} (TLS)"

    def startFactory(self) -> None:
        self.application.doStart()

    def stopFactory(self) -> None:
        for connection in list(self.pending):
            connection.transport.abortConnection()
        self.application.doStop()


class TLSServerFactory(_TLSFactory):
    """
    A listener's TLS layer. When the listener stops, handshakes still in
    progress are dropped: the application cannot close what it never saw.
    C{tls} also carries C{handshake_timeout} (seconds).
    """

    @property
    def handshake_timeout(self) -> float:
        return self.tls.handshake_timeout

    def new_connection(self, layer: TLSTransport) -> SSL.Connection:
        connection = self.tls.serverConnectionForTLS(layer)
        connection.set_accept_state()
        return connection


class TLSClientFactory(_TLSFactory):
    """The TLS layer of outgoing connections (no handshake timeout of its own, as Twisted's)."""

    client = True

    def new_connection(self, layer: TLSTransport) -> SSL.Connection:
        connection = self.tls.clientConnectionForTLS(layer)
        connection.set_connect_state()
        return connection


@implementer(IStreamClientEndpoint)
class TLSClientEndpoint:
    """
    Our record layer over another client endpoint, in place of Twisted's
    C{wrapClientTLS}: C{connect} fires with the application protocol, before
    the handshake, exactly as that one does.
    """

    def __init__(self, creator: Any, wrapped: IStreamClientEndpoint) -> None:
        self._creator = creator
        self._wrapped = wrapped

    def connect(self, protocolFactory: Any) -> Any:
        connecting = self._wrapped.connect(TLSClientFactory(self._creator, protocolFactory))
        return connecting.addCallback(lambda layer: layer.application)
