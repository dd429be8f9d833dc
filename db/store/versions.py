"""Row versions: an edit names the version it was based on, and one that lost a race is refused.

A record's version is the id of its newest row in the change history (`change_log`, written by
triggers in the transaction of every change, on both engines), 0 if it has none. So no version
column is needed: every writer (editor, import, restore, another analyst's window) moves the
version, because the triggers see every write, and the history already says who made the
change and what it was. Only the kinds with a history are versioned (events, actors, sources,
relations); links such as citations and participations are not.

Two checks use it, both inside the write transaction that makes the change (the record's row
is locked first, so on PostgreSQL a second writer waits and then sees the first's history row;
SQLite's BEGIN IMMEDIATE queues writers anyway):

- an edit based on version V is a conflict when a change after V altered one of the fields it
  sets (changes to other fields merge; nothing is overwritten silently): `EditConflictError`;
- an undo (or redo) of my edit, which left version V, is refused when someone else (another
  database role, or another OS user on a file) has changed the record after V: `UndoRefusedError`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from db import team
from db.engine import Library
from db.errors import ChronicleError
from db.migrations.history import TABLES as HISTORY_COLUMNS

VERSIONED = tuple(HISTORY_COLUMNS)
# The history table (db/queries/history.py reads it too; importing that here would be circular).
LOG = sa.table(
    "change_log",
    *(sa.column(name) for name in ("id", "who", "changed_at", "kind", "record_id")),
    *(sa.column(name) for name in ("old_values", "new_values")),
)
# History columns named as the store's fields (the same renames as db.store.fields).
_FIELD_OF_COLUMN = {"when_edtf": "when", "published_edtf": "published", "copy_of_id": "copy_of"}
_FIELD_OF_COLUMN |= {"valid_edtf": "valid"}


class EditConflictError(ChronicleError):
    """An edit lost a race: someone changed the same fields after the version it was based on."""

    def __init__(
        self,
        kind: str,
        record_id: int,
        mine: dict[str, Any],
        theirs: dict[str, Any],
        who: str,
        when: str,
        version: int,
    ):
        names = ", ".join(name.replace("_", " ") for name in mine)
        super().__init__(
            f"{who} changed the {names} of this {kind} at {when} while you were editing it; "
            "your change was not saved."
        )
        self.kind, self.record_id = kind, record_id
        self.mine, self.theirs = mine, theirs  # field -> value: what I typed, what is stored
        self.who, self.when = who, when  # the last change that touched these fields
        self.version = version  # the record's version now: base a deliberate overwrite on it


class UndoRefusedError(ChronicleError):
    """Undo (or redo) would overwrite a change someone else made to the record since."""


def version_of(conn: Connection, kind: str, record_id: int) -> int | None:
    """The record's version (newest history id, 0 if none); None for kinds not versioned."""
    if kind not in VERSIONED:
        return None
    newest = sa.select(sa.func.max(LOG.c.id)).where(
        LOG.c.kind == kind, LOG.c.record_id == record_id
    )
    return conn.execute(newest).scalar() or 0


def version(lib: Library, kind: str, record_id: int) -> int | None:
    """The record's version now, for an editor to base its edits on."""
    if kind not in VERSIONED:
        return None
    with lib.read() as conn:
        return version_of(conn, kind, record_id)


def _changes_after(
    conn: Connection, kind: str, record_id: int, after: int
) -> Sequence[sa.Row[*tuple[Any, ...]]]:
    stmt = (
        sa.select(LOG.c.id, LOG.c.who, LOG.c.changed_at, LOG.c.old_values, LOG.c.new_values)
        .where(LOG.c.kind == kind, LOG.c.record_id == record_id, LOG.c.id > after)
        .order_by(LOG.c.id)
    )
    return conn.execute(stmt).all()


def _touched_fields(row: sa.Row[Any]) -> set[str]:
    old, new = json.loads(row.old_values or "{}"), json.loads(row.new_values or "{}")
    return {
        _FIELD_OF_COLUMN.get(column, column)
        for column in {*old, *new}
        if old.get(column) != new.get(column)
    }


def current_person(conn: Connection, lib: Library) -> str:
    """Who the history names for this session's changes: the role, or the OS user on a file."""
    if lib.is_team:
        return str(conn.execute(sa.text("SELECT current_user")).scalar_one())
    return team.os_user()


def check_edit(
    conn: Connection,
    lib: Library,
    kind: str,
    record_id: int,
    fields: dict[str, Any],
    current: dict[str, Any],
    based_on: int,
) -> None:
    """Raise EditConflictError if a change after `based_on` altered any of `fields`."""
    later = _changes_after(conn, kind, record_id, based_on)
    clashes = [row for row in later if _touched_fields(row) & set(fields)]
    if clashes:
        last = clashes[-1]
        theirs = {name: current.get(name) for name in fields}
        now = version_of(conn, kind, record_id) or 0
        raise EditConflictError(kind, record_id, dict(fields), theirs, last.who, _shown(last), now)


def check_undo(conn: Connection, lib: Library, kind: str, record_id: int, left: int) -> None:
    """Raise UndoRefusedError if someone else changed the record after my step left `left`."""
    me = current_person(conn, lib)
    others = [row for row in _changes_after(conn, kind, record_id, left) if row.who != me]
    if others:
        last = others[-1]
        raise UndoRefusedError(
            f"{last.who} changed this {kind} at {_shown(last)}, after your change; undoing it "
            f"would overwrite theirs, so nothing was changed. See the Change History for what "
            "they did."
        )


def _shown(row: sa.Row[Any]) -> str:
    """'2026-12-04 17:02:13 UTC' from the history's ISO time."""
    return str(row.changed_at)[:19].replace("T", " ") + " UTC"
