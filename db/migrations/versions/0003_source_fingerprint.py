"""Near-copy fingerprints of each source's full text, so a new source is checked without rehashing.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

from db.curation.similarity import text_fingerprint

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # SQLite adds a nullable column in place (no table rebuild), so the search triggers stay.
    with op.batch_alter_table("source") as batch_op:
        batch_op.add_column(sa.Column("fingerprint", sa.LargeBinary(), nullable=True))
    _backfill()


def _backfill() -> None:
    """Fingerprint every source that already has full text."""
    conn = op.get_bind()
    source = sa.table(
        "source",
        sa.column("id", sa.Integer),
        sa.column("full_text", sa.String),
        sa.column("fingerprint", sa.LargeBinary),
    )
    rows = conn.execute(
        sa.select(source.c.id, source.c.full_text).where(source.c.full_text.is_not(None))
    ).all()
    for source_id, full_text in rows:
        conn.execute(
            sa.update(source)
            .where(source.c.id == source_id)
            .values(fingerprint=text_fingerprint(full_text).to_bytes())
        )


def downgrade() -> None:
    with op.batch_alter_table("source") as batch_op:
        batch_op.drop_column("fingerprint")
