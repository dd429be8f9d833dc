"""Era bands behind the lanes and relation arrows over them: drawn on screen and in exports.

Both come with the scene (`TimelineScene.bands`, `.links`), looked up off the UI thread for
the scene's window only, so a frame reads no database. A band runs across every lane with
its title at the foot of the view (as thetimelineproj draws eras); a relation is a curve
from one event's mark to the other's, drawn only when both marks are in view, and
`relation_curves` gives the hover tooltip the same geometry that the painter draws.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from typing import NamedTuple

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
)

from db.queries.layers import EventLink
from desktop.timeline.scene import (
    LANE_PADDING,
    ROW_HEIGHT,
    FrameView,
    Lane,
    Mark,
    SceneBand,
    TimelineScene,
    category_color,
)
from desktop.timeline.theme import TimelineTheme, sized

BAND_ALPHA = 34  # a band tints the lanes; events stay readable on it
BAND_LABEL_HEIGHT = 16.0
_BAND_LABEL_ROWS = 3
_LINK_COLOR = "#7b5cc4"
_LINK_COLOR_DARK = "#b9a4ff"
_ARROW = 7.0
_HOVER_WIDTH = 8.0  # how near the pointer must come to a curve for its tooltip


def _mapper(scene: TimelineScene, lanes: QRectF, view: FrameView) -> Callable[[float], float]:
    """Scene x to device x under `view` (the scene may be drawn stretched while zooming)."""
    sx = scene.seconds_per_pixel / view.seconds_per_pixel
    dx = lanes.left() + (scene.origin_key - view.start_key) / view.seconds_per_pixel
    return lambda x: dx + x * sx


# -- bands -----------------------------------------------------------------------------------


def _visible_bands(
    scene: TimelineScene, lanes: QRectF, view: FrameView
) -> Iterator[tuple[SceneBand, float, float, QColor]]:
    """(band, device x0, device x1, colour) of the bands reaching into `lanes`."""
    to_x = _mapper(scene, lanes, view)
    for band in scene.bands:
        x0, x1 = to_x(band.x0), to_x(band.x1)
        if x1 > lanes.left() and x0 < lanes.right():
            yield band, x0, x1, QColor(band.color or category_color(band.title))


def paint_bands(
    painter: QPainter, lanes: QRectF, scene: TimelineScene, view: FrameView, theme: TimelineTheme
) -> None:
    """The scene's eras as tinted columns the height of the lanes area (under the grid)."""
    if not scene.bands or not scene.lanes:
        return
    painter.save()
    painter.setClipRect(lanes)
    for _band, x0, x1, color in _visible_bands(scene, lanes, view):
        fill = QColor(color)
        fill.setAlpha(BAND_ALPHA + (12 if theme.dark else 0))
        left, right = max(x0, lanes.left() - 2), min(x1, lanes.right() + 2)
        painter.fillRect(QRectF(left, lanes.top(), right - left, lanes.height()), fill)
        edge = QColor(color)
        edge.setAlpha(110)
        for x in (x0, x1):
            if lanes.left() <= x <= lanes.right():
                painter.fillRect(QRectF(math.floor(x), lanes.top(), 1, lanes.height()), edge)
    painter.restore()


def paint_band_titles(
    painter: QPainter,
    lanes: QRectF,
    scene: TimelineScene,
    view: FrameView,
    theme: TimelineTheme,
    font: QFont,
) -> None:
    """Each era's title at the foot of the lanes area, inside its band (over the grid)."""
    if not scene.bands or not scene.lanes:
        return
    painter.save()
    painter.setClipRect(lanes)
    label_font = sized(font, -1.0, bold=True)
    metrics = QFontMetricsF(label_font)
    painter.setFont(label_font)
    rows: list[float] = []  # right end of the last title in each row of titles
    for band, x0, x1, color in sorted(_visible_bands(scene, lanes, view), key=lambda b: b[1]):
        left, right = max(x0, lanes.left()), min(x1, lanes.right())
        _band_label(painter, metrics, rows, band.title, left, right, lanes.bottom(), color, theme)
    painter.restore()


def _band_label(
    painter: QPainter,
    metrics: QFontMetricsF,
    rows: list[float],
    title: str,
    x0: float,
    x1: float,
    bottom: float,
    color: QColor,
    theme: TimelineTheme,
) -> None:
    """The band's title in the first free row at the foot of the lanes, elided to the band."""
    text = metrics.elidedText(title, Qt.TextElideMode.ElideRight, max(0.0, x1 - x0 - 8))
    if not text:
        return
    width = metrics.horizontalAdvance(text) + 8
    row = next((i for i, end in enumerate(rows) if end <= x0), len(rows))
    if row >= _BAND_LABEL_ROWS:
        return
    rows[row:row + 1] = [x0 + width]  # fmt: skip
    top = bottom - (row + 1) * BAND_LABEL_HEIGHT
    back = QColor(color)
    back.setAlpha(90 if theme.dark else 60)
    painter.fillRect(QRectF(x0, top, width, BAND_LABEL_HEIGHT - 1), back)
    painter.setPen(theme.text)
    baseline = top + (BAND_LABEL_HEIGHT + metrics.capHeight()) / 2 - 1
    painter.drawText(QPointF(x0 + 4, baseline), text)


