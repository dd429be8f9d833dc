"""A big import ends by merging the search index it grew (db/search_optimize.py), after its
transaction committed; a small one, a failed one and a cancelled one do not."""

from __future__ import annotations

import pytest

import db.exchange.loader as loader
from db.errors import CancelledError
from db.exchange.imports import import_json
from resources import DEMO_CHRONOLOGY


@pytest.fixture
def merges(monkeypatch):
    calls: list[object] = []
    monkeypatch.setattr(loader, "optimize_search_index", calls.append)
    return calls


def test_a_big_import_merges_the_search_index_after_it_commits(lib, merges, monkeypatch):
    monkeypatch.setattr(loader, "BULK_ROWS", 50)  # the demo's ~100 records count as big
    report = import_json(lib, DEMO_CHRONOLOGY)
    assert sum(report.counts.values()) >= 50
    assert merges == [lib]


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
