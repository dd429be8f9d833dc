"""Where a citation's quoted passage sits in its source's text: exactly, else loosely matched.

A quote copied by hand rarely matches byte for byte: line breaks become spaces, curly quotes
become straight ones, a dash changes. The loose match compares both texts folded the same way
(whitespace runs, quote marks, dashes, case) and maps the hit back to offsets in the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from db.curation.paragraphs import ParagraphIndex

_FOLD = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "″": '"',
        "–": "-",
        "—": "-",
        "‐": "-",
        "‑": "-",
        "−": "-",
        "\u00a0": " ",
    }
)
# Ellipses and quote marks around a quote mark its edges, not its words.
_EDGES = " \t\r\n\"'“”‘’«»….,;:"
_LOCATOR_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """`text[start:end]` is the passage; `exact` is False when found only by the loose match."""

    start: int
    end: int
    exact: bool


class FoldedText:
    """A text folded for loose matching, with the original offset of every folded character.

    Folding runs on first use, so one can be handed out for a text that may never need it.
    """

    def __init__(self, text: str):
        self.original = text

    @cached_property
    def _folded(self) -> tuple[str, list[int]]:
        text = self.original
        chars: list[str] = []
        origins: list[int] = []
        in_space = False
        for offset, char in enumerate(text.translate(_FOLD)):
            if char.isspace():
                if not in_space and chars:
                    chars.append(" ")
                    origins.append(offset)
                in_space = True
                continue
            in_space = False
            lowered = char.lower()
            # Lowering that changes the length ("İ") would break the offset map: keep such a char.
            chars.append(lowered if len(lowered) == 1 else char)
            origins.append(offset)
        return "".join(chars), origins

    @property
    def text(self) -> str:
        return self._folded[0]

    @property
    def origins(self) -> list[int]:
        return self._folded[1]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the original text of the folded `self.text[start:end]`."""
        return self.origins[start], self.origins[end - 1] + 1


def fold(text: str) -> str:
    """`text` as the loose match compares it."""
    return FoldedText(text).text.strip()


def find_quote(
    text: str, quote: str, locator: str = "", folded: FoldedText | None = None
) -> QuoteSpan | None:
    """Where `quote` occurs in `text`; with several hits, the one in the locator's paragraph.

    Pass `folded=FoldedText(text)` when looking up many quotes in one text.
    """
    quote = quote.strip()
    if not quote:
        return None
    exact = _all_hits(text, quote)
    if exact:
        start = _preferred(text, exact, locator)
        return QuoteSpan(start, start + len(quote), True)
    needle = fold(quote.strip(_EDGES))
    if len(needle) < 2:
        return None
    folded = folded or FoldedText(text)
    hits = _all_hits(folded.text, needle)
    if not hits:
        return None
    spans = [folded.span(hit, hit + len(needle)) for hit in hits]
    start = _preferred(text, [s for s, _ in spans], locator)
    return QuoteSpan(start, dict(spans)[start], False)


def _all_hits(haystack: str, needle: str) -> list[int]:
    hits = []
    at = haystack.find(needle)
    while at >= 0:
        hits.append(at)
        at = haystack.find(needle, at + 1)
    return hits


def _preferred(text: str, starts: list[int], locator: str) -> int:
    """The first hit inside the paragraph a "para N" locator names, else the first hit."""
    number = _LOCATOR_NUMBER.search(locator)
    if len(starts) > 1 and number is not None:
        index = ParagraphIndex(text)
        for start in starts:
            if index.number_at(start) == int(number.group()):
                return start
    return starts[0]
