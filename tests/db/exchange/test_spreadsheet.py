"""A user's own spreadsheet: sniffing, mapping, per-row errors, all-or-nothing import."""

from __future__ import annotations

import pytest

from db import queries, store
from db.errors import DataImportError
from db.exchange.imports import import_mapped
from db.exchange.spreadsheet import ColumnMapping, check_file, guess_mapping, preview, validate

ROWS = [
    "Date;Headline;Who;Notes;Keywords",
    '28 July 2024;Talks in Gdańsk;Poland, Japan;First round;"diplomacy; europe"',
    "31/01/2024;Summit in 東京;Japan;;asia",
    "c. 1990;Something vague;;;",
    "44 BC;Caesar dies;;;ancient",
]


def _write(tmp_path, lines, name="sheet.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_preview_sniffs_delimiter_and_encoding(tmp_path, encoding):
    lines = ["Date;Title;Who", "1 May 2024;Café crème;Zoë"]
    sheet = preview(_write(tmp_path, lines, encoding=encoding))
    assert (sheet.headers, sheet.delimiter) == (["Date", "Title", "Who"], ";")
    assert sheet.rows[0].cells == {"Date": "1 May 2024", "Title": "Café crème", "Who": "Zoë"}
    assert sheet.rows[0].line == 2


def test_binary_and_unknown_encodings_are_refused_clearly(tmp_path):
    (tmp_path / "pic.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    with pytest.raises(DataImportError, match="not a text file"):
        preview(tmp_path / "pic.csv")
    (tmp_path / "odd.csv").write_bytes(b"Date,Title\n2024,\x81\x8d\x8f\n")
    with pytest.raises(DataImportError, match="neither UTF-8 nor Windows-1252"):
        preview(tmp_path / "odd.csv")


def test_guess_mapping_reads_headers_separators_and_day_first_dates(tmp_path):
    sheet = preview(_write(tmp_path, ROWS))
    mapping = guess_mapping(sheet.headers, sheet.rows)
    assert mapping.columns == {
        "when": "Date",
        "title": "Headline",
        "summary": "Notes",
        "actors": "Who",
        "tags": "Keywords",
    }
    assert (mapping.actor_separator, mapping.tag_separator) == (",", ";")
    assert mapping.numeric_dates == "day-first"


def test_validate_names_line_column_and_reason(tmp_path):
    lines = [*ROWS, "not a date;Broken row;;;", "2024-07-28;;;;", "2024-02-30;Bad day;;;"]
    sheet = preview(_write(tmp_path, lines))
    errors = validate(sheet.rows, guess_mapping(sheet.headers, sheet.rows))
    assert [(e.line, e.column) for e in errors] == [(6, "Date"), (7, "Headline"), (8, "Date")]
    assert "not a date" in errors[0].message
    assert "Title cannot be empty" in errors[1].message
    assert "February 2024 has 29 days" in errors[2].message


def test_import_links_known_actors_and_creates_the_others(lib, tmp_path):
    japan = store.create(lib, "actor", name="Japan", kind="state")
    path = _write(tmp_path, ROWS)
    sheet = preview(path)
    report = import_mapped(lib, path, guess_mapping(sheet.headers, sheet.rows))
    assert report.counts["events"] == 4 and report.counts["actors"] == 1  # Poland is new
    events = {e.title: e.when_edtf for e in queries.list_events(lib)}
    assert events == {
        "Talks in Gdańsk": "2024-07-28",
        "Summit in 東京": "2024-01-31",
        "Something vague": "1990~",
        "Caesar dies": "-0043",
    }
    assert queries.count_events(lib, queries.EventFilter(actor_ids=(japan,))) == 2
    assert queries.count_events(lib, queries.EventFilter(tags=("europe",))) == 1


def test_a_bad_row_imports_nothing_and_names_the_row(lib, tmp_path):
    path = _write(tmp_path, [*ROWS, "soon;Broken row;;;"])
    sheet = preview(path)
    with pytest.raises(
        DataImportError, match=r"sheet.csv, row 6 \(line 6\), column 'Date': 'soon'"
    ):
        import_mapped(lib, path, guess_mapping(sheet.headers, sheet.rows))
    assert queries.count_events(lib) == 0 and queries.count_actors(lib) == 0


def test_skipping_failing_rows_only_when_asked(lib, tmp_path):
    path = _write(tmp_path, [*ROWS, "soon;Broken row;;;"])
    sheet = preview(path)
    report = import_mapped(lib, path, guess_mapping(sheet.headers, sheet.rows), skip_failing=True)
    assert report.counts["events"] == 4
    assert report.skipped == [
        "row 6 (line 6), column 'Date': 'soon': not a date; write e.g. 28 July 2024, "
        "Jul 2024, 1990s, c. 1990, 44 BC, 1914–1918 or 2024-07-28."
    ]
    assert "Skipped 1 failing row." in report.summary()


def test_end_date_column_makes_intervals_and_is_checked(tmp_path):
    lines = ["Start,End,Title", "28 Jul 2024,30 Jul 2024,Talks", "2024,2020,Backwards"]
    sheet = preview(_write(tmp_path, lines))
    mapping = ColumnMapping({"when": "Start", "end": "End", "title": "Title"})
    errors = validate(sheet.rows, mapping)
    assert [(e.line, e.column) for e in errors] == [(3, "End")]
    check = check_file(tmp_path / "sheet.csv", mapping)
    assert (check.rows, check.error_count) == (2, 1)


def test_check_file_reports_missing_mapping(tmp_path):
    check = check_file(_write(tmp_path, ROWS), ColumnMapping({"title": "Headline"}))
    assert check.problems == ["choose the column holding the date"]
