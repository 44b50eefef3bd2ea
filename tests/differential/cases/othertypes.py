"""
Strings and generic commands meeting keys of other types (WRONGTYPE, TYPE,
COPY, SCAN TYPE...). These need a list, set, hash or sorted set to exist, so
they fail until those types are implemented.
"""

from tests.differential._dsl import area, scan_all
from tests.differential.cases.expiry import ttl

S = area("othertypes")

SCRIPTS = [
    # -- strings on a list
    S("get", "LPUSH l a", "GET l", "SET l v", "GET l"),
    S("set-get", "LPUSH l a", "SET l v GET", "LRANGE l 0 -1"),
    S("getset-getdel", "LPUSH l a", "GETSET l v", "GETDEL l", resp3=True),
    S("getex", "LPUSH l a", "GETEX l", "GETEX l PERSIST"),
    S("mget", "SET a 1", "LPUSH l x", "MGET a l missing", resp3=True),
    S("strlen-append", "LPUSH l a", "STRLEN l", "APPEND l x"),
    S("ranges", "LPUSH l a", "GETRANGE l 0 1", "SETRANGE l 0 x", "SETRANGE l 0 ''"),
    S("incr", "LPUSH l a", "INCR l", "DECR l", "INCRBY l 1", "DECRBY l 1", "INCRBYFLOAT l 1"),
    S("lcs", "SET a x", "LPUSH l q", "LCS a l", "LCS l a"),
    S("bits", "LPUSH l a", "SETBIT l 0 1", "GETBIT l 0", "BITCOUNT l", "BITPOS l 1", "BITFIELD l GET u8 0",
      "BITFIELD_RO l GET u8 0"),
    S("bitop", "SET a abc", "LPUSH l x", "BITOP AND d a l", "BITOP NOT d l"),
    # -- generic commands on other types
    S("del", "LPUSH l a", "SADD s a", "DEL l s", "EXISTS l s"),
    S("type", "LPUSH l a", "SADD set a", "HSET h f v", "ZADD z 1 a", "TYPE l", "TYPE set", "TYPE h", "TYPE z",
      resp3=True),
    S("rename-over-list", "SET b 1", "LPUSH l x", "RENAME b l", "TYPE l", "GET l"),
    S("copy-list", "RPUSH l a b", "COPY l l2", "LRANGE l2 0 -1", "TYPE l2", "RPUSH l2 c", "LRANGE l 0 -1"),
    S("scan-type", "MSET a 1 b 2", "LPUSH l x", "SADD s x", scan_all("TYPE", "string"), scan_all("TYPE", "list"),
      scan_all("TYPE", "set")),
    S("expire", "RPUSH l a", "EXPIRE l 100", ttl("TTL l", 100), "PERSIST l", "TTL l"),
]
