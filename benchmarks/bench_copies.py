"""Calibrate and check the near-copy test: generated spun copies against different real articles.

Positives: spun copies of each article (synonym swaps aiming at 10-60 % of the words, function words
included; sentence shuffles; boilerplate up to 50 % of the length; truncation to 30-100 %), each
scored against its original. Negatives: every pair of different real articles (several on one
story: the three Indo-Pacific analyses, the two White House NATO-summit texts), and pairs of
different articles that carry the same boilerplate. Thresholds are chosen on the calibration
articles only and then applied to spun copies of the held-out articles (see
tests/fixtures/curation/README.md), with other seeds. Prints the ROC of each view, the chosen
thresholds, and the held-out result; writes benchmarks/out/copies.json.
Run: .venv/bin/python benchmarks/bench_copies.py
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from spinning import spin, swapped_share  # noqa: E402

from db.curation.copies import (  # noqa: E402
    NAMES_IN_ORDER_THRESHOLD,
    WORD_CONTAINMENT_THRESHOLD,
    CopyScore,
    copy_profile,
    copy_score,
)
from db.curation.similarity import similarity, text_fingerprint  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
HELD_OUT = {"voa-germany-musk-afd-2024", "whitehouse-nato-indo-pacific-factsheet-2024"}
SYNONYM_RATES = (0.1, 0.2, 0.3, 0.45, 0.6)
SHUFFLES = (0.0, 0.5, 1.0)
BOILERPLATE = (0.0, 0.25, 0.5)
KEEP = (1.0, 0.6, 0.3)
OUT = Path(__file__).with_name("out")


def _texts() -> dict[str, str]:
    paths = sorted((FIXTURES / "corpus").glob("*.txt")) + sorted(
        (FIXTURES / "curation").glob("*.txt")
    )
    return {p.stem: p.read_text(encoding="utf-8") for p in paths}


def _same_story() -> tuple[dict[str, str], dict[str, str]]:
    """White House texts on the July 2024 NATO summit: (calibration, held-out)."""
    paths = sorted((FIXTURES / "copies").glob("*.txt"))
    texts = [(p.stem, p.read_text(encoding="utf-8")) for p in paths]
    return dict(texts[:7]), dict(texts[7:])


def _scores(a: str, b: str) -> tuple[CopyScore, float]:
    old = similarity(text_fingerprint(a), text_fingerprint(b))
    return copy_score(copy_profile(a), copy_profile(b)), old


def _positives(texts: dict[str, str], names: list[str], seed: int) -> list[tuple[CopyScore, float]]:
    found = []
    grid = itertools.product(SYNONYM_RATES, SHUFFLES, BOILERPLATE, KEEP)
    for i, (rate, shuffle, boiler, keep) in enumerate(grid):
        for name in names:
            copy = spin(texts[name], seed + i, rate, shuffle, boiler, keep)
            found.append(_scores(texts[name], copy))
    return found


def _negatives(texts: dict[str, str], names: list[str], seed: int) -> list[tuple[CopyScore, float]]:
    found = []
    for a, b in itertools.combinations(names, 2):
        found.append(_scores(texts[a], texts[b]))
        # The same content farm's boilerplate on two different articles is not a copy.
        found.append(
            _scores(
                spin(texts[a], seed, boilerplate=0.5), spin(texts[b], seed + 1, boilerplate=0.5)
            )
        )
    return found


def _rate(scores: list[float], threshold: float) -> float:
    return sum(s >= threshold for s in scores) / len(scores)


def _roc(label: str, pos: list[float], neg: list[float]) -> None:
    print(f"ROC of {label}: threshold, true-positive rate (copies flagged), false-positive rate")
    for threshold in (0.02, 0.05, 0.08, 0.10, 0.12, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5):
        print(f"  {threshold:5.2f} {_rate(pos, threshold):6.3f} {_rate(neg, threshold):6.3f}")


def _calibrated(pos: list[float], neg: list[float]) -> float:
    """Halfway between the highest different-article score and the next copy score above it."""
    top_negative = max(neg)
    above = [p for p in pos if p > top_negative]
    return round((top_negative + min(above)) / 2, 3) if above else top_negative


def _flagged(s: CopyScore, words: float, names: float) -> bool:
    return s.words >= words or s.names >= names


def main() -> None:
    texts = _texts()
    story_tune, story_held = _same_story()
    tune = [n for n in texts if n not in HELD_OUT]
    held = [n for n in texts if n in HELD_OUT]
    pos = _positives(texts, tune, 1000)
    neg = _negatives(texts | story_tune, tune + list(story_tune), 7)
    print(f"calibration: {len(pos)} spun copies of {len(tune)} articles, {len(neg)} other pairs")
    sample = [spin(texts[tune[0]], 3, rate) for rate in SYNONYM_RATES]
    shares = ", ".join(
        f"{r:.0%}->{swapped_share(texts[tune[0]], s):.0%}"
        for r, s in zip(SYNONYM_RATES, sample, strict=True)
    )
    print(f"synonym rate asked -> share of the words changed ({tune[0]}): {shares}")
    views = {
        "word 3-gram containment": ([p.words for p, _ in pos], [n.words for n, _ in neg]),
        "names and numbers in order": ([p.names for p, _ in pos], [n.names for n, _ in neg]),
        "old MinHash similarity": ([o for _, o in pos], [o for _, o in neg]),
    }
    for label, (p, n) in views.items():
        _roc(label, p, n)
    words = _calibrated(*views["word 3-gram containment"])
    names = _calibrated(*views["names and numbers in order"])
    print(f"calibrated: word containment >= {words}, names in order >= {names} (either flags)")
    print(f"in db/curation/copies.py: {WORD_CONTAINMENT_THRESHOLD}, {NAMES_IN_ORDER_THRESHOLD}")
    results = {"calibrated": {"words": words, "names": names}}
    for label, (p, n) in (("calibration", (pos, neg)), ("held-out", (
        _positives(texts, held, 5000),
        [_scores(texts[a], texts[b]) for a in held for b in texts if b != a]
        + [_scores(spin(texts[a], 9, boilerplate=0.5), spin(texts[b], 10, boilerplate=0.5))
           for a in held for b in texts if b != a]
        + _negatives(story_held | {h: texts[h] for h in held}, list(story_held) + held, 11),
    ))):  # fmt: skip
        tpr = sum(_flagged(s, WORD_CONTAINMENT_THRESHOLD, NAMES_IN_ORDER_THRESHOLD) for s, _ in p)
        fpr = sum(_flagged(s, WORD_CONTAINMENT_THRESHOLD, NAMES_IN_ORDER_THRESHOLD) for s, _ in n)
        old_tpr = sum(o >= 0.15 for _, o in p)
        old_fpr = sum(o >= 0.15 for _, o in n)
        print(
            f"{label:12}: copies flagged {tpr}/{len(p)} ({tpr / len(p):.1%}), other pairs flagged "
            f"{fpr}/{len(n)}; old MinHash at 0.15: {old_tpr / len(p):.1%} and {old_fpr}/{len(n)}"
        )
        results[label] = {"copies": len(p), "flagged": tpr, "pairs": len(n), "false": fpr,
                          "old_flagged": old_tpr, "old_false": old_fpr}  # fmt: skip
    OUT.mkdir(exist_ok=True)
    (OUT / "copies.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
