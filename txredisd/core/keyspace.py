"""
Databases: keys, values, expiry times.

Values are stored as their Python models: strings as C{bytes} (or C{bytearray}
once modified in place, which is what Redis's "raw" encoding means), other types
as the classes in L{txredisd.core.types}. Expiry is lazy on access plus an active
cycle (L{Database.active_expire_cycle}) the adapter drives at C{hz}.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any, Iterator

if TYPE_CHECKING:
    from txredisd.core.state import ServerState

# Redis's active expire cycle: keys sampled per loop and the stale share that
# makes it loop again.
ACTIVE_EXPIRE_KEYS_PER_LOOP = 20
ACTIVE_EXPIRE_ACCEPTABLE_STALE = 0.10


class Database:
    """One numbered database (SELECT n)."""

    __slots__ = ("index", "data", "expires", "server", "avg_ttl")

    def __init__(self, index: int, server: "ServerState") -> None:
        self.index = index
        self.server = server
        self.data: dict[bytes, Any] = {}
        self.expires: dict[bytes, int] = {}
        self.avg_ttl = 0

    def __len__(self) -> int:
        return len(self.data)

    def get(self, key: bytes) -> Any:
        """The live value of C{key}, or None; expires it first if its time has come."""
        if self.expires and key in self.expires and self._expire_if_due(key):
            return None
        return self.data.get(key)

    def exists(self, key: bytes) -> bool:
        if self.expires and key in self.expires and self._expire_if_due(key):
            return False
        return key in self.data

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

    def set(self, key: bytes, value: Any, keep_ttl: bool = False) -> None:
        """Store C{value}; like Redis's C{setKey}, a plain set drops any TTL."""
        self.data[key] = value
        if not keep_ttl and self.expires:
            self.expires.pop(key, None)

    def delete(self, key: bytes) -> bool:
        if self.data.pop(key, _MISSING) is _MISSING:
            return False
        if self.expires:
            self.expires.pop(key, None)
        return True

    def set_expire(self, key: bytes, when_ms: int) -> None:
        self.expires[key] = when_ms

    def persist(self, key: bytes) -> bool:
        return self.expires.pop(key, None) is not None

    def ttl_ms(self, key: bytes) -> int | None:
        """Absolute expiry time in ms, or None when the key has no TTL."""
        return self.expires.get(key)

    def flush(self) -> int:
        removed = len(self.data)
        self.data = {}
        self.expires = {}
        return removed

    def swap_contents(self, other: "Database") -> None:
        self.data, other.data = other.data, self.data
        self.expires, other.expires = other.expires, self.expires
        self.avg_ttl, other.avg_ttl = other.avg_ttl, self.avg_ttl

    def random_key(self) -> bytes | None:
        """A random live key; expired ones met on the way are reaped, as Redis does."""
        for _ in range(100):
            if not self.data:
                return None
            key = random.choice(list(self.data)) if len(self.data) < 64 else self._sample_key()
            if self.exists(key):
                return key
        return None

    def _sample_key(self) -> bytes:
        # dicts are insertion-ordered; an iterator skip is cheaper than list() for big dbs.
        skip = random.randrange(len(self.data))
        iterator = iter(self.data)
        for _ in range(skip % 1024):
            next(iterator)
        return next(iterator)

    def live_keys(self) -> Iterator[bytes]:
        """Keys not logically expired (no side effects: safe while iterating)."""
        now = self.server.now_ms
        expires = self.expires
        for key in list(self.data):
            when = expires.get(key) if expires else None
            if when is None or when > now:
                yield key

    def active_expire_cycle(self, now_ms: int, budget: int) -> tuple[int, int]:
        """
        Sample keys with a TTL and reap the dead, looping while more than 10% of a
        sample was stale and C{budget} samples remain.

        @return: (keys sampled, keys expired).
        """
        sampled = expired = 0
        expires = self.expires
        while expires and sampled < budget:
            keys = random.sample(list(expires), min(ACTIVE_EXPIRE_KEYS_PER_LOOP, len(expires))) if len(expires) <= 4096 else self._sample_expiring(ACTIVE_EXPIRE_KEYS_PER_LOOP)
            stale = 0
            ttl_sum = ttl_count = 0
            for key in keys:
                when = expires.get(key)
                if when is None:
                    continue
                if when <= now_ms:
                    self.delete(key)
                    self.server.key_expired(self, key)
                    stale += 1
                else:
                    ttl_sum += when - now_ms
                    ttl_count += 1
            if ttl_count:
                avg = ttl_sum // ttl_count
                self.avg_ttl = avg if not self.avg_ttl else (self.avg_ttl // 50) * 49 + avg // 50
            sampled += len(keys)
            expired += stale
            if stale <= len(keys) * ACTIVE_EXPIRE_ACCEPTABLE_STALE:
                break
        return sampled, expired

    def _sample_expiring(self, count: int) -> list[bytes]:
        start = random.randrange(len(self.expires))
        keys = []
        for i, key in enumerate(self.expires):
            if i >= start:
                keys.append(key)
                if len(keys) == count:
                    break
        return keys


_MISSING = object()
