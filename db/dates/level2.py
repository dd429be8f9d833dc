"""Recognise EDTF level 2, which Chronicle does not store, so the refusal can say so.

A small grammar of our own: only a refusal message needs it, and the `edtf` package that could
answer too costs 0.1 s to build its grammar, prints to stdout on odd text and raises TypeError on
some of it. tests/db/test_dates_level2.py checks this grammar against that package on the
examples of the EDTF specification.
"""

import re

# One date of a level 2 expression: a qualifier may stand before or after any part and any digit
# may be unspecified (X).
_QUALIFIER = r"[?~%]?"
_YEAR = r"-?[\dX]{4}"
# A year with significant digits (S) or a long (Y) year stands alone: no month, day or qualifier.
_WHOLE_YEAR = r"(?:-?\d{4}S\d+|Y-?(?:\d{5,}|\d+E\d+)(?:S\d+)?)"
_MONTH = r"(?:[0X][\dX]|1[0-2X]|XX)"
_SEASON = r"(?:2[1-9]|3\d|4[01])"
_DAY = r"(?:[0-2X][\dX]|3[01X])"
_DATE = (
    rf"(?:{_WHOLE_YEAR}|{_QUALIFIER}{_YEAR}{_QUALIFIER}(?:-{_QUALIFIER}{_SEASON}{_QUALIFIER}"
    rf"|-{_QUALIFIER}{_MONTH}{_QUALIFIER}(?:-{_QUALIFIER}{_DAY}{_QUALIFIER})?)?)"
)
_MEMBER = rf"(?:{_DATE}\.\.{_DATE}|\.\.{_DATE}|{_DATE}\.\.|{_DATE})"
_MEMBERS = rf"{_MEMBER}(?:, ?{_MEMBER})*"
_SET = re.compile(rf"\[{_MEMBERS}\]|{{{_MEMBERS}}}")
_ONE = re.compile(_DATE)
_INTERVAL = re.compile(rf"(?:{_DATE}|\.\.)?/(?:{_DATE}|\.\.)?")

# What only level 2 writes: sets, exponents, significant digits, qualified seasons, and a
# qualifier in front of a part. Level 0 and 1 mistakes are explained by our own parser.
_LEVEL2_MARK = re.compile(r"[\[\]{}^ES]|(?:^|[-/])[?~%]")
_QUALIFIED_PART = re.compile(r"(?:^|[-/])[?~%]")
_LONGEST = 100


def describe_level2(text: str) -> str | None:
    """A refusal reason if `text` is EDTF level 2, else None."""
    if len(text) > _LONGEST or not _LEVEL2_MARK.search(text):
        return None
    feature = _level2_feature(text)
    if feature is None:
        return None
    return (
        f"this is EDTF level 2{f' ({feature})' if feature else ''}, which Chronicle does not "
        "store; write one date, an interval such as 1914/1918, or qualify the whole date (2024?)"
    )


def _level2_feature(text: str) -> str | None:
    """The level 2 feature `text` uses ('' if none has a name), or None if it is not EDTF."""
    if _SET.fullmatch(text):
        return "a choice of dates in [ ]" if text.startswith("[") else "a set of dates in { }"
    if _INTERVAL.fullmatch(text) and text not in ("/", "../", "/..", "../.."):
        return "an interval with level 2 ends"
    if not _ONE.fullmatch(text):
        return None
    if "E" in text:
        return "an exponential year"
    if _QUALIFIED_PART.search(text):
        return "a qualifier in front of part of a date"
    return ""
