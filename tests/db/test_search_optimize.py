"""Merging the search index (db/search_optimize.py) changes no search's answer and leaves
fewer segments behind."""

from __future__ import annotations

import pytest

from db import queries, store
from db.queries import EventFilter
from db.search_optimize import optimize_search_index

TEXTS = ["war", "harb", "war harbour", "4242", "zzz"]


def _answers(lib) -> list:
    return [
        ([r.id for r in queries.list_events(lib, EventFilter(text=t), sort=s)], t, s)
        for t in TEXTS
        for s in ("when", "title")
    ] + [queries.count_events(lib, EventFilter(text=t)) for t in TEXTS]


@pytest.mark.sqlite_only
def test_optimizing_merges_segments_and_keeps_every_answer(new_library):
    lib = new_library("segments")
    for n in range(30):  # one transaction each: a segment each
        title = ["war harbour", "war", "harbour 4242", "market"][n % 4]
        store.create(lib, "event", title=f"{title} {n}", when=f"{1900 + n}")
    before = _answers(lib)
    with lib.read() as conn:
        segments = conn.exec_driver_sql("SELECT count(*) FROM search_index_data").scalar_one()
    assert optimize_search_index(lib)
    assert _answers(lib) == before
    with lib.read() as conn:
        merged = conn.exec_driver_sql("SELECT count(*) FROM search_index_data").scalar_one()
    assert merged < segments


@pytest.mark.postgresql_only
def test_a_team_library_needs_no_merge(new_library):
    lib = new_library("team")
    store.create(lib, "event", title="war", when="1900")
    assert not optimize_search_index(lib)
    assert queries.count_events(lib, EventFilter(text="war")) == 1
