"""Shared steps for the editing tests: what a user does, and how the library's state is compared."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from db.store.snapshots import TABLES

# Undo is itself a change, so the time of the last change is not part of the compared state.
_VOLATILE = {"modified_at"}


def library_state(lib) -> dict[str, list[tuple]]:
    """Every row of every table (ids included), for before/after comparisons."""
    import sqlalchemy as sa

    state = {}
    with lib.read() as conn:
        for name, table in TABLES.items():
            columns = [c for c in table.c if c.name not in _VOLATILE]
            rows = conn.execute(sa.select(*columns).order_by(table.c.id)).all()
            state[name] = [tuple(r) for r in rows]
    return state


def answer_next_dialog(button_text: str, seen: list[str]) -> None:
    """When the next message box opens, note its text and press the button labelled so."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)
            return
        seen.append(box.text())
        seen.append(str(box.textFormat()))
        for button in box.buttons():
            if button.text().replace("&", "") == button_text:
                button.click()
                return
        raise AssertionError(f"no button {button_text!r} in {[b.text() for b in box.buttons()]}")

    QTimer.singleShot(0, press)


def type_into(qtbot, widget: QWidget, text: str, *, clear: bool = True) -> None:
    """Focus a line edit like a user would, replace its text by typing, and press nothing else."""
    widget.setFocus(Qt.FocusReason.MouseFocusReason)
    if clear:
        widget.selectAll()
        qtbot.keyClick(widget, Qt.Key.Key_Backspace)
    qtbot.keyClicks(widget, text)


def press_enter(qtbot, widget: QWidget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Return)
