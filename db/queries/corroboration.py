"""Why an event has the independent sources it has, and what a source's fall would cost.

`corroboration` explains one event's count ("3 sources, 2 independent: “B” draws on “A”");
`support_drops` lists the events whose count falls when a source is marked discredited or
retracted (asked before the change, shown in a dialog and in the evidence report).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

import sqlalchemy as sa

from db.engine import Library
from db.errors import NotFoundError
from db.queries.lineage import COPY, NOT_COUNTED, Lineages
from db.store.snapshots import TABLES

_CIT, _SOURCE, _EVENT = TABLES["citation"], TABLES["source"], TABLES["event"]


class CitingSource(NamedTuple):
    source_id: int
    title: str
    status: str


class Corroboration(NamedTuple):
    event_id: int
    sources: list[CitingSource]  # distinct citing sources, in citation order
    independent: int
    explanation: str


class SupportDrop(NamedTuple):
    event_id: int
    title: str
    before: int  # independent sources now
    after: int  # once the source no longer counts


def citing_sources(conn: sa.Connection, event_ids: list[int]) -> dict[int, list[CitingSource]]:
    stmt = (
        sa.select(_CIT.c.event_id, _SOURCE.c.id, _SOURCE.c.title, _SOURCE.c.status)
        .join(_SOURCE, _SOURCE.c.id == _CIT.c.source_id)
        .where(_CIT.c.event_id.in_(event_ids))
        .order_by(_CIT.c.event_id, _CIT.c.id)
    )
    found: dict[int, list[CitingSource]] = defaultdict(list)
    for event_id, source_id, title, status in conn.execute(stmt):
        if all(s.source_id != source_id for s in found[event_id]):
            found[event_id].append(CitingSource(source_id, title, status))
    return found


def independent_count(
    sources: Iterable[CitingSource], lineages: Lineages, dropped: int | None = None
) -> int:
    """Lineages among the counted sources (not discredited, retracted, nor `dropped`)."""
    counted = [
        s.source_id for s in sources if s.status not in NOT_COUNTED and s.source_id != dropped
    ]
    return len(lineages.groups(counted))


def titles_by_id(conn: sa.Connection, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    stmt = sa.select(_SOURCE.c.id, _SOURCE.c.title).where(_SOURCE.c.id.in_(sorted(ids)))
    return dict(conn.execute(stmt).all())


def explain(sources: list[CitingSource], lineages: Lineages, titles: dict[int, str]) -> str:
    """ "3 sources, 2 independent: “B” draws on “A”; “C” is retracted." (titles by id)"""
    independent = independent_count(sources, lineages)
    noun = "source" if len(sources) == 1 else "sources"
    head = f"{len(sources)} {noun}, {independent} independent"
    if not sources:
        return "No sources."
    reasons = []
    counted = [s.source_id for s in sources if s.status not in NOT_COUNTED]
    joined = [group for group in lineages.groups(counted) if len(group) > 1]
    for group in joined:
        for link in lineages.links_within(group):
            verb = "is a copy of" if link.kind == COPY else "draws on"
            reasons.append(f"“{titles[link.source_id]}” {verb} “{titles[link.other_id]}”")
    reasons += [f"“{s.title}” is {s.status}" for s in sources if s.status in NOT_COUNTED]
    return head + (": " + "; ".join(reasons) if reasons else "") + "."


def corroboration(lib: Library, event_id: int) -> Corroboration:
    """The sources citing an event, how many are independent, and why."""
    with lib.read() as conn:
        if conn.execute(sa.select(_EVENT.c.id).where(_EVENT.c.id == event_id)).first() is None:
            raise NotFoundError(f"There is no event with id {event_id} (it may be deleted).")
        lineages = Lineages.load(conn)
        sources = citing_sources(conn, [event_id]).get(event_id, [])
        counted = [s.source_id for s in sources if s.status not in NOT_COUNTED]
        ids = {n for link in lineages.links_within(counted) for n in link[:2]}
        titles = titles_by_id(conn, ids)
    return Corroboration(
        event_id,
        sources,
        independent_count(sources, lineages),
        explain(sources, lineages, titles),
    )


def support_drops(lib: Library, source_id: int) -> list[SupportDrop]:
    """Events whose independent sources fall when `source_id` no longer counts (weakest after
    first); `before` counts the source even if it is already discredited or retracted."""
    with lib.read() as conn:
        lineages = Lineages.load(conn)
        cited = sa.select(_CIT.c.event_id).where(
            _CIT.c.source_id == source_id, _CIT.c.event_id.is_not(None)
        )
        event_ids = list(conn.execute(cited.distinct()).scalars())
        titles = dict(
            conn.execute(
                sa.select(_EVENT.c.id, _EVENT.c.title).where(_EVENT.c.id.in_(event_ids))
            ).all()
        )
        citing = citing_sources(conn, event_ids)
    drops = []
    for event_id in event_ids:
        # As if the source counted: for one already retracted, what its retraction cost.
        sources = [
            s._replace(status="") if s.source_id == source_id else s for s in citing[event_id]
        ]
        before = independent_count(sources, lineages)
        after = independent_count(sources, lineages, dropped=source_id)
        if after < before:
            drops.append(SupportDrop(event_id, titles[event_id], before, after))
    return sorted(drops, key=lambda d: (d.after, d.title.casefold(), d.event_id))


def discounted_sources(lib: Library) -> list[tuple[int, str, str]]:
    """(id, title, status) of every discredited or retracted source, by title."""
    stmt = (
        sa.select(_SOURCE.c.id, _SOURCE.c.title, _SOURCE.c.status)
        .where(_SOURCE.c.status.in_(NOT_COUNTED))
        .order_by(_SOURCE.c.title, _SOURCE.c.id)
    )
    with lib.read() as conn:
        return [tuple(row) for row in conn.execute(stmt)]


def draws_on(lib: Library, source_id: int) -> list[tuple[int, int, str]]:
    """(link id, source id, title) of the sources `source_id` draws on, in the order linked."""
    der = TABLES["source_derivation"]
    stmt = (
        sa.select(der.c.id, _SOURCE.c.id, _SOURCE.c.title)
        .join(_SOURCE, _SOURCE.c.id == der.c.derived_from_id)
        .where(der.c.source_id == source_id)
        .order_by(der.c.id)
    )
    with lib.read() as conn:
        return [tuple(row) for row in conn.execute(stmt)]
