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


@command("subscribe", -2, _SUBSCRIBE_FLAGS, group=_G, since="2.0.0",
         summary="Listen for messages published to channels.")
def subscribe(session, argv):
    pubsub = session.server.pubsub
    for channel in argv[1:]:
        pubsub.subscribe(session, channel)
        _confirm(session, b"subscribe", channel, _channel_count(session))
    return _DONE


@command("unsubscribe", -1, _SUBSCRIBE_FLAGS, group=_G, since="2.0.0",
         summary="Stop listening for messages posted to channels.")
def unsubscribe(session, argv):
    pubsub = session.server.pubsub
    channels = argv[1:] or list(session.channels)
    if not channels:
        _confirm(session, b"unsubscribe", None, _channel_count(session))
    for channel in channels:
        pubsub.unsubscribe(session, channel)
        _confirm(session, b"unsubscribe", channel, _channel_count(session))
    return _DONE


@command("psubscribe", -2, _SUBSCRIBE_FLAGS, group=_G, since="2.0.0",
         summary="Listen for messages published to channels matching patterns.")
def psubscribe(session, argv):
    pubsub = session.server.pubsub
    for pattern in argv[1:]:
        pubsub.psubscribe(session, pattern)
        _confirm(session, b"psubscribe", pattern, _channel_count(session))
    return _DONE


@command("punsubscribe", -1, _SUBSCRIBE_FLAGS, group=_G, since="2.0.0",
         summary="Stop listening for messages posted to channels matching patterns.")
def punsubscribe(session, argv):
    pubsub = session.server.pubsub
    patterns = argv[1:] or list(session.patterns)
    if not patterns:
        _confirm(session, b"punsubscribe", None, _channel_count(session))
    for pattern in patterns:
        pubsub.punsubscribe(session, pattern)
        _confirm(session, b"punsubscribe", pattern, _channel_count(session))
    return _DONE


@command("ssubscribe", -2, _SUBSCRIBE_FLAGS, key_specs=_SHARD_KEYS, group=_G, since="7.0.0",
         summary="Listen for messages published to shard channels.")
def ssubscribe(session, argv):
    pubsub = session.server.pubsub
    for channel in argv[1:]:
        pubsub.subscribe(session, channel, shard=True)
        _confirm(session, b"ssubscribe", channel, len(session.shard_channels))
    return _DONE


@command("sunsubscribe", -1, _SUBSCRIBE_FLAGS, key_specs=_SHARD_KEYS, group=_G, since="7.0.0",
         summary="Stop listening for messages posted to shard channels.")
def sunsubscribe(session, argv):
    pubsub = session.server.pubsub
    channels = argv[1:] or list(session.shard_channels)
    if not channels:
        _confirm(session, b"sunsubscribe", None, 0)
    for channel in channels:
        pubsub.unsubscribe(session, channel, shard=True)
        _confirm(session, b"sunsubscribe", channel, len(session.shard_channels))
    return _DONE


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
