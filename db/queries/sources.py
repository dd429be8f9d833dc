"""A source's text as the reader needs it, and the known actors to look for in any text."""

from __future__ import annotations

from typing import NamedTuple

import sqlalchemy as sa

from db.curation.actor_finder import KnownActor
from db.engine import Library
from db.errors import NotFoundError
from db.store.snapshots import TABLES

_SOURCE, _ACTOR = TABLES["source"], TABLES["actor"]


class SourceText(NamedTuple):
    id: int
    title: str
    published_edtf: str | None
    reliability: str | None
    copy_of_id: int | None
    full_text: str | None


def source_text(lib: Library, source_id: int) -> SourceText:
    """One source's title, publication date, grade, copy link and full text."""
    stmt = sa.select(
        _SOURCE.c.id,
        _SOURCE.c.title,
        _SOURCE.c.published_edtf,
        _SOURCE.c.reliability,
        _SOURCE.c.copy_of_id,
        _SOURCE.c.full_text,
    ).where(_SOURCE.c.id == source_id)
    with lib.read() as conn:
        row = conn.execute(stmt).first()
    if row is None:
        raise NotFoundError(f"There is no source with id {source_id} (it may have been deleted).")
    return SourceText(*row)


def sources_with_text(lib: Library, source_ids: list[int]) -> set[int]:
    """Those of `source_ids` that have a full text to read."""
    stmt = sa.select(_SOURCE.c.id).where(
        _SOURCE.c.id.in_(source_ids), _SOURCE.c.full_text.is_not(None)
    )
    with lib.read() as conn:
        return set(conn.execute(stmt).scalars())


def original_of(lib: Library, source_id: int) -> int:
    """The source that `source_id` is ultimately a copy of (itself if it is no copy)."""
    seen = {source_id}
    with lib.read() as conn:
        while True:
            parent = conn.execute(
                sa.select(_SOURCE.c.copy_of_id).where(_SOURCE.c.id == source_id)
            ).scalar()
            if parent is None or parent in seen:
                return source_id
            seen.add(parent)
            source_id = parent


def known_actors(lib: Library) -> list[KnownActor]:
    """(id, name, aliases) of every actor, for finding their mentions in source text."""
    stmt = sa.select(_ACTOR.c.id, _ACTOR.c.name, _ACTOR.c.aliases).order_by(_ACTOR.c.id)
    with lib.read() as conn:
        return [(row.id, row.name, list(row.aliases or [])) for row in conn.execute(stmt)]
