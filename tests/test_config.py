"""
The configuration table, redis.conf reading, the command line, CONFIG GET/SET/
RESETSTAT/REWRITE/HELP. Expected texts and bytes were taken from Debian's
redis-server 7.0.15.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile

from twisted.trial.unittest import SynchronousTestCase

from tests._core import CoreServer
from txredisd.config import SETTINGS, BufferLimit, Config, ConfigError, lookup, parse_config_text
from txredisd.core.commands import TABLE

# CONFIG GET * of a fresh redis-server started without a configuration file
# (port and unixsocket at their built-in defaults; dir, the working directory, left out).
REDIS_DEFAULTS = """
acl-pubsub-default resetchannels | aclfile | acllog-max-len 128 | active-defrag-cycle-max 25 |
active-defrag-cycle-min 1 | active-defrag-ignore-bytes 104857600 |
active-defrag-max-scan-fields 1000 | active-defrag-threshold-lower 10 |
active-defrag-threshold-upper 100 | active-expire-effort 1 | activedefrag no |
activerehashing yes | always-show-logo no | aof-disable-auto-gc no | aof-load-truncated yes |
aof-rewrite-incremental-fsync yes | aof-timestamp-enabled no | aof-use-rdb-preamble yes |
aof_rewrite_cpulist | appenddirname appendonlydir | appendfilename appendonly.aof |
appendfsync everysec | appendonly no | auto-aof-rewrite-min-size 67108864 |
auto-aof-rewrite-percentage 100 | bgsave_cpulist | bind * -::* | bind-source-addr | bio_cpulist |
busy-reply-threshold 5000 |
client-output-buffer-limit normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60 |
client-query-buffer-limit 1073741824 | cluster-allow-pubsubshard-when-down yes |
cluster-allow-reads-when-down no | cluster-allow-replica-migration yes |
cluster-announce-bus-port 0 | cluster-announce-hostname | cluster-announce-ip |
cluster-announce-port 0 | cluster-announce-tls-port 0 | cluster-config-file nodes.conf |
cluster-enabled no | cluster-link-sendbuf-limit 0 | cluster-migration-barrier 1 |
cluster-node-timeout 15000 | cluster-port 0 | cluster-preferred-endpoint-type ip |
cluster-replica-no-failover no | cluster-replica-validity-factor 10 |
cluster-require-full-coverage yes | cluster-slave-no-failover no |
cluster-slave-validity-factor 10 | crash-log-enabled yes | crash-memcheck-enabled yes |
daemonize no | databases 16 | dbfilename dump.rdb | disable-thp yes | dynamic-hz yes |
enable-debug-command no | enable-module-command no | enable-protected-configs no |
hash-max-listpack-entries 512 | hash-max-listpack-value 64 | hash-max-ziplist-entries 512 |
hash-max-ziplist-value 64 | hll-sparse-max-bytes 3000 | hz 10 | ignore-warnings | io-threads 1 |
io-threads-do-reads no | jemalloc-bg-thread yes | latency-monitor-threshold 0 |
latency-tracking yes | latency-tracking-info-percentiles 50 99 99.9 | lazyfree-lazy-eviction no |
lazyfree-lazy-expire no | lazyfree-lazy-server-del no | lazyfree-lazy-user-del no |
lazyfree-lazy-user-flush no | lfu-decay-time 1 | lfu-log-factor 10 | list-compress-depth 0 |
list-max-listpack-size -2 | list-max-ziplist-size -2 | logfile | loglevel notice |
lua-time-limit 5000 | masterauth | masteruser | maxclients 10000 | maxmemory 0 |
maxmemory-clients 0 | maxmemory-eviction-tenacity 10 | maxmemory-policy noeviction |
maxmemory-samples 5 | min-replicas-max-lag 10 | min-replicas-to-write 0 | min-slaves-max-lag 10 |
min-slaves-to-write 0 | no-appendfsync-on-rewrite no | notify-keyspace-events | oom-score-adj no |
oom-score-adj-values 0 200 800 | pidfile | port 6379 |
proc-title-template {title} {listen-addr} {server-mode} | propagation-error-behavior ignore |
protected-mode yes | proto-max-bulk-len 536870912 | rdb-del-sync-files no |
rdb-save-incremental-fsync yes | rdbchecksum yes | rdbcompression yes | repl-backlog-size 1048576 |
repl-backlog-ttl 3600 | repl-disable-tcp-nodelay no | repl-diskless-load disabled |
repl-diskless-sync yes | repl-diskless-sync-delay 5 | repl-diskless-sync-max-replicas 0 |
repl-ping-replica-period 10 | repl-ping-slave-period 10 | repl-timeout 60 | replica-announce-ip |
replica-announce-port 0 | replica-announced yes | replica-ignore-disk-write-errors no |
replica-ignore-maxmemory yes | replica-lazy-flush no | replica-priority 100 |
replica-read-only yes | replica-serve-stale-data yes | replicaof | requirepass |
sanitize-dump-payload no | save 3600 1 300 100 60 10000 | server_cpulist |
set-max-intset-entries 512 | set-proc-title yes | shutdown-on-sigint default |
shutdown-on-sigterm default | shutdown-timeout 10 | slave-announce-ip | slave-announce-port 0 |
slave-ignore-maxmemory yes | slave-lazy-flush no | slave-priority 100 | slave-read-only yes |
slave-serve-stale-data yes | slaveof | slowlog-log-slower-than 10000 | slowlog-max-len 128 |
socket-mark-id 0 | stop-writes-on-bgsave-error yes | stream-node-max-bytes 4096 |
stream-node-max-entries 100 | supervised no | syslog-enabled no | syslog-facility local0 |
syslog-ident redis | tcp-backlog 511 | tcp-keepalive 300 | timeout 0 | tls-auth-clients yes |
tls-ca-cert-dir | tls-ca-cert-file | tls-cert-file | tls-ciphers | tls-ciphersuites |
tls-client-cert-file | tls-client-key-file | tls-client-key-file-pass | tls-cluster no |
tls-dh-params-file | tls-key-file | tls-key-file-pass | tls-port 0 | tls-prefer-server-ciphers no |
tls-protocols | tls-replication no | tls-session-cache-size 20480 | tls-session-cache-timeout 300 |
tls-session-caching yes | tracking-table-max-keys 1000000 | unixsocket | unixsocketperm 0 |
zset-max-listpack-entries 128 | zset-max-listpack-value 64 | zset-max-ziplist-entries 128 |
zset-max-ziplist-value 64
"""
HIDDEN = {"key-load-delay": "0", "loading-process-events-interval-bytes": "2097152", "lua-enable-deprecated-api": "no",
          "rdb-key-save-delay": "0", "use-exit-on-panic": "no", "watchdog-period": "0"}  # fmt: skip
IMMUTABLE = ["aclfile", "always-show-logo", "aof_rewrite_cpulist", "appenddirname", "appendfilename", "bgsave_cpulist", "bio_cpulist", "cluster-config-file", "cluster-enabled", "cluster-port", "daemonize", "databases", "disable-thp", "enable-debug-command", "enable-module-command", "enable-protected-configs", "io-threads", "io-threads-do-reads", "logfile", "lua-enable-deprecated-api", "pidfile", "rdbchecksum", "replicaof", "server_cpulist", "set-proc-title", "slaveof", "socket-mark-id", "supervised", "syslog-enabled", "syslog-facility", "syslog-ident", "tcp-backlog", "unixsocket", "unixsocketperm"]


def redis_defaults() -> dict[str, str]:
    pairs = (item.strip().split(" ", 1) for item in REDIS_DEFAULTS.replace("\n", " ").split("|"))
    return {pair[0]: pair[1] if len(pair) > 1 else "" for pair in pairs}


def temp_dir(test: SynchronousTestCase) -> str:
    """A directory removed after the test."""
    directory = tempfile.mkdtemp()
    test.addCleanup(shutil.rmtree, directory)
    return directory


def failed(name: str, reason: str) -> bytes:
    return b"-ERR CONFIG SET failed (possibly related to argument '%s') - %s\r\n" % (name.encode(), reason.encode())


def bulk_map(*items: str) -> bytes:
    out = b"*%d\r\n" % len(items)
    for item in items:
        out += b"$%d\r\n%s\r\n" % (len(item.encode()), item.encode())
    return out


class TableTests(SynchronousTestCase):
    """The table holds every Redis 7.0.15 setting with its default, mutability and aliases."""

    def test_every_redis_setting_with_its_default(self) -> None:
        """CONFIG GET * shows exactly Redis's names and default texts."""
        shown = dict(Config().matching(["*"]))
        shown.pop("dir")
        # Our one deliberate default change: loopback only (Redis: "* -::*" + protected mode).
        self.assertEqual(shown.pop("bind"), "127.0.0.1 -::1")
        expected = redis_defaults()
        self.assertEqual(expected.pop("bind"), "* -::*")
        self.assertEqual(shown, expected)

    def test_dir_is_the_working_directory(self) -> None:
        """Redis's dir is where the server was started."""
        self.assertEqual(Config()["dir"], os.getcwd())

    def test_hidden_settings(self) -> None:
        """Hidden settings answer only to their exact name."""
        config = Config()
        for name, value in HIDDEN.items():
            self.assertEqual(config.matching([name]), [(name, value)])
            self.assertNotIn(name, dict(config.matching(["*"])))

    def test_immutable_settings(self) -> None:
        """Exactly the settings Redis refuses to CONFIG SET are immutable."""
        immutable = sorted(name for name in [*redis_defaults(), *HIDDEN] if "immutable" in lookup(name).flags)
        self.assertEqual(immutable, sorted(IMMUTABLE))

    def test_aliases_share_a_value(self) -> None:
        """slaveof/replicaof, slave-*/replica-*, *-ziplist-*/*-listpack-* are one setting."""
        config = Config()
        config.set("slave-read-only", "no", startup=True)
        config.set("hash-max-ziplist-entries", "7", startup=True)
        self.assertIs(config["replica-read-only"], False)
        self.assertEqual(config["hash-max-listpack-entries"], 7)
        self.assertEqual(config["lua-time-limit"], config["busy-reply-threshold"])
        self.assertIs(lookup("SLAVEOF"), lookup("replicaof"))

    def test_typed_values(self) -> None:
        """Numbers and sizes are ints, yes/no bools, compound settings structures."""
        config = Config()
        self.assertEqual(config["port"], 6379)
        self.assertIs(config["protected-mode"], True)
        self.assertEqual(config["maxmemory-policy"], "noeviction")
        self.assertEqual(config["save"], ((3600, 1), (300, 100), (60, 10000)))
        self.assertEqual(config["client-output-buffer-limit"]["replica"], BufferLimit(256 << 20, 64 << 20, 60))
        self.assertEqual(config["oom-score-adj-values"], (0, 200, 800))
        self.assertEqual(config["latency-tracking-info-percentiles"], (50.0, 99.0, 99.9))
        self.assertIsNone(config["replicaof"])
        config.set("replicaof", "example.com 6380", startup=True)
        config.set("maxmemory", "1gb", startup=True)
        config.set("maxmemory-clients", "10%", startup=True)
        config.set("notify-keyspace-events", "KA", startup=True)
        config.set("unixsocketperm", "0750", startup=True)
        self.assertEqual(config["replicaof"], ("example.com", 6380))
        self.assertEqual(config["maxmemory"], 1 << 30)
        self.assertEqual(config["maxmemory-clients"], -10)
        self.assertEqual(config["notify-keyspace-events"], "g$lshzxetdK")
        self.assertEqual(config["unixsocketperm"], 0o750)

    def test_not_in_effect(self) -> None:
        """Changed settings and directives txredisd does not act on yet are named."""
        config = Config()
        self.assertEqual(config.not_in_effect(), [])
        config.load_text("port 7000\nmaxmemory 1mb\nslave-read-only no\ntls-port 6380\nrename-command get gg\n")
        self.assertEqual(config.not_in_effect(), ["maxmemory", "replica-read-only", "rename-command"])
        self.assertEqual(config.not_in_effect(["hz", "appendonly", "slaveof"]), ["appendonly", "replicaof"])


