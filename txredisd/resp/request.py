"""
Incremental, I/O-free parser for client requests (multibulk and inline).

The parser yields one command at a time so the caller can execute it before the
next one is parsed: Redis applies per-client limits (e.g. the "unauthenticated"
caps) that change as commands run, and a protocol error must come after the
replies of every command that preceded it in the same read.

Multibulk streams go through hiredis when it is installed. hiredis cannot hand
back its unconsumed bytes, so the parser keeps a journal of what it fed hiredis
since the last command boundary; anything hiredis rejects (or accepts where
Redis would not) is replayed through the pure-Python parser, which is the
authority on error texts and limits.
"""

from __future__ import annotations

try:
    import hiredis
except ImportError:  # pragma: no cover - exercised by the fallback test run
    hiredis = None

PROTO_INLINE_MAX_SIZE = 64 * 1024
INT_MAX = 2**31 - 1
_UNAUTH_MULTIBULK_MAX = 10
_UNAUTH_BULK_MAX = 16384
# A tail at least this long is handed back from the Python parser to hiredis.
_HIREDIS_REENTRY = 1024
_COMPACT_AT = 64 * 1024

_SPACES = b" \t\n\r\v\f"
_TOKEN_END = b" \n\r\t"
_HEXDIGITS = b"0123456789abcdefABCDEF"
_ESCAPES = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b", ord("a"): b"\a"}


class ProtocolError(Exception):
    """The client broke the protocol; reply with C{-ERR <message>} and close."""


def string2ll(text: bytes | bytearray) -> int | None:
    """Parse an integer with Redis's C{string2ll} rules (no sign, spaces or leading zeros)."""
    n = len(text)
    if n == 0 or n > 20:
        return None
    if text == b"0":
        return 0
    digits = text[1:] if text[0] == 45 else text
    if not digits or not digits.isdigit() or digits[0] == 48:
        return None
    value = int(text)
    if value > 9223372036854775807 or value < -9223372036854775808:
        return None
    return value


def split_args(line: bytes) -> list[bytes] | None:
    """Split an inline command line like Redis's C{sdssplitargs}; None on bad quoting."""
    nul = line.find(b"\0")
    if nul >= 0:
        line = line[:nul]
    args: list[bytes] = []
    i, n = 0, len(line)
    while True:
        while i < n and line[i] in _SPACES:
            i += 1
        if i >= n:
            return args
        current = bytearray()
        in_double = in_single = False
        while True:
            if in_double:
                if i >= n:
                    return None
                c = line[i]
                if (
                    c == 92
                    and i + 3 < n
                    and line[i + 1] == 120
                    and line[i + 2] in _HEXDIGITS
                    and line[i + 3] in _HEXDIGITS
                ):
                    current.append(int(line[i + 2 : i + 4], 16))
                    i += 3
                elif c == 92 and i + 1 < n:
                    i += 1
                    esc = line[i]
                    current += _ESCAPES.get(esc, bytes((esc,)))
                elif c == 34:
                    if i + 1 < n and line[i + 1] not in _SPACES:
                        return None
                    i += 1
                    break
                else:
                    current.append(c)
            elif in_single:
                if i >= n:
                    return None
                c = line[i]
                if c == 92 and i + 1 < n and line[i + 1] == 39:
                    i += 1
                    current.append(39)
                elif c == 39:
                    if i + 1 < n and line[i + 1] not in _SPACES:
                        return None
                    i += 1
                    break
                else:
                    current.append(c)
            else:
                if i >= n:
                    break
                c = line[i]
                if c in _TOKEN_END:
                    i += 1
                    break
                if c == 34:
                    in_double = True
                elif c == 39:
                    in_single = True
                else:
                    current.append(c)
            i += 1
        args.append(bytes(current))


