"""
Generic keyspace commands: existence, deletion, renaming, copying and moving
keys, TTLs, iteration (KEYS, SCAN, RANDOMKEY), whole-database operations and
OBJECT introspection.
"""

from __future__ import annotations

import re

from txredisd.core.commands._args import LONG_MAX, LONG_MIN, parse_int
from txredisd.core.commands._spec import KeySpec, command
from txredisd.core.commands.strings import string_encoding
from txredisd.core.errors import (
    NO_SUCH_KEY,
    NOT_INTEGER,
    OUT_OF_RANGE_DB,
    SYNTAX,
    CommandError,
    invalid_expire,
)
from txredisd.core.glob import compile_glob
from txredisd.core.types import ENCODINGS, TYPE_NAMES, copy_value
from txredisd.resp.values import OK, SimpleString

SAME_OBJECT = "ERR source and destination objects are the same"
_NOT_INT32 = "ERR value is out of range, value must between -2147483648 and 2147483647"
_LFU_NOT_SELECTED = (
    "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that "
    "when switching between policies at runtime LRU and LFU data will take some time to adjust."
)
_LFU_SELECTED = (
    "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when "
    "switching between policies at runtime LRU and LFU data will take some time to adjust."
)
_INT32_MIN, _INT32_MAX = -(2**31), 2**31 - 1
# C's LLONG_MIN / 1000 truncates towards zero; Python's // would floor.
_SECONDS_MIN, _SECONDS_MAX = -(-LONG_MIN // 1000), LONG_MAX // 1000
_ULONG_LIMIT = 2**64
_CURSOR = re.compile(rb"([+-]?)([0-9]*)")
_NONE = SimpleString(b"none")
_TYPE_REPLIES: dict[bytes, SimpleString] = {}
# Redis shares the objects of small non-negative integers, and says so in REFCOUNT.
_SHARED_INTEGERS = 10000
_SHARED_REFCOUNT = 2**31 - 1
# A key's LFU counter when it is created (what FREQ shows without accesses).
_LFU_INIT_VAL = 5

_OBJECT_HELP = [
    SimpleString(line)
    for line in (
        b"OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        b"ENCODING <key>",
        b"    Return the kind of internal representation used in order to store the value",
        b"    associated with a <key>.",
        b"FREQ <key>",
        b"    Return the access frequency index of the <key>. The returned integer is",
        b"    proportional to the logarithm of the recent access frequency of the key.",
        b"IDLETIME <key>",
        b"    Return the idle time of the <key>, that is the approximated number of",
        b"    seconds elapsed since the last access to the key.",
        b"REFCOUNT <key>",
        b"    Return the number of references of the value associated with the specified",
        b"    <key>.",
        b"HELP",
        b"    Prints this help.",
    )
]


# -- shared helpers -------------------------------------------------------------


def _int32(arg: bytes, message: str | None = None) -> int:
    """Redis's C{getIntFromObjectOrReply}: a C int, with its two error texts."""
    value = parse_int(arg, message or NOT_INTEGER)
    if not _INT32_MIN <= value <= _INT32_MAX:
        raise CommandError(message or _NOT_INT32)
    return value


def _database(session, arg: bytes, message: str | None = None):
    index = _int32(arg, message)
    dbs = session.server.dbs
    if not 0 <= index < len(dbs):
        raise CommandError(OUT_OF_RANGE_DB)
    return dbs[index]


def _type_reply(value) -> SimpleString:
    if value is None:
        return _NONE
    name = TYPE_NAMES[type(value)]
    reply = _TYPE_REPLIES.get(name)
    if reply is None:
        reply = _TYPE_REPLIES[name] = SimpleString(name)
    return reply


def _lfu_policy(server) -> bool:
    return "lfu" in server.config["maxmemory-policy"]


# -- existence and deletion ---------------------------------------------------------


def _delete(session, argv):
    db = session.db
    written = session.server.written
    removed = 0
    for key in argv[1:]:
        if db.exists(key) and db.delete(key):
            written(db, key, "del")
            removed += 1
    return removed


@command("del", -2, "write", key_specs=[KeySpec("RM delete", 1, lastkey=-1)],
         tips=("request_policy:multi_shard", "response_policy:agg_sum"), summary="Remove keys.")
def del_(session, argv):
    return _delete(session, argv)


@command("unlink", -2, "write fast", key_specs=[KeySpec("RM delete", 1, lastkey=-1)],
         tips=("request_policy:multi_shard", "response_policy:agg_sum"), since="4.0.0",
         summary="Remove keys, freeing their memory in the background.")
def unlink(session, argv):
    return _delete(session, argv)


@command("exists", -2, "readonly fast", key_specs=[KeySpec("RO", 1, lastkey=-1)],
         tips=("request_policy:multi_shard", "response_policy:agg_sum"), summary="Count the given keys that exist.")
def exists(session, argv):
    lookup = session.db.lookup_read
    return sum(1 for key in argv[1:] if lookup(key, touch=False) is not None)


@command("touch", -2, "readonly fast", key_specs=[KeySpec("RO", 1, lastkey=-1)],
         tips=("request_policy:multi_shard", "response_policy:agg_sum"), since="3.2.1",
         summary="Mark keys as just accessed; count those that exist.")
def touch(session, argv):
    lookup = session.db.lookup_read
    return sum(1 for key in argv[1:] if lookup(key) is not None)


@command("type", 2, "readonly fast", key_specs=[KeySpec("RO", 1)], summary="Name the type of a key's value.")
def type_(session, argv):
    return _type_reply(session.db.lookup_read(argv[1], touch=False))


# -- renaming, copying, moving ------------------------------------------------------


def _rename(session, argv, nx: bool):
    source, target = argv[1], argv[2]
    db = session.db
    if db.get(source) is None:
        raise CommandError(NO_SUCH_KEY)
    if source == target:
        return 0 if nx else OK
    if db.get(target) is not None and nx:
        return 0
    db.transfer(source, db, target)
    written = session.server.written
    written(db, source, "rename_from")
    written(db, target, "rename_to", changes=0)
    return 1 if nx else OK


@command("rename", 3, "write", key_specs=[KeySpec("RW access delete", 1), KeySpec("OW update", 2)],
         summary="Give a key a new name, replacing any key there.")
def rename(session, argv):
    return _rename(session, argv, nx=False)


@command("renamenx", 3, "write fast", key_specs=[KeySpec("RW access delete", 1), KeySpec("OW insert", 2)],
         summary="Give a key a new name, only where none exists.")
def renamenx(session, argv):
    return _rename(session, argv, nx=True)


@command("copy", -3, "write denyoom", key_specs=[KeySpec("RO access", 1), KeySpec("OW update", 2)], since="6.2.0",
         summary="Duplicate a key's value and TTL under another name, in this or another database.")
def copy(session, argv):
    source_db = target_db = session.db
    replace = False
    i = 3
    while i < len(argv):
        option = argv[i].lower()
        if option == b"replace":
            replace = True
        elif option == b"db" and i + 1 < len(argv):
            target_db = _database(session, argv[i + 1])
            i += 1
        else:
            raise CommandError(SYNTAX)
        i += 1
    if session.server.config["cluster-enabled"] and (source_db.index or target_db.index):
        raise CommandError("ERR Copying to another database is not allowed in cluster mode")
    source, target = argv[1], argv[2]
    if source_db is target_db and source == target:
        raise CommandError(SAME_OBJECT)
    value = source_db.lookup_read(source)
    if value is None:
        return 0
    when = source_db.ttl_ms(source)
    if target_db.get(target) is not None:
        if not replace:
            return 0
        target_db.delete(target)
    target_db.set(target, copy_value(value))
    if when is not None:
        target_db.set_expire(target, when)
    session.server.written(target_db, target, "copy_to")
    return 1


@command("move", 3, "write fast", key_specs=[KeySpec("RW access update", 1)], summary="Move a key to another database.")
def move(session, argv):
    if session.server.config["cluster-enabled"]:
        raise CommandError("ERR MOVE is not allowed in cluster mode")
    key = argv[1]
    db = session.db
    target_db = _database(session, argv[2])
    if target_db is db:
        raise CommandError(SAME_OBJECT)
    if db.get(key) is None or target_db.get(key) is not None:
        return 0
    db.transfer(key, target_db, key)
    written = session.server.written
    written(db, key, "move_from")
    written(target_db, key, "move_to", changes=0)
    return 1


# -- expiry --------------------------------------------------------------------------


def _expire_flags(options: list[bytes]) -> set[bytes]:
    flags = set()
    for option in options:
        flag = option.lower()
        if flag not in (b"nx", b"xx", b"gt", b"lt"):
            name = option.split(b"\0", 1)[0].decode("utf-8", "replace")
            raise CommandError(f"ERR Unsupported option {name}")
        flags.add(flag)
    if b"nx" in flags and len(flags) > 1:
        raise CommandError("ERR NX and XX, GT or LT options at the same time are not compatible")
    if b"gt" in flags and b"lt" in flags:
        raise CommandError("ERR GT and LT options at the same time are not compatible")
    return flags


def _expire_refused(flags: set[bytes], current: int | None, when: int) -> bool:
    """Whether NX/XX/GT/LT rule the change out (no TTL counts as infinite)."""
    if b"nx" in flags:
        return current is not None
    if b"xx" in flags and current is None:
        return True
    if b"gt" in flags:
        return current is None or when <= current
    if b"lt" in flags:
        return current is not None and when >= current
    return False


def _expire(session, argv, name: str, in_seconds: bool, relative: bool):
    """EXPIRE and friends: set an absolute expiry in ms; a past one deletes the key."""
    key = argv[1]
    flags = _expire_flags(argv[3:])
    when = parse_int(argv[2])
    if in_seconds:
        if not _SECONDS_MIN <= when <= _SECONDS_MAX:
            raise invalid_expire(name)
        when *= 1000
    server = session.server
    base = server.now_ms if relative else 0
    if when > LONG_MAX - base:
        raise invalid_expire(name)
    when += base
    db = session.db
    if db.get(key) is None:
        return 0
    if flags and _expire_refused(flags, db.ttl_ms(key), when):
        return 0
    if when <= server.now_ms and not server.is_replica:
        db.delete(key)
        server.written(db, key, "del")
        session.rewritten = [[b"UNLINK" if server.config["lazyfree-lazy-expire"] else b"DEL", key]]
        return 1
    db.set_expire(key, when)
    server.written(db, key, "expire")
    if name != "pexpireat":
        session.rewritten = [[b"PEXPIREAT", key, b"%d" % when, *argv[3:]]]
    return 1


@command("expire", -3, "write fast", key_specs=[KeySpec("RW update", 1)],
         summary="Give a key a time to live in seconds.")
def expire(session, argv):
    return _expire(session, argv, "expire", in_seconds=True, relative=True)


@command("pexpire", -3, "write fast", key_specs=[KeySpec("RW update", 1)], since="2.6.0",
         summary="Give a key a time to live in milliseconds.")
def pexpire(session, argv):
    return _expire(session, argv, "pexpire", in_seconds=False, relative=True)


@command("expireat", -3, "write fast", key_specs=[KeySpec("RW update", 1)], since="1.2.0",
         summary="Make a key expire at a Unix time in seconds.")
def expireat(session, argv):
    return _expire(session, argv, "expireat", in_seconds=True, relative=False)


@command("pexpireat", -3, "write fast", key_specs=[KeySpec("RW update", 1)], since="2.6.0",
         summary="Make a key expire at a Unix time in milliseconds.")
def pexpireat(session, argv):
    return _expire(session, argv, "pexpireat", in_seconds=False, relative=False)


def _ttl(session, key: bytes, in_ms: bool, absolute: bool) -> int:
    db = session.db
    if db.lookup_read(key, touch=False) is None:
        return -2
    when = db.ttl_ms(key)
    if when is None:
        return -1
    left = max(0, when if absolute else when - session.server.now_ms)
    return left if in_ms else (left + 500) // 1000


@command("ttl", 2, "readonly fast", key_specs=[KeySpec("RO access", 1)], tips=("nondeterministic_output",),
         summary="Seconds a key has left to live.")
def ttl(session, argv):
    return _ttl(session, argv[1], in_ms=False, absolute=False)


@command("pttl", 2, "readonly fast", key_specs=[KeySpec("RO access", 1)], tips=("nondeterministic_output",),
         since="2.6.0", summary="Milliseconds a key has left to live.")
def pttl(session, argv):
    return _ttl(session, argv[1], in_ms=True, absolute=False)


@command("expiretime", 2, "readonly fast", key_specs=[KeySpec("RO access", 1)], since="7.0.0",
         summary="The Unix time in seconds at which a key expires.")
def expiretime(session, argv):
    return _ttl(session, argv[1], in_ms=False, absolute=True)


@command("pexpiretime", 2, "readonly fast", key_specs=[KeySpec("RO access", 1)], since="7.0.0",
         summary="The Unix time in milliseconds at which a key expires.")
def pexpiretime(session, argv):
    return _ttl(session, argv[1], in_ms=True, absolute=True)


@command("persist", 2, "write fast", key_specs=[KeySpec("RW update", 1)], since="2.2.0",
         summary="Make a key live forever.")
def persist(session, argv):
    key = argv[1]
    db = session.db
    if db.get(key) is None or not db.persist(key):
        return 0
    session.server.written(db, key, "persist")
    return 1


# -- iteration ------------------------------------------------------------------------


@command("keys", 2, "readonly", tips=("request_policy:all_shards", "nondeterministic_output_order"),
         categories=("dangerous",), summary="List the keys matching a glob pattern.")
def keys(session, argv):
    pattern = argv[1]
    live = session.db.live_keys()
    if pattern == b"*":
        return list(live)
    match = compile_glob(pattern)
    return [key for key in live if match(key)]


def scan_cursor(arg: bytes) -> int:
    """The cursor as C's C{strtoul} reads it (signs wrap, NUL ends the text)."""
    text = arg.split(b"\0", 1)[0]
    parsed = _CURSOR.fullmatch(text)
    if parsed is None or text[:1].isspace() or (parsed[1] and not parsed[2]):
        raise CommandError("ERR invalid cursor")
    value = int(parsed[2] or b"0")
    if value >= _ULONG_LIMIT:
        raise CommandError("ERR invalid cursor")
    return (_ULONG_LIMIT - value) % _ULONG_LIMIT if parsed[1] == b"-" else value


@command("scan", -2, "readonly", tips=("nondeterministic_output", "request_policy:special"), since="2.8.0",
         summary="Iterate over the keys a few at a time.")
def scan(session, argv):
    cursor = scan_cursor(argv[1])
    count = 10
    pattern = kind = None
    i = 2
    while i < len(argv):
        option = argv[i].lower()
        if i + 1 >= len(argv):
            raise CommandError(SYNTAX)
        if option == b"count":
            count = parse_int(argv[i + 1])
            if count < 1:
                raise CommandError(SYNTAX)
        elif option == b"match":
            pattern = argv[i + 1]
        elif option == b"type":
            kind = argv[i + 1].lower()
        else:
            raise CommandError(SYNTAX)
        i += 2
    db = session.db
    cursor, found = db.scan(cursor, count)
    if pattern is not None and pattern != b"*":
        match = compile_glob(pattern)
        found = [key for key in found if match(key)]
    return [b"%d" % cursor, [key for key in found if _scan_keeps(db, key, kind)]]


def _scan_keeps(db, key: bytes, kind: bytes | None) -> bool:
    """SCAN's last filters: the TYPE option, then expiry (in Redis's order)."""
    if kind is not None:
        value = db.lookup_read(key, touch=False)
        if _type_reply(value).text != kind:
            return False
        if value is None:
            # Just reaped by that lookup: Redis's expiry check no longer sees it.
            return True
    return db.exists(key)


@command("randomkey", 1, "readonly", tips=("request_policy:all_shards", "nondeterministic_output"),
         summary="Pick a key at random.")
def randomkey(session, argv):
    return session.db.random_key()


# -- whole databases ------------------------------------------------------------------


@command("dbsize", 1, "readonly fast", tips=("request_policy:all_shards", "response_policy:agg_sum"), group="server",
         categories=("keyspace",), summary="Count the keys in the current database.")
def dbsize(session, argv):
    return len(session.db)


def _check_flush_mode(argv) -> None:
    """FLUSHDB/FLUSHALL take SYNC or ASYNC; both empty at once here."""
    if len(argv) > 2 or (len(argv) == 2 and argv[1].lower() not in (b"sync", b"async")):
        raise CommandError(SYNTAX)


@command("flushdb", -1, "write", tips=("request_policy:all_shards", "response_policy:all_succeeded"), group="server",
         categories=("keyspace", "dangerous"), summary="Remove every key of the current database.")
def flushdb(session, argv):
    _check_flush_mode(argv)
    server = session.server
    server.dirty += server.flush_db(session.db)
    session.rewritten = [argv]  # replicated even when the database was empty
    return OK


@command("flushall", -1, "write", tips=("request_policy:all_shards", "response_policy:all_succeeded"), group="server",
         categories=("keyspace", "dangerous"), summary="Remove every key of every database.")
def flushall(session, argv):
    _check_flush_mode(argv)
    server = session.server
    server.dirty += server.flush_all()
    session.rewritten = [argv]
    return OK


@command("swapdb", 3, "write fast", group="server", categories=("keyspace", "dangerous"), since="4.0.0",
         summary="Exchange the contents of two databases.")
def swapdb(session, argv):
    server = session.server
    if server.config["cluster-enabled"]:
        raise CommandError("ERR SWAPDB is not allowed in cluster mode")
    first = _int32(argv[1], "ERR invalid first DB index")
    second = _int32(argv[2], "ERR invalid second DB index")
    if not (0 <= first < len(server.dbs) and 0 <= second < len(server.dbs)):
        raise CommandError(OUT_OF_RANGE_DB)
    server.swap_dbs(first, second)
    server.dirty += 1
    return OK


# -- OBJECT ---------------------------------------------------------------------------


def _object_value(session, key: bytes):
    return session.db.lookup_read(key, touch=False, notify=False)


@command("encoding", 3, "readonly", key_specs=[KeySpec("RO", 2)], tips=("nondeterministic_output",), parent="object",
         since="2.2.3", summary="Name the internal representation of a key's value.")
def object_encoding(session, argv):
    value = _object_value(session, argv[2])
    if value is None:
        return None
    kind = type(value)
    if kind is bytes or kind is bytearray:
        return string_encoding(value)
    return ENCODINGS[kind](value)


@command("refcount", 3, "readonly", key_specs=[KeySpec("RO", 2)], tips=("nondeterministic_output",), parent="object",
         since="2.2.3", summary="Count the references to a key's value.")
def object_refcount(session, argv):
    value = _object_value(session, argv[2])
    if value is None:
        return None
    return _SHARED_REFCOUNT if _is_shared_integer(session.server, value) else 1


def _is_shared_integer(server, value) -> bool:
    """Small non-negative integer strings are shared, unless maxmemory evicts by LRU/LFU."""
    if type(value) is not bytes or string_encoding(value) != b"int" or not 0 <= int(value) < _SHARED_INTEGERS:
        return False
    policy = server.config["maxmemory-policy"]
    return not (server.config["maxmemory"] and ("lru" in policy or "lfu" in policy))


@command("idletime", 3, "readonly", key_specs=[KeySpec("RO", 2)], tips=("nondeterministic_output",), parent="object",
         since="2.2.3", summary="Seconds since a key was last read or written.")
def object_idletime(session, argv):
    key = argv[2]
    db = session.db
    if _object_value(session, key) is None:
        return None
    if _lfu_policy(session.server):
        raise CommandError(_LFU_SELECTED)
    now = session.server.now_ms
    return now // 1000 - (now - db.idle_ms(key)) // 1000


@command("freq", 3, "readonly", key_specs=[KeySpec("RO", 2)], tips=("nondeterministic_output",), parent="object",
         since="4.0.0", summary="The logarithmic access-frequency counter of a key.")
def object_freq(session, argv):
    if _object_value(session, argv[2]) is None:
        return None
    if not _lfu_policy(session.server):
        raise CommandError(_LFU_NOT_SELECTED)
    # Per-key LFU counters come with LFU eviction; until then every key reads as new.
    return _LFU_INIT_VAL


@command("help", 2, "loading stale", parent="object", since="6.2.0", summary="Explain the OBJECT subcommands.")
def object_help(session, argv):
    return _OBJECT_HELP
