"""The in-memory key columns seen through a filter, so a filtered zoom does not wait for SQL.

With a filter set (actor, tag, source, text, evidence flag…) the timeline's counts per lane
and cell came from SQL at every wheel step: a quarter of a second at a million events on
PostgreSQL. Which events a filter keeps changes only when the filter or the library does, so
`FilteredColumns` asks SQL for them once (`SELECT id FROM event WHERE <the filter>`) and
answers every zoom and pan step from the full `EventColumns` with binary searches, as the
unfiltered view does.

It holds no copy of the columns: only running counts of the rows the filter keeps, one
integer per event and one per row of the lane index (`kept[i]`: rows 0..i-1 kept), and a flag
per event id. A count over rows [a, b) is then `kept[b] - kept[a]`, at the cost of an
unfiltered one. That is about 9 bytes per event whatever share the filter keeps (a copy of
the kept rows would cost ~33 bytes per kept event: as much as the columns themselves for a
filter that keeps nearly all, like the era bands' hidden tag).

After an edit that names the events it touched, only those are tested against the filter
again (`updated`); a change that may move others in or out (a source graded, a tag renamed,
a citation added, anything from another process) asks for the kept ids afresh.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import sqlalchemy as sa

from db.engine import Library
from db.queries.event_columns import EventColumns, _blocks, _cursor
from db.queries.filters import EVENT, EventFilter, conditions
from db.queries.timeline import LaneBucket, LaneCandidate, LaneKey

_ID_CHUNK = 900  # ids per IN (...) list, below SQLite's old 999-parameter limit
# A filter on these alone keeps an event or not by its own row and links, so an edit that
# names the events it touched can move only those in or out. The others depend on rows no
# edit names (a source's grade and lineage, relations between events).
_NOT_LOCAL = ("min_reliability", "max_sources", "evidence_flag")


def is_local(filt: EventFilter) -> bool:
    """True when only the events an edit names can enter or leave `filt` (see `_NOT_LOCAL`)."""
    return all(getattr(filt, name) in (None, "") for name in _NOT_LOCAL)


def matching_ids(lib: Library, filt: EventFilter, among: Iterable[int] | None = None) -> np.ndarray:
    """Ids of the events `filt` keeps (of `among` only, when given), in no set order."""
    with lib.read() as conn:
        filtered = conditions(filt, conn)
        if among is None:
            stmt = sa.select(EVENT.c.id).where(*filtered)
            return np.concatenate(
                [np.empty(0, np.int64), *(b[:, 0] for b in _blocks(_cursor(conn, stmt), 1))]
            )
        wanted = sorted(set(among))
        found: list[int] = []
        for first in range(0, len(wanted), _ID_CHUNK):
            chunk = wanted[first : first + _ID_CHUNK]
            stmt = sa.select(EVENT.c.id).where(EVENT.c.id.in_(chunk), *filtered)
            found.extend(conn.execute(stmt).scalars())
    return np.array(found, np.int64)


@dataclass(frozen=True)
class _KeptIds:
    """The ids a filter keeps: a flag per id (one byte each: ids are handed out in turn), or
    the sorted ids where they are too sparse for that. Kept with the view, so an edit changes
    a few flags instead of gathering every kept id again (a second at ten million events)."""

    flags: np.ndarray | None  # bool by id (ids past its end: not kept)
    ids: np.ndarray | None  # int64, ascending, when `flags` is None

    @classmethod
    def of(cls, kept_ids: np.ndarray, known: np.ndarray) -> _KeptIds:
        """`kept_ids` (any order), flagged if a table as long as the top id of them and of
        `known` (the columns' ids) stays small."""
        top = max(
            int(kept_ids.max()) if len(kept_ids) else 0, int(known.max()) if len(known) else 0
        )
        if top < 4 * len(known) + (1 << 20):
            flags = np.zeros(top + 1, bool)
            flags[kept_ids] = True
            return cls(flags, None)
        return cls(None, np.unique(kept_ids))

    def contains(self, ids: np.ndarray) -> np.ndarray:
        """Which of `ids` are kept, as booleans."""
        if self.flags is None:
            assert self.ids is not None, "one of the two is held"
            return np.isin(ids, self.ids, assume_unique=False)
        if not len(ids) or int(ids.max()) < len(self.flags):
            found: np.ndarray = self.flags[ids]
            return found
        inside = ids < len(self.flags)
        result = np.zeros(len(ids), bool)
        result[inside] = self.flags[ids[inside]]
        return result

    def changed(self, retested: np.ndarray, kept: np.ndarray, known: np.ndarray) -> _KeptIds:
        """These ids with `retested` ones kept only if among `kept` (a subset of them)."""
        if self.flags is None:
            assert self.ids is not None, "one of the two is held"
            ids = np.union1d(self.ids[~np.isin(self.ids, retested)], kept)
            return _KeptIds.of(ids, known)
        top = max(len(self.flags) - 1, int(kept.max()) if len(kept) else 0)
        if top >= 4 * len(known) + (1 << 20):
            ids = np.flatnonzero(self.flags)
            return _KeptIds.of(np.union1d(ids[~np.isin(ids, retested)], kept), known)
        flags = np.zeros(top + 1, bool)
        flags[: len(self.flags)] = self.flags
        flags[retested[retested <= top]] = False
        flags[kept] = True
        return _KeptIds(flags, None)

    @property
    def nbytes(self) -> int:
        held = self.flags if self.flags is not None else self.ids
        return 0 if held is None else held.nbytes


def _running(kept: np.ndarray) -> np.ndarray:
    """Running counts of `kept` (booleans): element i is how many of 0..i-1 are True."""
    counts = np.zeros(len(kept) + 1, np.int32 if len(kept) < 2**31 else np.int64)
    np.cumsum(kept, dtype=counts.dtype, out=counts[1:])
    return counts


@dataclass(frozen=True)
class FilteredColumns:
    """`columns` as `filter` sees them: the same questions, answered for its events only."""

    columns: EventColumns
    filter: EventFilter
    _ids: _KeptIds  # which events the filter keeps
    _kept: np.ndarray  # running counts over the columns' rows
    # Running counts over the rows of each lane mode's index the columns hold.
    _lanes: dict[str, np.ndarray] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def of(cls, columns: EventColumns, filt: EventFilter, kept_ids: np.ndarray) -> FilteredColumns:
        """`columns` seen through `filt`, which keeps the events `kept_ids` (in any order)."""
        return cls._made(columns, filt, _KeptIds.of(kept_ids, columns.ids))

    @classmethod
    def _made(cls, columns: EventColumns, filt: EventFilter, kept: _KeptIds) -> FilteredColumns:
        result = cls(columns, filt, kept, _running(kept.contains(columns.ids)))
        for lane_by, index in columns.lane_indexes().items():
            result._lanes[lane_by] = _running(kept.contains(index.event_id))
        return result

    @classmethod
    def load(cls, lib: Library, columns: EventColumns, filt: EventFilter) -> FilteredColumns:
        """Ask SQL which events `filt` keeps (once), and see `columns` through it."""
        return cls.of(columns, filt, matching_ids(lib, filt))

    def updated(
        self, lib: Library, columns: EventColumns, touched: Iterable[int] | None
    ) -> FilteredColumns:
        """The same filter over `columns` (the library as it is now): the `touched` events
        tested against it again, or every event when `touched` is None."""
        retest = None if touched is None else np.array(sorted(set(touched)), np.int64)
        if retest is None or (len(retest) and not is_local(self.filter)):
            return FilteredColumns.load(lib, columns, self.filter)
        kept = self._ids
        if len(retest):
            found = matching_ids(lib, self.filter, retest.tolist())
            kept = kept.changed(retest, found, columns.ids)
        return FilteredColumns._made(columns, self.filter, kept)

    def kept_ids(self) -> np.ndarray:
        """Ids of the events the filter keeps, by start key."""
        ids: np.ndarray = self.columns.ids[np.diff(self._kept) > 0]
        return ids

    @property
    def total(self) -> int:
        return int(self._kept[-1])

    @property
    def nbytes(self) -> int:
        """Bytes held beyond the columns' own (which this shares)."""
        lanes = sum(kept.nbytes for kept in self._lanes.values())
        return self._ids.nbytes + self._kept.nbytes + lanes

    def has_lanes(self, lane_by: str) -> bool:
        return lane_by in self._lanes and self.columns.has_lanes(lane_by)

    # -- the questions of `EventColumns`, asked of the kept events ---------------------------
    def bucket_counts(self, start: int, end: int, buckets: int) -> list[int]:
        return self.columns.bucket_counts(start, end, buckets, kept=self._kept)

    def overlapping(self, start: int, end: int, limit: int) -> np.ndarray | None:
        return self.columns.overlapping(start, end, limit, kept=self._kept)

    def memberships(self, lane_by: str, event_ids: np.ndarray) -> dict[int, list[LaneKey]]:
        return self.columns.memberships(lane_by, event_ids)  # an event's lanes: all of them

    def lane_buckets(self, lane_by: str, start: int, end: int, buckets: int) -> list[LaneBucket]:
        return self.columns.lane_buckets(lane_by, start, end, buckets, kept=self._lane(lane_by))

    def label_candidates(
        self, lane_by: str, start: int, end: int, cells: int, importance: int
    ) -> list[LaneCandidate]:
        kept = self._lane(lane_by)
        return self.columns.label_candidates(lane_by, start, end, cells, importance, kept=kept)

    def _lane(self, lane_by: str) -> np.ndarray:
        kept = self._lanes.get(lane_by)
        if kept is None:
            raise LookupError(
                f"the {lane_by!r} lanes were not prepared (see EventColumns.with_lanes)"
            )
        return kept
