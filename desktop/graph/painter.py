"""Paint a GraphScene onto any QPainter device: the screen widget, or a PNG/SVG/PDF export.

`render_graph(painter, rect, scene)` fits the graph into `rect`; the widget passes its view and
`fast=True`, which stamps nodes from cached bitmaps (vector shapes are kept for exports).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter, QPen, QPolygonF, QTransform

from desktop.graph.scene import GraphScene, LabelPlacement, ViewTransform, fit_view, label_region
from desktop.graph.style import GraphStyle
from desktop.graph.untangle import Floats

_ARROW = 8.0  # px, length of an arrowhead
_THICKEN = ((0.0, 0.0), (0.7, 0.0), (0.0, 0.7), (0.7, 0.7))
_SPRITE_CACHE_MAX = 4000
# (group name, colour, width px, dashed): one pen of the edges
PenSpec = tuple[str, str, float, bool]
# (kind, radius, colour, state, device pixel ratio)
_sprites: dict[tuple[str, float, str, str, float], QImage] = {}


def render_graph(
    painter: QPainter,
    rect: QRectF,
    scene: GraphScene,
    view: ViewTransform | None = None,
    *,
    placement: LabelPlacement | None = None,
    fast: bool = False,
    edge_layer: EdgeLayer | None = None,
) -> ViewTransform:
    """Draw `scene` into `rect` (fitted unless `view` is given); returns the view used.

    The widget passes `fast=True` (nodes stamped from cached bitmaps) and an `edge_layer`
    (edges from a bitmap made for this scene and zoom); exports leave both out and get vectors.
    """
    if view is None:
        view = fit_view(scene.bounds(), rect.width(), rect.height())
    if placement is None:
        region = label_region(view, rect.width(), rect.height(), margin=0.0)
        placement = scene.place_labels(view.scale, region=region)
    painter.save()
    painter.setClipRect(rect)
    painter.fillRect(rect, scene.style.background)
    painter.translate(rect.topLeft())
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    screen = scene.xy * view.scale + (view.dx, view.dy)
    radii = scene.screen_radius(view.scale)
    if edge_layer is not None and edge_layer.image is not None:
        edge_layer.draw(painter, view)
    else:
        _draw_edges(painter, scene, view)
        _draw_arrows(painter, scene, screen, radii)
    visible = _visible(screen, radii, rect.width(), rect.height())
    _draw_nodes(painter, scene, screen, radii, visible, fast)
    _draw_edge_labels(painter, scene, placement, view, rect)
    _draw_node_labels(painter, scene, placement, screen, rect)
    painter.restore()
    return view


class EdgeLayer:
    """Edges and arrowheads drawn once into a bitmap a little larger than the view.

    10,000 antialiased edges take ~35 ms to draw; stamping this bitmap takes ~1 ms, so frames
    while panning (within the margin) or zooming (scaled until redrawn) stay fast.
    """

    MARGIN = 0.25  # of the view's size, on every side

    def __init__(self) -> None:
        self.image: QImage | None = None
        self.scale = 0.0
        self.origin = (0.0, 0.0)  # image pixel of world (0, 0)
        self.size = (0.0, 0.0)
        self._token: object | None = None

    def is_current(self, scene: GraphScene) -> bool:
        """True if made from this scene's geometry (moving a node clears the scene's cache)."""
        return self.image is not None and scene.cache.get("edge_layer") is self._token

    def covers(self, view: ViewTransform, width: float, height: float) -> bool:
        """True if drawn at the view's zoom and the view lies inside the bitmap."""
        if view.scale != self.scale:
            return False
        left, top = self.origin[0] - view.dx, self.origin[1] - view.dy
        return (
            left >= 0 and top >= 0 and left + width <= self.size[0] and top + height <= self.size[1]
        )

    def render(
        self, scene: GraphScene, view: ViewTransform, width: float, height: float, dpr: float
    ) -> None:
        margin_x, margin_y = width * self.MARGIN, height * self.MARGIN
        w, h = width + 2 * margin_x, height + 2 * margin_y
        image = QImage(round(w * dpr), round(h * dpr), QImage.Format.Format_RGB32)
        image.setDevicePixelRatio(dpr)
        image.fill(scene.style.background)
        origin = (view.dx + margin_x, view.dy + margin_y)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        at_image = ViewTransform(view.scale, *origin)
        _draw_edges(painter, scene, at_image, fast=True)
        screen = scene.xy * view.scale + origin
        _draw_arrows(painter, scene, screen, scene.screen_radius(view.scale))
        painter.end()
        self.image, self.scale, self.origin, self.size = image, view.scale, origin, (w, h)
        self._token = scene.cache["edge_layer"] = object()

    def draw(self, painter: QPainter, view: ViewTransform) -> None:
        """Stamp the bitmap where the view puts it (scaled if the zoom changed since)."""
        assert self.image is not None, "draw() is only called after render()"
        factor = view.scale / self.scale
        painter.save()
        painter.setTransform(
            QTransform(
                factor,
                0,
                0,
                factor,
                view.dx - self.origin[0] * factor,
                view.dy - self.origin[1] * factor,
            ),
            True,
        )
        painter.drawImage(QPointF(0, 0), self.image)
        painter.restore()


