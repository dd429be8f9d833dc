"""The one reader of the library for exports: every section as neutral records, by pages.

Exporters stream records (`iter_records`) or, for a million events, plain rows
(`event_pages`), so the library never sits in memory at once. The mirror of
`db.exchange.loader`.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby
from operator import itemgetter
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy import Connection

from db.engine import Library
from db.exchange.records import FORMAT_NAME, FORMAT_VERSION, SECTIONS
from db.store.fields import user_fields
from db.store.snapshots import TABLES

PAGE_ROWS = 10_000
_KIND_OF_SECTION = {"actors": "actor", "sources": "source", "events": "event"}
_KIND_OF_SECTION["relations"] = "relation"


def _user_columns(kind: str) -> tuple[list[sa.Column[Any]], list[str]]:
    """The stored columns of `kind` that are user fields, and those fields' names, in order."""
    table = TABLES[kind]
    names = list(user_fields({c.name: None for c in table.columns}))
    fields = user_fields({c.name: c.name for c in table.columns})
    return [table.c[fields[name]] for name in names], names


EVENT_FIELDS = tuple(_user_columns("event")[1])


# Stored columns that event pages carry after the user fields (to write dates readably).
EVENT_EXTRAS = ("start_key", "precision", "approximate", "uncertain")


def plain_rows(conn: Connection, stmt: sa.Select[Any]) -> list[tuple[Any, ...]]:
    """The statement's rows as the driver returns them, for columns needing no conversion.

    SQLAlchemy's row objects cost ~1 µs a row, a tenth of a million-event export; SQLite's
    own tuples are enough for integers and text. Other drivers go through SQLAlchemy.
    """
    return PlainQuery(conn, stmt)()


class PlainQuery:
    """A statement compiled once and run page after page, returning rows as `plain_rows` does
    (SQLite's own tuples).

    Compiling a statement costs about a millisecond; an export of a million events runs a few
    hundred pages of each of its queries.
    """

    def __init__(self, conn: Connection, stmt: sa.Select[Any]) -> None:
        self.conn, self.stmt = conn, stmt
        self.sql: str | None = None
        if conn.dialect.paramstyle == "qmark":
            self.compiled = stmt.compile(dialect=conn.dialect)
            self.sql = str(self.compiled)

    def __call__(self, **params: Any) -> list[tuple[Any, ...]]:
        if self.sql is None:
            return [tuple(row) for row in self.conn.execute(self.stmt, params).all()]
        values = self.compiled.construct_params(params)
        args = [values[name] for name in self.compiled.positiontup or ()]
        driver: Any = self.conn.connection.driver_connection
        rows: list[tuple[Any, ...]] = driver.execute(self.sql, args).fetchall()
        return rows


def _row_pages(conn: Connection, kind: str, extras: tuple[str, ...] = ()) -> Iterator[list[Any]]:
    """Rows (id, *user fields, *relation ends, *extras) by id, a page at a time (keyset)."""
    table = TABLES[kind]
    columns, _names = _user_columns(kind)
    ends = [c for c in table.columns if c.name.startswith(("from_", "to_"))]
    columns = [table.c.id, *columns, *ends, *(table.c[name] for name in extras)]
    plain = kind == "event"  # no JSON columns to decode
    last = None
    while True:
        stmt = sa.select(*columns).order_by(table.c.id).limit(PAGE_ROWS)
        if last is not None:
            stmt = stmt.where(table.c.id > last)
        page: list[Any] = plain_rows(conn, stmt) if plain else list(conn.execute(stmt).all())
        if not page:
            return
        last = page[-1][0]
        yield page


def _pages(conn: Connection, kind: str) -> Iterator[list[dict[str, Any]]]:
    """Pages of records holding "id", the user fields, and relation ends (popped later)."""
    table = TABLES[kind]
    ends = [c.name for c in table.columns if c.name.startswith(("from_", "to_"))]
    names = ["id", *_user_columns(kind)[1], *ends]
    for rows in _row_pages(conn, kind):
        yield [dict(zip(names, row, strict=True)) for row in rows]


