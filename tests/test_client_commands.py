"""
CLIENT subcommands through the core. Error texts and the CLIENT LIST line
layout were taken from redis-server 7.0.15.
"""

from __future__ import annotations

from twisted.trial.unittest import SynchronousTestCase

from tests._core import CoreServer
from tests.test_server_commands import FakeIO, bulk, status_array


def list_line(**changes: object) -> bytes:
    """The CLIENT LIST line of the test client, with some fields changed."""
    fields = {
        "id": 1, "addr": "127.0.0.1:56106", "laddr": "127.0.0.1:6379", "fd": 8, "name": "", "age": 3,
        "idle": 0, "flags": "N", "db": 0, "sub": 0, "psub": 0, "ssub": 0, "multi": -1, "qbuf": 26,
        "qbuf-free": 20448, "argv-mem": 10, "multi-mem": 0, "rbs": 0, "rbp": 0, "obl": 0, "oll": 0,
        "omem": 0, "tot-mem": 20484, "events": "r", "cmd": "client|list", "user": "default", "redir": -1,
        "resp": 2,
    }
    fields.update((name.replace("_", "-"), value) for name, value in changes.items())
    return " ".join(f"{name}={value}" for name, value in fields.items()).encode() + b"\n"


class ClientTestCase(SynchronousTestCase):
    """A server with a fake adapter and one client whose connection figures are known."""

    def setUp(self) -> None:
        self.server = CoreServer()
        self.io = FakeIO()
        self.server.state.io = self.io
        self.client = self.connect("127.0.0.1:56106", fd=8)
        self.client.session.qbuf = 26
        self.client.session.qbuf_free = 20448

    def connect(self, peer: str, fd: int = 9, kind: str = "tcp"):
        client = self.server.session()
        session = client.session
        session.peer, session.local, session.fd, session.kind = peer, "127.0.0.1:6379", fd, kind
        return client


class IdentityTests(ClientTestCase):
    """CLIENT ID, GETNAME, SETNAME."""

    def test_id(self) -> None:
        """CLIENT ID is the connection's id; extra arguments are an arity error."""
        self.assertEqual(self.client.call("CLIENT", "ID"), b":1\r\n")
        self.assertEqual(self.client.call("CLIENT", "ID", "x"),
                         b"-ERR wrong number of arguments for 'client|id' command\r\n")

    def test_names(self) -> None:
        """No name is a null; setting the empty name removes it."""
        self.assertEqual(self.client.call("CLIENT", "GETNAME"), b"$-1\r\n")
        self.assertEqual(self.client.call("CLIENT", "SETNAME", "x~y"), b"+OK\r\n")
        self.assertEqual(self.client.call("CLIENT", "GETNAME"), b"$3\r\nx~y\r\n")
        self.assertEqual(self.client.call("CLIENT", "SETNAME", ""), b"+OK\r\n")
        self.assertEqual(self.client.call("CLIENT", "GETNAME"), b"$-1\r\n")

    def test_bad_names(self) -> None:
        """Spaces, control characters and non-ASCII bytes are refused."""
        for name in (b"a b", b"a\nb", b"a\x7fb", b"a\x01b", "é".encode()):
            self.assertEqual(self.client.call("CLIENT", "SETNAME", name),
                             b"-ERR Client names cannot contain spaces, newlines or special characters.\r\n")
        self.assertEqual(self.client.call("CLIENT", "GETNAME"), b"$-1\r\n")

    def test_unknown_and_7_2_subcommands(self) -> None:
        """SETINFO arrived in Redis 7.2: in 7.0 it is an unknown subcommand."""
        self.assertEqual(self.client.call("CLIENT", "SETINFO", "lib-name", "x"),
                         b"-ERR unknown subcommand 'SETINFO'. Try CLIENT HELP.\r\n")
        self.assertEqual(self.client.call("CLIENT", "foo"), b"-ERR unknown subcommand 'foo'. Try CLIENT HELP.\r\n")


