"""
Server and introspection commands through the core: INFO, COMMAND, TIME,
LOLWUT, DEBUG, SLOWLOG, LATENCY, MONITOR, SHUTDOWN. Expected bytes were taken
from redis-server 7.0.15 wherever its reply does not depend on time or memory.
"""

from __future__ import annotations

import re

from twisted.trial.unittest import SynchronousTestCase

from tests._core import CoreServer
from txredisd import __version__
from txredisd.core.commands import TABLE
from txredisd.core.metrics import server_cron


class FakeIO:
    """The I/O layer as the core sees it, recording what it is asked to do."""

    def __init__(self) -> None:
        self.closed: list = []
        self.shutdowns: list[tuple] = []
        self.shutdown_error: str | None = None
        self.unpause_calls = 0
        self.fields: dict[str, object] = {}

    def close_client(self, session) -> None:
        self.closed.append(session)

    def request_shutdown(self, save, now, force, abort):
        self.shutdowns.append((save, now, force, abort))
        return self.shutdown_error

    def announced_endpoints(self, transport=None):
        return []

    def flush_soon(self, session) -> None:
        pass

    def unpaused(self) -> None:
        self.unpause_calls += 1

    def info_fields(self) -> dict[str, object]:
        return self.fields


def status_array(*lines: str) -> bytes:
    """The wire form of an array of status replies (HELP output)."""
    return b"*%d\r\n" % len(lines) + b"".join(b"+%s\r\n" % line.encode() for line in lines)


def bulk(text: bytes) -> bytes:
    return b"$%d\r\n%s\r\n" % (len(text), text)


def info_fields(reply: bytes) -> dict[str, str]:
    """INFO's field lines as a dict (section headers and blank lines skipped)."""
    body = reply.split(b"\r\n", 1)[1].decode()
    return dict(line.split(":", 1) for line in body.split("\r\n") if ":" in line)


def info_titles(reply: bytes) -> list[str]:
    return re.findall(r"# (\w+)\r\n", reply.decode())


class TimedServer(CoreServer):
    """A server whose command timer advances C{step_s} at every reading: each command lasts that long."""

    def __init__(self, step_s: float, **config: str) -> None:
        super().__init__(**config)
        ticks = iter(range(10**9))
        self.state.timer = lambda: next(ticks) * step_s


