"""Paints a timeline scene with QPainter onto any paint device: the screen, PNG, SVG or PDF.

`render_timeline` draws a prepared `TimelineScene` and asks nothing of the database, so a
frame costs only the items in view. `paint_library` builds the scene first (exports, CLI).
Straight lines and bands are drawn without antialiasing (they sit on whole pixels and cost
a tenth as much); marks and text are antialiased.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QLinearGradient,
    QPainter,
    QPen,
    QStaticText,
    QTransform,
)

from db.engine import Library
from db.queries import EventFilter
from db.queries.layers import ERA_TAG
from db.queries.timeline import LaneKey
from desktop.timeline.layers import paint_band_titles, paint_bands, paint_relations
from desktop.timeline.loader import scene_for_window
from desktop.timeline.marks import ItemPainter
from desktop.timeline.scale import Axis, TimeScale, axis_ticks
from desktop.timeline.scene import (
    LANE_PADDING,
    POINT_RADIUS,
    ROW_HEIGHT,
    Lane,
    TimelineScene,
    short_count,
)
from desktop.timeline.theme import TimelineTheme, label_font, sized

AXIS_HEIGHT = 42.0
HEADER_WIDTH = 168.0
TITLE_HEIGHT = 30.0
LEGEND_HEIGHT = 26.0
_ALIGN_LEFT = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft


@dataclass(frozen=True)
class View:
    """Which part of a scene to show: the key at the left edge, the zoom, the vertical scroll."""

    start_key: float
    seconds_per_pixel: float
    scroll_y: float = 0.0


@dataclass
class Marking:
    """What the user has picked: selected and highlighted events, a drag in progress."""

    selected: frozenset[int] = frozenset()
    highlighted: frozenset[int] = frozenset()
    highlighted_lanes: frozenset[LaneKey] = frozenset()
    moved: dict[int, tuple[int, int]] = field(default_factory=dict)  # id -> keys while dragged
    grips: bool = False  # draw drag handles on selected events (on screen, when editable)


@dataclass(frozen=True)
class TimelineLayout:
    """Where the parts of a timeline go inside a rectangle."""

    title: QRectF
    axis: QRectF
    headers: QRectF
    lanes: QRectF  # the time area beside the lane headers
    legend: QRectF

    @classmethod
    def of(cls, rect: QRectF, *, title: bool, legend: bool) -> TimelineLayout:
        top = rect.top() + (TITLE_HEIGHT if title else 0.0)
        bottom = rect.bottom() - (LEGEND_HEIGHT if legend else 0.0)
        left = rect.left() + HEADER_WIDTH
        body_top = top + AXIS_HEIGHT
        return cls(
            title=QRectF(rect.left(), rect.top(), rect.width(), top - rect.top()),
            axis=QRectF(left, top, rect.right() - left, AXIS_HEIGHT),
            headers=QRectF(rect.left(), body_top, HEADER_WIDTH, bottom - body_top),
            lanes=QRectF(left, body_top, rect.right() - left, bottom - body_top),
            legend=QRectF(rect.left(), bottom, rect.width(), rect.bottom() - bottom),
        )


def scene_view(scene: TimelineScene, width: float) -> View:
    """The view fitting the scene's whole key range into `width` pixels."""
    scale = TimeScale.fitting(scene.start_key, scene.end_key, width)
    return View(scale.start_key, scale.seconds_per_pixel)


