"""Graph layouts as pure functions of a networkx graph: run them in a `desktop.jobs.Job`.

Positions are in world units where neighbouring nodes sit about `SPACING` apart, so a view at
zoom 1 shows labels at a readable distance. Node keys are ("actor"|"event"|"source", id); the
`start_key` node attribute orders events in time where a layout has an order.

The force-directed layout is our own vectorised NumPy loop in the manner of ForceAtlas2:
networkx's `spring_layout` needs SciPy above 500 nodes and took 14-18 s for 2,000 nodes / 10,000
edges here, without progress or cancel; this one reports progress every iteration (where Cancel
takes effect) and takes ~3 s. networkx supplies the graph and its breadth-first searches.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import networkx as nx
import numpy as np
from numpy.typing import NDArray

from desktop.graph.model import NodeGraph, NodeKey
from desktop.graph.untangle import SMALL_GRAPH, clear_of_edges

Point = tuple[float, float]
Positions = dict[NodeKey, Point]
Progress = Callable[[int, int], None]

SPACING = 70.0  # ideal distance between linked nodes, in world units
NEIGHBOUR_GAP = 55.0  # typical distance to the nearest node after a force-directed run
GRAVITY = 0.3  # pull to the centre, per unit of distance and of (degree + 1)
LAYOUTS = {
    "spring": "Force-directed",
    "circular": "Circular",
    "ego": "Around an actor",
    "bipartite": "Actors | events",
}
_KIND_ORDER = {"actor": 0, "event": 1, "source": 2}
_COLUMN_GAP = SPACING * 6  # room for the labels between columns
_ROW_GAP = SPACING * 0.6
_TIDY_ROUNDS = 4  # rounds of `clear_of_edges` after new nodes are tucked in
_ALWAYS_TIDY = 30  # nodes: a graph up to this size is tidied even when only links changed
_BLOCK = 128  # rows of the pairwise repulsion per step: measured fastest (fits in cache)


def _no_progress(_done: int, _total: int) -> None:
    return None


def compute_layout(
    graph: NodeGraph,
    name: str,
    *,
    centre: NodeKey | None = None,
    progress: Progress | None = None,
    seed: int = 1,
) -> Positions:
    """Positions for every node of `graph` in layout `name` (one of LAYOUTS)."""
    progress = progress or _no_progress
    if name == "spring":
        positions = force_directed(graph, progress=progress, seed=seed)
        return positions | clear_of_edges(graph, positions, each_round=lambda: progress(1, 1))
    if name == "circular":
        return circular(graph)
    if name == "ego":
        return around(graph, centre)
    if name == "bipartite":
        return columns(graph)
    raise ValueError(f"unknown layout {name!r}")


def _time_order(graph: NodeGraph, node: NodeKey) -> tuple[int, int, str]:
    data = graph.nodes[node]
    return (_KIND_ORDER.get(node[0], 3), data.get("start_key") or 0, str(data.get("label", "")))


def force_directed(
    graph: NodeGraph,
    *,
    iterations: int | None = None,
    progress: Progress = _no_progress,
    seed: int = 1,
) -> Positions:
    """Force-directed placement in the manner of ForceAtlas2: linked nodes pull each other with
    a linear spring, every pair repels in proportion to (degree+1) of both, and a pull to the
    centre keeps loose parts in sight. Hubs so get room for their many neighbours."""
    nodes = list(graph)
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {node: i for i, node in enumerate(nodes)}
    edges = np.array([(index[u], index[v]) for u, v in graph.edges() if u != v], dtype=np.int64)
    edges = edges.reshape(-1, 2)
    mass = np.array([graph.degree(node) + 1 for node in nodes], dtype=np.float32)
    iterations = iterations or (300 if n <= 500 else 160)
    k = np.float32(SPACING)
    rng = np.random.default_rng(seed)
    pos = (rng.random((n, 2), dtype=np.float32) - 0.5) * np.float32(k * math.sqrt(n))
    temperature = float(k * math.sqrt(n) * 0.1)
    cooling = 0.1 ** (1.0 / iterations)  # the largest step shrinks tenfold over the run
    for step in range(iterations):
        disp = _repulsion(pos, mass, k) + _attraction(pos, edges, n)
        disp -= (pos - pos.mean(axis=0)) * (mass * np.float32(GRAVITY))[:, None]
        length = np.sqrt((disp * disp).sum(axis=1))
        np.maximum(length, 1e-6, out=length)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature *= cooling
        progress(step + 1, iterations)
    return _normalised(pos, nodes)


def _normalised(pos: NDArray[np.float32], nodes: list[NodeKey]) -> Positions:
    """Centre the layout and scale it so nodes sit NEIGHBOUR_GAP from their nearest neighbour
    (typically): readable at zoom 1 whether the graph is a sparse tree or a dense hairball."""
    pos = pos - pos.mean(axis=0)
    typical = float(np.median(_nearest_distances(pos)))
    if typical > 0:
        pos = pos * np.float32(NEIGHBOUR_GAP / typical)
    return {node: (float(x), float(y)) for node, (x, y) in zip(nodes, pos, strict=True)}


def _nearest_distances(pos: NDArray[np.float32]) -> NDArray[np.float32]:
    n = len(pos)
    out = np.empty(n, dtype=np.float32)
    for start in range(0, n, _BLOCK):
        stop = min(n, start + _BLOCK)
        d2 = np.subtract.outer(pos[start:stop, 0], pos[:, 0]) ** 2
        d2 += np.subtract.outer(pos[start:stop, 1], pos[:, 1]) ** 2
        d2[np.arange(stop - start), np.arange(start, stop)] = np.inf
        out[start:stop] = np.sqrt(d2.min(axis=1))
    return out


def _repulsion(
    pos: NDArray[np.float32], mass: NDArray[np.float32], k: np.float32
) -> NDArray[np.float32]:
    """Sum over all pairs of k²·m_i·m_j/d pushing nodes apart, in row blocks that stay in cache."""
    n = len(pos)
    out = np.empty_like(pos)
    k2 = k * k
    xs, ys = np.ascontiguousarray(pos[:, 0]), np.ascontiguousarray(pos[:, 1])
    for start in range(0, n, _BLOCK):
        stop = min(n, start + _BLOCK)
        dx = np.subtract.outer(xs[start:stop], xs)
        dy = np.subtract.outer(ys[start:stop], ys)
        force = dx * dx
        force += dy * dy
        np.maximum(force, np.float32(0.01), out=force)
        np.divide(k2, force, out=force)
        force *= mass[None, :]
        out[start:stop, 0] = np.einsum("ij,ij->i", dx, force)
        out[start:stop, 1] = np.einsum("ij,ij->i", dy, force)
    return out * mass[:, None]


def _attraction(pos: NDArray[np.float32], edges: NDArray[np.int64], n: int) -> NDArray[np.float32]:
    """Each edge pulls its two ends together with a force equal to its length."""
    out = np.zeros_like(pos)
    if len(edges) == 0:
        return out
    pull = pos[edges[:, 0]] - pos[edges[:, 1]]
    for axis in (0, 1):
        out[:, axis] -= np.bincount(edges[:, 0], weights=pull[:, axis], minlength=n)
        out[:, axis] += np.bincount(edges[:, 1], weights=pull[:, axis], minlength=n)
    return out


def _arc(node: NodeKey) -> float:
    # Actors are drawn bigger than events: give them more of the circle.
    return SPACING * (0.9 if node[0] == "actor" else 0.5)


def circular(graph: NodeGraph) -> Positions:
    """Nodes on one circle: actors first, then events in time order, then sources."""
    ordered = sorted(graph, key=lambda node: _time_order(graph, node))
    return _ring(ordered, min_radius=SPACING * 2)


def _ring(nodes: list[NodeKey], *, min_radius: float, start_angle: float = 0.0) -> Positions:
    """`nodes` around a circle, each given an arc of `_arc(node)`; returns their positions."""
    if not nodes:
        return {}
    arcs = [_arc(node) for node in nodes]
    total = sum(arcs)
    radius = max(min_radius, total / math.tau)
    pos: Positions = {}
    travelled = 0.0
    for node, arc in zip(nodes, arcs, strict=True):
        angle = start_angle + math.tau * (travelled + arc / 2) / total
        pos[node] = (radius * math.cos(angle), radius * math.sin(angle))
        travelled += arc
    return pos


def around(graph: NodeGraph, centre: NodeKey | None) -> Positions:
    """Rings by distance from `centre` (default: the best-linked actor); children near parents."""
    if graph.number_of_nodes() == 0:
        return {}
    if centre is None or centre not in graph:
        centre = max(graph, key=lambda node: (node[0] == "actor", graph.degree(node)))
    parents = dict(nx.bfs_predecessors(graph, centre))
    depth = nx.single_source_shortest_path_length(graph, centre)
    far = max(depth.values(), default=0) + 1
    shells: dict[int, list[NodeKey]] = {}
    for node in graph:
        shells.setdefault(depth.get(node, far), []).append(node)
    pos: Positions = {centre: (0.0, 0.0)}
    # Nodes not reached from the centre have no parent: they are looked up as None.
    angle_of: dict[NodeKey | None, float] = {centre: 0.0}
    radius = 0.0
    for level in sorted(shells):
        if level == 0:
            continue
        ring = sorted(
            shells[level],
            key=lambda node: (angle_of.get(parents.get(node), math.tau), _time_order(graph, node)),
        )
        placed = _ring(ring, min_radius=radius + SPACING * 2.5)
        radius = math.hypot(*next(iter(placed.values())))
        for node, (x, y) in placed.items():
            pos[node] = (x, y)
            angle_of[node] = math.atan2(y, x) % math.tau
    return pos


def columns(graph: NodeGraph) -> Positions:
    """Actors in a left column, events (in time order) right of them, sources in a third.

    Actors are ordered by the median row of their events so most edges run across, not along.
    """
    events = sorted((n for n in graph if n[0] == "event"), key=lambda n: _time_order(graph, n))
    row = {node: i for i, node in enumerate(events)}
    actors = sorted(
        (n for n in graph if n[0] == "actor"),
        key=lambda n: (_median_row(graph, n, row), str(graph.nodes[n].get("label", ""))),
    )
    sources = sorted(
        (n for n in graph if n[0] == "source"), key=lambda n: _median_row(graph, n, row)
    )
    # Every column spans the height of the longest, so short columns get more room per node.
    height = (max(len(actors), len(events), len(sources)) - 1) * _ROW_GAP
    pos: Positions = {}
    for column, nodes in enumerate((actors, events, sources)):
        gap = height / (len(nodes) - 1) if len(nodes) > 1 else 0.0
        for i, node in enumerate(nodes):
            pos[node] = (column * _COLUMN_GAP, i * gap - height / 2)
    return pos


def _median_row(graph: NodeGraph, node: NodeKey, row: dict[NodeKey, int]) -> float:
    rows = sorted(row[other] for other in graph[node] if other in row)
    return float(rows[len(rows) // 2]) if rows else float(len(row))


def needs_layout(graph: NodeGraph, known: Positions) -> bool:
    """True when too many nodes lack a place to just tuck them in: lay the graph out afresh.
    A graph none of whose nodes has a place yet is laid out however small it is."""
    missing = sum(1 for node in graph if node not in known)
    nothing_placed = missing == graph.number_of_nodes() > 1
    return (
        nothing_placed
        or missing > max(20, graph.number_of_nodes() // 2)
        or _in_a_row([known[node] for node in graph if node in known])
    )


def _in_a_row(points: list[tuple[float, float]]) -> bool:
    """True for 4 to SMALL_GRAPH points on (nearly) one line: what older versions made of a
    small graph built one record at a time; its edges ran through the nodes between."""
    if not 4 <= len(points) <= SMALL_GRAPH:
        return False
    xy = np.array(points, dtype=float)
    spread = np.linalg.svd(xy - xy.mean(axis=0), compute_uv=False)
    return bool(spread[0] > 0 and spread[1] < 0.08 * spread[0])


def completed(graph: NodeGraph, known: Positions) -> Positions | None:
    """What to add to or change in `known` so every node has a place clear of the edges it is
    not on (new nodes beside their neighbours); None when a fresh layout is needed instead."""
    if needs_layout(graph, known):
        return None
    changes = place_new_nodes(graph, known)
    if not changes and graph.number_of_nodes() > _ALWAYS_TIDY:
        return {}  # this runs on the UI thread at each change: only new nodes are worth it
    placed = {node: changes.get(node) or known[node] for node in graph}
    return changes | clear_of_edges(graph, placed, rounds=_TIDY_ROUNDS)


def place_new_nodes(graph: NodeGraph, known: Positions) -> Positions:
    """Positions for nodes missing from `known`: near their placed neighbours, else on a spiral
    around what is placed (not in a row: a row of nodes makes edges run through them)."""
    placed = {node: known[node] for node in graph if node in known} or dict(known)
    missing = [node for node in graph if node not in known]
    if not missing:
        return {}
    if placed:
        xs = [p[0] for p in placed.values()]
        ys = [p[1] for p in placed.values()]
        centre = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
        reach = max(math.hypot(x - centre[0], y - centre[1]) for x, y in placed.values())
    else:
        centre, reach = (0.0, 0.0), -SPACING
    result: Positions = {}
    for i, node in enumerate(missing):
        near = [placed[other] for other in graph[node] if other in placed]
        angle = 2.4 * (i + len(placed))  # golden-angle spread, so no two land on one point
        if near:
            cx = sum(p[0] for p in near) / len(near)
            cy = sum(p[1] for p in near) / len(near)
            point = (cx + SPACING * 0.6 * math.cos(angle), cy + SPACING * 0.6 * math.sin(angle))
        else:
            ring = reach + SPACING * (1 + 0.15 * i)
            point = (centre[0] + ring * math.cos(angle), centre[1] + ring * math.sin(angle))
        placed[node] = result[node] = point
    return result