class InfoTests(SynchronousTestCase):
    """INFO: sections, field order, the adapter's facts, the counters."""

    def setUp(self) -> None:
        # Command counters live on the process-wide table: start each test from zero.
        for spec in TABLE.commands.values():
            spec.reset_stats()
        self.server = CoreServer()
        self.io = FakeIO()
        self.server.state.io = self.io
        self.client = self.server.session()

    def test_default_sections(self) -> None:
        """Plain INFO shows every section but the per-command tables, in Redis's order."""
        self.assertEqual(
            info_titles(self.client.call("INFO")),
            ["Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU",
             "Modules", "Errorstats", "Cluster", "Keyspace"],
        )
        self.assertEqual(info_titles(self.client.call("INFO", "default")), info_titles(self.client.call("INFO")))

    def test_everything(self) -> None:
        """INFO everything (and all) add Commandstats and Latencystats in their places."""
        everything = ["Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU",
                      "Modules", "Commandstats", "Errorstats", "Latencystats", "Cluster", "Keyspace"]
        self.assertEqual(info_titles(self.client.call("INFO", "everything")), everything)
        self.assertEqual(info_titles(self.client.call("INFO", "ALL")), everything)

    def test_unknown_section_is_empty(self) -> None:
        """An unknown section name yields an empty string, as in Redis."""
        self.assertEqual(self.client.call("INFO", "foo"), b"$0\r\n\r\n")

    def test_several_sections(self) -> None:
        """Sections come in Redis's order whatever the argument order; names are case-insensitive."""
        reply = self.client.call("INFO", "cpu", "CLIENTS", "cpu", "nosuch", "server")
        self.assertEqual(info_titles(reply), ["Server", "Clients", "CPU"])
        self.assertIn(b"io_threads_active:0\r\n\r\n# Clients\r\n", reply)
        self.assertRegex(reply, rb"used_cpu_user_main_thread:\d+\.\d{6}\r\n\r\n$")

    def test_server_section(self) -> None:
        """INFO server: our version right after Redis's, the adapter's facts, the clock."""
        self.io.fields.update(
            tcp_port=7000, multiplexing_api="epoll", executable="/usr/bin/txredisd", config_file="/etc/r.conf"
        )
        state = self.server.state
        state.started_ms = state.now_ms - 3 * 86400 * 1000 - 5000
        reply = self.client.call("INFO", "server")
        self.assertTrue(reply.split(b"\r\n")[1:4] == [b"# Server", b"redis_version:7.0.15",
                                                       b"txredisd_version:" + __version__.encode()])
        fields = info_fields(reply)
        self.assertEqual(fields["tcp_port"], "7000")
        self.assertEqual(fields["multiplexing_api"], "epoll")
        self.assertEqual(fields["executable"], "/usr/bin/txredisd")
        self.assertEqual(fields["config_file"], "/etc/r.conf")
        self.assertEqual(fields["process_id"], str(state.pid))
        self.assertEqual(fields["run_id"], state.run_id)
        self.assertEqual(fields["server_time_usec"], "1700000000000000")
        self.assertEqual(fields["uptime_in_seconds"], str(3 * 86400 + 5))
        self.assertEqual(fields["uptime_in_days"], "3")
        self.assertEqual(fields["hz"], "10")
        self.assertEqual(fields["lru_clock"], str(1_700_000_000 & 0xFFFFFF))
        self.assertEqual(fields["redis_mode"], "standalone")

    def test_resp3_verbatim(self) -> None:
        """In RESP3 the report is a verbatim string of format txt."""
        client = self.server.session(resp=3)
        self.assertEqual(client.call("INFO", "errorstats"), b"=18\r\ntxt:# Errorstats\r\n\r\n")

    def test_errorstats(self) -> None:
        """Errors are counted by their first word, listed in name order."""
        self.client.call("xyz")
        self.client.call("xyz")
        self.client.call("HELLO", "4")
        self.assertEqual(
            self.client.call("INFO", "errorstats"),
            b"$64\r\n# Errorstats\r\nerrorstat_ERR:count=2\r\nerrorstat_NOPROTO:count=1\r\n\r\n",
        )

    def test_commandstats(self) -> None:
        """Per-command counters, subcommands as container|name, failures and rejections apart."""
        self.client.call("SET", "a", "1")
        self.client.call("SET", "a")
        self.client.call("CLIENT", "ID")
        self.client.call("LOLWUT", "VERSION", "x")
        reply = self.client.call("INFO", "commandstats")
        self.assertIn(b"cmdstat_set:calls=1,usec=0,usec_per_call=0.00,rejected_calls=1,failed_calls=0\r\n", reply)
        self.assertIn(b"cmdstat_client|id:calls=1,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0\r\n",
                      reply)
        self.assertIn(b"cmdstat_lolwut:calls=1,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=1\r\n",
                      reply)
        self.assertNotIn(b"cmdstat_get:", reply)

    def test_commandstats_time(self) -> None:
        """usec and usec_per_call come from the command timer."""
        server = TimedServer(0.000002)
        client = server.session()
        client.call("ECHO", "a")
        client.call("ECHO", "b")
        self.assertIn(b"cmdstat_echo:calls=2,usec=4,usec_per_call=2.00,", client.call("INFO", "commandstats"))

    def test_keyspace(self) -> None:
        """One line per non-empty database, with its count of keys with a TTL."""
        self.client.call("SET", "a", "1")
        self.client.call("SET", "b", "2", "PX", "100000")
        self.client.call("SELECT", "3")
        self.client.call("SET", "c", "1")
        self.assertEqual(
            self.client.call("INFO", "keyspace"),
            b"$76\r\n# Keyspace\r\ndb0:keys=2,expires=1,avg_ttl=0\r\ndb3:keys=1,expires=0,avg_ttl=0\r\n\r\n",
        )

    def test_stats(self) -> None:
        """INFO stats shows the server's counters under Redis's names."""
        self.client.call("SET", "a", "1")
        self.client.call("GET", "a")
        self.client.call("GET", "b")
        self.client.call("xyz")
        fields = info_fields(self.client.call("INFO", "stats"))
        self.assertEqual(fields["keyspace_hits"], "1")
        self.assertEqual(fields["keyspace_misses"], "1")
        self.assertEqual(fields["total_commands_processed"], "3")
        self.assertEqual(fields["total_error_replies"], "1")
        self.assertEqual(fields["expired_stale_perc"], "0.00")
        self.assertEqual(list(fields)[:3],
                         ["total_connections_received", "total_commands_processed", "instantaneous_ops_per_sec"])

    def test_instantaneous_rates(self) -> None:
        """The cron samples counters every 100 ms; INFO averages the last 16 rates."""
        state = self.server.state
        for _ in range(17):
            server_cron(state, state.now_ms)
            state.stats.total_commands_processed += 50
            state.stats.total_net_input_bytes += 1024
            self.server.advance(100)
        server_cron(state, state.now_ms - 50)  # too soon after the last sample: ignored
        fields = info_fields(self.client.call("INFO", "stats"))
        self.assertEqual(fields["instantaneous_ops_per_sec"], "500")
        self.assertEqual(fields["instantaneous_input_kbps"], "10.00")
        self.assertEqual(fields["instantaneous_output_kbps"], "0.00")

    def test_memory_and_cpu(self) -> None:
        """Memory comes from the adapter's RSS figure; CPU times have six decimals."""
        self.io.fields["used_memory_rss"] = 2 * 1024 * 1024
        fields = info_fields(self.client.call("INFO", "memory", "cpu"))
        self.assertEqual(fields["used_memory_rss"], str(2 * 1024 * 1024))
        self.assertEqual(fields["used_memory_rss_human"], "2.00M")
        self.assertEqual(fields["maxmemory_human"], "0B")
        self.assertEqual(fields["maxmemory_policy"], "noeviction")
        self.assertRegex(fields["used_cpu_user"], r"^\d+\.\d{6}$")

    def test_replication_and_cluster(self) -> None:
        """A primary with no replicas, its replication ids, and cluster mode off."""
        fields = info_fields(self.client.call("INFO", "replication", "cluster"))
        self.assertEqual(fields["role"], "master")
        self.assertEqual(fields["master_replid"], self.server.state.replid)
        self.assertEqual(fields["master_replid2"], "0" * 40)
        self.assertEqual(fields["repl_backlog_size"], "1048576")
        self.assertEqual(fields["cluster_enabled"], "0")


