"""
txredis-benchmark (L{txredisd.tools.benchmark}) run as a subprocess against
Debian's redis-server and against txredisd, plain and over TLS with client
certificates: its CSV and report output, request counts checked against the
server's INFO commandstats, -r key spreading, -P, --threads, errors. The
option parser, test table, request rendering and cluster slots are checked
in-process. Every run is small (-n of a few thousand at most).
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from twisted.internet import reactor
from twisted.trial.unittest import SynchronousTestCase, TestCase

from tests._certs import shared_certs
from tests._servers import REPO_ROOT, ServerProcess, require_redis_server, start_redis_server, start_txredisd
from tests.test_tls_service import free_ports, launch, redis_server_command, reference_line, txredisd_command
from txredisd.client.endpoint import ConnectOptions
from txredisd.tools.benchmark import Cluster, Requests, Run, Workload, _tag_for, key_slot, parse_args, workloads

CSV_FIELDS = ["test", "rps", "avg_latency_ms", "min_latency_ms", "p50_latency_ms", "p95_latency_ms", "p99_latency_ms", "max_latency_ms"]  # fmt: skip


def bench(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """A run's status and output, carriage returns kept (text mode would turn them into newlines)."""
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    result = subprocess.run(
        [sys.executable, "-m", "txredisd.tools.benchmark", *args], capture_output=True, timeout=timeout, env=env
    )
    return subprocess.CompletedProcess(result.args, result.returncode, result.stdout.decode(), result.stderr.decode())


def read_csv(output: str) -> list[dict[str, str]]:
    rows = list(csv.DictReader(io.StringIO(output)))
    for row in rows:
        assert list(row) == CSV_FIELDS, row
        for name in CSV_FIELDS[1:]:
            float(row[name])
    return rows


def calls(server: ServerProcess, command: str) -> int:
    """cmdstat_<command> calls from INFO commandstats (0 when never called)."""
    with server.client() as client:
        info = client.call("INFO", "commandstats")
    match = re.search(rb"cmdstat_" + command.encode() + rb":calls=(\d+)", info)
    return int(match.group(1)) if match else 0


def reset(server: ServerProcess) -> None:
    with server.client() as client:
        assert client.call("FLUSHALL") == b"+OK\r\n"
        assert client.call("CONFIG", "RESETSTAT") == b"+OK\r\n"


class ParsingTests(SynchronousTestCase):
    """The command line, the tests it selects and the bytes each request becomes."""

    def test_flags(self) -> None:
        """Connection flags land in ConnectOptions, the rest in Settings; -u is read in place."""
        settings = parse_args(["-u", "redis://u:pw@h:7000/2", "-c", "7", "-n", "99", "-P", "4", "-q", "--tls", "-k", "0", "-t", "SET,Get", "incr", "k"])  # fmt: skip
        self.assertEqual(settings.connect, ConnectOptions(host="h", port=7000, user="u", password="pw", db=2, tls=True))
        self.assertEqual(
            (settings.clients, settings.requests, settings.pipeline, settings.keepalive), (7, 99, 4, False)
        )
        self.assertEqual((settings.quiet, settings.tests, settings.command), (True, ",set,get,", ["incr", "k"]))

    def test_bad_option(self) -> None:
        """redis-benchmark's complaint, and usage, exit status 1."""
        result = bench("--bogus")
        self.assertEqual(result.returncode, 1)
        self.assertTrue(result.stderr.startswith('Invalid option "--bogus" or option argument missing\n\nUsage:'))
        self.assertEqual(bench("-n").returncode, 1)

    def test_order_and_names(self) -> None:
        """All tests in redis-benchmark's order; -t picks by name, ping and lrange by family."""
        titles = [w.title for w in workloads(parse_args([]))]
        self.assertEqual(
            titles[:14],
            [
                "PING_INLINE",
                "PING_MBULK",
                "SET",
                "GET",
                "INCR",
                "LPUSH",
                "RPUSH",
                "LPOP",
                "RPOP",
                "SADD",
                "HSET",
                "SPOP",
                "ZADD",
                "ZPOPMIN",
            ],
        )
        self.assertEqual(titles[14:], ["LPUSH (needed to benchmark LRANGE)", "LRANGE_100 (first 100 elements)", "LRANGE_300 (first 300 elements)", "LRANGE_500 (first 500 elements)", "LRANGE_600 (first 600 elements)", "MSET (10 keys)"])  # fmt: skip
        self.assertEqual([w.title for w in workloads(parse_args(["-t", "mset,ping"]))], ["PING_INLINE", "PING_MBULK", "MSET (10 keys)"])  # fmt: skip
        self.assertEqual(len(workloads(parse_args(["-t", "lrange_300"]))), 2)

    def test_random_substitution(self) -> None:
        """Each request gets its own 12-digit number below -r; without -r the placeholder stays."""
        workload = Workload("x", (b"SET", b"key:__rand_int__", b"xxx"))
        batch = Requests(workload, 10).batch(50)
        numbers = re.findall(rb"key:(\d{12})\r\n", batch)
        self.assertEqual(len(numbers), 50)
        self.assertTrue(all(int(n) < 10 for n in numbers))
        self.assertEqual(
            Requests(workload, 0).batch(2), b"*3\r\n$3\r\nSET\r\n$16\r\nkey:__rand_int__\r\n$3\r\nxxx\r\n" * 2
        )

    def test_cluster_slots(self) -> None:
        """CRC16 slots as Redis Cluster computes them, hashtags included; a tag is found for any slot range."""
        self.assertEqual(key_slot(b"foo"), 12182)
        self.assertEqual(key_slot(b"{user1000}.following"), key_slot(b"{user1000}.followers"))
        self.assertNotEqual(key_slot(b"foo{}{bar}"), key_slot(b"bar"))
        self.assertEqual(key_slot(b"foo{{bar}}zap"), key_slot(b"{bar"))
        tag = _tag_for([range(5000, 5100)])
        self.assertIn(key_slot(b"key" + tag), range(5000, 5100))


