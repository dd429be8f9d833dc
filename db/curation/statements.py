"""Every dated sentence of a source: its dates, actors, new names, locator and a proposed title."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from db.curation.actor_finder import ActorMatcher, ActorMention, KnownActor
from db.curation.context_dates import with_context
from db.curation.date_finder import DateCandidate, find_dates
from db.curation.datelines import DATELINE_PARAGRAPHS, dateline_end
from db.curation.name_finder import NameCandidate, names_in_sentence
from db.curation.paragraphs import split_paragraphs
from db.curation.sentences import split_sentences
from db.curation.tokens import lower_case_words, tokenize
from db.dates import ParsedDate

TITLE_LENGTH = 80
# Words a title should not end on ("… talks with the"): articles, prepositions, conjunctions.
_LITTLE_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "and",
        "or",
        "but",
        "as",
        "that",
        "which",
        "who",
        "than",
        "into",
    ]
)
_ENDS_WITH_ACRONYM = re.compile(r"\b(?:[A-Za-z]\.){2,}$")  # "...in the U.S." keeps its stop


@dataclass(frozen=True, slots=True)
class DatedStatement:
    """One sentence of the source with what curation needs; all offsets are into the full text."""

    text: str
    start: int
    end: int
    locator: str
    dates: tuple[DateCandidate, ...]
    actors: tuple[ActorMention, ...]
    new_names: tuple[NameCandidate, ...]
    title: str


def find_dated_statements(
    full_text: str,
    published_edtf: ParsedDate | str | None,
    known_actors: ActorMatcher | Iterable[KnownActor] = (),
    *,
    include_undated: bool = False,
) -> list[DatedStatement]:
    """Sentences of `full_text` that hold a date phrase (or all of them with `include_undated`)."""
    matcher = known_actors if isinstance(known_actors, ActorMatcher) else ActorMatcher(known_actors)
    common = lower_case_words(full_text)
    # One pass for dates over the whole text, then each sentence takes the phrases that start in it.
    dates = find_dates(full_text, published_edtf)
    if published_edtf is None:
        dates = with_context(full_text, dates)
    date_starts = [d.start for d in dates]
    statements: list[DatedStatement] = []
    # Sentences never cross paragraphs, so each one's locator is its paragraph's.
    for paragraph in split_paragraphs(full_text):
        opening = paragraph.start
        if paragraph.number <= DATELINE_PARAGRAPHS:
            opening = dateline_end(full_text, paragraph.start, paragraph.end)
        for sentence in split_sentences(full_text, paragraph.start, paragraph.end):
            # A dateline's date is when the story was filed: no event, no part of a title.
            body = max(sentence.start, opening)
            first = bisect.bisect_left(date_starts, body)
            last = bisect.bisect_left(date_starts, sentence.end, first)
            if first == last and not include_undated:
                continue
            text = full_text[sentence.start : sentence.end]
            tokens = tokenize(full_text, sentence.start, sentence.end)
            actors = matcher.find_in_tokens(full_text, tokens)
            statements.append(
                DatedStatement(
                    text=text,
                    start=sentence.start,
                    end=sentence.end,
                    locator=f"para {paragraph.number}",
                    dates=tuple(dates[first:last]),
                    actors=tuple(actors),
                    new_names=tuple(names_in_sentence(full_text, tokens, actors, common)),
                    title=propose_title(full_text[body : sentence.end]),
                )
            )
    return statements


def propose_title(sentence: str, limit: int = TITLE_LENGTH) -> str:
    """The sentence as a short event title: whole if it fits, else its first clauses (cut at a
    comma, semicolon, colon or dash), else cut at a word and not left on a little word. Never
    an "…": a title is saved and read as a title, not as a quotation cut short."""
    text = " ".join(sentence.split())
    if text.endswith(".") and not _ENDS_WITH_ACRONYM.search(text):
        text = text[:-1]
    if len(text) <= limit:
        return text
    clause = max(text.rfind(mark, 0, limit + 1) for mark in (", ", "; ", ": ", " – ", " — "))
    if clause >= limit * 3 // 5:  # a clause long enough to say what happened
        return text[:clause].rstrip(" ,;:–—-")
    words = text[: limit + 1].split(" ")[:-1] or [text[:limit]]
    while len(words) > 3 and words[-1].casefold() in _LITTLE_WORDS:
        words.pop()
    return " ".join(words).rstrip(" ,;:–—-")