GET_INFO = (
    b"*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n*3\r\n+@read\r\n+@string\r\n"
    b"+@fast\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n*4\r\n"
    b"$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n"
    b"$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n"
    b"$5\r\nlimit\r\n:0\r\n*0\r\n"
)
GET_INFO_RESP3 = (
    b"*10\r\n$3\r\nget\r\n:2\r\n~2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@read\r\n+@string\r\n"
    b"+@fast\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n%2\r\n"
    b"$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n"
    b"$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n"
    b"$5\r\nlimit\r\n:0\r\n~0\r\n"
)


class CommandTests(SynchronousTestCase):
    """COMMAND and its subcommands, all read from the one command table."""

    def setUp(self) -> None:
        self.server = CoreServer()
        self.client = self.server.session()

    def test_count(self) -> None:
        """COMMAND COUNT counts top-level commands."""
        self.assertEqual(self.client.call("COMMAND", "COUNT"), b":%d\r\n" % len(TABLE.commands))

    def test_info_get(self) -> None:
        """COMMAND INFO get is byte-identical to Redis's, in RESP2 and RESP3."""
        self.assertEqual(self.client.call("COMMAND", "INFO", "get"), b"*1\r\n" + GET_INFO)
        self.assertEqual(self.server.session(resp=3).call("COMMAND", "INFO", "GET"), b"*1\r\n" + GET_INFO_RESP3)

    def test_info_unknown(self) -> None:
        """Unknown names, and unknown subcommands of known containers, are nulls."""
        self.assertEqual(self.client.call("COMMAND", "INFO", "nosuch", "get"), b"*2\r\n$-1\r\n" + GET_INFO)
        self.assertEqual(self.client.call("COMMAND", "INFO", "get|x", "client|nosuch"), b"*2\r\n$-1\r\n$-1\r\n")

    def test_info_subcommand(self) -> None:
        """A subcommand is found by its full name and described under it."""
        self.assertEqual(
            self.client.call("COMMAND", "INFO", "CLIENT|ID"),
            b"*1\r\n*10\r\n$9\r\nclient|id\r\n:2\r\n*3\r\n+noscript\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n"
            b"*2\r\n+@slow\r\n+@connection\r\n*0\r\n*0\r\n*0\r\n",
        )

    def test_info_container(self) -> None:
        """A container lists its subcommands as a nested array of descriptions."""
        reply = self.client.call("COMMAND", "INFO", "slowlog")
        self.assertTrue(reply.startswith(b"*1\r\n*10\r\n$7\r\nslowlog\r\n:-2\r\n*0\r\n:0\r\n:0\r\n:0\r\n*1\r\n+@slow\r\n"
                                         b"*0\r\n*0\r\n*4\r\n*10\r\n$11\r\nslowlog|get\r\n:-2\r\n"))

    def test_info_categories_in_redis_order(self) -> None:
        """ACL categories come in Redis's category order, not the order they were derived in."""
        self.assertIn(b"*3\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n", self.client.call("COMMAND", "INFO", "monitor"))
        self.assertIn(b"*2\r\n+@slow\r\n+@dangerous\r\n", self.client.call("COMMAND", "INFO", "info"))

    def test_all(self) -> None:
        """COMMAND alone and COMMAND INFO alone describe every top-level command."""
        everything = self.client.call("COMMAND")
        self.assertTrue(everything.startswith(b"*%d\r\n" % len(TABLE.commands)))
        self.assertIn(GET_INFO, everything)
        self.assertEqual(self.client.call("COMMAND", "INFO"), everything)

    def test_docs(self) -> None:
        """COMMAND DOCS maps names to summary, since and group; unknown names are skipped."""
        summary = TABLE.commands[b"time"].summary.encode()
        self.assertEqual(
            self.client.call("COMMAND", "DOCS", "nosuch", "time"),
            b"*2\r\n$4\r\ntime\r\n*6\r\n$7\r\nsummary\r\n" + bulk(summary)
            + b"$5\r\nsince\r\n$5\r\n2.6.0\r\n$5\r\ngroup\r\n$6\r\nserver\r\n",
        )
        self.assertEqual(self.client.call("COMMAND", "DOCS", "nosuch"), b"*0\r\n")

    def test_docs_subcommands(self) -> None:
        """A container's docs nest its subcommands' docs in a map (RESP3 shows the maps)."""
        reply = self.server.session(resp=3).call("COMMAND", "DOCS", "slowlog")
        self.assertTrue(reply.startswith(b"%1\r\n$7\r\nslowlog\r\n%3\r\n$5\r\nsince\r\n"))
        self.assertIn(b"$11\r\nsubcommands\r\n%4\r\n$11\r\nslowlog|get\r\n%3\r\n$7\r\nsummary\r\n", reply)

    def test_list(self) -> None:
        """COMMAND LIST names commands and subcommands, filtered by pattern, category or module."""
        everything = self.client.call("COMMAND", "LIST")
        self.assertIn(b"$6\r\nclient\r\n$9\r\nclient|id\r\n", everything)
        self.assertEqual(self.client.call("COMMAND", "LIST", "FILTERBY", "PATTERN", "g?t"), b"*1\r\n$3\r\nget\r\n")
        self.assertEqual(self.client.call("COMMAND", "LIST", "FILTERBY", "pattern", "CLIENT|*ID*"),
                         b"*1\r\n$9\r\nclient|id\r\n")
        strings = self.client.call("COMMAND", "LIST", "FILTERBY", "ACLCAT", "STRING")
        self.assertIn(b"$3\r\nget\r\n", strings)
        self.assertNotIn(b"$4\r\nping\r\n", strings)
        self.assertEqual(self.client.call("COMMAND", "LIST", "FILTERBY", "ACLCAT", "nosuch"), b"*0\r\n")
        self.assertEqual(self.client.call("COMMAND", "LIST", "FILTERBY", "MODULE", "foo"), b"*0\r\n")

    def test_list_syntax(self) -> None:
        """COMMAND LIST takes nothing or exactly FILTERBY <kind> <value>."""
        for args in (("foo",), ("FILTERBY", "pattern"), ("FILTERBY", "foo", "bar"), ("FILTERBY", "pattern", "*", "x")):
            self.assertEqual(self.client.call("COMMAND", "LIST", *args), b"-ERR syntax error\r\n")

    def test_getkeys(self) -> None:
        """COMMAND GETKEYS names the keys of a full command line."""
        self.assertEqual(self.client.call("COMMAND", "GETKEYS", "SET", "a", "b"), b"*1\r\n$1\r\na\r\n")
        self.assertEqual(self.client.call("COMMAND", "GETKEYS", "mset", "a", "1", "b", "2"),
                         b"*2\r\n$1\r\na\r\n$1\r\nb\r\n")

    def test_getkeys_errors(self) -> None:
        """Redis's three GETKEYS errors, checked in its order, and the container's arity."""
        call = self.client.call
        self.assertEqual(call("COMMAND", "GETKEYS", "nosuch", "a"), b"-ERR Invalid command specified\r\n")
        self.assertEqual(call("COMMAND", "GETKEYS", "client", "nosuch"), b"-ERR Invalid command specified\r\n")
        self.assertEqual(call("COMMAND", "GETKEYS", "echo", "a", "b"), b"-ERR The command has no key arguments\r\n")
        self.assertEqual(call("COMMAND", "GETKEYS", "get", "a", "b"),
                         b"-ERR Invalid number of arguments specified for command\r\n")
        self.assertEqual(call("COMMAND", "GETKEYS", "set", "a"),
                         b"-ERR Invalid number of arguments specified for command\r\n")
        self.assertEqual(call("COMMAND", "GETKEYS", "get"),
                         b"-ERR wrong number of arguments for 'command|getkeys' command\r\n")

    def test_getkeysandflags(self) -> None:
        """GETKEYSANDFLAGS pairs each key with how the command uses it."""
        self.assertEqual(self.client.call("COMMAND", "GETKEYSANDFLAGS", "get", "a"),
                         b"*1\r\n*2\r\n$1\r\na\r\n*2\r\n+RO\r\n+access\r\n")
        self.assertEqual(self.server.session(resp=3).call("COMMAND", "GETKEYSANDFLAGS", "get", "a"),
                         b"*1\r\n*2\r\n$1\r\na\r\n~2\r\n+RO\r\n+access\r\n")
        self.assertEqual(self.client.call("COMMAND", "GETKEYSANDFLAGS", "set", "a", "b"),
                         b"*1\r\n*2\r\n$1\r\na\r\n*2\r\n+OW\r\n+update\r\n")

    def test_help_and_unknown(self) -> None:
        """COMMAND HELP is Redis's text; an unknown subcommand points to it."""
        self.assertEqual(self.client.call("COMMAND", "HELP"), status_array(
            "COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "(no subcommand)",
            "    Return details about all Redis commands.",
            "COUNT",
            "    Return the total number of commands in this Redis server.",
            "LIST",
            "    Return a list of all commands in this Redis server.",
            "INFO [<command-name> ...]",
            "    Return details about multiple Redis commands.",
            "    If no command names are given, documentation details for all",
            "    commands are returned.",
            "DOCS [<command-name> ...]",
            "    Return documentation details about multiple Redis commands.",
            "    If no command names are given, documentation details for all",
            "    commands are returned.",
            "GETKEYS <full-command>",
            "    Return the keys from a full Redis command.",
            "GETKEYSANDFLAGS <full-command>",
            "    Return the keys and the access flags from a full Redis command.",
            "HELP",
            "    Prints this help.",
        ))
        self.assertEqual(self.client.call("COMMAND", "foo"), b"-ERR unknown subcommand 'foo'. Try COMMAND HELP.\r\n")
        self.assertEqual(self.client.call("COMMAND", "COUNT", "x"),
                         b"-ERR wrong number of arguments for 'command|count' command\r\n")


