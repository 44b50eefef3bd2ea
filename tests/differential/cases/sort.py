"""
SORT and SORT_RO. Redis checks strtod's errno without clearing it, so an
earlier out-of-range number (in any command) can fail a later numeric sort of
non-integer strings: scripts sorting such strings run INCRBYFLOAT first, which
clears errno. Only intset sets are sorted BY nosort, as a hashtable's order is
its own.
"""

from tests.differential._dsl import area

S = area("sort")

SCRIPTS = [
    S("numeric", "INCRBYFLOAT errno 0", "RPUSH l 3 1 2 10 -1.5 0x10 1.0", "SORT l", "SORT l DESC LIMIT 1 3",
      "SORT l LIMIT -5 2", "SORT l LIMIT 10 2", "SORT l LIMIT 2 -1", "SORT_RO l DESC", "SORT missing"),
    S("alpha-nosort", "RPUSH l 2 x 1", "SORT l", "SORT l ALPHA DESC", "SORT l BY nosort DESC LIMIT 1 5",
      "SORT l BY w_*x", "SORT l BY nosort BY w_*"),
    S("by-get", "RPUSH l a b c d", "MSET w_a 3 w_b 1 w_c 2 o_a A o_c C", "HSET h_a f 9", "HSET h_b f 8",
      "SORT l BY w_*", "SORT l BY w_* GET # GET o_* GET h_*->f", "SORT l BY h_*->f DESC LIMIT 0 2 GET o_*",
      "SORT l BY o_* ALPHA", "SORT l GET nostar", resp3=True),
    S("sets-zsets", "SADD s 5 3 9 1", "SORT s DESC", "SORT s BY nosort LIMIT 1 2", "SADD t b c a",
      "SORT t BY nosort STORE d", "LRANGE d 0 -1", "ZADD z 3 a 1 b 2 c", "OBJECT ENCODING z",
      "SORT z BY nosort DESC LIMIT 1 5", "OBJECT ENCODING z", "SORT z"),
    S("store", "RPUSH l 3 1 2", "SET d old", "EXPIRE d 100", "SORT l STORE d GET nope_* GET #", "TTL d",
      "LRANGE d 0 -1", "SORT missing STORE d", "EXISTS d", "SORT l STORE l DESC", "LRANGE l 0 -1"),
    S("errors", "RPUSH l 1", "SORT l LIMIT 1", "SORT l LIMIT x 1", "SORT l foo", "SORT_RO l STORE d", "SET str v",
      "SORT str", "SORT str LIMIT x y", "SORT", "SORT_RO"),
    S("getkeys", "COMMAND GETKEYS SORT a STORE dst", "COMMAND GETKEYS SORT a GET store d STORE e",
      "COMMAND GETKEYSANDFLAGS SORT a BY x_* STORE d", "COMMAND GETKEYS SORT_RO a STORE d", resp3=True),
]
