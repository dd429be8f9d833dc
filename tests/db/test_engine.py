"""Opening files: ours (any revision), not ours, empty, damaged, newer; pragmas in force."""

from __future__ import annotations

import sqlite3

import pytest

from db import queries, store
from db.engine import (
    create_library,
    head_revision,
    open_library,
)
from db.errors import LibraryFileError

_COUNTED = ("event", "actor", "source", "participation", "citation", "relation", "tag", "tagging")


def _counts(path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in _COUNTED}
    finally:
        conn.close()


def test_new_library_has_the_newest_schema_and_safe_pragmas(tmp_path):
    lib = create_library(tmp_path / "new.chronicle")
    with lib.read() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
        # 16 KiB pages: a big import writes and checkpoints a quarter of the pages
        assert conn.exec_driver_sql("PRAGMA page_size").scalar() == 16_384
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == (
            head_revision()
        )
    lib.close()
    assert not (tmp_path / "new.chronicle.creating").exists()


def test_creating_over_an_existing_file_is_refused(tmp_path):
    path = tmp_path / "mine.chronicle"
    path.write_text("precious")
    with pytest.raises(LibraryFileError, match="already exists"):
        create_library(path)
    assert path.read_text() == "precious"


def test_zero_byte_file_is_not_taken_as_an_empty_library(tmp_path):
    path = tmp_path / "empty.chronicle"
    path.touch()
    with pytest.raises(LibraryFileError, match="empty \\(0 bytes\\)"):
        open_library(path)
    assert path.stat().st_size == 0


def test_text_file_is_refused(tmp_path, corpus):
    path = tmp_path / "article.chronicle"
    path.write_bytes((corpus / "npr-allies-unite-2025.txt").read_bytes())
    with pytest.raises(LibraryFileError, match="not an SQLite database"):
        open_library(path)


def test_database_of_another_program_is_refused_and_unchanged(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(LibraryFileError, match="another program"):
        open_library(path)
    assert path.read_bytes() == before


def test_file_from_a_newer_chronicle_is_refused(tmp_path):
    path = tmp_path / "future.chronicle"
    create_library(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    with pytest.raises(LibraryFileError, match="newer version of Chronicle"):
        open_library(path)


def test_missing_file_is_reported(tmp_path):
    with pytest.raises(LibraryFileError, match="no file"):
        open_library(tmp_path / "nowhere.chronicle")


def test_file_at_first_revision_upgrades_keeping_every_row_and_a_backup(old_library):
    path, first = old_library
    before = _counts(path)
    lib = open_library(path)
    try:
        with lib.read() as conn:
            revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        assert revision == head_revision()
        assert _counts(path) == before
        event = store.get(lib, "event", 1)
        assert (event["title"], event["when"]) == ("Meeting", "2025-09-23")
        assert [p.actor_name for p in queries.participants(lib, event_id=1)] == ["Japan", "Poland"]
        if first != head_revision():
            assert lib.backup_made is not None and _counts(lib.backup_made) == before
    finally:
        lib.close()
