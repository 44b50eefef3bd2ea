"""
The RDB format's vocabulary, shared by the reader and the writer: opcodes,
object types, the one error type, and the size limits of the packed
encodings taken from the configuration.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

#: The version this server writes (redis-server 7.0's) and the newest it reads.
RDB_VERSION = 10
MAGIC = b"REDIS"
#: What the C{redis-ver} AUX field says.
REDIS_VERSION = b"7.0.15"

# Opcodes (a byte where an object type byte could be).
OP_FUNCTION2 = 245
OP_FUNCTION_PRE_GA = 246
OP_MODULE_AUX = 247
OP_IDLE = 248
OP_FREQ = 249
OP_AUX = 250
OP_RESIZEDB = 251
OP_EXPIRETIME_MS = 252
OP_EXPIRETIME = 253
OP_SELECTDB = 254
OP_EOF = 255

# Object types.
TYPE_STRING = 0
TYPE_LIST = 1
TYPE_SET = 2
TYPE_ZSET = 3
TYPE_HASH = 4
TYPE_ZSET_2 = 5
TYPE_MODULE_PRE_GA = 6
TYPE_MODULE_2 = 7
TYPE_HASH_ZIPMAP = 9
TYPE_LIST_ZIPLIST = 10
TYPE_SET_INTSET = 11
TYPE_ZSET_ZIPLIST = 12
TYPE_HASH_ZIPLIST = 13
TYPE_LIST_QUICKLIST = 14
TYPE_STREAM_LISTPACKS = 15
TYPE_HASH_LISTPACK = 16
TYPE_ZSET_LISTPACK = 17
TYPE_LIST_QUICKLIST_2 = 18
TYPE_STREAM_LISTPACKS_2 = 19
TYPE_SET_LISTPACK = 20

# Quicklist-2 node containers.
CONTAINER_PLAIN = 1
CONTAINER_PACKED = 2

# Length prefixes: the top two bits of the first byte.
LEN_6BIT = 0
LEN_14BIT = 1
LEN_32BIT = 0x80
LEN_64BIT = 0x81
ENCVAL = 3
ENC_INT8 = 0
ENC_INT16 = 1
ENC_INT32 = 2
ENC_LZF = 3


class RdbError(Exception):
    """
    RDB data that cannot be loaded: corrupt, truncated, of an unknown version
    or holding something this server does not support.

    @ivar offset: the byte offset (from the start of the file or payload) where
        the problem was found.
    @ivar reason: what was wrong, without the offset.
    """

    def __init__(self, offset: int, reason: str) -> None:
        super().__init__(f"RDB error at byte offset {offset}: {reason}")
        self.offset = offset
        self.reason = reason


@dataclass(frozen=True)
class Limits:
    """The encoding thresholds that decide how loaded values are kept and saved values split."""

    list_fill: int = -2
    hash_entries: int = 512
    hash_value: int = 64
    set_intset_entries: int = 512
    zset_entries: int = 128
    zset_value: int = 64

    @classmethod
    def from_config(cls, config: Mapping[str, Any] | Any | None) -> Limits:
        """From a L{txredisd.config.Config} (or any mapping of its names); defaults for None."""
        if config is None:
            return cls()
        return cls(
            list_fill=config["list-max-listpack-size"],
            hash_entries=config["hash-max-listpack-entries"],
            hash_value=config["hash-max-listpack-value"],
            set_intset_entries=config["set-max-intset-entries"],
            zset_entries=config["zset-max-listpack-entries"],
            zset_value=config["zset-max-listpack-value"],
        )

    def as_config(self) -> dict[str, int]:
        """The thresholds under their configuration names (what the value models read)."""
        return {
            "list-max-listpack-size": self.list_fill,
            "hash-max-listpack-entries": self.hash_entries,
            "hash-max-listpack-value": self.hash_value,
            "set-max-intset-entries": self.set_intset_entries,
            "zset-max-listpack-entries": self.zset_entries,
            "zset-max-listpack-value": self.zset_value,
        }
