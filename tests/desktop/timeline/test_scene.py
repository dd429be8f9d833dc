"""Scenes built from plain rows: lanes, stacking, clusters, label placement (no painting)."""

from __future__ import annotations

import itertools
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from db.dates import parse_date
from db.queries import EventRow
from db.queries.timeline import LaneBucket, LaneRow
from desktop.timeline.scene import (
    POINT_RADIUS,
    ROW_HEIGHT,
    SceneSpec,
    _LaneSpace,
    _RowSpace,
    bucket_layout,
    build_aggregate_scene,
    build_detail_scene,
)

DAY = 86_400
ACTORS = (LaneRow(1, "Japan", "#bc002d", 0), LaneRow(2, "Korea", None, 0))


def row(event_id: int, when: str, *, title: str = "", importance: int = 3, sources: int = 1):
    date = parse_date(when)
    return EventRow(
        event_id, title or f"Event {event_id}", date.edtf, date.start_key, date.end_key,
        str(date.precision), date.approximate, date.uncertain,
        "span" if date.is_interval else "point", "", None, importance, sources,
    )  # fmt: skip


def spec_for(start: str, end: str, width: float, lanes=ACTORS, **kw) -> SceneSpec:
    lo, hi = parse_date(start).start_key, parse_date(end).end_key
    return SceneSpec(lo, hi, (hi - lo) / width, "actor", lanes, **kw)


def footprint(mark) -> tuple[float, float]:
    body0 = mark.x0 - (0 if mark.is_span else POINT_RADIUS)
    body1 = mark.x1 if mark.is_span else mark.x0 + POINT_RADIUS
    return body0, max(body1, mark.label_x + mark.label_w)


def overlaps(a, b) -> bool:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah


def test_events_go_to_their_actors_lanes_and_unassigned_ones_nowhere_else():
    rows = [row(1, "2024-07-28"), row(2, "2024-08-02"), row(3, "2024-09")]
    scene = build_detail_scene(spec_for("2024", "2024", 1500), rows, {1: [1, 2], 2: [2]})
    assert [lane.title for lane in scene.lanes] == ["Japan", "Korea"]
    assert [m.event_id for m in scene.lanes[0].marks] == [1]
    assert sorted(m.event_id for m in scene.lanes[1].marks) == [1, 2]
    assert scene.lanes[1].top == scene.lanes[0].top + scene.lanes[0].height


def test_overlapping_events_stack_and_no_two_labels_or_marks_collide():
    rng = random.Random(4)
    rows = [
        row(
            i,
            f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            importance=rng.randint(1, 5),
        )
        for i in range(1, 120)
    ]
    rows += [row(500 + i, f"2024-0{i + 1}/2024-1{i % 3}") for i in range(5)]
    memberships = {r.id: [1] for r in rows}
    scene = build_detail_scene(spec_for("2024", "2024", 1800, max_rows=6), rows, memberships)
    lane = scene.lanes[0]
    assert lane.rows > 1
    labels = scene.label_rects()
    assert labels
    for a, b in itertools.combinations(labels, 2):
        assert not overlaps(a, b), (a, b)
    # Within a row, nothing a mark occupies (its body and its label) touches another's.
    for first, second in itertools.combinations(lane.marks, 2):
        if first.row == second.row:
            a0, a1 = footprint(first)
            b0, b1 = footprint(second)
            assert a1 <= b0 or b1 <= a0, (first.event_id, second.event_id)


def test_events_that_do_not_fit_the_rows_become_clusters_with_counts():
    rows = [row(i, "2024-07-28", importance=1 + i % 5) for i in range(1, 41)]
    scene = build_detail_scene(spec_for("2024-07", "2024-08", 1200, max_rows=3), rows, {})
    lane = build_detail_scene(
        spec_for(
            "2024-07", "2024-08", 1200, lanes=(LaneRow(None, "No actor", None, None),), max_rows=3
        ),
        rows,
        {},
    ).lanes[0]
    assert scene.lanes[0].marks == []  # nobody's events are not in the actor lanes
    assert len(lane.marks) == 3
    shown = {m.event_id for m in lane.marks}
    assert all(r.importance == 5 for r in rows if r.id in shown)  # the most important survive
    assert sum(c.count for c in lane.clusters) == 37
    assert lane.clusters[0].text == "+37"
    assert lane.rows == 4  # three rows of events and one of clusters


