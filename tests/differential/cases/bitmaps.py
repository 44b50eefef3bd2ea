"""SETBIT GETBIT BITCOUNT BITPOS BITOP BITFIELD BITFIELD_RO, with their error cases."""

from tests.differential._dsl import area

S = area("bitmaps")

SCRIPTS = [
    # -- SETBIT / GETBIT
    S("setbit-getbit", "SETBIT k 7 1", "GETBIT k 7", "GETBIT k 0", "GETBIT k 100", "GET k", "SETBIT k 7 0", "GET k"),
    S("setbit-grows", "SETBIT k 100 1", "STRLEN k", "GETBIT k 100", "SETBIT k 0 1", "GET k"),
    S("setbit-returns-old", "SETBIT k 3 1", "SETBIT k 3 1", "SETBIT k 3 0", "SETBIT k 3 0"),
    S("setbit-errors", "SETBIT k -1 1", "SETBIT k 4294967296 1", "SETBIT k abc 1", "SETBIT k 0 2",
      "SETBIT k 0 -1", "SETBIT k 0 a", "SETBIT k 0", "EXISTS k"),
    S("getbit-errors", "GETBIT missing 0", "GETBIT k -1", "GETBIT k 4294967296", "GETBIT k x", "GETBIT k"),
    S("setbit-on-integer", "SET k 1", "SETBIT k 0 1", "GET k", "OBJECT ENCODING k"),
    # -- BITCOUNT
    S("bitcount", "SET k foobar", "BITCOUNT k", "BITCOUNT k 0 0", "BITCOUNT k 1 1", "BITCOUNT k -2 -1",
      "BITCOUNT k 5 1", "BITCOUNT k 0 100", "BITCOUNT k -100 -50", resp3=True),
    S("bitcount-bit-unit", "SET k foobar", "BITCOUNT k 5 30 BIT", "BITCOUNT k 0 0 BYTE", "BITCOUNT k -1 -1 BIT",
      "BITCOUNT k 0 -1 bit", "BITCOUNT k 1 1 byte"),
    S("bitcount-errors", "SET k foobar", "BITCOUNT k 0", "BITCOUNT k 0 1 FOO", "BITCOUNT k a b", "BITCOUNT k 0 1 BIT x",
      "BITCOUNT missing", "BITCOUNT missing 0 1", "BITCOUNT", "BITCOUNT k 0 9223372036854775808"),
    S("bitcount-large", ("SET", "k", b"\xff" * 1000 + b"\x0f" * 1000), "BITCOUNT k", "BITCOUNT k 990 1010",
      "BITCOUNT k 7000 9000 BIT"),
    # -- BITPOS
    S("bitpos", ("SET", "k", b"\xff\xf0\x00"), "BITPOS k 0", "BITPOS k 1", "BITPOS k 1 2", "BITPOS k 0 1 1",
      "BITPOS k 0 -1", "BITPOS k 1 -1 -1", resp3=True),
    S("bitpos-all-ones", ("SET", "k", b"\xff\xff\xff"), "BITPOS k 0", "BITPOS k 0 0", "BITPOS k 0 0 -1", "BITPOS k 1 5"),
    S("bitpos-all-zeros", ("SET", "k", b"\x00\x00"), "BITPOS k 1", "BITPOS k 0", "BITPOS k 1 0 -1"),
    S("bitpos-bit-unit", ("SET", "k", b"\x00\xff\xf0"), "BITPOS k 1 7 15 BIT", "BITPOS k 0 8 -1 BIT",
      "BITPOS k 1 2 2 BYTE", "BITPOS k 1 0 6 BIT", "BITPOS k 0 9 14 BIT"),
    S("bitpos-missing", "BITPOS missing 0", "BITPOS missing 1", "BITPOS missing 0 5"),
    S("bitpos-errors", "SET k a", "BITPOS k 2", "BITPOS k -1", "BITPOS k x", "BITPOS k 1 a", "BITPOS k 1 0 b",
      "BITPOS k 1 0 1 FOO", "BITPOS k 1 0 1 BIT extra", "BITPOS k"),
    S("bitpos-empty-string", "SET k ''", "BITPOS k 0", "BITPOS k 1"),
    # -- BITOP
    S("bitop-and-or-xor", ("MSET", "a", b"\xf0\x0f", "b", b"\xff"), "BITOP AND d a b", "GET d", "BITOP OR d a b", "GET d",
      "BITOP XOR d a b", "GET d"),
    S("bitop-not", ("SET", "a", b"\xf0\x0f"), "BITOP NOT d a", "GET d", "BITOP not d a", "GET d"),
    S("bitop-missing-keys", "BITOP AND d x y", "EXISTS d", "SET d v", "BITOP OR d x", "EXISTS d",
      "SET a abc", "BITOP AND d a missing", "GET d"),
    S("bitop-errors", "SET a abc", "BITOP NOT d a a", "BITOP FOO d a", "BITOP AND d", "BITOP AND"),
    S("bitop-single-source", "SET a abc", "BITOP AND d a", "GET d", "BITOP XOR d a", "GET d"),
    S("bitop-dest-is-source", "MSET a abc b xyz", "BITOP OR a a b", "GET a"),
    # -- BITFIELD
    S("bitfield-get-set", "BITFIELD k SET u8 0 255", "BITFIELD k GET u8 0", "BITFIELD k GET i8 0", "BITFIELD k GET u4 4",
      "GET k", resp3=True),
    S("bitfield-incrby", "BITFIELD k INCRBY u2 100 1 INCRBY u2 100 1 INCRBY u2 100 1 INCRBY u2 100 1"),
    S("bitfield-overflow-wrap", "BITFIELD k OVERFLOW WRAP SET i8 0 127 INCRBY i8 0 1", "BITFIELD k INCRBY u8 8 300",
      "BITFIELD k OVERFLOW WRAP INCRBY u8 8 -301"),
    S("bitfield-overflow-sat", "BITFIELD k OVERFLOW SAT SET u8 0 200 INCRBY u8 0 100 INCRBY i8 8 -200",
      "BITFIELD k OVERFLOW SAT SET i8 0 500"),
    S("bitfield-overflow-fail", "BITFIELD k OVERFLOW FAIL SET u8 0 255 INCRBY u8 0 1 GET u8 0",
      "BITFIELD k OVERFLOW FAIL SET i4 0 8", resp3=True),
    S("bitfield-hash-offsets", "BITFIELD k SET u8 #1 5 GET u8 #1 GET u8 8 SET i16 #2 -1", "GET k"),
    S("bitfield-i64-u63", "BITFIELD k SET i64 0 -1 GET i64 0 GET u63 0", "BITFIELD k SET u63 0 9223372036854775807",
      "BITFIELD k INCRBY i64 0 9223372036854775807"),
    S("bitfield-no-ops", "BITFIELD k", "EXISTS k", "BITFIELD k OVERFLOW SAT", "EXISTS k"),
    S("bitfield-get-missing", "BITFIELD k GET u8 0 GET i32 100", "EXISTS k"),
    S("bitfield-errors", "BITFIELD k GET u8", "BITFIELD k GET u64 0", "BITFIELD k GET i65 0", "BITFIELD k GET x8 0",
      "BITFIELD k GET u0 0", "BITFIELD k GET u8 -1", "BITFIELD k GET u8 abc", "BITFIELD k SET u8 0 abc",
      "BITFIELD k OVERFLOW FOO", "BITFIELD k FOO", "BITFIELD k INCRBY u8 0", "BITFIELD k SET u8 #x 1",
      "BITFIELD k GET u8 4294967296", "EXISTS k"),
    S("bitfield-error-after-valid", "BITFIELD k SET u8 0 1 GET u8", "EXISTS k"),
    S("bitfield-case", "bitfield k set u8 0 1 get u8 0 overflow sat incrby u8 0 300", "BITFIELD k GET U8 0",
      "BITFIELD k GET I8 0"),
    S("bitfield-ro", "BITFIELD k SET u8 0 42", "BITFIELD_RO k GET u8 0 GET i4 4", "BITFIELD_RO k SET u8 0 1",
      "BITFIELD_RO k INCRBY u8 0 1", "BITFIELD_RO k OVERFLOW SAT", "BITFIELD_RO missing GET u8 0", "BITFIELD_RO k"),
]
