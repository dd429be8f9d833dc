"""The publication date a pasted or imported text states about itself, when it states one.

Web pages carry it in metadata (`<meta property="article:published_time">`, JSON-LD
"datePublished", `<time datetime>`); saved pages and exports in a header line ("date: 2024-07-11",
"Published: July 11, 2024"); articles in a dateline near the top ("July 11, 2024"). Only the first
lines are read: a date deep in the text is what the text is about, not when it was written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from db.curation.date_finder import find_dates
from db.dates import parse_date
from db.errors import DateError

_HEAD_CHARS = 3000
_HEAD_LINES = 8
_ISO_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})")
_METADATA = [
    ("page metadata", re.compile(
        r"<meta[^>]+(?:property|name|itemprop)\s*=\s*[\"'](?:article:published_time|og:published_"
        r"time|datePublished|pubdate|publishdate|date|dc\.date|DC\.date\.issued|sailthru\.date)"
        r"[\"'][^>]*content\s*=\s*[\"']([^\"']+)", re.IGNORECASE)),
    ("page metadata", re.compile(
        r"<meta[^>]+content\s*=\s*[\"']([^\"']+)[\"'][^>]+(?:property|name|itemprop)\s*=\s*[\"']"
        r"(?:article:published_time|datePublished|pubdate|date)[\"']", re.IGNORECASE)),
    ("page metadata", re.compile(r"\"datePublished\"\s*:\s*\"([^\"]+)\"")),
    ("page metadata", re.compile(r"<time[^>]+datetime\s*=\s*[\"']([^\"']+)", re.IGNORECASE)),
    ("a header line", re.compile(
        r"^\s*(?:date|published(?:[ _]time| on| at)?|posted(?: on)?|first published|updated)"
        r"\s*[:=]\s*['\"]?([^'\"\n]+)", re.IGNORECASE | re.MULTILINE)),
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class FoundPublication:
    """A publication date found in a text: its EDTF and where it was found, for the user."""

    edtf: str
    where: str
    quote: str


def find_publication_date(text: str) -> FoundPublication | None:
    """The publication date `text` states in its metadata or first lines, else None."""
    head = text[:_HEAD_CHARS]
    for where, pattern in _METADATA:
        for match in pattern.finditer(head):
            edtf = _as_day(match.group(1))
            if edtf is not None:
                return FoundPublication(edtf, where, match.group().strip())
    return _dateline(head)


def _as_day(value: str) -> str | None:
    iso = _ISO_DAY.search(value)
    if iso is not None:
        try:
            return parse_date(iso.group(1)).edtf
        except DateError:
            return None
    found = [d for d in find_dates(value) if d.edtf is not None and len(d.edtf) == 10]
    return found[0].edtf if found else None


def _dateline(head: str) -> FoundPublication | None:
    # A line near the top that is little more than a full date ("July 11, 2024",
    # "Published 11 July 2024 | 14:05") is the dateline.
    for line in head.splitlines()[:_HEAD_LINES]:
        stripped = line.strip()
        if not stripped or len(stripped) > 60:
            continue
        for date in find_dates(stripped):
            if date.edtf is not None and len(date.edtf) == 10 and date.reason == "full date":
                return FoundPublication(date.edtf, "the dateline", stripped)
    return None
