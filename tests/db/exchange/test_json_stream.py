"""Chronicle JSON is imported as a stream of records, whatever order the file's sections are in."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from db.errors import DataImportError
from db.exchange.imports import import_json
from db.exchange.json_ import export_json
from db.exchange.json_stream import JsonSections
from db.exchange.library_records import export_records


def test_events_stream_one_by_one_and_small_sections_are_read_first(demo_lib, tmp_path):
    path = export_json(demo_lib, tmp_path / "demo.json")
    sections = JsonSections(path)
    assert sections.envelope_value("format") == "chronicle"
    assert sections.scan() >= len(export_records(demo_lib)["events"])
    assert isinstance(sections.early["actors"], list) and "relations" not in sections.early
    events = sections.section("events")
    assert isinstance(events, Iterator)  # never a list of every event
    first = next(events)
    assert first == export_records(demo_lib)["events"][0]


def test_a_file_with_sections_in_another_order_imports_the_same(demo_lib, lib, new_lib, tmp_path):
    ours = export_json(demo_lib, tmp_path / "ours.json")
    data = json.loads(ours.read_text(encoding="utf-8"))
    shuffled = {key: data[key] for key in ("events", "relations", "actors", "version")}
    shuffled |= {key: data[key] for key in ("sources", "tags", "format")}
    (tmp_path / "shuffled.json").write_text(json.dumps(shuffled), encoding="utf-8")
    import_json(lib, ours)
    import_json(new_lib, tmp_path / "shuffled.json")
    assert export_records(new_lib) == export_records(lib) == export_records(demo_lib)


def test_a_section_after_the_events_that_is_no_list_is_refused(lib, tmp_path):
    path = tmp_path / "late.json"
    path.write_text(
        '{"format": "chronicle", "version": 1, "events": [{"title": "E", "when": "2024"}],'
        ' "relations": {"type": "ally of"}}',
        encoding="utf-8",
    )
    with pytest.raises(DataImportError, match="relations must be a list"):
        import_json(lib, path)
    with lib.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM event").scalar() == 0
