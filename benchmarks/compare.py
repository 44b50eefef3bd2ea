"""
txredisd next to Debian's redis-server, measured with Debian's redis-benchmark.

    python benchmarks/compare.py                       # default run: about 2-3 minutes on 2 cores
    python benchmarks/compare.py --json > result.json
    python benchmarks/compare.py --tests SET,GET --pipelines 1,16 --rounds 3 --requests 50000

Both servers run as subprocesses on free loopback ports (never 6379), with
persistence off. Each (round, pipeline, test) is run against redis-server and
then txredisd, back to back, so machine noise lands on both; every figure is
the median over the rounds. Besides requests per second (which on a small box
also depends on how much CPU redis-benchmark leaves to the server), each run
records the server's own CPU time per request, read from /proc: that is the
per-command cost, independent of the client sharing the machine.

Each test is its own redis-benchmark invocation: redis-benchmark exits at the
first error reply, so one command txredisd lacks would otherwise hide every
test after it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TESTS = "PING_INLINE,PING_MBULK,SET,GET,INCR,MSET"
START_TIMEOUT = 20.0
# A pipelined run sends requests x pipeline, at most this many times --requests,
# so that it lasts long enough to measure without stretching the whole run.
PIPELINE_SCALE_CAP = 5
# redis-benchmark spins forever when its server goes away; no single run takes this long.
RUN_TIMEOUT = 300.0
_CLOCK_TICK = os.sysconf("SC_CLK_TCK")


# -- servers ---------------------------------------------------------------------


def free_port() -> int:
    """A loopback port nobody listens on right now (the kernel picks; never 6379)."""
    while True:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        if port != 6379:
            return port


def answers_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1.0) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


@dataclass
class Server:
    """
    One server subprocess; its output goes to a log file whose tail is shown if it fails.

    @ivar name: C{redis} or C{txredisd}: the column it fills.
    @ivar prefix: run the server under this command (C{taskset -c 0} for --pin).
    @ivar source: directory put first on PYTHONPATH (where txredisd is imported from).
    """

    name: str
    argv: list[str]
    port: int
    workdir: Path
    prefix: list[str] = field(default_factory=list)
    source: Path = REPO_ROOT
    process: subprocess.Popen | None = None

    @property
    def log_path(self) -> Path:
        return self.workdir / f"{self.name}.log"

    def start(self) -> bool:
        """Start it and wait for PONG; False if the process died first."""
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(self.source), env.get("PYTHONPATH")]))
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                self.prefix + self.argv,
                cwd=self.workdir,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            if answers_ping(self.port):
                return True
            time.sleep(0.05)
        raise RuntimeError(f"{self.name} did not answer PING within {START_TIMEOUT}s:\n{self.log_tail()}")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def cpu_seconds(self) -> float:
        """User + system CPU time the server process has used so far (all threads)."""
        with open(f"/proc/{self.process.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _CLOCK_TICK

    def log_tail(self, lines: int = 15) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


def start_redis(workdir: Path, options: argparse.Namespace) -> Server:
    port = free_port()
    argv = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--dir", str(workdir)]
    server = Server("redis", argv, port, workdir, options.server_prefix)
    if not server.start():
        raise RuntimeError(f"redis-server exited at start-up:\n{server.log_tail()}")
    return server


def start_txredisd(workdir: Path, options: argparse.Namespace) -> Server:
    port = free_port()
    argv = [sys.executable, "-m", "txredisd", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    server = Server("txredisd", argv, port, workdir, options.server_prefix, options.source)
    if not server.start():
        raise RuntimeError(f"txredisd exited at start-up:\n{server.log_tail()}")
    return server


# -- redis-benchmark -------------------------------------------------------------


def connection_args(server: Server) -> list[str]:
    """
    How redis-benchmark reaches a server: the one place that knows the
    transport. TLS will add C{--tls --cert --key --cacert} here.
    """
    return ["-h", "127.0.0.1", "-p", str(server.port)]


def requests_for(base: int, pipeline: int) -> int:
    return base * min(pipeline, PIPELINE_SCALE_CAP)


def benchmark_argv(server: Server, test: str, pipeline: int, options: argparse.Namespace) -> list[str]:
    return ["redis-benchmark", *connection_args(server), "-c", str(options.clients),
            "-n", str(requests_for(options.requests, pipeline)), "-P", str(pipeline),
            "-t", test, "--csv"]


@dataclass
class Run:
    """One redis-benchmark run against one server."""

    rps: float | None
    cpu_us_per_request: float | None
    error: str | None = None


def parse_csv(stdout: str) -> float | None:
    """The rps column of the one data row (the header row starts with "test")."""
    for line in stdout.splitlines():
        cells = [cell.strip('"') for cell in line.split('","')]
        if len(cells) >= 2 and line.startswith('"') and cells[0] != "test":
            return float(cells[1])
    return None


def run_benchmark(server: Server, test: str, pipeline: int, options: argparse.Namespace) -> Run:
    argv = options.client_prefix + benchmark_argv(server, test, pipeline, options)
    if server.process.poll() is not None:
        raise RuntimeError(f"{server.name} died during the run:\n{server.log_tail()}")
    cpu_before = server.cpu_seconds()
    try:
        done = subprocess.run(argv, check=False, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                              timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        return Run(None, None, f"redis-benchmark still running after {RUN_TIMEOUT:.0f}s")
    cpu = server.cpu_seconds() - cpu_before
    rps = parse_csv(done.stdout)
    if done.returncode != 0 or rps is None:
        errors = [line for line in (done.stderr + done.stdout).splitlines() if "Error" in line]
        return Run(None, None, (errors or [f"exit status {done.returncode}"])[0].strip()[:100])
    return Run(rps, cpu * 1e6 / requests_for(options.requests, pipeline))


# -- the comparison --------------------------------------------------------------


def median(values: list[float | None]) -> float | None:
    present = [value for value in values if value is not None]
    return statistics.median(present) if present else None


def measure(servers: list[Server], options: argparse.Namespace) -> Iterator[tuple[int, str, str, Run]]:
    """(pipeline, test, server name, run) for every run, alternating servers at each step."""
    for round_no in range(options.rounds):
        for pipeline in options.pipelines:
            for test in options.tests:
                for server in servers:
                    run = run_benchmark(server, test, pipeline, options)
                    if options.verbose:
                        shown = f"{run.rps:.0f} rps" if run.error is None else run.error
                        print(f"round {round_no + 1} P={pipeline} {test} {server.name}: {shown}",
                              file=sys.stderr)
                    yield pipeline, test, server.name, run


def summarise(runs: list[tuple[int, str, str, Run]], names: list[str], options: argparse.Namespace) -> list[dict]:
    rows = []
    for pipeline in options.pipelines:
        for test in options.tests:
            row: dict[str, Any] = {"pipeline": pipeline, "test": test,
                                   "requests": requests_for(options.requests, pipeline)}
            for name in names:
                mine = [run for p, t, n, run in runs if (p, t, n) == (pipeline, test, name)]
                row[name] = {
                    "rps": median([run.rps for run in mine]),
                    "cpu_us_per_request": median([run.cpu_us_per_request for run in mine]),
                    "rps_runs": [run.rps for run in mine],
                    "errors": sorted({run.error for run in mine if run.error}),
                }
            ours, theirs = row["txredisd"]["rps"], row["redis"]["rps"]
            row["ratio"] = ours / theirs if ours and theirs else None
            rows.append(row)
    return rows


def _cell(value: float | None, fmt: str) -> str:
    return "-" if value is None else format(value, fmt)


def render_table(rows: list[dict]) -> str:
    head = ("P", "test", "redis rps", "txredisd rps", "ratio", "redis us/req", "txredisd us/req")
    lines = [head]
    for row in rows:
        redis, ours = row["redis"], row["txredisd"]
        lines.append((
            str(row["pipeline"]), row["test"], _cell(redis["rps"], ",.0f"), _cell(ours["rps"], ",.0f"),
            _cell(row["ratio"], ".2f"), _cell(redis["cpu_us_per_request"], ".2f"),
            _cell(ours["cpu_us_per_request"], ".2f"),
        ))
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    def align(line: tuple[str, ...]) -> str:
        # The two label columns read left to right, the figures line up on the right.
        cells = zip(line, widths, strict=True)
        return "  ".join(cell.ljust(w) if i < 2 else cell.rjust(w) for i, (cell, w) in enumerate(cells))

    text = [align(line) for line in lines]
    text.insert(1, "  ".join("-" * w for w in widths))
    for row in rows:
        for name in ("redis", "txredisd"):
            for error in row[name]["errors"]:
                text.append(f"{name} P={row['pipeline']} {row['test']}: {error}")
    return "\n".join(text)


def _interrupt_on_sigterm() -> None:
    """SIGTERM/SIGHUP unwind like Ctrl-C does, so the servers are stopped on the way out."""
    def handler(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt(f"signal {signum}")
    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGHUP, handler)


def parse_options(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].strip())
    parser.add_argument("--requests", type=int, default=100_000,
                        help="requests per test at pipeline 1; pipelined runs send this x P, "
                             f"at most x{PIPELINE_SCALE_CAP} (default %(default)s)")
    parser.add_argument("--rounds", type=int, default=2, help="runs per test and server (default %(default)s)")
    parser.add_argument("--pipelines", default="1,16", help="comma-separated -P values (default %(default)s)")
    parser.add_argument("--tests", default=DEFAULT_TESTS, help="comma-separated -t names (default %(default)s)")
    parser.add_argument("--clients", type=int, default=50, help="parallel connections, -c (default %(default)s)")
    parser.add_argument("--pin", action="store_true",
                        help="pin the servers to CPU 0 and redis-benchmark to CPU 1 (taskset)")
    parser.add_argument("--source", type=Path, default=REPO_ROOT,
                        help="directory holding the txredisd package to run, e.g. a scratch copy "
                             "with a change to try (default: this checkout)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead of a table")
    parser.add_argument("-v", "--verbose", action="store_true", help="print each run to stderr as it ends")
    options = parser.parse_args(argv)
    options.pipelines = [int(p) for p in options.pipelines.split(",")]
    options.tests = [t.strip().upper() for t in options.tests.split(",") if t.strip()]
    if options.pin and not shutil.which("taskset"):
        parser.error("--pin needs taskset (util-linux)")
    options.server_prefix = ["taskset", "-c", "0"] if options.pin else []
    options.client_prefix = ["taskset", "-c", "1"] if options.pin else []
    return options


def main(argv: list[str] | None = None) -> int:
    options = parse_options(argv)
    for tool in ("redis-server", "redis-benchmark"):
        if not shutil.which(tool):
            sys.exit(f"{tool} not found: apt-get install redis-server redis-tools")
    _interrupt_on_sigterm()
    started = time.monotonic()
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="txredisd-bench-")))
        servers = []
        for start in (start_redis, start_txredisd):
            server = start(workdir, options)
            stack.callback(server.stop)
            servers.append(server)
        runs = list(measure(servers, options))
    rows = summarise(runs, [server.name for server in servers], options)
    if options.json:
        names = ("requests", "rounds", "pipelines", "tests", "clients", "pin")
        settings = {key: getattr(options, key) for key in names}
        settings["source"] = str(options.source)
        json.dump({"settings": settings, "seconds": round(time.monotonic() - started, 1), "results": rows},
                  sys.stdout, indent=2)
        print()
    else:
        print(render_table(rows))
        print(f"\nmedian of {options.rounds} round(s), {options.clients} clients; "
              f"{time.monotonic() - started:.0f}s")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
