"""The main window: wiring only. Panels, menus and actions live in their own modules."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QWidget,
)

from db.errors import ChronicleError
from db.team import safe_url
from desktop.counted import counted
from desktop.curation.actions import install_curation
from desktop.dialogs.team_library import TeamLibraryDialog
from desktop.exchange.actions import install_exchange_menus
from desktop.graph.panel import GraphPanel
from desktop.graph.window_actions import install_graph_actions
from desktop.help.about import install_help_menu
from desktop.help.actions import install_help
from desktop.library import ACTOR, EVENT, SOURCE, LibraryController
from desktop.panels.change_history import add_change_history_dock
from desktop.panels.history import HistoryPanel
from desktop.panels.inspector import InspectorPanel
from desktop.panels.lists import ListPanel
from desktop.safety.reliability import ReliabilityActions
from desktop.selection import SelectionModel
from desktop.timeline.panel import TimelinePanel
from desktop.timeline.view_actions import install_layer_actions
from desktop.window.list_menus import install_list_menus
from desktop.window.record_actions import RecordActions

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
        self.controller = controller
        self.settings = settings
        self.selection = SelectionModel(self)
        self.undo_stack = QUndoStack(self)
        self.setDockNestingEnabled(True)
        self.lists = {
            kind: ListPanel(kind, controller, self.selection, self)
            for kind in (EVENT, ACTOR, SOURCE)
        }
        self._build_central()
        for kind, panel in self.lists.items():
            self._add_dock(panel, f"{kind.capitalize()}s", Qt.DockWidgetArea.LeftDockWidgetArea)
        self.graph = GraphPanel(controller, self.selection, self.undo_stack, self)
        self._add_dock(self.graph, "Relationships", Qt.DockWidgetArea.RightDockWidgetArea)
        self.timeline.window_changed.connect(self.graph.set_time_window)
        self.graph.window_requested.connect(self.timeline.set_window)
        self._build_editing()
        self._build_search()
        self.record_actions = RecordActions(self)  # new, delete, find, save a copy, close
        self._build_menus()
        self.curation = install_curation(self)  # source reader dock, Curation menu, evidence
        self.help_menu = install_help_menu(self)  # last in the menu bar
        self.help = install_help(self, settings)  # Help: guide, shortcuts; Edit ▸ Preferences
        install_list_menus(self)  # right-click on the lists
        self.graph_actions = install_graph_actions(self)  # View ▸ graph entries, right-click
        self._status = QLabel(self)
        self._status.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(self._status)
        controller.changed.connect(self._update_status)
        controller.opened.connect(self._on_opened)
        self.undo_stack.cleanChanged.connect(self._update_title)
        self._restore_layout()

    # -- building ---------------------------------------------------------------------
    def _build_central(self) -> None:
        self.timeline_panel = TimelinePanel(self.controller, self.selection, self.undo_stack, self)
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
        self.inspector = InspectorPanel(self.controller, self.selection, self.undo_stack, self)
        self.inspector_dock = self._add_dock(self.inspector, "Inspector", right)
        self.history = HistoryPanel(self.undo_stack, self)
        self.history_dock = self._add_dock(self.history, "History", right)
        self.history_dock.hide()
        self.change_history = add_change_history_dock(self)  # the library's, not the undo stack
        for panel in self.lists.values():
            panel.activated.connect(lambda _kind, _id: self.inspector.focus_first_field())
        self.timeline.event_activated.connect(lambda _id: self.inspector.focus_first_field())
        self.graph.activated.connect(lambda _kind, _id: self.inspector.focus_first_field())
        self.controller.failed.connect(self.show_error)
        # After Create the cursor leaves the form: the next keys must not edit the new record.
        self.inspector.record_created.connect(lambda kind, _id: self.lists[kind].view.setFocus())
        self.inspector.notice.connect(lambda text: self.statusBar().showMessage(text, 15000))
        self.controller.changed.connect(self._update_title)

    def _apply_event_filter(self, *_args) -> None:
        """The Events list shows what the timeline shows: its filters and the search box."""
        self.lists[EVENT].model.set_filter(self.timeline_panel.current_filter())

    def _new_event_on(self, when: str) -> None:
        """A new event draft dated where the user double-clicked (or chose New Event on …)."""
        self.record_actions.new_record("event")
        form = self.inspector.forms["event"]
        form.date.setText(when)
        form.focus_first_field()

    def _add_dock(self, widget: QWidget, title: str, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{title.lower().replace(' ', '_')}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

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
        file_menu = self.menuBar().addMenu("&File")
        self._action(file_menu, "&New Library…", self.new_library, QKeySequence.StandardKey.New)
        self._action(file_menu, "&Open…", self.open_dialog, QKeySequence.StandardKey.Open)
        self._action(file_menu, "Open &Team Library…", self.open_team_dialog, "Ctrl+Alt+O")
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        install_exchange_menus(self, file_menu)  # File > Import, File > Export
        self.record_actions.add_file_actions(file_menu)
        file_menu.addSeparator()
        self.reliability = ReliabilityActions(self, file_menu)  # check, restore, backups, banner
        file_menu.addSeparator()
        # Not StandardKey.Quit: some platforms (Windows, offscreen) give it no key at all.
        self._action(file_menu, "&Quit", self.close, QKeySequence("Ctrl+Q"))
        edit_menu = self.menuBar().addMenu("&Edit")
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts(REDO_KEYS)
        edit_menu.addActions([undo, redo])
        self.record_actions.add_edit_actions(edit_menu)
        self.view_menu = self.menuBar().addMenu("&View")
        for dock in self.findChildren(QDockWidget):
            self.view_menu.addAction(dock.toggleViewAction())
        install_layer_actions(self.timeline_panel.timeline, self.view_menu)

    def _action(self, menu, text, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    # -- files ------------------------------------------------------------------------
    def show_error(self, title: str, err: Exception | str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, str(err), parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()

    def open_file(self, path: Path | str, *, create: bool = False) -> bool:
        try:
            self.controller.open(path, create=create)
        except ChronicleError as err:
            return self.reliability.open_failed(path, err, create=create)
        return True

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
        return [value] if isinstance(value, str) else list(value or [])

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self._recent():
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.open_file(p))
        self.recent_menu.setEnabled(bool(self._recent()))

    def _on_opened(self, lib) -> None:
        self.undo_stack.clear()
        self.selection.clear()
        path = safe_url(lib.url) if lib.is_team else str(lib.path)
        recent = [path] + [p for p in self._recent() if p != path]
        self.settings.setValue("recent_files", recent[:MAX_RECENT])
        self.settings.setValue("last_file", path)
        self._update_title()

    def _update_title(self, *_why) -> None:
        name = self.controller.lib.name if self.controller.is_open else "No library"
        suffix = " (read-only)" if self.controller.read_only else ""
        self.setWindowTitle(f"{name}{suffix} — Chronicle")

    def _update_status(self, _kinds=None) -> None:
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
        left_tabs = [self.lists[k].parentWidget() for k in (ACTOR, SOURCE)]
        self.tabifyDockWidget(*left_tabs)
        left_tabs[0].raise_()
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
        events, actors = self.lists[EVENT].parentWidget(), self.lists[ACTOR].parentWidget()
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

    def showEvent(self, event) -> None:
        super().showEvent(event)
        first_show, self._first_show = getattr(self, "_first_show", None), None
        if first_show is not None:
            QTimer.singleShot(0, first_show)

    def closeEvent(self, event) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.inspector.commit_pending()  # a field still being typed in is saved, not lost
        self.controller.close()
        super().closeEvent(event)
