"""
Helpers for tests of the synchronous core: a server state with a fake clock and
sessions whose replies come back as raw RESP bytes.
"""

from __future__ import annotations

from twisted.trial.unittest import SynchronousTestCase

from txredisd.config import Config
from txredisd.core.session import ClientSession
from txredisd.core.state import ServerState

#: Where every core server's clock starts (milliseconds).
NOW = 1_700_000_000_000


class CoreServer:
    """A L{ServerState} driven by a hand-set clock (milliseconds)."""

    def __init__(self, now_ms: int = NOW, **config: str) -> None:
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


class RecordingTestCase(SynchronousTestCase):
    """
    A fresh core server per test (L{restart} for another configuration), its
    write stream in C{propagated} and its keyspace events in C{events}; a RESP2
    C{client}, and a RESP3 C{client3} when the class sets C{resp3_client}.
    """

    resp3_client = False

    def setUp(self) -> None:
        self.restart()

    def restart(self, **config: str) -> None:
        self.server = CoreServer(**config)
        self.state = self.server.state
        self.db = self.state.dbs[0]
        self.client = self.server.session()
        if self.resp3_client:
            self.client3 = self.server.session(resp=3)
        self.propagated: list[list[bytes]] = []
        self.state.propagate_to.append(lambda index, argv: self.propagated.append(argv))
        self.events: list[tuple[str, str, bytes]] = []
        self.state.notifications = lambda index, key, event, kind: self.events.append((event, kind, key))
