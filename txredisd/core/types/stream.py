"""
The stream value (Redis 7.0's "stream" type), in a shape an RDB codec can
walk attribute by attribute.

IDs are C{(ms, seq)} tuples of unsigned 64-bit integers, compared as tuples.

L{Stream} attributes:
  - C{entries}: C{SortedDict} (ID -> tuple of the entry's field/value strings,
    C{(f1, v1, f2, v2, ...)}), ordered by ID; only live entries.
  - C{last_id}: the greatest ID ever added (or set by XSETID); C{(0, 0)} at first.
  - C{entries_added}: how many entries were ever added (XADD count, or XSETID's ENTRIESADDED).
  - C{max_deleted_entry_id}: the greatest ID removed by XDEL (C{(0, 0)}: none).
  - C{first_id} (property): the first live entry's ID, C{(0, 0)} when empty;
    Redis's "recorded-first-entry-id".
  - C{nodes}: a list of L{Node}, Redis's radix-tree nodes (listpacks) told apart
    by their shape only (master ID, last ID, live/deleted counts, master fields,
    byte size): XADD/XTRIM's C{~} trimming removes whole nodes and XINFO reports
    their number, so both must cut where Redis cuts. An RDB writer can cut its
    listpacks along them; a reader should set C{fields} and C{size} from the
    listpack it read (size = its bytes less its two counters' elements).
  - C{groups}: dict name -> L{ConsumerGroup} (listed in name order, as Redis's rax).

L{ConsumerGroup}: C{last_id} (last delivered ID), C{entries_read} (-1: unknown),
C{pel} (SortedDict ID -> L{PendingEntry}), C{consumers} (dict name -> L{Consumer}).

L{PendingEntry} (a NACK): C{consumer} (the owning consumer's name),
C{delivery_time} (ms, server clock), C{delivery_count}. The same object sits in
the group's PEL and in its consumer's PEL.

L{Consumer}: C{name}, C{seen_time} (ms), C{pel} (SortedDict ID -> L{PendingEntry}).
"""

from __future__ import annotations

from bisect import bisect_right

from sortedcontainers import SortedDict

from txredisd.core.types import register
from txredisd.resp.request import string2ll

StreamID = tuple[int, int]

U64_MAX = 2**64 - 1
ZERO_ID: StreamID = (0, 0)
MAX_ID: StreamID = (U64_MAX, U64_MAX)
#: Redis's cap on a stream listpack, whatever stream-node-max-bytes says.
_LISTPACK_MAX = 1 << 30


def format_id(stream_id: StreamID) -> bytes:
    return b"%d-%d" % stream_id


class Node:
    """
    One radix-tree node (a listpack in Redis): where it starts, its last ID
    (deleted entries included), its live and deleted counts, its master
    fields, and C{size}: the listpack's bytes less its two counters, so that
    XADD opens a new node exactly when Redis would (C{stream-node-max-bytes}).
    """

    __slots__ = ("deleted", "fields", "last", "live", "master", "size")

    def __init__(self, master: StreamID, fields: tuple[bytes, ...] = ()) -> None:
        self.master = master
        self.last = master
        self.live = 0
        self.deleted = 0
        self.fields = fields
        # Header and end byte, then the master entry: field count, fields, terminating 0.
        self.size = 7 + _int_size(len(fields)) + sum(map(_element_size, fields)) + _int_size(0)

    def copy(self) -> Node:
        other = Node(self.master, self.fields)
        other.last, other.live, other.deleted, other.size = self.last, self.live, self.deleted, self.size
        return other

    def listpack_bytes(self) -> int:
        return self.size + _int_size(self.live) + _int_size(self.deleted)

    def add(self, entry_id: StreamID, fields: tuple[bytes, ...]) -> None:
        """Account for one more entry (its flags, ID deltas, fields unless the master's, values, count)."""
        names, values = fields[0::2], fields[1::2]
        same = names == self.fields
        ms_delta = _signed(entry_id[0] - self.master[0])
        seq_delta = _signed(entry_id[1] - self.master[1])
        size = _int_size(2 if same else 0) + _int_size(ms_delta) + _int_size(seq_delta)
        if same:
            size += sum(map(_element_size, values)) + _int_size(len(names) + 3)
        else:
            size += _int_size(len(names)) + sum(map(_element_size, fields)) + _int_size(2 * len(names) + 4)
        self.size += size
        self.last = entry_id
        self.live += 1


def _signed(delta: int) -> int:
    """A 64-bit difference as the int64 Redis stores."""
    return (delta + 2**63) % 2**64 - 2**63


def _int_size(value: int) -> int:
    """Bytes of an integer listpack element, its back-length byte included."""
    if 0 <= value <= 127:
        return 2
    if -4096 <= value <= 4095:
        return 3
    if -32768 <= value <= 32767:
        return 4
    if -8388608 <= value <= 8388607:
        return 5
    if -(2**31) <= value < 2**31:
        return 6
    return 10


