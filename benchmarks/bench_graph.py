"""Relationship graph at 2,000 nodes and 10,000 edges: query, layout, labels and paint times.

Builds a library (400 actors in 20 communities, 1,600 events, ~8,800 participations and
~1,200 relations, some with a validity period) through the import API, then measures:
the graph query, the force-directed layout (also off the UI thread, with the longest stall
of a 10 ms UI timer meanwhile), label placement, and paint p50/p95 for still, pan and zoom frames
exactly as the widget paints them. Prints a table and writes benchmarks/out/graph.json.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_graph.py
"""

from __future__ import annotations

import itertools
import json
import random
import statistics
import time
from pathlib import Path

from PySide6.QtCore import QRectF, QTimer
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from db.dates import parse_date
from db.engine import create_library
from db.exchange.loader import load_records
from db.models import ACTOR_KINDS, RELATION_TYPES
from db.queries.graph import graph_rows, in_window
from desktop.graph.layout import compute_layout
from desktop.graph.model import build_model
from desktop.graph.painter import render_graph
from desktop.graph.scene import GraphScene, fit_view, label_region
from desktop.graph.widget import GraphWidget
from desktop.jobs import Job, start

OUT = Path(__file__).with_name("out")
ACTORS, EVENTS, EDGES = 400, 1_600, 10_000
COMMUNITIES = 20
WIDTH, HEIGHT = 1400, 900
FRAMES = 60
DECADE = (parse_date("2000").start_key, parse_date("2010").end_key)  # a timeline pan's slice


