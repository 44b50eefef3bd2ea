"""
Stream commands (Redis 7.0). The value model is L{txredisd.core.types.stream.Stream}.

Consumer-group reads and claims are propagated the way Redis does it: as
XCLAIM (one per entry handed out) plus XGROUP SETID / CREATECONSUMER, never
as the XREADGROUP/XAUTOCLAIM that a replica could not replay identically.
"""

from __future__ import annotations

from dataclasses import dataclass

from txredisd.core.blocking import Block, deadline_from_milliseconds
from txredisd.core.commands._args import parse_int, typed_lookups
from txredisd.core.commands._spec import KeySpec, command
from txredisd.core.commands.server import help_reply
from txredisd.core.errors import NO_SUCH_KEY, SYNTAX, CommandError, subcommand_syntax, wrong_arity
from txredisd.core.types.stream import (
    MAX_ID,
    U64_MAX,
    ZERO_ID,
    Consumer,
    ConsumerGroup,
    PendingEntry,
    Stream,
    StreamID,
    format_id,
)
from txredisd.resp.encode import encode
from txredisd.resp.request import string2ll
from txredisd.resp.values import NULL_ARRAY, OK, Raw

INVALID_ID = "ERR Invalid stream ID specified as stream command argument"
NO_KEY_FOR_XGROUP = (
    "ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM "
    "option to create an empty stream automatically."
)
XADD_TOO_SMALL = "ERR The ID specified in XADD is equal or smaller than the target stream top item"
#: Entries a blocked XREAD without COUNT gets at most when woken, as in Redis.
BLOCKED_DEFAULT_COUNT = 1000

_checked, read_stream, _lookup_write = typed_lookups(Stream)

_KEY1 = {flags: [KeySpec(flags, 1)] for flags in ("RO", "RO access", "RW update", "RW delete")}
_KEY2 = {flags: [KeySpec(flags, 2)] for flags in ("RO access", "RW update", "RW insert", "RW delete")}


# -- IDs -----------------------------------------------------------------------------


def _u64(text: bytes) -> int | None:
    """An unsigned 64-bit number as Redis's string2ull takes it (strtoull's leniency past LLONG_MAX)."""
    value = string2ll(text)
    if value is not None:
        return value if value >= 0 else None
    body = text.lstrip(b" \t\n\v\f\r")
    negative = body[:1] == b"-"
    if body[:1] in (b"-", b"+"):
        body = body[1:]
    if not body.isdigit() or not body.isascii():
        return None
    value = int(body)
    if value > U64_MAX:
        return None
    return (-value) % 2**64 if negative else value


def parse_id(arg: bytes, missing_seq: int = 0, strict: bool = True, seq_star: bool = False) -> tuple[StreamID, bool]:
    """
    A stream ID (C{ms} or C{ms-seq}; C{-} and C{+} unless C{strict}; C{ms-*}
    with C{seq_star}), and whether the sequence was given (False for C{ms-*}).
    """
    if len(arg) > 127:
        raise CommandError(INVALID_ID)
    if arg == b"-" or arg == b"+":
        if strict:
            raise CommandError(INVALID_ID)
        return (ZERO_ID if arg == b"-" else MAX_ID), True
    dash = arg.find(b"-")
    if dash < 0:
        ms, seq, given = _u64(arg), missing_seq, True
    else:
        ms, rest = _u64(arg[:dash]), arg[dash + 1:]
        if seq_star and rest == b"*":
            seq, given = 0, False
        else:
            seq, given = _u64(rest), True
    if ms is None or seq is None:
        raise CommandError(INVALID_ID)
    return (ms, seq), given


def strict_id(arg: bytes) -> StreamID:
    return parse_id(arg)[0]


def _next(stream_id: StreamID) -> StreamID | None:
    ms, seq = stream_id
    if seq < U64_MAX:
        return ms, seq + 1
    return None if ms == U64_MAX else (ms + 1, 0)


def _previous(stream_id: StreamID) -> StreamID | None:
    ms, seq = stream_id
    if seq:
        return ms, seq - 1
    return None if not ms else (ms - 1, U64_MAX)


def _interval_start(arg: bytes) -> StreamID:
    """A range's start: an ID, C{-}, or C{(ID} for "after ID"."""
    if len(arg) > 1 and arg[:1] == b"(":
        found = _next(strict_id(arg[1:]))
        if found is None:
            raise CommandError("ERR invalid start ID for the interval")
        return found
    return parse_id(arg, 0, strict=False)[0]


def _interval_end(arg: bytes) -> StreamID:
    if len(arg) > 1 and arg[:1] == b"(":
        found = _previous(parse_id(arg[1:], U64_MAX)[0])
        if found is None:
            raise CommandError("ERR invalid end ID for the interval")
        return found
    return parse_id(arg, U64_MAX, strict=False)[0]


# -- shared helpers --------------------------------------------------------------------


def _entry(entry_id: StreamID, fields: tuple[bytes, ...]) -> list:
    return [format_id(entry_id), list(fields)]


def _entries(pairs) -> list:
    return [_entry(entry_id, fields) for entry_id, fields in pairs]


def _notify(session, key: bytes, event: str) -> None:
    """A keyspace event Redis sends without touching the key (WATCH is not disturbed)."""
    server = session.server
    if server.notifications is not None:
        server.notifications(session.db.index, key, event, "t")


def _metadata_changed(session, key: bytes, event: str) -> None:
    """
    A change of groups or IDs only: Redis counts it and notifies, but WATCH
    does not see it (only XADD, XDEL, XTRIM and key creation do).
    """
    session.server.dirty += 1
    _notify(session, key, event)


