"""What the timeline asks for: events overlapping a time window, and counts per time bucket.

Measured at 1,000,000 events (benchmarks/bench_window_query.py): the R*Tree answers windows of a
month or less in 1-2 ms but takes over a second for the whole span, where the (start, end) index
scan takes ~60 ms. So narrow windows go through the R*Tree and wide ones through the index.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import sqlalchemy as sa

from db.engine import Library
from db.queries.event_select import event_columns
from db.queries.filters import EVENT, EventFilter, conditions, source_count_expr

_RTREE = sa.table(
    "event_rtree",
    sa.column("id", sa.Integer),
    sa.column("start_key", sa.Integer),
    sa.column("end_key", sa.Integer),
)
# Use the R*Tree when the window covers less than this share of the library's span.
_RTREE_MAX_SHARE = 0.02


class EventRow(NamedTuple):
    """One event as the timeline and lists draw it (no ORM object)."""

    id: int
    title: str
    when_edtf: str
    start_key: int
    end_key: int
    precision: str
    approximate: bool
    uncertain: bool
    kind: str
    category: str
    color: str | None
    importance: int
    source_count: int


def event_row_columns() -> list[sa.ColumnElement[Any]]:
    return event_columns(EventRow._fields, source_count=source_count_expr())


def key_extent(lib: Library, filt: EventFilter | None = None) -> tuple[int, int] | None:
    """Earliest start and latest end of the (filtered) events, or None when there are none."""
    with lib.read() as conn:
        lo, hi = _extent(conn, conditions(filt, conn))
    return None if lo is None or hi is None else (lo, hi)


def _extent(
    conn: sa.Connection, conds: list[sa.ColumnElement[bool]]
) -> tuple[int | None, int | None]:
    # Two scalar subqueries: SQLite answers a lone min() or max() from an index at once, but
    # scans every row for min() and max() in one SELECT (160 ms at a million events).
    lowest = sa.select(sa.func.min(EVENT.c.start_key)).where(*conds).scalar_subquery()
    highest = sa.select(sa.func.max(EVENT.c.end_key)).where(*conds).scalar_subquery()
    lo, hi = conn.execute(sa.select(lowest, highest)).one()
    return lo, hi


def overlap_conditions(
    conn: sa.Connection, start: int, end: int, extent: tuple[int, int] | None = None
) -> list[sa.ColumnElement[bool]]:
    """Conditions for events overlapping [start, end); `extent` (the library's span) is
    looked up when not given."""
    conds = [EVENT.c.start_key < end, EVENT.c.end_key > start]
    if conn.dialect.name == "postgresql" and start < end:
        # The GiST index over int8range (db/migrations/postgresql.py); the planner picks it
        # for narrow windows and the (start, end) index for wide ones by itself.
        spans = sa.func.int8range(EVENT.c.start_key, EVENT.c.end_key, "[]")
        conds.append(spans.op("&&")(sa.func.int8range(start, end, "[)")))
        return conds
    if conn.dialect.name != "sqlite":
        return conds
    lo, hi = extent or _extent(conn, [])
    if lo is None or hi is None:
        return conds
    if end - start < _RTREE_MAX_SHARE * max(1, hi - lo):
        # The R*Tree stores 32-bit floats rounded outwards: a superset, refined by `conds`.
        in_tree = sa.select(_RTREE.c.id).where(_RTREE.c.start_key < end, _RTREE.c.end_key > start)
        conds.append(EVENT.c.id.in_(in_tree))
    return conds


def events_in_window(
    lib: Library,
    start: int,
    end: int,
    filt: EventFilter | None = None,
    *,
    limit: int | None = None,
    by_importance: bool = False,
) -> list[EventRow]:
    """Events overlapping [start, end), by start (or most important first when limited)."""
    with lib.read() as conn:
        stmt = sa.select(*event_row_columns()).where(
            *overlap_conditions(conn, start, end), *conditions(filt, conn)
        )
        order = [EVENT.c.importance.desc()] if by_importance else []
        stmt = stmt.order_by(*order, EVENT.c.start_key, EVENT.c.id).limit(limit)
        return [EventRow(*row) for row in conn.execute(stmt)]


def count_in_window(lib: Library, start: int, end: int, filt: EventFilter | None = None) -> int:
    with lib.read() as conn:
        stmt = sa.select(sa.func.count()).select_from(EVENT)
        stmt = stmt.where(*overlap_conditions(conn, start, end), *conditions(filt, conn))
        return conn.execute(stmt).scalar_one()


def bucket_counts(
    lib: Library, start: int, end: int, buckets: int, filt: EventFilter | None = None
) -> list[int]:
    """Number of events starting in each of `buckets` equal slices of [start, end)."""
    if buckets <= 0 or end <= start:
        return []
    width = end - start
    with lib.read() as conn:
        bucket = ((EVENT.c.start_key - start) * buckets // width).label("bucket")
        stmt = (
            sa.select(bucket, sa.func.count())
            .where(EVENT.c.start_key >= start, EVENT.c.start_key < end, *conditions(filt, conn))
            .group_by(bucket)
        )
        counts = [0] * buckets
        for index, count in conn.execute(stmt):
            counts[min(int(index), buckets - 1)] += count
    return counts
