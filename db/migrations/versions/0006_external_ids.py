"""External ids of records in published datasets (for updating re-imports) and event places.

`external_ref` ties an event, actor or source to its id in a dataset (ACLED event_id_cnty,
Wikidata QID, iCalendar UID, GDELT GLOBALEVENTID) with a fingerprint of the row last imported,
the dataset's report date and its fields Chronicle has no column for. `event_place` holds a
place name, country and coordinates per event. Both are new tables: the event table and its
search triggers are left as they are.

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-04
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None


def _fk(target: str, **kwargs: Any) -> sa.Column[int]:
    name = target.split(".")[0] + "_id"
    return sa.Column(
        name, sa.Integer, sa.ForeignKey(target, ondelete="CASCADE"), nullable=True, **kwargs
    )


def upgrade() -> None:
    op.create_table(
        "external_ref",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("dataset", sa.String, nullable=False),
        sa.Column("key", sa.String, nullable=False),
        _fk("event.id"),
        _fk("actor.id"),
        _fk("source.id"),
        sa.Column("digest", sa.String, nullable=True),
        sa.Column("reported", sa.String, nullable=True),
        sa.Column("data", sa.String, nullable=False),
        sa.CheckConstraint(
            # CASE, not boolean arithmetic: PostgreSQL has no boolean + boolean.
            "(CASE WHEN event_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN actor_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN source_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="ck_external_ref_one_target",
        ),
        sa.UniqueConstraint("dataset", "key", name="uq_external_ref"),
    )
    for column in ("event_id", "actor_id", "source_id"):
        op.create_index(f"ix_external_ref_{column}", "external_ref", [column])
    op.create_table(
        "event_place",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "event_id",
            sa.Integer,
            sa.ForeignKey("event.id", ondelete="CASCADE"),
            nullable=False,
            unique=True,
        ),
        sa.Column("name", sa.String, nullable=False),
        sa.Column("country", sa.String, nullable=False),
        sa.Column("latitude", sa.Float, nullable=True),
        sa.Column("longitude", sa.Float, nullable=True),
        sa.Column("precision", sa.Integer, nullable=True),
        sa.CheckConstraint("latitude IS NULL OR latitude BETWEEN -90 AND 90", name="ck_place_lat"),
        sa.CheckConstraint(
            "longitude IS NULL OR longitude BETWEEN -180 AND 180", name="ck_place_long"
        ),
    )


def downgrade() -> None:
    op.drop_table("event_place")
    op.drop_table("external_ref")
