"""
txredis-cli's non-interactive runs: one-shot commands, commands from stdin,
and the modes (C{--scan}, C{--pipe}, C{--latency[-history]}, C{--eval},
C{--rdb}, C{--replica}), each on one asynchronous connection.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import time
from collections.abc import Callable
from typing import Any, BinaryIO

from twisted.internet import defer, task

from txredisd.client.connection import ClientError, RedisClientProtocol, open_connection
from txredisd.client.format import format_csv, quoted
from txredisd.client.reply import Kind, ReplyParser
from txredisd.tools.cli import Config, show_push, show_reply, write_err, write_out

LATENCY_SAMPLE_SECONDS = 0.01
LATENCY_HISTORY_SECONDS = 15.0
STREAMING = frozenset({b"subscribe", b"psubscribe", b"ssubscribe", b"monitor"})


async def connect(reactor: Any, config: Config) -> RedisClientProtocol:
    """Connect, then AUTH / SELECT / HELLO 3 as redis-cli does (their failures are warnings)."""
    client = await open_connection(reactor, config.connect)
    client.on_push = lambda reply: show_push(config, reply)
    options = config.connect
    if options.password is not None:
        user = [os.fsencode(options.user)] if options.user is not None else []
        reply = await client.call(b"AUTH", *user, os.fsencode(options.password))
        if reply.is_error:
            write_err(b"AUTH failed: " + reply.value)
    if options.db:
        reply = await client.call(b"SELECT", b"%d" % options.db)
        if reply.is_error:
            write_err(b"SELECT %d failed: " % options.db + reply.value)
    if config.resp == 3:
        reply = await client.call(b"HELLO", b"3")
        if reply.is_error:
            write_err(b"HELLO 3 failed: " + reply.value)
    return client


async def run(reactor: Any, config: Config) -> None:
    """Everything but the interactive prompt; exits 1 with one line on any failure."""
    # Ctrl-C or a SIGTERM stops the reactor and so closes the connection:
    # that is the user's doing, not an error to report.
    stopping: list[bool] = []
    reactor.addSystemEventTrigger("before", "shutdown", stopping.append, True)
    try:
        client = await connect(reactor, config)
        if config.mode not in _MODES:
            write_err(f"txredis-cli: --{config.mode} is not implemented yet")
            raise SystemExit(1)
        await _MODES[config.mode](reactor, client, config)
    except ClientError as failure:
        if not stopping:
            write_err(str(failure))
        raise SystemExit(1) from None


async def _pause(reactor: Any, seconds: float) -> None:
    await task.deferLater(reactor, seconds, lambda: None)


async def one_shot(reactor: Any, client: RedisClientProtocol, config: Config) -> None:
    """The command given on the command line, C{-r} times every C{-i} seconds (or stdin's lines)."""
    if not config.command:
        await from_stdin(client, config)
        return
    failed = False
    remaining = config.repeat
    if config.command[0].lower() in STREAMING:
        await stream_replies(client, config)
    while remaining != 0:
        reply = await client.call(*config.command)
        show_reply(config, config.command, reply)
        failed = failed or reply.is_error
        remaining -= 1
        if remaining and config.interval:
            await _pause(reactor, config.interval)
    if failed and config.errcode:
        raise SystemExit(1)


async def stream_replies(client: RedisClientProtocol, config: Config) -> None:
    """SUBSCRIBE and MONITOR keep sending (RESP3 pushes included); print until the connection ends."""
    client.on_push = client.on_reply = lambda reply: show_reply(config, config.command, reply)
    if config.output == "tty" and config.command[0].lower() != b"monitor":
        write_out(b"Reading messages... (press Ctrl-C to quit)\n")
    client.send(*config.command)
    message = await client.lost
    raise ClientError(f"Error: {message}")


async def from_stdin(client: RedisClientProtocol, config: Config) -> None:
    """No command and no terminal: one command per stdin line, as redis-cli's line mode."""
    quiet = dataclasses.replace(config, errcode=False)
    for raw_line in sys.stdin.buffer:
        try:
            argv = split_args(raw_line.rstrip(b"\r\n"))
        except ValueError:
            write_out(b"Invalid argument(s)\n")
            continue
        if argv:
            show_reply(quiet, argv, await client.call(*argv))


_ESCAPED = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"a": b"\a"}
_HEX_DIGITS = frozenset(b"0123456789abcdefABCDEF")


