"""Resolvers for phrases that name their date ("July 28, 2024", "the 1990s") or all but the year."""

from __future__ import annotations

import re

from db.curation.date_parts import (
    Resolved,
    Resolver,
    day_text,
    days_text,
    edtf,
    is_day,
    month_of,
    month_text,
    needs,
    part_of_month,
    part_of_year,
    words_of,
    year_text,
)
from db.curation.publication import Publication
from db.curation.vocabulary import SEASONS
from db.dates import format_date
from db.dates.calendar import days_from_civil, days_in_month
from db.dates.words import MONTH_ABBREVIATIONS

# A month-and-day phrase more than this many days after publication meant the year before.
FUTURE_TOLERANCE_DAYS = 31
_DECADE_PARTS = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}
_CENTURY_PARTS = {"early": (0, 32), "mid": (33, 66), "late": (67, 99)}
_NUMBER_LABEL = re.compile(
    r"(?i:\b(?:route|article|resolution|flight|page|pages|no\.|number|section|chapter|model"
    r"|highway|room|unit|paragraph|item|rule|code|tel|phone|order)\s*)$"
)


def year_for(month: int, day: int | None, pub: Publication) -> tuple[int, str]:
    """Year of a phrase without one: the publication's, or the year before if that is far ahead."""
    year = pub.year
    if pub.month is not None:
        day_number = days_from_civil(year, month, min(day or 1, days_in_month(year, month)))
        if day_number - pub.last_day > FUTURE_TOLERANCE_DAYS:
            later = format_date(day_text(year, month, day) if day else month_text(year, month))
            return year - 1, f"year before publication ({pub.label}), as {later} would be after it"
    return year, f"year from publication date ({pub.label})"


def _full_date(m: re.Match[str], pub: Publication | None) -> Resolved | None:
    year, month, day = int(m.group("y")), month_of(m, "m"), int(m.group("d"))
    return (
        Resolved(day_text(year, month, day), False, "full date")
        if is_day(year, month, day)
        else None
    )


def _full_date_range(m: re.Match[str], pub: Publication | None) -> Resolved | None:
    ends = []
    for n in ("", "2"):
        year, month, day = int(m.group("y" + n)), month_of(m, "m" + n), int(m.group("d" + n))
        if not is_day(year, month, day):
            return None
        ends.append(days_from_civil(year, month, day))
    if ends[1] <= ends[0]:
        return None  # "from 5 May 2024 to 1 May 2024" is no span
    return Resolved(f"{days_text(ends[0])}/{days_text(ends[1])}", False, "range of full dates")


def _iso_date(m: re.Match[str], pub: Publication | None) -> Resolved | None:
    year, month, day = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    return (
        Resolved(day_text(year, month, day), False, "ISO date")
        if is_day(year, month, day)
        else None
    )


def _month_year(m: re.Match[str], pub: Publication | None) -> Resolved | None:
    return Resolved(month_text(int(m.group("y")), month_of(m, "m")), False, "month and year")


def _year(m: re.Match[str], pub: Publication | None) -> Resolved | None:
    if _NUMBER_LABEL.search(m.string, max(0, m.start() - 16), m.start()):
        return None  # "Route 1500", "Resolution 1540": a number with a name, not a year
    circa = m.group("circa") is not None
    return Resolved(edtf(year_text(int(m.group("y"))), approximate=circa), circa, "year")


def _era_year(m: re.Match[str], pub: Publication | None) -> Resolved | None:
    years_bc = int(m.group("n"))
    if years_bc < 1:
        return None
    # Astronomical numbering, as EDTF uses: 1 BC is year 0, 44 BC is -43.
    return Resolved(year_text(1 - years_bc), False, "year BC")


def _era_range(m: re.Match[str], pub: Publication | None) -> Resolved | None:
    first, last = int(m.group("n")), int(m.group("n2"))
    if not first > last >= 1:
        return None  # BC years count down: "264 to 241 BC"
    return Resolved(f"{year_text(1 - first)}/{year_text(1 - last)}", False, "span of years BC")


def _year_range(m: re.Match[str], pub: Publication | None) -> Resolved | None:
    first = int(m.group("y") or m.group("y3"))
    last_text = m.group("y2") or m.group("y4")
    last = int(last_text) if len(last_text) == 4 else first // 100 * 100 + int(last_text)
    if last <= first:
        return None
    return Resolved(f"{year_text(first)}/{year_text(last)}", False, "span of years")


def _year_part(m: re.Match[str], pub: Publication | None) -> Resolved | None:
    return part_of_year(int(m.group("y")), words_of(m, "q") or "", "part of a year")


