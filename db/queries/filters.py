"""Event filters shared by the timeline, the lists, the graph and exports, applied in SQL."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from db.models import RELIABILITY_GRADES
from db.queries.evidence_flags import flag_condition
from db.queries.lineage import NOT_COUNTED, lineage_roots
from db.queries.search import matches_text
from db.store.snapshots import TABLES

EVENT = TABLES["event"]
_PART, _CIT, _TAGGING, _TAG, _SOURCE = (
    TABLES["participation"],
    TABLES["citation"],
    TABLES["tagging"],
    TABLES["tag"],
    TABLES["source"],
)


@dataclass(frozen=True)
class EventFilter:
    """Which events to show. Empty fields do not filter; filled ones all must hold."""

    actor_ids: tuple[int, ...] = ()
    tags: tuple[str, ...] = ()
    source_ids: tuple[int, ...] = ()
    categories: tuple[str, ...] = ()
    min_reliability: str | None = None  # keep events cited by a source graded this or better
    text: str = ""
    start_key: int | None = None
    end_key: int | None = None
    max_sources: int | None = None  # 0: unsourced only; 1: at most one source
    evidence_flag: str | None = None  # one of EVIDENCE_FLAGS: contested, reported late...
    event_ids: tuple[int, ...] | None = None
    hidden_tags: tuple[str, ...] = ()  # events with one of these tags are left out (era bands)

    def is_empty(self) -> bool:
        return self == EventFilter()


def source_count_expr() -> sa.ScalarSelect[int]:
    """Independent sources citing the event: lineages of citing sources (db/queries/lineage),
    so copies and sources drawing on one another count once; discredited or retracted sources
    do not count."""
    roots = lineage_roots()
    return (
        sa.select(sa.func.count(sa.distinct(sa.func.coalesce(roots.c.root, _CIT.c.source_id))))
        .select_from(
            _CIT.join(_SOURCE, _SOURCE.c.id == _CIT.c.source_id).outerjoin(
                roots, roots.c.src == _CIT.c.source_id
            )
        )
        .where(_CIT.c.event_id == EVENT.c.id, _SOURCE.c.status.not_in(NOT_COUNTED))
        .scalar_subquery()
    )


def conditions(filt: EventFilter | None, conn: sa.Connection) -> list[sa.ColumnElement[bool]]:
    """SQL conditions on the `event` table for `filt`."""
    if filt is None:
        return []
    conds: list[sa.ColumnElement[bool]] = []
    if filt.actor_ids:
        conds.append(
            EVENT.c.id.in_(sa.select(_PART.c.event_id).where(_PART.c.actor_id.in_(filt.actor_ids)))
        )
    if filt.tags:
        tagged = (
            sa.select(_TAGGING.c.event_id)
            .join(_TAG, _TAG.c.id == _TAGGING.c.tag_id)
            .where(_TAG.c.name.in_(filt.tags))
        )
        conds.append(EVENT.c.id.in_(tagged))
    if filt.hidden_tags:
        hidden = (
            sa.select(_TAGGING.c.event_id)
            .join(_TAG, _TAG.c.id == _TAGGING.c.tag_id)
            .where(sa.func.lower(_TAG.c.name).in_([t.lower() for t in filt.hidden_tags]))
            .where(_TAGGING.c.event_id.is_not(None))
        )
        conds.append(EVENT.c.id.not_in(hidden))
    if filt.source_ids:
        conds.append(
            EVENT.c.id.in_(sa.select(_CIT.c.event_id).where(_CIT.c.source_id.in_(filt.source_ids)))
        )
    if filt.categories:
        conds.append(EVENT.c.category.in_(filt.categories))
    if filt.min_reliability:
        good = RELIABILITY_GRADES[: RELIABILITY_GRADES.index(filt.min_reliability) + 1]
        cited = (
            sa.select(_CIT.c.event_id)
            .join(_SOURCE, _SOURCE.c.id == _CIT.c.source_id)
            .where(_SOURCE.c.reliability.in_(good))
        )
        conds.append(EVENT.c.id.in_(cited))
    if filt.text.strip():
        conds.append(matches_text(conn, EVENT.c.id, filt.text, "event"))
    if filt.start_key is not None:
        conds.append(EVENT.c.end_key > filt.start_key)
    if filt.end_key is not None:
        conds.append(EVENT.c.start_key < filt.end_key)
    if filt.max_sources is not None:
        conds.append(source_count_expr() <= filt.max_sources)
    if filt.event_ids is not None:
        conds.append(EVENT.c.id.in_(filt.event_ids))
    if filt.evidence_flag is not None:
        conds.append(flag_condition(filt.evidence_flag, conn))
    return conds
