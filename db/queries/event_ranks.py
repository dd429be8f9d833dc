"""The Events list's order held as one array of ids, so a deep page or a find-row costs a slice
or a scan of memory instead of an OFFSET walk over millions of rows.

At ten million events a page at offset 5,000,000 walks 5M index entries (180 ms), the last
page by title 380 ms, and the sources sort has no index at all: each page counts the
independent sources of every event (8 s; finding a row's position 51 s). `EventRanks` is the
ids of one list (one sort, direction and filter) in its order, read once in the background:
a page is `ids[offset:offset + limit]` fetched by id, a row's position one comparison pass
over the array (2-3 ms of CPU at 10M). It costs 4 bytes per listed event (40 MB at 10M), so a view
keeps one, for the order it shows.

The array is read with the list's own ORDER BY (`list_event_order`), so it equals the plain
offset query's order by construction, except for the sources sort: there the query would
sort ten million correlated counts (43 s at 10M), so the counts are made in one pass over the
citations instead (`_count_sources`, the same rule as `source_count_expr`: lineages of
counted sources) and the ids put in order by a counting sort in numpy.
tests/db/test_event_ranks.py checks pages and positions against the plain queries after
random edits on both engines.

A search's list (`search_ranks`) is the whole list's order in the same sort with the events
that do not match left out: every match read once as an array (the direct matches straight
from the search index, in rowid order, plus those through actors and sources), marked in a
flag per event id, and the whole order filtered by the flags. At 10M events and "war" (1.25M
matches) that costs one read of the matches and two passes over the order in numpy, where
asking SQL for the matches in title order sorts them all (3.6 s of CPU). The whole order is
the one the list showed before the search, or made once per sort and data (3 s at 10M).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import sqlalchemy as sa

from db.engine import Library
from db.queries.driver_rows import BLOCK, driver_rows
from db.queries.filters import EVENT, EventFilter, conditions
from db.queries.lineage import NOT_COUNTED, lineage_roots
from db.queries.lists import EVENT_SORTS, sort_key
from db.queries.search import matching_event_parts, without_jit
from db.store.snapshots import TABLES

_CIT, _SOURCE = TABLES["citation"], TABLES["source"]
_CHUNK = 1 << 20  # ids ordered at a time by the counting sort
_INT32_MAX = int(np.iinfo(np.int32).max)
# Sorts whose whole order (ties broken by id) one index walks: their plain offset query
# answers a page in at most a few hundred ms even at 10M. The others read every event.
INDEXED_SORTS = frozenset({"when", "title"})

Progress = Callable[[int, int], None]


@dataclass(frozen=True, eq=False)
class EventRanks:
    """The ids of one event list (`sort`, `descending`, `filt`) in the list's order."""

    sort: str
    descending: bool
    filt: EventFilter | None
    ids: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)

    def page_ids(self, offset: int, limit: int) -> list[int]:
        """The ids of rows offset .. offset + limit - 1 of the list."""
        return cast(list[int], self.ids[max(offset, 0) : max(offset, 0) + limit].tolist())

    def position(self, event_id: int) -> int | None:
        """Row of `event_id` in the list (None: not in it)."""
        if not 0 < event_id <= _INT32_MAX and self.ids.dtype == np.int32:
            return None
        hits = np.flatnonzero(self.ids == event_id)
        return int(hits[0]) if len(hits) else None

    @property
    def nbytes(self) -> int:
        return int(self.ids.nbytes)


def list_event_order(
    conn: sa.Connection, sort: str, descending: bool
) -> list[sa.UnaryExpression[Any]]:
    """ORDER BY of `list_events` for a sort by the event's own columns (id breaks ties)."""
    return [sort_key(conn, c, descending) for c in EVENT_SORTS[sort]] + [EVENT.c.id.asc()]


