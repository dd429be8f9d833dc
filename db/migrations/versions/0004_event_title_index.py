"""Index event titles so the Events list sorted by title pages without sorting the table.

Measured at 100,000 events (benchmarks/bench_lists.py): the last page sorted by title took
~240 ms with a full sort; see the README's performance table for the figure with this index.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_event_title", "event", ["title", "id"])


def downgrade() -> None:
    op.drop_index("ix_event_title", table_name="event")
