"""Time <-> pixels and axis ticks, without a widget."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from db.dates import civil_to_key, parse_date
from desktop.timeline.scale import (
    MAX_SECONDS_PER_PIXEL,
    MIN_SECONDS_PER_PIXEL,
    TickStep,
    TimeScale,
    axis_ticks,
    tick_keys,
)

DAY = 86_400
YEAR = 365.2425 * DAY


def _labels_for(start: str, end: str, width: float = 1000.0):
    lo, hi = parse_date(start).start_key, parse_date(end).end_key
    axis = axis_ticks(TimeScale.fitting(lo, hi, width), width)
    return axis, [tick.label for tick in axis.ticks]


@given(
    start=st.integers(-(10**13), 10**13),
    spp=st.floats(MIN_SECONDS_PER_PIXEL, 1e9),
    x=st.floats(-5000, 5000),
)
def test_key_at_and_x_of_are_inverse(start, spp, x):
    scale = TimeScale(start, spp)
    # Keys are floats here: the error is a few units in the last place of the key.
    tolerance = 1e-6 + 8 * 2.3e-16 * (abs(start) + abs(x) * spp) / spp
    assert scale.x_of(scale.key_at(x)) == pytest.approx(x, abs=tolerance)


@given(factor=st.floats(0.05, 20), anchor=st.floats(0, 1800))
def test_zoom_keeps_the_instant_under_the_anchor(factor, anchor):
    scale = TimeScale(civil_to_key(2000), 3600.0)
    zoomed = scale.zoomed(factor, anchor)
    assert zoomed.key_at(anchor) == pytest.approx(scale.key_at(anchor), rel=1e-9)
    assert zoomed.seconds_per_pixel == pytest.approx(3600.0 / factor)


def test_zoom_is_clamped_between_seconds_and_hundreds_of_millennia():
    scale = TimeScale(0, 1.0)
    assert scale.zoomed(1e6, 0).seconds_per_pixel == MIN_SECONDS_PER_PIXEL
    assert scale.zoomed(1e-30, 0).seconds_per_pixel == MAX_SECONDS_PER_PIXEL


def test_pan_moves_the_content_by_the_dragged_pixels():
    scale = TimeScale(civil_to_key(2024), 60.0)
    panned = scale.panned(120)
    assert panned.x_of(civil_to_key(2024)) == pytest.approx(120)


def test_fitting_shows_the_range_with_margins():
    lo, hi = civil_to_key(2000), civil_to_key(2010)
    scale = TimeScale.fitting(lo, hi, 1000, margin=0.05)
    assert scale.x_of(lo) == pytest.approx(1000 / 1.1 * 0.05 + 0, rel=1e-6)
    assert 0 < scale.x_of(lo) < scale.x_of(hi) < 1000


def test_millennia_ticks_fall_on_round_bc_years_and_skip_year_zero():
    axis, labels = _labels_for("-5000", "2500")
    assert axis.step == TickStep("year", 1000)
    assert labels == ["5000 BC", "4000 BC", "3000 BC", "2000 BC", "1000 BC", "AD 1", "1000", "2000"]
    assert not any(re.fullmatch(r"(AD )?0( BC)?", label) for label in labels)


def test_centuries_and_decades_around_the_birth_of_christ():
    _axis, labels = _labels_for("-0300", "0300", width=700)
    assert labels == ["300 BC", "200 BC", "100 BC", "AD 1", "AD 100", "AD 200", "AD 300"]
    axis, labels = _labels_for("-0030", "0030", width=700)
    assert axis.step == TickStep("year", 10)
    assert labels == ["30 BC", "20 BC", "10 BC", "AD 1", "AD 10", "AD 20", "AD 30"]
    _axis, labels = _labels_for("-0030", "0030", width=1400)
    assert labels[4:8] == ["10 BC", "5 BC", "AD 1", "AD 5"]


@pytest.mark.parametrize(
    ("start", "end", "unit", "sample", "context"),
    [
        ("1900", "2020", "year", "1950", ""),
        ("2015", "2024", "year", "2020", ""),
        ("2024-01", "2024-12", "month", "Jul 2024", ""),
        ("2024-07-01", "2024-07-31", "day", "21 Jul", "Jul 2024"),
        ("2024-07-20", "2024-08-05", "day", "29 Jul", "Aug 2024"),
        ("2024-07-28T08", "2024-07-28T20", "hour", "14:00", "28 Jul 2024"),
        ("2024-07-28T14:00", "2024-07-28T14:30", "minute", "14:10", "28 Jul 2024"),
    ],
)
def test_axis_labels_follow_the_zoom(start, end, unit, sample, context):
    axis, labels = _labels_for(start, end)
    assert axis.step.unit == unit
    assert sample in labels
    assert axis.context_at_start == context or any(t.label == context for t in axis.context)


def test_ticks_leave_room_for_their_labels_at_every_zoom():
    for spp in (0.5, 5, 60, 900, 3600, 86_400, 30 * 86_400, YEAR, 30 * YEAR, 900 * YEAR, 1e13):
        scale = TimeScale(civil_to_key(1990), spp)
        axis = axis_ticks(scale, 1600)
        xs = [tick.x for tick in axis.ticks]
        assert xs == sorted(xs)
        gaps = [b - a for a, b in itertools.pairwise(xs)]
        widest = max((7.0 * len(t.label) for t in axis.ticks), default=0)
        assert all(gap >= widest * 0.75 for gap in gaps), (spp, axis.step, gaps)


def test_day_ticks_restart_each_month_without_crowding_the_last_days():
    step = TickStep("day", 5)
    keys = tick_keys(step, civil_to_key(2023, 1, 1), civil_to_key(2023, 3, 1))
    days = [(k - civil_to_key(2023, 1, 1)) // DAY for k in keys]
    assert days[:7] == [0, 5, 10, 15, 20, 25, 31]  # Jan 31 dropped: too close to Feb 1
    assert 31 + 25 not in days  # Feb 26 dropped too (three days before 1 March)
    assert days[-1] == 31 + 28  # 1 March


def test_pixels_are_monotonic_across_the_bc_ad_boundary():
    span = parse_date("-0100/0100")
    scale = TimeScale.fitting(span.start_key, span.end_key, 1200)
    years = [*range(-100, 0), *range(1, 101)]
    xs = [scale.x_of(civil_to_key(y)) for y in years]
    assert xs == sorted(xs)
    assert xs[0] >= 0 and xs[-1] <= 1200
