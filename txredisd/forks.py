"""
Background children: Redis's one-fork-at-a-time rule and the non-blocking
way to learn that a child has finished.

A snapshot (BGSAVE) or an AOF rewrite runs in a forked child that sees the
dataset frozen at fork time while the parent keeps serving. The parent never
waits: the cron calls L{Children.reap}, which asks the kernel with
C{WNOHANG} and calls the finished child's callback.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from twisted.logger import Logger

log = Logger(namespace="txredisd")


@dataclass
class Child:
    """The one running child: what it does (C{"rdb"}, C{"aof"}) and when it started."""

    kind: str
    pid: int
    started: float
    done: Callable[[bool], None]


class Children:
    """
    At most one background child, as in Redis (a BGSAVE waits for an AOF
    rewrite and the other way round).
    """

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self.current: Child | None = None
        self.total_forks = 0
        self.latest_fork_usec = 0

    def busy(self) -> bool:
        return self.current is not None

    def start(self, kind: str, work: Callable[[], None], done: Callable[[bool], None]) -> int:
        """
        Fork; the child runs C{work} and exits 0 (or 1 if it raised), never
        returning into the reactor. C{done(ok)} runs in the parent once it is reaped.
        """
        if self.current is not None:
            raise RuntimeError(f"a {self.current.kind} child is already running")
        before = self._clock()
        pid = os.fork()
        if pid == 0:  # the child
            status = 1
            try:
                work()
                status = 0
            except BaseException as error:  # reported through the exit status
                os.write(2, f"txredisd child ({kind}) failed: {error!r}\n".encode())
            finally:
                os._exit(status)
        self.total_forks += 1
        self.latest_fork_usec = int((self._clock() - before) * 1_000_000)
        self.current = Child(kind, pid, before, done)
        return pid

    def reap(self) -> None:
        """Collect a finished child without waiting (called from the cron)."""
        child = self.current
        if child is None:
            return
        try:
            pid, status = os.waitpid(child.pid, os.WNOHANG)
        except ChildProcessError:
            pid, status = child.pid, 1
        if pid == 0:
            return
        self.current = None
        ok = os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
        child.done(ok)

    def kill(self) -> None:
        """Stop the running child (SHUTDOWN, FLUSHALL during BGSAVE); its callback sees a failure."""
        child = self.current
        if child is None:
            return
        try:
            os.kill(child.pid, 9)
            os.waitpid(child.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        self.current = None
        child.done(False)
