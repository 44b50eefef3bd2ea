"""
txredis-cli: redis-cli 7.0's command line, output and modes, on Twisted.

    txredis-cli [options] [command [arg ...]]

With a command it runs it once (or C{-r} times) and prints the reply as
redis-cli would; without one it reads commands from stdin, or opens the
interactive prompt on a terminal. The runs and modes (C{--scan}, C{--pipe},
C{--latency}, C{--rdb}, C{--replica}...) live in L{txredisd.tools._clirun},
the prompt in L{txredisd.tools._clirepl}.
"""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from txredisd.client.endpoint import ConnectOptions, apply_uri
from txredisd.client.format import UnprintableReply, format_csv, format_raw, format_tty
from txredisd.client.reply import Reply
from txredisd.ctext import atoi

VERSION = "txredis-cli 0.1.0 (redis-cli 7.0 compatible)"
USAGE = f"""{VERSION}

Usage: txredis-cli [OPTIONS] [cmd [arg [arg ...]]]
  -h <hostname>      Server hostname (default: 127.0.0.1).
  -p <port>          Server port (default: 6379).
  -s <socket>        Server socket (overrides hostname and port).
  -a <password>      Password to use when connecting to the server (also --pass).
  --user <username>  Used to send ACL style 'AUTH username pass'. Needs -a.
  --askpass          Read the password from stdin (masked on a terminal).
  -u <uri>           Server URI: redis://[[user:]password@]host[:port][/db] (rediss:// for TLS).
  -r <repeat>        Execute specified command N times (-1: forever).
  -i <interval>      Wait <interval> seconds per command (and per window in the modes).
  -n <db>            Database number.
  -2, --resp2        Start the session in RESP2 protocol mode.
  -3, --resp3        Start the session in RESP3 protocol mode.
  -x                 Read the last argument from stdin.
  -e                 Exit with status 1 when the command fails; errors go to stderr.
  --raw / --no-raw   Force raw / formatted output.
  --csv              CSV output.
  --no-auth-warning  Don't warn about a password on the command line.
  --tls --sni <host> --cacert <file> --cacertdir <dir> --cert <file> --key <file>
  --insecure --tls-ciphers <list> --tls-ciphersuites <list>
                     TLS, with redis-cli's meaning for each flag.
  --scan [--pattern <pat>] [--count <n>]   List all keys with SCAN.
  --pipe             Send raw RESP from stdin (mass insertion).
  --latency, --latency-history, --stat     Watch latency / server statistics.
  --bigkeys, --memkeys                     The biggest keys of each type.
  --eval <file>      Run a Lua script: keys, then ',' then arguments.
  --rdb <file>       Save the server's RDB snapshot to <file> ('-' for stdout).
  --functions-rdb <file>  The same, functions only.
  --replica          Show the replication stream (also --slave).
  --help, --version
"""
AUTH_WARNING = "Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe."


class UsageError(Exception):
    """Bad command line; the message is redis-cli's stderr line."""


class EarlyExit(Exception):
    """--help / --version: print the message to stdout and exit 0."""


@dataclass
class Config:
    """Everything the command line says, parsed."""

    connect: ConnectOptions = field(default_factory=ConnectOptions)
    resp: int = 2
    repeat: int = 1
    interval: float = 0.0
    stdin_last: bool = False
    errcode: bool = False
    output: str = "raw"
    push_output: bool = False
    no_auth_warning: bool = False
    askpass: bool = False
    password_given: bool = False
    mode: str | None = None
    pattern: bytes | None = None
    count: int | None = None
    path: str | None = None
    command: list[bytes] = field(default_factory=list)


