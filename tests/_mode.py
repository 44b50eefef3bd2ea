"""
The transport the integration tests talk over, chosen once for the whole run
(as Redis's C{./runtest --tls}): plain loopback TCP, or TLS with client
certificates required when C{TXREDISD_TEST_TLS=1} (C{pytest --tls} sets it;
trial runs set the variable themselves).

Tests never build connections by hand: they take the server's C{--listen}
strings, ports and client arguments from here, so one switch moves every
client (raw Twisted protocols, txredisapi, redis-py, redis-cli) at once.
"""

from __future__ import annotations

import functools
import os
from typing import Any

from twisted.internet.endpoints import TCP4ClientEndpoint, quoteStringArgument, wrapClientTLS
from twisted.internet.ssl import Certificate, PrivateCertificate, optionsForClientTLS

ENV_VAR = "TXREDISD_TEST_TLS"
HOST = "127.0.0.1"


def tls_enabled() -> bool:
    """Read on every call, so the switch works however late it was set (conftest, trial)."""
    return os.environ.get(ENV_VAR, "").strip().lower() in ("1", "yes", "true")


def kind() -> str:
    """The listener kind to ask C{service.port_for} about."""
    return "tls" if tls_enabled() else "tcp"


def _certs() -> Any:
    # Imported late: plain runs need neither the certificates nor the time to make them.
    from tests._certs import shared_certs

    return shared_certs().base


def server_listen() -> list[str]:
    """C{--listen} endpoint strings for C{start_server}: one loopback listener on a free port."""
    if not tls_enabled():
        return [f"tcp:0:interface={HOST}"]
    certs = _certs()
    options = {
        "certKey": certs.cert,
        "privateKey": certs.key,
        "caCerts": certs.ca_cert,
        "authClients": "yes",
        "interface": HOST,
    }
    joined = ":".join(f"{name}={quoteStringArgument(str(value))}" for name, value in options.items())
    return [f"txredisd-tls:0:{joined}"]


@functools.cache
def _client_tls() -> Any:
    """One client policy for the run: each one builds an OpenSSL context, and the fuzz test connects often."""
    certs = _certs()
    return optionsForClientTLS(
        "localhost",
        trustRoot=Certificate.loadPEM(certs.ca_cert.read_bytes()),
        clientCertificate=PrivateCertificate.loadPEM(certs.client_cert.read_bytes() + certs.client_key.read_bytes()),
    )


def client_endpoint(reactor: Any, port: int) -> Any:
    """A Twisted client endpoint to the server's loopback C{port}, TLS-wrapped in TLS mode."""
    endpoint: Any = TCP4ClientEndpoint(reactor, HOST, port)
    return wrapClientTLS(_client_tls(), endpoint) if tls_enabled() else endpoint


def redis_py_kwargs() -> dict[str, Any]:
    """Extra C{redis.Redis(...)} arguments."""
    if not tls_enabled():
        return {}
    certs = _certs()
    return {
        "ssl": True,
        "ssl_certfile": str(certs.client_cert),
        "ssl_keyfile": str(certs.client_key),
        "ssl_ca_certs": str(certs.ca_cert),
    }


def txredisapi_kwargs() -> dict[str, Any]:
    """Extra C{txredisapi.Connection(...)} arguments."""
    return {"ssl_context_factory": _client_tls()} if tls_enabled() else {}


def redis_cli_args() -> list[str]:
    """Extra C{redis-cli} arguments, placed before the command."""
    if not tls_enabled():
        return []
    certs = _certs()
    return ["--tls", "--cert", str(certs.client_cert), "--key", str(certs.client_key), "--cacert", str(certs.ca_cert)]
