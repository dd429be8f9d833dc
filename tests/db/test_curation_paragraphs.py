"""Paragraph numbering, locators and sentence splitting with offsets."""

import pytest

from db.curation.paragraphs import ParagraphIndex, locate, locator_for, split_paragraphs
from db.curation.sentences import split_sentences

BLANK_LINE_TEXT = "\n\n  First block\nstill first.\n\n\n Second block.\n   \nThird.\n"


def test_blank_lines_separate_paragraphs_and_offsets_point_into_the_original():
    paragraphs = split_paragraphs(BLANK_LINE_TEXT)
    assert [p.number for p in paragraphs] == [1, 2, 3]
    texts = [BLANK_LINE_TEXT[p.start : p.end] for p in paragraphs]
    assert texts == ["First block\nstill first.", "Second block.", "Third."]


def test_same_blocks_as_re_split_on_blank_lines():
    import re

    expected = [b.strip() for b in re.split(r"\n\s*\n", BLANK_LINE_TEXT.strip())]
    paragraphs = split_paragraphs(BLANK_LINE_TEXT)
    assert [BLANK_LINE_TEXT[p.start : p.end] for p in paragraphs] == expected


def test_text_without_blank_lines_has_one_paragraph_per_line():
    text = "One line.\nTwo line.\n\nTrailing blank lines do not count.\n"
    text_without_inner_blank = "One line.\nTwo line.\nThree.\n\n\n"
    assert len(split_paragraphs(text)) == 2
    assert [p.number for p in split_paragraphs(text_without_inner_blank)] == [1, 2, 3]


def test_empty_text_has_no_paragraphs():
    assert split_paragraphs("  \n\n ") == []


def test_locate_and_locators():
    text = "Alpha one.\n\nBravo two.\n\nCharlie three."
    assert locate(text, 0) == 1
    assert locate(text, text.index("Bravo") + 3) == 2
    # Whitespace between paragraphs belongs to the paragraph that follows.
    assert locate(text, text.index("Bravo") - 1) == 2
    assert locate(text, len(text)) == 3
    assert locator_for(text, text.index("Bravo"), text.index(" two.")) == "para 2"
    assert locator_for(text, text.index("one"), text.index("three")) == "paras 1–3"
    # The end offset is exclusive: a span ending right at a paragraph break stays in its paragraph.
    assert locator_for(text, 0, text.index("\n\nBravo")) == "para 1"


def test_offset_outside_the_text_is_refused():
    with pytest.raises(ValueError):
        ParagraphIndex("Some text.").number_at(11)


def sentences_of(text):
    return [text[s.start : s.end] for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "U.S. President Joe Biden met Mr. Kishida. They spoke.",
            ["U.S. President Joe Biden met Mr. Kishida.", "They spoke."],
        ),
        (
            "Fatigue grew in the U.S. The war went on.",
            ["Fatigue grew in the U.S.", "The war went on."],
        ),
        ("It was signed on Jan. 31, 2025 in Tokyo. Then it was ratified.", 2),
        ("Growth was 3.5 percent. Inflation fell.", ["Growth was 3.5 percent.", "Inflation fell."]),
        ("John F. Kennedy spoke. George W. Bush listened.", 2),
        (
            "“Is it over?” he asked. “No!” She left.",
            ["“Is it over?” he asked.", "“No!”", "She left."],
        ),
        ("The United Nations (U.N.) General Assembly met. Ministers spoke.", 2),
        ("Apple Inc. The shares rose. Smith Corp. shares fell.", 3),
        ("no capital after the stop. so one sentence", 1),
        ("Dr. Smith arrived. No. 10 Downing Street replied.", 2),
    ],
)
def test_sentence_split(text, expected):
    found = sentences_of(text)
    if isinstance(expected, int):
        assert len(found) == expected, found
    else:
        assert found == expected


def test_sentence_offsets_respect_the_given_range():
    text = "Skip this. Take this one. And this."
    start = text.index("Take")
    sentences = split_sentences(text, start, len(text))
    assert [text[s.start : s.end] for s in sentences] == ["Take this one.", "And this."]
