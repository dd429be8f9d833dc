"""Dated statements over a small source: what each sentence carries, and proposed titles."""

from db.curation.actor_finder import ActorMatcher
from db.curation.statements import find_dated_statements, propose_title

SOURCE = (
    "Japan and the U.S. held talks in Tokyo on July 28. Nothing was dated here.\n\n"
    "Prime Minister Fumio Kishida said last week that the pact would be sealed by the end of 2024."
)
KNOWN = [(1, "Japan", ["Tokyo"]), (2, "United States", ["US"])]


def test_only_dated_sentences_by_default():
    statements = find_dated_statements(SOURCE, "2024-08-15", KNOWN)
    assert [s.locator for s in statements] == ["para 1", "para 2"]
    first, second = statements
    assert first.text == "Japan and the U.S. held talks in Tokyo on July 28."
    assert SOURCE[first.start : first.end] == first.text
    assert [(d.text, d.edtf) for d in first.dates] == [("July 28", "2024-07-28")]
    assert [(a.actor_id, a.text) for a in first.actors] == [(1, "Japan"), (2, "U.S."), (1, "Tokyo")]
    assert [(d.text, d.edtf) for d in second.dates] == [
        ("last week", "2024-08-05~/2024-08-11~"),
        ("by the end of 2024", "2024-08-15/2024-12-31~"),
    ]
    assert [(n.name, n.title) for n in second.new_names] == [("Fumio Kishida", "Prime Minister")]


def test_all_sentences_on_request_and_a_prebuilt_matcher_is_accepted():
    statements = find_dated_statements(
        SOURCE, "2024-08-15", ActorMatcher(KNOWN), include_undated=True
    )
    assert [s.text for s in statements][1] == "Nothing was dated here."
    assert statements[1].dates == ()


def test_without_publication_relative_dates_stay_unresolved():
    (_, second) = find_dated_statements(SOURCE, None, KNOWN)
    assert [(d.text, d.edtf) for d in second.dates] == [
        ("last week", None),
        ("by the end of 2024", "2024-12~"),
    ]


def test_proposed_titles_are_short_and_cut_at_a_word():
    assert propose_title("Japan and the U.S. held talks.") == "Japan and the U.S. held talks"
    assert propose_title("Talks were held in the U.S.") == "Talks were held in the U.S."
    long = "Prime Minister Fumio Kishida said that the pact would be sealed, " * 3
    # A full title, not a quotation cut short with "…" (issue 14): the first clause.
    assert propose_title(long) == "Prime Minister Fumio Kishida said that the pact would be sealed"
    run_on = "Leaders of Japan and South Korea met in Tokyo to discuss the future of the " * 2
    title = propose_title(run_on)
    assert len(title) <= 80 and not title.endswith("…") and run_on.startswith(title)
    assert title.split()[-1] not in {"the", "of", "to", "in"}


WIRE = (
    "Ports deal signed in Jakarta\n\n"
    "JAKARTA, March 3 (Wire) - Indonesia and Singapore signed a ports agreement on Thursday, "
    "officials said. The talks began in October 2021 in Batam.\n\n"
    "Berlin — The German government on Monday sought to downplay the row."
)


def test_a_dateline_is_neither_an_event_date_nor_part_of_a_title():
    statements = find_dated_statements(WIRE, "2023-03-03")
    signed, talks, berlin = statements
    assert [(d.text, d.edtf) for d in signed.dates] == [("on Thursday", "2023-03-02")]
    assert signed.title.startswith("Indonesia and Singapore signed a ports agreement")
    assert signed.text.startswith("JAKARTA, March 3 (Wire) - ")  # the cited passage stays whole
    assert talks.title == "The talks began in October 2021 in Batam"
    assert berlin.title == "The German government on Monday sought to downplay the row"


def test_a_dash_in_running_prose_is_not_a_dateline():
    text = "Intro.\n\nJapan - the closest ally - signed the pact on 2 May 2024."
    (statement,) = find_dated_statements(text, "2024-06-01")
    assert statement.title.startswith("Japan - the closest ally")
    assert [d.edtf for d in statement.dates] == ["2024-05-02"]