def _c_atof(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 0.0


def _password(config: Config, value: str) -> None:
    config.connect.password = value
    config.password_given = True


def _uri(config: Config, value: str) -> None:
    try:
        apply_uri(config.connect, value)
    except ValueError as bad:
        raise UsageError(str(bad)) from None
    if config.connect.password is not None:
        config.password_given = True


def _setter(target: str, convert: Callable[[str], Any] = str) -> Callable[[Config, str], None]:
    owner, _, name = target.rpartition(".")

    def apply(config: Config, value: str) -> None:
        setattr(config.connect if owner else config, name, convert(value))

    return apply


def _mode(name: str, path: bool = False) -> Callable[..., None]:
    def apply(config: Config, value: str | None = None) -> None:
        config.mode = name
        if path:
            config.path = value

    return apply


def _flag(name: str, value: Any = True) -> Callable[[Config], None]:
    def apply(config: Config) -> None:
        owner, _, attr = name.rpartition(".")
        setattr(config.connect if owner else config, attr, value)

    return apply


# Options that take one value, and options that take none.
_WITH_VALUE: dict[str, Callable[[Config, str], None]] = {
    "-h": _setter("connect.host"),
    "-p": _setter("connect.port", atoi),
    "-s": _setter("connect.socket"),
    "-a": _password,
    "--pass": _password,
    "--user": _setter("connect.user"),
    "-u": _uri,
    "-n": _setter("connect.db", atoi),
    "-r": _setter("repeat", atoi),
    "-i": _setter("interval", _c_atof),
    "--sni": _setter("connect.sni"),
    "--cacert": _setter("connect.cacert"),
    "--cacertdir": _setter("connect.cacertdir"),
    "--cert": _setter("connect.cert"),
    "--key": _setter("connect.key"),
    "--tls-ciphers": _setter("connect.tls_ciphers"),
    "--tls-ciphersuites": _setter("connect.tls_ciphersuites"),
    "--pattern": _setter("pattern", os.fsencode),
    "--count": _setter("count", atoi),
    "--rdb": _mode("rdb", path=True),
    "--functions-rdb": _mode("functions-rdb", path=True),
    "--eval": _mode("eval", path=True),
}
_WITHOUT_VALUE: dict[str, Callable[[Config], None]] = {
    "-x": _flag("stdin_last"),
    "-e": _flag("errcode"),
    "-2": _flag("resp", 2),
    "--resp2": _flag("resp", 2),
    "-3": _flag("resp", 3),
    "--resp3": _flag("resp", 3),
    "--raw": _flag("output", "raw"),
    "--no-raw": _flag("output", "tty"),
    "--csv": _flag("output", "csv"),
    "--tls": _flag("connect.tls"),
    "--insecure": _flag("connect.insecure"),
    "--askpass": _flag("askpass"),
    "--no-auth-warning": _flag("no_auth_warning"),
    "--scan": _mode("scan"),
    "--pipe": _mode("pipe"),
    "--latency": _mode("latency"),
    "--latency-history": _mode("latency-history"),
    "--stat": _mode("stat"),
    "--replica": _mode("replica"),
    "--slave": _mode("replica"),
    "--bigkeys": _mode("bigkeys"),
    "--memkeys": _mode("memkeys"),
}


def parse_args(argv: list[str], stdout_is_tty: bool) -> Config:
    """
    redis-cli's rules: options first, the first word that is not an option
    starts the command; an unknown option (or one missing its value) is an
    error naming it.
    """
    config = Config(output="tty" if stdout_is_tty else "raw", push_output=stdout_is_tty)
    position = 0
    while position < len(argv):
        word = argv[position]
        has_value = position + 1 < len(argv)
        if word in _WITH_VALUE and has_value:
            _WITH_VALUE[word](config, argv[position + 1])
            position += 2
        elif word in ("--help", "-v", "--version"):
            raise EarlyExit(USAGE if word == "--help" else VERSION + "\n")
        elif word in _WITHOUT_VALUE:
            _WITHOUT_VALUE[word](config)
            position += 1
        elif word.startswith("-"):
            raise UsageError(f"Unrecognized option or bad number of args for: '{word}'")
        else:
            break
    config.command = [os.fsencode(word) for word in argv[position:]]
    if config.connect.password is None and os.environ.get("REDISCLI_AUTH"):
        config.connect.password = os.environ["REDISCLI_AUTH"]
    return config


# -- output -----------------------------------------------------------------------

# Commands whose replies redis-cli prints raw whatever the mode (their text is
# meant for people as it is): (name, subcommand or None, required argc or None).
_RAW_COMMANDS = (
    (b"info", None, None),
    (b"lolwut", None, None),
    (b"debug", b"htstats", None),
    (b"debug", b"htstats-key", None),
    (b"debug", b"client-eviction", None),
    (b"memory", b"malloc-stats", None),
    (b"memory", b"doctor", None),
    (b"cluster", b"nodes", 2),
    (b"cluster", b"info", 2),
    (b"client", b"list", None),
    (b"client", b"info", None),
    (b"latency", b"graph", 3),
    (b"latency", b"doctor", 2),
    (b"proxy", b"info", None),
)


def prints_raw(command: list[bytes]) -> bool:
    """Whether redis-cli prints this command's reply raw, without a trailing delimiter."""
    name = command[0].lower() if command else b""
    sub = command[1].lower() if len(command) > 1 else None
    for want_name, want_sub, argc in _RAW_COMMANDS:
        if name == want_name and (want_sub is None or sub == want_sub) and argc in (None, len(command)):
            return True
    return False


def render(reply: Reply, output: str, raw_strings: bool = False) -> bytes:
    """A whole reply as redis-cli writes it to stdout; L{UnprintableReply} for types it rejects."""
    if raw_strings:
        return format_raw(reply)
    if output == "tty":
        return format_tty(reply)
    if output == "csv":
        return format_csv(reply) + b"\n"
    return format_raw(reply) + b"\n"


def write_out(data: bytes) -> None:
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def write_err(line: str | bytes) -> None:
    data = line if isinstance(line, bytes) else line.encode("utf-8", "surrogateescape")
    sys.stderr.buffer.write(data + b"\n")
    sys.stderr.buffer.flush()


def show_push(config: Config, reply: Reply) -> None:
    """Out-of-band pushes (RESP3) are printed only when stdout is a terminal, as redis-cli does."""
    if config.push_output:
        write_out(render(reply, config.output))


def show_reply(config: Config, command: list[bytes], reply: Reply) -> None:
    """Print one reply; with C{-e} an error goes to stderr instead of stdout."""
    if reply.is_error and config.errcode:
        write_err(reply.value)
        return
    try:
        write_out(render(reply, config.output, prints_raw(command)))
    except UnprintableReply as bad:
        write_err(str(bad))
        raise SystemExit(1) from None


# -- main -------------------------------------------------------------------------


def _prepare(config: Config) -> None:
    if config.askpass:
        if sys.stdin.isatty():
            config.connect.password = getpass.getpass("Please input password: ")
        else:
            config.connect.password = sys.stdin.readline().rstrip("\r\n")
    elif config.password_given and not config.no_auth_warning:
        write_err(AUTH_WARNING)
    if config.stdin_last:
        config.command.append(sys.stdin.buffer.read())


def main(argv: list[str] | None = None) -> None:
    """The console script."""
    args = sys.argv[1:] if argv is None else argv
    try:
        config = parse_args(args, sys.stdout.isatty())
    except UsageError as bad:
        write_err(str(bad))
        raise SystemExit(1) from None
    except EarlyExit as done:
        write_out(str(done).encode())
        return
    _prepare(config)
    interactive = config.mode is None and not config.command and sys.stdin.isatty()
    if interactive:
        from txredisd.tools import _clirepl

        _clirepl.run(config)
        return
    from twisted.internet import defer, task

    from txredisd.tools import _clirun

    task.react(lambda reactor: defer.ensureDeferred(_clirun.run(reactor, config)))


if __name__ == "__main__":
    main()
