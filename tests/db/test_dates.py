"""Table-driven tests of db.dates: friendly input, EDTF keys, display, refusals, axis units."""

from datetime import datetime

import pytest

from db.dates import (
    SECONDS_PER_DAY,
    ParsedDate,
    Precision,
    add_months,
    civil_to_key,
    floor_key,
    format_date,
    format_key,
    friendly_to_edtf,
    key_to_civil,
    next_key,
    parse_date,
    parse_edtf,
)
from db.errors import DateError

EPOCH = datetime(1970, 1, 1)


def seconds_since_epoch(*fields: int) -> int:
    return int((datetime(*fields) - EPOCH).total_seconds())


# (friendly text, canonical EDTF, display)
FRIENDLY = [
    ("28 July 2024", "2024-07-28", "28 Jul 2024"),
    ("July 28, 2024", "2024-07-28", "28 Jul 2024"),
    ("July 28 2024", "2024-07-28", "28 Jul 2024"),
    ("28th July 2024", "2024-07-28", "28 Jul 2024"),
    ("the 1st of August 2024", "2024-08-01", "1 Aug 2024"),
    ("Jul. 2nd, 2024", "2024-07-02", "2 Jul 2024"),
    ("SEPT 3 2024", "2024-09-03", "3 Sep 2024"),
    ("Jul 2024", "2024-07", "Jul 2024"),
    ("Aug 2023", "2023-08", "Aug 2023"),
    ("August 2023", "2023-08", "Aug 2023"),
    ("2024", "2024", "2024"),
    ("c. 1990", "1990~", "c. 1990"),
    ("c.1990", "1990~", "c. 1990"),
    ("ca. 1990", "1990~", "c. 1990"),
    ("circa 1990", "1990~", "c. 1990"),
    ("around 1990", "1990~", "c. 1990"),
    ("about 1990", "1990~", "c. 1990"),
    ("1990?", "1990?", "1990?"),
    ("c. 1990?", "1990%", "c. 1990?"),
    ("late 2024?", "2024%", "c. 2024?"),
    ("early 1990s", "199X~", "c. 1990s"),
    ("mid-July 2024", "2024-07~", "c. Jul 2024"),
    ("44 BC", "-0043", "44 BC"),
    ("44 BCE", "-0043", "44 BC"),
    ("44 B.C.", "-0043", "44 BC"),
    ("1 BC", "0000", "1 BC"),
    ("c. 44 BC", "-0043~", "c. 44 BC"),
    ("15 March 44 BC", "-0043-03-15", "15 Mar 44 BC"),
    ("AD 79", "0079", "AD 79"),
    ("79 AD", "0079", "AD 79"),
    ("79 CE", "0079", "AD 79"),
    ("AD 1", "0001", "AD 1"),
    ("1914–1918", "1914/1918", "1914 – 1918"),
    ("1914-1918", "1914/1918", "1914 – 1918"),
    ("1914 — 1918", "1914/1918", "1914 – 1918"),
    ("1914 to 1918", "1914/1918", "1914 – 1918"),
    ("from 1914 to 1918", "1914/1918", "1914 – 1918"),
    ("between 1914 and 1918", "1914/1918", "1914 – 1918"),
    ("50–44 BC", "-0049/-0043", "50 BC – 44 BC"),
    ("c. 1914 – 1918?", "1914~/1918?", "c. 1914 – 1918?"),
    ("2024-07-28 to 2024-07-30", "2024-07-28/2024-07-30", "28–30 Jul 2024"),
    ("28–30 July 2024", "2024-07-28/2024-07-30", "28–30 Jul 2024"),
    ("28-30 July 2024", "2024-07-28/2024-07-30", "28–30 Jul 2024"),
    ("July 28–30, 2024", "2024-07-28/2024-07-30", "28–30 Jul 2024"),
    ("28 Jul – 2 Aug 2024", "2024-07-28/2024-08-02", "28 Jul – 2 Aug 2024"),
    ("July 2024 – August 2024", "2024-07/2024-08", "Jul–Aug 2024"),
    ("Jul–Aug 2024", "2024-07/2024-08", "Jul–Aug 2024"),
    ("2024-07-28/2024-07-30", "2024-07-28/2024-07-30", "28–30 Jul 2024"),
    ("2024-07-28 14:30", "2024-07-28T14:30", "28 Jul 2024 14:30"),
    ("2024-07-28 14:30:05", "2024-07-28T14:30:05", "28 Jul 2024 14:30:05"),
    ("28 July 2024 9:05", "2024-07-28T09:05", "28 Jul 2024 09:05"),
    ("the 1990s", "199X", "1990s"),
    ("1990s", "199X", "1990s"),
    ("1990's", "199X", "1990s"),
    ("1900s", "190X", "1900s"),
    ("20th century", "19XX", "20th century"),
    ("the 21st century", "20XX", "21st century"),
    ("1st century BC", "-00XX", "1st century BC"),
    ("2nd century BC", "-01XX", "2nd century BC"),
    ("2nd millennium", "1XXX", "2nd millennium"),
    ("1st millennium BC", "-0XXX", "1st millennium BC"),
    ("spring 2024", "2024-21", "spring 2024"),
    ("Summer 1990", "1990-22", "summer 1990"),
    ("autumn 1990", "1990-23", "autumn 1990"),
    ("fall 1990", "1990-23", "autumn 1990"),
    ("winter 2024", "2024-24", "winter 2024"),
    ("since 1990", "1990/..", "1990 – …"),
    ("from July 2024 onwards", "2024-07/..", "Jul 2024 – …"),
    ("until 1990", "../1990", "… – 1990"),
    ("12000 BC", "Y-11999", "12,000 BC"),
    ("  2024-07-28  ", "2024-07-28", "28 Jul 2024"),
    ("2026/03/14", "2026-03-14", "14 Mar 2026"),  # year first: year, month, day as in ISO
    ("2026.3.4", "2026-03-04", "4 Mar 2026"),
    ("2024-07-28t14:30z", "2024-07-28T14:30Z", "28 Jul 2024 14:30 UTC"),
    ("201x", "201X", "2010s"),
    ("AD 10s", "001X", "AD 10s"),
    ("170,001 BC", "Y-170000", "170,001 BC"),
    ("28 July 2024 14:30–16:00", "2024-07-28T14:30/2024-07-28T16:00", "28 Jul 2024 14:30–16:00"),
    ("28 Jul 2024 14:30 UTC", "2024-07-28T14:30Z", "28 Jul 2024 14:30 UTC"),
    ("Jul 2024 – …", "2024-07/..", "Jul 2024 – …"),
    ("… – 2024", "../2024", "… – 2024"),
    ("1914‐1918", "1914/1918", "1914 – 1918"),
]


