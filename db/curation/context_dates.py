"""Dates a text without a publication date still gives: from its own earlier dates.

An encyclopedia article or a chronology is not dated by when it was published but by itself: after
"In 264 BC…", "captured … in 255." is 255 BC; under the heading "September 11, 2001", "8:14 A.M." is
that day's morning; after "…2001", "SEPTEMBER 13" is in 2001.
"""

from __future__ import annotations

import bisect
import re

from db.curation.date_finder import DateCandidate, find_dates
from db.curation.date_parts import year_text

_BARE_YEAR = re.compile(r"\b(?:in|by|until|since|from)\s+(?P<y>\d{2,3})(?=\s*[,.;:]|\s+BCE?\b)")
_CLOCK = re.compile(
    r"\b(?P<h>1[0-2]|0?[1-9]):(?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d))?(?:[-–](?P<mi2>[0-5]\d))?"
    r"\s*(?P<ap>[AaPp])\.?\s?[Mm]\.?"
)
_DAY = re.compile(r"^-?\d{4}-\d{2}-\d{2}$")
_YEAR_START = re.compile(r"^(-?\d{4})")


def with_context(text: str, dates: list[DateCandidate]) -> list[DateCandidate]:
    """`dates` (found without a publication date) with what the text's own dates resolve."""
    found = [_in_context(text, d, dates) for d in dates]
    found += _bce_years(text, found) + _clock_times(text, found)
    return sorted(found, key=lambda d: d.start)


def _in_context(text: str, date: DateCandidate, dates: list[DateCandidate]) -> DateCandidate:
    if date.edtf is not None or "publication" not in date.reason:
        return date
    year = _year_before(date.start, dates)
    if year is None or year < 0:
        return date
    again = find_dates(text, year_text(year), date.start, date.end)
    if len(again) != 1 or again[0].edtf is None:
        return date
    reason = again[0].reason.replace("publication date", "the text before it")
    found = again[0]
    return DateCandidate(date.text, date.start, date.end, found.edtf, found.approximate, reason)


def _year_before(offset: int, dates: list[DateCandidate]) -> int | None:
    for date in reversed(dates):
        if date.start < offset and date.edtf is not None:
            match = _YEAR_START.match(date.edtf)
            if match:
                return int(match.group(1))
    return None


def _bce_years(text: str, dates: list[DateCandidate]) -> list[DateCandidate]:
    bc_starts = [d.start for d in dates if d.edtf is not None and d.edtf.startswith("-")]
    taken = [(d.start, d.end) for d in dates]
    extra = []
    for match in _BARE_YEAR.finditer(text):
        start, end = match.span("y")
        if not bc_starts or bc_starts[0] > start or _overlaps(start, end, taken):
            continue
        number = int(match.group("y"))
        extra.append(
            DateCandidate(
                match.group("y"),
                start,
                end,
                year_text(1 - number),
                False,
                "year BC: the years before it in the text are BC",
            )
        )
    return extra


def _clock_times(text: str, dates: list[DateCandidate]) -> list[DateCandidate]:
    days = [(d.start, d.edtf) for d in dates if d.edtf is not None and _DAY.match(d.edtf)]
    starts = [s for s, _ in days]
    extra = []
    for match in _CLOCK.finditer(text):
        index = bisect.bisect_left(starts, match.start()) - 1
        if index < 0:
            continue
        day = days[index][1]
        hour = int(match.group("h")) % 12 + (12 if match.group("ap").lower() == "p" else 0)
        clock = f"{day}T{hour:02d}:{match.group('mi')}"
        edtf = clock + (f":{match.group('s')}" if match.group("s") else "")
        if match.group("mi2"):
            edtf = f"{clock}/{day}T{hour:02d}:{match.group('mi2')}"
        extra.append(
            DateCandidate(
                match.group(),
                match.start(),
                match.end(),
                edtf,
                False,
                f"time of day on {day}, the date above it",
            )
        )
    return extra


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)
