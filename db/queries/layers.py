"""What the timeline draws over and behind its lanes: era bands and relations between events.

An era is a span event carrying the band tag ("era" by default: the thetimelineproj import
maps its eras to span events tagged "era"). Both questions are asked for one window of the
timeline only, so their cost follows what is on screen, not the size of the library.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, NamedTuple

import sqlalchemy as sa

from db.engine import Library
from db.queries.filters import EVENT
from db.store.snapshots import TABLES

ERA_TAG = "era"
_TAGGING, _TAG, _RELATION = TABLES["tagging"], TABLES["tag"], TABLES["relation"]
_CHUNK = 900  # ids per IN (...): under every SQLite build's limit of bound parameters


class Band(NamedTuple):
    """An era drawn as a background band across all lanes."""

    event_id: int
    title: str
    start_key: int
    end_key: int
    color: str | None  # the event's own colour, else its tag's


class EventLink(NamedTuple):
    """A relation from one event to another, both shown."""

    relation_id: int
    from_event_id: int
    to_event_id: int
    type: str


def _tagged(tag: str) -> sa.Select[Any]:
    """(event id, tag colour) of the events carrying `tag`, in any case ("Era", "era")."""
    return (
        sa.select(_TAGGING.c.event_id, _TAG.c.color)
        .join(_TAG, _TAG.c.id == _TAGGING.c.tag_id)
        .where(sa.func.lower(_TAG.c.name) == tag.lower(), _TAGGING.c.event_id.is_not(None))
    )


def has_band_tag(lib: Library, tag: str = ERA_TAG) -> bool:
    """True if some event carries `tag` (then those events are drawn as bands)."""
    with lib.read() as conn:
        return conn.execute(_tagged(tag).limit(1)).first() is not None


def era_bands(lib: Library, start: int, end: int, tag: str = ERA_TAG) -> list[Band]:
    """Events tagged `tag` overlapping [start, end), longest first (drawn first, underneath)."""
    tagged = _tagged(tag).subquery()
    stmt = (
        sa.select(
            EVENT.c.id, EVENT.c.title, EVENT.c.start_key, EVENT.c.end_key,
            sa.func.coalesce(EVENT.c.color, sa.func.max(tagged.c.color)),
        )
        .join(tagged, tagged.c.event_id == EVENT.c.id)
        .where(EVENT.c.start_key < end, EVENT.c.end_key > start)
        .group_by(EVENT.c.id)
        .order_by((EVENT.c.end_key - EVENT.c.start_key).desc(), EVENT.c.id)
    )  # fmt: skip
    with lib.read() as conn:
        return [Band(*row) for row in conn.execute(stmt)]


def links_among(lib: Library, event_ids: Collection[int]) -> list[EventLink]:
    """Event-to-event relations whose two ends are both in `event_ids` (the shown events)."""
    shown = set(event_ids)
    if not shown:
        return []
    ids = sorted(shown)
    links: list[EventLink] = []
    with lib.read() as conn:
        for first in range(0, len(ids), _CHUNK):
            stmt = (
                sa.select(
                    _RELATION.c.id,
                    _RELATION.c.from_event_id,
                    _RELATION.c.to_event_id,
                    _RELATION.c.type,
                )
                .where(_RELATION.c.from_event_id.in_(ids[first : first + _CHUNK]))
                .where(_RELATION.c.to_event_id.is_not(None))
                .order_by(_RELATION.c.id)
            )
            links.extend(EventLink(*row) for row in conn.execute(stmt) if row[2] in shown)
    return links
