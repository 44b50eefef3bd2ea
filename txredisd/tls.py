"""
TLS for txredisd, with Redis 7.0's C{tls-*} semantics.

Server side, L{ReloadableServerTLS} holds the current C{OpenSSL.SSL.Context} and
hands each new connection to it, so CONFIG SET can swap certificates without
touching open connections; L{tls_server_endpoint} listens with it, through
the record layer in L{txredisd.tls_transport}.

Client side (replication and cluster links), L{client_tls_options} verifies the
peer's chain against the configured CA but not its host name, as Redis does.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.serialization import load_pem_private_key
from OpenSSL import SSL
from twisted.internet.endpoints import TCP4ServerEndpoint, TCP6ServerEndpoint
from twisted.internet.interfaces import (
    IOpenSSLClientConnectionCreator,
    IOpenSSLServerConnectionCreator,
    IReactorTime,
    IStreamServerEndpoint,
)
from twisted.logger import Logger
from zope.interface import implementer

from txredisd.tls_transport import TLSServerFactory, openssl_reason

log = Logger(namespace="txredisd.tls")

AUTH_CLIENTS = ("yes", "optional", "no")
DEFAULT_PROTOCOLS = "TLSv1.2 TLSv1.3"
DEFAULT_HANDSHAKE_TIMEOUT = 10.0
# OpenSSL's own default; pyOpenSSL offers no way to change it.
_OPENSSL_SESSION_CACHE_SIZE = 20480

_PROTOCOL_FLAGS = {
    "tlsv1": SSL.OP_NO_TLSv1,
    "tlsv1.1": SSL.OP_NO_TLSv1_1,
    "tlsv1.2": SSL.OP_NO_TLSv1_2,
    "tlsv1.3": SSL.OP_NO_TLSv1_3,
}
_VERIFY_MODES = {
    "yes": SSL.VERIFY_PEER | SSL.VERIFY_FAIL_IF_NO_PEER_CERT,
    "optional": SSL.VERIFY_PEER,
    "no": SSL.VERIFY_NONE,
}
_SESSION_ID_CONTEXT = b"txredisd"


class TLSConfigError(ValueError):
    """A TLS setting cannot be applied; the message is one line naming the culprit."""


@dataclass(frozen=True)
class TLSSettings:
    """
    The C{tls-*} configuration, one field per Redis setting (C{cert_file} is
    C{tls-cert-file}...). Empty strings mean "not set", as in redis.conf.
    """

    cert_file: str = ""
    key_file: str = ""
    key_file_pass: str = ""
    client_cert_file: str = ""
    client_key_file: str = ""
    client_key_file_pass: str = ""
    ca_cert_file: str = ""
    ca_cert_dir: str = ""
    auth_clients: str = "yes"
    protocols: str = DEFAULT_PROTOCOLS
    ciphers: str = ""
    ciphersuites: str = ""
    prefer_server_ciphers: bool = False
    dh_params_file: str = ""
    session_caching: bool = True
    session_cache_size: int = 20480
    session_cache_timeout: int = 300

    def __post_init__(self) -> None:
        if self.auth_clients not in AUTH_CLIENTS:
            raise TLSConfigError(f"Invalid tls-auth-clients '{self.auth_clients}': must be one of yes, optional, no")
        _protocol_options(self.protocols)

    @classmethod
    def from_config(cls, config: Any) -> TLSSettings:
        """Read every field from its C{tls-...} entry of the configuration table (or a dict)."""
        values = {field.name: config["tls-" + field.name.replace("_", "-")] for field in fields(cls)}
        auth = values["auth_clients"]
        if isinstance(auth, bool):
            values["auth_clients"] = "yes" if auth else "no"
        return cls(**values)

    @property
    def has_ca(self) -> bool:
        """Whether there is anything to verify peers against."""
        return bool(self.ca_cert_file or self.ca_cert_dir)


# -- contexts ------------------------------------------------------------------------


def _readable(path: str, what: str) -> None:
    """Fail with the operating system's reason, clearer than what OpenSSL reports for it."""
    try:
        with open(path, "rb"):
            pass
    except OSError as error:
        raise TLSConfigError(f"{what}: {path}: {error.strerror}") from None


def _protocol_options(protocols: str) -> int:
    """C{OP_NO_*} flags for every version not in C{protocols} (empty means the default pair)."""
    words = (protocols or DEFAULT_PROTOCOLS).lower().split()
    if not words or any(word not in _PROTOCOL_FLAGS for word in words):
        raise TLSConfigError(
            "Invalid tls-protocols specified. Use a combination of 'TLSv1', 'TLSv1.1', 'TLSv1.2' and 'TLSv1.3'."
        )
    options = 0
    for word, flag in _PROTOCOL_FLAGS.items():
        if word not in words:
            options |= flag
    return options