def render_timeline(
    painter: QPainter,
    rect: QRectF,
    scene: TimelineScene,
    *,
    theme: TimelineTheme | None = None,
    title: str | None = None,
    legend: bool = True,
    view: View | None = None,
    marking: Marking | None = None,
    arrows: bool = True,
    cache: bool = False,
) -> list[QRectF]:
    """Paint `scene` into `rect`; return the rectangles of the labels drawn. `arrows`: the
    lane headers' collapse arrows (screen only: a picture has nothing to click).

    With `cache` (the screen, painting the same scene frame after frame) the clusters are
    drawn from images kept on the scene; exports draw them as vectors.
    """
    theme = theme or TimelineTheme.light()
    layout = TimelineLayout.of(rect, title=bool(title), legend=legend)
    view = view or scene_view(scene, layout.lanes.width())
    marking = marking or Marking()
    font = QFont(painter.font())
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.fillRect(rect, theme.background)
    scale = TimeScale(view.start_key, view.seconds_per_pixel)
    measure = QFontMetricsF(sized(font, -0.5)).horizontalAdvance
    axis = axis_ticks(scale, layout.lanes.width(), measure)
    visible = list(_visible_lanes(scene, layout, view))
    _paint_lane_bands(painter, layout, visible, theme, marking)
    paint_bands(painter, layout.lanes, scene, view, theme)
    _paint_grid(painter, layout, axis, theme)
    paint_band_titles(painter, layout.lanes, scene, view, theme, font)
    painter.save()
    painter.setClipRect(layout.lanes)
    items = ItemPainter(painter, layout.lanes, scene, view, theme, marking, font, strips=cache)
    for _index, lane, top in visible:
        items.paint_lane(lane, top)
    painter.restore()
    paint_relations(painter, layout.lanes, scene, view, theme, marking.selected)
    _paint_headers(painter, layout, visible, theme, font, arrows)
    _paint_axis(painter, layout, axis, theme, font)
    if title:
        painter.setFont(sized(font, 3.0, bold=True))
        painter.setPen(theme.text)
        painter.drawText(layout.title.adjusted(10, 0, -10, 0), _ALIGN_LEFT, title)
    if legend:
        _paint_legend(painter, layout.legend, scene, theme, font)
    painter.restore()
    return items.labels


def _visible_lanes(
    scene: TimelineScene, layout: TimelineLayout, view: View
) -> Iterator[tuple[int, Lane, float]]:
    """(index, lane, top y on the device) of the lanes inside the lanes area."""
    for index, lane in enumerate(scene.lanes):
        top = layout.lanes.top() + lane.top - view.scroll_y
        if top + lane.height >= layout.lanes.top() and top <= layout.lanes.bottom():
            yield index, lane, top


def _paint_lane_bands(
    painter: QPainter,
    layout: TimelineLayout,
    visible: list[tuple[int, Lane, float]],
    theme: TimelineTheme,
    marking: Marking,
) -> None:
    painter.save()
    painter.setClipRect(layout.lanes)
    left, width = layout.lanes.left(), layout.lanes.width()
    highlight = QColor(theme.highlight)
    highlight.setAlpha(40)
    for index, lane, top in visible:
        band = QRectF(left, top, width, lane.height)
        if lane.key in marking.highlighted_lanes:
            painter.fillRect(band, highlight)
        elif index % 2:
            painter.fillRect(band, theme.lane_alt)
        painter.fillRect(QRectF(left, top + lane.height - 1, width, 1), theme.grid)
    painter.restore()


def _paint_grid(
    painter: QPainter, layout: TimelineLayout, axis: Axis, theme: TimelineTheme
) -> None:
    top, height, left = layout.lanes.top(), layout.lanes.height(), layout.lanes.left()
    right = layout.lanes.right()
    for ticks, color in ((axis.ticks, theme.grid), (axis.context, theme.grid_major)):
        for tick in ticks:
            x = math.floor(left + tick.x)
            if left <= x <= right:
                painter.fillRect(QRectF(x, top, 1, height), color)


