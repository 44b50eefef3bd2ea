"""
Glob-style patterns with the exact semantics of Redis's C{stringmatchlen}
(KEYS, SCAN MATCH, PSUBSCRIBE, CONFIG GET).

Redis walks the pattern recursively, one level per C{*}, and stops trying
longer matches for an earlier C{*} once the rest of the pattern failed at
every later position. That pruning makes it the same as matching each
star-separated segment at its leftmost possible place, so a pattern compiles
to a regular expression whose segments are atomic groups C{(?>.*?S)}: no
backtracking into an earlier segment, O(len(text) * len(pattern)) at worst,
even for C{*a*a*a*a*b}.

Quirks kept on purpose, because clients can see them:
  - a non-empty pattern never matches the empty string (C{*} included: KEYS
    and SCAN special-case a lone C{*} before they call the matcher);
  - more than 1000 nested C{*} levels never match (Redis's guard against
    abusive patterns);
  - C{[} classes compare ranges as signed C chars, C{[z-a]} is C{[a-z]}, an
    unterminated class runs to the end of the pattern, C{[a-]} is a range up
    to C{]}, and a backslash in a class escapes the next byte exactly (no case
    folding even with C{nocase}).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

#: Deepest C{*} recursion Redis follows before it gives up on a match.
MAX_NESTING = 1000

_STAR = None
_ANY = rb"."
_BACKSLASH, _STAR_BYTE, _QUESTION, _OPEN, _CLOSE, _CARET, _DASH = b"\\*?[]^-"

Matcher = Callable[[bytes], object]


def glob_match(pattern: bytes, text: bytes, nocase: bool = False) -> bool:
    """Whether C{text} matches the glob C{pattern} as Redis decides it."""
    return bool(compile_glob(pattern, nocase)(text))


@lru_cache(maxsize=512)
def compile_glob(pattern: bytes, nocase: bool = False) -> Matcher:
    """
    A predicate for C{pattern}, for loops over many keys (its result is truthy
    on a match). Cached: clients repeat their patterns.
    """
    tokens = _tokenize(bytes(pattern), nocase)
    segments = _split_segments(tokens)
    recursing_stars = len(segments) - 1 - (segments[-1] == [])
    if recursing_stars > MAX_NESTING:
        return _never
    if all(segment == [] for segment in segments):
        # Only stars (or nothing): any non-empty text, or only the empty text.
        return bool if tokens else _is_empty
    return re.compile(_regex(segments), re.DOTALL).match


def _never(text: bytes) -> bool:
    return False


def _is_empty(text: bytes) -> bool:
    return not text


def _tokenize(pattern: bytes, nocase: bool) -> list[bytes | None]:
    """One regex fragment per single-byte element; C{_STAR} per run of stars."""
    tokens: list[bytes | None] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == _STAR_BYTE:
            while i + 1 < n and pattern[i + 1] == _STAR_BYTE:
                i += 1
            tokens.append(_STAR)
        elif c == _QUESTION:
            tokens.append(_ANY)
        elif c == _OPEN:
            i, members = _parse_class(pattern, i + 1, nocase)
            tokens.append(_class_regex(members))
        else:
            if c == _BACKSLASH and i + 1 < n:
                i += 1
                c = pattern[i]
            tokens.append(_literal_regex(c, nocase))
        i += 1
    return tokens


def _parse_class(pattern: bytes, i: int, nocase: bool) -> tuple[int, set[int]]:
    """
    Parse a class starting after its C{[}, stepping exactly like Redis's loop.

    @return: the index of the class's last byte (its C{]}, or the pattern's last
        byte when unterminated) and the set of bytes it matches.
    """
    n = len(pattern)
    negate = i < n and pattern[i] == _CARET
    if negate:
        i += 1
    exact: set[int] = set()
    literals: list[int] = []
    ranges: list[tuple[int, int]] = []
    while True:
        remaining = n - i
        c = pattern[i] if remaining else 0
        if c == _BACKSLASH and remaining >= 2:
            i += 1
            exact.add(pattern[i])
        elif c == _CLOSE:
            break
        elif remaining == 0:
            i -= 1
            break
        elif remaining >= 3 and pattern[i + 1] == _DASH:
            ranges.append((_signed(c), _signed(pattern[i + 2])))
            i += 2
        else:
            literals.append(c)
        i += 1
    members = {b for b in range(256) if _in_class(b, exact, literals, ranges, nocase)}
    if negate:
        members = set(range(256)) - members
    return i, members


def _in_class(b: int, exact: set[int], literals: list[int], ranges: list[tuple[int, int]], nocase: bool) -> bool:
    if b in exact:
        return True
    fold = _lower if nocase else _same
    if any(fold(literal) == fold(b) for literal in literals):
        return True
    c = fold(_signed(b))
    for start, end in ranges:
        if start > end:
            start, end = end, start
        if fold(start) <= c <= fold(end):
            return True
    return False


def _signed(c: int) -> int:
    """A byte as a C C{char} on x86: bytes from 0x80 up are negative."""
    return c - 256 if c >= 128 else c


def _lower(c: int) -> int:
    """C{tolower} in the C locale (negative chars are left alone)."""
    return c + 32 if 65 <= c <= 90 else c


def _same(c: int) -> int:
    return c


def _literal_regex(c: int, nocase: bool) -> bytes:
    if nocase and (65 <= c <= 90 or 97 <= c <= 122):
        return _class_regex({c, _lower(c), _lower(c) - 32})
    return re.escape(bytes((c,)))


def _class_regex(members: set[int]) -> bytes:
    if not members:
        return rb"(?!)"
    parts = []
    ordered = sorted(members)
    start = previous = ordered[0]
    for b in ordered[1:] + [-1]:
        if b != previous + 1:
            parts.append(b"\\x%02x" % start if start == previous else b"\\x%02x-\\x%02x" % (start, previous))
            start = b
        previous = b
    return b"[" + b"".join(parts) + b"]"


def _split_segments(tokens: list[bytes | None]) -> list[list[bytes]]:
    """The star-free runs between stars: C{P0 * S1 * ... * Sk}."""
    segments: list[list[bytes]] = [[]]
    for token in tokens:
        if token is _STAR:
            segments.append([])
        else:
            segments[-1].append(token)
    return segments


def _regex(segments: list[list[bytes]]) -> bytes:
    """
    Anchor the first segment, commit each middle one at its leftmost place,
    and pin the last one to the end (or leave the tail free after a final star).
    """
    parts = [b"".join(segment) for segment in segments]
    if len(parts) == 1:
        return parts[0] + rb"\Z"
    head, *middle, last = parts
    body = head + b"".join(b"(?>.*?" + segment + b")" for segment in middle)
    return body + (b".*?" + last + rb"\Z" if last else b"")