class ParseTests(SynchronousTestCase):
    """redis.conf lines are split as Redis's sdssplitargs splits them."""

    def test_directives(self) -> None:
        """Comments and blank lines are skipped; names are lower-cased; quotes and escapes apply."""
        text = (
            "# comment\n\n   \nPORT 7000\n  save 900 1 300 10\t\r\n"
            'requirepass "a b\\"c\\x41\\n"\n'
            "masterauth 'it\\'s'\n"
            'bind ab"cd" ""\n'
        )
        self.assertEqual(
            parse_config_text(text),
            [
                ("port", ["7000"]),
                ("save", ["900", "1", "300", "10"]),
                ("requirepass", ['a b"cA\n']),
                ("masterauth", ["it's"]),
                ("bind", ["abcd", ""]),
            ],
        )

    def test_unbalanced_quotes(self) -> None:
        """Bad quoting fails with the line's number and text."""
        for line in ('"unbalanced', 'port "7000"x', "port 'a'b", 'port a"b"c'):
            with self.assertRaises(ConfigError) as caught:
                parse_config_text("port 1\n# c\n" + line)
            self.assertEqual(caught.exception.report(), fatal(3, line, "Unbalanced quotes in configuration line"))


def fatal(line_number: int, line: str, reason: str) -> str:
    return (
        "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n"
        f"Reading the configuration file, at line {line_number}\n>>> '{line}'\n{reason}\n"
    )


