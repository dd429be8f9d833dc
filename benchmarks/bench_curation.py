"""The curation scans: how well Find Dated Statements does on annotated articles, and how fast.

First a table of recall, precision and date accuracy per annotated article
(tests/fixtures/curation), the tuning set and the held-out set apart; then timings on the corpus
articles (milliseconds per 10,000 words, median of several runs). Writes
benchmarks/out/curation.json.
Run: .venv/bin/python benchmarks/bench_curation.py [--misses]   (--misses lists the tuning set's
misses and extra rows; the held-out articles' are never printed, so nobody tunes on them)
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

from db.curation.evaluation import (
    AnnotatedArticle,
    ProposedRow,
    Score,
    load_all,
    misses,
    score,
)
from db.curation.passage import analyse_passage
from db.curation.quotes import FoldedText, find_quote
from db.curation.rows import proposed_rows
from db.curation.similarity import text_fingerprint
from db.curation.statements import find_dated_statements

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"
CORPUS = FIXTURES / "corpus"
ANNOTATIONS = FIXTURES / "curation" / "annotations"
OUT = Path(__file__).with_name("out")
PUBLISHED = {
    "japantimes-trump-proofing-2024.txt": "2024-06-25",
    "ecfr-asia-partners-after-trump-2024.txt": "2024-11",
    "npr-allies-unite-2025.txt": "2025",
}
KNOWN = [
    (1, "Japan", ["Tokyo"]),
    (2, "United States", ["US", "U.S.", "America", "Washington"]),
    (3, "South Korea", ["Seoul"]),
    (4, "Joe Biden", ["Biden"]),
    (5, "Donald Trump", ["Trump"]),
    (6, "China", ["Beijing"]),
]
RUNS = 7


def _median_ms(work) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure(text: str, published: str) -> dict[str, float]:
    """Median timings for one article."""
    words = len(text.split())
    scan = _median_ms(lambda: find_dated_statements(text, published, KNOWN))
    # Every sentence re-found loosely as a quote, as the reader does for retyped citations.
    every = find_dated_statements(text, published, KNOWN, include_undated=True)
    quotes = [s.text.upper() for s in every]
    folded = FoldedText(text)
    return {
        "words": words,
        "scan_ms": scan,
        "scan_ms_per_10k_words": scan * 10_000 / words,
        "fingerprint_ms": _median_ms(lambda: text_fingerprint(text)),
        "loose_quotes_ms": _median_ms(lambda: [find_quote(text, q, "", folded) for q in quotes]),
        "loose_quote_count": len(quotes),
        "passage_ms": _median_ms(lambda: analyse_passage(text, 0, 1500, published, KNOWN)),
    }


def finder_rows(article: AnnotatedArticle) -> list[ProposedRow]:
    """What Find Dated Statements proposes for an article, as the review dialog lists it."""
    found = find_dated_statements(article.text, article.published, include_undated=True)
    rows = proposed_rows(article.text, found)
    return [ProposedRow(r.statement.text, r.date.text, r.date.edtf) for r in rows]


def accuracy(show_misses: bool = False) -> dict[str, dict[str, float]]:
    """Print recall, precision and date accuracy per article and per split; return them."""
    results: dict[str, dict[str, float]] = {}
    columns = f"{'events':>6} {'rows':>5} {'recall':>6} {'prec.':>6} {'dates':>6}"
    print(f"{'article':45} {'kind':28} {columns}")
    for split in ("tuning", "held-out"):
        total = Score(0, 0, 0, 0)
        for article in (a for a in load_all(ANNOTATIONS) if a.split == split):
            rows = finder_rows(article)
            s = score(article, rows)
            total += s
            print(f"{article.name:45} {article.kind[:28]:28} {_score_columns(s)}")
            results[article.name] = _score_dict(s)
            if show_misses and split == "tuning":
                missed, extra = misses(article, rows)
                for event in missed:
                    print(f"    missed  {event.phrase!r} in {event.quote[:60]!r}")
                for row in extra:
                    print(f"    extra   {row.phrase!r} = {row.edtf} in {row.sentence[:60]!r}")
        print(f"{'ALL ' + split.upper():45} {'':28} {_score_columns(total)}")
        results[f"all {split}"] = _score_dict(total)
    return results


def _score_columns(s: Score) -> str:
    return (
        f"{s.expected:6} {s.proposed:5} {s.recall:6.2f} {s.precision:6.2f} {s.date_accuracy:6.2f}"
    )


def _score_dict(s: Score) -> dict[str, float]:
    return {
        "events": s.expected,
        "rows": s.proposed,
        "recall": s.recall,
        "precision": s.precision,
        "date_accuracy": s.date_accuracy,
    }


def main() -> None:
    results: dict[str, dict] = {"accuracy": accuracy("--misses" in sys.argv)}
    timings: dict[str, dict[str, float]] = results.setdefault("timings", {})
    print()
    print(f"{'article':42} {'words':>6} {'scan ms':>8} {'ms/10k':>7} {'print ms':>8} {'quotes':>7}")
    for name, published in PUBLISHED.items():
        r = timings[name] = measure((CORPUS / name).read_text(encoding="utf-8"), published)
        print(
            f"{name:42} {r['words']:6} {r['scan_ms']:8.1f} {r['scan_ms_per_10k_words']:7.1f} "
            f"{r['fingerprint_ms']:8.1f} {r['loose_quotes_ms']:7.1f}"
        )
    total_words = sum(r["words"] for r in timings.values())
    total_ms = sum(r["scan_ms"] for r in timings.values())
    print(f"all three: {total_ms * 10_000 / total_words:.1f} ms per 10,000 words")
    OUT.mkdir(exist_ok=True)
    (OUT / "curation.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
