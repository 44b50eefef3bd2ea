"""
The command table against redis-server 7.0.15, byte for byte: COMMAND INFO of
every registered command and subcommand, COMMAND, COMMAND LIST/COUNT, and
COMMAND GETKEYS/GETKEYSANDFLAGS for each key-spec shape, in RESP2 and RESP3.

Redis lists its command table (and a container's subcommands) in hash order,
which changes from one process to the next, so those lists are matched entry
by entry; a container's entry may lack the subcommands txredisd does not have.
"""

from __future__ import annotations

from twisted.trial.unittest import SynchronousTestCase

from tests._core import CoreServer
from tests._servers import reply_end, start_redis_server
from txredisd.core.commands import TABLE
from txredisd.core.commands._spec import CommandTable, KeySpec
from txredisd.core.commands.server import _command_info
from txredisd.resp.encode import encode


def _parts(reply: bytes) -> tuple[bytes, list[bytes]]:
    """An aggregate reply's header line and its elements (a map's keys and values alike), as raw bytes."""
    head_end = reply.index(b"\r\n") + 2
    count = int(reply[1 : head_end - 2]) * (2 if reply[:1] == b"%" else 1)
    elements, pos = [], head_end
    for _ in range(count):
        end = reply_end(reply, pos)
        elements.append(reply[pos:end])
        pos = end
    assert pos == len(reply), reply
    return reply[:head_end], elements


def _bulk_text(element: bytes) -> bytes:
    return _parts(b"*1\r\n" + element)[1][0].split(b"\r\n")[1]


def _entries(reply: bytes) -> dict[bytes, bytes]:
    """COMMAND's (or COMMAND INFO's) command entries by name."""
    return {_bulk_text(_parts(entry)[1][0]): entry for entry in _parts(reply)[1]}


def _names(reply: bytes) -> set[bytes]:
    """A flat array of bulk strings (COMMAND LIST) as a set."""
    return {_bulk_text(element) for element in _parts(reply)[1]}


def _split(line: str) -> list[str]:
    return line.split(" ")


class ReferenceTestCase(SynchronousTestCase):
    """A fresh redis-server per test, with a RESP2 and a RESP3 connection to it and to a core."""

    def setUp(self) -> None:
        server = start_redis_server()
        self.addCleanup(server.stop)
        self.theirs = {2: server.client(), 3: server.client()}
        for client in self.theirs.values():
            self.addCleanup(client.close)
        self.theirs[3].call("HELLO", "3")
        core = CoreServer()
        self.ours = {2: core.session(resp=2), 3: core.session(resp=3)}

    def both(self, resp: int, *args: str) -> tuple[bytes, bytes]:
        """(txredisd's reply, redis-server's reply) to one command."""
        return self.ours[resp].call(*args), self.theirs[resp].call(*args)

    def assertSameEntry(self, ours: bytes, theirs: bytes) -> None:
        """
        One COMMAND INFO entry: identical bytes, except that a container's
        subcommands may come in another order and only ours need be there.
        """
        head, fields = _parts(ours)
        their_head, their_fields = _parts(theirs)
        self.assertEqual((head, fields[:9]), (their_head, their_fields[:9]))
        subs, their_subs = fields[9], their_fields[9]
        self.assertEqual(subs[:1], their_subs[:1], fields[0])
        wanted = _entries(their_subs) if their_subs.startswith(b"*") else {}
        for name, entry in (_entries(subs) if subs.startswith(b"*") else {}).items():
            self.assertEqual(entry, wanted.get(name), name)


