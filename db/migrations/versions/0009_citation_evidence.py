"""Evidence on citations and sources: report and asserted dates, source status, derivation.

A citation gains when its source said it (`reported_*`, NULL: the source's publication date)
and the date its source gives for the event (`asserted_*`); a source gains its standing
(`status`: "", "discredited", "retracted"); `source_derivation` records which sources a source
draws on. Every new column is NULL or empty on existing rows, so every row is kept as it was.

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

from db.migrations import postgresql as pg

revision = "0009"
down_revision = "0007"
branch_labels = None
depends_on = None

_KEY = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_DATES = ("reported", "asserted")


def upgrade() -> None:
    with op.batch_alter_table("citation") as batch:
        for name in _DATES:
            batch.add_column(sa.Column(f"{name}_edtf", sa.String(), nullable=True))
            batch.add_column(sa.Column(f"{name}_start_key", _KEY, nullable=True))
            batch.add_column(sa.Column(f"{name}_end_key", _KEY, nullable=True))
    op.add_column("source", sa.Column("status", sa.String(), nullable=False, server_default=""))
    op.create_table(
        "source_derivation",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "source_id",
            sa.Integer(),
            sa.ForeignKey("source.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "derived_from_id",
            sa.Integer(),
            sa.ForeignKey("source.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.UniqueConstraint("source_id", "derived_from_id", name="uq_source_derivation"),
        sa.CheckConstraint("source_id <> derived_from_id", name="ck_source_derivation_other"),
    )
    op.create_index("ix_source_derivation_source_id", "source_derivation", ["source_id"])
    op.create_index(
        "ix_source_derivation_derived_from_id", "source_derivation", ["derived_from_id"]
    )
    if pg.is_postgresql():
        pg.sync_id_sequence("source_derivation")


def downgrade() -> None:
    op.drop_table("source_derivation")
    with op.batch_alter_table("source") as batch:
        batch.drop_column("status")
    with op.batch_alter_table("citation") as batch:
        for name in _DATES:
            for suffix in ("edtf", "start_key", "end_key"):
                batch.drop_column(f"{name}_{suffix}")
