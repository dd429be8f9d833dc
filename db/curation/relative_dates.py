"""Resolvers for phrases that count from publication: "last week", "this spring", "on Tuesday"."""

from __future__ import annotations

import re

from db.curation.date_parts import (
    PART_NAMES,
    SPACES,
    Resolved,
    Resolver,
    day_text,
    days_text,
    edtf,
    month_text,
    needs,
    number_of,
    part_of_month,
    part_of_year,
    publication_day,
    publication_text,
    words_of,
    year_text,
)
from db.curation.publication import Publication
from db.curation.vocabulary import SEASONS, WEEKDAYS
from db.dates.calendar import add_months, civil_from_days, days_in_month
from db.dates.words import SEASON_START_MONTH

_OFFSETS = {"last": -1, "previous": -1, "next": 1, "coming": 1}


def _phrase(m: re.Match[str]) -> str:
    return SPACES.sub(" ", m.group().lower())


def _relative_season(m: re.Match[str], pub: Publication | None) -> Resolved | None:
    code, relation = SEASONS[m.group("s").lower()], m.group("rel").lower()
    phrase = f"{relation} {m.group('s').lower()}"
    if pub is None:
        return needs("a publication date", phrase)
    year = _season_year_for(code, relation, pub)
    return Resolved(f"{year_text(year)}-{code}", False, f"{phrase}, relative to {pub.label}")


def _season_year_for(code: int, relation: str, pub: Publication) -> int:
    if pub.month is None:
        return pub.year + {"last": -1, "past": -1, "next": 1}.get(relation, 0)
    # Count in months from year 0 so winter (December to February) needs no special case.
    now = pub.year * 12 + pub.month - 1
    start_month = SEASON_START_MONTH[code] - 1
    this_start = (now - start_month) // 12 * 12 + start_month  # latest start on or before now
    if relation == "this":
        start = this_start
    elif relation in ("last", "past"):
        # "Last summer" said during the summer means the one before.
        start = this_start - 12 if now <= this_start + 2 else this_start
    else:
        start = this_start + 12
    return start // 12


def _weekday(m: re.Match[str], pub: Publication | None) -> Resolved | None:
    relation = (m.group("rel") or "on").lower()
    phrase = f"{relation} {m.group('w')}"
    if pub is None or pub.month is None:
        return needs("the publication month", phrase)
    if pub.day is None:
        reason = f"{phrase}: some day near publication ({pub.label})"
        return Resolved(edtf(month_text(pub.year, pub.month), approximate=True), True, reason)
    today = publication_day(pub)
    wanted = WEEKDAYS[m.group("w").lower()]
    back = (_weekday_of(today) - wanted) % 7  # the latest such weekday on or before publication
    if relation == "last":
        back = back or 7
    elif relation in ("this", "next"):
        back = -((wanted - _weekday_of(today)) % 7 or (7 if relation == "next" else 0))
    direction = "before" if back >= 0 else "after"
    return Resolved(days_text(today - back), False, f"{phrase}: {direction} {pub.label}")


def _weekday_of(days: int) -> int:
    return (days + 3) % 7  # 1970-01-01 was a Thursday; Monday is 0


def _day_word(m: re.Match[str], pub: Publication | None) -> Resolved | None:
    word = m.group("w").lower()
    if pub is None or pub.day is None:
        return needs("the publication day", word)
    shift = {"yesterday": -1, "tomorrow": 1}.get(word, 0)
    return Resolved(
        days_text(publication_day(pub) + shift), False, f"{word}, relative to {pub.label}"
    )


def _year_end(m: re.Match[str], pub: Publication | None) -> Resolved | None:
    if pub is None:
        return needs("a publication date", "year-end")
    return part_of_year(pub.year, "end of", "year-end of publication year")


def _relative_period(m: re.Match[str], pub: Publication | None) -> Resolved | None:
    relation, unit = m.group("rel").lower(), m.group("unit").lower()
    part, phrase = words_of(m, "q") or words_of(m, "part"), _phrase(m)
    if pub is None:
        return needs("a publication date", phrase)
    offset = _OFFSETS.get(relation, 0)
    if unit == "decade" and relation == "this":
        return Resolved(f"{pub.year // 10:03d}X", False, f"{phrase}, relative to {pub.label}")
    if unit == "decade" or relation == "past":
        # "The past year" is the twelve months before publication, not the calendar year before.
        return _span(pub, 1, unit, -1 if offset <= 0 else 1, phrase)
    if unit == "year":
        return _relative_year(pub, pub.year + offset, part, phrase)
    if pub.month is None:
        return needs("the publication month", phrase)
    if unit == "month":
        return _relative_month(pub, *add_months(pub.year, pub.month, offset), part, phrase)
    return _relative_week(pub, offset, part, phrase)


def _relative_year(pub: Publication, year: int, part: str | None, phrase: str) -> Resolved:
    reason = f"{phrase}, relative to {pub.label}"
    if part is None:
        return Resolved(year_text(year), False, reason)
    if part in ("earlier", "later") and year == pub.year and pub.month is not None:
        first, last = (1, pub.month) if part == "earlier" else (pub.month, 12)
        ends = [month_text(year, first)] + ([month_text(year, last)] if last != first else [])
        return Resolved(edtf(*ends, approximate=True), True, reason)
    return part_of_year(year, PART_NAMES.get(part, part), reason)


