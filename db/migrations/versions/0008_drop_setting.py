"""Drop the `setting` table: nothing ever read or wrote it (per-library settings were planned
there; the app keeps its settings in QSettings). Every other table and row is left as it was.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table("setting")


def downgrade() -> None:
    # As 0001 made it (empty: its rows, if any, went with the upgrade).
    op.create_table(
        "setting",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