def split_args(line: bytes) -> list[bytes]:
    """
    A command line split as redis-cli splits it: blanks separate words,
    double quotes allow C{\\n}, C{\\xHH} and friends, single quotes only
    C{\\'}; a closing quote must end the word. ValueError when unbalanced.
    """
    words: list[bytes] = []
    pos, end = 0, len(line)
    while True:
        while pos < end and line[pos : pos + 1].isspace():
            pos += 1
        if pos >= end:
            return words
        word, pos = _one_word(line, pos)
        words.append(word)


def _one_word(line: bytes, pos: int) -> tuple[bytes, int]:
    out = bytearray()
    quote = None
    end = len(line)
    while True:
        if pos >= end:
            if quote is not None:
                raise ValueError("unbalanced quotes")
            return bytes(out), pos
        char = line[pos : pos + 1]
        if quote is None:
            if char.isspace():
                return bytes(out), pos
            if char in (b'"', b"'"):
                quote = char
            else:
                out += char
            pos += 1
            continue
        if char == quote:
            if pos + 1 < end and not line[pos + 1 : pos + 2].isspace():
                raise ValueError("closing quote must be followed by a space")
            return bytes(out), pos + 1
        if (
            quote == b'"'
            and char == b"\\"
            and pos + 3 < end
            and line[pos + 1 : pos + 2] == b"x"
            and all(c in _HEX_DIGITS for c in line[pos + 2 : pos + 4])
        ):
            out.append(int(line[pos + 2 : pos + 4], 16))
            pos += 4
        elif char == b"\\" and pos + 1 < end and (quote == b'"' or line[pos + 1 : pos + 2] == b"'"):
            following = line[pos + 1 : pos + 2]
            out += _ESCAPED.get(following, following) if quote == b'"' else following
            pos += 2
        else:
            out += char
            pos += 1


# -- modes ------------------------------------------------------------------------


async def scan_mode(reactor: Any, client: RedisClientProtocol, config: Config) -> None:
    """Every key SCAN returns, one per line (quoted on a terminal, raw up to a NUL otherwise)."""
    cursor = b"0"
    extra = [b"MATCH", config.pattern] if config.pattern is not None else []
    if config.count:
        extra += [b"COUNT", b"%d" % config.count]
    while True:
        reply = await client.call(b"SCAN", cursor, *extra)
        if reply.is_error:
            write_err(b"ERROR: " + reply.value)
            raise SystemExit(1)
        cursor_reply, keys = reply.items
        lines = [quoted(key.value) if config.output == "tty" else key.value.split(b"\0")[0] for key in keys.items]
        write_out(b"".join(line + b"\n" for line in lines))
        cursor = cursor_reply.value
        if cursor == b"0":
            return


async def pipe_mode(reactor: Any, client: RedisClientProtocol, config: Config) -> None:
    """Mass insertion: stdin's RESP goes out as is; an ECHO of a random marker shows the end."""
    marker = os.urandom(20).hex().encode()
    counts = {"errors": 0, "replies": 0}
    done: defer.Deferred[None] = defer.Deferred()

    def on_reply(reply: Any) -> None:
        if reply.kind is Kind.BULK and reply.value == marker:
            done.callback(None)
            return
        counts["replies"] += 1
        if reply.is_error:
            counts["errors"] += 1
            write_err(reply.value)

    client.on_reply = on_reply
    client.lost.addCallback(lambda message: done.called or done.errback(ClientError(f"Error: {message}")))
    for chunk in iter(lambda: sys.stdin.buffer.read1(1 << 16), b""):
        client.transport.write(chunk)
    client.send(b"ECHO", marker)
    write_out(b"All data transferred. Waiting for the last reply...\n")
    await done
    write_out(b"Last reply received from server.\nerrors: %d, replies: %d\n" % (counts["errors"], counts["replies"]))
    if counts["errors"]:
        raise SystemExit(1)


