"""The shortcut for plain days (2024-07-28) gives exactly what the full EDTF parser gives."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from db.dates import parse_date
from db.dates.edtf_parse import parse_edtf_text, plain_day
from db.errors import DateError


@given(st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32))
def test_a_plain_day_parses_as_the_full_parser_parses_it(year, month, day):
    text = f"{year:04d}-{month:02d}-{day:02d}"
    try:
        full = parse_edtf_text(text)
    except DateError:
        full = None  # refused: the shortcut leaves it to the full parser
    assert plain_day(text) == full


@pytest.mark.parametrize("text", ["2024-07-28~", "2024-7-28", "２０２４-07-28", "-2024-07-28"])
def test_anything_else_is_left_to_the_full_parser(text):
    assert plain_day(text) is None


def test_an_impossible_day_is_still_refused_in_the_parsers_words():
    with pytest.raises(DateError, match="2023-02-29"):
        parse_date("2023-02-29")
