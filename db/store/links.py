"""Link records: who took part in an event, which source proves it, how entities relate, tags.

Editing and deleting a link goes through the generic `update`/`delete` of `entities`; creating
one needs the checks below (both ends exist, no self-relation, no cycle of "part of").
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from db.engine import Library
from db.errors import ValidationError
from db.store.entities import require_row
from db.store.fields import column_values
from db.store.inserts import insert_id
from db.store.snapshots import TABLES, Snapshot, remove
from db.store.walk import leads_to

ENDPOINT_KINDS = ("actor", "event")
# Relation types that form a hierarchy, where a cycle would be nonsense.
_ACYCLIC_TYPES = ("part of", "member of")


def add_participation(lib: Library, event_id: int, actor_id: int, role: str = "") -> int:
    """Say that an actor took part in an event, in a role (host, signatory, target...)."""
    values = column_values("participation", {"role": role})
    part = TABLES["participation"]
    with lib.write() as conn:
        require_row(conn, "event", event_id)
        require_row(conn, "actor", actor_id)
        duplicate = conn.execute(
            sa.select(part.c.id).where(
                part.c.event_id == event_id,
                part.c.actor_id == actor_id,
                part.c.role == values["role"],
            )
        ).first()
        if duplicate:
            raise ValidationError("That actor is already linked to this event in that role.")
        stmt = sa.insert(part).values(event_id=event_id, actor_id=actor_id, **values)
        return insert_id(conn, stmt)


def add_citation(
    lib: Library,
    source_id: int,
    *,
    event_id: int | None = None,
    relation_id: int | None = None,
    **fields: Any,
) -> int:
    """Cite a source for an event or a relation, with locator, quoted passage and credibility."""
    if (event_id is None) == (relation_id is None):
        raise ValidationError("A citation supports exactly one event or one relation.")
    values = column_values("citation", fields)
    with lib.write() as conn:
        require_row(conn, "source", source_id)
        if event_id is not None:
            require_row(conn, "event", event_id)
        elif relation_id is not None:  # (exactly one of the two is given: checked above)
            require_row(conn, "relation", relation_id)
        stmt = sa.insert(TABLES["citation"]).values(
            source_id=source_id, event_id=event_id, relation_id=relation_id, **values
        )
        return insert_id(conn, stmt)


def _end_columns(side: str, kind: str, entity_id: int) -> dict[str, int | None]:
    if kind not in ENDPOINT_KINDS:
        raise ValidationError(f"A relation joins actors and events, not a {kind}.")
    return {
        f"{side}_actor_id": entity_id if kind == "actor" else None,
        f"{side}_event_id": entity_id if kind == "event" else None,
    }


def reaches(conn: Connection, rel_type: str, start: tuple[str, int], goal: tuple[str, int]) -> bool:
    """True if `goal` can be reached from `start` following relations of `rel_type` forwards."""
    rel = TABLES["relation"]

    def onward(node: tuple[str, int]) -> list[tuple[str, int]]:
        kind, entity_id = node
        rows = conn.execute(
            sa.select(rel.c.to_actor_id, rel.c.to_event_id).where(
                rel.c.type == rel_type, rel.c[f"from_{kind}_id"] == entity_id
            )
        )
        return [("actor", a) if a is not None else ("event", e) for a, e in rows]

    return leads_to(start, goal, onward)


def add_relation(
    lib: Library, source: tuple[str, int], target: tuple[str, int], **fields: Any
) -> int:
    """Relate two entities, e.g. add_relation(lib, ("actor", 1), ("actor", 2), type="ally of")."""
    if "type" not in fields:
        raise ValidationError("A relation needs a type (ally of, member of, causes...).")
    if source == target:
        raise ValidationError("An entity cannot be related to itself.")
    values = column_values("relation", fields)
    values |= _end_columns("from", *source) | _end_columns("to", *target)
    with lib.write() as conn:
        require_row(conn, source[0], source[1])
        require_row(conn, target[0], target[1])
        if values["type"] in _ACYCLIC_TYPES and reaches(conn, values["type"], target, source):
            raise ValidationError(
                f"That would make a loop of {values['type']!r} relations "
                "(something cannot be part of itself)."
            )
        return insert_id(conn, sa.insert(TABLES["relation"]).values(**values))


def _tag_id(conn: Connection, name: str) -> int:
    tag = TABLES["tag"]
    found = conn.execute(sa.select(tag.c.id).where(tag.c.name == name)).scalar()
    if found is not None:
        return int(found)
    return insert_id(conn, sa.insert(tag).values(name=name))


def tags_of(conn: Connection, kind: str, entity_id: int) -> list[str]:
    tag, tagging = TABLES["tag"], TABLES["tagging"]
    stmt = (
        sa.select(tag.c.name)
        .join(tagging, tagging.c.tag_id == tag.c.id)
        .where(tagging.c[f"{kind}_id"] == entity_id)
        .order_by(tag.c.name)
    )
    return list(conn.execute(stmt).scalars())


def set_tags(lib: Library, kind: str, entity_id: int, names: list[str]) -> list[str]:
    """Make `names` the tags of an event, actor or source (creating new tags); return the old."""
    if kind not in ("event", "actor", "source"):
        raise ValidationError(f"Only events, actors and sources carry tags, not a {kind}.")
    clean = [column_values("tag", {"name": n})["name"] for n in names]
    tagging = TABLES["tagging"]
    with lib.write() as conn:
        require_row(conn, kind, entity_id)
        before = tags_of(conn, kind, entity_id)
        conn.execute(sa.delete(tagging).where(tagging.c[f"{kind}_id"] == entity_id))
        for name in dict.fromkeys(clean):
            conn.execute(
                sa.insert(tagging).values(tag_id=_tag_id(conn, name), **{f"{kind}_id": entity_id})
            )
    return before


def delete_many(lib: Library, kind: str, ids: list[int]) -> Snapshot:
    """Delete several records of one kind in one transaction (a bulk delete is one undo step)."""
    snapshot = Snapshot()
    with lib.write() as conn:
        for entity_id in ids:
            require_row(conn, kind, entity_id)
            snapshot.merge(remove(conn, kind, entity_id))
    return snapshot