def _visible(screen: Floats, radii: Floats, width: float, height: float) -> NDArray[np.int64]:
    if len(screen) == 0:
        return np.zeros(0, dtype=np.int64)
    x, y = screen[:, 0], screen[:, 1]
    inside = (x + radii >= 0) & (x - radii <= width) & (y + radii >= 0) & (y - radii <= height)
    return np.nonzero(inside)[0]


# -- edges ------------------------------------------------------------------------------
def _edge_pen(scene: GraphScene, j: int) -> PenSpec:
    """(group name, colour, width px, dashed) of edge j, from its kind and the highlights."""
    style, hl = scene.style, scene.highlight
    index = scene.edges[j]
    edge = scene.model.edges[index]
    if scene.on_path(j):
        return ("path", style.path.name(QColor.NameFormat.HexArgb), 3.5, False)
    if scene.edge_faded(j):
        return ("faded", style.faded_edge.name(), 1.0, False)
    touches = edge.source in hl.selected or edge.target in hl.selected
    if edge.kind == "relation":
        color = style.relation_color(edge.label)
        return (f"rel:{edge.label}:{touches}", color.name(), 3.0 if touches else 1.8, False)
    if edge.kind == "citation":
        return ("citation", style.citation.name(), 1.0, True)
    if touches:
        return ("part:selected", style.emphasised_edge.name(), 1.6, False)
    return ("participation", style.participation.name(), 1.0, False)


def _edge_groups(scene: GraphScene) -> list[tuple[QPen, list[QLineF]]]:
    """Edges in world coordinates grouped by pen, built once per scene (drawn under a transform)."""
    if "edge_groups" in scene.cache:
        return scene.cache["edge_groups"]
    groups: dict[str, tuple[PenSpec, list[QLineF]]] = {}
    for j, (a, b) in enumerate(scene.ends):
        spec = _edge_pen(scene, j)
        (x1, y1), (x2, y2) = scene.xy[a], scene.xy[b]
        groups.setdefault(spec[0], (spec, []))[1].append(QLineF(x1, y1, x2, y2))
    ordered = sorted(groups.values(), key=lambda item: _group_rank(item[0][0]))
    result = []
    for (_name, color, width, dashed), lines in ordered:
        pen = QPen(QColor.fromString(color), width)
        pen.setCosmetic(True)  # width in pixels at any zoom
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        if dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        result.append((pen, lines))
    scene.cache["edge_groups"] = result
    return result


def _group_rank(name: str) -> int:
    # Faint first, emphasis last, so highlighted edges are drawn on top.
    order = ["faded", "citation", "participation", "rel", "part:selected", "path"]
    for rank, prefix in enumerate(order):
        if name.startswith(prefix):
            return rank + (1 if name.endswith(":True") else 0)
    return len(order)


def _draw_edges(
    painter: QPainter, scene: GraphScene, view: ViewTransform, *, fast: bool = False
) -> None:
    """Edges under the world-to-view transform. `fast` (bitmaps only) draws a wide line as
    1-pixel lines a fraction of a pixel apart: Qt's raster engine strokes those ~10x faster."""
    to_view = QTransform(view.scale, 0, 0, view.scale, view.dx, view.dy)
    for pen, lines in _edge_groups(scene):
        passes: Sequence[tuple[float, float]] = [(0.0, 0.0)]
        if fast and pen.widthF() > 1:
            pen = QPen(pen)
            passes = _THICKEN[: 3 if pen.widthF() < 2.5 else 4]
            pen.setWidthF(1.0)
        painter.setPen(pen)
        for ox, oy in passes:
            painter.save()
            painter.translate(ox, oy)
            painter.setTransform(to_view, True)
            painter.drawLines(lines)
            painter.restore()


