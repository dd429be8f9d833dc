"""The public entry points: text in; a ParsedDate, or a DateError that quotes it, out."""

import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager

from db.dates.edtf_parse import looks_like_edtf, parse_edtf_text, plain_day
from db.dates.friendly import friendly_edtf
from db.dates.level2 import describe_level2
from db.dates.model import ParsedDate
from db.errors import DateError

MAX_LENGTH = 10_000
_EXAMPLES = "28 July 2024, Jul 2024, 1990s, c. 1990, 44 BC, 1914–1918 or 2024-07-28"
_NOT_EDTF = "not EDTF, which looks like 2024, 2024-07, 2024-07-28, 2024-07-28T14:30 or 1914/1918"
_QUOTED_LENGTH = 60


def parse_date(text: str) -> ParsedDate:
    """Parse friendly or EDTF text; the one entry point for the GUI, imports and the CLI."""
    clean = _checked(text)
    day = plain_day(clean)
    if day is not None:
        return day
    with _refusing(clean):
        if looks_like_edtf(clean):
            return parse_edtf_text(clean)
        edtf = friendly_edtf(clean)
        if edtf is None:
            raise DateError(describe_level2(clean) or f"not a date; write e.g. {_EXAMPLES}")
        return parse_edtf_text(edtf)


def parse_edtf(text: str) -> ParsedDate:
    """Parse strict EDTF (levels 0 and 1, times also to the hour or minute)."""
    clean = _checked(text)
    with _refusing(clean):
        if not looks_like_edtf(clean):
            raise DateError(describe_level2(clean) or _NOT_EDTF)
        return parse_edtf_text(clean)


def friendly_to_edtf(text: str) -> str:
    """Canonical EDTF for friendly or EDTF text."""
    return parse_date(text).edtf


def _checked(text: str) -> str:
    """`text` stripped; DateError if it is empty, too long or holds a NUL."""
    if len(text) > MAX_LENGTH:
        raise DateError(
            f"the date text is {len(text):,} characters long; a date is at most {MAX_LENGTH:,}"
        )
    if "\x00" in text:
        raise DateError("the date text contains a NUL character, which is never part of a date")
    clean = text.strip()
    if not clean:
        raise DateError(f"no date given; write e.g. {_EXAMPLES}")
    return clean


@contextmanager
def _refusing(text: str) -> Iterator[None]:
    """Put the quoted text in front of the reason of any DateError raised inside."""
    try:
        yield
    except DateError as error:
        raise DateError(f"{_quoted(text)}: {error}") from None


def _quoted(text: str) -> str:
    shown = text if len(text) <= _QUOTED_LENGTH else text[: _QUOTED_LENGTH - 1] + "…"
    # Control characters would garble a dialog or a terminal line.
    shown = "".join("?" if unicodedata.category(c) == "Cc" else c for c in shown)
    return f"'{shown}'"
