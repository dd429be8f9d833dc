"""Right-click on the relationship graph: on a node (edit, zoom the timeline to it, cite a
source, expand its neighbours, hide it, delete it), on an edge (zoom to it, delete the link), or
on the background (show hidden nodes, fit). As in the lists, the node under the pointer is
selected first, so every entry acts on what the user sees selected.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtWidgets import QDockWidget, QMenu, QMessageBox, QWidget

from db.errors import ChronicleError
from desktop.commands import NOUNS, DeleteCommand, push, quoted
from desktop.graph.model import Edge, NodeKey
from desktop.graph.panel import GraphPanel
from desktop.widgets.entity_picker import EntityPicker
from desktop.workspace import Workspace


class Inspector(Protocol):
    """What the menu uses of the inspector panel (a sibling view, so not imported here)."""

    @property
    def forms(self) -> Mapping[str, QWidget]:
        """The edit form of each kind of record ("event", …)."""
        ...

    def focus_first_field(self) -> None: ...

    def window(self) -> QWidget: ...


class ZoomableTimeline(Protocol):
    def zoom_to_selection(self) -> bool:
        """Show the selected records; False when none of them is dated."""
        ...


@dataclass(frozen=True)
class GraphMenuTargets:
    """What the menu's entries act on beyond the graph; the window builds it from its panels."""

    inspector: Inspector
    inspector_dock: QDockWidget
    timeline: ZoomableTimeline
    delete_selected: Callable[[], None]  # Edit ▸ Delete…: asks, then deletes the selection


class GraphContextMenu(QObject):
    def __init__(self, workspace: Workspace, graph: GraphPanel, targets: GraphMenuTargets):
        super().__init__(graph)
        self.workspace, self.graph, self.targets = workspace, graph, targets
        self.menu: QMenu | None = None  # the last one shown (for tests reading the screen)
        self.graph.widget.context_requested.connect(self.show_menu)

    @property
    def _writable(self) -> bool:
        controller = self.workspace.controller
        return controller.is_open and not controller.read_only

    def show_menu(self, key: NodeKey | None, edge: Edge | None, where: QPoint) -> QMenu:
        menu = QMenu(self.graph.widget)
        menu.setObjectName("graph_menu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if key is not None:
            self._select(key)
            self._node_entries(menu, key)
        elif edge is not None:
            self._edge_entries(menu, edge)
        else:
            self._background_entries(menu)
        self.menu = menu
        menu.popup(where)
        return menu

    def _select(self, key: NodeKey) -> None:
        selection = self.workspace.selection
        if selection.ids(key[0]) != {key[1]}:
            selection.select(key[0], {key[1]}, origin=self.graph, current=key[1])

    # -- nodes ----------------------------------------------------------------------------
    def _node_entries(self, menu: QMenu, key: NodeKey) -> None:
        menu.addAction("&Edit in Inspector", self._edit)
        menu.addAction("&Zoom Timeline to It", self._zoom_timeline)
        if key[0] == "event":
            cite = menu.addAction("&Cite a Source…", self._cite)
            cite.setEnabled(self._writable)
        menu.addSeparator()
        expand = menu.addAction("E&xpand Neighbours", lambda: self.graph.expand(key))
        expand.setEnabled(bool(self.graph.hidden_neighbours(key)))
        menu.addAction("&Hide", lambda: self.graph.hide_node(key))
        if self.graph.hidden:
            self._add_show_hidden(menu)
        menu.addSeparator()
        delete = menu.addAction("&Delete…", self.targets.delete_selected)
        delete.setEnabled(self._writable)

    def _edit(self) -> None:
        self.targets.inspector_dock.show()
        self.targets.inspector_dock.raise_()
        self.targets.inspector.focus_first_field()

    def _zoom_timeline(self) -> None:
        if not self.targets.timeline.zoom_to_selection():
            self.workspace.report.show_status("Nothing dated to zoom to.", 8000)

    def _cite(self) -> None:
        """The event's "Sources cited" row in the inspector, with the cursor in its picker."""
        self._edit()
        inspector = self.targets.inspector
        picker = inspector.forms["event"].findChild(EntityPicker, "source_picker")
        assert picker is not None, "the event form has a source picker"
        inspector.window().activateWindow()
        picker.setFocus(Qt.FocusReason.OtherFocusReason)
        # The inspector scrolls: bring the picker into sight.
        parent = picker.parentWidget()
        while parent is not None and not hasattr(parent, "ensureWidgetVisible"):
            parent = parent.parentWidget()
        if parent is not None:
            parent.ensureWidgetVisible(picker)

    # -- edges ----------------------------------------------------------------------------
    def _edge_entries(self, menu: QMenu, edge: Edge) -> None:
        menu.addAction("&Zoom Timeline to It", lambda: self._zoom_to_edge(edge))
        menu.addSeparator()
        delete = menu.addAction(f"&Delete {NOUNS[edge.kind].capitalize()}…")
        delete.triggered.connect(lambda: self.delete_link(edge))
        delete.setEnabled(self._writable)

    def _zoom_to_edge(self, edge: Edge) -> None:
        """Select the link's event (or both its ends, when it joins two actors) and zoom."""
        ends = [edge.source, edge.target]
        events = {i for kind, i in ends if kind == "event"}
        kind, ids = ("event", events) if events else (edge.source[0], {i for _k, i in ends})
        self.workspace.selection.select(kind, ids, origin=self.graph)
        self._zoom_timeline()

    def _describe(self, edge: Edge) -> str:
        scene = self.graph.scene()
        assert scene is not None, "an edge is described only while it is drawn"
        nodes = scene.model.nodes
        a, b = nodes[edge.source].label, nodes[edge.target].label
        arrow = "→" if edge.directed else "—"
        label = edge.label or NOUNS[edge.kind]
        return f"{quoted(a)} —{label}{arrow} {quoted(b)}"

    def delete_link(self, edge: Edge) -> None:
        """Ask, then delete the link as one undoable command; a refusal is shown."""
        noun = NOUNS[edge.kind]
        box = QMessageBox(self.workspace.parent)
        box.setObjectName("confirm_delete")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Delete")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(f"Delete the {noun} {self._describe(edge)}?")
        box.setInformativeText("Edit ▸ Undo (Ctrl+Z) brings it back.")
        delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(delete)
        box.exec()
        if box.clickedButton() is not delete:
            return
        workspace = self.workspace
        command = DeleteCommand(workspace.controller, edge.kind, [edge.id], f"Delete {noun}")
        try:
            push(workspace.undo_stack, command)
        except ChronicleError as err:
            workspace.report.show_error(f"Cannot delete the {noun}", err)
            return
        workspace.report.show_status(f"Deleted the {noun}. Undo brings it back.", 8000)

    # -- background -----------------------------------------------------------------------
    def _background_entries(self, menu: QMenu) -> None:
        if self.graph.hidden:
            self._add_show_hidden(menu)
        menu.addAction("&Fit", self.graph.widget.fit)

    def _add_show_hidden(self, menu: QMenu) -> None:
        menu.addAction(f"&Show Hidden ({len(self.graph.hidden)})", self.graph.show_hidden)