class _ServerTests:
    """The same runs against each server: subclasses say how to start it and reach it."""

    server: ServerProcess

    def start(self) -> ServerProcess:
        raise NotImplementedError

    def where(self) -> list[str]:
        return ["-s", self.server.unix_path]

    def setUp(self) -> None:
        self.server = self.start()
        self.addCleanup(self.server.stop)

    def test_csv_and_counts(self) -> None:
        """-t set,get --csv: one parsable row per test, and exactly -n calls each, -P 16 included."""
        for pipeline in ("1", "16"):
            reset(self.server)
            result = bench(*self.where(), "-t", "set,get", "-n", "1000", "-c", "5", "-P", pipeline, "--csv")
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual([row["test"] for row in read_csv(result.stdout)], ["SET", "GET"])
            self.assertEqual((calls(self.server, "set"), calls(self.server, "get")), (1000, 1000))

    def test_keyspace(self) -> None:
        """-r 50 spreads SETs over key:000000000000..49; without -r one key."""
        reset(self.server)
        self.assertEqual(bench(*self.where(), "-t", "set", "-n", "2000", "-r", "50", "-q").returncode, 0)
        with self.server.client() as client:
            keys = client.call("KEYS", "*")
            self.assertGreater(int(client.call("DBSIZE")[1:]), 25)
        self.assertTrue(all(int(k) < 50 for k in re.findall(rb"key:(\d{12})", keys)))
        reset(self.server)
        self.assertEqual(bench(*self.where(), "-t", "set", "-n", "100", "-q").returncode, 0)
        with self.server.client() as client:
            self.assertEqual(client.call("KEYS", "*"), b"*1\r\n$16\r\nkey:__rand_int__\r\n")

    def test_threads(self) -> None:
        """--threads 2: two workers, results merged into one line per test, counts add up."""
        reset(self.server)
        result = bench(*self.where(), "-t", "incr", "-n", "1001", "-c", "4", "--threads", "2", "-P", "3", "-q")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertRegex(result.stdout, r"^ \rINCR: \d+\.\d\d requests per second, p50=\d+\.\d{3} msec\n$")
        self.assertEqual(calls(self.server, "incr"), 1001)
        with self.server.client() as client:
            self.assertEqual(client.call("GET", "counter:__rand_int__"), b"$4\r\n1001\r\n")

    def test_command_and_report(self) -> None:
        """A command after the options, the full report's sections, --dbnum, -k 0 and --histogram."""
        reset(self.server)
        directory = Path(tempfile.mkdtemp())
        self.addCleanup(__import__("shutil").rmtree, directory, True)
        for chart in ("h.svg", "h.txt"):
            result = bench(*self.where(), "-n", "300", "-c", "3", "-r", "10", "--dbnum", "3", "-k", "0", "--histogram", str(directory / chart), "sadd", "s", "__rand_int__")  # fmt: skip
            self.assertEqual(result.returncode, 0, result.stderr)
        report = result.stdout.rsplit("\r", 1)[-1]
        for line in ("====== sadd s __rand_int__ ======", "  300 requests completed in", "  3 parallel clients", "  keep alive: 0", "Latency by percentile distribution:", "Cumulative distribution of latencies:", "  throughput summary: ", "          avg       min       p50       p95       p99       max"):  # fmt: skip
            self.assertIn(line, report)
        self.assertIn("100.000% <= ", report)
        self.assertEqual(calls(self.server, "sadd"), 600)
        with self.server.client() as client:
            client.call("SELECT", "3")
            self.assertLessEqual(int(client.call("SCARD", "s")[1:]), 10)
        self.assertTrue((directory / "h.svg").read_text().startswith("<svg "))
        self.assertIn("== sadd s __rand_int__ ==", (directory / "h.txt").read_text())

    def test_error_reply(self) -> None:
        """An error reply ends the run with redis-benchmark's line and status 1, no traceback."""
        result = bench(*self.where(), "-n", "10", "nosuchcommand")
        self.assertEqual(result.returncode, 1)
        self.assertIn("Error from server: ERR unknown command 'nosuchcommand'", result.stderr)
        self.assertNotIn("Traceback", result.stderr)


