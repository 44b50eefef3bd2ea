"""
Normalizers: applied to BOTH servers' raw reply before comparing, for replies
that legitimately differ (ids, clocks, hash order). Each one used in a case says
why there. They parse RESP into small trees and re-encode, so anything they do
not touch is still compared byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable

Node = tuple[str, object]
Normalizer = Callable[[bytes], bytes]

_LINE = "+-:_,#("
_BLOB = "$=!"
_ARRAY = "*~>"
_PAIRS = "%|"


def parse(raw: bytes, pos: int = 0) -> tuple[Node, int]:
    """One reply as (type character, payload) and where it ends."""
    end = raw.index(b"\r\n", pos)
    kind, head, pos = chr(raw[pos]), raw[pos + 1 : end], end + 2
    if kind in _LINE:
        return (kind, head), pos
    count = int(head)
    if kind in _BLOB:
        if count < 0:
            return (kind, None), pos
        return (kind, raw[pos : pos + count]), pos + count + 2
    children = []
    for _ in range(max(count, 0) * (2 if kind in _PAIRS else 1)):
        child, pos = parse(raw, pos)
        children.append(child)
    if count < 0:
        return (kind, None), pos
    if kind == "|":
        annotated, pos = parse(raw, pos)
        return (kind, (children, annotated)), pos
    return (kind, children), pos


def encode(node: Node) -> bytes:
    kind, value = node
    tag = kind.encode()
    if kind in _LINE:
        return tag + value + b"\r\n"
    if value is None:
        return tag + b"-1\r\n"
    if kind in _BLOB:
        return b"%s%d\r\n%s\r\n" % (tag, len(value), value)
    if kind == "|":
        children, annotated = value
        return b"|%d\r\n" % (len(children) // 2) + b"".join(map(encode, children)) + encode(annotated)
    count = len(value) // 2 if kind in _PAIRS else len(value)
    return b"%s%d\r\n" % (tag, count) + b"".join(map(encode, value))


def on_tree(change: Callable[[Node], Node]) -> Normalizer:
    """Lift a tree rewrite to raw bytes; markers like C{<closed>} and errors pass through."""

    def normalize(raw: bytes) -> bytes:
        if not raw or raw[:1] in (b"<", b"-"):
            return raw
        node, _ = parse(raw)
        return encode(change(node))

    return normalize


def _pairs(children: list[Node]) -> list[tuple[Node, Node]]:
    return list(zip(children[0::2], children[1::2], strict=False))


# -- the normalizers cases use ---------------------------------------------------------


def _sort_elements(node: Node) -> Node:
    kind, value = node
    if kind in _ARRAY and value is not None:
        return kind, sorted(value, key=encode)
    return node


sorted_elements = on_tree(_sort_elements)
"""An array or set whose order is the hash table's (KEYS, SCAN pages): compare as a sorted list."""


def _sort_pairs(node: Node) -> Node:
    kind, value = node
    if value is None or kind not in "*%":
        return node
    ordered = sorted(_pairs(value), key=lambda pair: encode(pair[0]))
    return kind, [item for pair in ordered for item in pair]


sorted_pairs = on_tree(_sort_pairs)
"""A map (or its flat RESP2 array) built from a hash table (CONFIG GET patterns): sort by key."""


def any_integer(raw: bytes) -> bytes:
    """An integer whose value is the server's own (client ids, counters): only the type must match."""
    return b":<integer>\r\n" if raw.startswith(b":") else raw


def integer_between(low: int, high: int) -> Normalizer:
    """An integer that depends on the clock (TTL just after EXPIRE): any value in [low, high]."""

    def normalize(raw: bytes) -> bytes:
        if raw.startswith(b":") and low <= int(raw[1:-2]) <= high:
            return b":<%d..%d>\r\n" % (low, high)
        return raw

    return normalize


def field_values(*names: bytes) -> Normalizer:
    """
    In a map (or RESP2 flat array of pairs), hide the values of the named
    fields, e.g. the connection id in HELLO's reply: the fields must still be
    there, in the same order, with the same reply types.
    """

    def change(node: Node) -> Node:
        kind, value = node
        if value is None or kind not in "*%":
            return node
        out: list[Node] = []
        for key, item in _pairs(value):
            if key[1] in names:
                item = (item[0], b"<any>") if item[0] in _LINE + _BLOB else ("+", b"<any>")
            out += [key, item]
        return kind, out

    return on_tree(change)


def _digits(node: Node) -> Node:
    kind, value = node
    if kind in _ARRAY and value is not None:
        return kind, [_digits(child) for child in value]
    if kind in _BLOB + ":" and value is not None and value.isdigit():
        return kind, b"<digits>"
    return node


digit_strings = on_tree(_digits)
"""A clock reading (TIME, LASTSAVE): every number becomes <digits>; the shape must match."""


def _text_lines(select: Callable[[bytes], bytes | None]) -> Normalizer:
    def change(node: Node) -> Node:
        kind, value = node
        if kind not in _BLOB or value is None:
            return node
        picked = [select(line) for line in value.split(b"\n")]
        return kind, b"\n".join(p for p in picked if p is not None)

    return on_tree(change)


info_sections = _text_lines(lambda line: line.rstrip(b"\r") if line.startswith(b"#") else None)
"""INFO's numbers are all the server's own: compare only which sections there are, in order."""

info_field_names = _text_lines(
    lambda line: line.split(b":", 1)[0] if line.strip() and not line.startswith(b"txredisd_") else None
)
"""
An INFO section compared by the names of its fields (their values are the server's own).
txredisd's own fields (txredisd_version, required beside redis_version) are left out.
"""

client_fields = _text_lines(
    lambda line: b" ".join(kv.split(b"=", 1)[0] for kv in line.split() if not kv.startswith(b"peer-subject=")) or None
)
"""
CLIENT INFO/LIST lines: ids, addresses, ages and memory are the server's own; field names must match,
except txredisd's one addition, C{peer-subject} on TLS connections (the verified client certificate's
subject, asked for by the TLS work; plain connections never show it, test_integration checks both).
"""
