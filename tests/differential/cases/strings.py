"""String commands and their error cases (bitmaps are in bitmaps.py)."""

from tests.differential._dsl import area, cmd
from tests.differential._normalize import integer_between

S = area("strings")

I64_MAX = "9223372036854775807"
I64_MIN = "-9223372036854775808"

SCRIPTS = [
    # -- GET / SET basics
    S("get-missing", "GET nokey", resp3=True),
    S("set-get", "SET k v", "GET k", "SET k ''", "GET k", ("SET", "k", b"\x00\x01\xff"), "GET k"),
    S("set-get-large", ("SET", "k", "x" * 100_000), "STRLEN k", "GETRANGE k 99990 -1"),
    S("set-overwrite", "SET k a", "SET k bb", "GET k"),
    # -- SET options
    S("set-nx", "SET k v NX", "SET k w NX", "GET k", resp3=True),
    S("set-xx", "SET k v XX", "GET k", "SET k v", "SET k w XX", "GET k", resp3=True),
    S("set-get-option", "SET k v GET", "SET k w GET", "GET k", resp3=True),
    S("set-nx-get", "SET k v NX GET", "SET k w NX GET", "GET k", resp3=True),
    S("set-xx-get", "SET k v XX GET", "GET k", "SET k v", "SET k w XX GET", "GET k"),
    S("set-ex-px", "SET k v EX 100", "TTL k", "SET k v PX 100000", cmd("PTTL k", norm=integer_between(99000, 100000))),
    S("set-exat-pxat", "SET k v EXAT 4000000000", "EXPIRETIME k", "SET k v PXAT 4000000000123", "PEXPIRETIME k"),
    S("set-exat-past", "SET k v EXAT 1", "GET k", "EXISTS k", "SET k v PXAT 1", "GET k"),
    S("set-options-case", "SET k v ex 100 nx", "TTL k", "set k v Px 5000 xX", cmd("PTTL k", norm=integer_between(4000, 5000))),
    S("set-ex-zero", "SET k v EX 0", "SET k v PX 0", "SET k v EXAT 0", "SET k v PXAT 0", "EXISTS k"),
    S("set-ex-negative", "SET k v EX -1", "SET k v PX -5", "SET k v EXAT -1", "EXISTS k"),
    S("set-ex-not-integer", "SET k v EX abc", "SET k v PX 1.5", "SET k v EX ''", "SET k v EX 10a"),
    S("set-ex-overflow", f"SET k v EX {I64_MAX}", f"SET k v PX {I64_MAX}", "SET k v EX 9223372036854775808",
      "SET k v EX 9223372036854776", "SET k v EX 922337203685477", "EXISTS k"),
    S("set-ex-missing-value", "SET k v EX", "SET k v PX", "SET k v EXAT", "SET k v PXAT", "EXISTS k"),
    S("set-conflicts", "SET k v NX XX", "SET k v EX 10 PX 100", "SET k v EX 10 KEEPTTL", "SET k v PX 10 EXAT 10",
      "SET k v EXAT 10 PXAT 10", "SET k v KEEPTTL PXAT 100", "EXISTS k"),
    S("set-repeated-options", "SET k v NX NX", "SET k v EX 10 EX 20", "SET k v GET GET", "SET k v KEEPTTL KEEPTTL"),
    S("set-unknown-option", "SET k v FOO", "SET k v EX 10 FOO", "SET k v 10", "EXISTS k"),
    S("set-keepttl", "SET k v EX 100", "SET k w KEEPTTL", "TTL k", "GET k", "SET k x", "TTL k"),
    S("set-keepttl-nx", "SET k v KEEPTTL NX", "TTL k"),
    # -- SETNX SETEX PSETEX GETSET GETDEL GETEX
    S("setnx", "SETNX k v", "SETNX k w", "GET k", "SETNX k"),
    S("setex", "SETEX k 100 v", "GET k", "TTL k", "SETEX k 0 v", "SETEX k -1 v", "SETEX k abc v", "SETEX k 10"),
    S("setex-overflow", f"SETEX k {I64_MAX} v", "SETEX k 9223372036854775 v", "EXISTS k"),
    S("psetex", "PSETEX k 100000 v", "GET k", cmd("PTTL k", norm=integer_between(99000, 100000)),
      "PSETEX k 0 v", "PSETEX k x v"),
    S("getset", "GETSET k v", "GETSET k w", "GET k", "GETSET k"),
    S("getset-clears-ttl", "SET k v EX 100", "GETSET k w", "TTL k"),
    S("getdel", "SET k v", "GETDEL k", "GETDEL k", "EXISTS k", "GETDEL", resp3=True),
    S("getex-plain", "SET k v EX 100", "GETEX k", "TTL k", "GETEX missing", resp3=True),
    S("getex-options", "SET k v", "GETEX k EX 100", "TTL k", "GETEX k PERSIST", "TTL k",
      "GETEX k PX 50000", cmd("PTTL k", norm=integer_between(49000, 50000)),
      "GETEX k EXAT 4000000000", "EXPIRETIME k", "GETEX k PXAT 4000000000999", "PEXPIRETIME k", resp3=True),
    S("getex-past", "SET k v", "GETEX k EXAT 1", "EXISTS k"),
    S("getex-errors", "SET k v", "GETEX k EX", "GETEX k EX 0", "GETEX k EX -1", "GETEX k EX abc", "GETEX k PERSIST EX 10",
      "GETEX k EX 10 PX 10", "GETEX k FOO", "GETEX k KEEPTTL", f"GETEX k EX {I64_MAX}", "GETEX", "TTL k"),
    # -- MSET MSETNX MGET
    S("mset-mget", "MSET a 1 b 2 c 3", "MGET a b c d", "MSET a x a y", "GET a", resp3=True),
    S("mset-arity", "MSET a", "MSET a 1 b", "MSETNX a", "MSETNX a 1 b"),
    S("msetnx", "MSETNX a 1 b 2", "MSETNX b 3 c 4", "MGET a b c", "MSETNX c 1 c 2", "GET c"),
    S("mset-clears-ttl", "SET a v EX 100", "MSET a w", "TTL a"),
    # -- STRLEN APPEND
    S("strlen", "STRLEN missing", "SET k hello", "STRLEN k", "SET n 12345", "STRLEN n"),
    S("append", "APPEND k hello", "APPEND k ' world'", "GET k", "APPEND k ''", "STRLEN k", resp3=True),
    S("append-to-integer", "SET k 100", "APPEND k 5", "GET k", "INCR k", "OBJECT ENCODING k"),
    S("append-arity", "APPEND k", "APPEND k a b"),
    S("append-keeps-ttl", "SET k v EX 100", "APPEND k w", "TTL k"),
    # -- GETRANGE / SUBSTR / SETRANGE
    S("getrange", "SET k 'Hello World'", "GETRANGE k 0 4", "GETRANGE k -5 -1", "GETRANGE k 0 -1", "GETRANGE k 5 3",
      "GETRANGE k -100 3", "GETRANGE k 3 100", "GETRANGE k 100 200", "GETRANGE k -1 -5", "GETRANGE k 0 0"),
    S("getrange-edges", "GETRANGE missing 0 -1", "SET k ''", "GETRANGE k 0 -1", "GETRANGE k 0 0", "SET n 12345",
      "GETRANGE n 1 2", "SET k abc", f"GETRANGE k {I64_MIN} {I64_MAX}", f"GETRANGE k {I64_MAX} {I64_MIN}"),
    S("getrange-errors", "SET k v", "GETRANGE k a 1", "GETRANGE k 0 b", "GETRANGE k 0", "GETRANGE k 0 9223372036854775808"),
    S("substr", "SET k 'Hello World'", "SUBSTR k 0 4", "SUBSTR k -3 -1", "SUBSTR missing 0 1", "SUBSTR k 0"),
    S("setrange", "SET k 'Hello World'", "SETRANGE k 6 Redis", "GET k", "SETRANGE k 20 '!'", "GET k", "STRLEN k", resp3=True),
    S("setrange-missing-key", "SETRANGE k 5 x", "GET k", "SETRANGE k2 0 ''", "EXISTS k2", "SETRANGE k3 3 ''", "EXISTS k3"),
    S("setrange-errors", "SET k v", "SETRANGE k -1 x", "SETRANGE k abc x", "SETRANGE k 536870912 x",
      "SETRANGE k 536870911 ''", "SETRANGE k 1"),
    S("setrange-integer", "SET k 12345", "SETRANGE k 1 9", "GET k", "OBJECT ENCODING k"),
    S("setrange-empty-value-existing", "SET k abc", "SETRANGE k 10 ''", "GET k"),
    # -- INCR family
    S("incr", "INCR k", "INCR k", "INCRBY k 10", "DECR k", "DECRBY k 5", "GET k", "INCRBY k -20", "DECRBY k -3", "GET k", resp3=True),
    S("incr-not-integer", "SET k abc", "INCR k", "SET k 1.5", "INCR k", "SET k ' 1'", "INCR k", "SET k '1 '", "INCR k",
      "SET k ''", "INCR k", "SET k 01", "INCR k", "SET k +1", "INCR k", "SET k -0", "INCR k"),
    S("incr-overflow", f"SET k {I64_MAX}", "INCR k", "GET k", f"SET k {I64_MIN}", "DECR k", "GET k",
      "SET k 9223372036854775808", "INCR k"),
    S("incrby-overflow", "SET k 1", f"INCRBY k {I64_MAX}", "SET k -2", f"DECRBY k {I64_MAX}", "GET k",
      f"DECRBY k {I64_MIN}", "SET k 0", f"DECRBY k {I64_MIN}", "INCRBY k 9223372036854775808"),
    S("incrby-errors", "INCRBY k abc", "INCRBY k 1.0", "DECRBY k ''", "INCRBY k", "INCR", "DECR a b", "EXISTS k"),
    S("incr-keeps-ttl", "SET k 1 EX 100", "INCR k", "TTL k", "INCRBYFLOAT k 1.5", "TTL k"),
    S("incr-large-values", "SET k 99999", "INCR k", "SET k 123456789012345678", "INCR k", "GET k"),
    # -- INCRBYFLOAT
    S("incrbyfloat-basic", "INCRBYFLOAT k 10.5", "INCRBYFLOAT k 0.1", "INCRBYFLOAT k -5", "INCRBYFLOAT k 0", "GET k"),
    S("incrbyfloat-formatting", "SET k 3.0e3", "INCRBYFLOAT k 200", "SET k 5.0e3", "INCRBYFLOAT k 2.0e2",
      "SET k 1", "INCRBYFLOAT k 0.0000001", "INCRBYFLOAT k 1e10", "SET k 0", "INCRBYFLOAT k 1.23456789012345678", resp3=True),
    S("incrbyfloat-integers", "SET k 10", "INCRBYFLOAT k 1", "INCRBYFLOAT k -11", "INCRBYFLOAT k -0.5", "INCRBYFLOAT k 0.5"),
    S("incrbyfloat-exponents", "INCRBYFLOAT k 1e3", "INCRBYFLOAT k 1.5E2", "INCRBYFLOAT k -1e-2", "INCRBYFLOAT k 5e20",
      "INCRBYFLOAT k2 1e-20"),
    S("incrbyfloat-precision", "SET k 0.1", "INCRBYFLOAT k 0.2", "SET k 1.1", "INCRBYFLOAT k 2.2",
      "SET k 9007199254740993", "INCRBYFLOAT k 0", "SET k 1", "INCRBYFLOAT k 0.3333333333333333"),
    S("incrbyfloat-errors", "INCRBYFLOAT k abc", "INCRBYFLOAT k ''", "INCRBYFLOAT k 1.0.0", "INCRBYFLOAT k inf",
      "INCRBYFLOAT k -inf", "INCRBYFLOAT k nan", "INCRBYFLOAT k ' 1'", "INCRBYFLOAT k 0x10", "EXISTS k"),
    S("incrbyfloat-overflow", "SET k 1e308", "INCRBYFLOAT k 1e308", "GET k", "SET k abc", "INCRBYFLOAT k 1",
      "INCRBYFLOAT k 1.7976931348623157e309"),
    S("incrbyfloat-stored-value", "SET k 1.5", "INCRBYFLOAT k 1", "STRLEN k", "OBJECT ENCODING k", "INCR k"),
    # -- LCS
    S("lcs-basic", "MSET a ohmytext b mynewtext", "LCS a b", "LCS a b LEN", "LCS b a", "LCS a missing", "LCS missing other", resp3=True),
    S("lcs-idx", "MSET a ohmytext b mynewtext", "LCS a b IDX", "LCS a b IDX MINMATCHLEN 4", "LCS a b IDX WITHMATCHLEN",
      "LCS a b IDX MINMATCHLEN 4 WITHMATCHLEN", resp3=True),
    S("lcs-idx-len", "MSET a ohmytext b mynewtext", "LCS a b IDX LEN", "LCS a b LEN IDX"),
    S("lcs-errors", "MSET a x b y", "LCS a", "LCS a b FOO", "LCS a b MINMATCHLEN", "LCS a b MINMATCHLEN x"),
    S("lcs-empty", "MSET a '' b abc", "LCS a b", "LCS a b IDX", "LCS a b LEN", resp3=True),
    S("lcs-identical", "MSET a abcdef b abcdef", "LCS a b", "LCS a b IDX WITHMATCHLEN", "LCS a b IDX MINMATCHLEN -1"),
    S("lcs-binary", ("MSET", "a", b"\x00\x01\x02x", "b", b"\x01x\x00"), "LCS a b", "LCS a b IDX"),
    # -- OBJECT ENCODING of strings (keyspace.py has more)
    S("encoding-after-writes", "SET k 123", "OBJECT ENCODING k", "APPEND k 4", "OBJECT ENCODING k",
      "SET k abc", "OBJECT ENCODING k", "SETRANGE k 0 x", "OBJECT ENCODING k"),
    # -- expiry through string writes
    S("set-px-expires", "SET k v PX 100", cmd("GET k", delay=0.2), "EXISTS k"),
]
