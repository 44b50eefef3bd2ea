"""
C{txredisd}: run the server as C{redis-server} does, honouring daemonize,
pidfile, logfile and loglevel (under C{twistd}, twistd's own options do that).

Start-up problems (bad option, busy port) print one line and exit non-zero.
"""

from __future__ import annotations

import os
import sys

from twisted.python import usage

# Redis's log levels on Twisted's: verbose is chattier than notice.
_LEVELS = {"debug": "debug", "verbose": "debug", "notice": "info", "warning": "warn"}
# Where Redis puts the pid of a daemon when no pidfile is configured.
_DEFAULT_DAEMON_PIDFILE = "/var/run/redis.pid"


def _daemonize() -> None:
    """Detach like Redis's daemonize(): fork, new session, stdio to /dev/null."""
    if os.fork():
        os._exit(0)
    os.setsid()
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    if devnull > 2:
        os.close(devnull)


def main(argv: list[str] | None = None) -> None:
    from txredisd.service import ListenError, fail, make_service
    from txredisd.tap import Options

    options = Options()
    try:
        options.parseOptions(sys.argv[1:] if argv is None else argv)
    except usage.UsageError as error:
        fail(str(error))
    config = options["config"]

    from twisted.logger import (
        FilteringLogObserver,
        LogLevel,
        LogLevelFilterPredicate,
        globalLogBeginner,
        textFileLogObserver,
    )

    if config["logfile"]:
        try:
            stream = open(config["logfile"], "a", buffering=1)  # noqa: SIM115 - open for the process's life
        except OSError as error:
            fail(f"Can't open the log file: {error.strerror}")
    else:
        sys.stdout.reconfigure(line_buffering=True)
        stream = sys.stdout
    level = LogLevel.levelWithName(_LEVELS[config["loglevel"]])
    observer = FilteringLogObserver(
        textFileLogObserver(stream), [LogLevelFilterPredicate(defaultLogLevel=level)]
    )

    from twisted.internet import reactor

    try:
        service = make_service(config, options["listen"], reactor, options["tls-handshake-timeout"])
        service.privilegedStartService()
    except ListenError as error:
        fail(str(error))
    if config["daemonize"]:
        _daemonize()
    globalLogBeginner.beginLoggingTo([observer], redirectStandardIO=False)
    pidfile = config["pidfile"] or (_DEFAULT_DAEMON_PIDFILE if config["daemonize"] else "")
    if pidfile:
        _write_pidfile(pidfile)
        reactor.addSystemEventTrigger("after", "shutdown", _remove, pidfile)
    reactor.callWhenRunning(service.startService)
    reactor.addSystemEventTrigger("before", "shutdown", service.stopService)
    reactor.run()


def _write_pidfile(path: str) -> None:
    # A pidfile that can't be written is a warning in Redis, not a failure.
    try:
        with open(path, "w") as pidfile:
            pidfile.write(f"{os.getpid()}\n")
    except OSError as error:
        sys.stderr.write(f"txredisd: Failed to write PID file: {error.strerror}\n")


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


if __name__ == "__main__":  # pragma: no cover
    main()