class TimeLolwutTests(SynchronousTestCase):
    """TIME reads the command clock; LOLWUT answers with the version line."""

    def test_time(self) -> None:
        """Seconds and microseconds of the server's clock, as two bulk strings."""
        client = CoreServer(now_ms=1_700_000_000_123).session()
        self.assertEqual(client.call("TIME"), b"*2\r\n$10\r\n1700000000\r\n$6\r\n123000\r\n")
        self.assertEqual(client.call("TIME", "x"), b"-ERR wrong number of arguments for 'time' command\r\n")

    def test_lolwut(self) -> None:
        """LOLWUT is a bulk (verbatim in RESP3) ending with Redis's version line."""
        server = CoreServer()
        self.assertEqual(server.session().call("LOLWUT"), b"$18\r\nRedis ver. 7.0.15\n\r\n")
        self.assertEqual(server.session(resp=3).call("LOLWUT", "foo", "bar"), b"=22\r\ntxt:Redis ver. 7.0.15\n\r\n")
        self.assertEqual(server.session().call("LOLWUT", "VERSION", "x"),
                         b"-ERR value is not an integer or out of range\r\n")


# 45 bytes LZF cannot shrink, so Redis stores them as they are.
_LETTERS = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRS"


class DebugTests(SynchronousTestCase):
    """DEBUG: gated by enable-debug-command; never blocks the core."""

    def setUp(self) -> None:
        self.server = CoreServer(enable_debug_command="yes")
        self.client = self.server.session()

    def test_refused_by_default(self) -> None:
        """With Redis's default (no), DEBUG is refused with Redis's explanation."""
        client = CoreServer().session()
        self.assertEqual(
            client.call("DEBUG", "SLEEP", "0"),
            b'-ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can '
            b"run it from a local connection, otherwise you need to set this option in the configuration "
            b"file, and then restart the server.\r\n",
        )

    def test_local(self) -> None:
        """With "local", unix-socket and loopback clients may use DEBUG, others not."""
        server = CoreServer(enable_debug_command="local")
        for kind, peer, allowed in (("unix", "/tmp/r.sock:0", True), ("tcp", "127.0.0.1:4000", True),
                                    ("tcp", "[::1]:4000", True), ("tcp", "10.0.0.1:4000", False)):
            client = server.session()
            client.session.kind, client.session.peer = kind, peer
            self.assertEqual(client.call("DEBUG", "SLEEP", "0") == b"+OK\r\n", allowed, peer)

    def test_sleep(self) -> None:
        """DEBUG SLEEP asks the adapter to hold everything until then; 0 (or junk) asks nothing."""
        state = self.server.state
        self.assertEqual(self.client.call("DEBUG", "SLEEP", "0"), b"+OK\r\n")
        self.assertEqual(self.client.call("DEBUG", "SLEEP", "abc"), b"+OK\r\n")
        self.assertEqual(state.busy_until_ms, 0)
        self.assertEqual(self.client.call("DEBUG", "sleep", "0.25"), b"+OK\r\n")
        self.assertEqual(state.busy_until_ms, state.now_ms + 250)

    def test_set_active_expire(self) -> None:
        """DEBUG SET-ACTIVE-EXPIRE takes its argument as C's atoi does."""
        state = self.server.state
        self.assertEqual(self.client.call("DEBUG", "SET-ACTIVE-EXPIRE", "0"), b"+OK\r\n")
        self.assertFalse(state.active_expire_enabled)
        self.client.call("DEBUG", "set-active-expire", "2")
        self.assertTrue(state.active_expire_enabled)
        self.client.call("DEBUG", "set-active-expire", "x")
        self.assertFalse(state.active_expire_enabled)

    def test_object(self) -> None:
        """DEBUG OBJECT: encoding and RDB length as Redis reports them for small strings."""
        for value, encoding, length in ((b"bar", b"embstr", 4), (b"12345", b"int", 3), (b"-5", b"int", 2),
                                        (b"", b"embstr", 1), (b"2147483648", b"int", 11), (_LETTERS, b"raw", 46)):
            self.client.call("SET", "k", value)
            self.assertRegex(
                self.client.call("DEBUG", "OBJECT", "k"),
                rb"^\+Value at:0x[0-9a-f]+ refcount:1 encoding:%s serializedlength:%d lru:5501184 "
                rb"lru_seconds_idle:0\r\n$" % (encoding, length),
            )
        self.assertEqual(self.client.call("DEBUG", "OBJECT", "nosuch"), b"-ERR no such key\r\n")

    def test_object_idle(self) -> None:
        """lru and lru_seconds_idle follow the key's last access, which DEBUG OBJECT does not touch."""
        self.client.call("SET", "k", "v")
        self.server.advance(5000)
        self.client.call("DEBUG", "OBJECT", "k")
        self.assertIn(b" lru:5501184 lru_seconds_idle:5\r\n", self.client.call("DEBUG", "OBJECT", "k"))

    def test_change_repl_id(self) -> None:
        """DEBUG CHANGE-REPL-ID draws a new replication id and clears the second one."""
        state = self.server.state
        before = state.replid
        state.replid2 = "1" * 40
        self.assertEqual(self.client.call("DEBUG", "CHANGE-REPL-ID"), b"+OK\r\n")
        self.assertNotEqual(state.replid, before)
        self.assertEqual(len(state.replid), 40)
        self.assertEqual(state.replid2, "0" * 40)

    def test_wrong_arguments(self) -> None:
        """Unknown subcommands and wrong argument counts name the subcommand as typed."""
        for args in (("SLEEP",), ("help", "x"), ("object",), ("change-repl-id", "x"), ("foo",)):
            self.assertEqual(
                self.client.call("DEBUG", *args),
                b"-ERR unknown subcommand or wrong number of arguments for '%s'. Try DEBUG HELP.\r\n"
                % args[0].encode(),
            )
        self.assertEqual(self.client.call("DEBUG"), b"-ERR wrong number of arguments for 'debug' command\r\n")

    def test_help(self) -> None:
        """DEBUG HELP lists the subcommands txredisd has, in Redis's words."""
        reply = self.client.call("DEBUG", "HELP")
        self.assertTrue(reply.startswith(b"*14\r\n+DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"))
        self.assertTrue(reply.endswith(b"+SLEEP <seconds>\r\n+    Stop the server for <seconds>. Decimals allowed.\r\n"
                                       b"+HELP\r\n+    Prints this help.\r\n"))


