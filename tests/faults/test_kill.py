"""SIGKILL in the middle of work: the file opens, passes integrity_check, and holds all or none
of the interrupted work. Each child prints a marker when it is inside the critical section."""

from __future__ import annotations

import json
import sqlite3

from faultkit import counts, integrity, revision

from db.engine import create_library, open_library
from db.exchange.json_ import export_json
from db.exchange.loader_rows import BATCH_ROWS
from db.maintenance import check_library

EDIT_LOOP = """
import sys
from db.engine import open_library
from db.exchange.loader import load_records

lib = open_library(sys.argv[1])
i = 0
while True:
    i += 1
    # One edit = one transaction of 5 rows: 2 actors, the event, its 2 participations.
    record = {
        "actors": [{"id": 1, "name": f"A{i}"}, {"id": 2, "name": f"B{i}"}],
        "events": [{"title": f"Edit {i}", "when": "2024-07-28", "summary": "x" * 3000,
                    "actors": [{"actor": 1, "role": "host"}, {"actor": 2}]}],
    }
    load_records(lib, record, origin="edit")
    print(f"committed {i}", flush=True)
"""


def test_kill_during_an_edit_loop_keeps_every_committed_edit_whole(tmp_path, child):
    path = tmp_path / "edits.chronicle"
    create_library(path).close()
    proc = child(EDIT_LOOP, path)
    line = proc.wait_for("committed 25")
    proc.kill()
    committed = int(line.split()[1])
    assert integrity(path) == "ok"
    found = counts(path)
    # Edits the child reported are there; one more may have committed before the kill.
    assert committed <= found["event"] <= committed + 3
    assert found["actor"] == found["participation"] == 2 * found["event"]
    lib = open_library(path)
    try:
        assert check_library(lib).ok
    finally:
        lib.close()


IMPORT = """
import sys, time
from pathlib import Path
from db.engine import open_library
from db.exchange.imports import import_json
from db.exchange.loader_rows import BATCH_ROWS

wal = Path(sys.argv[1] + "-wal")

def progress(done, total):
    # Past the first flush, hold the transaction open: rows are written, none committed (a big
    # import raises SQLite's page cache, so they may still be in memory rather than the -wal).
    if done > BATCH_ROWS:
        size = wal.stat().st_size if wal.exists() else 0
        print(f"MID-IMPORT {done} {total} {size}", flush=True)
        time.sleep(60)

import_json(open_library(sys.argv[1]), sys.argv[2], progress=progress)
"""


def _big_import(path, n: int, summary: int = 800) -> None:
    events = [
        {"title": f"Imported {i}", "when": f"1990-01-{1 + i % 28:02d}", "summary": "y" * summary}
        for i in range(n)
    ]
    path.write_text(json.dumps({"format": "chronicle", "version": 1, "events": events}))


def test_kill_during_a_big_import_leaves_none_of_it(demo_lib, tmp_path, child):
    source = tmp_path / "big.json"
    # More events than the loader queues before its first flush (BATCH_ROWS), and ~10 MB:
    # more than SQLite's page cache holds uncommitted, so rows reach the -wal mid-import.
    _big_import(source, BATCH_ROWS + 10_000, summary=300)
    path = demo_lib.path
    before = counts(path)
    proc = child(IMPORT, path, source)
    line = proc.wait_for("MID-IMPORT")
    done, total = map(int, line.split()[1:3])
    assert done < total, "caught mid-import"
    proc.kill()
    assert integrity(path) == "ok"
    assert counts(path) == before


def test_an_import_that_finishes_is_all_there(lib, tmp_path):
    source = tmp_path / "small.json"
    _big_import(source, 600)
    from db.exchange.imports import import_json

    import_json(lib, source)
    assert counts(lib.path)["event"] == 600


MIGRATE = """
import sys
from pathlib import Path
import db.engine as engine
import db.revisions
db.revisions.MIGRATIONS_DIR = Path(sys.argv[2])
if sys.argv[3] == "open":
    engine.open_library(sys.argv[1])
else:
    engine.create_library(sys.argv[1])
"""


def _schema(path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
    finally:
        conn.close()


def test_kill_mid_migration_leaves_the_old_schema_and_every_row(
    old_library, paused_migrations, child
):
    path, first = old_library
    before, schema = counts(path), _schema(path)
    proc = child(MIGRATE, path, paused_migrations, "open")
    proc.wait_for("MIGRATING")  # inside the last revision, after it rebuilt the event table
    proc.kill()
    assert integrity(path) == "ok"
    assert revision(path) == first
    assert _schema(path) == schema
    assert counts(path) == before
    lib = open_library(path)  # and the real upgrade still works afterwards
    try:
        assert counts(path) == before
    finally:
        lib.close()


def test_kill_while_creating_a_library_leaves_no_half_made_file(tmp_path, paused_migrations, child):
    path = tmp_path / "new.chronicle"
    proc = child(MIGRATE, path, paused_migrations, "create")
    proc.wait_for("MIGRATING")
    proc.kill()
    assert not path.exists()
    lib = create_library(path)  # the leftovers of the killed attempt do not get in the way
    try:
        assert counts(path)["event"] == 0 and integrity(path) == "ok"
    finally:
        lib.close()


EXPORT = """
import os, sys, time
from db.engine import open_library
from db.exchange.json_ import export_json

class SlowDisk:  # the disk stalls after 20 kB, so the export is caught half-written
    def __init__(self, real):
        self.real, self.written = real, 0
    def write(self, data):
        self.written += len(data)
        if self.written > 20_000:
            self.real.flush()
            print("HALF", flush=True)
            time.sleep(60)
        return self.real.write(data)
    def __getattr__(self, name):
        return getattr(self.real, name)
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        return self.real.__exit__(*exc)

real_fdopen = os.fdopen
os.fdopen = lambda *a, **k: SlowDisk(real_fdopen(*a, **k))
export_json(open_library(sys.argv[1], read_only=True), sys.argv[2])
"""


def test_kill_during_export_leaves_the_earlier_file_byte_identical(demo_lib, tmp_path, child):
    out = tmp_path / "export.json"
    export_json(demo_lib, out)
    earlier = out.read_bytes()
    proc = child(EXPORT, demo_lib.path, out)
    proc.wait_for("HALF")
    proc.kill()
    assert out.read_bytes() == earlier
    json.loads(earlier)  # and it is the whole earlier export


RESTORE = """
import shutil, sys, time
from pathlib import Path
import db.backups as backups

def slow_copy(src, dst, length=0):
    dst.write(src.read(4096))
    dst.flush()
    print("COPYING", flush=True)
    time.sleep(60)

backups.shutil.copyfileobj = slow_copy
backups.restore_backup(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
"""


def test_kill_during_restore_leaves_the_current_library_whole(demo_lib, tmp_path, child):
    from db import store
    from db.backups import make_backup

    folder = tmp_path / "backups"
    backup = make_backup(demo_lib.path, folder)
    store.create(demo_lib, "event", title="After the backup", when="2025")
    demo_lib.close()
    before = counts(demo_lib.path)
    proc = child(RESTORE, backup, demo_lib.path, folder)
    proc.wait_for("COPYING")
    proc.kill()
    assert integrity(demo_lib.path) == "ok"
    assert counts(demo_lib.path) == before
