"""Wikidata query results: precision and calendar mapping, circa, BCE, JSON = CSV, re-import."""

from __future__ import annotations

import pytest

from benchmarks.dataset_files import (
    GREGORIAN,
    JULIAN,
    write_wikidata_csv,
    write_wikidata_json,
)
from db.engine import create_library
from db.errors import DataImportError
from db.exchange.imports import import_wikidata
from db.exchange.library_records import export_records
from db.exchange.wikidata import item_when, julian_to_gregorian, wikidata_edtf

Q = "http://www.wikidata.org/entity/"


@pytest.fixture
def lib(new_lib):
    return new_lib


@pytest.mark.parametrize(
    ("value", "precision", "edtf"),
    [
        ("1969-07-20T00:00:00Z", 11, "1969-07-20"),
        ("1969-07-20T20:17:40Z", 14, "1969-07-20"),  # finer than a day: kept to the day
        ("1969-07-01T00:00:00Z", 10, "1969-07"),
        ("1969-01-01T00:00:00Z", 9, "1969"),
        ("1966-01-01T00:00:00Z", 8, "196X"),
        ("1950-01-01T00:00:00Z", 7, "19XX"),
        ("1500-01-01T00:00:00Z", 6, "1XXX"),
        ("-0043-03-15T00:00:00Z", 11, "-0043-03-15"),  # 44 BC (astronomical year -43)
        ("-0499-01-01T00:00:00Z", 9, "-0499"),
    ],
)
def test_precision_table(value, precision, edtf):
    assert wikidata_edtf(value, precision, GREGORIAN) == edtf


@pytest.mark.parametrize(
    ("julian", "gregorian"),
    [
        ((1582, 10, 5), (1582, 10, 15)),  # the day the Gregorian calendar began
        ((1066, 10, 14), (1066, 10, 20)),  # Hastings
        ((1917, 10, 25), (1917, 11, 7)),  # the October Revolution
        ((1, 1, 1), (0, 12, 30)),
        ((-43, 3, 15), (-43, 3, 13)),  # the Ides of March, 44 BC
    ],
)
def test_julian_dates_are_converted_before_keys(julian, gregorian):
    assert julian_to_gregorian(*julian) == gregorian
    year, month, day = julian
    sign = "-" if year < 0 else ""
    value = f"{sign}{abs(year):04d}-{month:02d}-{day:02d}T00:00:00Z"
    g_year, g_month, g_day = gregorian
    g_sign = "-" if g_year < 0 else ""
    expected = f"{g_sign}{abs(g_year):04d}-{g_month:02d}-{g_day:02d}"
    assert wikidata_edtf(value, 11, JULIAN) == expected


def test_a_julian_year_or_month_is_kept_as_given():
    assert wikidata_edtf("1066-10-01T00:00:00Z", 10, JULIAN) == "1066-10"
    assert wikidata_edtf("1066-01-01T00:00:00Z", 9, JULIAN) == "1066"


def test_circa_start_end_earliest_latest():
    assert item_when({"point": "1990-01-01T00:00:00Z", "pointPrecision": "9",
                      "circa": Q + "Q5727902"}) == "1990~"  # fmt: skip
    assert item_when({"start": "1914-07-28T00:00:00Z", "startPrecision": "11",
                      "end": "1918-11-11T00:00:00Z", "endPrecision": "11"}) == (
        "1914-07-28/1918-11-11"
    )  # fmt: skip
    assert item_when({"start": "1939-01-01T00:00:00Z", "startPrecision": "9"}) == "1939/.."
    assert item_when({"earliest": "1200-01-01T00:00:00Z", "earliestPrecision": "9",
                      "latest": "1250-01-01T00:00:00Z", "latestPrecision": "9"}) == (
        "1200?/1250?"
    )  # fmt: skip


def _rows():
    return [
        {"item": Q + "Q1", "itemLabel": "Battle of Hastings", "point": "1066-10-14T00:00:00Z",
         "pointPrecision": "11", "pointCalendar": JULIAN, "participant": Q + "Q10",
         "participantLabel": "William"},
        {"item": Q + "Q1", "itemLabel": "Battle of Hastings", "point": "1066-10-14T00:00:00Z",
         "pointPrecision": "11", "pointCalendar": JULIAN, "participant": Q + "Q11",
         "participantLabel": "Harold"},
        {"item": Q + "Q2", "itemLabel": "Swinging Sixties", "itemDescription": "a decade",
         "point": "1960-01-01T00:00:00Z", "pointPrecision": "8", "pointCalendar": GREGORIAN},
    ]  # fmt: skip


def test_json_and_csv_results_import_the_same(tmp_path):
    results = []
    for writer, name in ((write_wikidata_json, "r.json"), (write_wikidata_csv, "r.csv")):
        library = create_library(tmp_path / f"{name}.chronicle")
        report = import_wikidata(library, writer(tmp_path / name, _rows()))
        assert report.added == 2
        data = export_records(library)
        results.append(
            (
                [(e["title"], e["when"], e["summary"]) for e in data["events"]],
                sorted(a["name"] for a in data["actors"]),
            )
        )
        library.close()
    assert results[0] == results[1]
    assert results[0][0] == [
        ("Battle of Hastings", "1066-10-20", ""),
        ("Swinging Sixties", "196X", "a decade"),
    ]
    assert results[0][1] == ["Harold", "William"]


def test_reimport_by_qid_updates_labels_and_keeps_ids(lib, tmp_path):
    import_wikidata(lib, write_wikidata_json(tmp_path / "a.json", _rows()))
    ids = [e["id"] for e in export_records(lib)["events"]]
    rows = _rows()[2:]
    rows[0]["itemLabel"] = "The Sixties"
    report = import_wikidata(lib, write_wikidata_json(tmp_path / "b.json", rows))
    assert (report.added, report.changed, report.unchanged) == (0, 1, 0)
    assert report.missing == [ids[0]]
    events = {e["id"]: e["title"] for e in export_records(lib)["events"]}
    assert events[ids[1]] == "The Sixties"


def test_a_bad_row_is_named_and_nothing_is_imported(lib, tmp_path):
    rows = _rows()
    rows[2]["pointPrecision"] = "3"
    with pytest.raises(DataImportError, match=r"r.json, row 3: Q2: precision 3.*Nothing was"):
        import_wikidata(lib, write_wikidata_json(tmp_path / "r.json", rows))
    rows[2]["pointPrecision"] = "11"
    rows[2]["point"] = "1960-13-01T00:00:00Z"
    with pytest.raises(DataImportError, match=r"r.csv, line 4: Q2: .*1960-13-01"):
        import_wikidata(lib, write_wikidata_csv(tmp_path / "r.csv", rows))
    assert export_records(lib)["events"] == [] and export_records(lib)["actors"] == []
