"""A question with a few named answers and Cancel, in a message box of plain text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

Answer = tuple[str, QMessageBox.ButtonRole, str]  # (button text, role, the value it gives)


def ask_choice(
    parent: QWidget | None,
    title: str,
    text: str,
    answers: list[Answer],
    *,
    informative: str = "",
    name: str = "",
) -> str | None:
    """Ask with `answers` (the first is the default) and Cancel; the value of the button
    clicked, or None for Cancel."""
    box = QMessageBox(QMessageBox.Icon.Question, title, "", parent=parent)
    if name:
        box.setObjectName(name)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
    buttons = {box.addButton(label, role): value for label, role, value in answers}
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(next(iter(buttons)))
    box.exec()
    clicked = box.clickedButton()
    return next((value for button, value in buttons.items() if button is clicked), None)
