"""Draws the marks, clusters and labels of the visible lanes of a scene.

A frame costs only what is in view: marks outside it are skipped, and a span running far
off screen is cut to the screen before drawing (a 100,000-pixel antialiased bar costs a
millisecond; the visible part costs microseconds).
"""

from __future__ import annotations

import bisect
import math
import threading
from collections.abc import Callable
from typing import NamedTuple, Protocol, TypeVarTuple

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QLinearGradient,
    QPainter,
    QPen,
    QRadialGradient,
    QStaticText,
    QTransform,
)

from desktop.timeline.scene import (
    LANE_PADDING,
    POINT_RADIUS,
    ROW_HEIGHT,
    Cluster,
    ClusterLayout,
    FontKey,
    FrameView,
    Lane,
    LaneStrip,
    Mark,
    TimelineScene,
    label_left,
)
from desktop.timeline.theme import COLORS, TimelineTheme, reads_dark_on, sized

BAR_HEIGHT = 12.0
OPEN_TAIL = 36.0  # an open end fades out over this many pixels beyond the known end
COLLAPSED_BAR = 6.0
_FADE = 18.0
_OFFSCREEN = 60.0  # how far past the edges marks are still drawn (tails, halos)
_MAX_STRIP_PX = 16_000  # wider cluster images are not kept (a scene is ~3 screens wide)
_SPRITE_FORMAT = QImage.Format.Format_ARGB32_Premultiplied
# A dot's sprite: (colour, radius, fuzzy, unsourced, selected, dark theme, background rgba,
# selection rgba, device pixel ratio).
SpriteKey = tuple[str, int, bool, bool, bool, bool, int, int, float]
_Args = TypeVarTuple("_Args")


class FrameMarking(Protocol):
    """What the user has picked, as a frame draws it (desktop.timeline.painter.Marking)."""

    @property
    def selected(self) -> frozenset[int]: ...
    @property
    def highlighted(self) -> frozenset[int]: ...
    @property
    def moved(self) -> dict[int, tuple[int, int]]: ...
    @property
    def grips(self) -> bool: ...


class _DotStyle(NamedTuple):
    """What drawing a dot reads of its mark (sprites are drawn without one)."""

    color: str
    unsourced: bool
    fuzzy_start: bool


class _Sprites:
    """Dot images by (colour, size, style, theme colours, pixel ratio), drawn on first use."""

    def __init__(self) -> None:
        self._images: dict[SpriteKey, QImage] = {}

    def get(self, key: SpriteKey, make: Callable[[*_Args], QImage], *args: *_Args) -> QImage:
        image = self._images.get(key)
        if image is None:
            if len(self._images) > 1024:
                self._images.clear()
            image = self._images[key] = make(*args)
        return image


_SPRITES = _Sprites()


def _cluster_height(lane: Lane) -> float:
    return COLLAPSED_BAR if lane.collapsed else ROW_HEIGHT - 4


def _cluster_offset(lane: Lane) -> float:
    """From the lane's top to its clusters' top."""
    if lane.collapsed:
        return (lane.height - COLLAPSED_BAR) / 2
    return LANE_PADDING / 2 + lane.clusters[0].row * ROW_HEIGHT + 2


class _Layouts(threading.local):
    # One cache per thread: exports paint on workers, and a QStaticText shared between
    # threads crashed Qt.
    def __init__(self) -> None:
        # Laid out by (text, bold, font and theme).
        self.by_key: dict[tuple[str, bool, FontKey], QStaticText] = {}
        # A title as elided to its label's width, by (title, bold, width, font and theme):
        # each wheel step makes new marks, mostly of titles the step before drew.
        self.elided: dict[tuple[str, bool, float, FontKey], str] = {}


_LAYOUTS = _Layouts()


_WHITE, _BLACK = QColor("white"), QColor("#111111")


