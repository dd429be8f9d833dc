"""Full-text search over titles, summaries, actor names and source text (SQLite FTS5, or
tsvector + GIN on a team database: see db/migrations/postgresql.py).

User text never reaches MATCH as syntax: it is split into words, each quoted as an FTS5 string
with a prefix star, so "U.S.-Japan 2+2" and stray quotes or operators cannot raise an error.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any, NamedTuple

import sqlalchemy as sa

from db.queries.fts_terms import MAX_WORDS, WORD, FtsQuery, spelled_out
from db.store.snapshots import TABLES

_TS_WORD = re.compile(r"[^\W_]+", re.UNICODE)  # as the index folds text: "_" separates words
_KIND_CODES = {"event": 1, "actor": 2, "source": 3}
_SEARCH = sa.table("search_index", sa.column("rowid", sa.Integer), sa.column("kind", sa.String))
_SIMPLE: sa.ColumnClause[str] = sa.literal_column(
    "'simple'::regconfig"
)  # the configuration the index was built with


def ts_query(text: str) -> str | None:
    """A PostgreSQL tsquery matching every word of `text` as a prefix; None if it has none."""
    words = _TS_WORD.findall(text.lower())[:MAX_WORDS]
    if not words:
        return None
    return " & ".join(f"'{word}':*" for word in words)


def like_pattern(text: str) -> str:
    """`text` as a LIKE pattern matching it anywhere, with % and _ escaped (escape char '\\')."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _of_kind(conn: sa.Connection, kind: str) -> sa.ColumnElement[bool]:
    """search_index rows of `kind` (their rowid is the record's id * 4 + the kind's code).

    SQLite: tested on the rowid, because FTS5 keeps `kind` in its content table, and reading
    it for each of 125,000 matches of a common word cost 110 ms of a 145 ms search at 1M
    events. PostgreSQL: on `kind` itself, written into the SQL (one of three constants, never
    user text) so that the planner can pick the kind's partial GIN index (migration 0011)
    even in a generic plan.
    """
    code = _KIND_CODES[kind]
    if conn.dialect.name == "sqlite":
        return _SEARCH.c.rowid % 4 == code
    return _SEARCH.c.kind == sa.literal(kind, sa.String, literal_execute=True)


def _spelled(conn: sa.Connection, text: str) -> FtsQuery | None:
    """SQLite: `text` as an FTS5 query of the index's own terms (see db/queries/fts_terms.py),
    read once per transaction: a page and a count each ask for it three times."""
    transaction = conn.get_transaction()
    cached = conn.info.get("spelled_out")
    if cached is None or cached[0] is not transaction:
        cached = conn.info["spelled_out"] = (transaction, {})
    queries: dict[str, FtsQuery | None] = cached[1]
    if transaction is None or text not in queries:
        queries[text] = spelled_out(conn, text)
    return queries[text]


def _seeks(conn: sa.Connection, text: str) -> bool:
    """SQLite: FTS5 answers `text` by seeking in its terms' lists (no prefix to merge)."""
    spelled = _spelled(conn, text)
    return spelled is not None and spelled.seeks


def _fts_match(query: str) -> sa.ColumnElement[bool]:
    return sa.literal_column("search_index").op("MATCH")(query)


def _text_match(conn: sa.Connection, text: str) -> sa.ColumnElement[bool] | None:
    """The full-text condition on search_index for `text`; None if it has no words."""
    if conn.dialect.name == "sqlite":
        spelled = _spelled(conn, text)
        return None if spelled is None else _fts_match(spelled.match)
    words = ts_query(text)
    if words is None:
        return None
    tsquery = sa.func.to_tsquery(_SIMPLE, sa.func.unaccent(words))
    return sa.literal_column("search_index.body").op("@@")(tsquery)


def has_full_text(conn: sa.Connection) -> bool:
    """True on the engines with a search index (the others fall back to LIKE on titles)."""
    return conn.dialect.name in ("sqlite", "postgresql")


