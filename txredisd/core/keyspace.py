"""
Databases: keys, values, expiry times.

Values are stored as their Python models: strings as C{bytes} (or C{bytearray}
once modified in place, which is what Redis's "raw" encoding means), other types
as the classes in L{txredisd.core.types}. Expiry is lazy on access plus an active
cycle (L{Database.active_expire_cycle}) the adapter drives at C{hz}.

Every change to C{data} and C{expires} goes through the methods here (C{set},
C{delete}, C{set_expire}, C{persist}, C{flush}): they keep three side structures
in step, none of which costs anything on a plain read:

  - C{access}: last access time per key (ms), for OBJECT IDLETIME and, later,
    LRU eviction; C{get} stamps it, C{peek} does not (Redis's C{LOOKUP_NOTOUCH}).
  - the insertion log behind SCAN cursors (see L{Database.scan});
  - the list of keys with a TTL that active expiry samples from.

The last two are append-only with lazy removal: deleting a key costs nothing
extra there, stale entries are skipped when met and squeezed out once they
outnumber the live ones (L{Database.compact}, run from the cron: the TTL list
in one C-speed pass, the log a slice per call, so no call stalls the server).
"""

from __future__ import annotations

import random
from array import array
from bisect import bisect_right
from collections.abc import Iterator
from itertools import chain, compress
from operator import and_, eq
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from txredisd.core.state import ServerState

# Redis's active expire cycle (at the default effort): keys sampled per loop
# and the stale share (%) above which it loops again.
ACTIVE_EXPIRE_KEYS_PER_LOOP = 20
ACTIVE_EXPIRE_ACCEPTABLE_STALE = 10
# Side lists are squeezed once they hold this many entries more than twice the
# live ones (the slack keeps tiny databases from compacting on every change).
_COMPACT_SLACK = 32
# Log entries a cron call may examine while squeezing (a few ms of work).
_SQUEEZE_STEP = 10000
# RANDOMKEY's give-up count on a replica whose keys all look expired.
_RANDOM_KEY_TRIES = 100


