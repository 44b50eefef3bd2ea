"""
Helpers for running txredisd inside your own tests (and ours).

    service = start_server({"requirepass": "s3cret"})
    port = service.port_for("tcp")
    ...
    yield service.stopService()
"""

from __future__ import annotations

from typing import Any

from txredisd.config import Config
from txredisd.service import TxRedisService


def start_server(
    settings: dict[str, str] | None = None,
    listen: list[str] | None = None,
    reactor: Any = None,
) -> TxRedisService:
    """
    Start an in-process server listening on a free loopback port (and whatever
    else C{listen} names); plain C{port} is off unless C{settings} sets it, and
    so are save points (a test server should not leave a dump.rdb behind).
    """
    if reactor is None:
        from twisted.internet import reactor
    config = Config()
    config.set("port", "0", startup=True)
    config.set("save", "", startup=True)
    for name, value in (settings or {}).items():
        config.set(name, value, startup=True)
    service = TxRedisService(config, reactor, listen if listen is not None else ["tcp:0:interface=127.0.0.1"])
    service.privilegedStartService()
    service.startService()
    return service
