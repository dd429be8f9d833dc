"""Is one text a (spun) copy of another? Containment of word 3-grams; names and numbers in order.

A content farm's copy keeps some of the original's wording however hard it spins, and almost all
of its names and numbers in their order; it adds boilerplate, drops paragraphs and reorders
sentences. Jaccard similarity punishes every added or dropped word, so both views here measure
*containment*: the share of the shorter text's word 3-grams found in the longer, and the share of
the shorter text's consecutive pairs of names and numbers ("Fumio Kishida", "July 2024") found in
the longer. Two articles on one story share a few names and phrases; a copy shares many.
The thresholds were calibrated on generated spun copies and on real articles on the same story
(benchmarks/bench_curation.py prints the ROC and the held-out check).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

import numpy as np

from db.curation.tokens import plain_words

# Calibrated thresholds (see the module docstring): a pair is a near-copy when either view says so.
WORD_CONTAINMENT_THRESHOLD = 0.13
NAMES_IN_ORDER_THRESHOLD = 0.316
Key = TypeVar("Key")  # what the caller names each candidate by (a source id)
_MIN_GRAMS = 20  # below this a text is too short to say anything (a title, a caption)
# A name: a capitalised word that does not open a sentence; a number: digits. "U.S." stays whole.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n")
_NAME_OR_NUMBER = re.compile(r"(?<![.!?]\s)(?<!^)\b(?:[A-Z][\w'’.-]*[\w]|\d[\d,.]*\d|\d)")


@dataclass(frozen=True, eq=False)
class CopyProfile:
    """What the copy check compares: hashed word 3-grams and name/number pairs, sorted unique."""

    word_grams: np.ndarray
    name_pairs: np.ndarray


@dataclass(frozen=True, slots=True)
class CopyScore:
    """Containment of word 3-grams and of name/number pairs; `is_copy` by the thresholds."""

    words: float
    names: float

    @property
    def is_copy(self) -> bool:
        return self.words >= WORD_CONTAINMENT_THRESHOLD or self.names >= NAMES_IN_ORDER_THRESHOLD

    @property
    def value(self) -> float:
        """One number to sort and show: the larger of the two shares (0 to 1)."""
        return max(self.words, self.names)


def copy_profile(text: str) -> CopyProfile:
    """The profile of a text (a few milliseconds for a 10,000-word article)."""
    text = text.replace("’", "'")
    # Word 3-grams only from sentences that name someone or give a number: boilerplate ("Click
    # here to subscribe…") names nobody, and two articles carrying the same boilerplate are not
    # copies of each other.
    factual = [s for s in _SENTENCE_END.split(text) if _NAME_OR_NUMBER.search(s.strip())]
    grams = set().union(*(_grams(plain_words(s), 3) for s in factual)) if factual else set()
    names = [n.replace(",", "").rstrip(".").lower() for n in _names_and_numbers(text)]
    return CopyProfile(_hashed(grams), _hashed(_grams(names, 2)))


def _names_and_numbers(text: str) -> list[str]:
    found: list[str] = []
    for line in text.splitlines():
        found.extend(m.group() for m in _NAME_OR_NUMBER.finditer(line.strip()))
    return found


def _grams(tokens: list[str], n: int) -> set[str]:
    return {" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def _hashed(grams: set[str]) -> np.ndarray:
    return np.unique(np.fromiter((zlib.crc32(g.encode()) for g in grams), np.uint32, len(grams)))


def copy_score(a: CopyProfile, b: CopyProfile) -> CopyScore:
    """How much of the shorter text the longer one contains, in both views."""
    words = _containment(a.word_grams, b.word_grams)
    return CopyScore(words, _containment(a.name_pairs, b.name_pairs))


def _containment(a: np.ndarray, b: np.ndarray) -> float:
    smaller = min(len(a), len(b))
    if smaller < _MIN_GRAMS:
        return 0.0
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared / smaller


def find_copies(
    profile: CopyProfile, candidates: Iterable[tuple[Key, CopyProfile]]
) -> list[tuple[Key, CopyScore]]:
    """(key, score) of the candidates that are near-copies of `profile`, most similar first."""
    scored = ((key, copy_score(profile, other)) for key, other in candidates)
    return sorted(((k, s) for k, s in scored if s.is_copy), key=lambda ks: -ks[1].value)


@lru_cache(maxsize=512)
def cached_profile(text: str) -> CopyProfile:
    """`copy_profile`, remembered for texts checked again (every import checks every source)."""
    return copy_profile(text)
