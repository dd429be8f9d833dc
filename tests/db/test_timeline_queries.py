"""Lane-aware questions the timeline asks: extent, lanes, windows, counts, label picks, links."""

from __future__ import annotations

import pytest

from db import store
from db.dates import parse_date
from db.queries import EventFilter, key_extent
from db.queries.timeline import (
    event_rows,
    lane_buckets,
    lane_label_candidates,
    lane_memberships,
    linked_event_ids,
    timeline_lanes,
    window_events,
)


@pytest.fixture
def small(lib):
    """Six events: two actors (one event shared, one with nobody), tags, a source."""
    ids = {}
    ids["japan"] = store.create(lib, "actor", name="Japan", color="#bc002d")
    ids["korea"] = store.create(lib, "actor", name="South Korea")
    events = [
        ("summit", "2024-07-28", "diplomacy", 5),
        ("treaty", "2024-07", "agreement", 3),
        ("election", "2022", "election", 4),
        ("talks", "2024-06/2024-12", "diplomacy", 2),
        ("quiet", "1990", "", 1),
        ("ancient", "-0100/0100", "war", 3),
    ]
    for title, when, category, importance in events:
        ids[title] = store.create(
            lib, "event", title=title, when=when, category=category, importance=importance
        )
    store.add_participation(lib, ids["summit"], ids["japan"], "host")
    store.add_participation(lib, ids["summit"], ids["korea"], "guest")
    store.add_participation(lib, ids["treaty"], ids["japan"])
    store.add_participation(lib, ids["election"], ids["korea"])
    store.add_participation(lib, ids["talks"], ids["korea"])
    store.set_tags(lib, "event", ids["summit"], ["trilateral"])
    store.set_tags(lib, "event", ids["treaty"], ["trilateral", "trade"])
    ids["source"] = store.create(lib, "source", title="A report", reliability="B")
    store.add_citation(lib, ids["source"], event_id=ids["summit"])
    return ids


def test_key_extent_spans_every_event_and_follows_the_filter(lib, small):
    lo, hi = key_extent(lib)
    assert lo == parse_date("-0100").start_key
    assert hi == parse_date("2024-12").end_key
    only_japan = key_extent(lib, EventFilter(actor_ids=(small["japan"],)))
    assert only_japan == (parse_date("2024-07").start_key, parse_date("2024-07").end_key)
    assert key_extent(lib, EventFilter(text="nothing matches this")) is None


def test_lanes_by_actor_are_busiest_first_with_nobody_last(lib, small):
    lanes = timeline_lanes(lib, "actor")
    assert [(lane.title, lane.count) for lane in lanes] == [
        ("South Korea", 3),
        ("Japan", 2),
        ("No actor", None),
    ]
    assert lanes[1].color == "#bc002d"
    filtered = timeline_lanes(lib, "actor", EventFilter(actor_ids=(small["japan"],)))
    assert [lane.title for lane in filtered] == ["Japan", "South Korea"]


def test_lanes_by_tag_category_and_none(lib, small):
    assert [lane.title for lane in timeline_lanes(lib, "tag")] == ["trilateral", "trade", "No tag"]
    categories = [(lane.key, lane.count) for lane in timeline_lanes(lib, "category")]
    assert categories[0] == ("diplomacy", 2)
    assert set(categories[1:-1]) == {("agreement", 1), ("election", 1), ("war", 1)}
    assert categories[-1] == (None, None)
    assert timeline_lanes(lib, "none")[0].count == 6
    with pytest.raises(ValueError):
        timeline_lanes(lib, "colour")


def test_window_events_overlap_and_limit(lib, small):
    july = parse_date("2024-07")
    rows = window_events(lib, july.start_key, july.end_key, limit=10, extent=key_extent(lib))
    assert {row.title for row in rows} == {"summit", "treaty", "talks"}
    assert window_events(lib, july.start_key, july.end_key, limit=2) is None
    year_one = parse_date("0001")
    rows = window_events(lib, year_one.start_key, year_one.end_key, limit=10)
    assert [row.title for row in rows] == ["ancient"]


