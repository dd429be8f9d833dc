"""The key columns seen through a filter (`FilteredColumns`) answer every count, label pick and
window exactly as SQL does with that filter: for random data and filters, after random edits,
undos, citations, a graded source and a write from another connection, on both engines."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pytest
from column_checks import CATEGORIES, WHENS, assert_filtered_same_as_sql
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from pg_cluster import cluster_or_skip
from sqlalchemy.engine import make_url

from db import store
from db.engine import create_library, open_library
from db.errors import ValidationError
from db.queries import EventFilter, key_extent
from db.queries.event_columns import EventColumns
from db.queries.filtered_columns import FilteredColumns, _KeptIds
from db.queries.timeline import LANE_MODES

WORDS = ("treaty", "siege", "harvest", "summit")
TITLES = st.lists(st.sampled_from(WORDS), min_size=1, max_size=2).map(" ".join)
TAGS = st.lists(st.sampled_from(["alpha", "beta", "era"]), unique=True)


class FilteredMachine(RuleBasedStateMachine):
    """A new library, its key columns and a filtered view of them, kept up to date the way the
    timeline keeps them."""

    engine_kind = "sqlite"  # set by the test
    folder = None

    def __init__(self) -> None:
        super().__init__()
        if self.engine_kind == "postgresql":
            lib = self.lib = open_library(cluster_or_skip().new_library_url())
        else:
            lib = self.lib = create_library(Path(tempfile.mkdtemp(dir=self.folder)) / "f.chronicle")
        self.actors = [store.create(lib, "actor", name=f"Actor {i}") for i in range(3)]
        self.sources = [store.create(lib, "source", title=f"Source {i}") for i in range(2)]
        self.events = [int(i) for i in EventColumns.load(lib).ids]
        self.deleted: list = []
        self.lane_by = "actor"
        self.cols = EventColumns.load(lib).with_lanes(lib, self.lane_by)
        self.view = FilteredColumns.load(lib, self.cols, EventFilter())

    def teardown(self) -> None:
        self.lib.close()
        if self.lib.is_team:  # emptied and handed to the next example
            cluster_or_skip().release_library(make_url(self.lib.url).database)

    def _changed(self, named: set[int] | None) -> None:
        """An edit: the columns read the named events again; the view tests them again (or
        every event when the edit named none, as a citation or a graded source)."""
        lib = self.lib
        if named is None:
            self.cols = EventColumns.load(lib).with_lanes(lib, self.lane_by)
        else:
            self.cols = self.cols.updated(lib, named).with_lanes(lib, self.lane_by)
        self.view = self.view.updated(lib, self.cols, named or None)

    @initialize(
        events=st.lists(st.tuples(TITLES, WHENS, CATEGORIES, st.integers(1, 5)), max_size=8)
    )
    def some_events(self, events):
        for title, when, category, importance in events:
            self.create(title, when, category, importance)

    @rule(title=TITLES, when=WHENS, category=CATEGORIES, importance=st.integers(1, 5))
    def create(self, title, when, category, importance):
        new = store.create(
            self.lib, "event", title=title, when=when, category=category, importance=importance
        )
        self.events.append(new)
        self.deleted.clear()
        self._changed({new})

    @precondition(lambda self: self.events)
    @rule(data=st.data(), title=TITLES, when=WHENS, category=CATEGORIES)
    def edit(self, data, title, when, category):
        event_id = data.draw(st.sampled_from(self.events))
        fields = data.draw(st.sampled_from(["title", "when", "category"]))
        value = {"title": title, "when": when, "category": category}[fields]
        store.update(self.lib, "event", event_id, **{fields: value})
        self._changed({event_id})

    @precondition(lambda self: self.events)
    @rule(data=st.data())
    def link(self, data):
        event_id = data.draw(st.sampled_from(self.events))
        try:
            store.add_participation(self.lib, event_id, data.draw(st.sampled_from(self.actors)))
        except ValidationError:  # already linked
            return
        self._changed({event_id})

    @precondition(lambda self: self.events)
    @rule(data=st.data(), tags=TAGS)
    def tag(self, data, tags):
        event_id = data.draw(st.sampled_from(self.events))
        store.set_tags(self.lib, "event", event_id, tags)
        self._changed({event_id})

    @precondition(lambda self: self.events)
    @rule(data=st.data())
    def cite(self, data):
        event_id = data.draw(st.sampled_from(self.events))
        source = data.draw(st.sampled_from(self.sources))
        store.add_citation(self.lib, source, event_id=event_id)
        self._changed(None if data.draw(st.booleans()) else set())  # names no event

    @rule(data=st.data())
    def grade_source(self, data):
        source = data.draw(st.sampled_from(self.sources))
        grade = data.draw(st.sampled_from("ABCDEF"))
        store.update(self.lib, "source", source, reliability=grade)
        self._changed(set())  # names no event: every event is tested again

    @precondition(lambda self: self.events)
    @rule(data=st.data())
    def delete(self, data):
        event_id = data.draw(st.sampled_from(self.events))
        self.events.remove(event_id)
        self.deleted.append(store.delete(self.lib, "event", event_id))
        self._changed({event_id})

    @precondition(lambda self: self.deleted)
    @rule()
    def undo_delete(self):
        snapshot = self.deleted.pop()
        store.restore(self.lib, snapshot)
        restored = {row["id"] for row in snapshot.rows["event"]}
        self.events.extend(restored)
        self._changed(restored)

    @rule(title=TITLES, when=WHENS)
    def written_elsewhere(self, title, when):
        lib = self.lib
        other = open_library(lib.url if lib.is_team else lib.path)
        try:
            new = store.create(other, "event", title=title, when=when, importance=5)
        finally:
            other.close()
        self.events.append(new)
        self.deleted.clear()
        self._changed(None)  # the data-version watch (or NOTIFY) announces "anything changed"

    @rule(lane_by=st.sampled_from(LANE_MODES))
    def lanes(self, lane_by):
        self.lane_by = lane_by
        self.cols = self.cols.with_lanes(self.lib, lane_by)
        self.view = self.view.updated(self.lib, self.cols, ())

    @rule(data=st.data())
    def filter(self, data):
        draw = data.draw
        some = lambda values: tuple(draw(st.lists(st.sampled_from(values), unique=True)))  # noqa: E731
        filt = EventFilter(
            actor_ids=some(self.actors) if draw(st.booleans()) else (),
            tags=some(["alpha", "beta"]) if draw(st.booleans()) else (),
            hidden_tags=("era",) if draw(st.booleans()) else (),
            source_ids=some(self.sources) if draw(st.booleans()) else (),
            categories=some(["war", "trade", "diplomacy"]) if draw(st.booleans()) else (),
            text=draw(st.sampled_from(["", "", *WORDS, "treaty siege"])),
            min_reliability=draw(st.sampled_from([None, None, "B", "D"])),
            max_sources=draw(st.sampled_from([None, None, 0, 1])),
        )
        self.view = FilteredColumns.load(self.lib, self.cols, filt)

    @invariant()
    def same_as_sql(self):
        assert_filtered_same_as_sql(self.view, self.lib, self.lane_by, [])

    @rule(data=st.data())
    def some_window(self, data):
        extent = key_extent(self.lib)
        if extent is None:
            return
        lo, hi = extent
        start = data.draw(st.integers(lo - 86_400 * 400, hi))
        end = data.draw(st.integers(start + 1, hi + 86_400 * 400))
        cells = data.draw(st.integers(1, 40))
        assert_filtered_same_as_sql(self.view, self.lib, self.lane_by, [(start, end, cells)])


def test_filtered_columns_equal_sql_after_any_mix_of_changes(engine_kind, tmp_path):
    FilteredMachine.engine_kind, FilteredMachine.folder = engine_kind, tmp_path
    run_state_machine_as_test(
        FilteredMachine,
        settings=settings(
            # Each query is a round trip to the server on PostgreSQL (~10x SQLite's time):
            # fewer examples there, the same rules.
            max_examples=12 if engine_kind == "sqlite" else 5,
            stateful_step_count=10,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )


@pytest.mark.parametrize("share", ["none", "some", "all"])
def test_a_filter_costs_running_counts_not_a_copy_of_the_columns(lib, share):
    actor = store.create(lib, "actor", name="Kept")
    for i in range(40):
        event_id = store.create(lib, "event", title=f"e{i}", when=f"{1900 + i}")
        if share == "all" or (share == "some" and i % 3 == 0):
            store.add_participation(lib, event_id, actor)
    cols = EventColumns.load(lib).with_lanes(lib, "actor")
    view = FilteredColumns.load(lib, cols, EventFilter(actor_ids=(actor,)))
    assert view.total == {"none": 0, "some": 14, "all": 40}[share]
    # One int32 per event and one per lane row (+1 each), and a flag per id, however many
    # the filter keeps.
    rows = len(cols.lane_indexes()["actor"].start)
    assert view.nbytes == 4 * (cols.total + 1) + 4 * (rows + 1) + int(cols.ids.max()) + 1
    assert view.columns is cols  # the columns are shared, not copied
    kept = [
        event_id
        for event_id in cols.ids.tolist()
        if actor in cols.memberships("actor", np.array([event_id])).get(event_id, [])
    ]
    assert view.kept_ids().tolist() == kept  # by start key, as the columns' rows


def test_sparse_ids_are_kept_sorted_and_follow_edits():
    """Ids far apart (a foreign file's, say) are kept as a sorted list, not a flag per id;
    dense ones as flags. Both answer and change alike."""
    known = np.array([3, 7, 50_000_000, 9], np.int32)
    sparse = _KeptIds.of(np.array([50_000_000, 3]), known)
    dense = _KeptIds.of(np.array([9, 3]), known[[0, 1, 3]])
    assert sparse.flags is None and sparse.nbytes == 16
    assert dense.flags is not None and dense.nbytes == 10
    asked = np.array([3, 7, 9, 50_000_000, 60_000_000])
    assert sparse.contains(asked).tolist() == [True, False, False, True, False]
    assert dense.contains(asked).tolist() == [True, False, True, False, False]
    moved = sparse.changed(np.array([3, 7]), np.array([7]), known)
    assert moved.contains(asked).tolist() == [False, True, False, True, False]
    moved = dense.changed(np.array([3, 50_000_000]), np.array([50_000_000]), known)
    assert moved.flags is None  # the new id is too far for a flag table
    assert moved.contains(asked).tolist() == [False, False, True, True, False]