def _decade(m: re.Match[str], pub: Publication | None) -> Resolved | None:
    start, part = int(m.group("y")), words_of(m, "q")
    if part is None:
        return Resolved(f"{start // 10:03d}X", False, "decade")
    low, high = _DECADE_PARTS[part]
    return _about_years(start + low, start + high, f"decade ({part} {start}s)")


def _century(m: re.Match[str], pub: Publication | None) -> Resolved | None:
    number, part = int(m.group("c")), words_of(m, "q")
    if not 1 <= number <= 21:
        return None
    start = (number - 1) * 100
    if part is None:
        return Resolved(f"{start // 100:02d}XX", False, "century")
    low, high = _CENTURY_PARTS[part]
    return _about_years(start + low, start + high, f"century ({part})")


def _about_years(first: int, last: int, reason: str) -> Resolved:
    return Resolved(edtf(year_text(first), year_text(last), approximate=True), True, reason)


def _season_year(m: re.Match[str], pub: Publication | None) -> Resolved | None:
    code, vague = SEASONS[m.group("s").lower()], m.group("q") is not None
    season = f"{year_text(int(m.group('y')))}-{code}"
    return Resolved(edtf(season, approximate=vague), vague, "season and year")


def _month_day(m: re.Match[str], pub: Publication | None) -> Resolved | None:
    month, day = month_of(m, "m"), int(m.group("d"))
    if not 1 <= day <= 31:
        return None
    if pub is None:
        return needs("a publication date", "month and day")
    year, note = year_for(month, day, pub)
    if not is_day(year, month, day):
        return None
    return Resolved(day_text(year, month, day), False, f"month and day; {note}")


def _day_range(m: re.Match[str], pub: Publication | None) -> Resolved | None:
    first_month = month_of(m, "m") if m.group("m") else month_of(m, "m2")
    last_month = month_of(m, "m2") if m.group("m2") else first_month
    first_day, last_day = int(m.group("d")), int(m.group("d2"))
    if m.group("y"):
        year, note = int(m.group("y")), "range of days"
    elif pub is None:
        return needs("a publication date", "range of days")
    else:
        year, note = year_for(first_month, first_day, pub)
        note = f"range of days; {note}"
    last_year = year + 1 if last_month < first_month else year
    if not (is_day(year, first_month, first_day) and is_day(last_year, last_month, last_day)):
        return None
    first = days_from_civil(year, first_month, first_day)
    last = days_from_civil(last_year, last_month, last_day)
    return Resolved(f"{days_text(first)}/{days_text(last)}", False, note) if last > first else None


def _month_alone(m: re.Match[str], pub: Publication | None) -> Resolved | None:
    month, relation, part = month_of(m, "m"), words_of(m, "rel"), words_of(m, "q")
    phrase = f"{relation} {m.group('m')}" if relation else "month alone"
    if pub is None:
        return needs("a publication date", phrase)
    year_relation = m.group("yrel")
    if year_relation is not None:
        # "in May of last year": the month of the year before (or of, or after) publication.
        year = pub.year + {"last": -1, "this": 0, "next": 1}[year_relation.lower()]
        note = f"{year_relation.lower()} year, relative to {pub.label}"
    elif relation == "this":
        year, note = pub.year, f"year of publication ({pub.label})"
    elif relation in ("last", "next"):
        year = _nearest_year(month, relation == "last", pub)
        side = "before" if relation == "last" else "after"
        note = f"the {MONTH_ABBREVIATIONS[month - 1]} {side} publication ({pub.label})"
    else:
        year, note = year_for(month, None, pub)
    if part is None:
        return Resolved(month_text(year, month), False, f"{phrase}; {note}")
    return part_of_month(year, month, part, f"part of a month ({part}); {note}")


def _nearest_year(month: int, before: bool, pub: Publication) -> int:
    if pub.month is None:
        return pub.year - 1 if before else pub.year + 1
    if before:
        return pub.year if month < pub.month else pub.year - 1
    return pub.year if month > pub.month else pub.year + 1


ABSOLUTE_RESOLVERS: dict[str, Resolver] = {
    "iso_date": _iso_date,
    "full_date": _full_date,
    "full_date_range": _full_date_range,
    "month_day_range": _day_range,
    "day_month_range": _day_range,
    "month_day": _month_day,
    "month_year": _month_year,
    "month_alone": _month_alone,
    "season_year": _season_year,
    "year_part": _year_part,
    "decade": _decade,
    "century": _century,
    "year_range": _year_range,
    "era_year": _era_year,
    "era_range": _era_range,
    "year": _year,
}