# (text, failing line, reason), as redis-server reported them.
LOAD_ERRORS = [
    ("port 70000", 1, "argument must be between 0 and 65535 inclusive"),
    ("  port 70000  ", 1, "argument must be between 0 and 65535 inclusive"),
    ("port abc", 1, "argument couldn't be parsed into an integer"),
    ("port 1 2", 1, "wrong number of arguments"),
    ("port", 1, "wrong number of arguments"),
    ("port 6380\n\t\n # indented\nport x", 4, "argument couldn't be parsed into an integer"),
    ("nosuch 1", 1, "Bad directive or wrong number of arguments"),
    ('"" x', 1, "Bad directive or wrong number of arguments"),
    ("save 1", 1, "Invalid save parameters"),
    ("save 0 0", 1, "Invalid save parameters"),
    ("save 1 -1", 1, "Invalid save parameters"),
    ('save "" 1', 1, "Invalid save parameters"),
    ("bind 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17", 1, "Too many bind addresses specified."),
    ("client-output-buffer-limit normal 0 0", 1, "Wrong number of arguments in buffer limit configuration."),
    ("client-output-buffer-limit master 0 0 0", 1, "Invalid client class specified in buffer limit configuration."),
    ("client-output-buffer-limit normal a 0 0", 1,
     "Error in hard, soft or soft_seconds setting in buffer limit configuration."),
    ("notify-keyspace-events Z", 1, "Invalid event class character. Use 'Ag$lshzxeKEtmdn'."),
    ("notify-keyspace-events", 1, "wrong number of arguments"),
    ("oom-score-adj-values 1 2", 1, "wrong number of arguments"),
    ("oom-score-adj-values 1 2 3000", 1, "Invalid oom-score-adj-values, elements must be between -2000 and 2000."),
    ("latency-tracking-info-percentiles 50 zz", 1, "Invalid latency-tracking-info-percentiles parameters"),
    ("latency-tracking-info-percentiles nan", 1, "Invalid latency-tracking-info-percentiles parameters"),
    ("cluster-announce-hostname a_b", 1, "Hostnames may only contain alphanumeric characters, hyphens or dots"),
    ("rename-command nosuchcmd foo", 1, "No such command in rename-command"),
    ("rename-command get", 1, "Bad directive or wrong number of arguments"),
    ("rename-command get foo\nrename-command set foo", 2, "Target command name already exists"),
    ("user", 1, "Bad directive or wrong number of arguments"),
    ("foo.bar", 1, "Module config specified without value"),
    ("sentinel monitor x", 1, "sentinel directive while not in sentinel mode"),
    ("lua-replicate-commands", 1, "Bad directive or wrong number of arguments"),
    ("replicaof localhost abc", 1, "Invalid master port"),
    ("replicaof localhost 99999", 1, "Invalid master port"),
    ("slaveof a", 1, "wrong number of arguments"),
    ("unixsocketperm 1000", 1, "argument must be between 0 and 777 inclusive"),
    ("unixsocketperm 778", 1, "argument couldn't be parsed as an octal number"),
    ("dbfilename a/b", 1, "dbfilename can't be a path, just a filename"),
    ('appenddirname ""', 1, "appenddirname can't be empty"),
    ("appendfilename a/b", 1, "appendfilename can't be a path, just a filename"),
    ("dir /nonexistent", 1, "No such file or directory"),
    ("maxmemory-clients 101%", 1, "percentage argument must be less or equal to 100"),
    ('daemonize ""', 1, "argument must be 'yes' or 'no'"),
    ("supervised foo", 1, "argument(s) must be one of the following: upstart, systemd, auto, no"),
    ('proc-title-template "{bad}"', 1, "template format is invalid or contains unknown variables"),
    ("activedefrag yes", 1, "Active defragmentation cannot be enabled: it requires a Redis server compiled with "
     "a modified Jemalloc like the one shipped by default with the Redis source distribution"),
]  # fmt: skip

# Texts redis-server accepts.
LOAD_OK = [
    "PORT 7000", 'port "\\x37000"', "save \"\"", 'save "3600 1"', 'save 1 ""', "bind", 'bind ""',
    "client-output-buffer-limit replica 1 2 3", 'client-output-buffer-limit "normal 1 2 3"', "replicaof NO ONE",
    'replicaof "localhost 7000"', "unixsocketperm \"\"", "maxmemory 1Gb", "loglevel NOTICE", "daemonize YES",
    "list-max-ziplist-entries 10", "lua-replicate-commands yes", "sentinel", "foo.bar baz", "loadmodule /x.so a",
    "user alice on", 'oom-score-adj-values "" 1 2', "latency-tracking-info-percentiles 0x10", "hz 0",
]  # fmt: skip


class LoadTests(SynchronousTestCase):
    """Configuration texts and files: Redis's rules and its exact errors."""

    def test_errors(self) -> None:
        """Each bad text fails at Redis's line with Redis's reason."""
        for text, line_number, reason in LOAD_ERRORS:
            with self.assertRaises(ConfigError, msg=text) as caught:
                Config().load_text(text)
            line = text.split("\n")[line_number - 1].strip(" \t")
            self.assertEqual(caught.exception.report(), fatal(line_number, line, reason), text)
            self.assertEqual(str(caught.exception), f"line {line_number}: '{line}': {reason}")

    def test_accepted(self) -> None:
        """Texts Redis accepts load without error."""
        for text in LOAD_OK:
            Config().load_text(text)

    def test_values_loaded(self) -> None:
        """Directives set typed values; later lines win; immutables are fine at start-up."""
        config = Config()
        config.load_text(
            'port 7000\nport 7001\ndatabases 4\nbind 127.0.0.1 ::1\nrequirepass "p w"\nhz 0\nmaxmemory 2mb\n'
            "client-output-buffer-limit pubsub 1mb 2mb 3 normal 1 2 3\nnotify-keyspace-events Ex\n"
        )
        self.assertEqual(
            [config.show(name) for name in ("port", "databases", "bind", "requirepass", "hz", "maxmemory")],
            ["7001", "4", "127.0.0.1 ::1", "p w", "1", "2097152"],
        )
        self.assertEqual(
            config.show("client-output-buffer-limit"),
            "normal 1 2 3 slave 268435456 67108864 60 pubsub 1048576 2097152 3",
        )
        self.assertEqual(config.show("notify-keyspace-events"), "xE")

    def test_save_lines_add_up(self) -> None:
        """Repeated save lines accumulate; save "" clears; after an include each line replaces."""
        cases = [
            ("save 900 1\nsave 300 10\nsave 60 10000", "900 1 300 10 60 10000"),
            ('save ""\nsave 900 1', "900 1"),
            ('save 900 1\nsave ""', ""),
        ]
        for text, expected in cases:
            config = Config()
            config.load_text(text)
            self.assertEqual(config.show("save"), expected)
        directory = temp_dir(self)
        include = os.path.join(directory, "inc.conf")
        with open(include, "w") as stream:
            stream.write("tcp-keepalive 200\n")
        config = Config()
        config.load_text(f"save 900 1\nsave 300 10\ninclude {include}\nsave 60 10000\nsave 30 5\n")
        self.assertEqual(config.show("save"), "30 5")
        self.assertEqual(config["tcp-keepalive"], 200)

    def test_includes(self) -> None:
        """include reads a file (patterns: every match, sorted); a missing file is fatal."""
        directory = temp_dir(self)
        for name, text in (("a.conf", "port 7001\nhz 20\n"), ("b.conf", "port 7002\nbad 1\n"), ("main.conf", "")):
            with open(os.path.join(directory, name), "w") as stream:
                stream.write(text)
        config = Config()
        config.load_text(f"include {directory}/a.conf")
        self.assertEqual((config["port"], config["hz"]), (7001, 20))
        with self.assertRaises(ConfigError) as caught:
            Config().load_text(f"port 1\ninclude {directory}/?.conf")
        self.assertEqual(caught.exception.report(), fatal(4, "bad 1", "Bad directive or wrong number of arguments"))
        with self.assertRaises(ConfigError) as caught:
            Config().load_text(f"include {directory}/none.conf")
        self.assertEqual(
            str(caught.exception),
            f"Fatal error, can't open config file '{directory}/none.conf': No such file or directory",
        )
        Config().load_text(f"include {directory}/none*.conf")

    def test_directives_kept_for_later(self) -> None:
        """rename-command, user, loadmodule and module settings are kept for their features."""
        config = Config()
        config.load_text(
            'rename-command flushall ""\nrename-command GET gg\nuser alice on\nloadmodule /m.so x\nm.opt a b'
        )
        self.assertEqual(config.renamed_commands, [("flushall", ""), ("GET", "gg")])
        self.assertEqual(config.users, [["alice", "on"]])
        self.assertEqual(config.modules, [["/m.so", "x"]])
        self.assertEqual(config.module_configs, {"m.opt": "a b"})

    def test_startup_set(self) -> None:
        """set(startup=True) reads one argument like a redis.conf line."""
        config = Config()
        config.set("save", "900 1", startup=True)
        config.set("databases", "4", startup=True)
        self.assertEqual((config["save"], config["databases"]), (((900, 1),), 4))
        with self.assertRaises(ConfigError) as caught:
            config.set("port", "x", startup=True)
        self.assertEqual(str(caught.exception), "'port x': argument couldn't be parsed into an integer")


class ArgvTests(SynchronousTestCase):
    """The command line, read exactly as redis-server reads it."""

    def load(self, *argv: str, stdin: bytes = b"") -> Config:
        config = Config()
        config.apply_args(list(argv), stdin=io.BytesIO(stdin))
        return config

    def conf_file(self, text: str) -> str:
        path = os.path.join(temp_dir(self), "redis.conf")
        with open(path, "w") as stream:
            stream.write(text)
        return path

    def test_options(self) -> None:
        """--name starts a directive and the arguments after it are its values."""
        config = self.load("--port", "7001", "--bind", "127.0.0.1", "::1", "--save", "", "--masterauth", 'a b"c')
        self.assertEqual((config["port"], config["bind"], config["save"]), (7001, "127.0.0.1 ::1", ()))
        self.assertEqual(config["masterauth"], 'a b"c')
        self.assertIsNone(config.path)

    def test_bare_save(self) -> None:
        """--save with no value (before another option, or last) means save ""."""
        self.assertEqual(self.load("--save", "--port", "7002")["save"], ())
        self.assertEqual(self.load("--port", "7003", "--save")["save"], ())

    def test_value_that_looks_like_an_option(self) -> None:
        """A --word right after an option name is its value; a name with its value in one argument is complete."""
        config = self.load("--requirepass", "--secret", "--port 7005", "--hz", "30")
        self.assertEqual((config["requirepass"], config["port"], config["hz"]), ("--secret", 7005, 30))

    def test_file_then_options(self) -> None:
        """A first plain argument is the file; options are appended to it (save lines add up)."""
        path = self.conf_file("port 7000\nsave 900 1\n")
        config = self.load(path, "--save", "60", "100", "--port", "7006")
        self.assertEqual((config["port"], config.show("save")), (7006, "900 1 60 100"))
        self.assertEqual(config.path, os.path.abspath(path))

    def test_stdin(self) -> None:
        """- reads configuration text from stdin, after the file and before the options."""
        self.assertEqual(self.load("-", stdin=b"port 7020\nhz 15\n")["hz"], 15)
        config = self.load(self.conf_file("port 7000\n"), "-", stdin=b"port 7022\nsave 60 1\n")
        self.assertEqual((config["port"], config.show("save")), (7022, "60 1"))
        self.assertEqual(self.load("-", "--port", "7021", stdin=b"hz 15\n")["port"], 7021)

    def test_errors(self) -> None:
        """Errors name the generated line, numbered as Redis numbers it."""
        cases = [
            (("--port",), 2, "port", "wrong number of arguments"),
            (("--port", "1", "2"), 2, 'port "1" "2"', "wrong number of arguments"),
            (("--port", "70000"), 2, 'port "70000"', "argument must be between 0 and 65535 inclusive"),
            (("--nosuch", "x"), 2, 'nosuch "x"', "Bad directive or wrong number of arguments"),
            (("--hz", "5", "--port", "x"), 3, 'port "x"', "argument couldn't be parsed into an integer"),
        ]
        for argv, line_number, line, reason in cases:
            with self.assertRaises(ConfigError) as caught:
                self.load(*argv)
            self.assertEqual(caught.exception.report(), fatal(line_number, line, reason))
        path = self.conf_file("port 7000\nsave 900 1\n")
        with self.assertRaises(ConfigError) as caught:
            self.load(path, "--port", "x")
        self.assertEqual(caught.exception.report(), fatal(4, 'port "x"', "argument couldn't be parsed into an integer"))
        with self.assertRaises(ConfigError) as caught:
            self.load("/nonexistent.conf")
        self.assertEqual(
            str(caught.exception), "Fatal error, can't open config file '/nonexistent.conf': No such file or directory"
        )


