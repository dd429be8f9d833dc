"""The in-memory key columns answer exactly what SQL answers, after any mix of edits."""

from __future__ import annotations

import random

import pytest
from column_checks import assert_same_as_sql

from db import store
from db.queries.event_columns import EventColumns

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
