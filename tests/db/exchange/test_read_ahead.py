"""A big import's file read by a child process: the same rows, the same errors, the same
all-or-nothing and Cancel as when this process reads it (db/exchange/read_ahead.py)."""

from __future__ import annotations

import sys

import pytest
import sqlalchemy as sa

from benchmarks.dataset_files import write_acled
from db import queries
from db.errors import CancelledError, DataImportError
from db.exchange import read_ahead
from db.exchange.csv_ import export_csv
from db.exchange.imports import import_acled, import_csv
from db.exchange.library_records import export_records
from db.store.snapshots import TABLES

# The reading does not depend on the engine (the import tests that run on both engines run
# through a child too: `read_path`); the schema is compared here as SQLite keeps it.
pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def children(monkeypatch):
    """The reading processes started (every file is read by one: the threshold is lowered)."""
    monkeypatch.setattr(read_ahead, "CHILD_FROM_BYTES", 0)
    monkeypatch.setattr(read_ahead, "core_free", lambda: True)  # busy test machines too
    started = []
    start = read_ahead.Child.__init__

    def recording(self, *args):
        start(self, *args)
        started.append(self)

    monkeypatch.setattr(read_ahead.Child, "__init__", recording)
    return started


def _in_this_process(monkeypatch):
    monkeypatch.setattr(read_ahead, "CHILD_FROM_BYTES", 1 << 62)


def _all_gone(children) -> bool:
    """Every reading process ended and its pipe's thread too."""
    return all(c.process.poll() is not None and not c._reader.is_alive() for c in children)


def _state(lib) -> dict:
    with lib.read() as conn:
        schema = conn.exec_driver_sql("SELECT type, name, sql FROM sqlite_master ORDER BY name")
        return {"schema": schema.all(), "records": export_records(lib)}


def _acled_with_bad_cell(path, rows: int, bad_line: int):
    """An ACLED file whose line `bad_line` has time_precision 7 (ACLED knows 1, 2 and 3)."""
    write_acled(path, rows)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\r\n").split(",")
    cells = lines[bad_line - 1].split(",")  # generated rows quote no cell before it
    cells[header.index("time_precision")] = "7"
    lines[bad_line - 1] = ",".join(cells)
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_an_acled_file_read_by_a_child_imports_the_same_rows(
    new_library, tmp_path, children, monkeypatch, import_rows
):
    path = write_acled(tmp_path / "acled.csv", 3_000)
    read_by_child = new_library("child")
    report = import_acled(read_by_child, path)
    assert len(children) == 1 and _all_gone(children)
    _in_this_process(monkeypatch)
    read_here = new_library("here")
    assert import_acled(read_here, path).summary() == report.summary()
    assert len(children) == 1  # no child the second time
    assert import_rows(read_by_child) == import_rows(read_here)
    assert report.summary().startswith("3,000 added")


@pytest.mark.parametrize("name", ["events.csv", "library.zip"])
def test_our_csv_read_by_a_child_imports_the_same_rows(
    name, tricky_lib, new_library, tmp_path, children, monkeypatch, import_rows
):
    path = export_csv(tricky_lib, tmp_path / name)
    read_by_child = new_library("child")
    report = import_csv(read_by_child, path)
    assert len(children) == 1 and _all_gone(children)
    _in_this_process(monkeypatch)
    read_here = new_library("here")
    assert import_csv(read_here, path).counts == report.counts
    assert import_rows(read_by_child) == import_rows(read_here)


def _error_of(import_file, lib, path) -> DataImportError:
    with pytest.raises(DataImportError) as caught:
        import_file(lib, path)
    return caught.value


def test_a_bad_acled_row_read_by_a_child_gives_the_same_error(
    new_library, tmp_path, children, monkeypatch
):
    path = _acled_with_bad_cell(tmp_path / "bad.csv", 5_000, bad_line=4_321)
    lib = new_library("target")
    before = _state(lib)
    from_child = _error_of(import_acled, lib, path)
    assert len(children) == 1 and _all_gone(children)
    assert _state(lib) == before  # nothing of the 4,319 rows before it
    _in_this_process(monkeypatch)
    from_here = _error_of(import_acled, lib, path)
    assert str(from_child) == str(from_here)
    assert str(from_child).startswith("bad.csv, line 4321, column time_precision: ")
    assert (from_child.line, from_child.column) == (from_here.line, from_here.column)
    assert _state(lib) == before


