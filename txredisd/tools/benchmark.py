"""
txredis-benchmark: redis-benchmark 7.0's flags and output, on Twisted.

Each of C{-c} clients is a Twisted connection that writes a batch of C{-P}
requests, counts the replies with a C{hiredis.Reader} and records their
latency (time since the batch went out, as redis-benchmark measures it) into
an HDR histogram, then writes the next batch. Exactly C{-n} requests are sent:
the last batch is cut short rather than overshooting as redis-benchmark does.

C{--threads N} runs N worker processes (this module with C{--worker}) per
test: each connects its share of the clients, says C{ready}, waits for the
parent's C{go}, runs its share of the requests and prints its histogram and
wall-clock interval as JSON; the parent merges them. C{--cluster} reads
CLUSTER SLOTS, gives every client a C{{tag}} hashing to a slot its master
owns, and re-reads the slots and reconnects a client that gets MOVED.

Departures: C{-I}, C{-x}, C{-3},
C{-e} and C{--enable-tracking} are not implemented; on a refused connection
we exit 1 where redis-benchmark 7.0.15 prints the error and hangs.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import random
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import hiredis
from hdrh.histogram import HdrHistogram
from OpenSSL import SSL
from twisted.internet import error as net_error
from twisted.internet.defer import Deferred, DeferredList, inlineCallbacks
from twisted.internet.endpoints import connectProtocol
from twisted.internet.protocol import Factory, ProcessProtocol, Protocol
from twisted.internet.task import LoopingCall

from txredisd.client.endpoint import ConnectOptions, TLSSetupError, apply_uri, client_endpoint
from txredisd.tools.histogram import write_histogram

RAND = b"__rand_int__"
TAG = b"{tag}"
HISTOGRAM_MAX_US = 60_000_000
PROGRESS_INTERVAL = 0.25
CLUSTER_SLOTS = 16384
_WORKER_ENV = "TXREDIS_BENCHMARK_WORKER"


class UsageError(Exception):
    """Bad command line; the message is redis-benchmark's complaint."""


class Fatal(Exception):
    """The run cannot go on; the message (one or more lines) goes to stderr, exit 1."""


# -- settings ---------------------------------------------------------------------------


@dataclass
class Settings:
    """Everything the command line sets (C{command} is the custom command, if any)."""

    connect: ConnectOptions = field(default_factory=ConnectOptions)
    clients: int = 50
    requests: int = 100000
    datasize: int = 3
    keepalive: bool = True
    keyspace: int = 0
    pipeline: int = 1
    quiet: bool = False
    csv: bool = False
    loop: bool = False
    tests: str = ""
    command: list[str] = field(default_factory=list)
    precision: int = 3
    threads: int = 0
    cluster: bool = False
    histogram: str | None = None

    @property
    def address(self) -> str:
        return _address(self.connect)


def _address(connect: ConnectOptions) -> str:
    """host:port or the socket path, as redis-benchmark names a server in its messages."""
    return connect.socket or f"{connect.host}:{connect.port}"


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        return 0


# flag -> (attribute of Settings or of ConnectOptions, converter); None converter = boolean switch
_VALUED: dict[str, tuple[str, Callable[[str], Any]]] = {
    "-h": ("host", str), "-p": ("port", _int), "-s": ("socket", str), "-a": ("password", str),
    "--user": ("user", str), "--dbnum": ("db", _int), "-c": ("clients", _int), "-n": ("requests", _int),
    "-d": ("datasize", _int), "-k": ("keepalive", lambda v: _int(v) != 0), "-r": ("keyspace", _int),
    "-P": ("pipeline", _int), "-t": ("tests", lambda v: "," + v.lower() + ","), "--precision": ("precision", _int),
    "--threads": ("threads", _int), "--sni": ("sni", str), "--cacert": ("cacert", str),
    "--cacertdir": ("cacertdir", str), "--cert": ("cert", str), "--key": ("key", str),
    "--tls-ciphers": ("tls_ciphers", str), "--tls-ciphersuites": ("tls_ciphersuites", str),
    "--histogram": ("histogram", str),
}  # fmt: skip
_SWITCHES = {
    "-q": "quiet",
    "--csv": "csv",
    "-l": "loop",
    "--cluster": "cluster",
    "--tls": "tls",
    "--insecure": "insecure",
}


def parse_args(argv: list[str]) -> Settings:
    """Options first, then an optional command, as redis-benchmark reads them."""
    settings = Settings()
    pos = 0
    while pos < len(argv) and argv[pos].startswith("-"):
        flag = argv[pos]
        if flag in _SWITCHES:
            _assign(settings, _SWITCHES[flag], True)
        elif flag == "-u" and pos + 1 < len(argv):
            pos += 1
            apply_uri(settings.connect, argv[pos])
        elif flag in _VALUED and pos + 1 < len(argv):
            pos += 1
            name, convert = _VALUED[flag]
            _assign(settings, name, convert(argv[pos]))
        else:
            raise UsageError(f'Invalid option "{flag}" or option argument missing')
        pos += 1
    settings.command = argv[pos:]
    settings.pipeline = max(settings.pipeline, 1)
    settings.datasize = min(max(settings.datasize, 1), 1024 * 1024 * 1024)
    settings.precision = min(max(settings.precision, 1), 5)
    settings.clients = max(settings.clients, 1)
    return settings


