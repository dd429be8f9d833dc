"""The bar above the central widget that says a library is read-only, and why."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolBar, QWidget

from db.engine import Library
from desktop.library import LibraryController


def banner_text(reason: str | None) -> str:
    reason = reason or "it was opened read-only"
    return f"This library is read-only: {reason}. Changes are not possible."


class ReadOnlyBanner(QToolBar):
    """A fixed, full-width bar shown while the open library is read-only."""

    def __init__(self, controller: LibraryController, parent: QWidget | None = None):
        super().__init__("Read-only notice", parent)
        self.setObjectName("readonly_banner")
        self.setMovable(False)
        self.setFloatable(False)
        self.toggleViewAction().setVisible(False)  # not something to hide from the View menu
        self.label = QLabel(self)
        self.label.setObjectName("readonly_banner_text")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setAccessibleName("Read-only notice")
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.label.setStyleSheet(
            "QLabel { background: #fff3cd; color: #664d03; padding: 6px 10px; }"
        )
        self.addWidget(self.label)
        self.hide()
        controller.opened.connect(self.show_for)
        controller.closing.connect(self.hide)

    def show_for(self, lib: Library) -> None:
        """Show the bar (with the reason) if `lib` is read-only, hide it otherwise."""
        self.label.setText(banner_text(lib.read_only_reason) if lib.read_only else "")
        self.setVisible(lib.read_only)
