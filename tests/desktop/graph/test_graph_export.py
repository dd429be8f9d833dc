"""The graph painted without a window onto vector and bitmap devices, as exports will do."""

from __future__ import annotations

import html

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator

from db import store
from db.dates import parse_date
from desktop.graph.offline import graph_scene
from desktop.graph.painter import render_graph
from desktop.graph.scene import label_region


def test_svg_holds_the_labels_as_text_and_the_nodes_as_shapes(demo_lib, tmp_path, qapp):
    scene = graph_scene(demo_lib)
    path = tmp_path / "graph.svg"
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(QSize(1600, 1100))
    generator.setViewBox(QRectF(0, 0, 1600, 1100))
    painter = QPainter(generator)
    view = render_graph(painter, QRectF(0, 0, 1600, 1100), scene)
    painter.end()
    svg = path.read_text(encoding="utf-8")
    placed = scene.place_labels(view.scale, region=label_region(view, 1600, 1100, margin=0))
    texts = {label.text for label in placed.nodes} | {label.text for label in placed.edges}
    assert {"Japan", "United States", "member of"} <= texts
    assert all(f">{html.escape(text, quote=False)}<" in svg for text in texts)
    assert svg.count("<path") >= len(scene.keys)  # every node a vector shape
    assert "<image" not in svg  # no stamped bitmaps


def test_pdf_and_png_are_drawn(demo_lib, tmp_path, qapp):
    scene = graph_scene(demo_lib, layout="circular")
    writer = QPdfWriter(str(tmp_path / "graph.pdf"))
    painter = QPainter(writer)
    page = QRectF(0, 0, writer.width(), writer.height())
    render_graph(painter, page, scene)
    painter.end()
    assert (tmp_path / "graph.pdf").read_bytes().startswith(b"%PDF")
    image = QImage(800, 600, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    view = render_graph(painter, QRectF(0, 0, 800, 600), scene)
    painter.end()
    japan = next(k for k, n in scene.model.nodes.items() if n.label == "Japan")
    x, y = view.to_screen(*scene.xy[scene.index[japan]])
    assert image.pixelColor(round(x), round(y)) == QColor("#bc002d")


def test_offline_scene_uses_stored_places_and_the_time_window(demo_lib, qapp):
    first = graph_scene(demo_lib)
    japan = next(k for k, n in first.model.nodes.items() if n.label == "Japan")
    store.save_positions(demo_lib, "spring", {japan: (1234.0, -99.0)})
    # Only Japan has a stored place: the rest is laid out afresh, so Japan's place is not used.
    assert tuple(graph_scene(demo_lib).xy[first.index[japan]]) != (1234.0, -99.0)
    everyone = {k: tuple(first.xy[i]) for i, k in enumerate(first.keys)} | {japan: (1234.0, -99.0)}
    store.save_positions(demo_lib, "spring", everyone)
    year = parse_date("2022")
    sliced = graph_scene(demo_lib, window=(year.start_key, year.end_key))
    assert tuple(sliced.xy[sliced.index[japan]]) == (1234.0, -99.0)
    assert sum(1 for k in sliced.keys if k[0] == "event") == 4
