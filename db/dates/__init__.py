"""Historians' dates: EDTF text, integer keys for sorting and drawing, and display.

Dates are stored as EDTF (levels 0 and 1) with a half-open key range [start_key, end_key)
in seconds since 1970-01-01, proleptic Gregorian, astronomical years (0 is 1 BC).
Approximate and uncertain dates are flags; they never widen the keys.
"""

from db.dates.calendar import SECONDS_PER_DAY, add_months, civil_to_key, key_to_civil
from db.dates.entry import friendly_to_edtf, parse_date, parse_edtf
from db.dates.formatting import format_date, format_key
from db.dates.model import ParsedDate, Precision
from db.dates.units import floor_key, next_key

__all__ = [
    "SECONDS_PER_DAY",
    "ParsedDate",
    "Precision",
    "add_months",
    "civil_to_key",
    "floor_key",
    "format_date",
    "format_key",
    "friendly_to_edtf",
    "key_to_civil",
    "next_key",
    "parse_date",
    "parse_edtf",
]
