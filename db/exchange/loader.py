"""The one loader: neutral records (db/exchange/records.py) into the library.

Every import hands its records here, so validation, id mapping and the all-or-nothing
transaction live in one place; it imports no format module. Sections are lists or iterators
of records; rows are validated one by one (an error names its record) and written in batches
(`loader_rows`, `batch_writer`), big imports build their indexes once at the end
(`bulk_indexes`). Progress is reported through a callback that may raise to cancel.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from db.engine import Library
from db.errors import ChronicleError, DataImportError, ValidationError
from db.exchange.batch_writer import located
from db.exchange.bulk_indexes import BULK_ROWS, bulk_indexes
from db.exchange.loader_events import EventPath
from db.exchange.loader_rows import Loader, load_entity, load_relation
from db.exchange.records import (
    SECTIONS,
    ImportReport,
    as_list,
    cycle_collector_paused,
    sentence,
)
from db.progress import Progress, no_progress
from db.search_optimize import optimize_search_index_in
from db.store.snapshots import TABLES


def _where(section: str, index: int, rec: Any) -> str:
    if isinstance(rec, dict) and rec.get("_where"):
        return str(rec["_where"])
    label = f"{section}[{index}]"
    if isinstance(rec, dict) and rec.get("id") is not None:
        label += f" (id {rec['id']})"
    return label


def _is_empty(conn: Connection) -> bool:
    return all(
        conn.execute(sa.select(sa.func.count()).select_from(TABLES[k])).scalar_one() == 0
        for k in ("actor", "source", "event", "relation")
    )


def _section(data: dict[str, Any], name: str) -> Iterable[Any]:
    """A section as given: a list, or any iterator of records (streamed imports)."""
    value = data.get(name)
    if isinstance(value, Iterator):
        return value
    return as_list(value, name)


def _load_one(loader: Loader, name: str, rec: Any, events: EventPath) -> None:
    if not isinstance(rec, dict):
        raise ValidationError("expected an object.")
    if name == "events":
        if events.load(rec):
            return  # a new event, queued the quick way
        rec.pop("_checked", None)  # a reading process's checks: the general path does its own
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
        self.events = EventPath(loader)

    def load(self, name: str, rec: Any) -> None:
        loader = self.loader
        loader.where = _where(name, self.loaded[name], rec)
        known_tags = len(loader.tag_ids)
        matched = loader.by_uuid.matched
        try:
            _load_one(loader, name, rec, self.events)
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


def _load_sections(run: _Run, sections: dict[str, Iterable[Any]]) -> None:
    for position, name in enumerate(SECTIONS):
        growing = {n: s for n in SECTIONS[:position] if isinstance(s := sections[n], list)}
        for rec in sections[name]:
            for earlier, held in growing.items():
                while run.loaded[earlier] < len(held):
                    run.load(earlier, held[run.loaded[earlier]])
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


def _merge_search_index(conn: Connection, written: int) -> None:
    """At the end of a big import, before its commit, merge the search index it grew by the
    batch (db/search_optimize.py): the Events list's search walks it much faster merged."""
    if written >= BULK_ROWS and conn.dialect.name == "sqlite":
        optimize_search_index_in(conn)


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
    _merge_search_index(conn, sum(counts.values()))
    return ImportReport(counts=counts, id_ranges=id_ranges, updated=loader.updated)
