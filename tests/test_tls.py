"""
TLS: certificate generation, context building, the C{txredisd-tls:} endpoint,
and real handshakes over loopback sockets with txredisapi, redis-py and
Debian's redis-cli (mutual TLS, refusals, garbage, timeouts, reloads).
"""

from __future__ import annotations

import dataclasses
import io
import os
import random
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from OpenSSL import SSL
from twisted.internet import reactor, task
from twisted.internet.defer import Deferred
from twisted.internet.endpoints import (
    TCP4ClientEndpoint,
    connectProtocol,
    serverFromString,
    wrapClientTLS,
)
from twisted.internet.protocol import Factory, Protocol
from twisted.internet.ssl import Certificate, PrivateCertificate, optionsForClientTLS
from twisted.internet.testing import MemoryReactor
from twisted.internet.threads import deferToThread
from twisted.internet.utils import getProcessOutputAndValue
from twisted.logger import formatEvent, globalLogPublisher
from twisted.trial.unittest import SynchronousTestCase, TestCase

from tests._certs import KEY_PASSWORD, CertSet, shared_certs
from txredisd._endpointparser import TLSServerParser
from txredisd.cli import gen_certs
from txredisd.config import Config
from txredisd.testing import start_server
from txredisd.tls import (
    ReloadableServerTLS,
    TLSConfigError,
    TLSServerEndpoint,
    TLSSettings,
    build_server_context,
    client_tls_options,
    generate_throwaway_certs,
    peer_subject,
    tls_server_endpoint,
)

REDIS_CLI = shutil.which("redis-cli")
PING = b"*1\r\n$4\r\nPING\r\n"


def _escape(value: object) -> str:
    return str(value).replace("\\", "\\\\").replace(":", "\\:").replace("=", "\\=")


def tls_description(certs: CertSet, **options: object) -> str:
    """A C{txredisd-tls:} listener on a free loopback port; an option of None is left out."""
    merged: dict[str, object] = {
        "certKey": certs.base.cert,
        "privateKey": certs.base.key,
        "caCerts": certs.base.ca_cert,
        "interface": "127.0.0.1",
    }
    merged.update(options)
    return "txredisd-tls:0:" + ":".join(
        f"{name}={_escape(value)}" for name, value in merged.items() if value is not None
    )


def client_options(certs: CertSet, cert: Path | None = None, key: Path | None = None, ca: Path | None = None) -> Any:
    """Twisted's own client TLS (host name checked) with an optional client certificate."""
    trust = Certificate.loadPEM((ca or certs.base.ca_cert).read_bytes())
    identity = None
    if cert is not None:
        identity = PrivateCertificate.loadPEM(cert.read_bytes() + key.read_bytes())
    return optionsForClientTLS("localhost", trustRoot=trust, clientCertificate=identity)


class Client(Protocol):
    """Sends C{payload}, keeps what comes back until a line ends, then hangs up."""

    def __init__(self, payload: bytes = PING) -> None:
        self.payload = payload
        self.data = b""
        self.peer_certificate: Any = None
        self.reason: Any = None
        self.done: Deferred = Deferred()

    def connectionMade(self) -> None:
        if self.payload:
            self.transport.write(self.payload)

    def dataReceived(self, data: bytes) -> None:
        self.data += data
        if self.peer_certificate is None and hasattr(self.transport, "getPeerCertificate"):
            self.peer_certificate = self.transport.getPeerCertificate()
        if self.data.endswith(b"\r\n"):
            self.transport.loseConnection()

    def connectionLost(self, reason: Any = None) -> None:
        self.reason = reason
        self.done.callback(self)


async def exchange(port: int, creator: Any = None, payload: bytes = PING) -> Client:
    """One connection (TLS if C{creator}) to C{port}: send, read a line or the close."""
    endpoint: Any = TCP4ClientEndpoint(reactor, "127.0.0.1", port)
    if creator is not None:
        endpoint = wrapClientTLS(creator, endpoint)
    client = Client(payload)
    await connectProtocol(endpoint, client)
    return await client.done


def subject_cn(certificate: Any) -> str:
    name = certificate.to_cryptography().subject
    return name.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value


async def wait_until(predicate: Any, timeout: float = 5.0) -> None:
    """Let the reactor run until C{predicate()} holds (the server logs after the client sees the close)."""
    deadline = reactor.seconds() + timeout
    while not predicate() and reactor.seconds() < deadline:
        await task.deferLater(reactor, 0.01, lambda: None)