@pytest.mark.parametrize(("text", "edtf", "display"), FRIENDLY)
def test_friendly_input_becomes_canonical_edtf_and_displays(text, edtf, display):
    parsed = parse_date(text)
    assert friendly_to_edtf(text) == edtf
    assert parsed.edtf == edtf
    assert format_date(parsed) == display


# (EDTF, start as civil fields, end as civil fields, precision)
EDTF_KEYS = [
    ("2024", (2024, 1, 1), (2025, 1, 1), Precision.YEAR),
    ("2024-07", (2024, 7, 1), (2024, 8, 1), Precision.MONTH),
    ("2024-12", (2024, 12, 1), (2025, 1, 1), Precision.MONTH),
    ("2024-07-28", (2024, 7, 28), (2024, 7, 29), Precision.DAY),
    ("2024-02-29", (2024, 2, 29), (2024, 3, 1), Precision.DAY),
    ("2024-07-28T14", (2024, 7, 28, 14), (2024, 7, 28, 15), Precision.HOUR),
    ("2024-07-28T14:30", (2024, 7, 28, 14, 30), (2024, 7, 28, 14, 31), Precision.MINUTE),
    ("2024-07-28T14:30:05", (2024, 7, 28, 14, 30, 5), (2024, 7, 28, 14, 30, 6), Precision.SECOND),
    ("2024-07-28T14:30:05Z", (2024, 7, 28, 14, 30, 5), (2024, 7, 28, 14, 30, 6), Precision.SECOND),
    ("2024-07-28T00:30+02:00", (2024, 7, 27, 22, 30), (2024, 7, 27, 22, 31), Precision.MINUTE),
    ("2024-07-28T23:30-0100", (2024, 7, 29, 0, 30), (2024, 7, 29, 0, 31), Precision.MINUTE),
    ("2024-07-28/2024-07-30", (2024, 7, 28), (2024, 7, 31), Precision.DAY),
    ("1914/1918", (1914, 1, 1), (1919, 1, 1), Precision.YEAR),
    ("1914/1918-11-11", (1914, 1, 1), (1918, 11, 12), Precision.YEAR),
    ("2024?", (2024, 1, 1), (2025, 1, 1), Precision.YEAR),
    ("2024~", (2024, 1, 1), (2025, 1, 1), Precision.YEAR),
    ("2024-07-28%", (2024, 7, 28), (2024, 7, 29), Precision.DAY),
    ("201X", (2010, 1, 1), (2020, 1, 1), Precision.DECADE),
    ("19XX", (1900, 1, 1), (2000, 1, 1), Precision.CENTURY),
    ("1XXX", (1000, 1, 1), (2000, 1, 1), Precision.MILLENNIUM),
    ("2024-XX", (2024, 1, 1), (2025, 1, 1), Precision.YEAR),
    ("2024-XX-XX", (2024, 1, 1), (2025, 1, 1), Precision.YEAR),
    ("2024-07-XX", (2024, 7, 1), (2024, 8, 1), Precision.MONTH),
    ("2024-21", (2024, 3, 1), (2024, 6, 1), Precision.SEASON),
    ("2024-22", (2024, 6, 1), (2024, 9, 1), Precision.SEASON),
    ("2024-23", (2024, 9, 1), (2024, 12, 1), Precision.SEASON),
    ("2024-24", (2024, 12, 1), (2025, 3, 1), Precision.SEASON),
    ("2024-07/..", (2024, 7, 1), (2024, 8, 1), Precision.MONTH),
    ("../2024", (2024, 1, 1), (2025, 1, 1), Precision.YEAR),
    ("2024/", (2024, 1, 1), (2025, 1, 1), Precision.YEAR),
    ("/2024-07-28", (2024, 7, 28), (2024, 7, 29), Precision.DAY),
]


