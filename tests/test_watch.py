"""
WATCH and key expiry on the core with a hand-set clock, where timing is exact
(the same cases over sockets would race Redis's and our active expire cycles).
Redis 7.0's rules (multi.c, touchWatchedKey and isWatchedKeyExpired): a key
alive at WATCH that has expired by EXEC aborts it; a key already expired at
WATCH does not, and its later reaping (active expiry or another client touching
it) is no change either, while a new value under its name is.
"""

from __future__ import annotations

from tests._core import RecordingTestCase

ABORTED = b"*-1\r\n"
RAN = b"*1\r\n+PONG\r\n"


class WatchExpiryTests(RecordingTestCase):
    def watch_expired_key(self) -> None:
        self.assertEqual(self.client.call("SET", "k", "v", "PX", "1"), b"+OK\r\n")
        self.server.advance(10)
        self.assertEqual(self.client.call("WATCH", "k"), b"+OK\r\n")

    def exec_ping(self) -> bytes:
        self.client.call("MULTI")
        self.client.call("PING")
        return self.client.call("EXEC")

    def test_reaped_by_active_expiry(self) -> None:
        self.watch_expired_key()
        self.state.active_expire()
        self.assertNotIn(b"k", self.db.data)
        self.assertEqual(self.exec_ping(), RAN)

    def test_reaped_by_another_client(self) -> None:
        self.watch_expired_key()
        self.assertEqual(self.server.session().call("GET", "k"), b"$-1\r\n")
        self.assertEqual(self.exec_ping(), RAN)

    def test_set_again_by_another_client(self) -> None:
        self.watch_expired_key()
        self.server.session().call("SET", "k", "w")
        self.assertEqual(self.exec_ping(), ABORTED)

    def test_reaped_then_set_again(self) -> None:
        self.watch_expired_key()
        other = self.server.session()
        other.call("GET", "k")
        other.call("SET", "k", "w")
        self.assertEqual(self.exec_ping(), ABORTED)

    def test_alive_at_watch_then_expired(self) -> None:
        self.client.call("SET", "k", "v", "PX", "100")
        self.client.call("WATCH", "k")
        self.server.advance(200)
        self.assertEqual(self.exec_ping(), ABORTED)
