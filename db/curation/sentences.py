"""Sentence splitting that keeps character offsets and survives "U.S.", "Mr.", "Jan. 31", "3.5"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from db.curation.paragraphs import trimmed
from db.curation.vocabulary import ABBREVIATIONS, FUNCTION_WORDS, NAME_ABBREVIATIONS

# A full stop, "?" or "!" (closing quotes and brackets included), then whitespace and something that
# can open a sentence. A decimal point ("3.5") never qualifies: no whitespace follows it.
# Wikipedia's citation marks ("…wives.[14] At the same time") belong to the sentence they close.
_END_CANDIDATE = re.compile(r"(?P<stop>[.!?…]+)(?:[\"'”’)\]]|\[\d+\])*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
# A list item ("-   1966: Construction begins…") starts a sentence whatever ends the line before.
_LIST_ITEM = re.compile(r"\n[ \t]*(?:[-*•–]|\d+\.)[ \t]+")
_WORD_BEFORE = re.compile(r"((?:[A-Za-z]\.)*[A-Za-z]+)$")
_NEXT_WORD = re.compile(r"\s+[\"'“‘(\[]?([A-Za-z]+)")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence, `text[start:end]` with surrounding whitespace trimmed."""

    start: int
    end: int


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Sentence]:
    """Sentences of `text[start:end]`, with offsets into `text`."""
    end = len(text) if end is None else end
    sentences: list[Sentence] = []
    item_start = start
    for item in _LIST_ITEM.finditer(text, start, end):
        _split_block(text, item_start, item.start(), sentences)
        item_start = item.end()
    _split_block(text, item_start, end, sentences)
    return sentences


def _split_block(text: str, start: int, end: int, sentences: list[Sentence]) -> None:
    sentence_start = start
    for match in _END_CANDIDATE.finditer(text, start, end):
        if _ends_sentence(text, match, end):
            _append_trimmed(sentences, text, sentence_start, match.end())
            sentence_start = match.end()
    _append_trimmed(sentences, text, sentence_start, end)


def _ends_sentence(text: str, mark: re.Match[str], limit: int) -> bool:
    if mark.group("stop") != ".":
        return True  # "?", "!" or an ellipsis
    stop = mark.start()
    before = _WORD_BEFORE.search(text, max(0, stop - 20), stop)
    if before is None:
        return True
    word = before.group(1)
    lowered = word.replace(".", "").lower()
    is_initial = len(word) == 1 and word.isupper()
    is_acronym = "." in word
    if lowered in NAME_ABBREVIATIONS and not is_acronym:
        return False
    if lowered in ABBREVIATIONS or is_initial or is_acronym:
        # "U.S. President Biden" and "John F. Kennedy" go on; "…in the U.S. The next…" stops:
        # only a capitalised function word after the stop betrays a new sentence.
        following = _NEXT_WORD.match(text, mark.end(), limit)
        return following is not None and following.group(1).lower() in FUNCTION_WORDS
    return True


def _append_trimmed(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    start, end = trimmed(text, start, end)
    if start < end:
        sentences.append(Sentence(start, end))
