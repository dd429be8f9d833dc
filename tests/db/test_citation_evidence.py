"""Issue 15 items 4-6: report dates, independent sources through derivation chains and copies,
discredited sources, and contested dates (every library test runs on SQLite and PostgreSQL)."""

from __future__ import annotations

import csv

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from db import queries, store
from db.errors import DateError, ValidationError
from db.exchange.evidence_report import write_evidence_report
from db.exchange.json_ import export_json
from db.exchange.library_records import export_records
from db.exchange.loader import load_records
from db.queries import EventFilter
from db.queries.corroboration import corroboration, support_drops
from db.queries.evidence import event_evidence
from db.queries.evidence_flags import (
    CONTESTED,
    HINDSIGHT,
    LATE,
    Claim,
    contested_pairs,
    dates_disagree,
    report_dates,
)
from db.store.settings import set_late_report_days


def _source(lib, title, published=None, **fields):
    return store.create(lib, "source", title=title, published=published, **fields)


def _count(lib, event_id):
    return event_evidence(lib, [event_id])[event_id].source_count


def _listed(lib, flag):
    return [row.title for row in queries.list_events(lib, EventFilter(evidence_flag=flag))]


# ------------------------------------------------------------------ independence


def test_a_chain_of_derivations_counts_once(lib):
    a, b, c, d = (_source(lib, name) for name in "ABCD")
    event = store.create(lib, "event", title="Summit", when="2024-07-09")
    for source in (a, b, c, d):
        store.add_citation(lib, source, event_id=event)
    assert _count(lib, event) == 4
    store.add_derivation(lib, b, a)
    assert _count(lib, event) == 3
    assert corroboration(lib, event).explanation == "4 sources, 3 independent: “B” draws on “A”."
    store.add_derivation(lib, c, b)  # C -> B -> A: one lineage of three
    assert _count(lib, event) == 2
    assert queries.count_events(lib, EventFilter(max_sources=1)) == 0
    store.update(lib, "source", d, copy_of=c)  # a copy of the chain's end joins it too
    assert _count(lib, event) == 1
    assert queries.count_events(lib, EventFilter(max_sources=1)) == 1
    explained = corroboration(lib, event)
    assert explained.independent == 1
    assert "“D” is a copy of “C”" in explained.explanation
    assert "“C” draws on “B”" in explained.explanation


def test_two_sources_drawing_on_an_uncited_third_are_not_independent(lib):
    wire, report, blog = _source(lib, "Wire"), _source(lib, "Report"), _source(lib, "Blog")
    event = store.create(lib, "event", title="Raid", when="2003-03-20")
    store.add_citation(lib, report, event_id=event)
    store.add_citation(lib, blog, event_id=event)
    store.add_derivation(lib, report, wire)
    store.add_derivation(lib, blog, wire)
    assert _count(lib, event) == 1
    assert corroboration(lib, event).explanation == (
        "2 sources, 1 independent: “Report” draws on “Wire”; “Blog” draws on “Wire”."
    )


def test_derivation_links_refuse_loops_and_repeats(lib):
    a, b = _source(lib, "A"), _source(lib, "B")
    store.add_derivation(lib, b, a)
    with pytest.raises(ValidationError, match="already draws on"):
        store.add_derivation(lib, b, a)
    with pytest.raises(ValidationError, match="cannot draw on each other"):
        store.add_derivation(lib, a, b)
    with pytest.raises(ValidationError, match="itself"):
        store.add_derivation(lib, a, a)


def test_deleting_a_source_takes_its_links_and_undo_puts_them_back(lib):
    a, b = _source(lib, "A"), _source(lib, "B")
    event = store.create(lib, "event", title="E", when="2020")
    store.add_citation(lib, a, event_id=event)
    store.add_citation(lib, b, event_id=event)
    store.add_derivation(lib, b, a)
    snapshot = store.delete(lib, "source", a)
    assert snapshot.count("source_derivation") == 1
    assert _count(lib, event) == 1
    store.restore(lib, snapshot)
    assert _count(lib, event) == 1  # B still draws on A
    assert corroboration(lib, event).explanation.endswith("“B” draws on “A”.")


def test_a_retracted_source_no_longer_counts_and_the_drop_is_listed_first(lib):
    a, b, c = _source(lib, "A"), _source(lib, "B"), _source(lib, "C")
    strong = store.create(lib, "event", title="Strong", when="2020")
    weak = store.create(lib, "event", title="Weak", when="2021")
    shared = store.create(lib, "event", title="Shared", when="2022")
    for source in (a, b):
        store.add_citation(lib, source, event_id=strong)
    store.add_citation(lib, a, event_id=weak)
    store.add_citation(lib, a, event_id=shared)
    store.add_citation(lib, c, event_id=shared)
    store.add_derivation(lib, c, a)  # Shared: C draws on A, so A's fall costs nothing
    drops = support_drops(lib, a)
    assert [(d.title, d.before, d.after) for d in drops] == [("Weak", 1, 0), ("Strong", 2, 1)]
    store.update(lib, "source", a, status="retracted")
    assert _count(lib, strong) == 1 and _count(lib, weak) == 0 and _count(lib, shared) == 1
    assert "“A” is retracted" in corroboration(lib, strong).explanation
    # Already retracted: the list still says what the retraction cost.
    assert [d.title for d in support_drops(lib, a)] == ["Weak", "Strong"]
    with pytest.raises(ValidationError):
        store.update(lib, "source", a, status="lost")


