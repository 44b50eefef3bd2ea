"""
Big values: a 1,000,000-element list and a 1,000,000-member sorted set in
txredisd and in redis-server, side by side.

    python benchmarks/bigvalues.py                 # about a minute on 2 cores
    python benchmarks/bigvalues.py --elements 100000 --calls 500

Both servers start as compare.py starts them. Each gets RPUSH biglist and ZADD
bigzset (score i, member of --size bytes), --batch elements per command,
pipelined. Then, per server:

- time per call of LRANGE biglist and ZRANGE bigzset for a 10-element window at
  the start, the middle and the end (median of --calls round trips over one
  connection, PING's round trip shown as the floor). A window's cost should not
  grow with its position: if the middle costs much more than the start, the
  server walks the value to get there (O(n) per call), and the table says so;
- memory per element: the growth of INFO memory's used_memory and
  used_memory_rss, and of the process's VmRSS (from /proc), over the fill,
  divided by the element count, and MEMORY USAGE SAMPLES 0 divided the same way.
  txredisd reports its RSS as used_memory, and its MEMORY USAGE follows Redis's
  size model of the value rather than measuring Python objects: its RSS growth
  is the figure that says what it really costs.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

import hiredis
from compare import PLAIN, REPO_ROOT, Server, _align, _interrupt_on_sigterm, start_redis, start_txredisd

WINDOW = 10
# A window this many times dearer in the middle than at the start, and this much
# dearer in absolute terms, is reported as a walk over the value.
SLOW_FACTOR, SLOW_MICROSECONDS = 5.0, 100.0


class Client:
    """A blocking RESP client (the benchmark's side only); hiredis parses the replies."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.reader = hiredis.Reader()

    @staticmethod
    def encode(argv: tuple[bytes | str | int, ...]) -> bytes:
        parts = [a if isinstance(a, bytes) else str(a).encode() for a in argv]
        return b"*%d\r\n" % len(parts) + b"".join(b"$%d\r\n%s\r\n" % (len(p), p) for p in parts)

    def pipeline(self, commands: list[tuple[bytes | str | int, ...]]) -> list:
        self.sock.sendall(b"".join(self.encode(argv) for argv in commands))
        replies = []
        while len(replies) < len(commands):
            reply = self.reader.gets()
            if reply is False:
                self.reader.feed(self.sock.recv(1 << 20))
            elif isinstance(reply, hiredis.ReplyError):
                raise RuntimeError(f"{commands[len(replies)][:2]}: {reply}")
            else:
                replies.append(reply)
        return replies

    def call(self, *argv: bytes | str | int):
        return self.pipeline([argv])[0]

    def close(self) -> None:
        self.sock.close()


def vm_rss(server: Server) -> int:
    with open(f"/proc/{server.process.pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def memory_figures(client: Client, server: Server) -> dict[str, int]:
    info = dict(line.split(":", 1) for line in client.call("INFO", "memory").decode().splitlines() if ":" in line)
    return {"used_memory": int(info["used_memory"]), "used_memory_rss": int(info["used_memory_rss"]),
            "VmRSS": vm_rss(server)}


def fill(client: Client, command: str, key: str, elements: int, options: argparse.Namespace) -> float:
    """Seconds to add C{elements} elements, C{--batch} per command, 50 commands per round trip."""
    started = time.monotonic()
    batches = []
    for first in range(0, elements, options.batch):
        numbers = range(first, min(first + options.batch, elements))
        if command == "RPUSH":
            batches.append((command, key, *(b"%0*d" % (options.size, i) for i in numbers)))
        else:
            batches.append((command, key, *(x for i in numbers for x in (i, b"%0*d" % (options.size, i)))))
        if len(batches) == 50:
            client.pipeline(batches)
            batches = []
    if batches:
        client.pipeline(batches)
    return time.monotonic() - started


def per_call_us(client: Client, argv: tuple, calls: int) -> float:
    """Median round trip of one command, in microseconds."""
    times = []
    for _ in range(calls):
        started = time.perf_counter()
        client.call(*argv)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1e6


def windows(elements: int) -> dict[str, tuple[int, int]]:
    middle = elements // 2
    return {"start": (0, WINDOW - 1), "middle": (middle, middle + WINDOW - 1), "end": (-WINDOW, -1)}


def measure(server: Server, options: argparse.Namespace) -> dict:
    """Fill both values, then time the windows and read the memory figures."""
    client = Client(server.ports[PLAIN])
    try:
        result: dict = {"timing": {}, "memory": {}}
        before = memory_figures(client, server)
        for command, key, read in (("RPUSH", "biglist", "LRANGE"), ("ZADD", "bigzset", "ZRANGE")):
            result[f"{command} fill s"] = fill(client, command, key, options.elements, options)
            time.sleep(0.5)  # let RSS settle (txredisd samples it)
            after = memory_figures(client, server)
            usage = client.call("MEMORY", "USAGE", key, "SAMPLES", 0)
            result["memory"][key] = {name: (after[name] - before[name]) / options.elements for name in after}
            result["memory"][key]["MEMORY USAGE"] = usage / options.elements
            before = after
            for where, (start, stop) in windows(options.elements).items():
                got = client.call(read, key, start, stop)
                if len(got) != WINDOW:
                    raise RuntimeError(f"{server.name}: {read} {start} {stop} gave {len(got)} elements")
                result["timing"][f"{read} {where}"] = per_call_us(client, (read, key, start, stop), options.calls)
        result["timing"]["PING"] = per_call_us(client, ("PING",), options.calls)
        return result
    finally:
        client.close()


def render(results: dict[str, dict], options: argparse.Namespace) -> str:
    names = list(results)
    timing = [("call", "window", *(f"{name} us" for name in names), "ratio")]
    for label in results[names[0]]["timing"]:
        read, _, where = label.partition(" ")
        figures = [results[name]["timing"][label] for name in names]
        timing.append((read, where or "-", *(f"{f:,.1f}" for f in figures), f"{figures[1] / figures[0]:.2f}"))
    memory = [("key", "bytes per element", *names)]
    for key in ("biglist", "bigzset"):
        for figure in results[names[0]]["memory"][key]:
            memory.append((key, figure, *(f"{results[name]['memory'][key][figure]:,.1f}" for name in names)))
    fills = [("fill", "seconds", *names)] + [(command, f"{options.elements:,} elements",
                                              *(f"{results[name][f'{command} fill s']:.1f}" for name in names))
                                             for command in ("RPUSH", "ZADD")]
    verdicts = []
    for name in names:
        for read in ("LRANGE", "ZRANGE"):
            start, middle = results[name]["timing"][f"{read} start"], results[name]["timing"][f"{read} middle"]
            if middle > SLOW_FACTOR * start and middle - start > SLOW_MICROSECONDS:
                verdicts.append(f"{name}: {read} of a window in the middle costs {middle:,.0f} us against "
                                f"{start:,.0f} us at the start: it walks the value (O(n) per call)")
    text = [f"per call, median of {options.calls} (window of {WINDOW}; {options.elements:,} elements)",
            *_align(timing), "", *_align(memory), "", *_align(fills)]
    return "\n".join(text + ([""] + verdicts if verdicts else []))


def parse_options(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].strip())
    parser.add_argument("--elements", type=int, default=1_000_000,
                        help="list length and zset size (default %(default)s)")
    parser.add_argument("--size", type=int, default=16,
                        help="bytes per list element / zset member (default %(default)s)")
    parser.add_argument("--batch", type=int, default=1000, help="elements per RPUSH/ZADD (default %(default)s)")
    parser.add_argument("--calls", type=int, default=200, help="timed calls per window (default %(default)s)")
    parser.add_argument("--source", type=Path, default=REPO_ROOT, help="directory holding the txredisd package")
    options = parser.parse_args(argv)
    options.transports, options.certs, options.server_prefix = [PLAIN], None, []
    return options


def main(argv: list[str] | None = None) -> int:
    options = parse_options(argv)
    _interrupt_on_sigterm()
    started = time.monotonic()
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="txredisd-bigvalues-")))
        results = {}
        for start in (start_redis, start_txredisd):
            server = start(workdir, options)
            stack.callback(server.stop)
            results[server.name] = measure(server, options)
    print(render(results, options))
    print(f"\n{time.monotonic() - started:.0f}s")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
