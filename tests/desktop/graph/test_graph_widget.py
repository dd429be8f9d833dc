"""The graph view's own controls: wheel and keys zoom around the right point, pan, fit;
tooltips show user text as text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from desktop.graph.model import build_model
from desktop.graph.scene import GraphScene
from desktop.graph.widget import GraphWidget


@pytest.fixture
def view(qtbot, demo_lib):
    from db import store
    from db.queries.graph import graph_rows
    from desktop.graph.layout import compute_layout

    store.create(demo_lib, "actor", name="<b>Bold</b> & Co")
    model = build_model(graph_rows(demo_lib))
    widget = GraphWidget()
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    widget.set_scene(GraphScene(model, compute_layout(model.graph, "spring")), fit=True)
    return widget


def test_the_wheel_zooms_around_the_cursor(view, qtbot):
    cursor = QPointF(200, 150)
    under = view.view.to_world(cursor.x(), cursor.y())
    scale = view.view.scale
    qtbot.wait(1)
    view.zoom_by(1.2**2, cursor)
    assert view.view.scale == pytest.approx(scale * 1.44)
    assert view.view.to_world(cursor.x(), cursor.y()) == pytest.approx(under)


def test_keys_zoom_pan_and_fit(view, qtbot):
    fitted = view.view
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.view.scale == pytest.approx(fitted.scale * 1.2)
    before = view.view
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert (view.view.dx - before.dx, view.view.dy - before.dy) == (60, 0)
    qtbot.keyClick(view, Qt.Key.Key_F)
    assert view.view == fitted


def test_dragging_the_background_pans(view, qtbot):
    before = view.view
    start = QPoint(5, 5)
    assert view.scene.node_at(view.view, 5, 5) is None
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 5):
        qtbot.mouseMove(view, start + QPoint(10 * step, 5 * step))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=start + QPoint(40, 20))
    assert (view.view.dx - before.dx, view.view.dy - before.dy) == (40, 20)
    assert view.view.scale == before.scale


def test_tooltips_show_names_as_plain_text(view):
    key = next(k for k, n in view.scene.model.nodes.items() if n.label.startswith("<b>"))
    assert view.tooltip_text(key) == "<b>&lt;b&gt;Bold&lt;/b&gt; &amp; Co</b><br>other"


def test_an_empty_graph_says_why(qtbot):
    widget = GraphWidget()
    qtbot.addWidget(widget)
    widget.resize(300, 200)
    widget.show()
    widget.empty_text = "Nothing to show with these filters."
    widget.set_scene(None)
    image = widget.grab().toImage()
    middle = {image.pixel(x, 100) for x in range(0, 300)} | {
        image.pixel(150, y) for y in range(90, 110)
    }
    assert len(middle) > 2  # the sentence is drawn across the middle
    blank = {image.pixel(x, 10) for x in range(0, 300)}
    assert len(blank) == 1
