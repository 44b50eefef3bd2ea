"""
The little language cases are written in.

A script is a list of steps run on one fresh connection of a freshly
FLUSHALLed server. A step is a command string (split like a shell line, so
C{'SET k "a b"'} and C{"ECHO ''"} work), a tuple of arguments (for bytes a shell
line cannot carry), or a L{Step} made by L{cmd}, L{raw}, L{silent}, L{reconnect}
or L{scan_all}. Replies are compared as raw bytes; C{<closed>} and C{<timeout>}
stand for a connection the server closed and for a server that stayed silent.
"""

from __future__ import annotations

import shlex
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from tests._servers import ConnectionClosed, RawClient, ReplyTimeout, encode_command
from tests.differential._normalize import parse

CLOSED = b"<closed>"
TIMEOUT = b"<timeout>"
DEFAULT_TIMEOUT = 3.0


@dataclass(frozen=True)
class Step:
    """
    Send C{data}, then read C{replies} replies (0 for a command that must not
    answer, e.g. under CLIENT REPLY OFF). C{norm} rewrites each reply of both
    servers before comparison.
    """

    label: str
    data: bytes = b""
    replies: int = 1
    norm: Callable[[bytes], bytes] | None = None
    timeout: float = DEFAULT_TIMEOUT
    delay: float = 0.0

    def run(self, client: RawClient) -> list[bytes]:
        if self.delay:
            time.sleep(self.delay)
        if self.data:
            try:
                client.send_raw(self.data)
            except OSError:
                return [CLOSED] * max(self.replies, 1)
        return [self._normalized(read(client, self.timeout)) for _ in range(self.replies)]

    def _normalized(self, reply: bytes) -> bytes:
        return self.norm(reply) if self.norm and reply not in (CLOSED, TIMEOUT) else reply


def read(client: RawClient, timeout: float) -> bytes:
    """One reply, or a marker for a closed connection or silence."""
    try:
        return client.read_reply(timeout)
    except ConnectionClosed:
        return CLOSED
    except ReplyTimeout:
        return TIMEOUT


@dataclass(frozen=True)
class ScanAll(Step):
    """
    A whole SCAN iteration (cursor 0 to 0) given as one sorted array of the
    keys seen: page sizes and order are the hash table's, the set is not.
    """

    args: tuple[bytes, ...] = ()

    def run(self, client: RawClient) -> list[bytes]:
        cursor, seen = b"0", set()
        for _ in range(10_000):  # a cursor that never returns to 0 must not hang the suite
            client.send_command(b"SCAN", cursor, *self.args)
            reply = read(client, self.timeout)
            parsed = _scan_page(reply)
            if parsed is None:
                return [reply]
            cursor, keys = parsed
            seen.update(keys)
            if cursor == b"0":
                break
        return [encode_command(sorted(seen))]


def _scan_page(reply: bytes) -> tuple[bytes, list[bytes]] | None:
    if not reply.startswith(b"*2\r\n"):
        return None
    (_, (cursor, keys)), _ = parse(reply)
    return cursor[1], [key[1] for key in keys[1]]


@dataclass(frozen=True)
class Reconnect(Step):
    """Close the connection and continue on a new one (e.g. to meet a new requirepass)."""


Arg = str | bytes | int
StepLike = str | tuple | Step


def _args(command: str | tuple) -> list[bytes]:
    parts = shlex.split(command) if isinstance(command, str) else list(command)
    return [p if isinstance(p, bytes) else str(p).encode() for p in parts]


def _plain(arg: bytes) -> bool:
    return bool(arg) and all(33 <= c <= 126 and c not in b"'\"" for c in arg)


def _label(args: list[bytes]) -> str:
    text = " ".join(a.decode() if a.isalnum() or _plain(a) else repr(a.decode("latin-1")) for a in args)
    return text if len(text) <= 120 else text[:117] + "..."


def cmd(command: str | tuple, norm=None, replies: int = 1, timeout: float = DEFAULT_TIMEOUT,
        delay: float = 0.0) -> Step:
    """A command sent as multibulk, with options."""
    args = _args(command)
    return Step(_label(args), encode_command(args), replies, norm, timeout, delay)


def raw(data: bytes, replies: int = 1, timeout: float = DEFAULT_TIMEOUT) -> Step:
    """Bytes sent exactly as given (inline commands, broken protocol)."""
    shown = data if len(data) <= 100 else data[:97] + b"..."
    return Step(f"raw {shown!r}", data, replies, None, timeout)


def silent(command: str | tuple) -> Step:
    """A command that must send no reply at all (CLIENT REPLY OFF/SKIP)."""
    return cmd(command, replies=0)


def reconnect() -> Step:
    """Go on with a new connection (e.g. to be asked for the password just set)."""
    return Reconnect("(new connection)", replies=0)


def scan_all(*args: Arg) -> Step:
    words = _args(tuple(args))
    return ScanAll(f"SCAN full iteration {_label(words)}".rstrip(), args=tuple(words))


def as_step(item: StepLike) -> Step:
    return item if isinstance(item, Step) else cmd(item)


@dataclass(frozen=True)
class Script:
    """
    A named list of steps. C{resp3} also runs it after HELLO 3; C{cleanup}
    commands run afterwards on an admin connection (e.g. to undo CONFIG SET).
    """

    area: str
    name: str
    steps: tuple[Step, ...]
    resp3: bool = False
    cleanup: tuple[tuple[bytes, ...], ...] = field(default=())

    @property
    def id(self) -> str:
        return f"{self.area}/{self.name}"


def script(area: str, name: str, *steps: StepLike, resp3: bool = False,
           cleanup: tuple[str, ...] = ()) -> Script:
    return Script(area, name, tuple(map(as_step, steps)), resp3, tuple(tuple(_args(c)) for c in cleanup))


def area(name: str) -> Callable[..., Script]:
    """C{S = area("strings")}; then C{S("incr-basic", "SET k 1", "INCR k")}."""

    def make(case_name: str, *steps: StepLike, **options) -> Script:
        return script(name, case_name, *steps, **options)

    return make
