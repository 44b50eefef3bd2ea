"""
Random command sequences, one data type at a time with the generic key
commands mixed in, run on redis-server 7.0.15 and on txredisd and compared
reply by reply.

Three keys and tiny alphabets make commands collide: the same key is pushed,
popped, renamed, expired and asked its encoding within a few steps, and every
command also meets keys of the wrong type (other types' writes are mixed in).
Encoding thresholds are lowered for this module (L{SMALL_ENCODINGS}), so
values change encoding after a few elements. Expiry times are large so the clock
never matters; replies that legitimately depend on it (TTL) or on hash-table
order (SMEMBERS, HGETALL) are normalised first. Commands whose replies are
random (SPOP, SRANDMEMBER, HRANDFIELD, ZRANDMEMBER, RANDOMKEY, SCAN) and
auto-generated stream IDs are never generated.

derandomize=True: CI runs the same examples every time, so a failure here is
a reproducible regression, not a new random find.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests._servers import RawClient
from tests.differential._dsl import read
from tests.differential._normalize import sorted_elements, sorted_pairs
from tests.differential._runner import ServerPair, Target

pytestmark = pytest.mark.differential

Normalizer = Callable[[bytes], bytes]


@dataclass(frozen=True)
class Call:
    """One command and how to normalise its reply (on both servers alike)."""

    args: tuple[bytes, ...]
    norm: Normalizer | None = field(default=None, repr=False, compare=False)

    def __repr__(self) -> str:
        return " ".join(a.decode("latin-1") if a else "''" for a in self.args)


def positive_ttl(raw: bytes) -> bytes:
    """A TTL counts down between the two runs: only 'has one' (and its sign) must match."""
    return b":<positive>\r\n" if raw.startswith(b":") and int(raw[1:-2]) > 0 else raw


# -- building strategies ---------------------------------------------------------------

Part = bytes | str | st.SearchStrategy


def _part(part: Part) -> st.SearchStrategy:
    if isinstance(part, st.SearchStrategy):
        return part
    return st.just((part.encode() if isinstance(part, str) else part,))


def _one(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return strategy.map(lambda value: (value,))


def call(*parts: Part, norm: Normalizer | None = None) -> st.SearchStrategy:
    """A command: constant words and strategies (each drawing a tuple of arguments), concatenated."""
    return st.tuples(*map(_part, parts)).map(lambda groups: Call(tuple(a for g in groups for a in g), norm))


def one(*values: str, bad: tuple[str, ...] = ()) -> st.SearchStrategy:
    """One argument out of C{values}, or now and then out of the C{bad} ones (error replies)."""
    return _one(st.sampled_from([v.encode() for v in values * 3 + bad]))


def some(values: st.SearchStrategy, low: int = 1, high: int = 3) -> st.SearchStrategy:
    """Between C{low} and C{high} arguments, each drawn from a one-argument strategy."""
    return st.lists(values, min_size=low, max_size=high).map(lambda groups: tuple(a for g in groups for a in g))


def maybe(*parts: Part) -> st.SearchStrategy:
    """Optional words (an option and its arguments), present or not."""
    group = call(*parts).map(lambda c: c.args)
    return st.one_of(st.just(()), group)


KEY = one("k1", "k2", "k3")
KEYS = some(KEY)
INT = one("0", "1", "2", "-1", "-2", "3", "10", "-100", "9223372036854775807", "-9223372036854775808",
          bad=("x", "9223372036854775808", "1.5"))
NUMKEYS = one("1", "2", "3", bad=("0", "-1", "x", "4"))
COUNT = one("0", "1", "2", "5", "100", bad=("-1", "x"))
VALUE = one("a", "b", "", "1", "-7", "10", "3.5", "abc", "9223372036854775807", "1e3", " 1", "007", "-0", "+1",
            "y" * 44, "y" * 45)

# -- generic key commands, mixed into every type -------------------------------------

TTL_SECONDS = one("100000", "200000", bad=("0", "-5", "x", "9223372036854775807"))
GENERIC = [
    call("DEL", KEYS),
    call("EXISTS", KEYS),
    call("TYPE", KEY),
    call("RENAME", KEY, KEY),
    call("RENAMENX", KEY, KEY),
    call("COPY", KEY, KEY, maybe("REPLACE")),
    # GT and LT only with absolute times: two relative ones of equal length tie or not
    # depending on whether a millisecond passed between them.
    call("EXPIRE", KEY, TTL_SECONDS, maybe(one("NX", "XX"))),
    call("PEXPIRE", KEY, one("150000000", "300000000", bad=("-1",)), maybe(one("NX", "XX"))),
    call("EXPIREAT", KEY, one("4000000000", "5000000000", bad=("1", "x")), maybe(one("NX", "XX", "GT", "LT"))),
    call("PEXPIREAT", KEY, one("4000000000000", "4500000000000"), maybe(one("NX", "XX", "GT", "LT"))),
    call("PERSIST", KEY),
    call("TTL", KEY, norm=positive_ttl),
    call("PTTL", KEY, norm=positive_ttl),
    call("OBJECT", "ENCODING", KEY),
    call("OBJECT", one("REFCOUNT", "FREQ"), KEY),
    call(one("TOUCH", "UNLINK"), KEYS),
    call("MOVE", KEY, one("1", bad=("0", "x", "16"))),
    call("SELECT", one("0", "1")),
    call("KEYS", "*", norm=sorted_elements),
    call("DBSIZE"),
]

#: SORT with weights and lookups in the three keys (as strings and as hash fields). Never
#: BY nosort: on a set (another type's write can leave one) that is the hash table's order.
SORT = call("SORT", KEY, maybe("BY", one("k*", "k*->f1")), maybe("GET", one("#", "k*", "k*->f1")), maybe("ALPHA"),
            maybe(one("ASC", "DESC")), maybe("LIMIT", INT, COUNT))


# -- per type --------------------------------------------------------------------------

STRING = [
    call("SET", KEY, VALUE, maybe(one("NX", "XX")), maybe(one("GET", "KEEPTTL")),
         maybe(one("EX", "PX", "EXAT", "PXAT"), TTL_SECONDS)),
    call(one("SETEX", "PSETEX"), KEY, TTL_SECONDS, VALUE),
    call("GET", KEY),
    call("GETSET", KEY, VALUE),
    call("GETDEL", KEY),
    call("GETEX", KEY, maybe(one("PERSIST"))),
    call("GETEX", KEY, one("EX", "PX", "EXAT", "PXAT"), TTL_SECONDS),
    call("SETNX", KEY, VALUE),
    call("MSET", KEY, VALUE, maybe(KEY, VALUE)),
    call("MSETNX", KEY, VALUE, maybe(KEY, VALUE)),
    call("MGET", KEYS),
    call("APPEND", KEY, VALUE),
    call("STRLEN", KEY),
    call("INCR", KEY),
    call("DECR", KEY),
    call("INCRBY", KEY, INT),
    call("DECRBY", KEY, INT),
    call("INCRBYFLOAT", KEY, one("0.1", "1", "-3.5", "1e300", "5.0e3", "-0", "1.10", bad=("inf", "nan", "x"))),
    call("GETRANGE", KEY, INT, INT),
    call("SETRANGE", KEY, one("0", "1", "3", "50", bad=("-1", "x", "536870912")), VALUE),
    call("SUBSTR", KEY, INT, INT),
    call("SETBIT", KEY, one("0", "7", "9", "-1"), one("0", "1", "2")),
    call("GETBIT", KEY, one("0", "7", "100")),
    call("BITCOUNT", KEY, maybe(INT, INT, maybe(one("BYTE", "BIT")))),
    call("BITPOS", KEY, one("0", "1"), maybe(INT, maybe(INT))),
    call("BITOP", one("AND", "OR", "XOR", "NOT"), KEY, KEYS),
    call("LCS", KEY, KEY, maybe(one("LEN", "IDX")), maybe("MINMATCHLEN", INT), maybe("WITHMATCHLEN")),
    call("BITFIELD", KEY, maybe("OVERFLOW", one("WRAP", "SAT", "FAIL")),
         some(call(one("GET"), one("u4", "i8", "u63", bad=("i65", "u64", "x")), one("0", "#1", "5")).map(lambda c: c.args)
              | call(one("SET", "INCRBY"), one("u4", "i8", "i64"), one("0", "#1", "5", bad=("-1",)), INT)
              .map(lambda c: c.args), 1, 2)),
]

ELEMENT = one("a", "b", "c", "1", "2", "")
PIVOT = one("BEFORE", "AFTER", bad=("MIDDLE",))
END = one("LEFT", "RIGHT", bad=("UP",))
LIST = [
    call(one("LPUSH", "RPUSH", "LPUSHX", "RPUSHX"), KEY, some(ELEMENT)),
    call(one("LPOP", "RPOP"), KEY, maybe(COUNT)),
    call("LRANGE", KEY, INT, INT),
    # "x" on a missing key found that Redis looks the key up before reading the index.
    call("LINDEX", KEY, one("0", "1", "-1", "-2", "3", "9223372036854775807", "x")),
    call("LSET", KEY, INT, ELEMENT),
    call("LINSERT", KEY, PIVOT, ELEMENT, ELEMENT),
    call("LREM", KEY, INT, ELEMENT),
    call("LTRIM", KEY, INT, INT),
    call("LLEN", KEY),
    call("LPOS", KEY, ELEMENT, maybe("RANK", INT), maybe("COUNT", COUNT), maybe("MAXLEN", COUNT)),
    SORT,
    call("LMOVE", KEY, KEY, END, END),
    call("RPOPLPUSH", KEY, KEY),
    call("LMPOP", NUMKEYS, KEYS, END, maybe("COUNT", COUNT)),
]

FIELD = one("f1", "f2", "f3", "n")
HASH = [
    call("HSET", KEY, FIELD, VALUE, maybe(FIELD, VALUE)),
    call("HSETNX", KEY, FIELD, VALUE),
    call("HMSET", KEY, FIELD, VALUE),
    call("HGET", KEY, FIELD),
    call("HMGET", KEY, some(FIELD)),
    call("HDEL", KEY, some(FIELD)),
    call("HLEN", KEY),
    call("HSTRLEN", KEY, FIELD),
    call("HEXISTS", KEY, FIELD),
    call("HINCRBY", KEY, FIELD, INT),
    call("HINCRBYFLOAT", KEY, FIELD, one("0.5", "-2", "1e308", "3", "2.50", bad=("inf", "x"))),
    call("HKEYS", KEY, norm=sorted_elements),
    call("HVALS", KEY, norm=sorted_elements),
    call("HGETALL", KEY, norm=sorted_pairs),
]

MEMBER = one("a", "b", "c", "1", "2", "-3", "300", "m" * 70)
SET = [
    call("SADD", KEY, some(MEMBER)),
    call("SREM", KEY, some(MEMBER)),
    call("SCARD", KEY),
    call("SISMEMBER", KEY, MEMBER),
    call("SMISMEMBER", KEY, some(MEMBER)),
    call("SMEMBERS", KEY, norm=sorted_elements),
    call(one("SINTER", "SUNION", "SDIFF"), KEYS, norm=sorted_elements),
    call(one("SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"), KEY, KEYS),
    call("SINTERCARD", NUMKEYS, KEYS, maybe("LIMIT", COUNT)),
    call("SMOVE", KEY, KEY, MEMBER),
    SORT,
]

SCORE = one("1", "2", "-1", "0", "1.5", "inf", "-inf", "+inf", "0.1", "-0", "1e-5", "123456789.123456789",
            bad=("nan", "x", "1e400", ""))
RANGE_SCORE = one("1", "(1", "-inf", "+inf", "(2", "0", "(inf", bad=("x", "(x", "nan"))
LEX = one("-", "+", "[a", "(b", "[c", "[m", bad=("a", ""))
ZRANGE_OPTION = one("BYSCORE", "BYLEX", "REV", "WITHSCORES", bad=("LIMIT",))
ZSET = [
    call("ZADD", KEY, maybe(one("NX", "XX")), maybe(one("GT", "LT")), maybe("CH"), maybe("INCR"), SCORE, MEMBER,
         maybe(SCORE, MEMBER)),
    call("ZINCRBY", KEY, SCORE, MEMBER),
    call("ZREM", KEY, some(MEMBER)),
    call("ZCARD", KEY),
    call("ZSCORE", KEY, MEMBER),
    call("ZMSCORE", KEY, some(MEMBER)),
    call(one("ZRANK", "ZREVRANK"), KEY, MEMBER),
    SORT,
    call("ZRANGE", KEY, one("0", "-1", "1", "(1", "-inf", "[a", "-"), one("-1", "2", "+inf", "(2", "+", "[b"),
         some(ZRANGE_OPTION, 0, 2), maybe("LIMIT", INT, COUNT)),
    call(one("ZRANGEBYSCORE", "ZREVRANGEBYSCORE"), KEY, RANGE_SCORE, RANGE_SCORE, maybe("WITHSCORES"),
         maybe("LIMIT", INT, COUNT)),
    call(one("ZRANGEBYLEX", "ZREVRANGEBYLEX"), KEY, LEX, LEX, maybe("LIMIT", INT, COUNT)),
    call("ZCOUNT", KEY, RANGE_SCORE, RANGE_SCORE),
    call("ZLEXCOUNT", KEY, LEX, LEX),
    call("ZREMRANGEBYRANK", KEY, INT, INT),
    call("ZREMRANGEBYSCORE", KEY, RANGE_SCORE, RANGE_SCORE),
    call("ZREMRANGEBYLEX", KEY, LEX, LEX),
    call(one("ZPOPMIN", "ZPOPMAX"), KEY, maybe(COUNT)),
    call(one("ZUNIONSTORE", "ZINTERSTORE"), KEY, NUMKEYS, KEYS, maybe("WEIGHTS", INT, INT),
         maybe("AGGREGATE", one("SUM", "MIN", "MAX", "AVG"))),
    call("ZDIFFSTORE", KEY, NUMKEYS, KEYS),
    call(one("ZUNION", "ZINTER", "ZDIFF"), NUMKEYS, KEYS, maybe("WITHSCORES")),
    call("ZINTERCARD", NUMKEYS, KEYS, maybe("LIMIT", COUNT)),
    call("ZRANGESTORE", KEY, KEY, INT, INT),
    call("ZMPOP", NUMKEYS, KEYS, one("MIN", "MAX", bad=("MID",)), maybe("COUNT", COUNT)),
]

STREAM_ID = one("1", "1-1", "2-0", "2-*", "3", "3-*", "4-*", "5-5", "7", "0-1",
                bad=("0-0", "x", "1-x", "-1", "18446744073709551615-18446744073709551615"))
READ_ID = one("0", "0-0", "1", "1-1", "2", "3-0", "$", "+", "-", bad=("x",))
STREAM = [
    call("XADD", KEY, maybe("NOMKSTREAM"),
         maybe(one("MAXLEN", "MINID"), maybe(one("~", "=")), one("1", "2", "2-0", bad=("x",))), STREAM_ID, some(call(FIELD, VALUE).map(lambda c: c.args), 1, 2)),
    call("XLEN", KEY),
    call(one("XRANGE", "XREVRANGE"), KEY, READ_ID, READ_ID, maybe("COUNT", COUNT)),
    call("XDEL", KEY, some(STREAM_ID)),
    call("XTRIM", KEY, one("MAXLEN", "MINID", bad=("SIZE",)), maybe(one("~", "=")),
         one("0", "1", "2", "2-0", bad=("-1", "x")), maybe("LIMIT", COUNT)),
    call("XREAD", maybe("COUNT", COUNT), "STREAMS", KEY, READ_ID),
    call("XSETID", KEY, STREAM_ID),
    call("XGROUP", "CREATE", KEY, one("g1", "g2"), READ_ID, maybe("MKSTREAM")),
    call("XGROUP", "DESTROY", KEY, one("g1", "g2")),
    call("XGROUP", "SETID", KEY, one("g1", "g2"), READ_ID),
    call("XGROUP", one("CREATECONSUMER", "DELCONSUMER"), KEY, one("g1", "g2"), one("c1", "c2")),
    call("XINFO", "GROUPS", KEY),
    call("XCLAIM", KEY, one("g1", "g2"), one("c1", "c2"), "0", some(STREAM_ID), maybe("JUSTID")),
    call("XREADGROUP", "GROUP", one("g1", "g2"), one("c1", "c2"), maybe("COUNT", COUNT), "STREAMS", KEY,
         one(">", "0", "1-1")),
    call("XACK", KEY, one("g1", "g2"), some(STREAM_ID)),
    call("XPENDING", KEY, one("g1", "g2")),
    call("XAUTOCLAIM", KEY, one("g1", "g2"), one("c1", "c2"), "0", READ_ID, maybe("COUNT", COUNT)),
]

#: Writers of every type, so each type's commands also meet keys of the wrong type.
FOREIGN = [
    call("SET", KEY, VALUE),
    call("RPUSH", KEY, ELEMENT),
    call("HSET", KEY, FIELD, VALUE),
    call("SADD", KEY, MEMBER),
    call("ZADD", KEY, SCORE, MEMBER),
    call("XADD", KEY, "9-*", FIELD, VALUE),
]


# -- encodings -------------------------------------------------------------------------

#: Tiny encoding thresholds, so three-field hashes and four-member sets and zsets
#: already change encoding (OBJECT ENCODING, and hash-table order afterwards).
SMALL_ENCODINGS = {
    "hash-max-listpack-entries": "3",
    "zset-max-listpack-entries": "3",
    "set-max-intset-entries": "3",
}


@pytest.fixture(scope="module", autouse=True)
def small_encodings(servers: ServerPair) -> Iterator[None]:
    """Set on both servers for this module only: other differential tests expect the defaults."""
    targets = (servers.ref, servers.ours)
    saved = {name: [_config_value(t, name) for t in targets] for name in SMALL_ENCODINGS}
    for target in targets:
        for name, value in SMALL_ENCODINGS.items():
            target.admin("CONFIG", "SET", name, value)
    yield
    for name, values in saved.items():
        for target, value in zip(targets, values, strict=True):
            target.admin("CONFIG", "SET", name, value)


def _config_value(target: Target, name: str) -> bytes:
    """CONFIG GET's one value, out of its RESP2 reply *2 $name $value."""
    return target.admin("CONFIG", "GET", name).split(b"\r\n")[-2]