# ------------------------------------------------------------------ contested dates


@given(
    st.tuples(st.integers(-(10**9), 10**9), st.integers(1, 10**7)),
    st.tuples(st.integers(-(10**9), 10**9), st.integers(1, 10**7)),
)
def test_disagreement_is_symmetric_and_a_date_agrees_with_itself(a, b):
    first, second = (a[0], a[0] + a[1]), (b[0], b[0] + b[1])
    assert dates_disagree(first, second) == dates_disagree(second, first)
    assert not dates_disagree(first, first)


claim_lists = st.lists(
    st.builds(
        lambda source, start, length: Claim(0, source, "", "", start, start + length),
        st.integers(1, 4),
        st.integers(0, 1000),
        st.integers(1, 100),
    ),
    max_size=6,
)


@given(claim_lists)
def test_one_source_never_contests_itself(claims):
    single = [c._replace(source_id=1) for c in claims]
    assert contested_pairs(single) == []
    assert bool(contested_pairs(claims)) == bool(contested_pairs(list(reversed(claims))))


def _claimed(lib, event, *dates):
    for number, date in enumerate(dates):
        source = _source(lib, f"S{number}")
        cid = store.add_citation(lib, source, event_id=event)
        store.update(lib, "citation", cid, asserted=date)


@pytest.mark.parametrize(
    ("dates", "contested"),
    [
        (("2024-07-09", "10 July 2024"), True),  # different days
        (("2024-07-09/2024-07-11", "2024-07-15"), True),  # one outside the other's range
        (("2024-07", "2024-07-09"), False),  # only less precise
        (("2024-07-09/2024-07-11", "2024-07-10"), False),  # inside the range
        (("2024-07-09", "2024-07-09", "2024"), False),
        (("2024-07-09",), False),  # one source never contests
    ],
)
def test_contested_events_are_found_in_sql(lib, dates, contested):
    event = store.create(lib, "event", title="Summit", when="2024-07")
    _claimed(lib, event, *dates)
    assert _listed(lib, CONTESTED) == (["Summit"] if contested else [])
    assert event_evidence(lib, [event])[event].contested is contested


def test_asserted_dates_are_parsed_and_refused_with_the_reason(lib):
    event = store.create(lib, "event", title="E", when="2024")
    cid = store.add_citation(lib, _source(lib, "S"), event_id=event)
    before = store.update(lib, "citation", cid, asserted="c. 1990")
    assert before == {"asserted": None}
    row = queries.citations(lib, event_id=event)[0]
    assert row.asserted_edtf == "1990~"
    with pytest.raises(DateError, match="Date the source gives: 'Julember 2024'"):
        store.update(lib, "citation", cid, asserted="Julember 2024")
    store.update(lib, "citation", cid, **before)  # what undo does
    assert queries.citations(lib, event_id=event)[0].asserted_edtf is None


# ------------------------------------------------------------------ report dates


def test_report_date_defaults_to_publication_and_flags_late_reports(lib):
    memoir = _source(lib, "Memoir", "2019")
    wire = _source(lib, "Wire", "2016-05-02")
    event = store.create(lib, "event", title="Meeting", when="2016-05-01")
    cid = store.add_citation(lib, memoir, event_id=event)
    with lib.read() as conn:
        dates = report_dates(conn, [event])[event]
    assert dates.first_report_edtf == "2019" and dates.late
    assert _listed(lib, LATE) == ["Meeting"]
    # A dated passage (a diary entry written that day) is the report date, not the book's.
    store.update(lib, "citation", cid, reported="2016-05-01")
    assert _listed(lib, LATE) == []
    store.update(lib, "citation", cid, reported=None)
    store.add_citation(lib, wire, event_id=event)  # reported the next day
    assert _listed(lib, LATE) == []
    assert event_evidence(lib, [event])[event].first_reported == "2016-05-02"


def test_the_late_threshold_is_a_library_setting(lib):
    event = store.create(lib, "event", title="Talks", when="2020-01-01")
    store.add_citation(lib, _source(lib, "Review", "2020-06-01"), event_id=event)
    assert _listed(lib, LATE) == []
    set_late_report_days(lib, 30)
    assert _listed(lib, LATE) == ["Talks"]
    with pytest.raises(ValidationError):
        set_late_report_days(lib, 0)


