"""Notice commits made to a team library by other analysts, so views refresh within a second.

Triggers NOTIFY on every change (db/migrations/postgresql.py); the server delivers those at
commit. One listening connection per open team library collects them; notifications sent by
our own connections are left out (our views already know), as SQLite's data_version leaves
out our own commits (db/change_watch.py, which stays the watch for library files).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from db.engine import Library
from db.migrations.postgresql import CHANGES_CHANNEL
from db.team import OWN_BACKENDS, parse_url

if TYPE_CHECKING:
    import psycopg  # an optional extra: imported where a team library is watched


class TeamChanges:
    """Same interface as db.change_watch.ExternalChanges: `changed()` is True once for each
    batch of commits made elsewhere since the last look."""

    def __init__(self, lib: Library):
        if lib.url is None:
            raise TypeError(f"{lib.name} is a library file, not a team library")
        self._dsn = parse_url(lib.url).set(drivername="postgresql")
        self._own = OWN_BACKENDS.setdefault(lib.engine, set())
        self._conn: psycopg.Connection[tuple[Any, ...]] | None = None
        self.tables: set[str] = set()
        self._connect()

    def _connect(self) -> bool:
        import psycopg
        from psycopg import sql

        try:
            conn = psycopg.connect(self._dsn.render_as_string(hide_password=False), autocommit=True)
        except psycopg.OperationalError:
            return False  # the server is away: try again at the next look
        try:
            conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(CHANGES_CHANNEL)))
        except psycopg.OperationalError:
            conn.close()
            return False
        self._conn = conn
        return True

    def mark_seen(self) -> None:
        self._collect()
        self.tables.clear()

    def _collect(self) -> bool:
        import psycopg

        if self._conn is None:
            # Back after the server was away: whatever happened meanwhile was not heard.
            return self._connect()
        moved = False
        try:
            for note in self._conn.notifies(timeout=0):
                if note.pid not in self._own:
                    self.tables.add(note.payload)
                    moved = True
        except psycopg.OperationalError:
            self._conn.close()
            self._conn = None
        return moved

    def changed(self) -> bool:
        """True when someone else committed since the last look (the tables are in `tables`)."""
        self.tables.clear()
        return self._collect()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
