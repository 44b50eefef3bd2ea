"""
Embed txredisd in a Twisted application: the server runs in the same reactor
as your own code, which talks to it over a real socket with txredisapi.

    python examples/embed.py
"""

from __future__ import annotations

from twisted.internet import defer, task

from txredisd.testing import start_server


async def main(reactor) -> None:
    import txredisapi

    service = start_server({"databases": "4"})
    port = service.port_for("tcp")
    print(f"txredisd listening on 127.0.0.1:{port}")
    client = await txredisapi.Connection("127.0.0.1", port, reconnect=False)
    try:
        await client.set("greeting", "hello from an embedded txredisd")
        print(await client.get("greeting"))
        print("INCR ->", await client.incr("visits"), await client.incr("visits"))
    finally:
        await client.disconnect()
        await service.stopService()


if __name__ == "__main__":
    task.react(lambda reactor: defer.ensureDeferred(main(reactor)))
