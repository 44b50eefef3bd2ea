"""
txredis-cli against Debian's redis-cli: both run on the same real server
with the same arguments, and their stdout, stderr and exit status must match
(piped, so in raw mode, and through a pseudo-terminal, so in tty mode).
"""

from __future__ import annotations

import atexit
import fcntl
import functools
import io
import os
import pty
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from unittest import mock

from twisted.trial.unittest import SkipTest, SynchronousTestCase

from tests._certs import shared_certs
from tests._servers import REPO_ROOT, RawClient, ServerProcess, start_redis_server, start_txredisd
from txredisd.client.reply import Kind, Reply, ReplyParser
from txredisd.tools.cli import parse_args, show_reply

OURS = [sys.executable, "-m", "txredisd.tools.cli"]
ENV = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "REDISCLI_HISTFILE": "/dev/null"}
ENV.pop("REDISCLI_AUTH", None)
BINARY = b'bin\x00\x01\xff "q" \\ \n\t\r\x07\x08 caf\xc3\xa9'


def redis_cli() -> str:
    """Debian's redis-cli, the reference; the tests skip without it."""
    path = shutil.which("redis-cli")
    if path is None:
        raise SkipTest("redis-cli is not installed")
    return path


@functools.cache
def reference() -> ServerProcess:
    """One shared redis-server (debug commands on, no diskless-sync delay), loaded with data."""
    server = start_redis_server("--enable-debug-command", "yes", "--repl-diskless-sync-delay", "0")
    atexit.register(server.stop)
    with server.client() as client:
        client.call("SET", "bin", BINARY)
        client.call("RPUSH", "list", *[f"item{i}" for i in range(12)])
        client.call("HSET", "hash", "f1", "v1", "f2", "2")
        client.call("SADD", "set", "only")
        client.call("ZADD", "zset", "1.5", "a", "-2", "b", "3e20", "c")
        client.call("SET", "counter", "10")
    return server


def run(argv: list[str], stdin: bytes = b"", timeout: float = 20) -> tuple[bytes, bytes, int]:
    done = subprocess.run(argv, input=stdin, capture_output=True, timeout=timeout, env=ENV)
    return done.stdout, done.stderr, done.returncode