def _assign(settings: Settings, name: str, value: Any) -> None:
    target = settings.connect if hasattr(settings.connect, name) else settings
    setattr(target, name, value)


# -- workloads ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Workload:
    """One test: its title and one request's argv (None argv = inline PING)."""

    title: str
    argv: tuple[bytes, ...] | None


def _selected(settings: Settings, *names: str) -> bool:
    return not settings.tests or any(f",{name}," in settings.tests for name in names)


def workloads(settings: Settings) -> list[Workload]:
    """The custom command, or the selected standard tests in redis-benchmark's order."""
    if settings.command:
        return [Workload(" ".join(settings.command), tuple(a.encode() for a in settings.command))]
    tag = TAG if settings.cluster else b""
    data = b"x" * settings.datasize
    score = RAND if settings.keyspace else b"0"
    key = b"key%s:%s" % (tag, RAND)
    lranges = ("lrange", "lrange_100", "lrange_300", "lrange_500", "lrange_600")
    table: list[tuple[tuple[str, ...], str, tuple[bytes, ...] | None]] = [
        (("ping_inline", "ping"), "PING_INLINE", None),
        (("ping_mbulk", "ping"), "PING_MBULK", (b"PING",)),
        (("set",), "SET", (b"SET", key, data)),
        (("get",), "GET", (b"GET", key)),
        (("incr",), "INCR", (b"INCR", b"counter%s:%s" % (tag, RAND))),
        (("lpush",), "LPUSH", (b"LPUSH", b"mylist" + tag, data)),
        (("rpush",), "RPUSH", (b"RPUSH", b"mylist" + tag, data)),
        (("lpop",), "LPOP", (b"LPOP", b"mylist" + tag)),
        (("rpop",), "RPOP", (b"RPOP", b"mylist" + tag)),
        (("sadd",), "SADD", (b"SADD", b"myset" + tag, b"element:" + RAND)),
        (("hset",), "HSET", (b"HSET", b"myhash" + tag, b"element:" + RAND, data)),
        (("spop",), "SPOP", (b"SPOP", b"myset" + tag)),
        (("zadd",), "ZADD", (b"ZADD", b"myzset" + tag, score, b"element:" + RAND)),
        (("zpopmin",), "ZPOPMIN", (b"ZPOPMIN", b"myzset" + tag)),
        (lranges, "LPUSH (needed to benchmark LRANGE)", (b"LPUSH", b"mylist" + tag, data)),
    ]
    for count in (100, 300, 500, 600):
        names = ("lrange", f"lrange_{count}")
        argv = (b"LRANGE", b"mylist" + tag, b"0", b"%d" % (count - 1))
        table.append((names, f"LRANGE_{count} (first {count} elements)", argv))
    table.append((("mset",), "MSET (10 keys)", (b"MSET", *(key, data) * 10)))
    return [Workload(title, argv) for names, title, argv in table if _selected(settings, *names)]


def encode(argv: tuple[bytes, ...]) -> bytes:
    return b"*%d\r\n" % len(argv) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in argv)


class Requests:
    """
    Batches of one request, ready to write. Without C{-r} (or without
    C{__rand_int__}) a batch is one constant; with it, every request gets fresh
    12-digit numbers (the same width as the placeholder, so lengths hold).
    """

    def __init__(self, workload: Workload, keyspace: int, tag: bytes = b"") -> None:
        if workload.argv is None:
            one = b"PING\r\n"
        else:
            one = encode(tuple(a.replace(TAG, tag) for a in workload.argv))
        self._parts = one.split(RAND) if keyspace else [one]
        self._keyspace = keyspace
        self._constant: dict[int, bytes] = {}

    def batch(self, count: int) -> bytes:
        if len(self._parts) == 1:
            data = self._constant.get(count)
            if data is None:
                data = self._constant[count] = self._parts[0] * count
            return data
        parts, keyspace, randrange = self._parts, self._keyspace, random.randrange
        out = []
        for _ in range(count):
            out.append(parts[0])
            for part in parts[1:]:
                out.append(b"%012d" % randrange(keyspace))
                out.append(part)
        return b"".join(out)


# -- one connection -------------------------------------------------------------------------


