"""Friendly date text ('28 July 2024', 'c. 1990', '44 BC', '1914–1918') to EDTF text.

`friendly_edtf` returns None when the text is no friendly form at all, and raises DateError
(the reason alone) when it is one that names no real date. Choices worth knowing:
- 'early', 'mid' and 'late' only make a date approximate: 'late 2024?' becomes 2024%.
  EDTF level 1 has no thirds of a year, and the user is shown the EDTF it became.
- '1900s' is a decade (190X) like '1990s'; '20th century' is 19XX.
- A year of one or two digits needs an era ('AD 79', '79 BC'): '79' alone is refused.
- All-number dates like 28/07/2024 are refused as ambiguous (day or month first?); with the
  year first (2026/03/14, 2026.3.14) the order is year, month, day as in ISO 8601: no
  country writes year, day, month.
"""

import re

from db.dates.edtf_side import (
    APPROXIMATE,
    QUALIFIER_BITS,
    QUALIFIER_SYMBOL,
    UNCERTAIN,
    is_side_shape,
    year_text,
)
from db.dates.friendly_fields import Fields, read_fields
from db.dates.words import MONTH_NAMES
from db.errors import DateError

# Every dash a keyboard or word processor makes: figure, en, em, bar; hyphens and minus.
_DASHES = str.maketrans(
    dict.fromkeys("\u2012\u2013\u2014\u2015", "–") | dict.fromkeys("\u2010\u2011\u2212", "-")
)
_APPROXIMATE_WORD = re.compile(
    r"(?:circa|around|about|approximately|approx\.?|ca\.?|c\.?|early|mid|late)"
    r"(?:\s+|-|(?<=\.)|(?=\d))"
)
_ISO_WITH_TIME = re.compile(r"(-?\d{4}-\d{2}-\d{2})[ t](\d{2}(?::\d{2}){0,2})(z?)")
# Two-digit decades need 'AD': '80s' alone more likely means the 1980s.
_DECADE = re.compile(r"(?:ad (\d{1,3})|(\d{2,3}))0'?s")
_ERA = r"(?: (b\.?c\.?(?:e\.?)?|a\.?d\.?|c\.?e\.?))?"
_CENTURY = re.compile(r"(\d{1,3})(?:st|nd|rd|th) (?:century|cent\.?|c\.?)" + _ERA)
_MILLENNIUM = re.compile(r"(\d{1,3})(?:st|nd|rd|th) millenn?ium" + _ERA)
_SEASON = re.compile(r"(spring|summer|autumn|fall|winter) (?:of )?(.+)")
_SEASON_CODE = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}
_ALL_NUMBERS = re.compile(r"(\d{1,4})([/.])(\d{1,2})\2(\d{1,4})")
_CLOSED_RANGES = (
    re.compile(r"between (.+) and (.+)"),
    re.compile(r"(?:from )?(.+?) (?:to|until|till|through) (.+)"),
    re.compile(r"(?:from )?(.+?) ?– ?(.+)"),
    re.compile(r"(?:from )?(.+?) - (.+)"),
    re.compile(r"([^-]+)-([^-]+)"),
)
_OPEN_END = re.compile(r"(?:since|from) (.+?)(?: onwards?)?|(.+) onwards?")
_OPEN_START = re.compile(r"(?:until|till|up to|up until) (.+)")
_OPEN_MARKS = frozenset({"…", "...", ".."})


def friendly_edtf(text: str) -> str | None:
    """EDTF text for friendly `text`, or None if it is no friendly form."""
    normal = " ".join(text.translate(_DASHES).lower().split())
    normal = _year_first_as_iso(normal)
    single = _side(normal)
    if single is not None:
        return _complete(*single)
    return _closed_range(normal) or _open_range(normal)


