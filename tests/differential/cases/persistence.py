"""DUMP and RESTORE: payload bytes for every deterministic encoding, and RESTORE's refusals."""

from tests.differential._dsl import area

S = area("persistence")

_LONG = "abc" * 40
_LIST = " ".join(f"element-{i}" for i in range(1500))
_INTS = " ".join(str(i * 7919) for i in range(600))

SCRIPTS = [
    S("dump-strings", "SET a 12", "SET b -30000", "SET c 2000000000", "SET d 90000000000", "SET e hello",
      f"SET f {_LONG}", "APPEND g xyz", "DUMP a", "DUMP b", "DUMP c", "DUMP d", "DUMP e", "DUMP f", "DUMP g",
      "DUMP missing", "CONFIG SET rdbcompression no", "DUMP f", "CONFIG SET rdbcompression yes"),
    S("dump-collections", "RPUSH l a 1 -5000 70000 3000000000", f"RPUSH big {_LIST}", "HSET h a 1 b hello",
      "SADD s 1 2 3 -7", "SADD w 1 5000000000", "ZADD z 1 a 2.5 b -3 c inf d", f"SADD n {_INTS}",
      "ZADD k 1 a 2 bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
      "DUMP l", "DUMP big", "DUMP h", "DUMP s", "DUMP w", "DUMP z", "DUMP k",
      "XADD x 1-1 a 1 b 2", "XADD x 2-0 a 3 b 4", "XADD x 3-0 c 5", "DUMP x", "PFADD p a b c", "DUMP p"),
    S("restore-errors", "SET k v", "RESTORE k 0 x", "RESTORE n 0 x", "RESTORE n -1 x", "RESTORE n x x",
      "RESTORE n 0 x IDLETIME -1", "RESTORE n 0 x FREQ 256", "RESTORE n 0 x FREQ 1 IDLETIME 1",
      "RESTORE n 0 x REPLACE ABSTTL BOGUS", "RESTORE n 0 x IDLETIME", "RESTORE n", "DUMP"),
]