def _reason(failure_value: BaseException) -> str:
    """The OS's words for a failed connect, as hiredis prints them."""
    if isinstance(failure_value, SSL.Error):
        details = failure_value.args[0] if failure_value.args else []
        reasons = [entry[-1] for entry in details if isinstance(entry, tuple)]
        return "TLS handshake failed: " + (", ".join(reasons) or str(failure_value))
    if isinstance(failure_value, net_error.ConnectionDone):
        return "Server closed the connection"
    code = getattr(failure_value, "osError", None)
    if isinstance(code, int):
        return os.strerror(code)
    if isinstance(failure_value, net_error.DNSLookupError):
        return "Name or service not known"
    return str(failure_value)


def setup_commands(connect: ConnectOptions) -> list[tuple[bytes, ...]]:
    """AUTH and SELECT every connection sends first; their replies are not counted."""
    commands = []
    if connect.password is not None:
        auth = (connect.user, connect.password) if connect.user else (connect.password,)
        commands.append((b"AUTH", *(a.encode() for a in auth)))
    if connect.db:
        commands.append((b"SELECT", b"%d" % connect.db))
    return commands


class Caller(Protocol):
    """Sends some commands and fires C{done} with their replies (errors as hiredis.ReplyError)."""

    def __init__(self, commands: list[tuple[bytes, ...]]) -> None:
        self.commands = commands
        self.replies: list[Any] = []
        self.done: Deferred[list[Any]] = Deferred()
        self._reader = hiredis.Reader()

    def connectionMade(self) -> None:
        self.transport.write(b"".join(encode(c) for c in self.commands))

    def dataReceived(self, data: bytes) -> None:
        self._reader.feed(data)
        while (reply := self._reader.gets()) is not False:
            self.replies.append(reply)
        if len(self.replies) >= len(self.commands) and not self.done.called:
            self.transport.loseConnection()
            self.done.callback(self.replies)

    def connectionLost(self, reason: Any = None) -> None:
        if not self.done.called:
            self.done.errback(reason)


@inlineCallbacks
def call(reactor: Any, connect: ConnectOptions, commands: list[tuple[bytes, ...]]) -> Any:
    """One short connection: setup commands then C{commands}; the replies to C{commands}."""
    setup = setup_commands(connect)
    protocol = yield connectProtocol(client_endpoint(reactor, connect), Caller(setup + commands))
    replies = yield protocol.done
    for reply in replies[: len(setup)]:
        if isinstance(reply, hiredis.ReplyError):
            raise Fatal(f"Node {_address(connect)} replied with error:\n{reply}")
    return replies[len(setup) :]


class BenchClient(Protocol):
    """One benchmark connection: a batch out, its replies counted, the next batch out."""

    def __init__(self, run: Run, requests: Requests, assignment: tuple[ConnectOptions, bytes]) -> None:
        self.run = run
        self.requests = requests
        self.assignment = assignment
        setup = setup_commands(assignment[0])
        self._reader = hiredis.Reader()
        self._gets = self._reader.gets
        self._skip = 0
        self._pending = 0
        self._sent_at = 0.0
        self._prefix = b"".join(encode(c) for c in setup)
        self._prefix_count = len(setup)
        self.redirected = 0
        self.closing = False

    def connectionMade(self) -> None:
        self.run.connected(self)

    def send_batch(self) -> None:
        count = self.run.take()
        if not count:
            self.close()
            return
        self._pending = count
        data = self.requests.batch(count)
        if self._prefix:
            data = self._prefix + data
            self._skip, self._prefix = self._prefix_count, b""
        self._sent_at = time.perf_counter()
        self.transport.write(data)

    def dataReceived(self, data: bytes) -> None:
        self._reader.feed(data)
        gets = self._gets
        count = redirected = 0
        while (reply := gets()) is not False:
            if self._skip:
                self._skip -= 1
                if reply.__class__ is hiredis.ReplyError:
                    self.run.fail(Fatal(f"Node {_address(self.assignment[0])} replied with error:\n{reply}"))
                continue
            if reply.__class__ is hiredis.ReplyError and self.run.error_reply(str(reply)):
                redirected += 1
                continue
            count += 1
        if count:
            self.run.record(int((time.perf_counter() - self._sent_at) * 1e6), count)
        if count or redirected:
            self._pending -= count + redirected
            self.redirected += redirected
            if self._pending <= 0:
                self.run.batch_done(self)

    def close(self) -> None:
        """Hang up on purpose: losing this connection is then no error."""
        self.closing = True
        self.transport.loseConnection()

    def connectionLost(self, reason: Any = None) -> None:
        self.run.disconnected(self, None if self.closing else reason.value)


class _ClientFactory(Factory):
    def __init__(self, make: Callable[[], BenchClient]) -> None:
        self.make = make

    def buildProtocol(self, addr: Any) -> BenchClient:
        return self.make()


# -- one test run ------------------------------------------------------------------------------


@dataclass
class Result:
    """What one test produced: merged over workers under --threads."""

    title: str
    finished: int
    elapsed: float
    histogram: HdrHistogram