class ListTests(ClientTestCase):
    """CLIENT LIST and CLIENT INFO: Redis 7.0's line, filters, flags."""

    def test_line(self) -> None:
        """The caller's own line: argv-mem counts the command being run."""
        self.server.advance(3000)
        self.assertEqual(self.client.call("CLIENT", "LIST"), bulk(list_line()))

    def test_info_resp3(self) -> None:
        """CLIENT INFO is the caller's line, verbatim in RESP3."""
        self.client.session.resp = 3
        line = list_line(age=0, cmd="client|info", resp=3)
        self.assertEqual(self.client.call("CLIENT", "INFO"), b"=%d\r\ntxt:%s\r\n" % (len(line) + 4, line))

    def test_other_clients(self) -> None:
        """Other clients show their own figures: no argv-mem, their last command, name and idle time."""
        other = self.connect("127.0.0.1:4000", fd=9)
        other.call("CLIENT", "SETNAME", "worker")
        other.call("SELECT", "2")
        self.server.advance(2000)
        self.assertEqual(
            self.client.call("CLIENT", "LIST", "ID", "2"),
            bulk(list_line(id=2, addr="127.0.0.1:4000", fd=9, name="worker", age=2, idle=2, db=2, qbuf=0,
                           qbuf_free=0, argv_mem=0, tot_mem=0, cmd="select")),
        )

    def test_filters(self) -> None:
        """TYPE and ID filters; ids are listed in the order given, repeats included."""
        self.connect("127.0.0.1:4000")
        ids = lambda reply: [int(line.split(b" ")[0][3:]) for line in reply.split(b"\r\n")[1].splitlines()]
        self.assertEqual(ids(self.client.call("CLIENT", "LIST", "ID", "2", "1", "2", "99", "-1")), [2, 1, 2])
        self.assertEqual(ids(self.client.call("CLIENT", "LIST", "TYPE", "normal")), [1, 2])
        for kind in ("pubsub", "master", "replica", "slave"):
            self.assertEqual(self.client.call("CLIENT", "LIST", "TYPE", kind), b"$0\r\n\r\n")

    def test_filter_errors(self) -> None:
        """Redis's texts for bad filters, including its way of reading the arguments."""
        call = self.client.call
        self.assertEqual(call("CLIENT", "LIST", "TYPE", "foo"), b"-ERR Unknown client type 'foo'\r\n")
        self.assertEqual(call("CLIENT", "LIST", "ID", "abc"), b"-ERR Invalid client ID\r\n")
        self.assertEqual(call("CLIENT", "LIST", "ID", "1", "TYPE", "normal"), b"-ERR Invalid client ID\r\n")
        for args in (("ID",), ("foo",), ("TYPE",), ("TYPE", "normal", "ID", "1")):
            self.assertEqual(call("CLIENT", "LIST", *args), b"-ERR syntax error\r\n")

    def test_flags(self) -> None:
        """Flag letters in Redis's order: O monitor, P pubsub, x multi, d dirty CAS, U unix, e no-evict."""
        session = self.client.session
        observer = self.connect("127.0.0.1:4000")
        flags = lambda: observer.call("CLIENT", "LIST", "ID", "1").split(b" flags=")[1].split(b" ")[0]
        self.assertEqual(flags(), b"N")
        session.kind = "unix"
        self.client.call("CLIENT", "NO-EVICT", "on")
        self.assertEqual(flags(), b"Ue")
        session.watch_dirty = True
        session.multi = [[b"GET", b"k"]]
        self.server.state.monitors.append(session)
        session.subscriptions = 1
        self.assertEqual(flags(), b"OPxdUe")

    def test_multi_figures(self) -> None:
        """A client in MULTI shows its queue length and the bytes queued."""
        other = self.connect("127.0.0.1:4000")
        other.session.multi = [[b"SET", b"key", b"value"]]
        line = self.client.call("CLIENT", "LIST", "ID", "2")
        self.assertIn(b" flags=x ", line)
        self.assertIn(b" multi=1 ", line)
        self.assertIn(b" multi-mem=11 ", line)

    def test_peer_subject(self) -> None:
        """A TLS client's certificate subject is shown last, only when there is one."""
        self.client.session.peer_subject = "CN=alice,O=Example"
        self.server.advance(3000)
        # Percent-encoded, so clients that split on spaces and '=' can read the line.
        line = list_line()[:-1] + b" peer-subject=CN%3Dalice,O%3DExample\n"
        self.assertEqual(self.client.call("CLIENT", "LIST"), bulk(line))


