"""All case scripts, one module per area; C{ALL} is what the test module parametrizes over."""

from tests.differential.cases import (
    bitmaps,
    connection,
    expiry,
    geo,
    hashes,
    hyperloglog,
    keyspace,
    lists,
    othertypes,
    protocol,
    pubsub,
    server,
    sets,
    sort,
    strings,
    zsets,
)

ALL = [
    *connection.SCRIPTS,
    *strings.SCRIPTS,
    *hashes.SCRIPTS,
    *sets.SCRIPTS,
    *bitmaps.SCRIPTS,
    *keyspace.SCRIPTS,
    *expiry.SCRIPTS,
    *lists.SCRIPTS,
    *othertypes.SCRIPTS,
    *server.SCRIPTS,
    *pubsub.SCRIPTS,
    *protocol.SCRIPTS,
    *zsets.SCRIPTS,
    *sort.SCRIPTS,
    *geo.SCRIPTS,
    *hyperloglog.SCRIPTS,
]
