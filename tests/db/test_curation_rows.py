"""Rows of Find Dated Statements: one per date, quotes ignored, inferred dates, context dates."""

from __future__ import annotations

import pytest

from db.curation.date_finder import find_dates
from db.curation.rows import proposed_rows
from db.curation.statements import find_dated_statements

PUBLISHED = "2024-06-25"


def rows(text, published=PUBLISHED):
    found = find_dated_statements(text, published, include_undated=True)
    return [(r.date.text, r.date.edtf, r.inferred_from) for r in proposed_rows(text, found)]


@pytest.mark.parametrize(
    ("sentence", "phrase", "edtf"),
    [
        ("They race to end before the year-end.", "before the year-end", "2024-06-25/2024-12-31~"),
        ("The deal is due by year-end.", "by year-end", "2024-06-25/2024-12-31~"),
        ("It must pass before the end of the year.", "before the end of the year",
         "2024-06-25/2024-12-31~"),
        ("Seoul aims to sign before the end of 2025.", "before the end of 2025",
         "2024-06-25/2025-12-31~"),
        ("Tokyo recently signed a pact.", "recently", "2024-04-25~/2024-06-25"),
        ("After a recent visit, talks resumed.", "recent", "2024-04-25~/2024-06-25"),
        ("Talks stalled in recent weeks.", "in recent weeks", "2024-05-14~/2024-06-25"),
        ("Prices rose earlier this month.", "earlier this month", "2024-06-01~/2024-06-25~"),
        ("It was approved in May of last year.", "May of last year", "2023-05"),
        ("The war (264 to 241 BC) was long.", "264 to 241 BC", "-0263/-0240"),
        ("SEPTEMBER 13: The anthem is played.", "SEPTEMBER 13", "2023-09-13"),
    ],
)  # fmt: skip
def test_phrase_classes_resolve(sentence, phrase, edtf):
    (found,) = find_dates(sentence, PUBLISHED)
    assert (found.text, found.edtf) == (phrase, edtf)


def test_recent_years_and_recent_relations_are_not_dates():
    assert (
        find_dates("In recent years, trade grew; their recent relations are good.", PUBLISHED) == []
    )


def test_a_sentence_with_two_events_gives_two_rows():
    text = "Building on the summit in April 2024, the 2-plus-2 meeting in July focused on drones."
    assert [(p, e) for p, e, _ in rows(text)] == [("April 2024", "2024-04"), ("July", "2024-07")]


def test_dates_inside_a_quotation_are_the_speakers_not_the_articles():
    text = '"Today an article appeared. I resigned yesterday," the editor wrote on Monday.'
    assert [(p, e) for p, e, _ in rows(text, "2024-12-30")] == [("on Monday", "2024-12-30")]


def test_one_date_named_twice_in_a_sentence_is_one_row_and_questions_give_none():
    text = "1983: The 1983 bombing shocked the world.\n\nCan you say what happens this year?"
    assert [(p, e) for p, e, _ in rows(text)] == [("1983", "1983")]


def test_a_named_event_lends_its_date_to_later_mentions_marked_inferred():
    text = (
        "The NATO Summit in Washington opened on July 9, 2024. Leaders met often. "
        "At the NATO Summit leaders also agreed on air defence. "
        "The NATO Summit logo is blue."
    )
    found = rows(text)
    assert found[0][:2] == ("July 9, 2024", "2024-07-09")
    assert found[1] == (
        "NATO Summit",
        "2024-07-09",
        "The NATO Summit in Washington opened on July 9, 2024.",
    )
    assert len(found) == 2  # "The NATO Summit logo" says nothing about when


def test_at_the_same_time_takes_the_date_before_it():
    text = "In 288 BC, mercenaries took Messana. At the same time, troops seized Rhegium."
    assert rows(text, None)[1] == (
        "At the same time",
        "-0287",
        "In 288 BC, mercenaries took Messana.",
    )


def test_without_publication_bare_years_after_bc_years_are_bc():
    text = "The war began in 264 BC. Regulus was captured in 255. The fleet was lost in 241, alas."
    assert [(p, e) for p, e, _ in rows(text, None)] == [
        ("264 BC", "-0263"), ("255", "-0254"), ("241", "-0240"),
    ]  # fmt: skip


def test_without_publication_a_chronology_dates_its_entries_by_its_headings():
    text = (
        "September 11, 2001\n\n-   8:14 A.M.: Flight 11 is hijacked.\n"
        "-   8:42-46 A.M.: Flight 175 is hijacked.\n-   SEPTEMBER 13: An anthem is played.\n"
    )
    assert [(p, e) for p, e, _ in rows(text, None)] == [
        ("September 11, 2001", "2001-09-11"),
        ("8:14 A.M.", "2001-09-11T08:14"),
        ("8:42-46 A.M.", "2001-09-11T08:42/2001-09-11T08:46"),
        ("SEPTEMBER 13", "2001-09-13"),
    ]


def test_the_issues_mentions_of_a_dated_summit_are_all_inferred():
    text = (
        "The NATO Summit opened in Washington on July 9, 2024. "
        "Allies pledged air defence at the NATO Summit. "
        "Talks went on late during the Summit. "
        "NATO Summit attendees also agreed on a new command. "
        "The Summit logo was blue."
    )
    found = rows(text)
    assert [(p, e) for p, e, _ in found] == [
        ("July 9, 2024", "2024-07-09"),
        ("NATO Summit", "2024-07-09"),
        ("Summit", "2024-07-09"),
        ("NATO Summit", "2024-07-09"),
    ]
    assert all(
        source == "The NATO Summit opened in Washington on July 9, 2024."
        for *_, source in found[1:]
    )
