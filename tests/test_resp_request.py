"""
Tests for the request parser: tables of valid and broken input, every-offset
splits, one-byte feeding, hypothesis round trips, and hiredis vs pure Python.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from twisted.trial.unittest import SynchronousTestCase

from txredisd.resp.request import ProtocolError, RequestParser, split_args, string2ll


def parse_all(chunks: list[bytes], use_hiredis: bool = True, unauthenticated: bool = False):
    """Feed chunks one by one; return (commands, error message or None)."""
    parser = RequestParser(use_hiredis=use_hiredis)
    parser.unauthenticated = unauthenticated
    commands: list[list[bytes]] = []
    try:
        for chunk in chunks:
            parser.feed(chunk)
            while (command := parser.next_command()) is not None:
                commands.append(command)
    except ProtocolError as error:
        return commands, str(error)
    return commands, None


def multibulk(*args: bytes) -> bytes:
    return b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in args)


VALID = [
    (b"*1\r\n$4\r\nPING\r\n", [[b"PING"]]),
    (b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n", [[b"SET", b"k", b""]]),
    (b"PING\r\n", [[b"PING"]]),
    (b"PING\n", [[b"PING"]]),
    (b"  set  a   b \r\n", [[b"set", b"a", b"b"]]),
    (b'SET k "hello world"\r\n', [[b"SET", b"k", b"hello world"]]),
    (b'SET k "a\\x41\\n\\"q"\r\n', [[b"SET", b"k", b"aA\n\"q"]]),
    (b"SET k 'it\\'s'\r\n", [[b"SET", b"k", b"it's"]]),
    (b'SET k a"b c"\r\n', [[b"SET", b"k", b"ab c"]]),
    (b"\r\n\r\nPING\r\n", [[b"PING"]]),
    (b"*0\r\n*-1\r\n*1\r\n$4\r\nPING\r\n", [[b"PING"]]),
    (b"*1\r\n$4\r\nPINGxx*1\r\n$1\r\nA\r\n", [[b"PING"], [b"A"]]),
    (b"*1\r\n$4\r\nPING\r\nECHO x\r\n*1\r\n$1\r\nB\r\n", [[b"PING"], [b"ECHO", b"x"], [b"B"]]),
    (b"*1\r\n$3\r\na\0b\r\n", [[b"a\0b"]]),
]

BROKEN = [
    (b"*x\r\n", "invalid multibulk length"),
    (b"*01\r\n", "invalid multibulk length"),
    (b"*+1\r\n", "invalid multibulk length"),
    (b"*2147483648\r\n", "invalid multibulk length"),
    (b"*1\r\n:1\r\n", "expected '$', got ':'"),
    (b"*1\r\n$-1\r\n", "invalid bulk length"),
    (b"*1\r\n+aaa\r\n", "expected '$', got '+'"),
    (b"*1\r\n=7\r\ntxt:abc\r\n", "expected '$', got '='"),
    (b"*1\r\n(12\r\n", "expected '$', got '('"),
    (b"*2\r\n$1\r\na\r\n+b\r\n", "expected '$', got '+'"),
    (b"*1\r\n$x\r\n", "invalid bulk length"),
    (b"*1\r\n$536870913\r\n", "invalid bulk length"),
    (b'SET k "abc\r\n', "unbalanced quotes in request"),
    (b'SET k "abc"d\r\n', "unbalanced quotes in request"),
    (b"SET k 'abc\r\n", "unbalanced quotes in request"),
    (b"x" * (64 * 1024 + 1), "too big inline request"),
    (b"*" + b"1" * (64 * 1024 + 1), "too big mbulk count string"),
    (b"*1\r\n$" + b"1" * (64 * 1024 + 1), "too big bulk count string"),
]


class StringToIntegerTests(SynchronousTestCase):
    def test_redis_rules(self) -> None:
        """Only canonical decimal integers in the signed 64-bit range parse."""
        self.assertEqual(string2ll(b"0"), 0)
        self.assertEqual(string2ll(b"-12"), -12)
        self.assertEqual(string2ll(b"9223372036854775807"), 2**63 - 1)
        for bad in (b"", b"01", b"-0", b"+1", b" 1", b"1 ", b"9223372036854775808", b"1.0", b"-"):
            self.assertIsNone(string2ll(bad), bad)


class InlineSplitTests(SynchronousTestCase):
    def test_escapes(self) -> None:
        """Double quotes take C-style and hex escapes; single quotes only \\'."""
        self.assertEqual(split_args(b'"\\t\\r\\n\\a\\b\\z\\xzz"'), [b"\t\r\n\a\bzxzz"])
        self.assertEqual(split_args(b"'a\\nb'"), [b"a\\nb"])
        self.assertEqual(split_args(b'""'), [b""])
        self.assertEqual(split_args(b"a\0b c"), [b"a"])

    def test_quote_must_end_token(self) -> None:
        """A closing quote followed by a non-space is an error, as in sdssplitargs."""
        self.assertIsNone(split_args(b'"a"b'))
        self.assertIsNone(split_args(b"'a'b"))
        self.assertEqual(split_args(b'"a" b'), [b"a", b"b"])


