"""MEMORY: sizes as redis-server 7.0.15 (jemalloc) reports them for the same values."""

from __future__ import annotations

from twisted.trial.unittest import SynchronousTestCase

from tests._core import CoreServer

# (value, MEMORY USAGE for key "k") as measured on redis-server 7.0.15.
MEASURED = [
    ("", 64), ("a", 64), ("abc", 64), ("1234", 48), ("x" * 40, 96), ("x" * 44, 96),
    ("x" * 45, 112), ("x" * 100, 160), ("x" * 1000, 1072),
]  # fmt: skip


class MemoryUsageTests(SynchronousTestCase):
    def setUp(self) -> None:
        self.client = CoreServer().session()

    def test_string_sizes_match_redis(self) -> None:
        """int, embstr and raw strings cost what Redis says they cost."""
        for value, expected in MEASURED:
            self.client.call("SET", "k", value)
            self.assertEqual(self.client.call("MEMORY", "USAGE", "k"), b":%d\r\n" % expected, value)

    def test_long_key(self) -> None:
        """A key of 32+ bytes uses a bigger sds header, as in Redis."""
        self.client.call("SET", "k" * 37, "12345")
        self.assertEqual(self.client.call("MEMORY", "USAGE", "k" * 37), b":88\r\n")

    def test_missing_key_and_errors(self) -> None:
        """Missing key: nil; bad options: syntax error; unknown subcommand: Redis's hint."""
        self.assertEqual(self.client.call("MEMORY", "USAGE", "nope"), b"$-1\r\n")
        self.assertEqual(self.client.call("MEMORY", "USAGE", "k", "FOO", "1"), b"-ERR syntax error\r\n")
        self.assertEqual(
            self.client.call("MEMORY", "FOO"), b"-ERR unknown subcommand 'FOO'. Try MEMORY HELP.\r\n"
        )
        self.assertEqual(self.client.call("COMMAND", "GETKEYS", "MEMORY", "USAGE", "k"), b"*1\r\n$1\r\nk\r\n")
