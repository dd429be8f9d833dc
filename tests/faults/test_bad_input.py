"""Bad values through every door (store, JSON import, CSV import, CLI): a clear message naming
what and where, and the library exactly as it was."""

from __future__ import annotations

import json

import pytest
from faultkit import counts

from db import store
from db.errors import ChronicleError, DataImportError, DateError, ValidationError
from db.exchange.imports import import_csv, import_json
from desktop.cli import main as chronicle

TEN_MB = "T" * 10_000_000
BAD_EVENT_FIELDS = {
    "impossible day": ({"when": "2023-02-30"}, DateError, "2023-02-30"),
    "31 June": ({"when": "31 June 2020"}, DateError, "June"),
    "month 13": ({"when": "2024-13-01"}, DateError, "month 13 does not exist"),
    "empty date": ({"when": "  "}, ValidationError, "Date cannot be empty"),
    "10 MB title": ({"title": TEN_MB}, ValidationError, "limit is 1,000"),
    "NUL in title": ({"title": "a\x00b"}, ValidationError, "NUL"),
    "broken UTF-8 in title": ({"title": "caf\udce9"}, ValidationError, "Title contains a broken"),
    "title not text": ({"title": 42}, ValidationError, "Title must be text"),
    "importance 9": ({"importance": 9}, ValidationError, "Importance must be from 1 to 5"),
    "importance huge": ({"importance": 10**400}, ValidationError, "Importance"),
    "importance words": ({"importance": "high"}, ValidationError, "Importance"),
    "colour name": ({"color": "red"}, ValidationError, "#1f77b4"),
    "unknown kind": ({"kind": "meeting"}, ValidationError, "Kind must be one of"),
    "unknown field": ({"mood": "sad"}, ValidationError, "no field called 'mood'"),
}


@pytest.mark.parametrize("case", BAD_EVENT_FIELDS, ids=list(BAD_EVENT_FIELDS))
def test_store_refuses_bad_event_values_and_changes_nothing(demo_lib, case):
    fields, error, message = BAD_EVENT_FIELDS[case]
    before = counts(demo_lib.path)
    with pytest.raises(error, match=message):
        store.create(demo_lib, "event", **({"title": "Meeting", "when": "2024"} | fields))
    with pytest.raises(error, match=message):
        store.update(demo_lib, "event", 1, **fields)
    assert counts(demo_lib.path) == before
    assert store.get(demo_lib, "event", 1)["title"] != "Meeting"


def test_store_refuses_bad_actor_source_and_tag_values(demo_lib):
    before = counts(demo_lib.path)
    bad = [
        ("actor", {"name": "x" * 501}, "limit is 500"),
        ("actor", {"name": "Poland", "aliases": ["ok", 3]}, "Aliases must be text"),
        ("actor", {"name": "Poland", "aliases": {"a": 1}}, "list of texts"),
        ("source", {"title": "S", "reliability": "Z"}, "Reliability must be one of"),
        ("source", {"title": "S", "published": "2024-02-31"}, "2024-02-31"),
        ("source", {"title": "S", "full_text": "\x00"}, "NUL"),
        ("tag", {"name": ""}, "Tag name cannot be empty"),
    ]
    for kind, fields, message in bad:
        with pytest.raises(ChronicleError, match=message):
            store.create(demo_lib, kind, **fields)
    assert counts(demo_lib.path) == before


def test_self_relations_and_part_of_cycles_are_refused(lib):
    a = store.create(lib, "actor", name="NATO")
    b = store.create(lib, "actor", name="Poland")
    c = store.create(lib, "actor", name="Warsaw")
    with pytest.raises(ValidationError, match="itself"):
        store.add_relation(lib, ("actor", a), ("actor", a), type="ally of")
    store.add_relation(lib, ("actor", c), ("actor", b), type="part of")
    store.add_relation(lib, ("actor", b), ("actor", a), type="part of")
    before = counts(lib.path)
    with pytest.raises(ValidationError, match="loop"):
        store.add_relation(lib, ("actor", a), ("actor", c), type="part of")
    assert counts(lib.path) == before


