# -*- test-case-name: tests.test_glob -*-
"""
Tests for L{txredisd.core.glob}: Redis's glob matching, quirks included.
"""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st
from twisted.trial.unittest import SynchronousTestCase

from txredisd.core.glob import MAX_NESTING, compile_glob, glob_match

# (pattern, text, matches) as redis-server 7.0.15's KEYS decided them.
GLOB_CASES = [
    (b"h?llo", b"hello", True),
    (b"h?llo", b"hllo", False),
    (b"h?llo", b"heello", False),
    (b"h*llo", b"hllo", True),
    (b"h*llo", b"heeeello", True),
    (b"h*llo", b"hellox", False),
    (b"h[ae]llo", b"hallo", True),
    (b"h[ae]llo", b"hillo", False),
    (b"h[^e]llo", b"hbllo", True),
    (b"h[^e]llo", b"hello", False),
    (b"h[a-b]llo", b"hbllo", True),
    (b"h[a-b]llo", b"hcllo", False),
    (b"h[b-a]llo", b"hallo", True),
    (b"h[b-a]llo", b"hcllo", False),
    (b"H*", b"Hello", True),
    (b"H*", b"hello", False),
    (b"\\*", b"*", True),
    (b"\\*", b"a", False),
    (b"\\*", b"\\*", False),
    (b"a\\?b", b"a?b", True),
    (b"a\\?b", b"axb", False),
    (b"\\", b"\\", True),
    (b"a\\", b"a\\", True),
    (b"a\\", b"a", False),
    (b"[", b"[", False),
    (b"[", b"a", False),
    (b"[a", b"a", True),
    (b"[a", b"[a", False),
    (b"[^", b"a", True),
    (b"[^", b"^", True),
    (b"[^", b"ab", False),
    (b"[]", b"]", False),
    (b"[]", b"[]", False),
    (b"[]a]", b"]", False),
    (b"[]a]", b"a", False),
    (b"[]a]", b"]a]", False),
    (b"[^]", b"]", True),
    (b"[^]", b"a", True),
    (b"[a-]", b"a", True),
    (b"[a-]", b"-", False),
    (b"[a-]", b"]", True),
    (b"[a-]", b"^", True),
    (b"[a-]", b"b", False),
    (b"[a-]b]", b"ab]", False),
    (b"[a-]b]", b"-b]", False),
    (b"[\\]]", b"]", True),
    (b"[\\]]", b"\\", False),
    (b"[\\", b"\\", True),
    (b"[\\", b"a", False),
    (b"[a\\-z]", b"-", True),
    (b"[a\\-z]", b"b", False),
    (b"[a\\-z]", b"z", True),
    (b"[a-c-e]", b"-", True),
    (b"[a-c-e]", b"d", False),
    (b"[a-c-e]", b"e", True),
    (b"[^a-c]", b"b", False),
    (b"[^a-c]", b"d", True),
    (b"[*]", b"*", True),
    (b"[*]", b"a", False),
    (b"[?]", b"?", True),
    (b"[?]", b"a", False),
    (b"*[", b"a[", False),
    # Ranges compare signed chars: b-\xff is -1..98, so \x80 (-128) is out.
    (b"a[b-\xff]", b"ab", True),
    (b"a[b-\xff]", b"a\x80", False),
    (b"a[b-\xff]", b"a\xff", True),
    (b"a[b-\xff]", b"a\x00", True),
    (b"a[b-\xff]", b"aa", True),
    (b"[\x80-\x90]", b"\x85", True),
    (b"[\x80-\x90]", b"\x7f", False),
    (b"**a**", b"a", True),
    (b"**a**", b"bab", True),
    (b"**a**", b"b", False),
    (b"*a*b*c", b"aabbcc", True),
    (b"*a*b*c", b"acb", False),
    (b"*a*b*c", b"xaxbxc", True),
    (b"a*", b"a", True),
    (b"a*", b"b", False),
    (b"?*", b"a", True),
    (b"*?", b"ab", True),
    (b"*", b"*", True),
    (b"", b"a", False),
    (b"a\x00b", b"a\x00b", True),
    (b"a\x00b", b"a", False),
    (b"*\\", b"a\\", True),
    (b"*\\", b"a", False),
]

# Case-insensitive matching (CONFIG GET): letters fold everywhere except
# after a backslash inside a class.
NOCASE_CASES = [
    (b"MAXMEM*", b"maxmemory", True),
    (b"max?EMORY", b"maxmemory", True),
    (b"[M]axmemory", b"maxmemory", True),
    (b"[A-Z]axmemory", b"maxmemory", True),
    (b"[^M]axmemory", b"maxmemory", False),
    (b"[\\M]axmemory", b"maxmemory", False),
    (b"\\Maxmemory", b"maxmemory", True),
    (b"maxmemory", b"MAXMEMORY", True),
    (b"max_memory", b"MAX_MEMORY", True),
]


def reference_match(pattern: bytes, text: bytes, nocase: bool = False) -> bool:
    """
    A plain backtracking matcher written straight from the rules, for small
    inputs (it is exponential); it ignores the nesting guard.
    """
    if not text:
        return not pattern
    return _reference(pattern, 0, text, 0, nocase)