@dataclasses.dataclass
class _Latency:
    """Running figures of one latency window, in whole milliseconds as redis-cli keeps them."""

    low: int = 0
    high: int = 0
    total: int = 0
    count: int = 0

    def add(self, ms: int) -> None:
        self.low = ms if self.count == 0 else min(self.low, ms)
        self.high = max(self.high, ms)
        self.total += ms
        self.count += 1

    def line(self, output: str, human: bool) -> bytes:
        avg = self.total / self.count if self.count else 0.0
        if human:
            return b"min: %d, max: %d, avg: %.2f (%d samples)" % (self.low, self.high, avg, self.count)
        separator = b"," if output == "csv" else b" "
        return separator.join([b"%d" % self.low, b"%d" % self.high, b"%.2f" % avg, b"%d" % self.count]) + b"\n"


async def latency_mode(reactor: Any, client: RedisClientProtocol, config: Config) -> None:
    """
    PING every 10 ms. On a terminal the figures refresh in place (forever);
    otherwise one line after C{-i} seconds (default 1). With
    C{--latency-history} a window closes every C{-i} seconds (default 15)
    with a "seconds range" line, and piped output gets a line per sample.
    """
    history = config.mode == "latency-history"
    tty = config.output == "tty"
    window = config.interval or (LATENCY_HISTORY_SECONDS if history else 1.0)
    stats, started = _Latency(), time.monotonic()
    while True:
        before = time.monotonic()
        reply = await client.call(b"PING")
        if reply.is_error:
            write_err(b"\nI/O error\n")
            raise SystemExit(1)
        stats.add(int((time.monotonic() - before) * 1000))
        if tty:
            write_out(b"\x1b[0G\x1b[2K" + stats.line(config.output, True))
        elif history:
            write_out(stats.line(config.output, False))
        if time.monotonic() - started > window:
            if history:
                write_out(b" -- %.2f seconds range\n" % (time.monotonic() - started))
                stats, started = _Latency(), time.monotonic()
            elif not tty:
                write_out(stats.line(config.output, False))
                return
        await _pause(reactor, LATENCY_SAMPLE_SECONDS)


async def eval_mode(reactor: Any, client: RedisClientProtocol, config: Config) -> None:
    """C{--eval file key ... , arg ...}: EVAL with the keys before the comma."""
    try:
        with open(config.path, "rb") as script_file:
            script = script_file.read()
    except OSError as bad:
        write_err(f"Can't open file '{config.path}': {bad.strerror}")
        raise SystemExit(1) from None
    words = config.command
    keys = words[: words.index(b",")] if b"," in words else words
    args = words[len(keys) + 1 :]
    command = [b"EVAL", script, b"%d" % len(keys), *keys, *args]
    reply = await client.call(*command)
    show_reply(config, command, reply)
    if reply.is_error and config.errcode:
        raise SystemExit(1)


# -- keyspace and server statistics ------------------------------------------------

_BIGKEYS_HEADER = (
    b"\n# Scanning the entire keyspace to find biggest keys as well as\n"
    b"# average sizes per key type.  You can use -i 0.1 to sleep 0.1 sec\n"
    b"# per 100 SCAN commands (not usually needed).\n\n"
)


@dataclasses.dataclass
class _TypeStats:
    """One key type's running totals for --bigkeys / --memkeys."""

    name: bytes
    size_command: bytes
    unit: bytes
    count: int = 0
    total: int = 0
    biggest: int = 0
    biggest_key: bytes | None = None


def _key_types() -> dict[bytes, _TypeStats]:
    """In the order redis-cli 7.0's summary lists them."""
    table = (
        (b"list", b"LLEN", b"items"),
        (b"hash", b"HLEN", b"fields"),
        (b"string", b"STRLEN", b"bytes"),
        (b"stream", b"XLEN", b"entries"),
        (b"set", b"SCARD", b"members"),
        (b"zset", b"ZCARD", b"members"),
    )
    return {name: _TypeStats(name, command, unit) for name, command, unit in table}


async def _pipelined(client: RedisClientProtocol, commands: list[list[bytes]]) -> list[Any]:
    """Send all, then collect the replies in order (one round trip per batch)."""
    waiting = [client.call(*command) for command in commands]
    return [await reply for reply in waiting]


