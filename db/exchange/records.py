"""The library as plain records (the shape of our JSON format), read out and written back.

Every importer turns its input into these records and calls `load_records`, so validation,
id mapping and the all-or-nothing transaction live in one place. Exporters stream records
page by page (`iter_records`), so a million events never sit in memory at once.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy import Connection

from db.engine import Library
from db.errors import ChronicleError, DataImportError, ValidationError
from db.exchange.batch_writer import located
from db.exchange.bulk_indexes import bulk_indexes
from db.exchange.loader import Loader, as_list, load_entity, load_relation
from db.progress import Progress, no_progress
from db.store.fields import user_fields
from db.store.snapshots import TABLES

FORMAT_NAME = "chronicle"
FORMAT_VERSION = 1
SECTIONS = ("tags", "actors", "sources", "events", "relations")
PAGE_ROWS = 10_000
_KIND_OF_SECTION = {"actors": "actor", "sources": "source", "events": "event"}
_KIND_OF_SECTION["relations"] = "relation"


@dataclass
class ImportReport:
    counts: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # rows left out on request, and why
    # The ids the import created, table -> (first, last): what undoing it removes.
    id_ranges: dict[str, tuple[int, int]] = field(default_factory=dict)
    # Rows of the library a re-import updated (matched by UUID, or by id/name/URL on request),
    # (table, before, after): undo writes `before` back.
    updated: list[tuple[str, dict, dict]] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{n} {name}" for name, n in self.counts.items() if n]
        text = "Imported " + (", ".join(parts) if parts else "nothing") + "."
        if self.updated:
            noun = "record" if len(self.updated) == 1 else "records"
            text += f" Updated {len(self.updated)} existing {noun}."
        if self.skipped:
            rows = "row" if len(self.skipped) == 1 else "rows"
            text += f" Skipped {len(self.skipped)} failing {rows}."
        return text


_gc_lock = threading.Lock()
_gc_state = {"pauses": 0, "was_enabled": True}


@contextlib.contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector during a bulk export or import.

    A million-event export makes tens of millions of short-lived tuples and dicts, none in a
    cycle, and the collector rescanned the growing heap each time allocations piled up: 3 s of
    a 15 s export (benchmarks/bench_exchange.py). Reference counting still frees everything;
    nested and concurrent pauses are counted, and collection resumes after the last.
    """
    with _gc_lock:
        if _gc_state["pauses"] == 0:
            _gc_state["was_enabled"] = gc.isenabled()
            gc.disable()
        _gc_state["pauses"] += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_state["pauses"] -= 1
            if _gc_state["pauses"] == 0 and _gc_state["was_enabled"]:
                gc.enable()


class Ticker:
    """Counts written items and reports progress every `every` of them."""

    def __init__(self, progress: Progress, total: int, every: int = 2_000):
        self.progress, self.total, self.every, self.done = progress, max(total, 1), every, 0

    def __call__(self) -> None:
        self.done += 1
        if self.done % self.every == 0:
            self.progress(min(self.done, self.total), self.total)

    def advance(self, count: int) -> None:
        """`count` items more (reported at once)."""
        self.done += count
        self.progress(min(self.done, self.total), self.total)

    def start(self) -> None:
        self.progress(0, self.total)

    def finish(self) -> None:
        self.progress(self.total, self.total)


# ---------------------------------------------------------------- reading the library out


def _user_columns(kind: str) -> tuple[list[sa.Column], list[str]]:
    """The stored columns of `kind` that are user fields, and those fields' names, in order."""
    table = TABLES[kind]
    names = list(user_fields({c.name: None for c in table.columns}))
    fields = user_fields({c.name: c.name for c in table.columns})
    return [table.c[fields[name]] for name in names], names


EVENT_FIELDS = tuple(_user_columns("event")[1])


# Stored columns that event pages carry after the user fields (to write dates readably).
EVENT_EXTRAS = ("start_key", "precision", "approximate", "uncertain")


def plain_rows(conn: Connection, stmt: sa.Select) -> list[tuple]:
    """The statement's rows as the driver returns them, for columns needing no conversion.

    SQLAlchemy's row objects cost ~1 µs a row, a tenth of a million-event export; SQLite's
    own tuples are enough for integers and text. Other drivers go through SQLAlchemy.
    """
    if conn.dialect.paramstyle != "qmark":
        return [tuple(row) for row in conn.execute(stmt).all()]
    compiled = stmt.compile(dialect=conn.dialect)
    params = compiled.construct_params()
    args = [params[name] for name in compiled.positiontup]
    return conn.connection.driver_connection.execute(str(compiled), args).fetchall()


