"""Pages of rows for the Events, Actors and Sources lists, and the links of one record.

Lists fetch one page at a time (offset/limit) as plain tuples, so a table over 100,000 events
never holds more than what is on screen plus a page or two.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import sqlalchemy as sa

from db.engine import Library
from db.queries.event_select import event_columns, row_columns
from db.queries.evidence import best_grade_expr
from db.queries.filters import EVENT, EventFilter, conditions, source_count_expr
from db.queries.labels import actor_names_by_event
from db.queries.search import (
    MatchProbe,
    count_matching_events,
    has_full_text,
    lookup_windows,
    matches_text,
    matches_text_by_row,
    probe_matches,
    rows_to_test,
    sampled_matches,
    without_jit,
)
from db.store.links import tags_of as tags_on
from db.store.snapshots import TABLES

ACTOR, SOURCE, PART, CIT, REL, TAG, TAGGING = (
    TABLES["actor"],
    TABLES["source"],
    TABLES["participation"],
    TABLES["citation"],
    TABLES["relation"],
    TABLES["tag"],
    TABLES["tagging"],
)


_ID_CHUNK = 900  # ids per IN (...) list, below SQLite's old 999-parameter limit


class EventListRow(NamedTuple):
    id: int
    title: str
    when_edtf: str
    start_key: int
    end_key: int
    category: str
    importance: int
    source_count: int
    actors: str  # names joined with ", "
    best_grade: str | None = None  # best reliability among the citing sources


class ActorRow(NamedTuple):
    id: int
    name: str
    kind: str
    color: str | None
    event_count: int


class SourceRow(NamedTuple):
    id: int
    title: str
    publisher: str
    published_edtf: str | None
    reliability: str | None
    citation_count: int
    copy_of_id: int | None


def _event_list_columns() -> list[sa.ColumnElement[Any]]:
    """EventListRow's columns but `actors` (read per page by actor_names_by_event)."""
    fields = [name for name in EventListRow._fields if name != "actors"]
    return event_columns(fields, source_count=source_count_expr(), best_grade=best_grade_expr())


EVENT_SORTS: dict[str, list[sa.ColumnElement[Any]]] = {
    "when": [EVENT.c.start_key, EVENT.c.end_key],
    "title": [EVENT.c.title],
    "category": [EVENT.c.category],
    "importance": [EVENT.c.importance],
    "sources": [sa.literal_column("source_count")],
}


def sort_key(
    conn: sa.Connection, column: sa.ColumnElement[Any], descending: bool
) -> sa.UnaryExpression[Any]:
    """ORDER BY term for `column`, with NULLs where SQLite puts them (first ascending, last
    descending) on every engine, so lists and positions agree on PostgreSQL too."""
    term = column.desc() if descending else column.asc()
    if conn.dialect.name == "sqlite" or not getattr(column, "nullable", False):
        return term  # SQLite's default, and NOT NULL columns need no rule (the index serves)
    return term.nulls_last() if descending else term.nulls_first()


# A text search's page is looked for among this many events at the head of the list's order
# before every match is gathered and sorted (see _text_page).
WALK_ROWS = 10_000
_WALKED_SORTS = ("when", "title")  # sorts an index serves, with the id breaking ties


def _text_only(conn: sa.Connection, filt: EventFilter | None) -> str | None:
    """The search text when it is all `filt` asks for (and the engine has a search index)."""
    if filt is None or not filt.text.strip() or not has_full_text(conn):
        return None
    return filt.text if filt == EventFilter(text=filt.text) else None


def count_events(lib: Library, filt: EventFilter | None = None) -> int:
    with lib.read() as conn:
        without_jit(conn)
        text = _text_only(conn, filt)
        if text is not None:  # the list's search box: 0.2-0.3 s less for a common word
            return count_matching_events(conn, text)
        stmt = sa.select(sa.func.count()).select_from(EVENT).where(*conditions(filt, conn))
        return conn.execute(stmt).scalar_one()