def _write_json(path, **sections) -> None:
    path.write_text(json.dumps({"format": "chronicle", "version": 1, **sections}))


JSON_CASES = {
    "impossible date": (
        {"events": [{"title": "ok", "when": "2024"}, {"title": "E", "when": "2023-02-30"}]},
        r"events\[1\].*2023-02-30",
    ),
    "10 MB title": ({"events": [{"title": TEN_MB, "when": "2024"}]}, r"events\[0\].*limit"),
    "NUL byte": ({"actors": [{"name": "A\x00"}]}, r"actors\[0\].*NUL"),
    "lone surrogate": ({"actors": [{"name": "caf\udce9"}]}, r"actors\[0\].*Name"),
    "self relation": (
        {
            "actors": [{"id": 1, "name": "A"}],
            "relations": [{"from": {"kind": "actor", "id": 1}, "to": {"kind": "actor", "id": 1}}],
        },
        r"relations\[0\].*itself",
    ),
    "part-of cycle": (
        {
            "actors": [{"id": 1, "name": "A"}, {"id": 2, "name": "B"}],
            "relations": [
                {
                    "from": {"kind": "actor", "id": 1},
                    "to": {"kind": "actor", "id": 2},
                    "type": "part of",
                },
                {
                    "from": {"kind": "actor", "id": 2},
                    "to": {"kind": "actor", "id": 1},
                    "type": "part of",
                },
            ],
        },
        r"relations\[1\].*loop",
    ),
    "unknown actor": (
        {"events": [{"title": "E", "when": "2024", "actors": [{"actor": 7}]}]},
        r"events\[0\].*actor 7",
    ),
    "events not a list": ({"events": {"title": "E"}}, "events must be a list"),
}


@pytest.mark.parametrize("case", JSON_CASES, ids=list(JSON_CASES))
def test_json_import_refuses_bad_records_naming_where_and_imports_nothing(demo_lib, tmp_path, case):
    sections, where = JSON_CASES[case]
    path = tmp_path / "bad.json"
    _write_json(path, **sections)
    before = counts(demo_lib.path)
    with pytest.raises(DataImportError, match=rf"bad\.json(, |: ){where}.*Nothing was imported"):
        import_json(demo_lib, path)
    assert counts(demo_lib.path) == before


def test_ids_beyond_what_sqlite_stores_are_mapped_not_crashed_on(lib, tmp_path):
    path = tmp_path / "ids.json"
    _write_json(
        path,
        actors=[{"id": 2**70, "name": "A"}, {"id": -(2**70), "name": "B"}],
        events=[{"title": "E", "when": "2024", "actors": [{"actor": 2**70}]}],
    )
    import_json(lib, path)
    assert counts(lib.path)["participation"] == 1


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b'{"format": "chronicle", "version": 1, "events": [\xff]}', "not valid UTF-8"),
        (b'{"format": "chronicle", "version": 1,\n "events": [}', "line 2, column"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"format": "chronicle", "version": 99}', "version 99"),
        (b"[1, 2]", "not a Chronicle JSON file"),
        (b"", "bad.json is empty"),
    ],
    ids=["invalid UTF-8", "syntax", "deep nesting", "newer format", "not ours", "empty"],
)
def test_json_files_that_cannot_be_read_are_refused(demo_lib, tmp_path, raw, message):
    path = tmp_path / "bad.json"
    path.write_bytes(raw)
    before = counts(demo_lib.path)
    with pytest.raises(DataImportError, match=message):
        import_json(demo_lib, path)
    assert counts(demo_lib.path) == before