class RedisServerTests(_ServerTests, SynchronousTestCase):
    """Against Debian's redis-server on its Unix socket."""

    def start(self) -> ServerProcess:
        return start_redis_server()


class TxRedisdTests(_ServerTests, SynchronousTestCase):
    """Against txredisd over loopback TCP."""

    def start(self) -> ServerProcess:
        return start_txredisd()

    def where(self) -> list[str]:
        host, port = self.server.tcp
        return ["-h", host, "-p", str(port)]


class FailureTests(SynchronousTestCase):
    """Unreachable servers and refused passwords: redis-benchmark's lines, status 1."""

    def test_refused(self) -> None:
        """A closed port and a missing socket: the connect error, the CONFIG warning, status 1."""
        for where, address, reason in ((["-p", "1"], "127.0.0.1:1", "Connection refused"), (["-s", "/nonexistent/s"], "/nonexistent/s", "No such file or directory")):  # fmt: skip
            result = bench(*where, "-n", "10", "-t", "get")
            self.assertEqual(result.returncode, 1)
            line = f"Could not connect to Redis at {address}: {reason}\n"
            self.assertEqual(result.stderr, f"{line}WARNING: Could not fetch server CONFIG\n{line}")

    def test_password(self) -> None:
        """-a and --user authenticate each connection; a wrong password is the server's error."""
        server = start_redis_server()
        self.addCleanup(server.stop)
        with server.client() as client:
            self.assertEqual(client.call("CONFIG", "SET", "requirepass", "sesame"), b"+OK\r\n")
        result = bench("-s", server.unix_path, "-a", "sesame", "--user", "default", "-t", "set", "-n", "100", "--csv")
        self.assertEqual(result.returncode, 0, result.stderr)
        result = bench("-s", server.unix_path, "-a", "wrong", "-t", "set", "-n", "100")
        self.assertEqual(result.returncode, 1)
        self.assertIn("replied with error:\nWRONGPASS", result.stderr)


