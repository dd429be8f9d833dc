"""The in-memory key columns answer exactly what SQL answers, after any mix of edits."""

from __future__ import annotations

import random
import tracemalloc

import pytest
import sqlalchemy as sa
from column_checks import assert_same_as_sql

from benchmarks.timeline_library import generate
from db import store
from db.engine import create_library, open_library
from db.queries.event_columns import EventColumns
from db.queries.filters import EVENT

WHENS = ("2024-07-28", "2024-07", "2022", "2024-06/2024-12", "1990~", "-0100/0100", "1789-07-14")
CATEGORIES = ("war", "trade", "", "diplomacy")


def _random_event(rng: random.Random, lib) -> int:
    return store.create(
        lib,
        "event",
        title=f"e{rng.random():.6f}",
        when=rng.choice(WHENS),
        category=rng.choice(CATEGORIES),
        importance=rng.randint(1, 5),
    )


@pytest.mark.parametrize("seed", [1, 2])
def test_columns_follow_random_edits_and_their_undo(lib, seed):
    rng = random.Random(seed)
    actors = [store.create(lib, "actor", name=f"Actor {i}") for i in range(4)]
    events = [_random_event(rng, lib) for _ in range(25)]
    for event_id in events[::2]:
        store.add_participation(lib, event_id, rng.choice(actors), "host")
    store.set_tags(lib, "event", events[1], ["alpha", "beta"])
    cols = EventColumns.load(lib)
    assert_same_as_sql(cols, lib)
    undo: list = []
    for _step in range(24):
        roll = rng.random()
        touched: set[int] = set()
        if roll < 0.2 or not events:
            new = _random_event(rng, lib)
            events.append(new)
            touched = {new}
        elif roll < 0.4:
            event_id = rng.choice(events)
            store.update(
                lib, "event", event_id, when=rng.choice(WHENS), importance=rng.randint(1, 5)
            )
            touched = {event_id}
        elif roll < 0.55:
            event_id = rng.choice(events)
            store.add_participation(lib, event_id, rng.choice(actors), f"r{rng.random()}")
            touched = {event_id}
        elif roll < 0.7:
            event_id = rng.choice(events)
            store.set_tags(lib, "event", event_id, rng.sample(["alpha", "beta", "gamma"], 2))
            touched = {event_id}
        elif roll < 0.85:
            event_id = events.pop(rng.randrange(len(events)))
            undo.append(store.delete(lib, "event", event_id))
            touched = {event_id}
        elif undo:  # undo a delete: the event and its links come back
            snapshot = undo.pop()
            store.restore(lib, snapshot)
            touched = {row["id"] for row in snapshot.rows["event"]}
            events.extend(touched)
        else:  # deleting an actor takes its participations along
            actor = actors.pop()
            snapshot = store.delete(lib, "actor", actor)
            touched = {row["event_id"] for row in snapshot.rows.get("participation", [])}
        cols = cols.updated(lib, touched)
        assert_same_as_sql(cols, lib)
    assert_same_as_sql(EventColumns.load(lib), lib)


def test_columns_of_an_empty_library(lib):
    cols = EventColumns.load(lib)
    assert cols.total == 0 and cols.extent() is None
    assert cols.with_lanes(lib, "actor").lane_buckets("actor", 0, 100, 10) == []
    assert cols.updated(lib, []) is cols


def test_columns_take_few_bytes_per_event_while_read_and_after(tmp_path):
    """About 43 bytes per event with actor lanes (the benchmark's data: ~1.05 actors each),
    and not twice that at the peak while they are read: int32 ids and lane codes, no row
    objects or int64 copies held (the columns before this took 132, 197 at the peak)."""
    path = tmp_path / "bench.chronicle"
    generate(path, 5_000)
    lib = open_library(path)
    try:
        EventColumns.load(lib).with_lanes(lib, "actor")  # SQLAlchemy's and numpy's caches
        tracemalloc.start()
        try:
            cols = EventColumns.load(lib).with_lanes(lib, "actor")
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert_same_as_sql(cols, lib)
    finally:
        lib.close()
    assert cols.total == 5_000
    assert cols.nbytes / cols.total < 48
    assert peak / cols.total < 100


def test_columns_with_ids_far_apart(tmp_path):
    """Ids need not be dense (an import may keep a file's own): the events are found all the
    same, and an id past 2**31 widens the id column instead of wrapping around. (A file only:
    a server's integer ids stop at 2**31.)"""
    lib = create_library(tmp_path / "far.chronicle")
    try:
        actor = store.create(lib, "actor", name="Far")
        near = store.create(lib, "event", title="near", when="1990", importance=5)
        template = store.create(lib, "event", title="far", when="1991", importance=4)
        with lib.write() as conn:  # the same event again under an id of its own choosing
            row = dict(conn.execute(sa.select(EVENT).where(EVENT.c.id == template)).one()._mapping)
            conn.execute(sa.insert(EVENT).values({**row, "id": 3_000_000_000, "uuid": None}))
        store.delete(lib, "event", template)
        store.add_participation(lib, 3_000_000_000, actor, "host")
        cols = EventColumns.load(lib)
        assert cols.ids.tolist() == [near, 3_000_000_000]
        assert_same_as_sql(cols, lib)
        later = store.create(lib, "event", title="later", when="1992", category="war")
        cols = cols.with_lanes(lib, "category").updated(lib, [later])
        assert_same_as_sql(cols, lib)
    finally:
        lib.close()
