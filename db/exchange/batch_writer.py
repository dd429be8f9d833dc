"""The writing half of an import: batches of rows inserted with executemany.

Rows go in through the driver directly when no value needs SQLAlchemy's processing (its
per-row parameter handling cost ~3 µs a row). A refused row is named with its record, as if
it had been inserted alone. A big SQLite import writes on a second thread (`start_thread`,
db/exchange/batch_thread.py) while this one reads on.
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
import sqlite3
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, event

from db.driver import sqlite_driver
from db.errors import DataImportError
from db.exchange.batch_thread import WriterThread
from db.store.snapshots import TABLES

# INSERT text, a dict row -> parameters function, and the column defaults appended to each row.
_Plain = tuple[str, Callable[[dict[str, Any]], tuple[Any, ...]], tuple[Any, ...]]


def located(origin: str, where: str) -> str:
    """'file, place' for messages; records read from files already name their file."""
    return where if where.startswith(origin) else f"{origin}, {where}"


def refused_row(origin: str, where: str, reason: object) -> DataImportError:
    """The error naming the row the database refused (both writing paths word it alike)."""
    return DataImportError(
        f"{located(origin, where)}: conflicts with another record ({reason}). Nothing was imported."
    )


class BatchWriter:
    """Inserts (table, rows) batches into the import's transaction, in the order given."""

    def __init__(self, conn: Connection, origin: str):
        self.conn, self.origin = conn, origin
        self._plain: dict[tuple[str, tuple[str, ...]], _Plain | None] = {}
        self.thread: WriterThread | None = None

    # -- the writer thread ----------------------------------------------------------------
    def start_thread(self) -> None:
        """Write plain batches on a second thread from now on (SQLite only)."""
        self.thread = WriterThread(sqlite_driver(self.conn))
        event.listen(self.conn, "before_cursor_execute", self._before_statement)

    def run(self, job: Callable[[sqlite3.Connection], None]) -> None:
        """Run `job` on the import's driver connection: on the writer thread, in turn with the
        batches, if it runs; else now."""
        if self.thread is None:
            job(sqlite_driver(self.conn))
        else:
            self.thread.put(job)

    def drain(self) -> None:
        """Wait until everything submitted is written (raises what the writing raised)."""
        if self.thread is not None:
            self.thread.drain()

    def stop_thread(self, *, abandon: bool = False) -> None:
        """Back to writing on this thread, once the queued batches are written (or dropped,
        `abandon`ed: the import is being rolled back)."""
        thread, self.thread = self.thread, None
        if thread is not None:
            event.remove(self.conn, "before_cursor_execute", self._before_statement)
            thread.close(abandon=abandon)

    def _before_statement(self, *_args: Any) -> None:
        # The importer's thread reads or writes the connection directly (a lookup, a loop
        # check, the end of the import): the writer must be idle first.
        if self.thread is not None and not self.thread.running_here():
            self.thread.drain()

    # -- submitting -----------------------------------------------------------------------
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
        # A copy: the loader empties its queues in place once they are submitted.
        rows = [row + defaults for row in rows] if defaults else list(rows)
        self._insert_plain(sql, rows, list(wheres))

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
        plain = self._plain_insert(kind, tuple(rows[0])) if self.thread is not None else None
        if plain is not None:
            sql, getter, _defaults = plain
            self._insert_plain(sql, [getter(row) for row in rows], list(wheres))
            return
        self._insert_rows(lambda batch: self._execute_many(kind, batch), rows, wheres)

    def _insert_plain(self, sql: str, rows: list[tuple[Any, ...]], wheres: list[str]) -> None:
        if self.thread is None:
            self._insert_rows(lambda batch: self.conn.exec_driver_sql(sql, batch), rows, wheres)
            return
        origin = self.origin
        self.thread.put(lambda raw: insert_on_driver(raw, sql, rows, wheres, origin))

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
                    raise refused_row(self.origin, where, err.orig) from err
            raise


_ROWS_A_STATEMENT = 1024


def _insert_many(raw: sqlite3.Connection, sql: str, rows: list[tuple[Any, ...]]) -> None:
    # Many rows a statement, the last few too: SQLite inserts them in one step without the
    # GIL, and this thread waits for the GIL again only once a statement. Profiled at
    # 2,500,000 ACLED rows (docs/import-speed.md, fifth round): waiting for it after each
    # step was 28 % of this thread's time, a third of that in executemany's row-at-a-time
    # steps for the rows left over after the 128-row statements.
    if not rows:
        return
    size = _rows_per_statement(raw, len(rows[0]))
    for at in range(0, len(rows), size):
        part = rows[at : at + size]
        raw.execute(_rows_a_statement(sql, len(part)), list(itertools.chain.from_iterable(part)))


def _rows_per_statement(raw: sqlite3.Connection, columns: int) -> int:
    """_ROWS_A_STATEMENT, or fewer where SQLite takes fewer parameters a statement (999
    before 3.32, or as it was built)."""
    most = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return max(1, min(_ROWS_A_STATEMENT, most // max(1, columns)))


_ONE_ROW = re.compile(r"\(\?(?:, \?)*\)")


@functools.lru_cache(maxsize=64)  # a statement per table, and one per size of a rest
def _rows_a_statement(sql: str, size: int) -> str:
    """`sql` (one of our INSERT ... VALUES (?, ...) statements) taking `size` rows at once.

    Only the placeholder tuple is repeated, and only when it is nothing but placeholders, so
    no value ever becomes SQL text."""
    head, one = sql.split(" VALUES ")
    if _ONE_ROW.fullmatch(one) is None:
        raise ValueError(f"not a plain INSERT ... VALUES (?, ...): {sql!r}")
    return head + " VALUES " + ", ".join([one] * int(size))


def insert_on_driver(
    raw: sqlite3.Connection, sql: str, rows: list[tuple[Any, ...]], wheres: list[str], origin: str
) -> None:
    """`BatchWriter._insert_rows` on the driver's connection (the writer thread's way)."""
    raw.execute("SAVEPOINT import_batch")
    try:
        _insert_many(raw, sql, rows)
    except sqlite3.IntegrityError:
        # Find which row was refused, to name it; the import is abandoned either way.
        raw.execute("ROLLBACK TO import_batch")
        for row, where in zip(rows, wheres, strict=True):
            try:
                raw.execute(sql, row)
            except sqlite3.IntegrityError as err:
                raise refused_row(origin, where, err) from err
        raise
    # Released only when written: after an error the import is rolled back whole (and SQLite
    # may have ended the transaction itself, a disk full for one, taking the savepoint along).
    raw.execute("RELEASE import_batch")


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
