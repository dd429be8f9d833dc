"""Before a source is marked discredited or retracted: the events whose support would drop."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from db.queries.corroboration import SupportDrop
from desktop.plain_text import plain_label


def _line(drop: SupportDrop) -> str:
    after = "unsourced" if drop.after == 0 else f"{drop.after} independent"
    return f"{drop.title}: {drop.before} → {after}"


class SupportDropDialog(QDialog):
    """Lists the events that lose an independent source; Mark (accept) or Cancel."""

    def __init__(self, title: str, status: str, drops: list[SupportDrop], parent: QWidget):
        super().__init__(parent)
        self.setObjectName("support_drop_dialog")
        self.setWindowTitle(f"Mark Source {status.capitalize()}")
        if drops:
            noun = "event loses" if len(drops) == 1 else "events lose"
            text = (
                f"Marked {status}, “{title}” no longer counts as support. "
                f"{len(drops)} {noun} an independent source:"
            )
        else:
            text = (
                f"Marked {status}, “{title}” no longer counts as support. No event loses an "
                "independent source (each has another from the same lineage, or none)."
            )
        self.message = plain_label(text, self)
        self.message.setWordWrap(True)
        self.events = QListWidget(self)
        self.events.setObjectName("affected_events")
        self.events.setAccessibleName("Events whose support drops")
        self.events.addItems([_line(d) for d in drops])
        self.events.setVisible(bool(drops))
        buttons = QDialogButtonBox(self)
        self.mark_button = buttons.addButton(
            f"&Mark {status.capitalize()}", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.mark_button.setObjectName("mark_status")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.events)
        layout.addWidget(buttons)
        self.resize(480, 320)


def confirm_status(parent: QWidget, title: str, status: str, drops: list[SupportDrop]) -> bool:
    """Ask before marking a source `status`; True to go ahead."""
    return SupportDropDialog(title, status, drops, parent).exec() == QDialog.DialogCode.Accepted
