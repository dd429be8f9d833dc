"""Revision 0002 adds node positions: a file written at 0001 opens, upgrades and loses nothing."""

from __future__ import annotations

import sqlite3

import pytest
from alembic.script import ScriptDirectory
from library_builders import build_library_at

from db import store
from db.engine import alembic_config, head_revision, open_library
from db.errors import ValidationError

_TABLES_0001 = (
    "actor",
    "event",
    "source",
    "participation",
    "citation",
    "relation",
    "tag",
    "tagging",
    "setting",
)
_STAMP = "2024-01-01T00:00:00Z"


def _library_at_0001(path) -> None:
    """A file exactly as revision 0001 left it, holding a row in every table."""
    build_library_at(path, "0001")
    raw = sqlite3.connect(path)
    raw.executescript(
        f"""
        INSERT INTO actor (id, name, kind, aliases, description, color, created_at, modified_at)
            VALUES (2, 'Japan', 'state', '["JP"]', 'US ally', '#bc002d', '{_STAMP}', '{_STAMP}'),
                   (15, 'Poland', 'state', '[]', '', NULL, '{_STAMP}', '{_STAMP}');
        INSERT INTO source (id, title, authors, publisher, kind, notes, created_at, modified_at)
            VALUES (1, 'Article', '["A. Writer"]', 'NPR', 'article', '', '{_STAMP}', '{_STAMP}');
        INSERT INTO event (id, title, summary, when_edtf, start_key, end_key, precision,
                           approximate, uncertain, kind, category, importance,
                           created_at, modified_at)
            VALUES (56, 'Ministers meet at the UN', '', '2025-09-23', 1758585600, 1758672000,
                    'day', 0, 0, 'point', 'summit', 4, '{_STAMP}', '{_STAMP}');
        INSERT INTO participation (event_id, actor_id, role) VALUES (56, 2, 'participant'),
                                                                   (56, 15, 'participant');
        INSERT INTO relation (id, from_actor_id, to_actor_id, type, valid_edtf, valid_start_key,
                              valid_end_key, notes)
            VALUES (1, 2, 15, 'partner of', '2025', 1735689600, 1767225600, 'since 2025');
        INSERT INTO citation (event_id, source_id, locator, quote, credibility)
            VALUES (56, 1, 'para 3', 'eight ministers', 2);
        INSERT INTO citation (relation_id, source_id, locator, quote) VALUES (1, 1, 'para 4', '');
        INSERT INTO tag (id, name, color) VALUES (1, 'europe', '#f28e2b');
        INSERT INTO tagging (tag_id, event_id) VALUES (1, 56);
        INSERT INTO tagging (tag_id, actor_id) VALUES (1, 15);
        INSERT INTO setting (key, value) VALUES ('graph.layout', 'spring');
        """
    )
    raw.commit()
    raw.close()


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def _all_rows(path, columns: dict[str, list[str]] | None = None) -> dict[str, list[tuple]]:
    """Every row of the 0001 tables, in the columns 0001 had (later revisions may add some)."""
    conn = sqlite3.connect(path)
    try:
        rows = {}
        for table in _TABLES_0001:
            names = ", ".join((columns or {}).get(table) or _columns(conn, table))
            rows[table] = conn.execute(f"SELECT {names} FROM {table} ORDER BY 1").fetchall()
        return rows
    finally:
        conn.close()


def _columns_0001(path) -> dict[str, list[str]]:
    conn = sqlite3.connect(path)
    try:
        return {table: _columns(conn, table) for table in _TABLES_0001}
    finally:
        conn.close()


@pytest.fixture
def upgraded(tmp_path):
    """(rows before the upgrade, the library opened through open_library)."""
    path = tmp_path / "old.chronicle"
    _library_at_0001(path)
    columns = _columns_0001(path)
    before = _all_rows(path)
    lib = open_library(path)
    yield before, lib, columns
    lib.close()


def test_every_row_survives_the_upgrade_through_0002(upgraded):
    before, lib, columns = upgraded
    assert all(before[table] for table in _TABLES_0001)  # the fixture really filled them
    assert _all_rows(lib.path, columns) == before
    with lib.read() as conn:
        revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
    assert revision == head_revision()
    chain = ScriptDirectory.from_config(alembic_config()).iterate_revisions(revision, "base")
    assert "0002" in {script.revision for script in chain}


def test_the_upgrade_keeps_a_backup_at_0001(upgraded):
    before, lib, _cols = upgraded
    assert lib.backup_made is not None
    assert _all_rows(lib.backup_made) == before
    backup = sqlite3.connect(lib.backup_made)
    try:
        tables = {r[0] for r in backup.execute("SELECT name FROM sqlite_master")}
        assert backup.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    finally:
        backup.close()
    assert "node_position" not in tables


def test_the_new_table_holds_positions_per_layout(upgraded):
    _before, lib, _cols = upgraded
    with lib.read() as conn:
        names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master")}
    assert {"node_position", "uq_node_position_actor", "uq_node_position_event"} <= names
    store.save_positions(lib, "spring", {("actor", 2): (1.5, -2.0), ("event", 56): (3, 4)})
    store.save_positions(lib, "circular", {("actor", 2): (9, 9)})
    store.save_positions(lib, "spring", {("actor", 2): (7, 8)})  # moving replaces, not adds
    assert store.load_positions(lib, "spring") == {("actor", 2): (7, 8), ("event", 56): (3, 4)}
    assert store.load_positions(lib, "circular") == {("actor", 2): (9, 9)}


def test_deleting_an_entity_removes_its_positions(upgraded):
    _before, lib, _cols = upgraded
    store.save_positions(lib, "spring", {("actor", 2): (0, 0), ("actor", 15): (1, 1)})
    store.delete(lib, "actor", 2)
    assert store.load_positions(lib, "spring") == {("actor", 15): (1, 1)}


def test_positions_of_missing_nodes_are_skipped_and_bad_ones_refused(upgraded):
    _before, lib, _cols = upgraded
    assert store.save_positions(lib, "spring", {("actor", 2): (0, 0), ("actor", 999): (1, 1)}) == 1
    with pytest.raises(ValidationError, match="not a finite point"):
        store.save_positions(lib, "spring", {("actor", 15): (float("nan"), 0)})
    with pytest.raises(ValidationError, match="not 'tag'"):
        store.save_positions(lib, "spring", {("tag", 1): (0, 0)})
    with pytest.raises(ValidationError, match="Layout name cannot be empty"):
        store.save_positions(lib, "  ", {("actor", 15): (0, 0)})
    assert store.load_positions(lib, "spring") == {("actor", 2): (0, 0)}
