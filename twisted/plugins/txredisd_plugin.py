"""
twistd plugin: C{twistd txredisd [redis.conf] [--name value ...] [--listen ENDPOINT ...]}.

Kept import-cheap: Twisted imports every plugin module on C{twistd --help} and on
endpoint-string lookups, and this one must never import the reactor.
"""

from twisted.application.service import ServiceMaker
from txredisd._endpointparser import tlsServerParser  # noqa: F401 - the txredisd-tls: endpoint

txredisd = ServiceMaker(
    "txredisd",
    "txredisd.tap",
    "A Redis-compatible server with TLS on every link",
    "txredisd",
)
