"""
CRC-64 as Redis computes it for RDB files and DUMP payloads: the "Jones"
polynomial (0xad93d23594c935a9), reflected, initial value 0, no final xor.
C{crc64(0, b"123456789") == 0xE9C6D914C4B8D9CA}.

Pure Python, eight bytes per step with eight lookup tables ("slicing by 8"),
which roughly halves the interpreter work of the byte-at-a-time loop.
"""

from __future__ import annotations

from struct import iter_unpack

_POLY = 0x95AC9329AC4BC9B5  # 0xAD93D23594C935A9 bit-reversed


def _first_table() -> list[int]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ _POLY if crc & 1 else crc >> 1
        table.append(crc)
    return table


def _tables() -> tuple[list[int], ...]:
    """T0 is the classic table; Tk advances a byte's contribution k more bytes."""
    first = _first_table()
    tables = [first]
    for _ in range(7):
        previous = tables[-1]
        tables.append([(value >> 8) ^ first[value & 0xFF] for value in previous])
    return tuple(tables)


_T0, _T1, _T2, _T3, _T4, _T5, _T6, _T7 = _tables()


def crc64(crc: int, data: bytes | bytearray | memoryview) -> int:
    """Continue the checksum C{crc} over C{data} (start from 0)."""
    t0, t1, t2, t3, t4, t5, t6, t7 = _T0, _T1, _T2, _T3, _T4, _T5, _T6, _T7
    whole = len(data) & ~7
    if whole:
        for (word,) in iter_unpack("<Q", memoryview(data)[:whole]):
            crc ^= word
            crc = (
                t7[crc & 0xFF] ^ t6[(crc >> 8) & 0xFF] ^ t5[(crc >> 16) & 0xFF] ^ t4[(crc >> 24) & 0xFF]
                ^ t3[(crc >> 32) & 0xFF] ^ t2[(crc >> 40) & 0xFF] ^ t1[(crc >> 48) & 0xFF] ^ t0[crc >> 56]
            )
    for byte in memoryview(data)[whole:].tobytes():
        crc = t0[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc
