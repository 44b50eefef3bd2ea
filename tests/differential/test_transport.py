"""The differential session talks over the transport the run asked for (plain, or TLS with --tls)."""

from __future__ import annotations

import ssl

from tests import _mode
from tests.differential._runner import ServerPair


def test_scripts_use_the_selected_transport(servers: ServerPair) -> None:
    for target in (servers.ref, servers.ours):
        with target.server.client() as client:
            assert client.call("PING") == b"+PONG\r\n"
            assert isinstance(client.sock, ssl.SSLSocket) == _mode.tls_enabled()
            if _mode.tls_enabled():
                assert client.sock.version() == "TLSv1.3"
    with servers.ours.server.client() as client:
        # txredisd names the verified client certificate on TLS connections only.
        assert (b" peer-subject=CN%3Dclient," in client.call("CLIENT", "INFO")) == _mode.tls_enabled()
