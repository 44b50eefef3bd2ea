"""
Streams in RDB form (types 15 and 19, Redis 7.0 writes 19).

A stream is saved as its radix-tree nodes, each a 128-bit big-endian master
ID and a listpack; then the length, the last, first and greatest deleted IDs
and the number of entries ever added; then the consumer groups in name
order, each with its last delivered ID, entries read, its pending entries
list (ID, delivery time, delivery count) and its consumers (name, seen
time, the IDs they own).

A node's listpack starts with a master entry (live count, deleted count, the
field names of the node's first entry, a 0) and holds one record per entry:
flags, the ID as differences from the master ID, the field names unless
they equal the master's (flag "same fields"), the values, and the number of
listpack elements the record used. Entries removed by XDEL stay in Redis's
listpacks flagged "deleted"; the model keeps only live ones, so the nodes
written here hold the live entries with a deleted count of 0.
"""

from __future__ import annotations

from struct import pack as struct_pack
from struct import unpack as struct_unpack
from typing import TYPE_CHECKING

from txredisd.core.types.stream import Consumer, ConsumerGroup, Node, PendingEntry, Stream
from txredisd.persistence import listpack
from txredisd.persistence.rdb import TYPE_STREAM_LISTPACKS_2

if TYPE_CHECKING:
    from txredisd.persistence.reader import Input

_DELETED = 1
_SAME_FIELDS = 2
_U64 = 1 << 64
_FALLBACK_NODE_ENTRIES = 100


def _raw_id(stream_id: tuple[int, int]) -> bytes:
    return struct_pack(">QQ", *stream_id)


def _signed(n: int) -> int:
    """C{n} wrapped to a signed 64-bit integer, as Redis's int64 ID differences wrap."""
    n %= _U64
    return n - _U64 if n >= 1 << 63 else n


def _int(n: int) -> bytes:
    return listpack.entry(b"%d" % n)


def _node_groups(value: Stream) -> list[tuple[tuple[int, int], list]]:
    """The live entries split into the model's nodes (fixed-size chunks if it has none)."""
    entries = value.entries
    if value.nodes:
        return [(node.master, list(entries.items()[entries.bisect_left(node.master):entries.bisect_right(node.last)]))
                for node in value.nodes]
    items = list(entries.items())
    return [(items[i][0], items[i:i + _FALLBACK_NODE_ENTRIES]) for i in range(0, len(items), _FALLBACK_NODE_ENTRIES)]


def _node_listpack(master: tuple[int, int], items: list) -> bytes:
    master_fields = items[0][1][::2]
    parts = [_int(len(items)), _int(0), _int(len(master_fields))]
    parts += [listpack.entry(name) for name in master_fields]
    parts.append(_int(0))
    for (ms, seq), fields in items:
        names, values = fields[::2], fields[1::2]
        same = names == master_fields
        parts += [_int(_SAME_FIELDS if same else 0), _int(_signed(ms - master[0])), _int(_signed(seq - master[1]))]
        if same:
            parts += [listpack.entry(item) for item in values]
            parts.append(_int(len(values) + 3))
        else:
            parts.append(_int(len(names)))
            parts += [listpack.entry(item) for item in fields]
            parts.append(_int(2 * len(names) + 4))
    return listpack.assemble(parts)


def encode_stream(value: Stream, length, string) -> bytes:
    """A stream's serialisation (type 19), with the writer's C{length} and C{string} helpers."""
    groups = [(master, items) for master, items in _node_groups(value) if items]
    parts = [length(len(groups))]
    for master, items in groups:
        parts.append(string(_raw_id(master)))
        parts.append(string(_node_listpack(master, items)))
    parts.append(length(len(value.entries)))
    for ms, seq in (value.last_id, value.first_id, value.max_deleted_entry_id):
        parts += [length(ms), length(seq)]
    parts.append(length(value.entries_added))
    parts.append(length(len(value.groups)))
    for name in sorted(value.groups):
        group = value.groups[name]
        parts += [string(name), length(group.last_id[0]), length(group.last_id[1]), length(group.entries_read % _U64)]
        parts.append(length(len(group.pel)))
        for entry_id, nack in group.pel.items():
            parts += [_raw_id(entry_id), struct_pack("<q", nack.delivery_time), length(nack.delivery_count)]
        parts.append(length(len(group.consumers)))
        for consumer_name in sorted(group.consumers):
            consumer = group.consumers[consumer_name]
            parts += [string(consumer_name), struct_pack("<q", consumer.seen_time), length(len(consumer.pel))]
            parts += [_raw_id(entry_id) for entry_id in consumer.pel]
    return b"".join(parts)


