"""Checks shared by the db and timeline tests of the in-memory key columns."""

from __future__ import annotations

from hypothesis import strategies as st

from db.queries import bucket_counts, count_events, key_extent
from db.queries.event_columns import EventColumns
from db.queries.filtered_columns import FilteredColumns
from db.queries.timeline import (
    LANE_MODES,
    lane_buckets,
    lane_label_candidates,
    lane_memberships,
    window_events,
)

# Dates of every precision and era, and categories, for the property tests of the columns.
WHENS = st.sampled_from(
    ["2024-07-28", "2024-07", "2022", "2024-06/2024-12", "1990~", "-0100/0100", "1789-07-14",
     "2024-07-28T10:00:00", "1066"]
)  # fmt: skip
CATEGORIES = st.sampled_from(["war", "trade", "", "diplomacy"])


def assert_same_as_sql(cols: EventColumns, lib) -> None:
    """Every aggregate the timeline takes from the columns equals its SQL twin."""
    extent = key_extent(lib)
    assert cols.extent() == extent
    assert cols.total == count_events(lib)
    if extent is None:
        return
    lo, hi = extent
    third, quarter = (hi - lo) // 3, (hi - lo) // 4
    windows = [(lo, hi + 1, 37), (lo + third, hi - quarter, 11), (lo, lo + 86_400, 3)]
    assert cols.bucket_counts(lo, hi + 1, 64) == bucket_counts(lib, lo, hi + 1, 64)
    _assert_same_windows(cols, lib, [*windows, (hi - 1, hi + 5, 1), (lo - 9, lo, 1)])
    for lane_by in LANE_MODES:
        cols = cols.with_lanes(lib, lane_by)
        for start, end, buckets in windows:
            mine = cols.lane_buckets(lane_by, start, end, buckets)
            assert sorted(mine, key=repr) == sorted(
                lane_buckets(lib, lane_by, start, end, buckets), key=repr
            )
            for importance in (5, 3):
                mine = cols.label_candidates(lane_by, start, end, buckets, importance)
                sql = lane_label_candidates(
                    lib, lane_by, start, end, buckets, importance=importance
                )
                assert sorted(mine, key=repr) == sorted(sql, key=repr)


def _assert_same_windows(cols: EventColumns, lib, windows: list[tuple[int, int, int]]) -> None:
    """The events overlapping each window, and their lanes, are those SQL finds."""
    for start, end, _buckets in windows:
        rows = window_events(lib, start, end, limit=10**9) or []
        ids = cols.overlapping(start, end, limit=len(rows))
        assert ids is not None and ids.tolist() == sorted(row.id for row in rows)
        if rows:
            assert cols.overlapping(start, end, limit=len(rows) - 1) is None
        for lane_by in LANE_MODES:
            sql = lane_memberships(lib, lane_by, ids.tolist())
            assert cols.memberships(lane_by, ids) == dict(sql)


def assert_window_same_as_sql(
    cols: EventColumns, lib, lane_by: str, start: int, end: int, cells: int
) -> None:
    """One window's counts per cell (whole library and per lane), label picks, events and
    their lanes equal what SQL finds; `cols` count `lane_by`'s lanes."""
    assert cols.bucket_counts(start, end, cells) == bucket_counts(lib, start, end, cells)
    assert cols.count_starting(start, end) == sum(bucket_counts(lib, start, end, 1))
    mine = cols.lane_buckets(lane_by, start, end, cells)
    assert sorted(mine, key=repr) == sorted(lane_buckets(lib, lane_by, start, end, cells), key=repr)
    for importance in range(1, 6):
        mine = cols.label_candidates(lane_by, start, end, cells, importance)
        sql = lane_label_candidates(lib, lane_by, start, end, cells, importance=importance)
        assert sorted(mine, key=repr) == sorted(sql, key=repr)
    _assert_same_windows(cols, lib, [(start, end, cells)])


def assert_filtered_same_as_sql(view: FilteredColumns, lib, lane_by: str, windows) -> None:
    """Every answer the timeline takes from `view` equals SQL's with the same filter."""
    filt = view.filter
    assert view.total == count_events(lib, filt)
    extent = key_extent(lib)
    if extent is None:
        return
    lo, hi = extent
    assert view.bucket_counts(lo, hi + 1, 64) == bucket_counts(lib, lo, hi + 1, 64, filt)
    for start, end, cells in [(lo, hi + 1, 37), (lo, lo + 86_400, 3), *windows]:
        mine = view.lane_buckets(lane_by, start, end, cells)
        sql = lane_buckets(lib, lane_by, start, end, cells, filt)
        assert sorted(mine, key=repr) == sorted(sql, key=repr), (filt, lane_by, start, end)
        for importance in range(1, 6):
            mine = view.label_candidates(lane_by, start, end, cells, importance)
            sql = lane_label_candidates(
                lib, lane_by, start, end, cells, filt, importance=importance
            )
            assert sorted(mine, key=repr) == sorted(sql, key=repr), (filt, importance)
        rows = window_events(lib, start, end, filt, limit=10**9) or []
        ids = view.overlapping(start, end, limit=len(rows))
        assert ids is not None and ids.tolist() == sorted(row.id for row in rows)
        if rows:
            assert view.overlapping(start, end, limit=len(rows) - 1) is None