def _year_first_as_iso(text: str) -> str:
    """'2026/03/14' as '2026-03-14'; other all-number dates are refused as ambiguous."""
    match = _ALL_NUMBERS.fullmatch(text)
    if match is None:
        return text
    first, _, second, third = match.groups()
    if len(first) == 4 and len(third) <= 2:
        return f"{first}-{int(second):02d}-{int(third):02d}"  # checked as any ISO date
    day, month, year = int(first), int(second), int(third)
    if not 1 <= month <= 12 or not 1 <= day <= 31 or year < 1000:
        day, month, year = 28, 7, 2024
    raise DateError(
        "all-number dates are ambiguous (is the day or the month first?); write the month "
        f"as a word or use year-month-day: {day} {MONTH_NAMES[month - 1]} {year} "
        f"or {year:04d}-{month:02d}-{day:02d}"
    )


def _closed_range(text: str) -> str | None:
    for pattern in _CLOSED_RANGES:
        match = pattern.fullmatch(text)
        if match is not None and (edtf := _range(match[1], match[2])):
            return edtf
    return None


def _open_range(text: str) -> str | None:
    if match := _OPEN_END.fullmatch(text):
        return _range(match[1] or match[2], "…")
    if match := _OPEN_START.fullmatch(text):
        return _range("…", match[1])
    return None


def _range(lower_text: str, upper_text: str) -> str | None:
    """EDTF interval for two friendly ends ('…' is open), or None if one is no date."""
    lower = None if lower_text in _OPEN_MARKS else _side(lower_text)
    upper = None if upper_text in _OPEN_MARKS else _side(upper_text)
    if (lower is None and lower_text not in _OPEN_MARKS) or (
        upper is None and upper_text not in _OPEN_MARKS
    ):
        return None
    if lower and upper and isinstance(lower[0], Fields) and isinstance(upper[0], Fields):
        lower[0].borrow_from(upper[0])
    return f"{_complete(*lower) if lower else '..'}/{_complete(*upper) if upper else '..'}"


def _side(text: str) -> tuple[str | Fields, int] | None:
    """One date of a friendly text: its EDTF (or fields still to complete) and qualifiers."""
    qualifiers = 0
    if text.endswith("?"):
        text, qualifiers = text[:-1].rstrip(), UNCERTAIN
    while match := _APPROXIMATE_WORD.match(text):
        text, qualifiers = text[match.end() :], qualifiers | APPROXIMATE
    text = text.removeprefix("the ")
    content = _whole_form(text) or read_fields(text)
    return None if content is None else (content, qualifiers)


def _whole_form(text: str) -> str | None:
    """EDTF for forms that stand alone: EDTF itself, ISO date and time, decades, centuries..."""
    # Bare digits are read as fields instead, so '1000–991 BC' can lend its era to 1000.
    if is_side_shape(text.upper()) and not text.isdigit():
        return text.upper()
    if match := _ISO_WITH_TIME.fullmatch(text):
        return f"{match[1]}T{match[2]}{match[3].upper()}"
    if match := _DECADE.fullmatch(text):
        return f"{int(match[1] or match[2]):03d}X"
    if match := _CENTURY.fullmatch(text):
        return _many_years(int(match[1]), 2, match[2])
    if match := _MILLENNIUM.fullmatch(text):
        return _many_years(int(match[1]), 3, match[2])
    if match := _SEASON.fullmatch(text):
        fields = read_fields(match[2])
        if fields is not None and fields.is_year_only():
            return f"{year_text(fields.year())}-{_SEASON_CODE[match[1]]}"
    return None


def _many_years(ordinal: int, unknown_digits: int, era: str | None) -> str:
    """EDTF for the `ordinal`th century (two X digits) or millennium (three)."""
    if ordinal == 0:
        raise DateError("centuries and millennia count from the 1st, as in 20th century")
    if ordinal > 10 ** (4 - unknown_digits):
        raise DateError("the 100th century and the 10th millennium are the last EDTF can name")
    sign = "-" if era and era.startswith("b") else ""
    return f"{sign}{ordinal - 1:0{4 - unknown_digits}d}" + "X" * unknown_digits


def _complete(content: str | Fields, qualifiers: int) -> str:
    """Final EDTF for one side, with its qualifiers merged into any it already had."""
    text = content if isinstance(content, str) else content.edtf()
    if text[-1:] in QUALIFIER_BITS:
        text, qualifiers = text[:-1], qualifiers | QUALIFIER_BITS[text[-1]]
    return text + QUALIFIER_SYMBOL.get(qualifiers, "")