def _existing_group(session, key: bytes, name: bytes) -> tuple[Stream, ConsumerGroup]:
    """The stream and its group for XCLAIM, XAUTOCLAIM and XPENDING, or Redis's NOGROUP error."""
    stream = read_stream(session, key)
    group = None if stream is None else stream.groups.get(name)
    if group is None:
        raise CommandError(f"NOGROUP No such key '{_text(key)}' or consumer group '{_text(name)}'")
    return stream, group


def _text(value: bytes) -> str:
    return value.decode("utf-8", "replace")


def _new_consumer(session, key: bytes, group: ConsumerGroup, name: bytes) -> Consumer:
    """The consumer C{name} seen now, created (dirty, event) if missing; replicas get it from the XCLAIMs."""
    consumer, created = group.consumer(name, session.server.now_ms)
    consumer.seen_time = session.server.now_ms
    if created:
        _metadata_changed(session, key, "xgroup-createconsumer")
    return consumer


def _xclaim_argv(key: bytes, group_name: bytes, group: ConsumerGroup, entry_id: StreamID, nack: PendingEntry):
    """What replicas get for a delivery or claim: an XCLAIM that forces the exact PEL state."""
    return [
        b"XCLAIM", key, group_name, nack.consumer or b"", b"0", format_id(entry_id),
        b"TIME", b"%d" % nack.delivery_time, b"RETRYCOUNT", b"%d" % nack.delivery_count,
        b"FORCE", b"JUSTID", b"LASTID", format_id(group.last_id),
    ]


def _setid_argv(key: bytes, group_name: bytes, group: ConsumerGroup) -> list[bytes]:
    return [b"XGROUP", b"SETID", key, group_name, format_id(group.last_id),
            b"ENTRIESREAD", b"%d" % group.entries_read]


def _propagate(session, commands: list[list[bytes]]) -> None:
    """Replace the command's own propagation by C{commands} (possibly none)."""
    if session.rewritten is None:
        session.rewritten = []
    session.rewritten.extend(commands)


# -- XADD / XTRIM ------------------------------------------------------------------------


@dataclass
class _Trim:
    """XADD/XTRIM's parsed options (Redis's streamAddTrimArgs)."""

    maxlen: int | None = None
    minid: StreamID | None = None
    approx: bool = False
    limit: int = 0
    value_index: int = 0
    nomkstream: bool = False
    id: StreamID = ZERO_ID
    id_given: bool = False
    seq_given: bool = True

    @property
    def trims(self) -> bool:
        return self.maxlen is not None or self.minid is not None


def _parse_trim(session, argv: list[bytes], xadd: bool) -> tuple[_Trim, int]:
    """Options from argument 2 on; for XADD also the ID, whose index is returned."""
    args = _Trim()
    limit_given = False
    i, argc = 2, len(argv)
    while i < argc:
        more = argc - 1 - i
        option = argv[i].lower()
        if xadd and argv[i] == b"*":
            break
        if option in (b"maxlen", b"minid") and more:
            if args.trims:
                raise CommandError("ERR syntax error, MAXLEN and MINID options at the same time are not compatible")
            if more >= 2 and argv[i + 1] in (b"~", b"="):
                args.approx = argv[i + 1] == b"~"
                i += 1
            if option == b"maxlen":
                args.maxlen = parse_int(argv[i + 1])
                if args.maxlen < 0:
                    raise CommandError("ERR The MAXLEN argument must be >= 0.")
            else:
                args.minid = strict_id(argv[i + 1])
            i += 1
            args.value_index = i
        elif xadd and option == b"nomkstream":
            args.nomkstream = True
        elif option == b"limit" and more:
            args.limit = parse_int(argv[i + 1])
            if args.limit < 0:
                raise CommandError("ERR The LIMIT argument must be >= 0.")
            limit_given = True
            i += 1
        elif xadd:
            args.id, args.seq_given = parse_id(argv[i], seq_star=True)
            args.id_given = True
            break
        else:
            raise CommandError(SYNTAX)
        i += 1
    if args.limit and not args.trims:
        raise CommandError("ERR syntax error, LIMIT cannot be used without specifying a trimming strategy")
    if not xadd and not args.trims:
        raise CommandError("ERR syntax error, XTRIM must be called with a trimming strategy")
    if session.is_replica_link:
        args.limit = 0
    elif limit_given:
        if not args.approx:
            raise CommandError("ERR syntax error, LIMIT cannot be used without the special ~ option")
    elif args.approx:
        args.limit = min(max(100 * session.server.config["stream-node-max-entries"], 0) or 10000, 1_000_000)
    else:
        args.limit = 0
    return args, i


def _trim(stream: Stream, args: _Trim) -> int:
    return stream.trim(args.maxlen, args.minid, args.approx, args.limit)


def _exact_trim_argv(argv: list[bytes], stream: Stream, args: _Trim) -> list[bytes]:
    """The command with C{~ N} made exact (C{= what was reached}), so replicas trim the same entries."""
    rewritten = list(argv)
    rewritten[args.value_index - 1] = b"="
    if args.maxlen is not None:
        rewritten[args.value_index] = b"%d" % len(stream)
    else:
        rewritten[args.value_index] = format_id(stream.first_id if len(stream) else MAX_ID)
    return rewritten


