"""
txredisd next to Debian's redis-server, measured with Debian's redis-benchmark.

    python benchmarks/compare.py                       # default run: about 2-3 minutes on 2 cores
    python benchmarks/compare.py --json > result.json
    python benchmarks/compare.py --tests SET,GET --pipelines 1,16 --rounds 3 --requests 50000
    python benchmarks/compare.py --tls-compare --tests SET,GET --pipelines 1,16
    python benchmarks/compare.py --tests types,EVALSHA --requests 50000   # the data-type tests and a script

Both servers run as subprocesses on free loopback ports (never 6379), with
persistence off. Each (round, pipeline, test) is run against redis-server and
then txredisd, back to back, so machine noise lands on both; every figure is
the median over the rounds. Besides requests per second (which on a small box
also depends on how much CPU redis-benchmark leaves to the server), each run
records the server's own CPU time per request, read from /proc: that is the
per-command cost, independent of the client sharing the machine.

With --tls every test runs over TLS (mutual TLS, throw-away certificates);
with --tls-compare each test runs plain and then over TLS against the same
server processes, and the table shows what TLS costs each server.

Each test is its own redis-benchmark invocation: redis-benchmark exits at the
first error reply, so one command txredisd lacks would otherwise hide every
test after it.

EVALSHA is not a redis-benchmark test: it loads a one-line script (SCRIPT LOAD)
into each server and runs redis-benchmark's arbitrary-command mode,
C{redis-benchmark ... evalsha SHA 1 key}.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import signal
import socket
import ssl
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
# The data-type tests of the issue-4 target: each at least this share of redis-server's rps at pipeline 1.
TYPE_TESTS = "LPUSH,RPUSH,LPOP,RPOP,SADD,HSET,SPOP,ZADD,ZPOPMIN,LRANGE_100,LRANGE_300"
TYPE_TARGET = 0.25
# Names --tests accepts besides redis-benchmark's own -t names.
TEST_GROUPS = {"DEFAULT": DEFAULT_TESTS, "TYPES": TYPE_TESTS}
EVALSHA = "EVALSHA"
SCRIPT = "return redis.call('incr', KEYS[1])"
SCRIPT_SHA = hashlib.sha1(SCRIPT.encode()).hexdigest()
START_TIMEOUT = 20.0
# A pipelined run sends requests x pipeline, at most this many times --requests,
# so that it lasts long enough to measure without stretching the whole run.
PIPELINE_SCALE_CAP = 5
# TLS runs go further: redis-benchmark times its connections' handshakes inside
# each test, and a fast pipelined run must be long enough to make them a small share.
TLS_PIPELINE_SCALE_CAP = 10
# redis-benchmark spins forever when its server goes away; no single run takes this long.
RUN_TIMEOUT = 300.0
# Runs of one request per connection that time the TLS handshakes alone.
HANDSHAKE_PROBES = 3
PLAIN, TLS = "plain", "tls"
_CLOCK_TICK = os.sysconf("SC_CLK_TCK")


# -- certificates ----------------------------------------------------------------


@dataclass(frozen=True)
class CertFiles:
    """
    What C{txredisd.cli.gen_certs} writes: the servers present redis.crt and
    ask for a client certificate (mutual TLS, both servers' default); the
    client presents client.crt.
    """

    directory: Path

    @property
    def ca(self) -> Path:
        return self.directory / "ca.crt"

    @property
    def server_cert(self) -> Path:
        return self.directory / "redis.crt"

    @property
    def server_key(self) -> Path:
        return self.directory / "redis.key"

    @property
    def client_cert(self) -> Path:
        return self.directory / "client.crt"

    @property
    def client_key(self) -> Path:
        return self.directory / "client.key"


def environment(source: Path) -> dict[str, str]:
    """This process's environment with C{source} first on PYTHONPATH: where txredisd is imported from."""
    return dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(source), os.environ.get("PYTHONPATH")])))


def make_certs(directory: Path, source: Path) -> CertFiles:
    """Throw-away certificates from the txredisd found in C{source} (the one under test)."""
    done = subprocess.run([sys.executable, "-m", "txredisd.cli.gen_certs", str(directory)], env=environment(source),
                          check=False, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        raise RuntimeError(f"txredisd.cli.gen_certs failed:\n{done.stderr.strip()}")
    return CertFiles(directory)


def client_tls_context(certs: CertFiles) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=str(certs.ca))
    context.load_cert_chain(str(certs.client_cert), str(certs.client_key))
    return context


