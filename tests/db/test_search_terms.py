"""A search's prefixes spelled out as the index's terms (db/queries/fts_terms.py), and the
pages and counts found with them, against the plain query: every match gathered with the
prefix query, sorted, then offset and limit. On both engines (PostgreSQL keeps its own
tsquery; its pages walk with lookups as before)."""

from __future__ import annotations

import itertools

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from db import queries, store
from db.queries import EventFilter, event_ranks, fts_terms, lists, search
from db.queries.filters import EVENT, conditions, source_count_expr
from db.queries.lists import EVENT_SORTS, sort_key
from db.queries.search import without_jit

# Words that share prefixes ("war", "ward", "warfare"), numbers that begin many terms, words
# the tokenizer folds (accents, another script) and one it splits ("sea_wall").
VOCABULARY = [
    "war", "ward", "warfare", "wartime", "warsaw", "harbour", "harbours", "market", "event",
    "4242", "42420", "424", "Élan", "élan", "über", "naïve", "Straße", "東京", "sea_wall",
]  # fmt: skip
SORTS = [(sort, desc) for sort in EVENT_SORTS for desc in (False, True)]
# What one may type: words, their first letters, and the syntax FTS5 and tsquery would read.
TYPED = st.one_of(
    st.sampled_from(VOCABULARY),
    st.sampled_from(VOCABULARY).map(lambda w: w[: max(1, len(w) // 2)]),
    st.sampled_from(['"', "*", "OR", "AND", "NOT", "(", ")", "-", ":", "^", "NEAR", "'", "&"]),
    st.text(max_size=6),
)
QUERIES = st.lists(TYPED, min_size=1, max_size=4).map(" ".join)


def _plain_page(conn, text: str, sort: str, descending: bool, page: tuple[int, int]) -> list:
    """The page as the plain query returns it: every match of the prefix query, sorted."""
    order = [sort_key(conn, c, descending) for c in EVENT_SORTS[sort]]
    counted = source_count_expr().label("source_count")
    stmt = sa.select(EVENT.c.id, counted).order_by(*order, EVENT.c.id)
    stmt = stmt.where(*conditions(EventFilter(text=text), conn)).offset(page[0]).limit(page[1])
    return [row.id for row in conn.execute(stmt)]


def _plain(lib, text: str, pages: list[tuple[str, bool, int, int]], monkeypatch) -> tuple:
    """The plain query's pages and count, the prefixes left as FTS5 prefixes."""
    with monkeypatch.context() as patch:
        patch.setattr(search, "spelled_out", _unspelled)
        with lib.read() as conn:
            without_jit(conn)
            found = [_plain_page(conn, text, s, d, (o, n)) for s, d, o, n in pages]
            stmt = sa.select(sa.func.count()).select_from(EVENT)
            count = conn.execute(stmt.where(*conditions(EventFilter(text=text), conn)))
            return found, count.scalar_one()


def _unspelled(conn, text: str) -> fts_terms.FtsQuery | None:
    query = fts_terms.fts_query(text)
    return None if query is None else fts_terms.FtsQuery(query, False)


def _library(lib, titles: list[str]):
    """Events with `titles`, dated out of order; an actor and a source named for some words
    link events that do not say them."""
    ward = store.create(lib, "actor", name="Ward Council")
    gazette = store.create(lib, "source", title="Harbour Gazette")
    for n, title in enumerate(titles):
        year = 1900 + (n * 37) % 97
        event = store.create(lib, "event", title=title, when=f"{year}-{1 + n % 12:02d}")
        if n % 7 == 1:
            store.add_participation(lib, event, ward)
        if n % 7 == 2:
            store.add_citation(lib, gazette, event_id=event)
    if lib.is_team:
        with lib.write() as conn:
            conn.exec_driver_sql("ANALYZE search_index")
    return lib


_NAMES = itertools.count()
TITLES = st.lists(
    st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=3).map(" ".join),
    min_size=1,
    max_size=40,
)


@settings(
    max_examples=12,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # a library per example: no shrinking
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    titles=TITLES,
    texts=st.lists(QUERIES, min_size=1, max_size=3),
    walk_rows=st.sampled_from([5, 10_000]),
    row_test_cost=st.sampled_from([0, 140]),
    terms_per_word=st.sampled_from([1, 8]),
)
def test_every_page_and_count_is_the_plain_querys(
    new_library, monkeypatch, titles, texts, walk_rows, row_test_cost, terms_per_word
):
    lib = _library(new_library(f"h{next(_NAMES)}"), titles)
    # Small bounds make every way of answering happen on a small library: walks one by one
    # (a row's test as cheap as the gathered list) or with the gathered list, a walk that
    # gives up, prefixes kept when they begin more than one term.
    monkeypatch.setattr(lists, "WALK_ROWS", walk_rows)
    monkeypatch.setattr(search, "ROW_TEST_COST", row_test_cost)
    monkeypatch.setattr(fts_terms, "MAX_TERMS_PER_WORD", terms_per_word)
    pages = [(s, d, o, n) for (s, d), (o, n) in itertools.product(SORTS, [(0, 3), (2, 4)])]
    for text in texts:
        expected_pages, expected_count = _plain(lib, text, pages, monkeypatch)
        for (sort, desc, offset, limit), expected in zip(pages, expected_pages, strict=True):
            listed = queries.list_events(
                lib, EventFilter(text=text), sort=sort, descending=desc, offset=offset, limit=limit
            )
            assert [r.id for r in listed] == expected, (text, sort, desc, offset)
        assert queries.count_events(lib, EventFilter(text=text)) == expected_count, text


@pytest.fixture
def indexed(new_library):
    return _library(new_library("indexed"), [" ".join(p) for p in itertools.permutations(
        ["war", "warfare", "harbour", "Élan", "4242", "sea_wall"], 2)])  # fmt: skip


@pytest.mark.sqlite_only
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.one_of(QUERIES, st.text(max_size=20)), terms_per_word=st.integers(0, 9))
def test_spelled_out_matches_the_rows_the_prefixes_match(
    indexed, monkeypatch, text, terms_per_word
):
    """Any text at all: the same search_index rows, and never an error (SQLite's search
    index: PostgreSQL keeps its tsquery)."""
    monkeypatch.setattr(fts_terms, "MAX_TERMS_PER_WORD", terms_per_word)
    with indexed.read() as conn:
        spelled = fts_terms.spelled_out(conn, text)
        plain = fts_terms.fts_query(text)
        assert (spelled is None) == (plain is None)
        if spelled is None:
            return
        rows = "SELECT rowid FROM search_index WHERE search_index MATCH ? ORDER BY rowid"
        found = conn.exec_driver_sql(rows, (spelled.match,)).scalars().all()
        assert found == conn.exec_driver_sql(rows, (plain,)).scalars().all()


@pytest.mark.sqlite_only
def test_a_prefix_becomes_the_terms_it_begins(indexed):
    with indexed.read() as conn:
        assert fts_terms.spelled_out(conn, "War") == ('("war" OR "ward" OR "warfare")', True)
        assert fts_terms.spelled_out(conn, "warf harb") == ('("warfare") AND ("harbour")', True)
        # Not a plain word: kept as typed (the tokenizer folds it); nothing begins "zzz".
        assert fts_terms.spelled_out(conn, "élan war") == (
            '"élan"* AND ("war" OR "ward" OR "warfare")',
            False,
        )
        assert fts_terms.spelled_out(conn, "war zzz") == ('"zzz"', True)


class _Counting:
    """A connection whose every answer is read whole, counting the rows it hands to Python."""

    def __init__(self, conn):
        self._conn, self.rows = conn, []

    def execute(self, *args, **kwargs):
        result = self._conn.execute(*args, **kwargs)
        if not result.returns_rows:
            return result
        frozen = result.freeze()
        self.rows.append(len(frozen.data))
        return frozen()

    def __getattr__(self, name):
        return getattr(self._conn, name)


@pytest.mark.sqlite_only  # PostgreSQL reads the planner's statistics
def test_the_probe_of_a_common_word_reads_no_matches_into_python(new_library):
    """It counts them in the database (reading 200,000 ids took 300 ms at 10M events)."""
    lib = _library(new_library("probe"), ["war harbour", "war market", "war"] * 20)
    with lib.read() as conn:
        counting = _Counting(conn)
        probe = search.probe_matches(counting, "war", at_least=50, events=60)
        assert probe.common
        assert max(counting.rows) <= 1
        counting.rows.clear()
        probe = search.probe_matches(counting, "harb", at_least=50, events=60)
        assert not probe.common
        assert sorted(probe.direct) == [e for e in range(1, 61) if e % 3 == 1]
        assert max(counting.rows) <= 1  # the rare word's ids come as one list


def test_a_walk_tests_its_events_by_lookups_without_gathering_the_matches(new_library, monkeypatch):
    """On SQLite a common word's page is found by looking each walked event up in the search
    index when the cheaper: the list of every direct match is never asked for."""
    lib = _library(new_library("walk"), ["war harbour", "war market", "market"] * 30)
    expected = _plain(lib, "war", [("when", False, 0, 20)], monkeypatch)[0][0]
    monkeypatch.setattr(search, "ROW_TEST_COST", 0)  # a lookup as cheap as a gathered id
    direct = search._direct_matches

    def only_actors(conn, text, kind):
        assert kind != "event" or lib.is_team, "every direct match gathered"
        return direct(conn, text, kind)

    monkeypatch.setattr(search, "_direct_matches", only_actors)
    listed = queries.list_events(lib, EventFilter(text="war"), limit=20)
    assert [r.id for r in listed] == expected


def test_a_term_added_after_a_search_is_found_by_the_next(lib):
    """The spelled-out terms are read again in each read: a new word is never missed."""
    store.create(lib, "event", title="War begins", when="1914")
    assert [r.title for r in queries.list_events(lib, EventFilter(text="war"))] == ["War begins"]
    store.create(lib, "event", title="Warship sunk", when="1915")
    titles = [r.title for r in queries.list_events(lib, EventFilter(text="war"))]
    assert titles == ["War begins", "Warship sunk"]
    assert queries.count_events(lib, EventFilter(text="war")) == 2


def _page_sequence(count: int, size: int, jumps: list[int]) -> list[tuple[int, int]]:
    """Pages as a list asks for them: the first three in order, back to the first, then
    `jumps` (offsets, some past the end) and the last page (Ctrl+End)."""
    pages = [(0, size), (size, size), (2 * size, size), (0, size)]
    return pages + [(o, size) for o in jumps] + [(max(count - size, 0), size)]


@settings(
    max_examples=10,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    titles=TITLES,
    texts=st.lists(QUERIES, min_size=1, max_size=2),
    size=st.integers(1, 7),
    jumps=st.lists(st.integers(0, 50), max_size=3),
    gather_limit=st.sampled_from([0, 3, 100_000]),
    walk_rows=st.sampled_from([5, 10_000]),
)
def test_a_search_order_and_patient_pages_are_the_plain_querys(
    new_library, monkeypatch, titles, texts, size, jumps, gather_limit, walk_rows
):
    """Every page of a search cut from the whole list's order (`search_ranks`, what the
    Events list pages from once it is made) and every page `list_events_soon` gives while it
    is made (or None: wait), in every sort and direction, for page sequences with jumps back
    and far, equal the plain query's."""
    lib = _library(new_library(f"r{next(_NAMES)}"), titles)
    monkeypatch.setattr(lists, "GATHER_LIMIT", gather_limit)
    monkeypatch.setattr(lists, "WALK_ROWS", walk_rows)
    wholes = {(s, d): event_ranks.rank_events(lib, EventFilter(), s, d) for s, d in SORTS}
    for text in texts:
        count = _plain(lib, text, [], monkeypatch)[1]
        sequence = _page_sequence(count, size, jumps)
        pages = [(s, d, o, n) for (s, d) in SORTS for o, n in sequence]
        expected_pages = _plain(lib, text, pages, monkeypatch)[0]
        ranks = {key: event_ranks.search_ranks(lib, whole, text) for key, whole in wholes.items()}
        for (sort, desc, offset, limit), expected in zip(pages, expected_pages, strict=True):
            assert len(ranks[sort, desc]) == count, (text, sort, desc)
            assert ranks[sort, desc].page_ids(offset, limit) == expected, (text, sort, offset)
            soon = queries.list_events_soon(
                lib, EventFilter(text=text), sort=sort, descending=desc, offset=offset, limit=limit
            )
            if soon is None:  # only a page that would gather that many matches waits
                # (PostgreSQL guesses how many from its statistics)
                assert count >= gather_limit or lib.is_team, (text, sort, offset)
            else:
                assert [r.id for r in soon] == expected, (text, sort, desc, offset)
            if 0 < offset <= count:  # walked on from the row before, as the list asks
                before = ranks[sort, desc].page_ids(offset - 1, 1)
                after = lists.list_events_by_id(lib, before)[0]
                listed = queries.list_events(
                    lib, EventFilter(text=text), sort=sort, descending=desc, offset=offset,
                    limit=limit, after=after,
                )  # fmt: skip
                assert [r.id for r in listed] == expected, ("after", text, sort, desc, offset)
        if gather_limit == 100_000:
            assert ranks[SORTS[0]].filt == EventFilter(text=text)


def test_a_search_order_follows_edits_when_made_again(lib):
    """The whole order and the matches are read in the library's state of the moment:
    made again after an edit, the search's order has the new match in its place."""
    first = store.create(lib, "event", title="War begins", when="1914")
    store.create(lib, "event", title="Peace", when="1919")
    whole = event_ranks.rank_events(lib, EventFilter(), "title", False)
    assert event_ranks.search_ranks(lib, whole, "war").ids.tolist() == [first]
    later = store.create(lib, "event", title="Another war", when="1939")
    whole = event_ranks.rank_events(lib, EventFilter(), "title", False)
    assert event_ranks.search_ranks(lib, whole, "war").ids.tolist() == [later, first]
    with pytest.raises(ValueError):
        event_ranks.search_ranks(
            lib, event_ranks.rank_events(lib, EventFilter(text="war")), "peace"
        )


@pytest.mark.parametrize("sort", ["when", "title"])
@pytest.mark.parametrize("descending", [False, True])
def test_a_page_after_a_known_row_walks_on_from_it(new_library, monkeypatch, sort, descending):
    """Given the row before it, a common word's page is found by walking on from that row:
    here the walk from the list's head (5 events) could not reach it, and every match is
    never gathered."""
    titles = [f"war {word}" for word in ("b", "a", "d", "c", "f", "e", "h", "g", "j", "i")] * 3
    lib = _library(new_library(f"k{next(_NAMES)}"), titles)
    filt = EventFilter(text="war")
    whole = queries.list_events(lib, filt, sort=sort, descending=descending, limit=100)
    monkeypatch.setattr(lists, "WALK_ROWS", 5)
    monkeypatch.setattr(search, "ROW_TEST_COST", 0)

    def no_gathering(*args, **kwargs):
        raise AssertionError("every match gathered")

    monkeypatch.setattr(lists, "matches_text", no_gathering)
    for offset in (1, 4, 9, 17, 27):
        page = queries.list_events(
            lib, filt, sort=sort, descending=descending, offset=offset, limit=3,
            after=whole[offset - 1],
        )  # fmt: skip
        assert page == whole[offset : offset + 3], offset


@pytest.mark.sqlite_only  # PostgreSQL's walk always tests one by one
def test_a_first_page_walks_on_past_a_stretch_without_matches(new_library, monkeypatch):
    """Matches bunched late in the order: the walk's first window of lookups ends short, and
    the next windows go on from where it ended instead of gathering every direct match."""
    lib = new_library("bunched")
    for n in range(40):
        title = "war harbour" if n >= 28 else "market"
        store.create(lib, "event", title=f"{title} {n}", when=f"{1900 + n}")
    expected = _plain(lib, "war", [("when", False, 0, 5)], monkeypatch)[0][0]
    monkeypatch.setattr(search, "ROW_TEST_COST", 0)  # a lookup as cheap as a gathered id
    monkeypatch.setattr(search, "_SAMPLE_IDS", 40)
    direct = search._direct_matches

    def only_actors(conn, text, kind):
        assert kind != "event", "every direct match gathered"
        return direct(conn, text, kind)

    monkeypatch.setattr(search, "_direct_matches", only_actors)
    listed = queries.list_events(lib, EventFilter(text="war"), limit=5)
    assert [r.id for r in listed] == expected
