"""
Measurements the server keeps about itself: instantaneous rates for INFO stats
and the latency monitor behind LATENCY LATEST/HISTORY/DOCTOR.

Both are fed with times the adapter hands in; nothing here reads a clock.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from txredisd.core.state import ServerState

#: Rates are averaged over this many samples, one per C{SAMPLE_PERIOD_MS} (Redis: 16 x 100 ms).
RATE_SAMPLES = 16
SAMPLE_PERIOD_MS = 100
#: Samples kept per latency event (Redis's C{LATENCY_TS_LEN}).
LATENCY_HISTORY = 160


class Rate:
    """
    A per-second rate of a growing counter, averaged over a small ring of
    samples so that INFO shows a smooth value rather than the last blip.
    """

    __slots__ = ("index", "last_ms", "last_value", "samples")

    def __init__(self) -> None:
        self.samples = [0.0] * RATE_SAMPLES
        self.index = 0
        self.last_ms: int | None = None
        self.last_value = 0

    def track(self, now_ms: int, value: int) -> None:
        if self.last_ms is not None and now_ms > self.last_ms:
            self.samples[self.index] = (value - self.last_value) * 1000 / (now_ms - self.last_ms)
            self.index = (self.index + 1) % RATE_SAMPLES
        self.last_ms = now_ms
        self.last_value = value

    def per_second(self) -> float:
        return sum(self.samples) / RATE_SAMPLES


class Rates:
    """The three rates INFO stats reports: commands, bytes in, bytes out."""

    __slots__ = ("commands", "last_sample_ms", "net_input", "net_output")

    def __init__(self) -> None:
        self.commands = Rate()
        self.net_input = Rate()
        self.net_output = Rate()
        self.last_sample_ms: int | None = None


class LatencySeries:
    """One event's recent spikes: C{(unix_seconds, latency_ms)} pairs, oldest first."""

    __slots__ = ("max", "samples")

    def __init__(self) -> None:
        self.samples: deque[list[int]] = deque(maxlen=LATENCY_HISTORY)
        self.max = 0

    def add(self, now_s: int, latency_ms: int) -> None:
        # Spikes within the same second share a slot, keeping the worst.
        if self.samples and self.samples[-1][0] == now_s:
            last = self.samples[-1]
            last[1] = max(last[1], latency_ms)
        else:
            self.samples.append([now_s, latency_ms])
        self.max = max(self.max, latency_ms)


class LatencyMonitor:
    """Spikes by event name (C{command}, C{fast-command}...), as LATENCY reports them."""

    def __init__(self) -> None:
        self.events: dict[str, LatencySeries] = {}

    def add(self, event: str, now_s: int, latency_ms: int) -> None:
        series = self.events.get(event)
        if series is None:
            series = self.events[event] = LatencySeries()
        series.add(now_s, latency_ms)

    def reset(self, events: list[str] | None = None) -> int:
        """Forget the named events (all when None); the count of events that existed."""
        if events is None:
            count = len(self.events)
            self.events.clear()
            return count
        return sum(self.events.pop(name, None) is not None for name in events)


def server_cron(server: ServerState, now_ms: int) -> None:
    """
    The periodic housekeeping the adapter runs at C{hz}: samples the counters
    behind INFO's instantaneous rates every C{SAMPLE_PERIOD_MS}.
    """
    rates = server.rates
    if rates.last_sample_ms is not None and now_ms - rates.last_sample_ms < SAMPLE_PERIOD_MS:
        return
    rates.last_sample_ms = now_ms
    stats = server.stats
    rates.commands.track(now_ms, stats.total_commands_processed)
    rates.net_input.track(now_ms, stats.total_net_input_bytes)
    rates.net_output.track(now_ms, stats.total_net_output_bytes)
