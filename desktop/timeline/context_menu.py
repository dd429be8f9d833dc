"""Right-click on the timeline, and double-click on empty time: what a person expects there.

On an event: edit it, zoom to it. On a lane header: collapse or expand it, show all its rows or
make it compact. On empty time: a new event on that date (double-click does the same).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QMenu

from db.dates import Precision
from db.dates.formatting import format_key
from desktop.timeline.hits import Hit

if TYPE_CHECKING:
    from desktop.timeline.host import TimelineHost

DAY = 86_400


def date_at(widget: TimelineHost, pos: QPointF) -> str:
    """The date under `pos` as a person writes it, as fine as the zoom lets one point."""
    scale = widget.scale
    assert scale is not None, "asked only where lanes are drawn, so at some scale"
    key = round(scale.key_at(pos.x() - widget.layout_rect().lanes.left()))
    spp = scale.seconds_per_pixel
    precision = Precision.DAY if spp < 2 * DAY else Precision.MONTH if spp < 60 * DAY else None
    return format_key(key, precision or Precision.YEAR)


def show_menu(widget: TimelineHost, hit: Hit, pos: QPointF) -> QMenu | None:
    """Open the menu for what is under `pos`; None where there is nothing to offer."""
    menu = QMenu(widget.viewport())
    menu.setObjectName("timeline_menu")
    menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if hit.kind == "mark":
        assert hit.mark is not None  # a "mark" hit has its mark
        event_id = hit.mark.event_id
        menu.addAction("&Edit Event", lambda: widget.activate_event(event_id))
        row = hit.mark.row_data
        menu.addAction(
            "&Zoom to Event", lambda: widget.set_window(*_around(row.start_key, row.end_key))
        )
    elif hit.kind == "header":
        assert hit.lane is not None  # a "header" hit has its lane
        key, collapsed = hit.lane.key, widget.is_lane_collapsed(hit.lane.key)
        menu.addAction(
            "E&xpand Lane" if collapsed else "&Collapse Lane",
            lambda: widget.set_lane_collapsed(key, not collapsed),
        )
        compact = widget.is_lane_compact(key)
        menu.addAction(
            "Show &All Rows" if compact else "Co&mpact (3 Rows)",
            lambda: widget.set_lane_compact(key, not compact),
        )
    elif hit.kind in ("lane", "none") and not widget.read_only:
        when = date_at(widget, pos)
        menu.addAction(f"&New Event on {when}…", lambda: widget.request_new_event(when))
    if menu.isEmpty():
        menu.deleteLater()
        return None
    menu.popup(widget.viewport().mapToGlobal(pos.toPoint()))
    return menu


def _around(start: int, end: int) -> tuple[int, int]:
    span = max(end - start, DAY)
    return start - span, end + span