class CommandInfoTests(ReferenceTestCase):
    """COMMAND INFO and COMMAND describe each command exactly as Redis does."""

    def test_every_command_info(self) -> None:
        """COMMAND INFO of every registered command and subcommand matches, in RESP2 and RESP3."""
        for resp in (2, 3):
            for spec in TABLE.all_specs():
                ours, theirs = self.both(resp, "COMMAND", "INFO", spec.fullname)
                self.assertNotEqual(theirs, b"*1\r\n" + (b"_\r\n" if resp == 3 else b"*-1\r\n"), spec.fullname)
                if spec.subcommands:
                    self.assertSameEntry(_parts(ours)[1][0], _parts(theirs)[1][0])
                else:
                    self.assertEqual(ours, theirs, (resp, spec.fullname))

    def test_several_names(self) -> None:
        """Several names at once, unknown ones as nulls, in the order asked."""
        for resp in (2, 3):
            ours, theirs = self.both(resp, "COMMAND", "INFO", "get", "nosuch", "CONFIG|GET", "del", "config|nosuch")
            self.assertEqual(ours, theirs)

    def test_command_lists_ours_as_redis(self) -> None:
        """COMMAND's entry for each of our commands is Redis's entry for it."""
        for resp in (2, 3):
            ours, theirs = (_entries(reply) for reply in self.both(resp, "COMMAND"))
            self.assertEqual(set(ours), {spec.name.encode() for spec in TABLE.commands.values()})
            self.assertLessEqual(set(ours), set(theirs))
            for name, entry in ours.items():
                self.assertSameEntry(entry, theirs[name])

    def test_count(self) -> None:
        """COMMAND COUNT counts what COMMAND lists: top-level commands only."""
        for client in (self.ours[2], self.theirs[2]):
            count = client.call("COMMAND", "COUNT")
            self.assertEqual(count, b":%d\r\n" % len(_parts(client.call("COMMAND"))[1]))


class CommandListTests(ReferenceTestCase):
    """COMMAND LIST names the same commands and subcommands, with and without filters."""

    def assertSameList(self, *filters: str) -> None:
        ours, theirs = (_names(reply) for reply in self.both(2, "COMMAND", "LIST", *filters))
        registered = {spec.fullname.encode() for spec in TABLE.all_specs()}
        self.assertEqual(ours, theirs & registered, filters)

    def test_all(self) -> None:
        """Unfiltered: every registered command and subcommand, and Redis knows them all."""
        ours, theirs = (_names(reply) for reply in self.both(2, "COMMAND", "LIST"))
        self.assertEqual(ours, {spec.fullname.encode() for spec in TABLE.all_specs()})
        self.assertLessEqual(ours, theirs)

    def test_by_category(self) -> None:
        """FILTERBY ACLCAT, for every category any of our commands is in."""
        for category in sorted({name for spec in TABLE.all_specs() for name in spec.acl_categories()}):
            self.assertSameList("FILTERBY", "ACLCAT", category)

    def test_by_pattern(self) -> None:
        """FILTERBY PATTERN matches full names, without regard to case."""
        for pattern in ("*", "get*", "client|*", "C?NFIG|*", "*|help", "*e*t"):
            self.assertSameList("FILTERBY", "PATTERN", pattern)


#: Command lines for GETKEYS, by key-spec shape.
GETKEYS_LINES = (
    # One key at a fixed place; a subcommand's key after the subcommand.
    "GET k", "get K", "TYPE k", "GETEX k PERSIST", "SETNX k v", "OBJECT ENCODING k", "MEMORY USAGE k SAMPLES 5",
    # Every key to the end, every other argument, too few arguments for the last pair.
    "MGET a b c", "DEL a b c", "EXISTS a a", "MSET a 1 b 2", "MSET a 1 b", "MSETNX a 1 b 2",
    # Two specs with different flags.
    "RENAME a b", "RENAMENX a b", "COPY a b DB 1 REPLACE", "BITOP AND d a b c", "BITOP NOT d a", "LCS a b IDX",
    # Variable flags: what this very line does.
    "SET a b", "SET a b GET", "SET a GET b", "SET a b EX 10 get", "SET get get get",
    "BITFIELD k", "BITFIELD k GET u8 0", "BITFIELD k get i8 0 overflow sat", "BITFIELD k SET u8 0 1",
    "BITFIELD k GET u8", "BITFIELD k GET u8 0 INCRBY u8 0 1", "BITFIELD k FOO", "BITFIELD_RO k GET u8 0",
    # Errors, in Redis's order of checks.
    "NOSUCH a", "CLIENT nosuch", "PING x", "ECHO x", "CONFIG GET x", "GET", "GET a b", "SET a", "OBJECT ENCODING",
)


class GetKeysTests(ReferenceTestCase):
    """COMMAND GETKEYS and GETKEYSANDFLAGS find the same keys, with the same flags."""

    def test_getkeys(self) -> None:
        """Keys of each shape, in RESP2 and RESP3."""
        for subcommand in ("GETKEYS", "GETKEYSANDFLAGS"):
            for resp in (2, 3):
                for line in GETKEYS_LINES:
                    ours, theirs = self.both(resp, "COMMAND", subcommand, *_split(line))
                    self.assertEqual(ours, theirs, (subcommand, resp, line))


def _unused(session, argv):
    raise AssertionError("never run")