def _base_context(settings: TLSSettings, method: int) -> SSL.Context:
    """What server and client contexts share: versions, ciphers."""
    context = SSL.Context(method)
    context.set_options(
        SSL.OP_NO_SSLv2 | SSL.OP_NO_SSLv3 | SSL.OP_NO_COMPRESSION | _protocol_options(settings.protocols)
    )
    if settings.ciphers:
        try:
            context.set_cipher_list(settings.ciphers.encode())
        except SSL.Error:
            raise TLSConfigError(f"Failed to configure ciphers: {settings.ciphers}") from None
    if settings.ciphersuites:
        try:
            context.set_tls13_ciphersuites(settings.ciphersuites.encode())
        except SSL.Error:
            raise TLSConfigError(f"Failed to configure ciphersuites: {settings.ciphersuites}") from None
    return context


def _load_identity(context: SSL.Context, cert_file: str, key_file: str, password: str) -> None:
    """Certificate chain and matching private key (decrypted with C{password} if set)."""
    if not key_file:
        raise TLSConfigError(f"No private key file for certificate {cert_file}")
    _readable(cert_file, "Failed to load certificate")
    try:
        context.use_certificate_chain_file(cert_file)
    except SSL.Error as error:
        raise TLSConfigError(f"Failed to load certificate: {cert_file}: {openssl_reason(error)}") from None
    try:
        key = load_pem_private_key(Path(key_file).read_bytes(), password.encode() or None)
    except OSError as error:
        raise TLSConfigError(f"Failed to load private key: {key_file}: {error.strerror}") from None
    except (TypeError, ValueError) as error:
        raise TLSConfigError(f"Failed to load private key: {key_file}: {error}") from None
    try:
        context.use_privatekey(key)
        context.check_privatekey()
    except SSL.Error as error:
        raise TLSConfigError(f"Failed to load private key: {key_file}: {openssl_reason(error)}") from None


def _load_ca(context: SSL.Context, settings: TLSSettings) -> None:
    if settings.ca_cert_file:
        _readable(settings.ca_cert_file, "Failed to configure CA certificate(s) file/directory")
    if settings.ca_cert_dir and not os.path.isdir(settings.ca_cert_dir):
        raise TLSConfigError(
            f"Failed to configure CA certificate(s) file/directory: {settings.ca_cert_dir}: not a directory"
        )
    try:
        context.load_verify_locations(settings.ca_cert_file or None, settings.ca_cert_dir or None)
    except SSL.Error as error:
        where = settings.ca_cert_file or settings.ca_cert_dir
        raise TLSConfigError(
            f"Failed to configure CA certificate(s) file/directory: {where}: {openssl_reason(error)}"
        ) from None


def _require_ca(settings: TLSSettings) -> None:
    if not settings.has_ca:
        raise TLSConfigError(
            "Either tls-ca-cert-file or tls-ca-cert-dir must be specified "
            "when tls-cluster, tls-replication or tls-auth-clients are enabled!"
        )


def build_server_context(settings: TLSSettings) -> SSL.Context:
    """
    A fresh server context for C{settings}, fully validated: every file is read
    now, so a mistake surfaces here as L{TLSConfigError} and not at the first
    handshake.
    """
    if not settings.cert_file:
        raise TLSConfigError("No tls-cert-file configured!")
    if not settings.key_file:
        raise TLSConfigError("No tls-key-file configured!")
    if settings.auth_clients != "no":
        _require_ca(settings)
    context = _base_context(settings, SSL.TLS_METHOD)
    context.set_options(SSL.OP_NO_RENEGOTIATION | SSL.OP_SINGLE_DH_USE | SSL.OP_SINGLE_ECDH_USE)
    if settings.prefer_server_ciphers:
        context.set_options(SSL.OP_CIPHER_SERVER_PREFERENCE)
    _load_identity(context, settings.cert_file, settings.key_file, settings.key_file_pass)
    if settings.has_ca:
        _load_ca(context, settings)
    context.set_verify(_VERIFY_MODES[settings.auth_clients])
    if settings.dh_params_file:
        _readable(settings.dh_params_file, "Failed to read DH params")
        try:
            context.load_tmp_dh(settings.dh_params_file)
        except SSL.Error:
            raise TLSConfigError(f"{settings.dh_params_file}: failed to read DH params.") from None
    _configure_sessions(context, settings)
    if settings.client_cert_file:
        # The identity for outgoing links is checked now too, as Redis does, so a
        # mismatched pair is refused by CONFIG SET rather than at the first link.
        _load_identity(
            _base_context(settings, SSL.TLS_METHOD),
            settings.client_cert_file,
            settings.client_key_file,
            settings.client_key_file_pass,
        )
    return context


def _configure_sessions(context: SSL.Context, settings: TLSSettings) -> None:
    # Resumed sessions skip client-certificate checks unless the context is named.
    context.set_session_id(_SESSION_ID_CONTEXT)
    if not settings.session_caching:
        context.set_session_cache_mode(SSL.SESS_CACHE_OFF)
        context.set_options(SSL.OP_NO_TICKET)
        return
    context.set_session_cache_mode(SSL.SESS_CACHE_SERVER)
    context.set_timeout(settings.session_cache_timeout)
    if settings.session_cache_size != _OPENSSL_SESSION_CACHE_SIZE:
        log.warn(
            "tls-session-cache-size {size} accepted, not in effect: OpenSSL's default of {default} sessions applies",
            size=settings.session_cache_size,
            default=_OPENSSL_SESSION_CACHE_SIZE,
        )


