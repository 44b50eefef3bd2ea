"""
Command-line options, shared by C{twistd txredisd} and the C{txredisd} script.

Arguments are Redis's: an optional redis.conf path first, then C{--name value}
for any setting, exactly as C{redis-server} takes them; plus Twisted's
repeatable C{--listen ENDPOINT}.
"""

from __future__ import annotations

import sys
from typing import Any

from twisted.python import usage

from txredisd import REDIS_VERSION, __version__
from txredisd.config import Config, ConfigError

_HELP = """Usage: txredisd [/path/to/redis.conf] [--name value ...] [--listen ENDPOINT ...]
                [--tls-handshake-timeout SECONDS]

Every redis.conf setting is also an option: --port 7000 --bind 127.0.0.1 --databases 4.
--port 0 turns plain TCP off. --listen takes any Twisted server endpoint string
(tcp:6379, unix:/tmp/txredisd.sock, txredisd-tls:6380:certKey=...:privateKey=...)
and may be repeated. --tls-handshake-timeout (default 10) is how long a
connection to tls-port may take to finish its handshake before it is dropped
(Redis has no such setting, so it is not one of redis.conf's).

Examples:
  txredisd                                  (127.0.0.1:6379, no persistence file needed)
  txredisd /etc/redis/redis.conf --port 7000
  txredisd --port 0 --listen unix:/tmp/txredisd.sock
"""


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds < float("inf"):
        raise usage.UsageError(f"--tls-handshake-timeout takes a positive number of seconds, not {text!r}")
    return seconds


class Options(usage.Options):
    """Redis-style argv, parsed by the config table rather than by usage.Options."""

    synopsis = "[redis.conf] [--name value ...] [--listen ENDPOINT ...] [--tls-handshake-timeout SECONDS]"

    def __init__(self) -> None:
        super().__init__()
        self["listen"] = []
        self["tls-handshake-timeout"] = None  # the TLS layer's default
        self["config"] = Config()

    def parseOptions(self, options: list[str] | None = None) -> None:
        args = list(sys.argv[1:] if options is None else options)
        if args and args[0] in ("-h", "--help"):
            sys.stdout.write(_HELP)
            raise SystemExit(0)
        if args and args[0] in ("-v", "--version"):
            sys.stdout.write(f"txredisd v={__version__} (Redis {REDIS_VERSION} compatible)\n")
            raise SystemExit(0)
        rest: list[str] = []
        i = 0
        while i < len(args):
            if args[i] in ("--listen", "--tls-handshake-timeout"):
                if i + 1 >= len(args):
                    raise usage.UsageError(f"option {args[i]} requires a value")
                if args[i] == "--listen":
                    self["listen"].append(args[i + 1])
                else:
                    self["tls-handshake-timeout"] = _seconds(args[i + 1])
                i += 2
            else:
                rest.append(args[i])
                i += 1
        try:
            self["config"].apply_args(rest)
        except ConfigError as error:
            raise usage.UsageError(str(error)) from None

    def __str__(self) -> str:
        return _HELP


def makeService(options: Options) -> Any:
    """The twistd entry point (C{twistd txredisd ...})."""
    from txredisd.service import ListenError, fail, make_service

    try:
        return make_service(
            options["config"], options["listen"], tls_handshake_timeout=options["tls-handshake-timeout"]
        )
    except ListenError as error:
        fail(str(error))
