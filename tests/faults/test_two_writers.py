"""Two processes writing the same library at once (both "opened anyway"): nothing is lost."""

from __future__ import annotations

import sqlite3

from faultkit import counts, integrity

from db.engine import open_library
from db.maintenance import check_library

NAMES = ("left", "right")
BATCHES, PER_BATCH = 6, 10
# Each writer writes a batch, says so, and waits: both start every batch together (so their
# writes overlap) and no batch starts before both finished the last one, whatever the
# scheduler does; the ids then come in blocks of one batch each.
WRITER = f"""
import sys
from db import store
from db.engine import open_library

lib = open_library(sys.argv[1])
name = sys.argv[2]
print("READY", flush=True)
for batch in range({BATCHES}):
    sys.stdin.readline()  # go
    for i in range(batch * {PER_BATCH}, (batch + 1) * {PER_BATCH}):
        event_id = store.create(lib, "event", title=f"{{name}} {{i}}", when="2024-07-28")
        store.set_tags(lib, "event", event_id, [name, f"{{name}}-{{i % 3}}"])
    print("BATCH", flush=True)
"""


def test_two_processes_writing_concurrently_lose_nothing(lib, child):
    path = lib.path
    writers = [child(WRITER, path, name) for name in NAMES]
    for writer in writers:
        writer.wait_for("READY")
    for _batch in range(BATCHES):
        for writer in writers:
            writer.proc.stdin.write("go\n")
            writer.proc.stdin.flush()
        for writer in writers:
            writer.wait_for("BATCH", timeout=60)
    for writer in writers:
        writer.finish()
    assert integrity(path) == "ok"
    found = counts(path)
    assert found["event"] == 120 and found["tagging"] == 240 and found["tag"] == 8
    with sqlite3.connect(path) as conn:
        titles = [row[0] for row in conn.execute("SELECT title FROM event ORDER BY id")]
    size = len(NAMES) * PER_BATCH
    for batch in range(BATCHES):  # every batch holds both writers' rows of that batch
        numbers = range(batch * PER_BATCH, (batch + 1) * PER_BATCH)
        expected = {f"{name} {i}" for name in NAMES for i in numbers}
        assert set(titles[batch * size : (batch + 1) * size]) == expected, batch
    check = open_library(path)
    try:
        assert check_library(check).ok
    finally:
        check.close()