# -- server connections ------------------------------------------------------------------


@implementer(IOpenSSLServerConnectionCreator)
class ReloadableServerTLS:
    """
    The TLS policy of one or more listeners. New connections use the current
    context; connections already open keep the one they started with.

    @ivar settings: what the current context was built from.
    @ivar handshake_timeout: seconds a new connection gets to finish its
        handshake before it is dropped.
    """

    def __init__(self, settings: TLSSettings, handshake_timeout: float = DEFAULT_HANDSHAKE_TIMEOUT) -> None:
        self.context = build_server_context(settings)
        self.settings = settings
        self.handshake_timeout = handshake_timeout

    def reload(self, settings: TLSSettings) -> None:
        """Switch to C{settings}, or raise L{TLSConfigError} and keep the current ones."""
        context = build_server_context(settings)
        self.context, self.settings = context, settings

    def serverConnectionForTLS(self, tlsProtocol: Any) -> SSL.Connection:
        return SSL.Connection(self.context, None)


@implementer(IStreamServerEndpoint)
class TLSServerEndpoint:
    """
    A server endpoint adding C{tls} on top of another (TCP) endpoint.
    Our own rather than Twisted's C{wrapServerTLS}, which only exists from
    Twisted 26.4 and could not hold the application back until the handshake.
    """

    def __init__(self, wrapped: IStreamServerEndpoint, tls: ReloadableServerTLS, clock: IReactorTime) -> None:
        self.wrapped = wrapped
        self.tls = tls
        self._clock = clock

    def listen(self, protocolFactory: Any) -> Any:
        return self.wrapped.listen(TLSServerFactory(self.tls, protocolFactory, self._clock))


def tls_server_endpoint(
    reactor: Any,
    port: int,
    tls: TLSSettings | ReloadableServerTLS,
    interface: str = "0.0.0.0",
    backlog: int = 511,
) -> TLSServerEndpoint:
    """
    A TLS listener on C{interface}:C{port}. Pass one L{ReloadableServerTLS} to
    several of these (one per bind address) so a reload reaches them all.
    """
    if isinstance(tls, TLSSettings):
        tls = ReloadableServerTLS(tls)
    endpoint_type = TCP6ServerEndpoint if ":" in interface else TCP4ServerEndpoint
    return TLSServerEndpoint(endpoint_type(reactor, port, backlog, interface), tls, reactor)


def peer_subject(transport: Any) -> str | None:
    """
    The verified client certificate's subject as an RFC 4514 string
    (C{"CN=client,O=Redis Test"}), or None without TLS or without a certificate.
    """
    get_certificate = getattr(transport, "getPeerCertificate", None)
    certificate = get_certificate() if get_certificate is not None else None
    if certificate is None:
        return None
    return certificate.to_cryptography().subject.rfc4514_string()


def generate_throwaway_certs(directory: str | os.PathLike) -> tuple[str, str, str]:
    """
    A fresh CA and a localhost certificate in C{directory}, for a C{tls-port}
    given without any certificate: returns (cert, key, CA) paths.
    """
    from txredisd.cli.gen_certs import generate

    files = generate(directory)
    return str(files.cert), str(files.key), str(files.ca_cert)


# -- client connections ---------------------------------------------------------------


@implementer(IOpenSSLClientConnectionCreator)
class _ChainVerifyingClientTLS:
    """Client connections that check the peer's chain, not its name."""

    def __init__(self, host: str, context: SSL.Context) -> None:
        self._context = context
        self._server_name = None if _is_ip(host) else host.encode("idna")

    def clientConnectionForTLS(self, tlsProtocol: Any) -> SSL.Connection:
        connection = SSL.Connection(self._context, None)
        if self._server_name:
            connection.set_tlsext_host_name(self._server_name)
        return connection


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def client_tls_options(host: str, settings: TLSSettings, use_client_cert_files: bool = True) -> Any:
    """
    TLS for an outgoing link to C{host} (for C{wrapClientTLS}). The server's
    chain must lead to the configured CA; its host name is not checked, so
    IP-addressed replicas and clusters work as with Redis. The certificate
    presented is C{tls-client-cert-file}/C{tls-client-key-file} when set (and
    C{use_client_cert_files}), else C{tls-cert-file}/C{tls-key-file}, else none.
    """
    _require_ca(settings)
    context = _base_context(settings, SSL.TLS_METHOD)
    if use_client_cert_files and settings.client_cert_file:
        identity = (settings.client_cert_file, settings.client_key_file, settings.client_key_file_pass)
    else:
        identity = (settings.cert_file, settings.key_file, settings.key_file_pass)
    if identity[0]:
        _load_identity(context, *identity)
    _load_ca(context, settings)
    context.set_verify(SSL.VERIFY_PEER)
    return _ChainVerifyingClientTLS(host, context)
