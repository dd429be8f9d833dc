"""Revision 0006 adds external ids and event places: a file at 0004 opens with every row."""

from __future__ import annotations

import sqlite3

import sqlalchemy as sa
from library_builders import build_library_at

from db import queries
from db.engine import head_revision, open_library
from db.store.snapshots import TABLES

_STAMP = "2024-01-01T00:00:00Z"


def test_a_0004_library_gains_the_new_tables_and_keeps_its_events(tmp_path):
    path = tmp_path / "old.chronicle"
    build_library_at(path, "0004")
    raw = sqlite3.connect(path)
    raw.execute(
        "INSERT INTO event (id, title, summary, when_edtf, start_key, end_key, precision, "
        "approximate, uncertain, kind, category, importance, created_at, modified_at) "
        "VALUES (5, 'Pact', '', '2024', 1704067200, 1735689600, 'year', 0, 0, 'point', '', 3, "
        "?, ?)",
        (_STAMP, _STAMP),
    )
    raw.commit()
    raw.close()
    lib = open_library(path)
    try:
        with lib.read() as conn:
            revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            assert revision == head_revision()
            assert conn.execute(sa.select(sa.func.count()).select_from(TABLES["external_ref"])
                                ).scalar() == 0  # fmt: skip
        assert queries.count_events(lib) == 1
        with lib.write() as conn:
            conn.execute(sa.insert(TABLES["external_ref"]).values(
                dataset="acled", key="TST1", event_id=5, data=""))  # fmt: skip
            conn.execute(sa.insert(TABLES["event_place"]).values(
                event_id=5, name="Northtown", country="Testland", latitude=1.0))  # fmt: skip
        with lib.write() as conn:  # deleting the event takes its id and place with it
            conn.execute(sa.delete(TABLES["event"]).where(TABLES["event"].c.id == 5))
        with lib.read() as conn:
            for table in ("external_ref", "event_place"):
                count = sa.select(sa.func.count()).select_from(TABLES[table])
                assert conn.execute(count).scalar() == 0
    finally:
        lib.close()
