"""Insert one row and hand back its new id (typed, where SQLAlchemy's result is not)."""

from __future__ import annotations

from sqlalchemy import Connection, Insert


def insert_id(conn: Connection, stmt: Insert) -> int:
    """Run `stmt`, an INSERT of one row, and return the row's new primary key."""
    key = conn.execute(stmt).inserted_primary_key
    if key is None:  # SQLAlchemy gives none for executemany, which this is never called with
        raise TypeError("insert_id runs an INSERT of one row")
    new_id: int = key[0]
    return new_id
