"""Alembic environment: runs on the connection that `db.engine` hands over (never its own URL)."""

from alembic import context
from sqlalchemy import text
from sqlmodel import SQLModel

import db.models  # noqa: F401  (defines the tables on SQLModel.metadata)

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
    # Batch mode rebuilds tables with foreign keys off; prove no row lost its parent on the way.
    # (PostgreSQL alters tables in place and never turns its foreign keys off.)
    sqlite = connection.dialect.name == "sqlite"
    broken = connection.execute(text("PRAGMA foreign_key_check")).fetchall() if sqlite else []
    if broken:
        raise RuntimeError(f"migration left {len(broken)} rows with a missing parent: {broken[:5]}")
