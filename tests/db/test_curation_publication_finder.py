"""The publication date a text states about itself: metadata, header lines, dateline; else none."""

from __future__ import annotations

import pytest

from db.curation.publication_finder import find_publication_date


@pytest.mark.parametrize(
    ("text", "edtf", "where"),
    [
        ('<head><meta property="article:published_time" content="2024-07-11T06:00:00-04:00">',
         "2024-07-11", "page metadata"),
        ('<meta content="2023-03-02" name="date">', "2023-03-02", "page metadata"),
        ('<script>{"@type": "NewsArticle", "datePublished": "2025-09-23T10:00Z"}</script>',
         "2025-09-23", "page metadata"),
        ('<p>By A. Writer <time datetime="2024-06-25">June 25</time></p>', "2024-06-25",
         "page metadata"),
        ("---\ndate: '2024-07-11'\ntitle: Briefing\n---\nBody.", "2024-07-11", "a header line"),
        ("Published: July 11, 2024\n\nBody.", "2024-07-11", "a header line"),
        ("Allies race to Trump-proof ties\nJune 25, 2024\n\nBody about 1999.", "2024-06-25",
         "the dateline"),
    ],
)  # fmt: skip
def test_found(text, edtf, where):
    found = find_publication_date(text)
    assert found is not None and (found.edtf, found.where) == (edtf, where)


def test_a_date_in_the_prose_or_deep_in_the_text_is_not_the_publication_date():
    assert (
        find_publication_date("Talks held on July 11, 2024 ended in a deal that nobody expected.")
        is None
    )
    assert find_publication_date("x\n" * 50 + "July 11, 2024\n") is None
    assert find_publication_date('<meta name="date" content="soon">') is None
