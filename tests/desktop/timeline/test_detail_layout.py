"""Scenes of events drawn one by one over a generated library: the fast layout gives what the
plain row-by-row layout gives, nothing goes missing, and the wheel step that crosses from
counts to single events finds their rows already read (docs/zoom-speed.md)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QFontMetricsF
from test_event_keys import _drawn_pixels, keys_ready
from test_widget import wheel
from timeline_support import settle

import desktop.timeline.loader as loader
import desktop.timeline.row_cache as row_cache
from benchmarks.timeline_library import generate
from db.engine import open_library
from db.queries.event_columns import EventColumns
from desktop.timeline.loader import build_scene, load_overview, load_summary
from desktop.timeline.row_cache import EventRowCache
from desktop.timeline.scene import (
    LABEL_GAP,
    MAX_LABEL_PX,
    POINT_RADIUS,
    SceneSpec,
    _RowSpace,
    label_left,
)
from desktop.timeline.text_width import KnownWidths
from desktop.timeline.theme import label_font

DAY = 86_400
WIDTH = 1750  # pixels of the visible window; a scene is three of them wide, as the widget's


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A generated library (bursts of events on busy days, 30 actor lanes) and its columns."""
    path = tmp_path_factory.mktemp("generated") / "dense.chronicle"
    generate(path, 25_000)
    lib = open_library(path)
    yield lib, EventColumns.load(lib).with_lanes(lib, "actor")
    lib.close()


def _spec(summary, middle: int, days: float) -> SceneSpec:
    """The spec the widget asks for a visible window of `days` around `middle`."""
    width = int(days * DAY)
    start = middle - width // 2
    return SceneSpec(start - width, start + 2 * width, width / WIDTH, "actor", summary.lanes)


def _busiest(columns: EventColumns, summary) -> int:
    counts = summary.overview
    lo, hi = summary.extent
    busiest = max(range(len(counts)), key=counts.__getitem__)
    return int(lo + (hi - lo) * (busiest + 0.5) / len(counts))


def _reference(spec: SceneSpec, rows_by_lane, measure) -> list[tuple]:
    """Each lane laid out the plain way: events by importance, each into the first row where
    it fits with its label (tested row after row), else bare, else counted in its cell."""
    laid = []
    for lane_index, lane_rows in enumerate(rows_by_lane):
        rows = [_RowSpace() for _ in range(spec.max_rows)]
        overflow: dict[int, list[int]] = {}
        for row in sorted(lane_rows, key=lambda r: (-r.importance, r.start_key, r.id)):
            x0 = (row.start_key - spec.origin_key) / spec.seconds_per_pixel
            span = row.kind == "span"
            x1 = (
                max((row.end_key - spec.origin_key) / spec.seconds_per_pixel, x0 + 3)
                if span
                else x0
            )
            body = (x0, x1) if span else (x0 - POINT_RADIUS, x0 + POINT_RADIUS)
            label_w = min(measure(row.title), MAX_LABEL_PX)
            label_x = label_left(span, x0, x1, label_w)
            tries = [
                (body[0], max(body[1], label_x + label_w) + LABEL_GAP, label_w),
                (body[0] - 1, body[1] + 2, 0.0),
            ]
            for a, b, width in tries:
                free = next((n for n, space in enumerate(rows) if space.is_free(a, b)), None)
                if free is not None:
                    rows[free].take(a, b)
                    laid.append((lane_index, row.id, free, x0, x1, width))
                    break
            else:
                cell = (max(row.start_key, spec.origin_key) - spec.origin_key) // spec.cell_keys
                overflow.setdefault(cell, []).append(row.id)
        for cell, ids in overflow.items():
            laid.append((lane_index, "cluster", cell, tuple(sorted(ids))))
    return sorted(laid, key=repr)


def _laid(spec: SceneSpec, scene) -> list[tuple]:
    laid = [
        (m.lane, m.event_id, m.row, m.x0, m.x1, m.label_w)
        for lane in scene.lanes
        for m in lane.marks
    ]
    for lane in scene.lanes:
        for cluster in lane.clusters:
            cell = (cluster.start_key - spec.origin_key) // spec.cell_keys
            ids = tuple(sorted(e.id for e in cluster.events))
            laid.append((cluster.lane, "cluster", cell, ids))
            assert cluster.count == len(ids) and cluster.text == f"+{len(ids)}"
    return sorted(laid, key=repr)