class RequestParser:
    """
    Turns a client's byte stream into argument vectors.

    @ivar unauthenticated: set by the owner while the client still has to AUTH;
        Redis then caps multibulk and bulk lengths to keep strangers cheap.
    @ivar max_bulk_len: C{proto-max-bulk-len}.
    """

    def __init__(self, max_bulk_len: int = 512 * 1024 * 1024, use_hiredis: bool = True) -> None:
        self.unauthenticated = False
        self.max_bulk_len = max_bulk_len
        self._screen = _Screen(max_bulk_len)
        self._tail = b""
        self._buf = bytearray()
        self._pos = 0
        # Partial multibulk state, kept across reads as Redis does.
        self._args_left = 0
        self._bulk_len = -1
        self._args: list[bytes] = []
        self._reader = hiredis.Reader() if (hiredis is not None and use_hiredis) else None
        self._in_hiredis = False
        self._journal: list[bytes] = []
        self._taken = 0
        # Set when hiredis gave up on a partial command, until Python completes one.
        self._just_left = False

    def buffered(self) -> int:
        """Bytes received but not yet turned into commands."""
        if self._in_hiredis:
            return sum(map(len, self._journal))
        return len(self._buf) - self._pos

    def feed(self, data: bytes) -> None:
        if self._in_hiredis:
            self._journal.append(data)
            if self._unsafe_for_hiredis(data):
                self._leave_hiredis()
            else:
                self._reader.feed(data)
                self._tail = data[-16:]
        elif (
            self._reader is not None
            and self._pos == len(self._buf)
            and self._args_left == 0
            and data[:1] == b"*"
            and not self.unauthenticated
            and not self._screen.unsafe(data)
        ):
            self._buf.clear()
            self._pos = 0
            self._in_hiredis = True
            self._reader.feed(data)
            self._journal.append(data)
            self._tail = data[-16:]
            self._taken = 0
        else:
            self._buf += data

    def _unsafe_for_hiredis(self, data: bytes) -> bool:
        """The screen, also across the seam with the previous read."""
        screen = self._screen
        return screen.unsafe(data) or screen.unsafe(self._tail + data[:16])

    def next_command(self) -> list[bytes] | None:
        """
        The next complete command, or None when more bytes are needed.

        @raise ProtocolError: the stream is malformed; nothing after it is parsed.
        """
        if self._in_hiredis:
            if self.unauthenticated:
                self._leave_hiredis()
            else:
                reader = self._reader
                while True:
                    try:
                        command = reader.gets()
                    except hiredis.ProtocolError:
                        break
                    if command is False:
                        # hiredis cannot say whether it stopped between commands or after
                        # the headers of a partial one. An empty multibulk settles it: only
                        # at a boundary does it come straight back as an (ignored) command.
                        if not reader.has_data() and self._probe_boundary():
                            self._in_hiredis = False
                            self._journal.clear()
                            return None
                        # A partial command: the Python parser checks its headers now.
                        break
                    if type(command) is list and command:
                        for arg in command:
                            if type(arg) is not bytes:
                                break
                        else:
                            self._taken += 1
                            return command
                        break
                    if command == []:
                        self._taken += 1  # an empty multibulk: ignored, as Redis does
                        continue
                    # None is ambiguous (hiredis says it for both "*-1" and "$-1"): the
                    # Python parser tells an ignored negative count from an inline "$-1".
                    break
                self._leave_hiredis()
        return self._next_python()

    def _probe_boundary(self) -> bool:
        self._reader.feed(b"*0\r\n")
        try:
            return self._reader.gets() == []
        except hiredis.ProtocolError:
            return False

    def _leave_hiredis(self) -> None:
        """Give the Python parser whatever hiredis has not returned as a command."""
        data = b"".join(self._journal)
        self._journal.clear()
        self._in_hiredis = False
        self._reader = hiredis.Reader()
        offset = _skip_multibulks(data, self._taken)
        self._taken = 0
        self._buf = bytearray(data[offset:]) if offset else bytearray(data)
        self._pos = 0
        self._just_left = True

    def _enter_hiredis(self) -> bool:
        """Hand a long unparsed tail that starts at a command boundary back to hiredis."""
        tail = bytes(self._buf[self._pos :])
        if self._screen.unsafe(tail):
            self._just_left = True
            return False
        self._buf.clear()
        self._pos = 0
        self._in_hiredis = True
        self._reader.feed(tail)
        self._journal.append(tail)
        self._tail = tail[-16:]
        self._taken = 0
        return True

    def _next_python(self) -> list[bytes] | None:
        buf = self._buf
        while True:
            if self._args_left == 0:
                if self._pos >= len(buf):
                    self._compact()
                    return None
                if buf[self._pos] == 42:  # '*'
                    if (
                        self._reader is not None
                        and len(buf) - self._pos >= _HIREDIS_REENTRY
                        and not self.unauthenticated
                        and not self._just_left
                        and self._enter_hiredis()
                    ):
                        return self.next_command()
                    if not self._start_multibulk():
                        self._compact()
                        return None
                    if self._args_left == 0:
                        continue  # empty or negative count: ignored, as Redis does
                else:
                    command = self._inline()
                    if command is None:
                        self._compact()
                        return None
                    if command:
                        return command
                    continue
            command = self._multibulk_args()
            if command is None:
                self._compact()
            else:
                self._just_left = False
            return command

    def _compact(self) -> None:
        if self._pos == len(self._buf):
            self._buf.clear()
            self._pos = 0
        elif self._pos > _COMPACT_AT:
            del self._buf[: self._pos]
            self._pos = 0

    def _inline(self) -> list[bytes] | None:
        buf, pos = self._buf, self._pos
        newline = buf.find(b"\n", pos)
        if newline < 0:
            if len(buf) - pos > PROTO_INLINE_MAX_SIZE:
                raise ProtocolError("too big inline request")
            return None
        end = newline - 1 if newline > pos and buf[newline - 1] == 13 else newline
        args = split_args(bytes(buf[pos:end]))
        if args is None:
            raise ProtocolError("unbalanced quotes in request")
        self._pos = newline + 1
        return args

    def _header_line(self, too_big: str) -> int | None:
        """Index of the CR ending the header at the cursor, once a byte follows it."""
        buf, pos = self._buf, self._pos
        cr = buf.find(b"\r", pos)
        if cr < 0:
            if len(buf) - pos > PROTO_INLINE_MAX_SIZE:
                raise ProtocolError(too_big)
            return None
        if cr + 1 >= len(buf):
            return None
        return cr

    def _start_multibulk(self) -> bool:
        cr = self._header_line("too big mbulk count string")
        if cr is None:
            return False
        count = string2ll(self._buf[self._pos + 1 : cr])
        if count is None or count > INT_MAX:
            raise ProtocolError("invalid multibulk length")
        if count > _UNAUTH_MULTIBULK_MAX and self.unauthenticated:
            raise ProtocolError("unauthenticated multibulk length")
        self._pos = cr + 2
        if count > 0:
            self._args_left = count
            self._args = []
            self._bulk_len = -1
        return True

    def _multibulk_args(self) -> list[bytes] | None:
        buf = self._buf
        args = self._args
        while self._args_left:
            if self._bulk_len < 0:
                cr = self._header_line("too big bulk count string")
                if cr is None:
                    return None
                pos = self._pos
                if buf[pos] != 36:  # '$'
                    raise ProtocolError(f"expected '$', got '{chr(buf[pos])}'")
                length = string2ll(buf[pos + 1 : cr])
                if length is None or length < 0 or length > self.max_bulk_len:
                    raise ProtocolError("invalid bulk length")
                if length > _UNAUTH_BULK_MAX and self.unauthenticated:
                    raise ProtocolError("unauthenticated bulk length")
                self._pos = cr + 2
                self._bulk_len = length
            pos, length = self._pos, self._bulk_len
            if len(buf) - pos < length + 2:
                return None
            args.append(bytes(buf[pos : pos + length]))
            self._pos = pos + length + 2
            self._bulk_len = -1
            self._args_left -= 1
        self._args = []
        return args


