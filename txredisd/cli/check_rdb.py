"""
C{txredisd-check-rdb FILE}: read an RDB file the way the server would load
it and report, like redis-check-rdb: the AUX fields, the databases, the keys
per type and, if the file is damaged, the byte offset of the first error.
Exit status 0 when the file loads, 1 when it does not.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from typing import TextIO

from txredisd.core.types import type_name
from txredisd.persistence import Aux, Entry, Function, RdbError, RdbReader, SelectDb


def check(path: str, out: TextIO, now_ms: int) -> bool:
    """Check one file, writing the report to C{out}; whether it loads."""
    keys = expires = expired = empty = 0
    types: Counter[str] = Counter()
    print(f"[offset 0] Checking RDB file {path}", file=out)
    try:
        with open(path, "rb") as source:
            reader = RdbReader(source)
            for record in reader:
                kind = type(record)
                if kind is Entry:
                    keys += 1
                    if record.value is None:
                        empty += 1
                    else:
                        types[type_name(record.value).decode()] += 1
                    if record.expire_ms is not None:
                        expires += 1
                        expired += record.expire_ms < now_ms
                elif kind is Aux:
                    name, value = (part.decode("utf-8", "replace") for part in record)
                    print(f"[offset {reader.input.offset}] AUX FIELD {name} = '{value}'", file=out)
                elif kind is SelectDb:
                    print(f"[offset {reader.input.offset}] Selecting DB ID {record.index}", file=out)
                elif kind is Function:
                    print(f"[offset {reader.input.offset}] Function library ({len(record.code)} bytes)", file=out)
            offset = reader.input.offset
            checksum = reader.summary.checksum
    except RdbError as e:
        print("--- RDB ERROR DETECTED ---", file=out)
        print(f"[offset {e.offset}] {e.reason}", file=out)
        _totals(out, keys, expires, expired, empty, types)
        return False
    except OSError as e:
        print(f"Cannot open RDB file {path}: {e.strerror}", file=out)
        return False
    if checksum:
        print(f"[offset {offset}] Checksum OK", file=out)
    else:
        print(f"[offset {offset}] RDB file was saved with checksum disabled: no check performed.", file=out)
    print(f"[offset {offset}] \\o/ RDB looks OK! \\o/", file=out)
    _totals(out, keys, expires, expired, empty, types)
    return True


def _totals(out: TextIO, keys: int, expires: int, expired: int, empty: int, types: Counter[str]) -> None:
    print(f"[info] {keys} keys read", file=out)
    print(f"[info] {expires} expires", file=out)
    print(f"[info] {expired} already expired", file=out)
    if empty:
        print(f"[info] {empty} empty keys skipped", file=out)
    for name in sorted(types):
        print(f"[info] {name}: {types[name]} keys", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="txredisd-check-rdb", description="Check an RDB file.")
    parser.add_argument("file", help="the RDB file to check")
    args = parser.parse_args(argv)
    return 0 if check(args.file, sys.stdout, int(time.time() * 1000)) else 1


if __name__ == "__main__":
    sys.exit(main())
