"""Evidence per event (independent sources, best grade), near-copies and their fingerprints."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from db import queries, store
from db.curation.similarity import Fingerprint
from db.exchange.library_records import export_records
from db.queries import EventFilter
from db.queries.evidence import (
    CORROBORATED,
    SINGLE_SOURCE,
    UNSOURCED,
    event_evidence,
    iter_evidence,
    near_duplicates,
    strength,
)

JAPAN_TIMES = "japantimes-trump-proofing-2024.txt"
ECFR = "ecfr-asia-partners-after-trump-2024.txt"
NPR = "npr-allies-unite-2025.txt"
# Content words a spinner would swap; function words and names stay, as spinners leave them.
SYNONYMS = {
    "allies": "partners", "security": "safety", "defense": "protection", "said": "stated",
    "policy": "strategy", "term": "tenure", "military": "armed", "approach": "method",
    "agreements": "accords", "administration": "government", "support": "backing",
    "concerns": "worries", "fear": "dread", "foreign": "overseas", "cooperation": "collaboration",
    "efforts": "attempts", "key": "main", "alliance": "coalition", "relationship": "bond",
    "trade": "commerce", "countries": "nations", "region": "area", "expert": "specialist",
    "regional": "local", "historic": "landmark", "difficult": "hard", "uncertainty": "doubt",
}  # fmt: skip


def spun(text: str) -> str:
    """A synonym-spun copy: content words swapped, nothing else changed."""
    return re.sub(r"[A-Za-z]+", lambda m: SYNONYMS.get(m.group(), m.group()), text)


@pytest.fixture
def articles(lib, corpus):
    """The three corpus articles as sources with full text, graded B, B and C."""
    ids = {}
    for name, published, grade in ((JAPAN_TIMES, "2024-06-25", "B"), (ECFR, "2024-11", "B"),
                                   (NPR, "2025", "C")):  # fmt: skip
        text = (corpus / name).read_text(encoding="utf-8")
        ids[name] = store.create(
            lib, "source", title=name, published=published, reliability=grade, full_text=text
        )
    return ids


def test_fingerprint_is_stored_with_the_text_and_cleared_without_it(lib, articles):
    row = store.get(lib, "source", articles[JAPAN_TIMES])
    assert Fingerprint.from_bytes(row["fingerprint"]).word_count > 1000
    store.update(lib, "source", articles[JAPAN_TIMES], full_text="")
    assert store.get(lib, "source", articles[JAPAN_TIMES])["fingerprint"] is None


def test_fingerprint_is_derived_so_exports_and_undo_values_leave_it_out(lib, articles):
    exported = export_records(lib)["sources"]
    assert exported and all("fingerprint" not in s for s in exported)
    before = store.update(lib, "source", articles[NPR], full_text="Short text now.")
    assert set(before) == {"full_text"}
    store.update(lib, "source", articles[NPR], **before)  # what undo does: the print comes back
    restored = store.get(lib, "source", articles[NPR])["fingerprint"]
    assert Fingerprint.from_bytes(restored).word_count > 900


def test_synonym_spun_copy_is_flagged_and_different_articles_are_not(lib, corpus, articles):
    original = (corpus / JAPAN_TIMES).read_text(encoding="utf-8")
    copy = spun(original)
    changed = sum(a != b for a, b in zip(original.split(), copy.split(), strict=True))
    assert changed / len(original.split()) > 0.05
    matches = near_duplicates(lib, copy)
    assert [(source_id, title) for source_id, title, _ in matches] == [
        (articles[JAPAN_TIMES], JAPAN_TIMES)
    ]
    assert matches[0][2] >= 0.15
    # Against each other, the three real articles are independent.
    for name in (JAPAN_TIMES, ECFR, NPR):
        assert near_duplicates(lib, articles[name]) == []


def test_near_duplicates_of_a_stored_source_exclude_itself(lib, corpus, articles):
    copy_id = store.create(
        lib, "source", title="Spun", full_text=spun((corpus / ECFR).read_text(encoding="utf-8"))
    )
    assert [m[0] for m in near_duplicates(lib, copy_id)] == [articles[ECFR]]
    assert [m[0] for m in near_duplicates(lib, articles[ECFR])] == [copy_id]


def test_missing_or_outdated_fingerprints_are_computed_on_the_fly(lib, corpus, articles):
    with lib.write() as conn:
        conn.exec_driver_sql("UPDATE source SET fingerprint = NULL")
        conn.execute(
            sa.text("UPDATE source SET fingerprint = :bad WHERE id = :id"),
            {"bad": b"\x00", "id": articles[ECFR]},
        )
    text = (corpus / ECFR).read_text(encoding="utf-8")
    assert [m[0] for m in near_duplicates(lib, text)] == [articles[ECFR]]


def _cite(lib, source_id, event_id, credibility=None):
    store.add_citation(lib, source_id, event_id=event_id, quote="q", credibility=credibility)


def test_copies_do_not_count_as_corroboration(lib, articles):
    event = store.create(lib, "event", title="Trilateral pact", when="2024-12~")
    copy = store.create(lib, "source", title="Reprint", copy_of=articles[JAPAN_TIMES])
    _cite(lib, articles[JAPAN_TIMES], event)
    _cite(lib, copy, event)
    evidence = event_evidence(lib, [event])[event]
    assert (evidence.citation_count, evidence.source_count) == (2, 1)
    assert strength(evidence) == SINGLE_SOURCE
    (row,) = queries.list_events(lib)
    assert row.source_count == 1  # the Events list counts the same way (filters.py)
    assert queries.count_events(lib, EventFilter(max_sources=1)) == 1
    _cite(lib, articles[NPR], event)
    assert event_evidence(lib, [event])[event].source_count == 2
    assert queries.count_events(lib, EventFilter(max_sources=1)) == 0


def test_best_grade_and_credibility_and_strength(lib, articles):
    both = store.create(lib, "event", title="Both", when="2024")
    only_npr = store.create(lib, "event", title="NPR only", when="2025")
    bare = store.create(lib, "event", title="Unsourced", when="2023")
    _cite(lib, articles[NPR], both, credibility=3)
    _cite(lib, articles[ECFR], both, credibility=2)
    _cite(lib, articles[NPR], only_npr)
    found = event_evidence(lib, [both, only_npr, bare])
    assert (found[both].best_grade, found[both].best_credibility) == ("B", 2)
    assert found[both].source_titles == f"{NPR}; {ECFR}"
    assert (found[only_npr].best_grade, found[only_npr].best_credibility) == ("C", None)
    assert (found[bare].best_grade, found[bare].source_count) == (None, 0)
    assert [strength(found[i]) for i in (bare, only_npr, both)] == [
        UNSOURCED, SINGLE_SOURCE, CORROBORATED
    ]  # fmt: skip
    rows = {r.id: r.best_grade for r in queries.list_events(lib)}
    assert rows == {both: "B", only_npr: "C", bare: None}


def test_filters_for_unsourced_and_single_source_events(lib, articles):
    bare = store.create(lib, "event", title="Unsourced", when="2023")
    single = store.create(lib, "event", title="Single", when="2024")
    double = store.create(lib, "event", title="Double", when="2025")
    _cite(lib, articles[NPR], single)
    _cite(lib, articles[NPR], double)
    _cite(lib, articles[ECFR], double)
    assert [r.id for r in queries.list_events(lib, EventFilter(max_sources=0))] == [bare]
    assert [r.id for r in queries.list_events(lib, EventFilter(max_sources=1))] == [bare, single]


def test_evidence_lists_weakest_first(lib, articles):
    strong = store.create(lib, "event", title="Strong", when="2020")
    weak_c = store.create(lib, "event", title="Weak C", when="2021")
    weak_b = store.create(lib, "event", title="Weak B", when="2019")
    bare = store.create(lib, "event", title="Bare", when="2030")
    _cite(lib, articles[NPR], strong)
    _cite(lib, articles[ECFR], strong)
    _cite(lib, articles[NPR], weak_c)
    _cite(lib, articles[ECFR], weak_b)
    assert [e.event_id for e in iter_evidence(lib)] == [bare, weak_c, weak_b, strong]