def _new_id(stream: Stream, args: _Trim, now_ms: int) -> StreamID:
    last = stream.last_id
    if not args.id_given:
        return _next(last) if last[0] >= now_ms else (now_ms, 0)
    if not args.seq_given:
        ms = args.id[0]
        if ms > last[0]:
            return ms, 0
        if ms == last[0] and last[1] < U64_MAX:
            return ms, last[1] + 1
        raise CommandError(XADD_TOO_SMALL)
    if args.id <= last:
        raise CommandError(XADD_TOO_SMALL)
    return args.id


@command("xadd", -5, "write denyoom fast",
         key_specs=[KeySpec("RW update", 1, notes="UPDATE instead of INSERT because of the optional trimming feature")],
         tips=("nondeterministic_output",), group="stream", since="5.0.0",
         summary="Append an entry to a stream, optionally trimming it.")
def xadd(session, argv):
    args, id_index = _parse_trim(session, argv, xadd=True)
    fields = argv[id_index + 1:]
    if len(fields) < 2 or len(fields) % 2:
        raise wrong_arity("xadd")
    if args.id_given and args.seq_given and args.id == ZERO_ID:
        raise CommandError("ERR The ID specified in XADD must be greater than 0-0")
    key, server, db = argv[1], session.server, session.db
    stream = _lookup_write(session, key)
    created = stream is None
    if created:
        if args.nomkstream:
            return None
        stream = Stream()
    if stream.last_id == MAX_ID:
        raise CommandError("ERR The stream has exhausted the last possible ID, unable to add more items")
    new_id = _new_id(stream, args, server.now_ms)
    if created:
        db.set(key, stream, keep_ttl=True)
    config = server.config
    stream.append(new_id, tuple(fields), config["stream-node-max-entries"], config["stream-node-max-bytes"])
    server.written(db, key, "xadd", "t")
    rewritten = argv
    if args.trims:
        if _trim(stream, args):
            server.written(db, key, "xtrim", "t", 0)
        if args.approx:
            rewritten = _exact_trim_argv(argv, stream, args)
    if not (args.id_given and args.seq_given):
        rewritten = list(rewritten)
        rewritten[id_index] = format_id(new_id)
    if rewritten is not argv:
        session.rewritten = [rewritten]
    return format_id(new_id)


@command("xtrim", -4, "write", key_specs=_KEY1["RW delete"], tips=("nondeterministic_output",), group="stream",
         since="5.0.0", summary="Remove a stream's oldest entries.")
def xtrim(session, argv):
    args, _ = _parse_trim(session, argv, xadd=False)
    key = argv[1]
    stream = _lookup_write(session, key)
    if stream is None:
        return 0
    removed = _trim(stream, args)
    if removed:
        if args.approx:
            session.rewritten = [_exact_trim_argv(argv, stream, args)]
        session.server.written(session.db, key, "xtrim", "t", removed)
    return removed


# -- XDEL / XLEN / XRANGE / XREVRANGE ---------------------------------------------------------


@command("xdel", -3, "write fast", key_specs=_KEY1["RW delete"], group="stream", since="5.0.0",
         summary="Delete entries from a stream.")
def xdel(session, argv):
    key = argv[1]
    stream = _lookup_write(session, key)
    if stream is None:
        return 0
    ids = [strict_id(arg) for arg in argv[2:]]
    deleted = 0
    for entry_id in ids:
        if stream.delete(entry_id):
            stream.max_deleted_entry_id = max(stream.max_deleted_entry_id, entry_id)
            deleted += 1
    if deleted:
        session.server.written(session.db, key, "xdel", "t", deleted)
    return deleted


@command("xlen", 2, "readonly fast", key_specs=_KEY1["RO"], group="stream", since="5.0.0",
         summary="The number of entries in a stream.")
def xlen(session, argv):
    stream = read_stream(session, argv[1])
    return 0 if stream is None else len(stream)


def _range(session, argv: list[bytes], reverse: bool):
    start = _interval_start(argv[3] if reverse else argv[2])
    end = _interval_end(argv[2] if reverse else argv[3])
    count = -1
    j = 4
    while j < len(argv):
        if argv[j].lower() == b"count" and j + 1 < len(argv):
            count = max(parse_int(argv[j + 1]), 0)
            j += 2
        else:
            raise CommandError(SYNTAX)
    stream = read_stream(session, argv[1])
    if stream is None:
        return []
    if count == 0:
        return NULL_ARRAY
    return _entries(stream.range(start, end, max(count, 0), reverse))


@command("xrange", -4, "readonly", key_specs=_KEY1["RO access"], group="stream", since="5.0.0",
         summary="Entries of a stream between two IDs.")
def xrange(session, argv):
    return _range(session, argv, reverse=False)


@command("xrevrange", -4, "readonly", key_specs=_KEY1["RO access"], group="stream", since="5.0.0",
         summary="Entries of a stream between two IDs, newest first.")
def xrevrange(session, argv):
    return _range(session, argv, reverse=True)


# -- XREAD / XREADGROUP ------------------------------------------------------------------


@dataclass
class _Read:
    """XREAD/XREADGROUP's parsed options."""

    count: int = 0
    deadline: int | None = None
    block_arg: bytes = b""
    streams_at: int = 0
    group: bytes | None = None
    consumer: bytes = b""
    noack: bool = False


