"""How well each event is sourced, and which sources are copies of one another.

An event's independent sources count a source and its copies (`copy_of_id`) once; its best
grade is the best Admiralty reliability (A best, F "cannot be judged") among the sources citing
it, its best credibility the lowest credibility number (1 "confirmed") among its citations.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

import sqlalchemy as sa

from db.curation.copies import cached_profile, find_copies
from db.dates import format_date
from db.engine import Library
from db.errors import ChronicleError, NotFoundError
from db.queries.corroboration import citing_sources, explain, titles_by_id
from db.queries.event_select import event_columns
from db.queries.evidence_flags import (
    HINDSIGHT,
    LATE,
    claims_by_event,
    contested_expr,
    report_dates,
)
from db.queries.filters import EVENT, EventFilter, conditions, source_count_expr
from db.queries.labels import source_titles_by_event
from db.queries.lineage import NOT_COUNTED, Lineages
from db.store.snapshots import TABLES

_CIT, _SOURCE = TABLES["citation"], TABLES["source"]
UNSOURCED, SINGLE_SOURCE, CORROBORATED = "unsourced", "single source", "corroborated"
# The Admiralty (NATO) scale: how reliable a source is, how credible one piece of information.
GRADE_MEANINGS = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
CREDIBILITY_MEANINGS = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}
_PAGE = 2_000


class EventEvidence(NamedTuple):
    event_id: int
    title: str
    when_edtf: str
    start_key: int
    source_count: int  # independent sources: copies count with their original
    citation_count: int
    best_grade: str | None
    best_credibility: int | None
    source_titles: str  # titles of the citing sources, "; "-joined, in citation order
    contested: bool = False  # two sources give dates that cannot both be right
    first_reported: str = ""  # EDTF of the earliest report date ("" if none is known)
    report_flags: tuple[str, ...] = ()  # LATE, HINDSIGHT (with the later event's title)
    later_event: str = ""  # the related later event every report came after (HINDSIGHT)
    claims: str = ""  # who says what date: “A”: 2024-07-09; “B”: 2024-07-10
    not_counted: str = ""  # citing sources marked discredited or retracted
    explanation: str = ""  # why the independent count is what it is


def best_grade_expr() -> sa.ScalarSelect[str | None]:
    """Best reliability grade among the sources citing the event (None if none is graded)."""
    return (
        sa.select(sa.func.min(_SOURCE.c.reliability))
        .select_from(_CIT.join(_SOURCE, _SOURCE.c.id == _CIT.c.source_id))
        .where(_CIT.c.event_id == EVENT.c.id)
        .scalar_subquery()
    )


def _best_credibility_expr() -> sa.ScalarSelect[int | None]:
    return (
        sa.select(sa.func.min(_CIT.c.credibility))
        .where(_CIT.c.event_id == EVENT.c.id)
        .scalar_subquery()
    )


def _citation_count_expr() -> sa.ScalarSelect[int]:
    return sa.select(sa.func.count()).where(_CIT.c.event_id == EVENT.c.id).scalar_subquery()


def strength(evidence: EventEvidence) -> str:
    """ "unsourced", "single source" or "corroborated" (two or more independent sources)."""
    if evidence.source_count == 0:
        return UNSOURCED
    return SINGLE_SOURCE if evidence.source_count == 1 else CORROBORATED


def _select() -> sa.Select[Any]:
    """EventEvidence's columns up to `source_titles`; the page adds that and the rest."""
    fields = EventEvidence._fields[: EventEvidence._fields.index("source_titles")]
    return sa.select(
        *event_columns(
            fields,
            event_id=EVENT.c.id,
            source_count=source_count_expr(),
            citation_count=_citation_count_expr(),
            best_grade=best_grade_expr(),
            best_credibility=_best_credibility_expr(),
        )
    )


def _readable(edtf: str) -> str:
    try:
        return format_date(edtf)
    except ChronicleError:  # shown as stored rather than not at all
        return edtf


