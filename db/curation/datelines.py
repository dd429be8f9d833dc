"""A news story's dateline ("JAKARTA, March 3 (Reuters) -", "Berlin —"): where and when the story
was filed. Its date is the report's, not an event's, and it is no part of an event's title."""

from __future__ import annotations

import re

# Only the opening paragraphs of a story carry a dateline (the headline may come first).
DATELINE_PARAGRAPHS = 3
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_WORD = r"[A-Z][A-Za-z.'’\-]*"
_DATELINE = re.compile(
    rf"""
    (?P<place>{_WORD}(?:\s{_WORD}){{0,3}}               # a place of 1-4 capitalised words
        (?:,\s{_WORD}(?:\s{_WORD}){{0,2}})?)            # with its state or country
    (?:,\s(?P<date>{_MONTH}\s\d{{1,2}}(?:,\s\d{{4}})?))?              # ", March 3"
    \s*(?P<agency>\([^()\n]{{1,40}}\))?                               # "(Reuters)"
    \s*(?:—|–|--|-)\s+                                                # the dash that ends it
    """,
    re.VERBOSE,
)


def dateline_end(text: str, start: int, end: int) -> int:
    """Where the dateline opening `text[start:end]` ends, or `start` when it opens with none.

    Without an agency or a date, only an all-capitals place or one with an em/en dash counts:
    "Japan - the ally ..." in running prose is not a dateline.
    """
    match = _DATELINE.match(text, start, end)
    if match is None:
        return start
    place, dash = match.group("place"), text[match.start() : match.end()].rstrip()[-1]
    if match.group("agency") or match.group("date") or place.isupper() or dash in "—–":
        return match.end()
    return start
