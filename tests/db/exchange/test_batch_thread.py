"""A big SQLite import writes on a second thread (db/exchange/batch_thread.py): the rows it
writes are the rows the importer's own thread writes, and whatever goes wrong there (a refused
row, a failing disk, a cancel) reaches the caller with the library left as it was."""

from __future__ import annotations

import json
import sqlite3
import threading

import pytest

from benchmarks.dataset_files import write_acled
from db import store
from db.errors import CancelledError, ChronicleError, DataImportError
from db.exchange import batch_writer, bulk_indexes, loader_rows
from db.exchange.imports import import_acled, import_csv, import_json
from db.exchange.json_ import export_json
from db.exchange.library_records import export_records

# PostgreSQL imports write on their own thread; every import here runs with the file read
# in this process and by a child process.
pytestmark = [pytest.mark.sqlite_only, pytest.mark.usefixtures("read_path")]


@pytest.fixture
def writers(monkeypatch):
    """The names of the threads the batches were inserted on (bulk path at 10 rows)."""
    monkeypatch.setattr(bulk_indexes, "BULK_ROWS", 10)
    monkeypatch.setattr(loader_rows, "BATCH_ROWS", 64)  # many batches, queued while others run
    names: list[str] = []
    insert = batch_writer.insert_on_driver

    def spied(*args, **kwargs):
        names.append(threading.current_thread().name)
        return insert(*args, **kwargs)

    monkeypatch.setattr(batch_writer, "insert_on_driver", spied)
    return names


def _no_writer_thread_left() -> bool:
    return not any(t.name == "import-writer" for t in threading.enumerate())


