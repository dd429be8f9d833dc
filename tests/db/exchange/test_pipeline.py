"""The import pipeline: its shape (reader -> records -> loader), and the bulk path of the one
loader agreeing with its row-by-row path."""

from __future__ import annotations

import pkgutil

import grimp
import pytest
import sqlalchemy as sa

import db.exchange
from db.errors import DataImportError
from db.exchange import bulk_indexes, loader_rows
from db.exchange.csv_ import export_csv
from db.exchange.imports import import_csv
from db.exchange.library_records import export_records
from db.store.snapshots import TABLES

# Every import here runs with the file read in this process and by a child process.
pytestmark = pytest.mark.usefixtures("read_path")

# The writing side of an import, and the module that joins readers to it.
_LOADER = {
    "db.exchange.loader",
    "db.exchange.loader_rows",
    "db.exchange.loader_events",
    "db.exchange.batch_writer",
    "db.exchange.batch_thread",
    "db.exchange.bulk_indexes",
    "db.exchange.uuid_match",
    "db.exchange.existing",
    "db.exchange.external",
}
_JOINS = {"db.exchange.imports", "db.exchange.formats", "db.exchange.formats_datasets"}
_JOINS |= {"db.exchange.datasets"}
# A reader run in a second process, which also runs the loader's checks that need no library.
_JOINS |= {"db.exchange.read_ahead"}
# Neutral or shared by both sides (records, the library reader, undo of an import).
_SHARED = {"db.exchange.records", "db.exchange.library_records", "db.exchange.undo"}
_SHARED |= {"db.exchange.resync_undo", "db.exchange.__init__"}


def _exchange_modules() -> set[str]:
    return {f"db.exchange.{m.name}" for m in pkgutil.iter_modules(db.exchange.__path__)}


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("db")


def test_the_formats_are_what_the_checks_below_cover():
    formats = _exchange_modules() - _LOADER - _JOINS - _SHARED
    for name in ("csv_", "json_", "acled", "wikidata", "thetimeline", "ical", "gdelt", "bibtex"):
        assert f"db.exchange.{name}" in formats
    assert {"db.exchange.csl_json", "db.exchange.timelinejs", "db.exchange.graphml"} <= formats


def _chains(graph, importers: set[str], imported: set[str]) -> set[tuple[str, str]]:
    """(a, b) for each module a of `importers` that reaches b of `imported` by imports."""
    return {
        (a, b) for a in importers for b in imported if graph.chain_exists(importer=a, imported=b)
    }


def test_no_format_module_reaches_the_loader(graph):
    formats = _exchange_modules() - _LOADER - _JOINS - _SHARED
    assert _chains(graph, {"db.exchange.imports"}, {"db.exchange.loader"})  # chains are seen
    assert _chains(graph, formats, _LOADER) == set()


def test_the_loader_imports_no_format_module(graph):
    formats = _exchange_modules() - _LOADER - _JOINS - _SHARED
    assert _chains(graph, _LOADER, formats) == set()


def test_records_import_neither_end(graph):
    for end in ("db.exchange.loader", "db.exchange.library_records", "db.engine"):
        assert not graph.chain_exists(importer="db.exchange.records", imported=end)


# ---------------------------------------------------------------- bulk path == row by row


def _contents(lib) -> dict:
    """What a user can see of a library: its records (by export), search hits, time spans."""
    records = export_records(lib)
    for section in ("actors", "sources", "events", "relations"):
        for rec in records[section]:
            rec.pop("uuid", None)  # random per import
    with lib.read() as conn:
        spans = conn.exec_driver_sql(
            "SELECT id, start_key, end_key FROM event_rtree ORDER BY id"
        ).all()
        hits = conn.exec_driver_sql(
            "SELECT rowid FROM search_index WHERE search_index MATCH 'Treaty' ORDER BY rowid"
        ).all()
        indexes = conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY name"
        ).all()
        history = conn.exec_driver_sql(
            "SELECT kind, record_id, action FROM change_log ORDER BY kind, record_id"
        ).all()
    return {"records": records, "spans": spans, "hits": hits, "schema": indexes,
            "history": history}  # fmt: skip


@pytest.fixture
def linked_csv(new_library, tmp_path):
    """An events CSV of 400 linked events (actors, tags, citations, spans)."""
    from db import store

    lib = new_library("linked")
    actors = [store.create(lib, "actor", name=f"Actor {i}", kind="state") for i in range(5)]
    source = store.create(lib, "source", title="A report")
    for i in range(400):
        when = f"{1900 + i % 90}-{1 + i % 12:02d}" + ("/1999" if i % 7 == 0 else "")
        title = f"Treaty {i}" if i % 3 == 0 else f"Battle {i}"
        event = store.create(lib, "event", title=title, when=when, category=f"c{i % 4}")
        store.add_participation(lib, event, actors[i % 5], "signatory")
        store.set_tags(lib, "event", event, [f"t{i % 6}"])
        store.add_citation(lib, source, event_id=event, locator=f"p. {i}")
    return export_csv(lib, tmp_path / "linked.csv")


@pytest.mark.sqlite_only
def test_a_bulk_import_gives_the_library_the_row_by_row_import_gives(
    new_library, linked_csv, monkeypatch
):
    monkeypatch.setattr(bulk_indexes, "BULK_ROWS", 10**9)  # triggers and indexes row by row
    slow = new_library("slow")
    import_csv(slow, linked_csv)
    monkeypatch.setattr(bulk_indexes, "BULK_ROWS", 10)  # dropped, then built once at the end
    monkeypatch.setattr(loader_rows, "BATCH_ROWS", 64)  # many batches
    bulk = new_library("bulk")
    import_csv(bulk, linked_csv)
    assert _contents(bulk) == _contents(slow)
    assert len(_contents(bulk)["hits"]) == 134


def test_a_row_refused_after_batches_were_written_is_named_and_nothing_stays(
    new_library, uuid_twice_csv, monkeypatch
):
    """Batches already inserted are rolled back with the rest; the message names the row."""
    monkeypatch.setattr(loader_rows, "BATCH_ROWS", 50)
    lib = new_library("target")
    before = export_records(lib)
    with pytest.raises(DataImportError) as caught:
        import_csv(lib, uuid_twice_csv)
    assert "twice.csv, row 182 (line 182)" in str(caught.value)
    assert "Nothing was imported" in str(caught.value)
    assert export_records(lib) == before
    with lib.read() as conn:
        count = conn.execute(sa.select(sa.func.count()).select_from(TABLES["event"])).scalar()
    assert count == 0