# While the list's order is on its way (desktop/models/event_order.py), a search's page that
# would gather and sort at least this many matches waits for it instead: sorting the 1.25M
# matches of "war" at 10M events cost 1.2-1.6 s of CPU (~1 µs a match), so this many ~0.1 s.
GATHER_LIMIT = 100_000


def _text_page(
    conn: sa.Connection,
    stmt: sa.Select[Any],
    text: str,
    order: tuple[str, bool],
    page: tuple[int, int],
    patient: bool = False,
    after: tuple[Any, ...] | None = None,
    start: sa.ColumnElement[bool] | None = None,
) -> Sequence[sa.Row[Any]] | None:
    """`stmt`'s page of events matching `text`. When the word is common enough for the page
    to lie in the first WALK_ROWS events of the order, it is found by walking the sort's
    index and testing each event; otherwise, or when the page is not there (matches bunched
    later in the order), every match is gathered and sorted, or, if `patient` and there are
    GATHER_LIMIT of them or more (after one walk only), None is returned. `after`: the row
    just before `offset` (see `list_events`): the walk then starts after it, instead of at
    the list's head.

    The walk covers a prefix of the order (every event up to the WALK_ROWS-th one's sort
    value, ties included), so a full page found there is exactly the page of the whole.
    """
    sort, (offset, limit) = order[0], page
    resumed = _following(after, order) if offset > 0 and sort in _WALKED_SORTS else None
    if resumed is not None:  # the page is the head of what follows `after`
        following, begins = resumed
        resumed_stmt = stmt.where(following, begins)
        return _text_page(conn, resumed_stmt, text, order, (0, limit), patient, start=begins)
    wanted = offset + limit
    # Two questions: SQLite reads one end of an index for a lone min() or max(), and scans
    # the whole table for both at once.
    lowest = conn.execute(sa.select(sa.func.min(EVENT.c.id))).scalar() or 0
    highest = conn.execute(sa.select(sa.func.max(EVENT.c.id))).scalar() or 0
    probe, matches = MatchProbe(False), None
    if sort in _WALKED_SORTS and highest and wanted <= WALK_ROWS:
        # ids only grow, so the largest bounds the number of events; this many direct
        # matches put `wanted` of them in the first WALK_ROWS events if they are spread evenly.
        at_least = -(-wanted * highest // WALK_ROWS)
        matches = sampled_matches(conn, text, (lowest, highest))
        # Clearly common by the sample: counting up to `at_least` (40 ms for 600,000 at
        # 10M) would only say so again.
        common = matches is not None and matches >= 2 * at_least
        probe = MatchProbe(True) if common else probe_matches(conn, text, at_least, highest)
    if probe.common:
        # First the events a lookup each tests more cheaply than gathering every match would
        # (SQLite at 10M events), then up to WALK_ROWS with the gathered matches.
        events = highest - lowest + 1
        one_by_one = min(WALK_ROWS, rows_to_test(conn, wanted, events, matches))
        walks = [(one_by_one, True)] * lookup_windows(one_by_one, matches)
        walks += [(WALK_ROWS, False)] if one_by_one < WALK_ROWS else []
        if patient:  # one try only (a failed window or list walk costs 0.1-0.3 s at 10M)
            # and none for a jump where lookups are the cheaper test (a big library): their
            # window grows with the offset (216-273 ms for page 3 at 10M).
            walks = [] if offset and one_by_one else walks[:1]
        rows = _walks(conn, stmt, text, order, page, walks, start)
        if rows is not None:
            return rows
    if patient:
        if probe.direct is None:  # not read, or common by the walk's bar (not this one)
            probe = probe_matches(conn, text, GATHER_LIMIT, highest)
        if probe.common or len(probe.direct or ()) >= GATHER_LIMIT:
            return None
    gathered = matches_text(conn, EVENT.c.id, text, "event", probe.direct)
    return conn.execute(stmt.where(gathered).offset(offset).limit(limit)).all()


def _following(
    after: tuple[Any, ...] | None, order: tuple[str, bool]
) -> tuple[sa.ColumnElement[bool], sa.ColumnElement[bool]] | None:
    """The events after the row `after` in the list's order (its sort's columns, then the id
    ascending), and a wider condition an index seeks to (the first column from `after`'s
    value on); None without a row. The sorts walked have NOT NULL columns only."""
    if after is None:
        return None
    sort, descending = order
    columns = [*EVENT_SORTS[sort], EVENT.c.id]
    values = [getattr(after, column.name) for column in columns]
    before: list[sa.ColumnElement[bool]] = []
    beyond: list[sa.ColumnElement[bool]] = []
    for column, value in zip(columns, values, strict=True):
        later = column > value if column is EVENT.c.id or not descending else column < value
        beyond.append(sa.and_(*before, later))
        before.append(column == value)
    begins = columns[0] <= values[0] if descending else columns[0] >= values[0]
    return sa.or_(*beyond), begins


def _walks(
    conn: sa.Connection,
    stmt: sa.Select[Any],
    text: str,
    order: tuple[str, bool],
    page: tuple[int, int],
    walks: list[tuple[int, bool]],
    start: sa.ColumnElement[bool] | None,
) -> Sequence[sa.Row[Any]] | None:
    """`stmt`'s page found by `walks` (see `_walk`), or None. A walk of a first page (offset
    0) that ends short has found every match up to its edge: the next one walks on after
    the edge for the rest (matches bunched in one stretch of dates cost one more window of
    lookups, not every match gathered: "dipl"'s second page at 10M, 292 -> 86 ms); a walk
    of a later page starts again from the head."""
    (sort, descending), (offset, limit) = order, page
    first = EVENT_SORTS[sort][0]
    found: list[sa.Row[Any]] = []
    for walk in walks:
        rows, edge = _walk(conn, stmt, text, order, (offset, limit - len(found)), walk, start)
        if edge is None or len(found) + len(rows) == limit:
            return [*found, *rows]
        if offset == 0:
            found += rows
            start = first < edge if descending else first > edge
            stmt = stmt.where(start)
    return None


def _walk(
    conn: sa.Connection,
    stmt: sa.Select[Any],
    text: str,
    order: tuple[str, bool],
    page: tuple[int, int],
    walk: tuple[int, bool],
    start: sa.ColumnElement[bool] | None,
) -> tuple[Sequence[sa.Row[Any]], Any]:
    """`stmt`'s matches of `text` among the first `walk[0]` events of the order from `start`
    (ties included), tested one by one if `walk[1]`, at most the page; and the last walked
    event's value of the sort's first column (None: the walk reached the end)."""
    (sort, descending), (offset, limit), (rows_walked, one_by_one) = order, page, walk
    # The last walked event's value of the sort's first column (whatever breaks the ties:
    # so the index alone answers, without reading a row).
    first = EVENT_SORTS[sort][0]
    edge_row = sa.select(first).order_by(sort_key(conn, first, descending))
    if start is not None:  # a resumed walk: the edge counted from where it starts
        edge_row = edge_row.where(start)
    edge = conn.execute(edge_row.offset(rows_walked - 1).limit(1)).scalar()
    walked = stmt.where(matches_text_by_row(conn, EVENT.c.id, text, one_by_one))
    if edge is not None:
        walked = walked.where(first >= edge if descending else first <= edge)
    return conn.execute(walked.offset(offset).limit(limit)).all(), edge


def list_events(
    lib: Library,
    filt: EventFilter | None = None,
    *,
    sort: str = "when",
    descending: bool = False,
    offset: int = 0,
    limit: int = 200,
    after: EventListRow | None = None,
) -> list[EventListRow]:
    """One page of events, sorted, with their actors' names and number of sources.

    `after`: the row at `offset - 1` of this same list, when the caller has it (the last
    row of the page before): a search's page sorted by date or title is then found by
    walking on from it (as cheap as the first page) instead of from the list's head (the
    third page of "war" at 10M events tested ~4,800 events). A wrong row gives a wrong page.
    """
    rows = _list_events(lib, filt, (sort, descending), (offset, limit), False, after)
    assert rows is not None, "only a patient caller is refused a page"
    return rows


def list_events_soon(
    lib: Library,
    filt: EventFilter | None = None,
    *,
    sort: str = "when",
    descending: bool = False,
    offset: int = 0,
    limit: int = 200,
    after: EventListRow | None = None,
) -> list[EventListRow] | None:
    """`list_events`' page, or None when it is a search's that would gather and sort
    GATHER_LIMIT matches or more (a common word by title at 10M events: 1.4 s), for a caller
    that will have the list's order in memory soon (desktop/models/event_order.py)."""
    return _list_events(lib, filt, (sort, descending), (offset, limit), True, after)


def _list_events(
    lib: Library,
    filt: EventFilter | None,
    order: tuple[str, bool],
    page: tuple[int, int],
    patient: bool,
    after: EventListRow | None,
) -> list[EventListRow] | None:
    (sort, descending), (offset, limit) = order, page
    with lib.read() as conn:
        without_jit(conn)
        terms = [sort_key(conn, c, descending) for c in EVENT_SORTS[sort]]
        stmt = sa.select(*_event_list_columns()).order_by(*terms, EVENT.c.id)
        text = _text_only(conn, filt)
        if text is not None:
            rows = _text_page(conn, stmt, text, order, page, patient, after)
            if rows is None:
                return None
        else:
            rows = conn.execute(
                stmt.where(*conditions(filt, conn)).offset(offset).limit(limit)
            ).all()
        names = actor_names_by_event(conn, [r.id for r in rows])
    return [EventListRow(**row._mapping, actors=", ".join(names.get(row.id, []))) for row in rows]


def list_events_by_id(lib: Library, ids: Sequence[int]) -> list[EventListRow]:
    """The events `ids` as list rows, in that order (a page of `db.queries.event_ranks`);
    ids no longer in the library are left out."""
    found: dict[int, sa.Row[Any]] = {}
    with lib.read() as conn:
        without_jit(conn)
        for start in range(0, len(ids), _ID_CHUNK):
            chunk = list(ids[start : start + _ID_CHUNK])
            stmt = sa.select(*_event_list_columns()).where(EVENT.c.id.in_(chunk))
            found.update((row.id, row) for row in conn.execute(stmt))
        names = actor_names_by_event(conn, list(found))
    return [
        EventListRow(**found[i]._mapping, actors=", ".join(names.get(i, [])))
        for i in ids
        if i in found
    ]


def actor_sorts() -> dict[str, sa.ColumnElement[Any]]:
    """Sort name -> SQL expression for the Actors list."""
    event_count = (
        sa.select(sa.func.count(sa.distinct(PART.c.event_id)))
        .where(PART.c.actor_id == ACTOR.c.id)
        .scalar_subquery()
        .label("event_count")
    )
    return {"name": ACTOR.c.name, "kind": ACTOR.c.kind, "events": event_count}


def source_sorts() -> dict[str, sa.ColumnElement[Any]]:
    """Sort name -> SQL expression for the Sources list."""
    citation_count = (
        sa.select(sa.func.count())
        .where(CIT.c.source_id == SOURCE.c.id)
        .scalar_subquery()
        .label("citation_count")
    )
    return {
        "title": SOURCE.c.title,
        "publisher": SOURCE.c.publisher,
        "published": SOURCE.c.published_edtf,
        "reliability": SOURCE.c.reliability,
        "citations": citation_count,
    }


def event_categories(lib: Library) -> list[str]:
    """The distinct non-empty event categories, for the category field's suggestions."""
    stmt = (
        sa.select(EVENT.c.category)
        .where(EVENT.c.category != "")
        .distinct()
        .order_by(EVENT.c.category)
    )
    with lib.read() as conn:
        return list(conn.execute(stmt).scalars())


def _text_conditions(conn: sa.Connection, kind: str, text: str) -> list[sa.ColumnElement[bool]]:
    return [matches_text(conn, TABLES[kind].c.id, text, kind)] if text.strip() else []


def actor_conditions(conn: sa.Connection, text: str) -> list[sa.ColumnElement[bool]]:
    return _text_conditions(conn, "actor", text)


def source_conditions(conn: sa.Connection, text: str) -> list[sa.ColumnElement[bool]]:
    return _text_conditions(conn, "source", text)


def _count_matching(lib: Library, kind: str, text: str) -> int:
    with lib.read() as conn:
        stmt = sa.select(sa.func.count()).select_from(TABLES[kind])
        count: int = conn.execute(stmt.where(*_text_conditions(conn, kind, text))).scalar_one()
        return count


def _page(
    lib: Library,
    kind: str,
    columns: list[sa.ColumnElement[Any]],
    text: str,
    order: tuple[sa.ColumnElement[Any], bool],
    offset: int,
    limit: int,
) -> Sequence[sa.Row[Any]]:
    """One page of `kind` records matching `text`, sorted by `order` (column, descending)."""
    column, descending = order
    with lib.read() as conn:
        stmt = (
            sa.select(*columns)
            .where(*_text_conditions(conn, kind, text))
            .order_by(sort_key(conn, column, descending), TABLES[kind].c.id)
            .offset(offset)
            .limit(limit)
        )
        return conn.execute(stmt).all()


def count_actors(lib: Library, text: str = "") -> int:
    return _count_matching(lib, "actor", text)


def list_actors(
    lib: Library,
    text: str = "",
    *,
    sort: str = "name",
    descending: bool = False,
    offset: int = 0,
    limit: int = 200,
) -> list[ActorRow]:
    sorts = actor_sorts()
    columns = row_columns(ACTOR, ActorRow._fields, event_count=sorts["events"])
    rows = _page(lib, "actor", columns, text, (sorts[sort], descending), offset, limit)
    return [ActorRow(**row._mapping) for row in rows]


def count_sources(lib: Library, text: str = "") -> int:
    return _count_matching(lib, "source", text)


def list_sources(
    lib: Library,
    text: str = "",
    *,
    sort: str = "title",
    descending: bool = False,
    offset: int = 0,
    limit: int = 200,
) -> list[SourceRow]:
    sorts = source_sorts()
    columns = row_columns(SOURCE, SourceRow._fields, citation_count=sorts["citations"])
    rows = _page(lib, "source", columns, text, (sorts[sort], descending), offset, limit)
    return [SourceRow(**row._mapping) for row in rows]


class ParticipantRow(NamedTuple):
    id: int
    event_id: int
    actor_id: int
    actor_name: str
    role: str


class CitationRow(NamedTuple):
    id: int
    event_id: int | None
    relation_id: int | None
    source_id: int
    source_title: str
    locator: str
    quote: str
    credibility: int | None
    reliability: str | None
    reported_edtf: str | None  # when the source said it, if not its publication date
    asserted_edtf: str | None  # the date the source gives for the event
    published_edtf: str | None  # the source's publication date


class RelationRow(NamedTuple):
    id: int
    from_kind: str
    from_id: int
    from_label: str
    to_kind: str
    to_id: int
    to_label: str
    type: str
    valid_edtf: str | None
    notes: str


def participants(
    lib: Library, *, event_id: int | None = None, actor_id: int | None = None
) -> list[ParticipantRow]:
    """Participations of one event (or of one actor), with actor names."""
    cond = PART.c.event_id == event_id if event_id is not None else PART.c.actor_id == actor_id
    stmt = (
        sa.select(PART.c.id, PART.c.event_id, PART.c.actor_id, ACTOR.c.name, PART.c.role)
        .join(ACTOR, ACTOR.c.id == PART.c.actor_id)
        .where(cond)
        .order_by(PART.c.id)
    )
    with lib.read() as conn:
        return [ParticipantRow(*row) for row in conn.execute(stmt)]


def citations(
    lib: Library,
    *,
    event_id: int | None = None,
    relation_id: int | None = None,
    source_id: int | None = None,
    limit: int | None = None,
) -> list[CitationRow]:
    """Citations of one event, relation or source, with the source's title and grade (the
    first `limit` of them, in the order they were made, when given)."""
    if event_id is not None:
        cond = CIT.c.event_id == event_id
    elif relation_id is not None:
        cond = CIT.c.relation_id == relation_id
    else:
        cond = CIT.c.source_id == source_id
    stmt = (
        sa.select(
            CIT.c.id,
            CIT.c.event_id,
            CIT.c.relation_id,
            CIT.c.source_id,
            SOURCE.c.title,
            CIT.c.locator,
            CIT.c.quote,
            CIT.c.credibility,
            SOURCE.c.reliability,
            CIT.c.reported_edtf,
            CIT.c.asserted_edtf,
            SOURCE.c.published_edtf,
        )
        .join(SOURCE, SOURCE.c.id == CIT.c.source_id)
        .where(cond)
        .order_by(CIT.c.id)
        .limit(limit)
    )
    with lib.read() as conn:
        return [CitationRow._make(row) for row in conn.execute(stmt)]


def _end(
    actor_id: int | None, event_id: int, actor_name: str, event_title: str
) -> tuple[str, int, str]:
    if actor_id is not None:
        return "actor", actor_id, actor_name
    return "event", event_id, event_title


def relations(
    lib: Library,
    kind: str | None = None,
    entity_id: int | None = None,
    *,
    ids: Sequence[int] | None = None,
) -> list[RelationRow]:
    """Relations touching one actor or event (or all relations when no entity is given).

    `ids` keeps only those relations (e.g. the ones a source is cited for).
    """
    fa, fe, ta, te = (ACTOR.alias("fa"), EVENT.alias("fe"), ACTOR.alias("ta"), EVENT.alias("te"))
    stmt = (
        sa.select(
            REL.c.id,
            REL.c.from_actor_id,
            REL.c.from_event_id,
            fa.c.name,
            fe.c.title,
            REL.c.to_actor_id,
            REL.c.to_event_id,
            ta.c.name,
            te.c.title,
            REL.c.type,
            REL.c.valid_edtf,
            REL.c.notes,
        )
        .outerjoin(fa, fa.c.id == REL.c.from_actor_id)
        .outerjoin(fe, fe.c.id == REL.c.from_event_id)
        .outerjoin(ta, ta.c.id == REL.c.to_actor_id)
        .outerjoin(te, te.c.id == REL.c.to_event_id)
        .order_by(REL.c.id)
    )
    if kind is not None:
        stmt = stmt.where(
            sa.or_(REL.c[f"from_{kind}_id"] == entity_id, REL.c[f"to_{kind}_id"] == entity_id)
        )
    if ids is not None:
        stmt = stmt.where(REL.c.id.in_(list(ids)))
    with lib.read() as conn:
        rows = conn.execute(stmt).all()
    result = []
    for r in rows:
        frm = _end(r[1], r[2], r[3], r[4])
        to = _end(r[5], r[6], r[7], r[8])
        result.append(RelationRow(r[0], *frm, *to, r[9], r[10], r[11]))
    return result


def tags_of(lib: Library, kind: str, entity_id: int) -> list[str]:
    with lib.read() as conn:
        return tags_on(conn, kind, entity_id)


def tagging_ids(lib: Library, kind: str, entity_id: int) -> list[int]:
    """Ids of the tagging rows on one event, actor or source (for exact undo of tag edits)."""
    stmt = (
        sa.select(TAGGING.c.id).where(TAGGING.c[f"{kind}_id"] == entity_id).order_by(TAGGING.c.id)
    )
    with lib.read() as conn:
        return list(conn.execute(stmt).scalars())


def all_tags(lib: Library) -> list[tuple[int, str, str | None]]:
    with lib.read() as conn:
        stmt = sa.select(TAG.c.id, TAG.c.name, TAG.c.color).order_by(TAG.c.name)
        return [(tag_id, name, color) for tag_id, name, color in conn.execute(stmt)]


def entity_counts(lib: Library) -> dict[str, int]:
    """Rows per table, for the status bar and `chronicle check`."""
    with lib.read() as conn:
        return {
            name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            for name, table in TABLES.items()
        }