def test_collapsed_lanes_are_thin_and_unlabelled():
    rows = [row(1, "2024-07-28"), row(2, "2024-07-29")]
    spec = spec_for("2024-07", "2024-07", 800, collapsed=frozenset({1}))
    lane = build_detail_scene(spec, rows, {1: [1], 2: [1]}).lanes[0]
    assert lane.collapsed and lane.height < ROW_HEIGHT
    assert all(m.label_w == 0 for m in lane.marks)


def test_spans_with_approximate_or_open_ends_are_marked_fuzzy():
    rows = [row(1, "2017~/2021"), row(2, "2024-06/.."), row(3, "2024~")]
    scene = build_detail_scene(spec_for("2015", "2025", 1500), rows, {1: [1], 2: [1], 3: [1]})
    marks = {m.event_id: m for m in scene.lanes[0].marks}
    assert marks[1].fuzzy_start and not marks[1].fuzzy_end
    assert marks[2].open_end and not marks[2].open_start
    assert marks[3].fuzzy_start and marks[3].fuzzy_end and not marks[3].is_span


def test_unsourced_events_are_flagged():
    rows = [row(1, "2024", sources=0), row(2, "2024-05", sources=2)]
    marks = build_detail_scene(spec_for("2024", "2024", 900), rows, {1: [1], 2: [1]}).marks
    assert {m.event_id: m.unsourced for m in marks} == {1: True, 2: False}


def test_aggregate_scene_counts_per_lane_and_cell_and_labels_without_overlap():
    spec = spec_for("1900", "2000", 1800)
    first, width, count = bucket_layout(spec)
    assert first <= spec.start_key and first + width * count >= spec.end_key
    buckets = [LaneBucket(1, b, 3) for b in range(count)] + [LaneBucket(2, 5, 40)]
    labelled = [
        (row(i, f"{1900 + i}", title=f"Year {1900 + i} event", importance=5), 1) for i in range(100)
    ]
    scene = build_aggregate_scene(spec, buckets, labelled, approximate=True)
    assert not scene.detailed
    japan, korea = scene.lanes
    assert sum(c.count for c in japan.clusters) == 3 * count
    assert [c.count for c in korea.clusters] == [40]
    assert korea.clusters[0].text == "≈40"
    assert korea.clusters[0].start_key <= first + 5 * width < korea.clusters[0].end_key
    assert 0 < len(japan.marks) < 100  # labels that would overlap are left out
    for a, b in itertools.combinations(scene.label_rects(), 2):
        assert not overlaps(a, b)
    assert scene.max_cluster_count == max(c.count for c in scene.clusters)


# A lane's first-fit search (`_LaneSpace`) must give the rows that testing each row in turn
# gives: bursts of spans at one x, spans on cell edges, wide spans and spans beyond the cells.
_X = st.one_of(
    st.integers(-3000, 9000).map(lambda i: i / 4),  # on and between 4 px cell edges
    st.floats(-3000, 9000, allow_nan=False),
    st.sampled_from([100.0, 100.25, 103.9]),  # many spans starting together (a burst)
)
_WIDTH = st.one_of(
    st.sampled_from([13.0, 4.0, 0.25, 160.0, 12_000.0]), st.floats(0.01, 3000, allow_nan=False)
)


@settings(max_examples=300, deadline=None)
@given(
    spans=st.lists(st.tuples(_X, _WIDTH), max_size=120),
    rows=st.sampled_from([1, 3, 7, 200]),
    width=st.sampled_from([8.0, 400.0, 5000.0]),
)
def test_a_lane_stacks_each_span_into_the_first_row_where_it_fits(spans, rows, width):
    lane = _LaneSpace(rows, -width, 2 * width, len(spans))
    one_by_one = [_RowSpace() for _ in range(rows)]
    for x0, w in spans:
        expected = next(
            (n for n, space in enumerate(one_by_one) if space.is_free(x0, x0 + w)), None
        )
        if expected is not None:
            one_by_one[expected].take(x0, x0 + w)
        assert lane.place(x0, x0 + w) == expected
