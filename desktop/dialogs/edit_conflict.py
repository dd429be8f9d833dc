"""The edit-conflict dialog: someone changed the fields you were editing; keep theirs or yours.

Shown when an edit lost a race (store.EditConflictError, db/store/versions.py): the edit was NOT
saved. Each field is shown with their stored value beside the value you typed, all as plain
text. "Keep Theirs" (the default, and Escape) discards what you typed; "Apply Mine" saves
yours over theirs as a new edit (an undo step of its own). Nothing is overwritten without
this choice.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.store import EditConflictError
from desktop.plain_text import plain_label

THEIRS, MINE = "theirs", "mine"


def shown(value: Any) -> str:
    """A field's value as the dialog shows it (lists joined; nothing as an em dash)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value) or "—"
    return str(value)


class EditConflictDialog(QDialog):
    """Their value beside mine for each field of a conflicting edit; choose one."""

    def __init__(self, conflict: EditConflictError, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("edit_conflict_dialog")
        self.setWindowTitle("Edit Conflict")
        self.choice = THEIRS
        intro = plain_label(
            f"{conflict.who} changed this {conflict.kind} at {conflict.when}, while you were "
            "editing it. Your change was not saved. Which value should the library keep?",
            self,
        )
        intro.setWordWrap(True)
        grid = QGridLayout()
        for column, heading in enumerate(("Field", f"Theirs ({conflict.who})", "Mine")):
            label = QLabel(heading, self)
            font = label.font()
            font.setBold(True)
            label.setFont(font)
            grid.addWidget(label, 0, column)
        for row, (name, mine) in enumerate(conflict.mine.items(), start=1):
            grid.addWidget(plain_label(name.replace("_", " ").capitalize(), self), row, 0)
            for column, value in ((1, conflict.theirs.get(name)), (2, mine)):
                cell = plain_label(shown(value), self)
                cell.setObjectName(f"{'theirs' if column == 1 else 'mine'}_{name}")
                cell.setWordWrap(True)
                cell.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                grid.addWidget(cell, row, column)
        buttons = QDialogButtonBox(self)
        self.keep_theirs = QPushButton("Keep &Theirs", self)
        self.keep_theirs.setObjectName("keep_theirs")
        self.apply_mine = QPushButton("Apply &Mine", self)
        self.apply_mine.setObjectName("apply_mine")
        buttons.addButton(self.keep_theirs, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.addButton(self.apply_mine, QDialogButtonBox.ButtonRole.AcceptRole)
        self.keep_theirs.setDefault(True)  # the safe choice: nothing of theirs is lost
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(buttons)

    def accept(self) -> None:
        self.choice = MINE
        super().accept()

    def reject(self) -> None:  # Keep Theirs, Escape or closing the window
        self.choice = THEIRS
        super().reject()


def resolve(conflict: EditConflictError, parent: QWidget | None) -> str:
    """Ask which value to keep; THEIRS or MINE."""
    dialog = EditConflictDialog(conflict, parent)
    dialog.exec()
    return dialog.choice
