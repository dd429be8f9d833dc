"""What the timeline asks for beyond plain windows: lanes, lane-aware counts and label picks.

A lane groups events by actor, tag or category (an event with two actors is in both lanes);
the lane key is the actor or tag id, the category text, or None for "none of them" (and for
the single lane when lanes are off). Counts per lane and time bucket count events *starting*
in the bucket; a `sample` above 1 counts every sample-th event id and scales the counts up,
which keeps wide windows over a million events fast (the timeline marks them approximate).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any, NamedTuple

import sqlalchemy as sa

from db.engine import Library
from db.queries.filters import EVENT, EventFilter, conditions
from db.queries.window import EventRow, event_row_columns, overlap_conditions
from db.store.snapshots import TABLES

LANE_MODES = ("none", "actor", "tag", "category")
_PART, _TAGGING, _TAG, _ACTOR, _CIT = (
    TABLES["participation"],
    TABLES["tagging"],
    TABLES["tag"],
    TABLES["actor"],
    TABLES["citation"],
)
_UNASSIGNED_TITLES = {
    "none": "All events",
    "actor": "No actor",
    "tag": "No tag",
    "category": "No category",
}

LaneKey = int | str | None


class LaneRow(NamedTuple):
    """One swimlane: its key, what to call it, its colour and how many events it holds."""

    key: LaneKey
    title: str
    color: str | None
    # (the field shadows tuple.count(), as the GUI reads it; a NamedTuple allows that at run time)
    count: int | None  # type: ignore[assignment]  # None where counting would cost a scan


class LaneBucket(NamedTuple):
    lane: LaneKey
    bucket: int
    count: int  # type: ignore[assignment]  # shadows tuple.count(), as LaneRow.count does


class LaneCandidate(NamedTuple):
    """The event picked to be labelled in one lane and cell of the view."""

    lane: LaneKey
    cell: int
    event_id: int


def check_lane_mode(lane_by: str) -> None:
    if lane_by not in LANE_MODES:
        raise ValueError(f"lane_by must be one of {LANE_MODES}, not {lane_by!r}")


def _link_of(lane_by: str) -> tuple[sa.Table, sa.Column[int]]:
    """The link table of actor or tag lanes and its lane key column."""
    return (_PART, _PART.c.actor_id) if lane_by == "actor" else (_TAGGING, _TAGGING.c.tag_id)


def _lane_source(lane_by: str) -> tuple[sa.ColumnElement[Any], sa.FromClause]:
    """The lane key column and the FROM clause (event joined to what the lanes are of)."""
    if lane_by == "actor":
        return _PART.c.actor_id, EVENT.outerjoin(_PART, _PART.c.event_id == EVENT.c.id)
    if lane_by == "tag":
        return _TAGGING.c.tag_id, EVENT.outerjoin(_TAGGING, _TAGGING.c.event_id == EVENT.c.id)
    if lane_by == "category":
        return sa.func.nullif(EVENT.c.category, ""), EVENT
    return sa.null(), EVENT


def timeline_lanes(lib: Library, lane_by: str, filt: EventFilter | None = None) -> list[LaneRow]:
    """The lanes holding (filtered) events, busiest first, with "none of them" last."""
    check_lane_mode(lane_by)
    with lib.read() as conn:
        filtered = conditions(filt, conn)
        if lane_by == "none":
            stmt = sa.select(sa.func.count()).select_from(EVENT).where(*filtered)
            total = conn.execute(stmt).scalar_one()
            return [LaneRow(None, _UNASSIGNED_TITLES["none"], None, total)] if total else []
        lanes = _assigned_lanes(conn, lane_by, filtered)
        if _has_unassigned(conn, lane_by, filtered):
            lanes.append(LaneRow(None, _UNASSIGNED_TITLES[lane_by], None, None))
    return lanes


def _assigned_lanes(
    conn: sa.Connection, lane_by: str, filtered: list[sa.ColumnElement[bool]]
) -> list[LaneRow]:
    if lane_by == "category":
        stmt = (
            sa.select(EVENT.c.category, sa.func.count())
            .where(EVENT.c.category != "", *filtered)
            .group_by(EVENT.c.category)
        )
        rows = [LaneRow(name, name, None, n) for name, n in conn.execute(stmt)]
    else:
        link, column = _link_of(lane_by)
        entity = _ACTOR if lane_by == "actor" else _TAG
        # count(*) counts links: an actor in one event under two roles counts twice, which is
        # rare, and counting distinct events costs a sort (0.7 s at a million events).
        counts = sa.select(column.label("key"), sa.func.count()).group_by(column)
        if link.c.event_id.nullable:  # (a participation always has an event: testing for
            # one would cost a table lookup per link, where the actor index alone answers)
            counts = counts.where(link.c.event_id.is_not(None))
        if filtered:
            counts = counts.where(link.c.event_id.in_(sa.select(EVENT.c.id).where(*filtered)))
        found: dict[int, int] = {key: count for key, count in conn.execute(counts)}
        name = entity.c.name
        described = sa.select(entity.c.id, name, entity.c.color).where(entity.c.id.in_(found))
        rows = [LaneRow(i, title, color, found[i]) for i, title, color in conn.execute(described)]
    return sorted(rows, key=lambda lane: (-(lane.count or 0), str(lane.title).casefold()))


def _has_unassigned(
    conn: sa.Connection, lane_by: str, filtered: list[sa.ColumnElement[bool]]
) -> bool:
    if lane_by == "category":
        unassigned = EVENT.c.category == ""
    else:
        link = _PART if lane_by == "actor" else _TAGGING
        linked = sa.select(link.c.event_id).where(link.c.event_id == EVENT.c.id)
        unassigned = ~sa.exists(linked)
    stmt = sa.select(EVENT.c.id).where(unassigned, *filtered).limit(1)
    return conn.execute(stmt).first() is not None


def window_events(
    lib: Library,
    start: int,
    end: int,
    filt: EventFilter | None = None,
    *,
    extent: tuple[int, int] | None = None,
    limit: int,
) -> list[EventRow] | None:
    """Events overlapping [start, end), or None when there are more than `limit` of them."""
    with lib.read() as conn:
        stmt = sa.select(*event_row_columns()).where(
            *overlap_conditions(conn, start, end, extent), *conditions(filt, conn)
        )
        rows = conn.execute(stmt.limit(limit + 1)).all()
    return None if len(rows) > limit else [EventRow(*row) for row in rows]


def event_rows(lib: Library, event_ids: Iterable[int]) -> list[EventRow]:
    """The rows of the given events (missing ids are skipped)."""
    ids = sorted(set(event_ids))
    if not ids:
        return []
    with lib.read() as conn:
        stmt = sa.select(*event_row_columns()).where(EVENT.c.id.in_(ids))
        return [EventRow(*row) for row in conn.execute(stmt)]


def lane_memberships(
    lib: Library, lane_by: str, event_ids: Iterable[int]
) -> dict[int, list[LaneKey]]:
    """The lanes of each event (actor or tag ids; absent ids belong to the None lane)."""
    check_lane_mode(lane_by)
    ids = sorted(set(event_ids))
    lanes: dict[int, list[LaneKey]] = defaultdict(list)
    if lane_by not in ("actor", "tag") or not ids:
        return lanes
    link, column = (
        (_PART, _PART.c.actor_id) if lane_by == "actor" else (_TAGGING, _TAGGING.c.tag_id)
    )
    stmt = sa.select(link.c.event_id, column).where(link.c.event_id.in_(ids)).distinct()
    with lib.read() as conn:
        for event_id, key in conn.execute(stmt.order_by(link.c.event_id, column)):
            lanes[event_id].append(key)
    return lanes


def _sampled(
    conn: sa.Connection, stmt: sa.Select[Any], start: int, end: int, sample: int
) -> sa.Select[Any]:
    """`stmt` over the events whose id is a multiple of `sample` (all of them for 1).

    Testing each id reads every event starting in the window: ten million index entries over
    the whole span of a 10M library, a second before the first frame. When the window holds
    every event's start anyway, the sampled ids are looked up one by one instead (a rowid
    lookup each, ~25,000 of them there): the same events in half the time.
    """
    if sample <= 1:
        return stmt
    first, last, top = conn.execute(
        sa.select(
            sa.select(sa.func.min(EVENT.c.start_key)).scalar_subquery(),
            sa.select(sa.func.max(EVENT.c.start_key)).scalar_subquery(),
            sa.select(sa.func.max(EVENT.c.id)).scalar_subquery(),
        )
    ).one()
    if top is None or first < start or last >= end or top // sample > _MOST_LOOKUPS:
        return stmt.where(EVENT.c.id % sample == 0)
    ids = sa.select(sa.literal(sample, sa.BigInteger).label("id")).cte("sampled", recursive=True)
    ids = ids.union_all(sa.select(ids.c.id + sample).where(ids.c.id + sample <= top))
    return stmt.where(EVENT.c.id.in_(sa.select(ids.c.id)))


_MOST_LOOKUPS = 100_000  # sampled ids looked up one by one at most (~3 µs each)


def _bucket_width(start: int, end: int, buckets: int) -> int:
    return max(1, -(-(end - start) // buckets))


def lane_buckets(
    lib: Library,
    lane_by: str,
    start: int,
    end: int,
    buckets: int,
    filt: EventFilter | None = None,
    *,
    sample: int = 1,
) -> list[LaneBucket]:
    """Events starting in each of `buckets` equal slices of [start, end), per lane."""
    check_lane_mode(lane_by)
    if buckets <= 0 or end <= start:
        return []
    width = _bucket_width(start, end, buckets)
    lane, source = _lane_source(lane_by)
    bucket = ((EVENT.c.start_key - start) // width).label("bucket")
    with lib.read() as conn:
        stmt = sa.select(lane.label("lane"), bucket, sa.func.count()).select_from(source)
        stmt = stmt.where(EVENT.c.start_key >= start, EVENT.c.start_key < end)
        stmt = stmt.where(*conditions(filt, conn))
        stmt = _sampled(conn, stmt, start, end, sample)
        rows = conn.execute(stmt.group_by(sa.literal_column("lane"), bucket)).all()
    return [LaneBucket(key, min(int(b), buckets - 1), n * sample) for key, b, n in rows]


def lane_label_candidates(
    lib: Library,
    lane_by: str,
    start: int,
    end: int,
    cells: int,
    filt: EventFilter | None = None,
    *,
    importance: int,
    sample: int = 1,
) -> list[LaneCandidate]:
    """One event of the given importance per lane and cell of [start, end), to be labelled.

    With `sample` above 1 only every sample-th event id is considered (busy windows).
    """
    check_lane_mode(lane_by)
    if cells <= 0 or end <= start:
        return []
    width = _bucket_width(start, end, cells)
    lane, source = _lane_source(lane_by)
    cell = ((EVENT.c.start_key - start) // width).label("cell")
    with lib.read() as conn:
        stmt = sa.select(lane.label("lane"), cell, sa.func.min(EVENT.c.id)).select_from(source)
        stmt = stmt.where(
            EVENT.c.importance == importance,
            EVENT.c.start_key >= start,
            EVENT.c.start_key < end,
            *conditions(filt, conn),
        )
        if sample > 1:  # (one importance's share of the window, in its own index: scanned,
            # as the planner would scan it beside the sampled ids of `_sampled` too)
            stmt = stmt.where(EVENT.c.id % sample == 0)
        rows = conn.execute(stmt.group_by(sa.literal_column("lane"), cell)).all()
    return [LaneCandidate(key, min(int(c), cells - 1), event_id) for key, c, event_id in rows]


def linked_event_ids(
    lib: Library,
    *,
    actor_ids: Iterable[int] = (),
    source_ids: Iterable[int] = (),
    among: Iterable[int] | None = None,
) -> set[int]:
    """Events in which any of `actor_ids` take part or which any of `source_ids` cite.

    With `among`, only those of the given event ids are returned (e.g. the ones on screen).
    """
    actors, sources = sorted(set(actor_ids)), sorted(set(source_ids))
    within = None if among is None else sorted(set(among))
    selects = []
    if actors:
        selects.append(sa.select(_PART.c.event_id).where(_PART.c.actor_id.in_(actors)))
    if sources:
        cited = sa.select(_CIT.c.event_id).where(_CIT.c.source_id.in_(sources))
        selects.append(cited.where(_CIT.c.event_id.is_not(None)))
    if not selects or within == []:
        return set()
    found: set[int] = set()
    with lib.read() as conn:
        for stmt in selects:
            column = stmt.selected_columns[0]
            if within is not None:
                stmt = stmt.where(column.in_(within))
            found.update(conn.execute(stmt.distinct()).scalars())
    return found