# -- running ---------------------------------------------------------------------------


def run(target: Target, calls: list[Call], resp3: bool) -> list[bytes]:
    """One fresh connection on a FLUSHALLed server; every reply normalised."""
    target.admin("FLUSHALL")
    client: RawClient = target.server.client()
    try:
        if resp3:
            client.call("HELLO", "3")
        replies = []
        for c in calls:
            client.send_command(*c.args)
            reply = read(client, 3.0)
            replies.append(c.norm(reply) if c.norm and reply[:1] not in (b"<", b"-") else reply)
        return replies
    finally:
        client.close()


def report(calls: list[Call], ref: list[bytes], ours: list[bytes]) -> str:
    """The whole sequence, both replies under each differing command: the reproducer for a bug report."""
    lines = ["replies differ:"]
    for c, want, got in zip(calls, ref, ours, strict=True):
        lines.append(f"{'  ' if want == got else '✗ '}{c!r}")
        lines.append(f"      redis:    {want!r}" if want != got else f"      both:     {want!r}")
        if want != got:
            lines.append(f"      txredisd: {got!r}")
    return "\n".join(lines)


def sequences(commands: list[st.SearchStrategy]) -> st.SearchStrategy:
    """
    Mostly the type's own commands, so values grow before they are renamed,
    expired or dropped; a fifth generic ones; one in nine another type's write.
    """
    own, generic, foreign = st.one_of(commands), st.one_of(GENERIC), st.one_of(FOREIGN)
    return st.lists(st.one_of([own] * 6 + [generic] * 2 + [foreign]), min_size=3, max_size=30)


def check(servers: ServerPair, calls: list[Call], resp3: bool) -> None:
    """Both servers from empty, each on its own fresh connection; every step's reply must match."""
    ref = run(servers.ref, calls, resp3)
    ours = run(servers.ours, calls, resp3)
    assert ref == ours, report(calls, ref, ours)


def _test_for(commands: list[st.SearchStrategy]):
    @settings(
        max_examples=25,
        deadline=None,
        derandomize=True,
    )
    @given(calls=sequences(commands), resp3=st.booleans())
    def test(servers: ServerPair, calls: list[Call], resp3: bool) -> None:
        """A random sequence of this type's and the generic commands gets redis-server's replies."""
        check(servers, calls, resp3)

    return test


test_string_sequences = _test_for(STRING)
test_list_sequences = _test_for(LIST)
test_hash_sequences = _test_for(HASH)
test_set_sequences = _test_for(SET)
test_zset_sequences = _test_for(ZSET)
test_stream_sequences = _test_for(STREAM)
