"""PING ECHO SELECT AUTH HELLO RESET QUIT, unknown commands and arity errors."""

from tests.differential._dsl import area, cmd, reconnect, silent
from tests.differential._normalize import field_values

S = area("connection")

# HELLO's map holds the connection id, which is each server's own.
hello = lambda line: cmd(line, norm=field_values(b"id"))

# Scripts that set requirepass undo it on the admin connection (which was
# authenticated before the password existed).
NOPASS = ('CONFIG SET requirepass ""',)

SCRIPTS = [
    # -- PING / ECHO
    S("ping", "PING", "ping", "PiNg", resp3=True),
    S("ping-message", "PING hello", "PING ''", ("PING", b"bin\x00\r\nary"), resp3=True),
    S("ping-arity", "PING a b", "PING a b c"),
    S("echo", "ECHO hello", "ECHO ''", ("ECHO", b"\x00\xff\r\n"), ("ECHO", "x" * 1000), resp3=True),
    S("echo-arity", "ECHO", "ECHO a b"),
    # -- SELECT
    S("select-valid", "SELECT 0", "SELECT 15", "SET k v", "SELECT 0", "GET k", "SELECT 15", "GET k", resp3=True),
    S("select-out-of-range", "SELECT 16", "SELECT -1", "SELECT 2147483648", "SELECT 99999999999999999999"),
    S("select-not-integer", "SELECT abc", "SELECT 1.5", "SELECT ''", "SELECT ' 1'", "SELECT 01", "SELECT +1"),
    S("select-arity", "SELECT", "SELECT 1 2"),
    # -- AUTH with no password configured
    S("auth-no-password", "AUTH foo", "AUTH default foo", "AUTH other foo", "AUTH a b c", "AUTH"),
    S("auth-default-nopass", "AUTH default ''", "PING"),
    # -- AUTH with requirepass
    S(
        "auth-requirepass",
        'CONFIG SET requirepass s3cret',
        reconnect(),
        "PING",
        "AUTH wrong",
        "AUTH s3cret",
        "PING",
        cleanup=NOPASS,
    ),
    S("auth-requirepass-noauth-errors", "CONFIG SET requirepass s3cret", reconnect(), "GET k", "NOSUCH", "GET",
      "CLIENT ID", "QUIT", cleanup=NOPASS),
    S(
        "auth-requirepass-same-connection",
        # Setting a password does not log out the connection that set it.
        'CONFIG SET requirepass s3cret',
        "GET k",
        "AUTH default s3cret",
        "AUTH default wrong",
        "GET k",
        cleanup=NOPASS,
    ),
    S(
        "auth-requirepass-username-forms",
        'CONFIG SET requirepass s3cret',
        reconnect(),
        "AUTH nobody s3cret",
        "AUTH DEFAULT s3cret",
        "AUTH default s3cret",
        "AUTH s3cret extra args",
        cleanup=NOPASS,
    ),
    # -- HELLO
    S("hello-default", hello("HELLO")),
    S("hello-2", hello("HELLO 2"), "GET missing"),
    S("hello-3", hello("HELLO 3"), "GET missing", "PING", "ECHO x", hello("HELLO 2"), "GET missing"),
    S("hello-bad-version", "HELLO 1", "HELLO 4", "HELLO 0", "HELLO -3", "HELLO abc", "HELLO 3.0", "HELLO ''"),
    S("hello-setname", hello("HELLO 3 SETNAME myname"), "CLIENT GETNAME"),
    S("hello-setname-invalid", "HELLO 3 SETNAME 'bad name'", ("HELLO", "2", "SETNAME", "a\nb"), "CLIENT GETNAME"),
    S("hello-setname-missing", "HELLO 3 SETNAME", "HELLO 3 AUTH default", "HELLO 3 AUTH", "HELLO 3 foo"),
    S("hello-options-case", hello("HELLO 3 setname n1 auth default x"), "CLIENT GETNAME"),
    S("hello-option-no-version", "HELLO SETNAME x", "HELLO AUTH default x"),
    S("hello-auth-no-password", hello("HELLO 3 AUTH default whatever"), hello("HELLO 2 AUTH someone pw")),
    S(
        "hello-auth-requirepass",
        'CONFIG SET requirepass s3cret',
        reconnect(),
        "HELLO 3",
        "HELLO 3 AUTH default wrong",
        hello("HELLO 3 AUTH default s3cret"),
        cleanup=NOPASS,
    ),
    S("hello-bad-version-keeps-protocol", hello("HELLO 3"), "HELLO 5", "GET missing"),
    S("hello-version-then-bad-option", hello("HELLO 3"), "HELLO 2 SETNAME", "GET missing"),
    # -- RESET
    S("reset", "SELECT 3", "CLIENT SETNAME someone", "RESET", "CLIENT GETNAME", "SET k v", "SELECT 0", "GET k"),
    S("reset-protocol", hello("HELLO 3"), "GET missing", "RESET", "GET missing", resp3=True),
    S("reset-arity", "RESET now"),
    S(
        "reset-deauthenticates",
        'CONFIG SET requirepass s3cret',
        "RESET",
        "PING",
        "AUTH s3cret",
        "PING",
        cleanup=NOPASS,
    ),
    S("reset-client-reply", silent("CLIENT REPLY OFF"), silent("PING"), "RESET", "PING"),
    # -- QUIT
    S("quit", "QUIT", "PING", resp3=True),
    S("quit-with-args", "QUIT now please", "PING"),
    S("quit-after-commands", "SET k v", "GET k", "QUIT", "GET k"),
    # -- unknown commands and subcommands
    S("unknown-command", "FOO", "FOO bar baz", "foo 'with space'", ("FOO", b"new\nline", b"cr\rx"), resp3=True),
    S("unknown-command-long", ("X" * 200,), ("FOO", "a" * 200, "b"), ("FOO",) + tuple("abcdefghijklmnop" * 20)),
    S("unknown-command-empty-name", ("",), ("", "arg")),
    S("unknown-command-keeps-connection", "NOSUCH", "PING"),
    S("unknown-subcommand", "CONFIG FOO", "CLIENT FOO", "OBJECT FOO k", "COMMAND FOO", "MEMORY FOO"),
    S("unknown-subcommand-case", "config Foo bar", "client nonsense a b"),
    S("container-without-subcommand", "CONFIG", "CLIENT", "OBJECT"),
    # -- arity
    S("arity-exact", "GET", "GET a b", "SET k", "STRLEN", "TYPE", "DBSIZE x", "RANDOMKEY x"),
    S("arity-at-least", "DEL", "MGET", "EXISTS", "MSET", "MSET a", "MSET a 1 b"),
    S("arity-subcommand", "CONFIG GET", "CONFIG SET hz", "CLIENT SETNAME", "CLIENT GETNAME x", "OBJECT ENCODING", resp3=True),
    S("arity-error-names-lowercase", "gEt", "sEt k", "CONFIG get", "Client SetName"),
]
