"""Checking and repairing a library: derived indexes are rebuilt, broken links dropped, and
damage to the tables themselves is reported honestly and left alone."""

from __future__ import annotations

import sqlite3

import pytest

from db import queries, store
from db.engine import open_library
from db.maintenance import CANNOT_REPAIR, check_library
from desktop.cli import main as chronicle


def _raw(path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    try:
        for sql in statements:
            conn.execute(sql)
        conn.commit()
    finally:
        conn.close()


def test_a_healthy_library_checks_ok(demo_lib):
    report = check_library(demo_lib)
    assert report.ok and not report.repairable
    assert report.counts["event"] == 57 and "integrity: ok" in report.text()


@pytest.mark.postgresql_only
def test_team_search_index_rows_deleted_by_hand_are_found_and_rebuilt(demo_lib):
    with demo_lib.write() as conn:
        conn.exec_driver_sql("DELETE FROM search_index WHERE kind = 'actor'")
    name = store.get(demo_lib, "actor", 1)["name"].split()[0]
    assert 1 not in [a.id for a in queries.list_actors(demo_lib, text=name, limit=50)]
    report = check_library(demo_lib)
    assert not report.ok and "search index misses 40 actors" in report.problems[0]
    assert check_library(demo_lib, repair=True).ok
    assert 1 in [a.id for a in queries.list_actors(demo_lib, text=name, limit=50)]


@pytest.mark.sqlite_only
def test_time_index_rows_deleted_by_hand_are_found_and_rebuilt(demo_lib):
    everything = queries.events_in_window(demo_lib, -(10**12), 10**12, limit=1000)
    _raw(demo_lib.path, "DELETE FROM event_rtree WHERE id % 2 = 0")
    report = check_library(demo_lib)
    assert report.repairable and any("time index misses 28 events" in p for p in report.problems)
    repaired = check_library(demo_lib, repair=True)
    assert repaired.ok and repaired.repaired
    again = queries.events_in_window(demo_lib, -(10**12), 10**12, limit=1000)
    assert sorted(e.id for e in again) == sorted(e.id for e in everything)


@pytest.mark.sqlite_only
def test_search_index_gaps_and_shadow_damage_are_rebuilt(demo_lib):
    _raw(
        demo_lib.path,
        "DELETE FROM search_index WHERE kind = 'actor'",
        "DELETE FROM search_index_docsize WHERE id % 5 = 0",
    )
    report = check_library(demo_lib)
    assert any("misses 40 actors" in p for p in report.problems)
    assert any("search index is damaged" in p for p in report.problems)
    assert check_library(demo_lib, repair=True).ok
    name = store.get(demo_lib, "actor", 1)["name"]
    assert 1 in [a.id for a in queries.list_actors(demo_lib, text=name.split()[0], limit=50)]


@pytest.mark.sqlite_only
def test_an_index_missing_a_row_is_reindexed(demo_lib, tmp_path):
    path = demo_lib.path
    demo_lib.close()
    _raw(path, "PRAGMA wal_checkpoint(TRUNCATE)")
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'ix_event_span'")
    root = root.fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    old_page = path.read_bytes()[(root - 1) * size : root * size]
    lib = open_library(path)
    store.create(lib, "event", title="Added after", when="2030")
    lib.close()
    _raw(path, "PRAGMA wal_checkpoint(TRUNCATE)")
    with path.open("r+b") as fh:  # a torn write: the index page from before the insert
        fh.seek((root - 1) * size)
        fh.write(old_page)
    lib = open_library(path)
    try:
        report = check_library(lib)
        assert any("missing from index ix_event_span" in p for p in report.problems)
        assert not report.damage
        assert check_library(lib, repair=True).ok
    finally:
        lib.close()


@pytest.mark.sqlite_only
def test_links_to_vanished_records_are_dropped(demo_lib):
    _raw(demo_lib.path, "PRAGMA foreign_keys=OFF", "DELETE FROM actor WHERE id = 1")
    report = check_library(demo_lib)
    assert any("point at records that do not exist" in p for p in report.problems)
    repaired = check_library(demo_lib, repair=True)
    assert repaired.ok and queries.count_actors(demo_lib) == 39


@pytest.mark.sqlite_only
def test_damaged_tables_are_reported_as_beyond_repair_and_left_alone(demo_lib):
    path = demo_lib.path
    demo_lib.close()
    _raw(path, "PRAGMA wal_checkpoint(TRUNCATE)")
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'event'").fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with path.open("r+b") as fh:
        fh.seek((root - 1) * size + 8)
        fh.write(b"\x7f" * 64)
    before = path.read_bytes()
    lib = open_library(path, verify=False)
    try:
        report = check_library(lib, repair=True)
    finally:
        lib.close()
    assert report.damage and not report.ok
    assert CANNOT_REPAIR in report.text()
    assert path.read_bytes() == before


@pytest.mark.sqlite_only
def test_a_read_only_library_is_checked_but_not_repaired(demo_lib):
    _raw(demo_lib.path, "DELETE FROM event_rtree WHERE id = 3")
    lib = open_library(demo_lib.path, read_only=True)
    try:
        report = check_library(lib, repair=True)
    finally:
        lib.close()
    assert report.repairable and not report.repaired


@pytest.mark.sqlite_only
def test_cli_check_repair_keeps_a_copy_from_before(demo_lib, capsys):
    demo_lib.close()
    _raw(demo_lib.path, "DELETE FROM event_rtree WHERE id < 6")
    assert chronicle(["check", str(demo_lib.path)]) == 1
    assert "time index misses 5 events" in capsys.readouterr().out
    assert chronicle(["check", str(demo_lib.path), "--repair"]) == 0
    out = capsys.readouterr().out
    assert "repaired: the time index misses 5 events" in out and "integrity: ok" in out
    copies = list(demo_lib.path.parent.glob("demo.before-repair-*.chronicle"))
    assert len(copies) == 1
    assert chronicle(["check", str(copies[0]), "--quick"]) == 1  # the copy has the old state


@pytest.mark.parametrize("full", [True, False])
def test_report_says_which_check_ran(demo_lib, full):
    kind = "full integrity check" if full else "quick check"
    assert f"checked with: {kind}" in check_library(demo_lib, full=full).text()
