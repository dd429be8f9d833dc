"""A text search's page of the Events list is the same page, in the same order, however it is
found: by walking the list's sort index and testing each event (a common word), or by
gathering every match and sorting them (a rare word, another sort, matches bunched late in the
order); and the count is the count of those matches. Compared here with the query that
gathers every match, on both engines."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from db import queries, store
from db.queries import EventFilter, filters, lists, search
from db.queries.filters import EVENT, conditions
from db.queries.lists import EVENT_SORTS, sort_key
from db.queries.search import without_jit

YEARS = 40


@pytest.fixture
def searched(lib):
    """Events over 40 years: "harbour" in every third title, "quay" only in the last ten
    years (bunched late in date order), "pier" in two; an actor and a source whose
    names match "harbour" link events that do not say it themselves."""
    authority = store.create(lib, "actor", name="Harbour Authority")
    gazette = store.create(lib, "source", title="The Harbour Gazette")
    for n in range(YEARS * 3):
        year, month = 1900 + n // 3, 1 + (n % 3) * 4
        words = ["harbour"] if n % 3 == 0 else ["market"]
        if year >= 1900 + YEARS - 10:
            words.append("quay")
        if n in (17, 95):
            words.append("pier")
        title = f"{' '.join(words).title()} {n % 7}"  # repeated titles: ties broken by id
        event = store.create(lib, "event", title=title, when=f"{year}-{month:02d}")
        if n % 10 == 1:
            store.add_participation(lib, event, authority)
        if n % 10 == 2:
            store.add_citation(lib, gazette, event_id=event)
    if lib.is_team:  # the planner's statistics, which the team database's estimate reads
        with lib.write() as conn:
            conn.exec_driver_sql("ANALYZE search_index")
    return lib


def _gathered(lib, text: str, sort: str, descending: bool, offset: int, limit: int) -> list:
    """The page as the query that gathers and sorts every match returns it."""
    with lib.read() as conn:
        without_jit(conn)  # as the list does (a second's compiling, each time, on PostgreSQL)
        order = [sort_key(conn, c, descending) for c in EVENT_SORTS[sort]]
        stmt = sa.select(EVENT.c.id, EVENT.c.title, EVENT.c.start_key)
        stmt = stmt.where(*conditions(EventFilter(text=text), conn)).order_by(*order, EVENT.c.id)
        return [tuple(row) for row in conn.execute(stmt.offset(offset).limit(limit))]


def _listed(lib, text: str, sort: str, descending: bool, offset: int, limit: int) -> list:
    rows = queries.list_events(
        lib, EventFilter(text=text), sort=sort, descending=descending, offset=offset, limit=limit
    )
    return [(r.id, r.title, r.start_key) for r in rows]


@pytest.mark.parametrize("walk_rows", [40, 10_000])
@pytest.mark.parametrize("text", ["harbour", "quay", "pier", "harbour market", "Authority"])
def test_every_page_is_the_page_of_all_matches(searched, monkeypatch, walk_rows, text):
    monkeypatch.setattr(lists, "WALK_ROWS", walk_rows)
    if walk_rows < 100:  # PostgreSQL without statistics reads the matches, as SQLite does
        monkeypatch.setattr(search, "_statistics_share", lambda conn, text: None)
    for sort in ("when", "title"):
        for descending in (False, True):
            for offset, limit in ((0, 10), (0, 200), (25, 10)):
                listed = _listed(searched, text, sort, descending, offset, limit)
                expected = _gathered(searched, text, sort, descending, offset, limit)
                assert listed == expected, (sort, descending, offset, limit)
    with searched.read() as conn:
        without_jit(conn)
        stmt = sa.select(sa.func.count()).select_from(EVENT)
        expected_count = conn.execute(stmt.where(*conditions(EventFilter(text=text), conn)))
        assert queries.count_events(searched, EventFilter(text=text)) == expected_count.scalar()


def test_a_common_word_is_paged_and_counted_without_gathering_every_match(searched, monkeypatch):
    gathered = []

    def gathering(*args, **kwargs):
        gathered.append(args)
        raise AssertionError("every match gathered")

    expected = _gathered(searched, "harbour", "when", False, 0, 20)
    count = queries.count_events(searched, EventFilter(text="harbour"))
    monkeypatch.setattr(lists, "WALK_ROWS", 100)
    monkeypatch.setattr(filters, "matches_text", gathering)
    monkeypatch.setattr(lists, "matches_text", gathering)
    assert _listed(searched, "harbour", "when", False, 0, 20) == expected
    # 40 of 120 events say "harbour", 16 more through the actor and the source.
    assert queries.count_events(searched, EventFilter(text="harbour")) == count == 56
    assert gathered == []
    # "quay" is common too, but all its events are at the end: the walk gives up.
    with pytest.raises(AssertionError, match="every match gathered"):
        _listed(searched, "quay", "when", False, 0, 20)
    assert gathered


def test_other_filters_and_words_the_index_cannot_hold(searched):
    """A search with another filter, or without a word, is answered by the gathering query
    alone (and finds the same events as before)."""
    listed = queries.list_events(searched, EventFilter(text="harbour", categories=("none",)))
    assert listed == []
    by_importance = queries.list_events(searched, EventFilter(text="quay"), sort="importance")
    assert [r.id for r in by_importance] == [row[0] for row in _gathered(
        searched, "quay", "importance", False, 0, 200)]  # fmt: skip
    assert queries.list_events(searched, EventFilter(text="!!")) == []
    assert queries.count_events(searched, EventFilter(text="!!")) == 0