class Run:
    """
    One test with this process's clients. C{ready} fires once every client is
    connected; L{go} starts the clock and the batches; C{finished} fires with
    the L{Result}, or fails with L{Fatal}.
    """

    def __init__(self, reactor: Any, settings: Settings, workload: Workload, nodes: Cluster | None) -> None:
        self.reactor = reactor
        self.settings = settings
        self.workload = workload
        self.nodes = nodes
        self.histogram = HdrHistogram(1, HISTOGRAM_MAX_US, settings.precision)
        self.issued = 0
        self.done = 0
        self.started = 0.0
        self.wall_start = 0.0
        self.running = False
        self.clients: set[BenchClient] = set()
        self.connecting = 0
        self.ready: Deferred[None] = Deferred()
        self.finished: Deferred[Result] = Deferred()
        self.latency_sum = 0
        self.latency_count = 0

    # connections
    def open(self, count: int) -> None:
        for index in range(count):
            self.connect_client(self._assignment(index))

    def _assignment(self, index: int) -> tuple[ConnectOptions, bytes]:
        if self.nodes is None:
            return self.settings.connect, b""
        return self.nodes.assign(index)

    def connect_client(self, assignment: tuple[ConnectOptions, bytes]) -> None:
        node, tag = assignment
        requests = Requests(self.workload, self.settings.keyspace, tag)
        self.connecting += 1
        factory = _ClientFactory(lambda: BenchClient(self, requests, assignment))
        client_endpoint(self.reactor, node).connect(factory).addErrback(self._connect_failed, node)

    def _connect_failed(self, failure: Any, node: ConnectOptions) -> None:
        self.fail(Fatal(f"Could not connect to Redis at {_address(node)}: {_reason(failure.value)}"))

    def connected(self, client: BenchClient) -> None:
        self.connecting -= 1
        self.clients.add(client)
        if self.running:
            client.send_batch()
        elif not self.connecting and not self.ready.called:
            self.ready.callback(None)

    def disconnected(self, client: BenchClient, error: BaseException | None) -> None:
        self.clients.discard(client)
        if self.finished.called:
            return
        if error is not None:
            self.fail(Fatal(f"Error: {_reason(error)}"))
        elif self.running and not self.settings.keepalive and self.issued < self.settings.requests:
            self.connect_client(client.assignment)

    # requests
    def go(self) -> None:
        self.running = True
        self.started = time.perf_counter()
        self.wall_start = time.time()
        if self.settings.requests <= 0:
            self._complete()
            return
        for client in list(self.clients):
            client.send_batch()

    def take(self) -> int:
        count = min(self.settings.pipeline, self.settings.requests - self.issued)
        if count <= 0 or self.finished.called:
            return 0
        self.issued += count
        return count

    def record(self, latency_us: int, count: int) -> None:
        self.histogram.record_value(max(latency_us, 1), count)
        self.latency_sum += latency_us * count
        self.latency_count += count
        self.done += count
        if self.done >= self.settings.requests:
            self._complete()

    def batch_done(self, client: BenchClient) -> None:
        if self.finished.called:
            return
        if client.redirected:
            self.redirect(client)
        elif self.settings.keepalive:
            client.send_batch()
        else:
            client.close()

    def error_reply(self, text: str) -> bool:
        """True for a cluster redirection (the request is handed back); any other error ends the run."""
        if self.settings.cluster and text.startswith(("MOVED ", "ASK ")):
            self.issued -= 1
            return True
        self.fail(Fatal(f"Error from server: {text}"))
        return False

    def redirect(self, client: BenchClient) -> None:
        """A slot moved: re-read the slots, then this client starts over on the new owner."""
        client.close()

        def reconnect(_: object) -> None:
            self.connect_client(self.nodes.assign(random.randrange(len(self.nodes.masters))))

        self.nodes.refresh().addCallbacks(reconnect, self.fail)

    def counters(self) -> tuple[int, int, int]:
        return self.done, self.latency_sum, self.latency_count

    def _complete(self) -> None:
        if self.finished.called:
            return
        elapsed = time.perf_counter() - self.started
        self.running = False
        self._close()
        self.finished.callback(Result(self.workload.title, self.done, elapsed, self.histogram))

    def fail(self, error: Any) -> None:
        """End the run with C{error} (a Failure or exception); only the first one is told."""
        if hasattr(error, "value"):
            error = error.value
        if not isinstance(error, Fatal):
            error = Fatal(str(error))
        self.running = False
        self._close()
        for deferred in (self.ready, self.finished):
            if not deferred.called:
                deferred.errback(error)
                return

    def _close(self) -> None:
        for client in list(self.clients):
            client.close()


