"""One EDTF date without '/': check it, derive its key range, and write it canonically.

Keys are half-open [start, end) over the whole unit the date names: '2024-07' is all of
July, '201X' all of 2010-2019. The qualifiers ? (uncertain), ~ (approximate) and % (both)
are flags only and never widen the keys, so sorting and range queries stay exact; the
timeline shows them by fading the ends instead.

Beyond strict EDTF we also accept times to the hour or minute ('2024-07-28T14',
'2024-07-28T14:30'). A time zone is converted to UTC and written as 'Z'.
"""

import re
from dataclasses import dataclass

from db.dates.calendar import SECONDS_PER_DAY, add_months, civil_to_key, key_to_civil
from db.dates.calendar import days_in_month as month_length
from db.dates.model import Precision
from db.dates.units import SECONDS_PER_UNIT
from db.dates.words import MONTH_NAMES, SEASON_START_MONTH, year_label
from db.errors import DateError

_SIDE = re.compile(
    r"""
    Y(?P<long>-?\d+)(?P<long_q>[?~%])?(?P<long_rest>-[0-9X-]*)?
  | (?P<sign>-?)(?P<year>[0-9X]{4})(?P<year_q>[?~%])?
    (?:-(?P<month>[0-9X]{2})(?P<month_q>[?~%])?
       (?:-(?P<day>[0-9X]{2})(?P<day_q>[?~%])?)?)?
    (?:T(?P<hour>\d{2})(?::(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?
       (?P<zone>Z|[+-]\d{2}(?::?\d{2})?)?(?P<time_q>[?~%])?)?
    """,
    re.VERBOSE,
)
UNCERTAIN, APPROXIMATE = 1, 2
QUALIFIER_BITS = {"?": UNCERTAIN, "~": APPROXIMATE, "%": UNCERTAIN | APPROXIMATE}
QUALIFIER_SYMBOL = {bits: symbol for symbol, bits in QUALIFIER_BITS.items()}
_X_PRECISION = {1: Precision.DECADE, 2: Precision.CENTURY, 3: Precision.MILLENNIUM}
# Keys must fit SQLite's 64-bit integers: 10**11 years is about 3.2e18 seconds.
_LONGEST_YEAR_DIGITS = 11
_MAX_OFFSET_SECONDS = 14 * 3600


@dataclass(frozen=True)
class Side:
    """One checked EDTF date: canonical text, key range, precision and qualifier flags."""

    text: str
    start_key: int
    end_key: int
    precision: Precision
    qualifiers: int = 0  # UNCERTAIN | APPROXIMATE bits
    utc: bool = False

    @property
    def uncertain(self) -> bool:
        return bool(self.qualifiers & UNCERTAIN)

    @property
    def approximate(self) -> bool:
        return bool(self.qualifiers & APPROXIMATE)


@dataclass(frozen=True)
class _Span:
    start_key: int
    end_key: int
    precision: Precision


def _bits(symbol: str | None) -> int:
    return QUALIFIER_BITS.get(symbol or "", 0)


def is_side_shape(text: str) -> bool:
    """True if `text` is shaped like one EDTF date (its values may still be impossible)."""
    return _SIDE.fullmatch(text) is not None


def year_text(year: int) -> str:
    """EDTF spelling of an astronomical year: '2024', '-0043', 'Y170000'."""
    if abs(year) > 9999:
        return f"Y{year}"
    return f"{'-' if year < 0 else ''}{abs(year):04d}"


def parse_side(text: str) -> Side:
    """Check one EDTF date and derive its keys; DateError says what is wrong."""
    match = _SIDE.fullmatch(text)
    if match is None:
        raise DateError("not an EDTF date such as 2024, 2024-07 or 2024-07-28")
    if match["long_rest"] is not None:
        raise DateError("years beyond ±9999 (Y-years) can only be given as whole years")
    if match["long"] is not None:
        return _long_year(match["long"], _bits(match["long_q"]))
    if match["hour"] is not None:
        return _date_time(match)
    return _calendar_date(match)


def _long_year(digits: str, qualifiers: int) -> Side:
    if len(digits.lstrip("-").lstrip("0")) > _LONGEST_YEAR_DIGITS:
        raise DateError("years beyond ±99,999,999,999 are not supported")
    year = int(digits)
    if abs(year) <= 9999:
        raise DateError(f"Y is only for years beyond ±9999; write this year as {year_text(year)}")
    text = year_text(year) + QUALIFIER_SYMBOL.get(qualifiers, "")
    return Side(text, civil_to_key(year), civil_to_key(year + 1), Precision.YEAR, qualifiers)


def _calendar_date(match: re.Match[str]) -> Side:
    span, first_year = _year_span(match["sign"], match["year"])
    parts = [(match["sign"] + match["year"], _bits(match["year_q"]))]
    if match["month"] is not None:
        if span.precision != Precision.YEAR:
            raise DateError("a year with X digits (201X) cannot have a month or day")
        span = _month_span(first_year, match["month"], match["day"]) or span
        parts.append((match["month"], _bits(match["month_q"])))
    if match["day"] is not None:
        span = _day_span(first_year, match["month"], match["day"]) or span
        parts.append((match["day"], _bits(match["day_q"])))
    text, qualifiers = _qualified_text(parts)
    return Side(text, span.start_key, span.end_key, span.precision, qualifiers)