def test_a_bad_csv_row_read_by_a_child_gives_the_same_error(
    tricky_lib, new_library, tmp_path, children, monkeypatch
):
    path = export_csv(tricky_lib, tmp_path / "events.csv")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.append(lines[-1].replace(lines[-1].split(",")[0], "not a number", 1))
    path.write_text("".join(lines), encoding="utf-8")
    lib = new_library("target")
    before = _state(lib)
    from_child = _error_of(import_csv, lib, path)
    assert "column 'id': 'not a number' is not a whole number" in str(from_child)
    assert len(children) == 1 and _all_gone(children)
    _in_this_process(monkeypatch)
    assert str(_error_of(import_csv, lib, path)) == str(from_child)
    assert _state(lib) == before


def test_a_file_refused_whole_by_a_child_gives_the_same_error(
    new_library, tmp_path, children, monkeypatch
):
    path = tmp_path / "other.csv"
    path.write_text("title,when\nA,2024\n", encoding="utf-8")
    lib = new_library("target")
    from_child = _error_of(import_acled, lib, path)
    assert "not an ACLED file" in str(from_child)
    _in_this_process(monkeypatch)
    assert str(_error_of(import_acled, lib, path)) == str(from_child)


def test_cancel_stops_the_child_and_leaves_the_library_unchanged(new_library, tmp_path, children):
    path = write_acled(tmp_path / "acled.csv", 6_000)
    lib = new_library("target")
    before = _state(lib)
    seen = []

    def cancel_after_some_rows(done, total):
        seen.append(done)
        if done >= 2_000:
            raise CancelledError("Cancelled; nothing was imported.")

    with pytest.raises(CancelledError):
        import_acled(lib, path, progress=cancel_after_some_rows)
    assert seen[0] == 0 and seen[-1] == 2_000  # reported as the rows were read
    assert len(children) == 1 and _all_gone(children)
    assert _state(lib) == before
    assert import_acled(lib, path).summary().startswith("6,000 added")  # and then it goes


def test_a_child_that_dies_fails_the_import_and_changes_nothing(
    new_library, tmp_path, children, monkeypatch
):
    start = read_ahead.Child.__init__

    def killed_at_once(self, *args):
        start(self, *args)
        self.process.kill()

    monkeypatch.setattr(read_ahead.Child, "__init__", killed_at_once)
    lib = new_library("target")
    before = _state(lib)
    with pytest.raises(DataImportError, match="reading the file stopped unexpectedly"):
        import_acled(lib, write_acled(tmp_path / "acled.csv", 500))
    assert _state(lib) == before
    assert queries.count_events(lib) == 0


def test_a_reimport_a_small_file_a_busy_machine_and_a_frozen_app_read_in_this_process(
    new_library, tmp_path, children, monkeypatch
):
    path = write_acled(tmp_path / "acled.csv", 300)
    lib = new_library("target")
    import_acled(lib, path)
    assert len(children) == 1
    again = import_acled(lib, path)  # the library holds the dataset: rows are asked about
    assert (again.added, again.unchanged, len(children)) == (0, 300, 1)
    monkeypatch.setattr(sys, "frozen", True, raising=False)  # sys.executable is the app
    assert not read_ahead.child_wanted(path)
    monkeypatch.delattr(sys, "frozen")
    monkeypatch.setattr(read_ahead, "CHILD_FROM_BYTES", path.stat().st_size + 1)
    assert not read_ahead.child_wanted(path)
    assert read_ahead.child_wanted(write_acled(tmp_path / "bigger.csv", 400))
    monkeypatch.setattr(read_ahead, "core_free", lambda: False)  # no core idle for it
    assert not read_ahead.child_wanted(tmp_path / "bigger.csv")
    with lib.read() as conn:
        events = conn.execute(sa.select(sa.func.count()).select_from(TABLES["event"])).scalar()
    assert events == 300
