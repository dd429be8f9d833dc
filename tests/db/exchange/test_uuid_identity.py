"""Every record keeps one UUID through exports and imports; re-importing updates, not copies."""

from __future__ import annotations

import sqlite3

import pytest
from library_builders import ROWS_AT_FIRST_REVISION, build_library_at, first_revision

from db import queries, store
from db.engine import open_library
from db.exchange.csv_ import export_csv
from db.exchange.existing import rewrite_rows
from db.exchange.imports import import_csv, import_json
from db.exchange.json_ import export_json
from db.exchange.library_records import export_records
from db.exchange.undo import remove_imported

# Every import here runs with the file read in this process and by a child process.
pytestmark = pytest.mark.usefixtures("read_path")

_SECTIONS = ("actors", "sources", "events", "relations")


def _uuids(lib) -> dict[str, list[str]]:
    data = export_records(lib)
    return {section: sorted(rec["uuid"] for rec in data[section]) for section in _SECTIONS}


def test_every_record_has_a_distinct_uuid_kept_through_json_and_csv(
    demo_lib, new_library, tmp_path
):
    uuids = _uuids(demo_lib)
    assert all(uuids[s] for s in _SECTIONS)
    assert len({u for s in _SECTIONS for u in uuids[s]}) == sum(len(uuids[s]) for s in _SECTIONS)
    via_json, via_csv = new_library("json"), new_library("csv")
    import_json(via_json, export_json(demo_lib, tmp_path / "lib.json"))
    import_csv(via_csv, export_csv(demo_lib, tmp_path / "lib.zip"))
    assert _uuids(via_json) == uuids
    assert _uuids(via_csv) == uuids


def test_reimporting_our_export_updates_the_records_and_undo_puts_them_back(demo_lib, tmp_path):
    path = export_json(demo_lib, tmp_path / "lib.json")
    event = queries.list_events(demo_lib, limit=1)[0]
    store.update(demo_lib, "event", event.id, title="Edited after the export")
    added = store.create(demo_lib, "actor", name="Added after the export")
    counts = queries.entity_counts(demo_lib)
    edited = export_records(demo_lib)

    report = import_json(demo_lib, path)

    assert queries.entity_counts(demo_lib) == counts  # nothing duplicated
    assert store.get(demo_lib, "event", event.id)["title"] == event.title  # the file's value
    assert store.get(demo_lib, "actor", added)["name"] == "Added after the export"
    assert report.counts["events"] == 0 and len(report.updated) == sum(
        len(edited[s]) - (s == "actors") for s in _SECTIONS
    )
    assert "Updated" in report.summary()
    rewrite_rows(demo_lib, [(kind, before) for kind, before, _after in report.updated])
    redo = remove_imported(demo_lib, report.id_ranges)
    assert export_records(demo_lib) == edited  # undo: the edited values are back
    store.restore(demo_lib, redo)
    rewrite_rows(demo_lib, [(kind, after) for kind, _before, after in report.updated])
    assert store.get(demo_lib, "event", event.id)["title"] == event.title


def test_a_migrated_older_file_keeps_every_row_and_gives_each_a_uuid(tmp_path):
    path = build_library_at(tmp_path / "old.chronicle", first_revision())
    raw = sqlite3.connect(path)
    raw.executescript(ROWS_AT_FIRST_REVISION)
    raw.commit()
    raw.close()
    lib = open_library(path)
    try:
        assert [a.name for a in queries.list_actors(lib)] == ["Japan", "Poland"]
        uuids = _uuids(lib)
        assert len(uuids["actors"]) == 2 and len(uuids["events"]) == 1
        assert all(len(u) == 36 and u[14] == "4" and u[19] in "89ab" for u in uuids["actors"])
    finally:
        lib.close()
