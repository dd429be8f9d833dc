"""The timeline view: paints prepared scenes and turns zoom, pan and picks into view changes.

Scenes are built off the UI thread (`LatestOnly`) for a key range three screens wide, so
panning paints from the scene in hand and zooming paints it stretched until the new one
arrives. Mouse and keyboard go to the `InputHandler` made by the factory the widget is given
(desktop/timeline/input.py's `TimelineInput`), which sees this widget as a `TimelineHost`.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QUndoStack,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from db.dates import ParsedDate
from db.errors import ChronicleError
from db.queries import EventFilter, key_extent
from db.queries.layers import ERA_TAG
from db.queries.timeline import LANE_MODES, LaneKey, event_rows, linked_event_ids
from desktop.commands import EditCommand, push
from desktop.library import LibraryController
from desktop.selection import SelectionModel
from desktop.timeline.context_menu import show_menu
from desktop.timeline.event_keys import EventKeys
from desktop.timeline.host import InputFactory
from desktop.timeline.loader import (
    LibrarySummary,
    actor_names,
    build_scene,
    load_overview,
    load_summary,
)
from desktop.timeline.painter import Marking, TimelineLayout, View, render_timeline
from desktop.timeline.row_cache import EventRowCache
from desktop.timeline.scale import TimeScale
from desktop.timeline.scene import MAX_LABEL_PX, ROW_HEIGHT, SceneSpec, TimelineScene
from desktop.timeline.text_width import KnownWidths
from desktop.timeline.theme import TimelineTheme, label_font
from desktop.timeline.worker import LatestOnly

_DATA_KINDS = frozenset({"event", "actor", "tag", "link", "source"})
# What a scene was made for: summary and data versions, zoom, lane mode, collapsed and compact
# lanes, band tag, relations. A scene is reused only for the same identity.
SceneIdentity = tuple[
    int, int, float, str, frozenset[LaneKey], frozenset[LaneKey], str | None, bool
]
_FIT_MARGIN = 0.03
_LABEL_SHARE = 0.3  # of the view at most, so the events keep most of a narrow one
_RECENT_SCENES = 6


class TimelineWidget(QAbstractScrollArea):
    """Events of the open library on a zoomable time axis, in swimlanes."""

    # 64-bit: Signal(int, int) is a C++ int and keys pass 2**31 before 1902 and after 2038.
    # Visible start_key, end_key. PySide6's stub omits Signal's C++ type names.
    window_changed = Signal("qint64", "qint64")  # type: ignore[arg-type]
    event_activated = Signal(int)  # double-click: open the event's editor
    summary_changed = Signal(object)  # LibrarySummary, for the overview strip
    scene_installed = Signal()
    lane_by_changed = Signal(str)
    error = Signal(str, str)  # title, message
    new_event_requested = Signal(str)  # a date, as typed: "New Event on …" or double-click

    def __init__(
        self,
        controller: LibraryController,
        selection: SelectionModel,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
        *,
        make_input: InputFactory,
    ) -> None:
        super().__init__(parent)
        self.input = make_input(self)  # first: the viewport sends events from here on
        self.controller, self.selection, self.undo_stack = controller, selection, undo_stack
        self.setObjectName("timeline")
        self.setAccessibleName("Timeline")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.viewport().setMouseTracking(True)
        self.setMinimumSize(420, 200)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._summaries = LatestOnly(self._pool, self)
        self._scenes = LatestOnly(self._pool, self)
        self._overviews = LatestOnly(self._pool, self)
        self.keys = EventKeys(controller, self._pool, self)  # before `changed` is connected
        self.keys.ready.connect(self._on_keys_ready)
        self._summaries.finished.connect(self._on_summary)
        self._overviews.finished.connect(self._on_overview)
        self._scenes.finished.connect(self._on_scene)
        self._summaries.failed.connect(lambda msg: self.error.emit("Timeline", msg))
        self._scenes.failed.connect(lambda msg: self.error.emit("Timeline", msg))
        self._scale: TimeScale | None = None
        self._opening_fit: TimeScale | None = None  # the fit made on opening, until moved
        self._lane_by = "actor"
        self._filter = EventFilter()
        self._band_tag: str | None = ERA_TAG  # events with this tag are drawn as bands
        self._relations = False
        self._collapsed: set[LaneKey] = set()
        self._compact: set[LaneKey] = set()  # lanes showing COMPACT_ROWS rows instead of all
        self._all_collapsed = False
        self._summary: LibrarySummary | None = None
        self._summary_version = 0  # counts summaries; the overview arriving keeps the count
        self._overview_due = False
        self._scene: TimelineScene | None = None
        # (identity, start, end) of the newest scene asked
        self._requested: tuple[SceneIdentity, int, int] | None = None
        self._recent: list[tuple[SceneIdentity, TimelineScene]] = []  # of recent zoom levels
        self._rows = EventRowCache()  # event rows read for this state of the data
        self._widths = KnownWidths("")  # label widths measured in the label font
        self._data_version = 0
        self._moves_shown_until = -1  # data version that makes drag previews unnecessary
        self.marking = Marking()
        self._theme = TimelineTheme.from_palette(self.palette())
        self._last_window: tuple[int, int] | None = None
        self._scene_timer = QTimer(self, singleShot=True, interval=16)
        self._scene_timer.timeout.connect(self._ensure_scene)
        self.verticalScrollBar().valueChanged.connect(lambda _v: self.viewport().update())
        controller.changed.connect(self._on_data_changed)
        controller.closing.connect(self._on_closing)
        selection.changed.connect(self._on_selection)
        if controller.is_open:
            self.reload()

    # -- geometry ------------------------------------------------------------------------------
    def layout_rect(self) -> TimelineLayout:
        return TimelineLayout.of(QRectF(self.viewport().rect()), title=False, legend=False)

    def time_width(self) -> float:
        return max(1.0, self.layout_rect().lanes.width())

    @property
    def scale(self) -> TimeScale | None:
        return self._scale

    @property
    def scene(self) -> TimelineScene | None:
        return self._scene

    @property
    def summary(self) -> LibrarySummary | None:
        return self._summary

    @property
    def lane_by(self) -> str:
        return self._lane_by

    @property
    def is_loading(self) -> bool:
        """True while data for the current view is still being prepared."""
        busy = self._summaries.busy or self._scenes.busy or self._overviews.busy
        return busy or self._scene_timer.isActive()

    def view(self) -> View:
        scale = self._scale or TimeScale(0, 86_400)
        return View(scale.start_key, scale.seconds_per_pixel, self.verticalScrollBar().value())

    # -- the visible window --------------------------------------------------------------------
    def visible_window(self) -> tuple[int, int]:
        """Visible (start_key, end_key)."""
        if self._scale is None:
            return (0, 0)
        return int(self._scale.start_key), int(self._scale.end_key(self.time_width()))

    def set_window(self, start_key: int, end_key: int) -> None:
        """Show [start_key, end_key) across the width of the view."""
        if end_key <= start_key:
            end_key = start_key + 1
        self.set_scale(TimeScale.fitting(start_key, end_key, self.time_width()))

    def set_scale(self, scale: TimeScale) -> None:
        self._scale = scale
        self.viewport().update()
        window = self.visible_window()
        if window != self._last_window:
            self._last_window = window
            self.window_changed.emit(*window)
        self._scene_timer.start()

    def zoom_by(self, factor: float, anchor_x: float | None = None) -> None:
        """Zoom in by `factor` (< 1 zooms out) keeping the time at `anchor_x` (view x) still."""
        if self._scale is None:
            return
        anchor = self.time_width() / 2 if anchor_x is None else anchor_x
        self.set_scale(self._scale.zoomed(factor, anchor))

    def pan_by(self, dx: float) -> None:
        """Move the content `dx` pixels to the right."""
        if self._scale is not None:
            self.set_scale(self._scale.panned(dx))

    def fit_all(self) -> None:
        """Show every (filtered) event."""
        if self._summary is not None and self._summary.extent is not None:
            lo, hi = self._summary.extent
            # Room on the right for the labels of the last events, which run after them: a
            # whole label (at most MAX_LABEL_PX) where the view is wide enough to spare it.
            width = self.time_width() - min(MAX_LABEL_PX, self.time_width() * _LABEL_SHARE)
            scale = TimeScale.fitting(lo, hi, width, margin=_FIT_MARGIN)
            self.set_scale(TimeScale(lo - (hi - lo) * _FIT_MARGIN, scale.seconds_per_pixel))

    def show_date(self, date: ParsedDate) -> None:
        """Bring a date into view with its own length of context on each side."""
        span = max(date.end_key - date.start_key, 3600)
        self.set_window(date.start_key - span, date.end_key + span)

    def zoom_to_selection(self) -> bool:
        """Show the selected events (or the events of the selected actors or sources)."""
        if not self.controller.is_open:
            return False
        lib, ids = self.controller.lib, self.selection.ids
        if ids("event"):
            rows = event_rows(lib, ids("event"))
            extent = (
                (min(r.start_key for r in rows), max(r.end_key for r in rows)) if rows else None
            )
        elif ids("actor") or ids("source"):
            filt = EventFilter(actor_ids=tuple(ids("actor")), source_ids=tuple(ids("source")))
            extent = key_extent(lib, filt)
        else:
            extent = None
        if extent is None:
            return False
        span = max(extent[1] - extent[0], 3600)
        self.set_window(extent[0] - span // 8, extent[1] + span // 8)
        return True

    # -- what is shown -------------------------------------------------------------------------
    def set_filter(self, filt: EventFilter) -> None:
        if filt != self._filter:
            self._filter = filt
            self.reload()

    def set_lane_by(self, lane_by: str) -> None:
        if lane_by not in LANE_MODES:
            raise ValueError(f"lanes can be by {', '.join(LANE_MODES)}, not {lane_by!r}")
        if lane_by != self._lane_by:
            self._lane_by = self.keys.lane_by = lane_by
            self._collapsed.clear()
            self._compact.clear()
            self.lane_by_changed.emit(lane_by)
            self.reload()

    def _lane_keys(self) -> set[LaneKey]:
        return {lane.key for lane in self._summary.lanes} if self._summary else set()

    def set_lane_collapsed(self, key: LaneKey, collapsed: bool) -> None:
        if self._all_collapsed:  # from "all" to the lanes one by one
            self._all_collapsed, self._collapsed = False, self._lane_keys()
        (self._collapsed.add if collapsed else self._collapsed.discard)(key)
        self._ensure_scene()

    def set_all_collapsed(self, collapsed: bool) -> None:
        """Collapse every lane (also the lanes of a lane mode chosen later) or none."""
        self._all_collapsed = collapsed
        self._collapsed.clear()
        self._ensure_scene()

    def set_lane_compact(self, key: LaneKey, compact: bool) -> None:
        """Show a lane's rows all (the default) or COMPACT_ROWS, the rest as "+N" boxes."""
        (self._compact.add if compact else self._compact.discard)(key)
        self._ensure_scene()

    def is_lane_compact(self, key: LaneKey) -> bool:
        return key in self._compact

    def is_lane_collapsed(self, key: LaneKey) -> bool:
        return self._all_collapsed or key in self._collapsed

    def reload(self) -> None:
        """Ask again for the summary (lanes, extent, overview) and then the scene."""
        if not self.controller.is_open:
            return
        lib, lane_by, filt, band_tag = (
            self.controller.lib, self._lane_by, self._filter, self._band_tag,
        )  # fmt: skip
        self._summaries.request(lambda: load_summary(lib, lane_by, filt, band_tag))

    # -- layers over and behind the lanes ------------------------------------------------------
    @property
    def shows_bands(self) -> bool:
        return self._band_tag is not None

    @property
    def shows_relations(self) -> bool:
        return self._relations

    def set_show_bands(self, shown: bool) -> None:
        """Draw events tagged "era" as bands behind the lanes (else as ordinary events)."""
        tag = ERA_TAG if shown else None
        if tag != self._band_tag:
            self._band_tag = tag
            self.reload()  # the era events leave or join the lanes

    def set_show_relations(self, shown: bool) -> None:
        """Draw arrows between related events that are both in view."""
        if shown != self._relations:
            self._relations = shown
            self._ensure_scene()

    # -- background results --------------------------------------------------------------------
    def _on_data_changed(self, kinds: frozenset[str]) -> None:
        if kinds & _DATA_KINDS:
            self._data_version += 1
            self._rows = EventRowCache()
            self.input.forget_hover()
            self.reload()

    def _on_closing(self) -> None:
        for runner in (self._summaries, self._scenes, self._overviews):
            runner.cancel()
        self._summary = self._scene = self._scale = None
        self._requested = self._last_window = None
        self._recent = []
        self._rows = EventRowCache()
        self.marking = Marking()
        self.viewport().update()

    def _on_summary(self, summary: LibrarySummary) -> None:
        self._summary = summary
        self._summary_version += 1
        self.keys.filter = summary.filter  # the columns get ready to answer for it
        self._requested = None
        if not summary.lanes:  # nothing to show (empty library, or the filter hides all)
            self._scene = None
        if self._scale is None and summary.extent is not None:
            self.fit_all()
            # Often made before the window has its size: refit on resizes until moved.
            self._opening_fit = self._scale
        # The overview waits for the first scene: on two cores it would slow the first frame.
        self._overview_due = True
        self._ensure_scene()
        if not summary.lanes:
            self._request_overview()
        self.viewport().update()

    def _request_overview(self) -> None:
        if self._overview_due and self._summary is not None:
            self._overview_due = False
            lib, version, summary = self.controller.lib, self._summary_version, self._summary
            columns = self.keys.columns_for(summary.filter)
            self._overviews.request(lambda: (version, load_overview(lib, summary, columns)))

    def _on_keys_ready(self) -> None:
        # A scene counted from a sample while the columns were made is worth counting again.
        if self._scene is not None and self._scene.approximate:
            self._recent = [item for item in self._recent if not item[1].approximate]
            self._requested = None
            self._ensure_scene()

    def _on_overview(self, result: tuple[int, LibrarySummary]) -> None:
        version, summary = result
        if version == self._summary_version:
            self._summary = summary
            self.summary_changed.emit(summary)

    def _scene_spec(self) -> tuple[SceneIdentity, SceneSpec] | None:
        if self._summary is None or self._scale is None or not self._summary.lanes:
            return None
        start, end = self.visible_window()
        width = end - start
        spec = SceneSpec(
            start_key=start - width,
            end_key=end + width,
            seconds_per_pixel=self._scale.seconds_per_pixel,
            lane_by=self._lane_by,
            lanes=self._summary.lanes,
            collapsed=frozenset(self._lane_keys() if self._all_collapsed else self._collapsed),
            compact=frozenset(self._compact),
            band_tag=self._band_tag,
            relations=self._relations,
        )
        identity = (self._summary_version, self._data_version, spec.seconds_per_pixel)
        layers = (spec.band_tag, spec.relations)
        return (*identity, spec.lane_by, spec.collapsed, spec.compact, *layers), spec

    def _covers(self, have_start: int, have_end: int) -> bool:
        """True if a scene of [have_start, have_end) covers the view with room to pan."""
        start, end = self.visible_window()
        margin = (end - start) / 3
        summary = self._summary
        assert summary is not None and summary.extent is not None, "asked with lanes to show"
        lo, hi = summary.extent
        left_ok = start - have_start >= margin or have_start <= lo
        right_ok = have_end - end >= margin or have_end >= hi
        return left_ok and right_ok

    def _ensure_scene(self) -> None:
        wanted = self._scene_spec()
        if wanted is None:
            return
        identity, spec = wanted
        requested = self._requested
        if requested is not None and requested[0] == identity and self._covers(*requested[1:]):
            return
        cached = next(
            (scene for key, scene in reversed(self._recent) if key == identity
             and self._covers(scene.start_key, scene.end_key)),
            None,
        )  # fmt: skip
        if cached is not None:  # back at a zoom level seen a moment ago
            self._scenes.cancel()
            self._requested = (identity, cached.start_key, cached.end_key)
            self._install(cached)
            return
        self._requested = (identity, spec.start_key, spec.end_key)
        lib, summary, font = self.controller.lib, self._summary, label_font(self.font())
        assert summary is not None  # _scene_spec made a spec, so there is a summary
        version, columns = self._data_version, self.keys.columns_for(summary.filter)
        rows = self._rows
        if self._widths.font_key != font.key():
            self._widths = KnownWidths(font.key())
        widths = self._widths
        # Until the key columns are read, a scene of the whole library is counted again
        # by them (`_on_keys_ready`): SQL may count it from a sparser sample meanwhile.
        provisional = columns is None and self.keys.coming

        def work() -> tuple[TimelineScene, int, SceneIdentity]:
            measure = widths.measuring(QFontMetricsF(font).horizontalAdvance)
            scene = build_scene(lib, summary, spec, measure, columns, rows, provisional=provisional)
            return scene, version, identity

        self._scenes.request(work)

    def _on_scene(self, result: tuple[TimelineScene, int, SceneIdentity]) -> None:
        scene, version, identity = result
        if version >= self._moves_shown_until:
            self.marking.moved.clear()
        self._recent = [item for item in self._recent if item[0][1] == self._data_version]
        self._recent = [*self._recent[-(_RECENT_SCENES - 1) :], (identity, scene)]
        self._install(scene)

    def _install(self, scene: TimelineScene) -> None:
        self._scene = scene
        if not self.viewport().isVisible():  # no frame to wait for (see paintEvent)
            self._after_first_frame()
        bar = self.verticalScrollBar()
        page = int(self.layout_rect().lanes.height())
        bar.setRange(0, max(0, int(scene.height) - page))
        bar.setPageStep(max(1, page))
        bar.setSingleStep(ROW_HEIGHT)
        self._refresh_highlights()
        self.viewport().update()
        self.scene_installed.emit()

    def keep_moves_until_next_data(self) -> None:
        """Drag previews stay drawn until a scene of the edited data arrives (no flicker)."""
        self._moves_shown_until = self._data_version + 1

    # -- what the input handling asks (TimelineHost) ------------------------------------------
    @property
    def read_only(self) -> bool:
        return self.controller.read_only

    def selected_events(self) -> frozenset[int]:
        return frozenset(self.selection.ids("event"))

    def select_events(self, ids: set[int], current: int | None, *, by_view: bool = True) -> None:
        # by_view: the click came from here, so the view does not scroll to what it shows
        self.selection.select("event", ids, origin=self if by_view else None, current=current)

    def clear_selection(self) -> None:
        self.selection.clear(origin=self)

    def activate_event(self, event_id: int) -> None:
        self.event_activated.emit(event_id)

    def request_new_event(self, date: str) -> None:
        self.new_event_requested.emit(date)

    def move_event(self, event_id: int, edtf: str) -> None:
        """Re-date a dragged event as one undoable edit; a refusal is shown, the mark goes back."""
        self.keep_moves_until_next_data()
        try:
            push(self.undo_stack, EditCommand(self.controller, "event", event_id, when=edtf))
        except ChronicleError as err:
            self.marking.moved.pop(event_id, None)
            self.viewport().update()
            self.error.emit("Cannot move the event", str(err))

    def event_actors(self, event_id: int) -> list[str]:
        return actor_names(self.controller.lib, event_id) if self.controller.is_open else []

    # -- selection -----------------------------------------------------------------------------
    def _on_selection(self, _origin: object) -> None:
        self._refresh_highlights()
        self.viewport().update()

    def _refresh_highlights(self) -> None:
        ids = self.selection.ids
        self.marking.selected = ids("event")
        self.marking.grips = not self.controller.read_only
        actors, sources = ids("actor"), ids("source")
        shown = {mark.event_id for mark in self._scene.marks} if self._scene else set()
        if (actors or sources) and shown and self.controller.is_open:
            self.marking.highlighted = frozenset(
                linked_event_ids(
                    self.controller.lib, actor_ids=actors, source_ids=sources, among=shown
                )
            )
        else:
            self.marking.highlighted = frozenset()
        lanes = actors if self._lane_by == "actor" else frozenset()
        self.marking.highlighted_lanes = frozenset(lanes)

    # -- painting ------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (event.Type.PaletteChange, event.Type.StyleChange):
            self._theme = TimelineTheme.from_palette(self.palette())
        super().changeEvent(event)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        rect = QRectF(self.viewport().rect())
        painter.fillRect(rect, self._theme.background)
        if self._scene is None:
            self._paint_message(painter, rect, self._empty_message())
            return
        painter.setFont(self.font())
        render_timeline(
            painter,
            rect,
            self._scene,
            theme=self._theme,
            legend=False,
            view=self.view(),
            marking=self.marking,
            cache=True,
        )
        self._after_first_frame()

    def _after_first_frame(self) -> None:
        # Work that waits for a frame with events on it: on two cores, started sooner it
        # would hold that frame back (the overview scans the library, the columns read it).
        self._request_overview()
        self.keys.start()

    def _empty_message(self) -> str:
        if not self.controller.is_open:
            return "Open a library to begin."
        if self._summary is None or self._summary.lanes:
            return "Loading the timeline…"
        if self._filter.is_empty():
            return "This library has no events yet."
        return "No events match the filter."

    def _paint_message(self, painter: QPainter, rect: QRectF, text: str) -> None:
        font = QFont(self.font())
        font.setPointSizeF(max(9.0, font.pointSizeF() + 2))
        painter.setFont(font)
        painter.setPen(self._theme.muted)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._scale is not None and self._scale is self._opening_fit:
            # Still the fit made on opening: fit the new width (kept, a narrow first layout
            # left the events in the left fifth, the axis running thousands of years on).
            self.fit_all()
            self._opening_fit = self._scale
        elif self._scale is not None:
            self.set_scale(self._scale)
        if self._scene is not None:
            page = int(self.layout_rect().lanes.height())
            bar = self.verticalScrollBar()
            bar.setRange(0, max(0, int(self._scene.height) - page))
            bar.setPageStep(max(1, page))

    # -- input is handled by TimelineInput ---------------------------------------------------------
    def viewportEvent(self, event: QEvent) -> bool:
        if self.input.gesture(event):
            return True
        return super().viewportEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.input.press(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self.input.move(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.input.release(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.input.double_click(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        self.input.wheel(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        pos = QPointF(event.pos())  # a scroll area hands it over in viewport coordinates
        show_menu(self, self.input.hit_at(pos), pos)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.input.key(event):
            super().keyPressEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self.input.forget_hover()
        super().leaveEvent(event)
