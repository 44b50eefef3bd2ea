"""
Server and introspection commands: INFO, COMMAND, TIME, LOLWUT, DEBUG, SLOWLOG,
LATENCY, MONITOR, SHUTDOWN.

COMMAND reads the one command table, so whatever a module registers is
described here without further work.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from txredisd import REDIS_VERSION
from txredisd.core import info, types
from txredisd.core.commands._args import is_string, parse_int
from txredisd.core.commands._spec import TABLE, CommandSpec, KeySpec, command
from txredisd.core.commands.strings import string_encoding
from txredisd.core.errors import (
    NO_SUCH_KEY,
    SYNTAX,
    CommandError,
    subcommand_syntax,
    unknown_subcommand,
)
from txredisd.core.glob import glob_match
from txredisd.ctext import atoi
from txredisd.resp.request import string2ll
from txredisd.resp.values import OK, Raw, SetReply, SimpleString, Verbatim

#: For commands that, like Redis, answer nothing at all in some cases.
NO_REPLY = Raw(b"")

# The order in which Redis lists command flags and ACL categories.
_FLAG_ORDER = ["write", "readonly", "denyoom", "module", "admin", "pubsub", "noscript", "blocking", "loading", "stale", "skip_monitor", "skip_slowlog", "asking", "fast", "no_auth", "no_mandatory_keys", "no_async_loading", "no_multi", "movablekeys", "allow_busy"]
_CATEGORY_RANK = {
    name: rank
    for rank, name in enumerate(
        ["keyspace", "read", "write", "set", "sortedset", "list", "hash", "string", "bitmap", "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking", "dangerous", "connection", "transaction", "scripting"]
    )
}


def help_reply(container: str, lines: Iterable[str]) -> list[SimpleString]:
    """A HELP subcommand's reply: header, the container's lines, then HELP's own entry."""
    head = f"{container} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"
    return [SimpleString(text.encode()) for text in (head, *lines, "HELP", "    Prints this help.")]


# -- INFO, TIME, LOLWUT -----------------------------------------------------------


@command("info", -1, "loading stale",
         tips=("nondeterministic_output", "request_policy:all_shards", "response_policy:special"), group="server",
         categories=("dangerous",), summary="Report on the server, by section.")
def info_(session, argv):
    sections = [arg.decode("utf-8", "replace") for arg in argv[1:]]
    return Verbatim(info.render_info(session.server, sections))


@command("time", 1, "loading stale fast", tips=("nondeterministic_output",), group="server", since="2.6.0",
         summary="The server's clock, in seconds and microseconds.")