def rank_events(
    lib: Library,
    filt: EventFilter | None = None,
    sort: str = "when",
    descending: bool = False,
    progress: Progress | None = None,
) -> EventRanks:
    """Read the order of `list_events(lib, filt, sort=sort, descending=descending)`.

    `progress(done, total)` is called after each block of rows; it may raise to cancel.
    """
    if sort not in EVENT_SORTS:
        raise ValueError(f"unknown sort {sort!r}")
    report = progress or (lambda _done, _total: None)
    with lib.read() as conn:
        without_jit(conn)  # PostgreSQL would compile the lineage query first (~0.9 s)
        where = conditions(filt, conn)
        total = conn.execute(sa.select(sa.func.count()).select_from(EVENT).where(*where))
        size = int(total.scalar_one())
        highest = int(conn.execute(sa.select(sa.func.max(EVENT.c.id))).scalar() or 0)
        dtype = np.int32 if highest <= _INT32_MAX else np.int64
        if sort == "sources":
            ids = _read_ids(conn, sa.select(EVENT.c.id).where(*where), size, dtype, report)
            ids.sort()
            ids = _by_source_count(ids, _count_sources(conn, ids, report), descending)
        else:
            stmt = sa.select(EVENT.c.id).where(*where)
            stmt = stmt.order_by(*list_event_order(conn, sort, descending))
            ids = _read_ids(conn, stmt, size, dtype, report)
    return EventRanks(sort, descending, filt, ids)


def matching_event_ids(conn: sa.Connection, text: str) -> np.ndarray:
    """The ids of every event `matches_text(conn, EVENT.c.id, text, "event")` selects, in
    no particular order and possibly repeated (SQL's union would sort them all to drop the
    repeats; the flags they are used for need neither)."""
    return np.concatenate([_id_list(conn, s) for s in matching_event_parts(conn, text)])


def _id_list(conn: sa.Connection, stmt: sa.Select[Any]) -> np.ndarray:
    """The one-column integer rows of `stmt` as an array. SQLite hands them over as one text
    (`group_concat`) parsed by numpy: 1.25M ids in 230 ms of CPU at 10M events, where a
    cursor's rows took 460."""
    if conn.dialect.name != "sqlite":
        return _read_ids(conn, stmt, 0, np.int64, lambda _done, _total: None)
    column = stmt.subquery().c[0]
    listed = conn.execute(sa.select(sa.func.group_concat(column, ","))).scalar()
    return np.fromstring(listed or "", dtype=np.int64, sep=",")


def search_ranks(
    lib: Library, whole: EventRanks, text: str, progress: Progress | None = None
) -> EventRanks:
    """The order of `list_events(lib, EventFilter(text=text), sort=whole.sort,
    descending=whole.descending)`, from `whole`: the order of every event in that sort, read
    in the same state of the library (the caller makes both again after any change).

    Costs, beside `whole`, one byte per event id (the flags) and four per match."""
    if whole.filt not in (None, EventFilter()):
        raise ValueError("the whole list's order is needed, not a filtered one")
    with lib.read() as conn:
        without_jit(conn)
        matches = matching_event_ids(conn, text)
    ids = whole.ids
    kept: np.ndarray
    if not text.strip():  # no search: the whole list (as `conditions` has it)
        kept = ids
    elif len(matches) and len(ids):
        highest = max(int(matches.max()), int(ids.max()))
        matched = np.zeros(highest + 1, np.bool_)
        matched[matches] = True
        kept = ids[matched[ids]]
    else:
        kept = ids[:0]
    if progress is not None:
        progress(len(kept), len(kept))
    return EventRanks(whole.sort, whole.descending, EventFilter(text=text), kept)