class ServerTestCase(TestCase):
    """Starts txredisd with one C{txredisd-tls:} listener per test, stopped afterwards."""

    timeout = 30

    def setUp(self) -> None:
        self.certs = shared_certs()

    def start(self, **options: object) -> Any:
        service = start_server(listen=[tls_description(self.certs, **options)])
        self.addCleanup(service.stopService)
        return service

    def tls_of(self, service: Any) -> ReloadableServerTLS:
        """The reloadable TLS policy of the service's TLS listener."""
        (listener,) = [listener for listener in service.listeners if listener.kind == "tls"]
        return listener.port.factory.tls

    async def ping(self, service: Any, creator: Any) -> Client:
        return await exchange(service.port_for("tls"), creator)

    def assertPong(self, client: Client) -> None:
        self.assertEqual(client.data, b"+PONG\r\n", client.reason)

    def assertRefused(self, client: Client, service: Any, alert: str) -> None:
        """The client got C{alert}, no reply, and the connection never reached the Redis protocol."""
        self.assertEqual(client.data, b"")
        self.assertTrue(client.reason.check(SSL.Error), client.reason)
        self.assertIn(alert, client.reason.getErrorMessage())
        self.assertEqual(service.state.stats.total_connections_received, 0)


# -- certificate generation ---------------------------------------------------------


class GenCertsTests(SynchronousTestCase):
    def setUp(self) -> None:
        self.certs = shared_certs()

    def load(self, path: Path) -> x509.Certificate:
        return x509.load_pem_x509_certificate(path.read_bytes())

    def test_ca_dir_has_subject_hash_link(self) -> None:
        """tls-ca-cert-dir lookups find the CA under OpenSSL's "%08x.0" subject-hash name."""
        base = self.certs.base
        links = os.listdir(base.ca_dir)
        self.assertEqual(links, [gen_certs.subject_hash_name(self.load(base.ca_cert))])
        self.assertRegex(links[0], r"^[0-9a-f]{8}\.0$")
        self.assertEqual((base.ca_dir / links[0]).read_bytes(), base.ca_cert.read_bytes())
        openssl = shutil.which("openssl")
        if openssl:
            printed = subprocess.run(
                [openssl, "x509", "-hash", "-noout", "-in", str(base.ca_cert)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
            self.assertEqual(links[0], printed + ".0")

    def test_server_certificate_names_localhost(self) -> None:
        """redis.crt carries DNS:localhost and both loopback IPs, and serves as server and client."""
        cert = self.load(self.certs.base.cert)
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        self.assertEqual(san.get_values_for_type(x509.DNSName), ["localhost"])
        self.assertEqual([str(ip) for ip in san.get_values_for_type(x509.IPAddress)], ["127.0.0.1", "::1"])
        usage = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
        self.assertEqual(set(usage), {ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH})

    def test_client_and_server_only_certificates(self) -> None:
        """client.crt is CN=client for client auth only; server.crt is for server auth only."""
        client = self.load(self.certs.base.client_cert)
        self.assertEqual(client.subject.rfc4514_string(), "CN=client,O=Redis Test")
        self.assertEqual(
            list(client.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value),
            [ExtendedKeyUsageOID.CLIENT_AUTH],
        )
        server = self.load(self.certs.base.server_cert)
        self.assertEqual(
            list(server.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value),
            [ExtendedKeyUsageOID.SERVER_AUTH],
        )
        self.assertEqual(server.issuer, self.load(self.certs.base.ca_cert).subject)

    def test_main_writes_everything(self) -> None:
        """The console script writes the files (keys private), DH parameters included with --dh."""
        directory = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, directory)
        output = io.StringIO()
        self.patch(sys, "stdout", output)
        self.assertEqual(gen_certs.main([str(directory / "out"), "--dh", "--days", "30"]), 0)
        self.assertIn("--tls-cert-file", output.getvalue())
        names = set(os.listdir(directory / "out"))
        for stem in ("ca", "redis", "server", "client"):
            self.assertIn(f"{stem}.crt", names)
            self.assertEqual(stat.S_IMODE(os.stat(directory / "out" / f"{stem}.key").st_mode), 0o600)
        self.assertIn("redis.dh", names)
        self.assertIn("ca-dir", names)
        context = SSL.Context(SSL.TLS_METHOD)
        context.load_tmp_dh(str(directory / "out" / "redis.dh"))

    def test_throwaway_certs_build_a_context(self) -> None:
        """What a tls-port without certificates falls back to is a working server identity."""
        directory = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, directory)
        cert, key, ca = generate_throwaway_certs(directory)
        build_server_context(TLSSettings(cert_file=cert, key_file=key, ca_cert_file=ca))


