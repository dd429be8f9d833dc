"""Units of time on the key axis: the start of the unit holding a key, and of the next one.

AD decades, centuries and millennia are the blocks EDTF writes as 199X and 19XX (1990-1999,
1900-1999), so the axis and stored dates agree. BC blocks end on a round BC year (the
2nd century BC is 200-101 BC, EDTF -01XX) so ticks fall on 100 BC, not 101 BC. The first
AD block starts at AD 1 and is one year short, because 1 BC closes the 1st century BC.
"""

from db.dates.calendar import SECONDS_PER_DAY, add_months, civil_to_key, key_to_civil
from db.dates.model import Precision

YEARS_PER_UNIT = {
    Precision.MILLENNIUM: 1000,
    Precision.CENTURY: 100,
    Precision.DECADE: 10,
    Precision.YEAR: 1,
}
MONTHS_PER_UNIT = {Precision.SEASON: 3, Precision.MONTH: 1}
SECONDS_PER_UNIT = {
    Precision.DAY: SECONDS_PER_DAY,
    Precision.HOUR: 3600,
    Precision.MINUTE: 60,
    Precision.SECOND: 1,
}


def floor_key(key: int, precision: Precision) -> int:
    """Start of the `precision` unit (year, month, decade...) that contains `key`."""
    if precision in SECONDS_PER_UNIT:
        return key - key % SECONDS_PER_UNIT[precision]
    year, month = key_to_civil(key)[:2]
    if precision in YEARS_PER_UNIT:
        return civil_to_key(year_block(year, YEARS_PER_UNIT[precision])[0])
    if precision == Precision.SEASON:
        # Seasons start in March, June, September and December.
        return civil_to_key(*add_months(year, month, -((month - 3) % 3)))
    return civil_to_key(year, month)


def next_key(key: int, precision: Precision) -> int:
    """Start of the `precision` unit after the one that contains `key`."""
    start = floor_key(key, precision)
    if precision in SECONDS_PER_UNIT:
        return start + SECONDS_PER_UNIT[precision]
    year, month = key_to_civil(start)[:2]
    if precision in YEARS_PER_UNIT:
        return civil_to_key(year_block(year, YEARS_PER_UNIT[precision])[1] + 1)
    return civil_to_key(*add_months(year, month, MONTHS_PER_UNIT[precision]))


def year_block(year: int, size: int) -> tuple[int, int]:
    """First and last year of the block of `size` years (10, 100, 1000) holding `year`."""
    if year >= 1:
        first = year - year % size
        return max(first, 1), first + size - 1
    blocks_back = -year // size  # 0 for 1 BC back to 100 BC (size 100), 1 before that...
    return -(blocks_back * size + size - 1), -blocks_back * size
