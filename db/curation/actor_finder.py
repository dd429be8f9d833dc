"""Mentions of known actors in a passage: names and aliases as whole words, longest match first."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from db.curation.tokens import Token, key_of, tokenize

ActorId = int | str
KnownActor = tuple[ActorId, str, Sequence[str]]

# Short all-caps aliases ("US", "UK", "EU", "NATO") are matched case-sensitively: "us" is a pronoun.
_SHORT_CAPS_LETTERS = 5
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class ActorMention:
    """A known actor named in the text: `text` is exactly `source[start:end]`."""

    actor_id: ActorId
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Form:
    actor_id: ActorId
    gaps: tuple[str, ...]


class ActorMatcher:
    """Known actors compiled once into token tables, then matched against any number of texts."""

    def __init__(self, known: Iterable[KnownActor]):
        self._exact: dict[tuple[str, ...], _Form] = {}
        self._folded: dict[tuple[str, ...], _Form] = {}
        self.longest = 0
        for actor_id, name, aliases in known:
            for form in (name, *aliases):
                self._add(actor_id, form)
        self._first_exact = {words[0] for words in self._exact}
        self._first_folded = {words[0] for words in self._folded}

    def _add(self, actor_id: ActorId, form: str) -> None:
        tokens = tokenize(form)
        if not tokens:
            return
        gaps = tuple(_gap(form, a, b) for a, b in pairwise(tokens))
        letters = "".join(t.word for t in tokens).replace(".", "")
        if letters.isupper() and len(letters) <= _SHORT_CAPS_LETTERS:
            table, words = self._exact, tuple(key_of(t.word) for t in tokens)
        else:
            table, words = self._folded, tuple(key_of(t.word).casefold() for t in tokens)
        # The first actor listed keeps an ambiguous alias.
        table.setdefault(words, _Form(actor_id, gaps))
        self.longest = max(self.longest, len(words))

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[ActorMention]:
        """Mentions in `text[start:end]`, left to right, never overlapping; offsets into `text`."""
        return self.find_in_tokens(text, tokenize(text, start, end))

    def find_in_tokens(self, text: str, tokens: Sequence[Token]) -> list[ActorMention]:
        """Like `find`, over tokens the caller already has."""
        mentions: list[ActorMention] = []
        i = 0
        while i < len(tokens):
            matched = self._longest_at(text, tokens, i)
            if matched is None:
                i += 1
                continue
            actor_id, length = matched
            first, last = tokens[i], tokens[i + length - 1]
            span = text[first.start : last.end]
            mentions.append(ActorMention(actor_id, span, first.start, last.end))
            i += length
        return mentions

    def _longest_at(self, text: str, tokens: Sequence[Token], i: int) -> tuple[ActorId, int] | None:
        first = key_of(tokens[i].word)
        exact_start = first in self._first_exact
        folded_start = first.casefold() in self._first_folded
        if not (exact_start or folded_start):
            return None
        for length in range(min(self.longest, len(tokens) - i), 0, -1):
            window = tokens[i : i + length]
            words = tuple(key_of(t.word) for t in window)
            form = (self._exact.get(words) if exact_start else None) or (
                self._folded.get(tuple(w.casefold() for w in words)) if folded_start else None
            )
            if form is not None and _gaps_agree(text, window, form.gaps):
                return form.actor_id, length
        return None


def _gap(text: str, left: Token, right: Token) -> str:
    # Any run of whitespace (line breaks included) is one space; curly apostrophes are straight.
    return _SPACES.sub(" ", text[left.end : right.start]).replace("’", "'")


def _gaps_agree(text: str, window: Sequence[Token], gaps: tuple[str, ...]) -> bool:
    return all(_gap(text, a, b) == gap for a, b, gap in zip(window, window[1:], gaps, strict=False))


def find_actor_mentions(passage: str, known: Iterable[KnownActor]) -> list[ActorMention]:
    """Mentions of `known` actors in `passage`; an `ActorMatcher` built once scans many faster."""
    return ActorMatcher(known).find(passage)