def _year_span(sign: str, digits: str) -> tuple[_Span, int]:
    """Span of a four-character year, which may end in one to three X digits."""
    known = digits.rstrip("X")
    unknown = len(digits) - len(known)
    if "X" in known or unknown == 4:
        raise DateError("only the last one to three digits of a year can be X: 201X, 19XX, 1XXX")
    if sign and digits == "0000":
        raise DateError("-0000 is not a year; 1 BC is written 0000")
    size = 10**unknown
    low, high = int(known) * size, int(known) * size + size - 1
    first, last = (-high, -low) if sign else (low, high)
    precision = _X_PRECISION.get(unknown, Precision.YEAR)
    return _Span(civil_to_key(first), civil_to_key(last + 1), precision), first


def _month_span(year: int, month: str, day: str | None) -> _Span | None:
    """Span of a month or season; None for an unspecified month (XX), which keeps the year."""
    if month == "XX":
        if day not in (None, "XX"):
            raise DateError("an unspecified month (XX) needs an unspecified day (XX) too")
        return None
    if "X" in month:
        raise DateError("a month is two digits (01–12) or XX")
    number = int(month)
    if number in SEASON_START_MONTH:
        if day is not None:
            raise DateError("a season (21–24) cannot have a day")
        return _months(year, SEASON_START_MONTH[number], 3, Precision.SEASON)
    if 25 <= number <= 41:
        raise DateError("only the seasons 21–24 (spring to winter) are supported")
    if not 1 <= number <= 12:
        raise DateError(f"month {month} does not exist; months are 01–12 (seasons 21–24)")
    return _months(year, number, 1, Precision.MONTH)


def _months(year: int, month: int, count: int, precision: Precision) -> _Span:
    start = civil_to_key(year, month)
    return _Span(start, civil_to_key(*add_months(year, month, count)), precision)


def _day_span(year: int, month: str, day: str) -> _Span | None:
    """Span of one day; None for an unspecified day (XX), which keeps the month."""
    if day == "XX":
        return None
    if "X" in day:
        raise DateError("a day is two digits (01–31) or XX")
    _check_day(year, int(month), int(day))
    start = civil_to_key(year, int(month), int(day))
    return _Span(start, start + SECONDS_PER_DAY, Precision.DAY)


def _check_day(year: int, month: int, day: int) -> None:
    length = month_length(year, month)
    if day == 0:
        raise DateError("day 00 does not exist; days start at 01")
    if day > length:
        raise DateError(f"{MONTH_NAMES[month - 1]} {year_label(year)} has {length} days")


def _qualified_text(parts: list[tuple[str, int]]) -> tuple[str, int]:
    """Join date parts writing each qualifier once, as far right as its meaning allows.

    A qualifier applies to its own part and every part to its left, so '2024?-07?' is
    '2024-07?', and a qualifier on the last part qualifies the whole date.
    """
    pieces, covered = [], 0
    for part, bits in reversed(parts):
        covered_here = covered | bits
        pieces.append(part + QUALIFIER_SYMBOL.get(covered_here & ~covered, ""))
        covered = covered_here
    return "-".join(reversed(pieces)), covered


def _date_time(match: re.Match[str]) -> Side:
    if match["day"] is None or "X" in match["year"] + match["month"] + match["day"]:
        raise DateError("a time needs a full date, as in 2024-07-28T14:30")
    if any(match[group] for group in ("year_q", "month_q", "day_q", "time_q")):
        raise DateError("?, ~ and % qualify dates, not times; drop the time or the qualifier")
    if match["sign"] and match["year"] == "0000":
        raise DateError("-0000 is not a year; 1 BC is written 0000")
    year, month, day = int(match["sign"] + match["year"]), int(match["month"]), int(match["day"])
    if not 1 <= month <= 12:
        raise DateError(f"month {match['month']} does not exist; months are 01–12")
    _check_day(year, month, day)
    clock, precision = _clock(match["hour"], match["minute"], match["second"])
    offset = _offset_seconds(match["zone"], precision)
    start = civil_to_key(year, month, day, *clock) - offset
    utc = match["zone"] is not None
    text = _date_time_text(start, precision) + ("Z" if utc else "")
    return Side(text, start, start + SECONDS_PER_UNIT[precision], precision, utc=utc)


def _clock(hour: str, minute: str | None, second: str | None) -> tuple[tuple[int, ...], Precision]:
    """(hour, minute, second) and the precision the time was given to."""
    for value, unit, limit in ((hour, "hour", 23), (minute, "minute", 59), (second, "second", 59)):
        if value is not None and int(value) > limit:
            raise DateError(f"{unit} {value} does not exist; {unit}s are 00–{limit}")
    precision = Precision.HOUR if minute is None else Precision.MINUTE
    precision = Precision.SECOND if second is not None else precision
    return (int(hour), int(minute or 0), int(second or 0)), precision


def _offset_seconds(zone: str | None, precision: Precision) -> int:
    """Seconds to subtract to reach UTC; a time zone must stay within ±14:00."""
    if zone in (None, "Z"):
        return 0
    digits = zone[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    seconds = hours * 3600 + minutes * 60
    if minutes > 59 or seconds > _MAX_OFFSET_SECONDS:
        raise DateError(f"time zone {zone} does not exist; offsets run from -14:00 to +14:00")
    if minutes and precision == Precision.HOUR:
        raise DateError(f"give minutes with a time in zone {zone}, as in T14:00{zone}")
    return -seconds if zone[0] == "-" else seconds


def _date_time_text(key: int, precision: Precision) -> str:
    year, month, day, hour, minute, second = key_to_civil(key)
    if abs(year) > 9999:
        raise DateError("dates with a time must lie within the years -9999 to 9999")
    text = f"{year_text(year)}-{month:02d}-{day:02d}T{hour:02d}"
    if precision != Precision.HOUR:
        text += f":{minute:02d}"
    if precision == Precision.SECOND:
        text += f":{second:02d}"
    return text
