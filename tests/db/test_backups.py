"""Rotating backups and restore: copies taken while the library is in use, counted, rotated,
and a restore that keeps the present state as a backup of its own."""

from __future__ import annotations

import os
import sqlite3
import time

import pytest

from db import queries, store
from db.backups import (
    backup_folder,
    changed_since_backup,
    library_state,
    list_backups,
    make_backup,
    restore_backup,
    rotate,
)
from db.engine import open_library
from db.errors import LibraryFileError
from db.locking import LibraryLockedError, acquire

# Backups copy library files; a team library's are the server's job (docs/team-libraries.md).
pytestmark = pytest.mark.sqlite_only


def _journal_mode(path) -> str:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        conn.close()


def test_backup_while_the_library_is_being_written(demo_lib, tmp_path):
    folder = tmp_path / "backups"
    with demo_lib.write() as conn:  # a write transaction is open during the copy
        conn.exec_driver_sql("UPDATE event SET title = 'uncommitted' WHERE id = 1")
        copy = make_backup(demo_lib.path, folder)
    info = list_backups(folder)[0]
    assert info.path == copy and info.counts == {"event": 57, "actor": 40, "source": 3}
    assert _journal_mode(copy) == "delete"  # a self-contained file, no -wal beside it
    assert sorted(p.name for p in folder.iterdir()) == [copy.name, "library-path.txt"]
    backup = open_library(copy, read_only=True)
    try:
        assert store.get(backup, "event", 1)["title"] != "uncommitted"
    finally:
        backup.close()


def test_backups_are_listed_newest_first_and_rotated(demo_lib, tmp_path):
    folder = tmp_path / "backups"
    for i in range(4):
        store.create(demo_lib, "event", title=f"New {i}", when="2025")
        make_backup(demo_lib.path, folder)
    (folder / "notes.chronicle").write_text("not one of ours")
    assert [b.counts["event"] for b in list_backups(folder)] == [61, 60, 59, 58]
    removed = rotate(folder, keep=2)
    assert len(removed) == 2
    assert [b.counts["event"] for b in list_backups(folder)] == [61, 60]
    rotate(folder, keep=0)  # the newest always stays
    assert [b.counts["event"] for b in list_backups(folder)] == [61]
    assert (folder / "notes.chronicle").exists()


def test_backup_folder_is_per_library_path(tmp_path):
    a = backup_folder(tmp_path, tmp_path / "one" / "lib.chronicle")
    b = backup_folder(tmp_path, tmp_path / "two" / "lib.chronicle")
    assert a != b and a.parent == b.parent == tmp_path / "backups"
    assert a.name.startswith("lib-")
    assert a == backup_folder(tmp_path, tmp_path / "one" / ".." / "one" / "lib.chronicle")


def test_changed_since_backup(demo_lib, tmp_path):
    folder = tmp_path / "backups"
    assert changed_since_backup(demo_lib.path, folder)
    state = library_state(demo_lib.path)
    make_backup(demo_lib.path, folder)
    assert not changed_since_backup(demo_lib.path, folder)
    assert library_state(demo_lib.path) == state  # a backup does not touch the library
    store.create(demo_lib, "event", title="Later", when="2025")
    assert library_state(demo_lib.path) != state
    later = time.time() + 5  # file clocks tick coarsely; make "later" unmistakable
    os.utime(demo_lib.path, (later, later))
    assert changed_since_backup(demo_lib.path, folder)


def test_restore_replaces_the_library_and_backs_up_the_present(demo_lib, tmp_path):
    folder = tmp_path / "backups"
    backup = make_backup(demo_lib.path, folder)
    for i in range(3):
        store.create(demo_lib, "event", title=f"Regretted {i}", when="2025")
    demo_lib.close()
    safety = restore_backup(backup, demo_lib.path, folder)
    assert safety is not None and "before-restore" in safety.name
    lib = open_library(demo_lib.path)
    try:
        assert queries.count_events(lib) == 57
    finally:
        lib.close()
    before = next(b for b in list_backups(folder) if b.label == "before-restore")
    assert before.counts["event"] == 60


def test_restore_is_refused_while_the_library_is_open_for_editing(demo_lib, tmp_path):
    folder = tmp_path / "backups"
    backup = make_backup(demo_lib.path, folder)
    held = acquire(demo_lib.path)
    try:
        with pytest.raises(LibraryLockedError):
            restore_backup(backup, demo_lib.path, folder)
    finally:
        held.release()
    assert len(list_backups(folder)) == 1


def test_a_damaged_backup_is_not_restored(demo_lib, tmp_path):
    folder = tmp_path / "backups"
    backup = make_backup(demo_lib.path, folder)
    with backup.open("r+b") as fh:
        fh.truncate(backup.stat().st_size // 2)
    demo_lib.close()
    before = demo_lib.path.read_bytes()
    with pytest.raises(LibraryFileError, match="damaged"):
        restore_backup(backup, demo_lib.path, folder)
    assert demo_lib.path.read_bytes() == before


def test_a_damaged_library_makes_no_backup_and_keeps_the_good_ones(demo_lib, tmp_path):
    folder = tmp_path / "backups"
    make_backup(demo_lib.path, folder)
    demo_lib.close()
    conn = sqlite3.connect(demo_lib.path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'event'").fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    with demo_lib.path.open("r+b") as fh:
        fh.seek((root - 1) * size)
        fh.write(b"\xff" * size)
    with pytest.raises(LibraryFileError, match="no backup was made"):
        make_backup(demo_lib.path, folder)
    assert [b.counts["event"] for b in list_backups(folder)] == [57]
