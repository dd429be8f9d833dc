"""Notice commits made to a library by another window or process, so views can refresh."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote


class ExternalChanges:
    """Watches SQLite's `data_version`, which moves when any *other* connection commits.

    Our own writes go through other connections too, so after each of them the owner calls
    `mark_seen()`; what remains are commits from elsewhere.
    """

    def __init__(self, path: Path):
        self._conn = sqlite3.connect(
            f"file:{quote(str(path))}?mode=ro", uri=True, check_same_thread=False
        )
        self._seen = self._version()

    def _version(self) -> int:
        version: int = self._conn.execute("PRAGMA data_version").fetchone()[0]
        return version

    def mark_seen(self) -> None:
        self._seen = self._version()

    def changed(self) -> bool:
        """True once for each batch of commits made elsewhere since the last look."""
        version = self._version()
        moved, self._seen = version != self._seen, version
        return moved

    def close(self) -> None:
        self._conn.close()
