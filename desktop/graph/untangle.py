"""Keep a small graph readable: no node drawn on a line it is not part of, none on another.

A force-directed layout (or a node tucked in beside its neighbours) can leave a node on top of
an edge between two others, so the edge seems to run through it; in a small graph a reader then
takes it for a link. `clear_of_edges` nudges such nodes off (perpendicular to the edge) and
pushes overlapping nodes apart, a few pixels at a time, until every node keeps its radius plus
a gap from every edge it is not an end of. Big graphs are left as they are: in a hairball every
node sits on some edge, and moving nodes would not make it readable.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from desktop.graph.model import NodeGraph, NodeKey

Positions = dict[NodeKey, tuple[float, float]]
Floats = NDArray[np.float64]
Indices = NDArray[np.int64]

SMALL_GRAPH = 150  # nodes: up to here every layout is made clear of edges
GAP = 2.0  # world units kept between a node's outline and a line or node it is not part of
_ROUNDS = 30


def node_radius(kind: str, measure: int) -> float:
    """Drawn radius at zoom 1 of a node with `measure` links (or events): actors biggest."""
    if kind == "actor":
        return min(34.0, 8.0 + 3.2 * math.sqrt(measure))
    if kind == "event":
        return min(22.0, 5.0 + 1.6 * math.sqrt(measure))
    return min(24.0, 6.0 + 2.0 * math.sqrt(measure))


def radii(graph: NodeGraph, nodes: list[NodeKey]) -> Floats:
    return np.array([node_radius(node[0], graph.degree(node)) for node in nodes], dtype=float)


def edge_clearances(
    graph: NodeGraph, positions: Positions
) -> tuple[list[NodeKey], Floats, Floats, Indices]:
    """(nodes, radius per node, distances node × edge with inf where the node is an end of the
    edge, edges as index pairs): how close each node comes to each line it is not on."""
    nodes = [node for node in graph if node in positions]
    index = {node: i for i, node in enumerate(nodes)}
    ends = np.array(
        [(index[u], index[v]) for u, v in graph.edges() if u != v and u in index and v in index],
        dtype=np.int64,
    ).reshape(-1, 2)
    xy = np.array([positions[node] for node in nodes], dtype=float).reshape(-1, 2)
    if not len(ends):
        return nodes, radii(graph, nodes), np.full((len(nodes), 0), np.inf), ends
    dist = _segment_distance(xy, xy[ends[:, 0]], xy[ends[:, 1]])
    dist[ends[:, 0], np.arange(len(ends))] = np.inf
    dist[ends[:, 1], np.arange(len(ends))] = np.inf
    return nodes, radii(graph, nodes), dist, ends


def clear_of_edges(
    graph: NodeGraph,
    positions: Positions,
    *,
    gap: float = GAP,
    rounds: int = _ROUNDS,
    each_round: Callable[[], None] | None = None,
) -> Positions:
    """New positions for the nodes that had to move (empty if none did, or if the graph is
    bigger than SMALL_GRAPH).

    A local search: a node in trouble (on a line, under another node, or the end of a line
    through a third) moves to the nearest spot that lowers the number of such conflicts it takes
    part in. Every move lowers the total, so the search ends; spots are tried nearest first, so
    the layout keeps its shape."""
    nodes = [node for node in graph if node in positions]
    if len(nodes) < 3 or len(nodes) > SMALL_GRAPH:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    ends = np.array(
        [(index[u], index[v]) for u, v in graph.edges() if u != v and u in index and v in index],
        dtype=np.int64,
    ).reshape(-1, 2)
    xy = np.array([positions[node] for node in nodes], dtype=float)
    start = xy.copy()
    search = _Search(xy, ends, radii(graph, nodes), gap)
    for _round in range(rounds):
        if each_round is not None:
            each_round()  # a job's progress report: where Cancel takes effect
        if not search.improve():
            break
    changed = np.nonzero(np.hypot(*(xy - start).T) > 1e-6)[0]
    return {nodes[i]: (float(xy[i, 0]), float(xy[i, 1])) for i in changed.tolist()}


def _segment_distance(p: Floats, a: Floats, b: Floats) -> Floats:
    """Distances (len(p) × len(a)) from points p to the segments a–b."""
    ab = b - a
    length2 = np.maximum((ab * ab).sum(axis=1), 1e-9)
    rel = p[:, None, :] - a[None, :, :]
    t = np.clip((rel * ab[None, :, :]).sum(axis=2) / length2[None, :], 0.0, 1.0)
    nearest = a[None, :, :] + t[:, :, None] * ab[None, :, :]
    distance: Floats = np.hypot(*(p[:, None, :] - nearest).transpose(2, 0, 1))
    return distance


_HUB = 20  # links: nodes with more are not moved (slow to test, and rarely movable)
_ANGLES = np.linspace(0.0, math.tau, 24, endpoint=False)
_DIRECTIONS = np.stack([np.cos(_ANGLES), np.sin(_ANGLES)], axis=1)
_STEPS = (0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 4.5, 6.0, 8.0)  # of a node's diameter plus gap
# Every spot tried around a node (tested in one go), and which ring of _STEPS each is on.
_OFFSETS = np.concatenate([_DIRECTIONS * step for step in _STEPS])
_RING = np.repeat(np.arange(len(_STEPS)), len(_DIRECTIONS))
_GROUPS = [np.flatnonzero(np.equal(_RING // 3, group)) for group in range(len(_STEPS) // 3)]


class _Search:
    def __init__(self, xy: Floats, ends: Indices, r: Floats, gap: float) -> None:
        self.xy, self.ends, self.r, self.gap = xy, ends, r, gap
        n = len(xy)
        self.neighbours: list[list[int]] = [[] for _ in range(n)]
        for a, b in ends.tolist():
            self.neighbours[a].append(b)
            self.neighbours[b].append(a)

    def troubled(self) -> tuple[list[int], dict[int, set[int]]]:
        """Nodes in a conflict (on another pair's line, or overlapping a node), and for each
        the ends of the lines it is on: they are tried when the node itself cannot move."""
        xy, ends, r, gap = self.xy, self.ends, self.r, self.gap
        found: dict[int, set[int]] = {}
        if len(ends):
            dist = _segment_distance(xy, xy[ends[:, 0]], xy[ends[:, 1]])
            dist[ends[:, 0], np.arange(len(ends))] = np.inf
            dist[ends[:, 1], np.arange(len(ends))] = np.inf
            for i, e in np.argwhere(dist < r[:, None] + gap).tolist():
                found.setdefault(i, set()).update(ends[e].tolist())
        delta = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
        np.fill_diagonal(delta, np.inf)
        for i in np.nonzero((delta < r[:, None] + r[None, :] + gap).any(axis=1))[0].tolist():
            found.setdefault(i, set())
        return sorted(found), found

    def cost(self, i: int, spots: Floats) -> Indices:
        """Conflicts node i would take part in at each of `spots`."""
        xy, ends, r, gap = self.xy, self.ends, self.r, self.gap
        n = len(xy)
        others = np.arange(n) != i
        total = np.zeros(len(spots), dtype=np.int64)
        if len(ends):
            foreign = (ends[:, 0] != i) & (ends[:, 1] != i)
            a, b = xy[ends[foreign, 0]], xy[ends[foreign, 1]]
            total += (_segment_distance(spots, a, b) < r[i] + gap).sum(axis=1)
        near = self.neighbours[i]
        if near:
            # Node i's own lines, from each spot to each neighbour, against every other node.
            k = len(near)
            starts = np.repeat(spots, k, axis=0)
            targets = np.tile(xy[near], (len(spots), 1))
            dist = _segment_distance(xy, starts, targets)  # nodes × (spots·neighbours)
            hit = dist < (r + gap)[:, None]
            hit[i, :] = False
            hit[np.tile(near, len(spots)), np.arange(len(starts))] = False
            total += hit.sum(axis=0).reshape(len(spots), k).sum(axis=1)
        apart = np.hypot(*(spots[:, None, :] - xy[None, others, :]).transpose(2, 0, 1))
        total += (apart < r[i] + r[others][None, :] + gap).sum(axis=1)
        return total

    def improve(self) -> bool:
        """Move each troubled node to its nearest better spot; False if none could move."""
        nodes, ends_of = self.troubled()
        stuck = [i for i in nodes if not self._move(i)]
        moved = len(stuck) < len(nodes)
        for end in sorted({end for i in stuck for end in ends_of[i]}):
            moved = self._move(end) or moved
        return moved

    def _move(self, i: int) -> bool:
        """Move node i to its nearest spot with fewer conflicts; False if there is none."""
        if len(self.neighbours[i]) > _HUB:
            return False  # a hub has no clear spot to go to; its neighbours move instead
        here = self.cost(i, self.xy[i][None, :])[0]
        if here == 0:
            return False
        unit = 2 * self.r[i] + self.gap
        for group in _GROUPS:  # near rings first, a few at a time
            costs = self.cost(i, self.xy[i] + _OFFSETS[group] * unit)
            better = np.nonzero(costs < here)[0]
            if len(better):
                # The nearest ring with a better spot, and the best spot on it.
                rings = _RING[group][better]
                on_ring = better[rings == rings.min()]
                best = on_ring[np.argmin(costs[on_ring])]
                self.xy[i] = self.xy[i] + _OFFSETS[group][best] * unit
                return True
        return False
