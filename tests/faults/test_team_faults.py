"""A team library survives a client killed in the middle of an import, and two clients importing
at once: the server keeps all of a transaction or none of it."""

from __future__ import annotations

import json

import pytest

from db import queries
from db.engine import create_library, open_library
from db.exchange.imports import import_json

IMPORT = """
import sys, time
from db.engine import open_library
from db.exchange.imports import import_json

def progress(done, total):
    if done >= 3000:
        print(f"MID {done} {total}", flush=True)
        time.sleep(60)

import_json(open_library(sys.argv[1]), sys.argv[2], progress=progress)
"""


def _big_import(path, n: int) -> None:
    events = [{"title": f"Imported {i}", "when": f"1990-01-{1 + i % 28:02d}"} for i in range(n)]
    path.write_text(json.dumps({"format": "chronicle", "version": 1, "events": events}))


@pytest.fixture
def team_lib(pg_url):
    lib = create_library(pg_url)
    yield lib
    lib.close()


def test_a_client_killed_mid_import_leaves_none_of_it(team_lib, pg_url, tmp_path, child):
    source = tmp_path / "big.json"
    _big_import(source, 12_000)
    import_json(team_lib, _write(tmp_path / "first.json", ["Kept"]))
    proc = child(IMPORT, pg_url, source)
    line = proc.wait_for("MID", timeout=60)
    assert int(line.split()[1]) < int(line.split()[2]), "caught mid-import"
    proc.kill()
    proc.proc.wait()
    # The server rolls the dead client's transaction back and releases its locks.
    import_json(team_lib, _write(tmp_path / "after.json", ["After"]))
    assert [e.title for e in queries.list_events(team_lib)] == ["Kept", "After"]


def _write(path, titles):
    events = [{"title": t, "when": "2024"} for t in titles]
    path.write_text(json.dumps({"format": "chronicle", "version": 1, "events": events}))
    return path


def test_two_clients_importing_at_once_both_land_whole(pg_url, tmp_path, child):
    create_library(pg_url).close()
    source = tmp_path / "big.json"
    _big_import(source, 4_000)
    code = IMPORT.replace("if done >= 3000", "if False")
    first, second = child(code, pg_url, source), child(code, pg_url, source)
    for proc in (first, second):
        assert proc.proc.wait(timeout=120) == 0, proc.proc.stderr.read()
    lib = open_library(pg_url)
    try:
        assert queries.count_events(lib) == 8_000
    finally:
        lib.close()
