"""The graph's place in the main window: View menu entries for Find Path and for showing the
graph in its own window, and the right-click menu on nodes and edges.

"Its own window" floats the Relationships dock as a large top-level window: the same panel, so
the selection, filters, layout and path stay shared with the rest of the app. Closing that
window puts the graph back into its dock instead of hiding it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QDockWidget

from desktop.graph.context_menu import GraphContextMenu, GraphMenuTargets
from desktop.graph.panel import GraphPanel
from desktop.workspace import Menus, Workspace

FIND_PATH_KEY = "Ctrl+Shift+P"
OWN_WINDOW_KEY = "Ctrl+Shift+G"
_OWN_WINDOW_SHARE = 0.7  # of the screen's width and height


class GraphWindowActions(QObject):
    """View ▸ Find Path… and View ▸ Graph in Its Own Window, bound to the graph's dock."""

    def __init__(
        self, workspace: Workspace, menus: Menus, graph: GraphPanel, targets: GraphMenuTargets
    ) -> None:
        super().__init__(graph)
        self.workspace, self.graph = workspace, graph
        dock = graph.parentWidget()
        assert isinstance(dock, QDockWidget), "the graph panel is put in its dock first"
        self.dock = dock
        path = self.graph.path_action
        path.setShortcut(QKeySequence(FIND_PATH_KEY))
        path.toggled.connect(self._on_find_path)
        self.own_window = QAction("Graph in Its Own &Window", graph)
        self.own_window.setObjectName("graph_own_window")
        self.own_window.setCheckable(True)
        self.own_window.setShortcut(QKeySequence(OWN_WINDOW_KEY))
        self.own_window.setToolTip("Show the relationship graph in a large window of its own")
        self.own_window.toggled.connect(self.set_own_window)
        self.graph.toolbar.addAction(self.own_window)
        self.dock.topLevelChanged.connect(self._on_floating)
        self.dock.installEventFilter(self)
        menus.view.addSeparator()
        menus.view.addAction(path)
        menus.view.addAction(self.own_window)
        self.context_menu = GraphContextMenu(workspace, graph, targets)

    def _bring_dock_forward(self) -> None:
        self.dock.show()
        self.dock.raise_()

    def _on_find_path(self, on: bool) -> None:
        if on:
            self._bring_dock_forward()

    def set_own_window(self, on: bool) -> None:
        """Float the graph dock as a big window of its own, or put it back in its dock."""
        if on == self.dock.isFloating():
            return
        self.dock.setFloating(on)
        self._bring_dock_forward()
        if on:
            parent = self.workspace.parent
            screen = (parent.screen() if parent else None) or QGuiApplication.primaryScreen()
            area = screen.availableGeometry()
            width, height = (
                int(area.width() * _OWN_WINDOW_SHARE),
                int(area.height() * _OWN_WINDOW_SHARE),
            )
            self.dock.setGeometry(
                area.x() + (area.width() - width) // 2,
                area.y() + (area.height() - height) // 2,
                width,
                height,
            )
            self.dock.activateWindow()
            self.graph.widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_floating(self, floating: bool) -> None:
        # Also when the user floats or docks it by its title bar.
        self.own_window.blockSignals(True)
        self.own_window.setChecked(floating)
        self.own_window.blockSignals(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.dock and event.type() == QEvent.Type.Close and self.dock.isFloating():
            # Closing the graph's own window returns the graph to its dock.
            event.ignore()
            self.set_own_window(False)
            return True
        return super().eventFilter(watched, event)


def install_graph_actions(
    workspace: Workspace, menus: Menus, graph: GraphPanel, targets: GraphMenuTargets
) -> GraphWindowActions:
    """View ▸ Find Path… and ▸ Graph in Its Own Window, and the right-click menu on the graph."""
    return GraphWindowActions(workspace, menus, graph, targets)
