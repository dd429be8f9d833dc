"""Word tokens with offsets: dotted acronyms ("U.S.") stay whole, apostrophes and hyphens split."""

from __future__ import annotations

import re
from typing import NamedTuple

# "U.S." is one token (dots kept) so it can stand for the alias "US"; "Japan's" gives "Japan", "s".
_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W_]+")


class Token(NamedTuple):
    """A word and where it sits: `text[start:end] == word`."""

    word: str
    start: int
    end: int


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of `text[start:end]` with offsets into `text`."""
    end = len(text) if end is None else end
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]


def key_of(word: str) -> str:
    """A token without the dots of an acronym: "U.S." and "US" are the same key."""
    return word.replace(".", "") if "." in word else word


_PLAIN_WORD = re.compile(r"[^\W_]+")


def plain_words(text: str) -> list[str]:
    """Lower-case words of `text`, letters and digits only, without offsets."""
    return _PLAIN_WORD.findall(text.lower())


_LOWER_CASE_WORD = re.compile(r"\b[a-z]+\b")


def lower_case_words(text: str) -> frozenset[str]:
    """Words `text` also writes in lower case: capitalised at a sentence start, they are common."""
    return frozenset(_LOWER_CASE_WORD.findall(text))