def _element_size(item: bytes) -> int:
    """Bytes of a listpack element holding C{item} (stored as an integer when it reads as one)."""
    number = string2ll(item) if len(item) <= 20 else None
    if number is not None:
        return _int_size(number)
    length = len(item)
    encoded = length + (1 if length < 64 else 2 if length < 4096 else 5)
    if encoded <= 127:
        return encoded + 1
    if encoded < 16383:
        return encoded + 2
    if encoded < 2097151:
        return encoded + 3
    return encoded + (4 if encoded < 268435455 else 5)


class PendingEntry:
    """An entry delivered to a consumer and not yet acknowledged."""

    __slots__ = ("consumer", "delivery_count", "delivery_time")

    def __init__(self, consumer: bytes | None, delivery_time: int, delivery_count: int = 1) -> None:
        self.consumer = consumer
        self.delivery_time = delivery_time
        self.delivery_count = delivery_count


class Consumer:
    __slots__ = ("name", "pel", "seen_time")

    def __init__(self, name: bytes, seen_time: int) -> None:
        self.name = name
        self.seen_time = seen_time
        self.pel: SortedDict = SortedDict()


class ConsumerGroup:
    __slots__ = ("consumers", "entries_read", "last_id", "pel")

    def __init__(self, last_id: StreamID, entries_read: int) -> None:
        self.last_id = last_id
        self.entries_read = entries_read
        self.pel: SortedDict = SortedDict()
        self.consumers: dict[bytes, Consumer] = {}

    def consumer(self, name: bytes, now_ms: int) -> tuple[Consumer, bool]:
        """The consumer called C{name}, created if missing; and whether it was created."""
        found = self.consumers.get(name)
        if found is not None:
            return found, False
        found = self.consumers[name] = Consumer(name, now_ms)
        return found, True

    def deliver(self, entry_id: StreamID, consumer: Consumer, now_ms: int) -> PendingEntry:
        """Record a first delivery of C{entry_id} to C{consumer} (taking it from another one)."""
        nack = self.pel.get(entry_id)
        if nack is None:
            nack = self.pel[entry_id] = PendingEntry(consumer.name, now_ms)
        else:
            self.consumers[nack.consumer].pel.pop(entry_id, None)
            nack.consumer, nack.delivery_time, nack.delivery_count = consumer.name, now_ms, 1
        consumer.pel[entry_id] = nack
        return nack

    def move(self, entry_id: StreamID, nack: PendingEntry, consumer: Consumer) -> None:
        """Hand a pending entry to C{consumer}."""
        if nack.consumer != consumer.name:
            if nack.consumer is not None:
                self.consumers[nack.consumer].pel.pop(entry_id, None)
            nack.consumer = consumer.name
            consumer.pel[entry_id] = nack

    def forget(self, entry_id: StreamID) -> bool:
        """Drop C{entry_id} from both PELs (XACK, claims of deleted entries)."""
        nack = self.pel.pop(entry_id, None)
        if nack is None:
            return False
        self.consumers[nack.consumer].pel.pop(entry_id, None)
        return True

    def copy(self) -> ConsumerGroup:
        other = ConsumerGroup(self.last_id, self.entries_read)
        nacks = {}
        for entry_id, nack in self.pel.items():
            nacks[entry_id] = PendingEntry(nack.consumer, nack.delivery_time, nack.delivery_count)
        other.pel = SortedDict(nacks)
        for name, consumer in self.consumers.items():
            twin = other.consumers[name] = Consumer(name, consumer.seen_time)
            twin.pel = SortedDict({entry_id: nacks[entry_id] for entry_id in consumer.pel})
        return other


