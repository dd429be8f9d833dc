"""The near-copy score: generated spun copies of every kind are caught at the calibrated thresholds;
different articles on one story, and different articles sharing boilerplate, are not."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from spinning import spin, swapped_share

from db.curation.copies import (
    NAMES_IN_ORDER_THRESHOLD,
    WORD_CONTAINMENT_THRESHOLD,
    copy_profile,
    copy_score,
    find_copies,
)

FIXTURES = Path(__file__).parents[1] / "fixtures"
ARTICLES = {p.stem: p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("corpus/*.txt"))}
SAME_STORY = {p.stem: p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("copies/*.txt"))}


@pytest.mark.parametrize("name", sorted(ARTICLES))
@pytest.mark.parametrize(
    ("synonyms", "shuffle", "boilerplate", "keep"),
    [(0.1, 0, 0, 1), (0.3, 0.5, 0, 1), (0.6, 0, 0, 1), (0.45, 1.0, 0.5, 1), (0.3, 0, 0.5, 0.3),
     (0.6, 1.0, 0.5, 0.3), (0, 0, 0.5, 1), (0, 1.0, 0, 0.6)],
)  # fmt: skip
def test_spun_copies_are_caught(name, synonyms, shuffle, boilerplate, keep):
    original = ARTICLES[name]
    copy = spin(original, 42, synonyms, shuffle, boilerplate, keep)
    score = copy_score(copy_profile(original), copy_profile(copy))
    assert score.is_copy, score


def test_the_spinner_swaps_about_the_share_of_words_asked():
    text = ARTICLES["japantimes-trump-proofing-2024"]
    assert 0.25 <= swapped_share(text, spin(text, 1, synonyms=0.3)) <= 0.35
    assert swapped_share(text, spin(text, 1, synonyms=0.6)) >= 0.45


def test_different_articles_on_one_story_are_not_copies():
    for a, b in itertools.combinations(sorted(ARTICLES), 2):
        score = copy_score(copy_profile(ARTICLES[a]), copy_profile(ARTICLES[b]))
        assert score.words < WORD_CONTAINMENT_THRESHOLD / 2
        assert score.names < NAMES_IN_ORDER_THRESHOLD / 2
    # Ten White House texts on one summit: one pair is flagged, a 280-word readout that reuses
    # whole sentences of the summit fact sheet (the known limit reported in docs/evidence.md).
    pairs = itertools.combinations(sorted(SAME_STORY), 2)
    profiles = {name: copy_profile(text) for name, text in SAME_STORY.items()}
    flagged = [(a, b) for a, b in pairs if copy_score(profiles[a], profiles[b]).is_copy]
    assert len(flagged) <= 1 and all("readout" in a + b for a, b in flagged)


def test_shared_boilerplate_does_not_make_two_articles_copies():
    a, b = (spin(ARTICLES[n], 7, boilerplate=0.5) for n in sorted(ARTICLES)[:2])
    assert not copy_score(copy_profile(a), copy_profile(b)).is_copy


def test_short_texts_match_nothing_and_find_copies_sorts_best_first():
    tiny = copy_profile("Yes. No. Maybe in 2024.")
    assert not copy_score(tiny, tiny).is_copy
    text = ARTICLES["npr-allies-unite-2025"]
    candidates = [
        ("light", copy_profile(spin(text, 1, synonyms=0.1))),
        ("other", copy_profile(ARTICLES["ecfr-asia-partners-after-trump-2024"])),
        ("heavy", copy_profile(spin(text, 1, synonyms=0.6, boilerplate=0.5))),
    ]
    found = find_copies(copy_profile(text), candidates)
    assert [key for key, _ in found] == ["light", "heavy"]
