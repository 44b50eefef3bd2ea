"""
HyperLogLog against a real redis-server 7.0, byte for byte: the same commands
go to a fresh redis-server and to a txredisd core, and every reply (GET of the
HLL strings included) must be identical. HLL strings also travel between the
two (GET from one, SET into the other) and must keep evolving identically.
"""

from __future__ import annotations

import random

from twisted.trial.unittest import SynchronousTestCase

from tests._core import CoreServer
from tests._servers import start_redis_server
from txredisd.core import hyperloglog as hll

_HEADER_SPARSE = b"HYLL\x01\x00\x00\x00"


def _elements(rnd: random.Random, count: int, tag: str = "") -> list[bytes]:
    """Distinct-ish elements of varied lengths (every hash tail length) and some binary ones."""
    out = []
    for i in range(count):
        if rnd.random() < 0.2:
            out.append(rnd.randbytes(rnd.randrange(0, 24)))
        else:
            out.append(f"{tag}{i}-{rnd.randrange(10**9)}".encode())
    return out


def _dense_with(values: bytes, card: bytes = b"\x00" * 7 + b"\x80") -> bytes:
    """A dense HLL string holding the given 16384 register values."""
    return b"HYLL\x00\x00\x00\x00" + card + hll.pack_registers(values)


def _element_hashing_to(target: int) -> bytes:
    """The 8-byte element whose MurmurHash64A is C{target} (every step of the hash can be undone)."""
    mask, m = (1 << 64) - 1, 0xC6A4A7935BD1E995
    m_inverse = pow(m, -1, 1 << 64)

    def unshift(x: int) -> int:
        return x ^ (x >> 47)

    after_blocks = unshift(unshift(target) * m_inverse & mask)
    mixed = (after_blocks * m_inverse & mask) ^ (hll.SEED ^ (8 * m & mask))
    return (unshift(mixed * m_inverse & mask) * m_inverse & mask).to_bytes(8, "little")


class ReferenceCase(SynchronousTestCase):
    """A fresh redis-server and a fresh core per test; C{both} sends a command to each."""

    config: dict[str, str] = {}

    def setUp(self) -> None:
        server = start_redis_server(*[arg for name, value in self.config.items() for arg in (f"--{name}", value)])
        self.addCleanup(server.stop)
        self.redis = server.client(timeout=30)
        self.addCleanup(self.redis.close)
        self.core = CoreServer(**{name.replace("-", "_"): value for name, value in self.config.items()}).session()

    def both(self, *args: bytes | str | int) -> bytes:
        """Run a command on both servers; the replies must be the same bytes."""
        theirs = self.redis.call(*args)
        ours = self.core.call(*args)
        self.assertEqual(ours, theirs, args)
        return theirs

    def many(self, commands: list[tuple]) -> list[bytes]:
        """Pipelined to redis-server; each reply must equal the core's."""
        for args in commands:
            self.redis.send_command(*args)
        replies = [self.redis.read_reply() for _ in commands]
        for args, theirs in zip(commands, replies, strict=True):
            self.assertEqual(self.core.call(*args), theirs, args[:3])
        return replies

    def add_all(self, key: bytes, elements: list[bytes], batch: int, get_each: bool = False) -> None:
        """PFADD in batches (GET after each when asked), then GET and PFCOUNT twice (fresh, then cached)."""
        commands = []
        for i in range(0, len(elements), batch):
            commands.append(("PFADD", key, *elements[i : i + batch]))
            if get_each:
                commands.append(("GET", key))
        commands += [("GET", key), ("PFCOUNT", key), ("GET", key), ("PFCOUNT", key)]
        self.many(commands)


