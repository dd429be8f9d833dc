"""Full-text search over titles, summaries, actor names and source text (SQLite FTS5, or
tsvector + GIN on a team database: see db/migrations/postgresql.py).

User text never reaches MATCH as syntax: it is split into words, each quoted as an FTS5 string
with a prefix star, so "U.S.-Japan 2+2" and stray quotes or operators cannot raise an error.
"""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa

from db.store.snapshots import TABLES

_WORD = re.compile(r"\w+", re.UNICODE)
_TS_WORD = re.compile(r"[^\W_]+", re.UNICODE)  # as the index folds text: "_" separates words
_KIND_CODES = {"event": 1, "actor": 2, "source": 3}
_SEARCH = sa.table("search_index", sa.column("rowid", sa.Integer), sa.column("kind", sa.String))
_MAX_TERMS = 16
_SIMPLE: sa.ColumnClause[str] = sa.literal_column(
    "'simple'::regconfig"
)  # the configuration the index was built with


def fts_query(text: str) -> str | None:
    """An FTS5 query matching every word of `text` as a prefix; None if it has no words."""
    words = _WORD.findall(text)[:_MAX_TERMS]
    if not words:
        return None
    return " ".join(f'"{word}"*' for word in words)


def ts_query(text: str) -> str | None:
    """A PostgreSQL tsquery matching every word of `text` as a prefix; None if it has none."""
    words = _TS_WORD.findall(text.lower())[:_MAX_TERMS]
    if not words:
        return None
    return " & ".join(f"'{word}':*" for word in words)


def like_pattern(text: str) -> str:
    """`text` as a LIKE pattern matching it anywhere, with % and _ escaped (escape char '\\')."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _direct_matches(conn: sa.Connection, text: str, kind: str) -> sa.Select[Any]:
    table = TABLES[kind]
    if conn.dialect.name == "sqlite":
        query = fts_query(text) or '""'
        return sa.select((_SEARCH.c.rowid // 4).label("id")).where(
            sa.literal_column("search_index").op("MATCH")(query),
            _SEARCH.c.kind == kind,
        )
    if conn.dialect.name == "postgresql":
        words = ts_query(text)
        if words is None:
            return sa.select(table.c.id).where(sa.false())
        tsquery = sa.func.to_tsquery(_SIMPLE, sa.func.unaccent(words))
        return sa.select((_SEARCH.c.rowid // 4).label("id")).where(
            sa.literal_column("search_index.body").op("@@")(tsquery),
            _SEARCH.c.kind == kind,
        )
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
    words = _WORD.findall(text)[:_MAX_TERMS]
    each_word: list[sa.ColumnElement[bool]] = [
        label.ilike(like_pattern(word), escape="\\") for word in words
    ]
    return sa.select(source.c.id).where(*each_word or [sa.false()])


def matching_ids(
    conn: sa.Connection, text: str, kind: str
) -> sa.Select[Any] | sa.CompoundSelect[Any]:
    """Ids of `kind` records matching `text`; events also match through their actors and the
    titles, authors and publishers of their sources."""
    direct = _direct_matches(conn, text, kind)
    if kind != "event":
        return direct
    part, cit = TABLES["participation"], TABLES["citation"]
    via_actor = sa.select(part.c.event_id).where(
        part.c.actor_id.in_(_direct_matches(conn, text, "actor"))
    )
    via_source = sa.select(cit.c.event_id).where(
        cit.c.event_id.is_not(None), cit.c.source_id.in_(_sources_by_label(text))
    )
    return sa.union(direct, via_actor, via_source)


def matches_text(
    conn: sa.Connection, column: sa.ColumnElement[int], text: str, kind: str
) -> sa.ColumnElement[bool]:
    """`column` (an id of `kind`) is one of the records matching `text`.

    On PostgreSQL the matching ids are gathered once into an array: as an IN (subquery) the
    planner guessed thousands of matches from the union's parts (every event of a matching
    actor or source), hashed them and read the whole event table to keep 22 rows (630 ms at
    1M events; 85 ms looking them up by id).
    """
    ids = matching_ids(conn, text, kind)
    if conn.dialect.name == "postgresql":
        return column == sa.any_(sa.func.array(ids.scalar_subquery()))
    return column.in_(ids)
