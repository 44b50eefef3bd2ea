"""
LZF, the compression RDB files use for long strings.

The compressor follows liblzf 3.6 as Redis builds it (HLOG 16, VERY_FAST,
a 3-byte hash, matches up to 264 bytes within 8 KiB), so that the bytes it
produces, and hence DUMP payloads, match redis-server's for the same input.

Format: a control byte C{c}; C{c < 32} starts a run of C{c + 1} literal
bytes; otherwise C{c >> 5} is the match length - 2 (7 means one more byte
adds to it) and C{(c & 31) << 8 | next byte} the distance - 1.
"""

from __future__ import annotations

_HLOG = 16
_HSIZE = 1 << _HLOG
_MAX_LIT = 1 << 5
_MAX_OFF = 1 << 13
_MAX_REF = (1 << 8) + (1 << 3)


class LzfError(ValueError):
    """Compressed data that does not decompress to the announced length."""


def compress(data: bytes, out_limit: int) -> bytes | None:
    """
    C{data} compressed into at most C{out_limit} bytes, or None when it does
    not fit (liblzf gives up at the same points, so the answer matches Redis's).
    """
    length = len(data)
    if not length or not out_limit:
        return None
    table = [0] * _HSIZE  # positions + 1; 0 means empty
    out = bytearray(1)  # the first literal run's control byte
    lit = 0
    ip = 0
    hval = (data[0] << 8) | data[1] if length > 1 else data[0] << 8
    end2 = length - 2
    while ip < end2:
        hval = ((hval << 8) | data[ip + 2]) & 0xFFFFFF
        slot = ((hval >> 8) - hval * 5) & (_HSIZE - 1)
        ref = table[slot] - 1
        table[slot] = ip + 1
        if (
            ref > 0
            and ip - ref - 1 < _MAX_OFF
            and data[ref + 2] == data[ip + 2]
            and data[ref] == data[ip]
            and data[ref + 1] == data[ip + 1]
        ):
            off = ip - ref - 1
            op = len(out)
            if op + 4 >= out_limit and op - (not lit) + 4 >= out_limit:
                return None
            out[op - lit - 1] = lit - 1 if lit else 0
            if not lit:
                del out[-1]
            maxlen = min(length - ip - 2, _MAX_REF)
            size = _match_length(data, ref, ip, maxlen) - 2
            ip += 1
            if size < 7:
                out.append((off >> 8) + (size << 5))
            else:
                out.append((off >> 8) + (7 << 5))
                out.append(size - 7)
            out.append(off & 0xFF)
            out.append(0)  # the next literal run's control byte
            lit = 0
            ip += size + 1
            if ip >= end2:
                break
            ip -= 2
            hval = (data[ip] << 8) | data[ip + 1]
            for _ in range(2):
                hval = ((hval << 8) | data[ip + 2]) & 0xFFFFFF
                table[((hval >> 8) - hval * 5) & (_HSIZE - 1)] = ip + 1
                ip += 1
        else:
            if len(out) >= out_limit:
                return None
            lit += 1
            out.append(data[ip])
            ip += 1
            if lit == _MAX_LIT:
                out[-lit - 1] = lit - 1
                lit = 0
                out.append(0)
    if len(out) + 3 > out_limit:
        return None
    while ip < length:
        lit += 1
        out.append(data[ip])
        ip += 1
        if lit == _MAX_LIT:
            out[-lit - 1] = lit - 1
            lit = 0
            out.append(0)
    if lit:
        out[-lit - 1] = lit - 1
    else:
        del out[-1]
    return bytes(out)


def _match_length(data: bytes, ref: int, ip: int, maxlen: int) -> int:
    """How far the match at C{ref} goes (3 bytes already equal), with liblzf's 16-byte unrolled first pass."""
    size = 2
    if maxlen > 16:
        for _ in range(16):
            size += 1
            if data[ref + size] != data[ip + size]:
                return size
    size += 1
    while size < maxlen and data[ref + size] == data[ip + size]:
        size += 1
    return size


def decompress(data: bytes | memoryview, expected: int) -> bytes:
    """Inflate C{data} to exactly C{expected} bytes; L{LzfError} otherwise."""
    out = bytearray()
    i, n = 0, len(data)
    while i < n:
        ctrl = data[i]
        i += 1
        if ctrl < 32:
            run = ctrl + 1
            if i + run > n:
                raise LzfError("literal run past the end of the compressed data")
            out += data[i:i + run]
            i += run
            continue
        size = ctrl >> 5
        if size == 7:
            if i >= n:
                raise LzfError("match length past the end of the compressed data")
            size += data[i]
            i += 1
        if i >= n:
            raise LzfError("match offset past the end of the compressed data")
        start = len(out) - ((ctrl & 31) << 8) - data[i] - 1
        i += 1
        if start < 0:
            raise LzfError("match refers to before the start of the output")
        size += 2
        if start + size <= len(out):
            out += out[start:start + size]
        else:
            for k in range(start, start + size):
                out.append(out[k])
        if len(out) > expected:
            break
    if len(out) != expected:
        raise LzfError(f"decompressed to {len(out)} bytes instead of {expected}")
    return bytes(out)