class GetTests(SynchronousTestCase):
    """CONFIG GET: patterns, each parameter once, RESP2 array or RESP3 map."""

    def test_exact_names(self) -> None:
        """An exact name answers under the spelling asked, hidden ones too; unknown names add nothing."""
        client = CoreServer().session()
        self.assertEqual(client.call("CONFIG", "GET", "HZ"), b"*2\r\n$2\r\nHZ\r\n$2\r\n10\r\n")
        self.assertEqual(client.call("config", "get", "nosuch"), b"*0\r\n")
        self.assertEqual(client.call("config", "get", "key-load-delay"), bulk_map("key-load-delay", "0"))
        self.assertEqual(client.call("config", "get", "key-load*"), b"*0\r\n")
        self.assertEqual(client.call("config", "get", "slave-read-only"), bulk_map("slave-read-only", "yes"))

    def test_each_parameter_once(self) -> None:
        """Repeated names and overlapping patterns give one entry; aliases are separate entries."""
        client = CoreServer().session()
        self.assertEqual(client.call("config", "get", "HZ", "hz"), bulk_map("HZ", "10"))
        self.assertEqual(client.call("config", "get", "hz", "HZ", "h?"), bulk_map("hz", "10"))
        self.assertEqual(
            client.call("config", "get", "Slave-Read-Only", "replica-read-only"),
            bulk_map("Slave-Read-Only", "yes", "replica-read-only", "yes"),
        )

    def test_globs(self) -> None:
        """Globs match names in any case (Redis's order is its hash order; ours is the table's)."""
        client = CoreServer().session()
        self.assertEqual(
            client.call("config", "get", "SLOWLOG*"),
            bulk_map("slowlog-log-slower-than", "10000", "slowlog-max-len", "128"),
        )
        self.assertEqual(
            client.call("config", "get", "p?rt", "*max-len"),
            bulk_map("port", "6379", "acllog-max-len", "128", "slowlog-max-len", "128"),
        )
        self.assertEqual(
            client.call("config", "get", "*delay"),
            bulk_map("repl-disable-tcp-nodelay", "no", "repl-diskless-sync-delay", "5"),
        )
        self.assertEqual(len(dict(Config().matching(["[a-c]*"]))), 54)

    def test_resp3_map(self) -> None:
        """RESP3 clients get a map."""
        client = CoreServer().session(resp=3)
        self.assertEqual(client.call("config", "get", "hz"), b"%1\r\n$2\r\nhz\r\n$2\r\n10\r\n")
        self.assertEqual(client.call("config", "get", "nosuch"), b"%0\r\n")

    def test_arity(self) -> None:
        """CONFIG GET needs a pattern."""
        client = CoreServer().session()
        self.assertEqual(client.call("config", "get"), b"-ERR wrong number of arguments for 'config|get' command\r\n")


BUFFER_ERROR = "Error in hard, soft or soft_seconds setting in buffer limit configuration."
# (CONFIG SET arguments, Redis's reply) on a fresh server.
SET_REPLIES = [
    (("hz", "bad"), failed("hz", "argument couldn't be parsed into an integer")),
    (("hz", "010"), failed("hz", "argument couldn't be parsed into an integer")),
    (("timeout", "-1"), failed("timeout", "argument must be between 0 and 2147483647 inclusive")),
    (("acllog-max-len", "9223372036854775808"),
     failed("acllog-max-len", "argument couldn't be parsed into an integer")),
    (("maxmemory", " 10"), failed("maxmemory", "argument must be a memory value")),
    (("proto-max-bulk-len", "18446744073709551616"),
     failed("proto-max-bulk-len", "argument must be between 1048576 and 9223372036854775807 inclusive")),
    (("maxmemory-clients", "101%"), failed("maxmemory-clients", "percentage argument must be less or equal to 100")),
    (("maxmemory-clients", "-1%"), failed("maxmemory-clients", "argument must be a memory or percent value")),
    (("appendonly", "maybe"), failed("appendonly", "argument must be 'yes' or 'no'")),
    (("SLAVE-READ-ONLY", "bad"), failed("slave-read-only", "argument must be 'yes' or 'no'")),
    (("maxmemory-policy", "bad"), failed("maxmemory-policy", "argument(s) must be one of the following: volatile-lru, "
     "volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction")),
    (("save", "100 1 200"), failed("save", "Invalid save parameters")),
    (("save", "100  1"), failed("save", "Invalid save parameters")),
    (("client-output-buffer-limit", "normal 1 2 3 slave 4 5"),
     failed("client-output-buffer-limit", "Wrong number of arguments in buffer limit configuration.")),
    (("client-output-buffer-limit", "normal 0 0 1kb"),
     failed("client-output-buffer-limit", BUFFER_ERROR)),
    (("notify-keyspace-events", "K E"),
     failed("notify-keyspace-events", "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.")),
    (("oom-score-adj-values", "1 2"), failed("oom-score-adj-values", "wrong number of arguments")),
    (("latency-tracking-info-percentiles", "50  99"),
     failed("latency-tracking-info-percentiles", "Invalid latency-tracking-info-percentiles parameters")),
    (("latency-tracking-info-percentiles", "50 101"), failed("latency-tracking-info-percentiles",
     "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]")),
    (("proc-title-template", "{title}"),
     failed("proc-title-template", "template format is invalid or contains unknown variables")),
    (("daemonize", "no"), failed("daemonize", "can't set immutable config")),
    (("replicaof", "no one"), failed("replicaof", "can't set immutable config")),
    (("dir", "/tmp"), failed("dir", "can't set protected config")),
    (("dbfilename", "x"), failed("dbfilename", "can't set protected config")),
    (("nosuch", "1"), b"-ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'\r\n"),
    (("hz", "11", "maxmemory-policy", "bad", "hz", "12"), failed("hz", "duplicate parameter")),
    (("Replica-Read-Only", "yes", "REPLICA-read-only", "no"), failed("REPLICA-read-only", "duplicate parameter")),
    (("hz", "12", "nosuch", "1", "daemonize", "no"),
     b"-ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'\r\n"),
    (("hz", "12", "daemonize", "no", "nosuch", "1"), failed("daemonize", "can't set immutable config")),
    (("hz", "12", "hz", "13", "daemonize", "no"), failed("hz", "duplicate parameter")),
    (("hz", "1", "2"), b"-ERR syntax error\r\n"),
    (("hz",), b"-ERR wrong number of arguments for 'config|set' command\r\n"),
]  # fmt: skip

