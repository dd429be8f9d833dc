"""EDTF text, one date or an interval 'a/b', to a `ParsedDate` (reasons raised bare).

An interval runs from the start of its first end to the end of its last. An open ('..')
or unknown ('') end borrows the known end's own unit: '2024-07/..' spans July 2024 and
is flagged open_end; the drawing, not the keys, shows that it goes on.
"""

from db.dates.calendar import SECONDS_PER_DAY, days_from_civil, days_in_month
from db.dates.edtf_side import Side, is_side_shape, parse_side
from db.dates.model import ParsedDate, Precision, coarser
from db.errors import DateError

OPEN, UNKNOWN = "..", ""


def looks_like_edtf(text: str) -> bool:
    """True if `text` is shaped like EDTF, so its mistakes should be reported as EDTF ones."""
    parts = text.split("/")
    if len(parts) == 1:
        return is_side_shape(text)
    return all(part in (OPEN, UNKNOWN) or is_side_shape(part) for part in parts)


def plain_day(text: str) -> ParsedDate | None:
    """`parse_edtf_text` of a plain day such as 2024-07-28, worked out directly; None for any
    other text (an import of a million events holds as many such dates, each parsed once)."""
    if not (len(text) == 10 and text[4] == text[7] == "-" and text.isascii()):
        return None
    digits = text[:4] + text[5:7] + text[8:]
    if not digits.isdigit():
        return None
    year, month, day = int(text[:4]), int(text[5:7]), int(text[8:])
    if not (1 <= month <= 12 and 1 <= day <= days_in_month(year, month)):
        return None  # refused by the full parser, in its words
    start = days_from_civil(year, month, day) * SECONDS_PER_DAY
    return ParsedDate(
        edtf=text,
        start_key=start,
        end_key=start + SECONDS_PER_DAY,
        precision=Precision.DAY,
        approximate=False,
        uncertain=False,
    )


def parse_edtf_text(text: str) -> ParsedDate:
    """Parse EDTF `text`; DateError carries the reason alone, without the text."""
    if "/" not in text:
        side = parse_side(text)
        return ParsedDate(
            edtf=side.text,
            start_key=side.start_key,
            end_key=side.end_key,
            precision=side.precision,
            approximate=side.approximate,
            uncertain=side.uncertain,
        )
    lower_text, _, upper_text = text.partition("/")
    if "/" in upper_text:
        raise DateError("an interval has exactly one '/', as in 1914/1918")
    return _interval(lower_text, upper_text)


def _interval(lower_text: str, upper_text: str) -> ParsedDate:
    lower, upper = _known_end(lower_text), _known_end(upper_text)
    known = [end for end in (lower, upper) if end is not None]
    if not known:
        raise DateError("an interval needs at least one known end, as in 2024/.. or ../2024")
    first, last = known[0], known[-1]
    if last.end_key <= first.start_key:
        raise DateError(f"the interval ends ({last.text}) before it starts ({first.text})")
    return ParsedDate(
        edtf=f"{lower.text if lower else lower_text}/{upper.text if upper else upper_text}",
        start_key=first.start_key,
        end_key=last.end_key,
        precision=coarser(first.precision, last.precision),
        approximate=first.approximate or last.approximate,
        uncertain=first.uncertain or last.uncertain,
        is_interval=True,
        open_start=lower is None,
        open_end=upper is None,
    )


def _known_end(text: str) -> Side | None:
    """The end as a Side, or None for an open ('..') or unknown ('') end."""
    return None if text in (OPEN, UNKNOWN) else parse_side(text)
