"""
SUBSCRIBE and friends, PUBLISH, PUBSUB. The registry and delivery live in
L{txredisd.core.pubsub}; RESP2's subscriber mode is enforced by the session.

(Un)subscribe commands answer one push per channel, so they write their
replies themselves and return L{_DONE}.
"""

from __future__ import annotations

from txredisd.core.commands._spec import KeySpec, command
from txredisd.core.commands.server import help_reply
from txredisd.core.glob import compile_glob
from txredisd.resp.values import PushReply, Raw

_G = "pubsub"
_SUBSCRIBE_FLAGS = "pubsub noscript loading stale"
_SHARD_KEYS = [KeySpec("not_key", 1, lastkey=-1)]
#: The replies were written one per channel already.
_DONE = Raw(b"")


def _confirm(session, kind: bytes, name: bytes | None, count: int) -> None:
    session.reply(PushReply([kind, name, count]))


def _channel_count(session) -> int:
    """SUBSCRIBE/PSUBSCRIBE replies count channels and patterns together."""
    return len(session.channels) + len(session.patterns)


def _shard_count(session) -> int:
    return len(session.shard_channels)


def _subscribe(session, argv, kind: bytes, add, count) -> Raw:
    """One confirmation per name, each with the count after it."""
    for name in argv[1:]:
        add(session, name)
        _confirm(session, kind, name, count(session))
    return _DONE


def _unsubscribe(session, argv, kind: bytes, mine: dict, remove, count) -> Raw:
    """Named ones, or all (in subscription order); with none at all, one confirmation with a null name."""
    names = argv[1:] or list(mine)
    if not names:
        _confirm(session, kind, None, count(session))
    for name in names:
        remove(session, name)
        _confirm(session, kind, name, count(session))
    return _DONE


@command("subscribe", -2, _SUBSCRIBE_FLAGS, group=_G, since="2.0.0",
         summary="Listen for messages published to channels.")
def subscribe(session, argv):
    return _subscribe(session, argv, b"subscribe", session.server.pubsub.subscribe, _channel_count)


@command("unsubscribe", -1, _SUBSCRIBE_FLAGS, group=_G, since="2.0.0",
         summary="Stop listening for messages posted to channels.")
def unsubscribe(session, argv):
    pubsub = session.server.pubsub
    return _unsubscribe(session, argv, b"unsubscribe", session.channels, pubsub.unsubscribe, _channel_count)


@command("psubscribe", -2, _SUBSCRIBE_FLAGS, group=_G, since="2.0.0",
         summary="Listen for messages published to channels matching patterns.")
def psubscribe(session, argv):
    return _subscribe(session, argv, b"psubscribe", session.server.pubsub.psubscribe, _channel_count)


@command("punsubscribe", -1, _SUBSCRIBE_FLAGS, group=_G, since="2.0.0",
         summary="Stop listening for messages posted to channels matching patterns.")
def punsubscribe(session, argv):
    pubsub = session.server.pubsub
    return _unsubscribe(session, argv, b"punsubscribe", session.patterns, pubsub.punsubscribe, _channel_count)


@command("ssubscribe", -2, _SUBSCRIBE_FLAGS, key_specs=_SHARD_KEYS, group=_G, since="7.0.0",
         summary="Listen for messages published to shard channels.")
def ssubscribe(session, argv):
    pubsub = session.server.pubsub
    return _subscribe(session, argv, b"ssubscribe", lambda s, name: pubsub.subscribe(s, name, shard=True),
                      _shard_count)


@command("sunsubscribe", -1, _SUBSCRIBE_FLAGS, key_specs=_SHARD_KEYS, group=_G, since="7.0.0",
         summary="Stop listening for messages posted to shard channels.")
def sunsubscribe(session, argv):
    pubsub = session.server.pubsub
    return _unsubscribe(session, argv, b"sunsubscribe", session.shard_channels,
                        lambda s, name: pubsub.unsubscribe(s, name, shard=True), _shard_count)


@command("publish", 3, "pubsub loading stale fast", group=_G, since="2.0.0",
         summary="Post a message to a channel.")
def publish(session, argv):
    return session.server.pubsub.publish(argv[1], argv[2])


@command("spublish", 3, "pubsub loading stale fast", key_specs=[KeySpec("not_key", 1)], group=_G,
         since="7.0.0", summary="Post a message to a shard channel.")
def spublish(session, argv):
    return session.server.pubsub.publish(argv[1], argv[2], shard=True)


# -- PUBSUB -----------------------------------------------------------------------------


def _active(table, argv) -> list[bytes]:
    if len(argv) > 3:
        from txredisd.core.errors import subcommand_syntax

        raise subcommand_syntax(argv[1], "pubsub")
    if len(argv) == 2:
        return list(table)
    matches = compile_glob(argv[2])
    return [channel for channel in table if matches(channel)]


@command("channels", -2, "pubsub loading stale", parent="pubsub", group=_G, since="2.8.0",
         summary="List active channels.")
def pubsub_channels(session, argv):
    return _active(session.server.pubsub.channels, argv)


@command("shardchannels", -2, "pubsub loading stale", parent="pubsub", group=_G, since="7.0.0",
         summary="List active shard channels.")
def pubsub_shardchannels(session, argv):
    return _active(session.server.pubsub.shard_channels, argv)


def _counts(table, channels: list[bytes]) -> list:
    return [item for channel in channels for item in (channel, len(table.get(channel, ())))]


@command("numsub", -2, "pubsub loading stale", parent="pubsub", group=_G, since="2.8.0",
         summary="Count subscribers of channels.")
def pubsub_numsub(session, argv):
    return _counts(session.server.pubsub.channels, argv[2:])


@command("shardnumsub", -2, "pubsub loading stale", parent="pubsub", group=_G, since="7.0.0",
         summary="Count subscribers of shard channels.")
def pubsub_shardnumsub(session, argv):
    return _counts(session.server.pubsub.shard_channels, argv[2:])


@command("numpat", 2, "pubsub loading stale", parent="pubsub", group=_G, since="2.8.0",
         summary="Count pattern subscriptions.")
def pubsub_numpat(session, argv):
    return len(session.server.pubsub.patterns)


@command("help", 2, "loading stale", parent="pubsub", group=_G, categories=("-pubsub",), since="6.2.0",
         summary="Explain the PUBSUB subcommands.")
def pubsub_help(session, argv):
    return help_reply("PUBSUB", (
        "CHANNELS [<pattern>]",
        "    Return the currently active channels matching a <pattern> (default: '*').",
        "NUMPAT",
        "    Return number of subscriptions to patterns.",
        "NUMSUB [<channel> ...]",
        "    Return the number of subscribers for the specified channels, excluding",
        "    pattern subscriptions(default: no channels).",
        "SHARDCHANNELS [<pattern>]",
        "    Return the currently active shard level channels matching a <pattern> (default: '*').",
        "SHARDNUMSUB [<shardchannel> ...]",
        "    Return the number of subscribers for the specified shard level channel(s)",
    ))
