"""The schema our migrations build, kept on disk between sessions (one small JSON per revision).

Opening a library compares its schema with the one our migrations make (db/schema_check.py).
Building that one runs every migration in an in-memory database: ~0.3 s of the first frame at
every start. The result depends only on the migration files, the code that describes a
schema and SQLite's version, so it is kept in the user's cache folder under a name hashing all
three; any change makes a new name, and a file that cannot be read is built again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import platformdirs

from db import revisions
from db.atomic import atomic_write
from db.errors import ExportError

CACHE_DIR_VARIABLE = "CHRONICLE_CACHE_DIR"  # isolates tests from the user's own cache

Shape = list[list[str]]  # [type, name, table, shape, sql] per schema object


def cache_dir() -> Path:
    override = os.environ.get(CACHE_DIR_VARIABLE)
    return Path(override) if override else Path(platformdirs.user_cache_dir("Chronicle", False))


def _key(revision: str, describer: Path) -> str:
    digest = hashlib.sha256(sqlite3.sqlite_version.encode())
    for path in [*sorted(revisions.MIGRATIONS_DIR.rglob("*.py")), describer]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"schema-{revision}-{digest.hexdigest()[:20]}.json"


def kept(revision: str, describer: Path, build: Callable[[], Shape]) -> Shape:
    """`build()`'s answer for `revision`, from the cache when it holds one (`describer`: the
    file of the code that describes schemas, part of the key)."""
    path = cache_dir() / _key(revision, describer)
    with contextlib.suppress(OSError, ValueError):
        found = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(found, list) and all(
            isinstance(row, list) and len(row) == 5 and all(isinstance(v, str) for v in row)
            for row in found
        ):
            return found
    shape = build()
    # Whole or not at all, also with two sessions at once. A cache that cannot be written
    # (read-only home, full disk) only costs the next start.
    with contextlib.suppress(OSError, ExportError):
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(path, encoding="utf-8") as fh:
            json.dump(shape, fh)
    return shape
