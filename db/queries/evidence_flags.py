"""Events whose evidence needs a second look: contested dates, late reports, hindsight.

- **Contested**: two sources give the event dates that cannot both be right: their intervals
  (the date model's half-open key ranges) do not overlap ("9 July 2024" against "10 July 2024",
  or "15 July" outside "9-11 July 2024"). "July 2024" against "9 July 2024" agrees: one is
  only less precise. Two citations of one source never contest each other.
- **Reported late**: its earliest report (a citation's own report date, else its source's
  publication date) begins more than `late_days` after the event ended. The default, a year,
  is past the news cycle, the annual reports and the yearbooks that record events as they
  happen, so what is first told later comes from memoirs, histories or investigations: useful,
  but written with hindsight and a weaker memory.
- **Reported after later events**: every report came after an event related to it (a relation
  either way, e.g. "causes", "responds to") had ended; its sources all knew how things turned
  out. Only related events count: in any dense chronology some unrelated event always falls
  between an event and its first report.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

import sqlalchemy as sa

from db.dates import parse_date
from db.errors import ChronicleError
from db.models import Setting, table_of
from db.store.snapshots import TABLES

EVENT, _CIT, _SOURCE, _REL = (
    TABLES["event"],
    TABLES["citation"],
    TABLES["source"],
    TABLES["relation"],
)
CONTESTED, LATE, HINDSIGHT = "contested", "reported late", "reported after later events"
EVIDENCE_FLAGS = (CONTESTED, LATE, HINDSIGHT)
LATE_REPORT_DAYS = 365
LATE_SETTING = "evidence.late_report_days"  # in the library's settings: travels with the file
_DAY = 86_400
_CHUNK = 5_000


# ------------------------------------------------------------------------ contested dates


def dates_disagree(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """True if two [start, end) key ranges share no instant: the dates cannot both be right."""
    return a[1] <= b[0] or b[1] <= a[0]


class Claim(NamedTuple):
    """What one citation's source says about when the event happened."""

    citation_id: int
    source_id: int
    source_title: str
    asserted_edtf: str
    start_key: int
    end_key: int


def contested_pairs(claims: list[Claim]) -> list[tuple[Claim, Claim]]:
    """Pairs of claims by different sources whose dates disagree."""
    return [
        (a, b)
        for i, a in enumerate(claims)
        for b in claims[i + 1 :]
        if a.source_id != b.source_id
        and dates_disagree((a.start_key, a.end_key), (b.start_key, b.end_key))
    ]


def contested_expr() -> sa.Exists:
    """SQL: the event has two citations by different sources whose asserted dates disagree."""
    a, b = _CIT.alias("claim_a"), _CIT.alias("claim_b")
    return sa.exists().where(
        a.c.event_id == EVENT.c.id,
        b.c.event_id == EVENT.c.id,
        a.c.source_id != b.c.source_id,
        a.c.asserted_start_key.is_not(None),
        b.c.asserted_start_key.is_not(None),
        # Over every ordered pair, "a ends before b starts" finds both kinds of disjointness.
        a.c.asserted_end_key <= b.c.asserted_start_key,
    )


def claims_by_event(conn: sa.Connection, event_ids: list[int]) -> dict[int, list[Claim]]:
    """`claims` of several events at once."""
    stmt = (
        sa.select(
            _CIT.c.event_id,
            _CIT.c.id,
            _CIT.c.source_id,
            _SOURCE.c.title,
            _CIT.c.asserted_edtf,
            _CIT.c.asserted_start_key,
            _CIT.c.asserted_end_key,
        )
        .join(_SOURCE, _SOURCE.c.id == _CIT.c.source_id)
        .where(_CIT.c.event_id.in_(event_ids), _CIT.c.asserted_edtf.is_not(None))
        .order_by(_CIT.c.event_id, _CIT.c.id)
    )
    found: dict[int, list[Claim]] = defaultdict(list)
    for event_id, *rest in conn.execute(stmt):
        found[event_id].append(Claim(*rest))
    return found


# ------------------------------------------------------------------------ report dates


def late_report_days(conn: sa.Connection) -> int:
    """The library's threshold for "reported late", in days (LATE_REPORT_DAYS if unset)."""
    table = table_of(Setting)
    value = conn.execute(sa.select(table.c.value).where(table.c.key == LATE_SETTING)).scalar()
    try:
        return int(value) if value else LATE_REPORT_DAYS
    except ValueError:  # a hand-edited file: the default rather than a failure
        return LATE_REPORT_DAYS