class TLSTests(SynchronousTestCase):
    """Both servers demanding client certificates on their TLS port."""

    def test_client_certificates(self) -> None:
        """With the client certificate the run completes; with a foreign CA it fails in one line."""
        base = shared_certs().base
        tls = ["--tls", "--cacert", str(base.ca_cert), "--cert", str(base.client_cert), "--key", str(base.client_key)]
        for command in (redis_server_command, txredisd_command):
            server = launch(command, reference_line)
            self.addCleanup(server.stop)
            port = ["-p", str(server.tls_port)]
            result = bench(*port, *tls, "-t", "ping,set", "-n", "500", "-c", "4", "-P", "4", "--csv")
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual([r["test"] for r in read_csv(result.stdout)], ["PING_INLINE", "PING_MBULK", "SET"])
            result = bench(*port, *tls, "--cacert", str(shared_certs().other_ca_cert), "-t", "get", "-n", "10")
            self.assertEqual(result.returncode, 1)
            self.assertIn("TLS handshake failed: certificate verify failed", result.stderr)
            self.assertNotIn("Traceback", result.stderr)
            insecure = bench(*port, *tls, "--cacert", str(shared_certs().other_ca_cert), "--insecure", "-t", "get", "-n", "10", "-q")  # fmt: skip
            self.assertEqual(insecure.returncode, 0, insecure.stderr)


def start_cluster_node(port: int) -> ServerProcess:
    """A redis-server cluster node on loopback C{port} (CLUSTER SLOTS names TCP addresses)."""
    node = ServerProcess("redis-cluster")
    node.start(
        [
            require_redis_server(),
            "--port", str(port), "--bind", "127.0.0.1", "--unixsocket", node.unix_path,
            "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
            "--save", "", "--appendonly", "no", "--dir", str(node.workdir),
        ]
    )  # fmt: skip
    node.wait_until_answering(time.monotonic() + 20)
    return node


class ClusterTests(TestCase):
    """A two-master redis-server cluster, slots split in half."""

    def setUp(self) -> None:
        for _ in range(5):
            ports = free_ports(2)
            self.nodes = []
            try:
                for port in ports:
                    self.nodes.append(start_cluster_node(port))
                    self.addCleanup(self.nodes[-1].stop)  # at once: a failed second start must not leak the first
            except RuntimeError:
                continue
            break
        self.ports = ports
        first, second = (node.client() for node in self.nodes)
        with first, second:
            self.assertEqual(first.call("CLUSTER", "ADDSLOTSRANGE", "0", "8191"), b"+OK\r\n")
            self.assertEqual(second.call("CLUSTER", "ADDSLOTSRANGE", "8192", "16383"), b"+OK\r\n")
            self.assertEqual(first.call("CLUSTER", "MEET", "127.0.0.1", str(ports[1])), b"+OK\r\n")
            deadline = time.monotonic() + 20
            while not all(b"cluster_state:ok" in c.call("CLUSTER", "INFO") for c in (first, second)):
                self.assertLess(time.monotonic(), deadline, "the cluster did not form")
                time.sleep(0.05)
            while not all(c.call("CLUSTER", "SLOTS").count(b"127.0.0.1") == 2 for c in (first, second)):
                self.assertLess(time.monotonic(), deadline, "the nodes do not know each other")
                time.sleep(0.05)

    def test_slot_aware(self) -> None:
        """--cluster lists the masters and sends each client's keys to the master owning their slot."""
        result = bench("-p", str(self.ports[0]), "--cluster", "-t", "set,get", "-n", "1000", "-q")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(result.stdout.startswith("Cluster has 2 master nodes:\nMaster 0: "), result.stdout)
        per_node = [calls(node, "set") for node in self.nodes]
        self.assertEqual(sum(per_node), 1000)
        self.assertTrue(all(per_node), per_node)
        self.assertEqual(sum(calls(node, "get") for node in self.nodes), 1000)

    async def test_moved(self) -> None:
        """A client holding a tag of the other master's slot is MOVED, re-reads the slots and still sends exactly -n."""
        settings = parse_args(["-p", str(self.ports[0]), "--cluster", "-n", "300", "-c", "2", "-t", "set"])
        nodes = Cluster(reactor, settings)
        await nodes.refresh()
        (first, first_tag), (second, second_tag) = nodes.masters
        nodes.masters = [(first, second_tag), (second, first_tag)]
        run = Run(reactor, settings, workloads(settings)[0], nodes)
        run.open(settings.clients)
        await run.ready
        run.go()
        result = await run.finished
        self.assertEqual(result.finished, 300)
        with self.nodes[0].client() as client:
            self.assertIn(b"errorstat_MOVED:count=", client.call("INFO", "errorstats"))
        self.assertEqual(sum(calls(node, "set") for node in self.nodes), 300)
        self.assertEqual(nodes.masters, [(first, first_tag), (second, second_tag)])
