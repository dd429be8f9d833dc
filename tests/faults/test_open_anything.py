"""Opening whatever a user points at: damaged, foreign, write-protected or locked files.

Each case gives a clear message (or opens read-only, saying why) and changes nothing.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3

import pytest
from faultkit import emulate_permissions

from db import queries, store
from db.engine import create_library, open_library
from db.errors import ChronicleError, LibraryFileError, ReadOnlyError
from db.locking import LibraryLockedError, lock_path


def _overwrite(path, offset: int, data: bytes) -> None:
    with path.open("r+b") as fh:
        fh.seek(offset)
        fh.write(data)


def _truncate_half(path):
    with path.open("r+b") as fh:
        fh.truncate(path.stat().st_size // 2)


def _garble_header(path):
    _overwrite(path, 16, random.Random(7).randbytes(40))  # page size, counts, format bytes


def _garble_pages(path):
    rng = random.Random(3)
    size = int.from_bytes(path.read_bytes()[16:18], "big")  # the SQLite header's page size
    for page in (5, 9, 14):
        _overwrite(path, page * size + 100, rng.randbytes(2000))


def _not_sqlite(path):
    path.write_bytes(b"PK\x03\x04" + random.Random(1).randbytes(5000))


def _other_program(path):
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()


def _newer_schema(path):
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = 'ffff'")
    conn.commit()
    conn.close()


@pytest.fixture
def demo_file(demo_lib):
    demo_lib.close()
    conn = sqlite3.connect(demo_lib.path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return demo_lib.path


REFUSED = {
    "truncated to half": (_truncate_half, "damaged and cannot be read"),
    "header bytes overwritten": (_garble_header, "damaged and cannot be read"),
    "a zip file": (_not_sqlite, "not an SQLite database"),
    "another program's database": (_other_program, "another program"),
    "a newer Chronicle's file": (_newer_schema, "newer version of Chronicle"),
}


@pytest.mark.parametrize("damage", REFUSED, ids=list(REFUSED))
def test_unusable_files_are_refused_with_a_reason_and_left_unchanged(demo_file, damage):
    make, message = REFUSED[damage]
    make(demo_file)
    before = demo_file.read_bytes()
    with pytest.raises(LibraryFileError, match=message):
        open_library(demo_file, lock=True)
    assert demo_file.read_bytes() == before
    assert not lock_path(demo_file).exists()


def test_garbage_in_pages_opens_read_only_and_says_it_is_damaged(demo_file):
    _garble_pages(demo_file)
    before = demo_file.read_bytes()
    lib = open_library(demo_file, lock=True)
    try:
        assert lib.read_only and "damaged" in lib.read_only_reason
        assert lib.lock is None  # nobody edits a damaged file, so nobody needs the lock
        with pytest.raises(ReadOnlyError, match="damaged"):
            store.create(lib, "event", title="More", when="2025")
        try:  # what can still be read, can be read; what cannot gives a message
            queries.list_events(lib, limit=100)
        except ChronicleError as err:
            assert "damaged" in str(err)
    finally:
        lib.close()
    assert demo_file.read_bytes() == before


def test_write_protected_file_opens_read_only(demo_file, monkeypatch):
    emulate_permissions(monkeypatch)
    demo_file.chmod(0o444)
    try:
        before = demo_file.read_bytes()
        lib = open_library(demo_file, lock=True)
        try:
            assert lib.read_only and lib.read_only_reason == "the file is write-protected"
            assert queries.count_events(lib) == 57
            with pytest.raises(ReadOnlyError, match="the change was not made"):
                store.create(lib, "event", title="More", when="2025")
        finally:
            lib.close()
        assert demo_file.read_bytes() == before
    finally:
        demo_file.chmod(0o644)


def test_read_only_connections_are_refused_by_sqlite_itself(demo_file):
    """Even past the Library's own check, a read-only library's connections cannot write."""
    lib = open_library(demo_file, read_only=True)
    try:
        assert lib.read_only_reason == "it was opened read-only"
        with pytest.raises(Exception, match="readonly"), lib.engine.connect() as conn:
            conn.exec_driver_sql("DELETE FROM tagging")  # no trigger: SQLite's own refusal
        # With triggers, trusted_schema=OFF refuses even earlier (the R*Tree is not innocuous).
        with pytest.raises(Exception, match=r"unsafe use|readonly"), lib.engine.connect() as conn:
            conn.exec_driver_sql("DELETE FROM event")
        assert queries.count_events(lib) == 57
    finally:
        lib.close()


def test_library_in_a_write_protected_folder_opens_without_writing_there(demo_file, monkeypatch):
    """A WAL library needs a -shm file to be read; a read-only folder cannot hold a new one."""
    emulate_permissions(monkeypatch)
    folder = demo_file.parent
    for leftover in folder.glob("*.part"):
        leftover.unlink()
    names = sorted(p.name for p in folder.iterdir())
    folder.chmod(0o555)
    try:
        lib = open_library(demo_file, lock=True)
        try:
            assert lib.read_only and "folder" in lib.read_only_reason
            assert queries.count_events(lib) == 57
            assert queries.list_events(lib, limit=3)
        finally:
            lib.close()
        assert sorted(p.name for p in folder.iterdir()) == names  # no -shm, -wal or .lock
    finally:
        folder.chmod(0o755)


def test_unsaved_wal_in_a_write_protected_folder_is_refused_not_shown_stale(
    demo_file, tmp_path, monkeypatch
):
    emulate_permissions(monkeypatch)
    writer = sqlite3.connect(demo_file)
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("UPDATE event SET title = 'Changed'")
    writer.commit()
    copy_dir = tmp_path / "readonly_copy"
    copy_dir.mkdir()
    shutil.copy(demo_file, copy_dir / demo_file.name)
    shutil.copy(f"{demo_file}-wal", copy_dir / f"{demo_file.name}-wal")
    writer.close()
    copy_dir.chmod(0o555)
    try:
        with pytest.raises(LibraryFileError, match="recent changes"):
            open_library(copy_dir / demo_file.name)
    finally:
        copy_dir.chmod(0o755)


HOLDER = """
import sys, time
from db.engine import open_library
lib = open_library(sys.argv[1], lock=True)
print("HOLDING", flush=True)
time.sleep(60)
"""


def test_library_open_in_another_process_is_detected_and_a_killed_holder_does_not_block(
    demo_file, child
):
    holder = child(HOLDER, demo_file)
    holder.wait_for("HOLDING")
    with pytest.raises(LibraryLockedError, match=f"process {holder.proc.pid}") as caught:
        open_library(demo_file, lock=True)
    assert caught.value.holder.pid == holder.proc.pid
    for lib in (open_library(demo_file, read_only=True), open_library(demo_file)):
        assert queries.count_events(lib) == 57  # read-only, or "open anyway"
        lib.close()
    holder.kill()
    assert lock_path(demo_file).exists()  # SIGKILL left the sidecar behind...
    lib = open_library(demo_file, lock=True)  # ...but it is stale and does not block
    lib.close()
    assert not lock_path(demo_file).exists()


def test_second_session_in_the_same_process_is_told(demo_file):
    first = open_library(demo_file, lock=True)
    try:
        with pytest.raises(LibraryLockedError, match="in this Chronicle session"):
            open_library(demo_file, lock=True)
    finally:
        first.close()
    open_library(demo_file, lock=True).close()


def test_disk_full_refuses_the_change_and_keeps_the_library_usable(demo_lib):
    from sqlalchemy import event

    with demo_lib.read() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

    def full_disk(dbapi_conn, _record):
        dbapi_conn.execute(f"PRAGMA max_page_count={pages}")

    event.listen(demo_lib.engine, "connect", full_disk)
    big = {"title": "Big", "when": "2025", "summary": "z" * 200_000}
    with pytest.raises(ChronicleError, match="full; the change was not saved"):
        store.create(demo_lib, "event", **big)
    records = {
        "events": [{"title": f"E{i}", "when": "2025", "summary": "s" * 5000} for i in range(300)]
    }
    from db.exchange.loader import load_records

    with pytest.raises(ChronicleError, match="full"):
        load_records(demo_lib, records, origin="big.json")
    assert queries.count_events(demo_lib) == 57
    event.remove(demo_lib.engine, "connect", full_disk)
    store.create(demo_lib, "event", **big)  # space again: the library took no harm
    assert queries.count_events(demo_lib) == 58


def test_a_file_that_vanished_or_is_a_folder_is_reported(tmp_path):
    with pytest.raises(LibraryFileError, match="is a folder"):
        open_library(tmp_path)
    with pytest.raises(LibraryFileError, match="no file"):
        open_library(tmp_path / "gone.chronicle")


def test_unreadable_file_is_reported(demo_file, monkeypatch):
    real_open = os.open

    def refuse(path, *args, **kwargs):
        if str(path) == str(demo_file):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)  # chmod 000 stops nobody when tests run as root
    with pytest.raises(LibraryFileError, match=r"Cannot read demo\.chronicle: Permission denied"):
        open_library(demo_file)


def test_creating_in_a_full_or_missing_folder_leaves_nothing(tmp_path, monkeypatch):
    with pytest.raises(LibraryFileError, match="does not exist"):
        create_library(tmp_path / "nowhere" / "x.chronicle")
    import db.engine as engine

    def no_space(*_args):
        raise OSError(28, os.strerror(28))

    monkeypatch.setattr(engine.os, "replace", no_space)
    with pytest.raises(LibraryFileError, match="No space left on device"):
        create_library(tmp_path / "x.chronicle")
    assert sorted(p.name for p in tmp_path.iterdir()) == []