@pytest.fixture
def gapped_json(new_library, tmp_path):
    """Our JSON of 200 linked events whose ids are out of order, with gaps (an import into
    an empty library keeps them)."""
    lib = new_library("gapped")
    actors = [store.create(lib, "actor", name=f"Actor {i}", kind="state") for i in range(4)]
    source = store.create(lib, "source", title="A report")
    for i in range(300):
        when = f"{1900 + i % 90}-{1 + i % 12:02d}" + ("/1999" if i % 7 == 0 else "")
        event = store.create(lib, "event", title=f"Treaty {i}", when=when, summary=f"On {i}")
        store.add_participation(lib, event, actors[i % 4], "signatory")
        store.set_tags(lib, "event", event, [f"t{i % 5}"])
        store.add_citation(lib, source, event_id=event, locator=f"p. {i}")
        if i % 3 == 0:
            store.delete(lib, "event", event)
    path = export_json(lib, tmp_path / "gapped.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    for event in data["events"]:
        event["id"] = event["id"] * 37 % 1009
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_the_writer_thread_writes_what_the_importers_thread_writes(
    new_library, gapped_json, tmp_path, writers, monkeypatch, import_rows
):
    acled_path = tmp_path / "acled.csv"
    write_acled(acled_path, 400)
    threaded = new_library("threaded"), new_library("threaded-acled")
    import_json(threaded[0], gapped_json)
    import_acled(threaded[1], acled_path)
    assert writers and set(writers) == {"import-writer"}
    assert _no_writer_thread_left()

    writers.clear()
    monkeypatch.setattr(batch_writer.BatchWriter, "start_thread", lambda self: None)
    alone = new_library("alone"), new_library("alone-acled")
    import_json(alone[0], gapped_json)
    import_acled(alone[1], acled_path)
    assert writers == []  # the same rows, through SQLAlchemy on this thread
    monkeypatch.setattr(bulk_indexes, "BULK_ROWS", 10**9)  # row by row, triggers as they are
    by_row = new_library("by-row"), new_library("by-row-acled")
    import_json(by_row[0], gapped_json)
    import_acled(by_row[1], acled_path)

    for i in (0, 1):
        assert import_rows(threaded[i]) == import_rows(alone[i]) == import_rows(by_row[i])
    events = import_rows(threaded[0])["event"]
    assert len(events) == 200 and events[-1][0] - events[0][0] + 1 > len(events)  # ids kept
    assert len(import_rows(threaded[0])["search_index"]) == 200 + 4 + 1


def test_a_row_refused_on_the_writer_thread_is_named_and_nothing_is_imported(
    new_library, tmp_path, writers, import_rows
):
    path = tmp_path / "acled.csv"
    write_acled(path, 400)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[331] = lines[331].replace(lines[331].split(",")[0], lines[5].split(",")[0], 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    lib = new_library("target")
    before = import_rows(lib)
    with pytest.raises(DataImportError) as caught:
        import_acled(lib, path)
    assert str(caught.value).startswith("acled.csv, line 332: conflicts with another record (")
    assert str(caught.value).endswith("). Nothing was imported.")
    assert "import-writer" in writers
    assert import_rows(lib) == before
    assert _no_writer_thread_left()


def test_a_failure_of_the_writer_thread_reaches_the_caller_and_nothing_is_imported(
    new_library, tmp_path, writers, monkeypatch, import_rows
):
    path = tmp_path / "acled.csv"
    write_acled(path, 400)
    calls = []

    def failing(raw, *args):
        calls.append(threading.current_thread().name)
        if len(calls) == 12:
            raise sqlite3.OperationalError("disk I/O error")
        batch_writer._insert_many(raw, *args[:2])

    monkeypatch.setattr(batch_writer, "insert_on_driver", failing)
    lib = new_library("target")
    before = import_rows(lib)
    with pytest.raises(ChronicleError) as caught:
        import_acled(lib, path)
    assert str(caught.value) == "target.chronicle: disk i/o error"  # as on this thread
    assert calls[11] == "import-writer"
    assert import_rows(lib) == before
    assert _no_writer_thread_left()


def test_cancelling_while_the_writer_thread_writes_leaves_the_library_unchanged(
    demo_lib, tmp_path, writers, import_rows
):
    path = tmp_path / "acled.csv"
    write_acled(path, 3_000)
    before = import_rows(demo_lib), export_records(demo_lib)
    seen = []

    def cancel_halfway(done: int, total: int) -> None:
        seen.append(done)
        if done >= 1_500:
            raise CancelledError("Cancelled; nothing was imported.")

    with pytest.raises(CancelledError):
        import_acled(demo_lib, path, progress=cancel_halfway)
    assert writers and set(writers) == {"import-writer"}  # batches were written before
    assert 1_500 <= seen[-1] < 3_000
    assert (import_rows(demo_lib), export_records(demo_lib)) == before
    assert _no_writer_thread_left()


@pytest.fixture
def dropped(monkeypatch):
    """The names of the indexes each big import left out while it wrote."""
    names: list[list[str]] = []
    schema = bulk_indexes._schema

    def spied(loader):
        triggers, indexes = schema(loader)
        names.append([name for name, *_rest in indexes])
        return triggers, indexes

    monkeypatch.setattr(bulk_indexes, "_schema", spied)
    return names


def test_new_random_uuids_are_indexed_once_at_the_end(new_library, tmp_path, writers, dropped):
    path = tmp_path / "acled.csv"
    write_acled(path, 300)
    lib = new_library("target")
    import_acled(lib, path)
    assert "uq_event_uuid" in dropped[0]
    with lib.read() as conn:
        sql = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = 'uq_event_uuid'")
        assert sql.scalar() == "CREATE UNIQUE INDEX uq_event_uuid ON event (uuid)"
        uuids = conn.exec_driver_sql("SELECT count(DISTINCT uuid) FROM event").scalar()
    assert uuids == 300


def test_a_uuid_given_twice_in_a_big_file_is_named_at_its_row(
    new_library, uuid_twice_csv, writers, dropped, import_rows
):
    lib = new_library("target")
    before = import_rows(lib)
    with pytest.raises(DataImportError) as caught:
        import_csv(lib, uuid_twice_csv)
    assert "uq_event_uuid" in dropped[0]  # left out until row 12 gave its own UUID
    assert str(caught.value) == (
        "twice.csv, row 182 (line 182): conflicts with another record "
        "(UNIQUE constraint failed: event.uuid). Nothing was imported."
    )
    assert import_rows(lib) == before
    assert _no_writer_thread_left()


def test_a_full_disk_while_the_writer_thread_writes_is_said_and_nothing_is_imported(
    new_library, tmp_path, writers, monkeypatch, import_rows
):
    path = tmp_path / "acled.csv"
    write_acled(path, 2_000)
    schema = bulk_indexes._schema

    def small_disk(loader):
        pages = loader.conn.exec_driver_sql("PRAGMA page_count").scalar()
        loader.conn.exec_driver_sql(f"PRAGMA max_page_count = {pages + 60}")
        return schema(loader)

    monkeypatch.setattr(bulk_indexes, "_schema", small_disk)
    lib = new_library("target")
    before = import_rows(lib)
    with pytest.raises(ChronicleError) as caught:
        import_acled(lib, path)
    assert str(caught.value) == (
        "The disk holding target.chronicle is full; the change was not saved."
    )
    assert "import-writer" in writers
    assert import_rows(lib) == before
    assert _no_writer_thread_left()
