"""Right-click on the Events, Actors and Sources lists: edit, zoom the timeline to it, show it in
the graph, delete. The row under the pointer is selected first, as in any list."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtWidgets import QDockWidget, QMenu, QTableView

from desktop.panels.inspector import InspectorPanel
from desktop.panels.lists import ListPanel
from desktop.timeline.widget import TimelineWidget
from desktop.window.record_actions import RecordActions


@dataclass(frozen=True)
class ListMenuTargets:
    """What the menu's entries act on."""

    inspector: InspectorPanel
    timeline: TimelineWidget
    graph_dock: QDockWidget
    record_actions: RecordActions


def install_list_menus(lists: dict[str, ListPanel], targets: ListMenuTargets) -> None:
    for panel in lists.values():
        view = panel.view
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(lambda pos, v=view: show_list_menu(targets, v, pos))


def show_list_menu(targets: ListMenuTargets, view: QTableView, pos: QPoint) -> QMenu | None:
    index = view.indexAt(pos)
    if not index.isValid():
        return None
    if not view.selectionModel().isRowSelected(index.row(), index.parent()):
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        view.selectionModel().select(index, flags | QItemSelectionModel.SelectionFlag.Rows)
        view.setCurrentIndex(index)
    menu = QMenu(view)
    menu.setObjectName("list_menu")
    menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    menu.addAction("&Edit", targets.inspector.focus_first_field)
    menu.addAction("&Zoom Timeline to It", targets.timeline.zoom_to_selection)

    def show_in_graph() -> None:
        targets.graph_dock.show()
        targets.graph_dock.raise_()

    menu.addAction("Show in &Graph", show_in_graph)
    menu.addSeparator()
    records = targets.record_actions
    delete = menu.addAction("&Delete…", records.delete_selected)
    delete.setEnabled(records.delete.isEnabled())
    menu.popup(view.viewport().mapToGlobal(pos))
    return menu