class AddTests(ReferenceCase):
    """PFADD builds the very same strings as Redis."""

    def test_empty(self):
        """PFADD with no elements creates an empty sparse HLL (cache marked stale); a second does nothing."""
        self.assertEqual(self.both("PFADD", "k"), b":1\r\n")
        self.assertEqual(self.both("GET", "k"), b"$18\r\n" + _HEADER_SPARSE + b"\0" * 7 + b"\x80\x7f\xff\r\n")
        self.assertEqual(self.both("PFADD", "k"), b":0\r\n")
        self.assertEqual(self.both("PFCOUNT", "k"), b":0\r\n")
        self.both("GET", "k")
        self.both("OBJECT", "ENCODING", "k")
        self.both("TYPE", "k")

    def test_return_values(self):
        """1 when a register changed, 0 when none did (the same element again)."""
        self.both("PFADD", "k", "a", "b", "c")
        self.assertEqual(self.both("PFADD", "k", "a", "b", "c"), b":0\r\n")
        self.both("PFADD", "k", "a", "d")
        self.both("GET", "k")

    def test_many_random_cases(self):
        """Hundreds of HLLs of every size up to past the dense promotion, in batches of 1 to 100."""
        rnd = random.Random(4)
        for case in range(240):
            size = rnd.choice([1, 2, 3, 5, 10, 30, 100, 250, 500, 1000, 1500, 2000, 3500])
            batch = rnd.choice([1, 7]) if size <= 250 else rnd.choice([20, 100])
            self.add_all(b"k%d" % case, _elements(rnd, size, f"c{case}-"), batch)

    def test_promotion_step_by_step(self):
        """Around the sparse -> dense promotion (3000 bytes) every intermediate string is equal."""
        rnd = random.Random(7)
        for case in range(3):
            self.add_all(b"k%d" % case, _elements(rnd, 2200, f"p{case}-"), 1, get_each=True)
            self.both("PFDEBUG", "ENCODING", b"k%d" % case)

    def test_large(self):
        """100k elements: dense string and estimate equal."""
        rnd = random.Random(100)
        self.add_all(b"big", _elements(rnd, 100_000), 1000)
        self.both("PFDEBUG", "ENCODING", "big")

    def test_register_value_above_32_promotes(self):
        """A register value a VAL opcode cannot hold makes the HLL dense at once."""
        element = _element_hashing_to(3 | 1 << 60)
        self.assertEqual(hll.pattern(element), (3, 47))
        self.both("PFADD", "k", "a", "b")
        self.assertEqual(self.both("PFDEBUG", "ENCODING", "k"), b"+sparse\r\n")
        self.both("PFADD", "k", element)
        self.assertEqual(self.both("PFDEBUG", "ENCODING", "k"), b"+dense\r\n")
        self.both("GET", "k")
        self.both("PFCOUNT", "k")

    def test_keeps_ttl(self):
        """PFADD and PFCOUNT rewrite the string in place: the TTL stays."""
        self.both("PFADD", "k", "a")
        self.both("EXPIRE", "k", "100")
        self.both("PFADD", "k", "b")
        self.both("PFCOUNT", "k")
        self.both("TTL", "k")


class SmallSparseLimitTests(ReferenceCase):
    """hll-sparse-max-bytes read at each write, as in Redis."""

    config = {"hll-sparse-max-bytes": "200"}

    def test_low_limit(self):
        """With a 200-byte limit the promotion comes early; strings equal throughout."""
        rnd = random.Random(3)
        self.add_all(b"k", _elements(rnd, 150), 1, get_each=True)

    def test_limit_changed_at_runtime(self):
        """CONFIG SET takes effect for the next PFADD."""
        rnd = random.Random(5)
        self.add_all(b"k", _elements(rnd, 60), 1)
        self.both("CONFIG", "SET", "hll-sparse-max-bytes", "0")
        self.add_all(b"k", _elements(rnd, 3), 1, get_each=True)
        self.both("PFDEBUG", "ENCODING", "k")


