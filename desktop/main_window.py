"""The main window: wiring only. Panels, menus and actions live in their own modules."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QWidget,
)

from db.errors import ChronicleError
from desktop.library import ACTOR, EVENT, SOURCE, LibraryController
from desktop.panels.lists import ListPanel
from desktop.selection import SelectionModel

FILE_FILTER = "Chronicle libraries (*.chronicle);;All files (*)"
MAX_RECENT = 8


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
        self._build_search()
        self._build_menus()
        self._status = QLabel(self)
        self._status.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(self._status)
        controller.changed.connect(self._update_status)
        controller.opened.connect(self._on_opened)
        self.undo_stack.cleanChanged.connect(lambda _clean: self._update_title())
        self._restore_layout()

    # -- building ---------------------------------------------------------------------
    def _build_central(self) -> None:
        central = QLabel("Open a library to begin.", self)
        central.setTextFormat(Qt.TextFormat.PlainText)
        central.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setCentralWidget(central)

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
        for panel in self.lists.values():
            panel.set_search(text)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self._action(file_menu, "&New Library…", self.new_library, QKeySequence.StandardKey.New)
        self._action(file_menu, "&Open…", self.open_dialog, QKeySequence.StandardKey.Open)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        edit_menu = self.menuBar().addMenu("&Edit")
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence.StandardKey.Redo])
        edit_menu.addActions([undo, redo])
        self.view_menu = self.menuBar().addMenu("&View")
        for dock in self.findChildren(QDockWidget):
            self.view_menu.addAction(dock.toggleViewAction())

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
            self.show_error("Cannot open library", err)
            return False
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
        path = str(lib.path)
        recent = [path] + [p for p in self._recent() if p != path]
        self.settings.setValue("recent_files", recent[:MAX_RECENT])
        self.settings.setValue("last_file", path)
        self._update_title()

    def _update_title(self) -> None:
        name = self.controller.path.name if self.controller.path else "No library"
        suffix = " (read-only)" if self.controller.read_only else ""
        self.setWindowTitle(f"{name}{suffix} — Chronicle")

    def _update_status(self, _kinds=None) -> None:
        if not self.controller.is_open:
            self._status.setText("")
            return
        counts = self.controller.counts()
        self._status.setText(
            f"{counts['event']:,} events · {counts['actor']:,} actors · "
            f"{counts['source']:,} sources · {counts['relation']:,} relations"
        )

    # -- layout -----------------------------------------------------------------------
    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 900)
        if state is not None:
            self.restoreState(state)

    def closeEvent(self, event) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.controller.close()
        super().closeEvent(event)