def _parse_read(session, argv: list[bytes], grouped: bool) -> _Read:
    read = _Read()
    i, argc = 1, len(argv)
    while i < argc:
        more = argc - i - 1
        option = argv[i].lower()
        if option == b"block" and more:
            i += 1
            read.deadline = deadline_from_milliseconds(session.server, argv[i])
            read.block_arg = argv[i]
        elif option == b"count" and more:
            i += 1
            read.count = max(parse_int(argv[i]), 0)
        elif option == b"streams" and more:
            read.streams_at = i + 1
            if (argc - read.streams_at) % 2:
                raise CommandError(
                    "ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified."
                )
            break
        elif option == b"group" and more >= 2:
            if not grouped:
                raise CommandError("ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.")
            read.group, read.consumer = argv[i + 1], argv[i + 2]
            i += 2
        elif option == b"noack":
            if not grouped:
                raise CommandError("ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.")
            read.noack = True
        else:
            raise CommandError(SYNTAX)
        i += 1
    if not read.streams_at:
        raise CommandError(SYNTAX)
    if grouped and read.group is None:
        raise CommandError("ERR Missing GROUP option for XREADGROUP")
    return read


def _resolve_ids(session, argv: list[bytes], read: _Read) -> list[tuple[bytes, Stream | None, ConsumerGroup | None,
                                                                         StreamID]]:
    """Each stream with its group (XREADGROUP) and the ID to read after (MAX_ID standing for C{>})."""
    half = (len(argv) - read.streams_at) // 2
    keys = argv[read.streams_at:read.streams_at + half]
    resolved = []
    for key, arg in zip(keys, argv[read.streams_at + half:], strict=True):
        stream = read_stream(session, key)
        group = None
        if read.group is not None:
            group = None if stream is None else stream.groups.get(read.group)
            if group is None:
                raise CommandError(
                    f"NOGROUP No such key '{_text(key)}' or consumer group '{_text(read.group)}' in XREADGROUP with "
                    "GROUP option"
                )
        if arg == b"$":
            if read.group is not None:
                raise CommandError(
                    "ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this "
                    "consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just "
                    "return an empty result set."
                )
            after = ZERO_ID if stream is None else stream.last_id
        elif arg == b">":
            if read.group is None:
                raise CommandError(
                    "ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> "
                    "option."
                )
            after = MAX_ID
        else:
            after = strict_id(arg)
        resolved.append((key, stream, group, after))
    return resolved


def _last_live_id(stream: Stream) -> StreamID:
    return stream.entries.peekitem(-1)[0] if len(stream) else ZERO_ID


def _read_new(session, key: bytes, stream: Stream, group: ConsumerGroup, consumer: Consumer, read: _Read):
    """Entries after the group's last delivered ID, handed to C{consumer} (Redis's streamReplyWithRange)."""
    now = session.server.now_ms
    pairs = stream.range(_next(group.last_id), MAX_ID, read.count)
    commands = []
    for entry_id, _ in pairs:
        if group.entries_read != -1 and not stream.has_tombstones(entry_id):
            group.entries_read += 1
        elif stream.entries_added:
            group.entries_read = stream.estimate_read(entry_id)
        group.last_id = entry_id
        if not read.noack:
            nack = group.deliver(entry_id, consumer, now)
            commands.append(_xclaim_argv(key, read.group, group, entry_id, nack))
    if pairs and read.noack:
        commands.append(_setid_argv(key, read.group, group))
    _propagate(session, commands)
    return _entries(pairs)


def _read_history(session, stream: Stream, consumer: Consumer, after: StreamID, read: _Read) -> list:
    """
    The consumer's own pending entries after C{after}; deleted ones come with
    a null body. Redeliveries count, but Redis 7.0 does not propagate them.
    """
    now = session.server.now_ms
    reply = []
    for entry_id in consumer.pel.irange(_next(after), MAX_ID):
        fields = stream.entries.get(entry_id)
        reply.append([format_id(entry_id), NULL_ARRAY if fields is None else list(fields)])
        if fields is not None:
            nack = consumer.pel[entry_id]
            nack.delivery_time = now
            nack.delivery_count += 1
        if len(reply) == read.count:
            break
    return reply


def _serve(session, read: _Read, resolved) -> list:
    """What can be served now: [key, entries] for each stream that has something."""
    served = []
    for key, stream, group, after in resolved:
        if stream is None:
            continue
        if group is None:
            if len(stream) and _last_live_id(stream) > after:
                served.append([key, _entries(stream.range(_next(after), MAX_ID, read.count))])
            continue
        history = after != MAX_ID
        if not history and not (len(stream) and _last_live_id(stream) > group.last_id):
            continue  # nothing new: no consumer is created either
        consumer = _new_consumer(session, key, group, read.consumer)
        if history:
            served.append([key, _read_history(session, stream, consumer, after, read)])
        else:
            served.append([key, _read_new(session, key, stream, group, consumer, read)])
        session.server.dirty += 1
    return served


def _blocked_argv(argv: list[bytes], read: _Read, resolved) -> list[bytes]:
    """The command to re-run when woken: C{$} pinned to the IDs of now, Redis's default COUNT when none."""
    head = [argv[0]]
    if read.group is not None:
        head += [b"GROUP", read.group, read.consumer]
    head += [b"COUNT", b"%d" % (read.count or BLOCKED_DEFAULT_COUNT), b"BLOCK", read.block_arg]
    if read.noack:
        head.append(b"NOACK")
    ids = [b">" if after == MAX_ID and read.group is not None else format_id(after) for *_, after in resolved]
    return [*head, b"STREAMS", *(key for key, *_ in resolved), *ids]


