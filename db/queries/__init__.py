"""Read-only questions asked of a library: fast, plain rows, no ORM objects."""

from db.queries.filters import EventFilter
from db.queries.lists import (
    ActorRow,
    CitationRow,
    EventListRow,
    ParticipantRow,
    RelationRow,
    SourceRow,
    all_tags,
    citations,
    count_actors,
    count_events,
    count_sources,
    entity_counts,
    list_actors,
    list_events,
    list_sources,
    participants,
    relations,
    tags_of,
)
from db.queries.search import fts_query, like_pattern
from db.queries.window import EventRow, bucket_counts, count_in_window, events_in_window, key_extent

__all__ = [
    "ActorRow",
    "CitationRow",
    "EventFilter",
    "EventListRow",
    "EventRow",
    "ParticipantRow",
    "RelationRow",
    "SourceRow",
    "all_tags",
    "bucket_counts",
    "citations",
    "count_actors",
    "count_events",
    "count_in_window",
    "count_sources",
    "entity_counts",
    "events_in_window",
    "fts_query",
    "key_extent",
    "like_pattern",
    "list_actors",
    "list_events",
    "list_sources",
    "participants",
    "relations",
    "tags_of",
]
