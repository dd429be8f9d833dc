"""Undo and redo of a dataset re-import: added rows out, changed events back as they were.

An update import adds rows (taken out by their id ranges, as any import's undo does) and
overwrites changed events in place. The report keeps those events with all their links before
and after (`SyncReport.before` / `.after`); undo and redo swap one set for the other, updating
rows that exist in both and deleting or inserting the rest, in one transaction each.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import Connection

from db.engine import Library
from db.exchange.undo import remove_ranges
from db.store.snapshots import TABLES, Snapshot


def undo_update(
    lib: Library, id_ranges: dict[str, tuple[int, int]], before: Snapshot, after: Snapshot
) -> Snapshot:
    """Take an update import back; return the added rows (for `redo_update`)."""
    with lib.write() as conn:
        added = remove_ranges(conn, id_ranges)
        _swap(conn, after, before)
    return added


def redo_update(lib: Library, added: Snapshot, before: Snapshot, after: Snapshot) -> None:
    """Do an undone update import again, with the very same ids."""
    wanted = Snapshot()
    wanted.merge(added)
    wanted.merge(after)
    with lib.write() as conn:
        _swap(conn, before, wanted)


def _swap(conn: Connection, old: Snapshot, new: Snapshot) -> None:
    """Rows of `old` that `new` lacks are deleted; rows of `new` are updated or inserted."""
    for name in reversed(TABLES):
        keep = {row["id"] for row in new.rows.get(name, [])}
        gone = [row["id"] for row in old.rows.get(name, []) if row["id"] not in keep]
        table = TABLES[name]
        for chunk in _chunks(gone):
            conn.execute(sa.delete(table).where(table.c.id.in_(chunk)))
    for name, table in TABLES.items():
        rows = new.rows.get(name, [])
        if not rows:
            continue
        present: set[int] = set()
        for chunk in _chunks([row["id"] for row in rows]):
            stmt = sa.select(table.c.id).where(table.c.id.in_(chunk))
            present.update(conn.execute(stmt).scalars())
        for row in rows:
            if row["id"] in present:
                conn.execute(sa.update(table).where(table.c.id == row["id"]).values(**row))
        fresh = [row for row in rows if row["id"] not in present]
        if fresh:
            conn.execute(sa.insert(table), fresh)


def _chunks(ids: list[int], size: int = 10_000) -> list[list[int]]:
    # SQLite allows ~32k parameters in one statement.
    return [ids[start : start + size] for start in range(0, len(ids), size)]
