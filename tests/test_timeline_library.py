"""The timeline benchmark's generator writes a library the app accepts as its own (no timing).

At 25,000 events the rows go in through `bulk_indexes` (triggers off, indexes filled once at
the end); at 2,000 the schema's triggers run row by row. Both must leave the same kind of
library: integrity check clean, search index, R*Tree and history agreeing with the events.
"""

from __future__ import annotations

import sqlite3

import pytest

from benchmarks.timeline_library import generate
from db.engine import create_library, open_library
from db.maintenance import check_library


@pytest.mark.parametrize("size", [2_000, 25_000])
def test_generated_library_passes_the_apps_own_check(tmp_path, size):
    path = tmp_path / "bench.chronicle"
    generate(path, size)
    lib = open_library(path)
    try:
        report = check_library(lib)
    finally:
        lib.close()
    assert report.ok, report.text()
    assert report.counts["event"] == size
    assert report.counts["actor"] == 30

    with sqlite3.connect(path) as conn:
        # The R*Tree holds each event's own span (its float32 box encloses the keys).
        outside = conn.execute(
            "SELECT count(*) FROM event JOIN event_rtree AS r USING (id) "
            "WHERE r.start_key > event.start_key OR r.end_key < event.end_key"
        ).fetchone()[0]
        assert conn.execute("SELECT count(*) FROM event_rtree").fetchone()[0] == size
        assert outside == 0
        # The search index finds an event by its title, under the event's own row id.
        title, event_id = conn.execute(
            "SELECT title, id FROM event WHERE id = ?", (size // 2,)
        ).fetchone()
        hits = conn.execute(
            "SELECT rowid FROM search_index WHERE search_index MATCH ?",
            (f'"{title.split()[-1]}"',),
        ).fetchall()
        assert (event_id * 4 + 1,) in hits
        # The change history has one 'added' row per record, with the record's uuid.
        added = conn.execute(
            "SELECT count(*) FROM change_log JOIN event ON record_id = event.id "
            "AND record_uuid = event.uuid WHERE change_log.kind = 'event' AND action = 'added'"
        ).fetchone()[0]
        assert added == size
        # Every uuid is there and distinct (the unique index would refuse repeats).
        assert conn.execute("SELECT count(DISTINCT uuid) FROM event").fetchone()[0] == size


def test_generated_schema_is_the_apps_schema(tmp_path):
    """Same tables, indexes and triggers as a library the app creates (the bulk path drops
    and recreates some of them)."""
    fresh = tmp_path / "fresh.chronicle"
    create_library(fresh).close()
    generated = tmp_path / "bench.chronicle"
    generate(generated, 25_000)
    query = "SELECT type, name, sql FROM sqlite_master ORDER BY type, name"
    with sqlite3.connect(fresh) as a, sqlite3.connect(generated) as b:
        assert b.execute(query).fetchall() == a.execute(query).fetchall()
        assert (
            b.execute("PRAGMA application_id").fetchone()
            == a.execute("PRAGMA application_id").fetchone()
        )
