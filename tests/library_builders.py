"""Library files as older schema revisions wrote them, for migration and fault tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def build_library_at(path: Path, revision: str) -> Path:
    """An empty library file exactly as schema `revision` left it (for migration tests)."""
    import sqlalchemy as sa
    from alembic import command

    from db.engine import APPLICATION_ID, alembic_config

    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    engine.dispose()
    return path


def first_revision() -> str:
    from alembic.script import ScriptDirectory

    from db.engine import alembic_config

    return list(ScriptDirectory.from_config(alembic_config()).walk_revisions())[-1].revision


_STAMP = "2024-01-01T00:00:00Z"
ROWS_AT_FIRST_REVISION = f"""
    INSERT INTO actor (id, name, kind, aliases, description, created_at, modified_at)
        VALUES (1, 'Japan', 'state', '["JP"]', '', '{_STAMP}', '{_STAMP}'),
               (2, 'Poland', 'state', '[]', '', '{_STAMP}', '{_STAMP}');
    INSERT INTO source (id, title, authors, publisher, kind, notes, created_at, modified_at)
        VALUES (1, 'Article', '["A. Writer"]', 'NPR', 'article', '', '{_STAMP}', '{_STAMP}');
    INSERT INTO event (id, title, summary, when_edtf, start_key, end_key, precision,
                       approximate, uncertain, kind, category, importance,
                       created_at, modified_at)
        VALUES (1, 'Meeting', '', '2025-09-23', 1758585600, 1758672000, 'day', 0, 0,
                'point', 'diplomacy', 3, '{_STAMP}', '{_STAMP}');
    INSERT INTO participation (event_id, actor_id, role) VALUES (1, 1, 'host'), (1, 2, '');
    INSERT INTO citation (event_id, source_id, locator, quote) VALUES (1, 1, 'para 3', 'q');
    INSERT INTO relation (from_actor_id, to_actor_id, type, notes)
        VALUES (1, 2, 'partner of', '');
    INSERT INTO tag (id, name) VALUES (1, 'europe');
    INSERT INTO tagging (tag_id, event_id) VALUES (1, 1);
"""


def without_uuids(path: Path) -> Path:
    """Our JSON export at `path` with every record's UUID taken out (as older exports were)."""
    import json

    data = json.loads(path.read_text(encoding="utf-8"))
    for section in ("actors", "sources", "events", "relations"):
        for rec in data.get(section, []):
            rec.pop("uuid", None)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def file_with_rows_at(path: Path, revision: str) -> Path:
    """A library file at schema `revision` holding ROWS_AT_FIRST_REVISION."""
    import sqlalchemy as sa

    build_library_at(path, revision)
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        for statement in ROWS_AT_FIRST_REVISION.split(";"):
            if statement.strip():
                conn.exec_driver_sql(statement)
    engine.dispose()
    return path


def database_with_rows_at(url: str, revision: str) -> str:
    """The empty team database at `url` brought to schema `revision`, holding
    ROWS_AT_FIRST_REVISION (booleans as PostgreSQL writes them)."""
    import sqlalchemy as sa
    from alembic import command

    from db.engine import alembic_config

    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        conn.exec_driver_sql(ROWS_AT_FIRST_REVISION.replace("0, 0,", "false, false,"))
    engine.dispose()
    return url