def _draw_arrows(painter: QPainter, scene: GraphScene, screen: Floats, radii: Floats) -> None:
    """Arrowheads on directed relations, touching the target's outline."""
    directed = scene.cache.get("directed")
    if directed is None:
        directed = [
            (j, QColor.fromString(_edge_pen(scene, j)[1]))
            for j, index in enumerate(scene.edges)
            if scene.model.edges[index].directed
        ]
        scene.cache["directed"] = directed
    painter.setPen(Qt.PenStyle.NoPen)
    for j, color in directed:
        a, b = scene.ends[j]
        (x1, y1), (x2, y2) = screen[a], screen[b]
        length = math.hypot(x2 - x1, y2 - y1)
        if length < radii[b] + _ARROW * 2:
            continue
        ux, uy = (x2 - x1) / length, (y2 - y1) / length
        tip = QPointF(x2 - ux * (radii[b] + 1.5), y2 - uy * (radii[b] + 1.5))
        base_x, base_y = tip.x() - ux * _ARROW, tip.y() - uy * _ARROW
        half = _ARROW * 0.45
        head = QPolygonF(
            [
                tip,
                QPointF(base_x - uy * half, base_y + ux * half),
                QPointF(base_x + uy * half, base_y - ux * half),
            ]
        )
        painter.setBrush(color)
        painter.drawPolygon(head)


# -- nodes ------------------------------------------------------------------------------
def draw_glyph(
    painter: QPainter,
    kind: str,
    cx: float,
    cy: float,
    r: float,
    color: str,
    state: str,
    style: GraphStyle,
) -> None:
    """One node: a circle (actor), rounded square (event) or diamond (source), with its ring."""
    fill = QColor.fromString(color)
    outline = QColor(style.node_outline)
    if state == "faded":
        fill.setAlpha(style.faded_alpha)
        outline.setAlpha(style.faded_alpha)
    if state in ("selected", "path"):
        ring = QPen(style.selection if state == "selected" else style.path, 3.0)
        painter.setPen(ring)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(QPointF(cx, cy), r + 3.5, r + 3.5)
    painter.setPen(QPen(outline, 1.3))
    painter.setBrush(fill)
    if kind == "actor":
        painter.drawEllipse(QPointF(cx, cy), r, r)
    elif kind == "event":
        side = r * 1.7
        painter.drawRoundedRect(QRectF(cx - side / 2, cy - side / 2, side, side), r * 0.3, r * 0.3)
    else:
        points = [
            QPointF(cx, cy - r),
            QPointF(cx + r, cy),
            QPointF(cx, cy + r),
            QPointF(cx - r, cy),
        ]
        painter.drawPolygon(QPolygonF(points))


def _sprite(kind: str, r: float, color: str, state: str, style: GraphStyle, dpr: float) -> QImage:
    key = (kind, round(r * 2) / 2, color, state, dpr)
    image = _sprites.get(key)
    if image is None:
        if len(_sprites) > _SPRITE_CACHE_MAX:
            _sprites.clear()
        half = math.ceil(key[1] + 6)
        image = QImage(
            int(2 * half * dpr), int(2 * half * dpr), QImage.Format.Format_ARGB32_Premultiplied
        )
        image.setDevicePixelRatio(dpr)
        image.fill(Qt.GlobalColor.transparent)
        p = QPainter(image)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        draw_glyph(p, kind, half, half, key[1], color, state, style)
        p.end()
        _sprites[key] = image
    return image


def _draw_nodes(
    painter: QPainter,
    scene: GraphScene,
    screen: Floats,
    radii: Floats,
    visible: NDArray[np.int64],
    fast: bool,
) -> None:
    style = scene.style
    dpr = painter.device().devicePixelRatioF() if fast else 1.0
    # Emphasised nodes last, so they are not hidden under their neighbours.
    states = scene.states
    order = sorted(visible.tolist(), key=lambda i: states[i] in ("selected", "path"))
    for i in order:
        key = scene.keys[i]
        color = scene.colors[i]
        state = states[i]
        x, y, r = float(screen[i, 0]), float(screen[i, 1]), float(radii[i])
        if fast:
            image = _sprite(key[0], r, color, state, style, dpr)
            half = image.width() / dpr / 2
            painter.drawImage(QPointF(x - half, y - half), image)
        else:
            draw_glyph(painter, key[0], x, y, r, color, state, style)


