"""The Events, Actors and Sources list panels: a sortable table each, following the selection."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject, QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget

from desktop.library import ACTOR, EVENT, SOURCE, LibraryController
from desktop.models.tables import ActorTableModel, EventTableModel, SourceTableModel
from desktop.panels.title_share import TitleShare
from desktop.selection import SelectionModel
from desktop.workspace import Workspace

ListModel = EventTableModel | ActorTableModel | SourceTableModel
_MODELS: dict[str, Callable[[LibraryController, QObject], ListModel]] = {
    EVENT: EventTableModel,
    ACTOR: ActorTableModel,
    SOURCE: SourceTableModel,
}
# Typical values of the columns after the first, to size them (the first column stretches).
_COLUMN_SAMPLES = {
    EVENT: ("c. 28 Jul 2024", "Name Surname", "Sources", "Category", "Importance", "Grade"),
    ACTOR: ("organisation", "Events"),
    SOURCE: ("Publisher name", "28 Jul 2024", "Grade", "Citations"),
}
# Columns shown only on request (right-click the header), to leave room for titles.
_HIDDEN_AT_FIRST = {EVENT: ("Actors", "Category", "Importance")}
_REFRESH_ON = {
    EVENT: {"event", "link", "actor", "source"},
    ACTOR: {"actor", "link"},
    SOURCE: {"source", "link"},
}


class ListPanel(QWidget):
    """One kind of record as a table; selecting rows selects those records everywhere."""

    activated = Signal(str, int)  # kind, id (double-click or Enter: open the editor)

    def __init__(self, kind: str, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.kind = kind
        self.selection: SelectionModel = workspace.selection
        self.model: ListModel = _MODELS[kind](workspace.controller, self)
        self.view = QTableView(self)
        self.view.setObjectName(f"{kind}_table")
        self.view.setAccessibleName(f"{kind.capitalize()}s")
        self.view.setModel(self.model)
        # Show the model's own order (by date, by name); Qt would otherwise sort column 0 Z-A.
        sort_column = self.model.sort_keys.index(self.model.sort_key)
        self.view.horizontalHeader().setSortIndicator(sort_column, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        self.view.setShowGrid(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self._size_columns()
        self._build_column_menu()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self._syncing = False
        self.view.selectionModel().selectionChanged.connect(self._on_view_selection)
        self.view.activated.connect(self._on_activated)
        self.selection.changed.connect(self._on_shared_selection)
        workspace.controller.changed.connect(self._on_data_changed)
        if isinstance(self.model, EventTableModel):  # a long list's order came after a find
            self.model.order_arrived.connect(lambda: self._on_shared_selection(None))

    def _on_data_changed(self, kinds: frozenset[str]) -> None:
        if kinds & _REFRESH_ON[self.kind]:
            self.model.reload()
            self._on_shared_selection(None)

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [i for i in (self.model.id_at(r) for r in rows) if i is not None]

    def _on_view_selection(self, *_args: object) -> None:
        if self._syncing:
            return
        ids = self.selected_ids()
        current = self.model.id_at(self.view.currentIndex().row()) if ids else None
        if ids:
            self.selection.select(self.kind, ids, origin=self, current=current)

    def _on_activated(self, index: QModelIndex) -> None:
        entity_id = self.model.id_at(index.row())
        if entity_id is not None:
            self.activated.emit(self.kind, entity_id)

    def _size_columns(self) -> None:
        """Title stretches; other columns start wide enough for typical values."""
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)  # "Sou…", not "urc", when narrow
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        metrics = self.fontMetrics()
        natural = {}
        for column, sample in enumerate(_COLUMN_SAMPLES[self.kind], start=1):
            width = max(
                metrics.horizontalAdvance(sample),
                metrics.horizontalAdvance(
                    str(self.model.headerData(column, Qt.Orientation.Horizontal)) or ""
                ),
            )
            natural[column] = width + 24
            header.resizeSection(column, width + 24)
        self._title_share = TitleShare(self.view, natural)  # a narrow dock keeps titles readable

    def _build_column_menu(self) -> None:
        """Right-click on the header shows or hides columns (the first always stays)."""
        header = self.view.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for column in range(1, self.model.columnCount()):
            name = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            action = QAction(name, header)
            action.setCheckable(True)
            action.setChecked(name not in _HIDDEN_AT_FIRST.get(self.kind, ()))
            action.toggled.connect(lambda on, c=column: self._show_column(c, on))
            self.view.setColumnHidden(column, not action.isChecked())
            header.addAction(action)

    def _show_column(self, column: int, shown: bool) -> None:
        self.view.setColumnHidden(column, not shown)
        self._title_share.fit(self.view.viewport().width())

    def _on_shared_selection(self, origin: object) -> None:
        if origin is self:
            return
        ids = self.selection.ids(self.kind)
        current = self.selection.current
        self._syncing = True
        try:
            sel = self.view.selectionModel()
            sel.clearSelection()
            flags = (
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            )
            shown = None
            for entity_id in ids:
                is_current = current == (self.kind, entity_id)
                # Only the current record is worth a query to find its row; others if loaded.
                row = (
                    self.model.locate(entity_id) if is_current else self.model.row_of_id(entity_id)
                )
                if row is None:
                    continue
                index = self.model.index(row, 0)
                sel.select(index, flags)
                if is_current or shown is None:
                    shown = index
                if is_current:
                    sel.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
            if shown is not None:
                self.view.scrollTo(shown)
        finally:
            self._syncing = False

    def set_search(self, text: str) -> None:
        """Filter the list by full-text search (events also match through actors and sources)."""
        if isinstance(self.model, EventTableModel):  # the kind EVENT
            from dataclasses import replace

            self.model.set_filter(replace(self.model.filter, text=text))
        else:
            self.model.set_text(text)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        hint.setWidth(420)
        return hint

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.selection.clear(origin=self)
        super().keyPressEvent(event)
