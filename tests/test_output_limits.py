"""
client-output-buffer-limit: a subscriber that stops reading is dropped, the
server's memory stays bounded, and subscribers that do read get everything.

Real server process, real Unix sockets, 1 GiB published in total.
"""

from __future__ import annotations

import socket
import threading

from twisted.trial.unittest import TestCase

from tests._servers import RawClient, encode_command, start_txredisd

MESSAGE_SIZE = 512 * 1024
MESSAGES = 2048  # 1 GiB in total
WINDOW = 8  # messages the publisher may be ahead of the reading subscriber
#: The bound on the server's resident memory during the run: the 32 MiB pubsub
#: hard limit plus the interpreter, with room for allocator slack.
RSS_BOUND = 256 * 1024 * 1024


def _rss(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


class _Reader(threading.Thread):
    """A subscriber that reads every message and checks each arrives whole and in order."""

    def __init__(self, address: str) -> None:
        super().__init__(daemon=True)
        self.client = RawClient(address, timeout=60)
        assert self.client.call("SUBSCRIBE", "feed").startswith(b"*3\r\n$9\r\nsubscribe")
        self.received = 0
        self.progress = threading.Condition()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            for number in range(MESSAGES):
                reply = self.client.read_reply(60)
                payload = reply[reply.index(b"\r\n", reply.index(b"$%d" % MESSAGE_SIZE)) + 2: -2]
                if payload[:8] != b"%08d" % number or len(payload) != MESSAGE_SIZE:
                    raise AssertionError(f"message {number} arrived as {payload[:8]!r}, {len(payload)} bytes")
                with self.progress:
                    self.received = number + 1
                    self.progress.notify_all()
        except BaseException as error:  # reported by the test thread
            self.error = error
            with self.progress:
                self.progress.notify_all()

    def wait_for(self, count: int) -> None:
        with self.progress:
            while self.received < count and self.error is None:
                self.progress.wait(60)
        if self.error is not None:
            raise self.error


class StalledSubscriberTests(TestCase):
    def setUp(self) -> None:
        self.server = start_txredisd()
        self.addCleanup(self.server.stop)

    def test_stalled_subscriber_dropped_memory_bounded(self) -> None:
        """
        One subscriber never reads while 1 GiB is published: it is disconnected
        once past the pubsub hard limit, the server's RSS stays under
        RSS_BOUND, and a reading subscriber gets every message in order.
        """
        address = self.server.unix_path
        stalled = socket.socket(socket.AF_UNIX)
        stalled.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        stalled.connect(address)
        self.addCleanup(stalled.close)
        stalled.sendall(encode_command(["SUBSCRIBE", "feed"]))
        reader = _Reader(address)
        self.addCleanup(reader.client.close)
        reader.start()
        publisher = RawClient(address, timeout=60)
        self.addCleanup(publisher.close)
        body = b"x" * (MESSAGE_SIZE - 8)
        peak = 0
        receivers = []
        for number in range(MESSAGES):
            reader.wait_for(number - WINDOW)
            receivers.append(publisher.call("PUBLISH", "feed", b"%08d" % number + body))
            if number % 64 == 0:
                peak = max(peak, _rss(self.server.process.pid))
        reader.wait_for(MESSAGES)
        peak = max(peak, _rss(self.server.process.pid))
        self.assertEqual(receivers[0], b":2\r\n")
        self.assertEqual(receivers[-1], b":1\r\n", "the stalled subscriber is still subscribed")
        self.assertLess(peak, RSS_BOUND, f"peak RSS {peak / 2**20:.0f} MiB")
        clients = publisher.call("CLIENT", "LIST")
        self.assertEqual(clients.count(b"sub=1"), 1)
        self.assertIn(b"closed for overcoming of output buffer limits", self.server.log_path.read_bytes())
