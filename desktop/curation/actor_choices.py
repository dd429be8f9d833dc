"""The actors proposed for a new event: known ones found in the passage and new names.

A table model: a check box per actor (known ones checked, new names not, so nothing is created
without the user asking) and an editable role.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from desktop.curation.commands import ActorChoice
from desktop.models.row_list import RowListModel

_HEADERS = ("Actor", "Role", "Found as")
ACTOR, ROLE, FOUND = range(3)


@dataclass(frozen=True)
class ActorCandidate:
    choice: ActorChoice
    found_as: str  # the words in the passage
    checked: bool

    @property
    def is_new(self) -> bool:
        return self.choice.actor_id is None


class ActorChoicesModel(RowListModel[ActorCandidate]):
    """Rows of `ActorCandidate`; `chosen()` gives the checked ones with their roles."""

    def __init__(self, candidates: list[ActorCandidate], parent: QObject | None = None):
        super().__init__(candidates, _HEADERS, parent)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == ACTOR:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        elif index.column() == ROLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == ACTOR:
            return Qt.CheckState.Checked if row.checked else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == ACTOR:
                return f"{row.choice.name} (new)" if row.is_new else row.choice.name
            return row.choice.role if column == ROLE else row.found_as
        if role == Qt.ItemDataRole.ToolTipRole and column == ACTOR and row.is_new:
            return "Not in the library yet: checking it creates a new actor."
        return None

    def setData(
        self,
        index: QModelIndex | QPersistentModelIndex,
        value: object,
        role: int = Qt.ItemDataRole.EditRole,
    ) -> bool:
        if not index.isValid():
            return False
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == ACTOR:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            self.rows[index.row()] = replace(row, checked=checked)
        elif role == Qt.ItemDataRole.EditRole and index.column() == ROLE:
            text = " ".join(str(value).split())
            self.rows[index.row()] = replace(row, choice=replace(row.choice, role=text))
        else:
            return False
        self.dataChanged.emit(index, index, [role])
        return True

    def chosen(self) -> list[ActorChoice]:
        """The checked actors, in table order."""
        return [row.choice for row in self.rows if row.checked]

    def candidate(self, row: int) -> ActorCandidate:
        return self.rows[row]
