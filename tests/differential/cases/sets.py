"""
Set commands. A set with a non-integer member (or too many members) is a
hashtable in Redis, listed in hash order, which neither server can promise:
such replies are compared as sorted lists (C{unordered}). Intset replies come in
ascending numeric order in both and are compared as they are.
"""

from tests.differential._dsl import area, cmd
from tests.differential._normalize import sorted_elements

S = area("sets")


def unordered(command: str):
    """A whole-set reply from a hashtable: its order is the hash table's."""
    return cmd(command, norm=sorted_elements)


SCRIPTS = [
    S("sadd-srem", "SADD s a b a", "SADD s b c", "SCARD s", "SREM s a x", "SREM s b c", "EXISTS s", "SREM missing a",
      "SADD s", "SREM s", resp3=True),
    S("membership", "SADD s a 1", "SISMEMBER s a", "SISMEMBER s z", "SISMEMBER missing a", "SMISMEMBER s a z 1",
      "SMISMEMBER missing a", "SMISMEMBER s", resp3=True),
    S("smembers", "SADD i 10 -3 7 0 9223372036854775807 -9223372036854775808", "SMEMBERS i", "SADD h a b c 1",
      unordered("SMEMBERS h"), "SMEMBERS missing", resp3=True),
    S("encodings", "SADD a 1 2", "OBJECT ENCODING a", "SADD b 01", "OBJECT ENCODING b", "SADD c 9223372036854775808",
      "OBJECT ENCODING c", "SADD d 1 x", "SREM d x", "OBJECT ENCODING d", "SADD e -0", "OBJECT ENCODING e"),
    S("intset-limit", "CONFIG SET set-max-intset-entries 3", "SADD s 1 2 3", "OBJECT ENCODING s", "SADD s 4",
      "OBJECT ENCODING s", "SREM s 4", "OBJECT ENCODING s", cleanup=("CONFIG SET set-max-intset-entries 512",)),
    S("wrongtype", "SET str v", "SADD str a", "SREM str a", "SCARD str", "SISMEMBER str a", "SMEMBERS str",
      "SRANDMEMBER str", "SPOP str 0", "SSCAN str 0 FOO", "SINTER missing str", "SUNION str", "SDIFF missing str",
      "SINTERCARD 1 str", "SINTERSTORE d str", "SMOVE str d a", "SADD s a", "SMOVE s str a", "SMOVE missing str a"),
    S("srandmember", "SADD s 1 2 3", "SRANDMEMBER s 3", "SRANDMEMBER s 10", "SRANDMEMBER s 0", "SRANDMEMBER missing",
      "SRANDMEMBER missing -3", "SRANDMEMBER s -9223372036854775808", "SRANDMEMBER s x", "SRANDMEMBER s 1 2",
      "SADD h x", "SRANDMEMBER h", "SRANDMEMBER h -3", resp3=True),
    S("spop", "SADD s 1 2 3", "SPOP s -1", "SPOP s x", "SPOP s 1 2", "SPOP s 0", "SPOP missing", "SPOP missing 3",
      "SPOP s 3", "EXISTS s", "SADD h x", "SPOP h", "EXISTS h", resp3=True),
    S("smove", "SADD a 1 x", "SMOVE a b x", "SMOVE a b x", "SMOVE a a 1", "SMOVE a a 2", "SMOVE missing b x",
      "SMOVE a b 1", "EXISTS a", unordered("SMEMBERS b"), "SMOVE b c 1", "OBJECT ENCODING c"),
    S("algebra-intset", "SADD a 1 2 3 4", "SADD b 3 4 5", "SADD c 4 5 6", "SINTER a b", "SINTER a b c",
      "SINTER a missing", "SUNION a b c", "SDIFF a b", "SDIFF a b c", "SDIFF missing a", "SDIFF a missing", resp3=True),
    S("algebra-hashtable", "SADD a x y z 1", "SADD b y z w", unordered("SINTER a b"), unordered("SUNION a b"),
      unordered("SDIFF a b"), "SINTERCARD 2 a b", unordered("SUNION a missing")),
    S("sintercard", "SADD a 1 2 3", "SADD b 2 3 4", "SINTERCARD 2 a b", "SINTERCARD 2 a missing",
      "SINTERCARD 1 a LIMIT 2", "SINTERCARD 1 a LIMIT 0", "SINTERCARD 1 a limit 1 LIMIT 3", "SINTERCARD 0 a",
      "SINTERCARD x a", "SINTERCARD 3 a b", "SINTERCARD 1 a LIMIT", "SINTERCARD 1 a LIMIT -1", "SINTERCARD 1 a FOO 1"),
    S("stores", "SADD a 1 2 3", "SADD b 2 3 x", "SET d v", "EXPIRE d 100", "SINTERSTORE d a b", "TTL d", "SMEMBERS d",
      "OBJECT ENCODING d", "SUNIONSTORE u a b", "SCARD u", "OBJECT ENCODING u", "SDIFFSTORE f a b", "SMEMBERS f",
      "SDIFFSTORE f b b", "EXISTS f", "SINTERSTORE d a missing", "EXISTS d", "SUNIONSTORE d missing", "SINTERSTORE d"),
    S("sscan", "SADD s 3 1 2", "SSCAN s 0", "SSCAN s 0 COUNT 1", "SSCAN s 0 MATCH 1*", "SSCAN s 0 COUNT 0",
      "SSCAN s 0 COUNT x", "SSCAN s 0 MATCH", "SSCAN s 0 TYPE set", "SSCAN s x", "SSCAN missing 0 FOO", "SSCAN s"),
]