class Progress:
    """
    redis-benchmark's live line: this interval's rate and mean latency, and
    the whole run's, from C{counters()} = (requests done, latency sum in
    microseconds, latencies counted), summed over workers under --threads.
    """

    def __init__(self, title: str, counters: Callable[[], tuple[int, int, int]]) -> None:
        self.title = title
        self.counters = counters
        self.started = time.perf_counter()
        self.last = (self.started, 0, 0, 0)

    def line(self) -> str:
        now = time.perf_counter()
        done, lat_sum, lat_count = self.counters()
        then, done_then, sum_then, count_then = self.last
        self.last = (now, done, lat_sum, lat_count)
        rps = (done - done_then) / (now - then) if now > then else 0.0
        overall = done / (now - self.started) if now > self.started else 0.0
        count = lat_count - count_then
        avg = (lat_sum - sum_then) / count / 1000 if count else 0.0
        overall_avg = lat_sum / lat_count / 1000 if lat_count else 0.0
        rates = f"rps={rps:.1f} (overall: {overall:.1f})"
        return f"{self.title}: {rates} avg_msec={avg:.3f} (overall: {overall_avg:.3f})"


def show_progress(reactor: Any, out: Output, progress: Progress) -> LoopingCall:
    """Print the line every quarter second until the caller stops the returned loop."""
    ticker = LoopingCall(lambda: out.progress(progress.line()))
    ticker.clock = reactor
    ticker.start(PROGRESS_INTERVAL, now=False)
    return ticker


# -- cluster -----------------------------------------------------------------------------------


def key_slot(key: bytes) -> int:
    """Redis Cluster's slot: CRC16 (XMODEM) of the key or its first non-empty {hashtag}."""
    start = key.find(b"{")
    if start >= 0:
        end = key.find(b"}", start + 1)
        if end > start + 1:
            key = key[start + 1 : end]
    crc = 0
    for byte in key:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc % CLUSTER_SLOTS


class Cluster:
    """The masters from CLUSTER SLOTS, each with a hashtag that lands in one of its slots."""

    def __init__(self, reactor: Any, settings: Settings) -> None:
        self.reactor = reactor
        self.settings = settings
        self.masters: list[tuple[ConnectOptions, bytes]] = []
        self.ids: list[str] = []

    def refresh(self) -> Deferred:
        return call(self.reactor, self.settings.connect, [(b"CLUSTER", b"SLOTS")]).addCallbacks(
            self._read, self._failed
        )

    def _failed(self, failure: Any) -> None:
        if isinstance(failure.value, Fatal):
            failure.raiseException()
        raise Fatal(f"Could not connect to Redis at {self.settings.address}: {_reason(failure.value)}")

    def _read(self, replies: list[Any]) -> None:
        ranges = replies[0]
        if isinstance(ranges, hiredis.ReplyError) or not ranges:
            raise Fatal(f"Cluster node {self.settings.address} replied with error:\n{ranges}")
        owners: dict[tuple[str, int, str], list[range]] = {}
        for first, last, master, *_ in ranges:
            owners.setdefault((master[0].decode(), master[1], master[2].decode()), []).append(range(first, last + 1))
        self.masters = [
            (dataclasses.replace(self.settings.connect, host=host, port=port, socket=None), _tag_for(slots))
            for (host, port, _), slots in sorted(owners.items())
        ]
        self.ids = [node_id for _, _, node_id in sorted(owners)]

    def describe(self, quiet: bool) -> str:
        """redis-benchmark's list of masters, printed before the first test."""
        gap = [] if quiet else [""]
        masters = [
            f"Master {i}: {node_id} {o.host}:{o.port}"
            for i, (node_id, (o, _)) in enumerate(zip(self.ids, self.masters, strict=True))
        ]
        return "\n".join([f"Cluster has {len(self.masters)} master nodes:", *gap, *masters, *gap])

    def assign(self, index: int) -> tuple[ConnectOptions, bytes]:
        return self.masters[index % len(self.masters)]


def _tag_for(slots: list[range]) -> bytes:
    """The first short hashtag (C{{0}}, C{{1}}, ...) whose slot is among C{slots}."""
    number = 0
    while not any(key_slot(b"%d" % number) in r for r in slots):
        number += 1
    return b"{%d}" % number


# -- reports -------------------------------------------------------------------------------------

_CSV_FIELDS = ("test", "rps", "avg_latency_ms", "min_latency_ms", "p50_latency_ms", "p95_latency_ms", "p99_latency_ms")
CSV_HEADER = ",".join(f'"{name}"' for name in (*_CSV_FIELDS, "max_latency_ms"))


def _ms(histogram: HdrHistogram, percentile: float) -> float:
    return histogram.get_value_at_percentile(percentile) / 1000


def summary(result: Result) -> tuple[float, float, float, float, float, float, float]:
    """rps, avg, min, p50, p95, p99, max (latencies in milliseconds)."""
    h = result.histogram
    rps = result.finished / result.elapsed if result.elapsed > 0 else 0.0
    extremes = (h.get_mean_value() / 1000, h.get_min_value() / 1000)
    return (rps, *extremes, _ms(h, 50), _ms(h, 95), _ms(h, 99), h.get_max_value() / 1000)


def csv_line(result: Result) -> str:
    rps, *latencies = summary(result)
    return ",".join([f'"{result.title}"', f'"{rps:.2f}"', *(f'"{v:.3f}"' for v in latencies)])


