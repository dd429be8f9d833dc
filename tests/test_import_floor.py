"""The import benchmark's floor writes exactly what the import wrote (so the floor it reports is
the same work, minus Python), and leaves a library that searches and opens like the import's."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from benchmarks.bench_exchange import build_library
from benchmarks.import_floor import COPIED, write_like_import
from db.engine import create_library, open_library, quick_check
from db.exchange.csv_ import export_csv
from db.exchange.imports import import_csv

BUILT = ("search_index", "event_rtree", "change_log")


def _counts(path: Path) -> dict[str, object]:
    conn = sqlite3.connect(path)
    try:
        counts: dict[str, object] = {
            t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in (*COPIED, *BUILT)
        }
        found = "SELECT rowid FROM search_index WHERE search_index MATCH 'gdansk' ORDER BY rowid"
        counts["found"] = [row[0] for row in conn.execute(found)]
        return counts
    finally:
        conn.close()


def test_floor_writes_the_rows_the_import_wrote(tmp_path):
    build_library(tmp_path / "source.chronicle", 300)
    export_csv(open_library(tmp_path / "source.chronicle", read_only=True), tmp_path / "e.csv")
    imported = create_library(tmp_path / "imported.chronicle")
    import_csv(imported, tmp_path / "e.csv")
    imported.close()
    floor = tmp_path / "floor.chronicle"
    create_library(floor).close()

    phases = write_like_import(tmp_path / "imported.chronicle", floor)

    assert set(phases) == {"tables", "search index", "R*Tree", "history", "indexes", "commit"}
    counts = _counts(floor)
    assert counts == _counts(tmp_path / "imported.chronicle")
    assert counts["event"] == 300 and counts["participation"] and counts["found"]
    assert quick_check(floor) == []
