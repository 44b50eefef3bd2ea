"""
Where txredisd spends its time under redis-benchmark: py-spy samples, summarised.

    pip install py-spy
    python benchmarks/profile_hotpath.py                       # SET,GET at -P 16 -c 50
    python benchmarks/profile_hotpath.py --pipeline 1 --top 30
    python benchmarks/profile_hotpath.py --tls --pipeline 1 --requests 300000

Starts txredisd (the same way compare.py does), attaches `py-spy record
--format raw` to it while redis-benchmark runs, then prints two tables from the
collapsed stacks: self time (the frame on top of the stack) and inclusive time
(anywhere on the stack), both as a share of all samples. py-spy needs ptrace
rights: run as root, or with kernel.yama.ptrace_scope=0. With --tls the
benchmark connects over mutual TLS (compare.py's throw-away certificates).
"""

from __future__ import annotations

import argparse
import collections
import shutil
import signal
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from compare import PLAIN, REPO_ROOT, TLS, Server, connection_args, make_certs, start_txredisd


def frame_label(frame: str) -> str:
    """C{"execute (txredisd/core/session.py:123)"} -> C{"execute (session.py)"}: one row per function."""
    name, _, where = frame.partition(" (")
    path = where.split(":", 1)[0]
    return f"{name} ({Path(path).name})" if path else name


def summarise(raw: str) -> tuple[int, collections.Counter, collections.Counter]:
    """(samples, self counts, inclusive counts) from py-spy's collapsed-stack lines."""
    total = 0
    own: collections.Counter = collections.Counter()
    inclusive: collections.Counter = collections.Counter()
    for line in raw.splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = [frame_label(frame) for frame in stack.split(";")]
        total += count
        own[frames[-1]] += count
        for label in set(frames):
            inclusive[label] += count
    return total, own, inclusive


def table(title: str, counts: collections.Counter, total: int, top: int) -> str:
    lines = [title]
    for label, count in counts.most_common(top):
        lines.append(f"  {100 * count / total:5.1f}%  {label}")
    return "\n".join(lines)


def parse_options(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].strip())
    parser.add_argument("--tests", default="set,get", help="redis-benchmark -t (default %(default)s)")
    parser.add_argument("--pipeline", type=int, default=16, help="-P (default %(default)s)")
    parser.add_argument("--clients", type=int, default=50, help="-c (default %(default)s)")
    parser.add_argument("--requests", type=int, default=2_000_000, help="-n per test (default %(default)s)")
    parser.add_argument("--rate", type=int, default=250, help="py-spy samples per second (default %(default)s)")
    parser.add_argument("--top", type=int, default=25, help="rows per table (default %(default)s)")
    parser.add_argument("--source", type=Path, default=REPO_ROOT,
                        help="directory holding the txredisd package to run (default: this checkout)")
    parser.add_argument("--tls", action="store_true", help="connect over TLS with client certificates")
    options = parser.parse_args(argv)
    options.server_prefix = []
    options.transports = [TLS] if options.tls else [PLAIN]
    options.certs = None
    return options


def record(server: Server, options: argparse.Namespace, raw_path: Path) -> None:
    """Run redis-benchmark with py-spy attached; py-spy stops once the benchmark is done."""
    spy = subprocess.Popen(["py-spy", "record", "--pid", str(server.process.pid), "--rate", str(options.rate),
                            "--format", "raw", "--output", str(raw_path)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        bench = ["redis-benchmark", *connection_args(server, options.transports[0]), "-c", str(options.clients),
                 "-n", str(options.requests), "-P", str(options.pipeline), "-t", options.tests, "--csv"]
        done = subprocess.run(bench, check=False, capture_output=True, text=True, stdin=subprocess.DEVNULL)
        print(done.stdout.strip())
    finally:
        spy.send_signal(signal.SIGINT)
        _, errors = spy.communicate(timeout=60)
    if not raw_path.exists():
        raise RuntimeError(f"py-spy wrote nothing:\n{errors}")


def main(argv: list[str] | None = None) -> int:
    options = parse_options(argv)
    for tool in ("py-spy", "redis-benchmark"):
        if not shutil.which(tool):
            sys.exit(f"{tool} not found (pip install py-spy; apt-get install redis-tools)")
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="txredisd-prof-")))
        if options.tls:
            options.certs = make_certs(workdir / "certs", options.source)
        server = start_txredisd(workdir, options)
        stack.callback(server.stop)
        raw_path = workdir / "profile.txt"
        record(server, options, raw_path)
        raw = raw_path.read_text()
    total, own, inclusive = summarise(raw)
    print(f"\n{total} samples")
    print(table("self (top of stack):", own, total, options.top))
    print(table("inclusive (anywhere on the stack):", inclusive, total, options.top))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
