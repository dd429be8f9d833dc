"""iCalendar both ways (BCE and vague dates refused or rounded, with notes) and Timesketch."""

from __future__ import annotations

import csv
import json

import pytest

from db import store
from db.engine import create_library
from db.errors import DataImportError
from db.exchange.ical import export_ics_with_notes, ics_when
from db.exchange.imports import import_ics
from db.exchange.library_records import export_records
from db.exchange.timesketch import export_timesketch_with_notes

CALENDAR = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//test//EN
BEGIN:VEVENT
UID:summit-1@example.org
DTSTAMP:20240101T000000Z
DTSTART;VALUE=DATE:20240728
DTEND;VALUE=DATE:20240731
SUMMARY:Summit in Tokyo
DESCRIPTION:Three days of talks.
CATEGORIES:diplomacy,asia
LOCATION:Tokyo
GEO:35.68;139.76
URL:https://example.org/summit
END:VEVENT
BEGIN:VEVENT
UID:call-2@example.org
DTSTAMP:20240101T000000Z
DTSTART:20240801T143000Z
SUMMARY:Phone call
RRULE:FREQ=WEEKLY;COUNT=3
END:VEVENT
END:VCALENDAR
"""


@pytest.fixture
def lib(new_lib):
    return new_lib


def test_dtstart_dtend_mapping():
    import datetime as dt

    assert ics_when(dt.date(2024, 7, 28), dt.date(2024, 7, 29)) == "2024-07-28"
    assert ics_when(dt.date(2024, 7, 28), dt.date(2024, 7, 31)) == "2024-07-28/2024-07-30"
    zoned = dt.datetime(2024, 8, 1, 16, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert ics_when(zoned, None) == "2024-08-01T14:30Z"
    assert ics_when(dt.datetime(2024, 8, 1, 9, 0, 5), None) == "2024-08-01T09:00:05"


def test_import_reads_every_field_and_a_reimport_updates_by_uid(lib, tmp_path):
    path = tmp_path / "cal.ics"
    path.write_text(CALENDAR, encoding="utf-8")
    report = import_ics(lib, path)
    assert report.added == 2
    assert report.notes == ["“Phone call” repeats; only its first date was imported."]
    events = {e["title"]: e for e in export_records(lib)["events"]}
    summit = events["Summit in Tokyo"]
    assert (summit["when"], summit["summary"], summit["tags"]) == (
        "2024-07-28/2024-07-30", "Three days of talks.", ["asia", "diplomacy"],
    )  # fmt: skip
    assert events["Phone call"]["when"] == "2024-08-01T14:30Z"
    path.write_text(CALENDAR.replace("Summit in Tokyo", "Summit in Osaka"), encoding="utf-8")
    again = import_ics(lib, path)
    assert (again.added, again.changed, again.unchanged) == (0, 1, 1)
    assert sorted(e["title"] for e in export_records(lib)["events"]) == [
        "Phone call", "Summit in Osaka",
    ]  # fmt: skip


def test_export_round_trip_refuses_bce_and_notes_rounding(lib, tmp_path):
    for title, when in (("Day", "2024-07-28"), ("Span", "2024-07-28/2024-07-30"),
                        ("Minute", "2024-08-01T14:30Z"), ("Year", "1990~"),
                        ("Ides", "-0043-03-15"), ("Open", "2020/..")):  # fmt: skip
        store.create(lib, "event", title=title, when=when)
    path, notes = export_ics_with_notes(lib, tmp_path / "out.ics")
    assert notes == [
        "1 events not written: their dates are BCE (a calendar cannot hold them).",
        "1 events not written: their dates are open-ended (a calendar cannot hold them).",
        "1 events rounded to whole days or marked approximate/uncertain "
        "(their descriptions say so).",
    ]
    back = create_library(tmp_path / "back.chronicle")
    import_ics(back, path)
    events = {e["title"]: e for e in export_records(back)["events"]}
    back.close()
    assert {t: e["when"] for t, e in events.items()} == {
        "Day": "2024-07-28",
        "Span": "2024-07-28/2024-07-30",
        "Minute": "2024-08-01T14:30Z",
        "Year": "1990-01-01/1990-12-31",
    }
    assert (
        "Chronicle date: c. 1990 — year precision, shown as whole days, approximate."
        in (events["Year"]["summary"])
    )


def test_a_bad_vevent_is_named_and_nothing_is_imported(lib, tmp_path):
    path = tmp_path / "bad.ics"
    path.write_text(CALENDAR.replace("DTSTART:20240801T143000Z\n", ""), encoding="utf-8")
    with pytest.raises(DataImportError, match=r"bad.ics, VEVENT 2: it has no DTSTART"):
        import_ics(lib, path)
    assert export_records(lib)["events"] == []


def test_timesketch_lines_have_message_datetime_and_description(lib, tmp_path):
    store.create(lib, "event", title="=cmd|' /C calc'!A0", when="2024-07-28")
    store.create(lib, "event", title="Talks", when="2024-07-28T10:00Z/2024-07-28T12:00Z")
    store.create(lib, "event", title="Ides", when="-0043-03-15")
    path, notes = export_timesketch_with_notes(lib, tmp_path / "t.jsonl")
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert [(x["message"], x["datetime"], x["timestamp_desc"]) for x in lines] == [
        ("=cmd|' /C calc'!A0", "2024-07-28T00:00:00+00:00", "Event date"),
        ("Talks", "2024-07-28T10:00:00+00:00", "Event start"),
        ("Talks", "2024-07-28T12:00:00+00:00", "Event end"),
    ]
    assert lines[0]["timestamp"] == 1722124800 * 1_000_000
    assert lines[1]["chronicle_date"] == "2024-07-28T10:00Z/2024-07-28T12:00Z"
    assert notes == ["1 events not written: BCE dates have no Timesketch datetime."]
    path, _notes = export_timesketch_with_notes(lib, tmp_path / "t.csv")
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["message"].startswith("'=")  # a formula cell is neutralised
    assert rows[0]["timestamp_desc"] == "Event date"
