"""The events' keys held in memory as numpy columns, so a zoom's counts do not wait for SQL.

A wheel step needs counts per lane and time cell for the new window; SQLite's `GROUP BY`
takes half a second for that at a million events. `EventColumns` is an immutable snapshot of
the (unfiltered) event table that answers those counts with binary searches instead:

* one row per event, ascending by start key: start and end key, id and importance. They come
  from two covering indexes (ix_event_span, ix_event_importance), never from the table's rows;
  the category is read only when category lanes are asked for (`with_lanes`), as it alone
  needs every row of the table read;
* the event-actor and event-tag links, ascending by event id;
* for the lane mode asked for, a `_LaneIndex`: its (event, lane) rows grouped by lane and
  importance, ascending by start key within each group. The events of a lane starting in each
  cell of a window are then one binary search per cell edge in each of the lane's five groups,
  so a wheel step costs O(lanes x cells x log n) whatever the window holds: a whole-span step
  over ten million events costs what one over a thousand does.

Memory: 21 bytes per event (8 + 8 for the keys, 4 for the id, 1 for the importance), 8 per
link and 12 per row of the lane index, with ids and lane codes int32 wherever they fit: about
45 MB per million events with actor lanes. Reading goes block by block into preallocated
arrays, so no list of a million tuples (nor an int64 copy of every column) is ever held. An
edit makes a new snapshot (`updated`) from the rows of the touched events only.

Every answer here equals its SQL twin in `db.queries.timeline` / `db.queries.window` run with
`sample=1` and no filter (tests/db/test_event_columns_properties.py checks that after random
edits, undos, imports and foreign writes, in every lane mode).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
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
_BLOCK = 1 << 16  # rows taken from a cursor at a time: a few MB in flight, whatever the size
_LEVELS = 5  # importance runs from 1 to 5 (ck_event_importance)
_INT32 = np.iinfo(np.int32)
_NONE_KEPT = np.int64(np.iinfo(np.int64).max)  # above every id: a cell none of whose rows are kept
_LINKS = {
    "actor": (_PART.c.event_id, _PART.c.actor_id),
    "tag": (_TAGGING.c.event_id, _TAGGING.c.tag_id),
}


def _fits_int32(values: np.ndarray) -> bool:
    return not len(values) or (int(values.min()) >= _INT32.min and int(values.max()) <= _INT32.max)


def _narrow(values: np.ndarray) -> np.ndarray:
    """`values` as int32 when every one fits (ids and lane codes nearly always do)."""
    return values.astype(np.int32) if _fits_int32(values) else values.astype(np.int64)


class _Column:
    """A column filled block by block into an array of the expected size, grown should the
    rows outrun it (a server's reads need not be one snapshot), and widened from int32 to
    int64 when a value needs it."""

    def __init__(self, size: int, dtype: type[np.signedinteger[Any]]) -> None:
        self._data = np.empty(size, dtype)
        self._used = 0

    def extend(self, values: np.ndarray) -> None:
        end = self._used + len(values)
        dtype = self._data.dtype
        if dtype == np.int32 and not _fits_int32(values):
            dtype = np.dtype(np.int64)
        if end > len(self._data) or dtype != self._data.dtype:
            grown = np.empty(max(end, len(self._data) * 3 // 2), dtype)
            grown[: self._used] = self._data[: self._used]
            self._data = grown
        self._data[self._used : end] = values
        self._used = end

    def array(self) -> np.ndarray:
        return self._data if self._used == len(self._data) else self._data[: self._used].copy()


class _RowOf:
    """The row of each event id among `ids` (in any order), -1 for an id not there."""

    def __init__(self, ids: np.ndarray) -> None:
        top = int(ids.max()) + 1 if len(ids) else 0
        # Ids are rowids handed out in turn, so a table as long as the highest id is at most a
        # few bytes per event ever made: one pass, where sorting would take seconds at 10M.
        self._table: np.ndarray | None = None
        if top <= 4 * len(ids) + (1 << 20):
            self._table = np.full(top, -1, np.int32 if len(ids) <= _INT32.max else np.int64)
            self._table[ids] = np.arange(len(ids))
        else:
            self._order = np.argsort(ids)
            self._sorted = ids[self._order]

    def __call__(self, wanted: np.ndarray) -> np.ndarray:
        if self._table is not None:
            inside = (wanted >= 0) & (wanted < len(self._table))
            if inside.all():
                found: np.ndarray = self._table[wanted]
                return found
            rows = np.full(len(wanted), -1, self._table.dtype)
            rows[inside] = self._table[wanted[inside]]
            return rows
        if not len(self._sorted):
            return np.full(len(wanted), -1, np.int64)
        at = np.minimum(np.searchsorted(self._sorted, wanted), len(self._sorted) - 1)
        return np.where(self._sorted[at] == wanted, self._order[at], -1)


def _spliced(old: np.ndarray, gone: np.ndarray, at: np.ndarray, new: np.ndarray) -> np.ndarray:
    """`old` without its rows `gone` and with `new`'s rows put before the rows `at` (both
    ascending positions in `old`), copied in one pass: an edit at ten million events would
    otherwise hold a trimmed copy of each column beside the old and the new one."""
    out = np.empty(len(old) - len(gone) + len(new), np.promote_types(old.dtype, new.dtype))
    # Each removal and insertion in order of position (an insertion before the row it precedes).
    cuts = sorted([(int(p), 0, i) for i, p in enumerate(at)] + [(int(p), 1, 0) for p in gone])
    read = written = 0
    for position, removal, i in cuts:
        out[written : written + position - read] = old[read:position]
        written += position - read
        read = position
        if removal:
            read += 1
        else:
            out[written] = new[i]
            written += 1
    out[written:] = old[read:]
    return out


def kept_rows(kept: np.ndarray, first: int, last: int) -> np.ndarray:
    """Which of rows first..last-1 a filter keeps, from its running counts `kept`."""
    return np.diff(kept[first : last + 1]) > 0


def _edges(start: int, end: int, cells: int) -> np.ndarray:
    """Where each of `cells` cells of [start, end) begins, and `end`: cells ceil(width / cells)
    keys wide, the last one cut short and any after `end` empty, as the SQL twins cut them."""
    width = max(1, -(-(end - start) // cells))
    return np.array([min(start + c * width, end) for c in range(cells)] + [end], np.int64)


@dataclass(frozen=True)
class _LaneIndex:
    """The (event, lane) rows of one lane mode, grouped by lane and importance, by start key
    within each group. Group g = lane * _LEVELS + importance - 1 is rows bounds[g]:bounds[g+1]."""

    codes: np.ndarray  # int64: the lanes' codes, ascending (an actor or tag id, a category
    # index, or _NO_LANE)
    bounds: np.ndarray  # int64, len(codes) * _LEVELS + 1
    start: np.ndarray  # int64
    event_id: np.ndarray

    @classmethod
    def of(
        cls,
        lane: np.ndarray,
        importance: np.ndarray,
        rows: np.ndarray,
        start: np.ndarray,
        event_id: np.ndarray,
    ) -> _LaneIndex:
        """From (event, lane) rows: each one's lane and importance, and its event's row in
        `start` and `event_id`; each lane's rows must come by start key (lanes may interleave)."""
        codes = np.unique(lane).astype(np.int64)
        groups = len(codes) * _LEVELS
        # A stable sort keeps each group by start; numpy sorts 16-bit keys by radix, ~10x faster.
        small = np.int16 if groups <= np.iinfo(np.int16).max else np.int32
        group = np.empty(len(lane), small)
        for first in range(0, len(lane), _BLOCK * 16):  # (searchsorted answers in int64)
            part = slice(first, first + _BLOCK * 16)
            group[part] = np.searchsorted(codes, lane[part]) * _LEVELS + importance[part] - 1
        order = np.argsort(group, kind="stable")
        bounds = np.searchsorted(group[order], np.arange(groups + 1)).astype(np.int64)
        del group
        picked = rows[order]
        del order
        return cls(codes, bounds, start[picked], event_id[picked])

    def updated(self, touched: np.ndarray, new: _LaneIndex) -> _LaneIndex:
        """These rows without the `touched` events' and with `new`'s, each in its group by
        start: spliced in one pass (no re-sort, and no copy of a column in between)."""
        gone = np.flatnonzero(np.isin(self.event_id, touched))
        if not len(gone) and not len(new.start):
            return self
        codes = np.union1d(self.codes, new.codes)
        levels = np.arange(_LEVELS)
        mine = (np.searchsorted(codes, self.codes)[:, None] * _LEVELS + levels).ravel()
        theirs = (np.searchsorted(codes, new.codes)[:, None] * _LEVELS + levels).ravel()
        sizes = np.zeros(len(codes) * _LEVELS, np.int64)
        sizes[mine] = np.diff(self.bounds)
        offsets = np.concatenate([[0], np.cumsum(sizes)])  # each group's first row among mine
        at = np.empty(len(new.start), np.int64)
        for group, lo, hi in zip(theirs, new.bounds[:-1], new.bounds[1:], strict=True):
            if hi > lo:
                first, last = offsets[group], offsets[group + 1]
                found = np.searchsorted(self.start[first:last], new.start[lo:hi], side="right")
                at[lo:hi] = first + found
        sizes[mine] -= np.diff(np.searchsorted(gone, self.bounds))
        sizes[theirs] += np.diff(new.bounds)
        return _LaneIndex(
            codes,
            np.concatenate([[0], np.cumsum(sizes)]),
            _spliced(self.start, gone, at, new.start),
            _spliced(self.event_id, gone, at, new.event_id),
        )


