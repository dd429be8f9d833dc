"""What SQLite alone takes to write what a CSV import writes: the floor under our import.

`bench_exchange`'s csv_import is compared with `sqlite3 .import`, which copies the text into one
table with no index. Our import writes several tables, checks their keys and builds the search
index, the R*Tree of spans and the history. This step measures that SQLite work with no Python
per row: a new library (our schema, our PRAGMAs) is filled from the library a CSV import made,
by `INSERT ... SELECT` in one transaction, the way the import's bulk path does it (the insert
triggers and plain indexes dropped, the triggers' inserts replayed once over all rows, the
indexes created at the end). The phases' times are printed, so the report can say which of
the library's indexes costs what. Whatever an import does in Python comes on top of this.
"""

from __future__ import annotations

import re
import sqlite3
import time
from pathlib import Path

# In foreign-key order; the search index, R*Tree and history are the triggers' work.
COPIED = (
    "tag",
    "actor",
    "source",
    "event",
    "participation",
    "citation",
    "tagging",
    "external_ref",
    "event_place",
    "relation",
    "source_derivation",
)
_INSERT_TRIGGER = re.compile(
    r"CREATE TRIGGER (\w+) AFTER INSERT ON (\w+) BEGIN (INSERT INTO [^;]*?) VALUES \((.*)\); END"
)
_INDEX = re.compile(r"CREATE (?:UNIQUE )?INDEX (\w+) ON (\w+) \(")


def _phase(phases: dict[str, float], name: str, started: float) -> float:
    now = time.process_time()
    phases[name] = phases.get(name, 0.0) + now - started
    return now


def write_like_import(source: Path, target: Path) -> dict[str, float]:
    """CPU seconds of each phase of writing `source`'s rows into the new library `target`."""
    conn = sqlite3.connect(f"file:{target}", uri=True, isolation_level=None)
    # The PRAGMAs a library's writing connection and a big import use (db/engine.py,
    # db/exchange/bulk_indexes.py).
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA cache_size=-196608")
    conn.execute("ATTACH DATABASE ? AS src", (f"file:{source}?mode=ro",))
    schema = conn.execute(
        "SELECT type, name, tbl_name, sql FROM main.sqlite_master"
        " WHERE type IN ('trigger', 'index') AND sql IS NOT NULL"
    ).fetchall()
    triggers, indexes = [], []
    for kind, name, table, sql in schema:
        text = " ".join(sql.split())
        trigger = _INSERT_TRIGGER.fullmatch(text) if kind == "trigger" else None
        if trigger and table in COPIED:
            triggers.append(
                (name, table, sql, f"{trigger[3]} SELECT {trigger[4]} FROM {table} AS new")
            )
        if kind == "index" and _INDEX.match(text) and table in COPIED:
            indexes.append((name, table, sql))
    phases: dict[str, float] = {}
    started = time.process_time()
    conn.execute("BEGIN")
    for name, *_rest in triggers:
        conn.execute(f'DROP TRIGGER "{name}"')
    for name, *_rest in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    for table in COPIED:
        conn.execute(f'INSERT INTO main."{table}" SELECT * FROM src."{table}"')
    started = _phase(phases, "tables", started)
    for name, _table, _sql, replay in triggers:
        conn.execute(replay)
        kind = "search index" if "search" in name else "R*Tree" if "rtree" in name else "history"
        started = _phase(phases, kind, started)
    for _name, _table, sql in indexes:
        conn.execute(sql)
    for _name, _table, sql, _replay in triggers:
        conn.execute(sql)
    started = _phase(phases, "indexes", started)
    conn.execute("COMMIT")
    _phase(phases, "commit", started)
    conn.close()
    return phases