class ParserTableTests(SynchronousTestCase):
    def test_valid(self) -> None:
        """Each valid stream gives its commands with and without hiredis."""
        for data, expected in VALID:
            for use_hiredis in (True, False):
                self.assertEqual(parse_all([data], use_hiredis), (expected, None), (data, use_hiredis))

    def test_broken(self) -> None:
        """Each broken stream raises Redis's error text with and without hiredis."""
        for data, message in BROKEN:
            for use_hiredis in (True, False):
                self.assertEqual(parse_all([data], use_hiredis)[1], message, (data, use_hiredis))

    def test_commands_before_error_survive(self) -> None:
        """Commands parsed before a protocol error are still returned, in order."""
        commands, error = parse_all([b"*1\r\n$4\r\nPING\r\nPING\r\n*x\r\n"])
        self.assertEqual(commands, [[b"PING"], [b"PING"]])
        self.assertEqual(error, "invalid multibulk length")

    def test_unauthenticated_limits(self) -> None:
        """Before AUTH, more than 10 arguments or 16 KiB bulks are refused."""
        many = multibulk(*[b"x"] * 11)
        self.assertEqual(parse_all([many], unauthenticated=True)[1], "unauthenticated multibulk length")
        self.assertIsNone(parse_all([many])[1])
        big = multibulk(b"SET", b"k", b"v" * 16385)
        self.assertEqual(parse_all([big], unauthenticated=True)[1], "unauthenticated bulk length")

    def test_limit_changes_mid_stream(self) -> None:
        """The unauthenticated flag is read per command, so AUTH lifts it for what follows."""
        parser = RequestParser()
        parser.unauthenticated = True
        parser.feed(multibulk(b"AUTH", b"pw") + multibulk(*[b"x"] * 11))
        self.assertEqual(parser.next_command(), [b"AUTH", b"pw"])
        parser.unauthenticated = False
        self.assertEqual(len(parser.next_command()), 11)

    def test_bulk_limit_is_configurable(self) -> None:
        """proto-max-bulk-len bounds a bulk's announced length."""
        parser = RequestParser(max_bulk_len=10)
        parser.feed(b"*1\r\n$11\r\n")
        self.assertRaises(ProtocolError, parser.next_command)

    def test_large_value_in_pieces(self) -> None:
        """A multi-megabyte value arriving in small reads is assembled once."""
        value = bytes(range(256)) * 8192
        data = multibulk(b"SET", b"k", value)
        chunks = [data[i : i + 4096] for i in range(0, len(data), 4096)]
        for use_hiredis in (True, False):
            self.assertEqual(parse_all(chunks, use_hiredis), ([[b"SET", b"k", value]], None))

    def test_huge_counts_never_reach_hiredis(self) -> None:
        """hiredis allocates a whole array from its header; a million-element count goes to Python."""
        for data in (b"*1500000\r\n$1\r\na\r\n", b"*1\r\n$1\r\na\r\n*2000000000\r\n$1\r\nb\r\n"):
            parser = RequestParser()
            parser.feed(data)
            while parser.next_command() is not None:
                pass
            self.assertFalse(parser._in_hiredis, data)

    def test_huge_count_split_across_reads(self) -> None:
        """The screen also sees a count split between two reads."""
        parser = RequestParser()
        parser.feed(b"*1\r\n$1\r\na\r\n*20000")
        self.assertEqual(parser.next_command(), [b"a"])
        parser.feed(b"00000\r\n$1\r\nb\r\n")
        self.assertIsNone(parser.next_command())
        self.assertFalse(parser._in_hiredis)

    def test_nil_bulk_at_a_boundary_is_an_inline_command(self) -> None:
        """hiredis reads "$-1" as nil, like "*-1"; Redis reads it as an inline command (found by hypothesis)."""
        for use_hiredis in (True, False):
            parser = RequestParser(use_hiredis=use_hiredis)
            parser.feed(multibulk(b"") + b"$-1\r\n*-1\r\n" + multibulk(b"GET", b"k"))
            commands = []
            while (command := parser.next_command()) is not None:
                commands.append(command)
            self.assertEqual(commands, [[b""], [b"$-1"], [b"GET", b"k"]], use_hiredis)

    def test_buffered_counts_unparsed_bytes(self) -> None:
        """buffered() reports what is held back, for client-query-buffer-limit."""
        parser = RequestParser(use_hiredis=False)
        parser.feed(b"*2\r\n$3\r\nGET\r\n$5\r\nab")
        self.assertIsNone(parser.next_command())
        self.assertGreater(parser.buffered(), 0)


