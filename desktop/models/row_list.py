"""A table over rows held in a Python list under fixed column titles.

The counting and header methods every such review table repeats; subclasses say how a row
shows and how it is edited.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

ItemT = TypeVar("ItemT")


class RowListModel(QAbstractTableModel, Generic[ItemT]):
    """`rows` under `headers`; flat (no child rows), horizontal titles only."""

    def __init__(
        self, rows: Iterable[ItemT], headers: Sequence[str], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.rows = list(rows)
        self.headers = tuple(headers)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> str | None:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return None
