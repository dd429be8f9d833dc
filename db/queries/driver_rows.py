"""Rows of a statement as the database driver's plain tuples, for reads of millions of rows.

SQLAlchemy's row objects cost several times what the driver's tuples do over ten million
rows, all integers anyway in the reads that need this (an event list's order).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, cast

import numpy as np
import sqlalchemy as sa

BLOCK = 1 << 16  # rows taken from a cursor at a time: a few MB in flight, whatever the size


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


def int_blocks(rows: Iterable[Sequence[Any]], width: int) -> Iterator[np.ndarray]:
    """Integer rows as int64 arrays of shape (k, width), k at most BLOCK."""
    it = iter(rows)
    while True:
        flat = np.fromiter(itertools.chain.from_iterable(itertools.islice(it, BLOCK)), np.int64)
        if not len(flat):
            return
        yield flat.reshape(-1, width)