class _HeaderText:
    """Elided lane titles and axis labels, laid out once and kept between frames (eliding
    and laying out text cost more than drawing it)."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, int, str], str] = {}
        self._static: dict[tuple[str, str], QStaticText] = {}

    def elided(self, metrics: QFontMetricsF, text: str, width: float, font_key: str) -> str:
        key = (text, int(width), font_key)
        value = self._cache.get(key)
        if value is None:
            if len(self._cache) > 2048:
                self._cache.clear()
            value = self._cache[key] = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
        return value

    def draw(self, painter: QPainter, baseline: QPointF, text: str, metrics: QFontMetricsF) -> None:
        """`drawText(baseline, text)` from a kept layout (QStaticText is placed by its top)."""
        font = painter.font()
        key = (text, font.key())
        static = self._static.get(key)
        if static is None:
            if len(self._static) > 4096:
                self._static.clear()
            static = self._static[key] = QStaticText(text)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(QTransform(), font)
        painter.drawStaticText(QPointF(baseline.x(), baseline.y() - metrics.ascent()), static)


class _PerThread(threading.local):
    # Exports paint on worker threads; a QStaticText laid out on one thread and drawn on
    # another crashed Qt (a segfault in drawStaticText), so each thread keeps its own.
    def __init__(self) -> None:
        self.headers = _HeaderText()


_PER_THREAD = _PerThread()


def _headers() -> _HeaderText:
    return _PER_THREAD.headers


def _paint_headers(
    painter: QPainter,
    layout: TimelineLayout,
    visible: list[tuple[int, Lane, float]],
    theme: TimelineTheme,
    font: QFont,
    arrows: bool,
) -> None:
    painter.save()
    painter.setClipRect(layout.headers)
    painter.fillRect(layout.headers, theme.header)
    title_font, count_font = sized(font, 0.0, bold=True), sized(font, -1.5)
    metrics, count_metrics = QFontMetricsF(title_font), QFontMetricsF(count_font)
    left, width = layout.headers.left(), layout.headers.width()
    for _index, lane, top in visible:
        rect = QRectF(left, top, width, lane.height)
        painter.fillRect(QRectF(left, top + lane.height - 1, width, 1), theme.grid)
        painter.fillRect(QRectF(left, top, 4, lane.height), QColor(lane.color or theme.grid_major))
        mid = top + min(lane.height, ROW_HEIGHT + LANE_PADDING) / 2
        if arrows:
            _paint_arrow(painter, left + 13, mid, lane, theme)
        count = "" if lane.count is None else short_count(lane.count)
        count_width = count_metrics.horizontalAdvance(count) + 6 if count else 0
        name_width = rect.width() - 28 - count_width
        name = _headers().elided(metrics, lane.title, name_width, title_font.key())
        baseline = mid + metrics.capHeight() / 2
        painter.setFont(title_font)
        painter.setPen(theme.text)
        _headers().draw(painter, QPointF(left + 22, baseline), name, metrics)
        if count:
            painter.setFont(count_font)
            painter.setPen(theme.muted)
            _headers().draw(
                painter, QPointF(rect.right() - count_width, baseline), count, count_metrics
            )
    painter.restore()


def _paint_arrow(painter: QPainter, x: float, y: float, lane: Lane, theme: TimelineTheme) -> None:
    """The collapse toggle: pointing right when collapsed, down when open."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(theme.muted)
    if lane.collapsed:
        points = [QPointF(x - 3, y - 4), QPointF(x + 3, y), QPointF(x - 3, y + 4)]
    else:
        points = [QPointF(x - 4, y - 2.5), QPointF(x + 4, y - 2.5), QPointF(x, y + 3)]
    painter.drawPolygon(points)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)


def _paint_axis(
    painter: QPainter, layout: TimelineLayout, axis: Axis, theme: TimelineTheme, font: QFont
) -> None:
    rect = layout.axis
    painter.save()
    painter.fillRect(
        QRectF(layout.headers.left(), rect.top(), HEADER_WIDTH, rect.height()), theme.header
    )
    painter.fillRect(rect, theme.header)
    painter.setClipRect(rect)
    painter.fillRect(QRectF(rect.left(), rect.bottom() - 1, rect.width(), 1), theme.grid_major)
    tick_font, context_font = sized(font, -0.5), sized(font, 0.0, bold=True)
    # Without a context row (years), the tick labels sit in the middle of the band.
    baseline = rect.bottom() - 8 if axis.context_at_start or axis.context else rect.center().y() + 5
    painter.setFont(tick_font)
    tick_metrics = QFontMetricsF(tick_font)
    painter.setPen(theme.text)
    for tick in axis.ticks:
        x = math.floor(rect.left() + tick.x)
        painter.fillRect(QRectF(x, rect.bottom() - 6, 1, 6), theme.grid_major)
        _headers().draw(painter, QPointF(x + 3, baseline), tick.label, tick_metrics)
    painter.setFont(context_font)
    painter.setPen(theme.text)
    metrics = QFontMetricsF(context_font)
    context_y = rect.top() + 15
    first_x = axis.context[0].x if axis.context else math.inf
    if axis.context_at_start and metrics.horizontalAdvance(axis.context_at_start) + 12 < first_x:
        painter.drawText(QPointF(rect.left() + 4, context_y), axis.context_at_start)
    for tick in axis.context:
        painter.fillRect(
            QRectF(math.floor(rect.left() + tick.x), rect.top(), 1, 20), theme.grid_major
        )
        _headers().draw(painter, QPointF(rect.left() + tick.x + 4, context_y), tick.label, metrics)
    painter.restore()


