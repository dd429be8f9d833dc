"""Names of what events link to (actors, sources), fetched for a page of events at once."""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa

from db.store.snapshots import TABLES

ACTOR, SOURCE, PART, CIT = (
    TABLES["actor"],
    TABLES["source"],
    TABLES["participation"],
    TABLES["citation"],
)


def labels_by_event(
    conn: sa.Connection,
    link: sa.Table,
    target: sa.Table,
    label: sa.Column[str],
    event_ids: list[int],
) -> dict[int, list[str]]:
    """Per event, the distinct labels of what `link` ties it to (actor names, source titles)."""
    labels: dict[int, list[str]] = defaultdict(list)
    if not event_ids:
        return labels
    target_id = link.c.actor_id if target is ACTOR else link.c.source_id
    stmt = (
        sa.select(link.c.event_id, label)
        .join(target, target.c.id == target_id)
        .where(link.c.event_id.in_(event_ids))
        .order_by(link.c.event_id, link.c.id)
    )
    for event_id, text in conn.execute(stmt):
        if text not in labels[event_id]:
            labels[event_id].append(text)
    return labels


def actor_names_by_event(conn: sa.Connection, event_ids: list[int]) -> dict[int, list[str]]:
    return labels_by_event(conn, PART, ACTOR, ACTOR.c.name, event_ids)


def source_titles_by_event(conn: sa.Connection, event_ids: list[int]) -> dict[int, list[str]]:
    return labels_by_event(conn, CIT, SOURCE, SOURCE.c.title, event_ids)
