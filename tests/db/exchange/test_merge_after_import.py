"""A big import ends by merging the search index it grew (db/search_optimize.py), inside its
own transaction before the commit (so the merged index is checkpointed once, not twice); a
small one, a failed one and a cancelled one do not."""

from __future__ import annotations

import pytest

import db.exchange.loader as loader
from db.errors import CancelledError
from db.exchange.imports import import_json
from db.queries import EventFilter, count_events
from resources import DEMO_CHRONOLOGY


@pytest.fixture
def merges(monkeypatch):
    """Each merge's connection, and whether its transaction was still open (not committed)."""
    calls: list[bool] = []
    merge = loader.optimize_search_index_in

    def recording(conn) -> None:
        calls.append(conn.in_transaction())
        merge(conn)

    monkeypatch.setattr(loader, "optimize_search_index_in", recording)
    return calls


def test_a_big_import_merges_the_search_index_before_it_commits(lib, merges, monkeypatch):
    monkeypatch.setattr(loader, "BULK_ROWS", 50)  # the demo's ~100 records count as big
    report = import_json(lib, DEMO_CHRONOLOGY)
    assert sum(report.counts.values()) >= 50
    assert merges == ([] if lib.is_team else [True])  # PostgreSQL's GIN index needs no merge
    assert count_events(lib, EventFilter(text="Tokyo")) > 0  # found in the merged index


def test_a_small_import_leaves_the_index_as_it_is(lib, merges):
    import_json(lib, DEMO_CHRONOLOGY)
    assert merges == []


def test_a_cancelled_import_merges_nothing(lib, merges, monkeypatch):
    monkeypatch.setattr(loader, "BULK_ROWS", 50)

    def cancel(done: int, total: int) -> None:
        if done > 10:
            raise CancelledError("Cancelled; nothing was changed.")

    with pytest.raises(CancelledError):
        import_json(lib, DEMO_CHRONOLOGY, progress=cancel)
    assert merges == []