class Database:
    """
    One numbered database (SELECT n).

    @ivar data: key -> value (read freely; write through the methods).
    @ivar expires: key -> absolute expiry time in ms (same rule).
    @ivar access: key -> last access time in ms.
    @ivar avg_ttl: Redis's running estimate of the TTL left, for INFO keyspace.
    """

    __slots__ = (
        "_log_keys",
        "_log_numbers",
        "_squeeze",
        "_tail_number",
        "_ttl_keys",
        "access",
        "avg_ttl",
        "data",
        "expires",
        "index",
        "server",
    )

    def __init__(self, index: int, server: ServerState) -> None:
        self.index = index
        self.server = server
        self.data: dict[bytes, Any] = {}
        self.expires: dict[bytes, int] = {}
        self.access: dict[bytes, int] = {}
        self.avg_ttl = 0
        self._tail_number = 1
        self._reset_side_lists()

    def _reset_side_lists(self) -> None:
        # The log's first len(_log_numbers) entries carry their numbers; the
        # entries after them (appended since the last compaction) are numbered
        # implicitly from _tail_number on, so adding a key is one list append.
        self._log_keys: list[bytes] = []
        self._log_numbers = array("q")
        self._ttl_keys: list[bytes] = []
        self._squeeze: _LogSqueeze | None = None

    def __len__(self) -> int:
        return len(self.data)

    # -- lookups --------------------------------------------------------------

    def get(self, key: bytes) -> Any:
        """The live value of C{key}, or None; expires it first if its time has come."""
        expires = self.expires
        if expires and key in expires and self._expire_if_due(key):
            return None
        value = self.data.get(key)
        if value is not None:
            self.access[key] = self.server.now_ms
        return value

    def peek(self, key: bytes) -> Any:
        """Like L{get} but leaves the access time alone (TYPE, TTL, OBJECT...)."""
        expires = self.expires
        if expires and key in expires and self._expire_if_due(key):
            return None
        return self.data.get(key)

    def exists(self, key: bytes) -> bool:
        return self.peek(key) is not None

    def lookup_read(self, key: bytes, touch: bool = True, notify: bool = True) -> Any:
        """
        Redis's C{lookupKeyRead}: a read command's lookup, counted as a keyspace
        hit or miss, and a miss announced as a C{keymiss} event unless C{notify}
        is false (OBJECT's C{LOOKUP_NONOTIFY}).
        """
        # get/peek inlined: this is GET's lookup.
        expires = self.expires
        if expires and key in expires and self._expire_if_due(key):
            value = None
        else:
            value = self.data.get(key)
        server = self.server
        if value is None:
            server.stats.keyspace_misses += 1
            if notify and server.notifications is not None:
                server.notifications(self.index, key, "keymiss", "m")
            return None
        if touch:
            self.access[key] = server.now_ms
        server.stats.keyspace_hits += 1
        return value

    def _expire_if_due(self, key: bytes) -> bool:
        when = self.expires[key]
        server = self.server
        if when > server.now_ms:
            return False
        if server.is_replica:
            # A replica waits for its primary's DEL, but never shows a dead key.
            return True
        self.delete(key)
        server.key_expired(self, key)
        return True

    def ttl_ms(self, key: bytes) -> int | None:
        """Absolute expiry time in ms, or None when the key has no TTL."""
        return self.expires.get(key)

    def idle_ms(self, key: bytes) -> int:
        """Milliseconds since C{key} was last read or written."""
        now = self.server.now_ms
        return now - self.access.get(key, now)

    # -- changes ---------------------------------------------------------------

    def set(self, key: bytes, value: Any, keep_ttl: bool = False) -> None:
        """Store C{value}; like Redis's C{setKey}, a plain set drops any TTL."""
        data = self.data
        new = key not in data
        if new:
            self._log_keys.append(key)
        data[key] = value
        self.access[key] = self.server.now_ms
        if not keep_ttl and self.expires:
            self.expires.pop(key, None)
        if new and self.server.notify_new_keys:
            self.server.notifications(self.index, key, "new", "n")

    def delete(self, key: bytes) -> bool:
        if self.data.pop(key, _MISSING) is _MISSING:
            return False
        if self.expires:
            self.expires.pop(key, None)
        self.access.pop(key, None)
        return True

    def set_expire(self, key: bytes, when_ms: int) -> None:
        expires = self.expires
        if key not in expires:
            self._ttl_keys.append(key)
        expires[key] = when_ms

    def persist(self, key: bytes) -> bool:
        return self.expires.pop(key, None) is not None

    def transfer(self, key: bytes, target: Database, new_key: bytes) -> None:
        """
        Move C{key}'s value and TTL to C{new_key} in C{target} (RENAME, MOVE);
        whatever C{new_key} held is dropped first.
        """
        value = self.data[key]
        when = self.expires.get(key)
        self.delete(key)
        target.delete(new_key)
        target.set(new_key, value)
        if when is not None:
            target.set_expire(new_key, when)

    def flush(self) -> int:
        removed = len(self.data)
        self._tail_number = self._next_number()
        self.data = {}
        self.expires = {}
        self.access = {}
        self.avg_ttl = 0
        self._reset_side_lists()
        return removed

    def swap_contents(self, other: Database) -> None:
        """SWAPDB: the numbers stay, everything they hold changes places."""
        for name in self.__slots__:
            if name not in ("index", "server"):
                mine = getattr(self, name)
                setattr(self, name, getattr(other, name))
                setattr(other, name, mine)

    # -- iteration -------------------------------------------------------------

    def live_keys(self) -> Iterator[bytes]:
        """Keys not logically expired (no side effects: safe while iterating)."""
        expires = self.expires
        if not expires:
            yield from list(self.data)
            return
        now = self.server.now_ms
        for key in list(self.data):
            when = expires.get(key)
            if when is None or when > now:
                yield key

    def scan(self, cursor: int, count: int) -> tuple[int, list[bytes]]:
        """
        One SCAN step: about C{count} keys from C{cursor} on, and the next
        cursor (0 when done). Expired keys are included: the caller filters.

        Every key added to the database gets the next insertion number, kept
        with it in an append-only log. A cursor is an insertion number, and a
        scan walks the log from the newest entry down to number 1: each call
        returns live entries with numbers at or below the cursor and hands back
        the number of the first entry it did not reach. So:

          - a key present for the whole scan keeps its number and its place
            (overwrites do not move it; compaction only drops dead entries and
            keeps numbers), so the walk, which covers every number from the
            top down to 1 without gaps, reaches it: Redis's guarantee;
          - keys added during the scan get numbers above every cursor issued,
            so a scan always ends, whatever the write rate;
          - a key deleted and added again is a new entry (Redis may also
            return it twice); duplicates within one reply are removed.

        Like Redis's COUNT, C{count} bounds the work: the walk stops after
        C{count} live keys or C{10 * count} log entries.
        """
        keys, data = self._log_keys, self.data
        i = len(keys) - 1 if cursor == 0 else self._index_at_or_below(cursor)
        stop = max(-1, i - 10 * count)
        found: list[bytes] = []
        while i > stop:
            key = keys[i]
            i -= 1
            if key in data:
                found.append(key)
                if len(found) == count:
                    break
        if len(set(found)) != len(found):
            found = list(dict.fromkeys(found))
        return (self._number_of(i) if i >= 0 else 0), found

    def _number_of(self, index: int) -> int:
        """The insertion number of log entry C{index} (the next number past the end)."""
        numbers = self._log_numbers
        if index < len(numbers):
            return numbers[index]
        return self._tail_number + index - len(numbers)

    def _next_number(self) -> int:
        return self._number_of(len(self._log_keys))

    def _numbers_between(self, start: int, stop: int) -> list[int]:
        """The insertion numbers of log entries C{start} to C{stop - 1}."""
        numbers = self._log_numbers
        fixed = len(numbers)
        head = numbers[start:stop] if start < fixed else []
        if stop <= fixed:
            return list(head)
        first = self._number_of(max(start, fixed))
        return list(chain(head, range(first, first + stop - max(start, fixed))))

    def _index_at_or_below(self, number: int) -> int:
        """The log index of the newest entry numbered C{number} or less (-1: none)."""
        numbers = self._log_numbers
        if number < self._tail_number:
            return bisect_right(numbers, number) - 1
        return min(len(numbers) + number - self._tail_number, len(self._log_keys) - 1)

    def random_key(self) -> bytes | None:
        """
        A random live key; expired ones met on the way are reaped, as Redis does.
        A replica whose keys all carry a TTL gives up after 100 expired draws
        and returns the last one (it may not delete them itself).
        """
        data, expires = self.data, self.expires
        all_volatile = len(expires) == len(data)
        tries = _RANDOM_KEY_TRIES
        rand = random.random
        while data:
            keys = self._log_keys
            if len(keys) > 16 * len(data) + _COMPACT_SLACK:
                # Reaping expired keys here can leave the log nearly all dead.
                self._squeeze_log(2 * len(keys))
                keys = self._log_keys
            key = keys[int(rand() * len(keys))]
            if key not in data:
                continue
            if key in expires:
                if all_volatile and self.server.is_replica:
                    tries -= 1
                    if tries == 0:
                        return key
                if self._expire_if_due(key):
                    continue
            return key
        return None

    def compact(self) -> None:
        """
        Squeeze dead entries out of the side lists once they outnumber the live
        ones: the TTL list at once (a C-speed copy of C{expires}), the log by
        one bounded slice per call. Amortised O(1) per deletion.
        """
        if len(self._ttl_keys) > 2 * len(self.expires) + _COMPACT_SLACK:
            self._ttl_keys = list(self.expires)
        if self._squeeze is not None or len(self._log_keys) > 2 * len(self.data) + _COMPACT_SLACK:
            self._squeeze_log(_SQUEEZE_STEP)

    def _squeeze_log(self, budget: int) -> None:
        if self._squeeze is None:
            self._squeeze = _LogSqueeze(len(self._log_keys))
        if self._squeeze.step(self, budget):
            self._squeeze = None

    # -- active expiry -----------------------------------------------------------

    def active_expire_cycle(
        self,
        now_ms: int,
        budget: int,
        keys_per_loop: int = ACTIVE_EXPIRE_KEYS_PER_LOOP,
        acceptable_stale: int = ACTIVE_EXPIRE_ACCEPTABLE_STALE,
    ) -> tuple[int, int, bool]:
        """
        Sample keys with a TTL (random draws from the TTL list) and reap the
        dead, looping while more than C{acceptable_stale}% of a loop's sample
        was stale, for at most C{budget} draws.

        @return: (keys sampled, keys expired, whether it stopped on the budget
            with stale keys still being found).
        """
        sampled = expired = draws = 0
        expires = self.expires
        while expires:
            if draws >= budget:
                return sampled, expired, True
            if not self._ttl_keys or len(self._ttl_keys) > 2 * len(expires) + _COMPACT_SLACK:
                self._ttl_keys = list(expires)
            loop_sampled, loop_expired = self._expire_sample(now_ms, keys_per_loop)
            draws += keys_per_loop
            sampled += loop_sampled
            expired += loop_expired
            if loop_sampled and loop_expired * 100 // loop_sampled <= acceptable_stale:
                break
        return sampled, expired, False

    def _expire_sample(self, now_ms: int, draws: int) -> tuple[int, int]:
        """One loop: draw entries, reap the expired, fold live TTLs into C{avg_ttl}."""
        expires = self.expires
        sampled = expired = ttl_sum = 0
        for key in random.choices(self._ttl_keys, k=draws):
            when = expires.get(key)
            if when is None:
                continue  # stale entry, or a duplicate draw already reaped
            sampled += 1
            if when <= now_ms:
                self.delete(key)
                self.server.key_expired(self, key)
                expired += 1
            else:
                ttl_sum += when - now_ms
        live = sampled - expired
        if live:
            average = ttl_sum // live
            # Redis's running estimate: 2% of each new sample.
            self.avg_ttl = (self.avg_ttl or average) // 50 * 49 + average // 50
        return sampled, expired