def _read_ids(
    conn: sa.Connection, stmt: sa.Select[Any], size: int, dtype: type, report: Progress
) -> np.ndarray:
    """The one-column integer rows of `stmt`, in order, filled block by block into one array
    (grown should a server's read return more rows than were counted)."""
    ids: np.ndarray = np.empty(size, dtype)
    used = 0
    cursor: Any = driver_rows(conn, stmt)
    while block := cursor.fetchmany(BLOCK):
        values: np.ndarray = np.fromiter((row[0] for row in block), dtype, len(block))
        if used + len(values) > len(ids):
            ids = np.resize(ids, max(used + len(values), len(ids) * 3 // 2))
        ids[used : used + len(values)] = values
        used += len(values)
        report(used, size)
    return ids[:used] if used < len(ids) else ids


def _count_sources(conn: sa.Connection, ids: np.ndarray, report: Progress) -> np.ndarray:
    """The number of independent sources of each of `ids` (ascending): the lineages
    (`lineage_roots`) of the counted sources citing it, as `source_count_expr` counts them.

    The citations come ordered by event (its index), so each block is counted on its own,
    only the last event's pairs carried into the next, and the counts go straight into the
    result: memory stays at a block's worth beside it.
    """
    roots = lineage_roots()
    stmt = (
        sa.select(_CIT.c.event_id, sa.func.coalesce(roots.c.root, _CIT.c.source_id))
        .select_from(
            _CIT.join(_SOURCE, _SOURCE.c.id == _CIT.c.source_id).outerjoin(
                roots, roots.c.src == _CIT.c.source_id
            )
        )
        .where(_CIT.c.event_id.is_not(None), _SOURCE.c.status.not_in(NOT_COUNTED))
        .order_by(_CIT.c.event_id)
    )
    per_event = np.zeros(len(ids), np.int8)  # widened should an event have 128 sources
    carried = np.empty(0, np.int64)
    done = 0
    cursor: Any = driver_rows(conn, stmt)
    while True:
        block = cursor.fetchmany(BLOCK)
        flat = np.fromiter((v for row in block for v in row), np.int64, 2 * len(block))
        # One int64 per (event, lineage): the event in the high half, so that sorted unique
        # pairs are grouped by event.
        keys = np.concatenate([carried, (flat[0::2] << 32) | flat[1::2]])
        if block and len(keys):  # the last event's citations may go on in the next block
            last = keys[-1] >> 32
            carried, keys = keys[keys >> 32 == last], keys[keys >> 32 != last]
        if len(keys) and len(ids):
            found = np.unique(np.unique(keys) >> 32, return_counts=True)
            # In the ids' own type: numpy would otherwise search an int64 copy of them all.
            events: np.ndarray = found[0].astype(ids.dtype)
            counts: np.ndarray = found[1]
            at: np.ndarray = np.searchsorted(ids, events)
            listed = at < len(ids)
            listed[listed] = ids[at[listed]] == events[listed]  # the events the list holds
            if len(counts) and counts.max() > np.iinfo(per_event.dtype).max:
                per_event = per_event.astype(np.int32)
            per_event[at[listed]] = counts[listed]
        if not block:
            return per_event
        done += len(block)
        report(done, 0)


def _by_source_count(ids: np.ndarray, per_event: np.ndarray, descending: bool) -> np.ndarray:
    """`ids` (ascending) ordered by their number of sources, then by id.

    A counting sort filled chunk by chunk, so that beside `ids` and the result only a chunk's
    worth is held (an argsort's int64 index would be twice the size of `ids` again)."""
    values, sizes = np.unique(per_event, return_counts=True)
    if descending:
        values, sizes = values[::-1], sizes[::-1]
    firsts = np.cumsum(sizes) - sizes
    next_at = dict(zip(values.tolist(), firsts.tolist(), strict=True))
    ordered = np.empty_like(ids)
    for start in range(0, len(ids), _CHUNK):
        chunk, keys = ids[start : start + _CHUNK], per_event[start : start + _CHUNK]
        for value in np.unique(keys).tolist():
            group = chunk[keys == value]  # ascending: ties broken by id, as in SQL
            ordered[next_at[value] : next_at[value] + len(group)] = group
            next_at[value] += len(group)
    return ordered