# (setting, value set, CONFIG GET's answer afterwards), from redis-server.
SET_SHOWN = [
    ("hz", "0", "1"), ("hz", "1000", "500"), ("repl-backlog-size", "1", "16384"),
    ("maxmemory", "1kb", "1024"), ("maxmemory", "1K", "1000"), ("maxmemory", "2G", "2000000000"),
    ("maxmemory", "", "0"), ("maxmemory", "kb", "0"), ("maxmemory", "010", "10"), ("maxmemory", "1B", "1"),
    ("maxmemory", "18446744073709551616", "18446744073709551615"),
    ("maxmemory-clients", "50%", "50%"), ("maxmemory-clients", "0%", "0"),
    ("maxmemory-clients", "18446744073709551615", "1%"), ("maxmemory-clients", "1mb", "1048576"),
    ("loglevel", "WARNING", "warning"), ("appendfsync", "Always", "always"), ("activerehashing", "NO", "no"),
    ("save", "", ""), ("save", "1 2 1 2", "1 2 1 2"), ("save", "+5 1", "5 1"),
    ("bind", "", ""), ("bind", "127.0.0.1  ::1", "127.0.0.1  ::1"),
    ("client-output-buffer-limit", "replica 1kb 2mb 3 pubsub 1 2 3",
     "normal 0 0 0 slave 1024 2097152 3 pubsub 1 2 3"),
    ("client-output-buffer-limit", "NORMAL 1 2 3 normal 5 6 7",
     "normal 5 6 7 slave 268435456 67108864 60 pubsub 33554432 8388608 60"),
    ("client-output-buffer-limit", "normal 18446744073709551615 0 0",
     "normal 18446744073709551615 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60"),
    ("notify-keyspace-events", "KEA", "AKE"), ("notify-keyspace-events", "gE$", "g$E"),
    ("notify-keyspace-events", "nKA", "AK"), ("notify-keyspace-events", "Ktd", "tdK"),
    ("notify-keyspace-events", "K$lshzxegtmd", "AKm"), ("notify-keyspace-events", "mKEg", "gKEm"),
    ("oom-score-adj-values", "010 +5 3", "10 5 3"),
    ("latency-tracking-info-percentiles", "50.5 99.123456789", "50.5 99.123457"),
    ("latency-tracking-info-percentiles", "1e1", "10"), ("latency-tracking-info-percentiles", "", ""),
    ("proc-title-template", "{{x}}", "{{x}}"), ("cluster-announce-hostname", "a.b-c", "a.b-c"),
    ("requirepass", "foo", "foo"), ("masterauth", "a b", "a b"),
]  # fmt: skip


class SetTests(SynchronousTestCase):
    """CONFIG SET: Redis's checks, error texts, all-or-nothing semantics and hooks."""

    def test_replies(self) -> None:
        """Every refusal reads as Redis's."""
        for args, reply in SET_REPLIES:
            self.assertEqual(CoreServer().session().call("config", "set", *args), reply, args)

    def test_values_shown(self) -> None:
        """Accepted values read back as Redis shows them."""
        for name, value, shown in SET_SHOWN:
            client = CoreServer().session()
            self.assertEqual(client.call("config", "set", name, value), b"+OK\r\n", (name, value))
            self.assertEqual(client.call("config", "get", name), bulk_map(name, shown), (name, value))

    def test_several_at_once(self) -> None:
        """Pairs are applied together; aliases of one setting are not duplicates (the last wins)."""
        server = CoreServer()
        client = server.session()
        self.assertEqual(client.call("config", "set", "hz", "20", "slave-read-only", "yes", "replica-read-only", "no"),
                         b"+OK\r\n")  # fmt: skip
        self.assertEqual((server.config["hz"], server.config["replica-read-only"]), (20, False))

    def test_all_or_nothing(self) -> None:
        """A bad value leaves every setting as it was."""
        server = CoreServer()
        reply = server.session().call("config", "set", "hz", "11", "timeout", "5", "maxmemory-policy", "bad")
        self.assertTrue(reply.startswith(b"-ERR CONFIG SET failed (possibly related to argument 'maxmemory-policy')"))
        self.assertEqual((server.config["hz"], server.config["timeout"]), (10, 0))

    def test_hook_refusal_rolls_back(self) -> None:
        """A hook raising ConfigError undoes the whole call, and hooks that ran see the old values again."""
        server = CoreServer()
        seen: list[int] = []
        server.config.on_change("hz", seen.append)

        def refuse(value: int) -> None:
            raise ConfigError("Unable to listen on this port. Check server logs.")

        server.config.on_change("port", refuse)
        reply = server.session().call("config", "set", "hz", "20", "port", "7000", "timeout", "3")
        self.assertEqual(reply, failed("port", "Unable to listen on this port. Check server logs."))
        self.assertEqual((server.config["hz"], server.config["port"], server.config["timeout"]), (10, 6379, 0))
        self.assertEqual(seen, [20, 10])

    def test_hooks_run_on_change_only(self) -> None:
        """Setting a value equal to the current one runs no hook."""
        server = CoreServer()
        seen: list[int] = []
        server.config.on_change("lua-time-limit", seen.append)
        client = server.session()
        client.call("config", "set", "busy-reply-threshold", "5000")
        client.call("config", "set", "lua-time-limit", "10")
        self.assertEqual(seen, [10])

    def test_protected_configs(self) -> None:
        """enable-protected-configs yes allows dir and dbfilename; local only for local clients."""
        self.addCleanup(os.chdir, os.getcwd())
        directory = os.path.realpath(temp_dir(self))
        client = CoreServer(enable_protected_configs="yes").session()
        self.assertEqual(client.call("config", "set", "dir", directory, "dbfilename", "x.rdb"), b"+OK\r\n")
        self.assertEqual(os.getcwd(), directory)
        self.assertEqual(client.call("config", "get", "dir"), bulk_map("dir", directory))
        self.assertEqual(client.call("config", "set", "dbfilename", "a/b"),
                         failed("dbfilename", "dbfilename can't be a path, just a filename"))  # fmt: skip
        local = CoreServer(enable_protected_configs="local")
        remote = local.session()
        remote.session.peer = "10.0.0.1:5000"
        self.assertEqual(
            remote.call("config", "set", "dbfilename", "y.rdb"), failed("dbfilename", "can't set protected config")
        )
        loopback = local.session()
        loopback.session.peer = "127.0.0.1:5000"
        self.assertEqual(loopback.call("config", "set", "dbfilename", "y.rdb"), b"+OK\r\n")

    def test_requirepass_at_runtime(self) -> None:
        """A password set by CONFIG SET is required from new connections."""
        server = CoreServer()
        server.session().call("config", "set", "requirepass", "secret")
        client = server.session()
        self.assertEqual(client.call("get", "k"), b"-NOAUTH Authentication required.\r\n")
        self.assertEqual(client.call("auth", "secret"), b"+OK\r\n")

    def test_slowlog_settings_reach_the_server(self) -> None:
        """slowlog-max-len and slowlog-log-slower-than update the server state."""
        server = CoreServer()
        state = server.state
        state.slowlog.extend(range(5))
        client = server.session()
        client.call("config", "set", "slowlog-max-len", "2", "slowlog-log-slower-than", "-1")
        self.assertEqual((list(state.slowlog), state.slowlog.maxlen, state.slowlog_threshold_us), ([0, 1], 2, -1))
        self.assertEqual(CoreServer(slowlog_max_len="7", slowlog_log_slower_than="5").state.slowlog.maxlen, 7)


