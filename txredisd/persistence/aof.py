"""
The append-only file, sans-IO: Redis 7.0's multi-part layout (a manifest
naming one base file and the incremental files written since), the RESP form
of propagated writes, the reader that turns an AOF back into commands, and
the command-form rewrite of a dataset. Nothing here opens files, forks or
imports Twisted: L{txredisd.aof_service} does that.

The manifest, one line per file, base first, then history, then incr files:

    file appendonly.aof.2.base.rdb seq 2 type b
    file appendonly.aof.3.incr.aof seq 3 type i
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from txredisd.core.state import quote_repr
from txredisd.core.types.hash import Hash
from txredisd.core.types.list import ListValue
from txredisd.core.types.set import SetValue
from txredisd.core.types.zset import ZSet
from txredisd.persistence.payload import dump
from txredisd.persistence.rdb import MAGIC, Limits
from txredisd.resp.request import split_args

BASE, HISTORY, INCR = "b", "h", "i"
#: Elements per command in a command-form rewrite (Redis's AOF_REWRITE_ITEMS_PER_CMD).
ITEMS_PER_COMMAND = 64
_ANNOTATION = ord("#")


class AofError(Exception):
    """
    An AOF or manifest that cannot be loaded.

    @ivar offset: byte offset of the problem in C{path} (None for a manifest
        problem that has no position).
    @ivar truncated: the data simply stops mid-command (what aof-load-truncated forgives).
    """

    def __init__(self, path: str, reason: str, offset: int | None = None, truncated: bool = False) -> None:
        where = f" at byte offset {offset}" if offset is not None else ""
        super().__init__(f"Bad AOF {path}{where}: {reason}")
        self.path = path
        self.reason = reason
        self.offset = offset
        self.truncated = truncated


# -- the manifest -------------------------------------------------------------------


@dataclass
class AofFile:
    name: str
    seq: int
    kind: str

    def line(self) -> bytes:
        raw = self.name.encode("utf-8", "surrogateescape")
        shown = quote_repr(raw) if _needs_quoting(raw) else raw
        return b"file %s seq %d type %s\n" % (shown, self.seq, self.kind.encode())


def _needs_quoting(name: bytes) -> bool:
    """Redis's C{sdsneedsrepr}: quote names with spaces, quotes, backslashes or unprintables."""
    return any(c <= 32 or c >= 127 or c in b'\\"' for c in name)


@dataclass
class Manifest:
    """Which files make up the AOF, in load order, and the last sequence numbers used."""

    base: AofFile | None = None
    history: list[AofFile] = field(default_factory=list)
    incrs: list[AofFile] = field(default_factory=list)
    base_seq: int = 0
    incr_seq: int = 0

    def dump(self) -> bytes:
        files = ([self.base] if self.base else []) + self.history + self.incrs
        return b"".join(f.line() for f in files)

    def files(self) -> list[AofFile]:
        """The files to load, in order."""
        return ([self.base] if self.base else []) + self.incrs

    def new_incr(self, prefix: str) -> AofFile:
        """Name and record the next incr file (the one writes now go to)."""
        self.incr_seq += 1
        incr = AofFile(f"{prefix}.{self.incr_seq}.incr.aof", self.incr_seq, INCR)
        self.incrs.append(incr)
        return incr

    def new_base(self, prefix: str, rdb: bool) -> AofFile:
        """A name for the next base file (not yet recorded: see L{rewritten})."""
        seq = self.base_seq + 1
        return AofFile(f"{prefix}.{seq}.base.{'rdb' if rdb else 'aof'}", seq, BASE)

    def rewritten(self, base: AofFile, keep_incrs: int) -> list[AofFile]:
        """
        A rewrite finished: C{base} replaces the old base, and only the last
        C{keep_incrs} incr files (opened when the rewrite began) still count.
        Returns the files no longer needed, for the caller to delete.
        """
        obsolete = ([self.base] if self.base else []) + self.history
        kept = self.incrs[len(self.incrs) - keep_incrs :] if keep_incrs else []
        obsolete += self.incrs[: len(self.incrs) - keep_incrs]
        self.base, self.base_seq, self.history, self.incrs = base, base.seq, [], kept
        return obsolete


