"""List commands (the non-blocking ones) and their error cases."""

from tests.differential._dsl import area

S = area("lists")

I64_MAX = "9223372036854775807"
I64_MIN = "-9223372036854775808"

SCRIPTS = [
    # -- push / pop
    S("push-order", "LPUSH l a b c", "RPUSH l d e", "LRANGE l 0 -1", "LLEN l", "TYPE l", "OBJECT ENCODING l"),
    S("pushx", "LPUSHX l a", "RPUSHX l a", "EXISTS l", "RPUSH l a", "LPUSHX l b c", "RPUSHX l d", "LRANGE l 0 -1"),
    S("push-arity", "LPUSH l", "RPUSH", "LPUSHX l", "RPUSHX l"),
    S("pop", "RPUSH l a b c", "LPOP l", "RPOP l", "LPOP l", "LPOP l", "RPOP l", "EXISTS l", resp3=True),
    S("pop-count", "RPUSH l a b c d e", "LPOP l 2", "RPOP l 2", "LPOP l 0", "RPOP l 10", "EXISTS l", "LPOP l 2",
      "RPOP l 0", resp3=True),
    S("pop-count-errors", "RPUSH l a", "LPOP l -1", "RPOP l x", "LPOP l 1 2", "RPOP missing -1",
      f"LPOP l {I64_MAX}", "LPOP l 9223372036854775808"),
    S("pop-large", ("RPUSH", "l", *[str(i) for i in range(300)]), "LPOP l 150", "RPOP l 100", "LLEN l",
      "OBJECT ENCODING l"),
    # -- ranges and indexes
    S("lrange", "RPUSH l a b c d e", "LRANGE l 0 0", "LRANGE l -2 -1", "LRANGE l -100 100", "LRANGE l 3 1",
      "LRANGE l 5 10", "LRANGE l 1 -2", f"LRANGE l {I64_MIN} {I64_MAX}", "LRANGE missing 0 -1",
      "LRANGE l x 1", "LRANGE l 0 1.5"),
    S("lindex", "RPUSH l a b c", "LINDEX l 0", "LINDEX l -1", "LINDEX l 3", "LINDEX l -4", "LINDEX missing 0", "LINDEX missing x",
      "LINDEX l x", f"LINDEX l {I64_MIN}", resp3=True),
    S("lset", "RPUSH l a b c", "LSET l 0 x", "LSET l -1 z", "LRANGE l 0 -1", "LSET l 3 q", "LSET l -4 q",
      "LSET l x q", "LSET missing 0 q", "LSET missing x q"),
    # -- insert / remove / trim
    S("linsert", "RPUSH l a b a", "LINSERT l BEFORE a x", "LINSERT l after a y", "LRANGE l 0 -1",
      "LINSERT l before nothere z", "LINSERT missing before a z", "LINSERT l middle a z", "EXISTS missing"),
    S("lrem", "RPUSH l a b a c a b a", "LREM l 2 a", "LRANGE l 0 -1", "LREM l -1 b", "LRANGE l 0 -1",
      "LREM l 0 a", "LRANGE l 0 -1", "LREM l 0 zz", "LREM l 0 c", "EXISTS l", "LREM l x a", "LREM missing 1 a"),
    S("ltrim", "RPUSH l a b c d e", "LTRIM l 1 -2", "LRANGE l 0 -1", "LTRIM l -100 100", "LRANGE l 0 -1",
      "LTRIM l 1 1", "LRANGE l 0 -1", "LTRIM l 2 1", "EXISTS l", "LTRIM missing 0 1", "LTRIM l x 1"),
    # -- LPOS
    S("lpos", "RPUSH l a b a c a", "LPOS l a", "LPOS l c", "LPOS l z", "LPOS l a RANK 2", "LPOS l a RANK -1",
      "LPOS l a RANK -3", "LPOS l a RANK 4", "LPOS l a COUNT 0", "LPOS l a COUNT 2", "LPOS l a RANK -1 COUNT 2",
      "LPOS l a RANK 2 MAXLEN 3", "LPOS l a RANK 2 MAXLEN 2", "LPOS l a COUNT 0 MAXLEN 4",
      "LPOS l a rank 1 RANK 3", "LPOS missing a", "LPOS missing a COUNT 1", resp3=True),
    S("lpos-errors", "RPUSH l a", "LPOS l a RANK 0", "LPOS l a RANK x", "LPOS l a COUNT -1", "LPOS l a COUNT x",
      "LPOS l a MAXLEN -1", "LPOS l a RANK", "LPOS l a FOO 1", "LPOS l a COUNT x RANK 0", "LPOS l a RANK 0 COUNT x",
      f"LPOS l a RANK {I64_MIN}", "RPUSH l b a", f"LPOS l a RANK {I64_MIN} COUNT 1", "LPOS l"),
    # -- LMOVE / RPOPLPUSH / LMPOP
    S("lmove", "RPUSH a 1 2 3", "LMOVE a b LEFT RIGHT", "LMOVE a b right left", "LRANGE a 0 -1",
      "LRANGE b 0 -1", "LMOVE a a LEFT RIGHT", "LRANGE a 0 -1", "LMOVE a b left left", "EXISTS a",
      "LRANGE b 0 -1", "LMOVE missing b left left", "LMOVE b b up left", resp3=True),
    S("rpoplpush", "RPUSH a 1 2", "RPOPLPUSH a b", "RPOPLPUSH a a", "RPOPLPUSH b a", "LRANGE a 0 -1",
      "EXISTS b", "RPOPLPUSH missing a", "RPOPLPUSH a"),
    S("lmpop", "RPUSH b 1 2 3", "LMPOP 2 a b LEFT", "LMPOP 2 a b RIGHT COUNT 5", "LMPOP 2 a b left",
      "EXISTS b", resp3=True),
    S("lmpop-errors", "SET s v", "LMPOP 0 a LEFT", "LMPOP -1 a LEFT", "LMPOP x a LEFT", "LMPOP 2 a LEFT",
      "LMPOP 3 a left", "LMPOP 1 a MIDDLE", "LMPOP 1 a LEFT COUNT 0", "LMPOP 1 a LEFT COUNT x",
      "LMPOP 1 a LEFT COUNT", "LMPOP 1 a LEFT COUNT 1 COUNT 2", "LMPOP 1 a LEFT foo", "LMPOP 1 a",
      "LMPOP 2 a s LEFT", "RPUSH b x", "LMPOP 3 a b s LEFT COUNT 10"),
    S("lrange-long", ("RPUSH", "l", *[str(i) for i in range(1000)]), "LRANGE l -3 -1", "LRANGE l 990 995",
      "LRANGE l 2 5", "LRANGE l 499 501", "LRANGE l -2 5000", "LRANGE l 998 2"),
    S("getkeys", "COMMAND GETKEYS LMPOP 2 a b LEFT", "COMMAND GETKEYS LMPOP 5 a LEFT",
      "COMMAND GETKEYSANDFLAGS LMOVE a b LEFT RIGHT", "COMMAND GETKEYS LMPOP 0 a LEFT",
      "COMMAND GETKEYSANDFLAGS LMPOP 1 a LEFT", "COMMAND GETKEYS RPOPLPUSH a b"),
    # -- types
    S("wrongtype", "SET s v", "LPUSH s a", "RPUSHX s a", "LPOP s", "RPOP s 0", "LLEN s", "LRANGE s 0 -1",
      "LINDEX s 0", "LSET s 0 a", "LSET s x a", "LINSERT s before a b", "LINSERT s middle a b", "LREM s 0 a",
      "LREM s x a", "LTRIM s 0 1", "LPOS s a", "LPOS s a RANK 0", "LMOVE s l left left", "RPUSH l a",
      "LMOVE l s left left", "LRANGE l 0 -1", "LMOVE missing s left left", "RPOPLPUSH l s"),
    S("ttl-kept", "RPUSH l a b", "EXPIRE l 100", "RPUSH l c", "LPOP l", "LSET l 0 x", "TTL l", "LPOP l 5",
      "RPUSH l a", "TTL l"),
]