# -- labels -----------------------------------------------------------------------------
def _draw_node_labels(
    painter: QPainter, scene: GraphScene, placement: LabelPlacement, screen: Floats, rect: QRectF
) -> None:
    style = scene.style
    width, height = rect.width(), rect.height()
    emphasised_background = style.emphasised_label_background()
    points = screen.tolist()
    drawn = []
    for label in placement.nodes:
        if label.node >= len(points):
            continue
        x = points[label.node][0] + label.ox
        y = points[label.node][1] + label.oy
        if x < width and y < height and x + label.width > 0 and y + label.height > 0:
            drawn.append((QRectF(x, y, label.width, label.height), label))
    painter.setPen(Qt.PenStyle.NoPen)
    for box, label in drawn:
        painter.setBrush(emphasised_background if label.emphasised else style.label_background)
        painter.drawRoundedRect(box, 3, 3)
    painter.setPen(style.label_text)
    # Text by font, so the font changes twice per frame instead of once per label.
    for is_actor, font in ((True, style.actor_font), (False, style.node_font)):
        painter.setFont(font)
        for box, label in drawn:
            if (scene.keys[label.node][0] == "actor") == is_actor:
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label.text)


def draw_label_of(
    painter: QPainter,
    scene: GraphScene,
    placement: LabelPlacement | None,
    i: int,
    view: ViewTransform,
) -> None:
    """Node i's full label beside it, on top of everything (the node under the pointer), unless
    the placement already shows it whole."""
    if placement is not None and any(
        label.node == i and label.text == scene.full_label(i) for label in placement.nodes
    ):
        return
    key = scene.keys[i]
    font = scene.style.actor_font if key[0] == "actor" else scene.style.node_font
    text = scene.full_label(i)
    metrics = QFontMetricsF(font)
    x, y = view.to_screen(*scene.xy[i])
    r = float(scene.screen_radius(view.scale)[i])
    box = QRectF(
        x + r + 3, y - metrics.height() / 2, metrics.horizontalAdvance(text) + 8, metrics.height()
    )
    painter.save()
    painter.setPen(QPen(scene.style.selection, 1.0))
    painter.setBrush(scene.style.label_background_solid)
    painter.drawRoundedRect(box, 3, 3)
    painter.setFont(font)
    painter.setPen(scene.style.label_text)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()


def _edge_label_color(scene: GraphScene, j: int) -> QColor:
    colors = scene.cache.setdefault("edge_label_colors", {})
    color = colors.get(j)
    if color is None:
        color = QColor.fromString(_edge_pen(scene, j)[1])
        # Darker than the line on a light background, lighter on a dark one: readable on both.
        dark = scene.style.background.lightness() < 128
        color = colors[j] = color.lighter(150) if dark else color.darker(130)
    return color


def _draw_edge_labels(
    painter: QPainter,
    scene: GraphScene,
    placement: LabelPlacement,
    view: ViewTransform,
    rect: QRectF,
) -> None:
    style = scene.style
    width, height = rect.width(), rect.height()
    if not placement.edges:
        return
    edges = [label.edge for label in placement.edges if label.edge < len(scene.ends)]
    ends = scene.ends[edges]
    middles = (
        (scene.xy[ends[:, 0]] + scene.xy[ends[:, 1]]) / 2 * view.scale + (view.dx, view.dy)
    ).tolist()
    drawn = []
    for label, (mx, my) in zip(placement.edges, middles, strict=False):
        x, y = mx - label.width / 2, my - label.height / 2
        if x < width and y < height and x + label.width > 0 and y + label.height > 0:
            drawn.append((QRectF(x, y, label.width, label.height), label))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(style.label_background)
    for box, _label in drawn:
        painter.drawRoundedRect(box, 3, 3)
    painter.setFont(style.edge_font)
    for box, label in drawn:
        painter.setPen(_edge_label_color(scene, label.edge))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label.text)
