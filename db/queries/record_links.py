"""The links the inspector lists under an actor or a source, a bounded page of them at a time.

An event has a handful of actors and citations, but an actor or a source of a big dataset
can have hundreds of thousands of events (an ACLED actor; a news agency cited by every row).
Reading them all to fill a six-row table took seconds at 100,000 events, and at 1,000,000 the
list of their ids overran SQLite's limit on query parameters. So the inspector asks for the
first `SHOWN_LINKS` links and their total, and says how to see the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import sqlalchemy as sa

from db.engine import Library
from db.queries.lists import CitationRow, citations
from db.store.snapshots import TABLES

SHOWN_LINKS = 500
# Links counted at most: the busiest actor of 10,000,000 events has millions, and counting
# them took 0.3 s a click; past this the note says "more than".
COUNTED_LINKS = 100_000

_EVENT, _PART, _CIT = TABLES["event"], TABLES["participation"], TABLES["citation"]


class ActorEventLink(NamedTuple):
    id: int  # the participation's
    event_id: int
    title: str
    when_edtf: str
    role: str


def actor_event_links(
    lib: Library, actor_id: int, limit: int | None = None
) -> tuple[list[ActorEventLink], int]:
    """The first `limit` (default SHOWN_LINKS) events `actor_id` took part in, in the order
    they were linked, with the number of them all (COUNTED_LINKS + 1 meaning more than
    COUNTED_LINKS)."""
    stmt = (
        sa.select(_PART.c.id, _PART.c.event_id, _EVENT.c.title, _EVENT.c.when_edtf, _PART.c.role)
        .join(_EVENT, _EVENT.c.id == _PART.c.event_id)
        .where(_PART.c.actor_id == actor_id)
        .order_by(_PART.c.id)
        .limit(limit or SHOWN_LINKS)
    )
    total = _bounded_count(sa.select(_PART.c.id).where(_PART.c.actor_id == actor_id))
    with lib.read() as conn:
        rows = [ActorEventLink._make(row) for row in conn.execute(stmt)]
        return rows, conn.execute(total).scalar_one()


def source_citation_links(
    lib: Library, source_id: int, limit: int | None = None
) -> tuple[list[CitationRow], int]:
    """The first `limit` (default SHOWN_LINKS) citations of `source_id`, in the order they
    were made, with the number of them all (as `actor_event_links` counts them)."""
    total = _bounded_count(sa.select(_CIT.c.id).where(_CIT.c.source_id == source_id))
    rows = citations(lib, source_id=source_id, limit=limit or SHOWN_LINKS)
    with lib.read() as conn:
        return rows, conn.execute(total).scalar_one()


def _bounded_count(links: sa.Select[Any]) -> sa.Select[Any]:
    """How many rows `links` gives, counting at most COUNTED_LINKS + 1 of them."""
    some = links.limit(COUNTED_LINKS + 1).subquery()
    return sa.select(sa.func.count()).select_from(some)


def event_titles(lib: Library, event_ids: Sequence[int]) -> dict[int, str]:
    """Titles of a page of events (at most a few hundred ids), by id."""
    if not event_ids:
        return {}
    stmt = sa.select(_EVENT.c.id, _EVENT.c.title).where(_EVENT.c.id.in_(list(event_ids)))
    with lib.read() as conn:
        return {row.id: row.title for row in conn.execute(stmt)}
