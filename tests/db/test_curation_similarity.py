"""Near-copy fingerprints: scores, storage form and the calibrated threshold."""

import pytest

from db.curation.similarity import (
    NEAR_DUPLICATE_THRESHOLD,
    Fingerprint,
    find_near_duplicates,
    is_near_duplicate,
    similarity,
    text_fingerprint,
)

TEXT = (
    "The foreign ministers of these seven countries met on the sidelines of the assembly in "
    "New York, and they promised to cooperate more closely on maritime security, cybersecurity, "
    "economic security, climate change and broader geopolitical uncertainties in the region."
)
OTHER = (
    "Rain is expected across the northern hills tomorrow, with snow above a thousand metres and "
    "strong winds along the coast; farmers were told to bring their animals down from the fields."
)


def test_identical_text_scores_one_and_unrelated_text_near_zero():
    assert similarity(text_fingerprint(TEXT), text_fingerprint(TEXT)) == 1.0
    assert similarity(text_fingerprint(TEXT), text_fingerprint(OTHER)) < NEAR_DUPLICATE_THRESHOLD


def test_case_punctuation_and_line_breaks_do_not_matter():
    reflowed = TEXT.upper().replace(", ", " ; ").replace(" in ", "\nin ")
    assert similarity(text_fingerprint(TEXT), text_fingerprint(reflowed)) == 1.0


def test_fingerprint_survives_storage_as_bytes():
    fingerprint = text_fingerprint(TEXT)
    stored = fingerprint.to_bytes()
    assert len(stored) < 2100
    restored = Fingerprint.from_bytes(stored)
    assert similarity(restored, fingerprint) == 1.0
    assert restored.word_count == fingerprint.word_count


def test_bytes_of_another_kind_are_refused():
    stored = text_fingerprint(TEXT).to_bytes()
    with pytest.raises(ValueError):
        Fingerprint.from_bytes(stored[:-4])
    with pytest.raises(ValueError):
        Fingerprint.from_bytes(b"XX" + stored[2:])


def test_empty_and_tiny_texts_match_nothing():
    empty = text_fingerprint("")
    assert similarity(empty, empty) == 0.0
    assert similarity(text_fingerprint("Yes."), text_fingerprint("Yes.")) == 0.0


SPUN = (
    TEXT.replace("foreign ministers", "top diplomats")
    .replace("met on the sidelines of", "gathered at the margins of")
    .replace("promised", "pledged")
    .replace("cooperate more closely", "work together more tightly")
)
SAME_STORY_OWN_WORDS = (
    "Ministers from seven nations, meeting in New York during the assembly, pledged closer work "
    "on security at sea, online threats, the economy and the climate, citing uncertainty in the "
    "region."
)


def test_threshold_tells_a_spun_copy_from_the_same_story_in_other_words():
    original = text_fingerprint(TEXT)
    assert is_near_duplicate(similarity(original, text_fingerprint(SPUN)))
    assert not is_near_duplicate(similarity(original, text_fingerprint(SAME_STORY_OWN_WORDS)))
    assert not is_near_duplicate(similarity(original, text_fingerprint(OTHER)))
    assert is_near_duplicate(NEAR_DUPLICATE_THRESHOLD)  # the threshold itself counts


def test_find_near_duplicates_keeps_only_flagged_candidates_best_first():
    edited = TEXT.replace("seven", "eight").replace("closely", "tightly")
    candidates = [
        ("other", text_fingerprint(OTHER)),
        ("edited", text_fingerprint(edited)),
        ("same", text_fingerprint(TEXT)),
    ]
    found = find_near_duplicates(text_fingerprint(TEXT), candidates)
    assert {key for key, _ in found} == {"same", "edited"}
    assert dict(found)["same"] == 1.0
    scores = [score for _, score in found]
    assert scores == sorted(scores, reverse=True)
