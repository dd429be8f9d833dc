"""Re-importing records the library already holds: matched by UUID, updated in place.

Our own export carries each record's UUID, so importing it back (or a team library's offline
copy) updates those records instead of adding copies. The matched record takes the file's
fields; its links in the file (tags, participants, citations) are added where missing and
never removed. Every update is noted in the loader's `updated` list as the whole row before
and after (the shape db/exchange/existing.py uses), so undoing the import writes the row
before back and redo the row after (`rewrite_rows`).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from db.store.snapshots import TABLES

ENTITY_KINDS = ("actor", "source", "event", "relation")
_NOT_UPDATED = {"id", "uuid", "created_at"}


class UuidMatcher:
    """Finds records by UUID and updates them; knows which links those records already have."""

    def __init__(self, conn: Connection, updated: list[tuple[str, dict[str, Any], dict[str, Any]]]):
        self.conn = conn
        # Only libraries that held records of a kind when the import began can match (an
        # import into an empty library makes no lookups at all).
        self._held = {
            kind: conn.execute(sa.select(TABLES[kind].c.id).limit(1)).first() is not None
            for kind in ENTITY_KINDS
        }
        self.updated = updated  # shared with issue 14's matching: (kind, row before, after)
        self.matched = 0  # records updated by UUID (counted as updated, not imported)
        self._updated_ids: dict[str, set[int]] = {kind: set() for kind in ENTITY_KINDS}

    def holds(self, kind: str, uuid: Any) -> bool:
        """True when the library holds a `kind` with this UUID (it is matched before any other
        way of recognising a record)."""
        if uuid is None or not self._held.get(kind):
            return False
        table = TABLES[kind]
        return (
            self.conn.execute(sa.select(table.c.id).where(table.c.uuid == uuid)).first() is not None
        )

    def may_match(self, kind: str) -> bool:
        """Whether a `kind` of record could match one in the library (it held some)."""
        return bool(self._held.get(kind))

    def update(self, kind: str, values: dict[str, Any], stamp: str) -> int | None:
        """If the library holds a `kind` with values["uuid"], give it `values`; its id."""
        uuid = values.get("uuid")
        if uuid is None or not self._held.get(kind):
            return None
        table = TABLES[kind]
        row_id = self.conn.execute(sa.select(table.c.id).where(table.c.uuid == uuid)).scalar()
        if row_id is None:
            return None
        after = {k: v for k, v in values.items() if k not in _NOT_UPDATED}
        if "modified_at" in table.c:
            after["modified_at"] = stamp
        row = sa.select(table).where(table.c.id == row_id)
        before = dict(self.conn.execute(row).one()._mapping)
        self.conn.execute(sa.update(table).where(table.c.id == row_id).values(**after))
        self.updated.append((kind, before, dict(self.conn.execute(row).one()._mapping)))
        self.matched += 1
        self._updated_ids[kind].add(row_id)
        return int(row_id)

    def has_link(self, kind: str, values: dict[str, Any]) -> bool:
        """True when `values` (a link of an updated record) is already in the library."""
        if not self.matched:  # asked for each of millions of links of a first import
            return False
        touches_updated = any(
            values.get(f"{owner}_id") in ids for owner, ids in self._updated_ids.items() if ids
        )
        if not touches_updated:
            return False
        table = TABLES[kind]
        same = [
            table.c[name].is_(None) if value is None else table.c[name] == value
            for name, value in values.items()
            if name != "id"
        ]
        return self.conn.execute(sa.select(table.c.id).where(*same).limit(1)).first() is not None