def converse(argv: list[str], lines: list[Any], env: dict[str, str]) -> tuple[bytes, int | None]:
    """
    Type C{lines} into a program on a pseudo-terminal, one at a time with a
    pause for its output, answering terminal cursor-position queries (a
    callable in C{lines} is called instead, to act from outside).
    """
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        argv,
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env={**ENV, **env},
        start_new_session=True,
        # The terminal must be the controlling one, for Ctrl-C to send SIGINT.
        preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),
    )
    os.close(follower)
    output = bytearray()

    def drain(seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if select.select([leader], [], [], 0.05)[0]:
                try:
                    chunk = os.read(leader, 65536)
                except OSError:
                    return
                output.extend(chunk)
                if b"\x1b[6n" in chunk:
                    os.write(leader, b"\x1b[1;1R")

    drain(2.0)
    for line in lines:
        if callable(line):
            line()
        else:
            os.write(leader, line)
        drain(1.0)
    try:
        status = process.wait(5)
    except subprocess.TimeoutExpired:
        process.kill()
        status = None
    os.close(leader)
    return bytes(output), status


def run_in_pty(argv: list[str], timeout: float = 20) -> tuple[bytes, int]:
    """Run with stdout on a pseudo-terminal (stdin empty): what a person at a terminal sees."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=follower, stderr=follower, env=ENV)
    os.close(follower)
    output = bytearray()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
        elif process.poll() is not None:
            break
    os.close(leader)
    process.wait(5)
    return bytes(output), process.returncode


# Arguments after "-s SOCKET"; every row is run by both tools, piped and on a terminal.
CASES = [
    ["ping"],
    ["get", "bin"],
    ["get", "missing"],
    ["incrby", "counter", "0"],
    ["lrange", "list", "0", "-1"],
    ["lrange", "missing", "0", "-1"],
    ["hgetall", "hash"],
    ["smembers", "set"],
    ["zrange", "zset", "0", "-1", "withscores"],
    ["zscore", "zset", "c"],
    ["nosuchcommand", "x"],
    ["incr", "bin"],
    ["eval", "return {1, {2, {'a', 'b'}, {}}, 'x', redis.error_reply('boom'), redis.status_reply('fine')}", "0"],
    ["eval", "return {{}, {{}}, {1,2,3,4,5,6,7,8,9,10,{1,2}}}", "0"],
    ["memory", "doctor"],
    ["-3", "hgetall", "hash"],
    ["-3", "smembers", "set"],
    ["-3", "zscore", "zset", "a"],
    ["-3", "zrange", "zset", "0", "-1", "withscores"],
    ["-3", "hgetall", "missing"],
    ["-3", "smembers", "missing"],
    ["-3", "config", "get", "maxmemory-policy"],
    ["-3", "eval", "return {map={a={1,{b=2}}}}", "0"],
    *[
        ["-3", "debug", "protocol", kind]
        for kind in (
            "string",
            "integer",
            "double",
            "bignum",
            "null",
            "array",
            "set",
            "map",
            "attrib",
            "push",
            "verbatim",
            "true",
            "false",
        )
    ],
    ["-2", "debug", "protocol", "map"],
    ["-e", "nosuchcommand"],
    ["-e", "ping"],
]
# Rows that need the whole program (connection set-up, repetition, option errors).
PROCESS_CASES = [
    ["get", "bin"],
    ["-3", "hgetall", "hash"],
    ["-3", "debug", "protocol", "bignum"],
    ["-3", "debug", "protocol", "push"],
    ["-e", "nosuchcommand"],
    ["eval", "return {1, {2, {'a', 'b'}, {}}, 'x', redis.error_reply('boom')}", "0"],
    ["-r", "3", "incrby", "counter", "0"],
    ["-r", "2", "-i", "0.05", "lrange", "missing", "0", "1"],
    ["-n", "2", "dbsize"],
    ["-n", "99", "ping"],
    ["-a", "secret", "ping"],
    ["--user", "someone", "--pass", "secret", "--no-auth-warning", "ping"],
    ["--bogus", "ping"],
    ["-p"],
    ["--eval"],
]
FORMATS = [[], ["--raw"], ["--no-raw"], ["--csv"]]


def format_in_process(socket_path: str, args: list[str]) -> tuple[bytes, bytes, int]:
    """
    What txredis-cli prints for one command, without starting it: the
    server's reply bytes (pushes skipped, as the client skips them) through
    our parser and L{show_reply}, stdout and stderr captured.
    """
    config = parse_args(args, stdout_is_tty=False)
    out, err = io.BytesIO(), io.BytesIO()
    status = 0
    with RawClient(socket_path) as client:
        if config.resp == 3:
            client.call("HELLO", "3")
        parser = ReplyParser()
        parser.feed(client.call(*config.command))
        reply = parser.next_reply()
        while reply.kind is Kind.PUSH:
            parser.feed(client.read_reply())
            reply = parser.next_reply()
    with (
        mock.patch.object(sys, "stdout", SimpleNamespace(buffer=out)),
        mock.patch.object(sys, "stderr", SimpleNamespace(buffer=err)),
    ):
        try:
            show_reply(config, config.command, reply)
            status = 1 if reply.is_error and config.errcode else 0
        except SystemExit as exit_request:
            status = exit_request.code
    return out.getvalue(), err.getvalue(), status


class OneShotTests(SynchronousTestCase):
    """The reply table, printed by both tools in every format."""

    def compare(self, args: list[str], stdin: bytes = b"") -> tuple[bytes, bytes, int]:
        socket_path = reference().address
        theirs = run([redis_cli(), "-s", socket_path, *args], stdin)
        ours = run([*OURS, "-s", socket_path, *args], stdin)
        self.assertEqual(ours, theirs, f"args {args}")
        return ours

    def test_formats(self) -> None:
        """
        The reply table in every format: our formatter, fed the server's
        reply in-process (a process per row would take minutes), prints
        what redis-cli prints.
        """
        for fmt in FORMATS:
            for case in CASES:
                args = [*fmt, *case]
                theirs = run([redis_cli(), "-s", reference().address, *args])
                self.assertEqual(format_in_process(reference().address, args), theirs, f"args {args}")

    def test_piped(self) -> None:
        """The whole program, piped (raw mode unless asked otherwise): byte-identical stdout, stderr, status."""
        for case in PROCESS_CASES:
            self.compare(case)
        for fmt in FORMATS[1:]:
            for case in PROCESS_CASES[:8]:
                self.compare([*fmt, *case])

    def test_terminal(self) -> None:
        """On a terminal redis-cli switches to its human format; ours does the same."""
        socket_path = reference().address
        for case in PROCESS_CASES[:6] + [["-r", "2", "incrby", "counter", "0"], ["--raw", "hgetall", "hash"]]:
            theirs = run_in_pty([redis_cli(), "-s", socket_path, *case])
            ours = run_in_pty([*OURS, "-s", socket_path, *case])
            self.assertEqual(ours, theirs, f"args {case}")

    def test_stdin_last_argument(self) -> None:
        """-x reads the last argument from stdin, bytes as they are."""
        self.compare(["-x", "set", "from-stdin"], b"line one\nline\x00two\n")
        self.compare(["get", "from-stdin"])

    def test_commands_from_stdin(self) -> None:
        """Without a command (and stdin not a terminal) every stdin line is a command."""
        lines = b"set quoted \"a b\\x41\\n\"\nget quoted\n\nincr quoted\nset 'it\\'s' 1\nget \"bad\nping\n"
        self.compare([], lines)
        self.compare(["-e"], b"incr quoted\nping\n")

    def test_uri(self) -> None:
        """-u takes host, port, password and db from a URI; a bad scheme is one line."""
        self.compare(["-u", "redis://:pw@127.0.0.1:1/3", "ping"])
        self.compare(["-u", "bogus://x", "ping"])

    def test_unreachable(self) -> None:
        """Refused ports, missing sockets and unknown hosts give redis-cli's line and status 1."""
        for args in (["-p", "1", "ping"], ["-h", "nonexistent.invalid", "ping"]):
            theirs = run([redis_cli(), *args])
            self.assertEqual(run([*OURS, *args]), theirs)
        missing = ["-s", "/nonexistent/cli.sock", "ping"]
        self.assertEqual(run([*OURS, *missing]), run([redis_cli(), *missing]))

    def test_server_closes_mid_reply(self) -> None:
        """A server that hangs up before replying gives one line and status 1, no traceback."""
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        port = listener.getsockname()[1]
        process = subprocess.Popen(
            [*OURS, "-p", str(port), "ping"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV
        )
        connection, _ = listener.accept()
        connection.recv(100)
        connection.sendall(b"$10\r\nabc")
        connection.close()
        listener.close()
        out, err = process.communicate(timeout=20)
        self.assertEqual((out, err, process.returncode), (b"", b"Error: Server closed the connection\n", 1))


class ModeTests(SynchronousTestCase):
    """--scan, --pipe, --eval, --latency, --rdb, --replica against the reference server."""

    def compare(self, args: list[str], stdin: bytes = b"") -> tuple[bytes, bytes, int]:
        return OneShotTests.compare(self, args, stdin)  # type: ignore[arg-type]

    def test_scan(self) -> None:
        """--scan lists every key (sorted here: SCAN order is the server's), with --pattern."""
        socket_path = reference().address
        for extra in ([], ["--pattern", "*s*"]):
            theirs = run([redis_cli(), "-s", socket_path, "--scan", *extra])
            ours = run([*OURS, "-s", socket_path, "--scan", *extra])
            self.assertEqual(sorted(ours[0].splitlines()), sorted(theirs[0].splitlines()))
            self.assertEqual(ours[1:], theirs[1:])
        out, _, status = run([*OURS, "-s", socket_path, "--scan", "--count", "1000", "--pattern", "li*"])
        self.assertEqual((out, status), (b"list\n", 0))

    def test_pipe(self) -> None:
        """--pipe sends RESP from stdin and reports replies and errors like redis-cli."""
        payload = (
            b"*3\r\n$3\r\nSET\r\n$4\r\npipe\r\n$1\r\n1\r\n*1\r\n$3\r\nfoo\r\n"
            + b"*2\r\n$4\r\nINCR\r\n$4\r\npipe\r\n" * 50
        )
        theirs = run([redis_cli(), "-s", reference().address, "--pipe"], payload)
        ours = run([*OURS, "-s", reference().address, "--pipe"], payload)
        self.assertEqual(ours, theirs)
        self.assertIn(b"errors: 1, replies: 52", ours[0])

    def test_eval(self) -> None:
        """--eval FILE keys , args runs the script with KEYS and ARGV split at the comma."""
        script = Path(tempfile.mkdtemp()) / "script.lua"
        script.write_text("return {KEYS[1], KEYS[2], ARGV[1], #ARGV}")
        self.compare(["--eval", str(script), "k1", "k2", ",", "a1", "a2"])
        self.compare(["--no-raw", "--eval", str(script), "k1", ",", "a1"])
        self.compare(["--eval", "/nonexistent.lua"])

    def test_subscribe_and_monitor(self) -> None:
        """SUBSCRIBE and MONITOR keep printing what arrives, in every format, like redis-cli."""
        socket_path = reference().address
        for args in (["subscribe", "news"], ["--no-raw", "subscribe", "news"], ["-3", "--no-raw", "subscribe", "news"]):
            outputs = []
            for tool in (["stdbuf", "-oL", redis_cli()], OURS):
                process = subprocess.Popen([*tool, "-s", socket_path, *args], stdout=subprocess.PIPE, env=ENV)
                try:
                    seen = wait_for(process.stdout, b"1")
                    with RawClient(socket_path) as client:
                        client.call("PUBLISH", "news", b"a\x00b")
                    lines = 7 if "--no-raw" in args else 6
                    seen += read_lines(process.stdout, lines - seen.count(b"\n"), timeout=2)
                    outputs.append(seen)
                finally:
                    process.terminate()
                    process.wait(5)
                    process.stdout.close()
            self.assertEqual(outputs[1], outputs[0], args)

    def test_latency_history(self) -> None:
        """Piped --latency-history prints a line per sample and closes each -i window with its range."""
        process = subprocess.Popen(
            [*OURS, "-s", reference().address, "--latency-history", "-i", "0.3"], stdout=subprocess.PIPE, env=ENV
        )
        try:
            output = wait_for(process.stdout, b"seconds range\n")
        finally:
            process.terminate()
            process.wait(5)
            process.stdout.close()
        lines = output.decode().splitlines()
        self.assertRegex(lines[-1], r"^ -- 0\.\d\d seconds range$")
        for number, line in enumerate(lines[:-1], 1):
            self.assertRegex(line, rf"^\d+ \d+ \d+\.\d\d {number}$")

    def test_bigkeys_and_memkeys(self) -> None:
        """--bigkeys and --memkeys print the same report as redis-cli, byte for byte."""
        for mode in ("--bigkeys", "--memkeys"):
            self.compare([mode])

    def test_stat(self) -> None:
        """--stat prints redis-cli's header, then one aligned row per interval."""
        process = subprocess.Popen(
            [*OURS, "-s", reference().address, "--stat", "-i", "0.2"], stdout=subprocess.PIPE, env=ENV
        )
        try:
            output = read_lines(process.stdout, 4)
        finally:
            process.terminate()
            process.wait(5)
            process.stdout.close()
        lines = output.split(b"\n")
        self.assertEqual(lines[0], b"------- data ------ --------------------- load -------------------- - child -")
        self.assertEqual(lines[1], b"keys       mem      clients blocked requests            connections          ")
        self.assertRegex(lines[2].decode(), r"^\d+ +\d+\.\d\dM +\d+ +\d+ +\d+ \(\+0\) +\d+ +$")
        self.assertRegex(lines[3].decode(), r"^\d+ +\d+\.\d\dM +\d+ +\d+ +\d+ \(\+1\) +\d+ +$")

    def test_latency(self) -> None:
        """Piped --latency prints one 'min max avg samples' line after -i seconds (CSV with --csv)."""
        out, err, status = run([*OURS, "-s", reference().address, "--latency", "-i", "0.3"])
        self.assertRegex(out.decode(), r"^\d+ \d+ \d+\.\d\d \d+\n$")
        self.assertEqual((err, status), (b"", 0))
        out, _, _ = run([*OURS, "-s", reference().address, "--csv", "--latency", "-i", "0.2"])
        self.assertRegex(out.decode(), r"^\d+,\d+,\d+\.\d\d,\d+\n$")

    def test_rdb(self) -> None:
        """--rdb writes a snapshot that a fresh redis-server loads with the same data."""
        directory = Path(tempfile.mkdtemp())
        out, err, status = run([*OURS, "-s", reference().address, "--rdb", str(directory / "dump.rdb")])
        self.assertEqual((out, status), (b"", 0), err)
        self.assertRegex(err.decode(), r"Transfer finished with success after \d+ bytes\n$")
        self.assertTrue((directory / "dump.rdb").read_bytes().startswith(b"REDIS0010"))
        assert_loads_same(self, directory, reference())
        piped, _, status = run([*OURS, "-s", reference().address, "--rdb", "-"])
        self.assertEqual((piped[:9], status), (b"REDIS0010", 0))

    def test_rdb_length_prefixed(self) -> None:
        """With disk-based sync the payload comes as $<length>: the same lines and bytes as redis-cli."""
        directory = Path(tempfile.mkdtemp())
        with reference().client() as client:
            client.call("CONFIG", "SET", "repl-diskless-sync", "no")
            try:
                theirs = run([redis_cli(), "-s", reference().address, "--rdb", str(directory / "dump.rdb")])
                theirs_file = (directory / "dump.rdb").read_bytes()
                ours = run([*OURS, "-s", reference().address, "--rdb", str(directory / "dump.rdb")])
            finally:
                client.call("CONFIG", "SET", "repl-diskless-sync", "yes")
        self.assertEqual(ours, theirs)
        self.assertEqual(len((directory / "dump.rdb").read_bytes()), len(theirs_file))
        self.assertIn(b"Transfer finished with success.\n", ours[1])

    def test_askpass(self) -> None:
        """--askpass reads the password from stdin (no prompt when stdin is not a terminal)."""
        with reference().client() as client:
            client.call("CONFIG", "SET", "requirepass", "s3cret")
            try:
                args = ["-s", reference().address, "--askpass", "ping"]
                ours, theirs = run([*OURS, *args], b"s3cret\n"), run([redis_cli(), *args], b"s3cret\n")
                wrong = run([*OURS, *args], b"nope\n"), run([redis_cli(), *args], b"nope\n")
            finally:
                client.call("AUTH", "s3cret")
                client.call("CONFIG", "SET", "requirepass", "")
        self.assertEqual(ours, theirs)
        self.assertEqual(ours[0], b"PONG\n")
        self.assertEqual(wrong[0], wrong[1])

    def test_functions_rdb(self) -> None:
        """--functions-rdb asks for the functions only: the same stderr lines as redis-cli, a small RDB."""
        directory = Path(tempfile.mkdtemp())
        theirs = run([redis_cli(), "-s", reference().address, "--functions-rdb", str(directory / "theirs.rdb")])
        ours = run([*OURS, "-s", reference().address, "--functions-rdb", str(directory / "theirs.rdb")])
        self.assertEqual(ours, theirs)
        self.assertNotIn(b"bin", (directory / "theirs.rdb").read_bytes())

    def test_replica(self) -> None:
        """--replica prints the writes that follow the sync, in order, as redis-cli does."""
        socket_path = reference().address
        theirs = watch_replication(["stdbuf", "-oL", redis_cli(), "-s", socket_path, "--replica"], socket_path)
        ours = watch_replication([*OURS, "-s", socket_path, "--replica"], socket_path)
        # redis-cli 7.0 reads the stream's first command as the reply to its
        # REPLCONF ACK and never prints it; we print it (the SELECT that says
        # which db the next writes go to).
        self.assertEqual(ours, [b'"SELECT","0"', *WRITES])
        self.assertEqual(theirs[-3:], WRITES)


def assert_loads_same(case: SynchronousTestCase, directory: Path, source: ServerProcess) -> None:
    """Start redis-server on the RDB file and compare every string/list/hash key with the source."""
    loaded = start_redis_server("--dir", str(directory), "--dbfilename", "dump.rdb")
    try:
        with source.client() as original, loaded.client() as copy:
            for key in ("bin", "counter"):
                case.assertEqual(copy.call("GET", key), original.call("GET", key))
            case.assertEqual(copy.call("LRANGE", "list", 0, -1), original.call("LRANGE", "list", 0, -1))
            case.assertEqual(
                copy.call("ZRANGE", "zset", 0, -1, "WITHSCORES"), original.call("ZRANGE", "zset", 0, -1, "WITHSCORES")
            )
            case.assertEqual(copy.call("DBSIZE"), original.call("DBSIZE"))
    finally:
        loaded.stop()


WRITES = [b'"SET","replicated","a b\\x00"', b'"SELECT","3"', b'"RPUSH","replicated-list","x","y"']


def watch_replication(argv: list[str], socket_path: str) -> list[bytes]:
    """
    Run a --replica process until its sync is done, make three writes, and
    return the lines it printed up to the last one, without the primary's
    periodic PINGs (their timing is the primary's business).
    """
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV)
    try:
        wait_for(process.stderr, b"Logging commands from master.")
        with RawClient(socket_path) as client:
            client.call("SET", "replicated", b"a b\x00")
            client.call("SELECT", 3)
            client.call("RPUSH", "replicated-list", "x", "y")
        printed = wait_for(process.stdout, WRITES[-1] + b"\n")
        return [line for line in printed.splitlines() if line.upper() != b'"PING"']
    finally:
        process.terminate()
        process.wait(5)
        process.stdout.close()
        process.stderr.close()


def wait_for(stream, marker: bytes, timeout: float = 15) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while marker not in seen:
        if time.monotonic() > deadline or not select.select([stream], [], [], max(0, deadline - time.monotonic()))[0]:
            raise AssertionError(f"no {marker!r} in {seen!r}")
        chunk = os.read(stream.fileno(), 4096)
        if not chunk:
            raise AssertionError(f"stream ended before {marker!r}: {seen!r}")
        seen += chunk
    return seen


def read_lines(stream, count: int, timeout: float = 10) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while seen.count(b"\n") < count and time.monotonic() < deadline:
        if select.select([stream], [], [], 0.2)[0]:
            seen += os.read(stream.fileno(), 4096)
    return seen


class InteractiveTests(SynchronousTestCase):
    """The prompt, through a real pseudo-terminal."""

    def test_session(self) -> None:
        """Prompt with db, replies in terminal format, help, history file, reconnect, Ctrl-C quits."""
        socket_path = reference().address
        history = Path(tempfile.mkdtemp()) / "history"
        lines = [
            b"select 2\r",
            b"get nokey\r",
            b"help get\r",
            b"multi\r",
            b"incr n\r",
            b"exec\r",
            b"client kill type normal skipme no\r",
            b"ping\r",
            b":set nohints\r",
            b"connect 127.0.0.1 1\r",
            b"\x03",
        ]
        output, status = converse([*OURS, "-s", socket_path], lines, {"REDISCLI_HISTFILE": str(history)})
        text = output.decode(errors="replace")
        self.assertEqual(status, 0, text)
        self.assertIn(f"redis {socket_path}>", text)
        self.assertIn(f"redis {socket_path}[2]>", text)
        self.assertIn("(nil)\r\n", text)
        self.assertIn(f"redis {socket_path}[2](TX)>", text)
        self.assertIn("QUEUED\r\n", text)
        self.assertIn(
            "\x1b[1mGET\x1b[0m \x1b[90mkey\x1b[0m\r\r\n  \x1b[33msummary:\x1b[0m Get the value of a key", text
        )
        # The server dropped us; the next command reconnects, selects db 2 again and runs.
        self.assertIn(f"redis {socket_path}[2]> ping", text)
        self.assertIn("PONG\r\n", text)
        self.assertIn("Could not connect to Redis at 127.0.0.1:1: Connection refused", text)
        self.assertIn("not connected>", text)
        self.assertNotIn("unknown command", text)
        self.assertEqual(
            history.read_text().splitlines(),
            [
                "select 2",
                "get nokey",
                "help get",
                "multi",
                "incr n",
                "exec",
                "client kill type normal skipme no",
                "ping",
                ":set nohints",
                "connect 127.0.0.1 1",
            ],
        )

    def test_subscribe(self) -> None:
        """SUBSCRIBE at the prompt prints messages as they come; Ctrl-C quits, as in redis-cli 7.0."""
        socket_path = reference().address

        def publish() -> None:
            with RawClient(socket_path) as client:
                client.call("PUBLISH", "room", "hello")

        output, status = converse([*OURS, "-s", socket_path], [b"subscribe room\r", publish, b"\x03"], {})
        text = output.decode(errors="replace")
        self.assertIn(
            'Reading messages... (press Ctrl-C to quit)\r\n1) "subscribe"\r\n2) "room"\r\n3) (integer) 1', text
        )
        self.assertIn('1) "message"\r\n2) "room"\r\n3) "hello"\r\n', text)
        self.assertIsNotNone(status)

    def test_hints(self) -> None:
        """Argument hints come from COMMAND DOCS, as redis-cli words them."""
        from txredisd.client.reply import ReplyParser
        from txredisd.tools._clirepl import CommandDocs

        with reference().client() as client:
            raw = client.call("COMMAND", "DOCS", "set", "config|get", "zadd")
        parser = ReplyParser()
        parser.feed(raw)
        docs = CommandDocs()
        docs.load(parser.next_reply())
        self.assertEqual(
            docs.hint("set "),
            "key value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]",
        )
        self.assertEqual(
            docs.hint("set k v "),
            "[NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]",
        )
        self.assertEqual(docs.hint("config get"), " parameter [parameter ...]")
        self.assertEqual(docs.hint("zadd"), " key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...]")


@functools.cache
def tls_reference() -> tuple[ServerProcess, int]:
    """A redis-server that speaks TLS only on TCP (client certificates required), plain on its Unix socket."""
    base = shared_certs().base
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    port = holder.getsockname()[1]
    holder.close()
    server = start_redis_server(
        "--tls-port",
        str(port),
        "--tls-cert-file",
        str(base.server_cert),
        "--tls-key-file",
        str(base.server_key),
        "--tls-ca-cert-file",
        str(base.ca_cert),
        "--tls-auth-clients",
        "yes",
        "--tls-replication",
        "yes",
        "--repl-diskless-sync-delay",
        "0",
    )
    atexit.register(server.stop)
    with server.client() as client:
        client.call("SET", "bin", BINARY)
        client.call("RPUSH", "list", "a", "b")
        client.call("ZADD", "zset", "1", "m")
    return server, port


def tls_args(cert: str = "client", ca: str | None = None) -> list[str]:
    """Connection flags for the TLS server, with a named client certificate."""
    certs = shared_certs()
    pairs = {
        "client": (certs.base.client_cert, certs.base.client_key),
        "expired": (certs.expired_cert, certs.expired_key),
        "other": (certs.other_client_cert, certs.other_client_key),
    }
    identity = ["--cert", str(pairs[cert][0]), "--key", str(pairs[cert][1])] if cert else []
    port = tls_reference()[1]
    return ["-h", "127.0.0.1", "-p", str(port), "--tls", "--cacert", ca or str(certs.base.ca_cert), *identity]


class TLSTests(SynchronousTestCase):
    """Every mode that talks to a server works over TLS with client certificates; failures are one line."""

    def test_one_shot(self) -> None:
        """Replies over TLS print exactly as redis-cli prints them."""
        for case in (
            ["ping"],
            ["get", "bin"],
            ["lrange", "list", "0", "-1"],
            ["--no-raw", "zrange", "zset", "0", "-1", "withscores"],
        ):
            args = [*tls_args(), *case]
            self.assertEqual(run([*OURS, *args]), run([redis_cli(), *args]))

    def test_rdb(self) -> None:
        """--rdb over TLS writes a snapshot a fresh server loads (the reference's to-do item)."""
        directory = Path(tempfile.mkdtemp())
        out, err, status = run([*OURS, *tls_args(), "--rdb", str(directory / "dump.rdb")])
        self.assertEqual((out, status), (b"", 0), err)
        server = tls_reference()[0]
        loaded = start_redis_server("--dir", str(directory), "--dbfilename", "dump.rdb")
        try:
            with server.client() as original, loaded.client() as copy:
                for command in (["GET", "bin"], ["LRANGE", "list", 0, -1], ["DBSIZE"]):
                    self.assertEqual(copy.call(*command), original.call(*command))
        finally:
            loaded.stop()

    def test_replica(self) -> None:
        """--replica over TLS prints the writes made after the sync."""
        server = tls_reference()[0]
        ours = watch_replication([*OURS, *tls_args(), "--replica"], server.address)
        self.assertEqual(ours, [b'"SELECT","0"', *WRITES])

    def test_failures(self) -> None:
        """Wrong CA, expired or foreign client certificate, missing certificate, bad files: one line, status 1."""
        certs = shared_certs()
        expectations = [
            (
                tls_args(ca=str(certs.other_ca_cert)),
                "Could not negotiate a TLS connection: certificate verify failed"
                f" (the server's certificate is not trusted by {certs.other_ca_cert})",
            ),
            (
                tls_args(cert="expired"),
                f"Error: TLS error: tls alert certificate expired (the server rejected the client certificate {certs.expired_cert})",
            ),
            (
                tls_args(cert="other"),
                f"Error: TLS error: tlsv1 alert unknown ca (the server rejected the client certificate {certs.other_client_cert})",
            ),
            (
                tls_args(cert=""),
                "Error: TLS error: tlsv13 alert certificate required (the server wants a client certificate: --cert and --key)",
            ),
            (
                tls_args(ca="/nonexistent.crt"),
                "Could not negotiate a TLS connection: Invalid CA Certificate File/Directory",
            ),
            (["-p", str(tls_reference()[1])], "Error: Server closed the connection"),
        ]
        for args, message in expectations:
            self.assertEqual(run([*OURS, *args, "ping"]), (b"", message.encode() + b"\n", 1), args)

    def test_tls_to_a_plain_port(self) -> None:
        """A plain server never answers the TLS hello: the tool gives up with one line."""
        out, err, status = run([*OURS, "-s", reference().address, "--tls", "--insecure", "ping"])
        self.assertEqual((out, status), (b"", 1))
        self.assertRegex(
            err.decode(), r"^Could not negotiate a TLS connection: no TLS handshake from .* \(not a TLS port\?\)\n$"
        )


@functools.cache
def txredisd_server() -> ServerProcess:
    server = start_txredisd()
    atexit.register(server.stop)
    with server.client() as client:
        client.call("SET", "bin", BINARY)
        client.call("RPUSH", "list", *[f"item{i}" for i in range(12)])
        client.call("HSET", "hash", "f1", "v1", "f2", "2")
        client.call("SADD", "set", "only")
        client.call("ZADD", "zset", "1.5", "a", "-2", "b", "3e20", "c")
        client.call("SET", "counter", "10")
    return server


class TxRedisdTests(SynchronousTestCase):
    """Against txredisd, txredis-cli prints what redis-cli prints for the same server."""

    def test_reply_table(self) -> None:
        """The reply table (minus DEBUG PROTOCOL and scripts) in raw, tty and CSV formats."""
        address = txredisd_server().address
        cases = [case for case in CASES if "debug" not in case and "eval" not in case]
        for fmt in FORMATS:
            for case in cases:
                args = [*fmt, *case]
                theirs = run([redis_cli(), "-s", address, *args])
                self.assertEqual(format_in_process(address, args), theirs, args)

    def test_over_tcp(self) -> None:
        """The program itself, over TCP, against txredisd."""
        host, port = txredisd_server().tcp
        for case in (
            ["get", "bin"],
            ["--no-raw", "zrange", "zset", "0", "-1", "withscores"],
            ["-3", "hgetall", "hash"],
        ):
            args = ["-h", host, "-p", str(port), *case]
            self.assertEqual(run([*OURS, *args]), run([redis_cli(), *args]), args)

    def test_scan_and_pipe(self) -> None:
        """--scan and --pipe work the same against txredisd."""
        where = ["-s", txredisd_server().address]
        ours, theirs = run([*OURS, *where, "--scan"]), run([redis_cli(), *where, "--scan"])
        self.assertEqual(sorted(ours[0].splitlines()), sorted(theirs[0].splitlines()))
        payload = b"*2\r\n$4\r\nINCR\r\n$5\r\npiped\r\n" * 100
        self.assertEqual(run([*OURS, *where, "--pipe"], payload), run([redis_cli(), *where, "--pipe"], payload))


class ReplyParserTests(SynchronousTestCase):
    """The sans-IO reply parser keeps every RESP3 type, whatever the chunking."""

    STREAM = (
        b"+OK\r\n-ERR bad\r\n:-7\r\n$3\r\na\x00b\r\n$-1\r\n*-1\r\n_\r\n,1.5\r\n#t\r\n(123456789012345678901\r\n"
        b"=8\r\ntxt:abcd\r\n*2\r\n*0\r\n%1\r\n+k\r\n~1\r\n:1\r\n>2\r\n+message\r\n$1\r\nx\r\n"
        b"|1\r\n+ttl\r\n:3\r\n$1\r\nv\r\n!4\r\nOOPS\r\n"
    )

    def parse(self, chunks: list[bytes]) -> list[Reply]:
        parser = ReplyParser()
        replies = []
        for chunk in chunks:
            parser.feed(chunk)
            replies.extend(parser)
        return replies

    def test_types(self) -> None:
        """Each reply keeps its type and its raw text (doubles and big numbers as sent)."""
        replies = self.parse([self.STREAM])
        self.assertEqual(
            [reply.kind for reply in replies],
            [Kind.STATUS, Kind.ERROR, Kind.INTEGER, Kind.BULK, Kind.NULL, Kind.NULL, Kind.NULL, Kind.DOUBLE,
             Kind.BOOL, Kind.BIGNUM, Kind.VERBATIM, Kind.ARRAY, Kind.PUSH, Kind.ATTRIBUTE, Kind.BLOB_ERROR],
        )  # fmt: skip
        self.assertEqual(replies[3].value, b"a\x00b")
        self.assertEqual(
            (replies[7].value, replies[8].value, replies[9].value), (b"1.5", True, b"123456789012345678901")
        )
        self.assertEqual((replies[10].format, replies[10].value), (b"txt", b"abcd"))
        nested = replies[11].items
        self.assertEqual((nested[0].items, nested[1].kind, len(nested[1].items)), ((), Kind.MAP, 2))
        self.assertEqual(replies[13].attached, Reply(Kind.BULK, b"v"))
        self.assertTrue(replies[14].is_error)

    def test_byte_by_byte(self) -> None:
        """Fed one byte at a time, the parser yields the same replies."""
        whole = self.parse([self.STREAM])
        self.assertEqual(self.parse([self.STREAM[i : i + 1] for i in range(len(self.STREAM))]), whole)

    def test_not_resp(self) -> None:
        """A reply that is not RESP raises ProtocolError."""
        from txredisd.client.reply import ProtocolError

        parser = ReplyParser()
        parser.feed(b"?what\r\n")
        self.assertRaises(ProtocolError, parser.next_reply)