@pytest.mark.parametrize(("edtf", "start", "end", "precision"), EDTF_KEYS)
def test_edtf_keys_match_python_datetime(edtf, start, end, precision):
    parsed = parse_edtf(edtf)
    assert parsed.start_key == seconds_since_epoch(*start)
    assert parsed.end_key == seconds_since_epoch(*end)
    assert parsed.precision == precision


# (EDTF, start as civil fields, end as civil fields) before year 1, where datetime cannot go
BCE_KEYS = [
    ("0000", (0, 1, 1), (1, 1, 1)),
    ("-0043", (-43, 1, 1), (-42, 1, 1)),
    ("-0043-03-15", (-43, 3, 15), (-43, 3, 16)),
    ("-0044-02-29", (-44, 2, 29), (-44, 3, 1)),
    ("-01XX", (-199, 1, 1), (-99, 1, 1)),
    ("-00XX", (-99, 1, 1), (1, 1, 1)),
    ("Y-170000", (-170000, 1, 1), (-169999, 1, 1)),
    ("Y170000", (170000, 1, 1), (170001, 1, 1)),
]


@pytest.mark.parametrize(("edtf", "start", "end"), BCE_KEYS)
def test_keys_before_year_one(edtf, start, end):
    parsed = parse_edtf(edtf)
    assert (parsed.start_key, parsed.end_key) == (civil_to_key(*start), civil_to_key(*end))


def test_year_zero_is_one_year_before_ad_1():
    assert civil_to_key(1) - civil_to_key(0) == 366 * SECONDS_PER_DAY  # 1 BC was a leap year
    assert civil_to_key(1) == seconds_since_epoch(1, 1, 1)


FLAGS = [
    # (EDTF, approximate, uncertain, is_interval, open_start, open_end)
    ("2024", False, False, False, False, False),
    ("2024?", False, True, False, False, False),
    ("2024~", True, False, False, False, False),
    ("2024%", True, True, False, False, False),
    ("2004-06~-11", True, False, False, False, False),
    ("2004?-06-11", False, True, False, False, False),
    ("1914/1918~", True, False, True, False, False),
    ("2024-07/..", False, False, True, False, True),
    ("2024/", False, False, True, False, True),
    ("../2024", False, False, True, True, False),
    ("/2024", False, False, True, True, False),
]


