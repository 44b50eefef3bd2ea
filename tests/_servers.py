"""
Real server processes for tests, and a tiny blocking RESP client to talk to them.

The servers run as subprocesses, so tests may use plain blocking sockets. Three
kinds: Debian's C{redis-server} (the reference), C{python -m txredisd}, and
C{twistd -n txredisd}. Each listens on a Unix socket in a private temporary
directory (and txredisd also on a free loopback TCP port), never on 6379.

    with start_redis_server() as server:
        client = server.client()
        assert client.call("PING") == b"+PONG\\r\\n"
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Self

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 20.0
REPLY_TIMEOUT = 5.0

_LISTENING = re.compile(r"Listening \((tcp|tls|unix)\) on (\S+)")
_READY = "Ready to accept connections"


# -- the client ------------------------------------------------------------------


class ConnectionClosed(Exception):
    """The server closed the connection before a whole reply arrived."""


class ReplyTimeout(Exception):
    """No complete reply arrived in time."""


class ProtocolViolation(Exception):
    """The bytes received are not RESP."""


def encode_command(args: Iterable[bytes | str | int]) -> bytes:
    """One command as a RESP multibulk request."""
    parts = [a if isinstance(a, (bytes, bytearray)) else str(a).encode() for a in args]
    out = [b"*%d\r\n" % len(parts)]
    for part in parts:
        out.append(b"$%d\r\n%s\r\n" % (len(part), part))
    return b"".join(out)


_SCALARS = frozenset(b"+-:_,#(")
_BLOBS = frozenset(b"$=!")
_ARRAYS = frozenset(b"*~>")
_PAIRS = frozenset(b"%|")


def reply_end(buf: bytes, pos: int = 0) -> int | None:
    """
    Where the RESP2/RESP3 reply starting at C{pos} ends (the index just past
    it), or None while more bytes are needed. An attribute (C{|}) belongs to
    the reply that follows it, so the two count as one reply.
    """
    line_end = buf.find(b"\r\n", pos)
    if line_end < 0:
        return None
    kind, head, pos = buf[pos], buf[pos + 1 : line_end], line_end + 2
    if kind in _SCALARS:
        return pos
    try:
        count = int(head)
    except ValueError:
        raise ProtocolViolation(f"bad length line {buf[line_end - len(head) - 1 : line_end]!r}") from None
    if kind in _BLOBS:
        end = pos + count + 2
        return pos if count < 0 else (end if len(buf) >= end else None)
    if kind in _ARRAYS:
        children = max(count, 0)
    elif kind in _PAIRS:
        children = 2 * count
    else:
        raise ProtocolViolation(f"unknown reply type {bytes([kind])!r}")
    for _ in range(children):
        pos = reply_end(buf, pos)
        if pos is None:
            return None
    return reply_end(buf, pos) if kind == ord("|") else pos


class RawClient:
    """
    A blocking connection that hands back replies as the exact bytes the
    server sent, one complete reply at a time.
    """

    def __init__(self, address: str | tuple[str, int], timeout: float = REPLY_TIMEOUT) -> None:
        family = socket.AF_UNIX if isinstance(address, str) else socket.AF_INET
        self.sock = socket.socket(family, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.connect(address)
        self.timeout = timeout
        self._buf = b""

    def send_command(self, *args: bytes | str | int) -> None:
        self.send_raw(encode_command(args))

    def send_raw(self, data: bytes) -> None:
        self.sock.sendall(data)

    def read_reply(self, timeout: float | None = None) -> bytes:
        """The next complete reply; L{ReplyTimeout} or L{ConnectionClosed} otherwise."""
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while True:
            end = reply_end(self._buf) if self._buf else None
            if end is not None:
                reply, self._buf = self._buf[:end], self._buf[end:]
                return reply
            left = deadline - time.monotonic()
            if left <= 0:
                raise ReplyTimeout(f"no complete reply; have {self._buf!r}")
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
            except TimeoutError:
                raise ReplyTimeout(f"no complete reply; have {self._buf!r}") from None
            except (ConnectionResetError, BrokenPipeError):
                chunk = b""
            if not chunk:
                raise ConnectionClosed(f"closed; have {self._buf!r}")
            self._buf += chunk

    def call(self, *args: bytes | str | int) -> bytes:
        self.send_command(*args)
        return self.read_reply()

    def pending(self) -> bytes:
        """Bytes that already arrived but nobody asked for (should be none)."""
        if self.sock.fileno() < 0:
            return b""
        self.sock.setblocking(False)
        try:
            while True:
                chunk = self.sock.recv(65536)
                if not chunk:
                    break
                self._buf += chunk
        except (BlockingIOError, ssl.SSLWantReadError, ConnectionResetError):
            pass
        finally:
            self.sock.settimeout(self.timeout)
        extra, self._buf = self._buf, b""
        return extra

    def close(self) -> None:
        self.sock.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# -- the processes -----------------------------------------------------------------


class ServerProcess:
    """A server subprocess and where it listens; L{stop} always cleans up."""

    def __init__(self, name: str, env: dict[str, str] | None = None) -> None:
        self.name = name
        self.workdir = Path(tempfile.mkdtemp(prefix=f"{name[:8]}-"))
        self.log_path = self.workdir / "server.log"
        self.unix_path = str(self.workdir / "s.sock")
        self.tcp: tuple[str, int] | None = None
        #: Set by L{with_tls_port}: then every client connects there, over mutual TLS.
        self.tls_port: int | None = None
        self.env = env
        self.process: subprocess.Popen | None = None

    def start(self, argv: list[str]) -> None:
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                argv,
                cwd=self.workdir,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=self.env,
            )

    @property
    def address(self) -> str:
        return self.unix_path

    def client(self, timeout: float = REPLY_TIMEOUT) -> RawClient:
        if self.tls_port is not None:
            return tls_raw_client(self.tls_port, timeout)
        return RawClient(self.address, timeout)

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def wait_until_answering(self, deadline: float) -> None:
        """PING until PONG: the reply proves the listener and the command loop both work."""
        while True:
            self._check_alive()
            try:
                with self.client(timeout=1.0) as client:
                    if client.call("PING") == b"+PONG\r\n":
                        return
            except (OSError, ConnectionClosed, ReplyTimeout):
                pass
            if time.monotonic() > deadline:
                log = self.log()
                self.stop()
                raise RuntimeError(f"{self.name} did not answer PING in time; log:\n{log[-3000:]}")
            time.sleep(0.02)

    def _check_alive(self) -> None:
        if not self.alive():
            code = self.process.returncode if self.process else None
            log = self.log()
            self.stop()
            raise RuntimeError(f"{self.name} exited with {code}; log:\n{log[-3000:]}")

    def stop(self) -> None:
        """Terminate (then kill) the process and remove its directory; safe to call twice."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def free_ports(count: int) -> list[int]:
    """Ports free on 127.0.0.1 a moment ago (all held at once, so distinct); callers retry on a race."""
    holders = [socket.socket() for _ in range(count)]
    try:
        for holder in holders:
            holder.bind(("127.0.0.1", 0))
        return [holder.getsockname()[1] for holder in holders]
    finally:
        for holder in holders:
            holder.close()


