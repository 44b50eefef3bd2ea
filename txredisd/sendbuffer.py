"""
Two things Twisted's file descriptors do not offer publicly, read off their
send buffer: how much is still waiting for the kernel, and "send this now if
nothing is waiting". Both look through wrappers (our TLS layer) to the socket.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any


def socket_transport(transport: Any) -> Any:
    """The file-descriptor transport under C{transport} (itself when it is one)."""
    while not hasattr(transport, "dataBuffer") and hasattr(transport, "transport"):
        transport = transport.transport
    return transport


def queued_bytes(transport: Any) -> int:
    """Bytes a transport has accepted and not yet handed to the kernel."""
    transport = socket_transport(transport)
    pending = getattr(transport, "dataBuffer", b"")
    return len(pending) - getattr(transport, "offset", 0) + getattr(transport, "_tempDataLen", 0)


def send_now(transport: Any, data: bytes) -> None:
    """
    C{transport.write(data)}, but with nothing already queued, try the socket
    first: a reply that fits in the kernel's buffer then costs one C{send}
    instead of a wait for writability plus two C{epoll_ctl} calls around it
    (what Redis does too: replies are written before the event loop sleeps).
    Whatever the socket does not take is queued as usual, in order.
    """
    if (
        transport._tempDataLen
        or transport.offset != len(transport.dataBuffer)
        or not transport.connected
        or transport._writeDisconnected
    ):
        transport.write(data)
        return
    # The socket's own send, not Twisted's writeSomeData around it (a memoryview
    # slice and a retry loop Python's send no longer needs): 0.3 us per reply.
    try:
        sent = transport.socket.send(data)
    except OSError:
        sent = 0
    if sent == len(data):
        return
    # Not all of it, or a failure (would block, or an error the write path will
    # find again and report the usual way).
    transport.write(data[sent:] if sent else data)


def direct_writer(transport: Any) -> Callable[[bytes], None]:
    """L{send_now} bound to C{transport} if it is a socket's own, else its plain C{write}."""
    if getattr(transport, "socket", None) is not None and hasattr(transport, "dataBuffer"):
        return partial(send_now, transport)
    return transport.write
