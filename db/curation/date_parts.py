"""What the date resolvers share: the `Resolved` result, EDTF spelling, parts of years, months."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from db.curation.date_patterns import FRACTIONS, NUMBER_WORDS
from db.curation.publication import Publication
from db.curation.vocabulary import MONTHS
from db.dates.calendar import civil_from_days, days_from_civil, days_in_month

SPACES = re.compile(r"\s+")
# Thirds of a month, and parts of a year, for "early", "mid", "late", "end of"...
_MONTH_THIRDS = {
    "early": (1, 10), "beginning of": (1, 10), "start of": (1, 10), "mid": (11, 20),
    "middle of": (11, 20),
}  # fmt: skip
_YEAR_PARTS = {
    "early": (1, 4, True), "beginning of": (1, 1, True), "start of": (1, 1, True),
    "mid": (5, 8, True), "middle of": (5, 8, True), "late": (9, 12, True), "end of": (12, 12, True),
    "first half of": (1, 6, False), "second half of": (7, 12, False),
}  # fmt: skip
# "earlier this year" and "the end of last year" in the words of the tables above.
PART_NAMES = {
    "earlier": "early", "later": "late", "end": "end of", "beginning": "beginning of",
    "start": "start of", "middle": "middle of",
}  # fmt: skip


class Resolved(NamedTuple):
    """What a phrase means: EDTF (None when it cannot be pinned down), vagueness and why."""

    edtf: str | None
    approximate: bool
    reason: str


Resolver = Callable[[re.Match[str], Publication | None], Resolved | None]


def year_text(year: int) -> str:
    """EDTF year: four digits at least, '-' before BCE (astronomical) years."""
    return f"{year:04d}" if year >= 0 else f"-{-year:04d}"


def month_text(year: int, month: int) -> str:
    """EDTF year and month."""
    return f"{year_text(year)}-{month:02d}"


def day_text(year: int, month: int, day: int) -> str:
    """EDTF calendar day."""
    return f"{year_text(year)}-{month:02d}-{day:02d}"


def days_text(days: int) -> str:
    """EDTF calendar day of a day number (days since 1970-01-01)."""
    return day_text(*civil_from_days(days))


def edtf(*ends: str, approximate: bool = False) -> str:
    """One end is a date, two an interval; `approximate` puts "~" on each end."""
    return "/".join(end + "~" if approximate else end for end in ends)


def publication_text(pub: Publication) -> str:
    """EDTF of the publication date at its own precision."""
    if pub.month is None:
        return year_text(pub.year)
    return (
        month_text(pub.year, pub.month)
        if pub.day is None
        else day_text(pub.year, pub.month, pub.day)
    )


def publication_day(pub: Publication) -> int:
    """Day number to count from: the publication day, else the middle of its month or year."""
    return days_from_civil(pub.year, pub.month or 7, pub.day or (15 if pub.month else 1))


def month_of(m: re.Match[str], group: str) -> int:
    """Month number of a matched month name ("Jan.", "January")."""
    return MONTHS[m.group(group).rstrip(".").lower()]


def words_of(m: re.Match[str], group: str) -> str | None:
    """A matched group in lower case with single spaces, or None if it did not take part."""
    value = m.group(group)
    return SPACES.sub(" ", value.lower()) if value else None


def number_of(text: str) -> float:
    """Value of "two", "a", "12" or "3½"."""
    text = text.lower()
    if text in NUMBER_WORDS:
        return NUMBER_WORDS[text]
    fraction = FRACTIONS.get(text[-1], 0.0)
    whole = text[:-1] if fraction else text
    return (float(whole) if whole else 0.0) + fraction


def is_day(year: int, month: int, day: int) -> bool:
    """True if the month has that day."""
    return 1 <= day <= days_in_month(year, month)


def needs(what: str, phrase: str) -> Resolved:
    """A phrase that is a date but cannot be resolved without `what`."""
    return Resolved(None, False, f"{phrase}; needs {what} to resolve")


def part_of_year(year: int, part: str, reason: str) -> Resolved:
    """Months of "early 2024", "the end of 2024", "the first half of 2024"..."""
    first, last, vague = _YEAR_PARTS[part]
    ends = [month_text(year, first)] + ([month_text(year, last)] if last != first else [])
    return Resolved(edtf(*ends, approximate=vague), vague, f"{reason} ({part} {year})")


def part_of_month(year: int, month: int, part: str, reason: str) -> Resolved:
    """Days of "early April" (1-10), "mid-April" (11-20), "late April" (21-end), approximately."""
    first, last = _MONTH_THIRDS.get(part, (21, days_in_month(year, month)))
    ends = (day_text(year, month, first), day_text(year, month, last))
    return Resolved(edtf(*ends, approximate=True), True, reason)
