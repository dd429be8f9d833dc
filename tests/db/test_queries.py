"""Window, bucket and search queries: right rows, plain tuples, user text never breaks SQL."""

from __future__ import annotations

import pytest

from db import queries, store
from db.dates import civil_to_key
from db.queries import EventFilter


@pytest.fixture
def spread(lib):
    """Events from 44 BC to 2024, some spans, two actors."""
    japan = store.create(lib, "actor", name="Japan", kind="state")
    poland = store.create(lib, "actor", name="Poland", kind="state")
    ids = {
        "caesar": store.create(lib, "event", title="Caesar dies", when="44 BC"),
        "war": store.create(lib, "event", title="Great War", when="1914/1918"),
        "talks": store.create(lib, "event", title="Tokyo talks", when="2024-07-28"),
        "summit": store.create(lib, "event", title="Summit", when="2024-07-09/2024-07-11"),
    }
    store.add_participation(lib, ids["talks"], japan, "host")
    store.add_participation(lib, ids["summit"], poland, "participant")
    return lib, ids, {"japan": japan, "poland": poland}


def test_window_returns_overlapping_events_including_spans_started_before(spread):
    lib, ids, _ = spread
    rows = queries.events_in_window(lib, civil_to_key(1916), civil_to_key(1917))
    assert [r.id for r in rows] == [ids["war"]]
    assert isinstance(rows[0], queries.EventRow)


def test_narrow_window_through_rtree_matches_exact_keys(spread):
    lib, ids, _ = spread
    day = civil_to_key(2024, 7, 28)
    assert [r.id for r in queries.events_in_window(lib, day, day + 86400)] == [ids["talks"]]
    assert queries.events_in_window(lib, day + 86400, day + 2 * 86400) == []


def test_bce_events_sort_before_ce(spread):
    lib, ids, _ = spread
    assert queries.list_events(lib)[0].id == ids["caesar"]


def test_bucket_counts_cover_the_window(spread):
    lib, _, _ = spread
    lo, hi = queries.key_extent(lib)
    counts = queries.bucket_counts(lib, lo, hi, 10)
    assert len(counts) == 10 and sum(counts) == 4
    assert counts[0] == 1  # 44 BC


def test_actor_filter_keeps_only_their_events(spread):
    lib, ids, actors = spread
    filt = EventFilter(actor_ids=(actors["japan"],))
    assert [r.id for r in queries.list_events(lib, filt)] == [ids["talks"]]


def test_unsourced_filter(spread):
    lib, ids, _ = spread
    src = store.create(lib, "source", title="Article")
    store.add_citation(lib, src, event_id=ids["talks"])
    unsourced = {r.id for r in queries.list_events(lib, EventFilter(max_sources=0))}
    assert unsourced == {ids["caesar"], ids["war"], ids["summit"]}


def test_search_matches_titles_and_events_through_actor_names(spread):
    lib, ids, _ = spread
    assert {r.id for r in queries.list_events(lib, EventFilter(text="tokyo"))} == {ids["talks"]}
    assert {r.id for r in queries.list_events(lib, EventFilter(text="Polan"))} == {ids["summit"]}


@pytest.mark.parametrize(
    ("text", "events", "actors", "sources"),
    [
        # Search syntax and SQL in user text are words to find, never operators or code.
        ('"', 0, 0, 0),
        ("NEAR(", 0, 0, 0),
        ("a OR", 0, 0, 0),
        ("Tokyo OR Summit", 0, 0, 0),  # every word must match; OR is one of them
        ("*", 0, 0, 0),
        ("title:x", 0, 0, 0),
        ("(", 0, 0, 0),
        ("'; DROP TABLE event; --", 0, 0, 0),
        ("%_", 0, 0, 0),  # LIKE wildcards escaped: they would match every row
        ("\\", 0, 0, 0),
        # The same characters around real words still find them.
        ('"Tokyo', 1, 0, 1),  # the talks by title; the Reuters source
        ("Japan*", 1, 1, 0),  # the talks through their host
        ("Pol(", 1, 1, 0),  # the summit through Poland
        ("reuters:", 0, 0, 1),  # the source is cited by no event
    ],
)
def test_search_never_raises_on_raw_user_text(spread, text, events, actors, sources):
    lib, _, _ = spread
    store.create(lib, "source", title="Tokyo (Reuters)")
    assert queries.count_events(lib, EventFilter(text=text)) == events
    assert queries.count_actors(lib, text) == actors
    assert queries.count_sources(lib, text) == sources
    assert queries.count_events(lib) == 4  # and nothing was dropped


def test_fts_query_quotes_every_word():
    assert queries.fts_query('U.S.-Japan "2+2"') == '"U"* "S"* "Japan"* "2"* "2"*'
    assert queries.fts_query("!!!") is None


def test_like_pattern_escapes_wildcards():
    assert queries.like_pattern("50%_a\\") == "%50\\%\\_a\\\\%"