class _Screen:
    """
    Decides which input hiredis must not see; such reads go to the Python parser
    (false alarms, the same bytes inside a value, only cost speed):
      - a simple string, verbatim string or big number where a bulk belongs:
        hiredis returns them as plain bytes, Redis says "expected '$'";
      - an aggregate count of a million or more: hiredis allocates the whole
        array up front, Redis grows it as arguments arrive;
      - a bulk length with as many digits as proto-max-bulk-len: Redis refuses
        an oversized one at once, hiredis would wait for the data.
    All plain substring tests on a translated copy (digits to '0', type bytes
    folded together), so "a long count" is one literal search. They use
    C{find}: C{bytes in bytes} first tries its operand as an integer and builds
    and drops a TypeError each time (a quarter of a microsecond per short read).
    """

    def __init__(self, max_bulk_len: int) -> None:
        self._long_bulk = b"$" + b"0" * len(str(max_bulk_len))

    def unsafe(self, data: bytes) -> bool:
        shape = data.translate(_SHAPE)
        return (
            shape[:1] == b"+"
            or shape.find(b"\n+") >= 0
            or shape.find(b"*0000000") >= 0
            or shape.find(self._long_bulk) >= 0
        )


# Digits become '0', aggregate type bytes '*', and '=' '(' join '+' as "not a bulk".
_SHAPE = bytes.maketrans(b"123456789%~>|=(", b"000000000****++")


def _skip_multibulks(data: bytes, count: int) -> int:
    """Offset just past C{count} well-formed multibulk commands (hiredis accepted them)."""
    pos = 0
    for _ in range(count):
        cr = data.index(b"\r", pos)
        args = int(data[pos + 1 : cr])
        pos = cr + 2
        for _ in range(args):
            cr = data.index(b"\r", pos)
            pos = cr + 2 + int(data[pos + 1 : cr]) + 2
    return pos
