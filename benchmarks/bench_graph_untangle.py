"""Nodes drawn on lines they are not part of, before and after `clear_of_edges`.

For the demo chronology (97 nodes, 214 links) over five force-directed seeds, and for random
small graphs (the kind a person builds by hand), prints: node-on-line conflicts after the
force-directed run, after clearing, and the CPU seconds clearing took. The search has no
parameter tuned on these graphs (step sizes are multiples of a node's own diameter).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_graph_untangle.py
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import networkx as nx
import numpy as np

from db.engine import create_library
from db.exchange.imports import import_json
from db.queries.graph import graph_rows
from desktop.graph.layout import force_directed
from desktop.graph.model import build_model
from desktop.graph.untangle import GAP, clear_of_edges, edge_clearances
from resources import DEMO_CHRONOLOGY


def conflicts(graph: nx.Graph, positions) -> int:
    _nodes, radius, dist, _ends = edge_clearances(graph, positions)
    return int((dist < radius[:, None] + GAP - 1e-6).sum())


def demo_graph() -> nx.Graph:
    with tempfile.TemporaryDirectory() as folder:
        lib = create_library(Path(folder) / "demo.chronicle")
        try:
            import_json(lib, DEMO_CHRONOLOGY)
            return build_model(graph_rows(lib)).graph
        finally:
            lib.close()


def random_graph(n: int, seed: int) -> nx.Graph:
    graph = nx.gnm_random_graph(n, int(1.6 * n), seed=seed)
    kinds = {node: ("actor" if node % 3 == 0 else "event", node) for node in graph}
    return nx.relabel_nodes(graph, kinds)


def row(name: str, graph: nx.Graph, seed: int) -> tuple:
    positions = force_directed(graph, seed=seed)
    before = conflicts(graph, positions)
    start = time.process_time()
    moved = clear_of_edges(graph, positions)
    seconds = time.process_time() - start
    return (name, graph.number_of_nodes(), seed, before, conflicts(graph, positions | moved),
            len(moved), seconds)  # fmt: skip


def main() -> None:
    demo = demo_graph()
    rows = [row("demo", demo, seed) for seed in range(1, 6)]
    rows += [row(f"random {n}", random_graph(n, n), 1) for n in (10, 20, 40, 80)]
    header = ("graph", "nodes", "seed", "before", "after", "moved", "cpu s")
    print(f"{header[0]:<10} " + " ".join(f"{h:>6}" for h in header[1:]))
    for name, n, seed, before, after, moved, seconds in rows:
        print(f"{name:<10} {n:>6} {seed:>6} {before:>6} {after:>6} {moved:>6} {seconds:>6.2f}")
    before, after = np.mean([r[3] for r in rows[:5]]), np.mean([r[4] for r in rows[:5]])
    print(f"demo: {before:.0f} conflicts before, {after:.1f} after (mean of five seeds)")


if __name__ == "__main__":
    main()