class SlowlogTests(SynchronousTestCase):
    """SLOWLOG: the entries the session records, newest first."""

    def setUp(self) -> None:
        self.server = CoreServer(now_ms=1_700_000_000_500)
        self.server.state.slowlog_threshold_us = 0  # everything is slow
        self.client = self.server.session()
        self.client.session.peer = "127.0.0.1:5000"

    def test_get(self) -> None:
        """Entries are id, unix time, duration, arguments, peer and name."""
        self.client.call("SLOWLOG", "RESET")
        self.client.call("CLIENT", "SETNAME", "me")
        self.client.call("SET", "x", "y")
        self.assertEqual(
            self.client.call("SLOWLOG", "GET", "1"),
            b"*1\r\n*6\r\n:2\r\n:1700000000\r\n:0\r\n*3\r\n$3\r\nSET\r\n$1\r\nx\r\n$1\r\ny\r\n"
            b"$14\r\n127.0.0.1:5000\r\n$2\r\nme\r\n",
        )
        self.assertEqual(self.client.call("SLOWLOG", "LEN"), b":4\r\n")

    def test_count(self) -> None:
        """GET takes 10 by default, -1 for all; below -1 (or not a number) is an error."""
        for _ in range(12):
            self.client.call("PING")
        self.assertTrue(self.client.call("SLOWLOG", "GET").startswith(b"*10\r\n"))
        self.assertTrue(self.client.call("SLOWLOG", "GET", "-1").startswith(b"*13\r\n"))
        self.assertEqual(self.client.call("SLOWLOG", "GET", "0"), b"*0\r\n")
        for bad in ("-2", "abc"):
            self.assertEqual(self.client.call("SLOWLOG", "GET", bad),
                             b"-ERR count should be greater than or equal to -1\r\n")

    def test_reset_and_errors(self) -> None:
        """RESET empties the log; wrong arguments get Redis's texts."""
        self.client.call("PING")
        self.assertEqual(self.client.call("SLOWLOG", "RESET"), b"+OK\r\n")
        self.assertEqual(self.client.call("SLOWLOG", "LEN"), b":1\r\n")  # the RESET itself
        self.assertEqual(self.client.call("SLOWLOG", "GET", "1", "2"),
                         b"-ERR unknown subcommand or wrong number of arguments for 'GET'. Try SLOWLOG HELP.\r\n")
        self.assertEqual(self.client.call("SLOWLOG", "LEN", "x"),
                         b"-ERR wrong number of arguments for 'slowlog|len' command\r\n")
        self.assertEqual(self.client.call("SLOWLOG", "foo"), b"-ERR unknown subcommand 'foo'. Try SLOWLOG HELP.\r\n")

    def test_help(self) -> None:
        """SLOWLOG HELP is Redis's text."""
        self.assertEqual(self.client.call("SLOWLOG", "HELP"), status_array(
            "SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "GET [<count>]",
            "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
            "    Entries are made of:",
            "    id, timestamp, time in microseconds, arguments array, client IP and port,",
            "    client name",
            "LEN",
            "    Return the length of the slowlog.",
            "RESET",
            "    Reset the slowlog.",
            "HELP",
            "    Prints this help.",
        ))