class CountTests(ReferenceCase):
    """PFCOUNT: cached cardinality, unions, edge estimates."""

    def test_cache_written(self):
        """A single-key PFCOUNT stores the estimate in the header; the next one reads it."""
        rnd = random.Random(11)
        self.both("PFADD", "k", *_elements(rnd, 300))
        self.both("PFCOUNT", "k")
        reply = self.both("GET", "k")
        self.assertEqual(reply[5 + 4 + 15] & 0x80, 0)
        self.both("PFCOUNT", "k")
        self.both("PFCOUNT", "missing")

    def test_union(self):
        """PFCOUNT of several keys merges into a temporary: sparse and dense mixed, missing keys empty."""
        rnd = random.Random(12)
        self.both("PFADD", "a", *_elements(rnd, 100, "a"))
        self.both("PFADD", "b", *_elements(rnd, 5000, "b"))
        self.both("PFADD", "c", *_elements(rnd, 700, "a"))
        self.both("PFCOUNT", "a", "b", "c", "missing")
        self.both("PFCOUNT", "a", "c")
        self.both("PFCOUNT", "missing", "missing2")
        self.both("GET", "a")

    def test_crafted_registers(self):
        """Odd register histograms (all at 51, all at 63, a few at 52) estimate as Redis does."""
        for name, values in [
            ("all51", bytes([51]) * hll.REGISTERS),
            ("all63", bytes([63]) * hll.REGISTERS),
            ("all50", bytes([50]) * hll.REGISTERS),
            ("all40", bytes([40]) * hll.REGISTERS),
            ("mixed", bytes([52, 0, 7, 51]) * (hll.REGISTERS // 4)),
            ("one", b"\x01" + bytes(hll.REGISTERS - 1)),
        ]:
            self.both("SET", name, _dense_with(values))
            self.both("PFCOUNT", name)
            self.both("GET", name)
            self.both("PFCOUNT", name, "one")

    def test_valid_cache_is_trusted(self):
        """A valid cached value is returned as it is, whatever the registers say."""
        self.both("SET", "k", _dense_with(bytes(hll.REGISTERS), card=(12345).to_bytes(8, "little")))
        self.assertEqual(self.both("PFCOUNT", "k"), b":12345\r\n")


class TransferTests(ReferenceCase):
    """Strings made by one server keep evolving identically in the other."""

    def _swap(self, key: bytes, from_redis: bool) -> None:
        """Copy one server's string for C{key} into both (SET), so both continue from the same bytes."""
        source = self.redis.call if from_redis else self.core.call
        reply = source("GET", key)
        value = reply[reply.index(b"\r\n") + 2 : -2]
        self.assertEqual(self.both("SET", key, value), b"+OK\r\n")

    def test_redis_to_txredisd_and_back(self):
        """Sparse and dense strings from either side, then more PFADD/PFCOUNT/PFMERGE on both."""
        rnd = random.Random(21)
        for case, size in enumerate([0, 10, 900, 1900, 20000]):
            key = b"k%d" % case
            self.both("PFADD", key, *_elements(rnd, size))
            for from_redis in (True, False):
                self._swap(key, from_redis)
                self.add_all(key, _elements(rnd, 50), 5)
        self.both("PFMERGE", "all", "k0", "k1", "k2", "k3", "k4")
        self.both("GET", "all")
        self.both("PFCOUNT", "all")


class MergeTests(ReferenceCase):
    """PFMERGE: 7.0 creates a missing destination; the result's encoding and bytes are Redis's."""

    def test_sparse_sources_make_sparse_result(self):
        """Only sparse inputs: registers written one by one in order into a sparse destination."""
        rnd = random.Random(31)
        for case in range(30):
            sources = [b"s%d-%d" % (case, i) for i in range(rnd.randrange(1, 4))]
            for source in sources:
                self.both("PFADD", source, *_elements(rnd, rnd.choice([1, 20, 200, 600, 1200])))
            dest = b"d%d" % case
            if rnd.random() < 0.5:
                self.both("PFADD", dest, *_elements(rnd, rnd.choice([0, 5, 300])))
            self.both("PFMERGE", dest, *sources)
            self.both("GET", dest)
            self.both("PFDEBUG", "ENCODING", dest)
            self.both("PFCOUNT", dest)

    def test_dense_source_makes_dense_result(self):
        """One dense input makes the destination dense; its header (cache) is kept and marked stale."""
        rnd = random.Random(32)
        self.both("PFADD", "dense", *_elements(rnd, 4000))
        self.both("PFADD", "sparse", *_elements(rnd, 30))
        self.both("PFCOUNT", "sparse")
        self.both("PFMERGE", "sparse", "dense")
        self.both("GET", "sparse")
        self.both("PFMERGE", "new", "dense", "missing")
        self.both("GET", "new")

    def test_only_destination(self):
        """PFMERGE dest alone: creates an empty HLL, or rewrites an existing one with its cache stale."""
        self.both("PFMERGE", "d")
        self.both("GET", "d")
        self.both("PFADD", "e", "x", "y")
        self.both("PFCOUNT", "e")
        self.both("PFMERGE", "e")
        self.both("GET", "e")
        self.both("PFMERGE", "d", "nothing")
        self.both("GET", "d")


class ErrorTests(ReferenceCase):
    """Error replies, and corrupted strings."""

    def test_wrong_types(self):
        """Other types get the usual WRONGTYPE; strings that are not HLLs get the HLL one."""
        self.both("LPUSH", "list", "a")
        self.both("SET", "str", "hello")
        self.both("SET", "int", "12345678901234567890")
        self.both("SET", "short", "HYLL")
        self.both("SET", "badenc", b"HYLL\x02" + bytes(11))
        self.both("SET", "badsize", b"HYLL\x00" + bytes(11) + b"\x00" * 10)
        for key in ("list", "str", "int", "short", "badenc", "badsize"):
            self.both("PFADD", key, "a")
            self.both("PFCOUNT", key)
            self.both("PFCOUNT", "missing", key)
            self.both("PFMERGE", "dest", key)
            self.both("PFMERGE", key)
            self.both("PFDEBUG", "GETREG", key)
        self.both("EXISTS", "dest")

    def test_arity(self):
        """Arity errors as Redis words them."""
        for args in (("PFADD",), ("PFCOUNT",), ("PFMERGE",), ("PFDEBUG", "GETREG"), ("PFDEBUG", "GETREG", "k", "x"),
                     ("PFSELFTEST", "x")):
            self.both(*args)

    def test_corrupted_sparse(self):
        """Runs that do not add up to 16384 registers: INVALIDOBJ where Redis detects it, cache trusted elsewhere."""
        cases = {
            "short": b"\x7f\xfe",  # XZERO 16383
            "empty": b"",
            "long": b"\x7f\xff\x80",  # XZERO 16384 + VAL 1
            "over": b"\x7f\xfe\x81\x00",  # XZERO 16383 + VAL 1x2 + ZERO 1
            "truncated": b"\x7f",  # an XZERO missing its second byte
        }
        for name, body in cases.items():
            for stale in (b"\x00", b"\x80"):
                key = name + stale.hex()
                self.both("SET", key, _HEADER_SPARSE + b"\0" * 7 + stale + body)
                self.both("PFCOUNT", key)
                self.both("PFCOUNT", key, "missing")
                self.both("PFMERGE", "d" + key, key)
                self.both("PFADD", key, "a", "b", "c")
                self.both("GET", key)
                self.both("PFDEBUG", "DECODE", key)
                self.both("PFDEBUG", "TODENSE", key)
                self.both("GET", key)

    def test_selftest(self):
        """PFSELFTEST passes."""
        self.assertEqual(self.both("PFSELFTEST"), b"+OK\r\n")


class DebugTests(ReferenceCase):
    """PFDEBUG GETREG / DECODE / ENCODING / TODENSE."""

    def test_subcommands(self):
        """Each subcommand on sparse and dense values, and its errors."""
        rnd = random.Random(41)
        self.both("PFADD", "k", *_elements(rnd, 40))
        self.both("PFDEBUG", "DECODE", "k")
        self.both("PFDEBUG", "decode", "k")
        self.both("PFDEBUG", "ENCODING", "k")
        self.both("PFDEBUG", "TODENSE", "k")
        self.both("PFDEBUG", "TODENSE", "k")
        self.both("PFDEBUG", "DECODE", "k")
        self.both("PFDEBUG", "ENCODING", "k")
        self.both("GET", "k")
        self.both("PFADD", "s", *_elements(rnd, 40))
        self.both("PFDEBUG", "GETREG", "s")
        self.both("PFDEBUG", "ENCODING", "s")
        self.both("PFDEBUG", "NOPE", "s")
        self.both("PFDEBUG", "NOPE", "missing")
        self.both("PFDEBUG", "GETREG", "missing")
        self.both("SET", "plain", "HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x7f\xff")
        self.both("OBJECT", "ENCODING", "plain")
        self.both("PFDEBUG", "ENCODING", "plain")
        self.both("OBJECT", "ENCODING", "plain")


class CoreTests(SynchronousTestCase):
    """The representation without a reference server."""

    def test_register_packing_round_trip(self):
        """Packing and unpacking 6-bit registers are inverse, and agree with single-register access."""
        rnd = random.Random(1)
        values = bytes(rnd.randrange(64) for _ in range(hll.REGISTERS))
        dense = bytearray(b"HYLL" + bytes(12)) + hll.pack_registers(values)
        self.assertEqual(hll.dense_registers(dense), values)
        self.assertEqual([hll.dense_get(dense, i) for i in range(hll.REGISTERS)], list(values))

    def test_dense_set_only_raises(self):
        """dense_set changes a register only upwards and leaves its neighbours alone."""
        dense = bytearray(hll.DENSE_SIZE)
        self.assertEqual(hll.dense_set(dense, 5, 9), 1)
        self.assertEqual(hll.dense_set(dense, 5, 3), 0)
        self.assertEqual([hll.dense_get(dense, i) for i in range(4, 7)], [0, 9, 0])

    def test_pfadd_marks_key_written(self):
        """PFADD counts as a change (dirty) only when a register moved."""
        server = CoreServer()
        client = server.session()
        client.call("PFADD", "k", "a")
        dirty = server.state.dirty
        client.call("PFADD", "k", "a")
        self.assertEqual(server.state.dirty, dirty)
        client.call("PFCOUNT", "k")
        self.assertEqual(server.state.dirty, dirty + 1)
        client.call("PFCOUNT", "k")
        self.assertEqual(server.state.dirty, dirty + 1)
