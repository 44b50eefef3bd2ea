"""Connection commands: PING, ECHO, QUIT, SELECT, AUTH, HELLO, RESET."""

from __future__ import annotations

import hmac

from txredisd import REDIS_VERSION
from txredisd.core.commands._args import parse_int
from txredisd.core.commands._spec import command
from txredisd.core.errors import NOT_INTEGER, OUT_OF_RANGE_DB, WRONGPASS, CommandError, wrong_arity
from txredisd.resp.values import OK, PONG, SimpleString

RESET = SimpleString(b"RESET")


@command("ping", -1, "fast sentinel", tips=("request_policy:all_shards", "response_policy:all_succeeded"),
         group="connection", summary="Check that the server answers.")
def ping(session, argv):
    if len(argv) > 2:
        raise wrong_arity("ping")
    if session.subscriptions and session.resp == 2:
        return [b"pong", argv[1] if len(argv) == 2 else b""]
    return argv[1] if len(argv) == 2 else PONG


@command("echo", 2, "loading stale fast", group="connection", summary="Reply with the given string.")
def echo(session, argv):
    return argv[1]


@command("quit", -1, "no_auth noscript loading stale fast allow_busy", group="connection",
         summary="Close the connection once the reply is sent.")
def quit(session, argv):
    session.close_after_reply = True
    return OK


@command("select", 2, "loading stale fast", group="connection", summary="Switch the current database.")
def select(session, argv):
    index = parse_int(argv[1], NOT_INTEGER)
    if not -(2**31) <= index < 2**31:
        raise CommandError("ERR value is out of range, value must between -2147483648 and 2147483647")
    if not 0 <= index < len(session.server.dbs):
        raise CommandError(OUT_OF_RANGE_DB)
    session.select(index)
    return OK


def _check_password(session, username: bytes, password: bytes) -> None:
    """Authenticate as the default user (the only user until ACLs arrive)."""
    required = session.server.config["requirepass"]
    if username != b"default" or not required or not hmac.compare_digest(
        password, required.encode() if isinstance(required, str) else required
    ):
        if username == b"default" and not required:
            session.authenticated = True
            return
        raise CommandError(WRONGPASS)
    session.authenticated = True
    session.user = "default"


@command("auth", -2, "noscript loading stale fast no_auth sentinel allow_busy", group="connection",
         summary="Authenticate the connection.")
def auth(session, argv):
    if len(argv) > 3:
        raise CommandError("ERR syntax error")
    if len(argv) == 2:
        if not session.server.config["requirepass"]:
            raise CommandError(
                "ERR AUTH <password> called without any password configured for the default user. "
                "Are you sure your configuration is correct?"
            )
        _check_password(session, b"default", argv[1])
    else:
        _check_password(session, argv[1], argv[2])
    return OK


def valid_client_name(name: bytes) -> bool:
    return all(33 <= c <= 126 for c in name)


@command("hello", -1, "noscript loading stale fast no_auth sentinel allow_busy", group="connection",
         summary="Pick the protocol version, optionally authenticating and naming the connection.")
def hello(session, argv):
    version = session.resp
    if len(argv) >= 2:
        try:
            version = parse_int(argv[1])
        except CommandError:
            raise CommandError("ERR Protocol version is not an integer or out of range") from None
        if version < 2 or version > 3:
            raise CommandError("NOPROTO unsupported protocol version")
    credentials = None
    name = None
    i = 2
    while i < len(argv):
        option = argv[i].lower()
        if option == b"auth" and i + 2 < len(argv):
            credentials = (argv[i + 1], argv[i + 2])
            i += 3
        elif option == b"setname" and i + 1 < len(argv):
            name = argv[i + 1]
            i += 2
        else:
            raise CommandError(f"ERR Syntax error in HELLO option '{argv[i].decode('utf-8', 'replace')}'")
    if credentials is not None:
        _check_password(session, *credentials)
    if not session.authenticated:
        raise CommandError(
            "NOAUTH HELLO must be called with the client already authenticated, otherwise the "
            "HELLO AUTH <user> <pass> option can be used to authenticate the client and "
            "select the RESP protocol version at the same time"
        )
    if name is not None:
        if not valid_client_name(name):
            raise CommandError("ERR Client names cannot contain spaces, newlines or special characters.")
        session.name = name
    session.resp = version
    server = session.server
    return {
        b"server": b"redis",
        b"version": REDIS_VERSION.encode(),
        b"proto": version,
        b"id": session.id,
        b"mode": b"standalone",
        b"role": b"slave" if server.is_replica else b"master",
        b"modules": [],
    }


@command("reset", 1, "noscript loading stale fast no_auth allow_busy", group="connection",
         summary="Return the connection to its just-connected state.")
def reset(session, argv):
    session.reset()
    return RESET
