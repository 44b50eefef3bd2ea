"""
Runs one script on both servers and reports any difference step by step.

One server pair serves the whole session; before each script both are
FLUSHALLed through an admin connection, and each script gets a fresh
connection, so scripts cannot see each other's keys, names, databases or
protocol versions.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests._servers import ConnectionClosed, RawClient, ReplyTimeout, ServerProcess
from tests.differential._dsl import Reconnect, Script, Step, cmd
from tests.differential._normalize import field_values

# HELLO's reply carries the connection id, which is each server's own.
HELLO3 = cmd("HELLO 3", norm=field_values(b"id"))

Outcome = tuple[str, bytes]


class Target:
    """One server under test: its process (restarted if it dies) and an admin connection."""

    def __init__(self, start: Callable[[], ServerProcess]) -> None:
        self._start = start
        self.server = start()
        self._admin: RawClient | None = None

    def admin(self, *args: str | bytes) -> bytes:
        """A command on the admin connection; a script may have killed it, so one retry on a new one."""
        try:
            return self._admin_client().call(*args)
        except (OSError, ConnectionClosed, ReplyTimeout):
            self._close_admin()
            return self._admin_client().call(*args)

    def _admin_client(self) -> RawClient:
        if self._admin is None:
            self._admin = self.server.client()
        return self._admin

    def _close_admin(self) -> None:
        if self._admin is not None:
            self._admin.close()
            self._admin = None

    def revive(self) -> str:
        """Restart a dead server; returns its log tail for the report ('' if it was alive)."""
        if self.server.alive():
            return ""
        log = self.server.log()[-2000:]
        self._close_admin()
        self.server.stop()
        self.server = self._start()
        return log

    def run(self, steps: tuple[Step, ...]) -> list[Outcome]:
        outcomes: list[Outcome] = []
        client = self.server.client()
        try:
            for step in steps:
                if isinstance(step, Reconnect):
                    client.close()
                    try:
                        client = self.server.client()
                    except OSError:
                        outcomes.append((step.label, b"<unreachable>"))
                        break
                replies = step.run(client)
                if len(replies) == 1:
                    outcomes.append((step.label, replies[0]))
                else:
                    outcomes += [(f"{step.label} (reply {i})", r) for i, r in enumerate(replies, 1)]
            extra = client.pending()
            if extra:
                outcomes.append(("(unread bytes after the last step)", extra))
        finally:
            client.close()
        return outcomes

    def stop(self) -> None:
        self._close_admin()
        self.server.stop()


class ServerPair:
    """The reference and txredisd, started together and always stopped together."""

    def __init__(self, start_ref: Callable[[], ServerProcess], start_ours: Callable[[], ServerProcess]) -> None:
        self.ref = Target(start_ref)
        try:
            self.ours = Target(start_ours)
        except BaseException:
            self.ref.stop()
            raise

    def stop(self) -> None:
        try:
            self.ours.stop()
        finally:
            self.ref.stop()

    def compare(self, script: Script, resp3: bool) -> None:
        steps = ((HELLO3,) if resp3 else ()) + script.steps
        results = []
        for target in (self.ref, self.ours):
            target.revive()  # a death in an earlier script was reported there
            target.admin("FLUSHALL")
            outcomes = target.run(steps)
            log = target.revive()
            if log:
                outcomes.append(("(server process)", b"<exited>"))
            else:
                for command in script.cleanup:
                    target.admin(*command)
            results.append((outcomes, log))
        (ref, _), (ours, log) = results
        if ref != ours:
            pytest.fail(mismatch_report(script, resp3, ref, ours, log), pytrace=False)


SHOWN = 300


def _show(reply: bytes, start: int = 0) -> str:
    """A reply for the report; a long one from a little before C{start}."""
    start = max(0, start - 40)
    text = ("..." if start else "") + repr(reply[start : start + SHOWN])
    return text + ("..." if len(reply) > start + SHOWN else "")


def _first_difference(a: bytes, b: bytes) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


def mismatch_report(script: Script, resp3: bool, ref: list[Outcome], ours: list[Outcome], log: str) -> str:
    """Every step with both replies; the differing ones marked."""
    lines = [f"{script.id}{' (RESP3)' if resp3 else ''}: replies differ"]
    for i in range(max(len(ref), len(ours))):
        label, want = ref[i] if i < len(ref) else ("(nothing)", b"")
        got = ours[i][1] if i < len(ours) else b"<no such step>"
        if i < len(ours) and ours[i][0] != label:
            label = f"{label} / {ours[i][0]}"
        mark = "  " if want == got else "✗ "
        lines.append(f"{mark}{label}")
        if want == got:
            lines.append(f"      both:     {_show(want)}")
        else:
            at = _first_difference(want, got) if max(len(want), len(got)) > SHOWN else 0
            if at:
                lines.append(f"      (first difference at byte {at})")
            lines.append(f"      redis:    {_show(want, at)}")
            lines.append(f"      txredisd: {_show(got, at)}")
    if log:
        lines.append("txredisd exited; log tail:\n" + log)
    return "\n".join(lines)