# -- settings and contexts ----------------------------------------------------------------


class ContextTests(SynchronousTestCase):
    def setUp(self) -> None:
        self.certs = shared_certs()
        base = self.certs.base
        self.settings = TLSSettings(cert_file=str(base.cert), key_file=str(base.key), ca_cert_file=str(base.ca_cert))

    def assertConfigError(self, expected: str, **changes: object) -> None:
        settings = dataclasses.replace(self.settings, **changes)
        error = self.assertRaises(TLSConfigError, build_server_context, settings)
        self.assertIn(expected, str(error))
        self.assertNotIn("\n", str(error))

    def test_from_config_reads_tls_settings(self) -> None:
        """Every field comes from its tls-* setting; Redis's empty tls-protocols means the default."""
        config = Config()
        config.set("tls-cert-file", "/x/cert.pem", startup=True)
        config.set("tls-auth-clients", "optional", startup=True)
        config.set("tls-session-caching", "no", startup=True)
        config.set("tls-session-cache-timeout", "60", startup=True)
        settings = TLSSettings.from_config(config)
        self.assertEqual(settings.cert_file, "/x/cert.pem")
        self.assertEqual(settings.auth_clients, "optional")
        self.assertFalse(settings.session_caching)
        self.assertEqual(settings.session_cache_timeout, 60)
        self.assertEqual(settings.session_cache_size, 20480)
        self.assertEqual(settings.protocols, "")
        context = build_server_context(dataclasses.replace(self.settings, protocols=settings.protocols))
        self.assertEqual(context.get_session_cache_mode(), SSL.SESS_CACHE_SERVER)
        self.assertEqual(context.get_timeout(), 300)

    def test_session_cache_size_is_fixed(self) -> None:
        """OpenSSL's cache size cannot be changed through pyOpenSSL: another size is logged, not refused."""
        events: list[dict] = []
        globalLogPublisher.addObserver(events.append)
        self.addCleanup(globalLogPublisher.removeObserver, events.append)
        build_server_context(dataclasses.replace(self.settings, session_cache_size=100))
        (event,) = [event for event in events if event.get("log_namespace") == "txredisd.tls"]
        self.assertIn("tls-session-cache-size 100 accepted, not in effect", formatEvent(event))

    def test_session_caching_off(self) -> None:
        """tls-session-caching no turns OpenSSL's server session cache off."""
        context = build_server_context(dataclasses.replace(self.settings, session_caching=False))
        self.assertEqual(context.get_session_cache_mode(), SSL.SESS_CACHE_OFF)

    def test_verify_modes(self) -> None:
        """yes requires a certificate, optional only checks one that is sent, no never asks."""
        modes = {
            auth: build_server_context(dataclasses.replace(self.settings, auth_clients=auth)).get_verify_mode()
            for auth in ("yes", "optional", "no")
        }
        self.assertEqual(modes["yes"], SSL.VERIFY_PEER | SSL.VERIFY_FAIL_IF_NO_PEER_CERT)
        self.assertEqual(modes["optional"], SSL.VERIFY_PEER)
        self.assertEqual(modes["no"], SSL.VERIFY_NONE)

    def test_bad_words(self) -> None:
        """Unknown tls-auth-clients and tls-protocols words are refused when the settings are made."""
        self.assertRaises(TLSConfigError, TLSSettings, auth_clients="maybe")
        error = self.assertRaises(TLSConfigError, TLSSettings, protocols="TLSv1.2 SSLv3")
        self.assertIn("Invalid tls-protocols specified", str(error))
        TLSSettings(protocols="tlsv1 TLSv1.1 TLSv1.2 TLSv1.3")

    def test_missing_files(self) -> None:
        """Each missing or unreadable file is named in a one-line error."""
        self.assertConfigError("No tls-cert-file configured!", cert_file="")
        self.assertConfigError("No tls-key-file configured!", key_file="")
        self.assertConfigError("Failed to load certificate: /nonexistent.crt", cert_file="/nonexistent.crt")
        self.assertConfigError("Failed to load private key: /nonexistent.key", key_file="/nonexistent.key")
        self.assertConfigError("/nonexistent-ca.crt", ca_cert_file="/nonexistent-ca.crt")
        self.assertConfigError("/nonexistent-dir", ca_cert_dir="/nonexistent-dir")
        self.assertConfigError(
            f"{self.certs.base.ca_cert}: failed to read DH params.", dh_params_file=str(self.certs.base.ca_cert)
        )

    def test_key_must_match_certificate(self) -> None:
        """A key that belongs to another certificate is refused, naming the key file."""
        key = str(self.certs.base.client_key)
        self.assertConfigError(f"Failed to load private key: {key}: key values mismatch", key_file=key)

    def test_bad_ca_file(self) -> None:
        """A CA file without certificates is refused."""
        self.assertConfigError(
            f"Failed to configure CA certificate(s) file/directory: {self.certs.base.key}",
            ca_cert_file=str(self.certs.base.key),
        )

    def test_ca_needed_unless_auth_clients_no(self) -> None:
        """Verifying clients needs a CA; with tls-auth-clients no none is needed."""
        self.assertConfigError("Either tls-ca-cert-file or tls-ca-cert-dir must be specified", ca_cert_file="")
        build_server_context(dataclasses.replace(self.settings, ca_cert_file="", auth_clients="no"))

    def test_encrypted_key(self) -> None:
        """tls-key-file-pass decrypts the key; a wrong or missing one is an error, never a prompt."""
        key = str(self.certs.encrypted_key)
        build_server_context(dataclasses.replace(self.settings, key_file=key, key_file_pass=KEY_PASSWORD))
        self.assertConfigError(f"Failed to load private key: {key}", key_file=key, key_file_pass="wrong")
        self.assertConfigError(f"Failed to load private key: {key}", key_file=key)

    def test_bad_ciphers(self) -> None:
        """Cipher lists OpenSSL cannot use are refused."""
        self.assertConfigError("Failed to configure ciphers: NOPE", ciphers="NOPE")
        self.assertConfigError("Failed to configure ciphersuites: TLS_NOPE", ciphersuites="TLS_NOPE")

    def test_reload_keeps_old_context_on_error(self) -> None:
        """A failed reload raises and leaves settings and context as they were."""
        tls = ReloadableServerTLS(self.settings)
        context = tls.context
        bad = dataclasses.replace(self.settings, key_file=str(self.certs.base.client_key))
        self.assertRaises(TLSConfigError, tls.reload, bad)
        self.assertIs(tls.context, context)
        self.assertIs(tls.settings, self.settings)
        good = dataclasses.replace(
            self.settings, cert_file=str(self.certs.reloaded_cert), key_file=str(self.certs.reloaded_key)
        )
        tls.reload(good)
        self.assertIsNot(tls.context, context)
        self.assertIs(tls.settings, good)

    def test_peer_subject_without_tls(self) -> None:
        """A plain transport, or TLS without a client certificate, has no subject."""
        self.assertIsNone(peer_subject(object()))

        class NoCertificate:
            def getPeerCertificate(self) -> None:
                return None

        self.assertIsNone(peer_subject(NoCertificate()))


