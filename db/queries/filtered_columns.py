"""The in-memory key columns seen through a filter, so a filtered zoom does not wait for SQL.

With a filter set (actor, tag, source, text, evidence flag…) the timeline's counts per lane
and cell came from SQL at every wheel step: a quarter of a second at a million events on
PostgreSQL. Which events a filter keeps changes only when the filter or the library does, so
`FilteredColumns` asks SQL for them once (`SELECT id FROM event WHERE <the filter>`) and
answers every zoom and pan step from the full `EventColumns` with binary searches, as the
unfiltered view does.

It holds no copy of the columns: only running counts of the rows the filter keeps, one
integer per event and one per row of the lane index (`kept[i]`: rows 0..i-1 kept). A count
over rows [a, b) is then `kept[b] - kept[a]`, at the cost of an unfiltered one. That is about
8 bytes per event whatever share the filter keeps (a copy of the kept rows would cost ~33
bytes per kept event: as much as the columns themselves for a filter that keeps nearly all,
like the era bands' hidden tag).

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


def _members(ids: np.ndarray, kept_ids: np.ndarray) -> np.ndarray:
    """Which of `ids` are among `kept_ids` (both unordered), as booleans."""
    if not len(ids) or not len(kept_ids):
        return np.zeros(len(ids), bool)
    top = max(int(ids.max()), int(kept_ids.max())) + 1
    if top <= 4 * len(ids) + (1 << 20):  # ids are handed out in turn: a table by id is small
        table = np.zeros(top, bool)
        table[kept_ids] = True
        found: np.ndarray = table[ids]
        return found
    return np.isin(ids, kept_ids)


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
    _kept: np.ndarray  # running counts over the columns' rows
    # Running counts over the rows of each lane mode's index the columns hold.
    _lanes: dict[str, np.ndarray] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def of(cls, columns: EventColumns, filt: EventFilter, kept_ids: np.ndarray) -> FilteredColumns:
        """`columns` seen through `filt`, which keeps the events `kept_ids` (in any order)."""
        result = cls(columns, filt, _running(_members(columns.ids, kept_ids)))
        for lane_by, index in columns.lane_indexes().items():
            result._lanes[lane_by] = _running(_members(index.event_id, kept_ids))
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
        kept_ids = self.kept_ids()
        if len(retest):
            kept_ids = kept_ids[~np.isin(kept_ids, retest)]
            kept_ids = np.concatenate([kept_ids, matching_ids(lib, self.filter, retest.tolist())])
        return FilteredColumns.of(columns, self.filter, kept_ids)

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
        return self._kept.nbytes + sum(kept.nbytes for kept in self._lanes.values())

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