def test_events_reported_only_after_a_related_later_event_are_flagged(lib):
    plan = store.create(lib, "event", title="Plan", when="2002-09")
    war = store.create(lib, "event", title="Invasion", when="2003-03-20")
    store.add_relation(lib, ("event", plan), ("event", war), type="precedes")
    history = _source(lib, "History", "2004")
    store.add_citation(lib, history, event_id=plan)
    assert _listed(lib, HINDSIGHT) == ["Plan"]
    assert event_evidence(lib, [plan])[plan].later_event == "Invasion"
    store.add_citation(lib, _source(lib, "Newspaper", "2002-09-30"), event_id=plan)
    assert _listed(lib, HINDSIGHT) == []


# ------------------------------------------------------------------ exchange and report


def test_new_fields_round_trip_through_json_and_csv(lib, new_library, tmp_path):
    from db.exchange.csv_ import export_csv, read_csv_records

    a, b = _source(lib, "A", "2024"), _source(lib, "B", "2025", status="discredited")
    store.add_derivation(lib, b, a)
    event = store.create(lib, "event", title="Summit", when="2024-07")
    cid = store.add_citation(lib, a, event_id=event, locator="p. 2")
    store.update(lib, "citation", cid, reported="2024-07-10", asserted="2024-07-09")
    data = export_records(lib)
    copy = new_library("copy")
    load_records(copy, data, origin="test.json")
    assert export_records(copy) == data
    (row,) = queries.citations(copy, event_id=event)
    assert (row.reported_edtf, row.asserted_edtf) == ("2024-07-10", "2024-07-09")
    assert store.get(copy, "source", b)["status"] == "discredited"
    assert corroboration(copy, event).explanation == "1 source, 1 independent."
    export_json(lib, tmp_path / "lib.json")
    export_csv(lib, tmp_path / "lib.zip")
    again = new_library("again")
    load_records(again, read_csv_records(tmp_path / "lib.zip"), origin="lib.zip")
    (row,) = queries.citations(again, event_id=event)
    assert (row.reported_edtf, row.asserted_edtf) == ("2024-07-10", "2024-07-09")


def test_the_evidence_report_shows_dates_flags_and_what_a_retraction_cost(lib, tmp_path):
    a, b = _source(lib, "Wire", "2024-07-10"), _source(lib, "Paper", "2026")
    event = store.create(lib, "event", title="Summit", when="2024-07-09")
    ca = store.add_citation(lib, a, event_id=event)
    cb = store.add_citation(lib, b, event_id=event)
    store.update(lib, "citation", ca, asserted="2024-07-09")
    store.update(lib, "citation", cb, asserted="2024-07-11")
    store.update(lib, "source", b, status="retracted")
    path = write_evidence_report(lib, tmp_path / "r.csv", "csv")
    with path.open(encoding="utf-8", newline="") as fh:
        (row,) = list(csv.DictReader(fh))
    assert row["independent_sources"] == "1"
    assert row["contested"] == "contested"
    assert row["not_counted"] == "“Paper” (retracted)"
    assert row["first_reported"] == "10 Jul 2024"
    assert "“Wire”" in row["dates_given"] and "“Paper”" in row["dates_given"]
    page = write_evidence_report(lib, tmp_path / "r.html", "html").read_text(encoding="utf-8")
    assert "Discredited and retracted sources" in page
    assert "Summit: 2 → 1 independent" in page


def test_citations_and_links_keep_their_rows_in_the_database(lib):
    # The derivation table exists with its constraints on both engines.
    a, b = _source(lib, "A"), _source(lib, "B")
    store.add_derivation(lib, b, a)
    from db.store.snapshots import TABLES

    der = TABLES["source_derivation"]
    with pytest.raises(sa.exc.IntegrityError), lib.write() as conn:
        conn.execute(sa.insert(der).values(source_id=a, derived_from_id=a))


def test_the_sql_filter_agrees_with_the_pairwise_rule_on_random_claims(lib):
    import random

    from db.dates import parse_date

    rng = random.Random(15)
    sources = [_source(lib, f"S{n}") for n in range(4)]
    dates = ["2024", "2024-07", "2024-07-09", "2024-07-10", "2024-07-09/2024-07-11", "2023~"]
    expected = []
    for number in range(25):
        event = store.create(lib, "event", title=f"E{number}", when="2024")
        claims = []
        for _ in range(rng.randint(0, 4)):
            source, date = rng.choice(sources), rng.choice(dates)
            cid = store.add_citation(lib, source, event_id=event)
            store.update(lib, "citation", cid, asserted=date)
            parsed = parse_date(date)
            claims.append(Claim(cid, source, "", date, parsed.start_key, parsed.end_key))
        if contested_pairs(claims):
            expected.append(f"E{number}")
    assert expected  # the draw holds contested and uncontested events
    assert sorted(_listed(lib, CONTESTED)) == sorted(expected)
