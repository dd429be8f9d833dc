"""Helpers for timeline tests: wait for a settled view, find marks on the screen."""

from __future__ import annotations

from PySide6.QtCore import QPoint

from desktop.timeline.hits import screen_x
from desktop.timeline.scene import LANE_PADDING, ROW_HEIGHT


def settle(qtbot, widget, timeout: int = 4000) -> None:
    """Wait until the widget shows data prepared for its current view."""
    qtbot.waitUntil(lambda: widget.scene is not None and not widget.is_loading, timeout=timeout)


def mark_point(widget, mark) -> QPoint | None:
    """Where on the viewport a mark's body is, or None if it is out of view."""
    scene, layout, view = widget.scene, widget.layout_rect(), widget.view()
    x0 = screen_x(scene, layout, view, mark.x0)
    x1 = screen_x(scene, layout, view, mark.x1) if mark.is_span else x0
    if mark.is_span:
        x0, x1 = max(x0, layout.lanes.left() + 8), min(x1, layout.lanes.right() - 8)
        if x1 - x0 < 12:
            return None
    x = (x0 + x1) / 2
    lane = scene.lanes[mark.lane]
    y = layout.lanes.top() + lane.top - view.scroll_y + LANE_PADDING / 2
    y += mark.row * ROW_HEIGHT + ROW_HEIGHT / 2
    inside = layout.lanes.left() + 4 < x < layout.lanes.right() - 4
    if not inside or not layout.lanes.top() + 2 < y < layout.lanes.bottom() - 2:
        return None
    return QPoint(round(x), round(y))


def visible_marks(widget, predicate=lambda mark: True):
    """(mark, point) for marks in view that satisfy `predicate`."""
    found = []
    for mark in widget.scene.marks:
        if predicate(mark) and not widget.scene.lanes[mark.lane].collapsed:
            point = mark_point(widget, mark)
            if point is not None:
                found.append((mark, point))
    return found


def reveal(widget, mark) -> QPoint:
    """Scroll the mark's lane into view; return the mark's point."""
    widget.verticalScrollBar().setValue(int(widget.scene.lanes[mark.lane].top))
    point = mark_point(widget, mark)
    assert point is not None, "the mark is not in view"
    return point