def parse_manifest(text: bytes, path: str) -> Manifest:
    """Read a manifest as Redis 7.0 does: C{key value} pairs per line, C{#} comments."""
    manifest = Manifest()
    for number, line in enumerate(text.split(b"\n"), 1):
        line = line.strip(b" \t\r")
        if not line or line.startswith(b"#"):
            continue
        args = split_args(line)
        if args is None or len(args) % 2:
            raise AofError(path, f"invalid manifest line {number}")
        pairs = {args[i].lower(): args[i + 1] for i in range(0, len(args), 2)}
        try:
            name = pairs[b"file"].decode("utf-8", "surrogateescape")
            entry = AofFile(name, int(pairs[b"seq"]), pairs[b"type"].decode())
        except (KeyError, ValueError):
            raise AofError(path, f"invalid manifest line {number}") from None
        if entry.kind == BASE:
            if manifest.base is not None:
                raise AofError(path, "found duplicate base file information")
            manifest.base, manifest.base_seq = entry, entry.seq
        elif entry.kind == HISTORY:
            manifest.history.append(entry)
        elif entry.kind == INCR:
            if entry.seq <= manifest.incr_seq:
                raise AofError(path, "found a non-monotonic sequence number")
            manifest.incrs.append(entry)
            manifest.incr_seq = entry.seq
        else:
            raise AofError(path, f"unknown AOF file type '{entry.kind}' on line {number}")
    return manifest


# -- writing commands -------------------------------------------------------------


def encode_command(argv: Iterable[bytes]) -> bytes:
    """One command as Redis appends it: a RESP multibulk."""
    parts = list(argv)
    out = [b"*%d\r\n" % len(parts)]
    for arg in parts:
        out.append(b"$%d\r\n%s\r\n" % (len(arg), arg))
    return b"".join(out)


class CommandStream:
    """Encodes the write stream, with a SELECT whenever the database changes (as Redis does)."""

    def __init__(self) -> None:
        self.selected = -1

    def reset(self) -> None:
        """A new file starts: its first command must say which database it is for."""
        self.selected = -1

    def encode(self, db: int, argv: list[bytes]) -> bytes:
        if db != self.selected:
            self.selected = db
            return encode_command((b"SELECT", b"%d" % db)) + encode_command(argv)
        return encode_command(argv)


# -- reading commands --------------------------------------------------------------


class CommandReader:
    """
    The commands of an AOF stream, one argv at a time (a transaction once its
    EXEC is read), so loading never holds them all. After iterating: C{end} is
    where the last whole command (or transaction) ended, C{problem} None or
    the L{AofError} that stopped the read. Annotations (C{#...} lines) are
    skipped; a MULTI without its EXEC at the end counts as torn, like a cut
    command: C{end} then stops before the MULTI.
    """

    def __init__(self, data: bytes, path: str, start: int = 0) -> None:
        self.data = data
        self.path = path
        self.start = self.end = start
        self.problem: AofError | None = None

    def __iter__(self) -> Iterator[list[bytes]]:
        data, path = self.data, self.path
        pos = self.start
        size = len(data)
        in_multi_from: int | None = None
        pending: list[list[bytes]] = []
        while pos < size:
            if data[pos] == _ANNOTATION:
                eol = data.find(b"\n", pos)
                if eol < 0:
                    self.problem = AofError(path, "the file ends in an annotation", pos, truncated=True)
                    return
                pos = eol + 1
                if in_multi_from is None:
                    self.end = pos
                continue
            began = pos
            try:
                argv, pos = _one_command(data, pos, path)
            except AofError as error:
                self.problem = error
                return
            name = argv[0].lower()
            if name == b"multi":
                in_multi_from, pending = began, [argv]
            elif in_multi_from is not None:
                pending.append(argv)
                if name == b"exec":
                    yield from pending
                    in_multi_from, self.end = None, pos
            else:
                yield argv
                self.end = pos
        if in_multi_from is not None:
            reason = "the file ends inside a MULTI/EXEC transaction"
            self.problem = AofError(path, reason, in_multi_from, truncated=True)


@dataclass
class Parsed:
    """All the commands of a stream at once, with where they end and what stopped the read."""

    commands: list[list[bytes]]
    end: int
    problem: AofError | None = None


