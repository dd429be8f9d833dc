"""Time <-> pixels on the timeline, and axis ticks from millions of years down to minutes.

Pure functions over integer keys (seconds since 1970, astronomical years). Year ticks use the
same blocks as `db.dates` (`year_block`), so BC ticks fall on round BC years (100 BC, AD 1,
AD 100) and no axis ever shows a year 0.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from db.dates import Precision, add_months, civil_to_key, format_key, key_to_civil
from db.dates.calendar import days_in_month
from db.dates.units import year_block
from db.dates.words import MONTH_ABBREVIATIONS, year_label
from desktop.timeline.text_width import estimate_text_width

MIN_SECONDS_PER_PIXEL = 0.5
MAX_SECONDS_PER_PIXEL = 1e13  # about 300,000 years per pixel
_DAY = 86_400
_YEAR = 365.2425 * _DAY
_MONTH = _YEAR / 12
_LABEL_GAP = 28.0  # pixels kept free between neighbouring tick labels


@dataclass(frozen=True)
class TimeScale:
    """Maps keys to x pixels: x = (key - start_key) / seconds_per_pixel."""

    start_key: float
    seconds_per_pixel: float

    def x_of(self, key: float) -> float:
        return (key - self.start_key) / self.seconds_per_pixel

    def key_at(self, x: float) -> float:
        return self.start_key + x * self.seconds_per_pixel

    def end_key(self, width: float) -> float:
        return self.key_at(width)

    def zoomed(self, factor: float, anchor_x: float) -> TimeScale:
        """Zoom in by `factor` (> 1 shows less time), keeping the instant at `anchor_x` still."""
        spp = clamp_seconds_per_pixel(self.seconds_per_pixel / factor)
        anchor = self.key_at(anchor_x)
        return TimeScale(anchor - anchor_x * spp, spp)

    def panned(self, dx: float) -> TimeScale:
        """The scale after dragging the content `dx` pixels to the right."""
        return TimeScale(self.start_key - dx * self.seconds_per_pixel, self.seconds_per_pixel)

    @classmethod
    def fitting(cls, start: float, end: float, width: float, margin: float = 0.0) -> TimeScale:
        """The scale showing [start, end) across `width` pixels with `margin` (share) each side."""
        span = max(end - start, 1.0)
        spp = clamp_seconds_per_pixel(span * (1 + 2 * margin) / max(width, 1.0))
        middle = (start + end) / 2
        return cls(middle - width / 2 * spp, spp)


def clamp_seconds_per_pixel(spp: float) -> float:
    return min(max(spp, MIN_SECONDS_PER_PIXEL), MAX_SECONDS_PER_PIXEL)


@dataclass(frozen=True)
class TickStep:
    """Distance between ticks: `count` years, months, days, hours or minutes."""

    unit: str
    count: int

    @property
    def seconds(self) -> float:
        """Typical length in seconds (months and years vary)."""
        per_unit = {"minute": 60, "hour": 3600, "day": _DAY, "month": _MONTH, "year": _YEAR}
        return per_unit[self.unit] * self.count


_CLOCK_STEPS = [TickStep("minute", n) for n in (1, 2, 5, 10, 15, 30)] + [
    TickStep("hour", n) for n in (1, 2, 3, 6, 12)
]
_CALENDAR_STEPS = [TickStep("day", n) for n in (1, 2, 5, 10)] + [
    TickStep("month", n) for n in (1, 3, 6)
]
_YEAR_COUNTS = [m * 10**e for e in range(10) for m in (1, 2, 5)]
STEPS = _CLOCK_STEPS + _CALENDAR_STEPS + [TickStep("year", n) for n in _YEAR_COUNTS]


def tick_floor(key: int, step: TickStep) -> int:
    """The last tick at or before `key`."""
    year, month, day, hour, minute = key_to_civil(key)[:5]
    if step.unit == "year":
        return civil_to_key(year_block(year, step.count)[0])
    if step.unit == "month":
        return civil_to_key(year, month - (month - 1) % step.count)
    day_start = civil_to_key(year, month, day)
    if step.unit == "day":
        return civil_to_key(year, month, max(d for d in _tick_days(year, month, step) if d <= day))
    if step.unit == "hour":
        return day_start + (hour - hour % step.count) * 3600
    return day_start + hour * 3600 + (minute - minute % step.count) * 60


def tick_after(tick: int, step: TickStep) -> int:
    """The tick following `tick` (which must be a tick of `step`)."""
    year, month, day = key_to_civil(tick)[:3]
    if step.unit == "year":
        return civil_to_key(year_block(year, step.count)[1] + 1)
    if step.unit == "month":
        return civil_to_key(*add_months(year, month, step.count))
    if step.unit == "day":
        later = [d for d in _tick_days(year, month, step) if d > day]
        return (
            civil_to_key(year, month, later[0])
            if later
            else civil_to_key(*add_months(year, month, 1))
        )
    return tick + step.count * (3600 if step.unit == "hour" else 60)


def _tick_days(year: int, month: int, step: TickStep) -> list[int]:
    """Days of the month that carry a tick: they restart on the 1st, and a last tick too
    close to the next month is dropped so its label has room."""
    length = days_in_month(year, month)
    return [
        d for d in range(1, length + 1, step.count) if d == 1 or length - d + 1 >= 0.75 * step.count
    ]


def tick_keys(step: TickStep, start: float, end: float) -> list[int]:
    """Keys of the ticks of `step` within [start, end]."""
    keys = []
    tick = tick_floor(int(start), step)
    if tick < start:
        tick = tick_after(tick, step)
    while tick <= end:
        keys.append(tick)
        tick = tick_after(tick, step)
    return keys


def tick_label(key: int, step: TickStep) -> str:
    """'2024', '44 BC', 'Jul 2024', '28 Jul' or '14:00' by the step's unit."""
    if step.unit == "year":
        return year_label(key_to_civil(key)[0])
    if step.unit == "month":
        return format_key(key, Precision.MONTH)
    if step.unit == "day":
        _year, month, day = key_to_civil(key)[:3]
        return f"{day} {MONTH_ABBREVIATIONS[month - 1]}"
    return format_key(key, Precision.MINUTE)


