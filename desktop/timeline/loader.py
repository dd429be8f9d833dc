"""Fetch what a timeline window needs from the library and turn it into a scene (no Qt).

Runs on a worker thread for the widget and inline for exports. A window holding few events
is drawn event by event; a busier one as counts per lane and cell, with the most important
events labelled. The counts come from the in-memory key columns (`EventColumns`) when the
caller has them up to date (seen through the view's filter when one is set, see
db/queries/filtered_columns): a few milliseconds at a million events. Otherwise (the first
seconds after opening, or after a filter change) SQL counts them; above `EXACT_LIMIT` events
from a regular sample of ids (every n-th), which keeps a whole-span view of a million events
under half a second.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from db.engine import Library
from db.queries import (
    EventFilter,
    EventRow,
    bucket_counts,
    count_events,
    key_extent,
    participants,
)
from db.queries.event_columns import EventColumns
from db.queries.filtered_columns import FilteredColumns
from db.queries.layers import era_bands, has_band_tag, links_among
from db.queries.timeline import (
    LaneBucket,
    LaneCandidate,
    LaneKey,
    LaneRow,
    lane_buckets,
    lane_label_candidates,
    lane_memberships,
    timeline_lanes,
    window_events,
)
from desktop.timeline.row_cache import EventRowCache
from desktop.timeline.scene import (
    BUCKET_PX,
    CELL_PX,
    Measure,
    SceneBand,
    SceneSpec,
    TimelineScene,
    bucket_layout,
    build_aggregate_scene,
    build_detail_scene,
)
from desktop.timeline.text_width import estimate_text_width

DETAIL_LIMIT = 4000  # events laid out one by one in a scene (three screens wide)
# A scene of counts with at most this many events reads their rows ahead (`_prefetch`):
# about two wheel steps (1.1x each) before its events are drawn one by one.
PREFETCH_LIMIT = 5 * DETAIL_LIMIT // 4
EXACT_LIMIT = 100_000  # events counted exactly per lane; above this, a sample is counted
# ... and in a scene that the key columns will count again once they are read (the first
# frame after opening): a quarter of the rows to join, ~0.3 s less before that frame at 1M.
PROVISIONAL_LIMIT = 25_000
OVERVIEW_BUCKETS = 1024
_LABEL_CELL_PX = 150
_MIN_LABEL_IMPORTANCE = 3
# What answers a view's counts from memory: the key columns, or the columns seen through the
# view's filter.
KeyColumns = EventColumns | FilteredColumns


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


def load_summary(
    lib: Library, lane_by: str, filt: EventFilter | None = None, band_tag: str | None = None
) -> LibrarySummary:
    """Span, lanes and number of the (filtered) events; no overview yet. Events tagged
    `band_tag` are left out of the lanes: they are drawn as bands behind them."""
    filt = filt or EventFilter()
    if band_tag and has_band_tag(lib, band_tag):
        filt = replace(filt, hidden_tags=(*filt.hidden_tags, band_tag))
    extent = key_extent(lib, filt)
    if extent is None:
        return LibrarySummary(lane_by, filt, None, (), 0)
    lanes = tuple(timeline_lanes(lib, lane_by, filt))
    return LibrarySummary(lane_by, filt, extent, lanes, count_events(lib, filt))


def _usable(columns: KeyColumns | None, summary: LibrarySummary) -> KeyColumns | None:
    """The columns when they can answer for `summary`: the whole library's for no filter,
    or the columns seen through the summary's very filter."""
    if isinstance(columns, FilteredColumns):
        return columns if columns.filter == summary.filter else None
    return columns if columns is not None and summary.filter.is_empty() else None


def load_overview(
    lib: Library, summary: LibrarySummary, columns: KeyColumns | None = None
) -> LibrarySummary:
    """`summary` with its overview histogram (from `columns` when they are given)."""
    if summary.extent is None:
        return summary
    lo, hi = summary.extent
    columns = _usable(columns, summary)
    if columns is not None:
        counts = columns.bucket_counts(lo, hi + 1, OVERVIEW_BUCKETS)
    else:
        counts = bucket_counts(lib, lo, hi + 1, OVERVIEW_BUCKETS, summary.filter)
    return replace(summary, overview=tuple(counts))


def build_scene(
    lib: Library,
    summary: LibrarySummary,
    spec: SceneSpec,
    measure: Measure = estimate_text_width,
    columns: KeyColumns | None = None,
    rows: EventRowCache | None = None,
    *,
    provisional: bool = False,
) -> TimelineScene:
    """The scene of `spec`'s key range: event by event when few, counts per cell when many,
    with its era bands and the relations among its events when `spec` asks for them.

    `columns`, when given, must match the library as it is (see desktop/timeline/event_keys);
    `rows`, when given, keeps the event rows read for this state of the library.
    `provisional`: the scene is shown only until the key columns count it again, so SQL may
    count a sparser sample of a busy window.
    """
    cache = rows or EventRowCache()
    scene = _build_lanes(lib, summary, spec, measure, columns, cache, provisional)
    # The summary hides the band tag's events only when some exist: else no query at all.
    if spec.band_tag and spec.band_tag in summary.filter.hidden_tags:
        scene.bands = [
            SceneBand(band.event_id, band.title, scene.x_of(band.start_key),
                      scene.x_of(band.end_key), band.color)
            for band in era_bands(lib, spec.start_key, spec.end_key, spec.band_tag)
        ]  # fmt: skip
    if spec.relations:
        scene.links = links_among(lib, {mark.event_id for mark in scene.marks})
    return scene


