"""
HyperLogLog commands. The values are plain strings in Redis's HLL layout
(see L{txredisd.core.hyperloglog}), edited in place, so GET/SET/DUMP move
them between txredisd and redis-server unchanged.
"""

from __future__ import annotations

import random

from txredisd.core import hyperloglog as hll
from txredisd.core.commands._spec import KeySpec, command
from txredisd.core.commands.strings import writable
from txredisd.core.errors import WRONGTYPE, CommandError
from txredisd.resp.values import OK, SimpleString

NOT_HLL = "WRONGTYPE Key is not a valid HyperLogLog string value."
CORRUPTED = "INVALIDOBJ Corrupted HLL object detected"
_EMPTY = bytes(hll.REGISTERS)


def _checked(value: object) -> bytes | bytearray:
    """An existing value that must be a string holding a valid HLL."""
    kind = type(value)
    if kind is not bytes and kind is not bytearray:
        raise CommandError(WRONGTYPE)
    if not hll.is_hll(value):
        raise CommandError(NOT_HLL)
    return value


def _editable(session, key: bytes, value: object) -> bytearray:
    """The key's HLL as its own bytearray (Redis unshares the string before touching it)."""
    return writable(session, key, _checked(value))


def _sparse_max(session) -> int:
    return session.server.config["hll-sparse-max-bytes"]


def _union(session, keys: list[bytes]) -> tuple[bytes, bool]:
    """Register-wise maximum of the HLLs at C{keys} (missing ones count as empty), and whether any is dense."""
    union, dense = _EMPTY, False
    for key in keys:
        value = session.db.lookup_read(key)
        if value is None:
            continue
        value = _checked(value)
        dense = dense or value[4] == hll.DENSE
        try:
            union = hll.merge_max(union, hll.registers(value))
        except hll.Corrupted:
            raise CommandError(CORRUPTED) from None
    return union, dense


def _as_long_long(card: int) -> int:
    """The unsigned estimate as Redis replies it (a signed 64-bit integer)."""
    return card - (1 << 64) if card >= 1 << 63 else card


@command("pfadd", -2, "write denyoom fast", key_specs=[KeySpec("RW insert", 1)], group="hyperloglog",
         since="2.8.9", summary="Add elements to a HyperLogLog, creating it if needed.")
def pfadd(session, argv):
    db, key = session.db, argv[1]
    value = db.get(key)
    if value is None:
        value = hll.new_sparse()
        db.set(key, value, keep_ttl=True)
        updated = 1
    else:
        value = _editable(session, key, value)
        updated = 0
    max_bytes, add = _sparse_max(session), hll.add
    try:
        for element in argv[2:]:
            updated += add(value, element, max_bytes)
    except hll.Corrupted:
        # Registers changed before the bad opcode stay changed, unannounced, as in Redis.
        raise CommandError(CORRUPTED) from None
    if not updated:
        return 0
    hll.invalidate(value)
    session.server.written(db, key, "pfadd", "$", changes=updated)
    return 1


@command("pfcount", -2, "readonly",
         key_specs=[KeySpec("RW access", 1, lastkey=-1, notes="RW because it may change the internal "
                            "representation of the key, and propagate to replicas")],
         group="hyperloglog", since="2.8.9", summary="Estimate the number of distinct elements seen by HyperLogLogs.")
def pfcount(session, argv):
    if len(argv) > 2:
        union, _ = _union(session, argv[1:])
        return _as_long_long(hll.estimate(hll.raw_histogram(union)))
    db, key = session.db, argv[1]
    value = db.lookup_read(key)
    if value is None:
        return 0
    value = _editable(session, key, value)
    card = hll.cached_cardinality(value)
    if card is None:
        try:
            card = hll.cardinality(value)
        except hll.Corrupted:
            raise CommandError(CORRUPTED) from None
        hll.store_cardinality(value, card)
        # Refreshing the cache changes the string: replicas must see this PFCOUNT too.
        server = session.server
        server.dirty += 1
        server.signal_modified(db, key)
    return _as_long_long(card)


