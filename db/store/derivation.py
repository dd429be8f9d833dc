"""Which sources a source draws on: many-to-many links that make sources dependent.

A link is created here and removed through the generic `delete`/`delete_many` of kind
"source_derivation". A source never draws on itself, nor (through a chain) on a source that
draws on it: a loop of retellings is a mistake in the data.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import Connection

from db.engine import Library
from db.errors import ValidationError
from db.store.entities import require_row
from db.store.inserts import insert_id
from db.store.snapshots import TABLES
from db.store.walk import leads_to

_DER = TABLES["source_derivation"]


def _draws_on(conn: Connection, source_id: int, goal: int) -> bool:
    """True if `source_id` draws on `goal`, directly or through a chain."""

    def onward(current: int) -> list[int]:
        stmt = sa.select(_DER.c.derived_from_id).where(_DER.c.source_id == current)
        return list(conn.execute(stmt).scalars())

    return leads_to(source_id, goal, onward)


def add_derivation(lib: Library, source_id: int, derived_from_id: int) -> int:
    """Record that source `source_id` draws on source `derived_from_id`; return the link's id."""
    if source_id == derived_from_id:
        raise ValidationError("A source cannot draw on itself.")
    with lib.write() as conn:
        row = require_row(conn, "source", source_id)
        other = require_row(conn, "source", derived_from_id)
        known = conn.execute(
            sa.select(_DER.c.id).where(
                _DER.c.source_id == source_id, _DER.c.derived_from_id == derived_from_id
            )
        ).first()
        if known is not None:
            raise ValidationError(f"“{row['title']}” already draws on “{other['title']}”.")
        if _draws_on(conn, derived_from_id, source_id):
            raise ValidationError(
                f"“{other['title']}” already draws on “{row['title']}”: "
                "two sources cannot draw on each other."
            )
        stmt = sa.insert(_DER).values(source_id=source_id, derived_from_id=derived_from_id)
        return insert_id(conn, stmt)
