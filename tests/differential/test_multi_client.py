"""
Scenarios that need several connections at once (blocking commands, WATCH
broken by another client, CLIENT UNBLOCK), run step by step on both servers
and compared reply by reply.

A step is C{(client, action, command)}: C{call} sends and reads one reply,
C{send} only sends (the command blocks), C{read} reads the reply a blocked
client got, C{quiet} checks that nothing arrived within a short wait, C{drain}
reads everything that arrives until such a wait (a subscriber's messages).
A fourth element C{"id"} on a C{CLIENT ID} call records the id for C{{id1}}
(client 1's) in later commands; C{"hello"} on C{HELLO 3} compares only the
reply's type, since it carries the connection id.
"""

from __future__ import annotations

import shlex
import time

import pytest

from tests._servers import RawClient
from tests.differential._dsl import TIMEOUT, read
from tests.differential._runner import ServerPair

QUIET_WAIT = 0.15
SEND_SETTLE = 0.05

SCENARIOS: dict[str, list[tuple]] = {
    "blpop-served-by-push": [
        (0, "send", "BLPOP l1 l2 0"),
        (1, "call", "RPUSH l2 a b"),
        (0, "read"),
        (1, "call", "LRANGE l2 0 -1"),
    ],
    "blpop-fifo-per-key": [
        (0, "send", "BLPOP l 0"),
        (1, "send", "BRPOP l 0"),
        (2, "call", "RPUSH l a b c"),
        (0, "read"),
        (1, "read"),
        (2, "call", "LRANGE l 0 -1"),
    ],
    "blpop-timeout": [
        (0, "call", "BLPOP l 0.05"),
        (0, "call", "BRPOP l 0.05"),
        (0, "call", "BLMOVE a b LEFT RIGHT 0.05"),
        (0, "call", "BRPOPLPUSH a b 0.05"),
        (0, "call", "BLMPOP 0.05 2 a b LEFT COUNT 3"),
        (0, "call", "BZPOPMIN z 0.05"),
        (0, "call", "BZPOPMAX z 0.05"),
        (0, "call", "BZMPOP 0.05 1 z MAX"),
        (0, "call", "HELLO 3", "hello"),
        (0, "call", "BLPOP l 0.05"),
        (0, "call", "BLMOVE a b LEFT RIGHT 0.05"),
    ],
    "blpop-immediate": [
        (0, "call", "RPUSH l a b"),
        (0, "call", "BLPOP nothere l 0"),
        (0, "call", "BRPOP l 0"),
        (0, "call", "EXISTS l"),
        (0, "call", "ZADD z 1 a 2 b 3 c"),
        (0, "call", "BZPOPMAX z 0"),
        (0, "call", "BZPOPMIN z 0"),
        (0, "call", "BZMPOP 0 1 z MIN COUNT 5"),
        (0, "call", "HELLO 3", "hello"),
        (0, "call", "ZADD z 1.5 a"),
        (0, "call", "BZPOPMIN z 0"),
    ],
    "blocking-errors": [
        (0, "call", "BLPOP l x"),
        (0, "call", "BLPOP l -1"),
        (0, "call", "BLPOP l inf"),
        (0, "call", "BLPOP l 1e100"),
        (0, "call", "BLMOVE a b UP LEFT 0"),
        (0, "call", "BLMPOP 0 0 a LEFT"),
        (0, "call", "BLMPOP 0 1 a MIDDLE"),
        (0, "call", "BZMPOP x 1 z MIN"),
        (0, "call", "SET s v"),
        (0, "call", "BLPOP s 0"),
        (0, "call", "BZPOPMIN s 0"),
        (0, "call", "BLMOVE s b LEFT LEFT 0"),
        (0, "call", "CLIENT UNBLOCK x"),
        (0, "call", "CLIENT UNBLOCK 999999 BOGUS"),
        (0, "call", "CLIENT UNBLOCK 999999"),
    ],
    "blmove-chain": [
        (0, "send", "BLMOVE a b LEFT RIGHT 0"),
        (1, "send", "BLPOP b 0"),
        (2, "call", "LPUSH a x"),
        (0, "read"),
        (1, "read"),
        (2, "call", "EXISTS a b"),
    ],
    "wrong-type-does-not-wake": [
        (0, "send", "BLPOP k 0"),
        (1, "call", "SET k v"),
        (0, "quiet"),
        (1, "call", "DEL k"),
        (1, "call", "RPUSH k x"),
        (0, "read"),
    ],
    "zset-wakes-bzpopmin": [
        (0, "send", "BZPOPMIN z1 z2 0"),
        (1, "call", "ZADD z2 5 m 1 n"),
        (0, "read"),
        (1, "call", "ZRANGE z2 0 -1 WITHSCORES"),
    ],
    "bzmpop-wakes": [
        (0, "send", "BZMPOP 0 2 z1 z2 MAX COUNT 2"),
        (1, "call", "ZADD z2 5 m 1 n 3 o"),
        (0, "read"),
    ],
    "blpop-served-from-the-ready-key": [
        (0, "send", "BLPOP a b 0"),
        (1, "call", "MULTI"),
        (1, "call", "RPUSH b x"),
        (1, "call", "RPUSH a y"),
        (1, "call", "EXEC"),
        (0, "read"),
        (1, "call", "LRANGE a 0 -1"),
        (1, "call", "LRANGE b 0 -1"),
    ],
    "bzmpop-served-from-the-ready-key": [
        (0, "send", "BZMPOP 0 2 a b MIN COUNT 2"),
        (1, "call", "MULTI"),
        (1, "call", "ZADD b 1 x 2 y 3 z"),
        (1, "call", "ZADD a 1 q"),
        (1, "call", "EXEC"),
        (0, "read"),
        (1, "call", "ZRANGE a 0 -1"),
    ],
    "xread-served-from-the-ready-stream": [
        (0, "call", "XADD s1 1-1 f v"),
        (0, "call", "XADD s2 1-1 f v"),
        (0, "send", "XREAD BLOCK 0 STREAMS s1 s2 $ $"),
        (1, "call", "MULTI"),
        (1, "call", "XADD s2 2-1 g w"),
        (1, "call", "XADD s1 2-1 h x"),
        (1, "call", "EXEC"),
        (0, "read"),
    ],
    # Redis 7.0 ends an XREADGROUP's wait when its stream goes away, however it goes; XREAD waits on.
    **{
        f"xreadgroup-stream-{how}": [
            (1, "call", "XGROUP CREATE s g $ MKSTREAM"),
            (0, "send", "XREADGROUP GROUP g c BLOCK 0 STREAMS s >"),
            *[(1, "call", command) for command in commands],
            (0, "read"),
            (1, "call", "EXISTS s t"),
        ]
        for how, commands in {
            "deleted": ["DEL s"],
            "unlinked": ["UNLINK s"],
            "overwritten": ["SET s x"],
            "flushed": ["FLUSHALL"],
            "flushdb": ["FLUSHDB"],
            "renamed": ["RENAME s t"],
            "swapped-away": ["SWAPDB 0 1"],
            "expired": ["PEXPIRE s 20"],
            "gone-in-multi": ["MULTI", "DEL s", "SET s x", "DEL s", "EXEC"],
            "replaced-without-group": ["MULTI", "DEL s", "XADD s 1-1 a b", "EXEC"],
        }.items()
    },
    "xreadgroup-one-of-two-streams-deleted": [
        (1, "call", "XGROUP CREATE s1 g $ MKSTREAM"),
        (1, "call", "XGROUP CREATE s2 g $ MKSTREAM"),
        (0, "send", "XREADGROUP GROUP g c BLOCK 0 STREAMS s1 s2 > >"),
        (1, "call", "DEL s2"),
        (0, "read"),
    ],
    "xreadgroup-stream-recreated-with-group-waits-on": [
        (1, "call", "XGROUP CREATE s g $ MKSTREAM"),
        (0, "send", "XREADGROUP GROUP g c BLOCK 0 STREAMS s >"),
        (1, "call", "MULTI"),
        (1, "call", "DEL s"),
        (1, "call", "XGROUP CREATE s g $ MKSTREAM"),
        (1, "call", "EXEC"),
        (0, "quiet"),
        (1, "call", "XADD s 1-1 f v"),
        (0, "read"),
    ],
    "waiters-of-another-type-are-skipped": [
        (0, "send", "BLPOP k 0"),
        (1, "send", "XREAD BLOCK 0 STREAMS k $"),
        (2, "call", "XADD k 1-1 f v"),
        (1, "read"),
        (0, "quiet"),
        (2, "call", "DEL k"),
        (2, "call", "RPUSH k a"),
        (0, "read"),
    ],
    "xread-waits-on-after-delete": [
        (1, "call", "XADD s 1-1 f v"),
        (0, "send", "XREAD BLOCK 0 STREAMS s $"),
        (1, "call", "DEL s"),
        (0, "quiet"),
        (1, "call", "XADD s 2-1 f v"),
        (0, "read"),
    ],
    "blmpop-wakes": [
        (0, "send", "BLMPOP 0 2 a b RIGHT COUNT 2"),
        (1, "call", "RPUSH b 1 2 3"),
        (0, "read"),
    ],
    "push-in-multi-serves-after-exec": [
        (0, "send", "BLPOP l 0"),
        (1, "call", "MULTI"),
        (1, "call", "RPUSH l a"),
        (1, "call", "RPUSH l b"),
        (1, "call", "LLEN l"),
        (1, "call", "EXEC"),
        (0, "read"),
        (1, "call", "LRANGE l 0 -1"),
    ],
    "push-then-pop-in-multi-leaves-nothing": [
        (0, "send", "BLPOP l 0"),
        (1, "call", "MULTI"),
        (1, "call", "RPUSH l a"),
        (1, "call", "LPOP l"),
        (1, "call", "EXEC"),
        (0, "quiet"),
        (1, "call", "RPUSH l z"),
        (0, "read"),
    ],
    "client-unblock": [
        (0, "call", "CLIENT ID", "id"),
        (0, "send", "BLPOP l 0"),
        (1, "call", "CLIENT UNBLOCK {id0}"),
        (0, "read"),
        (0, "send", "BZPOPMIN z 0"),
        (1, "call", "CLIENT UNBLOCK {id0} ERROR"),
        (0, "read"),
        (1, "call", "CLIENT UNBLOCK {id0}"),
        (0, "call", "PING"),
    ],
    "blocked-client-disconnects": [
        (0, "send", "BLPOP l 0"),
        (0, "close"),
        (1, "call", "RPUSH l a"),
        (1, "call", "LLEN l"),
    ],
    "commands-after-block-wait": [
        (0, "send", "BLPOP l 0"),
        (0, "send", "PING"),
        (0, "quiet"),
        (1, "call", "RPUSH l a"),
        (0, "read"),
        (0, "read"),
    ],
    "watch-broken-by-other-client": [
        (0, "call", "SET k 1"),
        (0, "call", "WATCH k"),
        (1, "call", "INCR k"),
        (0, "call", "MULTI"),
        (0, "call", "GET k"),
        (0, "call", "EXEC"),
        (0, "call", "WATCH k"),
        (0, "call", "MULTI"),
        (0, "call", "GET k"),
        (0, "call", "EXEC"),
    ],
    "watch-unaffected-by-read": [
        (0, "call", "SET k 1"),
        (0, "call", "WATCH k other"),
        (1, "call", "GET k"),
        (1, "call", "SET unrelated 1"),
        (0, "call", "MULTI"),
        (0, "call", "INCR k"),
        (0, "call", "EXEC"),
    ],
    "watch-flushdb-swapdb": [
        (0, "call", "SET k 1"),
        (0, "call", "WATCH k"),
        (1, "call", "FLUSHDB"),
        (0, "call", "MULTI"),
        (0, "call", "EXEC"),
        (0, "call", "WATCH missing"),
        (1, "call", "SELECT 1"),
        (1, "call", "SET missing 1"),
        (1, "call", "SWAPDB 0 1"),
        (0, "call", "MULTI"),
        (0, "call", "EXEC"),
    ],
    "watch-deleted-and-unwatch": [
        (0, "call", "SET k 1"),
        (0, "call", "WATCH k"),
        (1, "call", "DEL k"),
        (0, "call", "UNWATCH"),
        (0, "call", "MULTI"),
        (0, "call", "SET k 2"),
        (0, "call", "EXEC"),
    ],
    "watch-expired-during": [
        (0, "call", "SET k 1 PX 30"),
        (0, "call", "WATCH k"),
        (0, "sleep", "0.1"),
        (0, "call", "MULTI"),
        (0, "call", "PING"),
        (0, "call", "EXEC"),
    ],
    "publish-to-subscribers": [
        (0, "call", "SUBSCRIBE news"),
        (1, "call", "PSUBSCRIBE n*"),
        (2, "call", "HELLO 3", "hello"),
        (2, "call", "SUBSCRIBE news"),
        (3, "call", "PUBLISH news hello"),
        (3, "call", "PUBLISH other x"),
        (3, "call", "PUBLISH nope y"),
        (0, "drain"),
        (1, "drain"),
        (2, "drain"),
        (3, "call", "PUBSUB NUMSUB news"),
        (3, "call", "PUBSUB NUMPAT"),
        (1, "close"),
        (3, "call", "PUBLISH news bye"),
        (0, "drain"),
    ],
    "keyspace-notifications": [
        (1, "call", "CONFIG SET notify-keyspace-events KEA"),
        (0, "call", "PSUBSCRIBE __key*@*__:*"),
        (1, "call", "SET foo bar"),
        (1, "call", "DEL foo"),
        (1, "call", "RPUSH l a b"),
        (1, "call", "LPOP l 2"),
        (1, "call", "EXPIRE nothere 10"),
        (1, "call", "INCR n"),
        (1, "call", "INCRBYFLOAT n 1.5"),
        (1, "call", "HSET h f v g w"),
        (1, "call", "HDEL h f g"),
        (1, "call", "SADD s m"),
        (1, "call", "ZADD z 1 m"),
        (1, "call", "ZINCRBY z 1 m"),
        (1, "call", "RENAME n n2"),
        (1, "call", "EXPIRE n2 100"),
        (1, "call", "PERSIST n2"),
        (1, "call", "SELECT 3"),
        (1, "call", "SET k v PX 1"),
        (1, "call", "APPEND a x"),
        (1, "call", "SETRANGE a 3 y"),
        (1, "call", "LPUSH q 1"),
        (1, "call", "LMOVE q q2 LEFT RIGHT"),
        (1, "call", "SMOVE s3 s4 m"),
        (1, "call", "COPY a a2"),
        (1, "call", "MULTI"),
        (1, "call", "SET t 1"),
        (1, "call", "GETDEL t"),
        (1, "call", "EXEC"),
        (0, "drain"),
        (1, "call", "CONFIG SET notify-keyspace-events ''"),
    ],
    "keyspace-notification-classes": [
        (0, "call", "PSUBSCRIBE *"),
        (1, "call", "CONFIG SET notify-keyspace-events E$"),
        (1, "call", "SET a 1"),
        (1, "call", "LPUSH l x"),
        (1, "call", "CONFIG SET notify-keyspace-events Kl"),
        (1, "call", "LPUSH l y"),
        (1, "call", "SET b 1"),
        (1, "call", "CONFIG SET notify-keyspace-events KEAn"),
        (1, "call", "SET new 1"),
        (1, "call", "CONFIG SET notify-keyspace-events Em"),
        (1, "call", "GET missing"),
        (1, "call", "CONFIG SET notify-keyspace-events Egx"),
        (1, "call", "SET e 1 PX 20"),
        (1, "sleep", "0.1"),
        (1, "call", "GET e"),
        (1, "call", "CONFIG SET notify-keyspace-events ''"),
        (0, "drain"),
    ],
    "blocked-pop-events": [
        (1, "call", "CONFIG SET notify-keyspace-events KEA"),
        (0, "call", "PSUBSCRIBE __keyevent*"),
        (2, "send", "BLPOP l 0"),
        (1, "call", "RPUSH l a"),
        (2, "read"),
        (0, "drain"),
        (1, "call", "CONFIG SET notify-keyspace-events ''"),
    ],
    "busy-script-killed": [
        (1, "call", "CONFIG SET busy-reply-threshold 100"),
        (0, "send", "EVAL 'local i = 0 while true do i = i + 1 end' 0"),
        (1, "sleep", "0.3"),
        (1, "call", "PING"),
        (1, "call", "GET k"),
        (1, "call", "SCRIPT KILL"),
        (0, "read"),
        (1, "call", "PING"),
        (0, "call", "PING"),
        (1, "call", "CONFIG SET busy-reply-threshold 5000"),
    ],
    "busy-script-shutdown": [
        # Last in its server's life: SHUTDOWN NOSAVE stops both servers (the next scenario revives them).
        (1, "call", "CONFIG SET busy-reply-threshold 100"),
        (0, "send", "EVAL \"redis.call('set', 'k', 'v') while true do end\" 0"),
        (1, "sleep", "0.3"),
        (1, "call", "SHUTDOWN"),
        (1, "call", "SHUTDOWN SAVE"),
        (1, "call", "SHUTDOWN NOSAVE"),
        (0, "read"),
    ],
    "busy-script-unkillable": [
        (1, "call", "CONFIG SET busy-reply-threshold 100"),
        (0, "send", "EVAL \"redis.call('set', 'k', 'v') local t = redis.call('time') "
                    "while redis.call('time')[1] - t[1] < 2 do end return 1\" 0"),
        (1, "sleep", "0.3"),
        (1, "call", "SCRIPT KILL"),
        (0, "read"),
        (1, "call", "GET k"),
        (1, "call", "CONFIG SET busy-reply-threshold 5000"),
    ],
}