def test_memberships_give_each_event_its_lanes(lib, small):
    lanes = lane_memberships(lib, "actor", [small["summit"], small["quiet"]])
    assert sorted(lanes[small["summit"]]) == sorted([small["japan"], small["korea"]])
    assert small["quiet"] not in lanes
    tags = lane_memberships(lib, "tag", [small["treaty"]])
    assert len(tags[small["treaty"]]) == 2


def test_lane_buckets_count_starts_per_lane_and_sample_scales(lib, small):
    start = parse_date("2024").start_key
    end = parse_date("2025").start_key
    rows = lane_buckets(lib, "actor", start, end, 366, None)  # 2024: one bucket a day
    counts = {}
    for row in rows:
        counts[row.lane] = counts.get(row.lane, 0) + row.count
    assert counts == {small["japan"]: 2, small["korea"]: 2}
    japan_days = {row.bucket for row in rows if row.lane == small["japan"]}
    assert japan_days == {182, 209}  # 1 July (the treaty's month starts) and 28 July
    by_category = {r.lane: r.count for r in lane_buckets(lib, "category", start, end, 1)}
    assert by_category == {"diplomacy": 2, "agreement": 1}
    sampled = lane_buckets(lib, "none", start, end, 1, sample=2)
    assert all(row.count % 2 == 0 for row in sampled)


def test_label_candidates_pick_one_event_per_lane_and_cell(lib, small):
    start, end = parse_date("2022").start_key, parse_date("2025").start_key
    found = lane_label_candidates(lib, "actor", start, end, 3, None, importance=5)
    assert {(c.lane, c.event_id) for c in found} == {
        (small["japan"], small["summit"]),
        (small["korea"], small["summit"]),
    }
    assert lane_label_candidates(lib, "actor", start, end, 3, None, importance=1) == []


def test_event_rows_by_id_carry_source_counts(lib, small):
    rows = {row.title: row for row in event_rows(lib, [small["summit"], small["quiet"], 999])}
    assert set(rows) == {"summit", "quiet"}
    assert rows["summit"].source_count == 1
    assert rows["quiet"].source_count == 0


def test_linked_event_ids_for_actors_and_sources(lib, small):
    assert linked_event_ids(lib, actor_ids=[small["japan"]]) == {small["summit"], small["treaty"]}
    assert linked_event_ids(lib, source_ids=[small["source"]]) == {small["summit"]}
    among = [small["treaty"], small["quiet"]]
    assert linked_event_ids(lib, actor_ids=[small["japan"]], among=among) == {small["treaty"]}
    assert linked_event_ids(lib) == set()
    assert linked_event_ids(lib, actor_ids=[small["japan"]], among=[]) == set()


@pytest.mark.parametrize("sample", [2, 3, 7])
def test_a_sample_counts_the_same_events_in_a_whole_or_a_part_window(lib, sample):
    """Every sample-th id, counted `sample` times: over a window holding every start (the ids
    looked up one by one) as over a part of the span (tested in a scan), filtered or not."""
    actors = [store.create(lib, "actor", name=f"A{i}") for i in range(2)]
    keys, lanes = {}, {}
    for i in range(24):
        event_id = store.create(lib, "event", title=f"e{i}", when=f"{1900 + 5 * i}")
        keys[event_id] = parse_date(f"{1900 + 5 * i}").start_key
        lanes[event_id] = actors[i % 2] if i % 3 else None
        if lanes[event_id] is not None:
            store.add_participation(lib, event_id, lanes[event_id], "host")
    lo, hi = parse_date("1900").start_key, parse_date("2020").start_key
    chosen = tuple(actors[:1])
    for start, end, filt in [
        (lo - 10, hi + 10**9, None),
        (lo, hi, None),
        (lo - 10, hi + 10**9, EventFilter(actor_ids=chosen)),
    ]:
        width = -(-(end - start) // 4)
        expected: dict[tuple, int] = {}
        for event_id, key in keys.items():
            if not start <= key < end or event_id % sample:
                continue
            if filt is not None and lanes[event_id] not in chosen:
                continue
            cell = (lanes[event_id], min((key - start) // width, 3))
            expected[cell] = expected.get(cell, 0) + sample
        found = lane_buckets(lib, "actor", start, end, 4, filt, sample=sample)
        assert {(row.lane, row.bucket): row.count for row in found} == expected