DOCTOR_DISABLED = (
    b"I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You may use "
    b'"CONFIG SET latency-monitor-threshold <milliseconds>." in order to enable it. If we weren\'t in a deep '
    b"space mission I'd suggest to take a look at https://redis.io/topics/latency-monitor.\n"
)
DOCTOR_CALM = (
    b"Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest "
    b"bit. I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n"
)
DOCTOR_ONE_SPIKE = (
    b"Dave, I have observed latency spikes in this Redis instance. You don't mind talking about it, do you "
    b"Dave?\n\n1. command: 2 latency spikes (average 15ms, mean deviation 5ms, period 0.50 sec). Worst all "
    b"time event 20ms.\n\nI have a few advices for you:\n\n- Your current Slow Log configuration only logs "
    b"events that are slower than your configured latency monitor threshold. Please use 'CONFIG SET "
    b"slowlog-log-slower-than 5000'.\n- Check your Slow Log to understand what are the commands you are "
    b"running which are too slow to execute. Please check https://redis.io/commands/slowlog for more "
    b"information.\n- Deleting, expiring or evicting (because of maxmemory policy) large objects is a "
    b"blocking operation. If you have very large objects that are often deleted, expired, or evicted, try "
    b"to fragment those objects into multiple smaller objects.\n"
)


