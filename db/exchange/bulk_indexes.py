"""Big imports build their indexes batch by batch and at the end, not row by row.

Measured at 1,000,000 events (benchmarks/bench_exchange.py): the AFTER INSERT triggers that
keep FTS5's search index and the R*Tree of event spans in sync cost ~45 µs an event when
they run row by row among the other inserts, ~5 µs when their rows are added by one
INSERT ... SELECT per batch written (on the writer thread, db/exchange/batch_thread.py, while
the importer reads on); likewise B-tree indexes on random keys (event start, end and
importance; link columns) grow much faster sorted in one CREATE INDEX than a row at a time.

Each trigger of the shape `AFTER INSERT ON t BEGIN INSERT INTO x(...) VALUES (new...); END`
and each plain (non-unique) index of the bulk tables is dropped inside the import's
transaction, then replayed (batch by batch) or recreated (at the end) from its own stored
SQL, so nothing here repeats the schema, unique constraints keep checking every row, and a
failed import (rolled back) puts everything back as it was.
"""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
from collections.abc import Callable, Iterator
from typing import Any

import sqlalchemy as sa

from db.exchange.loader_rows import Loader
from db.sql_names import quoted
from db.store.snapshots import TABLES

BULK_ROWS = 20_000
CACHE_KIB = 196_608  # SQLite's page cache while a big import runs (192 MiB)
# Tables an import fills by the thousand (relations stay indexed: loop checks read them).
_BULK_TABLES = ("event", "participation", "citation", "tagging", "external_ref", "event_place")
_ROW_TRIGGER = re.compile(
    r"CREATE TRIGGER (\w+) AFTER INSERT ON (\w+) BEGIN (INSERT INTO [^;]*?) VALUES \((.*)\); END"
)
_PLAIN_INDEX = re.compile(r"CREATE INDEX (\w+) ON (\w+) \([\w, ]+\)")
_UUID_INDEX = re.compile(r"CREATE UNIQUE INDEX (\w+) ON (\w+) \(uuid\)")


_TARGET = re.compile(r"INSERT INTO (\w+)")
_FTS_AUTOMERGE = 4  # FTS5's default 'automerge'


_BY_RANGE = "new.id BETWEEN ? AND ?"
_BY_LIST = "new.id IN (SELECT value FROM json_each(?))"


def _worth_it(loader: Loader, expected_rows: int) -> bool:
    """Only imports that bring more events than the library holds (rebuilding an index of a
    big library for a small import would cost more than it saves)."""
    if expected_rows < BULK_ROWS or loader.conn.dialect.name != "sqlite":
        return False
    event = TABLES["event"]
    held = loader.conn.execute(sa.select(sa.func.count()).select_from(event)).scalar_one()
    return held < expected_rows


def _schema(loader: Loader) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """(triggers to replay, indexes to rebuild) as (name, table, sql, ...) rows."""
    rows = loader.conn.exec_driver_sql(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('trigger', 'index')"
    ).all()
    triggers, indexes = [], []
    for kind, name, table, sql in rows:
        text = " ".join((sql or "").split())
        trigger = _ROW_TRIGGER.fullmatch(text) if kind == "trigger" else None
        if trigger and trigger[2] == table and table in loader.first_id:
            # The trigger's own INSERT, run once for all new rows: its text is our schema's as
            # stored (matched whole above; the file's code was compared with ours on opening).
            replay = f"{trigger[3]} SELECT {trigger[4]} FROM {quoted(table)} AS new WHERE "
            # Both shapes of the rows' condition are fixed here, so no statement is put
            # together while the import runs.
            by_range = replay + _BY_RANGE
            by_list = replay + _BY_LIST
            triggers.append((name, table, sql, (by_range, by_list)))
        index = _PLAIN_INDEX.fullmatch(text) if kind == "index" else None
        if index and index[2] == table and table in _BULK_TABLES:
            indexes.append((name, table, sql))
        # The UUIDs of a table the library had no rows of: new random ones (a dataset's
        # events) are inserted all over this index; at 2,500,000 events it outgrew the page
        # cache and most of the spilling to the write-ahead log was its pages. It is back as
        # soon as a record gives its own UUID (which may repeat one, named at its row).
        index = _UUID_INDEX.fullmatch(text) if kind == "index" else None
        # (Only where no lookups by UUID are made: the library had no rows of the table.)
        unused = index and index[2] == table and not loader.by_uuid.may_match(table)
        if unused and table in _BULK_TABLES:
            indexes.append((name, table, sql))
    return triggers, indexes