@pytest.mark.parametrize(
    ("edtf", "approximate", "uncertain", "is_interval", "open_start", "open_end"), FLAGS
)
def test_flags(edtf, approximate, uncertain, is_interval, open_start, open_end):
    parsed = parse_edtf(edtf)
    flags = (parsed.approximate, parsed.uncertain, parsed.is_interval)
    assert flags == (approximate, uncertain, is_interval)
    assert (parsed.open_start, parsed.open_end) == (open_start, open_end)


def test_qualifiers_do_not_widen_keys():
    plain = parse_edtf("2024-07")
    for qualified in ("2024-07?", "2024-07~", "2024-07%", "2024~-07"):
        parsed = parse_edtf(qualified)
        assert (parsed.start_key, parsed.end_key) == (plain.start_key, plain.end_key)


# (EDTF as typed, canonical EDTF)
CANONICAL = [
    ("2004?-06?-11?", "2004-06-11?"),
    ("2004%-06~", "2004?-06~"),
    ("2004-06~-11", "2004-06~-11"),
    ("2024-07-28T14:30:05+02:00", "2024-07-28T12:30:05Z"),
    ("2024-07-28T00:30+01", "2024-07-27T23:30Z"),
    ("0001-01-01T00:30+01:00", "0000-12-31T23:30Z"),
    ("Y-170000", "Y-170000"),
]


@pytest.mark.parametrize(("typed", "canonical"), CANONICAL)
def test_canonical_edtf(typed, canonical):
    assert parse_edtf(typed).edtf == canonical


DISPLAY = [
    ("2024", "2024"),
    ("2024-07", "Jul 2024"),
    ("2024-07-28", "28 Jul 2024"),
    ("2024-07-28T14:30", "28 Jul 2024 14:30"),
    ("2024-07-28T14", "28 Jul 2024 14:00"),
    ("-0043", "44 BC"),
    ("0000", "1 BC"),
    ("0079", "AD 79"),
    ("0999", "AD 999"),
    ("1000", "1000"),
    ("199X", "1990s"),
    ("079X", "AD 790s"),
    ("-019X", "200–191 BC"),
    ("000X", "1 BC – AD 9"),
    ("19XX", "20th century"),
    ("00XX", "1st century"),
    ("2024-21", "spring 2024"),
    ("1990~", "c. 1990"),
    ("2024?", "2024?"),
    ("2024-07/..", "Jul 2024 – …"),
    ("../2024", "… – 2024"),
    ("1914/1918", "1914 – 1918"),
    ("2024-07-28/2024-07-30", "28–30 Jul 2024"),
    ("2024-07-28/2024-07-28", "28 Jul 2024"),
    ("2023-12-28/2024-01-02", "28 Dec 2023 – 2 Jan 2024"),
    ("2024-07-28?/2024-07-30", "28 Jul 2024? – 30 Jul 2024"),
    ("2024-07/2024-07-30", "Jul 2024 – 30 Jul 2024"),
    ("2024-07-28T14:30/2024-07-28T16:00", "28 Jul 2024 14:30–16:00"),
    ("2024-07-28T14:30Z/2024-07-29T16:00Z", "28 Jul 2024 14:30 UTC – 29 Jul 2024 16:00 UTC"),
    ("2024-21/2024-23", "spring 2024 – autumn 2024"),
    ("-0049/-0043", "50 BC – 44 BC"),
    ("Y170000", "170,000"),
]


@pytest.mark.parametrize(("edtf", "display"), DISPLAY)
def test_display_by_precision(edtf, display):
    assert format_date(edtf) == display
    assert format_date(parse_edtf(edtf)) == display