class EventPage(NamedTuple):
    """A page of events as rows (id, *EVENT_FIELDS, *EVENT_EXTRAS), and their links by id."""

    rows: list[tuple[Any, ...]]
    tags: dict[int, list[str]]
    actors: dict[int, list[tuple[Any, ...]]]  # (actor id, role)
    # (source id, locator, quote, credibility, reported, asserted)
    citations: dict[int, list[tuple[Any, ...]]]


def event_pages(conn: Connection) -> Iterator[EventPage]:
    """Every event with its tags, participants and citations, a page at a time.

    Exporters of a million events read these rows directly rather than records (dicts).
    """
    for rows in _row_pages(conn, "event", EVENT_EXTRAS):
        low, high = rows[0][0], rows[-1][0]
        yield EventPage(
            rows,
            _tags_by(conn, "event", low, high),
            _participants_by(conn, low, high),
            _citations_by(conn, "event_id", low, high),
        )


def _tags_by(conn: Connection, kind: str, low: int, high: int) -> dict[int, list[str]]:
    """Tag names of the entities with ids in [low, high], sorted by name."""
    tag, tagging = TABLES["tag"], TABLES["tagging"]
    column = tagging.c[f"{kind}_id"]
    # No join and no ORDER BY on names: tags are few, and sorting a handful per entity in
    # Python is cheaper than SQLite's temporary sort over a page of taggings.
    names = dict(conn.execute(sa.select(tag.c.id, tag.c.name)).all())
    stmt = sa.select(column, tagging.c.tag_id).where(column.between(low, high)).order_by(column)
    result: dict[int, list[str]] = {}
    for entity_id, tag_id in plain_rows(conn, stmt):
        result.setdefault(entity_id, []).append(names[tag_id])
    for tag_names in result.values():
        if len(tag_names) > 1:
            tag_names.sort()
    return result


def _grouped(rows: list[tuple[Any, ...]]) -> dict[int, list[tuple[Any, ...]]]:
    """Rows sorted by their first column, as {first: [the rest of each row]}."""
    return {key: [row[1:] for row in group] for key, group in groupby(rows, itemgetter(0))}


def _citations_by(
    conn: Connection, column: str, low: int, high: int
) -> dict[int, list[tuple[Any, ...]]]:
    """(source, locator, quote, credibility, reported, asserted) of the citations of targets
    in [low, high]."""
    cit = TABLES["citation"]
    stmt = (
        sa.select(cit.c[column], cit.c.source_id, cit.c.locator, cit.c.quote, cit.c.credibility)
        .add_columns(cit.c.reported_edtf, cit.c.asserted_edtf)
        .where(cit.c[column].between(low, high))
        .order_by(cit.c[column], cit.c.id)
    )
    return _grouped(plain_rows(conn, stmt))


def _participants_by(conn: Connection, low: int, high: int) -> dict[int, list[tuple[Any, ...]]]:
    """(actor, role) of the participants of the events with ids in [low, high]."""
    part = TABLES["participation"]
    stmt = (
        sa.select(part.c.event_id, part.c.actor_id, part.c.role)
        .where(part.c.event_id.between(low, high))
        .order_by(part.c.event_id, part.c.id)
    )
    return _grouped(plain_rows(conn, stmt))


