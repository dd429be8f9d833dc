"""Cancelling a big import halfway leaves the library exactly as it was: rows, search, schema."""

from __future__ import annotations

import sqlite3

import pytest

from db import queries
from db.errors import CancelledError
from db.exchange.csv_ import export_csv
from db.exchange.imports import import_csv, import_json
from db.exchange.json_ import export_json
from db.exchange.library_records import export_records
from db.store.snapshots import TABLES

# Every import here runs with the file read in this process and by a child process.
pytestmark = pytest.mark.usefixtures("read_path")

BIG = 30_000  # above bulk_indexes.BULK_ROWS: triggers and indexes are dropped while it runs


@pytest.fixture(scope="module")
def big_files(tmp_path_factory):
    """A CSV and a JSON file of BIG events with actors, tags and citations."""
    import sqlalchemy as sa

    from db.dates import parse_date
    from db.engine import create_library

    folder = tmp_path_factory.mktemp("big")
    lib = create_library(folder / "big.chronicle")
    stamp = "2025-01-01T00:00:00Z"
    with lib.write() as conn:
        conn.execute(
            sa.insert(TABLES["actor"]),
            [{"id": a, "name": f"Actor {a}", "kind": "state", "aliases": [], "description": "",
              "created_at": stamp, "modified_at": stamp} for a in range(1, 21)],
        )  # fmt: skip
        events, parts = [], []
        for i in range(1, BIG + 1):
            date = parse_date(f"{1800 + i % 200}-{1 + i % 12:02d}-{1 + i % 28:02d}")
            events.append(
                {"id": i, "title": f"Event {i}", "summary": "", "when_edtf": date.edtf,
                 "start_key": date.start_key, "end_key": date.end_key,
                 "precision": str(date.precision), "approximate": False, "uncertain": False,
                 "kind": "point", "category": "war", "importance": 1 + i % 5,
                 "created_at": stamp, "modified_at": stamp}
            )  # fmt: skip
            parts.append({"event_id": i, "actor_id": 1 + i % 20, "role": ""})
        conn.execute(sa.insert(TABLES["event"]), events)
        conn.execute(sa.insert(TABLES["participation"]), parts)
    paths = export_csv(lib, folder / "big.csv"), export_json(lib, folder / "big.json")
    lib.close()
    return paths


_SQLITE_SCHEMA = "SELECT type, name, sql FROM sqlite_master ORDER BY name"
_POSTGRES_SCHEMA = """
    SELECT 'index', indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()
    UNION ALL
    SELECT 'trigger', tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal
    ORDER BY 2
"""


def _state(lib) -> tuple:
    with lib.read() as conn:
        schema = conn.exec_driver_sql(_POSTGRES_SCHEMA if lib.is_team else _SQLITE_SCHEMA)
        return tuple(schema.all()), export_records(lib)


def _cancel_halfway(done: int, total: int) -> None:
    if done >= BIG // 2:
        raise CancelledError("Cancelled; nothing was imported.")


@pytest.mark.parametrize("kind", ["csv", "json"])
def test_cancelling_a_big_import_leaves_the_library_unchanged(demo_lib, big_files, kind):
    path = big_files[0 if kind == "csv" else 1]
    importer = import_csv if kind == "csv" else import_json
    before = _state(demo_lib)
    seen = []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        _cancel_halfway(done, total)

    with pytest.raises(CancelledError):
        importer(demo_lib, path, progress=progress)
    assert max(seen) >= BIG // 2  # it was well under way when cancelled
    assert _state(demo_lib) == before  # rows, and the triggers and indexes the import dropped
    # The search index, whose triggers the import dropped, still finds (only) the old events.
    old_titles = {e["title"] for e in before[1]["events"]}
    some_title = sorted(old_titles)[0]
    found = queries.count_events(demo_lib, queries.EventFilter(text=some_title))
    assert found >= 1
    assert queries.count_events(demo_lib, queries.EventFilter(text="Event 17")) == 0
    if not demo_lib.is_team:  # a team library's pages are the server's to keep
        with sqlite3.connect(demo_lib.path) as raw:
            assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    importer(demo_lib, path)  # and the same import, not cancelled, goes through
    assert queries.count_events(demo_lib) == len(before[1]["events"]) + BIG
    assert queries.count_events(demo_lib, queries.EventFilter(text="Event 17")) >= 1
