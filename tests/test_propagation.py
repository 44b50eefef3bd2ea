"""
What replicas and the AOF are sent: one command's several effects, an EXEC and
a script each arrive as one MULTI ... EXEC (Redis 7.0), never nested.
"""

from __future__ import annotations

from twisted.trial.unittest import SynchronousTestCase

from tests._core import CoreServer


class AtomicPropagationTests(SynchronousTestCase):
    def setUp(self) -> None:
        self.server = CoreServer()
        self.client = self.server.session()
        self.sent: list[list[bytes]] = []
        self.server.state.propagate_to.append(lambda index, argv: self.sent.append(argv))

    def names(self) -> list[bytes]:
        names = [argv[0].upper() for argv in self.sent]
        self.sent.clear()
        return names

    def test_script_with_several_writes_is_wrapped(self) -> None:
        """A script's writes go out as its effects, wrapped when there is more than one."""
        self.client.call("EVAL", "redis.call('set','a','1') redis.call('incr','n') return 1", "0")
        self.assertEqual(self.names(), [b"MULTI", b"SET", b"INCR", b"EXEC"])
        self.client.call("EVAL", "redis.call('set','a','2') return 1", "0")
        self.assertEqual(self.names(), [b"SET"])
        self.client.call("EVAL", "return redis.call('get','a')", "0")
        self.assertEqual(self.names(), [])

    def test_exec_with_a_script_and_a_multi_effect_command_is_wrapped_once(self) -> None:
        """EXEC around EVAL and SPOP-with-count: one MULTI/EXEC around everything, nothing nested."""
        self.client.call("SADD", "s", *range(1500))
        self.sent.clear()
        for line in (("MULTI",), ("SET", "x", "1"), ("EVAL", "redis.call('set','a','1') redis.call('set','b','2')", "0"),
                     ("SPOP", "s", "1100"), ("EXEC",)):
            self.client.call(*line)
        self.assertEqual(self.names(), [b"MULTI", b"SET", b"SET", b"SET", b"SREM", b"SREM", b"EXEC"])

    def test_single_command_with_several_effects_is_wrapped(self) -> None:
        """Outside EXEC and scripts, a command that propagates as several is wrapped on its own."""
        self.client.call("SADD", "s", *range(1500))
        self.sent.clear()
        self.client.call("SPOP", "s", "1100")
        self.assertEqual(self.names(), [b"MULTI", b"SREM", b"SREM", b"EXEC"])