# (text, words the refusal must contain)
REFUSALS = [
    ("", "no date given"),
    ("   ", "no date given"),
    ("2023-02-29", "February 2023 has 28 days"),
    ("1900-02-29", "February 1900 has 28 days"),
    ("31 Feb 2024", "'31 Feb 2024': February 2024 has 29 days"),
    ("2024-13", "month 13 does not exist"),
    ("2024-00", "month 00 does not exist"),
    ("2024-07-32", "July 2024 has 31 days"),
    ("2024-07-00", "day 00 does not exist"),
    ("2024-07-28T25:00", "hour 25 does not exist"),
    ("2024-07-28T14:60", "minute 60 does not exist"),
    ("2024-07-28T14:30:60", "second 60 does not exist"),
    ("2024-07-28T14:30+15:00", "time zone +15:00 does not exist"),
    ("2024-07-30/2024-07-28", "ends (2024-07-28) before it starts (2024-07-30)"),
    ("1918 to 1914", "ends (1914) before it starts (1918)"),
    ("hello", "not a date; write e.g. 28 July 2024"),
    ("28/07/2024", "ambiguous"),
    ("28/07/2024", "28 July 2024 or 2024-07-28"),
    ("03.04.2024", "ambiguous"),
    ("2024/02/30", "February 2024 has 29 days"),
    ("2024/13/01", "month 13 does not exist"),
    ("79", "needs an era: write AD 79, 79 BC or 1979"),
    ("July 2024 or so", "not a date"),
    ("July 28", "which year?"),
    ("28th 2024", "which month?"),
    ("-0000", "1 BC is written 0000"),
    ("0 BC", "there is no year 0"),
    ("XXXX", "only the last one to three digits of a year can be X"),
    ("201X-07", "a year with X digits (201X) cannot have a month"),
    ("2024-XX-28", "unspecified month (XX) needs an unspecified day"),
    ("2024-21-01", "a season (21–24) cannot have a day"),
    ("2024-33", "only the seasons 21–24"),
    ("2024T14:30", "a time needs a full date"),
    ("2024-07-28T14:30?", "qualify dates, not times"),
    ("../..", "at least one known end"),
    ("2024/2025/2026", "exactly one '/'"),
    ("Y2024", "write this year as 2024"),
    ("Y170000-07", "can only be given as whole years"),
    ("Y" + "9" * 20, "not supported"),
    ("[1667,1668]", "EDTF level 2 (a choice of dates in [ ])"),
    ("{1667,1668}", "EDTF level 2 (a set of dates in { })"),
    ("Y17E7", "EDTF level 2 (an exponential year)"),
    ("x" * 10_001, "10,001 characters long; a date is at most 10,000"),
    ("2024\x00", "NUL character"),
]


@pytest.mark.parametrize(("text", "reason"), REFUSALS)
def test_refusals_name_the_problem(text, reason):
    with pytest.raises(DateError) as caught:
        parse_date(text)
    assert reason in str(caught.value)


def test_refusing_odd_text_prints_nothing(capsys):
    for text in ("/..E", "../-07-%", "?2004S2,2024"):
        with pytest.raises(DateError):
            parse_date(text)
    assert capsys.readouterr().out == ""


def test_refusal_quotes_a_long_text_shortened():
    with pytest.raises(DateError) as caught:
        parse_date("nonsense " * 100)
    message = str(caught.value)
    assert message.startswith("'nonsense nonsense") and "…'" in message
    assert len(message) < 200


def test_parse_edtf_is_strict():
    with pytest.raises(DateError, match="not EDTF"):
        parse_edtf("28 July 2024")
    with pytest.raises(DateError, match="not EDTF"):
        parse_edtf("2024-07-28 14:30")


def test_format_date_reads_friendly_text():
    assert format_date("c. 44 BC") == "c. 44 BC"


def test_parsed_date_is_a_plain_value():
    parsed = parse_date("2024")
    assert parsed == ParsedDate(
        "2024", parsed.start_key, parsed.end_key, Precision.YEAR, False, False
    )
    assert Precision("decade") is Precision.DECADE


def test_civil_to_key_refuses_impossible_fields():
    with pytest.raises(ValueError):
        civil_to_key(2023, 2, 29)
    with pytest.raises(ValueError):
        civil_to_key(2024, 1, 1, 24)


def test_key_to_civil_before_the_epoch():
    assert key_to_civil(-1) == (1969, 12, 31, 23, 59, 59)
    assert key_to_civil(civil_to_key(-43, 3, 15, 12)) == (-43, 3, 15, 12, 0, 0)