class OtherSubcommandTests(SynchronousTestCase):
    """CONFIG RESETSTAT, HELP and the container's errors."""

    def test_resetstat(self) -> None:
        """Server statistics and every command's statistics go back to zero."""
        server = CoreServer()
        client = server.session()
        client.call("config", "get", "hz")
        client.call("set", "k", "v")
        self.assertEqual(client.call("config", "resetstat"), b"+OK\r\n")
        self.assertEqual(server.state.stats.total_commands_processed, 1)
        specs = {spec.fullname: spec for spec in TABLE.all_specs()}
        self.assertEqual((specs["config|get"].calls, specs["set"].calls, specs["config|resetstat"].calls), (0, 0, 1))

    def test_help(self) -> None:
        """CONFIG HELP, as Redis words it."""
        self.assertEqual(
            CoreServer().session().call("config", "help"),
            b"*11\r\n+CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+GET <pattern>\r\n"
            b"+    Return parameters matching the glob-like <pattern> and their values.\r\n"
            b"+SET <directive> <value>\r\n+    Set the configuration <directive> to <value>.\r\n+RESETSTAT\r\n"
            b"+    Reset statistics reported by the INFO command.\r\n+REWRITE\r\n"
            b"+    Rewrite the configuration file.\r\n"
            b"+HELP\r\n+    Prints this help.\r\n",
        )

    def test_errors(self) -> None:
        """Arity and unknown subcommands."""
        client = CoreServer().session()
        for args, reply in [
            (("config",), b"-ERR wrong number of arguments for 'config' command\r\n"),
            (("config", "foo"), b"-ERR unknown subcommand 'foo'. Try CONFIG HELP.\r\n"),
            (("config", "help", "x"), b"-ERR wrong number of arguments for 'config|help' command\r\n"),
            (("config", "resetstat", "x"), b"-ERR wrong number of arguments for 'config|resetstat' command\r\n"),
            (("config", "rewrite", "x"), b"-ERR wrong number of arguments for 'config|rewrite' command\r\n"),
            (("config", "rewrite"), b"-ERR The server is running without a config file\r\n"),
        ]:
            self.assertEqual(client.call(*args), reply, args)

    def test_command_metadata(self) -> None:
        """Flags and arities as COMMAND INFO reports them."""
        specs = {spec.fullname: spec for spec in TABLE.all_specs()}
        for name, arity in (("config|get", -3), ("config|set", -4), ("config|resetstat", 2), ("config|rewrite", 2)):
            self.assertEqual(
                (specs[name].arity, sorted(specs[name].flags)), (arity, ["admin", "loading", "noscript", "stale"])
            )
        self.assertEqual((specs["config|help"].arity, sorted(specs["config|help"].flags)), (2, ["loading", "stale"]))


