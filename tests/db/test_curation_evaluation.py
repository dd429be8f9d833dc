"""The finder on hand-annotated real articles: a regression floor, and the scoring itself.

Measured (benchmarks/bench_curation.py): tuning set recall 1.00, precision 0.91, dates 0.97;
held-out set recall 0.96, precision 0.95, dates 0.98. The floors sit slightly below.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from db.curation.evaluation import ExpectedEvent, ProposedRow, Score, load_all, score
from db.curation.rows import proposed_rows
from db.curation.statements import find_dated_statements

ANNOTATIONS = Path(__file__).parents[1] / "fixtures" / "curation" / "annotations"
FLOORS = {"tuning": (0.97, 0.88, 0.94), "held-out": (0.93, 0.92, 0.95)}


def _rows(article):
    found = find_dated_statements(article.text, article.published, include_undated=True)
    return [
        ProposedRow(r.statement.text, r.date.text, r.date.edtf)
        for r in proposed_rows(article.text, found)
    ]


@pytest.mark.parametrize("split", ["tuning", "held-out"])
def test_recall_precision_and_dates_stay_above_the_measured_floor(split):
    articles = [a for a in load_all(ANNOTATIONS) if a.split == split]
    assert len(articles) >= 2
    total = Score(0, 0, 0, 0)
    for article in articles:
        total += score(article, _rows(article))
    recall, precision, dates = FLOORS[split]
    assert total.recall >= recall
    assert total.precision >= precision
    assert total.date_accuracy >= dates


def test_the_set_has_six_kinds_and_two_held_out_and_every_quote_is_in_its_article():
    articles = load_all(ANNOTATIONS)
    assert len({a.kind for a in articles}) >= 6
    assert sum(a.split == "held-out" for a in articles) == 2
    for article in articles:
        flat = " ".join(article.text.split())
        for event in article.events:
            assert " ".join(event.quote.split()) in flat, (article.name, event.quote)


def test_scoring_counts_each_row_once_and_accepts_overlapping_vague_dates():
    (article,) = [a for a in load_all(ANNOTATIONS) if a.name.startswith("japantimes")]
    article = type(article)(
        article.name, article.kind, article.split, article.published, article.text,
        (ExpectedEvent("earlier this year", "earlier this year", "2024-02"),) * 2,
    )  # fmt: skip
    sentence = "Those concerns were amplified by Trump earlier this year, when he said"
    rows = [ProposedRow(sentence, "earlier this year", "2024-01~/2024-06~")]
    s = score(article, rows)
    assert (s.expected, s.proposed, s.matched, s.dates_right) == (2, 1, 1, 1)
    wrong = score(article, [ProposedRow(sentence, "earlier this year", "2023")])
    assert (wrong.matched, wrong.dates_right) == (1, 0)