def _read(session, argv: list[bytes], grouped: bool):
    read = _parse_read(session, argv, grouped)
    if grouped:
        _propagate(session, [])  # only what the reads themselves add
    if grouped and _group_vanished(session, argv, read):
        raise CommandError("NOGROUP the consumer group this client was blocked on no longer exists")
    resolved = _resolve_ids(session, argv, read)
    served = _serve(session, read, resolved)
    if served:
        return _as_map(served) if session.resp == 3 else served
    if read.deadline is None:
        return NULL_ARRAY
    keys = [key for key, *_ in resolved]
    return Block(
        keys, read.deadline, Stream, NULL_ARRAY, _blocked_argv(argv, read, resolved),
        # Woken by one stream, Redis answers with that stream alone.
        for_key=lambda ready: _blocked_argv(argv, read, [entry for entry in resolved if entry[0] == ready]),
        gone_error="UNBLOCKED the stream key no longer exists" if grouped else None,
    )


def _as_map(pairs: list[list]):
    """RESP3's map of stream -> entries; a stream named twice stays twice, as in Redis."""
    mapped = dict(pairs)
    if len(mapped) == len(pairs):
        return mapped
    return Raw(b"%%%d\r\n" % len(pairs) + b"".join(encode(key, 3) + encode(value, 3) for key, value in pairs))


def _group_vanished(session, argv: list[bytes], read: _Read) -> bool:
    """A parked XREADGROUP being re-run after its group was destroyed (Redis answers it a special NOGROUP)."""
    if session.id not in session.server.blocking.blocked:
        return False
    half = (len(argv) - read.streams_at) // 2
    for key in argv[read.streams_at:read.streams_at + half]:
        stream = session.db.data.get(key)
        if type(stream) is Stream and read.group not in stream.groups:
            return True
    return False


@command("xread", -4, "readonly blocking",
         key_specs=[KeySpec("RO access", keyword="STREAMS", startfrom=1, lastkey=-1, limit=2)],
         group="stream", since="5.0.0", summary="Read entries from streams after given IDs, optionally waiting.")
def xread(session, argv):
    return _read(session, argv, grouped=False)


@command("xreadgroup", -7, "write blocking",
         key_specs=[KeySpec("RO access", keyword="STREAMS", startfrom=4, lastkey=-1, limit=2)],
         group="stream", since="5.0.0", summary="Read entries from streams as a consumer of a group.")
def xreadgroup(session, argv):
    return _read(session, argv, grouped=True)


# -- XACK / XPENDING / XCLAIM / XAUTOCLAIM ---------------------------------------------


@command("xack", -4, "write fast", key_specs=_KEY1["RW update"], group="stream", since="5.0.0",
         summary="Acknowledge entries of a consumer group.")
def xack(session, argv):
    stream = read_stream(session, argv[1])
    group = None if stream is None else stream.groups.get(argv[2])
    if group is None:
        return 0
    ids = [strict_id(arg) for arg in argv[3:]]
    acknowledged = sum(group.forget(entry_id) for entry_id in ids)
    session.server.dirty += acknowledged
    return acknowledged


@command("xpending", -3, "readonly", key_specs=_KEY1["RO access"], tips=("nondeterministic_output",),
         group="stream", since="5.0.0", summary="Pending entries of a consumer group.")
def xpending(session, argv):
    argc = len(argv)
    if argc != 3 and not 6 <= argc <= 9:
        raise CommandError(SYNTAX)
    min_idle, count, consumer_name = 0, 0, None
    if argc >= 6:
        at = 3
        if argv[3].lower() == b"idle":
            min_idle = parse_int(argv[4])
            if argc < 8:
                raise CommandError(SYNTAX)
            at = 5
        count = max(parse_int(argv[at + 2]), 0)
        start, end = _interval_start(argv[at]), _interval_end(argv[at + 1])
        if at + 3 < argc:
            consumer_name = argv[at + 3]
    _, group = _existing_group(session, argv[1], argv[2])
    if argc == 3:
        return _pending_summary(group)
    pel = group.pel
    if consumer_name is not None:
        consumer = group.consumers.get(consumer_name)
        if consumer is None:
            return []
        pel = consumer.pel
    now = session.server.now_ms
    reply = []
    for entry_id in pel.irange(start, end):
        if len(reply) == count:
            break
        nack = pel[entry_id]
        idle = now - nack.delivery_time
        if min_idle and idle < min_idle:
            continue
        reply.append([format_id(entry_id), nack.consumer, max(idle, 0), nack.delivery_count])
    return reply


def _pending_summary(group: ConsumerGroup) -> list:
    pel = group.pel
    if not pel:
        return [0, None, None, NULL_ARRAY]
    owners = [
        [name, b"%d" % len(group.consumers[name].pel)]
        for name in sorted(group.consumers) if group.consumers[name].pel
    ]
    return [len(pel), format_id(pel.peekitem(0)[0]), format_id(pel.peekitem(-1)[0]), owners]


def _claim_reply(stream: Stream, entry_id: StreamID, justid: bool):
    return format_id(entry_id) if justid else _entry(entry_id, stream.entries[entry_id])


def _xclaim_options(session, argv: list[bytes], first: int):
    """XCLAIM's options after its IDs: (delivery time, retry count, force, justid, last id)."""
    now = session.server.now_ms
    delivery, retry, force, justid, last_id = -1, -1, False, False, ZERO_ID
    j = first
    while j < len(argv):
        more = len(argv) - 1 - j
        option = argv[j].lower()
        if option == b"force":
            force = True
        elif option == b"justid":
            justid = True
        elif option == b"idle" and more:
            j += 1
            delivery = now - parse_int(argv[j], "ERR Invalid IDLE option argument for XCLAIM")
        elif option == b"time" and more:
            j += 1
            delivery = parse_int(argv[j], "ERR Invalid TIME option argument for XCLAIM")
        elif option == b"retrycount" and more:
            j += 1
            retry = parse_int(argv[j], "ERR Invalid RETRYCOUNT option argument for XCLAIM")
        elif option == b"lastid" and more:
            j += 1
            last_id = strict_id(argv[j])
        else:
            raise CommandError(f"ERR Unrecognized XCLAIM option '{_text(argv[j])}'")
        j += 1
    if delivery < 0 or delivery > now:
        delivery = now
    return delivery, retry, force, justid, last_id