# -- relations -------------------------------------------------------------------------------


class RelationCurve(NamedTuple):
    """One relation as drawn: the curve, its arrow tip and the direction it points."""

    link: EventLink
    path: QPainterPath
    tip: QPointF
    angle: float  # radians, the direction of travel at the tip


def _mark_y(lane: Lane, mark: Mark, top: float) -> float:
    if lane.collapsed:
        return top + lane.height / 2
    return top + LANE_PADDING / 2 + mark.row * ROW_HEIGHT + ROW_HEIGHT / 2


def _ends(
    scene: TimelineScene, lanes: QRectF, view: FrameView
) -> dict[int, tuple[float, float, float]]:
    """Event id -> (start x, end x, y) of its first mark in view, for relation ends only."""
    wanted = {link.from_event_id for link in scene.links}
    wanted |= {link.to_event_id for link in scene.links}
    to_x = _mapper(scene, lanes, view)
    found: dict[int, tuple[float, float, float]] = {}
    for lane in scene.lanes:
        top = lanes.top() + lane.top - view.scroll_y
        if top + lane.height < lanes.top() or top > lanes.bottom():
            continue
        for mark in lane.marks:
            if mark.event_id not in wanted or mark.event_id in found:
                continue
            x0, x1 = to_x(mark.x0), to_x(mark.x1 if mark.is_span else mark.x0)
            y = _mark_y(lane, mark, top)
            if x1 >= lanes.left() and x0 <= lanes.right() and lanes.top() <= y <= lanes.bottom():
                found[mark.event_id] = (max(x0, lanes.left()), min(x1, lanes.right()), y)
    return found


def relation_curves(
    scene: TimelineScene | None, lanes: QRectF, view: FrameView
) -> list[RelationCurve]:
    """The relations of `scene` whose two events both show in `lanes`, as curves."""
    if scene is None or not scene.links:
        return []
    ends = _ends(scene, lanes, view)
    curves = []
    for link in scene.links:
        start, end = ends.get(link.from_event_id), ends.get(link.to_event_id)
        if start is None or end is None or link.from_event_id == link.to_event_id:
            continue
        a = QPointF(start[1], start[2])  # from the end of the first event...
        b = QPointF(end[0], end[2])  # ...to the start of the other
        lift = max(14.0, min(70.0, abs(b.x() - a.x()) / 4 + abs(b.y() - a.y()) / 6))
        # Bow upwards, or downwards where the upper lanes leave no room (the curve stays in view).
        crest = min(a.y(), b.y()) - lift
        if crest < lanes.top() + 4:
            crest = max(a.y(), b.y()) + lift
        c1 = QPointF(a.x() + (b.x() - a.x()) / 3, crest)
        c2 = QPointF(a.x() + 2 * (b.x() - a.x()) / 3, crest)
        path = QPainterPath(a)
        path.cubicTo(c1, c2, b)
        angle = math.atan2(b.y() - c2.y(), b.x() - c2.x())
        curves.append(RelationCurve(link, path, b, angle))
    return curves


def paint_relations(
    painter: QPainter,
    lanes: QRectF,
    scene: TimelineScene,
    view: FrameView,
    theme: TimelineTheme,
    selected: frozenset[int] = frozenset(),
) -> None:
    """Arrows between related events in view; those of the selected events drawn stronger."""
    curves = relation_curves(scene, lanes, view)
    if not curves:
        return
    painter.save()
    painter.setClipRect(lanes)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    base = QColor(_LINK_COLOR_DARK if theme.dark else _LINK_COLOR)
    for curve in curves:
        strong = {curve.link.from_event_id, curve.link.to_event_id} & selected
        color = QColor(base)
        color.setAlpha(235 if strong else 150)
        painter.setPen(QPen(color, 2.2 if strong else 1.4))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(curve.path)
        _arrow_head(painter, curve.tip, curve.angle, color)
    painter.restore()


def _arrow_head(painter: QPainter, tip: QPointF, angle: float, color: QColor) -> None:
    back = [
        QPointF(tip.x() - _ARROW * math.cos(angle + s), tip.y() - _ARROW * math.sin(angle + s))
        for s in (0.45, -0.45)
    ]
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawPolygon([tip, *back])


def relation_at(
    scene: TimelineScene | None, lanes: QRectF, view: FrameView, pos: QPointF
) -> RelationCurve | None:
    """The relation curve under `pos`, if any (for its tooltip)."""
    stroker = QPainterPathStroker()
    stroker.setWidth(_HOVER_WIDTH)
    near = _HOVER_WIDTH / 2
    for curve in reversed(relation_curves(scene, lanes, view)):
        box = curve.path.controlPointRect().adjusted(-near, -near, near, near)
        if box.contains(pos) and stroker.createStroke(curve.path).contains(pos):
            return curve
    return None