@command("pfmerge", -2, "write denyoom",
         key_specs=[KeySpec("RW access insert", 1), KeySpec("RO access", 2, lastkey=-1)],
         group="hyperloglog", since="2.8.9", summary="Store the union of HyperLogLogs at a key.")
def pfmerge(session, argv):
    union, dense = _union(session, argv[1:])
    db, key = session.db, argv[1]
    target = db.get(key)
    if target is None:
        target = hll.new_sparse()
        db.set(key, target, keep_ttl=True)
    else:
        target = writable(session, key, target)  # checked above as a source
    if dense:
        hll.to_dense(target)  # cannot fail: a corrupted target failed as a source
    hll.write_registers(target, union, _sparse_max(session))
    hll.invalidate(target)
    session.server.written(db, key, "pfadd", "$")
    return OK


@command("pfdebug", 3, "write denyoom admin", key_specs=[KeySpec("RW access", 2)], group="hyperloglog",
         since="2.8.9", summary="Inspect or convert a HyperLogLog's representation (for debugging).")
def pfdebug(session, argv):
    value = session.db.get(argv[2])
    if value is None:
        raise CommandError("ERR The specified key does not exist")
    value = _editable(session, argv[2], value)
    subcommand = argv[1].lower()
    if subcommand == b"getreg":
        _to_dense(session, value)
        return list(hll.dense_registers(value))
    if subcommand == b"decode":
        if value[4] != hll.SPARSE:
            raise CommandError("ERR HLL encoding is not sparse")
        return hll.decode_sparse(value)
    if subcommand == b"encoding":
        return SimpleString(b"sparse" if value[4] == hll.SPARSE else b"dense")
    if subcommand == b"todense":
        return int(_to_dense(session, value))
    name = argv[1].split(b"\0", 1)[0].decode("utf-8", "replace")
    raise CommandError(f"ERR Unknown PFDEBUG subcommand '{name}'")


def _to_dense(session, value: bytearray) -> bool:
    """Convert for PFDEBUG; a conversion is propagated, as the encoding differs on replicas otherwise."""
    try:
        converted = hll.to_dense(value)
    except hll.Corrupted:
        raise CommandError(CORRUPTED) from None
    if converted:
        session.server.dirty += 1
    return converted


@command("pfselftest", 1, "admin", group="hyperloglog", since="2.8.9",
         summary="Check the HyperLogLog implementation.")
def pfselftest(session, argv):
    failure = _register_access_failure() or _sparse_dense_failure()
    if failure:
        raise CommandError(f"TESTFAILED {failure}")
    return OK


def _register_access_failure() -> str | None:
    """Random values written to every dense register must read back unchanged."""
    dense = bytearray(hll.DENSE_SIZE)
    expected = bytes(random.randrange(1, 64) for _ in range(hll.REGISTERS))
    for index, value in enumerate(expected):
        hll.dense_set(dense, index, value)
    for index, value in enumerate(expected):
        if hll.dense_get(dense, index) != value:
            return f"Register {index} should be {value} but is {hll.dense_get(dense, index)}"
    if hll.dense_registers(dense) != expected or hll.pack_registers(expected) != dense[hll.HEADER:]:
        return "packed and unpacked registers disagree"
    return None


def _sparse_dense_failure() -> str | None:
    """The same elements added to a sparse and a dense HLL must give the same, plausible, estimates."""
    sparse = hll.new_sparse()
    dense = hll.new_sparse()
    hll.to_dense(dense)
    seed = random.getrandbits(64)
    checkpoint = 1
    for n in range(1, 10_001):
        element = (n ^ seed).to_bytes(8, "little")
        hll.add(sparse, element, 3000)
        hll.add(dense, element, 3000)
        if n == checkpoint:
            estimate = hll.cardinality(dense)
            if hll.cardinality(sparse) != estimate:
                return "dense/sparse disagree"
            allowed = 1 if n == 10 else -(-6 * n * 1.04 // 128)
            if abs(n - estimate) > allowed:
                return f"Too big error. card:{n} abserr:{abs(n - estimate)}"
            checkpoint *= 10
    return None
