"""Nodes and edges of the relationship graph as plain rows: one query per table, no ORM objects.

`graph_rows` applies the filters a user picks (node kinds, actor kinds, relation types, tags) in
SQL and keeps only edges whose two ends survived; `in_window` slices those rows to a time window
(the network as it stood then), so the GUI can re-slice without asking the file again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

import sqlalchemy as sa

from db.engine import Library
from db.models import NODE_KINDS
from db.queries.event_select import event_columns
from db.queries.filters import EVENT, EventFilter, conditions
from db.queries.lists import ACTOR, CIT, PART, REL, SOURCE, TAG, TAGGING

_ID_CHUNK = 900  # ids per IN (...) list, below SQLite's old 999-parameter limit
# Events a link chart shows at most. A million event nodes read, built and laid out took
# minutes of CPU and 4.6 GB at 1,000,000 events, for a picture no one can read; beyond this
# the most important are shown and the status says how to narrow the graph.
GRAPH_EVENTS = 2_000


@dataclass(frozen=True)
class GraphFilter:
    """What the graph shows. Empty tuples do not filter; `relation_types=None` keeps every type."""

    kinds: frozenset[str] = frozenset({"actor", "event"})
    actor_kinds: tuple[str, ...] = ()
    relation_types: tuple[str, ...] | None = None
    tags: tuple[str, ...] = ()  # events and actors carrying one, with the actors of those events


class ActorNode(NamedTuple):
    id: int
    name: str
    kind: str
    color: str | None


class EventNode(NamedTuple):
    id: int
    title: str
    when_edtf: str
    start_key: int
    end_key: int
    category: str
    color: str | None
    importance: int


class SourceNode(NamedTuple):
    id: int
    title: str
    reliability: str | None


class ParticipationEdge(NamedTuple):
    id: int
    event_id: int
    actor_id: int
    role: str


class RelationEdge(NamedTuple):
    id: int
    from_kind: str
    from_id: int
    to_kind: str
    to_id: int
    type: str
    valid_start_key: int | None
    valid_end_key: int | None


class CitationEdge(NamedTuple):
    id: int
    source_id: int
    event_id: int


class GraphRows(NamedTuple):
    actors: list[ActorNode]
    events: list[EventNode]
    sources: list[SourceNode]
    participations: list[ParticipationEdge]
    relations: list[RelationEdge]
    citations: list[CitationEdge]
    # The events the filter keeps when more than `max_events` of them were asked for (only
    # the most important were read); None when `events` holds them all.
    events_kept: int | None = None


def _tagged(column_name: str, tags: tuple[str, ...]) -> sa.Select[Any]:
    return (
        sa.select(TAGGING.c[column_name])
        .join(TAG, TAG.c.id == TAGGING.c.tag_id)
        .where(TAG.c.name.in_(tags), TAGGING.c[column_name].is_not(None))
    )


def _events(
    conn: sa.Connection, filt: GraphFilter, window: tuple[int, int] | None, most: int | None
) -> tuple[list[EventNode], int | None]:
    """The events kept, by date; with `most`, at most that many: the most important (then the
    latest), and how many the filter keeps in all when that is more."""
    if "event" not in filt.kinds:
        return [], None
    start, end = window or (None, None)
    kept = conditions(EventFilter(tags=filt.tags, start_key=start, end_key=end), conn)
    stmt = sa.select(*event_columns(EventNode._fields)).where(*kept)
    if most is None:
        stmt = stmt.order_by(EVENT.c.start_key, EVENT.c.id)
        return [EventNode(*row) for row in conn.execute(stmt)], None
    # ix_event_importance (importance, start_key) walked backwards: no sort of every event.
    top = stmt.order_by(EVENT.c.importance.desc(), EVENT.c.start_key.desc(), EVENT.c.id.desc())
    events = [EventNode(*row) for row in conn.execute(top.limit(most + 1))]
    if len(events) <= most:
        return sorted(events, key=lambda e: (e.start_key, e.id)), None
    total = conn.execute(sa.select(sa.func.count()).select_from(EVENT).where(*kept)).scalar_one()
    return sorted(events[:most], key=lambda e: (e.start_key, e.id)), total


def _links_of(
    conn: sa.Connection, stmt: sa.Select[Any], column: sa.ColumnElement[int], ids: list[int] | None
) -> list[Any]:
    """Rows of `stmt` (ordered by id); with `ids`, only those whose `column` is one of them."""
    if ids is None:
        return list(conn.execute(stmt))
    found: list[Any] = []
    for start in range(0, len(ids), _ID_CHUNK):
        found += conn.execute(stmt.where(column.in_(ids[start : start + _ID_CHUNK])))
    return sorted(found, key=lambda row: row[0])


def _actors(conn: sa.Connection, filt: GraphFilter, event_ids: list[int]) -> list[ActorNode]:
    if "actor" not in filt.kinds:
        return []
    stmt = sa.select(ACTOR.c.id, ACTOR.c.name, ACTOR.c.kind, ACTOR.c.color).order_by(ACTOR.c.id)
    if filt.actor_kinds:
        stmt = stmt.where(ACTOR.c.kind.in_(filt.actor_kinds))
    rows = [ActorNode(*row) for row in conn.execute(stmt)]
    if not filt.tags:
        return rows
    # With tags, keep tagged actors and the actors taking part in the tagged events.
    keep = set(conn.execute(_tagged("actor_id", filt.tags)).scalars())
    keep |= _participants_of(conn, event_ids)
    return [row for row in rows if row.id in keep]


def _participants_of(conn: sa.Connection, event_ids: list[int]) -> set[int]:
    wanted = set(event_ids)
    pairs = conn.execute(sa.select(PART.c.event_id, PART.c.actor_id))
    return {actor_id for event_id, actor_id in pairs if event_id in wanted}


def _sources(conn: sa.Connection, filt: GraphFilter) -> list[SourceNode]:
    if "source" not in filt.kinds:
        return []
    stmt = sa.select(SOURCE.c.id, SOURCE.c.title, SOURCE.c.reliability).order_by(SOURCE.c.id)
    return [SourceNode(*row) for row in conn.execute(stmt)]


def _relations(conn: sa.Connection, filt: GraphFilter) -> list[RelationEdge]:
    if filt.relation_types is not None and not filt.relation_types:
        return []
    stmt = sa.select(
        REL.c.id,
        REL.c.from_actor_id,
        REL.c.from_event_id,
        REL.c.to_actor_id,
        REL.c.to_event_id,
        REL.c.type,
        REL.c.valid_start_key,
        REL.c.valid_end_key,
    ).order_by(REL.c.id)
    if filt.relation_types is not None:
        stmt = stmt.where(REL.c.type.in_(filt.relation_types))
    edges = []
    for (
        rid,
        from_actor,
        from_event,
        to_actor,
        to_event,
        rtype,
        valid_start,
        valid_end,
    ) in conn.execute(stmt):
        frm = ("actor", from_actor) if from_actor is not None else ("event", from_event)
        to = ("actor", to_actor) if to_actor is not None else ("event", to_event)
        edges.append(RelationEdge(rid, *frm, *to, rtype, valid_start, valid_end))
    return edges


def graph_rows(
    lib: Library,
    filt: GraphFilter | None = None,
    window: tuple[int, int] | None = None,
    *,
    max_events: int | None = None,
) -> GraphRows:
    """The (filtered) graph; with `window`, only what happened or held in [start, end). With
    `max_events`, at most that many events: the most important (`events_kept` then says how
    many the filter keeps), and only their links are read."""
    filt = filt or GraphFilter()
    with lib.read() as conn:
        events, kept = _events(conn, filt, window, max_events)
        # A capped graph reads the links of its events only, not a million of them.
        of_events = [e.id for e in events] if kept is not None else None
        actors = _actors(conn, filt, [e.id for e in events])
        sources = _sources(conn, filt)
        part_stmt = sa.select(PART.c.id, PART.c.event_id, PART.c.actor_id, PART.c.role)
        part_stmt = part_stmt.order_by(PART.c.id)
        participations = [
            ParticipationEdge(*r) for r in _links_of(conn, part_stmt, PART.c.event_id, of_events)
        ]
        relations = _relations(conn, filt)
        cit_stmt = sa.select(CIT.c.id, CIT.c.source_id, CIT.c.event_id).where(
            CIT.c.event_id.is_not(None)
        )
        cit_stmt = cit_stmt.order_by(CIT.c.id)
        citations = [CitationEdge(*r) for r in _links_of(conn, cit_stmt, CIT.c.event_id, of_events)]
    rows = _edges_between_kept_nodes(
        GraphRows(actors, events, sources, participations, relations, citations, kept)
    )
    return in_window(rows, *window) if window is not None else rows


def _edges_between_kept_nodes(rows: GraphRows) -> GraphRows:
    ids = {
        "actor": {a.id for a in rows.actors},
        "event": {e.id for e in rows.events},
        "source": {s.id for s in rows.sources},
    }
    return rows._replace(
        participations=[
            p
            for p in rows.participations
            if p.event_id in ids["event"] and p.actor_id in ids["actor"]
        ],
        relations=[
            r for r in rows.relations if r.from_id in ids[r.from_kind] and r.to_id in ids[r.to_kind]
        ],
        citations=[
            c for c in rows.citations if c.source_id in ids["source"] and c.event_id in ids["event"]
        ],
    )


def relation_holds(edge: RelationEdge, start: int, end: int) -> bool:
    """True if the relation's validity period (if it has one) overlaps [start, end)."""
    if edge.valid_start_key is not None and edge.valid_start_key >= end:
        return False
    return edge.valid_end_key is None or edge.valid_end_key > start


def in_window(rows: GraphRows, start: int, end: int) -> GraphRows:
    """The network of [start, end): events overlapping it, relations valid in it, and the actors
    and sources still linked to something."""
    events = [e for e in rows.events if e.start_key < end and e.end_key > start]
    sliced = _edges_between_kept_nodes(
        rows._replace(
            events=events, relations=[r for r in rows.relations if relation_holds(r, start, end)]
        )
    )
    linked: dict[str, set[int]] = {kind: set() for kind in NODE_KINDS}
    for p in sliced.participations:
        linked["actor"].add(p.actor_id)
    for r in sliced.relations:
        linked[r.from_kind].add(r.from_id)
        linked[r.to_kind].add(r.to_id)
    for c in sliced.citations:
        linked["source"].add(c.source_id)
    return sliced._replace(
        actors=[a for a in sliced.actors if a.id in linked["actor"]],
        sources=[s for s in sliced.sources if s.id in linked["source"]],
    )
