"""
Helpers for tests of the synchronous core: a server state with a fake clock and
sessions whose replies come back as raw RESP bytes.
"""

from __future__ import annotations

from txredisd.config import Config
from txredisd.core.session import ClientSession
from txredisd.core.state import ServerState


class CoreServer:
    """A L{ServerState} driven by a hand-set clock (milliseconds)."""

    def __init__(self, now_ms: int = 1_700_000_000_000, **config: str) -> None:
        self.config = Config()
        for name, value in config.items():
            self.config.set(name.replace("_", "-"), value, startup=True)
        self.state = ServerState(self.config)
        self.state.now_ms = now_ms

    def advance(self, ms: int) -> None:
        self.state.now_ms += ms

    def session(self, resp: int = 2) -> CoreClient:
        return CoreClient(self, resp)


class CoreClient:
    """One client; C{call(*args)} runs a command and returns the raw reply bytes."""

    def __init__(self, server: CoreServer, resp: int) -> None:
        self.server = server
        self.session = ClientSession(server.state)
        server.state.clients[self.session.id] = self.session
        self.session.resp = resp

    def call(self, *args: bytes | str | int) -> bytes:
        argv = [a if isinstance(a, bytes) else str(a).encode() for a in args]
        self.session.execute(argv)
        out = b"".join(self.session.out)
        self.session.out.clear()
        return out
