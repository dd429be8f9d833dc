"""What a passage chosen in a source offers a new event: quote, locator, dates, actors, names."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from db.curation.actor_finder import ActorMatcher, ActorMention, KnownActor
from db.curation.date_finder import DateCandidate, find_dates
from db.curation.name_finder import NameCandidate, new_name_candidates
from db.curation.paragraphs import locator_for, trimmed
from db.curation.statements import propose_title
from db.dates import ParsedDate


@dataclass(frozen=True, slots=True)
class Passage:
    """`quote` is exactly `full_text[start:end]` (outer whitespace trimmed)."""

    quote: str
    start: int
    end: int
    locator: str
    title: str
    dates: tuple[DateCandidate, ...]
    actors: tuple[ActorMention, ...]  # the first mention of each known actor
    new_names: tuple[NameCandidate, ...]  # each name once; offsets into the quote


def analyse_passage(
    full_text: str,
    start: int,
    end: int,
    published: ParsedDate | str | None,
    known_actors: ActorMatcher | Iterable[KnownActor] = (),
) -> Passage:
    """Read `full_text[start:end]` for a new cited event; ValueError if the span is blank."""
    start, end = trimmed(full_text, start, end)
    if start >= end:
        raise ValueError("the chosen passage holds no text")
    matcher = known_actors if isinstance(known_actors, ActorMatcher) else ActorMatcher(known_actors)
    quote = full_text[start:end]
    mentions = {m.actor_id: m for m in reversed(matcher.find(full_text, start, end))}
    names = {n.name: n for n in reversed(new_name_candidates(quote, matcher))}
    return Passage(
        quote=quote,
        start=start,
        end=end,
        locator=locator_for(full_text, start, end),
        title=propose_title(quote),
        dates=tuple(find_dates(full_text, published, start, end)),
        actors=tuple(sorted(mentions.values(), key=lambda m: m.start)),
        new_names=tuple(sorted(names.values(), key=lambda n: n.start)),
    )
