"""ACLED CSV: dates at ACLED's time precision, actors, sources, places, and re-import by id.

Every file here is generated in ACLED's exact column layout (benchmarks/dataset_files.py):
ACLED's terms forbid redistributing its rows.
"""

from __future__ import annotations

import csv
import json

import pytest
import sqlalchemy as sa

from benchmarks.dataset_files import acled_row, write_acled
from db import queries
from db.errors import DataImportError
from db.exchange.acled import COLUMNS, acled_when, actor_type, interaction_label, kept_codes
from db.exchange.imports import import_acled
from db.exchange.library_records import export_records
from db.exchange.resync_undo import redo_update, undo_update
from db.store.snapshots import TABLES

# Every import here runs with the file read in this process and by a child process.
pytestmark = pytest.mark.usefixtures("read_path")


@pytest.fixture
def lib(new_lib):
    return new_lib


def _rows(lib, table: str) -> list[dict]:
    with lib.read() as conn:
        return [dict(r._mapping) for r in conn.execute(sa.select(TABLES[table]).order_by("id"))]


def _write(path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({name: row.get(name, "") for name in COLUMNS})


def _row(**values) -> dict:
    import random

    row = dict(zip(COLUMNS, acled_row(1, random.Random(1)), strict=True))
    row.update(values)
    return row


@pytest.mark.parametrize(
    ("date", "precision", "edtf"),
    [
        ("2024-03-15", "1", "2024-03-15"),
        ("15 March 2024", "1", "2024-03-15"),
        ("15-March-2024", "1", "2024-03-15"),
        ("2024-03-15", "2", "2024-03-12~/2024-03-18~"),  # the week around the coded day
        ("2024-03-01", "2", "2024-02-27~/2024-03-04~"),
        ("2024-03-15", "3", "2024-03~"),  # only the month is known
        ("2023-12-31", "3", "2023-12~"),
    ],
)
def test_time_precision_maps_as_acled_documents_it(date, precision, edtf):
    assert acled_when(date, precision) == edtf


def test_actor_types_and_interactions_by_code_or_name():
    assert actor_type("1") == ("State forces", "state")
    assert actor_type("Protesters") == ("Protesters", "group")
    assert actor_type("0") is None
    assert interaction_label("13") == "State forces–Political militia"
    assert (
        interaction_label("60") == "Protesters only" or interaction_label("6") == "Protesters only"
    )


def test_a_row_becomes_an_event_with_actors_sources_place_and_report_date(lib, tmp_path):
    path = tmp_path / "acled.csv"
    _write(path, [_row(
        event_id_cnty="TST1", event_date="2024-03-15", time_precision="1",
        actor1="Military Forces of Testland (2019-)", inter1="1",
        actor2="Liberation Front of the Hills", inter2="2", interaction="12",
        assoc_actor_1="Hill Youth", source="Testland Daily; Hill Radio",
        source_scale="National", notes="A made-up clash.", location="Northtown",
        admin1="North Province", country="Testland", latitude="12.5", longitude="30.25",
        geo_precision="2", fatalities="3", timestamp="1710500000",
    )])  # fmt: skip
    report = import_acled(lib, path)
    assert report.summary() == "1 added, 0 changed, 0 unchanged, 0 missing from the new file."
    (event,) = export_records(lib)["events"]
    assert event["title"] == (
        "Attack: Military Forces of Testland (2019-) – Liberation Front of the Hills (Northtown)"
    )
    assert event["when"] == "2024-03-15" and event["summary"] == "A made-up clash."
    assert event["category"] == "Violence against civilians"
    assert "interaction: State forces–Rebel group" in event["tags"]
    actors = {a["name"]: a for a in export_records(lib)["actors"]}
    assert actors["Military Forces of Testland (2019-)"]["kind"] == "state"
    assert actors["Military Forces of Testland (2019-)"]["tags"] == ["ACLED: State forces"]
    assert actors["Liberation Front of the Hills"]["kind"] == "group"
    roles = sorted(p["role"] for p in _rows(lib, "participation"))
    assert roles == ["actor 1", "actor 2", "associated with actor 1"]
    sources = [s["title"] for s in export_records(lib)["sources"]]
    assert sources == ["Testland Daily", "Hill Radio"]
    assert {c["locator"] for c in _rows(lib, "citation")} == {"National"}
    (place,) = _rows(lib, "event_place")
    assert (place["name"], place["country"]) == ("Northtown, North Province", "Testland")
    assert (place["latitude"], place["longitude"], place["precision"]) == (12.5, 30.25, 2)
    (ref,) = _rows(lib, "external_ref")
    assert (ref["dataset"], ref["key"]) == ("acled", "TST1")
    assert ref["reported"] == "2024-03-15T10:53:20Z"
    assert kept_codes(ref["data"])["fatalities"] == "3"


def test_reimport_touches_only_changed_rows_and_reports_missing(lib, tmp_path):
    import_acled(lib, write_acled(tmp_path / "week1.csv", 300))
    before = {e["id"]: e for e in _rows(lib, "event")}
    newer = write_acled(tmp_path / "week2.csv", 310, changed_every=50, skip_every=100)
    report = import_acled(lib, newer)
    assert (report.added, report.changed, report.unchanged) == (10, 6, 291)
    assert len(report.missing) == 3
    assert report.summary() == "10 added, 6 changed, 291 unchanged, 3 missing from the new file."
    after = {e["id"]: e for e in _rows(lib, "event")}
    changed = [i for i in before if after[i] != before[i]]
    assert len(changed) == 6  # same ids: updated in place, nothing else touched
    assert all(after[i]["modified_at"] == before[i]["modified_at"] for i in before
               if i not in changed)  # fmt: skip
    assert queries.count_events(lib) == 310  # the 3 missing stay until the user deletes them


def test_undo_and_redo_of_a_reimport_restore_every_table(lib, tmp_path):
    import_acled(lib, write_acled(tmp_path / "week1.csv", 120))
    tables = ("event", "participation", "citation", "tagging", "external_ref", "event_place")
    first = {t: _rows(lib, t) for t in tables}
    report = import_acled(lib, write_acled(tmp_path / "week2.csv", 130, changed_every=7))
    second = {t: _rows(lib, t) for t in tables}
    assert second != first
    added = undo_update(lib, report.id_ranges, report.before, report.after)
    assert {t: _rows(lib, t) for t in tables} == first
    redo_update(lib, added, report.before, report.after)
    assert {t: _rows(lib, t) for t in tables} == second


def test_a_bad_row_is_named_and_nothing_is_imported(lib, tmp_path):
    path = tmp_path / "bad.csv"
    _write(path, [_row(event_id_cnty="TST1"), _row(event_id_cnty="TST2", time_precision="7")])
    with pytest.raises(DataImportError, match=r"bad.csv, line 3, column time_precision: "
                       r"time_precision '7' is not 1, 2 or 3.*Nothing was imported"):  # fmt: skip
        import_acled(lib, path)
    _write(path, [_row(event_id_cnty="TST1"), _row(event_id_cnty="TST2", latitude="123")])
    with pytest.raises(DataImportError, match=r"bad.csv, line 3.*latitude"):
        import_acled(lib, path)
    _write(path, [_row(event_id_cnty="TST1"), _row(event_id_cnty="TST1")])
    # SQLite says "UNIQUE constraint failed", PostgreSQL "violates unique constraint".
    with pytest.raises(DataImportError, match=r"(?i)bad.csv, line 3.*unique"):
        import_acled(lib, path)
    assert queries.count_events(lib) == 0 and _rows(lib, "actor") == []


def test_a_file_that_is_not_acled_is_refused(lib, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("title,when\nA,2024\n", encoding="utf-8")
    with pytest.raises(DataImportError, match=r"not an ACLED file.*event_id_cnty"):
        import_acled(lib, path)


def test_a_binary_file_is_refused_by_name(lib, tmp_path):
    path = tmp_path / "picture.csv"
    path.write_bytes(b"event_id_cnty,event_date\n\xff\xfe\x00garbage\n")
    with pytest.raises(DataImportError, match=r"picture.csv: not a readable ACLED CSV"):
        import_acled(lib, path)


def test_export_writes_the_imported_rows_back_unchanged(lib, tmp_path):
    from db.exchange.acled_export import export_acled

    source = write_acled(tmp_path / "in.csv", 250)
    import_acled(lib, source)
    written = export_acled(lib, tmp_path / "out.csv")
    assert written.read_text(encoding="utf-8") == source.read_text(encoding="utf-8")
    again = import_acled(lib, written)  # and reading it in again changes nothing
    assert (again.added, again.changed, again.unchanged) == (0, 0, 250)


def test_a_library_that_kept_the_codes_as_json_objects_exports_the_same_rows(lib, tmp_path):
    """Libraries imported before the codes were stored as arrays hold one JSON object a row."""
    from db.exchange.acled_export import export_acled

    source = write_acled(tmp_path / "in.csv", 40)
    import_acled(lib, source)
    ref = TABLES["external_ref"]
    with lib.write() as conn:
        for row_id, data in conn.execute(sa.select(ref.c.id, ref.c.data)).all():
            older = json.dumps(kept_codes(data), ensure_ascii=False)
            conn.execute(sa.update(ref).where(ref.c.id == row_id).values(data=older))
    written = export_acled(lib, tmp_path / "out.csv")
    assert written.read_text(encoding="utf-8") == source.read_text(encoding="utf-8")


def test_export_reads_the_codes_and_places_a_page_of_events_at_a_time(lib, tmp_path):
    """Read for the whole library at once they took ~1.2 kB an event (peak RSS at 300,000
    rows: 436 MB, now 131 MB)."""
    from sqlalchemy import event

    from db.exchange.acled_export import export_acled

    import_acled(lib, write_acled(tmp_path / "in.csv", 30))
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_rest) -> None:
        statements.append(" ".join(statement.split()).lower())

    event.listen(lib.engine, "before_cursor_execute", seen)
    try:
        export_acled(lib, tmp_path / "out.csv")
    finally:
        event.remove(lib.engine, "before_cursor_execute", seen)
    reads = [s for s in statements if "from external_ref" in s or "from event_place" in s]
    rows = [s for s in reads if "count(" not in s]
    assert rows, statements
    assert all("between" in s for s in rows), rows


def test_cancelling_midway_leaves_the_library_as_it_was(lib, tmp_path):
    from db.errors import CancelledError

    import_acled(lib, write_acled(tmp_path / "week1.csv", 50))
    before = {t: _rows(lib, t) for t in ("event", "external_ref", "participation")}
    seen = []

    def cancel_after_some_rows(done, total):
        seen.append((done, total))
        if done >= 2_000:
            raise CancelledError("Cancelled; nothing was changed.")

    newer = write_acled(tmp_path / "week2.csv", 5_000, changed_every=3)
    with pytest.raises(CancelledError):
        import_acled(lib, newer, progress=cancel_after_some_rows)
    assert seen[0][0] == 0 and seen[-1][0] == 2_000 and seen[-1][1] >= 4_000
    assert {t: _rows(lib, t) for t in before} == before
