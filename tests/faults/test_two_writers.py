"""Two processes writing the same library at once (both "opened anyway"): nothing is lost."""

from __future__ import annotations

import itertools
import sqlite3

from faultkit import counts, integrity

from db.engine import open_library
from db.maintenance import check_library

WRITER = """
import sys
from db import store
from db.engine import open_library

lib = open_library(sys.argv[1])
name = sys.argv[2]
print("READY", flush=True)
sys.stdin.readline()  # start together
for i in range(60):
    event_id = store.create(lib, "event", title=f"{name} {i}", when="2024-07-28")
    store.set_tags(lib, "event", event_id, [name, f"{name}-{i % 3}"])
print("DONE", flush=True)
"""


def test_two_processes_writing_concurrently_lose_nothing(lib, child):
    path = lib.path
    writers = [child(WRITER, path, name) for name in ("left", "right")]
    for writer in writers:
        writer.wait_for("READY")
    for writer in writers:
        writer.proc.stdin.write("go\n")
        writer.proc.stdin.flush()
    for writer in writers:
        writer.finish()
    assert integrity(path) == "ok"
    found = counts(path)
    assert found["event"] == 120 and found["tagging"] == 240 and found["tag"] == 8
    with sqlite3.connect(path) as conn:  # the writers really took turns, not one after another
        names = [row[0].split()[0] for row in conn.execute("SELECT title FROM event ORDER BY id")]
    assert sum(a != b for a, b in itertools.pairwise(names)) > 1
    check = open_library(path)
    try:
        assert check_library(check).ok
    finally:
        check.close()