STREAMS = [data for data, _ in VALID] + [
    multibulk(b"SET", b"key", b"x" * 100) * 3 + b"PING\r\n" + multibulk(b"GET", b"key"),
]


class SplitFeedingTests(SynchronousTestCase):
    def test_every_offset(self) -> None:
        """Splitting any stream at any offset gives the same commands."""
        for data in STREAMS:
            whole = parse_all([data])
            for cut in range(1, len(data)):
                for use_hiredis in (True, False):
                    self.assertEqual(parse_all([data[:cut], data[cut:]], use_hiredis), whole, (data, cut))

    def test_one_byte_at_a_time(self) -> None:
        """Byte-by-byte feeding gives the same commands and the same errors."""
        for data, _ in VALID + BROKEN[:11]:
            whole = parse_all([data])
            for use_hiredis in (True, False):
                single = parse_all([data[i : i + 1] for i in range(len(data))], use_hiredis)
                self.assertEqual(single, whole, data)


argument = st.binary(max_size=40)
commands = st.lists(st.lists(argument, min_size=1, max_size=6), min_size=1, max_size=8)


class PropertyTests(SynchronousTestCase):
    @settings(max_examples=300, deadline=None)
    @given(commands, st.lists(st.integers(min_value=1, max_value=400), max_size=6))
    def test_round_trip(self, cmds, cuts) -> None:
        """Any commands, encoded and cut anywhere, parse back exactly."""
        data = b"".join(multibulk(*c) for c in cmds)
        points = sorted({c % (len(data) + 1) for c in cuts})
        chunks = [data[a:b] for a, b in zip([0] + points, points + [len(data)], strict=True)]
        for use_hiredis in (True, False):
            self.assertEqual(parse_all(chunks, use_hiredis), (cmds, None))

    @settings(max_examples=500, deadline=None)
    @given(st.binary(max_size=120), st.integers(min_value=0, max_value=120))
    def test_hiredis_agrees_with_python_on_garbage(self, data, cut) -> None:
        """On arbitrary bytes the hiredis path and the Python path agree exactly."""
        chunks = [data[:cut], data[cut:]]
        self.assertEqual(parse_all(chunks, True), parse_all(chunks, False))

    @settings(max_examples=300, deadline=None)
    @given(commands, st.binary(max_size=30), st.integers(min_value=0, max_value=300))
    def test_hiredis_agrees_after_valid_prefix(self, cmds, tail, cut) -> None:
        """Garbage after valid commands: same commands, same error, both paths."""
        data = b"".join(multibulk(*c) for c in cmds) + tail
        chunks = [data[:cut], data[cut:]]
        self.assertEqual(parse_all(chunks, True), parse_all(chunks, False))