def quiet_line(result: Result) -> str:
    rps, _, _, p50, *_ = summary(result)
    return f"{result.title}: {rps:.2f} requests per second, p50={p50:.3f} msec"


def _cumulative(histogram: HdrHistogram) -> list[tuple[int, int]]:
    """(highest equivalent value, count at or below it) for every recorded value."""
    points = []
    for step in histogram.get_recorded_iterator():
        points.append((histogram.get_highest_equivalent_value(step.value_iterated_to), step.total_count_to_this_value))
    return points


def _count_at_or_below(points: list[tuple[int, int]], value: int) -> int:
    count = 0
    for point, cumulative in points:
        if point > value:
            break
        count = cumulative
    return count


def percentile_lines(histogram: HdrHistogram) -> Iterator[str]:
    """0%, 50%, 75%, 87.5%... until every request is counted, then 100%."""
    total = histogram.get_total_count()
    points = _cumulative(histogram)
    previous, level = -1, 0
    while True:
        percentile = 100.0 * (1 - 0.5**level)
        value = histogram.get_value_at_percentile(percentile)
        count = _count_at_or_below(points, value)
        if count != previous or count == total:
            yield f"{percentile:3.3f}% <= {value / 1000:.3f} milliseconds (cumulative count {count})"
        previous, level = count, level + 1
        if count == total or level > 60:
            break
    yield f"100.000% <= {histogram.get_max_value() / 1000:.3f} milliseconds (cumulative count {total})"


def cumulative_lines(histogram: HdrHistogram) -> Iterator[str]:
    """Buckets of 0.1 ms up to 2 ms, then of 1 ms; a line where the count grew."""
    total = histogram.get_total_count()
    points = _cumulative(histogram)
    edge, previous = 100, 0
    while previous < total:
        count = _count_at_or_below(points, edge)
        if count != previous:
            share = 100.0 * count / total
            value = histogram.get_highest_equivalent_value(edge)
            yield f"{share:3.3f}% <= {value / 1000:.3f} milliseconds (cumulative count {count})"
        previous = count
        edge += 100 if edge < 2000 else 1000


def full_report(result: Result, settings: Settings, server_lines: list[str]) -> str:
    rps, *latencies = summary(result)
    lines = [
        f"====== {result.title} ======",
        f"  {result.finished} requests completed in {result.elapsed:.2f} seconds",
        f"  {settings.clients} parallel clients",
        f"  {settings.datasize} bytes payload",
        f"  keep alive: {int(settings.keepalive)}",
    ]
    lines += server_lines
    lines.append(f"  multi-thread: {'yes' if settings.threads > 1 else 'no'}")
    if settings.threads > 1:
        lines.append(f"  threads: {settings.threads}")
    lines += ["", "Latency by percentile distribution:", *percentile_lines(result.histogram)]
    lines += ["", "Cumulative distribution of latencies:", *cumulative_lines(result.histogram)]
    lines += [
        "",
        "Summary:",
        f"  throughput summary: {rps:.2f} requests per second",
        "  latency summary (msec):",
        "          avg       min       p50       p95       p99       max",
        f"{latencies[0]:13.3f}" + "".join(f"{v:10.3f}" for v in latencies[1:]),
        "",
    ]
    return "\n".join(lines)


# -- worker processes ------------------------------------------------------------------------------


def _share(total: int, parts: int, index: int) -> int:
    return total // parts + (index < total % parts)


def _worker_settings(settings: Settings, parts: int, index: int) -> dict[str, Any]:
    share = dataclasses.replace(
        settings,
        clients=_share(settings.clients, parts, index),
        requests=_share(settings.requests, parts, index),
        threads=0,
        histogram=None,
    )
    return dataclasses.asdict(share)


class _Worker(ProcessProtocol):
    """The parent's end of one worker: its ready line, progress lines, then its JSON result."""

    def __init__(self) -> None:
        self.buffer = b""
        self.counters = (0, 0, 0)
        self.ready: Deferred[None] = Deferred()
        self.result: Deferred[dict[str, Any]] = Deferred()

    def outReceived(self, data: bytes) -> None:
        self.buffer += data
        while b"\n" in self.buffer:
            line, self.buffer = self.buffer.split(b"\n", 1)
            if line == b"ready":
                self.ready.callback(None)
            elif line.startswith(b"progress "):
                self.counters = tuple(int(n) for n in line.split()[1:])
            elif not self.result.called:
                self.result.callback(json.loads(line))

    def processEnded(self, reason: Any) -> None:
        for deferred in (self.ready, self.result):
            if not deferred.called:
                deferred.errback(Fatal(""))


