"""The graph as the panel shows it, built without a window: for exports and the command line.

scene = graph_scene(lib, layout="spring", window=(start_key, end_key))
render_graph(painter, QRectF(0, 0, width, height), scene)   # any QPainter device
"""

from __future__ import annotations

from db.engine import Library
from db.queries.graph import GRAPH_EVENTS, GraphFilter, graph_rows, in_window
from db.store import load_positions
from desktop.graph.layout import completed, compute_layout
from desktop.graph.model import build_model
from desktop.graph.scene import GraphScene, Highlight
from desktop.graph.style import GraphStyle


def graph_scene(
    lib: Library,
    *,
    layout: str = "spring",
    filt: GraphFilter | None = None,
    window: tuple[int, int] | None = None,
    hide_isolated: bool = False,
    highlight: Highlight | None = None,
    style: GraphStyle | None = None,
) -> GraphScene:
    """Nodes where the user left them in `layout` (laid out now where most have no place yet),
    showing what `filt` and the time `window` keep. Reads only: nothing is saved."""
    rows = graph_rows(lib, filt, max_events=GRAPH_EVENTS)
    full = build_model(rows)
    positions = load_positions(lib, layout)
    changes = completed(full.graph, positions)
    positions = compute_layout(full.graph, layout) if changes is None else positions | changes
    shown = build_model(in_window(rows, *window) if window else rows, hide_isolated=hide_isolated)
    return GraphScene(shown, positions, style, highlight=highlight)
