"""Moving EDTF dates by whole units of their precision (timeline drags)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from db.dates import Precision, parse_date
from db.dates.shift import move_edtf_end, shift_edtf, steps_for
from db.errors import DateError

DAY = 86_400


@pytest.mark.parametrize(
    ("edtf", "steps", "expected"),
    [
        ("2024-07", 1, "2024-08"),
        ("2024-07", -7, "2023-12"),
        ("2024-07~", 2, "2024-09~"),
        ("2024?-07", 1, "2024?-08"),
        ("2024", 3, "2027"),
        ("2024-07-28", 5, "2024-08-02"),
        ("2024-07-28T14:30", 45, "2024-07-28T15:15"),
        ("2024-07-28T14:30Z", -31, "2024-07-28T13:59Z"),
        ("2024-07-28T14", 12, "2024-07-29T02"),
        ("201X", 1, "202X"),
        ("19XX", -1, "18XX"),
        ("2024-XX", 1, "2025-XX"),
        ("2024-21", 1, "2024-22"),
        ("2024-24", 1, "2025-21"),
        ("2021/2024-06", 1, "2022/2025-06"),
        ("2024-06/..", 2, "2024-08/.."),
        ("Y-170000", 1000, "Y-169000"),
    ],
)
def test_shift_keeps_the_precision_and_qualifiers(edtf, steps, expected):
    assert shift_edtf(edtf, steps) == expected
    assert parse_date(expected).precision == parse_date(edtf).precision


def test_shift_crosses_from_bc_to_ad_without_a_year_zero_gap():
    # -0001 is 2 BC; two years later is AD 1 (0000 = 1 BC lies between).
    assert shift_edtf("-0001", 2) == "0001"
    assert shift_edtf("-0044", 50) == "0006"
    assert shift_edtf("-0001-12", 1) == "0000-01"


def test_bc_decades_move_block_by_block():
    assert shift_edtf("-001X", 1) == "-000X"
    assert shift_edtf("-000X", 1) == "000X"
    assert shift_edtf("000X", -2) == "-001X"


def test_a_day_past_the_end_of_the_new_month_is_clamped():
    assert shift_edtf("2024-01-31/2024-03-31", 0) == "2024-01-31/2024-03-31"
    assert shift_edtf("2024-02-29", 365) == "2025-02-28"
    # A month-unit move of a day-precision end happens when the other end is a month.
    assert shift_edtf("2024-01/2024-03-31", 1) == "2024-02/2024-04-30"


def test_a_move_beyond_what_edtf_holds_is_refused():
    with pytest.raises(DateError):
        shift_edtf("9999-12", 1)
    with pytest.raises(DateError):
        shift_edtf("999X", 1)


def test_steps_round_to_the_nearest_whole_unit():
    assert steps_for(Precision.MONTH, 44 * DAY) == 1
    assert steps_for(Precision.MONTH, 46 * DAY) == 2
    assert steps_for(Precision.MONTH, -20 * DAY) == -1
    assert steps_for(Precision.YEAR, 100 * DAY) == 0
    assert steps_for(Precision.DECADE, 6 * 365 * DAY) == 1
    assert steps_for(Precision.MINUTE, 95) == 2


def test_moving_an_end_of_a_single_date_makes_an_interval():
    assert move_edtf_end("2024-07", "end", 2) == "2024-07/2024-09"
    assert move_edtf_end("2024-07", "start", -1) == "2024-06/2024-07"
    assert move_edtf_end("2024-07~", "end", 1) == "2024-07~/2024-08~"


def test_moving_an_end_of_an_interval_moves_only_that_end_by_its_own_unit():
    assert move_edtf_end("2021/2024-06", "end", 2) == "2021/2024-08"
    assert move_edtf_end("2021/2024-06", "start", -3) == "2018/2024-06"
    # Ends that meet make a single date again.
    assert move_edtf_end("2024-07/2024-09", "end", -2) == "2024-07"


def test_an_end_cannot_pass_the_other_or_move_when_open():
    with pytest.raises(DateError, match="before it starts"):
        move_edtf_end("2024-07/2024-09", "end", -3)
    with pytest.raises(DateError, match="open"):
        move_edtf_end("2024-07/..", "end", 1)
    with pytest.raises(ValueError):
        move_edtf_end("2024", "middle", 1)


@given(
    year=st.integers(-3000, 3000),
    month=st.integers(1, 12),
    steps=st.integers(-500, 500),
    qualifier=st.sampled_from(["", "?", "~", "%"]),
)
def test_months_moved_there_and_back_return_unchanged(year, month, steps, qualifier):
    edtf = parse_date(f"{'-' if year < 0 else ''}{abs(year):04d}-{month:02d}{qualifier}").edtf
    moved = shift_edtf(edtf, steps)
    assert parse_date(moved).precision == Precision.MONTH
    assert moved.endswith(qualifier)
    assert shift_edtf(moved, -steps) == edtf
    before, after = parse_date(edtf), parse_date(moved)
    assert (after.start_key > before.start_key) == (steps > 0) or steps == 0


@given(day=st.integers(-700_000, 700_000), steps=st.integers(-10_000, 10_000))
def test_days_move_by_exactly_that_many_days(day, steps):
    from db.dates import key_to_civil

    year, month, dom = key_to_civil(day * DAY)[:3]
    edtf = parse_date(f"{'-' if year < 0 else ''}{abs(year):04d}-{month:02d}-{dom:02d}").edtf
    moved = parse_date(shift_edtf(edtf, steps))
    assert moved.start_key == day * DAY + steps * DAY
    assert moved.precision == Precision.DAY
