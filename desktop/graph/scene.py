"""What the relationship graph draws: node and edge geometry for a model and its positions, the
view transform (world units to pixels) and greedy label placement.

Geometry is computed once per change of data, positions or highlights; labels once per zoom level
(they move with their nodes when panning). Painting then only maps and draws ready data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypedDict

import numpy as np
from numpy.typing import NDArray
from PySide6.QtCore import QLineF
from PySide6.QtGui import QColor, QFontMetricsF, QPen

from desktop.graph.model import Edge, GraphModel, NodeKey
from desktop.graph.style import GraphStyle
from desktop.graph.untangle import Floats, Indices, node_radius

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1

MIN_SCALE, MAX_SCALE = 0.01, 8.0
_LABEL_MAX = {"actor": 30, "event": 34, "source": 34}
_SHORT_LABEL = 14
_LABEL_GAP = 3.0  # px between a node and its label
_CELL = 64.0  # px per cell of the collision grid
_LABEL_OVERHANG = 24.0  # px a label may at least reach past the outermost node
_LONG_EDGE = 260.0  # px; participation roles are labelled on shorter edges only


class PainterCache(TypedDict, total=False):
    """What desktop.graph.painter keeps per scene (cleared when a node moves)."""

    edge_layer: object  # token of the EdgeLayer bitmap made from this geometry
    edge_groups: list[tuple[QPen, list[QLineF]]]
    directed: list[tuple[int, QColor]]  # directed edges (index into scene.edges) and colour
    edge_label_colors: dict[int, QColor]


@dataclass(frozen=True)
class ViewTransform:
    """screen = world * scale + (dx, dy)."""

    scale: float = 1.0
    dx: float = 0.0
    dy: float = 0.0

    def to_screen(self, x: float, y: float) -> tuple[float, float]:
        return x * self.scale + self.dx, y * self.scale + self.dy

    def to_world(self, sx: float, sy: float) -> tuple[float, float]:
        return (sx - self.dx) / self.scale, (sy - self.dy) / self.scale

    def zoomed(self, factor: float, sx: float, sy: float) -> ViewTransform:
        """Zoom by `factor` keeping the world point under (sx, sy) where it is."""
        scale = min(MAX_SCALE, max(MIN_SCALE, self.scale * factor))
        wx, wy = self.to_world(sx, sy)
        return ViewTransform(scale, sx - wx * scale, sy - wy * scale)

    def panned(self, ddx: float, ddy: float) -> ViewTransform:
        return ViewTransform(self.scale, self.dx + ddx, self.dy + ddy)


def fit_view(
    bounds: tuple[float, float, float, float] | None,
    width: float,
    height: float,
    *,
    max_scale: float = 1.5,
) -> ViewTransform:
    """The view showing all of `bounds` (x0, y0, x1, y1) centred in a width x height area,
    with room at the sides for the labels of the outermost nodes."""
    if bounds is None:
        return ViewTransform(1.0, width / 2, height / 2)
    x0, y0, x1, y1 = bounds
    margin_x = min(170.0, max(16.0, width * 0.12))
    margin_y = min(40.0, max(8.0, height * 0.05))
    usable_w, usable_h = max(1.0, width - 2 * margin_x), max(1.0, height - 2 * margin_y)
    scale = min(usable_w / max(x1 - x0, 1e-6), usable_h / max(y1 - y0, 1e-6), max_scale)
    scale = min(MAX_SCALE, max(MIN_SCALE, scale))
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return ViewTransform(scale, width / 2 - cx * scale, height / 2 - cy * scale)


@dataclass(frozen=True)
class Highlight:
    """Emphasis on top of the data: the selection and a found path (which fades the rest)."""

    selected: frozenset[NodeKey] = frozenset()
    path_nodes: frozenset[NodeKey] = frozenset()
    path_edges: frozenset[tuple[str, int]] = frozenset()  # (edge kind, id) of each step

    @property
    def has_path(self) -> bool:
        return bool(self.path_nodes)


@dataclass
class NodeLabel:
    node: int  # index into scene.keys
    text: str
    ox: float  # top-left of the text box relative to the node centre, px
    oy: float
    width: float
    height: float
    emphasised: bool


@dataclass
class EdgeLabel:
    edge: int  # index into scene.edges
    text: str
    width: float
    height: float


@dataclass
class LabelPlacement:
    scale: float
    nodes: list[NodeLabel] = field(default_factory=list)
    edges: list[EdgeLabel] = field(default_factory=list)
    # Area considered, in scaled units (world * scale); None: the whole graph.
    region: tuple[float, float, float, float] | None = None

    def covers(self, view: ViewTransform, width: float, height: float) -> bool:
        """True if this placement was made for the view's zoom and the view lies inside it."""
        if view.scale != self.scale:
            return False
        if self.region is None:
            return True
        x0, y0, x1, y1 = self.region
        return (
            x0 <= -view.dx and y0 <= -view.dy and -view.dx + width <= x1 and -view.dy + height <= y1
        )


