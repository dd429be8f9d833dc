"""Right-click on the Events, Actors and Sources lists: edit, zoom the timeline to it, show it in
the graph, delete. The row under the pointer is selected first, as in any list."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtWidgets import QMenu


def install_list_menus(window) -> None:
    for panel in window.lists.values():
        view = panel.view
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(lambda pos, v=view: show_list_menu(window, v, pos))


def show_list_menu(window, view, pos: QPoint) -> QMenu | None:
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
    menu.addAction("&Edit", window.inspector.focus_first_field)
    menu.addAction("&Zoom Timeline to It", window.timeline.zoom_to_selection)

    def show_in_graph() -> None:
        dock = window.graph.parentWidget()
        dock.show()
        dock.raise_()

    menu.addAction("Show in &Graph", show_in_graph)
    menu.addSeparator()
    delete = menu.addAction("&Delete…", window.record_actions.delete_selected)
    delete.setEnabled(window.record_actions.delete.isEnabled())
    menu.popup(view.viewport().mapToGlobal(pos))
    return menu
