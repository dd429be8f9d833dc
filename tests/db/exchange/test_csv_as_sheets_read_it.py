"""Our CSV as a spreadsheet or a script reads it: dates as they are (no apostrophe, BCE
included), the formula guard only on free text, and errors that name the row and its lines."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest

from db import queries, store
from db.errors import DataImportError
from db.exchange.csv_ import export_csv
from db.exchange.imports import import_csv, import_mapped
from db.exchange.spreadsheet import ColumnMapping

# Every import here runs with the file read in this process and by a child process.
pytestmark = pytest.mark.usefixtures("read_path")

BCE_DATES = {"44 BC": "-0043", "c. 300 BC": "-0299~", "500 BC to 480 BC": "-0499/-0479"}


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_bce_dates_are_read_back_by_the_csv_module_without_apostrophes(lib, tmp_path):
    for typed in BCE_DATES:
        store.create(lib, "event", title=f"Event {typed}", when=typed)
    store.create(lib, "event", title='=HYPERLINK("http://x")', when="2024")
    store.create(lib, "event", title="Cold", summary="-5 degrees", when="-0010")
    path = export_csv(lib, tmp_path / "events.csv")
    rows = {r["title"]: r for r in _rows(path.read_text(encoding="utf-8"))}
    for typed, edtf in BCE_DATES.items():
        row = rows[f"Event {typed}"]
        assert row["when"] == edtf  # "-0043", not "'-0043"
        assert not row["start"].startswith("'") and "BC" in row["start"]
    assert rows["Event 44 BC"]["start"] == "44 BC"
    assert rows["Cold"]["when"] == "-0010" and rows["Cold"]["summary"] == "'-5 degrees"
    assert '\'=HYPERLINK("http://x")' in rows  # free text that a sheet would run stays guarded


def test_dates_in_the_zip_sections_are_not_prefixed_either(lib, tmp_path):
    source = store.create(lib, "source", title="Suetonius", published="-0043", notes="-ish")
    rome = store.create(lib, "actor", name="Rome")
    gaul = store.create(lib, "actor", name="Gaul")
    store.add_relation(lib, ("actor", rome), ("actor", gaul), type="rival of", valid="-0100/-0050")
    path = export_csv(lib, tmp_path / "all.zip")
    with zipfile.ZipFile(path) as zf:
        sources = _rows(zf.read("sources.csv").decode("utf-8"))
        relations = _rows(zf.read("relations.csv").decode("utf-8"))
    (row,) = [r for r in sources if r["id"] == str(source)]
    assert row["published"] == "-0043" and row["notes"] == "'-ish"
    assert [r["valid"] for r in relations] == ["-0100/-0050"]


def test_bce_dates_round_trip_through_our_import(lib, tmp_path):
    for typed in BCE_DATES:
        store.create(lib, "event", title=f"Event {typed}", when=typed)
    path = export_csv(lib, tmp_path / "events.csv")
    from db.engine import create_library

    other = create_library(tmp_path / "other.chronicle")
    try:
        import_csv(other, path)
        got = {e.title: e.when_edtf for e in queries.list_events(other)}
    finally:
        other.close()
    assert got == {f"Event {typed}": edtf for typed, edtf in BCE_DATES.items()}


# Row 2 spans lines 2-5, row 3 lines 6-9 and the bad row 4 lines 10-13 (quoted line breaks).
MULTI_LINE = (
    "title,when,summary\r\n"
    'First,2024,"one\r\ntwo\r\nthree\r\nfour"\r\n'
    'Second,2024,"one\r\ntwo\r\nthree\r\nfour"\r\n'
    'Third,2023-02-30,"one\r\ntwo\r\nthree\r\nfour"\r\n'
)


def test_our_csv_import_names_the_row_and_its_lines(lib, tmp_path):
    path = tmp_path / "events.csv"
    path.write_text(MULTI_LINE, encoding="utf-8", newline="")
    with pytest.raises(DataImportError) as caught:
        import_csv(lib, path)
    assert str(caught.value).startswith("events.csv, row 4 (lines 10\u201313): '2023-02-30'")
    assert queries.count_events(lib) == 0


def test_a_blank_line_is_a_row_as_in_a_spreadsheet(lib, tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("title,when\r\nA,2024\r\n\r\nB,soon\r\n", encoding="utf-8", newline="")
    with pytest.raises(DataImportError, match=r"events.csv, row 4 \(line 4\): 'soon'"):
        import_csv(lib, path)


def test_a_broken_quote_names_the_row_it_starts(lib, tmp_path):
    path = tmp_path / "events.csv"
    path.write_text('title,when\r\nA,2024\r\n"B,2024\r\nC,2024\r\n', encoding="utf-8", newline="")
    with pytest.raises(DataImportError, match=r"events.csv, row 3 \(lines 3\u20134\)"):
        import_csv(lib, path)


def test_a_spreadsheet_of_ones_own_names_the_row_and_its_lines(lib, tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text(MULTI_LINE.replace("title,when,summary", "Event,Date,Notes"), encoding="utf-8",
                    newline="")  # fmt: skip
    mapping = ColumnMapping(columns={"title": "Event", "when": "Date", "summary": "Notes"})
    with pytest.raises(DataImportError) as caught:
        import_mapped(lib, path, mapping)
    assert str(caught.value).startswith(
        "mine.csv, row 4 (lines 10\u201313), column 'Date': '2023-02-30'"
    )
    report = import_mapped(lib, path, mapping, skip_failing=True)
    assert [str(e).split(":")[0] for e in report.skipped] == [
        "row 4 (lines 10\u201313), column 'Date'"
    ]
