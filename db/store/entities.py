"""Create, change, read and delete any one record by kind. Every function is one transaction."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from db.engine import Library
from db.errors import NotFoundError, ValidationError
from db.store import versions
from db.store.fields import REQUIRED_FIELDS, STAMPED_KINDS, column_values, user_fields
from db.store.inserts import insert_id
from db.store.snapshots import TABLES, Snapshot, collect, reinsert, remove


def now_stamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def require_row(
    conn: Connection, kind: str, entity_id: int, *, lock: bool = False
) -> dict[str, Any]:
    """The stored row; `lock` holds it against other writers until the transaction ends."""
    table = TABLES[kind]
    query = sa.select(table).where(table.c.id == entity_id)
    row = conn.execute(query.with_for_update() if lock else query).first()
    if row is None:
        raise NotFoundError(f"There is no {kind} with id {entity_id} (it may have been deleted).")
    return dict(row._mapping)


def create(lib: Library, kind: str, /, **fields: Any) -> int:
    """Create an event, actor or source from user-facing fields; return its id."""
    missing = [name for name in REQUIRED_FIELDS[kind] if name not in fields]
    if missing:
        raise ValidationError(f"A new {kind} needs: {', '.join(missing)}.")
    values = column_values(kind, fields)
    if kind == "event" and "kind" not in fields:
        values["kind"] = "span" if "/" in values["when_edtf"] else "point"
    if kind in STAMPED_KINDS:
        stamp = now_stamp()
        values.update(created_at=stamp, modified_at=stamp)
    with lib.write() as conn:
        if kind == "source" and values.get("copy_of_id"):
            require_row(conn, "source", values["copy_of_id"])
        return insert_id(conn, sa.insert(TABLES[kind]).values(**values))


def update(lib: Library, kind: str, entity_id: int, /, **fields: Any) -> dict[str, Any]:
    """Change some fields of an entity; return their previous values (for undo)."""
    return update_versioned(lib, kind, entity_id, fields)[0]


def update_versioned(
    lib: Library,
    kind: str,
    entity_id: int,
    fields: dict[str, Any],
    *,
    based_on: int | None = None,
    undoing: int | None = None,
) -> tuple[dict[str, Any], int | None]:
    """`update`, refused if it lost a race; return the previous values and the new version.

    `based_on`: the version the editor showed; a change since to any of `fields` raises
    versions.EditConflictError. `undoing`: the version my earlier step left; a change since by
    someone else raises versions.UndoRefusedError (db/store/versions.py).
    """
    values = column_values(kind, fields)
    with lib.write() as conn:
        row = require_row(conn, kind, entity_id, lock=True)
        before = user_fields(row)
        if based_on is not None and kind in versions.VERSIONED:
            versions.check_edit(conn, lib, kind, entity_id, fields, before, based_on)
        if undoing is not None and kind in versions.VERSIONED:
            versions.check_undo(conn, lib, kind, entity_id, undoing)
        if kind == "source" and values.get("copy_of_id") == entity_id:
            raise ValidationError("A source cannot be a copy of itself.")
        if kind in STAMPED_KINDS:
            values["modified_at"] = now_stamp()
        table = TABLES[kind]
        conn.execute(sa.update(table).where(table.c.id == entity_id).values(**values))
        now = versions.version_of(conn, kind, entity_id)
    return {name: before[name] for name in fields}, now


def get(lib: Library, kind: str, entity_id: int) -> dict[str, Any]:
    """All stored columns of one entity, plus its user-facing fields."""
    with lib.read() as conn:
        row = require_row(conn, kind, entity_id)
    return row | user_fields(row)


def dependents(lib: Library, kind: str, entity_id: int) -> dict[str, int]:
    """What else a delete would remove, e.g. {'participation': 3, 'relation': 1}."""
    with lib.read() as conn:
        require_row(conn, kind, entity_id)
        snap = collect(conn, kind, entity_id)
    counts = {table: len(rows) for table, rows in snap.rows.items() if table != kind and rows}
    return {table: n for table, n in counts.items() if n}


def delete(lib: Library, kind: str, entity_id: int, *, undoing: int | None = None) -> Snapshot:
    """Delete an entity and everything that depends on it; the snapshot can restore it all.

    `undoing`: the version my create left (undo of a create): refused if someone else has
    changed the record since (versions.UndoRefusedError).
    """
    with lib.write() as conn:
        require_row(conn, kind, entity_id, lock=True)
        if undoing is not None and kind in versions.VERSIONED:
            versions.check_undo(conn, lib, kind, entity_id, undoing)
        return remove(conn, kind, entity_id)


def restore(lib: Library, snapshot: Snapshot) -> None:
    """Undo a delete: put every removed row back with its original id."""
    with lib.write() as conn:
        reinsert(conn, snapshot)
