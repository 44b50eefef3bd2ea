"""
Save and load times and RDB size: txredisd next to redis-server on the same data.

    python benchmarks/persistence.py              # 1,000,000 mixed keys (a few minutes)
    python benchmarks/persistence.py --keys 100000

Both servers get the same keys through `redis-cli --pipe` (strings, and small
lists, hashes, sets and sorted sets, one in five keys each), then SAVE is timed
from the client, the file sizes compared, and each server restarted on its
file: the load time is the time until it answers PING minus the time an empty
server takes to start. Needs Debian's redis-server and redis-tools.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _command(*args: bytes) -> bytes:
    return b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in args)


def dataset(keys: int) -> bytes:
    """The same mixed keys for both servers, as RESP for `redis-cli --pipe`."""
    out = []
    for number in range(keys):
        key = b"key:%d" % number
        kind = number % 5
        if kind == 0:
            out.append(_command(b"SET", key, b"value-%d" % number))
        elif kind == 1:
            out.append(_command(b"RPUSH", key, b"a", b"b", b"%d" % number))
        elif kind == 2:
            out.append(_command(b"HSET", key, b"f1", b"v1", b"f2", b"%d" % number))
        elif kind == 3:
            out.append(_command(b"SADD", key, b"1", b"2", b"%d" % number))
        else:
            out.append(_command(b"ZADD", key, b"1", b"a", b"2.5", b"%d" % number))
    return b"".join(out)


class Server:
    def __init__(self, name: str, argv: list[str], workdir: str) -> None:
        self.name = name
        self.argv = argv
        self.workdir = workdir
        self.socket = os.path.join(workdir, "s.sock")
        self.process: subprocess.Popen | None = None

    def start(self) -> float:
        """Start and wait until it answers; returns the seconds that took."""
        began = time.perf_counter()
        with open(os.path.join(self.workdir, "server.log"), "ab") as log:
            self.process = subprocess.Popen(self.argv + ["--unixsocket", self.socket], cwd=self.workdir,
                                            stdout=log, stderr=subprocess.STDOUT,
                                            env=dict(os.environ, PYTHONPATH=str(REPO)))
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited; see {self.workdir}/server.log")
            done = subprocess.run(["redis-cli", "-s", self.socket, "ping"], capture_output=True)
            if done.stdout.strip() == b"PONG":
                return time.perf_counter() - began
            time.sleep(0.01)

    def cli(self, *args: str, stdin: bytes | None = None) -> bytes:
        return subprocess.run(["redis-cli", "-s", self.socket, *args], input=stdin, capture_output=True,
                              check=True).stdout

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(60)


def measure(name: str, argv: list[str], data: bytes) -> dict[str, float]:
    workdir = tempfile.mkdtemp(prefix=f"bench-{name}-")
    server = Server(name, argv, workdir)
    try:
        empty_start = server.start()
        server.cli("--pipe", stdin=data)
        began = time.perf_counter()
        server.cli("save")
        save_s = time.perf_counter() - began
        size = os.path.getsize(os.path.join(workdir, "dump.rdb"))
        keys = int(server.cli("dbsize"))
        server.stop()
        load_s = server.start() - empty_start
        loaded = int(server.cli("dbsize"))
        if loaded != keys:
            raise RuntimeError(f"{name}: {keys} keys saved, {loaded} loaded")
        return {"keys": keys, "save_s": save_s, "load_s": load_s, "rdb_bytes": size}
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keys", type=int, default=1_000_000)
    options = parser.parse_args()
    data = dataset(options.keys)
    common = ["--port", "0", "--save", "", "--appendonly", "no"]
    redis = measure("redis", ["redis-server", *common], data)
    ours = measure("txredisd", [sys.executable, "-m", "txredisd", *common], data)
    print(f"{options.keys:,} mixed keys (strings, lists, hashes, sets, zsets)")
    print(f"{'':12}{'redis-server':>14}{'txredisd':>12}{'ratio':>8}")
    for label, field, unit in (("SAVE", "save_s", "s"), ("load", "load_s", "s"), ("RDB size", "rdb_bytes", "B")):
        a, b = redis[field], ours[field]
        shown = (lambda v: f"{v:.2f} s") if unit == "s" else (lambda v: f"{v / 1e6:.1f} MB")
        print(f"{label:12}{shown(a):>14}{shown(b):>12}{b / a:>8.2f}")


if __name__ == "__main__":
    main()
