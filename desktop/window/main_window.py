"""The main window: it assembles the panels and features around one `Workspace`.

Each feature package (`desktop.exchange`, `desktop.safety`, `desktop.curation`, `desktop.help`)
is added with its `install(workspace, menus)`; the window keeps what they return and wires the
panels to one another. It is also the workspace's `Reporter` and `TimelineView`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
)

from db.engine import Library
from db.queries import EventFilter
from db.team import safe_url
from desktop import curation, exchange, help, safety
from desktop.counted import counted
from desktop.dialogs.team_library import TeamLibraryDialog
from desktop.graph.context_menu import GraphMenuTargets
from desktop.graph.panel import GraphPanel
from desktop.graph.window_actions import install_graph_actions
from desktop.library import ACTOR, EVENT, SOURCE, LibraryController
from desktop.models.tables import EventTableModel
from desktop.panels.change_history import add_change_history_dock
from desktop.panels.editors.event_form import EventForm
from desktop.panels.history import HistoryPanel
from desktop.panels.inspector import InspectorPanel
from desktop.panels.lists import ListPanel
from desktop.paths import Paths
from desktop.selection import SelectionModel
from desktop.timeline.panel import TimelinePanel
from desktop.timeline.view_actions import install_layer_actions
from desktop.window.list_menus import ListMenuTargets, install_list_menus
from desktop.window.record_actions import RecordActions
from desktop.workspace import Menus, Workspace

FILE_FILTER = "Chronicle libraries (*.chronicle);;All files (*)"
MAX_RECENT = 8
FIRST_START_SIZE = (1400, 900)
# Ctrl+Shift+Z and Ctrl+Y on every platform, each once (Qt's StandardKey.Redo already holds one
# of them, and a key bound twice is ambiguous: neither binding fires).
REDO_KEYS = [QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")]


class MainWindow(QMainWindow):
    def __init__(self, controller: LibraryController, settings: QSettings):
        super().__init__()
        self.setObjectName("main_window")
        self._first_show: Callable[[], None] | None = None  # set by _arrange_docks
        self.controller = controller
        self.settings = settings
        self.selection = SelectionModel(self)
        self.undo_stack = QUndoStack(self)
        # The window tells the user (Reporter) and answers for the timeline (TimelineView).
        self.workspace = workspace = Workspace(
            controller=controller,
            selection=self.selection,
            undo_stack=self.undo_stack,
            settings=settings,
            paths=Paths(),
            report=self,
            timeline=self,
            parent=self,
        )
        self.menus = Menus(self)  # File, Edit, View: filled below, features add to them
        self.setDockNestingEnabled(True)
        self.lists = {kind: ListPanel(kind, workspace, self) for kind in (EVENT, ACTOR, SOURCE)}
        self._build_central()
        self.list_docks = {
            kind: self.menus.add_dock(
                panel, f"{kind.capitalize()}s", Qt.DockWidgetArea.LeftDockWidgetArea
            )
            for kind, panel in self.lists.items()
        }
        self.graph = GraphPanel(workspace, self)
        right = Qt.DockWidgetArea.RightDockWidgetArea
        self.graph_dock = self.menus.add_dock(self.graph, "Relationships", right)
        self.timeline.window_changed.connect(self.graph.set_time_window)
        self.graph.window_requested.connect(self.timeline.set_window)
        self._build_editing()
        self._build_search()
        # New, delete, find, save a copy, close.
        self.record_actions = RecordActions(
            workspace, self.menus, self.inspector, self.inspector_dock, self.search_box
        )
        self._build_menus()
        # Source reader dock, Curation menu, View ▸ Evidence (which filters the Events list).
        self.curation = curation.install(workspace, self.menus)
        self.curation.evidence.changed.connect(self._apply_source_limit)
        self.curation.flags.changed.connect(self._apply_evidence_flag)
        # The filter bar sets the Events list's filter anew: the evidence choices stay in force.
        self.timeline_panel.filter_changed.connect(self._keep_evidence_filters)
        self.help = help.install(workspace, self.menus)  # last in the menu bar; Preferences
        self.help_menu = self.help.menu
        self.help.actions.applied.connect(self._show_dates_anew)
        self._show_dates_anew()
        targets = ListMenuTargets(
            self.inspector, self.timeline, self.graph_dock, self.record_actions
        )
        install_list_menus(self.lists, targets)  # right-click on the lists
        graph_targets = GraphMenuTargets(
            self.inspector, self.inspector_dock, self.timeline, self.record_actions.delete_selected
        )
        # View ▸ Find Path, ▸ Graph in Its Own Window; right-click on the graph.
        self.graph_actions = install_graph_actions(workspace, self.menus, self.graph, graph_targets)
        self._status = QLabel(self)
        self._status.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(self._status)
        controller.changed.connect(self._update_status)
        controller.opened.connect(self._on_opened)
        self.undo_stack.cleanChanged.connect(self._update_title)
        self._restore_layout()

    # -- building ---------------------------------------------------------------------
    def _build_central(self) -> None:
        self.timeline_panel = TimelinePanel(self.workspace, self)
        self.timeline = self.timeline_panel.timeline
        self.setCentralWidget(self.timeline_panel)
        self.timeline_panel.filter_changed.connect(self._apply_event_filter)
        self.timeline.error.connect(self.show_error)
        self.timeline.new_event_requested.connect(self._new_event_on)
        # Double-click makes the event current, so the inspector shows it for editing.
        self.timeline.event_activated.connect(
            lambda event_id: self.selection.select("event", {event_id}, current=event_id)
        )

    def _build_editing(self) -> None:
        """The inspector (right) edits the current record; the history panel lists every edit."""
        right = Qt.DockWidgetArea.RightDockWidgetArea
        self.inspector = InspectorPanel(self.workspace, self)
        self.inspector_dock = self.menus.add_dock(self.inspector, "Inspector", right)
        self.history = HistoryPanel(self.workspace, self)
        self.history_dock = self.menus.add_dock(self.history, "History", right)
        self.history_dock.hide()
        self.change_history = add_change_history_dock(
            self.workspace, self.menus
        )  # the library's, not the undo stack
        for panel in self.lists.values():
            panel.activated.connect(lambda _kind, _id: self.inspector.focus_first_field())
        self.timeline.event_activated.connect(lambda _id: self.inspector.focus_first_field())
        self.graph.activated.connect(lambda _kind, _id: self.inspector.focus_first_field())
        self.controller.failed.connect(self.show_error)
        # After Create the cursor leaves the form: the next keys must not edit the new record.
        self.inspector.record_created.connect(lambda kind, _id: self.lists[kind].view.setFocus())
        self.inspector.notice.connect(lambda text: self.statusBar().showMessage(text, 15000))
        self.controller.changed.connect(self._update_title)

    def _events_model(self) -> EventTableModel:
        model = self.lists[EVENT].model
        assert isinstance(model, EventTableModel)  # the Events list's, made for kind EVENT
        return model

    def _apply_event_filter(self, *_args: object) -> None:
        """The Events list shows what the timeline shows: its filters and the search box."""
        self._events_model().set_filter(self.timeline_panel.current_filter())

    def _apply_source_limit(self, limit: int | None) -> None:
        """View ▸ Evidence: the Events list shows only events with at most `limit` sources."""
        model = self._events_model()
        if model.filter.max_sources != limit:
            model.set_filter(replace(model.filter, max_sources=limit))

    def _apply_evidence_flag(self, flag: str | None) -> None:
        """View ▸ Evidence: the Events list shows only events with `flag` (contested, …)."""
        model = self._events_model()
        if model.filter.evidence_flag != flag:
            model.set_filter(replace(model.filter, evidence_flag=flag))

    def _keep_evidence_filters(self) -> None:
        self._apply_source_limit(self.curation.evidence.max_sources())
        self._apply_evidence_flag(self.curation.flags.flag())

    def _show_dates_anew(self) -> None:
        """After a preference changed: the forms and the timeline show dates the new way."""
        for form in self.inspector.forms.values():
            form.refresh()  # shows the stored dates anew, keeps what is being typed
        self.timeline.viewport().update()

    def _new_event_on(self, when: str) -> None:
        """A new event draft dated where the user double-clicked (or chose New Event on …)."""
        self.record_actions.new_record("event")
        form = self.inspector.forms["event"]
        assert isinstance(form, EventForm)  # the inspector's form for kind "event"
        form.date.setText(when)
        form.focus_first_field()

    def _build_search(self) -> None:
        toolbar = self.addToolBar("Search")
        toolbar.setObjectName("toolbar_search")
        self.search_box = QLineEdit(self)
        self.search_box.setObjectName("search_box")
        self.search_box.setPlaceholderText("Search titles, summaries, actors, sources…")
        self.search_box.setAccessibleName("Search")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMaximumWidth(420)
        toolbar.addWidget(self.search_box)
        self._search_timer = QTimer(self, singleShot=True, interval=250)
        self._search_timer.timeout.connect(self._apply_search)
        self.search_box.textChanged.connect(lambda _t: self._search_timer.start())

    def _apply_search(self) -> None:
        text = self.search_box.text()
        for kind, panel in self.lists.items():
            if kind != EVENT:
                panel.set_search(text)
        self.timeline_panel.set_search(text)  # events: the timeline and its list, one filter

    def _build_menus(self) -> None:
        file_menu = self.menus.file
        self._action(file_menu, "&New Library…", self.new_library, QKeySequence.StandardKey.New)
        self._action(file_menu, "&Open…", self.open_dialog, QKeySequence.StandardKey.Open)
        self._action(file_menu, "Open &Team Library…", self.open_team_dialog, "Ctrl+Alt+O")
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.exchange = exchange.install(self.workspace, self.menus)  # File ▸ Import, ▸ Export
        self.datasets = self.exchange.datasets
        self.record_actions.add_file_actions(file_menu)
        file_menu.addSeparator()
        # Check, restore, backups, the read-only banner; opening a library goes through it.
        self.reliability = safety.install(self.workspace, self.menus)
        file_menu.addSeparator()
        # Not StandardKey.Quit: some platforms (Windows, offscreen) give it no key at all.
        self._action(file_menu, "&Quit", self.close, QKeySequence("Ctrl+Q"))
        edit_menu = self.menus.edit
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts(REDO_KEYS)
        edit_menu.addActions([undo, redo])
        self.record_actions.add_edit_actions(edit_menu)
        self.view_menu = self.menus.view
        for dock in self.findChildren(QDockWidget):
            self.view_menu.addAction(dock.toggleViewAction())
        install_layer_actions(self.timeline_panel.timeline, self.view_menu)

    def _action(
        self,
        menu: QMenu,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    # -- the workspace's Reporter and TimelineView ----------------------------------------
    def show_error(self, title: str, err: Exception | str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, str(err), parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()

    def show_status(self, text: str, msecs: int = 0) -> None:
        self.statusBar().showMessage(text, msecs)

    def visible_window(self) -> tuple[int, int]:
        return self.timeline.visible_window()

    def lane_by(self) -> str:
        return self.timeline.lane_by

    def timeline_filter(self) -> EventFilter:
        return self.timeline_panel.filter_bar.current_filter()

    def timeline_layers(self) -> tuple[bool, bool]:
        return self.timeline.shows_bands, self.timeline.shows_relations

    # -- files ------------------------------------------------------------------------
    def open_file(self, path: Path | str, *, create: bool = False) -> bool:
        """Open (or create) the library at `path`; True if it opened."""
        return self.reliability.open_file(path, create=create)

    def new_library(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "New Library", "", FILE_FILTER)
        if path:
            if not path.endswith(".chronicle"):
                path += ".chronicle"
            self.open_file(path, create=True)

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open Library", "", FILE_FILTER)
        if path:
            self.open_file(path)

    def open_team_dialog(self) -> None:
        """File > Open Team Library…: a library on a PostgreSQL server."""
        dialog = TeamLibraryDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.url:
            self.open_file(dialog.url)

    def _recent(self) -> list[str]:
        value = self.settings.value("recent_files", [])
        if isinstance(value, str):  # one path: an INI file gives it back as a bare string
            return [value]
        return list(value) if isinstance(value, list) else []

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self._recent():
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.open_file(p))
        self.recent_menu.setEnabled(bool(self._recent()))

    def _on_opened(self, lib: Library) -> None:
        self.undo_stack.clear()
        self.selection.clear()
        path = safe_url(lib.url) if lib.url is not None else str(lib.path)  # is_team: has a URL
        recent = [path] + [p for p in self._recent() if p != path]
        self.settings.setValue("recent_files", recent[:MAX_RECENT])
        self.settings.setValue("last_file", path)
        self._update_title()

    def _update_title(self, *_why: object) -> None:
        name = self.controller.lib.name if self.controller.is_open else "No library"
        suffix = " (read-only)" if self.controller.read_only else ""
        self.setWindowTitle(f"{name}{suffix} — Chronicle")

    def _update_status(self, _kinds: frozenset[str] | None = None) -> None:
        if not self.controller.is_open:
            self._status.setText("")
            return
        counts = self.controller.counts()
        self._status.setText(
            " · ".join(counted(counts[k], k) for k in ("event", "actor", "source", "relation"))
        )

    # -- layout -----------------------------------------------------------------------
    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self._fit_first_start_size()
        if state is not None:
            self.restoreState(state)
        else:
            self._arrange_docks()

    def _fit_first_start_size(self) -> None:
        """1400x900 where the screen has room, else most of a laptop's screen (never past it)."""
        room = self.screen().availableGeometry()
        self.resize(
            min(FIRST_START_SIZE[0], int(room.width() * 0.95)),
            min(FIRST_START_SIZE[1], int(room.height() * 0.95)),
        )

    def _arrange_docks(self) -> None:
        """First start: lists on the left, inspector on the right over the other panels' tabs."""
        right = Qt.DockWidgetArea.RightDockWidgetArea
        actors, sources = self.list_docks[ACTOR], self.list_docks[SOURCE]
        self.tabifyDockWidget(actors, sources)
        actors.raise_()
        others = [
            d
            for d in self.findChildren(QDockWidget)
            if self.dockWidgetArea(d) == right and d is not self.inspector_dock
        ]
        if others:
            self.splitDockWidget(self.inspector_dock, others[0], Qt.Orientation.Vertical)
        for dock in others[1:]:
            self.tabifyDockWidget(others[0], dock)
        if others:
            others[0].raise_()
        # Dock sizes only take once the window has its size: apply them when it first shows.
        self._first_show = lambda: self._size_docks(others[:1])

    def _size_docks(self, below_inspector: list[QDockWidget]) -> None:
        events, actors = self.list_docks[EVENT], self.list_docks[ACTOR]
        height = self.height()
        self.resizeDocks(
            [events, actors], [height * 6 // 10, height * 4 // 10], Qt.Orientation.Vertical
        )
        if below_inspector:
            docks = [self.inspector_dock, below_inspector[0]]
            # The graph below gets 45 %: at 35 % the demo was a knot of dots on a laptop.
            self.resizeDocks(
                docks, [height * 55 // 100, height * 45 // 100], Qt.Orientation.Vertical
            )
        # The timeline keeps at least 60 % of the width: each side about a sixth (220–400 px).
        side = max(220, min(400, self.width() * 17 // 100))
        self.resizeDocks([events, self.inspector_dock], [side, side], Qt.Orientation.Horizontal)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        first_show, self._first_show = self._first_show, None
        if first_show is not None:
            QTimer.singleShot(0, first_show)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.inspector.commit_pending()  # a field still being typed in is saved, not lost
        self.controller.close()
        super().closeEvent(event)
