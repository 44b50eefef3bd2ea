"""Generic key commands: DEL UNLINK EXISTS TYPE KEYS RENAME COPY MOVE SWAPDB SCAN OBJECT..."""

from tests.differential._dsl import area, cmd, scan_all
from tests.differential._normalize import sorted_elements

S = area("keyspace")


def keys(pattern: str):
    # KEYS answers in hash-table order, which is each server's own.
    return cmd(("KEYS", pattern), norm=sorted_elements)


FILL = "MSET hello 1 hallo 2 hxllo 3 hllo 4 heeello 5 'h*llo' 6 h?llo 7 'h[a]llo' 8 'h\\llo' 9 world 10"

SCRIPTS = [
    # -- DEL / UNLINK / EXISTS
    S("del", "MSET a 1 b 2 c 3", "DEL a", "DEL a", "DEL b c d", "EXISTS a b c", "DEL"),
    S("del-duplicates", "SET a 1", "DEL a a a", "SET a 1", "EXISTS a a a"),
    S("unlink", "MSET a 1 b 2", "UNLINK a b c", "UNLINK a", "UNLINK"),
    S("exists", "EXISTS a", "SET a 1", "EXISTS a", "EXISTS a missing a", "EXISTS"),
    # -- TYPE
    S("type", "SET s v", "SET n 1", "TYPE s", "TYPE n", "TYPE missing", "TYPE", "TYPE a b", resp3=True),
    # -- KEYS patterns
    S("keys-star", FILL, keys("*"), resp3=True),
    S("keys-patterns", FILL, keys("h?llo"), keys("h*llo"), keys("h[ae]llo"), keys("h[^e]llo"), keys("h[a-b]llo"),
      keys("h\\*llo"), keys("h\\?llo"), keys("h\\[a\\]llo"), keys("nomatch*"), keys("world")),
    S("keys-odd-patterns", FILL, keys("h[a-]llo"), keys("h[z-a]llo"), keys("[hw]*"), keys("*o"), keys("h*l*o*"),
      keys("h[!a]llo"), keys("h\\\\llo"), keys("*\\"), keys("h[")),
    S("keys-empty-db", keys("*"), "KEYS", "KEYS a b", resp3=True),
    S("keys-in-other-db", "SELECT 5", "SET a 1", keys("*"), "SELECT 0", keys("*")),
    # -- RENAME / RENAMENX
    S("rename", "SET a 1", "RENAME a b", "GET a", "GET b", "RENAME b b", "GET b"),
    S("rename-missing", "RENAME a b", "RENAME a a", "RENAMENX a b"),
    S("rename-overwrites", "MSET a 1 b 2", "RENAME a b", "GET b", "EXISTS a"),
    S("rename-keeps-ttl", "SET a 1 EX 100", "RENAME a b", "TTL b", "SET c 1 EX 100", "SET d 2", "RENAME d c", "TTL c"),
    S("renamenx", "MSET a 1 b 2", "RENAMENX a b", "RENAMENX a c", "MGET a b c", "RENAMENX c c", "RENAMENX c"),
    # -- COPY
    S("copy", "SET a 1", "COPY a b", "GET b", "COPY a b", "COPY a b REPLACE", "COPY missing b", "COPY a a", resp3=True),
    S("copy-db", "SET a 1", "COPY a a DB 1", "SELECT 1", "GET a", "SELECT 0", "COPY a a DB 1", "COPY a a DB 1 REPLACE"),
    S("copy-errors", "SET a 1", "COPY a b DB 16", "COPY a b DB -1", "COPY a b DB x", "COPY a b DB", "COPY a b FOO",
      "COPY a b REPLACE REPLACE", "COPY a", "COPY a a DB 0"),
    S("copy-keeps-ttl", "SET a 1 EX 100", "COPY a b", "TTL b"),
    S("copy-is-independent", "SET a hello", "COPY a b", "APPEND b x", "MGET a b", "SETRANGE a 0 J", "MGET a b"),
    # -- MOVE
    S("move", "SET a 1", "MOVE a 1", "EXISTS a", "SELECT 1", "GET a", "MOVE a 0", "SELECT 0", "GET a"),
    S("move-existing-target", "SET a 1", "SELECT 1", "SET a 2", "SELECT 0", "MOVE a 1", "GET a"),
    S("move-errors", "SET a 1", "MOVE a 0", "MOVE missing 1", "MOVE a 16", "MOVE a -1", "MOVE a x", "MOVE a"),
    S("move-keeps-ttl", "SET a 1 EX 100", "MOVE a 2", "SELECT 2", "TTL a"),
    # -- TOUCH / DBSIZE / FLUSHDB / FLUSHALL
    S("touch", "MSET a 1 b 2", "TOUCH a b c a", "TOUCH missing", "TOUCH"),
    S("dbsize", "DBSIZE", "MSET a 1 b 2", "DBSIZE", "SELECT 1", "DBSIZE", "SET x 1", "DBSIZE"),
    S("flushdb", "MSET a 1 b 2", "SELECT 1", "SET c 3", "FLUSHDB", "DBSIZE", "SELECT 0", "DBSIZE"),
    S("flushdb-options", "SET a 1", "FLUSHDB ASYNC", "DBSIZE", "SET a 1", "FLUSHDB SYNC", "FLUSHDB sync",
      "FLUSHDB FOO", "FLUSHDB SYNC ASYNC"),
    S("flushall", "SET a 1", "SELECT 3", "SET b 1", "FLUSHALL", "DBSIZE", "SELECT 0", "DBSIZE",
      "FLUSHALL ASYNC", "FLUSHALL SYNC", "FLUSHALL FOO", "FLUSHALL SYNC SYNC"),
    # -- SWAPDB
    S("swapdb", "SET a 0", "SELECT 1", "SET b 1", "SWAPDB 0 1", "GET a", "GET b", "SELECT 0", "GET b", resp3=True),
    S("swapdb-same", "SET a 1", "SWAPDB 0 0", "GET a"),
    S("swapdb-errors", "SWAPDB 0 16", "SWAPDB -1 0", "SWAPDB a 0", "SWAPDB 0 b", "SWAPDB 0", "SWAPDB 0 1 2"),
    S("swapdb-keeps-ttl", "SET a 1 EX 100", "SWAPDB 0 4", "SELECT 4", "TTL a"),
    # -- RANDOMKEY
    S("randomkey", "RANDOMKEY", "SET only 1", "RANDOMKEY", "RANDOMKEY x", resp3=True),
    # -- SCAN
    S("scan-full", "MSET a 1 b 2 c 3 d 4 e 5 f 6 g 7 h 8 i 9 j 10 k 11 l 12", scan_all(), scan_all("COUNT", 3)),
    S("scan-match", FILL, scan_all("MATCH", "h*llo"), scan_all("MATCH", "w*", "COUNT", 1), scan_all("MATCH", "zz*")),
    S("scan-type", "MSET a 1 b 2", scan_all("TYPE", "string"), scan_all("TYPE", "STRING"), scan_all("TYPE", "list"),
      scan_all("TYPE", "nosuchtype")),
    S("scan-empty", "SCAN 0", "SCAN 0 MATCH *", "SCAN 0 COUNT 100", resp3=True),
    S("scan-errors", "SCAN", "SCAN x", "SCAN -1", "SCAN 0 COUNT 0", "SCAN 0 COUNT -1", "SCAN 0 COUNT x", "SCAN 0 MATCH",
      "SCAN 0 FOO bar", "SCAN 0 TYPE", "SCAN 18446744073709551616"),
    S("scan-single-key", "SET a 1", "SCAN 0", "SCAN 0 MATCH a", "SCAN 0 MATCH b", "SCAN 0 TYPE list", resp3=True),
    # -- OBJECT
    S("object-encoding", "SET i 12345", "SET n -1", "SET e hello", ("SET", "r", "x" * 45), ("SET", "s", "x" * 44),
      "SET big 12345678901234567890", "OBJECT ENCODING i", "OBJECT ENCODING n", "OBJECT ENCODING e",
      "OBJECT ENCODING r", "OBJECT ENCODING s", "OBJECT ENCODING big", "OBJECT ENCODING missing", resp3=True),
    S("object-encoding-int-forms", "SET a 007", "SET b ' 1'", "SET c 1.0", "SET d -0", "SET e 9223372036854775807",
      "SET f 9223372036854775808", "OBJECT ENCODING a", "OBJECT ENCODING b", "OBJECT ENCODING c", "OBJECT ENCODING d",
      "OBJECT ENCODING e", "OBJECT ENCODING f"),
    S("object-encoding-after-incr", "INCR a", "OBJECT ENCODING a", "INCRBYFLOAT b 1.5", "OBJECT ENCODING b",
      "SET c 1", "APPEND c 2", "OBJECT ENCODING c"),
    S("object-errors", "OBJECT ENCODING", "OBJECT ENCODING a b", "OBJECT FREQ missing", "OBJECT IDLETIME missing",
      "OBJECT REFCOUNT missing", "SET a 1", "OBJECT FREQ a"),
    S("object-refcount", "SET a 1", "SET b 100000", "SET c hello", "OBJECT REFCOUNT a", "OBJECT REFCOUNT b",
      "OBJECT REFCOUNT c"),
    S("object-idletime", "SET a 1", "OBJECT IDLETIME a"),
]
