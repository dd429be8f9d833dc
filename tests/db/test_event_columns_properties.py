"""Hypothesis draws edits, undos, imports and writes by another connection; after each one the
key columns, kept up to date the way the timeline keeps them (`updated` with the touched events,
a fresh `load` after an import or a foreign write), answer every window, cell count and label
pick exactly as SQL does, for whichever lane mode they count."""

from __future__ import annotations

import functools
import shutil
import tempfile
from pathlib import Path

from column_checks import CATEGORIES, WHENS, assert_same_as_sql, assert_window_same_as_sql
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    precondition,
    rule,
    run_state_machine_as_test,
)

from db import store
from db.engine import create_library, open_library
from db.errors import ValidationError
from db.exchange.csv_ import export_csv
from db.exchange.imports import import_csv
from db.queries import key_extent
from db.queries.event_columns import EventColumns
from db.queries.timeline import LANE_MODES

IMPORTANCE = st.integers(1, 5)
_SCRATCH = "/dev/shm" if Path("/dev/shm").is_dir() else None  # SQLite's fsyncs cost little there


@functools.cache
def _csv_to_import() -> str:
    """A CSV file of three events, two with actors (as the app exports it)."""
    with tempfile.TemporaryDirectory(dir=_SCRATCH) as folder:
        lib = create_library(Path(folder) / "source.chronicle")
        try:
            actors = [store.create(lib, "actor", name=f"Actor {i}") for i in range(2)]
            for title, when, category, importance, linked in (
                ("Imported treaty", "1648-10-24", "diplomacy", 5, actors),
                ("Imported war", "1618/1648", "war", 4, actors[:1]),
                ("Imported fair", "2024-07", "", 2, []),
            ):
                event_id = store.create(
                    lib, "event", title=title, when=when, category=category,
                    importance=importance,
                )  # fmt: skip
                for actor in linked:
                    store.add_participation(lib, event_id, actor, "host")
            export_csv(lib, Path(folder) / "events.csv")
        finally:
            lib.close()
        return (Path(folder) / "events.csv").read_text(encoding="utf-8")


class ColumnsMachine(RuleBasedStateMachine):
    """A library, its key columns kept up to date, and the events and actors to pick from."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="columns-machine-", dir=_SCRATCH))
        self.path = self.folder / "lib.chronicle"
        self.lib = create_library(self.path)
        self.actors = [store.create(self.lib, "actor", name=f"Actor {i}") for i in range(3)]
        self.events: list[int] = []
        self.deleted: list = []  # snapshots to undo deletes with
        self.lane_by = "actor"
        self.cols = EventColumns.load(self.lib).with_lanes(self.lib, self.lane_by)

    def teardown(self) -> None:
        try:
            assert_same_as_sql(self.cols, self.lib)
        finally:
            self.lib.close()
            shutil.rmtree(self.folder, ignore_errors=True)

    def _touched(self, event_ids: set[int]) -> None:
        self.cols = self.cols.updated(self.lib, event_ids).with_lanes(self.lib, self.lane_by)

    def _reloaded(self) -> None:
        self.cols = EventColumns.load(self.lib).with_lanes(self.lib, self.lane_by)

    @initialize(whens=st.lists(st.tuples(WHENS, CATEGORIES, IMPORTANCE), max_size=6))
    def some_events(self, whens):
        for when, category, importance in whens:
            self.create(when, category, importance)

    @rule(when=WHENS, category=CATEGORIES, importance=IMPORTANCE)
    def create(self, when, category, importance):
        new = store.create(
            self.lib, "event", title="e", when=when, category=category, importance=importance
        )
        self.events.append(new)
        self.deleted.clear()  # a delete is undone only before later additions (as on the stack)
        self._touched({new})

    @precondition(lambda self: self.events)
    @rule(data=st.data(), when=WHENS, importance=IMPORTANCE, category=CATEGORIES)
    def edit(self, data, when, importance, category):
        event_id = data.draw(st.sampled_from(self.events))
        store.update(
            self.lib, "event", event_id, when=when, importance=importance, category=category
        )
        self._touched({event_id})

    @precondition(lambda self: self.events and self.actors)
    @rule(data=st.data(), role=st.sampled_from(["host", "guest", "target"]))
    def link(self, data, role):
        event_id = data.draw(st.sampled_from(self.events))
        actor = data.draw(st.sampled_from(self.actors))
        try:
            store.add_participation(self.lib, event_id, actor, role)
        except ValidationError:  # the same actor in the same role twice is refused
            return
        self._touched({event_id})

    @precondition(lambda self: self.events)
    @rule(data=st.data(), tags=st.lists(st.sampled_from(["alpha", "beta", "gamma"]), unique=True))
    def tag(self, data, tags):
        event_id = data.draw(st.sampled_from(self.events))
        store.set_tags(self.lib, "event", event_id, tags)
        self._touched({event_id})

    @precondition(lambda self: self.events)
    @rule(data=st.data())
    def delete(self, data):
        event_id = data.draw(st.sampled_from(self.events))
        self.events.remove(event_id)
        self.deleted.append(store.delete(self.lib, "event", event_id))
        self._touched({event_id})

    @precondition(lambda self: self.deleted)
    @rule()
    def undo_delete(self):
        snapshot = self.deleted.pop()
        store.restore(self.lib, snapshot)
        restored = {row["id"] for row in snapshot.rows["event"]}
        self.events.extend(restored)
        self._touched(restored)

    @precondition(lambda self: len(self.actors) > 1)
    @rule()
    def delete_actor(self):
        snapshot = store.delete(self.lib, "actor", self.actors.pop())
        self._touched({row["event_id"] for row in snapshot.rows.get("participation", [])})

    @rule()
    def import_events(self):
        csv = self.folder / "more.csv"
        csv.write_text(_csv_to_import(), encoding="utf-8")
        import_csv(self.lib, csv)  # an import announces no ids: the timeline reads afresh
        self.deleted.clear()
        self.events = [int(i) for i in EventColumns.load(self.lib).ids]
        self._reloaded()

    @rule(when=WHENS, importance=IMPORTANCE)
    def written_elsewhere(self, when, importance):
        other = open_library(self.path)
        try:
            new = store.create(other, "event", title="elsewhere", when=when, importance=importance)
        finally:
            other.close()
        self.events.append(new)
        self.deleted.clear()
        self._reloaded()  # the timeline's data-version watch announces it as "anything changed"

    @rule(lane_by=st.sampled_from(LANE_MODES))
    def lanes(self, lane_by):
        self.lane_by = lane_by
        self.cols = self.cols.with_lanes(self.lib, lane_by)

    @rule(data=st.data())
    def same_as_sql(self, data):
        extent = key_extent(self.lib)
        if extent is None:
            assert self.cols.total == 0
            return
        lo, hi = extent
        start = data.draw(st.integers(lo - 86_400 * 400, hi))
        end = data.draw(st.integers(start + 1, hi + 86_400 * 400))
        cells = data.draw(st.integers(1, 40))
        assert_window_same_as_sql(self.cols, self.lib, self.lane_by, start, end, cells)


def test_columns_equal_sql_after_any_mix_of_changes():
    run_state_machine_as_test(
        ColumnsMachine,
        settings=settings(
            max_examples=20,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
