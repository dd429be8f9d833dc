"""The values the date package hands out: `Precision` and `ParsedDate`."""

from dataclasses import dataclass
from enum import StrEnum


class Precision(StrEnum):
    """How fine a date is, coarsest first; the values are stored in the database as text."""

    MILLENNIUM = "millennium"
    CENTURY = "century"
    DECADE = "decade"
    YEAR = "year"
    SEASON = "season"
    MONTH = "month"
    DAY = "day"
    HOUR = "hour"
    MINUTE = "minute"
    SECOND = "second"


_RANK = {precision: rank for rank, precision in enumerate(Precision)}


def coarser(a: Precision, b: Precision) -> Precision:
    """The coarser of two precisions."""
    return a if _RANK[a] <= _RANK[b] else b


@dataclass(frozen=True)
class ParsedDate:
    """A date as stored (canonical EDTF) with its half-open key range [start_key, end_key)."""

    edtf: str
    start_key: int
    end_key: int
    precision: Precision
    approximate: bool
    uncertain: bool
    is_interval: bool = False
    open_start: bool = False
    open_end: bool = False
