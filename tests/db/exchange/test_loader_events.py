"""The loader's quick path for new events (db/exchange/loader_events.py) writes exactly what the
general path writes, and leaves every record it cannot take to the general path's checks."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from benchmarks.dataset_files import write_acled
from db import store
from db.errors import DataImportError, ExportError
from db.exchange import acled, loader_events
from db.exchange.csv_ import export_csv
from db.exchange.imports import import_acled, import_csv, import_json
from db.store.snapshots import TABLES

# Every import here runs with the file read in this process and by a child process.
pytestmark = pytest.mark.usefixtures("read_path")


@pytest.fixture
def counted(monkeypatch):
    """How many records the quick path took, or (general=True) none at all."""
    taken = {"quick": 0}
    load = loader_events.EventPath.load

    def counting(self, rec):
        done = load(self, rec)
        taken["quick"] += done
        return done

    monkeypatch.setattr(loader_events.EventPath, "load", counting)
    return taken


@pytest.fixture
def linked_csv(new_library, tmp_path):
    """Events with spans, uncertain dates, actors in roles, tags and citations of every shape."""
    lib = new_library("linked")
    actors = [store.create(lib, "actor", name=f"Actor {i}", kind="state") for i in range(4)]
    sources = [store.create(lib, "source", title=f"Report {i}") for i in range(3)]
    for i in range(120):
        when = ["1914-07-28", "1914/1918", "1990~", "-0043-03-15", "2024-07?"][i % 5]
        event = store.create(
            lib, "event", title=f"Event {i}", when=when, category=f"c{i % 3}",
            summary="" if i % 4 else f"Notes on {i}", importance=1 + i % 5,
            **({"color": "#1f77b4"} if i % 6 == 0 else {}),
        )  # fmt: skip
        store.add_participation(lib, event, actors[i % 4], "signatory")
        if i % 2:
            store.add_participation(lib, event, actors[(i + 1) % 4], "host")
        store.set_tags(lib, "event", event, [f"t{i % 5}", "common"] if i % 3 else [])
        store.add_citation(
            lib, sources[i % 3], event_id=event, locator=f"p. {i % 7}",
            **({"quote": "said so", "credibility": 2} if i % 4 == 0 else {}),
        )  # fmt: skip
    return export_csv(lib, tmp_path / "linked.csv")


def test_our_csv_imports_the_same_by_the_quick_and_the_general_path(
    new_library, linked_csv, counted, monkeypatch, import_rows
):
    quick = new_library("quick")
    import_csv(quick, linked_csv)
    assert counted["quick"] == 120
    monkeypatch.setattr(loader_events.EventPath, "load", lambda self, rec: False)
    general = new_library("general")
    import_csv(general, linked_csv)
    assert import_rows(quick) == import_rows(general)


def test_acled_imports_the_same_by_the_quick_and_the_general_path(
    new_library, tmp_path, counted, monkeypatch, import_rows
):
    path = tmp_path / "acled.csv"
    write_acled(path, 300)
    quick = new_library("quick")
    import_acled(quick, path)
    assert counted["quick"] == 300
    monkeypatch.setattr(loader_events.EventPath, "load", lambda self, rec: False)
    general = new_library("general")
    import_acled(general, path)
    assert import_rows(quick) == import_rows(general)


@pytest.mark.parametrize(
    ("cells", "words"),
    [
        ("Actor 1 | host\nActor 1 | host", "listed twice in the role 'host'"),
        ("", "Title cannot be empty"),
    ],
)
def test_a_record_the_quick_path_cannot_take_is_refused_in_the_general_paths_words(
    new_library, tmp_path, cells, words
):
    actors = cells if "Actor" in cells else ""
    title = "" if not cells else "A title"
    path = tmp_path / "bad.csv"
    path.write_text(
        "title,when,actors\nFine,1914,\n" + f'"{title}",1915,"{actors}"\n', encoding="utf-8"
    )
    lib = new_library("target")
    with pytest.raises(DataImportError) as caught:
        import_csv(lib, path)
    assert words in str(caught.value)
    assert "bad.csv, row 3 (line" in str(caught.value)
    with lib.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(TABLES["event"])).scalar() == 0


def test_the_kept_acled_codes_are_the_compact_json_the_standard_library_writes():
    row = acled._Row(zip(acled.KEPT, ["" for _ in acled.KEPT], strict=True))
    row.update(event_date="2024-03-15", notes="x", region='Say "hi" \\ bye\n\tok', iso="東京 \x01")
    row["tags"] = "crowd size=no report; \u2028 line"
    cells = [row[name] for name in acled.KEPT]
    assert acled._kept_json(row) == json.dumps(
        [acled.KEPT_LAYOUT, *cells], ensure_ascii=False, separators=(",", ":")
    )
    expected = {name: row[name] for name in acled.KEPT if row[name] != ""}
    assert acled.kept_codes(acled._kept_json(row)) == expected


def test_trailing_empty_codes_are_left_out_and_read_back_as_absent():
    row = acled._Row(zip(acled.KEPT, ["" for _ in acled.KEPT], strict=True))
    row["year"] = "2024"
    assert acled._kept_json(row) == f'[{acled.KEPT_LAYOUT},"","2024"]'
    assert acled.kept_codes(acled._kept_json(row)) == {"year": "2024"}
    empty = acled._Row(zip(acled.KEPT, ["" for _ in acled.KEPT], strict=True))
    assert acled.kept_codes(acled._kept_json(empty)) == {}


def test_codes_kept_by_an_older_library_as_a_json_object_are_still_read():
    assert acled.kept_codes('{"year":"2018","fatalities":"3"}') == {
        "year": "2018",
        "fatalities": "3",
    }


def test_codes_in_a_layout_from_a_newer_chronicle_are_refused_by_name():
    with pytest.raises(ExportError, match="layout 99"):
        acled.kept_codes('[99,"x"]')


def test_a_link_row_refused_when_written_names_its_record_and_nothing_stays(
    new_library, tmp_path, counted
):
    """A new ACLED id given twice is refused by the unique index of external ids, at the
    insert of the batch of link rows; the message names the second row's line."""
    path = tmp_path / "acled.csv"
    write_acled(path, 40)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[31] = lines[31].replace(lines[31].split(",")[0], lines[5].split(",")[0], 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    lib = new_library("target")
    with pytest.raises(DataImportError) as caught:
        import_acled(lib, path)
    assert counted["quick"] == 40  # every record was queued the quick way
    assert "acled.csv, line 32" in str(caught.value)
    assert "Nothing was imported" in str(caught.value)
    with lib.read() as conn:
        for name in ("event", "external_ref", "tagging", "participation"):
            table = TABLES[name]
            assert conn.execute(sa.select(sa.func.count()).select_from(table)).scalar() == 0


@pytest.mark.parametrize("path", ["quick", "general"])
def test_a_tag_written_two_ways_on_one_event_is_one_tagging(
    new_library, tmp_path, path, monkeypatch
):
    source = tmp_path / "events.json"
    event = {"title": "Talks", "when": "2024-07-28", "tags": ["peace", " peace ", "peace"]}
    source.write_text(json.dumps({"format": "chronicle", "version": 1, "events": [event]}))
    if path == "general":
        monkeypatch.setattr(loader_events.EventPath, "load", lambda self, rec: False)
    lib = new_library(path)
    import_json(lib, source)
    with lib.read() as conn:
        taggings = conn.execute(sa.select(TABLES["tagging"].c.tag_id)).all()
        tags = conn.execute(sa.select(TABLES["tag"].c.name)).scalars().all()
    assert tags == ["peace"]
    assert len(taggings) == 1
