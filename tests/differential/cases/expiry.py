"""EXPIRE family with NX/XX/GT/LT, TTL/PTTL, EXPIRETIME, PERSIST, KEEPTTL, odd times."""

from tests.differential._dsl import area, cmd
from tests.differential._normalize import integer_between

S = area("expiry")

I64_MAX = "9223372036854775807"
I64_MIN = "-9223372036854775808"
FAR = "4000000000"  # an absolute time (2096) so EXPIRETIME is exact on both servers


def ttl(line: str, seconds: int):
    # A relative TTL read back a moment later may already be one second lower.
    return cmd(line, norm=integer_between(seconds - 1, seconds))


def pttl(line: str, ms: int):
    # As above, with a margin for a slow machine.
    return cmd(line, norm=integer_between(ms - 2000, ms))


SCRIPTS = [
    # -- TTL / PTTL / EXPIRETIME on missing and persistent keys
    S("ttl-missing-persistent", "TTL missing", "PTTL missing", "EXPIRETIME missing", "PEXPIRETIME missing", "SET k v",
      "TTL k", "PTTL k", "EXPIRETIME k", "PEXPIRETIME k", resp3=True),
    S("ttl-arity", "TTL", "TTL a b", "PTTL", "EXPIRETIME", "PEXPIRETIME a b", "PERSIST"),
    # -- EXPIRE / PEXPIRE
    S("expire", "SET k v", "EXPIRE k 100", ttl("TTL k", 100), pttl("PTTL k", 100000), "EXPIRE missing 100"),
    S("pexpire", "SET k v", "PEXPIRE k 100000", ttl("TTL k", 100), pttl("PTTL k", 100000), "PEXPIRE missing 10"),
    S("expire-rounding", "SET k v", "PEXPIRE k 1500", ttl("TTL k", 2), "PEXPIRE k 1499", ttl("TTL k", 1)),
    S("expire-zero-deletes", "SET k v", "EXPIRE k 0", "EXISTS k", "SET k v", "PEXPIRE k 0", "EXISTS k"),
    S("expire-negative-deletes", "SET k v", "EXPIRE k -10", "EXISTS k", "SET k v", "PEXPIRE k -1", "GET k"),
    S("expire-errors", "SET k v", "EXPIRE k abc", "EXPIRE k 1.5", "EXPIRE k ''", "EXPIRE k", "PEXPIRE k x",
      "EXPIRE k 10 FOO", "TTL k"),
    S("expire-overflow", "SET k v", f"EXPIRE k {I64_MAX}", "EXPIRE k 9223372036854776", f"PEXPIRE k {I64_MAX}",
      f"EXPIRE k {I64_MIN}", f"PEXPIRE k {I64_MIN}", "EXPIRE k 9223372036854775808", "TTL k"),
    S("expire-overflow-after-now", "SET k v", "PEXPIRE k 9223372036854775000", "EXPIRE k 9223372036854775",
      "TTL k"),
    S("expire-large-ok", "SET k v", "EXPIRE k 100000000", ttl("TTL k", 100000000), "PEXPIRE k 100000000000",
      ttl("TTL k", 100000000)),
    # -- NX / XX / GT / LT
    S("expire-nx", "SET k v", "EXPIRE k 100 NX", "EXPIRE k 200 NX", ttl("TTL k", 100)),
    S("expire-xx", "SET k v", "EXPIRE k 100 XX", "TTL k", "EXPIRE k 100", "EXPIRE k 200 XX", ttl("TTL k", 200)),
    S("expire-gt", "SET k v", "EXPIRE k 100 GT", "TTL k", "EXPIRE k 100", "EXPIRE k 50 GT", "EXPIRE k 200 GT",
      ttl("TTL k", 200)),
    S("expire-lt", "SET k v", "EXPIRE k 100 LT", ttl("TTL k", 100), "EXPIRE k 200 LT", "EXPIRE k 50 LT",
      ttl("TTL k", 50)),
    S("expire-lt-on-persistent", "SET k v", "PEXPIRE k 100000 LT", pttl("PTTL k", 100000)),
    S("expire-option-case", "SET k v", "EXPIRE k 100 nx", "EXPIRE k 200 gT", ttl("TTL k", 200)),
    S("expire-option-combos", "SET k v", "EXPIRE k 100 NX XX", "EXPIRE k 100 GT LT", "EXPIRE k 100 NX GT",
      "EXPIRE k 100 NX LT", "EXPIRE k 100 XX GT", "EXPIRE k 100 XX LT GT", "EXPIRE k 100 GT GT", "TTL k", resp3=True),
    S("expire-xx-gt", "SET k v EX 100", "EXPIRE k 200 XX GT", ttl("TTL k", 200), "EXPIRE k 150 XX LT",
      ttl("TTL k", 150)),
    S("expire-options-missing-key", "EXPIRE k 100 NX", "EXPIRE k 100 XX", "EXPIRE k 100 GT", "EXPIRE k 100 LT"),
    S("expire-gt-negative", "SET k v EX 100", "EXPIRE k -1 GT", "EXISTS k", "EXPIRE k -1 LT", "EXISTS k"),
    # -- EXPIREAT / PEXPIREAT / EXPIRETIME
    S("expireat", "SET k v", f"EXPIREAT k {FAR}", "EXPIRETIME k", "PEXPIRETIME k", f"PEXPIREAT k {FAR}123",
      "EXPIRETIME k", "PEXPIRETIME k", resp3=True),
    S("expireat-rounding", "SET k v", "PEXPIREAT k 4000000000499", "EXPIRETIME k", "PEXPIREAT k 4000000000500",
      "EXPIRETIME k", "PEXPIREAT k 4000000000999", "EXPIRETIME k"),
    S("expireat-past-deletes", "SET k v", "EXPIREAT k 1", "EXISTS k", "SET k v", "PEXPIREAT k 0", "EXISTS k",
      "SET k v", "EXPIREAT k -5", "EXISTS k"),
    S("expireat-options", "SET k v", f"EXPIREAT k {FAR} NX", "EXPIREAT k 4000000001 NX", "EXPIREAT k 4000000001 GT",
      "EXPIREAT k 3999999999 GT", "EXPIREAT k 3999999999 LT", "EXPIRETIME k", "PEXPIREAT k 3999999999001 XX",
      "PEXPIRETIME k"),
    S("expireat-errors", "SET k v", "EXPIREAT k x", "PEXPIREAT k 1.0", f"EXPIREAT k {I64_MAX}",
      "EXPIREAT k 9223372036854776", f"PEXPIREAT k {I64_MAX}", "EXPIREAT k 1 NX XX", "EXPIREAT k", "EXPIRETIME k"),
    S("expireat-missing", f"EXPIREAT missing {FAR}", f"PEXPIREAT missing {FAR}000"),
    # -- PERSIST
    S("persist", "SET k v EX 100", "PERSIST k", "TTL k", "PERSIST k", "PERSIST missing", "PERSIST a b"),
    S("persist-then-expire", "SET k v EX 100", "PERSIST k", "EXPIRE k 100 NX", ttl("TTL k", 100)),
    # -- writes and TTLs
    S("set-clears-ttl", "SET k v EX 100", "SET k w", "TTL k"),
    S("set-keepttl-keeps", "SET k v EX 100", "SET k w KEEPTTL", ttl("TTL k", 100), "SET k x KEEPTTL GET",
      ttl("TTL k", 100)),
    S("setrange-keeps-ttl", "SET k v EX 100", "SETRANGE k 0 x", ttl("TTL k", 100)),
    S("rename-onto-ttl-key", "SET a 1", "SET b 2 EX 100", "RENAME a b", "TTL b"),
    # -- keys actually expiring
    S("expired-key-gone", "SET k v PX 50", "SET p v", "PEXPIRE p 50", cmd("EXISTS k p", delay=0.15), "GET k", "TTL k",
      "DBSIZE", "SCAN 0"),
    # KEYS reclaims the expired key first: DBSIZE alone would race active expiry.
    S("expired-key-not-counted", "SET k v", "PEXPIRE k 50", cmd("KEYS *", delay=0.15), "DBSIZE", "RANDOMKEY",
      "INCR k", "TTL k"),
    S("expire-then-set", "SET k v PX 50", cmd("SET k v NX", delay=0.15), "TTL k"),
    S("expired-append-starts-fresh", "SET k abc PX 50", cmd("APPEND k x", delay=0.15), "GET k"),
]
