"""The search index's segments merged into one after a bulk import (SQLite FTS5 `optimize`).

Why: FTS5 writes each batch of an import as new segments (16 at 10,000,000 events), and the
Events list's search walk tests an event by seeking each of its words' terms in every
segment. On a copy of the 1M benchmark library, merged (0.3 s of CPU, 1.7 s wall), a walk's
pages by lookups cost 1.5-2.8x less (62 / 110 / 151 -> 40 / 47 / 54 ms CPU for the first
three pages of "war"); counts and rare words are unchanged. Not measured at 10M this session.

PostgreSQL's GIN index needs nothing of the kind (its pending list is merged by VACUUM).
"""

from __future__ import annotations

from db.engine import Library

_OPTIMIZE = "INSERT INTO search_index(search_index) VALUES('optimize')"


def optimize_search_index(lib: Library) -> bool:
    """Merge the library's search index into one segment, in one write transaction; True if
    it ran (an SQLite file), False on a team library. For the end of a bulk import, after
    its rows are written: it reads and rewrites the whole index, so not after each edit."""
    if lib.is_team:
        return False
    with lib.write() as conn:
        conn.exec_driver_sql(_OPTIMIZE)
    return True