class RewriteTests(SynchronousTestCase):
    """CONFIG REWRITE edits the start-up file as Redis does."""

    def rewrite(self, old: str, *changes: tuple[str, str], startup: str = "") -> str:
        config = Config()
        config.load_text(old + "\n" + startup)
        config.set_many(list(changes))
        return config.rewritten_text(old.encode()).decode()

    def test_fresh_file(self) -> None:
        """Settings always written (dir, save, percentiles, the default user) follow the signature."""
        text = self.rewrite("port 0\nunixsocket /tmp/x.sock\n")
        self.assertEqual(
            text,
            'port 0\nunixsocket "/tmp/x.sock"\n\n# Generated by CONFIG REWRITE\n'
            f'dir "{os.getcwd()}"\nlatency-tracking-info-percentiles 50 99 99.9\n'
            "save 3600 1\nsave 300 100\nsave 60 10000\nuser default on nopass ~* &* +@all\n",
        )

    def test_in_place(self) -> None:
        """Lines are replaced where they are (aliases by the main name), trimmed; comments and foreign lines kept."""
        old = (
            "# top comment\nport 0\n   # indented comment\n\n\ndaemonize no\nsave 900 1\nsave 300 10\nmaxmemory 1gb\n"
            'slave-read-only no\nhz 10\nbind 127.0.0.1\nrename-command DEBUG ""\nnotify-keyspace-events KEA\n'
            '\ttcp-keepalive    300   \ndbfilename "dump.rdb"\nmaxmemory-clients 10%\nlist-max-ziplist-entries 5\n'
            '# Generated by CONFIG REWRITE\ndir "."\nlatency-tracking-info-percentiles 50 99 99.9\n'
            "user default on nopass ~* &* +@all\n"
        )
        text = self.rewrite(
            old, ("hz", "20"), ("maxmemory", "0"), ("save", ""), ("bind", "127.0.0.1 -::1"), ("notify-keyspace-events", ""),
            ("maxmemory-clients", "0"), ("hash-max-ziplist-entries", "100"),
        )  # fmt: skip
        self.assertEqual(
            text,
            '# top comment\nport 0\n# indented comment\n\ndaemonize no\nsave ""\n\nmaxmemory 0\n'
            'replica-read-only no\nhz 20\n\nrename-command DEBUG ""\nnotify-keyspace-events ""\n'
            'tcp-keepalive 300\ndbfilename "dump.rdb"\nmaxmemory-clients 0\n# ??? list-max-ziplist-entries 5\n'
            f'# Generated by CONFIG REWRITE\ndir "{os.getcwd()}"\nlatency-tracking-info-percentiles 50 99 99.9\n'
            "user default on nopass ~* &* +@all\n\nhash-max-listpack-entries 100\n",
        )

    def test_unset_strings_and_defaults(self) -> None:
        """Unset strings lose their line; other settings at their default keep theirs, with the default."""
        old = 'masteruser "bob"\nmasterauth "x"\nlogfile "l"\ntimeout 5\nrequirepass "foo"\n'
        text = self.rewrite(old, ("masteruser", ""), ("masterauth", ""), ("timeout", "0"), ("requirepass", ""),
                            startup='logfile ""')  # fmt: skip
        self.assertTrue(text.startswith('\nlogfile ""\ntimeout 0\n\n# Generated by CONFIG REWRITE\n'), text)

    def test_client_output_buffer_limit(self) -> None:
        """One line per class, reusing old lines in order; classes at their defaults only fill old lines."""
        old = "client-output-buffer-limit pubsub 1mb 2kb 3\n"
        self.assertTrue(self.rewrite(old).startswith("client-output-buffer-limit normal 0 0 0\n"))
        text = self.rewrite(
            old + "client-output-buffer-limit normal 0 0 0\n",
            ("client-output-buffer-limit", "pubsub 33554432 8388608 60"),
        )
        self.assertTrue(
            text.startswith(
                "client-output-buffer-limit normal 0 0 0\nclient-output-buffer-limit replica 256mb 64mb 60\n"
            ),
            text,
        )
        self.assertIn(
            "\nclient-output-buffer-limit pubsub 1mb 2kb 3\n",
            self.rewrite("", ("client-output-buffer-limit", "pubsub 1mb 2kb 3")),
        )

    def test_value_formats(self) -> None:
        """Sizes in their largest exact unit, percentages, octal, quoted strings, bind as given."""
        text = self.rewrite(
            "maxmemory 1\nrepl-backlog-size 1\nmaxmemory-clients 0\nunixsocketperm 755\nmasterauth x\nbind x\n"
            "latency-tracking-info-percentiles 1\nnotify-keyspace-events x\nreplicaof h 1\n",
            ("maxmemory", "3gb"), ("repl-backlog-size", "1"), ("maxmemory-clients", "10%"), ("masterauth", 'p"q\\r'),
            ("bind", ""), ("latency-tracking-info-percentiles", ""), ("notify-keyspace-events", "KEA"),
        )  # fmt: skip
        self.assertTrue(
            text.startswith(
                "maxmemory 3gb\nrepl-backlog-size 16kb\nmaxmemory-clients 10%\nunixsocketperm 755\n"
                'masterauth "p\\"q\\\\r"\n'
                'bind ""\nlatency-tracking-info-percentiles ""\nnotify-keyspace-events "AKE"\nreplicaof h 1\n'
            ),
            text,
        )

    def test_signature_and_blank_lines(self) -> None:
        """No second signature; a final newline leaves one blank line before appended settings."""
        old = 'port 0\n\n# Generated by CONFIG REWRITE\ndir "."\nlatency-tracking-info-percentiles 50 99 99.9\n' \
              "save 3600 1\nsave 300 100\nsave 60 10000\nuser default on nopass ~* &* +@all\n"  # fmt: skip
        text = self.rewrite(old, ("timeout", "5"))
        self.assertTrue(text.endswith("user default on nopass ~* &* +@all\n\ntimeout 5\n"), text)
        self.assertEqual(text.count("# Generated"), 1)
        again = self.rewrite(text, ("timeout", "5"))
        self.assertEqual(again, text + "\n")

    def test_password_and_users(self) -> None:
        """The default user's line carries requirepass's SHA-256; declared users are kept."""
        text = self.rewrite("", ("requirepass", "foo"))
        self.assertIn('requirepass "foo"\n', text)
        self.assertIn(
            "user default on #2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae ~* &* +@all\n", text
        )
        self.assertNotIn("user ", self.rewrite("aclfile /x.acl\n"))

    def test_file_round_trip(self) -> None:
        """CONFIG REWRITE writes the start-up file; loading it again gives the same values."""
        path = os.path.join(temp_dir(self), "redis.conf")
        with open(path, "w") as stream:
            stream.write("# mine\nport 7000\nsave 900 1\n")
        server = CoreServer()
        server.config.apply_args([path])
        client = server.session()
        client.call(
            "config",
            "set",
            "hz",
            "33",
            "save",
            "",
            "client-output-buffer-limit",
            "replica 1mb 1mb 1",
            "bind",
            "127.0.0.1",
        )
        self.assertEqual(client.call("config", "rewrite"), b"+OK\r\n")
        with open(path) as stream:
            self.assertTrue(stream.read().startswith('# mine\nport 7000\nsave ""\n\n# Generated by CONFIG REWRITE\n'))
        reloaded = Config()
        reloaded.load_file(path)
        for setting in SETTINGS:
            self.assertEqual(reloaded.show(setting.name), server.config.show(setting.name), setting.name)
        os.unlink(path)
        self.assertEqual(client.call("config", "rewrite"), b"+OK\r\n")
        self.assertTrue(os.path.exists(path))