class KillTests(ClientTestCase):
    """CLIENT KILL in its two forms; closing is the adapter's job."""

    def setUp(self) -> None:
        super().setUp()
        self.other = self.connect("127.0.0.1:4000")
        self.third = self.connect("/tmp/r.sock:0", kind="unix")
        self.third.session.local = "/tmp/r.sock:0"

    def test_old_form(self) -> None:
        """CLIENT KILL addr: OK and the connection closed, or an error when nobody matches."""
        self.assertEqual(self.client.call("CLIENT", "KILL", "127.0.0.1:4000"), b"+OK\r\n")
        self.assertEqual(self.io.closed, [self.other.session])
        self.assertEqual(self.client.call("CLIENT", "KILL", "1.2.3.4:5"), b"-ERR No such client\r\n")
        self.assertEqual(self.client.call("CLIENT", "KILL", "skipme"), b"-ERR No such client\r\n")

    def test_old_form_self(self) -> None:
        """Killing oneself by address answers OK first, then closes."""
        self.assertEqual(self.client.call("CLIENT", "KILL", "127.0.0.1:56106"), b"+OK\r\n")
        self.assertTrue(self.client.session.close_after_reply)
        self.assertEqual(self.io.closed, [])

    def test_filters(self) -> None:
        """New-form filters combine; the reply counts the connections closed."""
        call = self.client.call
        self.assertEqual(call("CLIENT", "KILL", "ID", "99"), b":0\r\n")
        self.assertEqual(call("CLIENT", "KILL", "LADDR", "/tmp/r.sock:0", "TYPE", "normal"), b":1\r\n")
        self.assertEqual(self.io.closed, [self.third.session])
        self.assertEqual(call("CLIENT", "KILL", "ADDR", "127.0.0.1:4000", "ID", "2", "USER", "default"), b":1\r\n")
        self.assertEqual(self.io.closed, [self.third.session, self.other.session])

    def test_skipme(self) -> None:
        """The caller is spared unless SKIPME no; then it is closed after the reply."""
        self.assertEqual(self.client.call("CLIENT", "KILL", "ID", "1"), b":0\r\n")
        self.assertEqual(self.client.call("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "no"), b":3\r\n")
        self.assertEqual(self.io.closed, [self.other.session, self.third.session])
        self.assertTrue(self.client.session.close_after_reply)

    def test_errors(self) -> None:
        """Redis's texts for each bad filter."""
        call = self.client.call
        self.assertEqual(call("CLIENT", "KILL"), b"-ERR wrong number of arguments for 'client|kill' command\r\n")
        for bad in ("abc", "0", "-5"):
            self.assertEqual(call("CLIENT", "KILL", "ID", bad), b"-ERR client-id should be greater than 0\r\n")
        self.assertEqual(call("CLIENT", "KILL", "TYPE", "foo"), b"-ERR Unknown client type 'foo'\r\n")
        self.assertEqual(call("CLIENT", "KILL", "USER", "nosuch"), b"-ERR No such user 'nosuch'\r\n")
        for args in (("foo", "bar"), ("SKIPME", "maybe"), ("MAXAGE", "5"), ("ID", "1", "TYPE")):
            self.assertEqual(call("CLIENT", "KILL", *args), b"-ERR syntax error\r\n")
        self.assertEqual(self.io.closed, [])


class PauseReplyTests(ClientTestCase):
    """CLIENT PAUSE/UNPAUSE, REPLY, NO-EVICT and the tracking stubs."""

    def test_pause(self) -> None:
        """PAUSE sets the end time and mode; a pause in progress only grows."""
        state = self.server.state
        self.assertEqual(self.client.call("CLIENT", "PAUSE", "1000", "WRITE"), b"+OK\r\n")
        self.assertEqual((state.paused_until_ms, state.pause_writes_only), (state.now_ms + 1000, True))
        self.client.call("CLIENT", "PAUSE", "10")
        self.assertEqual((state.paused_until_ms, state.pause_writes_only), (state.now_ms + 1000, False))
        self.server.advance(2000)
        self.client.call("CLIENT", "PAUSE", "10", "write")
        self.assertEqual((state.paused_until_ms, state.pause_writes_only), (state.now_ms + 10, True))

    def test_unpause(self) -> None:
        """UNPAUSE clears the pause and tells the adapter to let held clients run."""
        state = self.server.state
        state.paused_until_ms, state.pause_writes_only = state.now_ms + 1000, True
        self.assertEqual(self.client.call("CLIENT", "UNPAUSE"), b"+OK\r\n")
        self.assertEqual((state.paused_until_ms, state.pause_writes_only), (0, False))
        self.assertEqual(self.io.unpause_calls, 1)

    def test_pause_errors(self) -> None:
        """The mode is checked before the timeout, as Redis does."""
        call = self.client.call
        self.assertEqual(call("CLIENT", "PAUSE", "abc", "foo"), b"-ERR CLIENT PAUSE mode must be WRITE or ALL\r\n")
        self.assertEqual(call("CLIENT", "PAUSE", "abc"), b"-ERR timeout is not an integer or out of range\r\n")
        self.assertEqual(call("CLIENT", "PAUSE", "-1"), b"-ERR timeout is negative\r\n")
        self.assertEqual(call("CLIENT", "PAUSE", "100", "all", "extra"),
                         b"-ERR unknown subcommand or wrong number of arguments for 'PAUSE'. Try CLIENT HELP.\r\n")
        self.assertEqual(call("CLIENT", "UNPAUSE", "x"),
                         b"-ERR wrong number of arguments for 'client|unpause' command\r\n")
        self.assertEqual(self.server.state.paused_until_ms, 0)

    def test_reply_off_on(self) -> None:
        """OFF silences this and every later reply, errors included, until ON."""
        self.assertEqual(self.client.call("CLIENT", "REPLY", "OFF"), b"")
        self.assertEqual(self.client.call("PING"), b"")
        self.assertEqual(self.client.call("xyz"), b"")
        self.assertEqual(self.client.call("CLIENT", "REPLY", "ON"), b"+OK\r\n")
        self.assertEqual(self.client.call("PING"), b"+PONG\r\n")

    def test_reply_skip(self) -> None:
        """SKIP silences itself and the next command only."""
        self.assertEqual(self.client.call("CLIENT", "REPLY", "SKIP"), b"")
        self.assertEqual(self.client.call("PING"), b"")
        self.assertEqual(self.client.call("PING"), b"+PONG\r\n")

    def test_reply_errors(self) -> None:
        """Only ON, OFF and SKIP."""
        self.assertEqual(self.client.call("CLIENT", "REPLY", "foo"), b"-ERR syntax error\r\n")
        self.assertEqual(self.client.call("CLIENT", "REPLY"),
                         b"-ERR wrong number of arguments for 'client|reply' command\r\n")

    def test_no_evict(self) -> None:
        """NO-EVICT on/off sets the connection's protection."""
        self.assertEqual(self.client.call("CLIENT", "NO-EVICT", "on"), b"+OK\r\n")
        self.assertTrue(self.client.session.no_evict)
        self.assertEqual(self.client.call("CLIENT", "NO-EVICT", "OFF"), b"+OK\r\n")
        self.assertFalse(self.client.session.no_evict)
        self.assertEqual(self.client.call("CLIENT", "NO-EVICT", "foo"), b"-ERR syntax error\r\n")

    def test_tracking_stubs(self) -> None:
        """With tracking off, GETREDIR is -1 and TRACKINGINFO reports "off"."""
        self.assertEqual(self.client.call("CLIENT", "GETREDIR"), b":-1\r\n")
        self.assertEqual(self.client.call("CLIENT", "TRACKINGINFO"),
                         b"*6\r\n$5\r\nflags\r\n*1\r\n$3\r\noff\r\n$8\r\nredirect\r\n:-1\r\n$8\r\nprefixes\r\n*0\r\n")
        self.client.session.resp = 3
        self.assertEqual(self.client.call("CLIENT", "TRACKINGINFO"),
                         b"%3\r\n$5\r\nflags\r\n~1\r\n$3\r\noff\r\n$8\r\nredirect\r\n:-1\r\n$8\r\nprefixes\r\n*0\r\n")

    def test_help(self) -> None:
        """CLIENT HELP is Redis 7.0's text."""
        self.assertEqual(self.client.call("CLIENT", "HELP"), status_array(
            "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
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
            "HELP",
            "    Prints this help.",
        ))
