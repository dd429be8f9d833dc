"""Item delegates for editing link cells with a fixed set of choices (credibility, type)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate


class ChoiceDelegate(QStyledItemDelegate):
    """Edits a cell with a combo box of (label, value) choices."""

    def __init__(self, choices: Sequence[tuple[str, Any]], parent=None):
        super().__init__(parent)
        self.choices = list(choices)

    def createEditor(self, parent, option, index):
        combo = QComboBox(parent)
        header = index.model().headerData(index.column(), Qt.Orientation.Horizontal)
        combo.setAccessibleName(str(header))
        for label, value in self.choices:
            combo.addItem(label, value)
        return combo

    def setEditorData(self, editor: QComboBox, index) -> None:
        found = editor.findData(index.data(Qt.ItemDataRole.EditRole))
        editor.setCurrentIndex(max(found, 0))

    def setModelData(self, editor: QComboBox, model, index) -> None:
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
