"""How C reads numbers out of text, for the places Redis's tools and commands use C's rules."""

from __future__ import annotations


def atoi(text: str) -> int:
    """C's C{atoi}: leading blanks, an optional sign and digits; 0 when there are none, never an error."""
    text = text.lstrip()
    end = 1 if text[:1] in ("+", "-") else 0
    while end < len(text) and text[end].isdigit():
        end += 1
    try:
        return int(text[:end])
    except ValueError:
        return 0