def parse_commands(data: bytes, path: str, start: int = 0) -> Parsed:
    """L{CommandReader}, collected (for tests and small streams)."""
    reader = CommandReader(data, path, start)
    commands = list(reader)
    return Parsed(commands, reader.end, reader.problem)


def _one_command(data: bytes, pos: int, path: str) -> tuple[list[bytes], int]:
    if data[pos] != ord("*"):
        raise AofError(path, f"expected '*', found {data[pos:pos + 1]!r}", pos)
    count, pos = _number(data, pos + 1, path)
    if count < 1:
        raise AofError(path, f"invalid argument count {count}", pos)
    argv = []
    for _ in range(count):
        if pos >= len(data):
            raise AofError(path, "unexpected end of file", pos, truncated=True)
        if data[pos] != ord("$"):
            raise AofError(path, f"expected '$', found {data[pos:pos + 1]!r}", pos)
        length, pos = _number(data, pos + 1, path)
        stop = pos + length
        if stop + 2 > len(data):
            raise AofError(path, "unexpected end of file", pos, truncated=True)
        if data[stop:stop + 2] != b"\r\n":
            raise AofError(path, "a bulk string is not followed by CRLF", stop)
        argv.append(data[pos:stop])
        pos = stop + 2
    return argv, pos


def _number(data: bytes, pos: int, path: str) -> tuple[int, int]:
    eol = data.find(b"\r\n", pos, pos + 32)
    if eol < 0:
        if len(data) - pos < 32 and b"\n" not in data[pos:]:
            raise AofError(path, "unexpected end of file", pos, truncated=True)
        raise AofError(path, "a length line is not a number", pos)
    text = data[pos:eol]
    if not text.isdigit():
        raise AofError(path, f"a length line is not a number: {text[:32]!r}", pos)
    return int(text), eol + 2


def has_rdb_preamble(data: bytes | memoryview) -> bool:
    """A base file written with aof-use-rdb-preamble starts with an RDB snapshot."""
    return bytes(data[:5]) == MAGIC


# -- the command-form rewrite -------------------------------------------------------------


def rewrite_commands(dbs: Iterable[Any], limits: Limits, functions: Iterable[bytes] = ()) -> Iterator[bytes]:
    """
    The dataset as commands that rebuild it (a base file without an RDB
    preamble): per database a SELECT, then per key the commands that create
    it and a PEXPIREAT for its deadline. Values with no simple command form
    (streams) are written as RESTORE of their DUMP payload.
    """
    for code in functions:
        yield encode_command((b"FUNCTION", b"LOAD", code))
    for db in dbs:
        if not db.data:
            continue
        yield encode_command((b"SELECT", b"%d" % db.index))
        expires = db.expires
        for key, value in db.data.items():
            yield b"".join(encode_command(argv) for argv in _key_commands(key, value, limits))
            deadline = expires.get(key)
            if deadline is not None:
                yield encode_command((b"PEXPIREAT", key, b"%d" % deadline))


def _key_commands(key: bytes, value: Any, limits: Limits) -> Iterator[list[bytes]]:
    kind = type(value)
    if kind is bytes or kind is bytearray:
        yield [b"SET", key, bytes(value)]
    elif kind is ListValue:
        yield from _batched(b"RPUSH", key, list(value))
    elif kind is SetValue:
        yield from _batched(b"SADD", key, list(value.members))
    elif kind is Hash:
        yield from _batched(b"HMSET", key, [item for pair in value.fields.items() for item in pair], 2)
    elif kind is ZSet:
        flat = [item for score, member in value.order for item in (_score(score), member)]
        yield from _batched(b"ZADD", key, flat, 2)
    else:
        yield [b"RESTORE", key, b"0", dump(value, limits, False)]


def _batched(name: bytes, key: bytes, items: list[bytes], width: int = 1) -> Iterator[list[bytes]]:
    step = ITEMS_PER_COMMAND * width
    for i in range(0, len(items), step):
        yield [name, key, *items[i:i + step]]


def _score(score: float) -> bytes:
    if score != score:  # NaN is never stored; keep the writer total anyway
        raise ValueError("NaN score")
    return repr(score).encode() if score not in (float("inf"), float("-inf")) else (b"inf" if score > 0 else b"-inf")