# The coarser unit named above the tick labels, so '28 Jul' is read in its month and year.
_CONTEXT = {
    "day": (TickStep("month", 1), Precision.MONTH),
    "hour": (TickStep("day", 1), Precision.DAY),
    "minute": (TickStep("day", 1), Precision.DAY),
}


def _sample_label(step: TickStep, scale: TimeScale, width: float) -> str:
    """The widest label the step is likely to show in view, for spacing."""
    if step.unit != "year":
        return {"month": "Sep 2024", "day": "28 Sep"}.get(step.unit, "00:00")
    years = [key_to_civil(int(scale.key_at(x)))[0] for x in (0, width)]
    return max((year_label(y) for y in years), key=len)


def choose_step(
    scale: TimeScale, width: float, measure: Callable[[str], float] | None = None
) -> TickStep:
    """The finest step whose labels fit between neighbouring ticks."""
    measure = measure or estimate_text_width
    for step in STEPS:
        needed = measure(_sample_label(step, scale, width)) + _LABEL_GAP
        if step.seconds / scale.seconds_per_pixel >= needed:
            return step
    return STEPS[-1]


@dataclass(frozen=True)
class Tick:
    key: int
    x: float
    label: str


@dataclass(frozen=True)
class Axis:
    """Ticks across a view: labelled `ticks`, plus `context` ticks of the coarser unit."""

    step: TickStep
    ticks: list[Tick]
    context: list[Tick]
    context_at_start: str  # the coarser unit holding the left edge ('Jul 2024'), or ''


def axis_ticks(
    scale: TimeScale, width: float, measure: Callable[[str], float] | None = None
) -> Axis:
    """Axis ticks and labels for a view `width` pixels wide."""
    step = choose_step(scale, width, measure)
    start, end = scale.start_key, scale.end_key(width)
    start, end = max(start, -(2**62)), min(end, 2**62)
    ticks = [Tick(k, scale.x_of(k), tick_label(k, step)) for k in tick_keys(step, start, end)]
    if step.unit not in _CONTEXT:
        return Axis(step, ticks, [], "")
    context_step, precision = _CONTEXT[step.unit]
    context = [
        Tick(k, scale.x_of(k), format_key(k, precision))
        for k in tick_keys(context_step, start, end)
    ]
    return Axis(step, ticks, context, format_key(int(start), precision))