@dataclass(frozen=True)
class EventColumns:
    """Every event's keys, ascending by start key; the event-actor and event-tag links."""

    start: np.ndarray  # int64, ascending
    end: np.ndarray  # int64
    ids: np.ndarray  # int32 (int64 if an id needs it)
    importance: np.ndarray  # int8, 1-5
    links: dict[str, tuple[np.ndarray, np.ndarray]]  # "actor"/"tag": (event ids, lane ids)
    # Index into `categories` (_NO_LANE for ""), or None until category lanes are asked for.
    category: np.ndarray | None = None
    categories: tuple[str, ...] = ()
    # The lane index of the mode asked for: filled before the snapshot is handed out, and
    # never changed after, so scene builders on other threads read it without a lock.
    _lanes: dict[str, _LaneIndex] = field(default_factory=dict, repr=False, compare=False)

    # -- building ----------------------------------------------------------------------------
    @classmethod
    def load(cls, lib: Library) -> EventColumns:
        """Read every event's keys and lane links (a few seconds per ten million events)."""
        with lib.read() as conn:
            return _load_all(conn)

    def with_lanes(self, lib: Library, lane_by: str) -> EventColumns:
        """These columns ready to count `lane_by`'s lanes (only those: the index of another
        mode is dropped). Seconds at ten million events, so it runs off the UI thread."""
        check_lane_mode(lane_by)
        if self.has_lanes(lane_by) and len(self._lanes) == 1:
            return self
        columns = replace(self, _lanes={})
        if lane_by == "category" and columns.category is None:
            with lib.read() as conn:
                category, categories = _read_categories(conn, columns.ids)
            columns = replace(columns, category=category, categories=categories)
        columns._lanes[lane_by] = self._lanes.get(lane_by) or columns._lane_index(lane_by)
        return columns

    def lane_indexes(self) -> dict[str, _LaneIndex]:
        """The lane index of each lane mode these columns count (by `with_lanes`)."""
        return dict(self._lanes)

    def has_lanes(self, lane_by: str) -> bool:
        """True when `lane_buckets` and `label_candidates` can answer for `lane_by`."""
        return lane_by in self._lanes

    def updated(self, lib: Library, event_ids: Iterable[int]) -> EventColumns:
        """A snapshot with the rows of `event_ids` read again (added, edited or deleted)."""
        touched = np.array(sorted(set(event_ids)), dtype=np.int64)
        if not len(touched):
            return self
        with lib.read() as conn:
            fresh = _load_some(conn, touched)
        gone = np.flatnonzero(np.isin(self.ids, touched))
        at = np.searchsorted(self.start, fresh.start, side="right")

        def merged(old: np.ndarray, new: np.ndarray) -> np.ndarray:
            return _spliced(old, gone, at, new)

        category, categories = None, self.categories
        if self.category is not None:
            fresh_category, categories = _recoded(fresh, self.categories)
            category = merged(self.category, fresh_category)
            fresh = replace(fresh, category=fresh_category, categories=categories)
        links = {
            mode: _merged_links(self.links[mode], fresh.links[mode], touched) for mode in _LINKS
        }
        result = EventColumns(
            start=merged(self.start, fresh.start),
            end=merged(self.end, fresh.end),
            ids=merged(self.ids, fresh.ids),
            importance=merged(self.importance, fresh.importance),
            links=links,
            category=category,
            categories=categories,
        )
        for lane_by, index in self._lanes.items():
            result._lanes[lane_by] = index.updated(touched, fresh._lane_index(lane_by))
        return result

    # -- the whole library ---------------------------------------------------------------------
    @property
    def total(self) -> int:
        return len(self.ids)

    @property
    def nbytes(self) -> int:
        """Bytes held in the columns, the links and the lane index."""
        arrays = [self.start, self.end, self.ids, self.importance]
        arrays += [column for pair in self.links.values() for column in pair]
        if self.category is not None:
            arrays.append(self.category)
        for index in self._lanes.values():
            arrays += [index.codes, index.bounds, index.start, index.event_id]
        return sum(array.nbytes for array in arrays)

    def extent(self) -> tuple[int, int] | None:
        """Earliest start and latest end, or None when there are no events."""
        if not len(self.ids):
            return None
        return int(self.start[0]), int(self.end.max())

    def bucket_counts(
        self, start: int, end: int, buckets: int, *, kept: np.ndarray | None = None
    ) -> list[int]:
        """Events starting in each of `buckets` equal slices of [start, end)
        (as `db.queries.bucket_counts`). `kept`: see `overlapping`."""
        if buckets <= 0 or end <= start:
            return []
        # Event s is in bucket (s - start) * buckets // width: bucket b begins at the first
        # key with (s - start) * buckets >= b * width. Exact in Python's integers.
        width = end - start
        edges = [start - (-b * width // buckets) for b in range(buckets)] + [end]
        before = np.searchsorted(self.start, edges)
        counts: list[int] = np.diff(before if kept is None else kept[before]).tolist()
        return counts

    def count_starting(self, start: int, end: int) -> int:
        """How many events start in [start, end)."""
        first, last = np.searchsorted(self.start, [start, end])
        return int(last - first)

    def overlapping(
        self, start: int, end: int, limit: int, *, kept: np.ndarray | None = None
    ) -> np.ndarray | None:
        """Ids of the events overlapping [start, end) (as `db.queries.timeline.window_events`),
        ascending, or None when there are more than `limit` of them.

        `kept`, when given, holds a filter's running counts over the rows (`kept[i]`: how many
        of rows 0..i-1 it keeps; see db/queries/filtered_columns): only those rows count."""
        first, later, last = np.searchsorted(self.start, [start, start + 1, end]).tolist()
        later = min(later, last)
        # An event starting after `start` reaches past it; one starting at it, only if it lasts.
        lasting = self.end[first:later] > start
        if kept is None:
            found = last - later + int(np.count_nonzero(lasting))
        else:
            lasting &= kept_rows(kept, first, later)
            found = int(kept[last] - kept[later]) + int(np.count_nonzero(lasting))
        if found > limit:  # (a whole-span window needs no pass over its ten million ends)
            return None
        inside = self.end[first:last] > start
        # Events starting before the window reach into it only if they end inside or after.
        before = self.end[:first] > start
        if kept is not None:
            inside &= kept_rows(kept, first, last)
            # (only the few events reaching in from before are looked up, not every row)
            reaching = np.flatnonzero(before)
            before[reaching] = kept[reaching + 1] > kept[reaching]
        if found + int(np.count_nonzero(before)) > limit:
            return None
        ids = np.concatenate([self.ids[:first][before], self.ids[first:last][inside]])
        ids.sort()
        return ids

    # -- per lane ------------------------------------------------------------------------------
    def memberships(self, lane_by: str, event_ids: np.ndarray) -> dict[int, list[LaneKey]]:
        """The lanes of each of `event_ids` (as `db.queries.timeline.lane_memberships`): the
        actor or tag ids of the actor and tag modes, each once and ascending; events without
        any are left out, and so is every event in the other modes."""
        check_lane_mode(lane_by)
        if lane_by not in _LINKS or not len(event_ids):
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

    def lane_buckets(
        self,
        lane_by: str,
        start: int,
        end: int,
        buckets: int,
        *,
        kept: np.ndarray | None = None,
    ) -> list[LaneBucket]:
        """As `db.queries.timeline.lane_buckets` with no filter and no sample (an event linked
        to a lane twice counts twice there, as SQL's join counts it). `kept`: a filter's
        running counts over the rows of the lane index (as in `overlapping`)."""
        index = self._index(lane_by)
        if buckets <= 0 or end <= start:
            return []
        edges = _edges(start, end, buckets)
        # Each group's rows before each edge; the counts are their differences, summed over
        # a lane's five importance groups.
        before = np.empty((len(index.bounds) - 1, len(edges)), np.int64)
        bounds = index.bounds.tolist()
        for group, (lo, hi) in enumerate(itertools.pairwise(bounds)):
            found = np.searchsorted(index.start[lo:hi], edges)
            before[group] = found if kept is None else kept[lo + found]
        counts = np.diff(before, axis=1).reshape(len(index.codes), _LEVELS, buckets).sum(axis=1)
        codes = index.codes.tolist()
        lanes, cells = np.nonzero(counts)
        return [
            LaneBucket(self._lane_key(lane_by, codes[lane]), cell, int(counts[lane, cell]))
            for lane, cell in zip(lanes.tolist(), cells.tolist(), strict=True)
        ]

    def label_candidates(
        self,
        lane_by: str,
        start: int,
        end: int,
        cells: int,
        importance: int,
        *,
        kept: np.ndarray | None = None,
    ) -> list[LaneCandidate]:
        """As `db.queries.timeline.lane_label_candidates` with no filter and no sample:
        the lowest event id of the given importance per lane and cell. `kept`: as in
        `lane_buckets`."""
        index = self._index(lane_by)
        if cells <= 0 or end <= start or not 1 <= importance <= _LEVELS:
            return []
        edges = _edges(start, end, cells)
        result: list[LaneCandidate] = []
        bounds = index.bounds.tolist()
        for lane, code in enumerate(index.codes.tolist()):
            lo, hi = bounds[lane * _LEVELS + importance - 1 : lane * _LEVELS + importance + 1]
            at = np.searchsorted(index.start[lo:hi], edges)
            first, last = int(at[0]), int(at[-1])
            if first == last or (kept is not None and kept[lo + first] == kept[lo + last]):
                continue
            # The busy cells' rows lie end to end, so one reduceat finds each cell's lowest id.
            busy = np.flatnonzero(np.diff(at))
            ids = index.event_id[lo + first : lo + last]
            if kept is not None:  # rows the filter leaves out never have the lowest id
                ids = np.where(kept_rows(kept, lo + first, lo + last), ids, _NONE_KEPT)
            lowest = np.minimum.reduceat(ids, at[busy] - first)
            if kept is not None:
                busy, lowest = busy[lowest != _NONE_KEPT], lowest[lowest != _NONE_KEPT]
            key = self._lane_key(lane_by, code)
            result.extend(
                LaneCandidate(key, cell, event_id)
                for cell, event_id in zip(busy.tolist(), lowest.tolist(), strict=True)
            )
        return result

    def _index(self, lane_by: str) -> _LaneIndex:
        check_lane_mode(lane_by)
        index = self._lanes.get(lane_by)
        if index is None:
            raise LookupError(f"the {lane_by!r} lanes were not prepared (see with_lanes)")
        return index

    def _lane_key(self, lane_by: str, code: int) -> LaneKey:
        if code == _NO_LANE or lane_by == "none":
            return None
        return self.categories[code] if lane_by == "category" else code

    def _lane_index(self, lane_by: str) -> _LaneIndex:
        """The (event, lane) rows of `lane_by` grouped for counting (seconds at 10M)."""
        if lane_by in _LINKS:
            events, lanes = self.links[lane_by]
            at = _RowOf(self.ids)(events)
            known = at >= 0  # a link to no event (a foreign file) is not joined by SQL either
            if not known.all():
                at, lanes = at[known], lanes[known]
            del known
            order = np.argsort(at)  # by row, so by start key, as `_LaneIndex.of` wants
            unlinked = np.ones(len(self.ids), bool)
            unlinked[at] = False
            spare = np.flatnonzero(unlinked)
            rows = np.empty(len(at) + len(spare), self._row_type)
            rows[: len(at)] = at[order]
            rows[len(at) :] = spare
            lane = np.full(len(rows), _NO_LANE, lanes.dtype)
            lane[: len(at)] = lanes[order]
            del at, order, unlinked, spare
        else:
            rows = np.arange(len(self.ids), dtype=self._row_type)
            if lane_by == "category":
                assert self.category is not None, "with_lanes reads the categories first"
                lane = self.category
            else:
                lane = np.full(len(self.ids), _NO_LANE, np.int8)
        return _LaneIndex.of(lane, self.importance[rows], rows, self.start, self.ids)

    @property
    def _row_type(self) -> type[np.signedinteger[Any]]:
        return np.int32 if len(self.ids) <= _INT32.max else np.int64


def _recoded(
    fresh: EventColumns, categories: tuple[str, ...]
) -> tuple[np.ndarray, tuple[str, ...]]:
    """`fresh`'s category codes as indexes into `categories` (grown by its new names)."""
    names = list(categories)
    index = {name: i for i, name in enumerate(names)}
    for name in fresh.categories:
        if name not in index:
            index[name] = len(names)
            names.append(name)
    remap = np.array([index[name] for name in fresh.categories] or [0], dtype=np.int64)
    assert fresh.category is not None, "read with the rows"
    codes = np.where(fresh.category >= 0, remap[np.maximum(fresh.category, 0)], _NO_LANE)
    return codes.astype(np.int16 if len(names) < np.iinfo(np.int16).max else np.int32), tuple(names)


def _merged_links(
    old: tuple[np.ndarray, np.ndarray], new: tuple[np.ndarray, np.ndarray], touched: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """`old`'s links without the touched events' and with `new`'s, still by event id."""
    events, lanes = old
    new_events, new_lanes = new
    gone = np.flatnonzero(np.isin(events, touched))
    at = np.searchsorted(events, new_events, side="right")
    return _spliced(events, gone, at, new_events), _spliced(lanes, gone, at, new_lanes)


# -- reading -----------------------------------------------------------------------------------


def _cursor(conn: sa.Connection, stmt: sa.Select[Any]) -> Iterable[Sequence[Any]]:
    """The rows of `stmt` as plain tuples, straight from the driver's cursor: SQLAlchemy's row
    objects would cost ten times as much over millions of rows, all integers here anyway."""
    raw = conn.connection.dbapi_connection
    if raw is None:
        raise TypeError("the connection was invalidated")
    # (an IN list's parameters are expanded when compiled, as SQLAlchemy expands them)
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params: Any = compiled.params
    if compiled.positional:
        params = [compiled.params[name] for name in compiled.positiontup or ()]
    cursor = raw.cursor()
    cursor.execute(str(compiled), params)
    # sqlite3's and psycopg's cursors iterate their rows; SQLAlchemy's DBAPICursor protocol
    # does not declare __iter__.
    return cast(Iterable[Sequence[Any]], cursor)


def _blocks(rows: Iterable[Sequence[Any]], width: int) -> Iterator[np.ndarray]:
    """The (integer) rows as int64 arrays of shape (k, width), k at most _BLOCK."""
    it = iter(rows)
    while True:
        flat = np.fromiter(itertools.chain.from_iterable(itertools.islice(it, _BLOCK)), np.int64)
        if not len(flat):
            return
        yield flat.reshape(-1, width)


def _count(conn: sa.Connection, stmt: sa.Select[Any]) -> int:
    counted = sa.select(sa.func.count()).select_from(stmt.subquery())
    return int(conn.execute(counted).scalar_one())


def _load_all(conn: sa.Connection) -> EventColumns:
    """Every event's keys and links: from the span index by start key, then the importance
    index one level at a time (no value read twice, no row of the table touched)."""
    spans = sa.select(_EVENT.c.id, _EVENT.c.start_key, _EVENT.c.end_key)
    expected = _count(conn, spans)
    ids, start, end = (
        _Column(expected, np.int32),
        _Column(expected, np.int64),
        _Column(expected, np.int64),
    )
    for block in _blocks(_cursor(conn, spans.order_by(_EVENT.c.start_key, _EVENT.c.end_key)), 3):
        ids.extend(block[:, 0])
        start.extend(block[:, 1])
        end.extend(block[:, 2])
    event_ids = ids.array()
    row_of = _RowOf(event_ids)
    importance = np.zeros(len(event_ids), np.int8)
    for level in range(1, _LEVELS + 1):
        stmt = sa.select(_EVENT.c.id).where(_EVENT.c.importance == level)
        for block in _blocks(_cursor(conn, stmt), 1):
            rows = row_of(block[:, 0])
            importance[rows[rows >= 0]] = level
    if len(importance) and not importance.all():
        raise RuntimeError("events changed while their columns were read")
    links = {}
    for mode, (event, lane) in _LINKS.items():
        stmt = sa.select(event, lane).where(event.is_not(None))
        expected = _count(conn, stmt)
        events, lanes = _Column(expected, np.int32), _Column(expected, np.int32)
        for block in _blocks(_cursor(conn, stmt.order_by(event)), 2):
            events.extend(block[:, 0])
            lanes.extend(block[:, 1])
        links[mode] = _by_event(events.array(), lanes.array())
    return EventColumns(start.array(), end.array(), event_ids, importance, links)


def _by_event(events: np.ndarray, lanes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The links ascending by event id (SQL's ORDER BY made sure already, nearly always)."""
    if len(events) > 1 and bool((events[1:] < events[:-1]).any()):
        order = np.argsort(events, kind="stable")
        return events[order], lanes[order]
    return events, lanes


def _read_categories(conn: sa.Connection, ids: np.ndarray) -> tuple[np.ndarray, tuple[str, ...]]:
    """Each event's category as an index into the returned names (_NO_LANE for "")."""
    row_of = _RowOf(ids)
    category = np.full(len(ids), _NO_LANE, np.int32)
    index: dict[str, int] = {}
    rows = iter(_cursor(conn, sa.select(_EVENT.c.id, _EVENT.c.category)))
    while block := list(itertools.islice(rows, _BLOCK)):
        at = row_of(np.fromiter((row[0] for row in block), np.int64, len(block)))
        codes = np.fromiter(
            (index.setdefault(name, len(index)) if name else _NO_LANE for _id, name in block),
            np.int32,
            len(block),
        )
        category[at[at >= 0]] = codes[at >= 0]
    small = np.int16 if len(index) < np.iinfo(np.int16).max else np.int32
    return category.astype(small), tuple(index)


def _load_some(conn: sa.Connection, only: np.ndarray) -> EventColumns:
    """The columns of the events `only` (sorted ids; the absent ones are left out), with their
    categories."""
    rows: list[Sequence[Any]] = []
    pairs: dict[str, list[Sequence[Any]]] = {mode: [] for mode in _LINKS}
    columns = (_EVENT.c.id, _EVENT.c.start_key, _EVENT.c.end_key, _EVENT.c.importance)
    for chunk in np.array_split(only, -(-len(only) // _ID_CHUNK)):
        ids = [int(i) for i in chunk]
        rows.extend(
            conn.execute(sa.select(*columns, _EVENT.c.category).where(_EVENT.c.id.in_(ids)))
        )
        for mode, (event, lane) in _LINKS.items():
            pairs[mode].extend(conn.execute(sa.select(event, lane).where(event.in_(ids))))
    rows.sort(key=lambda row: row[1])
    index: dict[str, int] = {}
    category = np.array(
        [index.setdefault(row[4], len(index)) if row[4] else _NO_LANE for row in rows], np.int32
    )
    keys = np.array([row[:4] for row in rows], np.int64).reshape(-1, 4)
    links = {}
    for mode, found in pairs.items():
        pair = np.array([tuple(p) for p in found], np.int64).reshape(-1, 2)
        links[mode] = _by_event(_narrow(pair[:, 0]), _narrow(pair[:, 1]))
    return EventColumns(
        start=keys[:, 1].copy(),
        end=keys[:, 2].copy(),
        ids=_narrow(keys[:, 0]),
        importance=keys[:, 3].astype(np.int8),
        links=links,
        category=category,
        categories=tuple(index),
    )
