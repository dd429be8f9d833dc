"""Human display by precision: '2024', 'Jul 2024', '1990s', 'c. 1990', '28–30 Jul 2024'.

Approximate dates get 'c. ' in front and uncertain ones '?' after. Years before 1000 are
written 'AD 79' and years up to 0 '44 BC' (0 is 1 BC), so a short year never reads as
a number. Times given with a zone were stored in UTC and are shown so ('14:30 UTC').
"""

from db.dates.calendar import key_to_civil
from db.dates.edtf_parse import OPEN, UNKNOWN
from db.dates.edtf_side import Side, parse_side
from db.dates.entry import parse_date
from db.dates.model import ParsedDate, Precision
from db.dates.units import SECONDS_PER_UNIT, YEARS_PER_UNIT, floor_key, year_block
from db.dates.words import (
    MONTH_ABBREVIATIONS,
    SEASON_NAMES,
    SEASON_START_MONTH,
    ordinal,
    year_label,
)

_SEASON_OF_START_MONTH = {month: code for code, month in SEASON_START_MONTH.items()}
_BLOCK_NAMES = {Precision.CENTURY: "century", Precision.MILLENNIUM: "millennium"}
_ELLIPSIS = "…"


def format_date(date: ParsedDate | str) -> str:
    """Display of a date (or of date text, read as `parse_date` would) by its precision."""
    if isinstance(date, str):
        date = parse_date(date)
    if not date.is_interval:
        side = Side(date.edtf, date.start_key, date.end_key, date.precision, utc=_is_utc(date.edtf))
        return _qualified(_side_label(side), date.approximate, date.uncertain)
    lower_text, upper_text = date.edtf.split("/")
    if lower_text in (OPEN, UNKNOWN):
        return f"{_ELLIPSIS} – {_side_display(parse_side(upper_text))}"
    if upper_text in (OPEN, UNKNOWN):
        return f"{_side_display(parse_side(lower_text))} – {_ELLIPSIS}"
    return _range_label(parse_side(lower_text), parse_side(upper_text))


def format_key(key: int, precision: Precision) -> str:
    """Label of the `precision` unit holding `key`, e.g. for axis ticks: 'Jul 2024', '14:00'."""
    if precision in YEARS_PER_UNIT:
        year = key_to_civil(key)[0]
        return _years_label(*year_block(year, YEARS_PER_UNIT[precision]), precision)
    year, month, day, hour, minute, second = key_to_civil(key)
    if precision == Precision.SEASON:
        start_year, start_month = key_to_civil(floor_key(key, precision))[:2]
        code = _SEASON_OF_START_MONTH[start_month]
        return f"{SEASON_NAMES[code]} {year_label(start_year)}"
    if precision == Precision.MONTH:
        return month_label(year, month)
    if precision == Precision.DAY:
        return day_label(year, month, day)
    if precision == Precision.SECOND:
        return f"{hour:02d}:{minute:02d}:{second:02d}"
    if precision == Precision.HOUR:
        minute = 0
    return f"{hour:02d}:{minute:02d}"


def month_label(year: int, month: int) -> str:
    """'Jul 2024', '44 BC' style years (astronomical `year`)."""
    return f"{MONTH_ABBREVIATIONS[month - 1]} {year_label(year)}"


def day_label(year: int, month: int, day: int) -> str:
    """'28 Jul 2024', '15 Mar 44 BC' (astronomical `year`)."""
    return f"{day} {MONTH_ABBREVIATIONS[month - 1]} {year_label(year)}"


def _is_utc(edtf: str) -> bool:
    return edtf.endswith("Z")


def _qualified(label: str, approximate: bool, uncertain: bool) -> str:
    return f"{'c. ' if approximate else ''}{label}{'?' if uncertain else ''}"


def _side_display(side: Side) -> str:
    return _qualified(_side_label(side), side.approximate, side.uncertain)


def _side_label(side: Side) -> str:
    """Label of one date without its qualifiers."""
    if side.precision in YEARS_PER_UNIT:
        first, last = key_to_civil(side.start_key)[0], key_to_civil(side.end_key - 1)[0]
        return _years_label(first, last, side.precision)
    if side.precision in SECONDS_PER_UNIT and side.precision != Precision.DAY:
        clock = format_key(side.start_key, side.precision)
        day = format_key(side.start_key, Precision.DAY)
        return f"{day} {clock}{' UTC' if side.utc else ''}"
    return format_key(side.start_key, side.precision)


def _years_label(first: int, last: int, precision: Precision) -> str:
    """'2024', '1990s', '20th century', '2nd century BC', or the years it spans."""
    if first == last:
        return year_label(first)
    size, length = YEARS_PER_UNIT[precision], last - first + 1
    if precision == Precision.DECADE and first >= 10 and first % 10 == 0 and length == 10:
        return f"{year_label(first)}s"
    if precision in _BLOCK_NAMES:
        name = _BLOCK_NAMES[precision]
        # The first AD block may start at AD 1 or, as EDTF 00XX does, at 1 BC.
        if first >= 0 and (last + 1) % size == 0 and length in (size - 1, size):
            return f"{ordinal((last + 1) // size)} {name}"
        if last <= 0 and last % size == 0 and length == size:  # -01XX is 200-101 BC
            return f"{ordinal(-last // size + 1)} {name} BC"
    if last <= 0:
        return f"{year_label(first).removesuffix(' BC')}–{year_label(last)}"
    return f"{year_label(first)} – {year_label(last)}"


def _range_label(lower: Side, upper: Side) -> str:
    """'28–30 Jul 2024', 'Jul–Aug 2024', or both ends in full: '1914 – 1918'."""
    same_span = (lower.start_key, lower.end_key) == (upper.start_key, upper.end_key)
    if same_span and lower.qualifiers == upper.qualifiers:
        return _side_display(lower)
    shared = None
    if lower.precision == upper.precision and not (lower.qualifiers or upper.qualifiers):
        shared = _shared_label(lower, upper)
    return shared or f"{_side_display(lower)} – {_side_display(upper)}"


def _shared_label(lower: Side, upper: Side) -> str | None:
    """A range written once for the parts both ends share, or None if nothing is shared."""
    low, high = key_to_civil(lower.start_key), key_to_civil(upper.start_key)
    year = year_label(low[0])
    if low[0] != high[0] or lower.precision in YEARS_PER_UNIT:
        return None
    low_month, high_month = MONTH_ABBREVIATIONS[low[1] - 1], MONTH_ABBREVIATIONS[high[1] - 1]
    if lower.precision == Precision.MONTH:
        return f"{low_month}–{high_month} {year}"
    if lower.precision == Precision.DAY and low[1] == high[1]:
        return f"{low[2]}–{high[2]} {low_month} {year}"
    if lower.precision == Precision.DAY:
        return f"{low[2]} {low_month} – {high[2]} {high_month} {year}"
    if lower.precision != Precision.SEASON and low[:3] == high[:3] and lower.utc == upper.utc:
        clocks = f"{format_key(lower.start_key, lower.precision)}–"
        clocks += format_key(upper.start_key, upper.precision)
        day = format_key(lower.start_key, Precision.DAY)
        return f"{day} {clocks}{' UTC' if lower.utc else ''}"
    return None