# -- servers ---------------------------------------------------------------------


def free_port() -> int:
    """A loopback port nobody listens on right now (the kernel picks; never 6379)."""
    while True:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        if port != 6379:
            return port


def answers_ping(port: int, tls: ssl.SSLContext | None = None) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1.0) as raw:
            sock = tls.wrap_socket(raw, server_hostname="127.0.0.1") if tls else raw
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def command(port: int, tls: ssl.SSLContext | None, *argv: str) -> bytes:
    """One command as RESP and the start of its reply: enough for set-up commands with short replies."""
    request = b"*%d\r\n" % len(argv) + b"".join(b"$%d\r\n%s\r\n" % (len(a.encode()), a.encode()) for a in argv)
    with socket.create_connection(("127.0.0.1", port), timeout=5.0) as raw:
        sock = tls.wrap_socket(raw, server_hostname="127.0.0.1") if tls else raw
        sock.sendall(request)
        return sock.recv(4096)


@dataclass
class Server:
    """
    One server subprocess; its output goes to a log file whose tail is shown if it fails.

    @ivar name: C{redis} or C{txredisd}: the column it fills.
    @ivar ports: the port of each transport it listens with (C{plain}, C{tls}).
    @ivar certs: the certificates redis-benchmark presents on its TLS port.
    @ivar prefix: run the server under this command (C{taskset -c 0} for --pin).
    @ivar source: directory put first on PYTHONPATH (where txredisd is imported from).
    """

    name: str
    argv: list[str]
    ports: dict[str, int]
    workdir: Path
    certs: CertFiles | None = None
    prefix: list[str] = field(default_factory=list)
    source: Path = REPO_ROOT
    process: subprocess.Popen | None = None

    @property
    def log_path(self) -> Path:
        return self.workdir / f"{self.name}.log"

    def start(self) -> bool:
        """Start it and wait for PONG on every port; False if the process died first."""
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                self.prefix + self.argv,
                cwd=self.workdir,
                env=environment(self.source),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        tls = client_tls_context(self.certs) if TLS in self.ports else None
        waiting = dict(self.ports)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            waiting = {kind: port for kind, port in waiting.items()
                       if not answers_ping(port, tls if kind == TLS else None)}
            if not waiting:
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


def listen_args(options: argparse.Namespace) -> tuple[dict[str, int], list[str]]:
    """
    Free ports for the transports asked for, and the options that open them:
    the same words for both servers, since txredisd takes Redis's. Without
    plain runs the plain port is closed (C{--port 0}), as in a TLS-only setup.
    """
    ports = {kind: free_port() for kind in options.transports}
    argv = ["--port", str(ports.get(PLAIN, 0)), "--bind", "127.0.0.1"]
    if TLS in ports:
        certs = options.certs
        argv += ["--tls-port", str(ports[TLS]), "--tls-cert-file", str(certs.server_cert),
                 "--tls-key-file", str(certs.server_key), "--tls-ca-cert-file", str(certs.ca)]
    return ports, argv


def _start(server: Server) -> Server:
    if not server.start():
        raise RuntimeError(f"{server.name} exited at start-up:\n{server.log_tail()}")
    return server


def start_redis(workdir: Path, options: argparse.Namespace) -> Server:
    ports, listen = listen_args(options)
    argv = ["redis-server", *listen, "--save", "", "--appendonly", "no", "--dir", str(workdir)]
    return _start(Server("redis", argv, ports, workdir, options.certs, options.server_prefix))


def start_txredisd(workdir: Path, options: argparse.Namespace) -> Server:
    ports, listen = listen_args(options)
    argv = [sys.executable, "-m", "txredisd", *listen, "--save", ""]
    return _start(Server("txredisd", argv, ports, workdir, options.certs, options.server_prefix, options.source))


# -- redis-benchmark -------------------------------------------------------------


