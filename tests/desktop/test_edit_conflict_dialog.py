"""The edit-conflict dialog shows both values literally and keeps theirs unless told."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel

from db.store import EditConflictError
from desktop.dialogs.edit_conflict import MINE, THEIRS, EditConflictDialog, resolve


def _conflict() -> EditConflictError:
    return EditConflictError(
        "actor", 7, {"name": "<b>Mine</b>", "aliases": ["A", "B"]},
        {"name": "Theirs", "aliases": []}, "pat", "2026-12-04 17:02:13 UTC", 42,
    )  # fmt: skip


def test_values_are_plain_text_and_lists_are_joined(qtbot):
    dialog = EditConflictDialog(_conflict())
    qtbot.addWidget(dialog)
    mine = dialog.findChild(QLabel, "mine_name")
    assert mine.text() == "<b>Mine</b>" and mine.textFormat() == Qt.TextFormat.PlainText
    assert dialog.findChild(QLabel, "mine_aliases").text() == "A; B"
    assert dialog.findChild(QLabel, "theirs_aliases").text() == "—"
    assert "pat changed this actor at 2026-12-04 17:02:13 UTC" in " ".join(
        label.text() for label in dialog.findChildren(QLabel)
    )


def test_escape_keeps_theirs_and_apply_mine_chooses_mine(qtbot):
    def press(key, modifier=Qt.KeyboardModifier.NoModifier):
        def answer():
            dialog = QApplication.activeModalWidget()
            if not isinstance(dialog, EditConflictDialog):
                QTimer.singleShot(20, answer)
                return
            qtbot.keyClick(dialog, key, modifier)

        QTimer.singleShot(0, answer)

    press(Qt.Key.Key_Escape)
    assert resolve(_conflict(), None) == THEIRS
    press(Qt.Key.Key_Return)  # the default button is Keep Theirs
    assert resolve(_conflict(), None) == THEIRS
    dialog = EditConflictDialog(_conflict())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.apply_mine, Qt.MouseButton.LeftButton)
    assert dialog.choice == MINE and not dialog.isVisible()
