"""Proleptic Gregorian arithmetic on integer keys (seconds since 1970-01-01T00:00:00).

Years are astronomical: 0 is 1 BC, -43 is 44 BC. `datetime` stops at year 1, so the
day count uses Howard Hinnant's days-from-civil algorithm, exact for any integer year.
"""

SECONDS_PER_DAY = 86_400
_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
# Day numbers here count from 0000-03-01 so leap days fall at the end of each 400-year era.
_DAYS_PER_ERA = 146_097
_EPOCH_SHIFT = 719_468


def is_leap_year(year: int) -> bool:
    """True if `year` (astronomical) has a 29 February."""
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    """Number of days in `month` (1-12) of `year`."""
    if month == 2 and is_leap_year(year):
        return 29
    return _DAYS_IN_MONTH[month - 1]


def days_from_civil(year: int, month: int, day: int) -> int:
    """Days from 1970-01-01 to the given date (negative before it)."""
    y = year - (month <= 2)
    era = y // 400
    year_of_era = y - era * 400
    day_of_year = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * _DAYS_PER_ERA + day_of_era - _EPOCH_SHIFT


def civil_from_days(days: int) -> tuple[int, int, int]:
    """(year, month, day) of the date `days` after 1970-01-01."""
    z = days + _EPOCH_SHIFT
    era = z // _DAYS_PER_ERA
    day_of_era = z - era * _DAYS_PER_ERA
    year_of_era = (
        day_of_era - day_of_era // 1460 + day_of_era // 36524 - day_of_era // 146096
    ) // 365
    day_of_year = day_of_era - (365 * year_of_era + year_of_era // 4 - year_of_era // 100)
    shifted_month = (5 * day_of_year + 2) // 153
    day = day_of_year - (153 * shifted_month + 2) // 5 + 1
    month = shifted_month + 3 if shifted_month < 10 else shifted_month - 9
    return year_of_era + era * 400 + (month <= 2), month, day


def civil_to_key(
    year: int, month: int = 1, day: int = 1, hour: int = 0, minute: int = 0, second: int = 0
) -> int:
    """Key of the given instant (astronomical year); ValueError if a field is out of range."""
    if not 1 <= month <= 12 or not 1 <= day <= days_in_month(year, month):
        raise ValueError(f"no such date: {year}-{month}-{day}")
    if not (0 <= hour < 24 and 0 <= minute < 60 and 0 <= second < 60):
        raise ValueError(f"no such time: {hour}:{minute}:{second}")
    seconds_in_day = hour * 3600 + minute * 60 + second
    return days_from_civil(year, month, day) * SECONDS_PER_DAY + seconds_in_day


def key_to_civil(key: int) -> tuple[int, int, int, int, int, int]:
    """(year, month, day, hour, minute, second) of `key`."""
    days, seconds_in_day = divmod(key, SECONDS_PER_DAY)
    hours, rest = divmod(seconds_in_day, 3600)
    minutes, seconds = divmod(rest, 60)
    return (*civil_from_days(days), hours, minutes, seconds)


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    """(year, month) that is `n` months (may be negative) after `year`-`month`."""
    years, month_index = divmod(month - 1 + n, 12)
    return year + years, month_index + 1
