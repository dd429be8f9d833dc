"""Team databases: one GIN index per kind of search row instead of one over all of them.

Searching actors for "war" read the heap row of each of the 125,000 events matching it, to
keep the 30 actors among them (110 ms of a 400 ms event search at 1M events: an event search
also matches through actors). A partial index per kind (event, actor, source) answers each
kind from its own rows; queries name the kind as a constant (db/queries/search.py) so the
planner can prove the index's predicate.

SQLite is unchanged: FTS5 has no partial indexes, and the kind is told by the rowid there.
No row is touched: only indexes are built and dropped.

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-04
"""

from alembic import op

from db.migrations import postgresql as pg
from db.sql_names import checked

revision = "0011"
down_revision = "0009"
branch_labels = None
depends_on = None

_KINDS = tuple(pg.SEARCH_KINDS)


def upgrade() -> None:
    if not pg.is_postgresql():
        return
    for kind in _KINDS:
        op.execute(
            f"CREATE INDEX ix_search_index_{checked(kind)} ON search_index USING gin (body) "
            f"WHERE kind = '{checked(kind)}'"
        )
    op.execute("DROP INDEX ix_search_index_body")


def downgrade() -> None:
    if not pg.is_postgresql():
        return
    op.execute("CREATE INDEX ix_search_index_body ON search_index USING gin (body)")
    for kind in _KINDS:
        op.execute(f"DROP INDEX ix_search_index_{checked(kind)}")
