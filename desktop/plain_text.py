"""User text is shown literally: a title like '<b>x</b>' must never render as bold.

QLabel, QMessageBox and tooltips guess rich text from '<'; labels get Qt.PlainText, and
tooltips, which have no such switch, get escaped HTML.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget


def tooltip(text: str) -> str:
    """Tooltip markup that shows `text` literally, line breaks kept."""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>" if text else ""


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A QLabel that never interprets its text as HTML."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def error_box(parent: QWidget | None, title: str, err: Exception | str) -> None:
    """Show an error's message (a ChronicleError's, say) as plain text, and wait for OK."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, str(err), parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()
