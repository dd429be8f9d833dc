"""Eras drawn as bands behind the lanes, and relations drawn between events, from the View menu.

What users of thetimelineproj and Aeon Timeline expect (issue 14, item 13): an era is a
background band with its name, not one more bar in a lane; related events can be joined by
arrows on the timeline, with the relation's type on hover.
"""

from __future__ import annotations

from pathlib import Path

from person import settle
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialogButtonBox, QToolTip

from db.exchange.imports import import_timeline
from desktop.timeline.layers import relation_curves

ERAS = Path(__file__).parents[1] / "fixtures" / "timelineproj" / "eras.timeline"
ERA_TITLES = {"Early Cold War", "Détente and late Cold War", "After the Cold War"}


def _open_eras(open_window, tmp_path):
    person = open_window(tmp_path / "eras.chronicle", create=True)
    window = person.window
    import_timeline(window.controller.lib, ERAS)  # as File > Import would have it
    window.controller.notify({"event", "actor", "source", "link", "tag"})
    timeline = window.timeline
    person.click(timeline.viewport(), QPoint(timeline.viewport().width() - 20, 300))
    person.press(Qt.Key.Key_Home)  # fit everything
    settle(person.qtbot, timeline)
    return person, timeline


def _titles(timeline) -> set[str]:
    return {mark.title for mark in timeline.scene.marks}


def _tinted(timeline, x: float) -> bool:
    """True if the timeline's empty space low in the view is not the plain background at x."""
    image = timeline.viewport().grab().toImage()
    y = timeline.layout_rect().lanes.bottom() - 40  # below every lane, above the era titles
    pixel = QColor(image.pixel(round(x), round(y)))
    background = timeline.palette().color(timeline.viewport().backgroundRole())
    return abs(pixel.lightness() - background.lightness()) + abs(pixel.hue() - background.hue()) > 4


def _band_middle(timeline, title: str) -> float:
    scene, view, lanes = timeline.scene, timeline.view(), timeline.layout_rect().lanes
    band = next(b for b in scene.bands if b.title == title)
    key = scene.key_at((band.x0 + band.x1) / 2)
    return lanes.left() + (key - view.start_key) / view.seconds_per_pixel


def test_eras_are_bands_behind_the_lanes_and_the_view_menu_turns_them_off(open_window, tmp_path):
    person, timeline = _open_eras(open_window, tmp_path)
    assert {band.title for band in timeline.scene.bands} == ERA_TITLES
    assert not _titles(timeline) & ERA_TITLES  # not lane items
    middle = _band_middle(timeline, "Détente and late Cold War")
    assert _tinted(timeline, middle)
    gap = _band_middle(timeline, "Early Cold War") * 0.5 + middle * 0.5  # 1962-1969: no era
    assert not _tinted(timeline, gap)

    person.menu("View", "Show Eras as Bands")  # off
    settle(person.qtbot, timeline)
    assert timeline.scene.bands == []
    assert _titles(timeline) >= ERA_TITLES  # now ordinary span events in the lanes
    assert not _tinted(timeline, middle)

    person.menu("View", "Show Eras as Bands")  # and on again
    settle(person.qtbot, timeline)
    assert {band.title for band in timeline.scene.bands} == ERA_TITLES


def test_relations_are_drawn_on_demand_with_their_type_on_hover(open_window, tmp_path):
    person, timeline = _open_eras(open_window, tmp_path)
    viewport = timeline.viewport()
    blockade = next(m for m in timeline.scene.marks if m.title == "Berlin Blockade")
    lanes, view = timeline.layout_rect().lanes, timeline.view()
    key = timeline.scene.key_at(blockade.x0)
    x = lanes.left() + (key - view.start_key) / view.seconds_per_pixel
    person.wheel(viewport, QPoint(round(x), 200), 14)  # zoom in on 1948 with the wheel
    settle(person.qtbot, timeline)
    assert {"Airlift begins", "Easter Parade airlift record"} <= _titles(timeline)
    assert timeline.scene.links == []  # not shown until asked for

    person.menu("View", "Show Relations")
    settle(person.qtbot, timeline)
    links = timeline.scene.links
    assert sorted(link.type for link in links) == ["part of", "part of"]
    curves = relation_curves(timeline.scene, timeline.layout_rect().lanes, timeline.view())
    assert len(curves) == 2  # both ends of both relations are in view
    longest = max(curves, key=lambda c: c.path.length())
    middle = longest.path.pointAtPercent(0.5).toPoint()
    image = viewport.grab().toImage()
    near = [QColor(image.pixel(middle + QPoint(dx, dy))) for dx in (-2, -1, 0, 1, 2)
            for dy in (-2, -1, 0, 1, 2)]  # fmt: skip
    assert max(c.saturation() for c in near) > 40  # the curve is drawn there
    person.hover(viewport, middle + QPoint(8, 0))
    person.hover(viewport, middle)
    assert QToolTip.isVisible()
    assert "part of" in QToolTip.text()
    assert "Easter Parade airlift record → Berlin Blockade" in QToolTip.text()

    # A picture of the timeline shows what the screen shows, unless the person says otherwise.
    person.menu("File", "Export", "Timeline Picture (PNG, SVG, PDF)…")
    dialog = person.window.exchange.picture_dialog
    person.qtbot.waitUntil(dialog.isVisible, timeout=2000)
    assert dialog.bands.isChecked() and dialog.relations.isChecked()
    person.click(dialog.bands)
    options = dialog.options()
    assert options.band_tag is None and options.relations
    person.click(dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel))
    person.qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)

    person.menu("View", "Show Relations")  # off again
    settle(person.qtbot, timeline)
    assert timeline.scene.links == []
    assert relation_curves(timeline.scene, timeline.layout_rect().lanes, timeline.view()) == []
