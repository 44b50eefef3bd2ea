"""CONFIG, COMMAND, CLIENT, INFO, TIME, DBSIZE and friends."""

from tests.differential._dsl import area, cmd, silent
from tests.differential._normalize import (
    any_integer,
    client_fields,
    digit_strings,
    info_field_names,
    info_sections,
    sorted_elements,
    sorted_pairs,
)

S = area("server")


def config_get(*names: str):
    # A pattern's matches come out in hash-table order, each server's own.
    return cmd(("CONFIG", "GET", *names), norm=sorted_pairs)


RESTORE_HZ = ("CONFIG SET hz 10",)

SCRIPTS = [
    # -- CONFIG GET of settings whose values are the same on both servers
    S("config-get-single", config_get("databases"), config_get("hz"), config_get("maxmemory"), config_get("port"),
      config_get("appendonly"), config_get("requirepass"), config_get("timeout"), resp3=True),
    S("config-get-more", config_get("tcp-keepalive"), config_get("maxmemory-policy"), config_get("proto-max-bulk-len"),
      config_get("notify-keyspace-events"), config_get("lua-time-limit"), config_get("maxclients"),
      config_get("client-query-buffer-limit")),
    S("config-get-case", config_get("DATABASES"), config_get("Hz")),
    S("config-get-pattern", config_get("*max*listpack*"), config_get("hash-max-*"), config_get("databas?"),
      resp3=True),
    S("config-get-several", config_get("hz", "databases"), config_get("hz", "hz"), config_get("hz", "nosuch"), resp3=True),
    S("config-get-missing", config_get("nosuch"), config_get("nosuch*"), "CONFIG GET", resp3=True),
    # -- CONFIG SET
    S("config-set-hz", "CONFIG SET hz 20", config_get("hz"), "CONFIG SET hz 10", config_get("hz"), cleanup=RESTORE_HZ),
    S("config-set-errors", "CONFIG SET foo bar", "CONFIG SET hz abc", "CONFIG SET databases 4", "CONFIG SET hz",
      "CONFIG SET hz 10 hz 11", "CONFIG SET hz 11 foo 1", "CONFIG SET", config_get("hz"), cleanup=RESTORE_HZ),
    S("config-set-bool", "CONFIG SET appendonly maybe", "CONFIG SET lazyfree-lazy-eviction maybe",
      "CONFIG SET lazyfree-lazy-eviction yes", config_get("lazyfree-lazy-eviction"),
      "CONFIG SET lazyfree-lazy-eviction no", cleanup=("CONFIG SET lazyfree-lazy-eviction no",)),
    S("config-set-enum", "CONFIG SET maxmemory-policy nonsense", "CONFIG SET maxmemory-policy allkeys-lru",
      config_get("maxmemory-policy"), cleanup=("CONFIG SET maxmemory-policy noeviction",)),
    S("config-set-memory-units", "CONFIG SET maxmemory 1mb", config_get("maxmemory"), "CONFIG SET maxmemory 1gb",
      config_get("maxmemory"), "CONFIG SET maxmemory 10x", "CONFIG SET maxmemory 0", cleanup=("CONFIG SET maxmemory 0",)),
    S("config-set-out-of-range", "CONFIG SET hz -1", "CONFIG SET maxclients 0", "CONFIG SET timeout -1",
      config_get("timeout"), cleanup=RESTORE_HZ),
    S("config-set-requirepass-get", "CONFIG SET requirepass abc", config_get("requirepass"),
      "CONFIG SET requirepass ''", config_get("requirepass"), cleanup=('CONFIG SET requirepass ""',)),
    S("config-resetstat", "CONFIG RESETSTAT", "CONFIG RESETSTAT x"),
    S("config-help-arity", "CONFIG GET", "CONFIG SET a", "CONFIG REWRITE x", "CONFIG RESETSTAT x"),
    # -- DBSIZE / ECHO / TIME / LASTSAVE
    S("dbsize", "DBSIZE", "SET a 1", "DBSIZE", "DBSIZE x"),
    # TIME and LASTSAVE read each server's clock: compare the shape only.
    S("time", cmd("TIME", norm=digit_strings), "TIME x", resp3=True),
    S("lastsave", cmd("LASTSAVE", norm=any_integer), "LASTSAVE x"),
    # -- COMMAND
    # COMMAND COUNT differs until every command exists: only the type must match.
    S("command-count", cmd("COMMAND COUNT", norm=any_integer), "COMMAND COUNT x"),
    S("command-getkeys", "COMMAND GETKEYS SET a b", "COMMAND GETKEYS MSET a 1 b 2", "COMMAND GETKEYS DEL x y z",
      "COMMAND GETKEYS GET k", "COMMAND GETKEYS RENAME a b", "COMMAND GETKEYS COPY a b", "COMMAND GETKEYS get K"),
    S("command-getkeys-errors", "COMMAND GETKEYS PING x", "COMMAND GETKEYS GET", "COMMAND GETKEYS FOO bar",
      "COMMAND GETKEYS SET a", "COMMAND GETKEYS", "COMMAND GETKEYS ECHO x", "COMMAND GETKEYS MSET a 1 b"),
    S("command-getkeys-subcommand", "COMMAND GETKEYS CONFIG GET x", "COMMAND GETKEYS OBJECT ENCODING k",
      "COMMAND GETKEYS BITOP AND d a b", "COMMAND GETKEYS LCS a b", "COMMAND GETKEYS MEMORY USAGE k"),
    S("command-info", "COMMAND INFO get", "COMMAND INFO set", "COMMAND INFO nosuch", "COMMAND INFO get nosuch ping",
      resp3=True),
    S("command-info-more", "COMMAND INFO incr", "COMMAND INFO mset", "COMMAND INFO del", "COMMAND INFO echo",
      "COMMAND INFO config|get", "COMMAND INFO hello"),
    S("command-docs-missing", "COMMAND DOCS nosuch"),
    # The command table is a hash table: its listing order is each server's own.
    S("command-list-filter", cmd("COMMAND LIST FILTERBY PATTERN get*", norm=sorted_elements), "COMMAND LIST FILTERBY FOO x",
      "COMMAND LIST FILTERBY"),
    # -- CLIENT
    # Connection ids are each server's own: only that an integer comes back.
    S("client-id", cmd("CLIENT ID", norm=any_integer), "CLIENT ID x"),
    S("client-setname-getname", "CLIENT GETNAME", "CLIENT SETNAME conn1", "CLIENT GETNAME", "CLIENT SETNAME ''",
      "CLIENT GETNAME", resp3=True),
    S("client-setname-invalid", "CLIENT SETNAME 'a b'", ("CLIENT", "SETNAME", "a\nb"), ("CLIENT", "SETNAME", b"\xc3\xa9"),
      "CLIENT SETNAME a b", "CLIENT GETNAME"),
    S("client-setname-edges", "CLIENT SETNAME !~", "CLIENT GETNAME", ("CLIENT", "SETNAME", "x" * 300), "CLIENT GETNAME"),
    # OFF and SKIP themselves are not answered either.
    S("client-reply-off", silent("CLIENT REPLY OFF"), silent("SET k v"), silent("GET k"), "CLIENT REPLY ON", "GET k", resp3=True),
    S("client-reply-skip", silent("CLIENT REPLY SKIP"), silent("SET k v"), "GET k", silent("CLIENT REPLY SKIP"),
      silent("ECHO skipped"), "ECHO done"),
    # ON right after SKIP is answered: it clears the skip before replying.
    S("client-reply-skip-then-on", silent("CLIENT REPLY SKIP"), "CLIENT REPLY ON", "ECHO done"),
    S("client-reply-skip-then-off", silent("CLIENT REPLY SKIP"), silent("CLIENT REPLY OFF"), silent("PING"),
      "CLIENT REPLY ON", "PING"),
    S("client-reply-errors", "CLIENT REPLY", "CLIENT REPLY MAYBE", "CLIENT REPLY ON x", "CLIENT REPLY on"),
    S("client-reply-off-errors-silent", silent("CLIENT REPLY OFF"), silent("NOSUCH"), silent("GET"), "CLIENT REPLY ON",
      "ECHO done"),
    # CLIENT INFO/LIST values (ids, addresses, ages, memory) are each server's own.
    S("client-info-fields", cmd("CLIENT INFO", norm=client_fields), "CLIENT SETNAME x",
      cmd("CLIENT LIST ID 999999999"), resp3=True),
    S("client-list-errors", "CLIENT LIST TYPE nosuch", "CLIENT LIST ID abc", "CLIENT LIST FOO",
      "CLIENT KILL 1.2.3.4:5", "CLIENT KILL ID abc", "CLIENT KILL ID 999999999"),
    S("client-no-evict", "CLIENT NO-EVICT on", "CLIENT NO-EVICT off", "CLIENT NO-EVICT maybe"),
    S("client-getredir", "CLIENT GETREDIR", "CLIENT TRACKINGINFO", resp3=True),
    S("client-unpause", "CLIENT UNPAUSE", "CLIENT PAUSE abc", "CLIENT PAUSE 10 FOO"),
    # -- INFO: numbers are each server's own; which sections and fields exist is comparable.
    S("info-sections", cmd("INFO", norm=info_sections), cmd("INFO default", norm=info_sections),
      cmd("INFO nosuchsection", norm=None)),
    S("info-keyspace", "INFO keyspace", "SET a 1", "SET b 1", "SELECT 2", "SET c 1", "INFO keyspace", resp3=True),
    S("info-server-fields", cmd("INFO server", norm=info_field_names)),
    S("info-stats-fields", cmd("INFO stats", norm=info_field_names), cmd("INFO clients", norm=info_field_names)),
    # -- misc
    S("echo-server", "ECHO 123", ("ECHO", b"\r\n"), "ECHO"),
    S("save-errors", "BGSAVE FOO", "SAVE x", "BGREWRITEAOF x"),
    S("memory-usage-missing", "MEMORY USAGE missing"),
    # MEMORY USAGE of compact encodings is exact (what Redis's allocator would hold).
    S("memory-usage-compact-encodings",
      "RPUSH l a", "MEMORY USAGE l", "RPUSH l 12 -7 3000000000 " + "x" * 70, "MEMORY USAGE l",
      "HSET h f v", "MEMORY USAGE h", "HSET h n 123 long " + "y" * 60, "MEMORY USAGE h",
      "SADD i 1 2 3", "MEMORY USAGE i", "SADD i 70000", "MEMORY USAGE i", "SADD i 5000000000", "MEMORY USAGE i",
      "ZADD z 1 a 2.5 b -3 c 1e20 d", "MEMORY USAGE z", "ZADD z 0.1 e inf f", "MEMORY USAGE z",
      "SADD hs a b c", "MEMORY USAGE hs", "HSET hh a 1 b 2 c 3", "MEMORY USAGE hh SAMPLES 0",
      "MEMORY USAGE l SAMPLES 1", "MEMORY USAGE l SAMPLES x", "MEMORY USAGE l SAMPLES 2 extra"),
    S("memory-usage-quicklist-nodes",
      "CONFIG SET list-max-listpack-size 2", "RPUSH two a b c d e", "MEMORY USAGE two",
      "MEMORY USAGE two SAMPLES 1", "MEMORY USAGE two SAMPLES 0",
      "CONFIG SET list-max-listpack-size -2", ("RPUSH", "big", *[str(n) * (n % 40 + 1) for n in range(1500)]),
      "MEMORY USAGE big", "MEMORY USAGE big SAMPLES 0",
      cleanup=("CONFIG SET list-max-listpack-size -2",)),
    S("debug-sleep-zero", "DEBUG SLEEP 0"),
]