@command("xclaim", -6, "write fast", key_specs=_KEY1["RW update"], tips=("nondeterministic_output",),
         group="stream", since="5.0.0", summary="Take over pending entries of a consumer group.")
def xclaim(session, argv):
    key, group_name = argv[1], argv[2]
    stream, group = _existing_group(session, key, group_name)
    min_idle = max(parse_int(argv[4], "ERR Invalid min-idle-time argument for XCLAIM"), 0)
    ids = []
    for arg in argv[5:]:
        try:
            ids.append(strict_id(arg))
        except CommandError:
            break
    delivery, retry, force, justid, last_id = _xclaim_options(session, argv, 5 + len(ids))
    commands = []
    propagate_last_id = False
    if last_id > group.last_id:
        group.last_id = last_id
        propagate_last_id = True
    now = session.server.now_ms
    consumer = None
    reply = []
    for entry_id in ids:
        nack = group.pel.get(entry_id)
        if entry_id not in stream.entries:
            if nack is not None:
                commands.append(_xclaim_argv(key, group_name, group, entry_id, nack))
                group.forget(entry_id)
                propagate_last_id = False
                session.server.dirty += 1
            continue
        if force and nack is None:
            nack = group.pel[entry_id] = PendingEntry(None, now)
        if nack is None:
            continue
        if nack.consumer is not None and min_idle and now - nack.delivery_time < min_idle:
            continue
        if consumer is None:
            consumer = _new_consumer(session, key, group, argv[3])
        group.move(entry_id, nack, consumer)
        nack.delivery_time = delivery
        if retry >= 0:
            nack.delivery_count = retry
        elif not justid:
            nack.delivery_count += 1
        reply.append(_claim_reply(stream, entry_id, justid))
        commands.append(_xclaim_argv(key, group_name, group, entry_id, nack))
        propagate_last_id = False
        session.server.dirty += 1
    if propagate_last_id:
        commands.append(_setid_argv(key, group_name, group))
        session.server.dirty += 1
    _propagate(session, commands)
    return reply


_AUTOCLAIM_MAX_COUNT = (2**63 - 1) // 16


@command("xautoclaim", -6, "write fast", key_specs=_KEY1["RW delete"], tips=("nondeterministic_output",),
         group="stream", since="6.2.0", summary="Take over a consumer group's entries idle for long enough.")
def xautoclaim(session, argv):
    key, group_name = argv[1], argv[2]
    min_idle = max(parse_int(argv[4], "ERR Invalid min-idle-time argument for XAUTOCLAIM"), 0)
    start = _interval_start(argv[5])
    count, justid = 100, False
    j = 6
    while j < len(argv):
        option = argv[j].lower()
        if option == b"count" and j + 1 < len(argv):
            count = string2ll(argv[j + 1])
            if count is None or not 1 <= count <= _AUTOCLAIM_MAX_COUNT:
                raise CommandError("ERR COUNT must be > 0")
            j += 1
        elif option == b"justid":
            justid = True
        else:
            raise CommandError(SYNTAX)
        j += 1
    stream, group = _existing_group(session, key, group_name)
    now = session.server.now_ms
    attempts = count * 10
    consumer = None
    claimed, deleted, commands = [], [], []
    pending = iter(list(group.pel.irange(start, MAX_ID)))
    cursor = ZERO_ID
    for entry_id in pending:
        if not attempts or not count:
            cursor = entry_id
            break
        attempts -= 1
        nack = group.pel[entry_id]
        if entry_id not in stream.entries:
            commands.append(_xclaim_argv(key, group_name, group, entry_id, nack))
            group.forget(entry_id)
            deleted.append(format_id(entry_id))
            count -= 1
            session.server.dirty += 1
            continue
        if min_idle and now - nack.delivery_time < min_idle:
            continue
        if consumer is None:
            consumer = _new_consumer(session, key, group, argv[3])
        group.move(entry_id, nack, consumer)
        nack.delivery_time = now
        if not justid:
            nack.delivery_count += 1
        claimed.append(_claim_reply(stream, entry_id, justid))
        count -= 1
        commands.append(_xclaim_argv(key, group_name, group, entry_id, nack))
        session.server.dirty += 1
    _propagate(session, commands)
    return [format_id(cursor), claimed, deleted]


# -- XSETID ----------------------------------------------------------------------------------


@command("xsetid", -3, "write denyoom fast", key_specs=_KEY1["RW update"], group="stream", since="5.0.0",
         summary="Set a stream's last ID and its counters.")
def xsetid(session, argv):
    new_id = strict_id(argv[2])
    added, max_deleted = -1, ZERO_ID
    i = 3
    while i < len(argv):
        option = argv[i].lower()
        if option == b"entriesadded" and i + 1 < len(argv):
            added = parse_int(argv[i + 1])
            if added < 0:
                raise CommandError("ERR entries_added must be positive")
        elif option == b"maxdeletedid" and i + 1 < len(argv):
            max_deleted = strict_id(argv[i + 1])
            if new_id < max_deleted:
                raise CommandError("ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id")
        else:
            raise CommandError(SYNTAX)
        i += 2
    key = argv[1]
    stream = _lookup_write(session, key)
    if stream is None:
        raise CommandError(NO_SUCH_KEY)
    if len(stream):
        if new_id < _last_live_id(stream):
            raise CommandError("ERR The ID specified in XSETID is smaller than the target stream top item")
        if added != -1 and len(stream) > added:
            raise CommandError("ERR The entries_added specified in XSETID is smaller than the target stream length")
    stream.last_id = new_id
    if added != -1:
        stream.entries_added = added
    if max_deleted != ZERO_ID:
        stream.max_deleted_entry_id = max_deleted
    _metadata_changed(session, key, "xsetid")
    return OK


