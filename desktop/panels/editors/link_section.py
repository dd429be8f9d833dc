"""A group in the inspector listing one kind of link (actors, citations, relations) of a record.

The table edits link fields in place; the row under it adds a link; Remove (or the Delete key in
the table) removes the selected links. Every change is an undo command.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.errors import ChronicleError
from db.queries.record_links import COUNTED_LINKS
from desktop.commands import NOUNS, DeleteCommand, plural, push
from desktop.library import LibraryController
from desktop.models.links import LinkColumn, LinkRowT, LinkTableModel
from desktop.panels.editors.section import RecordSection
from desktop.plain_text import plain_label

_MIN_ROWS, _MAX_ROWS = 2, 6
_MAX_COLUMN_WIDTH = 150
_MEASURED_ROWS = 50


def how_many(total: int) -> str:
    """A count of links as the note says it (counting stops past COUNTED_LINKS)."""
    return f"more than {COUNTED_LINKS:,}" if total > COUNTED_LINKS else f"{total:,}"


class LinkTable(QTableView):
    """The links table: the Delete key removes links here rather than deleting the record."""

    removeRequested = Signal()

    def event(self, event: QEvent) -> bool:
        removes = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() in removes
        ):
            event.accept()  # keep Edit > Delete (the whole record) away from this table
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.state() != (
            QAbstractItemView.State.EditingState
        ):
            self.removeRequested.emit()
            return
        super().keyPressEvent(event)


class LinkSection(RecordSection, Generic[LinkRowT]):
    """Links of `link_kind` of one record; subclasses fetch rows and build the add row."""

    link_kind = ""

    def __init__(
        self,
        title: str,
        controller: LibraryController,
        stack: QUndoStack,
        columns: Sequence[LinkColumn[LinkRowT]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, parent)
        self.setObjectName(f"{self.link_kind}_section")
        self.controller, self.stack = controller, stack
        self.record_id: int | None = None
        self.model: LinkTableModel[LinkRowT] = LinkTableModel(
            controller, stack, self.link_kind, columns, self
        )
        self.view = LinkTable(self)
        self.view.setObjectName(f"{self.link_kind}_table")
        self.view.setAccessibleName(title.replace("&", ""))
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.view.setWordWrap(False)
        self.view.setCornerButtonEnabled(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Column widths from the first rows: measuring all of a capped list's 500 took 50 ms.
        self.view.horizontalHeader().setResizeContentsPrecision(_MEASURED_ROWS)
        # Under a capped list: how many links there are, and where to see them all.
        self.more = plain_label("", self)
        self.more.setObjectName("more_links")
        self.more.setWordWrap(True)
        self.more.hide()
        self.problem = plain_label("", self)
        self.problem.setObjectName("link_problem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.remove_button = QPushButton(f"Remove {NOUNS[self.link_kind]}", self)
        self.remove_button.setAccessibleName(f"Remove selected {NOUNS[self.link_kind]}s")
        self.remove_button.setEnabled(False)
        self.add_row = QWidget(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(self.more)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        layout.addLayout(buttons)
        layout.addWidget(self.add_row)
        layout.addWidget(self.problem)
        self.model.refused.connect(self.show_problem)
        self.model.modelReset.connect(self._update_remove)
        self.view.selectionModel().selectionChanged.connect(self._update_remove)
        self.view.removeRequested.connect(self.remove_selected)
        self.remove_button.clicked.connect(self.remove_selected)

    def fetch_rows(self, record_id: int) -> list[LinkRowT]:
        return []

    def fetch_page(self, record_id: int) -> tuple[list[LinkRowT], int]:
        """The rows to show and how many links there are in all (more where the list is
        capped: an actor or source with thousands of events)."""
        rows = self.fetch_rows(record_id)
        return rows, len(rows)

    def more_text(self, shown: int, total: int) -> str:
        """What the note under a capped list says."""
        return f"Showing the first {shown:,} of {how_many(total)}."

    def show_for(self, record_id: int) -> None:
        if record_id != self.record_id:
            self.show_problem(None)
        self.record_id = record_id
        rows, total = self.fetch_page(record_id)
        self.model.load(rows)
        self.more.setText(self.more_text(len(rows), total) if total > len(rows) else "")
        self.more.setVisible(total > len(rows))
        self.view.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            width = min(self.view.columnWidth(column), _MAX_COLUMN_WIDTH)
            self.view.setColumnWidth(column, width)
        self._fit_height()

    def _fit_height(self) -> None:
        """As tall as its rows (2 to 6 of them): a short list should not leave a blank box."""
        rows = min(max(self.model.rowCount(), _MIN_ROWS), _MAX_ROWS)
        header = self.view.horizontalHeader().sizeHint().height()
        scroll = self.view.horizontalScrollBar().sizeHint().height()
        frame = 2 * self.view.frameWidth()
        height = header + rows * self.view.verticalHeader().defaultSectionSize() + scroll + frame
        self.view.setFixedHeight(height)

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        return [i for i in (self.model.id_at(r) for r in rows) if i is not None]

    def remove_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            text = f"Remove {plural(self.link_kind, len(ids))}"
            command = DeleteCommand(self.controller, self.link_kind, ids, text)
            self.run(lambda: push(self.stack, command))

    def run(self, action: Callable[[], object]) -> bool:
        """Do an edit; show why if the library refuses it. True if it was done."""
        try:
            action()
        except ChronicleError as err:
            self.show_problem(str(err))
            return False
        self.show_problem(None)
        if self.record_id is not None:
            self.show_for(self.record_id)
        return True

    def show_problem(self, message: str | None) -> None:
        self.problem.setText(message or "")
        self.problem.setVisible(bool(message))

    def _update_remove(self, *_args: object) -> None:
        self.remove_button.setEnabled(bool(self.view.selectionModel().selectedRows()))
