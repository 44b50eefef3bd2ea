"""
Where and how the client tools connect, with redis-cli 7.0's rules.

L{ConnectOptions} holds the connection flags both tools share, L{apply_uri}
folds a C{-u redis://...} URI into them, and L{client_endpoint} turns them
into a Twisted client endpoint (TCP, Unix socket, either one wrapped in TLS).

TLS follows redis-cli rather than browsers: the server's chain is checked
against C{--cacert}/C{--cacertdir} (the system store when neither is given)
but its host name is not, and SNI is sent only when C{--sni} asks for it.
C{--insecure} turns verification off entirely.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from OpenSSL import SSL
from twisted.internet.endpoints import HostnameEndpoint, UNIXClientEndpoint
from twisted.internet.interfaces import IOpenSSLClientConnectionCreator, IStreamClientEndpoint
from zope.interface import implementer

from txredisd.ctext import atoi
from txredisd.tls_transport import TLSClientEndpoint

_SCHEME = "redis://"
_TLS_SCHEME = "rediss://"
_HEX = "0123456789abcdef"


@dataclass
class ConnectOptions:
    """The connection flags of redis-cli/redis-benchmark; C{None} means "not given"."""

    host: str = "127.0.0.1"
    port: int = 6379
    socket: str | None = None
    tls: bool = False
    sni: str | None = None
    cacert: str | None = None
    cacertdir: str | None = None
    cert: str | None = None
    key: str | None = None
    insecure: bool = False
    tls_ciphers: str | None = None
    tls_ciphersuites: str | None = None
    user: str | None = None
    password: str | None = None
    db: int = 0


class TLSSetupError(ValueError):
    """The TLS flags cannot be applied; the message is redis-cli's reason text."""


# -- URIs -------------------------------------------------------------------------


def _percent_decode(text: str) -> str:
    """URI user info is percent-encoded; redis-cli rejects bad escapes outright."""
    out = bytearray()
    pos = 0
    while pos < len(text):
        if text[pos] != "%":
            out += text[pos].encode()
            pos += 1
            continue
        if len(text) - pos < 3:
            raise ValueError("Incomplete URI encoding")
        pair = text[pos + 1 : pos + 3].lower()
        if pair[0] not in _HEX or pair[1] not in _HEX:
            raise ValueError("Illegal character in URI encoding")
        out.append(int(pair, 16))
        pos += 3
    return out.decode("utf-8", "surrogateescape")


def apply_uri(options: ConnectOptions, uri: str) -> None:
    """
    Fold C{redis://[[user:]password@]host[:port][/db]} (C{rediss://} turns
    TLS on) into C{options}, leaving anything the URI omits untouched, exactly
    as redis-cli does: a port or db that is not a number counts as 0, and the
    host is taken verbatim. Raises C{ValueError} with redis-cli's message.
    """
    lowered = uri.lower()
    if lowered.startswith(_TLS_SCHEME):
        options.tls = True
        rest = uri[len(_TLS_SCHEME) :]
    elif lowered.startswith(_SCHEME):
        rest = uri[len(_SCHEME) :]
    else:
        raise ValueError("Invalid URI scheme")
    at = rest.find("@")
    if at >= 0:
        colon = rest.find(":")
        if 0 <= colon < at:
            options.user = _percent_decode(rest[:colon])
            rest = rest[colon + 1 :]
            at -= colon + 1
        options.password = _percent_decode(rest[:at])
        rest = rest[at + 1 :]
    hostport, slash, db = rest.partition("/")
    if hostport:
        host, colon, port = hostport.partition(":")
        options.host = host
        if colon:
            options.port = atoi(port)
    if slash and db:
        options.db = atoi(db)


# -- TLS --------------------------------------------------------------------------


def _tls_context(options: ConnectOptions) -> SSL.Context:
    """One client context per run (as redis-cli keeps one), built from the TLS flags."""
    context = SSL.Context(SSL.TLS_METHOD)
    context.set_options(SSL.OP_NO_SSLv2 | SSL.OP_NO_SSLv3)
    context.set_verify(SSL.VERIFY_NONE if options.insecure else SSL.VERIFY_PEER)
    steps = (
        ("Invalid CA Certificate File/Directory", _load_ca),
        ("Invalid client certificate", lambda c, o: o.cert and c.use_certificate_chain_file(o.cert)),
        ("Invalid private key", lambda c, o: o.key and c.use_privatekey_file(o.key)),
        ("Error while configuring ciphers", lambda c, o: o.tls_ciphers and c.set_cipher_list(o.tls_ciphers.encode())),
        (
            "Error while setting cypher suites",
            lambda c, o: o.tls_ciphersuites and c.set_tls13_ciphersuites(o.tls_ciphersuites.encode()),
        ),
    )
    for message, step in steps:
        try:
            step(context, options)
        except (SSL.Error, OSError):
            raise TLSSetupError(message) from None
    return context


def _load_ca(context: SSL.Context, options: ConnectOptions) -> None:
    if options.cacert or options.cacertdir:
        context.load_verify_locations(options.cacert, options.cacertdir)
    else:
        context.set_default_verify_paths()


@implementer(IOpenSSLClientConnectionCreator)
class _ClientTLS:
    """Connections from one shared context, with SNI only when asked for."""

    def __init__(self, context: SSL.Context, sni: str | None) -> None:
        self._context = context
        self._sni = sni.encode("idna") if sni else None

    def clientConnectionForTLS(self, tlsProtocol: Any) -> SSL.Connection:
        connection = SSL.Connection(self._context, None)
        if self._sni:
            connection.set_tlsext_host_name(self._sni)
        return connection


# -- endpoints --------------------------------------------------------------------


@implementer(IStreamClientEndpoint)
class _NoDelayEndpoint:
    """TCP_NODELAY on every connection, as hiredis sets it: requests go out at once."""

    def __init__(self, wrapped: IStreamClientEndpoint) -> None:
        self._wrapped = wrapped

    def connect(self, protocolFactory: Any) -> Any:
        return self._wrapped.connect(protocolFactory).addCallback(self._no_delay)

    @staticmethod
    def _no_delay(protocol: Any) -> Any:
        set_no_delay = getattr(protocol.transport, "setTcpNoDelay", None)
        if set_no_delay is not None:
            set_no_delay(True)
        return protocol


def client_endpoint(reactor: Any, options: ConnectOptions) -> IStreamClientEndpoint:
    """
    The endpoint for C{options}: the Unix socket when C{socket} is set, else
    C{host}:C{port} over TCP; wrapped in TLS when C{tls} is set. Raises
    L{TLSSetupError} when the certificate/key/CA/cipher flags are unusable,
    so bad flags are reported before any connection is tried.
    """
    if options.socket:
        endpoint: IStreamClientEndpoint = UNIXClientEndpoint(reactor, options.socket)
    else:
        endpoint = _NoDelayEndpoint(HostnameEndpoint(reactor, options.host, options.port))
    if options.tls:
        endpoint = TLSClientEndpoint(_ClientTLS(_tls_context(options), options.sni), endpoint)
    return endpoint