# -- XGROUP ----------------------------------------------------------------------------------------


def _entries_read(arg: bytes) -> int:
    value = parse_int(arg)
    if value < -1:
        raise CommandError("ERR value for ENTRIESREAD must be positive or -1")
    return value


def _group_stream(session, argv: list[bytes], create_missing: bool = False) -> Stream | None:
    """XGROUP's key: must hold a stream unless CREATE has MKSTREAM."""
    stream = _lookup_write(session, argv[2])
    if stream is None and not create_missing:
        raise CommandError(NO_KEY_FOR_XGROUP)
    return stream


def _group_of(session, argv: list[bytes]) -> tuple[Stream, ConsumerGroup]:
    stream = _group_stream(session, argv)
    group = stream.groups.get(argv[3])
    if group is None:
        raise CommandError(f"NOGROUP No such consumer group '{_text(argv[3])}' for key name '{_text(argv[2])}'")
    return stream, group


@command("create", -5, "write denyoom", key_specs=_KEY2["RW insert"], parent="xgroup", group="stream",
         since="5.0.0", summary="Create a consumer group.")
def xgroup_create(session, argv):
    mkstream, entries_read = False, -1
    i = 5
    while i < len(argv):
        option = argv[i].lower()
        if option == b"mkstream":
            mkstream = True
            i += 1
        elif option == b"entriesread" and i + 1 < len(argv):
            entries_read = _entries_read(argv[i + 1])
            i += 2
        else:
            raise subcommand_syntax(argv[1], "xgroup")
    key, name = argv[2], argv[3]
    stream = _group_stream(session, argv, mkstream)
    if len(argv) > 8:
        raise subcommand_syntax(argv[1], "xgroup")
    if argv[4] == b"$":
        last_id = ZERO_ID if stream is None else stream.last_id
    else:
        last_id = strict_id(argv[4])
    created = stream is None
    if created:
        stream = Stream()
        session.db.set(key, stream, keep_ttl=True)
    if name in stream.groups:
        raise CommandError("BUSYGROUP Consumer Group name already exists")
    stream.groups[name] = ConsumerGroup(last_id, entries_read)
    if created:
        session.server.written(session.db, key, "xgroup-create", "t")
    else:
        _metadata_changed(session, key, "xgroup-create")
    return OK


@command("setid", -5, "write", key_specs=_KEY2["RW update"], parent="xgroup", group="stream", since="5.0.0",
         summary="Set a consumer group's last delivered ID.")
def xgroup_setid(session, argv):
    if len(argv) not in (5, 7):
        raise subcommand_syntax(argv[1], "xgroup")
    stream, group = _group_of(session, argv)
    last_id = stream.last_id if argv[4] == b"$" else parse_id(argv[4], strict=False)[0]
    entries_read = -1
    if len(argv) == 7:
        if argv[5].lower() != b"entriesread":
            raise subcommand_syntax(argv[1], "xgroup")
        entries_read = _entries_read(argv[6])
    group.last_id, group.entries_read = last_id, entries_read
    _metadata_changed(session, argv[2], "xgroup-setid")
    return OK


@command("destroy", 4, "write", key_specs=_KEY2["RW delete"], parent="xgroup", group="stream", since="5.0.0",
         summary="Remove a consumer group.")
def xgroup_destroy(session, argv):
    stream = _group_stream(session, argv)
    if stream.groups.pop(argv[3], None) is None:
        return 0
    _metadata_changed(session, argv[2], "xgroup-destroy")
    # Consumers blocked on the group must hear it is gone (see _group_vanished).
    session.server.blocking.touched(session.db, argv[2])
    return 1


@command("createconsumer", 5, "write denyoom", key_specs=_KEY2["RW insert"], parent="xgroup", group="stream",
         since="6.2.0", summary="Create a consumer in a consumer group.")
def xgroup_createconsumer(session, argv):
    _, group = _group_of(session, argv)
    _, created = group.consumer(argv[4], session.server.now_ms)
    if created:
        _metadata_changed(session, argv[2], "xgroup-createconsumer")
    return int(created)


@command("delconsumer", 5, "write", key_specs=_KEY2["RW delete"], parent="xgroup", group="stream", since="5.0.0",
         summary="Remove a consumer from a consumer group.")
def xgroup_delconsumer(session, argv):
    _, group = _group_of(session, argv)
    consumer = group.consumers.pop(argv[4], None)
    if consumer is None:
        return 0
    for entry_id in consumer.pel:
        del group.pel[entry_id]
    _metadata_changed(session, argv[2], "xgroup-delconsumer")
    return len(consumer.pel)


_XGROUP_HELP = (
    "CREATE <key> <groupname> <id|$> [option]",
    "    Create a new consumer group. Options are:",
    "    * MKSTREAM",
    "      Create the empty stream if it does not exist.",
    "    * ENTRIESREAD entries_read",
    "      Set the group's entries_read counter (internal use).",
    "CREATECONSUMER <key> <groupname> <consumer>",
    "    Create a new consumer in the specified group.",
    "DELCONSUMER <key> <groupname> <consumer>",
    "    Remove the specified consumer.",
    "DESTROY <key> <groupname>",
    "    Remove the specified group.",
    "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
    "    Set the current group ID and entries_read counter.",
)