def _with_titles(
    conn: sa.Connection, rows: Sequence[sa.Row[Any]], late_days: int | None = None
) -> list[EventEvidence]:
    """Complete a page of rows with titles, flags and explanations (a few queries a page)."""
    ids = [r.event_id for r in rows]
    titles = source_titles_by_event(conn, ids)
    contested = set(
        conn.execute(sa.select(EVENT.c.id).where(EVENT.c.id.in_(ids), contested_expr())).scalars()
    )
    dates = report_dates(conn, ids, late_days)
    claims = claims_by_event(conn, ids)
    lineages = Lineages.load(conn)
    citing = citing_sources(conn, ids)
    linked = {n for link in lineages.links for n in link[:2]}
    link_titles = titles_by_id(conn, linked)
    page = []
    for row in rows:
        report = dates.get(row.event_id)
        flags: tuple[str, ...] = ()
        if report is not None:
            flags = ((LATE,) if report.late else ()) + (
                (f"{HINDSIGHT} (“{report.later_event}”)",) if report.later_event else ()
            )
        sources = citing.get(row.event_id, [])
        page.append(
            EventEvidence(
                **row._mapping,
                source_titles="; ".join(titles.get(row.event_id, [])),
                contested=row.event_id in contested,
                first_reported=(report.first_report_edtf or "") if report else "",
                report_flags=flags,
                later_event=(report.later_event or "") if report else "",
                claims="; ".join(
                    f"“{c.source_title}”: {_readable(c.asserted_edtf)}"
                    for c in claims.get(row.event_id, [])
                ),
                not_counted="; ".join(
                    f"“{s.title}” ({s.status})" for s in sources if s.status in NOT_COUNTED
                ),
                explanation=explain(sources, lineages, link_titles) if sources else "",
            )
        )
    return page


def event_evidence(
    lib: Library, event_ids: Iterable[int], late_days: int | None = None
) -> dict[int, EventEvidence]:
    """Evidence of the given events, by id (missing ids are left out)."""
    ids = list(dict.fromkeys(event_ids))
    found: dict[int, EventEvidence] = {}
    with lib.read() as conn:
        for begin in range(0, len(ids), _PAGE):
            chunk = ids[begin : begin + _PAGE]
            rows = conn.execute(_select().where(EVENT.c.id.in_(chunk))).all()
            found.update((e.event_id, e) for e in _with_titles(conn, rows, late_days))
    return found


def iter_evidence(
    lib: Library, filt: EventFilter | None = None, late_days: int | None = None
) -> Iterator[EventEvidence]:
    """Evidence of every event (matching `filt`), weakest first, then by date; page by page."""
    count = source_count_expr()
    weakest_first = [
        sa.case((count == 0, 0), (count == 1, 1), else_=2),
        best_grade_expr().desc().nulls_first(),
        EVENT.c.start_key,
        EVENT.c.id,
    ]
    offset = 0
    while True:
        with lib.read() as conn:
            stmt = _select().where(*conditions(filt, conn)).order_by(*weakest_first)
            rows = conn.execute(stmt.offset(offset).limit(_PAGE)).all()
            page = _with_titles(conn, rows, late_days)
        yield from page
        if len(rows) < _PAGE:
            return
        offset += _PAGE


# ------------------------------------------------------------------------ near-copies


def near_duplicates(lib: Library, source_id_or_text: int | str) -> list[tuple[int, str, float]]:
    """Sources whose full text is a near-copy of a source's (or of `text`): (id, title, score).

    The score is `CopyScore.value` (the larger share of word 3-grams or of names and numbers in
    order that the shorter text shares with the longer); most similar first; a source is never
    its own near-copy.
    """
    with lib.read() as conn:
        if isinstance(source_id_or_text, str):
            own_id, text = None, source_id_or_text
        else:
            own_id = source_id_or_text
            row = conn.execute(sa.select(_SOURCE.c.full_text).where(_SOURCE.c.id == own_id)).first()
            if row is None:
                raise NotFoundError(f"There is no source with id {own_id} (it may be deleted).")
            text = row.full_text or ""
        others = sa.select(_SOURCE.c.id, _SOURCE.c.title, _SOURCE.c.full_text).where(
            _SOURCE.c.full_text.is_not(None)
        )
        if own_id is not None:
            others = others.where(_SOURCE.c.id != own_id)
        rows = conn.execute(others).all()
    if not text.strip():
        return []
    titles: dict[int, str] = {r.id: r.title for r in rows}
    candidates = ((r.id, cached_profile(r.full_text)) for r in rows)
    found = find_copies(cached_profile(text), candidates)
    return [(source_id, titles[source_id], score.value) for source_id, score in found]