def _relative_month(
    pub: Publication, year: int, month: int, part: str | None, phrase: str
) -> Resolved:
    reason = f"{phrase}, relative to {pub.label}"
    if part is None:
        return Resolved(month_text(year, month), False, reason)
    same_month = (year, month) == (pub.year, pub.month)
    if part in ("earlier", "later") and pub.day is not None and same_month:
        first, last = (1, pub.day) if part == "earlier" else (pub.day, days_in_month(year, month))
        ends = (day_text(year, month, first), day_text(year, month, last))
        return Resolved(edtf(*ends, approximate=True), True, reason)
    return part_of_month(year, month, PART_NAMES.get(part, part), reason)


def _relative_week(pub: Publication, offset: int, part: str | None, phrase: str) -> Resolved:
    reason = f"{phrase}, relative to {pub.label}"
    if pub.day is None:
        # The week falls in or next to the publication month; say so, approximately.
        return Resolved(edtf(month_text(pub.year, pub.month or 1), approximate=True), True, reason)
    today = publication_day(pub)
    first = today - _weekday_of(today) + 7 * offset  # Monday
    last = first + 6
    if offset == 0 and part == "earlier":
        last = today
    elif offset == 0 and part == "later":
        first = today
    return Resolved(edtf(days_text(first), days_text(last), approximate=True), True, reason)


def _relative_span(m: re.Match[str], pub: Publication | None) -> Resolved | None:
    phrase = _phrase(m)
    if pub is None:
        return needs("a publication date", phrase)
    amount = number_of(m.group("n"))
    if amount <= 0:
        return None
    direction = -1 if m.group("rel").lower() in ("last", "past", "previous") else 1
    return _span(pub, amount, m.group("unit").lower().rstrip("s"), direction, phrase)


def _span(pub: Publication, amount: float, unit: str, direction: int, phrase: str) -> Resolved:
    """From publication back (or forward) `amount` units; the far end is approximate."""
    far = _shifted(pub, amount * direction, unit) + "~"
    near = publication_text(pub)
    ends = (far, near) if direction < 0 else (near, far)
    return Resolved("/".join(ends), True, f"{phrase}, counted from {pub.label}")


def _shifted(pub: Publication, amount: float, unit: str) -> str:
    """EDTF for publication moved by `amount` units, no finer than the publication date itself."""
    months_per_unit = {"decade": 120, "year": 12, "month": 1}
    if unit in months_per_unit:
        months = round(amount * months_per_unit[unit])
        if pub.month is None:
            return year_text(pub.year + round(months / 12))
        return month_text(*add_months(pub.year, pub.month, months))
    days = publication_day(pub) + round(amount * (7 if unit == "week" else 1))
    year, month, day = civil_from_days(days)
    if pub.month is None:
        return year_text(year)
    return day_text(year, month, day) if pub.day is not None else month_text(year, month)


def _ago(m: re.Match[str], pub: Publication | None) -> Resolved | None:
    phrase = _phrase(m)
    if pub is None:
        return needs("a publication date", phrase)
    amount, unit = number_of(m.group("n")), m.group("unit").lower()
    if amount <= 0:
        return None
    # "Two years ago" names a year, not a month: keep the phrase's own precision.
    when = year_text(pub.year - round(amount)) if unit == "year" else _shifted(pub, -amount, unit)
    return Resolved(when + "~", True, f"{phrase}, counted from {pub.label}")


RELATIVE_RESOLVERS: dict[str, Resolver] = {
    "relative_season": _relative_season,
    "weekday": _weekday,
    "day_word": _day_word,
    "relative_period": _relative_period,
    "relative_span": _relative_span,
    "ago": _ago,
    "year_end": _year_end,
}


def _deadline(m: re.Match[str], pub: Publication | None) -> Resolved | None:
    """From publication to the end of its year (or the named year), the end approximate."""
    phrase = _phrase(m)
    named_year = int(m.group("y")) if "y" in m.re.groupindex and m.group("y") else None
    if pub is None:
        if named_year is not None:  # without a start, the deadline's own year-end is what is known
            return part_of_year(named_year, "end of", "deadline")
        return needs("a publication date", phrase)
    year = pub.year if named_year is None else named_year
    if year < pub.year:
        return None
    ends = (publication_text(pub), day_text(year, 12, 31) + "~")
    reason = f"{phrase}: from publication ({pub.label}) to the deadline"
    return Resolved("/".join(ends), True, reason)


# "Recently" reaches back about two months; "in recent weeks" six weeks, "days" ten days.
_RECENT_DAYS = {None: 61, "days": 10, "weeks": 42, "months": 183}


def _recency(m: re.Match[str], pub: Publication | None) -> Resolved | None:
    phrase = _phrase(m)
    if pub is None:
        return None  # "Rome had recently emerged": in history prose, recent to the story's time
    if pub.day is None:
        near = edtf(publication_text(pub), approximate=True)
        return Resolved(near, True, f"{phrase}, near {pub.label}")
    today = publication_day(pub)
    unit = m.group("unit").lower() if m.group("unit") else None
    first = days_text(today - _RECENT_DAYS[unit]) + "~"
    return Resolved(f"{first}/{days_text(today)}", True, f"{phrase}: shortly before {pub.label}")


RELATIVE_RESOLVERS |= {"deadline": _deadline, "deadline_year": _deadline, "recency": _recency}
