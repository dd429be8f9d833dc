"""Time the curation scans on the corpus articles: dated statements, passage reading, fingerprints.

Prints a table (milliseconds per 10,000 words, median of several runs) and writes
benchmarks/out/curation.json. Run: .venv/bin/python benchmarks/bench_curation.py
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from db.curation.passage import analyse_passage
from db.curation.quotes import FoldedText, find_quote
from db.curation.similarity import text_fingerprint
from db.curation.statements import find_dated_statements

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "corpus"
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


def main() -> None:
    results = {}
    print(f"{'article':42} {'words':>6} {'scan ms':>8} {'ms/10k':>7} {'print ms':>8} {'quotes':>7}")
    for name, published in PUBLISHED.items():
        r = results[name] = measure((CORPUS / name).read_text(encoding="utf-8"), published)
        print(
            f"{name:42} {r['words']:6} {r['scan_ms']:8.1f} {r['scan_ms_per_10k_words']:7.1f} "
            f"{r['fingerprint_ms']:8.1f} {r['loose_quotes_ms']:7.1f}"
        )
    total_words = sum(r["words"] for r in results.values())
    total_ms = sum(r["scan_ms"] for r in results.values())
    print(f"all three: {total_ms * 10_000 / total_words:.1f} ms per 10,000 words")
    OUT.mkdir(exist_ok=True)
    (OUT / "curation.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
