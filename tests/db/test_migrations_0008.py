"""Revision 0008 drops the unused `setting` table: a library at 0007 opens with every other row,
on both engines, and the downgrade gives the table back."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command
from library_builders import ROWS_AT_FIRST_REVISION, build_library_at

from db.engine import open_library
from db.revisions import alembic_config, head_revision

# Rows in the tables 0001 did not have, and in the one 0008 drops.
_LATER_ROWS = """
    INSERT INTO node_position (layout, actor_id, x, y) VALUES ('spring', 1, 1.5, -2.0);
    INSERT INTO external_ref (dataset, key, event_id, data) VALUES ('acled', 'TST1', 1, '');
    INSERT INTO event_place (event_id, name, country, latitude)
        VALUES (1, 'Northtown', 'Testland', 1.0);
    INSERT INTO setting (key, value) VALUES ('graph.layout', 'spring');
"""


def _library_at_0007(engine_kind: str, request, tmp_path) -> str:
    """The location (file path or URL) of a library exactly as 0007 left it, with data."""
    if engine_kind == "postgresql":
        location = request.getfixturevalue("pg_url")
        engine = sa.create_engine(location.replace("postgresql://", "postgresql+psycopg://", 1))
        with engine.begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0007")
        rows = ROWS_AT_FIRST_REVISION.replace("0, 0,", "false, false,")
    else:
        location = str(build_library_at(tmp_path / "old.chronicle", "0007"))
        engine = sa.create_engine(f"sqlite:///{location}")
        rows = ROWS_AT_FIRST_REVISION
    with engine.begin() as conn:
        for statement in (rows + _LATER_ROWS).split(";"):
            if statement.strip():
                conn.exec_driver_sql(statement)
    engine.dispose()
    return location


def _every_row(conn: sa.Connection) -> dict[str, list[tuple]]:
    """Every row of every table but Alembic's own, each table sorted."""
    rows = {}
    for table in sa.inspect(conn).get_table_names():
        if table != "alembic_version":
            found = conn.execute(sa.text(f'SELECT * FROM "{table}"')).all()
            rows[table] = sorted(tuple(row) for row in found)
    return rows


def _revision(conn: sa.Connection) -> str:
    return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def test_0007_to_0008_drops_setting_and_keeps_every_other_row(engine_kind, request, tmp_path):
    location = _library_at_0007(engine_kind, request, tmp_path)
    lib = open_library(location)  # the upgrade (after a backup copy, for a file)
    try:
        with lib.read() as conn:
            after = _every_row(conn)
            assert _revision(conn) == head_revision() == "0008"
        with lib.engine.begin() as conn:  # back to 0007 and the table returns, empty
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0007")
            downgraded = _every_row(conn)
            command.upgrade(cfg, "0008")
    finally:
        lib.close()
    assert "setting" not in after
    for table in ("actor", "event", "node_position", "external_ref", "event_place", "tagging"):
        assert after[table], table  # the rows made at 0007 are there
    assert downgraded.pop("setting") == []
    assert downgraded == after


def test_the_upgrade_changes_no_other_row(engine_kind, request, tmp_path):
    location = _library_at_0007(engine_kind, request, tmp_path)
    url = location if engine_kind == "postgresql" else f"sqlite:///{location}"
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as conn:
        before = _every_row(conn)
    engine.dispose()
    assert before.pop("setting") == [("graph.layout", "spring")]
    open_library(location).close()
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as conn:
        assert _every_row(conn) == before
    engine.dispose()