class LatencyTests(SynchronousTestCase):
    """LATENCY: the monitor fed by slow commands, and its reports."""

    def setUp(self) -> None:
        self.server = CoreServer(now_ms=1_700_000_000_000, latency_monitor_threshold="5")
        self.server.state.latency_threshold_us = 5000
        self.client = self.server.session()
        self.monitor = self.server.state.latency

    def test_disabled(self) -> None:
        """With the threshold at 0 and nothing recorded: empty reports and the refusal speech."""
        client = CoreServer().session()
        self.assertEqual(client.call("LATENCY", "LATEST"), b"*0\r\n")
        self.assertEqual(client.call("LATENCY", "HISTORY", "command"), b"*0\r\n")
        self.assertEqual(client.call("LATENCY", "DOCTOR"), bulk(DOCTOR_DISABLED))
        self.assertEqual(client.call("LATENCY", "RESET"), b":0\r\n")

    def test_calm(self) -> None:
        """Monitoring on but no spike yet: the reassuring speech (verbatim in RESP3)."""
        client = self.server.session(resp=3)
        self.assertEqual(client.call("LATENCY", "DOCTOR"), b"=%d\r\ntxt:%s\r\n" % (len(DOCTOR_CALM) + 4, DOCTOR_CALM))

    def test_slow_command_recorded(self) -> None:
        """A command at least as slow as the threshold is a spike of event command or fast-command."""
        server = TimedServer(1 / 64, latency_monitor_threshold="5")
        server.state.latency_threshold_us = 5000
        client = server.session()
        client.call("SET", "a", "1")
        client.call("GET", "a")
        self.assertEqual(
            client.call("LATENCY", "LATEST"),
            b"*2\r\n*4\r\n$7\r\ncommand\r\n:1700000000\r\n:15\r\n:15\r\n"
            b"*4\r\n$12\r\nfast-command\r\n:1700000000\r\n:15\r\n:15\r\n",
        )

    def test_latest_and_history(self) -> None:
        """Spikes in the same second merge (worst kept); LATEST shows the last and the worst."""
        self.monitor.add("command", 1_699_999_999, 20)
        self.monitor.add("command", 1_700_000_000, 4)
        self.monitor.add("command", 1_700_000_000, 10)
        self.assertEqual(self.client.call("LATENCY", "LATEST"),
                         b"*1\r\n*4\r\n$7\r\ncommand\r\n:1700000000\r\n:10\r\n:20\r\n")
        self.assertEqual(self.client.call("LATENCY", "HISTORY", "command"),
                         b"*2\r\n*2\r\n:1699999999\r\n:20\r\n*2\r\n:1700000000\r\n:10\r\n")
        self.assertEqual(self.client.call("LATENCY", "HISTORY", "a", "b"),
                         b"-ERR wrong number of arguments for 'latency|history' command\r\n")

    def test_reset(self) -> None:
        """RESET forgets the named events (or all) and counts those it found."""
        self.monitor.add("command", 1, 10)
        self.monitor.add("fast-command", 1, 10)
        self.assertEqual(self.client.call("LATENCY", "RESET", "command", "command", "nosuch"), b":1\r\n")
        self.assertEqual(self.client.call("LATENCY", "RESET"), b":1\r\n")
        self.assertEqual(self.client.call("LATENCY", "LATEST"), b"*0\r\n")

    def test_doctor(self) -> None:
        """DOCTOR's report and advice, byte for byte as Redis words them."""
        self.monitor.add("command", 1_699_999_999, 20)
        self.monitor.add("command", 1_700_000_000, 10)
        self.assertEqual(self.client.call("LATENCY", "DOCTOR"), bulk(DOCTOR_ONE_SPIKE))

    def test_doctor_fast_command(self) -> None:
        """fast-command spikes point at the scheduler, not at the slow log."""
        self.monitor.add("fast-command", 1_700_000_000, 7)
        report = self.client.call("LATENCY", "DOCTOR")
        self.assertIn(b"1. fast-command: 1 latency spikes (average 7ms, mean deviation 0ms, period 1.00 sec). "
                      b"Worst all time event 7ms.\n\nI have a few advices for you:\n\n- The system is slow", report)
        self.assertTrue(report.endswith(b"However this may create fragmentation problems.\n\r\n"))
        self.assertNotIn(b"Slow Log", report)

    def test_help(self) -> None:
        """LATENCY HELP is Redis's text; unknown subcommands point to it."""
        self.assertEqual(self.client.call("LATENCY", "HELP"), status_array(
            "LATENCY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "DOCTOR",
            "    Return a human readable latency analysis report.",
            "GRAPH <event>",
            "    Return an ASCII latency graph for the <event> class.",
            "HISTORY <event>",
            "    Return time-latency samples for the <event> class.",
            "LATEST",
            "    Return the latest latency samples for all events.",
            "RESET [<event> ...]",
            "    Reset latency data of one or more <event> classes.",
            "    (default: reset all data for all event classes)",
            "HISTOGRAM [COMMAND ...]",
            "    Return a cumulative distribution of latencies in the format of a histogram for the specified "
            "command names.",
            "    If no commands are specified then all histograms are replied.",
            "HELP",
            "    Prints this help.",
        ))
        self.assertEqual(self.client.call("LATENCY", "foo"), b"-ERR unknown subcommand 'foo'. Try LATENCY HELP.\r\n")


