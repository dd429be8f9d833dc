"""The change history: who changed which record when, from what to what (both engines).

Rows are written by triggers (db/migrations/history.py) in the same transaction as each
change, so the history holds exactly what was committed and outlives the undo stack.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import sqlalchemy as sa

from db.atomic import atomic_write
from db.engine import Library
from db.exchange.csv_cells import neutralise
from db.progress import Progress, no_progress

LOG = sa.table(
    "change_log",
    sa.column("id", sa.Integer),
    sa.column("changed_at", sa.String),
    sa.column("who", sa.String),
    sa.column("kind", sa.String),
    sa.column("record_id", sa.Integer),
    sa.column("record_uuid", sa.String),
    sa.column("action", sa.String),
    sa.column("old_values", sa.Text),
    sa.column("new_values", sa.Text),
)
CSV_COLUMNS = ("when", "who", "kind", "id", "uuid", "action", "field", "old", "new")


class Change(NamedTuple):
    """One committed change of one record."""

    id: int
    changed_at: str  # ISO 8601, UTC
    who: str
    kind: str
    record_id: int
    record_uuid: str | None
    action: str  # added, changed, deleted
    old: dict[str, Any]
    new: dict[str, Any]

    def fields(self) -> list[tuple[str, Any, Any]]:
        """(field, old value, new value) for each field this change set or altered."""
        names = list(dict.fromkeys([*self.old, *self.new]))
        return [
            (name, self.old.get(name), self.new.get(name))
            for name in names
            if self.old.get(name) != self.new.get(name)
        ]


def _conditions(
    kind: str | None, record_id: int | None, who: str | None, since: str | None
) -> list[sa.ColumnElement[bool]]:
    conds: list[sa.ColumnElement[bool]] = []
    if kind is not None:
        conds.append(LOG.c.kind == kind)
    if record_id is not None:
        conds.append(LOG.c.record_id == record_id)
    if who:
        conds.append(LOG.c.who == who)
    if since:
        conds.append(LOG.c.changed_at >= since)
    return conds


def changes(
    lib: Library,
    *,
    kind: str | None = None,
    record_id: int | None = None,
    who: str | None = None,
    since: str | None = None,
    limit: int = 1000,
    offset: int = 0,
) -> list[Change]:
    """The newest changes first: of one record, by one person, since an ISO date or time.

    `offset` and `limit` page through a long history (the History view fetches what it shows).
    """
    conds = _conditions(kind, record_id, who, since)
    stmt = sa.select(LOG).where(*conds).order_by(LOG.c.id.desc()).limit(limit).offset(offset)
    with lib.read() as conn:
        rows = conn.execute(stmt).all()
    return [
        Change(
            row.id,
            row.changed_at,
            row.who,
            row.kind,
            row.record_id,
            row.record_uuid,
            row.action,
            json.loads(row.old_values or "{}"),
            json.loads(row.new_values or "{}"),
        )
        for row in rows
    ]


def count_changes(
    lib: Library,
    *,
    kind: str | None = None,
    record_id: int | None = None,
    who: str | None = None,
    since: str | None = None,
) -> int:
    """How many changes `changes` would list with the same filters and no limit."""
    conds = _conditions(kind, record_id, who, since)
    with lib.read() as conn:
        count: int = conn.execute(
            sa.select(sa.func.count()).select_from(LOG).where(*conds)
        ).scalar_one()
        return count


def record_label(change: Change) -> str:
    """The record as a person knows it: its title or name in the change, else kind and id."""
    values = change.new or change.old
    label = values.get("title") or values.get("name") or values.get("type")
    return f"{change.kind} {change.record_id}" + (f": {label}" if label else "")


def people(lib: Library) -> list[str]:
    """Everyone who has changed something, for the History view's filter."""
    with lib.read() as conn:
        return list(conn.execute(sa.select(LOG.c.who).distinct().order_by(LOG.c.who)).scalars())


def export_history_csv(lib: Library, path: Path | str, found: Iterable[Change]) -> Path:
    """Write `found` as CSV, one line per changed field (formula-like cells neutralised)."""
    path = Path(path)
    with atomic_write(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(CSV_COLUMNS)
        for change in found:
            head = [change.changed_at, change.who, change.kind, change.record_id,
                    change.record_uuid, change.action]  # fmt: skip
            for name, old, new in change.fields() or [("", None, None)]:
                cells = [*head, name, _cell(old), _cell(new)]
                writer.writerow([neutralise(str(c)) if c is not None else "" for c in cells])
    return path


def export_changes_csv(
    lib: Library,
    path: Path | str,
    *,
    progress: Progress = no_progress,
    page: int = 2000,
    **filters: Any,
) -> Path:
    """Every change matching `filters` (as `changes` takes them) to CSV, read page by page.

    Nothing is left at `path` if it fails or is cancelled (written under a temporary name).
    """
    total = count_changes(lib, **filters)

    def pages() -> Iterator[Change]:
        done = 0
        progress(0, total)
        while done < total:
            batch = changes(lib, **filters, limit=page, offset=done)
            if not batch:
                break
            yield from batch
            done += len(batch)
            progress(done, total)

    return export_history_csv(lib, path, pages())


def _cell(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value