@inlineCallbacks
def run_threaded(reactor: Any, settings: Settings, index: int, out: Output) -> Any:
    """Test number C{index} in C{--threads} worker processes, started together, merged."""
    parts = min(settings.threads, settings.clients)
    workers = []
    for part in range(parts):
        worker = _Worker()
        payload = json.dumps({"settings": _worker_settings(settings, parts, part), "test": index})
        argv = [sys.executable, "-m", "txredisd.tools.benchmark", "--worker"]
        # In the environment, not argv: the settings may hold a password, and ps shows argv to everyone.
        env = {**os.environ, _WORKER_ENV: payload}
        reactor.spawnProcess(worker, sys.executable, argv, env=env, childFDs={0: "w", 1: "r", 2: 2})
        workers.append(worker)
    yield _all([w.ready for w in workers])
    for worker in workers:
        worker.transport.write(b"go\n")
    title = workloads(settings)[index].title

    def totals() -> tuple[int, int, int]:
        done, lat_sum, lat_count = zip(*(w.counters for w in workers), strict=True)
        return sum(done), sum(lat_sum), sum(lat_count)

    ticker = None if settings.csv else show_progress(reactor, out, Progress(title, totals))
    try:
        reports = yield _all([w.result for w in workers])
    finally:
        if ticker is not None:
            ticker.stop()
    histogram = HdrHistogram(1, HISTOGRAM_MAX_US, settings.precision)
    for report in reports:
        histogram.add(HdrHistogram.decode(report["histogram"].encode()))
    elapsed = max(r["end"] for r in reports) - min(r["start"] for r in reports)
    return Result(title, sum(r["finished"] for r in reports), elapsed, histogram)


def _all(deferreds: list[Deferred]) -> Deferred:
    return DeferredList(deferreds, fireOnOneErrback=True, consumeErrors=True).addCallbacks(
        lambda results: [value for _, value in results], lambda failure: failure.value.subFailure
    )


class _Stdin(Protocol):
    """The worker's line from the parent: C{go}, or end of file when the parent gave up."""

    def __init__(self, run: Run) -> None:
        self.run = run
        self.closed: Deferred[None] = Deferred()

    def dataReceived(self, data: bytes) -> None:
        if b"go" in data and not self.run.running:
            self.run.go()

    def connectionLost(self, reason: Any = None) -> None:
        if not self.run.started:
            self.run.fail(Fatal(""))
        self.closed.callback(None)


@inlineCallbacks
def run_worker(reactor: Any, payload: str) -> Any:
    """The child's side: connect, say ready, wait for go, run, print the JSON result."""
    from twisted.internet import stdio

    message = json.loads(payload)
    raw = message["settings"]
    settings = Settings(**{**raw, "connect": ConnectOptions(**raw["connect"])})
    nodes = Cluster(reactor, settings) if settings.cluster else None
    if nodes is not None:
        yield nodes.refresh()
    run = Run(reactor, settings, workloads(settings)[message["test"]], nodes)
    run.open(settings.clients)
    yield run.ready
    parent = _Stdin(run)
    io = stdio.StandardIO(parent, reactor=reactor)
    io.write(b"ready\n")
    ticker = LoopingCall(lambda: io.write(b"progress %d %d %d\n" % run.counters()))
    ticker.clock = reactor
    ticker.start(PROGRESS_INTERVAL, now=False)
    try:
        result = yield run.finished
    finally:
        ticker.stop()
    report = {
        "histogram": result.histogram.encode().decode(),
        "finished": result.finished,
        "start": run.wall_start,
        "end": run.wall_start + result.elapsed,
    }
    io.write(json.dumps(report).encode() + b"\n")
    io.loseConnection()
    yield parent.closed


# -- the program -----------------------------------------------------------------------------------


class Output:
    """stdout with the progress line's erase-before-print, as redis-benchmark does it."""

    def __init__(self) -> None:
        self.printed = 0

    def progress(self, line: str) -> None:
        self.clear()
        text = line + "\r"
        sys.stdout.write(text)
        sys.stdout.flush()
        self.printed = len(text)

    def clear(self) -> None:
        sys.stdout.write(" " * max(self.printed, 1) + "\r")
        self.printed = 0

    def line(self, text: str) -> None:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()


@inlineCallbacks
def fetch_config(reactor: Any, connect: ConnectOptions) -> Any:
    """A server's save and appendonly settings for the report, or None (with a warning)."""
    try:
        commands = [(b"CONFIG", b"GET", b"save"), (b"CONFIG", b"GET", b"appendonly")]
        replies = yield call(reactor, connect, commands)
    except Fatal:
        raise
    except Exception as error:
        sys.stderr.write(f"Could not connect to Redis at {_address(connect)}: {_reason(error)}\n")
        sys.stderr.write("WARNING: Could not fetch server CONFIG\n")
        return None
    config = {}
    for reply in replies:
        if isinstance(reply, hiredis.ReplyError) or len(reply) < 2:
            sys.stderr.write("WARNING: Could not fetch server CONFIG\n")
            return None
        config[reply[0].decode()] = reply[1].decode()
    return config