class ItemPainter:
    """Paints one frame's marks and clusters; `labels` collects the label rectangles drawn."""

    def __init__(
        self,
        painter: QPainter,
        lanes_rect: QRectF,
        scene: TimelineScene,
        view: FrameView,
        theme: TimelineTheme,
        marking: FrameMarking,
        font: QFont,
        *,
        strips: bool = False,
    ) -> None:
        self.p, self.scene, self.theme, self.marking = painter, scene, theme, marking
        self.strips = strips  # clusters and dots from images kept between frames (the screen)
        dpr = painter.device().devicePixelRatioF() if painter.device() else 1.0
        self._sprite_theme = (theme.dark, theme.background.rgba(), theme.selection.rgba(), dpr)
        self.view, self.lanes_rect = view, lanes_rect
        self.sx = scene.seconds_per_pixel / view.seconds_per_pixel
        self.dx = lanes_rect.left() + (scene.origin_key - view.start_key) / view.seconds_per_pixel
        self.left = lanes_rect.left() - _OFFSCREEN
        self.right = lanes_rect.right() + _OFFSCREEN
        self.fonts = (sized(font, -1.0), sized(font, -1.0, bold=True))
        self.metrics = (QFontMetricsF(self.fonts[0]), QFontMetricsF(self.fonts[1]))
        self.labels: list[QRectF] = []
        self.dark = theme.dark
        self._font_key = (self.fonts[0].key(), theme.dark)

    def x(self, scene_x: float) -> float:
        return self.dx + scene_x * self.sx

    def key_x(self, key: float) -> float:
        return self.lanes_rect.left() + (key - self.view.start_key) / self.view.seconds_per_pixel

    def paint_lane(self, lane: Lane, top: float) -> None:
        self.p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        # The part of the lane in view, in scene x (marks and clusters are sorted by x).
        self._first_x = (self.left - self.dx) / self.sx
        self._last_x = (self.right - self.dx) / self.sx
        if lane.clusters:
            self._clusters(lane, top)
        if lane.marks:
            self._marks(lane, top)

    # -- clusters --------------------------------------------------------------------------------
    def _clusters(self, lane: Lane, top: float) -> None:
        """Count cells, coloured by the lane and darker where busier (the hot loop at 1M)."""
        y, height = top + _cluster_offset(lane), _cluster_height(lane)
        if self.strips and self._paint_strip(lane, y, height):
            return
        self._draw_clusters(self.p, lane, self.dx, self.sx, y, height, self._first_x, self._last_x)

    def _paint_strip(self, lane: Lane, y: float, height: float) -> bool:
        """Blit the lane's clusters from an image drawn once per scene (False: too wide).

        A decade over a million events holds ~2,500 clusters: a rectangle and a count each,
        8 ms a frame drawn one by one; a few images cost well under one.
        """
        dpr = self.p.device().devicePixelRatioF() if self.p.device() else 1.0
        _key, image, x0, width = self._strip(lane, dpr)
        if image is None:
            return False
        # Only the part in view: Qt would otherwise walk the whole three-screen image.
        target = QRectF(self.dx + x0 * self.sx, y, width * self.sx, height)
        shown = target.intersected(
            QRectF(self.lanes_rect.left(), y, self.lanes_rect.width(), height)
        )
        if shown.isEmpty():
            return True
        scale = dpr / self.sx
        source = QRectF(
            (shown.left() - target.left()) * scale, 0, shown.width() * scale, image.height()
        )
        self.p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        self.p.drawImage(shown, image, source)
        self.p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        return True

    def _strip(self, lane: Lane, dpr: float) -> LaneStrip:
        """(key, image or None, first x, width) of the lane's clusters, drawn if not yet.

        On the UI thread only: drawing text on a worker while the screen drew text crashed Qt.
        """
        key = (self._font_key, lane.collapsed, lane.color, dpr)
        strip = lane.strip
        if strip is None or strip[0] != key:
            strip = lane.strip = (key, *self._render_strip(lane, _cluster_height(lane), dpr))
        return strip

    def _render_strip(
        self, lane: Lane, height: float, dpr: float
    ) -> tuple[QImage | None, int, int]:
        first = math.floor(min(c.x0 for c in lane.clusters)) - 2
        width = math.ceil(max(c.x1 for c in lane.clusters)) + 2 - first
        if width * dpr > _MAX_STRIP_PX:
            return None, first, width
        image = QImage(
            math.ceil(width * dpr),
            math.ceil(height * dpr),
            QImage.Format.Format_ARGB32_Premultiplied,
        )
        image.setDevicePixelRatio(dpr)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self._draw_counts(painter, lane, -first, height)
        painter.end()
        return image, first, width

    def _draw_counts(self, p: QPainter, lane: Lane, dx: float, height: float) -> None:
        """`_draw_clusters` for the whole lane into its image (once per scene)."""
        base = lane.color or "#7f8c9a"
        white_text = not self.dark and not reads_dark_on(COLORS.get(base))
        metrics = self.metrics[0]
        p.setFont(self.fonts[0])
        middle = (height + metrics.capHeight()) / 2
        for cluster in lane.clusters:
            x0 = dx + cluster.x0
            width = max(cluster.x1 - cluster.x0, 2.0)
            alpha = int(40 + 160 * cluster.density)
            p.fillRect(QRectF(x0, 0, width, height), COLORS.get(base, alpha, lift=self.dark))
            text_w = metrics.horizontalAdvance(cluster.text)
            if lane.collapsed or text_w + 6 > width:
                continue
            p.setPen(_WHITE if white_text and alpha > 150 else self.theme.text)
            p.drawText(QPointF(x0 + (width - text_w) / 2, middle), cluster.text)

    def _draw_clusters(
        self, p: QPainter, lane: Lane, dx: float, sx: float, y: float, height: float,
        first_x: float, last_x: float,
    ) -> None:  # fmt: skip
        base = lane.color or "#7f8c9a"
        light_text = not self.dark and not reads_dark_on(COLORS.get(base))
        text_pen = _WHITE if light_text else None
        p.setFont(self.fonts[0])
        p.setPen(self.theme.text)
        pen_is_white = False
        clusters, font_key = lane.clusters, self._font_key
        start = max(0, bisect.bisect_left(lane.cluster_starts, first_x) - 1)
        for index in range(start, len(clusters)):
            cluster = clusters[index]
            if cluster.x0 > last_x:
                break
            x0 = dx + cluster.x0 * sx
            width = max(cluster.x1 * sx + dx - x0, 2.0)
            drawn = cluster.drawn
            if drawn is None or drawn[0] != font_key or len(drawn) != 6:
                drawn = self._cluster_text(cluster, base)
            _key, static, text_w, text_h, color, dark = drawn
            p.fillRect(QRectF(x0, y, width, height), color)
            if lane.collapsed or text_w + 6 > width:
                continue
            white = dark and text_pen is not None
            if white != pen_is_white:
                p.setPen(_WHITE if white else self.theme.text)
                pen_is_white = white
            p.drawStaticText(QPointF(x0 + (width - text_w) / 2, y + (height - text_h) / 2), static)

    def _cluster_text(self, cluster: Cluster, base: str) -> ClusterLayout:
        """What a cluster cell needs each frame, worked out on first sight."""
        alpha = int(40 + 160 * cluster.density)
        static = self._static(cluster, cluster.text, False)
        size = static.size()
        drawn: ClusterLayout = (
            self._font_key,
            static,
            size.width(),
            size.height(),
            COLORS.get(base, alpha, lift=self.dark),
            alpha > 150,
        )
        cluster.drawn = drawn
        return drawn

    def _static(self, item: Mark | Cluster, text: str, bold: bool) -> QStaticText:
        """`text` laid out once and kept on `item` (drawing it is 2-3 times cheaper)."""
        cached = item.drawn
        if cached is not None and cached[0] == self._font_key:
            return cached[1]
        # Counts such as '1.2k' repeat across clusters and scenes: one layout serves them all.
        key = (text, bold, self._font_key)
        layouts = _LAYOUTS.by_key
        static = layouts.get(key)
        if static is None:
            if len(layouts) > 8192:
                layouts.clear()
            static = layouts[key] = QStaticText(text)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(QTransform(), self.fonts[bold])
        item.drawn = (self._font_key, static)
        return static

    def _elided(self, mark: Mark, bold: bool) -> str:
        """The mark's title cut to its label's width (kept: eliding costs ~9 µs a title)."""
        key = (mark.title, bold, mark.label_w, self._font_key)
        elided = _LAYOUTS.elided
        text = elided.get(key)
        if text is None:
            if len(elided) > 16384:
                elided.clear()
            width = mark.label_w + 1
            metrics = self.metrics[bold]
            text = elided[key] = metrics.elidedText(mark.title, Qt.TextElideMode.ElideRight, width)
        return text

    # -- marks -----------------------------------------------------------------------------------
    def _marks(self, lane: Lane, top: float) -> None:
        label_end: dict[int, float] = {}
        marks, moved_keys = lane.marks, self.marking.moved
        start = bisect.bisect_left(lane.mark_starts, self._first_x - lane.reach)
        last_x = self._last_x
        # The rows in view (one more each side for halos): a burst stacks a lane 200 rows
        # (4,000 px) deep, and the rows below the view were most of a detailed frame's work.
        rows_top = top + LANE_PADDING / 2
        first_row = math.floor((self.lanes_rect.top() - rows_top) / ROW_HEIGHT) - 1
        last_row = (self.lanes_rect.bottom() - rows_top) // ROW_HEIGHT + 1
        for index in range(start, len(marks)):
            mark = marks[index]
            moved = moved_keys.get(mark.event_id) if moved_keys else None
            if moved is not None:
                x0 = self.key_x(moved[0])
                x1 = max(self.key_x(moved[1]), x0 + 3) if mark.is_span else x0
            elif mark.x0 > last_x:
                break
            else:
                x0, x1 = self.x(mark.x0), self.x(mark.x1)
            if not lane.collapsed and not first_row <= mark.row <= last_row:
                continue
            if max(x1, x1 + mark.label_w + 8) < self.left or x0 > self.right:
                continue
            if lane.collapsed:
                self._collapsed_mark(lane, top, mark, x0, x1)
                continue
            y = top + LANE_PADDING / 2 + mark.row * ROW_HEIGHT
            self._mark(mark, x0, x1, y + ROW_HEIGHT / 2)
            if not mark.label_w or moved is not None:
                continue
            # The scene's rule; while zooming, its spacing no longer holds, so a label that
            # would run into the previous one in its row is left out until the new scene.
            left = label_left(mark.is_span, x0, x1, mark.label_w)
            inside = mark.is_span and left < x1
            if inside and left < self.lanes_rect.left():
                # A span coming in from the left keeps its label in view, inside the bar.
                left = max(left, min(self.lanes_rect.left() + 4, x1 - mark.label_w - 4))
            if left < label_end.get(mark.row, -math.inf):
                continue
            self._label(mark, left, y, inside=inside)
            label_end[mark.row] = left + mark.label_w + 2

    def _collapsed_mark(self, lane: Lane, top: float, mark: Mark, x0: float, x1: float) -> None:
        y = top + (lane.height - COLLAPSED_BAR) / 2
        x0, x1 = max(x0, self.left), min(x1, self.right)
        self.p.setPen(Qt.PenStyle.NoPen)
        self.p.setBrush(COLORS.get(mark.color, lift=self.dark))
        self.p.drawRect(QRectF(x0 - 1, y, max(x1 - x0, 2.0), COLLAPSED_BAR))

    def _mark(self, mark: Mark, x0: float, x1: float, cy: float) -> None:
        color = COLORS.get(mark.color, lift=self.dark)
        selected = mark.event_id in self.marking.selected
        if selected or mark.event_id in self.marking.highlighted:
            halo = QColor(self.theme.selection if selected else self.theme.highlight)
            halo.setAlpha(120)
            self.p.setPen(Qt.PenStyle.NoPen)
            self.p.setBrush(halo)
            if mark.is_span:
                a, b = max(x0, self.left), min(x1, self.right)
                self.p.drawRoundedRect(
                    QRectF(a - 3, cy - BAR_HEIGHT / 2 - 3, b - a + 6, BAR_HEIGHT + 6), 5, 5
                )
            else:
                self.p.drawEllipse(QPointF(x0, cy), POINT_RADIUS + 4, POINT_RADIUS + 4)
        if mark.is_span:
            self._span(mark, x0, x1, cy, color, selected)
        else:
            self._point(mark, x0, cy, color, selected)
        if selected and self.marking.grips:
            self._grips(mark, x0, x1, cy)

    def _grips(self, mark: Mark, x0: float, x1: float, cy: float) -> None:
        """Drag handles of a selected event: ◂ ▸ beside a dot, a bar at each end of a span."""
        self.p.setPen(Qt.PenStyle.NoPen)
        self.p.setBrush(self.theme.selection)
        if mark.is_span:
            for x in (x0, x1):
                if self.left <= x <= self.right:
                    self.p.drawRect(QRectF(x - 1.5, cy - BAR_HEIGHT / 2 - 3, 3, BAR_HEIGHT + 6))
            return
        reach = POINT_RADIUS + 5
        for side in (-1, 1):
            tip = x0 + side * (reach + 4)
            self.p.drawPolygon(
                [
                    QPointF(tip, cy),
                    QPointF(x0 + side * reach, cy - 3.5),
                    QPointF(x0 + side * reach, cy + 3.5),
                ]
            )

    def _point(self, mark: Mark, x: float, cy: float, color: QColor, selected: bool) -> None:
        row = mark.row_data
        width = (row.end_key - row.start_key) / self.view.seconds_per_pixel
        if width > 2 * POINT_RADIUS + 2:
            # The unit the date names (a month, a year) as a faint band: its vagueness shows.
            self.p.setPen(Qt.PenStyle.NoPen)
            self.p.setBrush(COLORS.get(mark.color, 50, lift=self.dark))
            self.p.drawRect(QRectF(x, cy + 3, min(width, self.right - x), 4))
        radius = POINT_RADIUS + (1 if mark.importance >= 4 else 0)
        fuzzy = mark.fuzzy_start and not selected
        if self.strips:  # the screen: a dot drawn once, then copied (a tenth of the cost)
            key = (mark.color, radius, fuzzy, mark.unsourced, selected, *self._sprite_theme)
            sprite = _SPRITES.get(key, self._dot_sprite, key)
            half = sprite.width() / sprite.devicePixelRatio() / 2
            self.p.drawImage(QPointF(x - half, cy - half), sprite)
            return
        self._dot(self.p, mark, x, cy, radius, color, fuzzy, selected)

    def _dot_sprite(self, key: SpriteKey) -> QImage:
        color_name, radius, fuzzy, unsourced, selected, *_theme, dpr = key
        size = 2 * (radius + 4)
        image = QImage(math.ceil(size * dpr), math.ceil(size * dpr), _SPRITE_FORMAT)
        image.setDevicePixelRatio(dpr)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        color = COLORS.get(color_name, lift=self.dark)
        mark = _DotStyle(color_name, unsourced, fuzzy)
        self._dot(painter, mark, size / 2, size / 2, radius, color, fuzzy, selected)
        painter.end()
        return image

    def _dot(
        self,
        p: QPainter,
        mark: Mark | _DotStyle,
        x: float,
        cy: float,
        radius: float,
        color: QColor,
        fuzzy: bool,
        selected: bool,
    ) -> None:
        if fuzzy:
            # Approximate or uncertain: a dot that fades out instead of a crisp edge.
            glow = QRadialGradient(QPointF(x, cy), radius + 2)
            glow.setColorAt(0.0, color)
            glow.setColorAt(0.45, color)
            glow.setColorAt(1.0, COLORS.get(mark.color, 0, lift=self.dark))
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QBrush(glow))
            p.drawEllipse(QPointF(x, cy), radius + 2, radius + 2)
            if mark.unsourced:
                p.setBrush(self.theme.background)
                p.drawEllipse(QPointF(x, cy), radius - 2.5, radius - 2.5)
            return
        pen_color = self.theme.selection if selected else color.darker(135)
        p.setPen(QPen(pen_color, 2.0 if selected else 1.4))
        p.setBrush(self.theme.background if mark.unsourced else color)
        p.drawEllipse(QPointF(x, cy), radius, radius)

    def _span(
        self, mark: Mark, x0: float, x1: float, cy: float, color: QColor, selected: bool
    ) -> None:
        fill = QColor(color)
        if mark.unsourced:
            fill.setAlpha(80)
        left = x0 - (OPEN_TAIL if mark.open_start else 0)
        right = x1 + (OPEN_TAIL if mark.open_end else 0)
        brush: QBrush | QColor = fill
        if mark.fuzzy_start or mark.fuzzy_end or mark.open_start or mark.open_end:
            brush = self._faded(left, right, fill, mark)
        drawn = QRectF(max(left, self.left), cy - BAR_HEIGHT / 2, 0, BAR_HEIGHT)
        drawn.setRight(min(right, self.right))
        self.p.setBrush(brush)
        if selected:
            self.p.setPen(QPen(self.theme.selection, 2.0))
        elif mark.unsourced:
            # Hollow like an unsourced dot; a dashed outline would cost milliseconds a bar.
            self.p.setPen(QPen(color.darker(115), 1.3))
        else:
            self.p.setPen(Qt.PenStyle.NoPen)
        self.p.drawRoundedRect(drawn, 3, 3)

    @staticmethod
    def _faded(left: float, right: float, fill: QColor, mark: Mark) -> QBrush:
        """A fill that fades out at approximate, uncertain or open ends."""
        span = max(right - left, 1.0)
        clear = QColor(fill)
        clear.setAlpha(0)
        gradient = QLinearGradient(left, 0, right, 0)
        fade_in = min(0.45, (OPEN_TAIL if mark.open_start else _FADE) / span)
        fade_out = min(0.45, (OPEN_TAIL if mark.open_end else _FADE) / span)
        gradient.setColorAt(0.0, clear if (mark.fuzzy_start or mark.open_start) else fill)
        gradient.setColorAt(fade_in, fill)
        gradient.setColorAt(1.0 - fade_out, fill)
        gradient.setColorAt(1.0, clear if (mark.fuzzy_end or mark.open_end) else fill)
        return QBrush(gradient)

    def _label(self, mark: Mark, x: float, y: float, *, inside: bool) -> None:
        bold = mark.importance >= 4
        static = mark.drawn[1] if mark.drawn and mark.drawn[0] == self._font_key else None
        if static is None:
            static = self._static(mark, self._elided(mark, bold), bold)
        self.p.setFont(self.fonts[bold])
        if inside:  # on the bar's own colour: black or white, whichever reads
            dark_text = reads_dark_on(COLORS.get(mark.color, lift=self.dark)) or mark.unsourced
            self.p.setPen(_BLACK if dark_text else _WHITE)
        else:
            self.p.setPen(self.theme.text)
        self.p.drawStaticText(QPointF(x, y + (ROW_HEIGHT - static.size().height()) / 2), static)
        self.labels.append(QRectF(x, y, mark.label_w, ROW_HEIGHT))