def connection_args(server: Server, transport: str = PLAIN) -> list[str]:
    """How redis-benchmark reaches a server: the one place that knows the transport."""
    args = ["-h", "127.0.0.1", "-p", str(server.ports[transport])]
    if transport == TLS:
        certs = server.certs
        args += ["--tls", "--cert", str(certs.client_cert), "--key", str(certs.client_key),
                 "--cacert", str(certs.ca)]
    return args


def requests_for(options: argparse.Namespace, transport: str, pipeline: int) -> int:
    if transport == TLS:
        return options.tls_requests * min(pipeline, TLS_PIPELINE_SCALE_CAP)
    return options.requests * min(pipeline, PIPELINE_SCALE_CAP)


def benchmark_argv(server: Server, transport: str, test: str, pipeline: int, requests: int,
                   clients: int) -> list[str]:
    what = ["evalsha", SCRIPT_SHA, "1", "key"] if test == EVALSHA else ["-t", test]
    return ["redis-benchmark", *connection_args(server, transport), "-c", str(clients),
            "-n", str(requests), "-P", str(pipeline), "--csv", *what]


def load_script(server: Server, transport: str) -> str | None:
    """
    SCRIPT LOAD before every EVALSHA run, so a SCRIPT FLUSH in between (or a
    restarted server) cannot turn the run into NOSCRIPT errors; None when loaded.
    """
    tls = client_tls_context(server.certs) if transport == TLS else None
    reply = command(server.ports[transport], tls, "SCRIPT", "LOAD", SCRIPT)
    return None if SCRIPT_SHA.encode() in reply else f"SCRIPT LOAD: {reply[:80]!r}"


@dataclass
class Run:
    """One redis-benchmark run against one server."""

    rps: float | None
    cpu_us_per_request: float | None
    error: str | None = None


def parse_csv(stdout: str) -> float | None:
    """
    The rps column of the last data row (the header row starts with "test"):
    the LRANGE tests first fill their list with an "LPUSH (needed to benchmark
    LRANGE)" run of their own, which redis-benchmark prints before the test.
    """
    rps = None
    for line in stdout.splitlines():
        cells = [cell.strip('"') for cell in line.split('","')]
        if len(cells) >= 2 and line.startswith('"') and cells[0] != "test":
            rps = float(cells[1])
    return rps


def run_benchmark(server: Server, transport: str, test: str, pipeline: int, requests: int,
                  options: argparse.Namespace) -> Run:
    argv = options.client_prefix + benchmark_argv(server, transport, test, pipeline, requests, options.clients)
    if server.process.poll() is not None:
        raise RuntimeError(f"{server.name} died during the run:\n{server.log_tail()}")
    if test == EVALSHA and (error := load_script(server, transport)):
        return Run(None, None, error)
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
    return Run(rps, cpu * 1e6 / requests)


def handshake_seconds(server: Server, options: argparse.Namespace) -> float | None:
    """
    What the C{--clients} TLS handshakes add to a test's time: redis-benchmark
    connects inside the timed part, so a run of one PING per connection is
    almost nothing but handshakes. Median of a few such runs.
    """
    runs = [run_benchmark(server, TLS, "PING_INLINE", 1, options.clients, options)
            for _ in range(HANDSHAKE_PROBES + 1)]
    # The first is a warm-up: a server's first TLS connections cost more than the rest.
    return median([options.clients / run.rps if run.rps else None for run in runs[1:]])


# -- the comparison --------------------------------------------------------------


def median(values: list[float | None]) -> float | None:
    present = [value for value in values if value is not None]
    return statistics.median(present) if present else None


Key = tuple[int, str, str, str]  # pipeline, test, transport, server name


def measure(servers: list[Server], options: argparse.Namespace) -> Iterator[tuple[Key, Run]]:
    """
    Every run, alternating servers at each step; with both transports, a
    test's plain and TLS runs are back to back too.
    """
    for round_no in range(options.rounds):
        for pipeline in options.pipelines:
            for test in options.tests:
                for transport in options.transports:
                    requests = requests_for(options, transport, pipeline)
                    for server in servers:
                        run = run_benchmark(server, transport, test, pipeline, requests, options)
                        if options.verbose:
                            shown = f"{run.rps:.0f} rps" if run.error is None else run.error
                            print(f"round {round_no + 1} P={pipeline} {test} {transport} {server.name}: {shown}",
                                  file=sys.stderr)
                        yield (pipeline, test, transport, server.name), run