@inlineCallbacks
def run_local(reactor: Any, settings: Settings, workload: Workload, nodes: Cluster | None, out: Output) -> Any:
    """One test in this process, with the progress line unless --csv."""
    run = Run(reactor, settings, workload, nodes)
    run.open(settings.clients)
    yield run.ready
    run.go()
    ticker = None if settings.csv else show_progress(reactor, out, Progress(workload.title, run.counters))
    try:
        result = yield run.finished
    finally:
        if ticker is not None:
            ticker.stop()
    return result


@inlineCallbacks
def benchmark(reactor: Any, settings: Settings) -> Any:
    """Every selected test (forever with -l), reporting each as it ends."""
    out = Output()
    if not settings.keepalive:
        sys.stdout.write(
            "WARNING: Keepalive disabled. You probably need 'echo 1 > /proc/sys/net/ipv4/tcp_tw_reuse' for Linux "
            "and 'sudo sysctl -w net.inet.tcp.msl=1000' for Mac OS X in order to use a lot of clients/requests\n"
        )
    client_endpoint(reactor, settings.connect)  # TLS flag errors before anything else
    nodes = Cluster(reactor, settings) if settings.cluster else None
    server_lines = yield _server_lines(reactor, settings, nodes, out)
    if settings.csv:
        out.line(CSV_HEADER)
    results: list[Result] = []
    tests = workloads(settings)
    while True:
        for index, workload in enumerate(tests):
            if settings.threads > 1:
                result = yield run_threaded(reactor, settings, index, out)
            else:
                result = yield run_local(reactor, settings, workload, nodes, out)
            results.append(result)
            _report(out, result, settings, server_lines)
        if not settings.loop:
            break
    if settings.histogram:
        write_histogram(settings.histogram, [(r.title, r.histogram) for r in results])


@inlineCallbacks
def _server_lines(reactor: Any, settings: Settings, nodes: Cluster | None, out: Output) -> Any:
    """The report's lines about the server (each master's under --cluster, listed first)."""
    if nodes is None:
        config = yield fetch_config(reactor, settings.connect)
        return [f'  host configuration "{name}": {value}' for name, value in (config or {}).items()]
    yield nodes.refresh()
    if not settings.csv:
        out.line(nodes.describe(settings.quiet))
    lines = [f"  cluster mode: yes ({len(nodes.masters)} masters)"]
    for index, (node, _) in enumerate(nodes.masters):
        config = yield fetch_config(reactor, node)
        lines.append(f"  node [{index}] configuration:")
        lines += [f"    {name}: {value or 'NONE'}" for name, value in (config or {}).items()]
    return lines


def _report(out: Output, result: Result, settings: Settings, server_lines: list[str]) -> None:
    if settings.csv:
        out.line(csv_line(result))
        return
    out.clear()
    out.line(quiet_line(result) if settings.quiet else full_report(result, settings, server_lines))


def _usage() -> str:
    return (
        "Usage: txredis-benchmark [OPTIONS] [COMMAND ARGS...]\n"
        "Options as redis-benchmark 7.0 (-h -p -s -a --user -u -c -n -d --dbnum -k -r -P -q --csv -l -t\n"
        "--precision --threads --cluster --tls --sni --cacert --cacertdir --cert --key --insecure\n"
        "--tls-ciphers --tls-ciphersuites), plus --histogram FILE (.svg, else text).\n"
    )


def main(argv: list[str] | None = None) -> int:
    """The console script: exit 0 when every test ran, 1 otherwise."""
    from twisted.internet import reactor
    from twisted.internet.task import react

    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--worker"]:
        work = functools.partial(run_worker, payload=os.environ.pop(_WORKER_ENV))
    else:
        if argv[:1] in (["--help"], ["--version"]):
            sys.stdout.write(
                _usage() if argv[0] == "--help" else "txredis-benchmark (redis-benchmark 7.0 compatible)\n"
            )
            return 0
        try:
            settings = parse_args(argv)
        except (UsageError, ValueError) as error:
            sys.stderr.write(f"{error}\n\n{_usage()}" if isinstance(error, UsageError) else f"{error}\n")
            return 1
        work = functools.partial(benchmark, settings=settings)
    status = []
    interrupted = []  # a signal stops the reactor: the connections it drops are no error
    reactor.addSystemEventTrigger("before", "shutdown", interrupted.append, True)

    def failed(failure: Any) -> None:
        status.append(1)
        if interrupted:
            return
        message = str(failure.value)
        if isinstance(failure.value, TLSSetupError):
            message = f"Could not negotiate a TLS connection: {message}"
        elif not isinstance(failure.value, Fatal):
            message = failure.getTraceback()
        if message:
            sys.stderr.write(message.rstrip("\n") + "\n")

    try:
        react(lambda r: work(r).addErrback(failed), [], reactor)
    except SystemExit:
        pass
    return status[0] if status else 0


if __name__ == "__main__":
    sys.exit(main())