def label_region(view: ViewTransform, width: float, height: float, margin: float = 0.5) -> Rect:
    """The view's area grown by `margin` of its size on every side, in scaled units: labels
    placed for it stay valid while panning within it."""
    mx, my = width * margin, height * margin
    return (-view.dx - mx, -view.dy - my, -view.dx + width + mx, -view.dy + height + my)


class _Grid:
    """Rectangles bucketed by cell, to ask "does this overlap anything placed?" quickly."""

    def __init__(self) -> None:
        self._cells: dict[tuple[int, int], list[tuple[float, float, float, float, int]]] = {}

    def fits(self, x0: float, y0: float, x1: float, y1: float, owner: int = -1) -> bool:
        cells = self._cells
        for cx in range(int(x0 // _CELL), int(x1 // _CELL) + 1):
            for cy in range(int(y0 // _CELL), int(y1 // _CELL) + 1):
                for a0, b0, a1, b1, who in cells.get((cx, cy), ()):
                    if who != owner and a0 < x1 and x0 < a1 and b0 < y1 and y0 < b1:
                        return False
        return True

    def add(self, x0: float, y0: float, x1: float, y1: float, owner: int = -2) -> None:
        item = (x0, y0, x1, y1, owner)
        cells = self._cells
        for cx in range(int(x0 // _CELL), int(x1 // _CELL) + 1):
            for cy in range(int(y0 // _CELL), int(y1 // _CELL) + 1):
                cells.setdefault((cx, cy), []).append(item)


def _elide(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _placed(model: GraphModel, positions: Mapping[NodeKey, tuple[float, float]]) -> list[NodeKey]:
    """The model's nodes that have a position: in the model's order, or in the positions'
    when only a few are placed. A big library's model holds a million nodes before (or
    without) a layout, and a scene is made on every selection change, so the smaller side is
    walked: it took ~1 s a click at 1,000,000 events with nothing placed."""
    if len(positions) * 4 >= len(model.nodes):
        return [k for k in model.nodes if k in positions]
    nodes = model.nodes
    return [k for k in positions if k in nodes]


class GraphScene:
    """Geometry of one model at given positions, with highlights; framed by a ViewTransform."""

    def __init__(
        self,
        model: GraphModel,
        positions: Mapping[NodeKey, tuple[float, float]],
        style: GraphStyle | None = None,
        *,
        highlight: Highlight | None = None,
        size_by: str = "degree",
    ):
        self.model = model
        self.style = style or GraphStyle()
        self.highlight = highlight or Highlight()
        self.keys: list[NodeKey] = _placed(model, positions)
        self.index = {k: i for i, k in enumerate(self.keys)}
        self.xy = np.array([positions[k] for k in self.keys], dtype=np.float64).reshape(-1, 2)
        self.radius = np.array([self._radius(k, size_by) for k in self.keys], dtype=np.float64)
        # Edges drawn: indices into model.edges whose two ends are placed.
        index = self.index
        self.edges = (
            [i for i, e in enumerate(model.edges) if e.source in index and e.target in index]
            if index
            else []
        )
        self.ends = np.array(
            [
                (self.index[model.edges[i].source], self.index[model.edges[i].target])
                for i in self.edges
            ],
            dtype=np.int64,
        ).reshape(-1, 2)
        # With something selected (and no path shown), its neighbourhood stands out and the
        # rest is dimmed, so the selection's links read even in a crowded graph.
        self.focus = frozenset(k for k in self.highlight.selected if k in self.index)
        self.near = self.focus.union(*(model.graph[k] for k in self.focus if k in model.graph))
        self.states = [self._state(k) for k in self.keys]
        self.colors = [model.nodes[k].color for k in self.keys]
        self.label_order = self._label_order()
        self._metrics = {
            "actor": QFontMetricsF(self.style.actor_font),
            "other": QFontMetricsF(self.style.node_font),
        }
        self._line_height = {kind: fm.height() for kind, fm in self._metrics.items()}
        self._measured: dict[int, list[tuple[str, float]]] = {}
        self._edge_label_info: tuple[Indices, Floats, NDArray[np.bool_]] | None = None
        self._middle_x = 0.0
        self._x_range = (0.0, 0.0)
        self.cache: PainterCache = {}  # the painter's Qt objects for this geometry

    # -- sizes and states --------------------------------------------------------------
    def _radius(self, key: NodeKey, size_by: str) -> float:
        measure = self.model.event_count(key) if size_by == "events" else self.model.degree(key)
        return node_radius(key[0], measure)

    def node_state(self, i: int) -> str:
        """'selected', 'path', 'faded' or 'normal' for node i."""
        return self.states[i]

    def _state(self, key: NodeKey) -> str:
        if key in self.highlight.selected:
            return "selected"
        if self.highlight.has_path:
            return "path" if key in self.highlight.path_nodes else "faded"
        if self.focus and key not in self.near:
            return "faded"
        return "normal"

    def _label_order(self) -> list[int]:
        """Nodes by label priority: selected and path first, then the best-linked, actors first."""

        def rank(i: int) -> tuple[int, int, bool, int, int]:
            key = self.keys[i]
            state = self.node_state(i)
            first = {"selected": 0, "path": 1, "normal": 2, "faded": 3}[state]
            if state == "normal" and key in self.near:
                first = 1  # the selection's neighbours are named next
            node = self.model.nodes[key]
            return (first, -self.model.degree(key), key[0] != "actor", -node.importance, i)

        return sorted(range(len(self.keys)), key=rank)

    def screen_radius(self, scale: float) -> Floats:
        growth = min(scale, self.style.max_growth)
        return np.maximum(self.radius * growth, self.style.min_radius_px)

    def bounds(self) -> tuple[float, float, float, float] | None:
        """World rectangle (x0, y0, x1, y1) holding every node with its radius."""
        if not self.keys:
            return None
        lo = (self.xy - self.radius[:, None]).min(axis=0)
        hi = (self.xy + self.radius[:, None]).max(axis=0)
        return float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1])

    def node_at(
        self, view: ViewTransform, sx: float, sy: float, slack: float = 3.0
    ) -> NodeKey | None:
        """The node under screen point (sx, sy), or None (the nearest wins where they overlap)."""
        if not self.keys:
            return None
        screen = self.xy * view.scale + (view.dx, view.dy)
        dist = np.hypot(screen[:, 0] - sx, screen[:, 1] - sy) - self.screen_radius(view.scale)
        best = int(np.argmin(dist))
        return self.keys[best] if dist[best] <= slack else None

    def edge_at(self, view: ViewTransform, sx: float, sy: float, slack: float = 4.0) -> Edge | None:
        """The model edge (an Edge) whose line passes within `slack` px of (sx, sy), or None."""
        if not len(self.ends):
            return None
        screen = self.xy * view.scale + (view.dx, view.dy)
        a, b = screen[self.ends[:, 0]], screen[self.ends[:, 1]]
        ab = b - a
        length2 = np.maximum((ab * ab).sum(axis=1), 1e-9)
        t = np.clip(((sx - a[:, 0]) * ab[:, 0] + (sy - a[:, 1]) * ab[:, 1]) / length2, 0.0, 1.0)
        dist = np.hypot(a[:, 0] + t * ab[:, 0] - sx, a[:, 1] + t * ab[:, 1] - sy)
        best = int(np.argmin(dist))
        return self.model.edges[self.edges[best]] if dist[best] <= slack else None

    # -- labels ------------------------------------------------------------------------
    def place_labels(
        self, scale: float, *, region: Rect | None = None, budget: int | None = None
    ) -> LabelPlacement:
        """Greedy placement at `scale`: labels in priority order, each at the first free spot
        (right, left, below, above the node), shortened if only that fits, else dropped.
        With `region` (scaled units, see label_region) only nodes inside it are labelled."""
        placement = LabelPlacement(scale, region=region)
        if not self.keys:
            return placement
        centres = self.xy * scale
        radii = self.screen_radius(scale)
        # Labels reach past the outermost nodes by no more than a fitted view's side margin
        # (fit_view leaves ~15% of the drawing's width each side), so they are shown whole.
        left, right = float(centres[:, 0].min()), float(centres[:, 0].max())
        overhang = max(_LABEL_OVERHANG, 0.15 * (right - left))
        self._x_range = (left - overhang, right + overhang)
        self._middle_x = sum(self._x_range) / 2
        inside = self._inside(centres, region)
        grid = _Grid()
        # Labels keep off nodes drawn at a readable size; minimum-size dots of a zoomed-out
        # crowd may be covered, or the hubs in the middle of it could never be labelled.
        solid_mask = radii > self.style.min_radius_px + 0.5
        solid = solid_mask.tolist()
        points, sizes = centres.tolist(), radii.tolist()  # plain floats: much faster in loops
        for i in np.nonzero(solid_mask & inside)[0].tolist():
            (x, y), r = points[i], sizes[i]
            grid.add(x - r, y - r, x + r, y + r, owner=i)
        if budget is None:
            budget = self._label_budget(centres[inside] if inside.any() else centres, region)
        self._place_node_labels(placement, grid, points, sizes, solid, inside.tolist(), budget)
        self._place_edge_labels(placement, grid, centres, radii, inside, budget)
        return placement

    @staticmethod
    def _inside(centres: Floats, region: Rect | None) -> NDArray[np.bool_]:
        if region is None:
            return np.ones(len(centres), dtype=bool)
        x0, y0, x1, y1 = region
        x, y = centres[:, 0], centres[:, 1]
        return (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)

    @staticmethod
    def _label_budget(centres: Floats, region: Rect | None) -> int:
        # About one label per 6,000 px² of drawing (a label covers ~2,000): the picture stays
        # readable, and placement stays fast.
        span = centres.max(axis=0) - centres.min(axis=0) + 60.0
        area = float(span[0] * span[1])
        if region is not None:
            area = min(area, (region[2] - region[0]) * (region[3] - region[1]))
        return max(12, int(area / 6000))

    def full_label(self, i: int) -> str:
        """Node i's name or title on one line, unshortened."""
        return " ".join(self.model.nodes[self.keys[i]].label.split())

    def _texts(self, i: int) -> list[tuple[str, float]]:
        """Label candidates of node i with their widths (full, then shortened), measured once."""
        found = self._measured.get(i)
        if found is None:
            key = self.keys[i]
            fm = self._metrics["actor" if key[0] == "actor" else "other"]
            label = " ".join(self.model.nodes[key].label.split())
            texts = dict.fromkeys((_elide(label, _LABEL_MAX[key[0]]), _elide(label, _SHORT_LABEL)))
            found = self._measured[i] = [(t, fm.horizontalAdvance(t) + 4) for t in texts]
        return found

    def _place_node_labels(
        self,
        placement: LabelPlacement,
        grid: _Grid,
        centres: list[list[float]],
        radii: list[float],
        solid: list[bool],
        inside: list[bool],
        budget: int,
    ) -> None:
        failures = 0
        for i in self.label_order:
            if len(placement.nodes) >= budget or failures > budget:
                break
            state = self.node_state(i)
            if state == "faded" or not inside[i]:
                continue
            (x, y), r = centres[i], radii[i]
            if not solid[i] and not grid.fits(x - r, y - r, x + r, y + r, owner=i):
                continue  # a dot already under a label: naming it would cover the label's owner
            label = self._fit_label(i, grid, x, y, r, state != "normal")
            if label is None:
                failures += 1
                continue
            placement.nodes.append(label)
            if not solid[i]:  # a labelled dot must stay visible: later labels avoid it
                grid.add(x - r, y - r, x + r, y + r, owner=i)

    def _fit_label(
        self, i: int, grid: _Grid, x: float, y: float, r: float, emphasised: bool
    ) -> NodeLabel | None:
        h = self._line_height["actor" if self.keys[i][0] == "actor" else "other"]
        for text, w in self._texts(i):
            right = (r + _LABEL_GAP, -h / 2)
            left = (-r - _LABEL_GAP - w, -h / 2)
            # Outward first: labels of the left half go left, away from the crowd in the middle.
            sides = (left, right) if x < self._middle_x else (right, left)
            spots = (*sides, (-w / 2, r + _LABEL_GAP), (-w / 2, -r - _LABEL_GAP - h))
            low, high = self._x_range
            for ox, oy in spots:
                x0, y0 = x + ox, y + oy
                if low <= x0 and x0 + w <= high and grid.fits(x0, y0, x0 + w, y0 + h, owner=i):
                    grid.add(x0, y0, x0 + w, y0 + h)
                    return NodeLabel(i, text, ox, oy, w, h, emphasised)
        return None

    def _edge_candidates(self) -> tuple[Indices, Floats, NDArray[np.bool_]]:
        """Edges that may carry a label, in priority order (path, selection, relations first),
        with their label widths and whether they are emphasised: computed once per scene."""
        if self._edge_label_info is None:
            fm = QFontMetricsF(self.style.edge_font)
            widths: dict[str, float] = {}
            ranked = []
            for j, index in enumerate(self.edges):
                edge = self.model.edges[index]
                if not edge.label or self.edge_faded(j):
                    continue
                if edge.label not in widths:
                    widths[edge.label] = fm.horizontalAdvance(edge.label) + 6
                emphasised = self._emphasised(j)
                rank = (not self.on_path(j), not emphasised, edge.kind != "relation", j)
                ranked.append(
                    (rank, j, widths[edge.label], emphasised or edge.kind != "participation")
                )
            ranked.sort()
            self._edge_label_info = (
                np.array([r[1] for r in ranked], dtype=np.int64),
                np.array([r[2] for r in ranked], dtype=np.float64),
                np.array([r[3] for r in ranked], dtype=bool),
            )
        return self._edge_label_info

    def _place_edge_labels(
        self,
        placement: LabelPlacement,
        grid: _Grid,
        centres: Floats,
        radii: Floats,
        inside: NDArray[np.bool_],
        budget: int,
    ) -> None:
        candidates, widths, any_length = self._edge_candidates()
        if not len(candidates):
            return
        h = QFontMetricsF(self.style.edge_font).height()
        a, b = self.ends[candidates, 0], self.ends[candidates, 1]
        delta = centres[b] - centres[a]
        lengths = np.hypot(delta[:, 0], delta[:, 1])
        room = lengths - radii[a] - radii[b] >= widths + 8
        # A role halfway along a long line is hard to attribute: only short ones get labels.
        readable = room & (any_length | (lengths <= _LONG_EDGE)) & (inside[a] | inside[b])
        middles = ((centres[a] + centres[b]) / 2).tolist()
        width_of = widths.tolist()
        placed = 0
        for k in np.nonzero(readable)[0][: 3 * budget].tolist():
            if placed >= budget:
                break
            w = width_of[k]
            x0, y0 = middles[k][0] - w / 2, middles[k][1] - h / 2
            if grid.fits(x0, y0, x0 + w, y0 + h):
                grid.add(x0, y0, x0 + w, y0 + h)
                j = int(candidates[k])
                placement.edges.append(EdgeLabel(j, self.model.edges[self.edges[j]].label, w, h))
                placed += 1

    def _emphasised(self, j: int) -> bool:
        edge = self.model.edges[self.edges[j]]
        selected = self.highlight.selected
        return self.on_path(j) or edge.source in selected or edge.target in selected

    def on_path(self, j: int) -> bool:
        edge = self.model.edges[self.edges[j]]
        return (edge.kind, edge.id) in self.highlight.path_edges

    def edge_faded(self, j: int) -> bool:
        """True for an edge drawn faint: off a shown path, or not touching the selection."""
        if self.highlight.has_path:
            return not self.on_path(j)
        if self.focus:
            edge = self.model.edges[self.edges[j]]
            return edge.source not in self.focus and edge.target not in self.focus
        return False
