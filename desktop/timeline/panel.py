"""The timeline panel: toolbar (zoom, fit, go to date, lanes), filter bar, timeline, overview."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QToolBar, QVBoxLayout, QWidget

from db.queries import EventFilter
from desktop.dialogs.go_to_date import GoToDateDialog
from desktop.timeline.input import TimelineInput
from desktop.timeline.overview import OverviewStrip
from desktop.timeline.widget import TimelineWidget
from desktop.widgets.filter_bar import FilterBar
from desktop.workspace import Workspace

LANE_CHOICES = (("Actors", "actor"), ("Tags", "tag"), ("Categories", "category"), ("None", "none"))


class TimelinePanel(QWidget):
    """Everything of the timeline in one widget; `.timeline` is the view itself."""

    filter_changed = Signal()  # `current_filter()` changed

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline_panel")
        controller = workspace.controller
        self.timeline = TimelineWidget(
            controller, workspace.selection, workspace.undo_stack, self, make_input=TimelineInput
        )
        self.filter_bar = FilterBar(controller, self)
        self.overview = OverviewStrip(self)
        self.toolbar = QToolBar("Timeline", self)
        self.toolbar.setObjectName("timeline_toolbar")
        # Not `actions`: that would hide QWidget.actions().
        self.toolbar_actions: dict[str, QAction] = {}
        self._build_toolbar()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.timeline, 1)
        layout.addWidget(self.overview)
        self._search = ""  # the main window's search box: filters the timeline too
        self.filter_bar.filter_changed.connect(self._apply_filter)
        self.timeline.summary_changed.connect(self.overview.set_summary)
        self.timeline.window_changed.connect(self.overview.set_window)
        self.overview.window_requested.connect(self.timeline.set_window)
        self.overview.zoom_requested.connect(self.timeline.zoom_by)
        self.timeline.lane_by_changed.connect(self._show_lane_by)
        self.setFocusProxy(self.timeline)

    def _build_toolbar(self) -> None:
        timeline = self.timeline
        self._add(
            "zoom_in", "Zoom In", lambda: timeline.zoom_by(1.5), QKeySequence.StandardKey.ZoomIn
        )
        self._add(
            "zoom_out",
            "Zoom Out",
            lambda: timeline.zoom_by(1 / 1.5),
            QKeySequence.StandardKey.ZoomOut,
        )
        self._add("fit_all", "Fit All", timeline.fit_all, QKeySequence("Ctrl+0"))
        self._add(
            "zoom_to_selection",
            "Zoom to Selection",
            timeline.zoom_to_selection,
            QKeySequence("Ctrl+2"),  # Ctrl+E is New Event
        )
        self._add("go_to_date", "Go to Date…", self.go_to_date, QKeySequence("Ctrl+G"))
        self.toolbar.addSeparator()
        label = QLabel("Lanes:", self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        self.lane_combo = QComboBox(self)
        self.lane_combo.setAccessibleName("Lanes by")
        for text, mode in LANE_CHOICES:
            self.lane_combo.addItem(text, mode)
        label.setBuddy(self.lane_combo)
        self.lane_combo.currentIndexChanged.connect(
            lambda _i: timeline.set_lane_by(self.lane_combo.currentData())
        )
        self.toolbar.addWidget(label)
        self.toolbar.addWidget(self.lane_combo)
        collapse = self._add("collapse_lanes", "Collapse Lanes", None)
        collapse.setCheckable(True)
        collapse.toggled.connect(timeline.set_all_collapsed)

    def _add(
        self,
        name: str,
        text: str,
        slot: Callable[[], object] | None,
        shortcut: QKeySequence | QKeySequence.StandardKey | None = None,
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(f"timeline_{name}")
        if shortcut is not None:
            action.setShortcut(shortcut)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            # Added to the panel too: the toolbar alone made the keys work only while the
            # toolbar had the focus, never from the timeline itself.
            self.addAction(action)
            action.setToolTip(f"{text} ({QKeySequence(shortcut).toString()})")
        if slot is not None:
            action.triggered.connect(lambda _checked=False: slot())
        self.toolbar.addAction(action)
        self.toolbar_actions[name] = action
        return action

    def current_filter(self) -> EventFilter:
        """The one filter of events: the filter bar's choices and the search box's words."""
        filt = self.filter_bar.current_filter()
        text = " ".join(t for t in (filt.text, self._search) if t)
        return replace(filt, text=text)

    def set_search(self, text: str) -> None:
        self._search = text.strip()
        self._apply_filter()

    def _apply_filter(self, *_args: object) -> None:
        self.timeline.set_filter(self.current_filter())
        self.filter_changed.emit()

    def set_lane_by(self, mode: str) -> None:
        """Choose the lanes (also updates the combo box)."""
        self.lane_combo.setCurrentIndex(self.lane_combo.findData(mode))

    def _show_lane_by(self, mode: str) -> None:
        self.lane_combo.blockSignals(True)
        self.lane_combo.setCurrentIndex(self.lane_combo.findData(mode))
        self.lane_combo.blockSignals(False)

    def go_to_date(self) -> None:
        dialog = GoToDateDialog(self)
        if dialog.exec() and dialog.date is not None:
            self.timeline.show_date(dialog.date)