HEADER = "id,title,when,kind,importance,summary,actors,tags\r\n"
CSV_CASES = {
    "impossible date": (
        HEADER + "1,ok,2024,,,,,\r\n2,Bad,2023-02-30,,,,,\r\n",
        r"row 3 \(line 3\)",
    ),
    "NUL byte": (HEADER + "1,A\x00B,2024,,,,,\r\n", r"row 2 \(line 2\)"),
    "10 MB title": (HEADER + f"1,{TEN_MB},2024,,,,,\r\n", r"row 2 \(line 2\).*limit"),
    "importance not a number": (HEADER + "1,A,2024,,lots,,,\r\n", r"row 2 \(line 2\).*Importance"),
    "missing cells": (HEADER + "1,A,2024\r\n", r"row 2 \(line 2\): 3 cells"),
    "foreign header": ("Date,Headline\r\n2024,A\r\n", "line 1: the header is not Chronicle's"),
    "unclosed quote": (HEADER + '1,"A,2024,,,,,\r\n', r"row 2 \(line 2\)"),
}


@pytest.mark.parametrize("case", CSV_CASES, ids=list(CSV_CASES))
def test_csv_import_refuses_bad_rows_naming_the_line_and_imports_nothing(demo_lib, tmp_path, case):
    text, where = CSV_CASES[case]
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8", newline="")
    before = counts(demo_lib.path)
    with pytest.raises(DataImportError, match=f"bad.csv, {where}"):
        import_csv(demo_lib, path)
    assert counts(demo_lib.path) == before


def test_csv_with_invalid_utf8_names_the_line(demo_lib, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(HEADER.encode() + b"1,ok,2024,,,,,\r\n2,caf\xe9,2024,,,,,\r\n")
    with pytest.raises(DataImportError, match=r"bad\.csv, line 3: not valid UTF-8"):
        import_csv(demo_lib, path)


def test_a_damaged_zip_of_csvs_is_refused(demo_lib, tmp_path):
    from db.exchange.csv_ import export_csv

    good = export_csv(demo_lib, tmp_path / "library.zip")
    raw = bytearray(good.read_bytes())
    raw[60:400] = bytes(340)  # inside the first member's compressed data
    bad = tmp_path / "bad.zip"
    bad.write_bytes(bytes(raw))
    before = counts(demo_lib.path)
    with pytest.raises(DataImportError, match=r"bad\.zip"):
        import_csv(demo_lib, bad)
    assert counts(demo_lib.path) == before


def test_cli_bad_arguments_give_one_line_and_change_nothing(demo_lib, tmp_path, capsys):
    demo_lib.close()
    path = demo_lib.path
    before = path.read_bytes()
    notes = tmp_path / "notes.docx"
    notes.write_text("a plain note")
    bad_json = tmp_path / "bad.json"
    _write_json(bad_json, events=[{"title": "E", "when": "2023-02-30"}])
    runs = [
        (["import", path, tmp_path / "missing.json"], "Cannot read"),
        (["import", path, bad_json], "2023-02-30"),
        (["import", path, notes], "Cannot tell the format"),
        # A missing library is created for an import, and removed again when it is refused.
        (["import", tmp_path / "nope.chronicle", bad_json], "2023-02-30"),
        (["export", path, "--out", tmp_path / "no" / "dir.json"], "does not exist"),
        (["export", path, "--out", tmp_path / "out.xyz"], "Cannot tell the format"),
        (["demo", path], "already exists"),
        (["check", tmp_path / "caf\udce9.chronicle"], "There is no file"),
    ]
    for args, message in runs:
        assert chronicle([str(a) for a in args]) == 1
        err = capsys.readouterr().err
        assert err.startswith("chronicle: ") and message in err and "Traceback" not in err
        assert err.count("\n") == 1
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("nope.chronicle*"))


def test_cli_refuses_unknown_options_in_one_line(capsys):
    with pytest.raises(SystemExit) as stop:
        chronicle(["export", "x.chronicle", "--format", "docx", "--out", "y"])
    assert stop.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("chronicle: ") and "invalid choice: 'docx'" in err
    assert err.count("\n") == 1 and "chronicle export --help" in err
