"""A passage that names a span by two whole dates offers the span, not only its first day.

"The UN embargo ran from 30 May 1992 to 1 October 1996" used to offer "30 May 1992" and
"1 October 1996" as two dates, so New Event from Selection made a one-day event of a four-year
embargo unless the person noticed and retyped the date.
"""

from __future__ import annotations

import pytest

from db.curation.date_finder import find_dates


@pytest.mark.parametrize(
    ("text", "phrase", "edtf"),
    [
        (
            "The UN embargo ran from 30 May 1992 to 1 October 1996 and closed the river.",
            "30 May 1992 to 1 October 1996",
            "1992-05-30/1996-10-01",
        ),
        (
            "Talks lasted from May 30, 1992 through October 1, 1996.",
            "May 30, 1992 through October 1, 1996",
            "1992-05-30/1996-10-01",
        ),
        (
            "The strike (3 June 2023 – 2 July 2023) ended.",
            "3 June 2023 – 2 July 2023",
            "2023-06-03/2023-07-02",
        ),
    ],
)
def test_two_whole_dates_joined_as_a_span_are_one_interval(text, phrase, edtf):
    found = find_dates(text, "2026-03-14")
    assert [(d.text, d.edtf) for d in found] == [(phrase, edtf)]


@pytest.mark.parametrize(
    "text",
    [
        "Votes on 3 March 2022 and 5 January 2026 were close.",  # two dates, not a span
        "It was moved from 5 May 2024 to 1 May 2024.",  # backwards: two dates
    ],
)
def test_two_dates_that_are_no_span_stay_two(text):
    assert len(find_dates(text, "2026-03-14")) == 2
