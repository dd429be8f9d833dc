"""Fetch what a timeline window needs from the library and turn it into a scene (no Qt).

Runs on a worker thread for the widget and inline for exports. A window holding few events
is drawn event by event; a busier one as counts per lane and cell, with the most important
events labelled. Above `EXACT_LIMIT` events the counts come from a regular sample of ids
(every n-th), which keeps a whole-span view of a million events under half a second.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from db.engine import Library
from db.queries import EventFilter, EventRow, bucket_counts, count_events, key_extent
from db.queries.timeline import (
    LaneCandidate,
    LaneKey,
    LaneRow,
    event_rows,
    lane_buckets,
    lane_label_candidates,
    lane_memberships,
    timeline_lanes,
    window_events,
)
from desktop.timeline.scene import (
    Measure,
    SceneSpec,
    TimelineScene,
    bucket_layout,
    build_aggregate_scene,
    build_detail_scene,
    estimate_text_width,
)

DETAIL_LIMIT = 4000  # events laid out one by one in a scene (three screens wide)
EXACT_LIMIT = 100_000  # events counted exactly per lane; above this, a sample is counted
OVERVIEW_BUCKETS = 1024
_LABEL_CELL_PX = 150
_MIN_LABEL_IMPORTANCE = 3


@dataclass(frozen=True)
class LibrarySummary:
    """The whole (filtered) library at a glance: its span, lanes, size and overview counts.

    The overview (a histogram over the whole span) takes a full index scan, half a second at
    a million events, so it comes later (`with_overview`) and the first frame does not wait.
    """

    lane_by: str
    filter: EventFilter
    extent: tuple[int, int] | None
    lanes: tuple[LaneRow, ...]
    total: int
    overview: tuple[int, ...] = ()  # events starting in each of OVERVIEW_BUCKETS slices

    def estimate(self, start: int, end: int) -> float:
        """About how many events start in [start, end): from the overview when it is there,
        else as if the events were spread evenly."""
        if self.extent is None:
            return 0.0
        lo, hi = self.extent
        if not self.overview:
            share = (min(end, hi) - max(start, lo)) / max(1, hi - lo)
            return self.total * max(0.0, min(1.0, share))
        width = (hi - lo) / len(self.overview)
        first, last = (start - lo) / width, (end - lo) / width
        total = 0.0
        for index in range(max(0, math.floor(first)), min(len(self.overview), math.ceil(last))):
            covered = min(last, index + 1) - max(first, index)
            total += self.overview[index] * max(0.0, min(1.0, covered))
        return total


def load_summary(lib: Library, lane_by: str, filt: EventFilter | None = None) -> LibrarySummary:
    """Span, lanes and number of the (filtered) events; no overview yet."""
    filt = filt or EventFilter()
    extent = key_extent(lib, filt)
    if extent is None:
        return LibrarySummary(lane_by, filt, None, (), 0)
    lanes = tuple(timeline_lanes(lib, lane_by, filt))
    return LibrarySummary(lane_by, filt, extent, lanes, count_events(lib, filt))


def load_overview(lib: Library, summary: LibrarySummary) -> LibrarySummary:
    """`summary` with its overview histogram."""
    if summary.extent is None:
        return summary
    lo, hi = summary.extent
    counts = bucket_counts(lib, lo, hi + 1, OVERVIEW_BUCKETS, summary.filter)
    return replace(summary, overview=tuple(counts))


def build_scene(
    lib: Library,
    summary: LibrarySummary,
    spec: SceneSpec,
    measure: Measure = estimate_text_width,
) -> TimelineScene:
    """The scene of `spec`'s key range: event by event when few, counts per cell when many."""
    estimate = summary.estimate(spec.start_key, spec.end_key)
    filt = summary.filter
    if estimate <= 4 * DETAIL_LIMIT:
        rows = window_events(
            lib, spec.start_key, spec.end_key, filt, extent=summary.extent, limit=DETAIL_LIMIT
        )
        if rows is not None:
            memberships = lane_memberships(lib, spec.lane_by, [row.id for row in rows])
            return build_detail_scene(spec, rows, memberships, measure)
    sample = max(1, math.ceil(estimate / EXACT_LIMIT))
    first, width, count = bucket_layout(spec)
    buckets = lane_buckets(
        lib, spec.lane_by, first, first + width * count, count, filt, sample=sample
    )
    labelled = _label_events(lib, spec, filt, sample)
    return build_aggregate_scene(spec, buckets, labelled, approximate=sample > 1, measure=measure)


def _label_events(
    lib: Library, spec: SceneSpec, filt: EventFilter, sample: int
) -> list[tuple[EventRow, LaneKey]]:
    """The most important event per lane and label-wide cell, for the busy-window labels.

    The few most important events are all considered; below them, the same sample as the
    counts, so a million-event window costs a tenth.
    """
    range_px = (spec.end_key - spec.start_key) / spec.seconds_per_pixel
    cells = max(1, int(range_px // _LABEL_CELL_PX))
    wanted = len(spec.lanes) * cells
    best: dict[tuple[LaneKey, int], LaneCandidate] = {}
    for importance in range(5, _MIN_LABEL_IMPORTANCE - 1, -1):
        found = lane_label_candidates(
            lib, spec.lane_by, spec.start_key, spec.end_key, cells, filt,
            importance=importance, sample=1 if importance == 5 else sample,
        )  # fmt: skip
        for candidate in found:
            best.setdefault((candidate.lane, candidate.cell), candidate)
        if len(best) >= wanted / 2:
            break
    rows = {row.id: row for row in event_rows(lib, {c.event_id for c in best.values()})}
    return [(rows[c.event_id], c.lane) for c in best.values() if c.event_id in rows]


def scene_for_window(
    lib: Library,
    start_key: int,
    end_key: int,
    filt: EventFilter | None,
    lane_by: str,
    *,
    width: float,
    height: float,
    measure: Measure = estimate_text_width,
) -> TimelineScene:
    """The scene of [start_key, end_key) drawn `width` x `height` pixels (exports, tests)."""
    summary = load_overview(lib, load_summary(lib, lane_by, filt))
    spp = max(end_key - start_key, 1) / max(width, 1.0)
    spec = SceneSpec(
        start_key=start_key,
        end_key=end_key,
        seconds_per_pixel=spp,
        lane_by=lane_by,
        lanes=summary.lanes,
    )  # every row: a picture shows every event (`height` is grown to fit, not a limit)
    return build_scene(lib, summary, spec, measure)
