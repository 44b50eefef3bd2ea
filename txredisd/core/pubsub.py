"""
Publish/subscribe: who listens to which channel or pattern, delivery, and
keyspace notifications (which are just messages on C{__keyspace@N__:key} and
C{__keyevent@N__:event}).

Each message is encoded once per protocol version and handed to every
receiver as pre-encoded bytes, so a PUBLISH to many subscribers costs one
encoding, not one per subscriber.

Sessions keep their own subscriptions (C{channels}, C{patterns},
C{shard_channels}: insertion-ordered dicts, the order UNSUBSCRIBE without
arguments reports them in) and C{subscriptions}, the count of the three
that decides RESP2's subscriber mode.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from txredisd.core.glob import compile_glob
from txredisd.resp.encode import encode_into
from txredisd.resp.values import PushReply, Raw

if TYPE_CHECKING:
    from txredisd.core.session import ClientSession
    from txredisd.core.state import ServerState

# The class letters of notify-keyspace-events that select keyspace/keyevent channels.
_KEYSPACE, _KEYEVENT = "K", "E"


class PubSub:
    """
    @ivar channels: channel -> subscribed sessions (by id, in subscription order).
    @ivar patterns: pattern -> (matcher, subscribed sessions).
    @ivar shard_channels: the SSUBSCRIBE namespace, like C{channels}.
    """

    def __init__(self, server: ServerState) -> None:
        self.server = server
        self.channels: dict[bytes, dict[int, ClientSession]] = {}
        self.patterns: dict[bytes, tuple[object, dict[int, ClientSession]]] = {}
        self.shard_channels: dict[bytes, dict[int, ClientSession]] = {}
        self._event_classes = ""
        server.config.on_change("notify-keyspace-events", self._set_event_classes)
        self._set_event_classes(server.config["notify-keyspace-events"])

    # -- subscriptions ---------------------------------------------------------

    def subscribe(self, session: ClientSession, channel: bytes, shard: bool = False) -> None:
        mine = session.shard_channels if shard else session.channels
        if channel not in mine:
            mine[channel] = None
            session.subscriptions += 1
            table = self.shard_channels if shard else self.channels
            table.setdefault(channel, {})[session.id] = session

    def unsubscribe(self, session: ClientSession, channel: bytes, shard: bool = False) -> None:
        mine = session.shard_channels if shard else session.channels
        if channel in mine:
            del mine[channel]
            session.subscriptions -= 1
            table = self.shard_channels if shard else self.channels
            _drop(table, channel, session)

    def psubscribe(self, session: ClientSession, pattern: bytes) -> None:
        if pattern not in session.patterns:
            session.patterns[pattern] = None
            session.subscriptions += 1
            entry = self.patterns.get(pattern)
            if entry is None:
                entry = self.patterns[pattern] = (compile_glob(pattern), {})
            entry[1][session.id] = session

    def punsubscribe(self, session: ClientSession, pattern: bytes) -> None:
        if pattern in session.patterns:
            del session.patterns[pattern]
            session.subscriptions -= 1
            entry = self.patterns.get(pattern)
            if entry is not None:
                entry[1].pop(session.id, None)
                if not entry[1]:
                    del self.patterns[pattern]

    def forget(self, session: ClientSession) -> None:
        """Drop every subscription of C{session} (disconnect, RESET)."""
        for channel in list(session.channels):
            self.unsubscribe(session, channel)
        for channel in list(session.shard_channels):
            self.unsubscribe(session, channel, shard=True)
        for pattern in list(session.patterns):
            self.punsubscribe(session, pattern)

    # -- delivery ----------------------------------------------------------------

    def publish(self, channel: bytes, message: bytes, shard: bool = False) -> int:
        """Deliver to channel subscribers, then pattern subscribers; the number of deliveries."""
        wires: dict[int, Raw] = {}
        receivers = 0
        table = self.shard_channels if shard else self.channels
        subscribers = table.get(channel)
        if subscribers:
            kind = b"smessage" if shard else b"message"
            for session in list(subscribers.values()):
                session.push(_wire(wires, session.resp, (kind, channel, message)))
            receivers += len(subscribers)
        if not shard and self.patterns:
            pattern_wires: dict[tuple[bytes, int], Raw] = {}
            for pattern, (matches, sessions) in list(self.patterns.items()):
                if matches(channel):
                    for session in list(sessions.values()):
                        key = (pattern, session.resp)
                        wire = pattern_wires.get(key)
                        if wire is None:
                            wire = pattern_wires[key] = _encode(session.resp, (b"pmessage", pattern, channel, message))
                        session.push(wire)
                    receivers += len(sessions)
        return receivers

    # -- keyspace notifications ----------------------------------------------------

    def _set_event_classes(self, classes: str) -> None:
        self._event_classes = classes
        wanted = _KEYSPACE in classes or _KEYEVENT in classes
        self.server.notifications = self.notify if wanted else None
        # "new" is the one event that costs a look on every key creation: only when asked for.
        self.server.notify_new_keys = wanted and "n" in classes

    def notify(self, db_index: int, key: bytes, event: str, kind: str) -> None:
        """The write path's sink: publish Redis's keyspace/keyevent messages for this event class."""
        classes = self._event_classes
        if kind not in classes:
            return
        name = event.encode()
        if _KEYSPACE in classes:
            self.publish(b"__keyspace@%d__:%s" % (db_index, key), name)
        if _KEYEVENT in classes:
            self.publish(b"__keyevent@%d__:%s" % (db_index, name), key)


def _drop(table: dict[bytes, dict[int, ClientSession]], channel: bytes, session: ClientSession) -> None:
    subscribers = table.get(channel)
    if subscribers is not None:
        subscribers.pop(session.id, None)
        if not subscribers:
            del table[channel]


def _encode(resp: int, items: tuple[bytes, ...]) -> Raw:
    out: list[bytes] = []
    encode_into(out, PushReply(items), resp)
    return Raw(b"".join(out))


def _wire(cache: dict[int, Raw], resp: int, items: tuple[bytes, ...]) -> Raw:
    wire = cache.get(resp)
    if wire is None:
        wire = cache[resp] = _encode(resp, items)
    return wire