def citation_records(citations: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """Citation rows (source, locator, quote, credibility, reported, asserted) as records."""
    records = []
    for source, locator, quote, credibility, reported, asserted in citations:
        rec = {"source": source, "locator": locator, "quote": quote, "credibility": credibility}
        # Only when set, so files without them stay as they were.
        rec |= {"reported": reported} if reported else {}
        rec |= {"asserted": asserted} if asserted else {}
        records.append(rec)
    return records


def _end(rec: dict[str, Any], side: str) -> dict[str, Any]:
    actor_id, event_id = rec.pop(f"{side}_actor_id"), rec.pop(f"{side}_event_id")
    if actor_id is not None:
        return {"kind": "actor", "id": actor_id}
    return {"kind": "event", "id": event_id}


def _page_records(
    conn: Connection, kind: str, page: list[dict[str, Any]]
) -> Iterator[dict[str, Any]]:
    """A page of actors, sources or relations completed with their links, as records."""
    low, high = page[0]["id"], page[-1]["id"]
    if kind == "relation":
        cits = _citations_by(conn, "relation_id", low, high)
        for rec in page:
            rel_id = rec.pop("id")
            ends = {"from": _end(rec, "from"), "to": _end(rec, "to")}
            citations = citation_records(cits.get(rel_id, []))
            yield {"id": rel_id, **ends, **rec, "citations": citations}
        return
    tags = _tags_by(conn, kind, low, high)
    drawn = _derivations_by(conn, low, high) if kind == "source" else {}
    for rec in page:
        rec["tags"] = tags.get(rec["id"], [])
        if rec["id"] in drawn:  # only when set, so files without them stay as they were
            rec["derived_from"] = drawn[rec["id"]]
        yield rec


def _derivations_by(conn: Connection, low: int, high: int) -> dict[int, list[int]]:
    """Ids of the sources each source with an id in [low, high] draws on."""
    der = TABLES["source_derivation"]
    stmt = (
        sa.select(der.c.source_id, der.c.derived_from_id)
        .where(der.c.source_id.between(low, high))
        .order_by(der.c.source_id, der.c.id)
    )
    return {key: [row[0] for row in rows] for key, rows in _grouped(plain_rows(conn, stmt)).items()}


def iter_records(conn: Connection, section: str) -> Iterator[dict[str, Any]]:
    """One section of the library ("tags", "actors", ...) as records, streamed by pages."""
    if section == "tags":
        tag = TABLES["tag"]
        for name, color in conn.execute(sa.select(tag.c.name, tag.c.color).order_by(tag.c.id)):
            yield {"name": name, "color": color}
        return
    kind = _KIND_OF_SECTION[section]
    if kind != "event":
        for page in _pages(conn, kind):
            yield from _page_records(conn, kind, page)
        return
    for events in event_pages(conn):
        yield from event_records(events)


def event_records(events: EventPage) -> Iterator[dict[str, Any]]:
    """The records of a page of events."""
    names = ("id", *EVENT_FIELDS)
    for row in events.rows:
        rec = dict(zip(names, row, strict=False))  # the extras are left out
        event_id = row[0]
        rec["tags"] = events.tags.get(event_id, [])
        rec["actors"] = [
            {"actor": actor, "role": role} for actor, role in events.actors.get(event_id, [])
        ]
        rec["citations"] = citation_records(events.citations.get(event_id, []))
        yield rec


def record_counts(conn: Connection) -> dict[str, int]:
    """How many records each section holds (for progress bars)."""
    return {
        section: conn.execute(
            sa.select(sa.func.count()).select_from(TABLES[section[:-1]])
        ).scalar_one()
        for section in SECTIONS
    }


def labels(conn: Connection, kind: str) -> dict[int, str]:
    """Actor names or source titles by id (how CSV cells refer to them)."""
    table = TABLES[kind]
    column = table.c.name if kind == "actor" else table.c.title
    return dict(conn.execute(sa.select(table.c.id, column)).all())


def export_records(lib: Library) -> dict[str, Any]:
    """The whole library as one JSON-ready dict (our exchange format)."""
    with lib.read() as conn:
        data: dict[str, Any] = {"format": FORMAT_NAME, "version": FORMAT_VERSION}
        for section in SECTIONS:
            data[section] = list(iter_records(conn, section))
    return data


def citation_keys(lib: Library) -> dict[str, int]:
    """Citation keys of the library's sources, with their ids (BibTeX and CSL-JSON link
    entries with a known key to those sources)."""
    src = TABLES["source"]
    with lib.read() as conn:
        rows = conn.execute(sa.select(src.c.citation_key, src.c.id).where(src.c.citation_key != ""))
        return {key: source_id for key, source_id in rows if key}


def actor_ids(lib: Library) -> dict[str, int]:
    """The library's actors by name (a spreadsheet names its actors)."""
    actor = TABLES["actor"]
    with lib.read() as conn:
        return {
            name: actor_id for actor_id, name in conn.execute(sa.select(actor.c.id, actor.c.name))
        }
