"""TimelineJS files as Knight Lab's tools write them: JSON with eras and media, the CSV template."""

from __future__ import annotations

import json

import pytest

from db import queries
from db.errors import DataImportError
from db.exchange.imports import import_timelinejs
from db.exchange.library_records import export_records
from db.exchange.timelinejs import CSV_COLUMNS, export_timelinejs

TIMELINE = {
    "title": {"text": {"headline": "Alliances", "text": "<p>An overview</p>"}},
    "events": [
        {
            "start_date": {"year": "-44", "month": "3", "day": "15"},
            "text": {"headline": "Caesar <i>dies</i>", "text": "<p>In Rome.</p><p>Ides.</p>"},
            "group": "Rome",
            "media": {"url": "https://example.org/caesar.jpg", "credit": "Museum"},
        },
        {
            "start_date": {"year": 1990, "display_date": "c. 1990"},
            "text": {"headline": "Around 1990"},
        },
        {
            "start_date": {"year": 2024, "month": 7, "day": 28, "hour": 14, "minute": 30},
            "end_date": {"year": 2024, "month": 7, "day": 30},
            "text": {"headline": "Talks in Gdańsk &amp; 東京", "text": "Line<br>two"},
            "unique_id": "talks",
        },
    ],
    "eras": [
        {
            "start_date": {"year": 1914},
            "end_date": {"year": 1918},
            "text": {"headline": "The Great War"},
        }
    ],
}


def test_json_events_eras_media_and_html_become_records(lib, tmp_path):
    path = tmp_path / "timeline.json"
    path.write_text(json.dumps(TIMELINE), encoding="utf-8")
    report = import_timelinejs(lib, path)
    assert (report.counts["events"], report.counts["sources"]) == (4, 1)
    events = {e["title"]: e for e in export_records(lib)["events"]}
    assert events["Caesar dies"]["when"] == "-0043-03-15"  # TimelineJS -44 reads "44 BCE"
    assert events["Caesar dies"]["summary"] == "In Rome.\n\nIdes."
    assert events["Caesar dies"]["category"] == "Rome"
    assert events["Around 1990"]["when"] == "1990~"  # the display date keeps "circa"
    assert events["Talks in Gdańsk & 東京"]["when"] == "2024-07-28T14:30/2024-07-30"
    assert events["Talks in Gdańsk & 東京"]["summary"] == "Line\ntwo"
    assert events["The Great War"]["when"] == "1914/1918"
    assert events["The Great War"]["tags"] == ["era"]
    (source,) = queries.list_sources(lib)
    assert source.title == "Museum"


def test_a_bad_date_names_the_event_and_imports_nothing(lib, tmp_path):
    broken = {
        "events": [
            TIMELINE["events"][0],
            {
                "start_date": {"year": 2023, "month": 2, "day": 30},
                "text": {"headline": "No such day"},
            },
        ]
    }
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    with pytest.raises(DataImportError, match=r"broken.json, events\[1\]: the start date"):
        import_timelinejs(lib, path)
    assert queries.count_events(lib) == 0


def test_google_sheet_template_rows_import_with_times_and_eras(lib, tmp_path):
    rows = [
        ",".join(CSV_COLUMNS),
        ",,,,,,,,,My timeline,,,,,,title,,",
        "2024,7,28,2:30 PM,2024,7,30,,,Talks,Round one,,,,,,Diplomacy,",
        "-44,3,15,,,,,,,Caesar dies,,,,,,,,",
        "1914,,,,1918,,,,,The Great War,,,,,,era,,",
    ]
    path = tmp_path / "sheet.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    import_timelinejs(lib, path)
    events = {e["title"]: (e["when"], e["category"]) for e in export_records(lib)["events"]}
    assert events == {
        "Talks": ("2024-07-28T14:30/2024-07-30", "Diplomacy"),
        "Caesar dies": ("-0043-03-15", ""),
        "The Great War": ("1914/1918", ""),
    }


def test_csv_error_names_the_line(lib, tmp_path):
    rows = [",".join(CSV_COLUMNS), "2024,13,1,,,,,,,Bad month,,,,,,,,"]
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(DataImportError, match=r"bad\.csv, line 2"):
        import_timelinejs(lib, path)


def test_export_escapes_html_and_marks_vague_dates(tricky_lib, tmp_path):
    data = json.loads(export_timelinejs(tricky_lib, tmp_path / "t.json").read_text("utf-8"))
    talks = next(e for e in data["events"] if e["text"]["headline"] == "Talks in Gdańsk")
    assert talks["text"]["text"] == 'Line one<br>line two, with "quotes" &amp; &lt;tags&gt;'
    assert talks["start_date"] == {"year": 2024, "month": 7, "day": 28}
    assert talks["end_date"] == {"year": 2024, "month": 7, "day": 30}
    caesar = next(e for e in data["events"] if e["text"]["headline"] == "Caesar dies")
    assert caesar["start_date"] == {"year": -44, "month": 3, "day": 15}
    vague = next(e for e in data["events"] if e["text"]["headline"] == "A vague year")
    assert vague["display_date"] == "c. 1990"