@contextlib.contextmanager
def bulk_indexes(loader: Loader, expected_rows: int) -> Iterator[None]:
    """Within the block, a big import's triggers and plain indexes are off; after it, built."""
    if not _worth_it(loader, expected_rows):
        yield
        return
    conn = loader.conn
    cache = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    # Room for the tables' growing B-trees: at 1M events the default 2 MB spilled them to the
    # write-ahead log over and over (the inserts took 20% longer).
    conn.exec_driver_sql(f"PRAGMA cache_size = {int(-CACHE_KIB)}")
    triggers, indexes = _schema(loader)
    for name, *_rest in triggers:
        conn.exec_driver_sql(f"DROP TRIGGER {quoted(name)}")
    for name, *_rest in indexes:
        conn.exec_driver_sql(f"DROP INDEX {quoted(name)}")
    replays: dict[str, list[tuple[str, str]]] = {}
    for _name, table, _sql, replay in triggers:
        replays.setdefault(table, []).append(replay)
    # Each flush's search index, R*Tree and history rows are added right after its rows, on
    # the writer thread (as cheap a pass as one at the end, and it overlaps the reading).
    loader.written = {table: _replayer(loader, sqls) for table, sqls in replays.items()}
    built: set[str] = set()
    for name, table, sql in indexes:
        if _UUID_INDEX.fullmatch(" ".join(sql.split())):
            loader.uuid_given[table] = _builder(loader, name, sql, built)
    merging = _pause_merging(conn, triggers)
    loader.writer.start_thread()
    try:
        yield
        loader.sync()
    except BaseException:
        loader.writer.stop_thread(abandon=True)  # the import is rolled back
        raise
    finally:
        loader.written, loader.uuid_given = {}, {}
    loader.writer.stop_thread()
    _resume_merging(conn, merging)
    for name, _table, sql in indexes:
        if name not in built:
            conn.exec_driver_sql(sql)
    for _name, _table, sql, _replay in triggers:
        conn.exec_driver_sql(sql)
    conn.exec_driver_sql(f"PRAGMA cache_size = {int(cache or 0)}")


def _search_tables(conn: sa.Connection, triggers: list[tuple[Any, ...]]) -> list[str]:
    """The full-text (FTS5) tables the replayed triggers write to."""
    fts = {
        name
        for (name,) in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%USING fts5%'"
        )
    }
    targets = set()
    for *_rest, (by_range, _by_list) in triggers:
        target = _TARGET.match(by_range)
        if target is not None:
            targets.add(target[1])
    return sorted(fts & targets)


def _pause_merging(conn: sa.Connection, triggers: list[tuple[Any, ...]]) -> dict[str, Any]:
    """Turn off FTS5's automatic merging of index segments for the import (measured: a
    quarter of the search index's cost at 200,000 ACLED rows, more as the index grows);
    returns each table's setting to put back. FTS5 still merges a level that reaches
    'crisismerge' (16) segments, so the index stays a bounded number of segments."""
    before = {}
    for table in _search_tables(conn, triggers):
        found = conn.exec_driver_sql(
            f"SELECT v FROM {quoted(table + '_config')} WHERE k = 'automerge'"
        ).first()
        before[table] = _FTS_AUTOMERGE if found is None else found[0]
        _fts_setting(conn, table, "automerge", 0)
    return before


def _resume_merging(conn: sa.Connection, before: dict[str, Any]) -> None:
    for table, automerge in before.items():
        _fts_setting(conn, table, "automerge", automerge)


def _fts_setting(conn: sa.Connection, table: str, name: str, value: Any) -> None:
    # FTS5's own way of changing a setting: an INSERT naming the table as its column.
    conn.exec_driver_sql(
        f"INSERT INTO {quoted(table)}({quoted(table)}, rank) VALUES (?, ?)", (name, value)
    )


def _builder(loader: Loader, name: str, sql: str, built: set[str]) -> Callable[[], None]:
    """Builds the index `name` now, over the rows written so far (and notes it in `built`)."""

    def build() -> None:
        loader.sync()
        loader.conn.exec_driver_sql(sql)
        built.add(name)

    return build


def _replayer(loader: Loader, replays: list[tuple[str, str]]) -> Callable[[list[int]], None]:
    """Queues the replays of a table's insert triggers for the rows `ids` just written."""

    def replay(ids: list[int]) -> None:
        low, high = min(ids), max(ids)
        params: tuple[Any, ...]
        shape: int
        if high - low + 1 == len(ids):  # ids are distinct: these are all of low..high
            shape, params = 0, (low, high)
        else:  # ids kept from the file: gaps, any order
            shape, params = 1, (json.dumps(sorted(ids)),)

        def job(raw: sqlite3.Connection) -> None:
            for shapes in replays:
                raw.execute(shapes[shape], params)

        loader.writer.run(job)

    return replay
