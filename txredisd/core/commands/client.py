"""
CLIENT subcommands: naming, listing and killing connections, pausing the
server, and a connection's own reply mode.

Closing another connection and resuming paused ones are the adapter's job
(C{server.io.close_client}, C{server.io.unpaused}); the core only decides.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from txredisd.core import session as sessions
from txredisd.core.commands._args import parse_int
from txredisd.core.commands._spec import command
from txredisd.core.commands.connection import valid_client_name
from txredisd.core.commands.server import help_reply
from txredisd.core.errors import SYNTAX, CommandError, subcommand_syntax
from txredisd.resp.request import string2ll
from txredisd.resp.values import OK, SetReply, Verbatim

_ADMIN = "admin noscript loading stale"
_PLAIN = "noscript loading stale"
_CLIENT_TYPES = {b"normal": "normal", b"master": "master", b"replica": "replica", b"slave": "replica",
                 b"pubsub": "pubsub"}
# CLIENT LIST's flag letters, in the order Redis prints them.
_FLAG_ORDER = "OSMPxbtRBdcuAUre"

Filter = Callable[[object], bool]


def _client_type(session) -> str:
    if "M" in session.flags:
        return "master"
    if session.is_replica_link:
        return "replica"
    return "pubsub" if session.subscriptions else "normal"


def _flags(session) -> str:
    letters = set(session.flags)
    if session in session.server.monitors:
        letters.add("O")
    if session.is_replica_link:
        letters.add("S")
    if session.subscriptions:
        letters.add("P")
    if session.multi is not None:
        letters.add("x")
    if session.blocked is not None:
        letters.add("b")
    if session.watch_dirty:
        letters.add("d")
    if session.close_after_reply:
        letters.add("c")
    if session.kind == "unix":
        letters.add("U")
    if session.no_evict:
        letters.add("e")
    return "".join(letter for letter in _FLAG_ORDER if letter in letters) or "N"


def client_line(session, current: list[bytes] | None = None) -> bytes:
    """
    One CLIENT LIST line (with its newline). C{current} is the argv being run
    when C{session} is the caller: it is what Redis counts as C{argv-mem}.
    """
    now = session.server.now_ms
    argv_mem = sum(map(len, current)) if current else 0
    multi_mem = sum(len(arg) for queued in session.multi for arg in queued) if session.multi else 0
    tot_mem = session.qbuf + session.qbuf_free + argv_mem + multi_mem + session.obl + session.omem
    line = (
        b"id=%d addr=%s laddr=%s fd=%d name=%s age=%d idle=%d flags=%s db=%d sub=%d psub=%d ssub=%d "
        b"multi=%d qbuf=%d qbuf-free=%d argv-mem=%d multi-mem=%d rbs=0 rbp=0 obl=%d oll=%d omem=%d "
        b"tot-mem=%d events=%s cmd=%s user=%s redir=-1 resp=%d"
        % (
            session.id,
            session.peer.encode(),
            session.local.encode(),
            session.fd,
            session.name,
            (now - session.created_ms) // 1000,
            (now - session.last_interaction_ms) // 1000,
            _flags(session).encode(),
            session.db.index,
            len(session.channels),
            len(session.patterns),
            len(session.shard_channels),
            -1 if session.multi is None else len(session.multi),
            session.qbuf,
            session.qbuf_free,
            argv_mem,
            multi_mem,
            session.obl,
            session.oll,
            session.omem,
            tot_mem,
            b"rw" if session.obl or session.omem else b"r",
            session.last_command.fullname.encode() if session.last_command else b"NULL",
            session.user.encode(),
            session.resp,
        )
    )
    if session.peer_subject is not None:
        # Percent-encoded: clients split CLIENT LIST on spaces and on every '='.
        line += b" peer-subject=" + quote(session.peer_subject, safe=",").encode()
    return line + b"\n"


def _client_type_named(name: bytes) -> str:
    kind = _CLIENT_TYPES.get(name.lower())
    if kind is None:
        raise CommandError(f"ERR Unknown client type '{name.decode('utf-8', 'replace')}'")
    return kind


# -- identity -------------------------------------------------------------------------


@command("id", 2, _PLAIN, parent="client", group="connection", since="5.0.0",
         summary="This connection's unique id.")
def client_id(session, argv):
    return session.id


@command("getname", 2, _PLAIN, parent="client", group="connection", since="2.6.9",
         summary="This connection's name, if it has one.")
def client_getname(session, argv):
    return session.name or None


@command("setname", 3, _PLAIN, parent="client", group="connection", since="2.6.9",
         summary="Name this connection (an empty name removes it).")
def client_setname(session, argv):
    if not valid_client_name(argv[2]):
        raise CommandError("ERR Client names cannot contain spaces, newlines or special characters.")
    session.name = argv[2]
    return OK


@command("info", 2, _PLAIN, tips=("nondeterministic_output",), parent="client", group="connection", since="6.2.0",
         summary="This connection, as one CLIENT LIST line.")
def client_info(session, argv):
    return Verbatim(client_line(session, argv))


@command("list", -2, _ADMIN, tips=("nondeterministic_output",), parent="client", group="connection", since="2.4.0",
         summary="Every connection, one line each, optionally by type or id.")
def client_list(session, argv):
    clients = session.server.clients.values()
    if len(argv) == 4 and argv[2].lower() == b"type":
        kind = _client_type_named(argv[3])
        clients = [c for c in clients if _client_type(c) == kind]
    elif len(argv) > 3 and argv[2].lower() == b"id":
        wanted = []
        for arg in argv[3:]:
            client_id_ = string2ll(arg)
            if client_id_ is None:
                raise CommandError("ERR Invalid client ID")
            wanted.append(client_id_)
        found = (session.server.clients.get(i) for i in wanted)
        clients = [c for c in found if c is not None]
    elif len(argv) != 2:
        raise CommandError(SYNTAX)
    return Verbatim(b"".join(client_line(c, argv if c is session else None) for c in clients))


# -- KILL -----------------------------------------------------------------------------


def _kill_filter(session, argv: list[bytes]) -> tuple[list[Filter], bool]:
    """CLIENT KILL's new-style filters, and whether the caller is spared (SKIPME)."""
    filters: list[Filter] = []
    skipme = True
    for i in range(2, len(argv), 2):
        option, value = argv[i].lower(), argv[i + 1]
        if option == b"id":
            wanted_id = parse_int(value, "ERR client-id should be greater than 0")
            if wanted_id <= 0:
                raise CommandError("ERR client-id should be greater than 0")
            filters.append(lambda c, wanted_id=wanted_id: c.id == wanted_id)
        elif option == b"type":
            kind = _client_type_named(value)
            filters.append(lambda c, kind=kind: _client_type(c) == kind)
        elif option == b"addr":
            addr = value.decode("utf-8", "replace")
            filters.append(lambda c, addr=addr: c.peer == addr)
        elif option == b"laddr":
            laddr = value.decode("utf-8", "replace")
            filters.append(lambda c, laddr=laddr: c.local == laddr)
        elif option == b"user":
            user = value.decode("utf-8", "replace")
            if user != "default":  # the only user until ACLs arrive
                raise CommandError(f"ERR No such user '{user}'")
            filters.append(lambda c, user=user: c.user == user)
        elif option == b"skipme" and value.lower() in (b"yes", b"no"):
            skipme = value.lower() == b"yes"
        else:
            raise CommandError(SYNTAX)
    return filters, skipme


