"""Mouse, wheel, pinch and keys on the timeline: zoom, pan, pick, and drag events in time.

A plain drag always pans, even when it starts on an event: a pan must never re-date anything.
Only an event selected before the press (it shows drag handles) moves: dragging its body moves
its date, dragging a span's end moves that end; both move by whole units of the date's
precision (`db.dates.shift`), show the new date while dragging, and land as one undoable edit.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent, QNativeGestureEvent, QWheelEvent
from PySide6.QtWidgets import QMenu, QToolTip

from db.dates import Precision, format_date, parse_date, parse_edtf
from db.dates.shift import move_edtf_end, shift_edtf, steps_for
from db.errors import DateError
from db.queries.timeline import LaneKey
from desktop.timeline.context_menu import date_at
from desktop.timeline.hits import Hit, hit_test
from desktop.timeline.host import TimelineHost
from desktop.timeline.layers import relation_at
from desktop.timeline.scale import TimeScale
from desktop.timeline.scene import ROW_HEIGHT
from desktop.timeline.tooltip import cluster_tooltip, event_tooltip, lane_tooltip, relation_tooltip

_DRAG_START = 4  # pixels before a press becomes a drag
_WHEEL_ZOOM = 1.25  # zoom per wheel notch
_KEY_ZOOM = 1.5
_CLUSTER_MARGIN = 0.1
# What the pointer is over, to show its tooltip once: ("relation", id), ("mark", event id),
# ("cluster", start key, lane) or ("header", lane, collapsed).
_HoverKey = tuple[str, int] | tuple[str, int, LaneKey] | tuple[str, LaneKey, bool]


@dataclass
class _Press:
    pos: QPointF
    hit: Hit
    scale: TimeScale
    scroll: int
    modifiers: Qt.KeyboardModifier
    mode: str | None = None  # 'pan', 'body', 'start' or 'end' once it is a drag
    movable: bool = False  # pressed on an event that was already selected
    edtf: str | None = None  # the dragged event's date as it would land


class TimelineInput:
    """The timeline's event handlers, kept apart from its view and loading logic: they see the
    view only through `TimelineHost`."""

    def __init__(self, host: TimelineHost) -> None:
        self.w = host
        self._press: _Press | None = None
        self._hovered: _HoverKey | None = None
        self._actors: dict[int, list[str]] = {}

    def hit_at(self, pos: QPointF) -> Hit:
        return self._hit(pos)

    def _hit(self, pos: QPointF) -> Hit:
        w = self.w
        return hit_test(w.scene, w.layout_rect(), w.view(), pos)

    def _anchor(self, pos: QPointF) -> float:
        return pos.x() - self.w.layout_rect().lanes.left()

    # -- mouse ---------------------------------------------------------------------------------
    def press(self, event: QMouseEvent) -> None:
        self.w.setFocus(Qt.FocusReason.MouseFocusReason)
        if event.button() != Qt.MouseButton.LeftButton or self.w.scale is None:
            return
        QToolTip.hideText()
        pos = event.position()
        scroll = self.w.verticalScrollBar().value()
        hit = self._hit(pos)
        self._press = _Press(pos, hit, self.w.scale, scroll, event.modifiers())
        self._press.movable = self._is_movable(hit)

    def _is_movable(self, hit: Hit) -> bool:
        """An event moves only if it was selected before this press, in a writable library."""
        return (
            hit.kind == "mark"
            and hit.mark is not None  # (a "mark" hit has its mark)
            and not self.w.read_only
            and hit.mark.event_id in self.w.selected_events()
        )

    def move(self, event: QMouseEvent) -> None:
        press = self._press
        if press is None:
            self._hover(event)
            return
        delta = event.position() - press.pos
        if press.mode is None:
            if abs(delta.x()) + abs(delta.y()) < _DRAG_START:
                return
            press.mode = press.hit.part if press.movable else "pan"
        if press.mode == "pan":
            self.w.setCursor(Qt.CursorShape.ClosedHandCursor)
            self.w.set_scale(press.scale.panned(delta.x()))
            self.w.verticalScrollBar().setValue(int(press.scroll - delta.y()))
        else:
            self._preview(press, delta.x() * press.scale.seconds_per_pixel)

    def release(self, event: QMouseEvent) -> None:
        press, self._press = self._press, None
        self.w.unsetCursor()
        if press is not None and press.mode not in (None, "pan"):
            QToolTip.hideText()
        if press is None or event.button() != Qt.MouseButton.LeftButton:
            return
        if press.mode is None:
            self._click(press)
        elif press.mode != "pan":
            self._commit(press)

    def double_click(self, event: QMouseEvent) -> None:
        hit = self._hit(event.position())
        if hit.kind == "mark":
            assert hit.mark is not None  # a "mark" hit has its mark
            self.w.activate_event(hit.mark.event_id)
        elif hit.kind == "lane" and not self.w.read_only:
            self.w.request_new_event(date_at(self.w, event.position()))

    def _click(self, press: _Press) -> None:
        hit, w = press.hit, self.w
        if hit.kind == "mark":
            assert hit.mark is not None  # a "mark" hit has its mark
            event_id = hit.mark.event_id
            ids = set(w.selected_events())
            if press.modifiers & Qt.KeyboardModifier.ControlModifier:
                ids ^= {event_id}
            else:
                ids = {event_id}
            w.select_events(ids, event_id if event_id in ids else None)
        elif (
            hit.kind == "cluster"
            and hit.cluster is not None  # (a "cluster" hit has its cluster)
            and len({e.start_key for e in hit.cluster.events}) == 1
        ):
            self._list_cluster(press)  # the same date: no zoom can ever split them
        elif hit.kind == "cluster":
            cluster = hit.cluster
            assert cluster is not None  # a "cluster" hit has its cluster
            margin = int((cluster.end_key - cluster.start_key) * _CLUSTER_MARGIN)
            w.set_window(cluster.start_key - margin, cluster.end_key + margin)
        elif hit.kind == "header":
            assert hit.lane is not None  # a "header" hit has its lane
            w.set_lane_collapsed(hit.lane.key, not w.is_lane_collapsed(hit.lane.key))
        elif hit.kind in ("lane", "none") and not press.modifiers:
            w.clear_selection()

    def _list_cluster(self, press: _Press) -> None:
        """A "+N" box of events sharing one date, as a menu: picking one selects it."""
        menu = QMenu(self.w.viewport())  # as the context menu: the host is seen as no widget
        menu.setObjectName("cluster_menu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        assert press.hit.cluster is not None  # pressed on a cluster
        for row in sorted(press.hit.cluster.events, key=lambda r: (-r.importance, r.title)):
            action = menu.addAction(row.title.replace("&", "&&"))
            action.setData(row.id)
        menu.triggered.connect(
            lambda action: self.w.select_events({action.data()}, action.data(), by_view=False)
        )
        menu.popup(self.w.viewport().mapToGlobal(press.pos.toPoint()))

    # -- dragging an event in time -------------------------------------------------------------
    def _preview(self, press: _Press, seconds: float) -> None:
        assert press.hit.mark is not None and press.mode is not None  # dragging a mark
        row = press.hit.mark.row_data
        try:
            edtf = self._dragged(row.when_edtf, row.precision, press.mode, seconds)
            date = parse_date(edtf)
        except DateError:
            return  # past what a date can hold: keep the last position that worked
        press.edtf = edtf
        self.w.marking.moved[row.id] = (date.start_key, date.end_key)
        self.w.setCursor(
            Qt.CursorShape.SizeHorCursor
            if press.mode != "body"
            else Qt.CursorShape.ClosedHandCursor
        )
        self.w.viewport().update()
        # The date it would land on, beside the pointer, before the button is let go.
        where = self.w.viewport().mapToGlobal(press.pos.toPoint())
        was = format_date(parse_edtf(row.when_edtf))
        QToolTip.showText(where, f"Move to {format_date(date)} (was {was})", self.w.viewport())

    @staticmethod
    def _dragged(edtf: str, precision: str, mode: str, seconds: float) -> str:
        if mode == "body":
            return shift_edtf(edtf, steps_for(Precision(precision), seconds))
        lower, _, upper = edtf.partition("/")
        side = lower if mode == "start" else (upper or lower)
        side_precision = parse_edtf(side).precision
        return move_edtf_end(edtf, mode, steps_for(side_precision, seconds))

    def _commit(self, press: _Press) -> None:
        assert press.hit.mark is not None  # a mark was dragged
        row = press.hit.mark.row_data
        w = self.w
        if press.edtf is None or press.edtf == row.when_edtf:
            w.marking.moved.pop(row.id, None)
            w.viewport().update()
            return
        w.move_event(row.id, press.edtf)

    # -- hover ---------------------------------------------------------------------------------
    def forget_hover(self) -> None:
        self._hovered = None
        self._actors.clear()
        QToolTip.hideText()

    def _hover(self, event: QMouseEvent) -> None:
        hit = self._hit(event.position())
        curve = None
        key: _HoverKey | None
        if hit.kind in ("lane", "none") and self.w.scene is not None and self.w.scene.links:
            lanes = self.w.layout_rect().lanes
            curve = relation_at(self.w.scene, lanes, self.w.view(), event.position())
        if curve is not None:
            self.w.unsetCursor()
            key = ("relation", curve.link.relation_id)
        elif hit.kind == "mark":
            if not self._is_movable(hit):
                self.w.setCursor(Qt.CursorShape.PointingHandCursor)
            elif hit.part in ("start", "end"):
                self.w.setCursor(Qt.CursorShape.SizeHorCursor)
            else:
                self.w.setCursor(Qt.CursorShape.OpenHandCursor)  # selected: it can be dragged
            assert hit.mark is not None  # a "mark" hit has its mark
            key = ("mark", hit.mark.event_id)
        elif hit.kind == "cluster":
            self.w.setCursor(Qt.CursorShape.PointingHandCursor)
            assert hit.cluster is not None and hit.lane is not None  # as hit_test makes it
            key = ("cluster", hit.cluster.start_key, hit.lane.key)
        elif hit.kind == "header":
            self.w.setCursor(Qt.CursorShape.PointingHandCursor)
            assert hit.lane is not None  # a "header" hit has its lane
            key = ("header", hit.lane.key, hit.lane.collapsed)
        else:
            self.w.unsetCursor()
            key = None
        if key == self._hovered:
            return
        self._hovered = key
        text = relation_tooltip(curve.link, self._titles()) if curve else ""
        text = text or (self._tooltip(hit) if key else "")
        if text:
            global_pos = self.w.viewport().mapToGlobal(event.position().toPoint())
            QToolTip.showText(global_pos, text, self.w.viewport())
        else:
            QToolTip.hideText()

    def _tooltip(self, hit: Hit) -> str:
        if hit.kind == "cluster":
            assert hit.cluster is not None and hit.lane is not None  # as hit_test makes it
            return cluster_tooltip(hit.cluster, hit.lane.title)
        if hit.kind == "header":
            assert hit.lane is not None  # a "header" hit has its lane
            return lane_tooltip(hit.lane)
        assert hit.mark is not None  # the other hits with a tooltip are marks
        row = hit.mark.row_data
        if row.id not in self._actors:
            self._actors[row.id] = self.w.event_actors(row.id)
        return event_tooltip(row, self._actors[row.id])

    def _titles(self) -> dict[int, str]:
        scene = self.w.scene
        return {m.event_id: m.title for m in scene.marks} if scene is not None else {}

    # -- wheel, pinch, keys --------------------------------------------------------------------
    def wheel(self, event: QWheelEvent) -> None:
        pos, angle, pixels = event.position(), event.angleDelta(), event.pixelDelta()
        modifiers = event.modifiers()
        if (
            pos.x() < self.w.layout_rect().lanes.left()
            or modifiers & Qt.KeyboardModifier.AltModifier
        ):
            bar = self.w.verticalScrollBar()
            bar.setValue(bar.value() - int(angle.y() / 120 * 3 * ROW_HEIGHT))
        elif abs(angle.x()) > abs(angle.y()) or modifiers & Qt.KeyboardModifier.ShiftModifier:
            step = pixels.x() or pixels.y() or (angle.x() or angle.y()) / 2
            self.w.pan_by(step)
        elif angle.y():
            self.w.zoom_by(_WHEEL_ZOOM ** (angle.y() / 120), self._anchor(pos))
        event.accept()

    def gesture(self, event: QEvent) -> bool:
        """Trackpad pinch: True if the event was a zoom gesture and was handled."""
        # PySide6 hands a NativeGesture event over as the QNativeGestureEvent it is.
        if event.type() != QEvent.Type.NativeGesture or not isinstance(event, QNativeGestureEvent):
            return False
        if event.gestureType() != Qt.NativeGestureType.ZoomNativeGesture:
            return False
        self.w.zoom_by(1.0 + event.value(), self._anchor(event.position()))
        return True

    def key(self, event: QKeyEvent) -> bool:
        """Handle a key; False lets the widget's default handling have it."""
        w, key = self.w, event.key()
        width = w.time_width()
        bar = w.verticalScrollBar()
        actions = {
            Qt.Key.Key_Plus: lambda: w.zoom_by(_KEY_ZOOM),
            Qt.Key.Key_Equal: lambda: w.zoom_by(_KEY_ZOOM),
            Qt.Key.Key_Minus: lambda: w.zoom_by(1 / _KEY_ZOOM),
            Qt.Key.Key_Left: lambda: w.pan_by(width / 8),
            Qt.Key.Key_Right: lambda: w.pan_by(-width / 8),
            Qt.Key.Key_Up: lambda: bar.setValue(bar.value() - ROW_HEIGHT),
            Qt.Key.Key_Down: lambda: bar.setValue(bar.value() + ROW_HEIGHT),
            Qt.Key.Key_PageUp: lambda: bar.setValue(bar.value() - bar.pageStep()),
            Qt.Key.Key_PageDown: lambda: bar.setValue(bar.value() + bar.pageStep()),
            Qt.Key.Key_Home: w.fit_all,
            Qt.Key.Key_Escape: self._escape,
        }
        action = actions.get(Qt.Key(key))
        if action is None:
            return False
        action()
        return True

    def _escape(self) -> None:
        press, self._press = self._press, None
        if press is not None and press.mode not in (None, "pan"):
            assert press.hit.mark is not None  # a mark was being dragged
            self.w.marking.moved.pop(press.hit.mark.event_id, None)
            self.w.viewport().update()
            return
        self.w.clear_selection()
