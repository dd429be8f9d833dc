"""Stable identities: a UUID on every event, actor, source and relation; the change history
(db/migrations/history.py); on PostgreSQL, a NOTIFY after each change so every open window
refreshes (db/team_watch.py).

A local copy, the team database and a re-import of our own export agree on which record is
which through it (ids differ between libraries). Existing rows get a random (version 4) UUID
here, in SQL, so a million-event file migrates in seconds. The column stays nullable on
SQLite: adding a NOT NULL column would rebuild the tables and drop the search and R*Tree
triggers; every writer (store, import, restore) sets it.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

from db.migrations import history
from db.migrations import postgresql as pg

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TABLES = ("event", "actor", "source", "relation")
# A version-4 UUID from SQLite's randomblob(): 8-4-4-4-12 hex digits, version nibble 4,
# variant nibble 8-b.
_SQLITE_UUID4 = (
    "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || "
    "substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || "
    "substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))"
)


def upgrade() -> None:
    postgresql = pg.is_postgresql()
    for table in TABLES:
        if postgresql:
            op.add_column(
                table,
                sa.Column(
                    "uuid",
                    sa.String(36),
                    nullable=False,
                    server_default=sa.text("gen_random_uuid()::text"),
                ),
            )
        else:
            op.add_column(table, sa.Column("uuid", sa.String(36), nullable=True))
            rows = sa.table(table, sa.column("uuid"))
            op.execute(sa.update(rows).values(uuid=sa.text(_SQLITE_UUID4)))
        op.create_index(f"uq_{table}_uuid", table, ["uuid"], unique=True)
    op.create_table(
        "change_log",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("changed_at", sa.String(), nullable=False),
        sa.Column("who", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("record_uuid", sa.String(36), nullable=True),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("old_values", sa.Text(), nullable=True),
        sa.Column("new_values", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_change_log_record", "change_log", ["kind", "record_id"])
    op.create_index("ix_change_log_who", "change_log", ["who", "id"])
    if postgresql:
        pg.notify_changes()
        history.create_postgresql_triggers()
        pg.sync_id_sequence("change_log")  # publish copies the file's history with its ids
    else:
        history.create_sqlite_triggers()


def downgrade() -> None:
    history.drop_triggers(pg.is_postgresql())
    op.drop_table("change_log")
    for table in TABLES:
        op.drop_index(f"uq_{table}_uuid", table_name=table)
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("uuid")