def _row_pages(conn: Connection, kind: str, extras: tuple[str, ...] = ()) -> Iterator[list]:
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
        page = plain_rows(conn, stmt) if plain else conn.execute(stmt).all()
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

    rows: list[tuple]
    tags: dict[int, list[str]]
    actors: dict[int, list[tuple]]  # (actor id, role)
    citations: dict[
        int, list[tuple]
    ]  # (source id, locator, quote, credibility, reported, asserted)


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


def _grouped(rows: list[tuple]) -> dict[int, list[tuple]]:
    """Rows sorted by their first column, as {first: [the rest of each row]}."""
    return {key: [row[1:] for row in group] for key, group in groupby(rows, itemgetter(0))}


def _citations_by(conn: Connection, column: str, low: int, high: int) -> dict[int, list[tuple]]:
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


def _participants_by(conn: Connection, low: int, high: int) -> dict[int, list[tuple]]:
    """(actor, role) of the participants of the events with ids in [low, high]."""
    part = TABLES["participation"]
    stmt = (
        sa.select(part.c.event_id, part.c.actor_id, part.c.role)
        .where(part.c.event_id.between(low, high))
        .order_by(part.c.event_id, part.c.id)
    )
    return _grouped(plain_rows(conn, stmt))


def _citation_records(citations: list[tuple]) -> list[dict[str, Any]]:
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


def _page_records(conn: Connection, kind: str, page: list[dict]) -> Iterator[dict[str, Any]]:
    """A page of actors, sources or relations completed with their links, as records."""
    low, high = page[0]["id"], page[-1]["id"]
    if kind == "relation":
        cits = _citations_by(conn, "relation_id", low, high)
        for rec in page:
            rel_id = rec.pop("id")
            ends = {"from": _end(rec, "from"), "to": _end(rec, "to")}
            citations = _citation_records(cits.get(rel_id, ()))
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
    names = ("id", *EVENT_FIELDS)
    for page in event_pages(conn):
        for row in page.rows:
            rec = dict(zip(names, row, strict=False))  # the extras are left out
            event_id = row[0]
            rec["tags"] = page.tags.get(event_id, [])
            rec["actors"] = [
                {"actor": actor, "role": role} for actor, role in page.actors.get(event_id, ())
            ]
            rec["citations"] = _citation_records(page.citations.get(event_id, ()))
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


# ---------------------------------------------------------------- writing records back


def _where(section: str, index: int, rec: Any) -> str:
    if isinstance(rec, dict) and rec.get("_where"):
        return rec["_where"]
    label = f"{section}[{index}]"
    if isinstance(rec, dict) and rec.get("id") is not None:
        label += f" (id {rec['id']})"
    return label


def _is_empty(conn: Connection) -> bool:
    return all(
        conn.execute(sa.select(sa.func.count()).select_from(TABLES[k])).scalar_one() == 0
        for k in ("actor", "source", "event", "relation")
    )


def _section(data: dict[str, Any], name: str) -> Iterable:
    """A section as given: a list, or any iterator of records (streamed imports)."""
    value = data.get(name)
    if isinstance(value, Iterator):
        return value
    return as_list(value, name)


def _load_one(loader: Loader, name: str, rec: Any) -> None:
    if not isinstance(rec, dict):
        raise ValidationError("expected an object.")
    if name == "tags":
        loader.tag(rec.get("name"), rec.get("color"))
    elif name == "relations":
        load_relation(loader, rec)
    else:
        load_entity(loader, name[:-1], rec)


def _link_copies(loader: Loader, copies: list[tuple[Any, Any]]) -> None:
    src = TABLES["source"]
    for file_id, copy_of in copies:
        loader.conn.execute(
            sa.update(src)
            .where(src.c.id == loader.ref("source", file_id))
            .values(copy_of_id=loader.ref("source", copy_of))
        )


def _link_derivations(loader: Loader, drawn: list[tuple[Any, Any]]) -> None:
    """Write each source's "derived_from" links once every source of the file is known."""
    rows = set()
    for file_id, others in drawn:
        source_id = loader.ref("source", file_id)
        for other in as_list(others, "derived_from"):
            other_id = loader.ref("source", other)
            if other_id == source_id:
                raise ValidationError(f"source {file_id!r} cannot draw on itself.")
            rows.add((source_id, other_id))
    if rows:
        der = TABLES["source_derivation"]
        loader.conn.execute(
            sa.insert(der), [{"source_id": a, "derived_from_id": b} for a, b in sorted(rows)]
        )