def _run(target, steps: list[tuple]) -> list[tuple[str, bytes]]:
    clients: dict[int, RawClient] = {}
    ids: dict[str, str] = {}
    outcomes = []
    try:
        for number, (who, action, *rest) in enumerate(steps):
            label = f"{number}: client {who} {action} {' '.join(rest)}"
            client = clients.get(who)
            if client is None:
                client = clients[who] = target.server.client()
            if action == "close":
                client.close()
                time.sleep(SEND_SETTLE)  # the server must see the hang-up before the next step
                continue
            if action == "sleep":
                time.sleep(float(rest[0]))
                continue
            if action in ("call", "send"):
                line = rest[0].format(**ids)
                client.send_command(*shlex.split(line))
            if action == "send":
                time.sleep(SEND_SETTLE)  # let the server take it in before another client acts
                continue
            if action == "drain":
                reply = b""
                while (chunk := read(client, QUIET_WAIT)) != TIMEOUT:
                    reply += chunk
            else:
                reply = read(client, QUIET_WAIT if action == "quiet" else 3.0)
            if len(rest) > 1 and rest[1] == "id":
                ids[f"id{who}"] = reply[1:-2].decode()
                reply = b"<id>"
            elif len(rest) > 1 and rest[1] == "hello":  # its reply carries the connection id
                reply = reply[:2]
            outcomes.append((label, reply))
    finally:
        for client in clients.values():
            client.close()
    return outcomes


@pytest.mark.differential
@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_scenario(servers: ServerPair, name: str) -> None:
    """The same multi-client scenario gives the same replies on both servers."""
    results = []
    for target in (servers.ref, servers.ours):
        target.revive()
        target.admin("FLUSHALL")
        results.append(_run(target, SCENARIOS[name]))
    ref, ours = results
    assert ours == ref