@command("help", 2, "loading stale", parent="xgroup", group="stream", since="5.0.0",
         summary="Show helpful text about the different subcommands")
def xgroup_help(session, argv):
    return help_reply("XGROUP", _XGROUP_HELP)


# -- XINFO ---------------------------------------------------------------------------------


def _info_stream(session, argv: list[bytes]) -> Stream:
    stream = read_stream(session, argv[2])
    if stream is None:
        raise CommandError(NO_SUCH_KEY)
    return stream


def _stream_head(stream: Stream) -> dict:
    return {
        b"length": len(stream),
        b"radix-tree-keys": len(stream.nodes),
        b"radix-tree-nodes": stream.radix_tree_nodes(),
        b"last-generated-id": format_id(stream.last_id),
        b"max-deleted-entry-id": format_id(stream.max_deleted_entry_id),
        b"entries-added": stream.entries_added,
        b"recorded-first-entry-id": format_id(stream.first_id),
    }


def _entries_read_reply(group: ConsumerGroup) -> int | None:
    return None if group.entries_read == -1 else group.entries_read


@command("stream", -3, "readonly", key_specs=_KEY2["RO access"], parent="xinfo", group="stream", since="5.0.0",
         summary="Information about a stream.")
def xinfo_stream(session, argv):
    stream = _info_stream(session, argv)
    extra = argv[3:]
    if not extra:
        reply = _stream_head(stream)
        reply[b"groups"] = len(stream.groups)
        first = stream.range(ZERO_ID, MAX_ID, 1)
        last = stream.range(ZERO_ID, MAX_ID, 1, reverse=True)
        reply[b"first-entry"] = _entry(*first[0]) if first else None
        reply[b"last-entry"] = _entry(*last[0]) if last else None
        return reply
    count = 10
    if len(extra) not in (1, 3) or extra[0].lower() != b"full" or (len(extra) == 3 and extra[1].lower() != b"count"):
        raise subcommand_syntax(argv[1], "xinfo")
    if len(extra) == 3:
        count = parse_int(extra[2])
        if count < 0:
            count = 10
    reply = _stream_head(stream)
    reply[b"entries"] = _entries(stream.range(ZERO_ID, MAX_ID, count))
    reply[b"groups"] = [_full_group(stream, name, stream.groups[name], count) for name in sorted(stream.groups)]
    return reply


def _full_group(stream: Stream, name: bytes, group: ConsumerGroup, count: int) -> dict:
    pending = [
        [format_id(entry_id), nack.consumer, nack.delivery_time, nack.delivery_count]
        for entry_id, nack in _first(group.pel.items(), count)
    ]
    consumers = []
    for consumer_name in sorted(group.consumers):
        consumer = group.consumers[consumer_name]
        consumers.append({
            b"name": consumer_name,
            b"seen-time": consumer.seen_time,
            b"pel-count": len(consumer.pel),
            b"pending": [
                [format_id(entry_id), nack.delivery_time, nack.delivery_count]
                for entry_id, nack in _first(consumer.pel.items(), count)
            ],
        })
    return {
        b"name": name,
        b"last-delivered-id": format_id(group.last_id),
        b"entries-read": _entries_read_reply(group),
        b"lag": stream.lag(group),
        b"pel-count": len(group.pel),
        b"pending": pending,
        b"consumers": consumers,
    }


def _first(items, count: int) -> list:
    """At most C{count} of C{items} (0: all)."""
    out = []
    for item in items:
        if count and len(out) == count:
            break
        out.append(item)
    return out


@command("groups", 3, "readonly", key_specs=_KEY2["RO access"], parent="xinfo", group="stream", since="5.0.0",
         summary="The consumer groups of a stream.")
def xinfo_groups(session, argv):
    stream = _info_stream(session, argv)
    return [
        {
            b"name": name,
            b"consumers": len(group.consumers),
            b"pending": len(group.pel),
            b"last-delivered-id": format_id(group.last_id),
            b"entries-read": _entries_read_reply(group),
            b"lag": stream.lag(group),
        }
        for name, group in sorted(stream.groups.items())
    ]


@command("consumers", 4, "readonly", key_specs=_KEY2["RO access"], tips=("nondeterministic_output",),
         parent="xinfo", group="stream", since="5.0.0", summary="The consumers of a consumer group.")
def xinfo_consumers(session, argv):
    stream = _info_stream(session, argv)
    group = stream.groups.get(argv[3])
    if group is None:
        raise CommandError(f"NOGROUP No such consumer group '{_text(argv[3])}' for key name '{_text(argv[2])}'")
    now = session.server.now_ms
    return [
        {b"name": name, b"pending": len(consumer.pel), b"idle": max(now - consumer.seen_time, 0)}
        for name, consumer in sorted(group.consumers.items())
    ]


_XINFO_HELP = (
    "CONSUMERS <key> <groupname>",
    "    Show consumers of <groupname>.",
    "GROUPS <key>",
    "    Show the stream consumer groups.",
    "STREAM <key> [FULL [COUNT <count>]",
    "    Show information about the stream.",
)


@command("help", 2, "loading stale", parent="xinfo", group="stream", since="5.0.0",
         summary="Show helpful text about the different subcommands")
def xinfo_help(session, argv):
    return help_reply("XINFO", _XINFO_HELP)
