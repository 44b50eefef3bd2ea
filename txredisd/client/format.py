"""
redis-cli 7.0's three reply formats, byte for byte: the human one it uses on
a terminal (C{(integer) 1}, numbered nested arrays), the raw one it uses when
stdout is not a terminal (or with C{--raw}), and C{--csv}.

Like redis-cli (whose hiredis knows no big numbers and no attributes), a
BIGNUM or ATTRIBUTE reply cannot be printed: L{UnprintableReply} carries the
message redis-cli prints before it exits with status 1.
"""

from __future__ import annotations

from txredisd.client.reply import Kind, Reply


class UnprintableReply(Exception):
    """A reply type redis-cli 7.0 gives up on; the message is its stderr line."""


_ESCAPES = {ord("\\"): b"\\\\", ord('"'): b'\\"', 10: b"\\n", 13: b"\\r", 9: b"\\t", 7: b"\\a", 8: b"\\b"}
_REPR_TABLE = [_ESCAPES.get(c, bytes([c]) if 0x20 <= c < 0x7F else b"\\x%02x" % c) for c in range(256)]
_EMPTY = {Kind.ARRAY: b"(empty array)", Kind.MAP: b"(empty hash)", Kind.SET: b"(empty set)", Kind.PUSH: b"(empty push)"}
_NUMBER_SEPARATOR = {Kind.SET: b"~", Kind.MAP: b"#"}


def quoted(data: bytes) -> bytes:
    """A string in double quotes with C-style escapes (redis-cli's sdscatrepr)."""
    return b'"' + b"".join(_REPR_TABLE[c] for c in data) + b'"'


def _unprintable(reply: Reply) -> None:
    if reply.kind is Kind.BIGNUM:
        raise UnprintableReply("Unknown reply type: 13")
    if reply.kind is Kind.ATTRIBUTE:
        raise UnprintableReply('Error: Protocol error, got "|" as reply type byte')


def format_tty(reply: Reply, prefix: bytes = b"") -> bytes:
    """The terminal format; nested elements are indented under C{prefix}."""
    kind = reply.kind
    if reply.is_error:
        return b"(error) " + reply.value + b"\n"
    if kind is Kind.STATUS or kind is Kind.VERBATIM:
        return reply.value + b"\n"
    if kind is Kind.BULK:
        return quoted(reply.value) + b"\n"
    if kind is Kind.INTEGER:
        return b"(integer) %d\n" % reply.value
    if kind is Kind.DOUBLE:
        return b"(double) " + reply.value + b"\n"
    if kind is Kind.NULL:
        return b"(nil)\n"
    if kind is Kind.BOOL:
        return b"(true)\n" if reply.value else b"(false)\n"
    _unprintable(reply)
    return _tty_aggregate(reply, prefix)


def _tty_aggregate(reply: Reply, prefix: bytes) -> bytes:
    items = reply.items
    if not items:
        return _EMPTY[reply.kind] + b"\n"
    is_map = reply.kind is Kind.MAP
    step = 2 if is_map else 1
    count = len(items) // step
    width = len(str(count))
    inner = prefix + b" " * (width + 2)
    separator = _NUMBER_SEPARATOR.get(reply.kind, b")")
    out = []
    for number, start in enumerate(range(0, len(items), step), 1):
        out.append(b"%s%*d%s " % (prefix if start else b"", width, number, separator))
        if is_map:
            out.append(format_tty(items[start], inner)[:-1] + b" => ")
            value = format_tty(items[start + 1], inner)
            # A value of several lines starts on a line of its own.
            out.append(b"\n" + inner + value if b"\n" in value[:-1] else value)
        else:
            out.append(format_tty(items[start], inner))
    return b"".join(out)


def format_raw(reply: Reply, delimiter: bytes = b"\n") -> bytes:
    """The raw format: no quoting, no type labels, C{delimiter} between elements."""
    kind = reply.kind
    if kind is Kind.NULL:
        return b""
    if kind is Kind.INTEGER:
        return b"%d" % reply.value
    if kind is Kind.BOOL:
        return b"(true)" if reply.value else b"(false)"
    if reply.is_error:
        return reply.value + b"\n"
    _unprintable(reply)
    if kind is Kind.MAP:
        items = reply.items
        return delimiter.join(
            format_raw(items[i], delimiter) + b" " + format_raw(items[i + 1], delimiter)
            for i in range(0, len(items), 2)
        )
    if kind in (Kind.ARRAY, Kind.SET, Kind.PUSH):
        return delimiter.join(format_raw(item, delimiter) for item in reply.items)
    return reply.value


def format_csv(reply: Reply) -> bytes:
    """The C{--csv} format: one line, aggregates flattened with commas."""
    kind = reply.kind
    if reply.is_error:
        return b"ERROR," + quoted(reply.value)
    if kind in (Kind.STATUS, Kind.BULK, Kind.VERBATIM):
        return quoted(reply.value)
    if kind is Kind.INTEGER:
        return b"%d" % reply.value
    if kind is Kind.DOUBLE:
        return reply.value
    if kind is Kind.NULL:
        return b"NULL"
    if kind is Kind.BOOL:
        return b"true" if reply.value else b"false"
    _unprintable(reply)
    return b",".join(format_csv(item) for item in reply.items)
