"""What the graph draws: label placement without overlaps, view transforms, hit tests, paint."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from desktop.graph.layout import compute_layout
from desktop.graph.painter import render_graph
from desktop.graph.scene import GraphScene, Highlight, ViewTransform, fit_view


@pytest.fixture
def demo_scene(qapp, demo_model):
    model, actors, events = demo_model
    positions = compute_layout(model.graph, "spring")
    return GraphScene(model, positions), actors, events


def _label_boxes(scene, placement):
    boxes = []
    for label in placement.nodes:
        x, y = scene.xy[label.node] * placement.scale
        boxes.append((x + label.ox, y + label.oy, label.width, label.height))
    for label in placement.edges:
        a, b = scene.ends[label.edge]
        mx, my = (scene.xy[a] + scene.xy[b]) * placement.scale / 2
        boxes.append((mx - label.width / 2, my - label.height / 2, label.width, label.height))
    return boxes


def _overlap(a, b) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


@pytest.mark.parametrize("scale", [0.15, 0.5, 1.0, 2.0])
def test_labels_never_overlap_each_other_or_other_nodes(demo_scene, scale):
    scene, _actors, _events = demo_scene
    placement = scene.place_labels(scale)
    boxes = _label_boxes(scene, placement)
    assert boxes
    for i, a in enumerate(boxes):
        assert not any(_overlap(a, b) for b in boxes[i + 1 :])
    # Nor may a label hide another node, except minimum-size dots that carry no label.
    radii = scene.screen_radius(scale)
    labelled = {label.node for label in placement.nodes}
    kept_clear = [
        i for i, r in enumerate(radii) if r > scene.style.min_radius_px + 0.5 or i in labelled
    ]
    for label, box in zip(placement.nodes, boxes, strict=False):
        for i in kept_clear:
            (x, y), r = scene.xy[i] * scale, radii[i]
            if i != label.node:
                assert not _overlap(box, (x - r, y - r, 2 * r, 2 * r))


def test_zooming_in_shows_more_labels_and_edge_labels(demo_scene):
    scene, _actors, _events = demo_scene
    far, near = scene.place_labels(0.15), scene.place_labels(1.0)
    assert len(near.nodes) > len(far.nodes)
    assert len(near.nodes) >= 0.9 * len(scene.keys)
    assert len(scene.place_labels(2.0).nodes) == len(scene.keys)
    texts = {label.text for label in near.edges}
    assert "participant" in texts and len(texts & {"ally of", "member of", "partner of"}) >= 2


def test_hubs_and_the_selection_keep_their_labels_when_crowded(demo_model, qapp):
    model, actors, _events = demo_model
    positions = compute_layout(model.graph, "spring")
    scene = GraphScene(model, positions)
    placement = scene.place_labels(0.1)  # the whole demo in ~150 px: a crowd of dots
    labelled = [scene.keys[label.node] for label in placement.nodes]
    assert labelled[:2] == [("actor", actors["Japan"]), ("actor", actors["United States"])]
    assert len(labelled) < len(scene.keys) / 4
    poland = ("actor", actors["Poland"])
    scene = GraphScene(model, positions, highlight=Highlight(selected=frozenset({poland})))
    labelled = [scene.keys[label.node] for label in scene.place_labels(0.1).nodes]
    assert labelled[0] == poland


def test_a_selection_dims_all_but_its_neighbourhood(demo_model, qapp):
    model, actors, _events = demo_model
    positions = compute_layout(model.graph, "spring")
    poland = ("actor", actors["Poland"])
    scene = GraphScene(model, positions, highlight=Highlight(selected=frozenset({poland})))
    near = set(model.graph[poland]) | {poland}
    for i, key in enumerate(scene.keys):
        expected = "selected" if key == poland else "normal" if key in near else "faded"
        assert scene.node_state(i) == expected
    for j, index in enumerate(scene.edges):
        edge = model.edges[index]
        assert scene.edge_faded(j) == (poland not in (edge.source, edge.target))
    # Only the neighbourhood is labelled, even zoomed in where every label would fit.
    labelled = {scene.keys[label.node] for label in scene.place_labels(2.0).nodes}
    assert labelled == near
    # A selection the graph does not show dims nothing.
    elsewhere = Highlight(selected=frozenset({("event", 10**9)}))
    assert "faded" not in GraphScene(model, positions, highlight=elsewhere).states


def test_a_found_path_fades_everything_else(demo_model, qapp):
    model, actors, _events = demo_model
    positions = compute_layout(model.graph, "spring")
    japan, poland = ("actor", actors["Japan"]), ("actor", actors["Poland"])
    scene = GraphScene(model, positions, highlight=Highlight(path_nodes=frozenset({japan, poland})))
    assert scene.node_state(scene.index[japan]) == "path"
    assert scene.node_state(scene.index[("actor", actors["China"])]) == "faded"
    labelled = {scene.keys[label.node] for label in scene.place_labels(1.0).nodes}
    assert labelled == {japan, poland}


def test_zoom_keeps_the_point_under_the_cursor_and_fit_shows_everything(demo_scene):
    scene, _actors, _events = demo_scene
    view = ViewTransform(0.5, 10, 20)
    zoomed = view.zoomed(2.0, 300, 200)
    assert zoomed.to_world(300, 200) == pytest.approx(view.to_world(300, 200))
    fitted = fit_view(scene.bounds(), 800, 600)
    x0, y0, x1, y1 = scene.bounds()
    for corner in ((x0, y0), (x1, y1)):
        sx, sy = fitted.to_screen(*corner)
        assert 0 <= sx <= 800 and 0 <= sy <= 600


def test_hit_test_finds_the_node_under_the_cursor(demo_scene):
    scene, actors, _events = demo_scene
    view = fit_view(scene.bounds(), 1000, 700)
    japan = ("actor", actors["Japan"])
    sx, sy = view.to_screen(*scene.xy[scene.index[japan]])
    assert scene.node_at(view, sx + 2, sy - 2) == japan
    assert scene.node_at(view, -500, -500) is None


@pytest.mark.parametrize("fast", [True, False])
def test_painting_draws_each_node_in_its_colour(demo_scene, fast):
    scene, actors, _events = demo_scene
    image = QImage(1000, 700, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    view = render_graph(painter, QRectF(0, 0, 1000, 700), scene, fast=fast)
    painter.end()
    for name, colour in (("Japan", "#bc002d"), ("United States", "#3c3b6e")):
        sx, sy = view.to_screen(*scene.xy[scene.index[("actor", actors[name])]])
        assert image.pixelColor(round(sx), round(sy)) == QColor(colour)
    assert image.pixelColor(2, 2) == scene.style.background


def test_a_scene_of_a_partly_placed_model_holds_the_placed_nodes_and_their_edges(demo_model, qapp):
    """A big library's model before its layout: few nodes placed, or none (the scene is made on
    every selection change, so it walks the placed side, not the million nodes)."""
    model, actors, _events = demo_model
    everything = compute_layout(model.graph, "spring")
    japan, usa = ("actor", actors["Japan"]), ("actor", actors["United States"])
    near_japan = sorted(model.graph[japan])[:2]
    placed = {k: everything[k] for k in (japan, usa, *near_japan)}
    assert len(placed) * 4 < len(model.nodes)

    scene = GraphScene(model, placed)

    assert sorted(scene.keys) == sorted(placed)
    drawn = {frozenset((model.edges[i].source, model.edges[i].target)) for i in scene.edges}
    expected = {
        frozenset((e.source, e.target))
        for e in model.edges
        if e.source in placed and e.target in placed
    }
    assert drawn == expected and {frozenset((japan, k)) for k in near_japan} <= drawn
    for i, key in enumerate(scene.keys):
        assert tuple(scene.xy[i]) == placed[key]
    empty = GraphScene(model, {})
    assert empty.keys == [] and empty.edges == [] and empty.bounds() is None