# -- the endpoint string ----------------------------------------------------------------------


class EndpointParserTests(SynchronousTestCase):
    def setUp(self) -> None:
        self.certs = shared_certs()
        base = self.certs.base
        self.files = {"certKey": str(base.cert), "privateKey": str(base.key), "caCerts": str(base.ca_cert)}

    def test_parse_options(self) -> None:
        """Every option lands in the TLS settings; the listener binds where asked."""
        memory = MemoryReactor()
        endpoint = TLSServerParser().parseStreamServer(
            memory,
            "6390",
            interface="127.0.0.1",
            backlog="17",
            handshakeTimeout="2.5",
            authClients="optional",
            protocols="TLSv1.3",
            ciphersuites="TLS_AES_256_GCM_SHA384",
            caCertsDir=str(self.certs.base.ca_dir),
            dhParameters=str(self.certs.base.dh),
            **self.files,
        )
        self.assertIsInstance(endpoint, TLSServerEndpoint)
        settings = endpoint.tls.settings
        self.assertEqual(settings.cert_file, self.files["certKey"])
        self.assertEqual(settings.key_file, self.files["privateKey"])
        self.assertEqual(settings.ca_cert_file, self.files["caCerts"])
        self.assertEqual(settings.ca_cert_dir, str(self.certs.base.ca_dir))
        self.assertEqual(settings.auth_clients, "optional")
        self.assertEqual(settings.protocols, "TLSv1.3")
        self.assertEqual(settings.ciphersuites, "TLS_AES_256_GCM_SHA384")
        self.assertEqual(settings.dh_params_file, str(self.certs.base.dh))
        self.assertEqual(endpoint.tls.handshake_timeout, 2.5)
        self.successResultOf(endpoint.listen(Factory()))
        port, factory, backlog, interface = memory.tcpServers[0]
        self.assertEqual((port, backlog, interface), (6390, 17, "127.0.0.1"))
        self.assertIs(factory.tls, endpoint.tls)

    def test_combined_pem(self) -> None:
        """certKey alone may hold both certificate and key, as with Twisted's ssl: endpoint."""
        directory = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, directory)
        combined = directory / "both.pem"
        combined.write_bytes(self.certs.base.cert.read_bytes() + self.certs.base.key.read_bytes())
        endpoint = TLSServerParser().parseStreamServer(
            MemoryReactor(), "0", certKey=str(combined), caCerts=self.files["caCerts"]
        )
        self.assertEqual(endpoint.tls.settings.key_file, str(combined))

    def test_ipv6_interface(self) -> None:
        """An IPv6 interface listens over TCP6."""
        memory = MemoryReactor()
        endpoint = TLSServerParser().parseStreamServer(memory, "0", interface="::1", **self.files)
        self.successResultOf(endpoint.listen(Factory()))
        self.assertEqual(memory.tcpServers[0][3], "::1")

    def test_errors(self) -> None:
        """Unknown options are TypeErrors, bad files TLSConfigErrors (a ValueError): the service reports both."""
        parser = TLSServerParser()
        self.assertRaises(TypeError, parser.parseStreamServer, MemoryReactor(), "0", caCert="x", **self.files)
        error = self.assertRaises(
            TLSConfigError, parser.parseStreamServer, MemoryReactor(), "0", **{**self.files, "certKey": "/nope"}
        )
        self.assertIsInstance(error, ValueError)

    def test_discovered_through_server_from_string(self) -> None:
        """serverFromString finds the parser through the twisted/plugins module."""
        description = tls_description(self.certs)
        self.assertIsInstance(serverFromString(MemoryReactor(), description), TLSServerEndpoint)