async def bigkeys_mode(reactor: Any, client: RedisClientProtocol, config: Config) -> None:
    """SCAN everything; report the biggest key of each type (by length, or by memory with --memkeys)."""
    memory = config.mode == "memkeys"
    types = _key_types()
    total_keys = (await client.call(b"DBSIZE")).value
    write_out(_BIGKEYS_HEADER)
    sampled = key_bytes = 0
    cursor = b"0"
    while True:
        reply = await client.call(b"SCAN", cursor)
        if reply.is_error:
            write_err(b"ERROR: " + reply.value)
            raise SystemExit(1)
        cursor_reply, key_list = reply.items
        keys = [key.value for key in key_list.items]
        percent = 100 * sampled / total_keys if total_keys else 0.0
        kinds = [r.value for r in await _pipelined(client, [[b"TYPE", key] for key in keys])]
        measured = [(key, types[kind]) for key, kind in zip(keys, kinds, strict=True) if kind in types]
        sizes = await _pipelined(
            client,
            [
                [b"MEMORY", b"USAGE", key, b"SAMPLES", b"0"] if memory else [stats.size_command, key]
                for key, stats in measured
            ],
        )
        for (key, stats), size_reply in zip(measured, sizes, strict=True):
            size = size_reply.value if size_reply.kind is Kind.INTEGER else 0
            key_bytes += len(key)
            stats.total += size
            stats.count += 1
            if stats.biggest < size:
                stats.biggest, stats.biggest_key = size, quoted(key)
                unit = b"bytes" if memory else stats.unit
                write_out(
                    b"[%05.2f%%] Biggest %-6s found so far '%s' with %d %s\n"
                    % (percent, stats.name, stats.biggest_key, size, unit)
                )
        sampled += len(keys)
        cursor = cursor_reply.value
        if cursor == b"0":
            break
        if config.interval and sampled % 100 == 0:
            await _pause(reactor, config.interval)
    write_out(_bigkeys_summary(types, sampled, key_bytes, memory))


def _bigkeys_summary(types: dict[bytes, _TypeStats], sampled: int, key_bytes: int, memory: bool) -> bytes:
    out = [b"\n-------- summary -------\n\n", b"Sampled %d keys in the keyspace!\n" % sampled]
    out.append(
        b"Total key length in bytes is %d (avg len %.2f)\n\n" % (key_bytes, key_bytes / sampled if sampled else 0)
    )
    for stats in types.values():
        if stats.biggest_key is not None:
            unit = b"bytes" if memory else stats.unit
            out.append(b"Biggest %6s found '%s' has %d %s\n" % (stats.name, stats.biggest_key, stats.biggest, unit))
    out.append(b"\n")
    for stats in types.values():
        share = 100 * stats.count / sampled if sampled else 0.0
        average = stats.total / stats.count if stats.count else 0.0
        unit = b"bytes" if memory else stats.unit
        out.append(
            b"%d %ss with %d %s (%05.2f%% of keys, avg size %.2f)\n"
            % (stats.count, stats.name, stats.total, unit, share, average)
        )
    return b"".join(out)


def info_field(info: bytes, name: bytes) -> int | None:
    """
    A number from INFO text the way redis-cli finds it: the first occurrence
    of C{name} anywhere, the value after the next character, up to a CR or comma.
    """
    found = info.find(name)
    if found < 0:
        return None
    start = found + len(name) + 1
    end = len(info)
    for stop in (b"\r", b","):
        where = info.find(stop, start)
        if 0 <= where < end:
            end = where
    return _leading_int(info[start:end])


def _leading_int(text: bytes) -> int:
    digits = text.strip()
    cut = 1 if digits[:1] in (b"-", b"+") else 0
    while cut < len(digits) and digits[cut : cut + 1].isdigit():
        cut += 1
    try:
        return int(digits[:cut])
    except ValueError:
        return 0


def human_bytes(count: int) -> bytes:
    """redis-cli's bytesToHuman: B below 1K, then K/M/G/T/P with two decimals."""
    sign = b"-" if count < 0 else b""
    count = abs(count)
    if count < 1024:
        return sign + b"%dB" % count
    for power, suffix in enumerate((b"K", b"M", b"G", b"T", b"P"), 1):
        if count < 1024 ** (power + 1):
            return sign + b"%.2f%s" % (count / 1024**power, suffix)
    return sign + b"%dB" % count


_STAT_HEADER = (
    b"------- data ------ --------------------- load -------------------- - child -\n"
    b"keys       mem      clients blocked requests            connections          \n"
)
_CHILDREN = {1: b"SAVE", 2: b"AOF", 3: b"SAVE+AOF", 4: b"LOAD"}