def _direct_matches(conn: sa.Connection, text: str, kind: str) -> sa.Select[Any]:
    table = TABLES[kind]
    if has_full_text(conn):
        match = _text_match(conn, text)
        if match is None:
            return sa.select(table.c.id).where(sa.false())
        found = sa.select((_SEARCH.c.rowid // 4).label("id")).where(match, _of_kind(conn, kind))
        if kind != "event" and conn.dialect.name == "sqlite":
            # Actors and sources are few, so their rows lie among the index's first: FTS5
            # stops there instead of reading the word's every event (60 ms for "war" at 10M).
            highest = sa.select(sa.func.max(table.c.id)).scalar_subquery()
            found = found.where(_SEARCH.c.rowid <= highest * 4 + _KIND_CODES[kind])
        return found
    # Portable fallback (other engines): substring match on the main text column.
    column = table.c.name if kind == "actor" else table.c.title
    return sa.select(table.c.id).where(column.ilike(like_pattern(text.strip()), escape="\\"))


def _sources_by_label(text: str) -> sa.Select[Any]:
    """Ids of sources whose title, authors or publisher hold every word of `text`.

    Not their notes or full text: an article cited by thirty events holds most words a user
    searches for, and would make every one of those events match.
    """
    source = TABLES["source"]
    label = (
        sa.func.coalesce(source.c.title, "")
        .concat(" ")
        .concat(sa.func.coalesce(sa.cast(source.c.authors, sa.String), ""))
        .concat(" ")
        .concat(sa.func.coalesce(source.c.publisher, ""))
    )
    words = WORD.findall(text)[:MAX_WORDS]
    each_word: list[sa.ColumnElement[bool]] = [
        label.ilike(like_pattern(word), escape="\\") for word in words
    ]
    return sa.select(source.c.id).where(*each_word or [sa.false()])


def _given_ids(conn: sa.Connection, ids: list[int]) -> sa.Select[Any]:
    """`ids` as a one-column select, passed as one parameter (a JSON list; an array)."""
    if conn.dialect.name == "sqlite":
        listed = sa.func.json_each(json.dumps(ids)).table_valued("value")
        return sa.select(listed.c.value.label("id"))
    array = sa.literal(ids, sa.ARRAY(sa.Integer))
    return sa.select(sa.func.unnest(array).label("id"))


def matching_ids(
    conn: sa.Connection, text: str, kind: str, direct: list[int] | None = None
) -> sa.Select[Any] | sa.CompoundSelect[Any]:
    """Ids of `kind` records matching `text`; events also match through their actors and the
    titles, authors and publishers of their sources. `direct`: the events whose own text
    matches, when already read (see `probe_matches`), so the search index is not asked again."""
    own = _direct_matches(conn, text, kind) if direct is None else _given_ids(conn, direct)
    if kind != "event":
        return own
    return sa.union(own, *_linked_matches(conn, text))


def _linked_matches(conn: sa.Connection, text: str) -> list[sa.Select[Any]]:
    """Ids of the events matching `text` through their actors, and through their sources."""
    part, cit = TABLES["participation"], TABLES["citation"]
    via_actor = sa.select(part.c.event_id).where(
        part.c.actor_id.in_(_direct_matches(conn, text, "actor"))
    )
    via_source = sa.select(cit.c.event_id).where(
        cit.c.event_id.is_not(None), cit.c.source_id.in_(_sources_by_label(text))
    )
    return [via_actor, via_source]


def matching_event_parts(conn: sa.Connection, text: str) -> list[sa.Select[Any]]:
    """The parts of `matching_ids(conn, text, "event")` as separate one-column selects (their
    ids may repeat across and within them): for reading every match into an array without
    the union's sort (db/queries/event_ranks.py `search_ranks`)."""
    return [_direct_matches(conn, text, "event"), *_linked_matches(conn, text)]


def matches_text(
    conn: sa.Connection,
    column: sa.ColumnElement[int],
    text: str,
    kind: str,
    direct: list[int] | None = None,
) -> sa.ColumnElement[bool]:
    """`column` (an id of `kind`) is one of the records matching `text`.

    On PostgreSQL the matching ids are gathered once into an array: as an IN (subquery) the
    planner guessed thousands of matches from the union's parts (every event of a matching
    actor or source), hashed them and read the whole event table to keep 22 rows (630 ms at
    1M events; 85 ms looking them up by id).
    """
    ids = matching_ids(conn, text, kind, direct)
    if conn.dialect.name == "postgresql":
        return column == sa.any_(sa.func.array(ids.scalar_subquery()))
    return column.in_(ids)


# -- Common words: the first page in list order without gathering every match ----------------
#
# A word like "war" matches one event in eight. `matches_text` gathers all 125,000 matches at
# 1M events, looks each one up and sorts them to show 200: 0.3-0.4 s. The list's sort index
# reaches 200 of them after ~1,600 events. The functions below serve that walk (see
# db/queries/lists.py `list_events`): a per-row form of the match, a probe that tells a common
# word from a rare one, and the count of every match without looking the events up.


def _via_links(conn: sa.Connection, column: sa.ColumnElement[int], text: str) -> list[Any]:
    """`column` (an event id) matches through one of its actors or sources."""
    part, cit = TABLES["participation"], TABLES["citation"]
    via_actor = sa.exists().where(
        part.c.event_id == column, part.c.actor_id.in_(_direct_matches(conn, text, "actor"))
    )
    via_source = sa.exists().where(
        cit.c.event_id == column, cit.c.source_id.in_(_sources_by_label(text))
    )
    return [via_actor, via_source]


def _is_direct_match(
    conn: sa.Connection, column: sa.ColumnElement[int], text: str, one_by_one: bool = True
) -> sa.ColumnElement[bool]:
    """`column` (an event id) is one of the events whose own text matches, tested row by row.

    Both engines look each row up in search_index by its key when that is cheap: on
    PostgreSQL always (gathering the ids needs every match's heap row); on SQLite when the
    query's words are spelled out as the index's terms (FTS5 seeks each term's list: ~30 µs
    a row). A prefix left in the query would be merged for every row (35 ms for "war" at
    10M), so then SQLite gathers the matching ids once (FTS5 hands out rowids without reading
    its content: 30 ms for 125,000), and `column + 0` keeps it from driving the query by
    that list; and so it does when told not to test `one_by_one` (see `rows_to_test`).
    """
    sqlite = conn.dialect.name == "sqlite"
    if sqlite and not (one_by_one and _seeks(conn, text)):
        return (column + 0).in_(_direct_matches(conn, text, "event"))
    match = _text_match(conn, text)
    if match is None:
        return sa.false()
    probe = sa.select(_SEARCH.c.rowid).where(
        _SEARCH.c.rowid == column * 4 + _KIND_CODES["event"], _of_kind(conn, "event"), match
    )
    if sqlite:
        return probe.exists()
    # OFFSET 0 keeps the planner from turning the probe into a hash of every match (which
    # it does for a plain EXISTS, and which is what the walk is there to avoid).
    return probe.offset(0).exists()


def without_jit(conn: sa.Connection) -> None:
    """PostgreSQL: no JIT compiling for the rest of this transaction (a list's page or count).

    The planner cannot know how soon a walk stops, nor how few events link to a matching
    actor (it guesses 35,000 each), and above its cost limit it compiles the query first:
    50-100 ms for a count that takes 1 ms, 1.3 s for a page of 10 events in a new library.
    """
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SET LOCAL jit = off")


def matches_text_by_row(
    conn: sa.Connection, column: sa.ColumnElement[int], text: str, one_by_one: bool = True
) -> sa.ColumnElement[bool]:
    """The same events as `matches_text(conn, column, text, "event")`, in a form tested row
    by row: for walking an index in order and stopping after a page. `one_by_one`: each row
    looked up in the search index where that is cheap; else (SQLite) in the list of every
    direct match, gathered once."""
    direct = _is_direct_match(conn, column, text, one_by_one)
    return sa.or_(direct, *_via_links(conn, column, text))


# On SQLite, one event's test by a lookup in the search index (no prefix left: FTS5 seeks in
# each term's list in each of the index's segments) costs as much as putting this many
# matches in the list that the other test gathers: ~35 µs against ~0.25 µs at 10,000,000
# events (16 segments; "war", 1.25M matches, the library of benchmarks/timeline_library.py).
ROW_TEST_COST = 140
# The share of a word's events is read from the first this many event ids.
_SAMPLE_IDS = 65_536


def sampled_matches(conn: sa.Connection, text: str, events: tuple[int, int]) -> int | None:
    """About how many events with ids from `events` (lowest, highest) match `text` directly,
    counted among the first ids (1 ms: FTS5 seeks and stops there); None where that is not
    cheap (PostgreSQL; a prefix left in the query, which FTS5 merges whole first)."""
    if conn.dialect.name != "sqlite" or not _seeks(conn, text):
        return None
    match = _text_match(conn, text)
    lowest, highest = events
    if match is None or highest < lowest:
        return None
    sample = min(_SAMPLE_IDS, highest - lowest + 1)
    code = _KIND_CODES["event"]
    within = _SEARCH.c.rowid.between(lowest * 4 + code, (lowest + sample - 1) * 4 + code)
    counted = sa.select(sa.func.count()).select_from(_SEARCH)
    found = int(conn.execute(counted.where(match, within, _of_kind(conn, "event"))).scalar_one())
    return found * (highest - lowest + 1) // sample


def rows_to_test(conn: sa.Connection, wanted: int, events: int, matches: int | None) -> int:
    """How many events of a walk to test one by one (a lookup each), when `wanted` matches
    are looked for among about `events` of which about `matches` match directly (None:
    unknown): when testing the events that should hold `wanted` costs less than gathering
    every direct match, twice as many (matches are not spread quite evenly); else 0.
    PostgreSQL always tests one by one (gathering reads every match's heap row). A wrong
    guess costs time, never a different page."""
    if conn.dialect.name != "sqlite":
        return sys.maxsize
    if not matches:
        return 0
    needed = wanted * events // matches
    return 2 * needed if needed * ROW_TEST_COST < matches else 0


def lookup_windows(rows: int, matches: int | None) -> int:
    """How many walks of `rows` events tested one by one (each going on where the last one
    ended) cost less than gathering the about `matches` direct matches: at least one, at
    most four (one when `matches` is not known: PostgreSQL); none when no walk tests one by
    one."""
    if not rows:
        return 0
    if not matches:
        return 1
    if ROW_TEST_COST <= 0:
        return _MAX_WINDOWS
    return max(1, min(_MAX_WINDOWS, matches // (ROW_TEST_COST * rows)))


_MAX_WINDOWS = 4


def _count_direct_matches(conn: sa.Connection, text: str) -> int:
    """Events whose own text matches `text` (not through actors or sources)."""
    match = _text_match(conn, text)
    if match is None:
        return 0
    found = sa.select(sa.func.count()).where(match, _of_kind(conn, "event"))
    count: int = conn.execute(found.select_from(_SEARCH)).scalar_one()
    return count


def count_matching_events(conn: sa.Connection, text: str) -> int:
    """As many events as `matches_text(conn, EVENT.c.id, text, "event")` selects, counted
    without looking them up in the event table: the direct matches from the search index
    alone, plus those through actors and sources that are not among them.

    Every id counted is an event's: search rows are written by the event table's triggers,
    links carry foreign keys.
    """
    part, cit = TABLES["participation"], TABLES["citation"]
    via = sa.union(
        sa.select(part.c.event_id.label("id")).where(
            part.c.actor_id.in_(_direct_matches(conn, text, "actor"))
        ),
        sa.select(cit.c.event_id).where(
            cit.c.event_id.is_not(None), cit.c.source_id.in_(_sources_by_label(text))
        ),
    ).subquery()
    linked = sa.select(sa.func.count()).select_from(via)
    linked = linked.where(sa.not_(_is_direct_match(conn, via.c.id, text)))
    return _count_direct_matches(conn, text) + int(conn.execute(linked).scalar_one())


_LEXEME_STATISTICS = sa.text(
    "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
    "WHERE schemaname = current_schema() AND tablename = 'search_index' AND attname = 'body'"
)


def _statistics_share(conn: sa.Connection, text: str) -> float | None:
    """PostgreSQL: about which share of the search rows hold every word of `text` (as
    prefixes), from the planner's statistics of the most common lexemes (ANALYZE keeps them;
    a word not among them is rare); None when there are none yet. Words are taken as
    independent; a wrong guess costs time, never results."""
    row = conn.execute(_LEXEME_STATISTICS).first()
    if row is None or not row[0]:
        return None
    lexemes = list(zip(row[0], row[1], strict=False))  # the frequencies end with 3 summaries
    share = 1.0
    for word in _TS_WORD.findall(text.lower())[:MAX_WORDS]:
        share *= max((freq for lexeme, freq in lexemes if lexeme.startswith(word)), default=0.0)
    return share


class MatchProbe(NamedTuple):
    """Whether a search's word is common, and its direct matches when they were all read."""

    common: bool
    direct: list[int] | None = None


def probe_matches(conn: sa.Connection, text: str, at_least: int, events: int) -> MatchProbe:
    """Whether probably `at_least` of the library's about `events` events match `text`
    directly: on PostgreSQL from its statistics when it has some (1 ms, where reading 20,000
    matches reads their heap rows: 50 ms); else by counting up to `at_least` matches in the
    search index, and, when there are fewer, reading them, for the query that then gathers
    every match."""
    match = _text_match(conn, text)
    if match is None:  # no words: nothing matches (the statistics would say all)
        return MatchProbe(False, [])
    if conn.dialect.name == "postgresql":
        share = _statistics_share(conn, text)
        if share is not None:
            return MatchProbe(share * events >= at_least)
    read = sa.select((_SEARCH.c.rowid // 4).label("id")).where(match, _of_kind(conn, "event"))
    first = read.limit(at_least).subquery()
    if conn.dialect.name == "sqlite":
        return _probe_in_sqlite(conn, text, first, at_least)
    ids = list(conn.execute(sa.select(first.c.id)).scalars())
    return MatchProbe(True) if len(ids) >= at_least else MatchProbe(False, ids)


def _probe_in_sqlite(
    conn: sa.Connection, text: str, first: sa.Subquery, at_least: int
) -> MatchProbe:
    """SQLite's probe, counted and listed inside SQLite: reading 200,000 ids into Python
    took 300 ms at 10M events, counting them 11 ms. When FTS5 seeks (no prefix left), the
    few ids of a rare word are read by asking again; with a prefix, whose merge a second
    question would repeat (0.3-0.4 s for "event"* at 10M), the count and the list come
    together as one JSON array."""
    seeks = _seeks(conn, text)
    listed = sa.func.json_group_array(first.c.id)
    counted = sa.select(sa.func.count(), sa.null() if seeks else listed).select_from(first)
    count, ids = conn.execute(counted).one()
    if count >= at_least:
        return MatchProbe(True)
    if seeks:
        ids = conn.execute(sa.select(sa.func.json_group_array(first.c.id))).scalar_one()
    return MatchProbe(False, json.loads(ids))
