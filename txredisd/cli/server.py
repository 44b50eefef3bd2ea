"""
C{txredisd}: run the server in the foreground, as C{redis-server} does.

Start-up problems (bad option, busy port) print one line and exit non-zero.
"""

from __future__ import annotations

import sys

from twisted.python import usage


def main(argv: list[str] | None = None) -> None:
    from txredisd.service import ListenError, fail, make_service
    from txredisd.tap import Options

    options = Options()
    try:
        options.parseOptions(sys.argv[1:] if argv is None else argv)
    except usage.UsageError as error:
        fail(str(error))

    from twisted.internet import reactor
    from twisted.logger import globalLogBeginner, textFileLogObserver

    sys.stdout.reconfigure(line_buffering=True)
    globalLogBeginner.beginLoggingTo([textFileLogObserver(sys.stdout)], redirectStandardIO=False)
    service = make_service(options["config"], options["listen"], reactor)
    try:
        service.privilegedStartService()
    except ListenError as error:
        fail(str(error))
    reactor.callWhenRunning(service.startService)
    reactor.addSystemEventTrigger("before", "shutdown", service.stopService)
    reactor.run()


if __name__ == "__main__":  # pragma: no cover
    main()