# -- reading --------------------------------------------------------------------------


def _read_node(value: Stream, master: tuple[int, int], elements: list[bytes]) -> None:
    """Add a node's live entries (and the node's shape) to C{value}; ValueError when malformed."""
    pos = 0

    def take(count: int) -> list[bytes]:
        nonlocal pos
        if pos + count > len(elements):
            raise ValueError("stream node listpack ends inside an entry")
        pos += count
        return elements[pos - count : pos]

    def number() -> int:
        return int(take(1)[0])

    live, deleted, field_count = number(), number(), number()
    master_fields = take(field_count)
    if number() != 0:
        raise ValueError("stream master entry is not terminated by 0")
    node = Node(master)
    node.live, node.deleted = live, deleted
    seen = 0
    while pos < len(elements):
        flags = number()
        entry_id = ((master[0] + number()) % _U64, (master[1] + number()) % _U64)
        if flags & _SAME_FIELDS:
            fields = tuple(item for pair in zip(master_fields, take(field_count), strict=True) for item in pair)
        else:
            fields = tuple(take(2 * number()))
        number()  # the record's element count
        node.last = entry_id
        if not flags & _DELETED:
            value.entries[entry_id] = fields
            seen += 1
    if seen != live:
        raise ValueError(f"stream node says {live} live entries but holds {seen}")
    if live:
        value.nodes.append(node)


def _id(data: Input) -> tuple[int, int]:
    return data.length(), data.length()


def read_stream(data: Input, kind: int) -> Stream:
    """A stream of type 15 or 19 (whose type byte was just read)."""
    value = Stream()
    for _ in range(data.length()):
        start = data.offset
        key = data.string()
        blob = data.string()
        if len(key) != 16:
            raise data.error("stream node key is not a 128-bit ID", start)
        try:
            elements = listpack.unpack(blob)
            if not elements:
                raise ValueError("empty listpack in a stream node")
            _read_node(value, struct_unpack(">QQ", key), elements)
        except ValueError as e:
            raise data.error(f"corrupt stream node: {e}", start) from None
    length = data.length()
    value.last_id = _id(data)
    if kind == TYPE_STREAM_LISTPACKS_2:
        _id(data)  # the first entry's ID: the model derives it
        value.max_deleted_entry_id = _id(data)
        value.entries_added = data.length()
    else:
        value.entries_added = length
    if length != len(value.entries):
        raise data.error(f"stream length {length} does not match its {len(value.entries)} entries")
    for _ in range(data.length()):
        _read_group(data, value, kind)
    return value


def _read_group(data: Input, value: Stream, kind: int) -> None:
    name = data.string()
    last_id = _id(data)
    if kind == TYPE_STREAM_LISTPACKS_2:
        entries_read = _signed(data.length())
    else:
        entries_read = value.estimate_read(last_id)
    group = value.groups[name] = ConsumerGroup(last_id, entries_read)
    for _ in range(data.length()):
        entry_id = struct_unpack(">QQ", data.read(16))
        delivery_time = struct_unpack("<q", data.read(8))[0]
        group.pel[entry_id] = PendingEntry(None, delivery_time, data.length())
    for _ in range(data.length()):
        consumer_name = data.string()
        consumer = group.consumers[consumer_name] = Consumer(consumer_name, struct_unpack("<q", data.read(8))[0])
        for _ in range(data.length()):
            start = data.offset
            entry_id = struct_unpack(">QQ", data.read(16))
            nack = group.pel.get(entry_id)
            if nack is None:
                raise data.error("consumer's pending entry is missing from its group's list", start)
            nack.consumer = consumer_name
            consumer.pel[entry_id] = nack
