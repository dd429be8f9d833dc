"""The overview strip: the whole (filtered) library as a density histogram, with the visible
window marked. Drag the window to move it, click elsewhere to centre there, wheel to zoom."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import QWidget

from desktop.timeline.loader import LibrarySummary
from desktop.timeline.painter import HEADER_WIDTH
from desktop.timeline.scale import TimeScale, axis_ticks
from desktop.timeline.theme import TimelineTheme

_HEIGHT = 54
_LABEL_BAND = 14
_MARGIN = 0.02
_BIN_PX = 3  # histogram bars this many pixels wide, whatever the overview's resolution


def _rebinned(counts: tuple[int, ...], bins: int) -> list[int]:
    """`counts` summed into at most `bins` equal groups."""
    if len(counts) <= bins:
        return list(counts)
    group = math.ceil(len(counts) / bins)
    return [sum(counts[i : i + group]) for i in range(0, len(counts), group)]


class OverviewStrip(QWidget):
    """A histogram of the whole library; emits `window_requested` as the user moves the frame."""

    # 64-bit start and end keys. PySide6's stub omits Signal's C++ type names.
    window_requested = Signal("qint64", "qint64")  # type: ignore[arg-type]
    zoom_requested = Signal(float)  # factor, > 1 zooms in

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline_overview")
        self.setAccessibleName("Timeline overview")
        self.setFixedHeight(_HEIGHT)
        self.setMouseTracking(True)
        self._summary: LibrarySummary | None = None
        self._window: tuple[int, int] = (0, 0)
        self._drag_offset: float | None = None

    def set_summary(self, summary: LibrarySummary) -> None:
        self._summary = summary
        self.update()

    def set_window(self, start: int, end: int) -> None:
        self._window = (start, end)
        self.update()

    def _scale(self) -> TimeScale | None:
        if self._summary is None or self._summary.extent is None:
            return None
        lo, hi = self._summary.extent
        return TimeScale.fitting(lo, hi, self._plot().width(), margin=_MARGIN)

    def _plot(self) -> QRectF:
        return QRectF(HEADER_WIDTH, 2, max(1.0, self.width() - HEADER_WIDTH - 2), _HEIGHT - 4)

    def _frame(self, scale: TimeScale) -> QRectF:
        plot = self._plot()
        x0 = plot.left() + scale.x_of(self._window[0])
        x1 = plot.left() + scale.x_of(self._window[1])
        x0, x1 = max(plot.left(), x0), min(plot.right(), x1)
        return QRectF(x0, plot.top(), max(x1 - x0, 3.0), plot.height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        theme = TimelineTheme.from_palette(self.palette())
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), theme.header)
        painter.setPen(theme.muted)
        painter.setFont(self._small_font())
        title_rect = QRectF(10, 0, HEADER_WIDTH - 16, _HEIGHT)
        painter.drawText(title_rect, Qt.AlignmentFlag.AlignVCenter, "Whole library")
        scale = self._scale()
        if scale is None:
            return
        plot = self._plot()
        painter.fillRect(plot, theme.background)
        self._paint_histogram(painter, plot, scale, theme)
        self._paint_ticks(painter, plot, scale, theme)
        frame = self._frame(scale)
        fill = QColor(theme.selection)
        fill.setAlpha(50)
        painter.setPen(QPen(theme.selection, 1.5))
        painter.setBrush(fill)
        painter.drawRect(frame)

    def _small_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(6.5, font.pointSizeF() - 1.5))
        return font

    def _paint_histogram(
        self, painter: QPainter, plot: QRectF, scale: TimeScale, theme: TimelineTheme
    ) -> None:
        summary = self._summary
        assert summary is not None and summary.extent is not None  # else there is no scale
        counts = _rebinned(summary.overview, max(1, int(plot.width() / _BIN_PX)))
        lo, hi = summary.extent
        peak = max(counts, default=0)
        if not peak:
            return
        width = (hi + 1 - lo) / len(counts)
        bottom, height = plot.bottom() - _LABEL_BAND, plot.height() - _LABEL_BAND - 2
        path = QPainterPath(QPointF(plot.left() + scale.x_of(lo), bottom))
        for index, count in enumerate(counts):
            # Square-root heights keep quiet decades visible beside a busy year.
            y = bottom - height * math.sqrt(count / peak)
            path.lineTo(plot.left() + scale.x_of(lo + index * width), y)
            path.lineTo(plot.left() + scale.x_of(lo + (index + 1) * width), y)
        path.lineTo(plot.left() + scale.x_of(hi), bottom)
        path.closeSubpath()
        color = QColor(theme.text)
        color.setAlpha(90)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawPath(path)

    def _paint_ticks(
        self, painter: QPainter, plot: QRectF, scale: TimeScale, theme: TimelineTheme
    ) -> None:
        font = self._small_font()
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        axis = axis_ticks(scale, plot.width(), metrics.horizontalAdvance)
        for tick in axis.ticks:
            x = plot.left() + tick.x
            painter.setPen(QPen(theme.grid, 1))
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom() - _LABEL_BAND + 3))
            if x + 2 + metrics.horizontalAdvance(tick.label) <= plot.right():
                painter.setPen(theme.muted)
                painter.drawText(QPointF(x + 2, plot.bottom() - 2), tick.label)

    # -- moving the window ----------------------------------------------------------------------
    def _key_at(self, x: float) -> float | None:
        scale = self._scale()
        return None if scale is None else scale.key_at(x - self._plot().left())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        scale = self._scale()
        if scale is None or event.button() != Qt.MouseButton.LeftButton:
            return
        x = event.position().x()
        frame = self._frame(scale)
        if frame.adjusted(-3, 0, 3, 0).contains(QPointF(x, frame.center().y())):
            self._drag_offset = x - frame.left()
        else:
            self._drag_offset = frame.width() / 2
            self._move_frame_to(x)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag_offset is not None:
            self._move_frame_to(event.position().x())
            return
        scale = self._scale()
        inside = scale is not None and self._frame(scale).contains(event.position())
        self.setCursor(Qt.CursorShape.OpenHandCursor if inside else Qt.CursorShape.ArrowCursor)

    def mouseReleaseEvent(self, _event: QMouseEvent) -> None:
        self._drag_offset = None

    def _move_frame_to(self, x: float) -> None:
        assert self._drag_offset is not None, "set when the button went down"
        start = self._key_at(x - self._drag_offset)
        if start is None:
            return
        length = self._window[1] - self._window[0]
        self.window_requested.emit(int(start), int(start) + length)

    def wheelEvent(self, event: QWheelEvent) -> None:
        notches = event.angleDelta().y() / 120
        if notches:
            self.zoom_requested.emit(1.25**notches)
        event.accept()
