"""CONFIG GET/SET/RESETSTAT/REWRITE/HELP, over the table in L{txredisd.config}."""

from __future__ import annotations

from txredisd.config import ConfigError
from txredisd.core.commands._spec import TABLE, command
from txredisd.core.errors import SYNTAX, CommandError
from txredisd.resp.values import OK, SimpleString

_FLAGS = "admin noscript loading stale"

_container = TABLE.container("config", "server")
_container.summary = "A container for server configuration commands"
_container.since = "2.0.0"

_HELP = [
    SimpleString(line.encode())
    for line in (
        "CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "GET <pattern>",
        "    Return parameters matching the glob-like <pattern> and their values.",
        "SET <directive> <value>",
        "    Set the configuration <directive> to <value>.",
        "RESETSTAT",
        "    Reset statistics reported by the INFO command.",
        "REWRITE",
        "    Rewrite the configuration file.",
        "HELP",
        "    Prints this help.",
    )
]


def _text(arg: bytes) -> str:
    return arg.decode("utf-8", "surrogateescape")


def _wire(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


@command(
    "get",
    -3,
    _FLAGS,
    group="server",
    since="2.0.0",
    parent="config",
    summary="Get the values of configuration parameters",
)
def config_get(session, argv):
    """A map name -> value (a flat array in RESP2), each parameter once."""
    pairs = session.server.config.matching([_text(arg) for arg in argv[2:]])
    return {_wire(name): _wire(value) for name, value in pairs}


@command(
    "set",
    -4,
    _FLAGS,
    tips=("request_policy:all_nodes", "response_policy:all_succeeded"),
    group="server",
    since="2.0.0",
    parent="config",
    summary="Set configuration parameters to the given values",
)
def config_set(session, argv):
    """Several name/value pairs, applied all or none."""
    if len(argv) % 2:
        raise CommandError(SYNTAX)
    pairs = [(_text(argv[i]), _text(argv[i + 1])) for i in range(2, len(argv), 2)]
    try:
        session.server.config.set_many(pairs, protected_ok=_may_set_protected(session))
    except ConfigError as error:
        raise CommandError(f"ERR {error}") from None
    return OK


def _may_set_protected(session) -> bool:
    """C{enable-protected-configs}: yes, or local for Unix-socket and loopback clients."""
    mode = session.server.config["enable-protected-configs"]
    if mode == "local":
        host = session.peer.rsplit(":", 1)[0]
        return session.kind == "unix" or host in ("127.0.0.1", "[::1]")
    return mode == "yes"


@command(
    "resetstat", 2, _FLAGS, group="server", since="2.0.0", parent="config", summary="Reset the stats returned by INFO"
)
def config_resetstat(session, argv):
    session.server.stats.reset()
    for spec in TABLE.all_specs():
        spec.reset_stats()
    return OK


@command(
    "rewrite",
    2,
    _FLAGS,
    group="server",
    since="2.8.0",
    parent="config",
    summary="Rewrite the configuration file with the in memory configuration",
)
def config_rewrite(session, argv):
    """Synchronous, as in Redis: the file is small and the write is atomic."""
    try:
        session.server.config.rewrite()
    except ConfigError as error:
        raise CommandError(f"ERR {error}") from None
    return OK


@command(
    "help",
    2,
    "loading stale",
    group="server",
    since="5.0.0",
    parent="config",
    summary="Show helpful text about the different subcommands",
)
def config_help(session, argv):
    return _HELP