def synthetic_records(seed: int = 1) -> dict:
    """Actors in communities; events mostly involve one community, a few bridge two."""
    rng = random.Random(seed)
    actors = [
        {"id": i, "name": f"Actor {i}", "kind": ACTOR_KINDS[i % len(ACTOR_KINDS)]}
        for i in range(1, ACTORS + 1)
    ]
    members = [list(range(c + 1, ACTORS + 1, COMMUNITIES)) for c in range(COMMUNITIES)]
    events, participations = [], 0
    target_participations = EDGES - 1_200
    for i in range(1, EVENTS + 1):
        home = members[rng.randrange(COMMUNITIES)]
        bridge = members[rng.randrange(COMMUNITIES)] if rng.random() < 0.15 else []
        pool = list(dict.fromkeys(home + bridge))
        remaining = target_participations - participations
        size = max(1, min(len(pool), round(remaining / (EVENTS - i + 1) + rng.uniform(-2, 2))))
        chosen = rng.sample(pool, size)
        participations += size
        year = 1990 + rng.randrange(35)
        events.append(
            {
                "id": i,
                "title": f"Event {i} of community {pool[0] % COMMUNITIES}",
                "when": f"{year}-{rng.randrange(1, 13):02d}",
                "category": f"c{rng.randrange(8)}",
                "importance": rng.randrange(1, 6),
                "actors": [
                    {"actor": a, "role": rng.choice(("subject", "host", "target"))} for a in chosen
                ],
            }
        )
    relations, seen = [], set()
    while len(relations) < EDGES - participations:
        community = members[rng.randrange(COMMUNITIES)]
        a, b = rng.sample(community, 2)
        if (a, b) in seen or (b, a) in seen:
            continue
        seen.add((a, b))
        rtype = rng.choice([t for t in RELATION_TYPES if t not in ("part of", "member of")])
        valid = (
            f"{1990 + rng.randrange(25)}/{2015 + rng.randrange(10)}" if rng.random() < 0.3 else None
        )
        relations.append(
            {
                "id": len(relations) + 1,
                "from": {"kind": "actor", "id": a},
                "to": {"kind": "actor", "id": b},
                "type": rtype,
                "valid": valid,
            }
        )
    return {
        "format": "chronicle",
        "version": 1,
        "actors": actors,
        "events": events,
        "relations": relations,
    }


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return (time.perf_counter() - started) * 1000, result


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def layout_off_thread(app: QApplication, graph) -> tuple[float, float]:
    """Run the layout in a Job; return (wall ms, longest gap between 10 ms UI timer ticks)."""
    ticks: list[float] = []
    timer = QTimer(interval=10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    job = Job(lambda progress: compute_layout(graph, "spring", progress=progress))
    started = time.perf_counter()
    timer.start()
    start(job)
    while not job.done.is_set():
        app.processEvents()
        time.sleep(0.001)
    app.processEvents()
    timer.stop()
    wall = (time.perf_counter() - started) * 1000
    gaps = [(b - a) * 1000 for a, b in itertools.pairwise(ticks)]
    return wall, max(gaps, default=0.0)


def frame_times(widget: GraphWidget, views) -> list[float]:
    """Set each view and repaint the widget synchronously, as a pan or zoom gesture does."""
    times = []
    for view in views:
        started = time.perf_counter()
        widget.set_view(view)
        widget.repaint()
        times.append((time.perf_counter() - started) * 1000)
    return times


def export_time(scene: GraphScene) -> float:
    """One full vector-path render (what an export does: no cached bitmaps)."""
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    started = time.perf_counter()
    render_graph(painter, QRectF(0, 0, WIDTH, HEIGHT), scene)
    painter.end()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    app = QApplication.instance() or QApplication([])
    OUT.mkdir(exist_ok=True)
    path = OUT / "graph.chronicle"
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    lib = create_library(path)
    build_ms, _ = timed(lambda: load_records(lib, synthetic_records(), origin="benchmark"))
    query_ms, rows = timed(lambda: graph_rows(lib))
    model_ms, model = timed(lambda: build_model(rows))
    nodes, edges = len(model.nodes), len(model.edges)
    layout_ms, positions = timed(lambda: compute_layout(model.graph, "spring"))
    job_ms, ui_stall_ms = layout_off_thread(app, model.graph.copy())
    scene_ms, scene = timed(lambda: GraphScene(model, positions))
    fit = fit_view(scene.bounds(), WIDTH, HEIGHT)
    labels_fit_ms, placement = timed(lambda: scene.place_labels(fit.scale))
    close = fit.zoomed(4.0, WIDTH / 2, HEIGHT / 2)
    region = label_region(close, WIDTH, HEIGHT)
    labels_close_ms, _ = timed(lambda: scene.place_labels(close.scale, region=region))
    widget = GraphWidget()
    widget.resize(WIDTH, HEIGHT)
    widget.show()
    app.processEvents()
    first_ms, _ = timed(lambda: (widget.set_scene(scene, fit=True), widget.repaint()))
    still = frame_times(widget, [widget.view] * FRAMES)
    pan = frame_times(widget, [fit.panned(7 * i, 3 * i) for i in range(FRAMES)])
    zoom = frame_times(widget, [fit.zoomed(1.02**i, WIDTH / 2, HEIGHT / 2) for i in range(FRAMES)])
    settle_ms, _ = timed(widget.refresh_layers)  # once the wheel stops: labels + edge bitmap
    close_pan = frame_times(widget, [close.panned(9 * i, 0) for i in range(FRAMES)])
    export_ms = export_time(scene)
    slice_ms, _ = timed(lambda: build_model(in_window(rows, *DECADE)))
    lib.close()

    results = {
        "nodes": nodes,
        "edges": edges,
        "library_build_ms": round(build_ms),
        "graph_query_ms": round(query_ms, 1),
        "build_model_ms": round(model_ms, 1),
        "layout_spring_ms": round(layout_ms),
        "layout_in_job_ms": round(job_ms),
        "ui_longest_stall_during_layout_ms": round(ui_stall_ms, 1),
        "scene_build_ms": round(scene_ms, 1),
        "labels_fit_ms": round(labels_fit_ms, 1),
        "labels_fit_count": len(placement.nodes),
        "labels_zoom4_ms": round(labels_close_ms, 1),
        "first_frame_ms": round(first_ms, 1),
        "zoom_settle_ms": round(settle_ms, 1),
        "export_render_ms": round(export_ms, 1),
        "time_slice_rebuild_ms": round(slice_ms, 1),
    }
    for name, times in (("still", still), ("pan", pan), ("zoom", zoom), ("pan_zoom4", close_pan)):
        results[f"paint_{name}_p50_ms"] = round(statistics.median(times), 2)
        results[f"paint_{name}_p95_ms"] = round(percentile(times, 0.95), 2)
    (OUT / "graph.json").write_text(json.dumps(results, indent=2) + "\n")
    width = max(len(k) for k in results)
    print(f"{'measure':<{width}}  value")
    for key, value in results.items():
        print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    main()
