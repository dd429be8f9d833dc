"""Layouts: every node placed, apart from the others, deterministic, with progress and cancel."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from db.errors import CancelledError
from desktop.graph.layout import LAYOUTS, compute_layout, force_directed, place_new_nodes


def _closest_pair(pos) -> float:
    points = list(pos.values())
    return min(math.dist(a, b) for i, a in enumerate(points) for b in points[i + 1 :])


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_every_layout_places_every_node_apart(demo_model, name):
    model, _actors, _events = demo_model
    pos = compute_layout(model.graph, name)
    assert set(pos) == set(model.graph)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in pos.values())
    assert _closest_pair(pos) > 5  # world units; nodes are ~10-60 across


def test_force_directed_is_deterministic_and_keeps_linked_nodes_closer(demo_model):
    model, actors, _events = demo_model
    first = force_directed(model.graph)
    assert force_directed(model.graph) == first
    linked = [math.dist(first[u], first[v]) for u, v in model.graph.edges()]
    japan = first[("actor", actors["Japan"])]
    everyone = [math.dist(japan, p) for p in first.values()]
    assert sorted(linked)[len(linked) // 2] < sorted(everyone)[len(everyone) // 2]


def test_progress_is_reported_and_cancel_stops_the_layout(demo_model):
    model, _actors, _events = demo_model
    seen = []
    force_directed(model.graph, iterations=20, progress=lambda done, total: seen.append(done))
    assert seen == list(range(1, 21))

    def cancel_at_five(done, _total):
        if done == 5:
            raise CancelledError("Cancelled; nothing was changed.")

    with pytest.raises(CancelledError):
        force_directed(model.graph, iterations=20, progress=cancel_at_five)


def test_columns_put_actors_left_and_events_in_time_order(demo_model):
    model, _actors, _events = demo_model
    pos = compute_layout(model.graph, "bipartite")
    actor_x = {round(x) for (kind, _), (x, _y) in pos.items() if kind == "actor"}
    event_x = {round(x) for (kind, _), (x, _y) in pos.items() if kind == "event"}
    assert len(actor_x) == len(event_x) == 1 and actor_x.pop() < event_x.pop()
    events = sorted((k for k in pos if k[0] == "event"), key=lambda k: pos[k][1])
    starts = [model.nodes[k].start_key for k in events]
    assert starts == sorted(starts)


def test_around_an_actor_puts_it_in_the_middle_and_its_neighbours_nearest(demo_model):
    model, actors, _events = demo_model
    poland = ("actor", actors["Poland"])
    pos = compute_layout(model.graph, "ego", centre=poland)
    assert pos[poland] == (0.0, 0.0)
    radius = {k: math.hypot(*p) for k, p in pos.items()}
    near = max(radius[k] for k in model.graph[poland])
    assert all(radius[k] > near for k in pos if k != poland and k not in model.graph[poland])


def test_new_nodes_land_near_their_placed_neighbours():
    graph = nx.Graph([(("actor", 1), ("event", 1)), (("actor", 2), ("event", 1))])
    graph.add_node(("actor", 3))
    known = {("actor", 1): (0.0, 0.0), ("actor", 2): (200.0, 0.0)}
    placed = place_new_nodes(graph, known)
    assert set(placed) == {("event", 1), ("actor", 3)}
    assert math.dist(placed[("event", 1)], (100.0, 0.0)) < 60
    assert place_new_nodes(graph, known | placed) == {}
