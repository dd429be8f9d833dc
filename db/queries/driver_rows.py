"""Rows of a statement as the database driver's plain tuples, for reads of millions of rows.

SQLAlchemy's row objects cost several times what the driver's tuples do over ten million
rows, all integers anyway in the reads that need this (an event list's order).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

import sqlalchemy as sa


def driver_rows(conn: sa.Connection, stmt: sa.Select[Any]) -> Iterable[Sequence[Any]]:
    """`stmt`'s rows straight from the driver's cursor (it also has `fetchmany`)."""
    raw = conn.connection.dbapi_connection
    if raw is None:
        raise TypeError("the connection was invalidated")
    # Expanding IN lists (a filter's ids, a tuple of statuses) become one parameter per value.
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params: Any = compiled.params
    if compiled.positional:
        params = [compiled.params[name] for name in compiled.positiontup or ()]
    cursor = raw.cursor()
    cursor.execute(str(compiled), params)
    # sqlite3's and psycopg's cursors iterate their rows; SQLAlchemy's DBAPICursor protocol
    # does not declare __iter__.
    return cast(Iterable[Sequence[Any]], cursor)