def _close(session, victim) -> None:
    """Drop a connection: the caller after this reply, anyone else at once."""
    io = session.server.io
    if victim is session or io is None:
        victim.close_after_reply = True
    else:
        io.close_client(victim)


@command("kill", -3, _ADMIN, parent="client", group="connection", since="2.4.0",
         summary="Close connections by address, or by id/type/user/address filters.")
def client_kill(session, argv):
    if len(argv) == 3:
        # The old form: one address, the caller included, an error when nobody matches.
        addr = argv[2].decode("utf-8", "replace")
        victims = [c for c in session.server.clients.values() if c.peer == addr]
        if not victims:
            raise CommandError("ERR No such client")
        for victim in victims:
            _close(session, victim)
        return OK
    if len(argv) % 2:
        raise CommandError(SYNTAX)
    filters, skipme = _kill_filter(session, argv)
    victims = [
        c for c in list(session.server.clients.values())
        if not (skipme and c is session) and all(match(c) for match in filters)
    ]
    for victim in victims:
        _close(session, victim)
    return len(victims)


# -- PAUSE, REPLY, NO-EVICT -------------------------------------------------------------


@command("pause", -3, _ADMIN, parent="client", group="connection", since="2.9.50",
         summary="Hold back every client's commands (or only writes) for a while.")
def client_pause(session, argv):
    if len(argv) > 4:
        raise subcommand_syntax(argv[1], "client")
    writes_only = False
    if len(argv) == 4:
        mode = argv[3].lower()
        if mode not in (b"write", b"all"):
            raise CommandError("ERR CLIENT PAUSE mode must be WRITE or ALL")
        writes_only = mode == b"write"
    timeout = parse_int(argv[2], "ERR timeout is not an integer or out of range")
    if timeout < 0:
        raise CommandError("ERR timeout is negative")
    server = session.server
    end = server.now_ms + timeout if timeout else 0
    if server.paused_until_ms > server.now_ms:
        # A pause in progress only grows: the later end and the stricter mode win.
        end = max(end, server.paused_until_ms)
        writes_only = writes_only and server.pause_writes_only
    server.paused_until_ms = end
    server.pause_writes_only = writes_only
    return OK


