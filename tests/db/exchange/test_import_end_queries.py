"""A first dataset import reads no whole table once its rows are written: the statements
run at its end (the ids it took, clearing replaced events' links) each find their rows
through an index or the end of a B-tree (docs/import-speed.md, fourth round: at 1,000,000
ACLED rows these reads cost ~3 s, alone on one core, after the writing)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from benchmarks.dataset_files import write_acled
from db.exchange import bulk_indexes
from db.exchange.imports import import_acled

pytestmark = [pytest.mark.sqlite_only, pytest.mark.usefixtures("read_path")]


@pytest.fixture
def statements(new_library):
    """(library, the SQL statements its connections ran, in order)."""
    lib = new_library("target")
    seen: list[str] = []

    def note(_conn, _cursor, statement, *_rest):
        seen.append(statement)

    sa.event.listen(lib.engine, "before_cursor_execute", note)
    yield lib, seen
    sa.event.remove(lib.engine, "before_cursor_execute", note)


@pytest.mark.parametrize("bulk_rows", [10, 10**9], ids=["big import", "small import"])
def test_a_first_import_deletes_nothing(statements, tmp_path, monkeypatch, bulk_rows):
    monkeypatch.setattr(bulk_indexes, "BULK_ROWS", bulk_rows)
    lib, seen = statements
    report = import_acled(lib, write_acled(tmp_path / "acled.csv", 200))
    assert report.added == 200
    assert not [s for s in seen if s.lstrip().upper().startswith("DELETE")]


def test_the_ids_an_import_took_are_found_without_reading_each_table(
    statements, tmp_path, monkeypatch
):
    monkeypatch.setattr(bulk_indexes, "BULK_ROWS", 10)
    lib, seen = statements
    import_acled(lib, write_acled(tmp_path / "acled.csv", 200))
    ranges = [s for s in seen if "min(" in s and "max(" in s]
    assert ranges  # one per table the import may write
    with lib.read() as conn:
        for sql in ranges:
            plan = [row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")]
            assert not [
                step for step in plan if step.startswith("SCAN") and "CONSTANT" not in step
            ], (sql, plan)