def tls_raw_client(port: int, timeout: float = REPLY_TIMEOUT) -> RawClient:
    """A L{RawClient} to 127.0.0.1:C{port} over TLS with the shared test CA's client certificate."""
    from tests._certs import shared_certs

    base = shared_certs().base
    context = ssl.create_default_context(cafile=str(base.ca_cert))
    context.load_cert_chain(str(base.client_cert), str(base.client_key))
    client = RawClient(("127.0.0.1", port), timeout)
    client.sock = context.wrap_socket(client.sock, server_hostname="localhost")
    return client


def with_tls_port(start: Callable[..., ServerProcess]) -> Callable[..., ServerProcess]:
    """
    C{start} (L{start_redis_server}, L{start_txredisd}) with a C{tls-port} too,
    on the shared test certificates with client certificates required; the
    server's L{ServerProcess.client}s then all connect there, as Redis's
    C{./runtest --tls} does. Another free port is tried if one was taken meanwhile.
    """
    from tests._certs import shared_certs

    def start_with_tls(*extra: str) -> ServerProcess:
        base = shared_certs().base
        files = ("--tls-cert-file", str(base.cert), "--tls-key-file", str(base.key),
                 "--tls-ca-cert-file", str(base.ca_cert))
        for attempt in range(3):
            (port,) = free_ports(1)
            try:
                server = start(*extra, "--tls-port", str(port), *files)
            except RuntimeError as error:
                if "in use" in str(error) and attempt < 2:
                    continue
                raise
            server.tls_port = port
            return server
        raise AssertionError("unreachable")

    return start_with_tls


def require_redis_server() -> str:
    """The reference server's path; its absence fails under CI and skips elsewhere."""
    path = shutil.which("redis-server")
    if path is None:
        message = "redis-server is not on PATH (apt-get install redis-server)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def start_redis_server(*extra: str) -> ServerProcess:
    """
    Debian's redis-server on a private Unix socket only (C{--port 0}), with
    no persistence, so it never collides with anything and leaves no files.
    """
    server = ServerProcess("redis-server")
    argv = [
        require_redis_server(),
        "--port", "0",
        "--unixsocket", server.unix_path,
        "--unixsocketperm", "700",
        "--save", "",
        "--appendonly", "no",
        "--dir", str(server.workdir),
        *extra,
    ]
    server.start(argv)
    server.wait_until_answering(time.monotonic() + START_TIMEOUT)
    return server


class TxRedisdProcess(ServerProcess):
    """txredisd; where it listens is read from the banner it logs."""

    def wait_until_ready(self, deadline: float) -> None:
        while True:
            self._check_alive()
            log = self.log()
            if _READY in log:
                break
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{self.name} logged no '{_READY}' in time; log:\n{log[-3000:]}")
            time.sleep(0.02)
        for kind, where in _LISTENING.findall(log):
            if kind == "unix":
                self.unix_path = where
            elif kind == "tcp" and self.tcp is None:
                host, _, port = where.rpartition(":")
                self.tcp = (host, int(port))
        self.wait_until_answering(deadline)


def _txredisd_argv(server: ServerProcess, extra: tuple[str, ...]) -> list[str]:
    return [
        "--port", "0",
        "--listen", "tcp:0:interface=127.0.0.1",
        "--listen", f"unix:{server.unix_path}",
        *extra,
    ]


def _repo_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    return env


def start_txredisd(*extra: str) -> TxRedisdProcess:
    """C{python -m txredisd --port 0} on a free loopback TCP port and a Unix socket."""
    server = TxRedisdProcess("txredisd", env=_repo_env())
    server.start([sys.executable, "-m", "txredisd", *_txredisd_argv(server, extra)])
    server.wait_until_ready(time.monotonic() + START_TIMEOUT)
    return server


def start_txredisd_twistd(*extra: str) -> TxRedisdProcess:
    """The same server run by C{twistd -n txredisd}, as the plugin is used in production."""
    server = TxRedisdProcess("twistd-txredisd", env=_repo_env())
    twistd = [sys.executable, "-c", "from twisted.scripts.twistd import run; run()", "-n", "--pidfile="]
    server.start([*twistd, "txredisd", *_txredisd_argv(server, extra)])
    server.wait_until_ready(time.monotonic() + START_TIMEOUT)
    return server