def _paint_legend(
    painter: QPainter, rect: QRectF, scene: TimelineScene, theme: TimelineTheme, font: QFont
) -> None:
    """What the symbols mean, for exported images read away from the app."""
    painter.save()
    painter.fillRect(rect, theme.header)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setFont(sized(font, -1.0))
    metrics = QFontMetricsF(painter.font())
    x, mid = rect.left() + 12, rect.center().y()
    sample = QColor("#4e79a7")
    count_text = "≈ estimated count of events" if scene.approximate else "count of events"
    entries: list[tuple[str, Callable[[float], None]]] = [
        ("sourced event", lambda cx: _legend_dot(painter, cx, mid, sample, hollow=False)),
        ("no source cited", lambda cx: _legend_dot(painter, cx, mid, sample, hollow=True)),
        ("fading end: approximate or open", lambda cx: _legend_span(painter, cx, mid, sample)),
        (count_text, lambda cx: _legend_pill(painter, cx, mid, sample)),
    ]  # fmt: skip
    for text, draw in entries:
        draw(x + 10)
        painter.setPen(theme.text)
        painter.drawText(QPointF(x + 26, mid + metrics.capHeight() / 2), text)
        x += 40 + metrics.horizontalAdvance(text)
    painter.restore()


def _legend_dot(painter: QPainter, cx: float, cy: float, color: QColor, *, hollow: bool) -> None:
    painter.setPen(QPen(color.darker(135), 1.4))
    painter.setBrush(Qt.BrushStyle.NoBrush if hollow else color)
    painter.drawEllipse(QPointF(cx, cy), POINT_RADIUS, POINT_RADIUS)


def _legend_span(painter: QPainter, cx: float, cy: float, color: QColor) -> None:
    rect = QRectF(cx - 10, cy - 5, 24, 10)
    gradient = QLinearGradient(rect.left(), 0, rect.right(), 0)
    clear = QColor(color)
    clear.setAlpha(0)
    gradient.setColorAt(0.0, color)
    gradient.setColorAt(0.55, color)
    gradient.setColorAt(1.0, clear)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(gradient))
    painter.drawRoundedRect(rect, 3, 3)


def _legend_pill(painter: QPainter, cx: float, cy: float, color: QColor) -> None:
    fill = QColor(color)
    fill.setAlpha(110)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(fill)
    painter.drawRoundedRect(QRectF(cx - 10, cy - 7, 24, 14), 4, 4)


def paint_library(
    painter: QPainter,
    rect: QRectF,
    lib: Library,
    start_key: int,
    end_key: int,
    filt: EventFilter | None = None,
    lane_by: str = "actor",
    *,
    theme: TimelineTheme | None = None,
    title: str | None = None,
    legend: bool = True,
    scroll_y: float = 0.0,
    band_tag: str | None = ERA_TAG,
    relations: bool = False,
    scene: TimelineScene | None = None,
) -> list[QRectF]:
    """Build the scene of [start_key, end_key) from `lib` and paint it (no widget needed), from
    `scroll_y` pixels down the lanes (a PDF's next page of lanes). Events tagged `band_tag`
    are drawn as era bands; `relations` draws arrows between related events. `scene`, when
    given, is that scene already built (`library_scene` with the same arguments)."""
    layout = TimelineLayout.of(rect, title=bool(title), legend=legend)
    if scene is None:
        scene = library_scene(
            painter, layout.lanes, lib, start_key, end_key, filt, lane_by,
            band_tag=band_tag, relations=relations,
        )  # fmt: skip
    scale = TimeScale.fitting(start_key, end_key, layout.lanes.width())
    view = View(scale.start_key, scale.seconds_per_pixel, scroll_y)
    return render_timeline(
        painter, rect, scene, theme=theme, title=title, legend=legend, view=view, arrows=False
    )


def library_scene(
    painter: QPainter, lanes: QRectF, lib: Library, start_key: int, end_key: int,
    filt: EventFilter | None, lane_by: str,
    *, band_tag: str | None = ERA_TAG, relations: bool = False,
) -> TimelineScene:  # fmt: skip
    """The scene a picture of `lib` draws into the lanes area `lanes` (every lane, every row)."""
    measure = QFontMetricsF(label_font(QFont(painter.font()))).horizontalAdvance
    return scene_for_window(
        lib, start_key, end_key, filt, lane_by,
        width=lanes.width(), height=lanes.height(), measure=measure,
        band_tag=band_tag, relations=relations,
    )  # fmt: skip


def chrome_height(*, title: bool, legend: bool) -> float:
    """Height of a picture's parts other than its lanes: title, axis, legend."""
    return (TITLE_HEIGHT if title else 0.0) + AXIS_HEIGHT + (LEGEND_HEIGHT if legend else 0.0)
