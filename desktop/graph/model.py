"""The relationship graph in memory: nodes and labelled edges built from `db.queries.graph` rows.

`GraphModel` keeps the drawable nodes and edges, and an undirected networkx graph over them for
layouts, neighbourhoods and path finding. It holds plain values only (no Qt, no database).
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeAlias

import networkx as nx

from db.dates import format_date
from db.errors import DateError
from db.models import DIRECTED_RELATION_TYPES
from db.queries.graph import GraphRows

NodeKey = tuple[str, int]
# The undirected graph over node keys; a string because networkx's Graph is not subscriptable
# at run time (its type arguments come from the types-networkx stubs).
NodeGraph: TypeAlias = "nx.Graph[NodeKey]"

# Tableau-10: distinct, print-safe hues for categories and kinds that have no colour of their own.
PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
)
ACTOR_KIND_COLORS = {
    "person": "#8c6bb1",
    "state": "#2b6cb0",
    "organisation": "#2f855a",
    "group": "#c05621",
    "other": "#718096",
}
SOURCE_COLORS = {"A": "#2f855a", "B": "#68a357", "C": "#b7950b", "D": "#c05621", "E": "#c53030"}
SOURCE_DEFAULT_COLOR = "#8a8f98"


def category_color(category: str) -> str:
    """A stable colour for an event category (the same on every run and machine)."""
    if not category:
        return PALETTE[0]
    return PALETTE[zlib.crc32(category.encode("utf-8")) % len(PALETTE)]


@dataclass(frozen=True)
class Node:
    key: NodeKey
    label: str
    color: str
    detail: str  # actor kind, event date or source grade, for tooltips
    start_key: int | None = None
    end_key: int | None = None
    importance: int = 3

    @property
    def kind(self) -> str:
        return self.key[0]


@dataclass(frozen=True)
class Edge:
    kind: str  # "participation", "relation" or "citation"
    id: int
    source: NodeKey
    target: NodeKey
    label: str  # the role or the relation type
    directed: bool


@dataclass
class GraphModel:
    nodes: dict[NodeKey, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    graph: NodeGraph = field(default_factory=nx.Graph)

    def degree(self, key: NodeKey) -> int:
        return self.graph.degree(key) if key in self.graph else 0

    def event_count(self, key: NodeKey) -> int:
        """Number of events an actor or source is linked to (an event counts itself)."""
        if key[0] == "event":
            return 1
        return sum(1 for other in self.graph[key] if other[0] == "event")


def _when(edtf: str) -> str:
    try:
        return format_date(edtf)
    except DateError:
        return edtf


def _nodes(rows: GraphRows) -> dict[NodeKey, Node]:
    nodes: dict[NodeKey, Node] = {}
    for a in rows.actors:
        color = a.color or ACTOR_KIND_COLORS.get(a.kind, ACTOR_KIND_COLORS["other"])
        nodes[("actor", a.id)] = Node(("actor", a.id), a.name, color, a.kind)
    for e in rows.events:
        color = e.color or category_color(e.category)
        nodes[("event", e.id)] = Node(
            ("event", e.id),
            e.title,
            color,
            _when(e.when_edtf),
            e.start_key,
            e.end_key,
            e.importance,
        )
    for s in rows.sources:
        color = SOURCE_COLORS.get(s.reliability or "", SOURCE_DEFAULT_COLOR)
        grade = f"reliability {s.reliability}" if s.reliability else "source"
        nodes[("source", s.id)] = Node(("source", s.id), s.title, color, grade)
    return nodes


def _edges(rows: GraphRows) -> list[Edge]:
    edges = [
        Edge("participation", p.id, ("actor", p.actor_id), ("event", p.event_id), p.role, False)
        for p in rows.participations
    ]
    edges += [
        Edge(
            "relation",
            r.id,
            (r.from_kind, r.from_id),
            (r.to_kind, r.to_id),
            r.type,
            r.type in DIRECTED_RELATION_TYPES,
        )
        for r in rows.relations
    ]
    edges += [
        Edge("citation", c.id, ("source", c.source_id), ("event", c.event_id), "", False)
        for c in rows.citations
    ]
    return edges


def build_model(rows: GraphRows, *, hide_isolated: bool = False) -> GraphModel:
    """Nodes and edges of `rows`; with `hide_isolated`, nodes without any edge are left out."""
    nodes = _nodes(rows)
    edges = [e for e in _edges(rows) if e.source in nodes and e.target in nodes]
    graph: NodeGraph = nx.Graph()
    for key, node in nodes.items():
        graph.add_node(key, label=node.label, start_key=node.start_key)
    for index, edge in enumerate(edges):
        if graph.has_edge(edge.source, edge.target):
            graph.edges[edge.source, edge.target]["edges"].append(index)
        else:
            graph.add_edge(edge.source, edge.target, edges=[index])
    model = GraphModel(nodes, edges, graph)
    if hide_isolated:
        model = restrict(model, [k for k in nodes if graph.degree(k) > 0])
    return model


def restrict(model: GraphModel, keys: Iterable[NodeKey]) -> GraphModel:
    """The part of `model` on `keys` (edges with both ends kept)."""
    keep = {k for k in keys if k in model.nodes}
    nodes = {k: n for k, n in model.nodes.items() if k in keep}
    edges = [e for e in model.edges if e.source in keep and e.target in keep]
    graph: NodeGraph = nx.Graph()
    graph.add_nodes_from((k, model.graph.nodes[k]) for k in nodes)
    for index, edge in enumerate(edges):
        if graph.has_edge(edge.source, edge.target):
            graph.edges[edge.source, edge.target]["edges"].append(index)
        else:
            graph.add_edge(edge.source, edge.target, edges=[index])
    return GraphModel(nodes, edges, graph)


def neighbourhood(model: GraphModel, centres: Iterable[NodeKey], depth: int) -> set[NodeKey]:
    """Nodes within `depth` links of any of `centres` (the centres included)."""
    found: set[NodeKey] = set()
    for centre in centres:
        if centre in model.graph:
            found |= set(nx.single_source_shortest_path_length(model.graph, centre, cutoff=depth))
    return found


@dataclass(frozen=True)
class GraphPath:
    nodes: tuple[NodeKey, ...]
    edges: tuple[int, ...]  # indices into model.edges, one per step


def find_path(model: GraphModel, start: NodeKey, goal: NodeKey) -> GraphPath | None:
    """A shortest chain of participations and relations from `start` to `goal`, or None.

    Sources are left out: two things cited by one article are not linked to each other.
    """
    linked = model.graph.subgraph(k for k in model.graph if k[0] != "source")
    if start not in linked or goal not in linked:
        return None
    try:
        keys = nx.shortest_path(linked, start, goal)
    except nx.NetworkXNoPath:
        return None
    steps = []
    for a, b in itertools.pairwise(keys):
        indices = linked.edges[a, b]["edges"]
        # Prefer a relation over a participation between the same two nodes: it says more.
        steps.append(min(indices, key=lambda i: model.edges[i].kind != "relation"))
    return GraphPath(tuple(keys), tuple(steps))


def describe_step(model: GraphModel, index: int, towards: NodeKey) -> str:
    """One step of a path in words, e.g. "Japan —participant— Ministers meet at the UN"."""
    edge = model.edges[index]
    start = edge.target if towards == edge.source else edge.source
    here, there = model.nodes[start].label, model.nodes[towards].label
    label = edge.label or edge.kind
    if not edge.directed:
        return f"{here} —{label}— {there}"
    if towards == edge.target:
        return f"{here} —{label}→ {there}"
    return f"{here} ←{label}— {there}"