def test_a_dense_month_is_laid_out_as_row_by_row_first_fit_and_loses_no_event(generated, qapp):
    lib, columns = generated
    summary = load_overview(lib, load_summary(lib, "actor"), columns)
    # As busy as a month at a million events: the widest window still drawn one by one.
    middle = _busiest(columns, summary)
    spec = _spec(summary, middle, _widest_detailed(columns, summary, middle))
    ids = columns.overlapping(spec.start_key, spec.end_key, loader.DETAIL_LIMIT)
    assert ids is not None and len(ids) > 3000
    metrics = QFontMetricsF(label_font(qapp.font()))
    measure = KnownWidths("label").measuring(metrics.horizontalAdvance)
    scene = build_scene(lib, summary, spec, measure, columns)
    assert scene.detailed
    assert max(lane.rows for lane in scene.lanes) > 20  # bursts stack deep

    # Every (event, lane) pair of the window is drawn once, or counted in a "+N" box.
    memberships = columns.memberships("actor", ids)
    keys = [lane.key for lane in scene.lanes]
    rows_by_lane: list[list] = [[] for _ in keys]
    for row in EventRowCache().rows(lib, ids):
        for key in memberships.get(row.id) or [None]:
            rows_by_lane[keys.index(key)].append(row)
    expected = sorted((i, r.id) for i, rows in enumerate(rows_by_lane) for r in rows)
    drawn = [(m.lane, m.event_id) for m in scene.marks]
    drawn += [(c.lane, e.id) for c in scene.clusters for e in c.events]
    assert sorted(drawn) == expected

    assert _laid(spec, scene) == _reference(spec, rows_by_lane, measure)


def test_the_window_before_detail_reads_its_rows_so_the_crossing_step_reads_none(
    generated, monkeypatch
):
    lib, columns = generated
    summary = load_overview(lib, load_summary(lib, "actor"), columns)
    middle = _busiest(columns, summary)
    reads: list[int] = []
    real_rows = row_cache.event_rows
    monkeypatch.setattr(
        row_cache, "event_rows", lambda lib, ids: reads.append(len(ids)) or real_rows(lib, ids)
    )
    # The widest window still drawn one by one, and the one a wheel step (1.1x) wider.
    days = _widest_detailed(columns, summary, middle)
    crossing, before = _spec(summary, middle, days), _spec(summary, middle, days * 1.1)
    assert len(columns.overlapping(*_keys(before), 10**9)) <= 5000  # a wheel step from detail

    cache = EventRowCache()
    assert not build_scene(lib, summary, before, columns=columns, rows=cache).detailed
    assert sum(reads) >= 4000  # the counts' scene read the rows of its events
    reads.clear()
    detailed = build_scene(lib, summary, crossing, columns=columns, rows=cache)
    assert detailed.detailed
    assert reads == []  # ... so the step into detail reads none
    fresh = build_scene(lib, summary, crossing, columns=columns, rows=EventRowCache())
    assert _laid(crossing, detailed) == _laid(crossing, fresh)


def _keys(spec: SceneSpec) -> tuple[int, int]:
    return spec.start_key, spec.end_key


def _widest_detailed(columns: EventColumns, summary, middle: int) -> float:
    """Days of the widest window around `middle` (in 1.1x steps) drawn one by one."""
    days = 1.0
    while len(columns.overlapping(*_keys(_spec(summary, middle, days * 1.1)), 10**9)) <= 4000:
        days *= 1.1
    return days


def test_wheeling_into_single_events_reads_rows_ahead_and_never_shows_a_blank_frame(
    qtbot, timeline, monkeypatch
):
    """Through the real wheel: each frame has events on it, and the notch that turns counts
    into single events reads no rows (they were read a notch before)."""
    monkeypatch.setattr(loader, "DETAIL_LIMIT", 12)
    monkeypatch.setattr(loader, "PREFETCH_LIMIT", 40)
    widget = timeline.widget
    keys_ready(qtbot, widget)
    widget.fit_all()
    settle(qtbot, widget)
    reads: list[int] = []
    real_rows = row_cache.event_rows
    monkeypatch.setattr(
        row_cache, "event_rows", lambda lib, ids: reads.append(len(ids)) or real_rows(lib, ids)
    )
    # Which scenes of counts read their events ahead (counted, not by the rows read: some
    # were read already for the scene's labels, which depend on the font's measures).
    prefetched: list[int] = []
    real_prefetch = loader._prefetch
    monkeypatch.setattr(
        loader,
        "_prefetch",
        lambda lib, cache, ids, measure: (
            prefetched.append(len(ids)) or real_prefetch(lib, cache, ids, measure)
        ),
    )
    point = QPoint(int(widget.layout_rect().lanes.center().x()), 200)
    ahead = False  # a scene of counts read the rows of its events
    for _notch in range(30):
        was_detailed = widget.scene.detailed
        reads.clear()
        prefetched.clear()
        wheel(widget, point, angle_y=120)
        while True:  # every frame until (and including) the one with the new scene
            assert _drawn_pixels(widget) > 50, "a frame without events while zooming"
            if not widget.is_loading:
                break
            qtbot.wait(5)
        if not widget.scene.detailed:
            ahead = ahead or any(prefetched)
        elif not was_detailed:
            assert ahead, "no scene of counts read its rows ahead"
            assert reads == []  # the crossing notch found its rows read
            return
    raise AssertionError("thirty notches never reached single events")
