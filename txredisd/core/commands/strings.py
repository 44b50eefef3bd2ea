"""String commands."""

from __future__ import annotations

from txredisd.core.commands._args import get_string, parse_int
from txredisd.core.commands._spec import command
from txredisd.core.errors import SYNTAX, CommandError, invalid_expire
from txredisd.resp.values import OK

_LLONG_MAX = 2**63 - 1


@command("get", 2, "readonly fast", keys=(1, 1, 1), group="string", summary="The value of a key.")
def get(session, argv):
    return get_string(session, argv[1])


def expire_at_ms(session, unit: bytes, arg: bytes, name: str) -> int:
    """Absolute expiry in ms from an EX/PX/EXAT/PXAT argument, checked like Redis."""
    value = parse_int(arg)
    if value <= 0:
        raise invalid_expire(name)
    if unit in (b"ex", b"exat"):
        if value > _LLONG_MAX // 1000:
            raise invalid_expire(name)
        value *= 1000
    if unit in (b"ex", b"px"):
        if value > _LLONG_MAX - session.server.now_ms:
            raise invalid_expire(name)
        value += session.server.now_ms
    return value


@command("set", -3, "write denyoom", keys=(1, 1, 1), group="string", summary="Set a key's string value.")
def set_(session, argv):
    key, value = argv[1], argv[2]
    condition = None
    want_old = keep_ttl = False
    expire_unit = expire_arg = None
    i = 3
    while i < len(argv):
        option = argv[i].lower()
        has_next = i + 1 < len(argv)
        if option in (b"nx", b"xx") and condition is None:
            condition = option
        elif option == b"get":
            want_old = True
        elif option == b"keepttl" and expire_unit is None:
            keep_ttl = True
        elif option in (b"ex", b"px", b"exat", b"pxat") and expire_unit is None and not keep_ttl and has_next:
            expire_unit, expire_arg = option, argv[i + 1]
            i += 1
        else:
            raise CommandError(SYNTAX)
        i += 1
    db = session.db
    when = expire_at_ms(session, expire_unit, expire_arg, "set") if expire_unit else None
    old = get_string(session, key) if want_old else None
    if condition is not None:
        exists = db.exists(key)
        if (condition == b"nx") == exists:
            return old if want_old else None
    db.set(key, value, keep_ttl)
    server = session.server
    server.written(db, key, "set", "$")
    if when is not None:
        db.set_expire(key, when)
        server.written(db, key, "expire", "g", changes=0)
        session.rewritten = [[b"SET", key, value, b"PXAT", b"%d" % when]]
    return old if want_old else OK
