"""New names, not yet known as actors: "Prime Minister Fumio Kishida" yields "Fumio Kishida"."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from db.curation.actor_finder import ActorMatcher, ActorMention, KnownActor
from db.curation.paragraphs import split_paragraphs
from db.curation.sentences import split_sentences
from db.curation.tokens import Token, lower_case_words, tokenize
from db.curation.vocabulary import (
    MONTHS,
    NAME_PARTICLES,
    SENTENCE_OPENERS,
    TITLE_HEADS,
    TITLE_MODIFIERS,
    WEEKDAYS,
)

# Joiners inside organisation names ("University of Tokyo", "Council for Asia-Pacific Studies").
_JOINERS = frozenset(("of", "for", "on"))
_CALENDAR_NAMES = frozenset(MONTHS) | frozenset(WEEKDAYS)


@dataclass(frozen=True, slots=True)
class NameCandidate:
    """A name worth proposing as a new actor; `title` is the office said before it, if any."""

    name: str
    start: int
    end: int
    title: str = ""


def new_name_candidates(
    passage: str, known: ActorMatcher | Iterable[KnownActor]
) -> list[NameCandidate]:
    """Names in `passage` (offsets into it) that match no known actor."""
    matcher = known if isinstance(known, ActorMatcher) else ActorMatcher(known)
    common = lower_case_words(passage)
    candidates: list[NameCandidate] = []
    for paragraph in split_paragraphs(passage):
        for sentence in split_sentences(passage, paragraph.start, paragraph.end):
            tokens = tokenize(passage, sentence.start, sentence.end)
            mentions = matcher.find_in_tokens(passage, tokens)
            candidates.extend(names_in_sentence(passage, tokens, mentions, common))
    return candidates


def names_in_sentence(
    text: str,
    tokens: Sequence[Token],
    mentions: Sequence[ActorMention],
    common: frozenset[str] = frozenset(),
) -> list[NameCandidate]:
    """Candidates among one sentence's tokens, given the known `mentions` found in them.

    `common` holds words the text also writes in lower case (see `tokens.lower_case_words`).
    """
    candidates = []
    for run in _capitalised_runs(text, tokens, common):
        candidate = _candidate_from_run(text, run)
        if candidate is not None and not _is_known(candidate, run, mentions):
            candidates.append(candidate)
    return candidates


def _capitalised_runs(
    text: str, tokens: Sequence[Token], common: frozenset[str]
) -> list[list[Token]]:
    runs: list[list[Token]] = []
    current: list[Token] = []
    pending: list[Token] = []  # particles or joiners that count only if a capitalised word follows
    for index, token in enumerate(tokens):
        if current:
            previous = pending[-1] if pending else current[-1]
            if not _adjacent(text, previous, token):
                runs.append(current)
                current, pending = [], []
        if _is_capitalised(token.word) and not (index == 0 and _is_opener(token.word, common)):
            current.extend(pending)
            current.append(token)
            pending = []
        elif current and _may_join(token.word, pending):
            pending.append(token)
        elif current:
            runs.append(current)
            current, pending = [], []
    if current:
        runs.append(current)
    return runs


def _is_capitalised(word: str) -> bool:
    return word[0].isupper() and word.lower() not in _CALENDAR_NAMES


def _is_opener(word: str, common: frozenset[str]) -> bool:
    lowered = word.lower()
    return lowered in SENTENCE_OPENERS or lowered in common


def _adjacent(text: str, previous: Token, token: Token) -> bool:
    gap = text[previous.end : token.start]
    # "Mr. Kishida": an abbreviated title keeps its full stop and still joins the name.
    return gap in (" ", "-") or (gap == ". " and previous.word.lower() in TITLE_HEADS)


def _may_join(word: str, pending: list[Token]) -> bool:
    if word in NAME_PARTICLES:
        return True
    if pending:
        # "of the", "for the": one article may follow a joiner.
        return word == "the" and len(pending) == 1 and pending[0].word in _JOINERS
    return word in _JOINERS


def _candidate_from_run(text: str, run: list[Token]) -> NameCandidate | None:
    title_start, title_end = _title_span(run)
    name_tokens = run[title_end:]
    while name_tokens and not name_tokens[0].word[0].isupper():
        name_tokens = name_tokens[1:]
    if not name_tokens:
        return None
    first, last = name_tokens[0], name_tokens[-1]
    words = text[first.start : last.end].count(" ") + 1
    if words < 2 and title_end == title_start:
        return None  # a lone capitalised word is as often a place or a brand as a new person
    title = text[run[title_start].start : run[title_end - 1].end] if title_end > title_start else ""
    return NameCandidate(text[first.start : last.end], first.start, last.end, title)


def _title_span(run: list[Token]) -> tuple[int, int]:
    """Token range of the office before the name: around its last head word, else empty."""
    lowered = [t.word.lower() for t in run]
    heads = [i for i, word in enumerate(lowered) if word in TITLE_HEADS]
    if not heads:
        return 0, 0
    start = end = heads[-1]
    while start > 0 and lowered[start - 1] in TITLE_MODIFIERS:
        start -= 1
    # "Secretary of State", "Minister for Foreign Affairs": joiners and modifiers after the head.
    end += 1
    while end < len(run) and (
        lowered[end] in TITLE_MODIFIERS or lowered[end] in _JOINERS | {"the"}
    ):
        end += 1
    while lowered[end - 1] in _JOINERS | {"the"}:
        end -= 1
    return start, end


def _is_known(candidate: NameCandidate, run: list[Token], mentions: Sequence[ActorMention]) -> bool:
    # "Fumio Kishida" is known when "Kishida" is; "Bank of Japan" is new though "Japan" is known.
    has_joiner = any(t.word in _JOINERS for t in run)
    for mention in mentions:
        if mention.start <= candidate.start and candidate.end <= mention.end:
            return True
        inside = candidate.start <= mention.start and mention.end == candidate.end
        if inside and not has_joiner:
            return True
    return False