@lru_cache(maxsize=4096)
def _published_start(edtf: str) -> int | None:
    try:
        return parse_date(edtf).start_key
    except ChronicleError:  # an odd stored date leaves the report date unknown, not an error
        return None


class ReportDates(NamedTuple):
    """When an event was first reported, and what that says about its evidence."""

    first_report_key: int | None  # start of the earliest report date (None: none known)
    first_report_edtf: str | None
    late: bool
    later_event: str | None  # title of a related later event every report came after


def _first_reports(conn: sa.Connection, event_ids: list[int]) -> dict[int, tuple[int, str]]:
    """Per event, the earliest (report start key, report EDTF) among its citations."""
    stmt = (
        sa.select(
            _CIT.c.event_id,
            _CIT.c.reported_start_key,
            _CIT.c.reported_edtf,
            _SOURCE.c.published_edtf,
        )
        .join(_SOURCE, _SOURCE.c.id == _CIT.c.source_id)
        .where(_CIT.c.event_id.in_(event_ids))
    )
    first: dict[int, tuple[int, str]] = {}
    for event_id, key, reported, published in conn.execute(stmt):
        if key is None and published:
            key, reported = _published_start(published), published
        if key is not None and (event_id not in first or key < first[event_id][0]):
            first[event_id] = (key, reported)
    return first


def _later_related(conn: sa.Connection, event_ids: list[int]) -> dict[int, list[tuple[int, str]]]:
    """Per event, (end key, title) of the related events that began after it ended."""
    this, other = EVENT.alias("this_event"), EVENT.alias("other_event")
    found: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for near, far in (("from_event_id", "to_event_id"), ("to_event_id", "from_event_id")):
        stmt = (
            sa.select(this.c.id, other.c.end_key, other.c.title)
            .select_from(_REL)
            .join(this, this.c.id == _REL.c[near])
            .join(other, other.c.id == _REL.c[far])
            .where(this.c.id.in_(event_ids), other.c.start_key >= this.c.end_key)
        )
        for event_id, end_key, title in conn.execute(stmt):
            found[event_id].append((end_key, title))
    return found


def report_dates(
    conn: sa.Connection, event_ids: Iterable[int], late_days: int | None = None
) -> dict[int, ReportDates]:
    """Report dates and flags of the given events (events without citations are left out);
    `late_days` None: the library's setting."""
    if late_days is None:
        late_days = late_report_days(conn)
    ids = list(dict.fromkeys(event_ids))
    result: dict[int, ReportDates] = {}
    for begin in range(0, len(ids), _CHUNK):
        chunk = ids[begin : begin + _CHUNK]
        first = _first_reports(conn, chunk)
        later = _later_related(conn, chunk)
        ends_stmt = sa.select(EVENT.c.id, EVENT.c.end_key).where(EVENT.c.id.in_(chunk))
        ends = dict(conn.execute(ends_stmt).all())
        cited = conn.execute(
            sa.select(_CIT.c.event_id).where(_CIT.c.event_id.in_(chunk)).distinct()
        ).scalars()
        for event_id in cited:
            key, edtf = first.get(event_id, (None, None))
            late = key is not None and key - ends[event_id] > late_days * _DAY
            after = None
            if key is not None:
                done = [
                    title for end_key, title in sorted(later.get(event_id, [])) if end_key <= key
                ]
                after = done[0] if done else None
            result[event_id] = ReportDates(key, edtf, late, after)
    return result


def _cited_event_ids(conn: sa.Connection) -> list[int]:
    stmt = sa.select(_CIT.c.event_id).where(_CIT.c.event_id.is_not(None)).distinct()
    return list(conn.execute(stmt).scalars())


def flagged_report_ids(conn: sa.Connection, flag: str, late_days: int | None) -> list[int]:
    """Ids of the events reported late (LATE) or only after later events (HINDSIGHT)."""
    dates = report_dates(conn, _cited_event_ids(conn), late_days)
    if flag == LATE:
        return sorted(i for i, d in dates.items() if d.late)
    return sorted(i for i, d in dates.items() if d.later_event is not None)


def flag_condition(
    flag: str, conn: sa.Connection, late_days: int | None = None
) -> sa.ColumnElement[bool]:
    """SQL condition on `event` keeping the events that carry `flag`."""
    if flag == CONTESTED:
        return contested_expr()
    if flag in (LATE, HINDSIGHT):
        return EVENT.c.id.in_(flagged_report_ids(conn, flag, late_days))
    raise ValueError(f"unknown evidence flag {flag!r}")
