"""Score the dated-statement finder against hand-annotated articles: recall, precision, dates right.

An annotation file (JSON) names its article, publication date, split ("tuning" or "held-out") and
the events a careful reader lists, each as a quote of its sentence, the phrase that dates it and the
EDTF it means. A proposed row matches an event when its sentence holds the quote and its phrase
overlaps the annotated phrase; each row and each event match at most once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from db.dates import parse_date
from db.errors import DateError


@dataclass(frozen=True, slots=True)
class ExpectedEvent:
    quote: str
    phrase: str
    edtf: str


@dataclass(frozen=True, slots=True)
class AnnotatedArticle:
    name: str
    kind: str
    split: str
    published: str | None
    text: str
    events: tuple[ExpectedEvent, ...]


@dataclass(frozen=True, slots=True)
class ProposedRow:
    """What the finder proposes: the sentence, the phrase that dates it and the EDTF (or None)."""

    sentence: str
    phrase: str
    edtf: str | None


@dataclass(frozen=True, slots=True)
class Score:
    expected: int
    proposed: int
    matched: int
    dates_right: int

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.proposed if self.proposed else 1.0

    @property
    def date_accuracy(self) -> float:
        return self.dates_right / self.matched if self.matched else 1.0

    def __add__(self, other: Score) -> Score:
        return Score(
            self.expected + other.expected,
            self.proposed + other.proposed,
            self.matched + other.matched,
            self.dates_right + other.dates_right,
        )


def load_annotated(path: Path) -> AnnotatedArticle:
    """One annotation file and the article text it names (relative to the file's parent folder)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    text = (path.parent.parent / data["article"]).read_text(encoding="utf-8")
    events = tuple(ExpectedEvent(e["quote"], e["phrase"], e["edtf"]) for e in data["events"])
    return AnnotatedArticle(path.stem, data["kind"], data["split"], data["published"], text, events)


def load_all(folder: Path) -> list[AnnotatedArticle]:
    """Every annotation file in `folder`, by name."""
    return [load_annotated(p) for p in sorted(folder.glob("*.json"))]


def score(article: AnnotatedArticle, rows: Iterable[ProposedRow]) -> Score:
    """How well `rows` (proposed for `article`) find its annotated events."""
    rows = list(rows)
    used: set[int] = set()
    matched = right = 0
    for event in article.events:
        hit = _first_match(event, rows, used)
        if hit is None:
            continue
        used.add(hit)
        matched += 1
        right += _same_date(event.edtf, rows[hit].edtf)
    return Score(len(article.events), len(rows), matched, right)


def misses(
    article: AnnotatedArticle, rows: list[ProposedRow]
) -> tuple[list[ExpectedEvent], list[ProposedRow]]:
    """(events not found, rows matching no event): what the benchmark lists with --verbose."""
    used: set[int] = set()
    missed: list[ExpectedEvent] = []
    for event in article.events:
        hit = _first_match(event, rows, used)
        if hit is None:
            missed.append(event)
        else:
            used.add(hit)
    return missed, [r for i, r in enumerate(rows) if i not in used]


def _first_match(event: ExpectedEvent, rows: list[ProposedRow], used: set[int]) -> int | None:
    quote, phrase = _flat(event.quote), _flat(event.phrase).lower()
    for i, row in enumerate(rows):
        if i in used or quote not in _flat(row.sentence):
            continue
        found = _flat(row.phrase).lower()
        if found and (phrase in found or found in phrase):
            return i
    return None


def _flat(text: str) -> str:
    return " ".join(text.split())


def _same_date(expected: str, proposed: str | None) -> bool:
    """Equal EDTF; or, when either is approximate, overlapping ranges."""
    if proposed is None:
        return False
    try:
        want, got = parse_date(expected), parse_date(proposed)
    except DateError:
        return False
    if want.edtf == got.edtf:
        return True
    vague = want.approximate or got.approximate
    return vague and got.start_key < want.end_key and want.start_key < got.end_key


RowFinder = Callable[[str, str | None], list[ProposedRow]]
