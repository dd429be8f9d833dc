"""Date phrases found in prose and resolved against a publication date."""

import pytest

from db.curation.date_finder import find_dates
from db.dates import parse_date
from db.errors import DateError

# Thursday, 15 August 2024.
PUBLISHED = "2024-08-15"


def only(text, published=PUBLISHED):
    found = find_dates(text, published)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "phrase", "edtf"),
    [
        # Full dates.
        ("The deal was signed on July 28, 2024 in Tokyo.", "July 28, 2024", "2024-07-28"),
        ("The deal was signed on 28 July 2024.", "28 July 2024", "2024-07-28"),
        ("Logged as 2024-07-28 in the minutes.", "2024-07-28", "2024-07-28"),
        ("They met on Sunday, July 28, 2024.", "Sunday, July 28, 2024", "2024-07-28"),
        ("A lady walks by on Jan. 31, 2025.", "Jan. 31, 2025", "2025-01-31"),
        # Month and day: the year comes from publication.
        ("On July 28, the ministers met.", "July 28", "2024-07-28"),
        ("Talks ran July 28-29 in Tokyo.", "July 28-29", "2024-07-28/2024-07-29"),
        ("Talks ran 30 July – 2 August.", "30 July – 2 August", "2024-07-30/2024-08-02"),
        ("The summit opens on September 10.", "September 10", "2024-09-10"),
        # More than a month after publication it must have been the year before.
        ("On December 20 the pact was signed.", "December 20", "2023-12-20"),
        # Month with year, month alone.
        ("By August 2023 it was clear.", "August 2023", "2023-08"),
        ("They met in July 2024.", "July 2024", "2024-07"),
        ("They met in April.", "April", "2024-04"),
        ("They met this April.", "this April", "2024-04"),
        ("They met last April.", "last April", "2024-04"),
        ("They meet next April.", "next April", "2025-04"),
        ("They met in October.", "October", "2023-10"),
        # Years, spans, decades, centuries, eras.
        ("Ties have been poor since 2020.", "2020", "2020"),
        ("It was founded c. 1990.", "c. 1990", "1990~"),
        ("The programme ran from 2019 to 2022.", "from 2019 to 2022", "2019/2022"),
        ("In the 2023-24 budget.", "2023-24", "2023/2024"),
        ("Back in the 1990s.", "1990s", "199X"),
        ("Through the 19th century.", "19th century", "18XX"),
        ("Caesar died in 44 BC.", "44 BC", "-0043"),
        ("The pact is due by the end of 2024.", "by the end of 2024", "2024-08-15/2024-12-31~"),
        ("They seal it before the year-end.", "before the year-end", "2024-08-15/2024-12-31~"),
        # Relative to publication.
        ("Growth slowed this year.", "this year", "2024"),
        ("Growth slowed last year.", "last year", "2023"),
        ("Growth will pick up next year.", "next year", "2025"),
        ("Trump said so earlier this year.", "earlier this year", "2024-01~/2024-08~"),
        ("The deal was signed just this month.", "this month", "2024-08"),
        ("The deal was signed last month.", "last month", "2024-07"),
        ("Officials met last week.", "last week", "2024-08-05~/2024-08-11~"),
        ("Officials meet this week.", "this week", "2024-08-12~/2024-08-18~"),
        ("Officials met yesterday.", "yesterday", "2024-08-14"),
        ("Officials meet today.", "today", "2024-08-15"),
        ("Kishida resigned on Tuesday.", "on Tuesday", "2024-08-13"),
        ("Kishida said Friday that he would go.", "Friday", "2024-08-09"),
        ("Kishida resigned last Thursday.", "last Thursday", "2024-08-08"),
        ("Rain fell this spring.", "this spring", "2024-21"),
        ("Rain fell last summer.", "last summer", "2023-22"),
        ("Rain fell in the summer of 2023.", "summer of 2023", "2023-22"),
        ("Efforts over the last 3½ years paid off.", "last 3½ years", "2021-02~/2024-08-15"),
        ("It happened three years ago.", "three years ago", "2021~"),
    ],
)
def test_date_phrases_resolve(sentence, phrase, edtf):
    found = only(sentence)
    assert (found.text, found.edtf) == (phrase, edtf)
    assert sentence[found.start : found.end] == phrase
    assert parse_date(found.edtf).edtf == found.edtf


@pytest.mark.parametrize(
    "sentence",
    [
        "Germany should resume economic 2+2 meetings and 2-plus-2 talks.",
        "The package is worth $500 billion, or 30 percent of the total.",
        "Japan joined the G7 and the EU+1+1+AP4 format with 28,500 troops.",
        "The 78-year-old speaks twice a year and at least 3.5 times a day.",
        "Production rose 2024 percent and costs hit $2024.",
        "He may march on; may the best win.",
        "Chase Blazek, an analyst at RANE, on Route 1500, said so.",
    ],
)
def test_numbers_that_are_not_dates_are_not_reported(sentence):
    assert find_dates(sentence, PUBLISHED) == []


def test_vague_phrases_are_marked_approximate_and_exact_ones_not():
    assert only("Trump said so earlier this year.").approximate
    assert only("Officials met last week.").approximate
    assert not only("On July 28, the ministers met.").approximate
    assert not only("Growth slowed last year.").approximate


def test_reason_names_where_the_year_came_from():
    assert only("On July 28, the ministers met.").reason == (
        "month and day; year from publication date (15 Aug 2024)"
    )
    assert "year before publication" in only("On December 20 the pact was signed.").reason


def test_without_publication_absolute_dates_resolve_and_relative_ones_do_not():
    text = "On July 28, 2024 and on August 3, a week after last month ended."
    found = {c.text: c.edtf for c in find_dates(text, None)}
    assert found == {"July 28, 2024": "2024-07-28", "August 3": None, "last month": None}


def test_publication_known_to_the_month_only():
    published = "2024-11"
    assert only("The deal was signed just this month.", published).edtf == "2024-11"
    weekday = only("Kishida resigned on Tuesday.", published)
    assert (weekday.edtf, weekday.approximate) == ("2024-11~", True)
    assert only("Officials met yesterday.", published).edtf is None
    assert only("On December 20 the pact was signed.", published).edtf == "2024-12-20"


def test_publication_known_to_the_year_only():
    assert only("It opened on September 23.", "2025").edtf == "2025-09-23"
    assert only("It fell earlier this year.", "2025").edtf == "2025-01~/2025-04~"
    assert only("It closed last month.", "2025").edtf is None


def test_longest_phrase_wins_over_the_phrases_inside_it():
    found = find_dates("Signed July 28, 2024, and in force from 2025.", PUBLISHED)
    assert [(c.text, c.edtf) for c in found] == [("July 28, 2024", "2024-07-28"), ("2025", "2025")]


def test_impossible_days_are_not_dates():
    found = find_dates("On February 30, 2023 nothing happened.", PUBLISHED)
    assert [(c.text, c.edtf) for c in found] == [("2023", "2023")]


def test_offsets_inside_a_range_of_a_longer_text():
    text = "Intro sentence in 2020. On July 28, they met."
    start = text.index("On July")
    found = find_dates(text, PUBLISHED, start, len(text))
    assert [(c.text, c.start) for c in found] == [("July 28", text.index("July 28"))]


def test_a_publication_date_that_is_not_a_date_is_refused_with_the_reason():
    with pytest.raises(DateError):
        find_dates("On July 28, the ministers met.", "sometime soonish")
