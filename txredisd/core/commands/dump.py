"""
DUMP and RESTORE: a value as Redis 7.0's serialised payload and back, so
that keys move between txredisd and redis-server in both directions.
"""

from __future__ import annotations

from txredisd.core.commands._args import parse_int
from txredisd.core.commands._spec import KeySpec, command
from txredisd.core.errors import SYNTAX, CommandError
from txredisd.persistence import EmptyValue, Limits, RdbError, dump, payload_intact, restore
from txredisd.resp.values import OK

BUSYKEY = "BUSYKEY Target key name already exists."
BAD_PAYLOAD = "ERR DUMP payload version or checksum are wrong"
BAD_DATA = "ERR Bad data format"
_BAD_TTL = "ERR Invalid TTL value, must be >= 0"
_BAD_IDLETIME = "ERR Invalid IDLETIME value, must be >= 0"
_BAD_FREQ = "ERR Invalid FREQ value, must be >= 0 and <= 255"


@command("dump", 2, "readonly", key_specs=[KeySpec("RO access", 1)], tips=("nondeterministic_output",),
         since="2.6.0", summary="Serialise a key's value in Redis's DUMP format.")
def dump_(session, argv):
    value = session.db.lookup_read(argv[1])
    if value is None:
        return None
    config = session.server.config
    return dump(value, Limits.from_config(config), config["rdbcompression"])


class _Options:
    """RESTORE's options after the payload."""

    __slots__ = ("absolute", "freq", "idle", "replace")

    def __init__(self, argv: list[bytes]) -> None:
        self.replace = self.absolute = False
        self.idle: int | None = None
        self.freq: int | None = None
        i = 4
        while i < len(argv):
            option = argv[i].lower()
            more = i + 1 < len(argv)
            if option == b"replace":
                self.replace = True
            elif option == b"absttl":
                self.absolute = True
            elif option == b"idletime" and more and self.freq is None:
                i += 1
                self.idle = parse_int(argv[i])
                if self.idle < 0:
                    raise CommandError(_BAD_IDLETIME)
            elif option == b"freq" and more and self.idle is None:
                i += 1
                self.freq = parse_int(argv[i])
                if not 0 <= self.freq <= 255:
                    raise CommandError(_BAD_FREQ)
            else:
                raise CommandError(SYNTAX)
            i += 1


@command("restore", -4, "write denyoom", key_specs=[KeySpec("OW update", 1)], categories=("dangerous",),
         since="2.6.0", summary="Create a key from a DUMP payload.")
def restore_(session, argv):
    key, payload = argv[1], argv[3]
    options = _Options(argv)
    db, server = session.db, session.server
    if not options.replace and db.get(key) is not None:
        raise CommandError(BUSYKEY)
    ttl = parse_int(argv[2])
    if ttl < 0:
        raise CommandError(_BAD_TTL)
    if not payload_intact(payload):
        raise CommandError(BAD_PAYLOAD)
    try:
        value = restore(bytes(payload), Limits.from_config(server.config))
    except (RdbError, EmptyValue):
        raise CommandError(BAD_DATA) from None
    deleted = options.replace and db.delete(key)
    when = None
    if ttl:
        when = ttl if options.absolute else server.now_ms + ttl
        if when <= server.now_ms and not server.is_replica:
            if deleted:
                session.rewritten = [[b"DEL", key]]
                server.written(db, key, "del")
            return OK
    db.set(key, value)
    if when is not None:
        db.set_expire(key, when)
    if options.idle is not None:
        db.access[key] = server.now_ms - options.idle * 1000
    server.written(db, key, "restore")
    return OK
