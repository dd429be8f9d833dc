"""The Relationship panel: the graph view with its toolbar (layout, time slice, filters,
neighbours, path finder) and the wiring to the library, the shared selection and the undo stack.

Data flow: `graph_rows` (filtered) -> full model, laid out off the UI thread and kept in the
library per layout -> the visible model (time slice, isolated nodes, neighbourhood) -> a scene
drawn by GraphWidget. Panning the timeline re-slices in memory; positions stay put, so the
network visibly changes over time instead of jumping around.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from db import store
from db.errors import ChronicleError
from db.models import RELATION_TYPES
from db.queries.graph import GRAPH_EVENTS, GraphRows, graph_rows, in_window
from desktop import commands
from desktop.counted import counted
from desktop.graph.filters import FilterMenu
from desktop.graph.layout import LAYOUTS, circular, completed
from desktop.graph.layout_runner import LayoutRunner
from desktop.graph.model import (
    GraphModel,
    NodeKey,
    build_model,
    describe_step,
    find_path,
    neighbourhood,
    restrict,
)
from desktop.graph.pathfinder import PathFinderBar
from desktop.graph.scene import GraphScene, Highlight
from desktop.graph.style import GraphStyle
from desktop.graph.timeslice import TimeSliceControl
from desktop.graph.widget import GraphWidget
from desktop.library import LibraryController
from desktop.selection import KINDS, SelectionModel
from desktop.workspace import Workspace

_RELOAD_ON = frozenset({"event", "actor", "source", "link", "tag"})
_SLICE_DELAY_MS = 15  # coalesce bursts of timeline window changes into one re-slice


class GraphPanel(QWidget):
    """Actors and events as a node-link graph, following and driving the shared selection."""

    # 64-bit: keys before 1902 or after 2038 overflow a C++ int.
    # A typed date range; the timeline may follow. PySide6's stub omits Signal's C++ type names.
    window_requested = Signal("qint64", "qint64")  # type: ignore[arg-type]
    activated = Signal(str, int)  # double-click on a node: open its editor

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("graph_panel")
        self.controller: LibraryController = workspace.controller
        self.selection: SelectionModel = workspace.selection
        self.undo_stack: QUndoStack = workspace.undo_stack
        self.widget = GraphWidget(self)
        self.filters = FilterMenu(self)
        self.time_slice = TimeSliceControl(self)
        self.path_finder = PathFinderBar(self)
        self.path_finder.hide()
        self._rows: GraphRows | None = None
        self._full: GraphModel | None = None  # filtered, all times: what layouts place
        self._shown: GraphModel | None = None  # sliced and filtered: what path search walks
        self._visible: GraphModel | None = None  # what is drawn
        self._positions: dict[NodeKey, tuple[float, float]] = {}
        self._positions_key: str | None = None
        self._ego_centre: int | None = None
        self._hidden: set[NodeKey] = set()  # hidden by the user (right-click ▸ Hide)
        self._expanded: set[NodeKey] = set()  # shown beside a neighbourhood (▸ Expand)
        self._path = Highlight()
        self.layouts = LayoutRunner(self)
        self._window: tuple[int, int] | None = None
        self._pending = (False, False)  # (reload when shown, and fit the view then)
        self._build_toolbar()
        self._build_status()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.toolbar2)
        layout.addWidget(self.path_finder)
        layout.addWidget(self.widget, 1)
        layout.addWidget(self.status_row)
        self._slice_timer = QTimer(self, singleShot=True, interval=_SLICE_DELAY_MS)
        self._slice_timer.timeout.connect(self._rebuild_view)
        self._connect()
        if self.controller.is_open:
            self._reload_when_shown(fit=True)

    # -- building -------------------------------------------------------------------------
    def _build_toolbar(self) -> None:
        bar = self.toolbar = QToolBar("Graph", self)
        bar.setObjectName("graph_toolbar")
        self.layout_box = QComboBox(self)
        self.layout_box.setObjectName("graph_layout")
        self.layout_box.setAccessibleName("Layout")
        for name, text in LAYOUTS.items():
            self.layout_box.addItem(text, name)
        self.layout_box.setToolTip("Around an actor: centred on the selected actor")
        bar.addWidget(self.layout_box)
        self.relayout_action = bar.addAction("Re-run layout")
        self.relayout_action.setToolTip("Lay the graph out afresh (moved nodes are placed anew)")
        self.fit_action = bar.addAction("Fit")
        self.fit_action.setToolTip("Show the whole graph (F)")
        bar.addSeparator()
        filter_button = QToolButton(self)
        filter_button.setText("Filter")
        filter_button.setAccessibleName("Filter")
        filter_button.setMenu(self.filters)
        filter_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        bar.addWidget(filter_button)
        bar.addSeparator()
        self.path_action = QAction("Find path…", self)
        self.path_action.setCheckable(True)
        self.path_action.setToolTip("How is one actor linked to another?")
        bar.addAction(self.path_action)
        # A second row, so a narrow dock does not hide controls behind an overflow arrow.
        row = self.toolbar2 = QToolBar("Graph time and focus", self)
        row.setObjectName("graph_toolbar_time")
        # Its width is no minimum for the dock: what does not fit goes behind the » arrow, so
        # the timeline keeps its share of a laptop screen (issue 14).
        row.setMinimumWidth(120)
        row.addWidget(self.time_slice)
        row.addSeparator()
        self.neighbours_check = QCheckBox("Neighbours to depth", self)
        self.neighbours_check.setObjectName("graph_neighbours")
        self.neighbours_check.setToolTip("Show only what is linked to the selection")
        self.depth_box = QSpinBox(self)
        self.depth_box.setObjectName("graph_depth")
        self.depth_box.setAccessibleName("Neighbour depth")
        self.depth_box.setRange(1, 6)
        self.depth_box.setValue(1)
        row.addWidget(self.neighbours_check)
        row.addWidget(self.depth_box)

    def _build_status(self) -> None:
        self.status_row = QWidget(self)
        self.status = QLabel(self.status_row)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        # Counts and progress never set the dock's minimum width: the timeline keeps its share.
        self.status.setMinimumWidth(40)
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.progress = QProgressBar(self.status_row)
        self.progress.setAccessibleName("Layout progress")
        self.progress.setMinimumWidth(40)
        self.progress.setMaximumWidth(180)
        self.cancel_button = QPushButton("Cancel", self.status_row)
        self.cancel_button.setAccessibleName("Cancel layout")
        row = QHBoxLayout(self.status_row)
        row.setContentsMargins(6, 2, 6, 2)
        row.addWidget(self.status, 1)
        row.addWidget(self.progress)
        row.addWidget(self.cancel_button)
        self._show_progress(False)

    def _connect(self) -> None:
        self.controller.changed.connect(self._on_data_changed)
        self.controller.opened.connect(lambda _lib: self._reload_when_shown(fit=True))
        self.controller.closing.connect(self._on_closing)
        self.selection.changed.connect(self._on_selection)
        self.widget.node_clicked.connect(self._on_node_clicked)
        self.widget.background_clicked.connect(lambda: self.selection.clear(origin=self))
        self.widget.node_activated.connect(lambda key: self.activated.emit(*key))
        self.widget.nodes_moved.connect(self._save_moved)
        self.widget.link_requested.connect(self._on_link_requested)
        self.filters.changed.connect(lambda: self._reload_when_shown())
        self.layout_box.currentIndexChanged.connect(lambda _i: self._choose_layout())
        self.relayout_action.triggered.connect(lambda: self.run_layout(fresh=True))
        self.fit_action.triggered.connect(self.widget.fit)
        self.time_slice.toggled.connect(lambda _on: self._rebuild_view())
        self.time_slice.window_changed.connect(self._on_typed_window)
        self.neighbours_check.toggled.connect(lambda _on: self._rebuild_view())
        self.depth_box.valueChanged.connect(lambda _v: self._rebuild_view())
        self.path_action.toggled.connect(self._toggle_path_finder)
        self.path_finder.find_requested.connect(self.find_path)
        self.path_finder.cleared.connect(self.clear_path)
        self.path_finder.step_chosen.connect(self._on_step_chosen)
        self.cancel_button.clicked.connect(self.cancel_layout)
        self.layouts.progressed.connect(self._on_layout_progress)
        self.layouts.finished.connect(self._on_layout_done)
        self.layouts.failed.connect(self._on_layout_failed)

    # -- data ------------------------------------------------------------------------------
    def _on_data_changed(self, kinds: frozenset[str]) -> None:
        if kinds & _RELOAD_ON:
            self._reload_when_shown()

    def _reload_when_shown(self, *, fit: bool = False) -> None:
        """Reload now if the panel is on screen; a hidden (or tabbed-away) panel costs nothing
        until it is shown again."""
        if self.isVisible():
            self.reload(fit=fit)
        else:
            self._pending = (True, self._pending[1] or fit)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        reload, fit = self._pending
        if reload:
            self.reload(fit=fit)

    def reload(self, *, fit: bool = False) -> None:
        """Read the (filtered) graph from the library and show it."""
        self._pending = (False, False)
        if not self.controller.is_open:
            return
        lib = self.controller.lib
        self._rows = graph_rows(lib, self.filters.graph_filter(), max_events=GRAPH_EVENTS)
        self.filters.set_tags([name for _id, name, _color in self.controller.all_tags()])
        self._full = build_model(self._rows)
        self.path_finder.set_actors([(a.id, a.name) for a in self._rows.actors])
        self._ensure_positions(fit=fit)

    def _on_closing(self) -> None:
        self._hidden.clear()
        self._expanded.clear()
        self.layouts.cancel()
        self._show_progress(False)
        self._rows = self._full = self._shown = self._visible = None
        self._positions, self._positions_key = {}, None
        self.widget.set_scene(None)
        # Nothing of the closed library stays: its time slice and its counts (issue 14).
        self.time_slice.clear()
        self._window = None
        self.status.clear()

    def layout_name(self) -> str:
        name: str = self.layout_box.currentData()  # a key of LAYOUTS
        return name

    def positions_key(self) -> str:
        """The name positions are kept under: the layout, plus the centre for "ego"."""
        name = self.layout_name()
        return f"ego:{self._ego_centre}" if name == "ego" and self._ego_centre else name

    def positions(self) -> dict[NodeKey, tuple[float, float]]:
        return dict(self._positions)

    def _ensure_positions(self, *, fit: bool = False) -> None:
        key = self.positions_key()
        if key != self._positions_key:
            self._positions = store.load_positions(self.controller.lib, key)
            self._positions_key = key
            fit = True
        assert self._full is not None, "called once the graph is read"
        changes = completed(self._full.graph, self._positions)
        if changes is None:
            self.run_layout()
        else:
            self._positions.update(changes)
            self._save(changes)
        self._rebuild_view(fit=fit)

    def _save(self, positions: dict[NodeKey, tuple[float, float]]) -> None:
        if not positions or self.controller.read_only:
            return
        assert self._positions_key is not None, "positions are placed once a layout is chosen"
        try:
            self.controller.save_positions(self._positions_key, positions)
        except ChronicleError as err:
            self.status.setText(f"Node positions not saved: {err}")

    def _save_moved(self, moved: dict[NodeKey, tuple[float, float]]) -> None:
        self._positions.update(moved)
        self._save(moved)

    # -- layout (off the UI thread) ---------------------------------------------------------
    def _choose_layout(self) -> None:
        if self.layout_name() == "ego":
            self._ego_centre = self._centre_actor()
        if self.controller.is_open and self._full is not None:
            self._ensure_positions(fit=True)

    def _centre_actor(self) -> int | None:
        current = self.selection.current
        if current and current[0] == "actor":
            return current[1]
        if not self._full:
            return None
        actors = [k for k in self._full.nodes if k[0] == "actor"]
        return max(actors, key=self._full.degree)[1] if actors else None

    @property
    def layout_running(self) -> bool:
        return self.layouts.running

    def run_layout(self, *, fresh: bool = False) -> None:
        """Compute the chosen layout in a background job; positions are saved when it is done."""
        if self._full is None:
            return
        if fresh and self.layout_name() == "ego":
            self._ego_centre = self._centre_actor()
            self._positions_key = self.positions_key()
        centre = ("actor", self._ego_centre) if self._ego_centre else None
        self.layouts.start(self._full.graph, self.layout_name(), centre)
        self.progress.setRange(0, 0)
        self._show_progress(True)
        self.status.setText(f"Laying out {len(self._full.nodes):,} nodes…")

    def cancel_layout(self) -> None:
        """Stop a running layout; nodes that have no place yet go on a circle for now."""
        if not self.layouts.running:
            return
        self.layouts.cancel()
        self._show_progress(False)
        if self._full is not None:
            missing = self._full.graph.subgraph(
                k for k in self._full.nodes if k not in self._positions
            )
            if len(missing):
                self._positions.update(circular(missing))
            self._rebuild_view(fit=bool(len(missing)))

    def _show_progress(self, shown: bool) -> None:
        self.progress.setVisible(shown)
        self.cancel_button.setVisible(shown)

    def _on_layout_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _on_layout_done(self, positions: dict[NodeKey, tuple[float, float]]) -> None:
        self._show_progress(False)
        self._positions = dict(positions)
        self._save(self._positions)
        self._rebuild_view(fit=True)

    def _on_layout_failed(self, message: str) -> None:
        self._show_progress(False)
        self.status.setText(f"Layout failed: {message}")

    # -- what is shown ----------------------------------------------------------------------
    def set_time_window(self, start: int, end: int) -> None:
        """The timeline's visible window changed: re-slice (coalesced) if the slice is on."""
        self._window = (start, end)
        self.time_slice.set_window(start, end)
        if self.time_slice.enabled:
            self._slice_timer.start()

    def _on_typed_window(self, start: int, end: int) -> None:
        self._window = (start, end)
        if not self.time_slice.enabled:
            self.time_slice.check.setChecked(True)
        else:
            self._rebuild_view()
        self.window_requested.emit(start, end)

    def _selected_keys(self) -> frozenset[NodeKey]:
        return frozenset((kind, i) for kind in KINDS for i in self.selection.ids(kind))

    def _rebuild_view(self, *, fit: bool = False) -> None:
        if self._rows is None:
            return
        rows = self._rows
        sliced = self.time_slice.enabled and self._window is not None
        if sliced and self._window is not None:
            rows = in_window(rows, *self._window)
        self._shown = build_model(rows, hide_isolated=self.filters.hide_isolated)
        model = self._shown
        selected = self._selected_keys() & model.nodes.keys()
        if self.neighbours_check.isChecked() and selected:
            near = neighbourhood(model, selected, self.depth_box.value())
            model = restrict(model, near | self._expanded)
        if self._hidden:
            model = restrict(model, model.nodes.keys() - self._hidden)
        self._visible = model
        self._rebuild_scene(fit=fit)
        links = len(model.edges)
        counts = {k: sum(1 for n in model.nodes if n[0] == k) for k in KINDS}
        parts = [counted(counts["actor"], "actor"), counted(counts["event"], "event")]
        text = " · ".join([*parts, counted(links, "link")])
        if counts["source"]:
            text += f" · {counted(counts['source'], 'source')}"
        if self._hidden:
            text += f" · {len(self._hidden)} hidden"
        if self._rows.events_kept is not None:
            text += (
                f" · the {len(self._rows.events):,} most important of "
                f"{self._rows.events_kept:,} events: filter by tags to see others"
            )
        if not self.layout_running:
            self.status.setText(text + (" in the time slice" if sliced else ""))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.PaletteChange and hasattr(self, "_visible"):
            self._rebuild_scene()

    def _rebuild_scene(self, *, fit: bool = False) -> None:
        if self._visible is None:
            return
        highlight = Highlight(
            selected=self._selected_keys(),
            path_nodes=self._path.path_nodes,
            path_edges=self._path.path_edges,
        )
        scene = GraphScene(
            self._visible,
            self._positions,
            GraphStyle.for_palette(self.palette()),  # dark in a dark theme (issue 14)
            highlight=highlight,
            size_by=self.filters.size_by,
        )
        self.widget.empty_text = (
            "Laying out the graph…"
            if self.layout_running
            else "Nothing to show with these filters."
        )
        self.widget.set_scene(scene, fit=fit)

    def scene(self) -> GraphScene | None:
        return self.widget.scene

    # -- hiding and expanding (the right-click menu) -----------------------------------------
    @property
    def hidden(self) -> frozenset[NodeKey]:
        return frozenset(self._hidden)

    def hide_node(self, key: NodeKey) -> None:
        """Leave `key` out of the picture until Show Hidden (the data is untouched)."""
        self._hidden.add(key)
        self._expanded.discard(key)
        self._rebuild_view()

    def show_hidden(self) -> None:
        self._hidden.clear()
        self._rebuild_view()

    def hidden_neighbours(self, key: NodeKey) -> set[NodeKey]:
        """Neighbours of `key` (in what filters and time slice keep) that are not drawn."""
        if self._shown is None or key not in self._shown.graph or self._visible is None:
            return set()
        return set(self._shown.graph[key]) - self._visible.nodes.keys()

    def expand(self, key: NodeKey) -> None:
        """Draw every neighbour of `key`: unhide them, and add them to a neighbourhood view."""
        near = self.hidden_neighbours(key)
        self._hidden -= near
        self._expanded |= near | {key}
        self._rebuild_view()

    # -- selection -------------------------------------------------------------------------
    def _on_node_clicked(self, key: NodeKey, add: bool) -> None:
        kind, entity_id = key
        ids = {entity_id}
        if add:
            ids = set(self.selection.ids(kind)) ^ {entity_id} or {entity_id}
        self.selection.select(kind, ids, origin=self, current=entity_id)

    def _on_selection(self, origin: object) -> None:
        self._expanded.clear()  # an expansion belongs to the neighbourhood it was made in
        if not self.isVisible():
            self._pending = (self._rows is not None, self._pending[1])
            return
        if self.neighbours_check.isChecked():
            self._rebuild_view()
        else:
            self._rebuild_scene()
        current = self.selection.current
        if origin is not self and current and not self.widget.is_on_screen(current):
            self.widget.centre_on(current)

    # -- linking ---------------------------------------------------------------------------
    def _on_link_requested(self, source: NodeKey, target: NodeKey, where: QPoint) -> None:
        relation_type = self._ask_relation_type(source, target, where)
        if relation_type:
            self.link(source, target, relation_type)

    def _ask_relation_type(self, source: NodeKey, target: NodeKey, where: QPoint) -> str | None:
        names = self._visible.nodes if self._visible else {}
        menu = QMenu(self)
        menu.setObjectName("relation_type_menu")
        if source in names and target in names:
            menu.addSection(f"{names[source].label} → {names[target].label}")
        for relation_type in RELATION_TYPES:
            menu.addAction(relation_type).setData(relation_type)
        chosen = menu.exec(where)
        if chosen is None:
            return None
        picked: str = chosen.data()  # one of RELATION_TYPES, set above
        return picked

    def link(self, source: NodeKey, target: NodeKey, relation_type: str) -> None:
        """Add a relation as an undoable command; a refusal is shown, nothing changes."""
        try:
            commands.add_relation(
                self.undo_stack, self.controller, source, target, type=relation_type
            )
        except ChronicleError as err:
            box = QMessageBox(
                QMessageBox.Icon.Warning, "Cannot add the relation", str(err), parent=self
            )
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.exec()

    # -- paths -----------------------------------------------------------------------------
    def _toggle_path_finder(self, shown: bool) -> None:
        self.path_finder.setVisible(shown)
        if shown:
            self.path_finder.from_box.setFocus()
        else:
            self.clear_path()

    def find_path(self, from_id: int, to_id: int) -> None:
        """Highlight the shortest chain linking two actors in what is shown, and list its steps."""
        model = self._shown
        start, goal = ("actor", from_id), ("actor", to_id)
        if model is None or start not in model.nodes or goal not in model.nodes:
            self.path_finder.show_message(
                "Both actors must be in the graph as shown (check the filters and the time slice)."
            )
            return
        path = find_path(model, start, goal)
        if path is None:
            a, b = model.nodes[start].label, model.nodes[goal].label
            self.path_finder.show_message(f"No link between {a} and {b} in what is shown.")
            self._path = Highlight()
        else:
            lines = [
                describe_step(model, index, towards)
                for index, towards in zip(path.edges, path.nodes[1:], strict=True)
            ]
            events = sum(1 for k in path.nodes if k[0] == "event")
            summary = f"{len(path.edges)} steps, through {events} event{'s' * (events != 1)}:"
            self.path_finder.show_path(summary, lines, list(path.nodes[1:]))
            steps = frozenset((model.edges[i].kind, model.edges[i].id) for i in path.edges)
            self._path = Highlight(path_nodes=frozenset(path.nodes), path_edges=steps)
        self._rebuild_scene()

    def clear_path(self) -> None:
        if self._path.has_path:
            self._path = Highlight()
            self._rebuild_scene()

    def _on_step_chosen(self, key: NodeKey) -> None:
        self.selection.select(key[0], {key[1]}, origin=self)
        self.widget.centre_on(key)
