"""The search index's segments merged into one after a bulk import (SQLite FTS5 `optimize`).

Why: FTS5 writes each batch of an import as new segments (16 at 10,000,000 events), and the
Events list's search walk tests an event by seeking each of its words' terms in every
segment. On a copy of the 10M benchmark library, merged (3.3 s of CPU, 5.5 s wall), the
first three pages of "war" by date cost 88 / 152 / 243 -> 44 / 75 / 112 ms of CPU; counts
and rare words are unchanged (docs/ten-million.md, "Search at 10M").

PostgreSQL's GIN index needs nothing of the kind (its pending list is merged by VACUUM).
"""

from __future__ import annotations

from sqlalchemy import Connection

from db.engine import Library

_OPTIMIZE = "INSERT INTO search_index(search_index) VALUES('optimize')"


def optimize_search_index(lib: Library) -> bool:
    """Merge the library's search index into one segment, in one write transaction; True if
    it ran (an SQLite file), False on a team library. For the end of a bulk import, after
    its rows are written: it reads and rewrites the whole index, so not after each edit."""
    if lib.is_team:
        return False
    with lib.write() as conn:
        optimize_search_index_in(conn)
    return True


def optimize_search_index_in(conn: Connection) -> None:
    """`optimize_search_index` inside a write transaction the caller holds (a big import's
    own, before its commit: the segments it wrote are merged before they are checkpointed,
    3.5 s at 2,500,000 ACLED rows against 8 s as a second transaction). SQLite only."""
    conn.exec_driver_sql(_OPTIMIZE)
