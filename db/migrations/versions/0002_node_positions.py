"""Node positions of the relationship graph, per layout, kept in the library.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

from db.migrations import postgresql as pg
from db.sql_names import checked

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_NODE_KINDS = ("actor", "event", "source")


def upgrade() -> None:
    op.create_table(
        "node_position",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("layout", sa.String(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("x", sa.Float(), nullable=False),
        sa.Column("y", sa.Float(), nullable=False),
        sa.CheckConstraint(
            pg.exactly_one("actor_id", "event_id", "source_id"), name="ck_node_position_one_node"
        ),
        sa.ForeignKeyConstraint(["actor_id"], ["actor.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["source_id"], ["source.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    for kind in _NODE_KINDS:
        where = sa.text(f"{checked(kind)}_id IS NOT NULL")
        op.create_index(f"ix_node_position_{kind}_id", "node_position", [f"{kind}_id"])
        op.create_index(
            f"uq_node_position_{kind}",
            "node_position",
            ["layout", f"{kind}_id"],
            unique=True,
            sqlite_where=where,
            postgresql_where=where,
        )
    if pg.is_postgresql():
        pg.sync_id_sequence("node_position")


def downgrade() -> None:
    for kind in _NODE_KINDS:
        op.drop_index(f"uq_node_position_{kind}", table_name="node_position")
        op.drop_index(f"ix_node_position_{kind}_id", table_name="node_position")
    op.drop_table("node_position")