def stat_line(info: bytes, previous_requests: int | None) -> tuple[bytes, int]:
    """One --stat row from an INFO reply, and the request count for the next row's delta."""
    keys = sum(info_field(info, b"db%d:keys" % db) or 0 for db in range(20))
    requests = info_field(info, b"total_commands_processed") or 0
    delta = 0 if not previous_requests else requests - previous_requests
    children = (
        (info_field(info, b"bgsave_in_progress") or 0)
        | (info_field(info, b"aof_rewrite_in_progress") or 0) << 1
        | (info_field(info, b"loading") or 0) << 2
    )
    row = b"".join(
        [
            b"%-11d" % keys,
            b"%-8s" % human_bytes(info_field(info, b"used_memory") or 0),
            b" %-8d" % (info_field(info, b"connected_clients") or 0),
            b"%-8d" % (info_field(info, b"blocked_clients") or 0),
            b"%-19s" % (b"%d (+%d)" % (requests, delta)),
            b" %-12d" % (info_field(info, b"total_connections_received") or 0),
            _CHILDREN.get(children, b""),
            b"\n",
        ]
    )
    return row, requests


async def stat_mode(reactor: Any, client: RedisClientProtocol, config: Config) -> None:
    """INFO every C{-i} seconds (default 1) as a rolling table, a header every 20 rows."""
    requests = None
    rows = 0
    while True:
        reply = await client.call(b"INFO")
        if reply.is_error:
            write_err(b"ERROR: " + reply.value)
            raise SystemExit(1)
        if rows % 20 == 0:
            write_out(_STAT_HEADER)
        rows += 1
        row, requests = stat_line(reply.value, requests)
        write_out(row)
        await _pause(reactor, config.interval or 1.0)


# -- replication modes ------------------------------------------------------------


class SyncReader:
    """
    What follows SYNC, sans-IO: newline keep-alives, then C{$<len>} or
    C{$EOF:<40-byte mark>}, the RDB payload (handed to C{on_payload}), then
    (for C{--replica}) the command stream, parsed into C{parser}.
    """

    def __init__(self, on_header: Callable[[bytes], None], on_payload: Callable[[bytes], None]) -> None:
        self.parser = ReplyParser()
        self.on_header = on_header
        self.on_payload = on_payload
        self.left: int | None = None
        self.mark: bytes | None = None
        self.held = b""
        self.size = 0
        self.finished = False

    def feed(self, data: bytes) -> None:
        if self.finished:
            self.parser.feed(data)
            return
        if self.left is None and self.mark is None:
            self.held += data
            self._header()
        else:
            self._payload(data)

    def _header(self) -> None:
        self.held = self.held.lstrip(b"\n")
        end = self.held.find(b"\r\n")
        if end < 0:
            return
        line, rest = self.held[:end], self.held[end + 2 :]
        self.held = b""
        if line.startswith(b"-"):
            raise ClientError("SYNC with master failed: " + line[1:].decode("utf-8", "replace"))
        if line.startswith(b"$EOF:"):
            self.mark = line[5:]
        elif line.startswith(b"$"):
            self.left = int(line[1:])
        else:
            raise ClientError(f"Error: unexpected reply to SYNC: {line[:60]!r}")
        self.on_header(line)
        self._payload(rest)

    def _payload(self, data: bytes) -> None:
        if self.mark is not None:
            data = self.held + data
            found = data.find(self.mark)
            if found < 0:
                keep = len(self.mark)
                self._emit(data[:-keep])
                self.held = data[-keep:]
                return
            self._emit(data[:found])
            self._finish(data[found + len(self.mark) :])
            return
        taken = data[: self.left]
        self._emit(taken)
        self.left -= len(taken)
        if self.left == 0:
            self._finish(data[len(taken) :])

    def _emit(self, chunk: bytes) -> None:
        if chunk:
            self.size += len(chunk)
            self.on_payload(chunk)

    def _finish(self, rest: bytes) -> None:
        self.finished = True
        self.held = b""
        self.parser.feed(rest)


