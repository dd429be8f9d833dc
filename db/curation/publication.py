"""The publication date that relative phrases ("last month", "July 28") are resolved against."""

from __future__ import annotations

from dataclasses import dataclass

from db.dates import ParsedDate, Precision, format_date, key_to_civil, parse_date
from db.dates.calendar import days_from_civil, days_in_month

_DAY_OR_FINER = frozenset({Precision.DAY, Precision.HOUR, Precision.MINUTE, Precision.SECOND})
_MONTH_OR_SEASON = frozenset({Precision.MONTH, Precision.SEASON})


@dataclass(frozen=True, slots=True)
class Publication:
    """A publication date as far as it is known: year always, month and day when given."""

    year: int
    month: int | None
    day: int | None
    label: str  # how reasons name it, e.g. "25 Jun 2024"

    @property
    def last_day(self) -> int:
        """Day number (days since 1970-01-01) of the latest day the publication can fall on."""
        month = self.month or 12
        day = self.day or days_in_month(self.year, month)
        return days_from_civil(self.year, month, day)


def as_publication(published: Publication | ParsedDate | str | None) -> Publication | None:
    """The publication to resolve against; None when there is none or it is vaguer than a year."""
    if published is None or isinstance(published, Publication):
        return published
    parsed = parse_date(published) if isinstance(published, str) else published
    year, month, day, *_ = key_to_civil(parsed.start_key)
    label = format_date(parsed)
    if parsed.precision in _DAY_OR_FINER:
        return Publication(year, month, day, label)
    if parsed.precision in _MONTH_OR_SEASON:
        # A season publishes in some month of it; its first month is as good a guess as any.
        return Publication(year, month, None, label)
    if parsed.precision == Precision.YEAR:
        return Publication(year, None, None, label)
    return None
