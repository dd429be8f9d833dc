"""The events' keys held in memory as numpy columns, so a zoom's counts do not wait for SQL.

A wheel step over a million events needs counts per lane and time bucket for the new window;
SQLite's `GROUP BY` takes half a second for that, numpy a few milliseconds over columns that
are ~40 MB per million events. `EventColumns` is an immutable snapshot of the (unfiltered)
event table: id, start and end key, importance, category, and the actor and tag links. An edit
makes a new snapshot (`updated`) from the rows of the touched events only.

Every answer here equals its SQL twin in `db.queries.timeline` / `db.queries.window` run with
`sample=1` and no filter (tests/db/test_event_columns.py checks that after random edits).
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, cast

import numpy as np
import sqlalchemy as sa

from db.engine import Library
from db.queries.timeline import LaneBucket, LaneCandidate, LaneKey, check_lane_mode
from db.store.snapshots import TABLES

_EVENT, _PART, _TAGGING = TABLES["event"], TABLES["participation"], TABLES["tagging"]
_NO_LANE = -1  # lane code of "none of them" (actor and tag ids are positive)
_ID_CHUNK = 900  # ids per IN (...) list, below SQLite's old 999-parameter limit


@dataclass(frozen=True)
class _Memberships:
    """One row per (event, lane) of a lane mode, sorted by start key (a window is a slice)."""

    start: np.ndarray
    end: np.ndarray
    lane: np.ndarray  # int64 lane codes: an actor or tag id, a category index, or _NO_LANE
    event_id: np.ndarray
    importance: np.ndarray
    codes: np.ndarray  # the distinct lane codes, ascending
    dense: np.ndarray  # each row's lane as an index into `codes` (for bincount)

    @classmethod
    def of(
        cls,
        start: np.ndarray,
        end: np.ndarray,
        lane: np.ndarray,
        event_id: np.ndarray,
        importance: np.ndarray,
    ) -> _Memberships:
        order = np.argsort(start, kind="stable")
        start, lane = start[order], lane[order]
        codes, dense = np.unique(lane, return_inverse=True)
        return cls(
            start, end[order], lane, event_id[order], importance[order], codes, dense.ravel()
        )

    def without(self, touched: np.ndarray) -> _Memberships:
        keep = ~np.isin(self.event_id, touched)
        return _Memberships(
            self.start[keep], self.end[keep], self.lane[keep], self.event_id[keep],
            self.importance[keep], self.codes, self.dense[keep],
        )  # fmt: skip

    def merged(self, new: _Memberships) -> _Memberships:
        """These rows and `new`'s, still by start (an insert, not a sort: edits are few)."""
        at = np.searchsorted(self.start, new.start, side="right")
        start = np.insert(self.start, at, new.start)
        lane = np.insert(self.lane, at, new.lane)
        codes = np.union1d(self.codes, new.codes)
        if len(codes) == len(self.codes):
            dense = np.insert(self.dense, at, np.searchsorted(codes, new.lane))
        else:
            dense = np.searchsorted(codes, lane)
        return _Memberships(
            start, np.insert(self.end, at, new.end), lane,
            np.insert(self.event_id, at, new.event_id),
            np.insert(self.importance, at, new.importance), codes, dense,
        )  # fmt: skip


