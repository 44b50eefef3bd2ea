"""Hash commands, their error cases and their encodings."""

from tests.differential._dsl import area, cmd
from tests.differential._normalize import encode, on_tree, sorted_elements

S = area("hashes")

LONG = "v" * 65
BIG = " ".join(f"f{i} {i}" for i in range(600))


def _sort_page(node):
    """An HSCAN page of a hash table: its field-value pairs come in the table's order."""
    kind, (cursor, (items_kind, items)) = node
    pairs = sorted(zip(items[0::2], items[1::2], strict=True), key=lambda pair: encode(pair[0]))
    return kind, [cursor, (items_kind, [item for pair in pairs for item in pair])]


sorted_page = on_tree(_sort_page)

SCRIPTS = [
    # -- setting and reading
    S("hset-hget", "HSET h a 1 b 2", "HSET h a 9 c 3", "HGET h a", "HGET h zz", "HGET nokey a", "HLEN h", "HLEN nokey",
      resp3=True),
    S("hmset-hmget", "HMSET h a 1 b 2", "HMGET h a zz b", "HMGET nokey a b", "HGETALL h", resp3=True),
    S("hset-arity", "HSET h a", "HSET h a 1 b", "HMSET h a 1 b", "HSET h", "HMSET h", "EXISTS h"),
    S("hsetnx", "HSETNX h a 1", "HSETNX h a 2", "HGET h a", "HSETNX h"),
    S("listpack-order", "HSET h c 1 a 2 b 3", "HSET h a 4", "HDEL h c", "HSET h c 5", "HKEYS h", "HVALS h", "HGETALL h",
      resp3=True),
    S("missing-key", "HKEYS nokey", "HVALS nokey", "HGETALL nokey", "HSTRLEN nokey f", "HEXISTS nokey f", resp3=True),
    S("hstrlen-hexists", "HSET h a hello b ''", "HSTRLEN h a", "HSTRLEN h b", "HSTRLEN h zz", "HEXISTS h a",
      "HEXISTS h zz"),
    S("hdel", "HSET h a 1 b 2 c 3", "HDEL h a zz", "HDEL h zz", "HDEL nokey a", "HDEL h b c a", "EXISTS h", "HDEL h"),
    S("hdel-keeps-ttl", "HSET h a 1 b 2", "EXPIRE h 100", "HDEL h a", "TTL h", "HSET h c 3", "TTL h"),
    # -- counters
    S("hincrby", "HINCRBY h f 5", "HINCRBY h f -7", "HINCRBY h f x", "HINCRBY h f 9223372036854775808",
      "HSET h n 9223372036854775807 m -9223372036854775808 s abc z 007 e ''", "HINCRBY h n 1", "HINCRBY h n 0",
      "HINCRBY h m -1", "HINCRBY h s 1", "HINCRBY h z 1", "HINCRBY h e 1", "HGETALL h"),
    S("hincrbyfloat", "HINCRBYFLOAT h g 1.5", "HINCRBYFLOAT h g 0.1", "HINCRBYFLOAT h g -1.6", "HINCRBYFLOAT h f 3e-5",
      "HINCRBYFLOAT h f 0x10", "HINCRBYFLOAT h b 1e300", "OBJECT ENCODING h", resp3=True),
    S("hincrbyfloat-errors", "HINCRBYFLOAT h g inf", "HINCRBYFLOAT h g -inf", "HINCRBYFLOAT h g nan",
      "HINCRBYFLOAT h g abc", "HSET h s abc i inf e ''", "HINCRBYFLOAT h s 1", "HINCRBYFLOAT h i 1",
      "HINCRBYFLOAT h e 1", "HGETALL h"),
    # -- random fields
    S("hrandfield-one-field", "HSET h a 1", "HRANDFIELD h", "HRANDFIELD h 5", "HRANDFIELD h -3",
      "HRANDFIELD h 2 WITHVALUES", "HRANDFIELD h -2 withvalues", "HRANDFIELD h 0", "HRANDFIELD h 0 withvalues",
      resp3=True),
    S("hrandfield-whole", "HSET h a 1 b 2 c 3", "HRANDFIELD h 3", "HRANDFIELD h 10 WITHVALUES", resp3=True),
    S("hrandfield-missing", "HRANDFIELD nokey", "HRANDFIELD nokey 3", "HRANDFIELD nokey 3 withvalues", resp3=True),
    S("hrandfield-errors", "HSET h a 1", "HRANDFIELD h x", "HRANDFIELD h 1 foo", "HRANDFIELD h 1 withvalues foo",
      "HRANDFIELD nokey 1 foo", "HRANDFIELD h -9223372036854775808", "HRANDFIELD h 9223372036854775808",
      "HRANDFIELD h -4611686018427387904 withvalues", "HRANDFIELD h 4611686018427387904 withvalues",
      "HRANDFIELD h 4611686018427387903 withvalues", "HRANDFIELD h 9223372036854775807"),
    # -- scanning
    S("hscan-listpack", "HSET h a 1 b 2 c 3", "HSCAN h 0", "HSCAN h 7", "HSCAN h 0 MATCH a*", "HSCAN h 0 COUNT 1",
      "HSCAN nokey 0", resp3=True),
    S("hscan-errors", "HSET h a 1", "HSCAN h 0 count 0", "HSCAN h 0 count x", "HSCAN h 0 type string",
      "HSCAN h 0 match", "HSCAN h 0 foo bar", "HSCAN h abc", "HSCAN h -1", "HSCAN nokey abc", "HSCAN nokey 0 count 0"),
    S("hscan-hashtable", f"HSET h {BIG}", cmd("HSCAN h 0 COUNT 1000", norm=sorted_page), "HLEN h",
      cmd("HKEYS h", norm=sorted_elements)),
    # -- encodings
    S("encoding-value-length", "HSET h f " + "v" * 64, "OBJECT ENCODING h", "HSET h f " + LONG, "OBJECT ENCODING h",
      "HSET h f x", "OBJECT ENCODING h"),
    S("encoding-field-length", f"HSETNX a {LONG} x", "OBJECT ENCODING a", f"HINCRBY b {LONG} 1", "OBJECT ENCODING b",
      f"HINCRBYFLOAT c {LONG} 1", "OBJECT ENCODING c", "HINCRBYFLOAT d x 1e70", "OBJECT ENCODING d"),
    S("encoding-entries", "CONFIG SET hash-max-listpack-entries 2", "HSET h a 1 b 2", "OBJECT ENCODING h",
      "HINCRBY h c 1", "OBJECT ENCODING h", "HDEL h a b", "OBJECT ENCODING h",
      "CONFIG SET hash-max-listpack-entries 512"),
    # -- other types
    S("wrongtype", "SET s x", "HSET s a b", "HMSET s a b", "HSETNX s a b", "HGET s a", "HMGET s a", "HDEL s a",
      "HLEN s", "HSTRLEN s a", "HEXISTS s a", "HKEYS s", "HVALS s", "HGETALL s", "HINCRBY s f 1", "HINCRBY s f x",
      "HINCRBYFLOAT s f 1", "HINCRBYFLOAT s f x", "HRANDFIELD s", "HRANDFIELD s 1", "HRANDFIELD s x", "HSCAN s 0",
      "HSCAN s x", "GET s"),
    S("generic", "HSET h a 1", "TYPE h", "COPY h h2", "HSET h2 b 2", "HGETALL h", "HGETALL h2", "RENAME h h3",
      "HGETALL h3", "GET h3", "APPEND h3 x"),
]