class _LogSqueeze:
    """
    Dropping dead and superseded entries from the first C{end} entries of a
    log, a slice at a time, while the database goes on changing: first note
    each live key's newest number in that region, then keep the entries that
    are their key's newest and whose key is still alive. Numbers are kept,
    so cursors stay valid; entries appended meanwhile are carried over as they
    are. A key deleted after its entry was kept leaves a dead entry for next
    time, one re-added meanwhile a harmless duplicate.
    """

    __slots__ = ("end", "kept_keys", "kept_numbers", "newest", "position")

    def __init__(self, end: int) -> None:
        self.end = end
        self.position = 0
        self.newest: dict[bytes, int] = {}
        self.kept_keys: list[bytes] = []
        self.kept_numbers = array("q")

    def step(self, db: Database, budget: int) -> bool:
        """Examine up to C{budget} entries; True once the squeezed log is in place."""
        end = self.end
        while budget > 0 and self.position < 2 * end:
            noting = self.position < end
            start = self.position % end
            stop = min(end, start + budget)
            keys = db._log_keys[start:stop]
            numbers = db._numbers_between(start, stop)
            alive = list(map(db.data.__contains__, keys))
            if noting:
                self.newest.update(zip(compress(keys, alive), compress(numbers, alive), strict=True))
            else:
                newest = map(eq, map(self.newest.get, keys), numbers)
                keep = list(map(and_, alive, newest))
                self.kept_keys.extend(compress(keys, keep))
                self.kept_numbers.extend(compress(numbers, keep))
            self.position += stop - start
            budget -= stop - start
        if self.position < 2 * end:
            return False
        db._tail_number = db._number_of(end)
        db._log_keys = self.kept_keys + db._log_keys[end:]
        db._log_numbers = self.kept_numbers
        return True


_MISSING = object()
