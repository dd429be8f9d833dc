"""Our CSV and JSON round-trip the library: export, import into an empty file, export again."""

from __future__ import annotations

import json

import pytest
from library_builders import without_uuids

from db import queries, store
from db.engine import create_library
from db.errors import DataImportError
from db.exchange.csv_ import export_csv, neutralise, restore_cell
from db.exchange.imports import import_csv, import_json
from db.exchange.json_ import export_json
from db.exchange.library_records import export_records

# Every import here runs with the file read in this process and by a child process.
pytestmark = pytest.mark.usefixtures("read_path")


def _tricky(lib) -> None:
    """Dates and names that break naive exporters."""
    gdansk = store.create(lib, "actor", name="Gdańsk", kind="other", aliases=["Danzig"])
    tokyo = store.create(lib, "actor", name="東京", kind="other")
    caesar = store.create(lib, "event", title="Caesar dies", when="44 BC", importance=5)
    vague = store.create(lib, "event", title='=HYPERLINK("http://x")', when="c. 1990")
    span = store.create(
        lib,
        "event",
        title="Talks | round 2",
        when="2024-07-28/2024-07-30",
        summary='Line one\nline two, with "quotes"',
    )
    src = store.create(lib, "source", title="-Report @ Home", authors=["Ä. Author"])
    store.add_participation(lib, span, gdansk, "host")
    store.add_participation(lib, span, tokyo, "guest | observer")
    store.add_citation(lib, src, event_id=span, locator="p. 3", quote="+1 said", credibility=2)
    store.add_relation(lib, ("event", caesar), ("event", vague), type="precedes")
    store.set_tags(lib, "event", caesar, ["ancient", "'quoted"])


@pytest.mark.parametrize("suffix", [".json", ".zip"])
def test_whole_library_round_trips(demo_lib, tmp_path, suffix):
    _tricky(demo_lib)
    first = tmp_path / f"first{suffix}"
    (export_json if suffix == ".json" else export_csv)(demo_lib, first)
    target = create_library(tmp_path / "copy.chronicle")
    (import_json if suffix == ".json" else import_csv)(target, first)
    assert export_records(target) == export_records(demo_lib)
    target.close()


def test_events_csv_round_trips_byte_for_byte(demo_lib, tmp_path):
    _tricky(demo_lib)
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    export_csv(demo_lib, first)
    target = create_library(tmp_path / "copy.chronicle")
    import_csv(target, first)
    export_csv(target, second)
    assert second.read_bytes() == first.read_bytes()
    rows = queries.list_events(target, queries.EventFilter(text="Caesar"))
    assert [(r.title, r.when_edtf) for r in rows] == [("Caesar dies", "-0043")]
    target.close()


def test_json_export_is_our_versioned_format(demo_lib, tmp_path):
    path = export_json(demo_lib, tmp_path / "lib.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert (data["format"], data["version"]) == ("chronicle", 1)
    assert len(data["events"]) == 57


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "'=x", "plain"])
def test_formula_cells_are_neutralised_and_restored(cell):
    safe = neutralise(cell)
    assert safe == cell if cell == "plain" else safe == "'" + cell
    assert restore_cell(safe) == cell


def test_exported_csv_has_no_cell_a_spreadsheet_would_run(demo_lib, tmp_path):
    _tricky(demo_lib)
    text = export_csv(demo_lib, tmp_path / "e.csv").read_text(encoding="utf-8")
    assert '"=HYPERLINK' not in text and "\n=HYPERLINK" not in text
    assert "'=HYPERLINK" in text


def test_csv_with_a_bad_row_imports_nothing_and_names_the_line(lib, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "id,title,when\n1,Fine,2024-07-28\n2,Broken,2023-02-30\n3,Also fine,2025\n",
        encoding="utf-8",
    )
    with pytest.raises(DataImportError, match=r"bad.csv, row 3 \(line 3\).*February"):
        import_csv(lib, path)
    assert queries.count_events(lib) == 0


def test_json_syntax_error_names_line_and_column(lib, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": "chronicle",\n "version": 1,\n "events": [\n}', encoding="utf-8")
    with pytest.raises(DataImportError, match="line 4, column 1"):
        import_json(lib, path)


def test_json_with_unknown_reference_imports_nothing(lib, tmp_path):
    path = tmp_path / "dangling.json"
    data = {
        "format": "chronicle",
        "version": 1,
        "events": [
            {"id": 1, "title": "ok", "when": "2024"},
            {"id": 2, "title": "bad", "when": "2024", "actors": [{"actor": 99, "role": ""}]},
        ],
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DataImportError, match=r"events\[1\] \(id 2\).*actor 99"):
        import_json(lib, path)
    assert queries.count_events(lib) == 0


def test_json_from_a_newer_format_is_refused(lib, tmp_path):
    path = tmp_path / "future.json"
    path.write_text('{"format": "chronicle", "version": 99}', encoding="utf-8")
    with pytest.raises(DataImportError, match="version 99"):
        import_json(lib, path)


def test_import_into_a_non_empty_library_maps_ids(demo_lib, tmp_path):
    path = without_uuids(export_json(demo_lib, tmp_path / "lib.json"))  # new records, not ours
    import_json(demo_lib, path)
    assert queries.count_events(demo_lib) == 114
    assert queries.entity_counts(demo_lib)["tag"] == 13