def _migrate_keys(argv: list[bytes]) -> list[int]:
    """MIGRATE's own key finder: the KEYS list when there is one, else the single key."""
    upper = [arg.upper() for arg in argv]
    return list(range(upper.index(b"KEYS") + 1, len(argv))) if b"KEYS" in upper[6:] else [3]


_SORT_BY_NOTES = (
    "For the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content of the "
    "key we sort"
)

#: Commands txredisd does not have yet, declared here as Redis declares them, for the
#: key-spec shapes no registered command uses: keyword searches, key counts, unknown
#: and incomplete specs, and the movablekeys flag and legacy range they imply.
SHAPES = CommandTable()
SHAPES.command("zunionstore", -4, "write denyoom", group="sorted_set",
               key_specs=[KeySpec("OW update", 1), KeySpec("RO access", 2, keynum=(0, 1, 1))])(_unused)
SHAPES.command("xread", -4, "readonly blocking", group="stream",
               key_specs=[KeySpec("RO access", keyword="STREAMS", startfrom=1, lastkey=-1, limit=2)])(_unused)
SHAPES.command("migrate", -6, "write", categories=("dangerous",), tips=("nondeterministic_output",),
               key_finder=_migrate_keys,
               key_specs=[KeySpec("RW access delete", 3),
                          KeySpec("RW access delete incomplete", keyword="KEYS", startfrom=-2, lastkey=-1)])(_unused)
SHAPES.command("eval", -3, "noscript stale skip_monitor may_replicate no_mandatory_keys", group="scripting",
               key_specs=[KeySpec("RW access update", 2, keynum=(0, 1, 1),
                                  notes="We cannot tell how the keys will be used so we assume the worst, RW and UPDATE")
                          ])(_unused)
SHAPES.command("georadius", -6, "write denyoom", group="geo",
               key_specs=[KeySpec("RO access", 1), KeySpec("OW update", keyword="STORE", startfrom=6),
                          KeySpec("OW update", keyword="STOREDIST", startfrom=6)])(_unused)
SHAPES.command("sort_ro", -2, "readonly", group="list", categories=("set", "sortedset", "dangerous"),
               key_specs=[KeySpec("RO access", 1), KeySpec("RO access", notes=_SORT_BY_NOTES)])(_unused)

#: Command lines of those commands, with the keys Redis finds (an error: none).
SHAPE_LINES = (
    "ZUNIONSTORE d 2 a b WEIGHTS 1 2", "ZUNIONSTORE d 1 a b", "ZUNIONSTORE d 3 a b", "ZUNIONSTORE d -1 a b",
    "ZUNIONSTORE d x a", "XREAD STREAMS a b 1 2", "XREAD COUNT 2 BLOCK 0 STREAMS a 1", "XREAD COUNT 2 streams a",
    # (Two spaces: an empty argument, MIGRATE's key when a KEYS list follows.)
    "XREAD STREAMS a b c", "MIGRATE h p k 0 5", "MIGRATE h p  0 5 KEYS a b", "MIGRATE h p k 0 5 COPY",
    "EVAL s 2 a b c", "EVAL s 5 a", "EVAL s x a", "GEORADIUS k 1 2 3 m STORE d",
    "GEORADIUS k 1 2 3 m STOREDIST d2 STORE d", "GEORADIUS k 1 2 3 m WITHDIST STORE",
)


class KeySpecShapeTests(ReferenceTestCase):
    """Keyword, key-count, unknown and incomplete specs render and find keys as Redis's do."""

    def test_rendering(self) -> None:
        """COMMAND INFO's entry, legacy range and movablekeys included, in RESP2 and RESP3."""
        for resp in (2, 3):
            for spec in SHAPES.all_specs():
                _, theirs = self.both(resp, "COMMAND", "INFO", spec.name)
                self.assertEqual(b"*1\r\n" + encode(_command_info(spec), resp), theirs, (resp, spec.name))

    def test_key_positions(self) -> None:
        """The keys found in each line are those COMMAND GETKEYS lists (none where it fails)."""
        for line in SHAPE_LINES:
            argv = [arg.encode() for arg in _split(line)]
            spec = SHAPES.lookup(argv)
            theirs = self.theirs[2].call("COMMAND", "GETKEYS", *argv)
            expected = [] if theirs.startswith(b"-") else [_bulk_text(key) for key in _parts(theirs)[1]]
            self.assertEqual([argv[i] for i in spec.key_positions(argv)], expected, line)