class Stream:
    """A stream: entries, ID bookkeeping, node shape and consumer groups (see the module docstring)."""

    __slots__ = ("entries", "entries_added", "groups", "last_id", "max_deleted_entry_id", "nodes")

    def __init__(self) -> None:
        self.entries: SortedDict = SortedDict()
        self.last_id: StreamID = ZERO_ID
        self.entries_added = 0
        self.max_deleted_entry_id: StreamID = ZERO_ID
        self.nodes: list[Node] = []
        self.groups: dict[bytes, ConsumerGroup] = {}

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def first_id(self) -> StreamID:
        entries = self.entries
        return entries.peekitem(0)[0] if entries else ZERO_ID

    def copy(self) -> Stream:
        other = Stream()
        other.entries = SortedDict(self.entries)  # the field tuples are immutable
        other.last_id = self.last_id
        other.entries_added = self.entries_added
        other.max_deleted_entry_id = self.max_deleted_entry_id
        other.nodes = [node.copy() for node in self.nodes]
        other.groups = {name: group.copy() for name, group in self.groups.items()}
        return other

    # -- adding and removing entries -------------------------------------------------

    def append(self, entry_id: StreamID, fields: tuple[bytes, ...], max_entries: int, max_bytes: int) -> None:
        """Add an entry above C{last_id}, opening a new node when the tail one is full (Redis's two limits)."""
        nodes = self.nodes
        tail = nodes[-1] if nodes else None
        if tail is not None:
            if not 0 < max_bytes <= _LISTPACK_MAX:
                max_bytes = _LISTPACK_MAX
            if tail.listpack_bytes() + sum(map(len, fields)) >= max_bytes or (
                max_entries and tail.live + tail.deleted >= max_entries
            ):
                tail = None
        if tail is None:
            tail = Node(entry_id, fields[0::2])
            nodes.append(tail)
        tail.add(entry_id, fields)
        self.entries[entry_id] = fields
        self.last_id = entry_id
        self.entries_added += 1

    def _node_index(self, entry_id: StreamID) -> int:
        return bisect_right(self.nodes, entry_id, key=lambda node: node.master) - 1

    def delete(self, entry_id: StreamID) -> bool:
        """Remove one live entry (XDEL); a node left without live entries goes too."""
        if self.entries.pop(entry_id, None) is None:
            return False
        index = self._node_index(entry_id)
        node = self.nodes[index]
        if node.live == 1:
            del self.nodes[index]
        else:
            node.live -= 1
            node.deleted += 1
        return True

    def trim(self, maxlen: int | None, minid: StreamID | None, approx: bool, limit: int) -> int:
        """
        XTRIM/XADD trimming, node by node from the head as Redis does: whole
        nodes go while they can; with C{approx} that is all, otherwise entries
        of the next node are removed one by one. C{limit} (0: none) caps the work.
        """
        entries, nodes = self.entries, self.nodes
        removed = 0
        while nodes:
            if maxlen is not None and len(entries) <= maxlen:
                break
            node = nodes[0]
            if limit and removed + node.live > limit:
                break
            if maxlen is not None:
                whole = len(entries) - node.live >= maxlen
            else:
                whole = node.last < minid
            if whole:
                for _ in range(node.live):
                    entries.popitem(0)
                removed += node.live
                del nodes[0]
                continue
            if approx:
                break
            while entries:
                entry_id = entries.peekitem(0)[0]
                if entry_id > node.last:
                    break
                if (len(entries) <= maxlen) if maxlen is not None else (entry_id >= minid):
                    break
                del entries[entry_id]
                node.live -= 1
                node.deleted += 1
                removed += 1
            break
        return removed

    # -- reading -------------------------------------------------------------------

    def range(self, start: StreamID, end: StreamID, count: int = 0, reverse: bool = False):
        """(ID, fields) pairs with C{start <= ID <= end}, at most C{count} (0: all)."""
        if start > end:
            return []
        ids = self.entries.irange(start, end, reverse=reverse)
        entries = self.entries
        out = []
        for entry_id in ids:
            out.append((entry_id, entries[entry_id]))
            if len(out) == count:
                break
        return out

    def has_tombstones(self, start: StreamID) -> bool:
        """Whether an XDEL since C{start} may have left a hole (Redis's streamRangeHasTombstones)."""
        deleted = self.max_deleted_entry_id
        if not self.entries or deleted == ZERO_ID or self.first_id > deleted:
            return False
        return start <= deleted

    def estimate_read(self, entry_id: StreamID) -> int:
        """How many entries come up to C{entry_id} (its logical counter), -1 when unknowable."""
        if not self.entries_added:
            return 0
        if not self.entries and entry_id <= self.last_id:
            return self.entries_added
        if entry_id == self.last_id:
            return self.entries_added
        if entry_id > self.last_id:
            return -1
        first = self.first_id
        deleted = self.max_deleted_entry_id
        if deleted == ZERO_ID or deleted < first:
            if entry_id < first:
                return self.entries_added - len(self.entries)
            if entry_id == first:
                return self.entries_added - len(self.entries) + 1
        return -1

    def lag(self, group: ConsumerGroup) -> int | None:
        """XINFO's lag of a group: entries not yet read by it, None when unknowable."""
        if not self.entries_added:
            return 0
        if group.entries_read != -1 and not self.has_tombstones(group.last_id):
            return self.entries_added - group.entries_read
        read = self.estimate_read(group.last_id)
        return None if read == -1 else self.entries_added - read

    def radix_tree_nodes(self) -> int:
        """The node count of Redis's radix tree holding these nodes' keys (128-bit big-endian IDs)."""
        keys = [b"%016x%016x" % node.master for node in self.nodes]
        return _rax_nodes([bytes.fromhex(key.decode()) for key in keys], 0) if keys else 1


def _rax_nodes(keys: list[bytes], depth: int) -> int:
    """Nodes of a compressed radix tree over sorted, distinct, equal-length C{keys} below C{depth}."""
    first = keys[0]
    if depth == len(first):
        return 1
    last = keys[-1]
    if first[depth] != last[depth]:
        total, start = 1, 0
        for i in range(1, len(keys) + 1):
            if i == len(keys) or keys[i][depth] != keys[start][depth]:
                total += _rax_nodes(keys[start:i], depth + 1)
                start = i
        return total
    common = depth
    while common < len(first) and first[common] == last[common]:
        common += 1
    return 1 + _rax_nodes(keys, common)


def _encoding(value: Stream) -> bytes:
    return b"stream"


register(Stream, b"stream", _encoding)
