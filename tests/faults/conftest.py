"""Fixtures of the fault-injection suite (helpers live in faultkit.py)."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory
from faultkit import Child

from db.engine import _MIGRATIONS_DIR, APPLICATION_ID, alembic_config, head_revision


@pytest.fixture
def child():
    """Start children with child(code, *args); any still running at the end are killed."""
    started: list[Child] = []

    def start(code: str, *args: object) -> Child:
        started.append(Child(code, *args))
        return started[-1]

    yield start
    for c in started:
        if c.proc.poll() is None:
            c.proc.kill()
            c.proc.wait()
        for stream in (c.proc.stdin, c.proc.stdout, c.proc.stderr):
            stream.close()


PAUSING_REVISION = '''"""Test only: rebuild the event table, then wait to be killed."""

import time

import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("event") as batch_op:
        batch_op.add_column(sa.Column("fault_probe", sa.Integer(), nullable=True))
    op.execute("UPDATE event SET fault_probe = 1")
    print("MIGRATING", flush=True)
    time.sleep(60)


def downgrade() -> None:
    pass
'''


@pytest.fixture
def paused_migrations(tmp_path):
    """A copy of our migrations plus a last revision that stops mid-transaction to be killed."""
    folder = tmp_path / "migrations"
    shutil.copytree(_MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "versions" / "9001_fault_pause.py").write_text(
        PAUSING_REVISION.format(head=head_revision())
    )
    return folder


@pytest.fixture
def old_library(tmp_path):
    """(path, revision) of a library at the first schema revision, with rows in every table."""
    first = list(ScriptDirectory.from_config(alembic_config()).walk_revisions())[-1].revision
    path = tmp_path / "old.chronicle"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, first)
    engine.dispose()
    stamp = "2024-01-01T00:00:00Z"
    raw = sqlite3.connect(path)
    raw.executescript(
        f"""
        INSERT INTO actor (id, name, kind, aliases, description, created_at, modified_at)
            VALUES (1, 'Japan', 'state', '[]', '', '{stamp}', '{stamp}'),
                   (2, 'Poland', 'state', '[]', '', '{stamp}', '{stamp}');
        INSERT INTO source (id, title, authors, publisher, kind, notes, created_at, modified_at)
            VALUES (1, 'Article', '[]', 'NPR', 'article', '', '{stamp}', '{stamp}');
        INSERT INTO event (id, title, summary, when_edtf, start_key, end_key, precision,
                           approximate, uncertain, kind, category, importance,
                           created_at, modified_at)
            VALUES (1, 'Meeting', '', '2025-09-23', 1758585600, 1758672000, 'day', 0, 0,
                    'point', 'diplomacy', 3, '{stamp}', '{stamp}');
        INSERT INTO participation (event_id, actor_id, role) VALUES (1, 1, 'host'), (1, 2, '');
        INSERT INTO citation (event_id, source_id, locator, quote) VALUES (1, 1, 'p. 3', 'q');
        INSERT INTO relation (from_actor_id, to_actor_id, type, notes)
            VALUES (1, 2, 'partner of', '');
        INSERT INTO tag (id, name) VALUES (1, 'europe');
        INSERT INTO tagging (tag_id, event_id) VALUES (1, 1);
        """
    )
    raw.commit()
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    return path, first
