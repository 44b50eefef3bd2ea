"""
One redis-server and one txredisd for the whole differential session; with
C{pytest --tls} both get a tls-port and every script talks to them over
mutual TLS (as Redis's C{./runtest --tls}).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests import _mode
from tests._servers import start_redis_server, start_txredisd, with_tls_port
from tests.differential._runner import ServerPair


@pytest.fixture(scope="session")
def servers() -> Iterator[ServerPair]:
    if _mode.tls_enabled():
        pair = ServerPair(with_tls_port(start_redis_server), with_tls_port(start_txredisd))
    else:
        pair = ServerPair(start_redis_server, start_txredisd)
    try:
        yield pair
    finally:
        pair.stop()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "differential: compares replies with a real redis-server (deselect with -m 'not differential')"
    )

