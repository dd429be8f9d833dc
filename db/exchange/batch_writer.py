"""The writing half of an import: batches of rows inserted with executemany.

Rows go in through the driver directly when no value needs SQLAlchemy's processing (its
per-row parameter handling cost ~3 µs a row). A refused row is named with its record, as if
it had been inserted alone. (A writer thread was tried: SQLite does release the GIL while it
inserts, but the threads then hand the GIL back and forth on every row and the import took
40% longer than writing on the importer's own thread.)
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from db.errors import DataImportError
from db.store.snapshots import TABLES

# INSERT text, a dict row -> parameters function, and the column defaults appended to each row.
_Plain = tuple[str, Callable[[dict[str, Any]], tuple[Any, ...]], tuple[Any, ...]]


def located(origin: str, where: str) -> str:
    """'file, place' for messages; records read from files already name their file."""
    return where if where.startswith(origin) else f"{origin}, {where}"


class BatchWriter:
    """Inserts (table, rows) batches into the import's transaction, in the order given."""

    def __init__(self, conn: Connection, origin: str):
        self.conn, self.origin = conn, origin
        self._plain: dict[tuple[str, tuple[str, ...]], _Plain | None] = {}

    def submit(self, kind: str, rows: list[dict[str, Any]], wheres: list[str]) -> None:
        """Insert a batch; DataImportError names the record of a refused row."""
        self._insert_batch(kind, rows, wheres)

    def submit_tuples(
        self, kind: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]], wheres: list[str]
    ) -> None:
        """`submit` for rows given as tuples of `columns` (no dict per row: the hot path)."""
        plain = self._plain_insert(kind, columns)
        if plain is None:  # a value needs SQLAlchemy's processing: go through dicts
            self._insert_batch(kind, [dict(zip(columns, row, strict=True)) for row in rows], wheres)
            return
        sql, _getter, defaults = plain
        if defaults:
            rows = [row + defaults for row in rows]
        self._insert_rows(lambda batch: self.conn.exec_driver_sql(sql, batch), rows, wheres)

    # -- inserting ------------------------------------------------------------------------
    def _plain_insert(self, kind: str, keys: tuple[str, ...]) -> _Plain | None:
        """INSERT text and a row-to-parameters function, when the driver takes positional
        parameters and no value needs SQLAlchemy's processing or a computed default."""
        if (kind, keys) not in self._plain:
            self._plain[kind, keys] = _plain_insert(TABLES[kind], keys, self.conn.dialect)
        return self._plain[kind, keys]

    def _execute_many(self, kind: str, rows: list[dict[str, Any]]) -> None:
        # SQLAlchemy's per-row parameter handling cost ~3 µs a row; plain rows skip it.
        plain = self._plain_insert(kind, tuple(rows[0]))
        if plain is None:
            self.conn.execute(sa.insert(TABLES[kind]), rows)
        else:
            sql, getter, _defaults = plain
            self.conn.exec_driver_sql(sql, [getter(row) for row in rows])

    def _insert_batch(self, kind: str, rows: list[dict[str, Any]], wheres: list[str]) -> None:
        self._insert_rows(lambda batch: self._execute_many(kind, batch), rows, wheres)

    def _insert_rows(
        self, execute: Callable[[list[Any]], object], rows: list[Any], wheres: list[str]
    ) -> None:
        try:
            with self.conn.begin_nested():
                execute(rows)
        except sa.exc.IntegrityError:
            # Find which row was refused, to name it; the import is abandoned either way.
            for row, where in zip(rows, wheres, strict=True):
                try:
                    with self.conn.begin_nested():
                        execute([row])
                except sa.exc.IntegrityError as err:
                    raise DataImportError(
                        f"{located(self.origin, where)}: conflicts with another record "
                        f"({err.orig}). Nothing was imported."
                    ) from err
            raise


def _plain_insert(table: sa.Table, keys: tuple[str, ...], dialect: sa.Dialect) -> _Plain | None:
    defaults_of: list[tuple[str, Any]] = []
    for column in table.columns:
        default: Any = column.default
        if column.name not in keys and default is not None:
            if not default.is_scalar:
                return None
            defaults_of.append((column.name, default.arg))
    if dialect.paramstyle != "qmark":
        return None
    if not all(
        # Bools bind as 0/1 natively; floats too (the loader checks coordinates into floats,
        # and SQLite's REAL affinity would store a numeric text as a number anyway).
        isinstance(table.c[k].type, sa.Boolean | sa.Float)
        or table.c[k].type.bind_processor(dialect) is None
        for k in keys
    ):
        return None
    names = [*keys, *(name for name, _value in defaults_of)]
    quote = dialect.identifier_preparer.quote
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(map(quote, names))}) "
        f"VALUES ({', '.join('?' * len(names))})"
    )
    defaults = tuple(value for _name, value in defaults_of)
    getter = operator.itemgetter(*keys)
    return sql, (lambda row: getter(row) + defaults) if defaults else getter, defaults