def time_(session, argv):
    now_us = session.server.wall_clock_us()
    return [b"%d" % (now_us // 1_000_000), b"%d" % (now_us % 1_000_000)]


@command("lolwut", -1, "readonly fast", group="server", since="5.0.0",
         summary="The server's version, as a piece of art (here: just the version).")
def lolwut(session, argv):
    if len(argv) > 2 and argv[1].lower() == b"version":
        parse_int(argv[2])
    return Verbatim(b"Redis ver. %s\n" % REDIS_VERSION.encode())


# -- COMMAND ----------------------------------------------------------------------


def _flag_names(spec: CommandSpec) -> list[str]:
    return [flag for flag in _FLAG_ORDER if flag in spec.flags]


def _categories(spec: CommandSpec) -> list[str]:
    return sorted(spec.acl_categories(), key=lambda name: _CATEGORY_RANK.get(name, len(_CATEGORY_RANK)))


def _statuses(words: Iterable[str]) -> SetReply:
    return SetReply([SimpleString(word.encode()) for word in words])


def _begin_search(ks: KeySpec) -> dict:
    kind = ks.begin_search
    if kind == "index":
        spec: dict = {b"index": ks.index}
    elif kind == "keyword":
        spec = {b"keyword": ks.keyword.encode(), b"startfrom": ks.startfrom}
    else:
        spec = {}
    return {b"type": kind.encode(), b"spec": spec}


def _find_keys(ks: KeySpec) -> dict:
    if ks.begin_search == "unknown":
        return {b"type": b"unknown", b"spec": {}}
    if ks.keynum is not None:
        count_at, offset, step = ks.keynum
        return {b"type": b"keynum", b"spec": {b"keynumidx": count_at, b"firstkey": offset, b"keystep": step}}
    return {b"type": b"range", b"spec": {b"lastkey": ks.lastkey, b"keystep": ks.step, b"limit": ks.limit}}


def _key_spec(ks: KeySpec) -> dict:
    reply: dict = {b"notes": ks.notes.encode()} if ks.notes else {}
    reply[b"flags"] = _statuses(ks.words)
    reply[b"begin_search"] = _begin_search(ks)
    reply[b"find_keys"] = _find_keys(ks)
    return reply


def _command_info(spec: CommandSpec) -> list:
    return [
        spec.fullname.encode(),
        spec.arity,
        _statuses(_flag_names(spec)),
        spec.first_key,
        spec.last_key,
        spec.step,
        _statuses("@" + name for name in _categories(spec)),
        SetReply([tip.encode() for tip in spec.tips]),
        SetReply([_key_spec(ks) for ks in spec.key_specs]),
        [_command_info(sub) for sub in spec.subcommands.values()] if spec.subcommands else SetReply(),
    ]


def _command_docs(spec: CommandSpec) -> dict:
    docs: dict = {}
    if spec.summary:
        docs[b"summary"] = spec.summary.encode()
    docs[b"since"] = spec.since.encode()
    docs[b"group"] = spec.group.replace("_", "-").encode()
    if spec.subcommands:
        docs[b"subcommands"] = {sub.fullname.encode(): _command_docs(sub) for sub in spec.subcommands.values()}
    return docs


def _by_fullname(name: bytes) -> CommandSpec | None:
    """A command by its full name: C{get}, or C{config|get} for a subcommand."""
    parts = name.lower().split(b"|")
    spec = TABLE.commands.get(parts[0])
    if spec is None or len(parts) == 1:
        return spec
    return spec.subcommands.get(parts[1]) if len(parts) == 2 else None


@command("command", -1, "loading stale", tips=("nondeterministic_output_order",), group="server",
         categories=("connection",), since="2.8.13", summary="Describe every command.")
def command_(session, argv):
    if len(argv) > 1:
        raise unknown_subcommand(argv[1], "command")
    return [_command_info(spec) for spec in TABLE.commands.values()]


@command("count", 2, "loading stale", parent="command", group="server", categories=("connection",),
         since="2.8.13", summary="How many commands there are.")
def command_count(session, argv):
    return len(TABLE.commands)


@command("info", -2, "loading stale", tips=("nondeterministic_output_order",), parent="command", group="server",
         categories=("connection",), since="2.8.13", summary="Describe the named commands (all when none is named).")
def command_info(session, argv):
    if len(argv) == 2:
        return [_command_info(spec) for spec in TABLE.commands.values()]
    found = (_by_fullname(name) for name in argv[2:])
    return [None if spec is None else _command_info(spec) for spec in found]


@command("docs", -2, "loading stale", tips=("nondeterministic_output_order",), parent="command", group="server",
         categories=("connection",), since="7.0.0",
         summary="Documentation of the named commands (all when none is named).")
def command_docs(session, argv):
    if len(argv) == 2:
        specs: Iterable[CommandSpec] = TABLE.commands.values()
    else:
        specs = filter(None, (_by_fullname(name) for name in argv[2:]))
    return {spec.fullname.encode(): _command_docs(spec) for spec in specs}


def _list_filter(argv: list[bytes]):
    """COMMAND LIST's FILTERBY clause as a predicate on specs (None: no filter)."""
    if len(argv) == 2:
        return None
    if len(argv) != 5 or argv[2].lower() != b"filterby":
        raise CommandError(SYNTAX)
    kind, value = argv[3].lower(), argv[4]
    if kind == b"module":
        return lambda spec: False
    if kind == b"aclcat":
        category = value.decode("utf-8", "replace").lower()
        return lambda spec: category in spec.acl_categories()
    if kind == b"pattern":
        return lambda spec: glob_match(value, spec.fullname.encode(), nocase=True)
    raise CommandError(SYNTAX)


@command("list", -2, "loading stale", tips=("nondeterministic_output_order",), parent="command", group="server",
         categories=("connection",), since="7.0.0", summary="The names of the commands, optionally filtered.")
def command_list(session, argv):
    wanted = _list_filter(argv)
    return [
        spec.fullname.encode()
        for spec in TABLE.all_specs()
        if wanted is None or wanted(spec)
    ]


def _keys_in(argv: list[bytes]) -> list[tuple[int, tuple[str, ...]]]:
    """(position, flags) of the keys of the command in C{argv[2:]} (COMMAND GETKEYS*)."""
    target = argv[2:]
    spec = TABLE.lookup(target)
    if spec is None:
        raise CommandError("ERR Invalid command specified")
    if not spec.has_keys:
        raise CommandError("ERR The command has no key arguments")
    if (spec.arity > 0 and len(target) != spec.arity) or len(target) < -spec.arity:
        raise CommandError("ERR Invalid number of arguments specified for command")
    try:
        refs = spec.key_refs(target)
    except CommandError:
        refs = []
    if not refs and "no_mandatory_keys" not in spec.flags:
        raise CommandError("ERR Invalid arguments specified for command")
    return refs


@command("getkeys", -4, "loading stale", parent="command", group="server", categories=("connection",),
         since="2.8.13", summary="The keys a full command line would touch.")
def command_getkeys(session, argv):
    return [argv[2 + i] for i, _ in _keys_in(argv)]


@command("getkeysandflags", -4, "loading stale", parent="command", group="server",
         categories=("connection",), since="7.0.0",
         summary="The keys a full command line would touch, with how it uses them.")
def command_getkeysandflags(session, argv):
    return [[argv[2 + i], _statuses(flags)] for i, flags in _keys_in(argv)]


_COMMAND_HELP = (
    "(no subcommand)",
    "    Return details about all Redis commands.",
    "COUNT",
    "    Return the total number of commands in this Redis server.",
    "LIST",
    "    Return a list of all commands in this Redis server.",
    "INFO [<command-name> ...]",
    "    Return details about multiple Redis commands.",
    "    If no command names are given, documentation details for all",
    "    commands are returned.",
    "DOCS [<command-name> ...]",
    "    Return documentation details about multiple Redis commands.",
    "    If no command names are given, documentation details for all",
    "    commands are returned.",
    "GETKEYS <full-command>",
    "    Return the keys from a full Redis command.",
    "GETKEYSANDFLAGS <full-command>",
    "    Return the keys and the access flags from a full Redis command.",
)


@command("help", 2, "loading stale", parent="command", group="server", categories=("connection",),
         since="5.0.0", summary="Show COMMAND's subcommands.")
def command_help(session, argv):
    return help_reply("COMMAND", _COMMAND_HELP)


# -- DEBUG ------------------------------------------------------------------------

_DEBUG_REFUSED = (
    'ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can '
    "run it from a local connection, otherwise you need to set this option in the configuration "
    "file, and then restart the server."
)
_LOCAL_HOSTS = ("127.0.0.1", "[::1]")


def _debug_allowed(session) -> bool:
    """Redis's enable-debug-command: yes, no, or local (unix socket and loopback only)."""
    setting = session.server.config["enable-debug-command"]
    if setting == "local":
        return session.kind == "unix" or session.peer.rpartition(":")[0] in _LOCAL_HOSTS
    return setting == "yes"


def _strtod_prefix(arg: bytes) -> float:
    """C's C{strtod}: the longest leading number, 0 when there is none (DEBUG SLEEP's parser)."""
    text = arg.decode("ascii", "replace").lstrip()
    for end in range(len(text), 0, -1):
        try:
            return float(text[:end])
        except ValueError:
            continue
    return 0.0


_LRU_CLOCK_MAX = (1 << 24) - 1


def _rdb_length_size(n: int) -> int:
    """Bytes RDB spends on a length prefix."""
    if n < 1 << 6:
        return 1
    if n < 1 << 14:
        return 2
    return 5 if n <= 0xFFFFFFFF else 9


def _encoding(value: Any) -> bytes:
    if is_string(value):
        return string_encoding(value)
    return types.ENCODINGS[type(value)](value)


def _serialized_length(value: Any) -> int:
    """
    A string's size in an RDB file, uncompressed (txredisd does not LZF-compress
    here); 0 for other types, which only the RDB encoder could measure.
    """
    if not is_string(value):
        return 0
    number = string2ll(bytes(value)) if len(value) <= 11 else None
    if number is not None and -(1 << 31) <= number < 1 << 31:
        return 2 if -128 <= number <= 127 else 3 if -32768 <= number <= 32767 else 5
    return _rdb_length_size(len(value)) + len(value)


def _debug_object(session, argv):
    db = session.db
    value = db.lookup_read(argv[2], touch=False, notify=False)
    if value is None:
        raise CommandError(NO_SUCH_KEY)
    idle_ms = db.idle_ms(argv[2])
    lru = (session.server.now_ms - idle_ms) // 1000 & _LRU_CLOCK_MAX
    return SimpleString(
        b"Value at:0x%x refcount:1 encoding:%s serializedlength:%d lru:%d lru_seconds_idle:%d"
        % (id(value), _encoding(value), _serialized_length(value), lru, idle_ms // 1000)
    )


def _debug_sleep(session, argv):
    # The core never blocks: it asks the adapter to serve nobody until then.
    delay_ms = int(_strtod_prefix(argv[2]) * 1000)
    if delay_ms > 0:
        server = session.server
        server.busy_until_ms = max(server.busy_until_ms, server.now_ms + delay_ms)
    return OK


def _debug_set_active_expire(session, argv):
    session.server.active_expire_enabled = atoi(argv[2].decode("ascii", "replace")) != 0
    return OK


def _debug_change_repl_id(session, argv):
    server = session.server
    server.replid = os.urandom(20).hex()
    server.replid2 = "0" * 40
    return OK


def _debug_reload(session, argv):
    """Save, empty every database and load the file again: a round trip through the RDB codec."""
    snapshots = getattr(session.server, "snapshots", None)
    if snapshots is None or not snapshots.save():
        raise CommandError("ERR Error trying to save the DB, aborting DEBUG RELOAD.")
    session.server.flush_all()
    snapshots.load()
    return OK


_DEBUG_HELP = (
    "CHANGE-REPL-ID",
    "    Change the replication IDs of the instance.",
    "    Dangerous: should be used only for testing the replication subsystem.",
    "OBJECT <key>",
    "    Show low level info about `key` and associated value.",
    "SET-ACTIVE-EXPIRE <0|1>",
    "    Setting it to 0 disables expiring keys in background when they are not",
    "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
    "    default.",
    "SLEEP <seconds>",
    "    Stop the server for <seconds>. Decimals allowed.",
)


def _debug_help(session, argv):
    return help_reply("DEBUG", _DEBUG_HELP)


# DEBUG subcommands with the exact argument count each takes.
_DEBUG = {
    b"help": (2, _debug_help),
    b"sleep": (3, _debug_sleep),
    b"set-active-expire": (3, _debug_set_active_expire),
    b"object": (3, _debug_object),
    b"change-repl-id": (2, _debug_change_repl_id),
    b"reload": (2, _debug_reload),
}


@command("debug", -2, "admin noscript loading stale", group="server",
         summary="Testing aids: pause the server, inspect values, toggle background expiry.")
def debug(session, argv):
    if not _debug_allowed(session):
        raise CommandError(_DEBUG_REFUSED)
    entry = _DEBUG.get(argv[1].lower())
    if entry is None or entry[0] != len(argv):
        raise subcommand_syntax(argv[1], "debug")
    return entry[1](session, argv)


# -- SLOWLOG ----------------------------------------------------------------------

_SLOWLOG_COUNT = "ERR count should be greater than or equal to -1"


@command("get", -2, "admin loading stale", tips=("request_policy:all_nodes", "nondeterministic_output"),
         parent="slowlog", group="server", since="2.2.12",
         summary="The most recent slow commands (10 by default, -1 for all).")
def slowlog_get(session, argv):
    if len(argv) > 3:
        raise subcommand_syntax(argv[1], "slowlog")
    count = 10
    if len(argv) == 3:
        count = parse_int(argv[2], _SLOWLOG_COUNT)
        if count < -1:
            raise CommandError(_SLOWLOG_COUNT)
    entries = list(session.server.slowlog)
    if count >= 0:
        entries = entries[:count]
    return [[entry_id, when, duration, list(args), peer, name]
            for entry_id, when, duration, args, peer, name in entries]


@command("len", 2, "admin loading stale",
         tips=("request_policy:all_nodes", "response_policy:agg_sum", "nondeterministic_output"), parent="slowlog",
         group="server", since="2.2.12", summary="How many slow commands are remembered.")
def slowlog_len(session, argv):
    return len(session.server.slowlog)


@command("reset", 2, "admin loading stale", tips=("request_policy:all_nodes", "response_policy:all_succeeded"),
         parent="slowlog", group="server", since="2.2.12", summary="Forget the slow commands.")
def slowlog_reset(session, argv):
    session.server.slowlog.clear()
    return OK


_SLOWLOG_HELP = (
    "GET [<count>]",
    "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
    "    Entries are made of:",
    "    id, timestamp, time in microseconds, arguments array, client IP and port,",
    "    client name",
    "LEN",
    "    Return the length of the slowlog.",
    "RESET",
    "    Reset the slowlog.",
)


@command("help", 2, "loading stale", parent="slowlog", group="server", since="6.2.0",
         summary="Show SLOWLOG's subcommands.")
def slowlog_help(session, argv):
    return help_reply("SLOWLOG", _SLOWLOG_HELP)


# -- LATENCY ----------------------------------------------------------------------

_LATENCY_FLAGS = "admin noscript loading stale"


@command("latest", 2, _LATENCY_FLAGS,
         tips=("nondeterministic_output", "request_policy:all_nodes", "response_policy:special"), parent="latency",
         group="server", since="2.8.13", summary="The latest and worst spike of every latency event.")
def latency_latest(session, argv):
    return [
        [name.encode(), series.samples[-1][0], series.samples[-1][1], series.max]
        for name, series in session.server.latency.events.items()
    ]


@command("history", 3, _LATENCY_FLAGS,
         tips=("nondeterministic_output", "request_policy:all_nodes", "response_policy:special"), parent="latency",
         group="server", since="2.8.13", summary="The recorded spikes of one latency event, oldest first.")
def latency_history(session, argv):
    series = session.server.latency.events.get(argv[2].decode("utf-8", "replace"))
    return [] if series is None else [[when, ms] for when, ms in series.samples]


@command("reset", -2, _LATENCY_FLAGS, tips=("request_policy:all_nodes", "response_policy:all_succeeded"),
         parent="latency", group="server", since="2.8.13",
         summary="Forget the spikes of the named events (all when none is named).")
def latency_reset(session, argv):
    events = [arg.decode("utf-8", "replace") for arg in argv[2:]] or None
    return session.server.latency.reset(events)


_DOCTOR_DISABLED = (
    "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You "
    'may use "CONFIG SET latency-monitor-threshold <milliseconds>." in order to enable it. If we '
    "weren't in a deep space mission I'd suggest to take a look at "
    "https://redis.io/topics/latency-monitor.\n"
)
_DOCTOR_CALM = (
    "Dave, no latency spike was observed during the lifetime of this Redis instance, not in the "
    "slightest bit. I honestly think you ought to sit down calmly, take a stress pill, and think "
    "things over.\n"
)
_DOCTOR_HEAD = (
    "Dave, I have observed latency spikes in this Redis instance. You don't mind talking about it, "
    "do you Dave?\n\n"
)
_ADVICE_SLOWLOG_ENABLE = (
    "- There are latency issues with potentially slow commands you are using. Try to enable the "
    "Slow Log Redis feature using the command 'CONFIG SET slowlog-log-slower-than {us}'. If the "
    "Slow log is disabled Redis is not able to log slow commands execution for you.\n"
)
_ADVICE_SLOWLOG_TUNING = (
    "- Your current Slow Log configuration only logs events that are slower than your configured "
    "latency monitor threshold. Please use 'CONFIG SET slowlog-log-slower-than {us}'.\n"
)
_ADVICE_SLOWLOG_INSPECT = (
    "- Check your Slow Log to understand what are the commands you are running which are too slow "
    "to execute. Please check https://redis.io/commands/slowlog for more information.\n"
)
_ADVICE_SCHEDULER = (
    "- The system is slow to execute Redis code paths not containing system calls. This usually "
    "means the system does not provide Redis CPU time to run for long periods. You should try to:\n"
    "  1) Lower the system load.\n"
    "  2) Use a computer / VM just for Redis if you are running other software in the same system.\n"
    '  3) Check if you have a "noisy neighbour" problem.\n'
    "  4) Check with 'redis-cli --intrinsic-latency 100' what is the intrinsic latency in your "
    "system.\n"
    "  5) Check if the problem is allocator-related by recompiling Redis with MALLOC=libc, if you "
    "are using Jemalloc. However this may create fragmentation problems.\n"
)
_ADVICE_LARGE_OBJECTS = (
    "- Deleting, expiring or evicting (because of maxmemory policy) large objects is a blocking "
    "operation. If you have very large objects that are often deleted, expired, or evicted, try to "
    "fragment those objects into multiple smaller objects.\n"
)


def _event_line(number: int, name: str, samples, worst: int, now_s: int) -> str:
    latencies = [ms for _, ms in samples]
    average = sum(latencies) // len(latencies)
    deviation = sum(abs(ms - average) for ms in latencies) // len(latencies)
    period = (now_s - samples[0][0]) or 1
    return (
        f"{number}. {name}: {len(latencies)} latency spikes (average {average}ms, mean deviation "
        f"{deviation}ms, period {period / len(latencies):.2f} sec). Worst all time event {worst}ms.\n"
    )


def latency_report(server) -> str:
    """LATENCY DOCTOR's analysis of the recorded command spikes, in Redis's words."""
    events = server.latency.events
    threshold_ms = server.config["latency-monitor-threshold"]
    if not events:
        return _DOCTOR_CALM if threshold_ms else _DOCTOR_DISABLED
    now_s = server.now_ms // 1000
    lines = [
        _event_line(number, name, series.samples, series.max, now_s)
        for number, (name, series) in enumerate(events.items(), start=1)
    ]
    advices = []
    if "command" in events:
        slowlog_us = server.config["slowlog-log-slower-than"]
        if slowlog_us < 0:
            advices.append(_ADVICE_SLOWLOG_ENABLE.format(us=threshold_ms * 1000))
        elif slowlog_us // 1000 > threshold_ms:
            advices.append(_ADVICE_SLOWLOG_TUNING.format(us=threshold_ms * 1000))
        advices.append(_ADVICE_SLOWLOG_INSPECT)
    if "fast-command" in events:
        advices.append(_ADVICE_SCHEDULER)
    if "command" in events:
        advices.append(_ADVICE_LARGE_OBJECTS)
    return _DOCTOR_HEAD + "".join(lines) + "\nI have a few advices for you:\n\n" + "".join(advices)


@command("doctor", 2, _LATENCY_FLAGS,
         tips=("nondeterministic_output", "request_policy:all_nodes", "response_policy:special"), parent="latency",
         group="server", since="2.8.13", summary="A human-readable analysis of the latency spikes.")
def latency_doctor(session, argv):
    return Verbatim(latency_report(session.server).encode())


_LATENCY_HELP = (
    "DOCTOR",
    "    Return a human readable latency analysis report.",
    "GRAPH <event>",
    "    Return an ASCII latency graph for the <event> class.",
    "HISTORY <event>",
    "    Return time-latency samples for the <event> class.",
    "LATEST",
    "    Return the latest latency samples for all events.",
    "RESET [<event> ...]",
    "    Reset latency data of one or more <event> classes.",
    "    (default: reset all data for all event classes)",
    "HISTOGRAM [COMMAND ...]",
    (
        "    Return a cumulative distribution of latencies in the format of a histogram for the "
        "specified command names."
    ),
    "    If no commands are specified then all histograms are replied.",
)


@command("help", 2, "loading stale", parent="latency", group="server", since="2.8.13",
         summary="Show LATENCY's subcommands.")
def latency_help(session, argv):
    return help_reply("LATENCY", _LATENCY_HELP)


# -- MONITOR, SHUTDOWN --------------------------------------------------------------


@command("monitor", 1, "admin noscript loading stale", group="server",
         summary="Stream every command the server runs to this connection.")
def monitor(session, argv):
    monitors = session.server.monitors
    if session in monitors or session.is_replica_link:
        return NO_REPLY
    monitors.append(session)
    return OK


_SHUTDOWN_OPTIONS = (b"nosave", b"save", b"now", b"force", b"abort")


@command("shutdown", -1, "admin noscript loading stale no_multi allow_busy", group="server",
         summary="Stop the server, saving first unless told otherwise.")
def shutdown(session, argv):
    options = set()
    for arg in argv[1:]:
        option = arg.lower()
        if option not in _SHUTDOWN_OPTIONS:
            raise CommandError(SYNTAX)
        options.add(option)
    abort = b"abort" in options
    if (abort and len(options) > 1) or {b"save", b"nosave"} <= options:
        raise CommandError(SYNTAX)
    save = True if b"save" in options else False if b"nosave" in options else None
    if session.server.script_busy and save is not False:
        raise CommandError(session.server.script_busy)  # during a busy script only NOSAVE may stop us
    io = session.server.io
    if io is None:
        raise CommandError("ERR Errors trying to SHUTDOWN. Check logs.")
    error = io.request_shutdown(save, b"now" in options, b"force" in options, abort)
    if error is not None:
        raise CommandError(error)
    return OK if abort else NO_REPLY