def _ratio(top: float | None, bottom: float | None) -> float | None:
    return top / bottom if top and bottom else None


def summarise(runs: list[tuple[Key, Run]], names: list[str], options: argparse.Namespace) -> list[dict]:
    """One row per (pipeline, test, transport); TLS rows also carry TLS/plain when both ran."""
    rows = []
    for pipeline in options.pipelines:
        for test in options.tests:
            plain_rps: dict[str, float | None] = {}
            for transport in options.transports:
                row: dict[str, Any] = {"pipeline": pipeline, "test": test, "transport": transport,
                                       "requests": requests_for(options, transport, pipeline)}
                for name in names:
                    mine = [run for key, run in runs if key == (pipeline, test, transport, name)]
                    row[name] = {
                        "rps": median([run.rps for run in mine]),
                        "cpu_us_per_request": median([run.cpu_us_per_request for run in mine]),
                        "rps_runs": [run.rps for run in mine],
                        "errors": sorted({run.error for run in mine if run.error}),
                    }
                row["ratio"] = _ratio(row["txredisd"]["rps"], row["redis"]["rps"])
                if transport == PLAIN:
                    plain_rps = {name: row[name]["rps"] for name in names}
                elif plain_rps:
                    row["tls_over_plain"] = {name: _ratio(row[name]["rps"], plain_rps[name]) for name in names}
                rows.append(row)
    return rows


def _cell(value: float | None, fmt: str) -> str:
    return "-" if value is None else format(value, fmt)


def _align(lines: list[tuple[str, ...]]) -> list[str]:
    """The two label columns read left to right, the figures line up on the right; a rule under the head."""
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    def align(line: tuple[str, ...]) -> str:
        cells = enumerate(zip(line, widths, strict=True))
        return "  ".join(cell.ljust(w) if i < 2 else cell.rjust(w) for i, (cell, w) in cells)

    text = [align(line) for line in lines]
    text.insert(1, "  ".join("-" * w for w in widths))
    return text


def _errors(rows: list[dict]) -> list[str]:
    return [f"{name} {row['transport']} P={row['pipeline']} {row['test']}: {error}"
            for row in rows for name in ("redis", "txredisd") for error in row[name]["errors"]]


def render_table(rows: list[dict]) -> str:
    """One transport: rps, ratio and server CPU per request."""
    lines = [("P", "test", "redis rps", "txredisd rps", "ratio", "redis us/req", "txredisd us/req")]
    for row in rows:
        redis, ours = row["redis"], row["txredisd"]
        lines.append((
            str(row["pipeline"]), row["test"], _cell(redis["rps"], ",.0f"), _cell(ours["rps"], ",.0f"),
            _cell(row["ratio"], ".2f"), _cell(redis["cpu_us_per_request"], ".2f"),
            _cell(ours["cpu_us_per_request"], ".2f"),
        ))
    return "\n".join(_align(lines) + _errors(rows))


def render_tls_comparison(rows: list[dict]) -> str:
    """
    Plain and TLS side by side: each server's TLS cost and the two servers over
    TLS, in rps and then in server CPU per request (the steadier of the two).
    """
    plain = {(row["pipeline"], row["test"]): row for row in rows if row["transport"] == PLAIN}
    pairs = [(plain[row["pipeline"], row["test"]], row) for row in rows if row["transport"] == TLS]
    rps = [("P", "test", "redis", "redis TLS", "TLS/plain", "txredisd", "txredisd TLS", "TLS/plain", "TLS ratio")]
    cpu = [("P", "test", "redis plain", "redis TLS", "TLS extra", "txredisd plain", "txredisd TLS", "TLS extra")]
    for before, after in pairs:
        rps_cells = [str(after["pipeline"]), after["test"]]
        cpu_cells = list(rps_cells)
        for name in ("redis", "txredisd"):
            rps_cells += [_cell(before[name]["rps"], ",.0f"), _cell(after[name]["rps"], ",.0f"),
                          _cell(after["tls_over_plain"][name], ".2f")]
            us_plain, us_tls = before[name]["cpu_us_per_request"], after[name]["cpu_us_per_request"]
            extra = us_tls - us_plain if us_plain is not None and us_tls is not None else None
            cpu_cells += [_cell(us_plain, ".2f"), _cell(us_tls, ".2f"), _cell(extra, "+.2f")]
        rps_cells.append(_cell(after["ratio"], ".2f"))
        rps.append(tuple(rps_cells))
        cpu.append(tuple(cpu_cells))
    text = ["requests per second (TLS ratio: txredisd TLS / redis TLS)", *_align(rps), "",
            "server CPU us per request", *_align(cpu), *_errors(rows), "", *tls_targets(rows)]
    return "\n".join(text)


