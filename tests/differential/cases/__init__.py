"""All case scripts, one module per area; C{ALL} is what the test module parametrizes over."""

from tests.differential.cases import bitmaps, connection, expiry, keyspace, othertypes, protocol, server, strings

ALL = [
    *connection.SCRIPTS,
    *strings.SCRIPTS,
    *bitmaps.SCRIPTS,
    *keyspace.SCRIPTS,
    *expiry.SCRIPTS,
    *othertypes.SCRIPTS,
    *server.SCRIPTS,
    *protocol.SCRIPTS,
]