# -- real handshakes ---------------------------------------------------------------------


class MutualTLSTests(ServerTestCase):
    async def test_txredisapi(self) -> None:
        """txredisapi with a client certificate talks to the server."""
        import txredisapi

        base = self.certs.base
        service = self.start()
        connection = await txredisapi.Connection(
            "127.0.0.1",
            service.port_for("tls"),
            reconnect=False,
            ssl_context_factory=client_options(self.certs, base.client_cert, base.client_key),
        )
        try:
            self.assertEqual(await connection.set("tls-key", "value"), "OK")
            self.assertEqual(await connection.get("tls-key"), "value")
        finally:
            await connection.disconnect()

    async def test_redis_py(self) -> None:
        """redis-py (in a thread: it blocks) with ssl_certfile/ssl_keyfile/ssl_ca_certs."""
        import redis

        base = self.certs.base
        service = self.start()

        def ping() -> Any:
            client = redis.Redis(
                host="127.0.0.1",
                port=service.port_for("tls"),
                ssl=True,
                ssl_certfile=str(base.client_cert),
                ssl_keyfile=str(base.client_key),
                ssl_ca_certs=str(base.ca_cert),
                socket_timeout=10,
            )
            try:
                return client.ping()
            finally:
                client.close()

        self.assertTrue(await deferToThread(ping))

    async def test_redis_cli(self) -> None:
        """Debian's redis-cli --tls --cert --key --cacert."""
        if REDIS_CLI is None:
            self.skipTest("redis-cli is not installed")
        base = self.certs.base
        service = self.start()
        out, err, code = await getProcessOutputAndValue(
            REDIS_CLI,
            [
                "--tls",
                "--cert",
                str(base.cert),
                "--key",
                str(base.key),
                "--cacert",
                str(base.ca_cert),
                "-h",
                "127.0.0.1",
                "-p",
                str(service.port_for("tls")),
                "PING",
            ],
        )
        self.assertEqual((out, code), (b"PONG\n", 0), err)

    async def test_ca_dir_and_encrypted_key(self) -> None:
        """tls-ca-cert-dir (hash links) and a passphrase-protected key work end to end."""
        base = self.certs.base
        service = self.start(
            caCerts=None, caCertsDir=base.ca_dir, privateKey=self.certs.encrypted_key, keyPassword=KEY_PASSWORD
        )
        self.assertPong(await self.ping(service, client_options(self.certs, base.client_cert, base.client_key)))

    async def test_dh_parameters(self) -> None:
        """With DH parameters loaded, a DHE-only TLS 1.2 client gets through."""
        base = self.certs.base
        service = self.start(dhParameters=base.dh, protocols="TLSv1.2")
        settings = TLSSettings(
            cert_file=str(base.client_cert),
            key_file=str(base.client_key),
            ca_cert_file=str(base.ca_cert),
            protocols="TLSv1.2",
            ciphers="DHE-RSA-AES256-GCM-SHA384",
        )
        client = await self.ping(service, client_tls_options("localhost", settings))
        self.assertPong(client)


