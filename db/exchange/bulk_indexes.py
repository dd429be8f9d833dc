"""Big imports fill the search index and the time index in one pass at the end.

Row by row, the AFTER INSERT triggers that keep FTS5's search index and the R*Tree of event
spans in sync cost ~45 µs an event at 100,000 events; the same rows added in one
INSERT ... SELECT afterwards take ~5 µs. Each trigger of the shape
`AFTER INSERT ON t BEGIN INSERT INTO x(...) VALUES (new...); END` is dropped inside the
import's transaction, replayed in bulk for the new rows, and recreated from its own stored
SQL, so nothing here repeats the schema, and a failed import (rolled back) restores it.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator

from db.exchange.loader import Loader

BULK_ROWS = 20_000
_ROW_TRIGGER = re.compile(
    r"CREATE TRIGGER (\w+) AFTER INSERT ON (\w+) BEGIN (INSERT INTO [^;]*?) VALUES \((.*)\); END"
)
_ENTITY_TABLES = ("actor", "source", "event", "relation")


@contextlib.contextmanager
def deferred_insert_triggers(loader: Loader, expected_rows: int) -> Iterator[None]:
    """Within the block, row triggers of big imports are off; after it, applied in bulk."""
    conn = loader.conn
    if expected_rows < BULK_ROWS or conn.dialect.name != "sqlite":
        yield
        return
    deferred = []
    triggers = conn.exec_driver_sql(
        "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'"
    )
    for name, table, sql in triggers.all():
        match = _ROW_TRIGGER.fullmatch(" ".join(sql.split()))
        if match and match[2] == table and table in loader.first_id:
            deferred.append((name, table, sql, match[3], match[4]))
    for name, *_rest in deferred:
        conn.exec_driver_sql(f"DROP TRIGGER {name}")  # names matched \w+ above
    yield
    loader.sync()
    for _name, table, sql, insert, values in deferred:
        if loader.keep_ids and table in _ENTITY_TABLES:  # the table was empty before
            conn.exec_driver_sql(f"{insert} SELECT {values} FROM {table} AS new")
        else:
            conn.exec_driver_sql(
                f"{insert} SELECT {values} FROM {table} AS new WHERE new.id >= ?",
                (loader.first_id[table],),
            )
        conn.exec_driver_sql(sql)