class _Run:
    """The state of one `load_records` call: loader, counts, progress, copies to link."""

    def __init__(self, loader: Loader, progress: Progress, total: int):
        self.loader, self.progress, self.total = loader, progress, total
        self.loaded = dict.fromkeys(SECTIONS, 0)  # position in each section
        self.linked = dict.fromkeys(SECTIONS, 0)  # records naming one already in the library
        self.done = 0
        self.copies: list[tuple[Any, Any]] = []
        self.derivations: list[tuple[Any, Any]] = []

    def load(self, name: str, rec: Any) -> None:
        loader = self.loader
        loader.where = _where(name, self.loaded[name], rec)
        known_tags = len(loader.tag_ids)
        matched = loader.by_uuid.matched
        try:
            _load_one(loader, name, rec)
        except DataImportError:
            raise
        except ChronicleError as err:
            raise DataImportError(
                f"{located(loader.origin, loader.where)}: {sentence(err)} Nothing was imported."
            ) from err
        if name == "sources" and rec.get("copy_of") is not None:
            self.copies.append((rec.get("id"), rec["copy_of"]))
        if name == "sources" and rec.get("derived_from"):
            self.derivations.append((rec.get("id"), rec["derived_from"]))
        if (
            loader.by_uuid.matched > matched  # updated by UUID: counted as updated, not imported
            or rec.get("_library_id") is not None
            or (name == "tags" and len(loader.tag_ids) == known_tags)
        ):
            self.linked[name] += 1  # the library had it already
        self.loaded[name] += 1
        self.done += 1
        if self.done % 500 == 0:
            self.progress(min(self.done, self.total), max(self.total, self.done))


def sentence(err: Exception | str) -> str:
    """An error message ending like a sentence, so more can follow it."""
    text = str(err).rstrip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _load_sections(run: _Run, sections: dict[str, Iterable]) -> None:
    for position, name in enumerate(SECTIONS):
        growing = [n for n in SECTIONS[:position] if isinstance(sections[n], list)]
        for rec in sections[name]:
            for earlier in growing:
                while run.loaded[earlier] < len(sections[earlier]):
                    run.load(earlier, sections[earlier][run.loaded[earlier]])
            run.load(name, rec)
    run.loader.flush()


def load_records(
    lib: Library,
    data: dict[str, Any],
    *,
    origin: str,
    progress: Progress = no_progress,
    total: int | None = None,
) -> ImportReport:
    """Write `data` (our record shape) into `lib` in one transaction: all of it, or nothing.

    Sections are lists or iterators of records (pass `total` for progress with iterators).
    A list may grow while a later section streams (an importer meeting actors by name): the
    new records are loaded before the record that was read with them. An actor or source
    record with "_library_id" stands for that one already in the library (matched by name).
    """
    with cycle_collector_paused(), lib.write() as conn:
        return load_records_in(conn, data, origin=origin, progress=progress, total=total)


def load_records_in(
    conn: Connection,
    data: dict[str, Any],
    *,
    origin: str,
    progress: Progress = no_progress,
    total: int | None = None,
) -> ImportReport:
    """`load_records` inside a write transaction the caller holds (and commits or rolls back)."""
    try:
        sections = {name: _section(data, name) for name in SECTIONS}
    except ValidationError as err:
        raise DataImportError(f"{origin}: {err} Nothing was imported.") from err
    if total is None:
        total = sum(len(v) for v in sections.values() if isinstance(v, list))
    loader = Loader(conn, keep_ids=_is_empty(conn), origin=origin)
    run = _Run(loader, progress, total)
    with bulk_indexes(loader, total):
        _load_sections(run, sections)
    loader.sync()
    try:
        _link_copies(loader, run.copies)
        _link_derivations(loader, run.derivations)
    except ValidationError as err:
        raise DataImportError(f"{origin}, sources: {err} Nothing was imported.") from err
    id_ranges = loader.new_id_ranges()
    progress(max(total, run.done), max(total, run.done))
    counts = {n: run.loaded[n] - run.linked[n] for n in SECTIONS}
    return ImportReport(counts=counts, id_ranges=id_ranges, updated=loader.updated)
