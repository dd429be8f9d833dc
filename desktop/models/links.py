"""Table models for the links of one record (actors of an event, citations, relations).

A record has few links, so the rows are loaded whole. Editable cells write through undo
commands: `setData` pushes an EditCommand on the link, and a refusal is reported by `refused`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QUndoStack

from db.errors import ChronicleError
from desktop.commands import EditCommand, push
from desktop.library import LibraryController
from desktop.plain_text import tooltip

CREDIBILITY = {
    1: "1 Confirmed",
    2: "2 Probably true",
    3: "3 Possibly true",
    4: "4 Doubtful",
    5: "5 Improbable",
    6: "6 Cannot be judged",
}
RELIABILITY = {
    "A": "A Completely reliable",
    "B": "B Usually reliable",
    "C": "C Fairly reliable",
    "D": "D Not usually reliable",
    "E": "E Unreliable",
    "F": "F Cannot be judged",
}


class LinkRow(Protocol):
    """A link row from `db.queries` (a NamedTuple): all a link table needs is its id."""

    @property
    def id(self) -> int: ...


LinkRowT = TypeVar("LinkRowT", bound=LinkRow)


@dataclass(frozen=True)
class LinkColumn(Generic[LinkRowT]):
    """One column: its header, how a row shows in it, and the link field it edits (if any)."""

    header: str
    show: Callable[[LinkRowT], str]
    field: str | None = None
    # The value an editor starts from (default: show): text, or a number such as a credibility.
    value: Callable[[LinkRowT], str | int | None] | None = None


class LinkTableModel(QAbstractTableModel, Generic[LinkRowT]):
    """Rows (NamedTuples with an `id`) of one link kind; some columns editable in place."""

    refused = Signal(str)  # message of an edit the library refused

    def __init__(
        self,
        controller: LibraryController,
        stack: QUndoStack,
        link_kind: str,
        columns: Sequence[LinkColumn[LinkRowT]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller, self.stack, self.link_kind = controller, stack, link_kind
        self.columns = tuple(columns)
        self.rows: list[LinkRowT] = []

    def load(self, rows: Sequence[LinkRowT]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def id_at(self, row: int) -> int | None:
        return self.rows[row].id if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> str | None:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section].header
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> str | int | None:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, column = self.rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return " ".join(column.show(row).split())  # one line in the table
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(column.show(row))
        if role == Qt.ItemDataRole.EditRole:
            return column.value(row) if column.value else column.show(row)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and self.columns[index.column()].field is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(
        self,
        index: QModelIndex | QPersistentModelIndex,
        value: Any,
        role: int = Qt.ItemDataRole.EditRole,
    ) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        column = self.columns[index.column()]
        if column.field is None or value == self.data(index, Qt.ItemDataRole.EditRole):
            return False
        command = EditCommand(
            self.controller,
            self.link_kind,
            self.rows[index.row()].id,
            text=f"Change {column.header.lower()} of {self._noun()}",
            **{column.field: value},
        )
        try:
            push(self.stack, command)
        except ChronicleError as err:
            self.refused.emit(str(err))
            return False
        self.dataChanged.emit(index, index)
        return True

    def _noun(self) -> str:
        return {"participation": "actor link"}.get(self.link_kind, self.link_kind)