class MonitorShutdownTests(SynchronousTestCase):
    """MONITOR registers the connection; SHUTDOWN hands the work to the adapter."""

    def setUp(self) -> None:
        self.server = CoreServer()
        self.io = FakeIO()
        self.server.state.io = self.io
        self.client = self.server.session()

    def test_monitor(self) -> None:
        """MONITOR answers OK once; a second MONITOR answers nothing, as in Redis."""
        self.assertEqual(self.client.call("MONITOR"), b"+OK\r\n")
        self.assertEqual(self.server.state.monitors, [self.client.session])
        self.assertEqual(self.client.call("MONITOR"), b"")
        self.assertEqual(self.client.call("MONITOR", "x"), b"-ERR wrong number of arguments for 'monitor' command\r\n")

    def test_shutdown_options(self) -> None:
        """Options reach the adapter as (save, now, force, abort); success sends no reply."""
        self.assertEqual(self.client.call("SHUTDOWN"), b"")
        self.assertEqual(self.client.call("SHUTDOWN", "NOSAVE", "now", "FORCE"), b"")
        self.assertEqual(self.client.call("SHUTDOWN", "save"), b"")
        self.assertEqual(self.io.shutdowns, [(None, False, False, False), (False, True, True, False),
                                             (True, False, False, False)])

    def test_shutdown_abort(self) -> None:
        """ABORT answers OK, or the adapter's error when no shutdown is in progress."""
        self.assertEqual(self.client.call("SHUTDOWN", "ABORT"), b"+OK\r\n")
        self.io.shutdown_error = "ERR No shutdown in progress."
        self.assertEqual(self.client.call("SHUTDOWN", "abort"), b"-ERR No shutdown in progress.\r\n")
        self.assertEqual(self.io.shutdowns[0], (None, False, False, True))

    def test_shutdown_syntax(self) -> None:
        """Unknown options, SAVE with NOSAVE, and ABORT with anything are syntax errors."""
        for args in (("foo",), ("save", "nosave"), ("nosave", "save"), ("abort", "now"), ("force", "abort")):
            self.assertEqual(self.client.call("SHUTDOWN", *args), b"-ERR syntax error\r\n")
        self.assertEqual(self.io.shutdowns, [])