@dataclass(frozen=True)
class EventColumns:
    """Columns of every event, ascending by id, and the event-actor and event-tag links."""

    ids: np.ndarray
    start: np.ndarray
    end: np.ndarray
    importance: np.ndarray
    category: np.ndarray  # index into `categories`, _NO_LANE for ""
    categories: tuple[str, ...]
    links: dict[str, tuple[np.ndarray, np.ndarray]]  # "actor"/"tag": (event ids, lane ids)
    _views: dict[str, _Memberships] = field(default_factory=dict, repr=False, compare=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    # -- building ----------------------------------------------------------------------------
    @classmethod
    def load(cls, lib: Library) -> EventColumns:
        """Read every event's keys and lane links (about a second per million events)."""
        with lib.read() as conn:
            return _load(conn, None)

    def updated(self, lib: Library, event_ids: Iterable[int]) -> EventColumns:
        """A snapshot with the rows of `event_ids` read again (added, edited or deleted)."""
        touched = np.array(sorted(set(event_ids)), dtype=np.int64)
        if not len(touched):
            return self
        with lib.read() as conn:
            fresh = _load(conn, touched)
        categories = list(self.categories)
        index = {name: i for i, name in enumerate(categories)}
        for name in fresh.categories:
            index.setdefault(name, len(categories))
            if len(categories) < len(index):
                categories.append(name)
        remap = np.array([index[name] for name in fresh.categories] or [0], dtype=np.int32)
        fresh_category = np.where(
            fresh.category >= 0, remap[np.maximum(fresh.category, 0)], _NO_LANE
        ).astype(np.int32)
        keep = ~np.isin(self.ids, touched)
        ids = np.concatenate([self.ids[keep], fresh.ids])
        order = np.argsort(ids, kind="stable")
        links = {}
        for mode, (events, lanes) in self.links.items():
            kept = ~np.isin(events, touched)
            new_events, new_lanes = fresh.links[mode]
            events = np.concatenate([events[kept], new_events])
            lanes = np.concatenate([lanes[kept], new_lanes])
            link_order = np.argsort(events, kind="stable")
            links[mode] = (events[link_order], lanes[link_order])

        def merged(old: np.ndarray, new: np.ndarray) -> np.ndarray:
            return np.concatenate([old[keep], new])[order]

        result = EventColumns(
            ids=ids[order],
            start=merged(self.start, fresh.start),
            end=merged(self.end, fresh.end),
            importance=merged(self.importance, fresh.importance),
            category=merged(self.category, fresh_category),
            categories=tuple(categories),
            links=links,
        )
        # Carry the lane views over: drop the touched events' rows, insert their new ones.
        with self._lock:
            views = dict(self._views)
        fresh = replace(fresh, category=fresh_category, _views={}, _lock=threading.Lock())
        for lane_by, view in views.items():
            result._views[lane_by] = view.without(touched).merged(fresh._memberships(lane_by))
        return result

    # -- the whole library ---------------------------------------------------------------------
    @property
    def total(self) -> int:
        return len(self.ids)

    def extent(self) -> tuple[int, int] | None:
        """Earliest start and latest end, or None when there are no events."""
        if not len(self.ids):
            return None
        return int(self.start.min()), int(self.end.max())

    def bucket_counts(self, start: int, end: int, buckets: int) -> list[int]:
        """Events starting in each of `buckets` equal slices of [start, end)
        (as `db.queries.bucket_counts`)."""
        if buckets <= 0 or end <= start:
            return []
        view = self._view("none")
        first, last = np.searchsorted(view.start, [start, end])
        index = (view.start[first:last] - start) * buckets // (end - start)
        counts = np.bincount(np.minimum(index, buckets - 1), minlength=buckets)
        per_bucket: list[int] = counts.tolist()
        return per_bucket

    def count_starting(self, start: int, end: int) -> int:
        """How many events start in [start, end)."""
        first, last = np.searchsorted(self._view("none").start, [start, end])
        return int(last - first)

    def overlapping(self, start: int, end: int, limit: int) -> np.ndarray | None:
        """Ids of the events overlapping [start, end) (as `db.queries.timeline.window_events`),
        ascending, or None when there are more than `limit` of them."""
        view = self._view("none")
        first, last = np.searchsorted(view.start, [start, end])
        inside = view.end[first:last] > start
        found = int(np.count_nonzero(inside))
        if found > limit:
            return None
        # Events starting before the window reach into it only if they end inside or after.
        before = view.end[:first] > start
        if found + int(np.count_nonzero(before)) > limit:
            return None
        ids = np.concatenate([view.event_id[:first][before], view.event_id[first:last][inside]])
        ids.sort()
        return ids

    # -- per lane ------------------------------------------------------------------------------
    def memberships(self, lane_by: str, event_ids: np.ndarray) -> dict[int, list[LaneKey]]:
        """The lanes of each of `event_ids` (as `db.queries.timeline.lane_memberships`): the
        actor or tag ids of the actor and tag modes, each once and ascending; events without
        any are left out, and so is every event in the other modes."""
        check_lane_mode(lane_by)
        if lane_by not in ("actor", "tag") or not len(event_ids):
            return {}
        events, lanes = self.links[lane_by]
        lo = np.searchsorted(events, event_ids, side="left")
        hi = np.searchsorted(events, event_ids, side="right")
        counts = hi - lo
        # Every link position of every asked event: lo..hi-1 of each, end to end.
        at = np.arange(int(counts.sum())) + np.repeat(lo - (np.cumsum(counts) - counts), counts)
        pair_events, pair_lanes = events[at], lanes[at]
        order = np.lexsort((pair_lanes, pair_events))  # by event, then lane
        pair_events, pair_lanes = pair_events[order], pair_lanes[order]
        first = np.ones(len(order), bool)  # each (event, lane) once
        first[1:] = (pair_events[1:] != pair_events[:-1]) | (pair_lanes[1:] != pair_lanes[:-1])
        result: dict[int, list[LaneKey]] = {}
        for event_id, lane in zip(
            pair_events[first].tolist(), pair_lanes[first].tolist(), strict=True
        ):
            result.setdefault(event_id, []).append(lane)
        return result

    def lane_buckets(self, lane_by: str, start: int, end: int, buckets: int) -> list[LaneBucket]:
        """As `db.queries.timeline.lane_buckets` with no filter and no sample."""
        window = self._window(lane_by, start, end, buckets)
        if window is None:
            return []
        view, rows, width, keys = window
        cell = np.minimum((view.start[rows] - start) // width, buckets - 1)
        counts = np.bincount(view.dense[rows] * buckets + cell, minlength=len(keys) * buckets)
        return [
            LaneBucket(keys[slot // buckets], int(slot % buckets), int(counts[slot]))
            for slot in np.flatnonzero(counts)
        ]

    def label_candidates(
        self, lane_by: str, start: int, end: int, cells: int, importance: int
    ) -> list[LaneCandidate]:
        """As `db.queries.timeline.lane_label_candidates` with no filter and no sample:
        the lowest event id of the given importance per lane and cell."""
        window = self._window(lane_by, start, end, cells)
        if window is None:
            return []
        view, rows, width, keys = window
        # Pick the rows of this importance first: a few percent of a busy window.
        at = np.flatnonzero(view.importance[rows] == importance) + rows.start
        cell = np.minimum((view.start[at] - start) // width, cells - 1)
        none = np.iinfo(np.int64).max
        lowest = np.full(len(keys) * cells, none, np.int64)
        np.minimum.at(lowest, view.dense[at] * cells + cell, view.event_id[at])
        return [
            LaneCandidate(keys[slot // cells], int(slot % cells), int(lowest[slot]))
            for slot in np.flatnonzero(lowest != none)
        ]

    def _window(
        self, lane_by: str, start: int, end: int, cells: int
    ) -> tuple[_Memberships, slice, int, list[LaneKey]] | None:
        """(view, slice of its rows starting in [start, end), keys per cell, lane keys), or
        None for an empty window."""
        check_lane_mode(lane_by)
        if cells <= 0 or end <= start:
            return None
        view = self._view(lane_by)
        first, last = np.searchsorted(view.start, [start, end])
        keys = [self._lane_key(lane_by, int(code)) for code in view.codes]
        return view, slice(int(first), int(last)), max(1, -(-(end - start) // cells)), keys

    def prepare(self, *lane_modes: str) -> EventColumns:
        """Make the views of `lane_modes` now (a second per million events), not on first use."""
        for lane_by in ("none", *lane_modes):
            check_lane_mode(lane_by)
            self._view(lane_by)
        return self

    def _lane_key(self, lane_by: str, code: int) -> LaneKey:
        if code == _NO_LANE or lane_by == "none":
            return None
        return self.categories[code] if lane_by == "category" else code

    def _view(self, lane_by: str) -> _Memberships:
        """The (event, lane) rows of `lane_by`, made on first use and kept."""
        with self._lock:  # two scene builders may ask at once; build each view only once
            view = self._views.get(lane_by)
            if view is None:
                view = self._views[lane_by] = self._memberships(lane_by)
        return view

    def _memberships(self, lane_by: str) -> _Memberships:
        if lane_by in ("actor", "tag"):
            events, lanes = self.links[lane_by]
            at = np.searchsorted(self.ids, events)
            unlinked = np.ones(len(self.ids), dtype=bool)
            unlinked[at] = False
            at = np.concatenate([at, np.flatnonzero(unlinked)])
            lane = np.concatenate([lanes, np.full(int(unlinked.sum()), _NO_LANE, np.int64)])
        else:
            at = np.arange(len(self.ids))
            if lane_by == "category":
                lane = self.category.astype(np.int64)
            else:
                lane = np.full(len(self.ids), _NO_LANE, np.int64)
        return _Memberships.of(
            self.start[at], self.end[at], lane, self.ids[at], self.importance[at]
        )


def _rows(
    conn: sa.Connection, stmt: sa.Select[Any], ids: list[int] | None
) -> Iterable[Sequence[Any]]:
    """The rows of `stmt` (restricted to `ids`), as plain tuples.

    A whole table goes through the driver's own cursor: SQLAlchemy's row objects would cost
    ten times as much over a million rows, which are all integers here anyway.
    """
    if ids is not None:
        return conn.execute(stmt.where(stmt.selected_columns[0].in_(ids)))
    raw = conn.connection.dbapi_connection
    if raw is None:
        raise TypeError("the connection was invalidated")
    cursor = raw.cursor()
    cursor.execute(str(stmt.compile(dialect=conn.dialect)))
    # sqlite3's and psycopg's cursors iterate their rows; SQLAlchemy's DBAPICursor protocol
    # does not declare __iter__.
    return cast(Iterable[Sequence[Any]], cursor)


def _load(conn: sa.Connection, only: np.ndarray | None) -> EventColumns:
    """Columns of every event, or of the events `only` (sorted) when given.

    Rows stream from the cursor into numpy (no list of a million tuples in between).
    """
    chunks = [None] if only is None else np.array_split(only, -(-len(only) // _ID_CHUNK))
    numbers: list[np.ndarray] = []
    codes: list[np.ndarray] = []
    pairs: dict[str, list[np.ndarray]] = {"actor": [], "tag": []}
    index: dict[str, int] = {}
    keys = sa.select(_EVENT.c.id, _EVENT.c.start_key, _EVENT.c.end_key, _EVENT.c.importance)
    names = sa.select(_EVENT.c.id, _EVENT.c.category)
    links = {
        "actor": sa.select(_PART.c.event_id, _PART.c.actor_id).where(_PART.c.event_id.is_not(None)),
        "tag": sa.select(_TAGGING.c.event_id, _TAGGING.c.tag_id).where(
            _TAGGING.c.event_id.is_not(None)
        ),
    }
    for chunk in chunks:
        ids = None if chunk is None else [int(i) for i in chunk]
        rows = _rows(conn, keys.order_by(_EVENT.c.id), ids)
        numbers.append(np.fromiter(itertools.chain.from_iterable(rows), np.int64).reshape(-1, 4))
        rows = _rows(conn, names.order_by(_EVENT.c.id), ids)
        codes.append(
            np.fromiter(
                (-1 if not name else index.setdefault(name, len(index)) for _id, name in rows),
                np.int32,
            )
        )
        for mode, stmt in links.items():
            flat = np.fromiter(itertools.chain.from_iterable(_rows(conn, stmt, ids)), np.int64)
            pairs[mode].append(flat.reshape(-1, 2))
    table = np.concatenate(numbers)
    link_columns = {}
    for mode, parts in pairs.items():
        pair = np.concatenate(parts)
        order = np.argsort(pair[:, 0], kind="stable")
        link_columns[mode] = (pair[order, 0].copy(), pair[order, 1].copy())
    return EventColumns(
        ids=table[:, 0].copy(),
        start=table[:, 1].copy(),
        end=table[:, 2].copy(),
        importance=table[:, 3].astype(np.int8),
        category=np.concatenate(codes),
        categories=tuple(index),
        links=link_columns,
    )