@pytest.mark.parametrize(
    ("year", "month", "n", "expected"),
    [(2024, 7, 1, (2024, 8)), (2024, 12, 1, (2025, 1)), (2024, 1, -1, (2023, 12)),
     (0, 1, -1, (-1, 12)), (2024, 7, 30, (2027, 1)), (2024, 7, 0, (2024, 7))],
)  # fmt: skip
def test_add_months(year, month, n, expected):
    assert add_months(year, month, n) == expected


KEY = civil_to_key(2024, 7, 28, 14, 30, 5)
# (precision, floor as civil fields, next as civil fields, label)
UNITS = [
    (Precision.MILLENNIUM, (2000,), (3000,), "3rd millennium"),
    (Precision.CENTURY, (2000,), (2100,), "21st century"),
    (Precision.DECADE, (2020,), (2030,), "2020s"),
    (Precision.YEAR, (2024,), (2025,), "2024"),
    (Precision.SEASON, (2024, 6), (2024, 9), "summer 2024"),
    (Precision.MONTH, (2024, 7), (2024, 8), "Jul 2024"),
    (Precision.DAY, (2024, 7, 28), (2024, 7, 29), "28 Jul 2024"),
    (Precision.HOUR, (2024, 7, 28, 14), (2024, 7, 28, 15), "14:00"),
    (Precision.MINUTE, (2024, 7, 28, 14, 30), (2024, 7, 28, 14, 31), "14:30"),
    (Precision.SECOND, (2024, 7, 28, 14, 30, 5), (2024, 7, 28, 14, 30, 6), "14:30:05"),
]


@pytest.mark.parametrize(("precision", "floor", "following", "label"), UNITS)
def test_axis_units(precision, floor, following, label):
    assert floor_key(KEY, precision) == civil_to_key(*floor)
    assert next_key(KEY, precision) == civil_to_key(*following)
    assert format_key(KEY, precision) == label


# (civil fields, precision, label) for labels around and before year 1
KEY_LABELS = [
    ((-43, 3, 15), Precision.YEAR, "44 BC"),
    ((0, 6, 1), Precision.YEAR, "1 BC"),
    ((79, 8, 24), Precision.YEAR, "AD 79"),
    ((1995,), Precision.DECADE, "1990s"),
    ((1950,), Precision.CENTURY, "20th century"),
    ((-150,), Precision.CENTURY, "2nd century BC"),
    ((0,), Precision.CENTURY, "1st century BC"),
    ((1,), Precision.CENTURY, "1st century"),
    ((-1000,), Precision.MILLENNIUM, "2nd millennium BC"),
    ((-5,), Precision.DECADE, "10–1 BC"),
    ((-15,), Precision.DECADE, "20–11 BC"),
    ((5,), Precision.DECADE, "AD 1 – AD 9"),
    ((15,), Precision.DECADE, "AD 10s"),
    ((2025, 2, 10), Precision.SEASON, "winter 2024"),
    ((-43, 3, 15), Precision.DAY, "15 Mar 44 BC"),
]


@pytest.mark.parametrize(("fields", "precision", "label"), KEY_LABELS)
def test_format_key_labels(fields, precision, label):
    assert format_key(civil_to_key(*fields), precision) == label


def test_season_floor_of_january_is_the_previous_december():
    key = civil_to_key(2025, 1, 15)
    assert floor_key(key, Precision.SEASON) == civil_to_key(2024, 12, 1)
    assert next_key(key, Precision.SEASON) == civil_to_key(2025, 3, 1)


def test_bc_blocks_end_on_round_bc_years():
    key = civil_to_key(-43, 7, 1)  # 44 BC
    assert floor_key(key, Precision.DECADE) == civil_to_key(-49)  # 50 BC
    assert next_key(key, Precision.DECADE) == civil_to_key(-39)  # 40 BC
    assert floor_key(key, Precision.CENTURY) == civil_to_key(-99)  # 100 BC
    assert next_key(key, Precision.CENTURY) == civil_to_key(1)  # AD 1


def test_the_first_ad_century_starts_at_ad_1():
    key = civil_to_key(50)
    assert floor_key(key, Precision.CENTURY) == civil_to_key(1)
    assert next_key(key, Precision.CENTURY) == civil_to_key(100)
