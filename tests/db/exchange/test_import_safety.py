"""Imports change all or nothing, say where a problem is, and can be taken back out."""

from __future__ import annotations

import csv

import pytest
from library_builders import without_uuids

from db import queries, store
from db.errors import DataImportError
from db.exchange.csv_ import export_csv
from db.exchange.formats import detect_import_format
from db.exchange.imports import import_csv, import_json
from db.exchange.json_ import export_json
from db.exchange.library_records import export_records
from db.exchange.undo import remove_imported

# Every import here runs with the file read in this process and by a child process.
pytestmark = pytest.mark.usefixtures("read_path")

# A leading tab cannot be stored (text is stripped); tests/db/exchange/test_roundtrip_foundation
# checks its neutralisation cell by cell.
FORMULAS = ['=HYPERLINK("http://evil")', "+1", "-2", "@SUM(A1)", "'quoted"]


def test_formula_cells_are_neutralised_in_the_file_and_restored_on_import(lib, new_lib, tmp_path):
    for index, text in enumerate(FORMULAS):
        store.create(lib, "event", title=text, when=f"{2000 + index}", summary=text)
    path = export_csv(lib, tmp_path / "events.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["title"], r["summary"]) for r in rows] == [("'" + t, "'" + t) for t in FORMULAS]
    import_csv(new_lib, path)
    assert [e["title"] for e in export_records(new_lib)["events"]] == FORMULAS


def test_csv_errors_name_file_line_and_column(lib, tmp_path):
    cases = {
        "cells.csv": (
            "id,title,when\n1,ok,2024\n2,too,many,cells\n",
            r"cells.csv, row 3 \(line 3\): 4 cells",
        ),
        "cred.csv": (
            "id,title,when,citations\n1,ok,2024,Src | p. 1 | high | quote\n",
            r"cred.csv, row 2 \(line 2\), column 'citations': 'high' is not a whole number",
        ),
        "utf.csv": (
            b"id,title,when\n1,ok,2024\n2,caf\xe9,2024\n",
            r"utf.csv, line 3: not valid UTF-8",
        ),
        "head.csv": ("Date,Headline\n2024,x\n", r"head.csv, line 1: the header is not Chronicle's"),
    }
    for name, (content, message) in cases.items():
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        with pytest.raises(DataImportError, match=message):
            import_csv(lib, path)
    assert queries.entity_counts(lib)["event"] == 0 and queries.entity_counts(lib)["source"] == 0


def test_undoing_an_import_removes_only_its_rows_and_redo_brings_them_back(demo_lib, tmp_path):
    before = export_records(demo_lib)
    path = without_uuids(export_json(demo_lib, tmp_path / "lib.json"))  # new records, not ours
    report = import_json(demo_lib, path)
    later = store.create(demo_lib, "event", title="Added after the import", when="2030")
    assert queries.count_events(demo_lib) == 57 * 2 + 1
    snapshot = remove_imported(demo_lib, report.id_ranges)
    after_undo = export_records(demo_lib)
    assert [e for e in after_undo["events"] if e["id"] != later] == before["events"]
    assert after_undo["relations"] == before["relations"]
    store.restore(demo_lib, snapshot)
    assert queries.count_events(demo_lib) == 57 * 2 + 1


def test_undoing_an_import_into_an_empty_library_empties_it(lib, demo_lib, tmp_path):
    report = import_json(lib, export_json(demo_lib, tmp_path / "lib.json"))
    remove_imported(lib, report.id_ranges)
    assert set(queries.entity_counts(lib).values()) == {0}


@pytest.mark.parametrize(
    ("name", "content", "fmt"),
    [
        ("a.json", '{"format": "chronicle", "version": 1}', "json"),
        ("b.json", '[{"id": "x", "title": "t"}]', "csl"),
        ("c.json", '{"title": {}, "events": []}', "timelinejs"),
        ("d.csv", "id,title,when\n", "csv"),
        ("e.csv", "Year,Month,Day,Headline\n", "timelinejs"),
        ("f.csv", "Date;Title\n", "sheet"),
        ("g.bib", "@misc{x, title={t}}", "bibtex"),
        ("h.md", "# x", "text"),
    ],
)
def test_the_format_of_an_input_is_told_from_its_name_and_first_bytes(tmp_path, name, content, fmt):
    (tmp_path / name).write_text(content, encoding="utf-8")
    assert detect_import_format(tmp_path / name) == fmt


def test_readable_dates_of_the_fast_path_are_those_format_date_writes(lib, tmp_path):
    from db.dates import format_date

    dates = [
        *("-0043", "-0043-03", "-0043-03-15", "0000", "0079-08-24", "1066", "1990-02"),
        *("2024-02-29", "9999-12-31", "1990~", "2024-07?", "199X", "2024-21", "1914/1918"),
    ]
    for index, when in enumerate(dates):
        store.create(lib, "event", title=f"e{index}", when=when)
    with export_csv(lib, tmp_path / "d.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row, when in zip(rows, dates, strict=True):
        start = format_date(when.split("/")[0])
        assert row["start"].removeprefix("'") == start, when


def test_bulk_work_pauses_the_cycle_collector_and_restores_it(lib, tmp_path):
    import gc

    from db.exchange.records import cycle_collector_paused

    assert gc.isenabled()
    with cycle_collector_paused():
        with cycle_collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    path = tmp_path / "bad.csv"
    path.write_text("id,title,when\n1,x,not a date\n", encoding="utf-8")
    with pytest.raises(DataImportError):
        import_csv(lib, path)
    assert gc.isenabled()  # also after a failed import