async def _start_sync(client: RedisClientProtocol, replconf: list[list[bytes]], sink: Callable[[bytes], None]) -> None:
    """REPLCONF (each announced on stderr, as redis-cli does), then SYNC with every byte after it to C{sink}."""
    for argv in replconf:
        write_err(b"sending " + b" ".join(argv))
        await client.call(*argv)
    client.raw_sink = sink
    client.transport.write(b"SYNC\r\n")


async def _receive_payload(client: RedisClientProtocol, replconf: list[list[bytes]], reader: SyncReader) -> None:
    """Start the sync and feed C{reader} until the payload is complete."""
    done: defer.Deferred[None] = defer.Deferred()

    def feed(data: bytes) -> None:
        try:
            reader.feed(data)
        except ClientError as failure:
            if not done.called:
                done.errback(failure)
            client.transport.loseConnection()
            return
        if reader.finished and not done.called:
            done.callback(None)

    client.lost.addCallback(lambda message: done.called or done.errback(ClientError(f"Error: {message}")))
    await _start_sync(client, replconf, feed)
    await done


def _open_target(path: str) -> BinaryIO:
    if path == "-":
        return sys.stdout.buffer
    try:
        return open(path, "wb")
    except OSError as bad:
        raise ClientError(f"Error opening '{path}': {bad.strerror}") from None


async def rdb_mode(reactor: Any, client: RedisClientProtocol, config: Config) -> None:
    """Write the server's RDB snapshot to C{--rdb FILE} (C{-} is stdout); only its functions with --functions-rdb."""
    target = _open_target(config.path)

    def on_header(line: bytes) -> None:
        what = "bytes of bulk transfer until EOF marker" if line.startswith(b"$EOF:") else f"{line[1:].decode()} bytes"
        write_err(f"SYNC sent to master, writing {what} to '{config.path}'")

    reader = SyncReader(on_header, target.write)
    replconf = [[b"REPLCONF", b"capa", b"eof"], [b"REPLCONF", b"rdb-only", b"1"]]
    if config.mode == "functions-rdb":
        replconf.append([b"REPLCONF", b"rdb-filter-only", b"functions"])
    await _receive_payload(client, replconf, reader)
    target.flush()
    if target is not sys.stdout.buffer:
        os.fsync(target.fileno())
        target.close()
    # redis-cli counts the bytes only when it had to look for the EOF mark.
    write_err(
        f"Transfer finished with success after {reader.size} bytes"
        if reader.mark
        else "Transfer finished with success."
    )
    client.transport.loseConnection()


async def replica_mode(reactor: Any, client: RedisClientProtocol, config: Config) -> None:
    """Act as a replica and print every command of the replication stream as CSV."""

    def on_header(line: bytes) -> None:
        what = (
            "bytes of bulk transfer until EOF marker"
            if line.startswith(b"$EOF:")
            else f"{line[1:].decode()} bytes of bulk transfer"
        )
        write_err(f"SYNC with master, discarding {what}...")

    def on_stream() -> None:
        for reply in reader.parser:
            write_out(format_csv(reply) + b"\n")

    reader = SyncReader(on_header, lambda chunk: None)
    acks = task.LoopingCall(client.send, b"REPLCONF", b"ACK", b"0")
    acks.clock = reactor
    announced = False

    def feed(data: bytes) -> None:
        nonlocal announced
        reader.feed(data)
        if reader.finished:
            if not announced:
                announced = True
                write_err(f"SYNC done after {reader.size} bytes. Logging commands from master.")
                write_err("sending REPLCONF ACK 0")
                # The primary starts the stream on an ACK that arrives after it
                # saw the transfer end, which may be after ours: ACK every
                # second, as a real replica does.
                acks.start(1.0)
            on_stream()

    await _start_sync(client, [[b"REPLCONF", b"capa", b"eof"], [b"REPLCONF", b"rdb-filter-only", b""]], feed)
    message = await client.lost
    raise ClientError(f"Error: {message}")


_MODES = {
    None: one_shot,
    "scan": scan_mode,
    "pipe": pipe_mode,
    "latency": latency_mode,
    "latency-history": latency_mode,
    "eval": eval_mode,
    "rdb": rdb_mode,
    "functions-rdb": rdb_mode,
    "bigkeys": bigkeys_mode,
    "memkeys": bigkeys_mode,
    "stat": stat_mode,
    "replica": replica_mode,
}
