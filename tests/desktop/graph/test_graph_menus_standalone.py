"""The graph's View entries and right-click menu need only a workspace, the menus and the
targets they act on (docs/architecture.md): here they run in a bare window, no MainWindow."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QMenu, QWidget


class Undated:
    """A timeline on which nothing selected is dated."""

    def __init__(self):
        self.asked = 0

    def zoom_to_selection(self) -> bool:
        self.asked += 1
        return False


class Inspector(QWidget):
    def __init__(self):
        super().__init__()
        self.forms: dict[str, QWidget] = {}
        self.focused = 0

    def focus_first_field(self) -> None:
        self.focused += 1


@pytest.fixture
def bare(qtbot, tmp_path):
    """(workspace, graph panel in a dock of a plain QMainWindow, targets, calls to Delete)."""
    from workspaces import standalone_workspace

    from db.exchange.imports import import_json
    from desktop.graph.context_menu import GraphMenuTargets
    from desktop.graph.panel import GraphPanel
    from desktop.graph.window_actions import install_graph_actions
    from desktop.library import LibraryController
    from desktop.workspace import Menus
    from resources import DEMO_CHRONOLOGY

    controller = LibraryController()
    controller.open(tmp_path / "graph.chronicle", create=True)
    import_json(controller.lib, DEMO_CHRONOLOGY)
    workspace = standalone_workspace(controller)
    window = QMainWindow()
    qtbot.addWidget(window)
    menus = Menus(window)
    graph = GraphPanel(workspace, window)
    menus.add_dock(graph, "Relationships", Qt.DockWidgetArea.RightDockWidgetArea)
    inspector = Inspector()
    qtbot.addWidget(inspector)
    deletes: list[str] = []
    targets = GraphMenuTargets(
        inspector, QDockWidget(window), Undated(), lambda: deletes.append("delete")
    )
    actions = install_graph_actions(workspace, menus, graph, targets)
    window.resize(1100, 760)
    window.show()
    controller.notify({"event", "actor", "source", "link", "tag"})
    qtbot.waitUntil(lambda: not graph.layout_running and graph.scene() is not None, timeout=20000)
    yield workspace, graph, menus, actions, targets, deletes
    graph.cancel_layout()
    controller.close()


def _right_click(qtbot, graph, key) -> QMenu:
    pos = graph.widget.screen_pos(key).toPoint()
    qtbot.mouseClick(graph.widget, Qt.MouseButton.RightButton, pos=pos)
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, pos, graph.widget.mapToGlobal(pos), Qt.KeyboardModifier(0)
    )
    QApplication.sendEvent(graph.widget, event)
    shown = [m for m in graph.widget.findChildren(QMenu, "graph_menu") if m.isVisible()]
    assert len(shown) == 1
    return shown[0]


def _click(qtbot, menu: QMenu, text: str) -> None:
    action = next(a for a in menu.actions() if a.text().replace("&", "") == text)
    assert action.isEnabled()
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())


def test_the_view_menu_gets_find_path_and_the_own_window(bare):
    _workspace, graph, menus, actions, _targets, _deletes = bare
    entries = [a.text().replace("&", "") for a in menus.view.actions() if a.text()]
    assert graph.path_action in menus.view.actions()
    assert "Graph in Its Own Window" in entries
    actions.set_own_window(True)
    assert graph.parentWidget().isFloating() and actions.own_window.isChecked()
    graph.parentWidget().close()  # closing its own window docks it again
    assert not graph.parentWidget().isFloating() and not actions.own_window.isChecked()


def test_the_right_click_menu_acts_on_its_targets_and_reports_through_the_workspace(bare, qtbot):
    workspace, graph, _menus, _actions, targets, deletes = bare
    key = next(k for k in graph.scene().index if k[0] == "event")
    menu = _right_click(qtbot, graph, key)
    assert workspace.selection.ids("event") == {key[1]}  # selected first
    _click(qtbot, menu, "Zoom Timeline to It")
    assert targets.timeline.asked == 1
    assert workspace.report.statuses == ["Nothing dated to zoom to."]
    _click(qtbot, _right_click(qtbot, graph, key), "Edit in Inspector")
    assert targets.inspector.focused == 1 and targets.inspector_dock.isVisible()
    _click(qtbot, _right_click(qtbot, graph, key), "Delete…")
    assert deletes == ["delete"]
