"""
The C{txredisd-tls:} server endpoint string, a TLS listener that can require
client certificates (Twisted's C{ssl:} and C{tls:} cannot):

    txredisd-tls:PORT:certKey=CERT:privateKey=KEY[:keyPassword=PASS]
        [:caCerts=CAFILE][:caCertsDir=DIR][:authClients=yes|optional|no]
        [:protocols=TLSv1.2 TLSv1.3][:ciphers=...][:ciphersuites=...]
        [:dhParameters=FILE][:handshakeTimeout=SECONDS][:interface=0.0.0.0][:backlog=511]

Options mean what the matching C{tls-*} settings mean; C{certKey} alone may
hold certificate and key together. This module is imported by the plugin
module, which every C{serverFromString} lookup and C{twistd --help} loads, so it
imports L{txredisd.tls} (and through it the TLS stack) only when parsing.
"""

from __future__ import annotations

from typing import Any

from twisted.internet.interfaces import IStreamServerEndpointStringParser
from twisted.plugin import IPlugin
from zope.interface import implementer

# endpoint option -> TLSSettings field
_SETTINGS_OPTIONS = {
    "certKey": "cert_file",
    "privateKey": "key_file",
    "keyPassword": "key_file_pass",
    "caCerts": "ca_cert_file",
    "caCertsDir": "ca_cert_dir",
    "authClients": "auth_clients",
    "protocols": "protocols",
    "ciphers": "ciphers",
    "ciphersuites": "ciphersuites",
    "dhParameters": "dh_params_file",
}


@implementer(IPlugin, IStreamServerEndpointStringParser)
class TLSServerParser:
    """Parses C{txredisd-tls:} descriptions into L{txredisd.tls.TLSServerEndpoint}s."""

    prefix = "txredisd-tls"

    def parseStreamServer(
        self,
        reactor: Any,
        port: str,
        interface: str = "0.0.0.0",
        backlog: str = "511",
        handshakeTimeout: str | None = None,
        **options: str,
    ) -> Any:
        from txredisd.tls import ReloadableServerTLS, TLSSettings, tls_server_endpoint

        unknown = sorted(set(options) - set(_SETTINGS_OPTIONS))
        if unknown:
            raise TypeError(f"txredisd-tls: unknown option(s) {', '.join(unknown)}")
        values = {_SETTINGS_OPTIONS[name]: value for name, value in options.items()}
        values.setdefault("key_file", values.get("cert_file", ""))
        values.setdefault("cert_file", values["key_file"])
        tls = ReloadableServerTLS(TLSSettings(**values))
        if handshakeTimeout is not None:
            tls.handshake_timeout = float(handshakeTimeout)
        return tls_server_endpoint(reactor, int(port), tls, interface=interface, backlog=int(backlog))


tlsServerParser = TLSServerParser()
