"""Export, import into an empty library, compare field by field: CSV, zip, JSON, TimelineJS."""

from __future__ import annotations

import pytest

from db import queries
from db.exchange.csv_ import export_csv
from db.exchange.imports import import_csv, import_json, import_timelinejs
from db.exchange.json_ import export_json
from db.exchange.library_records import export_records
from db.exchange.timelinejs import export_timelinejs

# Every import here runs with the file read in this process and by a child process.
pytestmark = pytest.mark.usefixtures("read_path")

TRICKY_DATES = {"-0043-03-15", "1990~", "2024-07-28/2024-07-30", "2024-07-28T14:30", "1914/1918"}


def _events(lib) -> list[tuple]:
    return sorted(
        (e["title"], e["when"], e["summary"], e["category"]) for e in export_records(lib)["events"]
    )


@pytest.mark.parametrize(
    ("name", "export", "load"),
    [("lib.json", export_json, import_json), ("lib.zip", export_csv, import_csv)],
)
def test_whole_library_round_trips_field_by_field(
    tricky_lib, new_lib, tmp_path, name, export, load
):
    path = export(tricky_lib, tmp_path / name)
    load(new_lib, path)
    before, after = export_records(tricky_lib), export_records(new_lib)
    for section in ("tags", "actors", "sources", "events", "relations"):
        assert after[section] == before[section], section
    assert {e["when"] for e in after["events"]} >= TRICKY_DATES
    assert {a["name"] for a in after["actors"]} == {"Gdańsk", "東京"}


def test_events_csv_round_trip_keeps_actors_roles_citations_and_tags(tricky_lib, new_lib, tmp_path):
    import_csv(new_lib, export_csv(tricky_lib, tmp_path / "events.csv"))
    assert _events(new_lib) == _events(tricky_lib)
    talks = queries.list_events(new_lib, queries.EventFilter(text="Talks"))[0]
    assert talks.actors == "Gdańsk, 東京"
    roles = {row.role for row in queries.participants(new_lib, event_id=talks.id)}
    assert roles == {"host", "guest | observer"}
    (citation,) = queries.citations(new_lib, event_id=talks.id)
    assert (citation.quote, citation.locator, citation.credibility) == ("+1 said", "p. 3", 2)


@pytest.mark.parametrize("name", ["timeline.json", "timeline.csv"])
def test_timelinejs_round_trips_titles_dates_text_and_groups(tricky_lib, new_lib, tmp_path, name):
    report = import_timelinejs(new_lib, export_timelinejs(tricky_lib, tmp_path / name))
    assert report.counts["events"] == 6
    assert _events(new_lib) == _events(tricky_lib)


def _schema(lib) -> list[tuple]:
    with lib.read() as conn:
        if lib.is_team:
            return conn.exec_driver_sql(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
                "UNION ALL SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger "
                "WHERE NOT tgisinternal ORDER BY 1"
            ).all()
        return conn.exec_driver_sql("SELECT type, name, sql FROM sqlite_master ORDER BY name").all()


def test_a_big_import_goes_through_the_batches_and_indexes_every_event(new_lib, tmp_path):
    schema = _schema(new_lib)
    rows = ["id,title,when,actors,tags"]
    rows += [
        f"{i},Event {i},{1900 + i % 100}-03-0{1 + i % 9},Actor {i % 7} | host,t{i % 3}"
        for i in range(1, 25_001)
    ]
    path = tmp_path / "big.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    report = import_csv(new_lib, path)
    assert (report.counts["events"], report.counts["actors"]) == (25_000, 7)
    assert _schema(new_lib) == schema  # the indexes and triggers built at the end are back
    # The time index (rebuilt in one pass for big imports) and the search index answer.
    window = queries.count_in_window(new_lib, -2_208_988_800, -2_177_452_800)  # 1900
    assert window == 250
    assert queries.count_events(new_lib, queries.EventFilter(text="Event 12345")) == 1
    actor_3 = next(a.id for a in queries.list_actors(new_lib, limit=10) if a.name == "Actor 3")
    in_lane = sum(1 for i in range(1, 25_001) if i % 7 == 3)
    assert queries.count_events(new_lib, queries.EventFilter(actor_ids=(actor_3,))) == in_lane
