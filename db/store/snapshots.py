"""Capture the rows a delete removes so the delete can be undone with the very same ids."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, delete, insert, or_, select, update
from sqlmodel import SQLModel

from db.models import (
    Actor,
    Citation,
    Event,
    EventPlace,
    ExternalRef,
    Participation,
    Relation,
    Source,
    SourceDerivation,
    Tag,
    Tagging,
    table_of,
)

# Parents before children, so re-inserting in this order satisfies every foreign key.
_TABLE_ORDER: tuple[type[SQLModel], ...] = (
    Tag,
    Actor,
    Event,
    Source,
    SourceDerivation,
    Relation,
    Participation,
    Citation,
    Tagging,
    ExternalRef,
    EventPlace,
)
TABLES: dict[str, Table] = {table_of(model).name: table_of(model) for model in _TABLE_ORDER}


@dataclass
class Snapshot:
    """Rows removed by one delete (by table), and column values that ON DELETE SET NULL cleared."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    nulled: list[tuple[str, int, dict[str, Any]]] = field(default_factory=list)

    def add(self, table: str, rows: list[dict[str, Any]]) -> None:
        if not rows:  # (a re-import adds a few rows thousands of times: no set rebuilt for none)
            return
        known = {r["id"] for r in self.rows.get(table, [])}
        self.rows.setdefault(table, []).extend(r for r in rows if r["id"] not in known)

    def count(self, table: str) -> int:
        return len(self.rows.get(table, []))

    def merge(self, other: Snapshot) -> None:
        for table, rows in other.rows.items():
            self.add(table, rows)
        self.nulled.extend(other.nulled)


def _rows(conn: Connection, table: Table, *conditions: ColumnElement[bool]) -> list[dict[str, Any]]:
    return [dict(r._mapping) for r in conn.execute(select(table).where(or_(*conditions)))]


def _relations_touching(
    conn: Connection, snap: Snapshot, column_pairs: list[tuple[str, int]]
) -> None:
    rel = TABLES["relation"]
    rows = _rows(conn, rel, *[rel.c[col] == value for col, value in column_pairs])
    snap.add("relation", rows)
    ids = [r["id"] for r in rows]
    if ids:
        cit = TABLES["citation"]
        snap.add("citation", _rows(conn, cit, cit.c.relation_id.in_(ids)))


def collect(conn: Connection, kind: str, entity_id: int) -> Snapshot:
    """Everything that goes when `kind`/`entity_id` is deleted: the cascade, made explicit."""
    snap = Snapshot()
    table = TABLES[kind]
    snap.add(kind, _rows(conn, table, table.c.id == entity_id))
    part, cit, tagging = TABLES["participation"], TABLES["citation"], TABLES["tagging"]
    if kind in ("event", "actor", "source"):
        ref = TABLES["external_ref"]
        snap.add("external_ref", _rows(conn, ref, ref.c[f"{kind}_id"] == entity_id))
    if kind == "event":
        place = TABLES["event_place"]
        snap.add("event_place", _rows(conn, place, place.c.event_id == entity_id))
    if kind == "event":
        snap.add("participation", _rows(conn, part, part.c.event_id == entity_id))
        snap.add("citation", _rows(conn, cit, cit.c.event_id == entity_id))
        snap.add("tagging", _rows(conn, tagging, tagging.c.event_id == entity_id))
        _relations_touching(conn, snap, [("from_event_id", entity_id), ("to_event_id", entity_id)])
    elif kind == "actor":
        snap.add("participation", _rows(conn, part, part.c.actor_id == entity_id))
        snap.add("tagging", _rows(conn, tagging, tagging.c.actor_id == entity_id))
        _relations_touching(conn, snap, [("from_actor_id", entity_id), ("to_actor_id", entity_id)])
    elif kind == "source":
        snap.add("citation", _rows(conn, cit, cit.c.source_id == entity_id))
        snap.add("tagging", _rows(conn, tagging, tagging.c.source_id == entity_id))
        src = TABLES["source"]
        der = TABLES["source_derivation"]
        snap.add(
            "source_derivation",
            _rows(conn, der, der.c.source_id == entity_id, der.c.derived_from_id == entity_id),
        )
        for row in _rows(conn, src, src.c.copy_of_id == entity_id):
            snap.nulled.append(("source", row["id"], {"copy_of_id": entity_id}))
    elif kind == "relation":
        snap.add("citation", _rows(conn, cit, cit.c.relation_id == entity_id))
    elif kind == "tag":
        snap.add("tagging", _rows(conn, tagging, tagging.c.tag_id == entity_id))
    return snap


def remove(conn: Connection, kind: str, entity_id: int) -> Snapshot:
    """Delete one entity with everything that depends on it; return what was removed."""
    snap = collect(conn, kind, entity_id)
    table = TABLES[kind]
    conn.execute(delete(table).where(table.c.id == entity_id))
    return snap


def reinsert(conn: Connection, snap: Snapshot) -> None:
    """Put back every row of `snap` with its original id, then the values SET NULL cleared."""
    for name, table in TABLES.items():
        rows = snap.rows.get(name)
        if rows:
            conn.execute(insert(table), rows)
    for name, row_id, values in snap.nulled:
        table = TABLES[name]
        conn.execute(update(table).where(table.c.id == row_id).values(**values))