class RefusalTests(ServerTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.events: list[dict] = []
        globalLogPublisher.addObserver(self.events.append)
        self.addCleanup(globalLogPublisher.removeObserver, self.events.append)

    def tls_events(self) -> list[dict]:
        return [event for event in self.events if event.get("log_namespace") == "txredisd.tls"]

    async def test_no_client_certificate(self) -> None:
        """authClients=yes: no certificate, no connection; logged once, without a traceback."""
        service = self.start()
        client = await self.ping(service, client_options(self.certs))
        self.assertRefused(client, service, "certificate required")
        await wait_until(lambda: self.tls_events())
        (event,) = self.tls_events()
        self.assertNotIn("log_failure", event)
        self.assertIn("Error accepting a client connection", formatEvent(event))
        self.assertIn("127.0.0.1", formatEvent(event))

    async def test_certificate_from_another_ca(self) -> None:
        """A client certificate the CA did not sign is refused."""
        service = self.start()
        certs = self.certs
        self.assertRefused(
            await self.ping(service, client_options(certs, certs.other_client_cert, certs.other_client_key)),
            service,
            "unknown ca",
        )

    async def test_expired_certificate(self) -> None:
        """An expired client certificate is refused."""
        service = self.start()
        certs = self.certs
        self.assertRefused(
            await self.ping(service, client_options(certs, certs.expired_cert, certs.expired_key)),
            service,
            "certificate expired",
        )

    async def test_protocol_version(self) -> None:
        """A TLS 1.2-only client cannot talk to a TLS 1.3-only server."""
        base = self.certs.base
        service = self.start(protocols="TLSv1.3")
        old = TLSSettings(
            cert_file=str(base.client_cert),
            key_file=str(base.client_key),
            ca_cert_file=str(base.ca_cert),
            protocols="TLSv1.2",
        )
        self.assertRefused(await self.ping(service, client_tls_options("localhost", old)), service, "protocol version")
        self.assertPong(
            await self.ping(service, client_tls_options("localhost", dataclasses.replace(old, protocols="TLSv1.3")))
        )

    async def test_tls12_cipher(self) -> None:
        """No TLS 1.2 cipher in common, no connection; the server's cipher works."""
        base = self.certs.base
        service = self.start(protocols="TLSv1.2", ciphers="ECDHE-RSA-AES256-GCM-SHA384")
        settings = TLSSettings(
            cert_file=str(base.client_cert),
            key_file=str(base.client_key),
            ca_cert_file=str(base.ca_cert),
            protocols="TLSv1.2",
            ciphers="ECDHE-RSA-CHACHA20-POLY1305",
        )
        self.assertRefused(
            await self.ping(service, client_tls_options("localhost", settings)), service, "handshake failure"
        )
        good = dataclasses.replace(settings, ciphers="ECDHE-RSA-AES256-GCM-SHA384")
        self.assertPong(await self.ping(service, client_tls_options("localhost", good)))

    async def test_tls13_ciphersuite(self) -> None:
        """No TLS 1.3 ciphersuite in common, no connection."""
        base = self.certs.base
        service = self.start(protocols="TLSv1.3", ciphersuites="TLS_AES_256_GCM_SHA384")
        settings = TLSSettings(
            cert_file=str(base.client_cert),
            key_file=str(base.client_key),
            ca_cert_file=str(base.ca_cert),
            protocols="TLSv1.3",
            ciphersuites="TLS_CHACHA20_POLY1305_SHA256",
        )
        self.assertRefused(
            await self.ping(service, client_tls_options("localhost", settings)), service, "handshake failure"
        )


class AuthClientsTests(ServerTestCase):
    async def test_optional(self) -> None:
        """authClients=optional: no certificate is fine, a good one too, a bad one is refused."""
        certs = self.certs
        service = self.start(authClients="optional")
        self.assertPong(await self.ping(service, client_options(certs)))
        self.assertPong(await self.ping(service, client_options(certs, certs.base.client_cert, certs.base.client_key)))
        refused = await self.ping(service, client_options(certs, certs.other_client_cert, certs.other_client_key))
        self.assertEqual(refused.data, b"")

    async def test_no(self) -> None:
        """authClients=no: nobody is asked for a certificate, so any client gets in, CA or not."""
        certs = self.certs
        service = self.start(authClients="no", caCerts=None)
        self.assertPong(await self.ping(service, client_options(certs)))
        self.assertPong(
            await self.ping(service, client_options(certs, certs.other_client_cert, certs.other_client_key))
        )


class GarbageTests(ServerTestCase):
    async def test_plaintext_resp(self) -> None:
        """Plain RESP on the TLS port gets the connection closed, and no reply."""
        service = self.start()
        client = await exchange(service.port_for("tls"), payload=PING)
        self.assertNotIn(b"PONG", client.data)
        self.assertEqual(service.state.stats.total_connections_received, 0)

    async def test_random_bytes(self) -> None:
        """Random bytes get the connection closed (by the handshake timeout at worst)."""
        service = self.start(handshakeTimeout=2)
        noise = b"\x00" + random.Random(4).randbytes(4095)
        client = await exchange(service.port_for("tls"), payload=noise)
        self.assertNotIn(b"+", client.data)

    async def test_handshake_timeout(self) -> None:
        """A client that connects and never starts the handshake is dropped after the timeout."""
        service = self.start(handshakeTimeout=0.3)
        started = reactor.seconds()
        client = await exchange(service.port_for("tls"), payload=b"")
        elapsed = reactor.seconds() - started
        self.assertEqual(client.data, b"")
        self.assertGreaterEqual(elapsed, 0.25)
        self.assertLess(elapsed, 5)

    async def test_stopping_drops_pending_handshakes(self) -> None:
        """Stopping the server closes connections still waiting for a handshake, without the timeout."""
        service = start_server(listen=[tls_description(self.certs)])
        client = Client(payload=b"")
        await connectProtocol(TCP4ClientEndpoint(reactor, "127.0.0.1", service.port_for("tls")), client)
        await task.deferLater(reactor, 0.05, lambda: None)
        started = reactor.seconds()
        await service.stopService()
        await client.done
        self.assertLess(reactor.seconds() - started, 5)


class ReloadTests(ServerTestCase):
    async def test_reload_swaps_certificate_for_new_clients(self) -> None:
        """After a reload new clients see the new certificate, and an open connection keeps working."""
        import txredisapi

        certs = self.certs
        service = self.start()
        connection = await txredisapi.Connection(
            "127.0.0.1",
            service.port_for("tls"),
            reconnect=False,
            ssl_context_factory=client_options(certs, certs.base.client_cert, certs.base.client_key),
        )
        self.addCleanup(connection.disconnect)
        self.assertEqual(await connection.ping(), "PONG")
        tls = self.tls_of(service)
        tls.reload(
            dataclasses.replace(tls.settings, cert_file=str(certs.reloaded_cert), key_file=str(certs.reloaded_key))
        )
        self.assertEqual(await connection.ping(), "PONG")
        client = await self.ping(service, client_options(certs, certs.base.client_cert, certs.base.client_key))
        self.assertPong(client)
        self.assertEqual(subject_cn(client.peer_certificate), "reloaded")

    async def test_bad_reload_changes_nothing(self) -> None:
        """A reload with a key that does not match raises, and clients still see the old certificate."""
        certs = self.certs
        service = self.start()
        tls = self.tls_of(service)
        before = tls.settings
        bad = dataclasses.replace(before, cert_file=str(certs.reloaded_cert), key_file=str(certs.base.key))
        self.assertRaises(TLSConfigError, tls.reload, bad)
        self.assertRaises(TLSConfigError, tls.reload, dataclasses.replace(before, cert_file="/nonexistent"))
        self.assertIs(tls.settings, before)
        client = await self.ping(service, client_options(certs, certs.base.client_cert, certs.base.client_key))
        self.assertPong(client)
        self.assertEqual(subject_cn(client.peer_certificate), "redis")


class Greeter(Protocol):
    """Records what the server side sees when the application protocol starts."""

    def connectionMade(self) -> None:
        self.factory.subjects.append(peer_subject(self.transport))
        self.transport.write(b"+HELLO\r\n")


class GreeterFactory(Factory):
    protocol = Greeter

    def __init__(self) -> None:
        self.subjects: list[str | None] = []


class EndpointTests(TestCase):
    """tls_server_endpoint with a plain application, and client_tls_options against it."""

    timeout = 30

    def setUp(self) -> None:
        self.certs = shared_certs()
        base = self.certs.base
        self.settings = TLSSettings(cert_file=str(base.cert), key_file=str(base.key), ca_cert_file=str(base.ca_cert))

    async def listen(self, settings: TLSSettings) -> tuple[int, GreeterFactory]:
        factory = GreeterFactory()
        port = await tls_server_endpoint(reactor, 0, settings, interface="127.0.0.1").listen(factory)
        self.addCleanup(port.stopListening)
        return port.getHost().port, factory

    async def test_application_starts_after_handshake_with_subject(self) -> None:
        """The application sees a connection only once verified, with the client's subject."""
        certs = self.certs
        port, factory = await self.listen(self.settings)
        refused = await exchange(port, client_options(certs), payload=b"")
        self.assertEqual(refused.data, b"")
        self.assertEqual(factory.subjects, [])
        client = await exchange(port, client_options(certs, certs.base.client_cert, certs.base.client_key), payload=b"")
        self.assertEqual(client.data, b"+HELLO\r\n")
        self.assertEqual(factory.subjects, ["CN=client,O=Redis Test"])

    async def test_no_subject_without_client_certificate(self) -> None:
        """With tls-auth-clients no the peer subject is None."""
        port, factory = await self.listen(dataclasses.replace(self.settings, auth_clients="no"))
        client = await exchange(port, client_options(self.certs), payload=b"")
        self.assertEqual(client.data, b"+HELLO\r\n")
        self.assertEqual(factory.subjects, [None])

    async def test_client_options_check_chain_not_hostname(self) -> None:
        """Outgoing links verify the chain against the CA but accept any host name."""
        base = self.certs.base
        port, factory = await self.listen(self.settings)
        settings = TLSSettings(
            client_cert_file=str(base.client_cert),
            client_key_file=str(base.client_key),
            ca_cert_file=str(base.ca_cert),
        )
        client = await exchange(port, client_tls_options("not-the-name.invalid", settings), payload=b"")
        self.assertEqual(client.data, b"+HELLO\r\n")
        self.assertEqual(factory.subjects, ["CN=client,O=Redis Test"])
        server_cert_as_client = TLSSettings(
            cert_file=str(base.cert), key_file=str(base.key), ca_cert_file=str(base.ca_cert)
        )
        client = await exchange(port, client_tls_options("127.0.0.1", server_cert_as_client), payload=b"")
        self.assertEqual(client.data, b"+HELLO\r\n")
        self.assertEqual(factory.subjects[-1], "CN=redis,O=Redis Test")

    async def test_client_options_refuse_unknown_ca(self) -> None:
        """A server whose certificate the CA did not sign is refused by outgoing links."""
        base = self.certs.base
        port, _ = await self.listen(self.settings)
        settings = TLSSettings(
            client_cert_file=str(base.client_cert),
            client_key_file=str(base.client_key),
            ca_cert_file=str(self.certs.other_ca_cert),
        )
        client = await exchange(port, client_tls_options("localhost", settings), payload=b"")
        self.assertEqual(client.data, b"")
        self.assertTrue(client.reason.check(SSL.Error), client.reason)

    def test_client_options_need_a_ca(self) -> None:
        """Outgoing links without a CA are a configuration error, as in Redis."""
        self.assertRaises(TLSConfigError, client_tls_options, "localhost", TLSSettings())