def _verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def type_targets(rows: list[dict]) -> list[str]:
    """The issue-4 goal for the data-type tests that ran at pipeline 1, shown and never asserted."""
    wanted = TYPE_TESTS.split(",")
    text = [f"  P=1 {row['test']}: ratio {_cell(row['ratio'], '.2f')} >= {TYPE_TARGET}: "
            f"{_verdict(row['ratio'] is not None and row['ratio'] >= TYPE_TARGET)}"
            for row in rows if row["pipeline"] == 1 and row["transport"] == PLAIN and row["test"] in wanted]
    return ["targets (shown, not asserted):", *text] if text else []


def tls_targets(rows: list[dict]) -> list[str]:
    """The goals txredisd's TLS is measured against, shown and never asserted."""
    text = ["targets (shown, not asserted):"]
    plain = {(row["pipeline"], row["test"]): row for row in rows if row["transport"] == PLAIN}
    for row in rows:
        if row["transport"] != TLS:
            continue
        label = f"P={row['pipeline']} {row['test']}"
        ours, theirs = row["tls_over_plain"]["txredisd"], row["tls_over_plain"]["redis"]
        if ours is not None and theirs is not None:
            text.append(f"  {label}: txredisd TLS/plain {ours:.2f} >= redis's {theirs:.2f}: {_verdict(ours >= theirs)}")
        before = plain.get((row["pipeline"], row["test"]))
        if before is not None:
            # The rps ratio of a server bounded by redis-benchmark's CPU measures the client's
            # TLS cost; requests per CPU-second is what the server itself can do.
            capacity = {name: _ratio(before[name]["cpu_us_per_request"], row[name]["cpu_us_per_request"])
                        for name in ("txredisd", "redis")}
            if None not in capacity.values():
                text.append(f"  {label}: the same by server CPU per request (capacity): txredisd "
                            f"{capacity['txredisd']:.2f}, redis {capacity['redis']:.2f} (for reading)")
        if row["pipeline"] == 1 and row["test"] in ("SET", "GET") and row["ratio"] is not None:
            text.append(f"  {label}: txredisd TLS rps {row['ratio']:.2f} x redis's >= 0.30: "
                        f"{_verdict(row['ratio'] >= 0.30)}")
    return text


def handshake_note(rows: list[dict], handshakes: dict[str, float | None], clients: int) -> str:
    """How much of each server's TLS figures is connection set-up rather than requests."""
    timed = " and ".join(f"{_cell(seconds and seconds * 1000, '.0f')} ms ({name})"
                         for name, seconds in handshakes.items())
    shares = []
    for name, seconds in handshakes.items():
        runs = [(seconds * row[name]["rps"] / row["requests"], f"P={row['pipeline']} {row['test']}")
                for row in rows if row["transport"] == TLS and row[name]["rps"] and seconds]
        if runs:
            share, where = max(runs)
            shares.append(f"{100 * share:.1f}% for {name} ({where})")
    text = (f"TLS runs include {clients} TLS handshakes each, timed by redis-benchmark inside the test: "
            f"{timed} for the {clients},\nmeasured with one PING per connection")
    if shares:
        text += f"; that is at most {', '.join(shares)} of a TLS run's time:\nTLS rps are understated by up to that"
    return text + "."


def _interrupt_on_sigterm() -> None:
    """SIGTERM/SIGHUP unwind like Ctrl-C does, so the servers are stopped on the way out."""
    def handler(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt(f"signal {signum}")
    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGHUP, handler)


def expand_tests(text: str) -> list[str]:
    """-t names in order, with the group names replaced by their tests, each test once."""
    names = [name.strip().upper() for name in text.split(",") if name.strip()]
    expanded = [test for name in names for test in TEST_GROUPS.get(name, name).split(",")]
    return list(dict.fromkeys(expanded))


