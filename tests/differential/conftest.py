"""One redis-server and one txredisd for the whole differential session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests._servers import start_redis_server, start_txredisd
from tests.differential._runner import ServerPair


@pytest.fixture(scope="session")
def servers() -> Iterator[ServerPair]:
    pair = ServerPair(start_redis_server, start_txredisd)
    try:
        yield pair
    finally:
        pair.stop()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "differential: compares replies with a real redis-server (deselect with -m 'not differential')"
    )