def _build_lanes(
    lib: Library,
    summary: LibrarySummary,
    spec: SceneSpec,
    measure: Measure,
    columns: KeyColumns | None,
    cache: EventRowCache,
    provisional: bool,
) -> TimelineScene:
    columns = _usable(columns, summary)
    filt = summary.filter
    near: np.ndarray | None = None  # a window a wheel step or two from detail: its events
    if columns is not None:
        # The columns know which events overlap the window: only their rows are read (those
        # not kept from the scene before), and only when few enough to draw one by one.
        near = columns.overlapping(spec.start_key, spec.end_key, PREFETCH_LIMIT)
        if near is not None and len(near) <= DETAIL_LIMIT:
            memberships = columns.memberships(spec.lane_by, near)
            return build_detail_scene(spec, cache.rows(lib, near), memberships, measure)
    elif summary.estimate(spec.start_key, spec.end_key) <= 4 * DETAIL_LIMIT:
        rows = window_events(
            lib, spec.start_key, spec.end_key, filt, extent=summary.extent, limit=DETAIL_LIMIT
        )
        if rows is not None:
            memberships = lane_memberships(lib, spec.lane_by, [row.id for row in rows])
            return build_detail_scene(spec, rows, memberships, measure)
    first, width, count = bucket_layout(spec)
    if columns is not None:
        # The scene sums buckets into cells, so the columns count cells straight away.
        sample, per_cell = 1, CELL_PX // BUCKET_PX
        cells = columns.lane_buckets(spec.lane_by, first, first + width * count, count // per_cell)
        buckets = [LaneBucket(c.lane, c.bucket * per_cell, c.count) for c in cells]
    else:
        estimate = summary.estimate(spec.start_key, spec.end_key)
        limit = PROVISIONAL_LIMIT if provisional else EXACT_LIMIT
        sample = max(1, math.ceil(estimate / limit))
        buckets = lane_buckets(
            lib, spec.lane_by, first, first + width * count, count, filt, sample=sample
        )
    labelled = _label_events(lib, spec, filt, sample, columns, cache, every_top=not provisional)
    scene = build_aggregate_scene(spec, buckets, labelled, approximate=sample > 1, measure=measure)
    if near is not None:
        _prefetch(lib, cache, near, measure)
    return scene


def _prefetch(lib: Library, cache: EventRowCache, event_ids: np.ndarray, measure: Measure) -> None:
    """Read and measure the events of a window about to be drawn one by one.

    The wheel step that crosses from counts to single events would otherwise read and measure
    thousands of them at once (~45 ms at a million events, on top of laying them out). Read
    a step earlier, with a scene of counts that costs half as much, zooming in on this
    window finds them kept (the scenes inside it are made of the same events).
    """
    for row in cache.rows(lib, event_ids):
        measure(row.title)


def _label_events(
    lib: Library,
    spec: SceneSpec,
    filt: EventFilter,
    sample: int,
    columns: KeyColumns | None,
    cache: EventRowCache,
    *,
    every_top: bool = True,
) -> list[tuple[EventRow, LaneKey]]:
    """The most important event per lane and label-wide cell, for the busy-window labels.

    The few most important events are all considered (unless `every_top` is False); below
    them, the same sample as the counts, so a million-event window costs a tenth.
    """
    range_px = (spec.end_key - spec.start_key) / spec.seconds_per_pixel
    cells = max(1, int(range_px // _LABEL_CELL_PX))
    wanted = len(spec.lanes) * cells
    best: dict[tuple[LaneKey, int], LaneCandidate] = {}
    for importance in range(5, _MIN_LABEL_IMPORTANCE - 1, -1):
        if columns is not None:
            found = columns.label_candidates(
                spec.lane_by, spec.start_key, spec.end_key, cells, importance
            )
        else:
            found = lane_label_candidates(
                lib, spec.lane_by, spec.start_key, spec.end_key, cells, filt,
                importance=importance, sample=1 if importance == 5 and every_top else sample,
            )  # fmt: skip
        for candidate in found:
            best.setdefault((candidate.lane, candidate.cell), candidate)
        if len(best) >= wanted / 2:
            break
    rows = {row.id: row for row in cache.rows(lib, {c.event_id for c in best.values()})}
    return [(rows[c.event_id], c.lane) for c in best.values() if c.event_id in rows]


def _spans_all(summary: LibrarySummary, start_key: int, end_key: int) -> bool:
    """True if [start_key, end_key) holds the summary's whole (non-empty) span."""
    if summary.extent is None:
        return False
    lo, hi = summary.extent
    return hi > lo and start_key <= lo and end_key >= hi


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
    band_tag: str | None = None,
    relations: bool = False,
) -> TimelineScene:
    """The scene of [start_key, end_key) drawn `width` x `height` pixels (exports, tests)."""
    summary = load_summary(lib, lane_by, filt, band_tag)
    if not _spans_all(summary, start_key, end_key):
        # Only a partial window needs the overview to estimate its events; over the whole span
        # the estimate is the count either way, and the overview's full scan can be skipped.
        summary = load_overview(lib, summary)
    spp = max(end_key - start_key, 1) / max(width, 1.0)
    spec = SceneSpec(
        start_key=start_key,
        end_key=end_key,
        seconds_per_pixel=spp,
        lane_by=lane_by,
        lanes=summary.lanes,
        band_tag=band_tag,
        relations=relations,
    )  # every row: a picture shows every event (`height` is grown to fit, not a limit)
    return build_scene(lib, summary, spec, measure)


def actor_names(lib: Library, event_id: int) -> list[str]:
    """Names of the event's actors, each once, for its hover text."""
    return list(dict.fromkeys(p.actor_name for p in participants(lib, event_id=event_id)))
