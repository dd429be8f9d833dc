"""Numbered paragraphs of a source's full text, with character offsets, and "para N" locators."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_BLANK_LINE = re.compile(r"\n\s*\n")
_LINE_BREAK = re.compile(r"\n")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph: its number (from 1) and `text[start:end]`, surrounding whitespace trimmed."""

    number: int
    start: int
    end: int


def split_paragraphs(text: str) -> list[Paragraph]:
    """Blank-line separated blocks, numbered from 1; without any blank line, each line is one."""
    # Scraped articles (the corpus included) put one paragraph per line and no blank lines; read
    # blank-line-only, such a text would be one giant paragraph and every locator "para 1".
    separator = _BLANK_LINE if _BLANK_LINE.search(text.strip()) else _LINE_BREAK
    paragraphs: list[Paragraph] = []
    block_start = 0
    for match in separator.finditer(text):
        _append_trimmed(paragraphs, text, block_start, match.start())
        block_start = match.end()
    _append_trimmed(paragraphs, text, block_start, len(text))
    return paragraphs


def _append_trimmed(paragraphs: list[Paragraph], text: str, start: int, end: int) -> None:
    start, end = trimmed(text, start, end)
    if start < end:
        paragraphs.append(Paragraph(len(paragraphs) + 1, start, end))


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """`start` and `end` moved inwards past whitespace (equal if `text[start:end]` is blank)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class ParagraphIndex:
    """Paragraphs of one text, for repeated offset look-ups without splitting again."""

    def __init__(self, text: str):
        self.text_length = len(text)
        self.paragraphs = split_paragraphs(text)
        self._starts = [p.start for p in self.paragraphs]

    def number_at(self, offset: int) -> int:
        """Number of the paragraph holding `offset`; whitespace between counts with the next."""
        if not 0 <= offset <= self.text_length:
            raise ValueError(f"offset {offset} is outside a text of {self.text_length} characters")
        if not self.paragraphs:
            raise ValueError("the text has no paragraphs")
        index = bisect.bisect_right(self._starts, offset) - 1
        if index < 0:
            return 1
        paragraph = self.paragraphs[index]
        if offset >= paragraph.end and index + 1 < len(self.paragraphs):
            return index + 2
        return paragraph.number

    def locator(self, start: int, end: int) -> str:
        """Citation locator for `text[start:end]`: "para N" or "paras N–M"."""
        first = self.number_at(start)
        # `end` is exclusive: the span's last character decides where it stops.
        last = self.number_at(max(start, end - 1))
        return f"para {first}" if first == last else f"paras {first}–{last}"


def locate(text: str, char_offset: int) -> int:
    """Number of the paragraph of `text` that holds `char_offset`."""
    return ParagraphIndex(text).number_at(char_offset)


def locator_for(text: str, start: int, end: int) -> str:
    """Locator ("para N" or "paras N–M") for the passage `text[start:end]`."""
    return ParagraphIndex(text).locator(start, end)
