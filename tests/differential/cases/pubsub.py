"""Pub/sub framing on one connection (RESP2 subscriber mode, RESP3 pushes), and MULTI/EXEC edge cases."""

from tests.differential._dsl import area, cmd
from tests.differential._normalize import sorted_elements

S = area("pubsub")
T = area("transactions")

SCRIPTS = [
    # -- subscribe / unsubscribe framing
    S("unsubscribe-nothing", "UNSUBSCRIBE", "PUNSUBSCRIBE", "SUNSUBSCRIBE", "PING"),
    S("subscribe-counts", cmd("SUBSCRIBE a b a", replies=3), cmd("PSUBSCRIBE p* q*", replies=2),
      # Without arguments Redis walks its own hash table: one left each, so the order is not in question.
      "SSUBSCRIBE s", "PUNSUBSCRIBE q*", "PUNSUBSCRIBE", "UNSUBSCRIBE b", "UNSUBSCRIBE", "SUNSUBSCRIBE", "PING",
      "GET k"),
    S("subscriber-mode-refusals", "SUBSCRIBE a", "GET k", "HELLO 3", "PING", "PING msg", "SELECT 1",
      "MULTI", "CLIENT LIST", "UNSUBSCRIBE a", "GET k"),
    S("subscriber-reset", "SUBSCRIBE a", "RESET", "GET k", "PUBSUB NUMSUB a"),
    S("subscriber-quit", "PSUBSCRIBE x*", "QUIT"),
    S("unsubscribe-some", cmd("SUBSCRIBE a b c", replies=3), "UNSUBSCRIBE b", cmd("UNSUBSCRIBE x a", replies=2),
      "UNSUBSCRIBE", "UNSUBSCRIBE"),  # c is the last one left
    # A subscriber publishing to itself gets the push, then PUBLISH's reply: two replies per step, so
    # nothing is left to arrive after the last step (a count off by one made the end a race).
    S("resp3-pushes", "SUBSCRIBE a", "GET k", "PING", cmd("PUBLISH a hi", replies=2),
      cmd("PUBLISH a hi", replies=2), "PSUBSCRIBE a*", cmd("PUBLISH a two", replies=3), "UNSUBSCRIBE a",
      "PUNSUBSCRIBE", "UNSUBSCRIBE", resp3=True),
    S("resp3-shard", "SSUBSCRIBE s", cmd("SPUBLISH s m", replies=2), "PUBLISH s m", "SUNSUBSCRIBE",
      "PUBSUB SHARDCHANNELS", resp3=True),
    S("publish-nobody", "PUBLISH a b", "SPUBLISH a b", "PUBLISH a", "PUBLISH"),
    S("pubsub-introspection", "PUBSUB CHANNELS", "PUBSUB NUMSUB", "PUBSUB NUMSUB a b", "PUBSUB NUMPAT",
      "PUBSUB SHARDCHANNELS", "PUBSUB SHARDNUMSUB x", "PUBSUB CHANNELS a b", "PUBSUB NUMPAT x", "PUBSUB NOPE",
      "PUBSUB HELP", "PUBSUB"),
    S("pubsub-own-subscriptions", cmd("SUBSCRIBE news.1 news.2", replies=2), "PSUBSCRIBE n*", "SSUBSCRIBE sh",
      cmd("PUBSUB CHANNELS", norm=sorted_elements), "PUBSUB CHANNELS news.[1]", "PUBSUB NUMSUB news.1 news.3", "PUBSUB NUMPAT",
      "PUBSUB SHARDCHANNELS", "PUBSUB SHARDNUMSUB sh", resp3=True),
    S("keyspace-config", "CONFIG SET notify-keyspace-events KEA", "CONFIG GET notify-keyspace-events",
      "CONFIG SET notify-keyspace-events x", "CONFIG SET notify-keyspace-events AKEmn",
      "CONFIG GET notify-keyspace-events", "CONFIG SET notify-keyspace-events ''"),
    # -- MULTI / EXEC
    T("exec-basic", "MULTI", "SET a 1", "INCR a", "LPUSH a x", "GET a", "EXEC", "GET a"),
    T("exec-empty", "MULTI", "EXEC", "EXEC", "DISCARD"),
    T("nested-and-watch-inside", "MULTI", "MULTI", "WATCH a", "PING", "EXEC"),
    T("queue-time-errors", "MULTI", "SET a", "NOSUCHCMD", "SET a 1", "EXEC", "GET a"),
    T("runtime-errors-do-not-roll-back", "SET s str", "MULTI", "LPUSH s x", "SET t 1", "INCR s", "EXEC",
      "GET t"),
    T("discard", "MULTI", "SET a 1", "DISCARD", "GET a", "DISCARD", "EXEC"),
    T("watch-own-write", "SET k 1", "WATCH k", "SET k 2", "MULTI", "GET k", "EXEC"),
    T("watch-then-unwatch", "SET k 1", "WATCH k", "SET k 2", "UNWATCH", "MULTI", "GET k", "EXEC"),
    T("watch-missing-key-created", "WATCH nk", "SET nk 1", "MULTI", "PING", "EXEC"),
    T("watch-untouched", "WATCH nk", "GET nk", "MULTI", "PING", "EXEC"),
    T("exec-resp3", "MULTI", "SET a 1", "HSET h f v", "HGETALL h", "ZADD z 1 m", "ZSCORE z m", "EXEC",
      "WATCH a", "SET a 2", "MULTI", "EXEC", resp3=True),
    T("blocking-inside-multi", "MULTI", "BLPOP l 0", "BRPOP l 0", "BLMOVE a b LEFT LEFT 0",
      "BRPOPLPUSH a b 0", "BLMPOP 0 1 l LEFT", "BZPOPMIN z 0", "BZPOPMAX z 0", "BZMPOP 0 1 z MIN", "EXEC"),
    T("multi-select-and-flush", "MULTI", "SELECT 1", "SET a 1", "FLUSHDB", "DBSIZE", "EXEC", "SELECT 0",
      "DBSIZE"),
    T("watch-arity", "WATCH", "MULTI x", "EXEC x", "DISCARD x", "UNWATCH x"),
    T("exec-expired-watched-key", "SET k v PX 1", cmd("WATCH k", delay=0.05), "MULTI", "PING", "EXEC"),
]
