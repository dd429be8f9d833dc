"""Finding a citation's quote in its source, and reading a chosen passage for a new event."""

from __future__ import annotations

import pytest

from db.curation.passage import analyse_passage
from db.curation.quotes import FoldedText, find_quote

TEXT = (
    "He said “we will\n  act” — soon.\n"
    "Officials met on July 28 in Tokyo.\n"
    "And “we will act” again, he said."
)


def test_exact_quote_is_found_at_its_offsets():
    span = find_quote(TEXT, "Officials met on July 28")
    assert span is not None and span.exact
    assert TEXT[span.start : span.end] == "Officials met on July 28"


def test_quote_typed_with_straight_quotes_spaces_and_dash_is_found_loosely():
    span = find_quote(TEXT, '"We will act" - soon.')
    assert span is not None and not span.exact
    assert TEXT[span.start : span.end] == "we will\n  act” — soon"


def test_repeated_quote_prefers_the_paragraph_its_locator_names():
    first = find_quote(TEXT, "WE WILL ACT")
    fourth = find_quote(TEXT, "WE WILL ACT", "para 4", FoldedText(TEXT))
    assert TEXT[first.start : first.end] == "we will\n  act"
    assert TEXT[fourth.start : fourth.end] == "we will act"
    assert fourth.start > TEXT.index("Tokyo")


@pytest.mark.parametrize("quote", ["", "   ", "…", "not in the text at all"])
def test_blank_or_absent_quotes_are_not_found(quote):
    assert find_quote(TEXT, quote) is None


def test_folding_keeps_offsets_with_characters_whose_lower_case_is_longer():
    text = "İstanbul talks: “Peace now”"
    span = find_quote(text, '"peace now"')
    assert text[span.start : span.end] == "Peace now"


KNOWN = [(1, "Japan", ["Tokyo"]), (2, "United States", ["US", "Washington"])]


def test_passage_offers_quote_locator_dates_actors_and_new_names():
    text = (
        "Background paragraph.\n"
        "  On July 28, Prime Minister Fumio Kishida met US officials in Tokyo and Japan "
        "agreed to more talks next month.  \n"
        "Another paragraph."
    )
    start, end = text.index("  On July"), text.index("Another")
    passage = analyse_passage(text, start, end, "2024-08-15", KNOWN)
    assert passage.quote == text[passage.start : passage.end]
    assert passage.quote.startswith("On July 28") and passage.quote.endswith("next month.")
    assert passage.locator == "para 2"
    assert [(d.text, d.edtf, d.approximate) for d in passage.dates] == [
        ("July 28", "2024-07-28", False),
        ("next month", "2024-09", False),
    ]
    # Each known actor once, at its first mention; "Tokyo" is Japan's alias.
    assert [(m.actor_id, m.text) for m in passage.actors] == [(2, "US"), (1, "Tokyo")]
    assert [(n.name, n.title) for n in passage.new_names] == [("Fumio Kishida", "Prime Minister")]
    assert passage.title.startswith("On July 28, Prime Minister")


def test_blank_passage_is_refused():
    with pytest.raises(ValueError):
        analyse_passage("Some text.\n\n\nMore.", 10, 13, None)
