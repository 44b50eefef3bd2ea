"""Sorted-set commands: ZADD and the reads, the ZRANGE family, removals, pops, set operations, ZSCAN."""

from tests.differential._dsl import area

S = area("zsets")

SCRIPTS = [
    S("zadd-flags", "ZADD z 1 a 2 b 3 c", "ZADD z NX 5 a 6 d", "ZADD z XX CH 7 a 8 e", "ZADD z GT CH 1 a 9 b",
      "ZADD z LT 0 a", "ZADD z INCR 1 a", "ZADD z NX INCR 1 a", "ZADD missing XX 1 a", "EXISTS missing", resp3=True),
    S("zadd-errors", "ZADD z NX XX 1 a", "ZADD z GT LT 1 a", "ZADD z INCR 1 a 2 b", "ZADD z 1 a 2", "ZADD z nan a",
      "ZADD z abc a", "ZADD z INCR inf a", "ZADD z INCR -inf a", "SET s v", "ZADD s 1 a", "ZINCRBY s 1 a"),
    S("zscores", "ZADD z 1.1 a inf b 0x10 c -0 d", "ZSCORE z a", "ZMSCORE z a b c d x", "ZINCRBY z 0.1 a",
      "ZRANGE z 0 -1 WITHSCORES", resp3=True),
    S("zrank-zcount", "ZADD z 1 a 2 b 3 c", "ZRANK z b", "ZREVRANK z b", "ZRANK z x", "ZCOUNT z (1 +inf",
      "ZCOUNT z -inf (3", "ZCOUNT z x 1", "ZCARD z", "ZCARD missing"),
    S("zrange-forms", "ZADD z 1 a 2 b 3 c 4 d", "ZRANGE z 0 -1", "ZRANGE z 4 (1 BYSCORE REV LIMIT 1 2 WITHSCORES",
      "ZREVRANGE z 0 1", "ZRANGEBYSCORE z (1 3", "ZREVRANGEBYSCORE z +inf -inf LIMIT 0 2", "ZRANGE z 0 1 LIMIT 0 1",
      "ZRANGE z 0 1 BYLEX WITHSCORES", resp3=True),
    S("zrange-lex", "ZADD z 0 a 0 b 0 c 0 d", "ZRANGEBYLEX z [b +", "ZREVRANGEBYLEX z (d - LIMIT 1 1",
      "ZLEXCOUNT z - +", "ZRANGEBYLEX z a b", "ZREMRANGEBYLEX z - (c", "ZRANGE z 0 -1"),
    S("zrangestore", "ZADD z 1 a 2 b", "ZRANGESTORE d z 0 0", "ZRANGE d 0 -1 WITHSCORES", "ZRANGESTORE d z 9 9",
      "EXISTS d"),
    S("zremrange-zpop", "ZADD z 1 a 2 b 3 c 4 d 5 e", "ZREMRANGEBYRANK z 0 0", "ZREMRANGEBYSCORE z (4 5",
      "ZPOPMIN z", "ZPOPMAX z 5", "EXISTS z", "ZPOPMIN z -1", resp3=True),
    S("zset-encoding", "CONFIG SET zset-max-listpack-entries 2", "ZADD z 1 a 2 b", "OBJECT ENCODING z", "ZADD z 3 c",
      "OBJECT ENCODING z", "ZREM z c", "OBJECT ENCODING z", "TYPE z", "CONFIG SET zset-max-listpack-entries 128"),
    S("zmpop", "ZADD b 1 x 2 y 3 z", "ZMPOP 2 a b MIN", "ZMPOP 2 a b MAX COUNT 5", "ZMPOP 1 b MIN", "ZMPOP 0 a MIN",
      "ZMPOP 3 a b MIN", "ZMPOP 1 a MIN COUNT 0", resp3=True),
    S("zrandmember", "ZADD z 3 c 1 a 2 b", "ZRANDMEMBER z 5 WITHSCORES", "ZRANDMEMBER z 0", "ZRANDMEMBER z 1 foo",
      "ZRANDMEMBER missing", "ZRANDMEMBER z -4611686018427387904 WITHSCORES", resp3=True),
    S("zunion-zinter-zdiff", "ZADD a 1 x 2 y 3 z", "ZADD b 10 y 20 z 30 w", "SADD s y q",
      "ZUNION 3 a b s WITHSCORES WEIGHTS 1 2 3 AGGREGATE MAX", "ZINTER 2 a b WITHSCORES", "ZDIFF 2 b a WITHSCORES",
      "ZUNION 2 a b WEIGHTS 1", "ZDIFF 2 a b AGGREGATE SUM", "ZUNION 0 a", resp3=True),
    S("zstore-ops", "ZADD a 1 x 2 y", "ZADD b 2 y 3 z", "ZUNIONSTORE d 2 a b", "ZRANGE d 0 -1 WITHSCORES",
      "ZINTERSTORE d 2 a b WEIGHTS 2 0.5", "ZRANGE d 0 -1 WITHSCORES", "ZDIFFSTORE d 2 a a", "EXISTS d",
      "ZINTERCARD 2 a b", "ZINTERCARD 2 a b LIMIT -1"),
    S("zscan-listpack", "ZADD z 1.1 a 2 b inf c", "ZSCAN z 0", "ZSCAN z 0 MATCH b", "ZSCAN z 0 COUNT 0", resp3=True),
]
