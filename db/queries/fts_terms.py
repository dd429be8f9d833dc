"""A search's words as SQLite's search index holds them: each typed word, which matches as a
prefix, spelled out as the index's own terms that begin with it.

Why: FTS5 (SQLite 3.40) answers a prefix ("war"*) by merging the lists of every term that
begins with it into one before its first row, even when asked about one rowid: 35 ms for
"war" at 10,000,000 events, 250-440 ms for a word every event holds ("event"*), paid again for
each event a walk tests. The same question as exact terms ("war" OR "wars") reads each term's
list as it goes and seeks in it: one rowid's test costs ~30 µs, the first 200,000 matches
11 ms. The terms are read from the index's vocabulary (`fts5vocab`) in the caller's read
transaction, so the spelled-out query matches exactly the rows the prefix query does.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import sqlalchemy as sa

WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 16
# A word the tokenizer (unicode61) folds to its lower case as one token; any other word (an
# accent, an underscore, another script) keeps its prefix form rather than risk folding it
# differently from the index.
_PLAIN = re.compile(r"[A-Za-z0-9]+")
# More terms than this and a word stays a prefix: each term costs a seek per tested row, and
# a short number ("42") begins thousands of terms (whose merged list is then small anyway).
MAX_TERMS_PER_WORD = 8

# The vocabulary in its "instance" form: one row per occurrence, so asking for the first row
# at or after a term is one seek (the "row" form counts each term's documents first: 243 ms
# for a term of 10,000,000 rows). A temporary table: nothing is written to the library.
_VOCABULARY = sa.text(
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocabulary "
    "USING fts5vocab(main, search_index, instance)"
)
_NEXT_TERM = sa.text("SELECT term FROM temp.search_vocabulary WHERE term >= :lowest LIMIT 1")


class FtsQuery(NamedTuple):
    """An FTS5 query for search_index, and whether it holds no prefix (then FTS5 seeks each
    term's list, so testing one rowid is cheap; with a prefix it merges a list first)."""

    match: str
    seeks: bool


def fts_query(text: str) -> str | None:
    """An FTS5 query matching every word of `text` as a prefix; None if it has no words.

    Each word is quoted as an FTS5 string, so "U.S.-Japan 2+2" and stray quotes or operators
    are never read as syntax."""
    words = WORD.findall(text)[:MAX_WORDS]
    if not words:
        return None
    return " ".join(f'"{word}"*' for word in words)


def _terms_beginning(conn: sa.Connection, prefix: str) -> list[str] | None:
    """The index's terms that begin with `prefix`, in order; None if there are more than
    MAX_TERMS_PER_WORD. Terms are compared as bytes, and none holds a NUL, so the term after
    `term` is the first at or after `term` + chr(1)."""
    terms: list[str] = []
    lowest = prefix
    while True:
        term = conn.execute(_NEXT_TERM, {"lowest": lowest}).scalar()
        if term is None or not term.startswith(prefix):
            return terms
        if len(terms) == MAX_TERMS_PER_WORD:
            return None
        terms.append(term)
        lowest = term + "\x01"


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def spelled_out(conn: sa.Connection, text: str) -> FtsQuery | None:
    """The FTS5 query matching the same search_index rows as `fts_query(text)`, with each
    plain word's prefix replaced by the terms that begin with it; None if `text` has no words.

    SQLite only: it reads the index's vocabulary."""
    words = WORD.findall(text)[:MAX_WORDS]
    if not words:
        return None
    conn.execute(_VOCABULARY)
    parts, seeks = [], True
    for word in words:
        terms = _terms_beginning(conn, word.lower()) if _PLAIN.fullmatch(word) else None
        if terms is None:
            parts.append(f'"{word}"*')
            seeks = False
        elif not terms:  # no term begins with it: nothing matches, and saying so is cheap
            return FtsQuery(_quoted(word.lower()), True)
        else:
            parts.append("(" + " OR ".join(_quoted(term) for term in terms) + ")")
    return FtsQuery(" AND ".join(parts), seeks)
