"""Moving a stored EDTF date by whole units of its own precision (dragging on the timeline).

A month-precision date moves by whole months and stays 'YYYY-MM'; qualifiers (?, ~, %) and
unspecified digits (201X, 2024-XX) stay where they were. An interval moves both ends by the
unit of its coarser end, so '2021/2024-06' moves by whole years. Results are checked by the
parser, so a move past what EDTF can hold raises DateError.
"""

import re

from db.dates.calendar import (
    SECONDS_PER_DAY,
    add_months,
    civil_to_key,
    days_in_month,
    key_to_civil,
)
from db.dates.edtf_parse import OPEN, UNKNOWN
from db.dates.edtf_side import parse_side, year_text
from db.dates.entry import parse_edtf
from db.dates.model import Precision, coarser
from db.dates.units import MONTHS_PER_UNIT, SECONDS_PER_UNIT, YEARS_PER_UNIT
from db.dates.words import SEASON_START_MONTH
from db.errors import DateError

_MEAN_YEAR = 365.2425 * SECONDS_PER_DAY
_MEAN_MONTH = _MEAN_YEAR / 12
_SEASON_OF_MONTH = {month: code for code, month in SEASON_START_MONTH.items()}
_PARTS = re.compile(
    r"""
    (?P<year>Y-?\d+|-?[0-9X]{4})(?P<year_q>[?~%]?)
    (?:-(?P<month>[0-9X]{2})(?P<month_q>[?~%]?)
       (?:-(?P<day>[0-9X]{2})(?P<day_q>[?~%]?))?)?
    (?:T(?P<time>\d{2}(?::\d{2}(?::\d{2})?)?)(?P<zone>Z?))?
    """,
    re.VERBOSE,
)


def unit_seconds(precision: Precision) -> float:
    """Typical length of one `precision` unit in seconds (mean month and year)."""
    if precision in SECONDS_PER_UNIT:
        return SECONDS_PER_UNIT[precision]
    if precision in MONTHS_PER_UNIT:
        return MONTHS_PER_UNIT[precision] * _MEAN_MONTH
    return YEARS_PER_UNIT[precision] * _MEAN_YEAR


def steps_for(precision: Precision, seconds: float) -> int:
    """Whole `precision` units nearest to a move of `seconds`."""
    return round(seconds / unit_seconds(precision))


def shift_edtf(edtf: str, steps: int) -> str:
    """`edtf` moved `steps` units of its (coarser end's) precision; open ends stay open."""
    if steps == 0:
        return edtf
    sides = edtf.split("/")
    known = [parse_side(side) for side in sides if side not in (OPEN, UNKNOWN)]
    if not known:
        raise DateError(f"'{edtf}' has no known end to move")
    unit = known[0].precision
    for side in known[1:]:
        unit = coarser(unit, side.precision)
    moved = [side if side in (OPEN, UNKNOWN) else _shift_side(side, unit, steps) for side in sides]
    return _checked("/".join(moved))


def move_edtf_end(edtf: str, end: str, steps: int) -> str:
    """`edtf` with its 'start' or 'end' moved `steps` units of that end's own precision.

    A single date becomes an interval ('2024-07' with its end moved a month is
    '2024-07/2024-08'); an interval whose ends meet becomes a single date again.
    """
    if end not in ("start", "end"):
        raise ValueError(f"end must be 'start' or 'end', not {end!r}")
    if steps == 0:
        return edtf
    lower, _, upper = edtf.partition("/")
    if "/" not in edtf:
        upper = lower
    index = 0 if end == "start" else 1
    sides = [lower, upper]
    if sides[index] in (OPEN, UNKNOWN):
        raise DateError(f"the {end} of '{edtf}' is open, so it cannot be moved")
    sides[index] = _shift_side(sides[index], parse_side(sides[index]).precision, steps)
    if sides[0] == sides[1]:
        return _checked(sides[0])
    return _checked("/".join(sides))


def _checked(edtf: str) -> str:
    """The canonical form of `edtf`; DateError if the move made it impossible."""
    return parse_edtf(edtf).edtf


def _shift_side(text: str, unit: Precision, steps: int) -> str:
    """One date moved `steps` units of `unit`, which is at least as coarse as the date."""
    parts = _PARTS.fullmatch(text)
    if parts is None:
        raise DateError(f"'{text}' is not an EDTF date")
    if unit in YEARS_PER_UNIT:
        return _shift_years(parts, steps * YEARS_PER_UNIT[unit])
    if unit in MONTHS_PER_UNIT:
        return _shift_months(parts, steps * MONTHS_PER_UNIT[unit])
    return _shift_seconds(parts, steps * SECONDS_PER_UNIT[unit])


def _rebuilt(
    parts: re.Match[str], year: str, month: str | None, day: str | None, time: str | None = None
) -> str:
    """The date of `parts` with new field values, keeping its qualifiers and time zone."""
    text = year + parts["year_q"]
    if month is not None:
        text += f"-{month}{parts['month_q']}"
    if day is not None:
        text += f"-{day}{parts['day_q']}"
    time = parts["time"] if time is None else time
    if time is not None:
        text += f"T{time}{parts['zone']}"
    return text


def _shift_years(parts: re.Match[str], years: int) -> str:
    year_part, month, day = parts["year"], parts["month"], parts["day"]
    if "X" in year_part:
        return _rebuilt(parts, _shift_x_year(year_part, years), month, day)
    year = int(year_part.removeprefix("Y")) + years
    if day is not None and "X" not in day and "X" not in (month or "X"):
        day = f"{min(int(day), days_in_month(year, int(month))):02d}"
    return _rebuilt(parts, year_text(year), month, day)


def _shift_x_year(year_part: str, years: int) -> str:
    """'201X' moved 10 years is '202X'; BC blocks count outwards: '-000X' then '-001X'."""
    sign, digits = ("-", year_part[1:]) if year_part.startswith("-") else ("", year_part)
    known = digits.rstrip("X")
    size = 10 ** (len(digits) - len(known))
    block = -int(known) - 1 if sign else int(known)
    block += years // size
    width = len(known)
    number = block if block >= 0 else -block - 1
    if number >= 10**width:
        raise DateError(f"'{year_part}' moved {years:+,} years is beyond the year 9999")
    return f"{'-' if block < 0 else ''}{number:0{width}d}{'X' * (len(digits) - len(known))}"


def _shift_months(parts: re.Match[str], months: int) -> str:
    year = int(parts["year"])
    code = int(parts["month"])
    month = SEASON_START_MONTH.get(code, code)
    year, month = add_months(year, month, months)
    day = parts["day"]
    if day is not None and "X" not in day:
        day = f"{min(int(day), days_in_month(year, month)):02d}"
    month_text = f"{_SEASON_OF_MONTH[month] if code in SEASON_START_MONTH else month:02d}"
    return _rebuilt(parts, year_text(year), month_text, day)


def _shift_seconds(parts: re.Match[str], seconds: int) -> str:
    clock = [int(field) for field in (parts["time"] or "").split(":") if field]
    padded = [*clock, 0, 0, 0][:3]
    key = civil_to_key(int(parts["year"]), int(parts["month"]), int(parts["day"]), *padded)
    year, month, day, hour, minute, second = key_to_civil(key + seconds)
    time = ":".join(f"{v:02d}" for v in (hour, minute, second)[: len(clock)]) or None
    return _rebuilt(parts, year_text(year), f"{month:02d}", f"{day:02d}", time)