def parse_options(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].strip())
    parser.add_argument("--requests", type=int, default=100_000,
                        help="requests per test at pipeline 1; pipelined runs send this x P, "
                             f"at most x{PIPELINE_SCALE_CAP} (default %(default)s)")
    parser.add_argument("--tls-requests", type=int, default=200_000,
                        help=f"the same for TLS runs, at most x{TLS_PIPELINE_SCALE_CAP} when pipelined: "
                             "more, so that the handshakes timed inside each test are a small share "
                             "(default %(default)s)")
    parser.add_argument("--rounds", type=int, default=2, help="runs per test and server (default %(default)s)")
    parser.add_argument("--pipelines", default="1,16", help="comma-separated -P values (default %(default)s)")
    parser.add_argument("--tests", default=DEFAULT_TESTS,
                        help="comma-separated -t names, EVALSHA (a one-line script), or the groups "
                             f"default and types ({TYPE_TESTS}) (default %(default)s)")
    parser.add_argument("--clients", type=int, default=50, help="parallel connections, -c (default %(default)s)")
    transport = parser.add_mutually_exclusive_group()
    transport.add_argument("--tls", action="store_true",
                           help="run every test over TLS (client certificates required, as both servers default to)")
    transport.add_argument("--tls-compare", action="store_true",
                           help="run every test plain and over TLS, and show what TLS costs each server")
    parser.add_argument("--pin", action="store_true",
                        help="pin the servers to CPU 0 and redis-benchmark to CPU 1 (taskset)")
    parser.add_argument("--source", type=Path, default=REPO_ROOT,
                        help="directory holding the txredisd package to run, e.g. a scratch copy "
                             "with a change to try (default: this checkout)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead of a table")
    parser.add_argument("-v", "--verbose", action="store_true", help="print each run to stderr as it ends")
    options = parser.parse_args(argv)
    options.pipelines = [int(p) for p in options.pipelines.split(",")]
    options.tests = expand_tests(options.tests)
    options.transports = [PLAIN, TLS] if options.tls_compare else [TLS] if options.tls else [PLAIN]
    if options.pin and not shutil.which("taskset"):
        parser.error("--pin needs taskset (util-linux)")
    options.server_prefix = ["taskset", "-c", "0"] if options.pin else []
    options.client_prefix = ["taskset", "-c", "1"] if options.pin else []
    options.certs = None
    return options


def report(rows: list[dict], handshakes: dict[str, float | None], options: argparse.Namespace,
           seconds: float) -> str:
    if options.json:
        names = ("requests", "tls_requests", "rounds", "pipelines", "tests", "transports", "clients", "pin")
        settings = {key: getattr(options, key) for key in names}
        settings["source"] = str(options.source)
        result = {"settings": settings, "seconds": round(seconds, 1), "results": rows}
        if handshakes:
            result["tls_handshake_seconds"] = handshakes
        return json.dumps(result, indent=2)
    if options.tls_compare:
        text = [render_tls_comparison(rows)]
    else:
        text = [("over TLS\n" if options.tls else "") + render_table(rows)]
        if targets := type_targets(rows):
            text.append("\n".join(targets))
    if handshakes:
        text.append(handshake_note(rows, handshakes, options.clients))
    text.append(f"median of {options.rounds} round(s), {options.clients} clients; {seconds:.0f}s")
    return "\n\n".join(text)


def main(argv: list[str] | None = None) -> int:
    options = parse_options(argv)
    for tool in ("redis-server", "redis-benchmark"):
        if not shutil.which(tool):
            sys.exit(f"{tool} not found: apt-get install redis-server redis-tools")
    _interrupt_on_sigterm()
    started = time.monotonic()
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="txredisd-bench-")))
        if TLS in options.transports:
            options.certs = make_certs(workdir / "certs", options.source)
        servers = []
        for start in (start_redis, start_txredisd):
            server = start(workdir, options)
            stack.callback(server.stop)
            servers.append(server)
        handshakes = {server.name: handshake_seconds(server, options)
                      for server in servers if TLS in options.transports}
        runs = list(measure(servers, options))
    rows = summarise(runs, [server.name for server in servers], options)
    print(report(rows, handshakes, options, time.monotonic() - started))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
