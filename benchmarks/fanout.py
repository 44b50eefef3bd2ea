"""
Pub/sub fan-out: PUBLISH to N subscribers, txredisd next to redis-server.

    python benchmarks/fanout.py                          # N = 1, 10, 100; about a minute on 2 cores
    python benchmarks/fanout.py --subscribers 1,10,100,1000 --deliveries 1000000 --rounds 3

Both servers start as compare.py starts them. For each N, a separate process
(asyncio, N connections) subscribes to one channel; this process then
publishes M = deliveries / N messages of --payload bytes over one connection,
keeping --window PUBLISH commands in flight. The figure is messages delivered
per second: N x M over the time from the first PUBLISH sent until the last
subscriber has received its M-th message (CLOCK_MONOTONIC is shared by the two
processes). Subscribers only count bytes, since every message frame has the
same length, so the client side stays cheap and the server is what is measured.
Each (round, N) runs against redis-server and then txredisd, back to back, and
the figures are medians over the rounds; the server's own CPU time per
delivered message is shown too, read from /proc as in compare.py.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from compare import (
    PLAIN,
    REPO_ROOT,
    Server,
    _align,
    _cell,
    _interrupt_on_sigterm,
    _ratio,
    median,
    start_redis,
    start_txredisd,
)

CHANNEL = b"fanout"
# A subscriber process still waiting for messages after this long reports it and gives up.
RUN_TIMEOUT = 300.0


def resp(*argv: bytes) -> bytes:
    return b"*%d\r\n" % len(argv) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in argv)


def subscribed_frame() -> bytes:
    """What a RESP2 SUBSCRIBE of one channel answers."""
    return b"*3\r\n$9\r\nsubscribe\r\n$%d\r\n%s\r\n:1\r\n" % (len(CHANNEL), CHANNEL)


def message_frame(payload: bytes) -> bytes:
    """What each subscriber receives per PUBLISH: the same length every time."""
    return b"*3\r\n$7\r\nmessage\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n" % (len(CHANNEL), CHANNEL, len(payload), payload)


SUBSCRIBED_LENGTH = len(subscribed_frame())


# -- the subscriber process ----------------------------------------------------------


class Counter(asyncio.Protocol):
    """One subscriber connection: counts bytes until it has everything it expects."""

    def __init__(self, expected: int, lost: list[str]) -> None:
        self.expected, self.lost = expected, lost
        self.ready, self.done = asyncio.Event(), asyncio.Event()
        self.received = 0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        transport.write(resp(b"SUBSCRIBE", CHANNEL))

    def data_received(self, data: bytes) -> None:
        self.received += len(data)
        if self.received >= SUBSCRIBED_LENGTH:
            self.ready.set()
        if self.received >= self.expected:
            self.done.set()

    def connection_lost(self, exc: Exception | None) -> None:
        if self.received < self.expected:
            self.lost.append(f"connection closed after {self.received} of {self.expected} bytes")
            self.ready.set()
            self.done.set()


async def subscribe_and_count(port: int, count: int, messages: int, payload: int) -> None:
    """Print "ready" once all are subscribed, then the monotonic time the last message arrived (or an error)."""
    loop = asyncio.get_running_loop()
    expected = SUBSCRIBED_LENGTH + messages * len(message_frame(b"x" * payload))
    lost: list[str] = []
    counters = []
    for _ in range(count):
        _, counter = await loop.create_connection(lambda: Counter(expected, lost), "127.0.0.1", port)
        counters.append(counter)
    await asyncio.gather(*(counter.ready.wait() for counter in counters))
    print("ready", flush=True)
    try:
        await asyncio.wait_for(asyncio.gather(*(counter.done.wait() for counter in counters)), RUN_TIMEOUT)
    except TimeoutError:
        print(f"error: not every message arrived within {RUN_TIMEOUT:.0f}s", flush=True)
        return
    finished = time.monotonic()
    print(f"error: {lost[0]}" if lost else f"done {finished!r}", flush=True)


# -- the publisher (this process) --------------------------------------------------------


def publish(port: int, messages: int, payload: bytes, window: int) -> None:
    """M PUBLISH commands over one connection, at most C{window} unanswered at a time."""
    command = resp(b"PUBLISH", CHANNEL, payload)
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sent = answered = 0
        while answered < messages:
            batch = min(window - (sent - answered), messages - sent)
            if batch:
                sock.sendall(command * batch)
                sent += batch
            data = sock.recv(65536)
            if not data:
                raise RuntimeError("the server closed the publisher's connection")
            answered += data.count(b"\n")  # each reply is one ":N\r\n" line


def run_once(server: Server, subscribers: int, messages: int, options: argparse.Namespace) -> tuple[float, float]:
    """Deliveries per second and server CPU us per delivery for one (server, N)."""
    payload = b"x" * options.payload
    child = subprocess.Popen(
        [sys.executable, __file__, "--subscribe-only", str(server.ports[PLAIN]), str(subscribers), str(messages),
         str(options.payload)], stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
    try:
        line = child.stdout.readline().strip()
        if line != "ready":
            raise RuntimeError(f"{server.name}: subscribers failed to start: {line!r}")
        cpu_before = server.cpu_seconds()
        started = time.monotonic()
        publish(server.ports[PLAIN], messages, payload, options.window)
        line = child.stdout.readline().strip()
        cpu = server.cpu_seconds() - cpu_before
    finally:
        child.kill()
        child.wait()
    if not line.startswith("done "):
        raise RuntimeError(f"{server.name} N={subscribers}: {line or 'subscriber process died'}")
    deliveries = subscribers * messages
    return deliveries / (float(line.split()[1]) - started), cpu * 1e6 / deliveries


def render(rows: list[tuple[int, int, dict[str, list[tuple[float, float]]]]]) -> str:
    lines = [("N", "published", "redis msg/s", "txredisd msg/s", "ratio", "redis us/msg", "txredisd us/msg")]
    for subscribers, messages, runs in rows:
        rate = {name: median([r for r, _ in got]) for name, got in runs.items()}
        cpu = {name: median([c for _, c in got]) for name, got in runs.items()}
        lines.append((str(subscribers), f"{messages:,}", _cell(rate["redis"], ",.0f"), _cell(rate["txredisd"], ",.0f"),
                      _cell(_ratio(rate["txredisd"], rate["redis"]), ".2f"), _cell(cpu["redis"], ".2f"),
                      _cell(cpu["txredisd"], ".2f")))
    return "\n".join(_align(lines))


def parse_options(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].strip())
    parser.add_argument("--subscribers", default="1,10,100", help="comma-separated N (default %(default)s)")
    parser.add_argument("--deliveries", type=int, default=400_000,
                        help="messages delivered per run, N x M (default %(default)s)")
    parser.add_argument("--payload", type=int, default=64, help="message size in bytes (default %(default)s)")
    parser.add_argument("--window", type=int, default=32,
                        help="PUBLISH commands in flight on the publisher's connection (default %(default)s)")
    parser.add_argument("--rounds", type=int, default=2, help="runs per N and server (default %(default)s)")
    parser.add_argument("--source", type=Path, default=REPO_ROOT, help="directory holding the txredisd package")
    parser.add_argument("--subscribe-only", nargs=4, type=int, metavar=("PORT", "N", "M", "PAYLOAD"),
                        help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    options.subscribers = [int(n) for n in options.subscribers.split(",")]
    # What compare.py's server start-up reads.
    options.transports, options.certs, options.server_prefix = [PLAIN], None, []
    return options


def main(argv: list[str] | None = None) -> int:
    options = parse_options(argv)
    if options.subscribe_only:
        asyncio.run(subscribe_and_count(*options.subscribe_only))
        return 0
    _interrupt_on_sigterm()
    started = time.monotonic()
    rows = []
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="txredisd-fanout-")))
        servers = []
        for start in (start_redis, start_txredisd):
            server = start(workdir, options)
            stack.callback(server.stop)
            servers.append(server)
        for subscribers in options.subscribers:
            messages = max(1, options.deliveries // subscribers)
            runs: dict[str, list[tuple[float, float]]] = {server.name: [] for server in servers}
            for _ in range(options.rounds):
                for server in servers:
                    runs[server.name].append(run_once(server, subscribers, messages, options))
            rows.append((subscribers, messages, runs))
    print(render(rows))
    print(f"\n{options.payload}-byte messages, publisher window {options.window}, median of {options.rounds} "
          f"round(s); {time.monotonic() - started:.0f}s")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