@command("unpause", 2, _ADMIN, parent="client", group="connection", since="6.2.0",
         summary="End a CLIENT PAUSE now.")
def client_unpause(session, argv):
    server = session.server
    server.paused_until_ms = 0
    server.pause_writes_only = False
    if server.io is not None:
        server.io.unpaused()
    return OK


@command("reply", 3, _PLAIN, parent="client", group="connection", since="3.2.0",
         summary="Turn this connection's replies on, off, or off for the next command.")
def client_reply(session, argv):
    # Read at call time: the session module imports this package while it loads.
    modes = {b"on": sessions.REPLY_ON, b"off": sessions.REPLY_OFF, b"skip": sessions.REPLY_SKIP_NEXT}
    mode = modes.get(argv[2].lower())
    if mode is None:
        raise CommandError(SYNTAX)
    # OFF and SKIP take effect at once: this very command gets no reply either.
    session.reply_mode = mode
    return OK


@command("no-evict", 3, _ADMIN, parent="client", group="connection", since="7.0.0",
         summary="Protect this connection from client eviction.")
def client_no_evict(session, argv):
    setting = argv[2].lower()
    if setting not in (b"on", b"off"):
        raise CommandError(SYNTAX)
    session.no_evict = setting == b"on"
    return OK


# -- tracking (not implemented: reported as off) ---------------------------------------


@command("getredir", 2, _PLAIN, parent="client", group="connection", since="6.0.0",
         summary="Where tracking invalidations go (-1: tracking is off).")
def client_getredir(session, argv):
    return -1


@command("trackinginfo", 2, _PLAIN, parent="client", group="connection", since="6.2.0",
         summary="This connection's client-side caching state.")
def client_trackinginfo(session, argv):
    return {b"flags": SetReply([b"off"]), b"redirect": -1, b"prefixes": []}


_CLIENT_HELP = (
    "CACHING (YES|NO)",
    "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
    "GETREDIR",
    "    Return the client ID we are redirecting to when tracking is enabled.",
    "GETNAME",
    "    Return the name of the current connection.",
    "ID",
    "    Return the ID of the current connection.",
    "INFO",
    "    Return information about the current client connection.",
    "KILL <ip:port>",
    "    Kill connection made from <ip:port>.",
    "KILL <option> <value> [<option> <value> [...]]",
    "    Kill connections. Options are:",
    "    * ADDR (<ip:port>|<unixsocket>:0)",
    "      Kill connections made from the specified address",
    "    * LADDR (<ip:port>|<unixsocket>:0)",
    "      Kill connections made to specified local address",
    "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
    "      Kill connections by type.",
    "    * USER <username>",
    "      Kill connections authenticated by <username>.",
    "    * SKIPME (YES|NO)",
    "      Skip killing current connection (default: yes).",
    "LIST [options ...]",
    "    Return information about client connections. Options:",
    "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
    "      Return clients of specified type.",
    "UNPAUSE",
    "    Stop the current client pause, resuming traffic.",
    "PAUSE <timeout> [WRITE|ALL]",
    "    Suspend all, or just write, clients for <timeout> milliseconds.",
    "REPLY (ON|OFF|SKIP)",
    "    Control the replies sent to the current connection.",
    "SETNAME <name>",
    "    Assign the name <name> to the current connection.",
    "UNBLOCK <clientid> [TIMEOUT|ERROR]",
    "    Unblock the specified blocked client.",
    "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
    "         [OPTIN] [OPTOUT] [NOLOOP]",
    "    Control server assisted client side caching.",
    "TRACKINGINFO",
    "    Report tracking status for the current connection.",
    "NO-EVICT (ON|OFF)",
    "    Protect current client connection from eviction.",
)


@command("unblock", -3, _ADMIN, parent="client", group="connection", since="5.0.0",
         summary="Unblock a client blocked in a blocking command from a different connection.")
def client_unblock(session, argv):
    client_id = parse_int(argv[2])
    error = False
    if len(argv) == 4:
        reason = argv[3].lower()
        if reason not in (b"timeout", b"error"):
            raise CommandError("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR")
        error = reason == b"error"
    elif len(argv) > 4:
        raise CommandError(SYNTAX)
    target = session.server.clients.get(client_id)
    if target is None or target.blocked is None:
        return 0
    session.server.blocking.unblock(target, error)
    return 1


@command("help", 2, "loading stale", parent="client", group="connection", since="5.0.0",
         summary="Show CLIENT's subcommands.")
def client_help(session, argv):
    return help_reply("CLIENT", _CLIENT_HELP)
