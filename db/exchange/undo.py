"""Taking an import back out (its undo): every row it created, in one transaction.

The rows are those with ids in the ranges the import reported (`ImportReport.id_ranges`), so
records added later by anyone else are left alone. The returned snapshot puts them back with
the same ids (`db.store.restore`), which is the redo.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import Connection

from db.engine import Library
from db.store.snapshots import TABLES, Snapshot

# Children before parents, so no foreign key is ever left dangling mid-way.
_DELETE_ORDER: tuple[str, ...] = (
    "external_ref",
    "event_place",
    "tagging",
    "citation",
    "participation",
    "relation",
    "event",
    "source",
    "actor",
)
_DELETE_ORDER += ("tag",)


def remove_imported(lib: Library, id_ranges: dict[str, tuple[int, int]]) -> Snapshot:
    """Delete the rows an import created; return what redo needs to put them back.

    Records the import updated are set back separately (`db.exchange.existing.rewrite_rows`)."""
    with lib.write() as conn:
        return remove_ranges(conn, id_ranges)


def remove_ranges(conn: Connection, id_ranges: dict[str, tuple[int, int]]) -> Snapshot:
    """`remove_imported` inside a write transaction the caller holds."""
    snapshot = Snapshot()
    for name in _DELETE_ORDER:
        if name not in id_ranges:
            continue
        table = TABLES[name]
        first, last = id_ranges[name]
        where = table.c.id.between(first, last)
        snapshot.add(name, [dict(r._mapping) for r in conn.execute(sa.select(table).where(where))])
        conn.execute(sa.delete(table).where(where))
    return snapshot
