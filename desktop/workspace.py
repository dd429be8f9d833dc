"""What every panel and feature works with: the `Workspace` (data, selection, undo, settings,
paths, error reporting) and the `Menus` (the window's menu bar, docks and shortcuts).

The main window builds both and hands them to each panel and to each feature's
`install(workspace, menus)`; nothing else of the window is reachable from a feature, so a feature
can be read, tested and changed without the window's insides (docs/architecture.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QToolBar, QWidget

from db.queries import EventFilter
from desktop.library import LibraryController
from desktop.paths import Paths
from desktop.selection import SelectionModel


class Reporter(Protocol):
    """Tells the user: a message box for what failed, the status bar for what was done."""

    def show_error(self, title: str, err: Exception | str) -> None: ...

    def show_status(self, text: str, msecs: int = 0) -> None: ...


class TimelineView(Protocol):
    """What a feature may read of the timeline on screen (a picture export starts from it)."""

    def visible_window(self) -> tuple[int, int]:
        """(start_key, end_key) on screen; (0, 0) before the timeline has its size."""
        ...

    def lane_by(self) -> str: ...

    def timeline_filter(self) -> EventFilter:
        """The filter bar's filter (not the search box)."""
        ...

    def timeline_layers(self) -> tuple[bool, bool]:
        """Whether the timeline draws (eras as bands, relations between events)."""
        ...


@dataclass(frozen=True)
class Workspace:
    """The shared state of one main window, typed; given to every panel and feature."""

    controller: LibraryController
    selection: SelectionModel
    undo_stack: QUndoStack
    settings: QSettings
    paths: Paths
    report: Reporter
    timeline: TimelineView
    parent: QWidget | None  # the top-level window: parent of dialogs, nothing more


class Menus:
    """The window's menu bar, docks and window-wide shortcuts, for features to add to."""

    def __init__(self, window: QMainWindow):
        self._window = window
        self.file = self.menu("&File")
        self.edit = self.menu("&Edit")
        self.view = self.menu("&View")

    def menu(self, title: str) -> QMenu:
        """The menu bar's menu called `title` ("&Help" and "Help" are the same), made if missing."""
        plain = title.replace("&", "")
        for action in self._window.menuBar().actions():
            menu = action.menu()  # a QMenu, though QtGui's stub can only say QObject
            if isinstance(menu, QMenu) and action.text().replace("&", "") == plain:
                return menu
        return self._window.menuBar().addMenu(title)

    def add_dock(self, widget: QWidget, title: str, area: Qt.DockWidgetArea) -> QDockWidget:
        """Put `widget` in a dock named after `title` (its name keeps the saved layout)."""
        dock = QDockWidget(title, self._window)
        dock.setObjectName(f"dock_{title.lower().replace(' ', '_')}")
        dock.setWidget(widget)
        self._window.addDockWidget(area, dock)
        return dock

    def add_toolbar_row(self, toolbar: QToolBar) -> None:
        """A toolbar on a row of its own above the central widget (a banner, say)."""
        self._window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        self._window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)

    def add_shortcut(self, action: QAction) -> None:
        """Make `action`'s keys work in the whole window, even while the menu bar is hidden."""
        self._window.addAction(action)

    def all_actions(self) -> list[QAction]:
        """Every action of the window (menus, toolbars, panels): the shortcut list reads them."""
        return self._window.findChildren(QAction)
