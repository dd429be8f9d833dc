"""Day, month, year, era and time read from friendly words ('28th July 2024', 'AD 79')."""

import re
from dataclasses import dataclass

from db.dates.edtf_side import year_text
from db.dates.words import AD_ERAS, BC_ERAS, MONTH_NAMES
from db.errors import DateError

_MONTHS = {name.lower(): n for n, name in enumerate(MONTH_NAMES, 1)}
_MONTHS |= {name[:3].lower(): n for n, name in enumerate(MONTH_NAMES, 1)} | {"sept": 9}
_ERAS = dict.fromkeys(BC_ERAS, "bc") | dict.fromkeys(AD_ERAS, "ad")
_NUMBER = re.compile(r"(\d{1,12})(st|nd|rd|th)?")
_CLOCK = re.compile(r"(\d{1,2})(:\d{2}(?::\d{2})?)")
_FILLER_WORDS = frozenset({"the", "of"})
_UTC_WORDS = frozenset({"utc", "gmt", "z"})
# '170,001 BC' as displayed; a comma before exactly three digits groups thousands.
_THOUSANDS_COMMA = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


@dataclass
class Fields:
    """What one friendly date said; parts may be missing until a range fills them in."""

    year_digits: str | None = None
    era: str | None = None  # "bc" or "ad"
    month: int | None = None
    day: int | None = None
    number: str | None = None  # one or two bare digits: a day or a year, by context
    clock: str | None = None  # "hh:mm" or "hh:mm:ss"
    utc: bool = False

    def is_year_only(self) -> bool:
        """True if only a year (perhaps with an era) was given."""
        has_year = self.year_digits is not None or self.number is not None
        return has_year and self.month is None and self.day is None and self.clock is None

    def is_time_only(self) -> bool:
        """True if only a time was given, as at the end of '28 July 2024 14:30–16:00'."""
        given = (self.year_digits, self.number, self.month, self.day, self.era)
        return self.clock is not None and given == (None,) * len(given)

    def year(self) -> int:
        """The astronomical year; DateError if it is missing or could be misread."""
        digits = self.year_digits if self.year_digits is not None else self.number
        if digits is None:
            raise DateError("which year? write e.g. 28 July 2024")
        number = int(digits)
        if len(digits) < 3 and self.era is None:
            raise DateError(
                f"a year of one or two digits needs an era: write AD {number}, "
                f"{number} BC or {1900 + number}"
            )
        if number == 0 and self.era is not None:
            raise DateError("there is no year 0 in BC/AD counting: 1 BC is followed by AD 1")
        return 1 - number if self.era == "bc" else number

    def edtf(self) -> str:
        """EDTF text for these fields; DateError names what is missing."""
        year = self.year()
        if self.day is not None and self.month is None:
            raise DateError("which month? write e.g. 28 July 2024")
        if self.clock is not None and self.day is None:
            raise DateError("a time needs a day, as in 28 July 2024 14:30")
        if self.utc and self.clock is None:
            raise DateError("UTC needs a time, as in 28 July 2024 14:30 UTC")
        if self.month is None:
            return year_text(year)
        if abs(year) > 9999:
            raise DateError("years beyond ±9999 can only be given as whole years")
        text = f"{year_text(year)}-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        if self.clock is not None:
            text += f"T{self.clock}{'Z' if self.utc else ''}"
        return text

    def borrow_from(self, upper: "Fields") -> None:
        """Fill in what the start of a range left out from its end ('28–30 July 2024')."""
        if self.number is not None:
            if upper.day is not None and self.month is None:
                self.day = int(self.number)
            else:
                self.year_digits = self.number
            self.number = None
        if self.year_digits is None:
            self.year_digits, self.era = upper.year_digits, upper.era
            if self.month is None and self.day is not None:
                self.month = upper.month
        elif self.era is None:
            self.era = upper.era
        if upper.month is None and upper.day is not None:
            upper.month = self.month
        if upper.is_time_only():
            # '28 July 2024 14:30–16:00': the end is a time on the same day.
            upper.year_digits, upper.era, upper.month, upper.day = (
                self.year_digits, self.era, self.month, self.day,
            )  # fmt: skip
        self.utc = self.utc or (upper.utc and self.clock is not None)


def read_fields(text: str) -> Fields | None:
    """The fields named by `text`, or None if a word is not part of a date."""
    fields, numbers = Fields(), []
    for token in _THOUSANDS_COMMA.sub("", text).replace(",", " ").split():
        if token in _FILLER_WORDS:
            continue
        if not _read_word(fields, token):
            match = _NUMBER.fullmatch(token)
            if match is None:
                return None
            numbers.append((match[1], match[2] is not None))
    if not _assign_numbers(fields, numbers):
        return None
    return fields


def _read_word(fields: Fields, token: str) -> bool:
    """Store an era, month or time into `fields`; False if `token` is none of them."""
    era = _ERAS.get(token.replace(".", ""))
    month = _MONTHS.get(token.removesuffix("."))
    clock = _CLOCK.fullmatch(token)
    if era is not None and fields.era is None:
        fields.era = era
    elif month is not None and fields.month is None:
        fields.month = month
    elif clock is not None and fields.clock is None:
        fields.clock = f"{int(clock[1]):02d}{clock[2]}"
    elif token in _UTC_WORDS and not fields.utc:
        fields.utc = True
    else:
        return False
    return True


def _assign_numbers(fields: Fields, numbers: list[tuple[str, bool]]) -> bool:
    """Decide which numbers are the day and the year; False if they cannot be a date."""
    if len(numbers) == 2:
        (first, first_is_ordinal), (second, _) = numbers
        if len(first) >= 3 and not first_is_ordinal:  # "2024 July 28"
            first, second = second, first
        fields.day, fields.year_digits = int(first), second
    elif len(numbers) == 1:
        digits, is_ordinal = numbers[0]
        if is_ordinal or (fields.month is not None and fields.era is None and len(digits) <= 2):
            fields.day = int(digits)
        elif fields.era is not None or len(digits) >= 3:
            fields.year_digits = digits
        else:
            fields.number = digits
    if numbers:
        return len(numbers) <= 2
    return fields.month is not None or fields.clock is not None
