"""Recognise EDTF level 2, which Chronicle does not store, so the refusal can say so."""

import io
import re
from contextlib import redirect_stdout

_FEATURES = {
    "OneOfASet": "a choice of dates in [ ]",
    "MultipleDates": "a set of dates in { }",
    "PartialUncertainOrApproximate": "a qualifier in front of part of a date",
    "PartialUnspecified": "X digits inside a date",
    "ExponentialYear": "an exponential year",
    "Level2Season": "a season beyond 21–24",
    "Level2Interval": "an interval with level 2 ends",
}
# The edtf grammar is slow on long text, and level 2 dates are short.
_LONGEST = 100
_EDTF_CHARACTERS = re.compile(r"[0-9XYSE?~%+\-/.:,^\[\]{}TZ ]+")
# What only level 2 writes: sets, exponents, significant digits, qualified seasons, and a
# qualifier in front of a part. Level 0 and 1 mistakes are explained by our own parser.
_LEVEL2_MARK = re.compile(r"[\[\]{}^ES]|(?:^|[-/])[?~%]")


def describe_level2(text: str) -> str | None:
    """A refusal reason if `text` is EDTF level 2, else None."""
    if len(text) > _LONGEST or not _EDTF_CHARACTERS.fullmatch(text):
        return None
    if not _LEVEL2_MARK.search(text):
        return None
    feature = _level2_feature(text)
    if feature is None:
        return None
    return (
        f"this is EDTF level 2{f' ({feature})' if feature else ''}, which Chronicle does not "
        "store; write one date, an interval such as 1914/1918, or qualify the whole date (2024?)"
    )


def _level2_feature(text: str) -> str | None:
    """What level 2 feature the edtf library finds ('' if unnamed), or None if not EDTF."""
    # Imported here: building the grammar takes about 0.1 s and only this error path needs it.
    from edtf import parse_edtf

    try:
        # The library prints a line to stdout whenever one of its parse actions fails.
        with redirect_stdout(io.StringIO()):
            parsed = parse_edtf(text)
    except Exception:  # its parse actions also raise TypeError etc. on odd text: not level 2
        return None
    return _FEATURES.get(type(parsed).__name__, "")
