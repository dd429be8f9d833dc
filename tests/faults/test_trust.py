"""Libraries that carry someone else's code, damaged libraries exported, check during an import.

Each case is run through the command line: exit 1 with one line on stderr (or a report on
stdout for `check`), never a traceback, and the library's rows unchanged unless repaired.
"""

from __future__ import annotations

import random
import sqlite3

import pytest
from faultkit import REPO, counts

from desktop.cli import main as chronicle

BIB = REPO / "tests/fixtures/sources.bib"


def _sql(path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


@pytest.fixture
def library(demo_lib):
    demo_lib.close()
    _sql(demo_lib.path)
    return demo_lib.path


def _one_line_error(capsys, argv) -> str:
    code = chronicle([str(a) for a in argv])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and err.startswith("chronicle: "), err
    return err


HOSTILE = {
    "trigger deleting actors": "CREATE TRIGGER wipe AFTER INSERT ON source "
    "BEGIN DELETE FROM participation; DELETE FROM actor; END",
    "view calling a function": "CREATE VIEW probe AS SELECT load_extension('/tmp/x.so') AS x",
    "one of ours altered": None,  # built below: event_search_ai with an extra statement
}


def _plant(path, case: str) -> None:
    if case != "one of ours altered":
        _sql(path, HOSTILE[case])
        return
    conn = sqlite3.connect(path)
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'source_search_ai'").fetchone()
    conn.close()
    altered = sql[0].replace("END", "DELETE FROM actor; END")
    _sql(path, "DROP TRIGGER source_search_ai", altered)


@pytest.mark.parametrize("case", HOSTILE)
def test_foreign_code_is_refused_reported_and_stripped(library, capsys, case):
    _plant(library, case)
    before = counts(library)
    err = _one_line_error(capsys, ["import", library, BIB])
    assert "not Chronicle's" in err and "check --repair" in err
    assert counts(library) == before  # the trigger never ran

    assert chronicle(["check", str(library)]) == 1
    report = capsys.readouterr().out
    assert "problem (repairable)" in report and "code that would run on your edits" in report

    assert chronicle(["check", "--repair", str(library)]) == 0, capsys.readouterr()
    capsys.readouterr()
    assert chronicle(["import", str(library), str(BIB)]) == 0
    after = counts(library)
    assert after["actor"] == before["actor"] and after["source"] > before["source"]
    assert chronicle(["check", str(library)]) == 0


def test_an_unknown_table_is_noted_and_left_alone(library, capsys):
    _sql(library, "CREATE TABLE my_notes (text TEXT)", "INSERT INTO my_notes VALUES ('mine')")
    assert chronicle(["check", str(library)]) == 0
    assert "note: the table 'my_notes' is not Chronicle's (left alone)" in capsys.readouterr().out


def test_readers_do_not_trust_the_schema(library):
    from db.engine import open_library

    lib = open_library(library, read_only=True)
    try:
        with lib.read() as conn:
            assert conn.exec_driver_sql("PRAGMA trusted_schema").scalar() == 0
    finally:
        lib.close()


# ---------------------------------------------------------------- damaged libraries exported


def _page_size(path) -> int:
    size = int.from_bytes(path.read_bytes()[16:18], "big")  # the SQLite header's page size
    return 65_536 if size == 1 else size


def _garble(path, page: int, seed: int) -> None:
    with path.open("r+b") as fh:
        fh.seek(page * _page_size(path) + 64)
        fh.write(random.Random(seed).randbytes(3000))


@pytest.mark.parametrize("page", [14, 25, 60])  # 17 of 73 pages crashed exports before
@pytest.mark.parametrize("fmt", ["json", "csv", "timelinejs"])
def test_a_damaged_library_exports_or_says_why(library, tmp_path, capsys, page, fmt):
    size_pages = library.stat().st_size // _page_size(library)
    _garble(library, page % max(size_pages, 1), page)
    out = tmp_path / f"rescue.{'csv' if fmt == 'csv' else 'json'}"
    code = chronicle(["export", str(library), "--out", str(out), "--format", fmt])
    err = capsys.readouterr().err
    assert code in (0, 1)
    if code == 1:
        assert err.count("\n") == 1 and err.startswith("chronicle: "), err
    else:
        assert out.stat().st_size > 0


def test_a_byte_flip_in_the_schema_text_gives_a_message_everywhere(library, capsys):
    conn = sqlite3.connect(library)
    conn.execute("PRAGMA writable_schema=ON")
    conn.execute(
        "UPDATE sqlite_master SET sql = replace(sql, 'BEGIN', 'BEGXN') WHERE type='trigger'"
    )
    conn.commit()
    conn.close()
    for argv in (
        ["check", library],
        ["check", "--repair", library],
        ["import", library, BIB],
        ["export", library, "--out", library.with_suffix(".json")],
    ):
        assert "damaged" in _one_line_error(capsys, argv)


def test_invalid_utf8_in_a_column_is_found_by_check_and_repaired(library, tmp_path, capsys):
    _sql(library, "UPDATE event SET title = CAST(X'4272C3FF6B656E' AS TEXT) WHERE id = 1")
    out = tmp_path / "t.json"
    err = _one_line_error(capsys, ["export", library, "--out", out, "--format", "timelinejs"])
    assert "not valid UTF-8" in err and "check --repair" in err
    assert chronicle(["check", str(library)]) == 1
    assert "1 event rows hold text that is not valid UTF-8 in 'title'" in capsys.readouterr().out
    assert chronicle(["check", "--repair", str(library)]) == 0
    capsys.readouterr()
    assert chronicle(["export", str(library), "--out", str(out), "--format", "timelinejs"]) == 0
    assert "Br\ufffd\ufffdken" in out.read_text(encoding="utf-8")


# ---------------------------------------------------------------- check during an import


def test_check_during_an_import_says_busy_not_damaged(library, child, capsys):
    writer = child(
        """
        import sys
        from db.engine import open_library
        lib = open_library(sys.argv[1])
        with lib.write() as conn:
            conn.exec_driver_sql("INSERT INTO tag(name, color) VALUES ('held', NULL)")
            print("HOLDING", flush=True)
            sys.stdin.readline()
        lib.close()
        """,
        library,
    )
    writer.wait_for("HOLDING")
    err = _one_line_error(capsys, ["check", "--repair", library])
    assert "busy" in err and "damaged" not in err
    writer.proc.stdin.write("\n")
    writer.finish()
    assert chronicle(["check", str(library)]) == 0


def test_a_control_character_in_a_name_still_makes_well_formed_svg(library, tmp_path, qapp):
    from xml.etree import ElementTree

    _sql(library, "UPDATE actor SET name = 'Bad' || char(1) || 'Name' WHERE id = 1")
    for view in ("graph", "timeline"):
        out = tmp_path / f"{view}.svg"
        assert chronicle(["export", str(library), "--out", str(out), "--view", view]) == 0
        ElementTree.parse(out)  # raises on a character XML forbids
