"""position_of_*: a record's row in a sorted, filtered list, found without loading pages."""

from __future__ import annotations

import pytest

from db import queries, store
from db.queries import EventFilter

EVENT_SORTS = ("when", "title", "category", "importance", "sources")


def _ids(rows) -> list[int]:
    return [row.id for row in rows]


@pytest.mark.parametrize("sort", EVENT_SORTS)
@pytest.mark.parametrize("descending", [False, True])
def test_event_position_matches_the_listed_row(demo_lib, sort, descending):
    listed = _ids(queries.list_events(demo_lib, sort=sort, descending=descending, limit=1000))
    for row, event_id in enumerate(listed):
        assert queries.position_of_event(demo_lib, event_id, None, sort, descending) == row


def test_event_position_follows_the_search_filter_and_is_none_when_filtered_out(demo_lib):
    filt = EventFilter(text="Japan")
    listed = _ids(queries.list_events(demo_lib, filt, sort="title", limit=1000))
    assert 0 < len(listed) < queries.count_events(demo_lib)
    for row, event_id in enumerate(listed):
        assert queries.position_of_event(demo_lib, event_id, filt, "title") == row
    outside = next(i for i in _ids(queries.list_events(demo_lib, limit=1000)) if i not in listed)
    assert queries.position_of_event(demo_lib, outside, filt, "title") is None


@pytest.mark.parametrize("sort", ["name", "kind", "events"])
@pytest.mark.parametrize("descending", [False, True])
def test_actor_position_matches_the_listed_row(demo_lib, sort, descending):
    listed = _ids(queries.list_actors(demo_lib, sort=sort, descending=descending, limit=1000))
    for row, actor_id in enumerate(listed):
        assert queries.position_of_actor(demo_lib, actor_id, "", sort, descending) == row


@pytest.mark.parametrize("sort", ["title", "publisher", "published", "reliability", "citations"])
@pytest.mark.parametrize("descending", [False, True])
def test_source_position_handles_empty_dates_and_grades(demo_lib, sort, descending):
    # Sources without a published date or grade sort first ascending and last descending.
    store.create(demo_lib, "source", title="Undated note")
    store.create(demo_lib, "source", title="Another undated note")
    listed = _ids(queries.list_sources(demo_lib, sort=sort, descending=descending, limit=1000))
    assert len(listed) == 5
    for row, source_id in enumerate(listed):
        assert queries.position_of_source(demo_lib, source_id, "", sort, descending) == row


def test_event_categories_are_distinct_and_sorted(demo_lib):
    categories = queries.event_categories(demo_lib)
    assert categories == sorted(set(categories))
    assert "" not in categories
    assert len(categories) >= 2