def _fold(c: int, nocase: bool) -> int:
    return c + 32 if nocase and 65 <= c <= 90 else c


def _reference(pattern: bytes, p: int, text: bytes, t: int, nocase: bool) -> bool:
    while p < len(pattern):
        c = pattern[p]
        if c == ord("*"):
            return any(_reference(pattern, p + 1, text, i, nocase) for i in range(t, len(text) + 1))
        if t == len(text):
            return False
        if c == ord("?"):
            p += 1
        elif c == ord("["):
            matched, p = _reference_class(pattern, p + 1, text[t], nocase)
            if not matched:
                return False
        else:
            if c == ord("\\") and p + 1 < len(pattern):
                p += 1
                c = pattern[p]
            if _fold(c, nocase) != _fold(text[t], nocase):
                return False
            p += 1
        t += 1
    return t == len(text)


def _reference_class(pattern: bytes, p: int, byte: int, nocase: bool) -> tuple[bool, int]:
    """Whether C{byte} is in the class starting at C{p}; and where the class ends."""

    def signed(c: int) -> int:
        return c - 256 if c > 127 else c

    negate = p < len(pattern) and pattern[p] == ord("^")
    p += negate
    hit = False
    while p < len(pattern) and pattern[p] != ord("]"):
        rest = len(pattern) - p
        if pattern[p] == ord("\\") and rest >= 2:
            hit |= pattern[p + 1] == byte
            p += 2
        elif rest >= 3 and pattern[p + 1] == ord("-"):
            low, high = sorted((signed(pattern[p]), signed(pattern[p + 2])))
            hit |= _fold(low, nocase) <= _fold(signed(byte), nocase) <= _fold(high, nocase)
            p += 3
        else:
            hit |= _fold(pattern[p], nocase) == _fold(byte, nocase)
            p += 1
    return hit != negate, p + 1


class GlobTableTests(SynchronousTestCase):
    """Patterns whose answers were taken from a real redis-server."""

    def test_redis_answers(self) -> None:
        """Every pattern/text pair matches exactly when Redis's KEYS said so."""
        for pattern, text, expected in GLOB_CASES:
            self.assertEqual(glob_match(pattern, text), expected, (pattern, text))

    def test_nocase(self) -> None:
        """With C{nocase}, letters fold, except escaped ones inside a class."""
        for pattern, text, expected in NOCASE_CASES:
            self.assertEqual(glob_match(pattern, text, nocase=True), expected, (pattern, text))

    def test_case_sensitive_by_default(self) -> None:
        """Without C{nocase}, case matters."""
        self.assertFalse(glob_match(b"MAXMEM*", b"maxmemory"))

    def test_empty_text(self) -> None:
        """Only the empty pattern matches the empty string; not even C{*} does."""
        self.assertTrue(glob_match(b"", b""))
        for pattern in (b"*", b"**", b"?", b"[^", b"\\"):
            self.assertFalse(glob_match(pattern, b""), pattern)

    def test_compiled_matcher_reused(self) -> None:
        """C{compile_glob} caches: the same pattern gives the same matcher."""
        self.assertIs(compile_glob(b"a*b"), compile_glob(b"a*b"))
        self.assertTrue(compile_glob(b"a*b")(b"axxb"))


class GlobLimitsTests(SynchronousTestCase):
    """Redis's guard against deep recursion, and our guard against blow-ups."""

    def test_nesting_limit(self) -> None:
        """
        Up to 1000 recursing stars can match; one more never does (a final
        star does not recurse).
        """
        self.assertTrue(glob_match(b"*a" * MAX_NESTING, b"a" * MAX_NESTING))
        self.assertFalse(glob_match(b"*a" * (MAX_NESTING + 1), b"a" * (MAX_NESTING + 1)))
        self.assertTrue(glob_match(b"a*" * (MAX_NESTING + 1), b"a" * (MAX_NESTING + 1)))
        self.assertFalse(glob_match(b"a*" * (MAX_NESTING + 2), b"a" * (MAX_NESTING + 2)))

    def test_pathological_pattern_is_fast(self) -> None:
        """Many stars against a long near-miss answer in well under a second."""
        started = time.perf_counter()
        self.assertFalse(glob_match(b"*a*a*a*a*a*a*a*a*a*a*b", b"a" * 20000))
        self.assertFalse(glob_match(b"*a?" * 200 + b"b", b"a" * 5000))
        self.assertLess(time.perf_counter() - started, 1.0)


_pattern_bytes = st.binary(max_size=7).map(lambda b: bytes(b"ab*?[]^-\\\xe1A"[c % 11] for c in b))
_text_bytes = st.binary(max_size=7).map(lambda b: bytes(b"ab*?[]^-\\\xe1A"[c % 11] for c in b))


class GlobPropertyTests(SynchronousTestCase):
    """The compiled matcher agrees with a naive one written from the rules."""

    @settings(max_examples=3000, deadline=None)
    @given(_pattern_bytes, _text_bytes, st.booleans())
    def test_agrees_with_reference(self, pattern: bytes, text: bytes, nocase: bool) -> None:
        """Compiled and naive matchers agree on small patterns and texts."""
        self.assertEqual(glob_match(pattern, text, nocase), reference_match(pattern, text, nocase))
