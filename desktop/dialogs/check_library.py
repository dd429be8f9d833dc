"""File > Check Library…: the integrity report as plain text, and Repair when it can help.

The dialog shows; `desktop.safety.reliability` runs the check and the repair off the UI thread.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from db.maintenance import CheckReport


class CheckLibraryDialog(QDialog):
    """Shows 'Checking…', then the report; offers Repair for problems a rebuild can fix."""

    repair_requested = Signal()

    def __init__(self, library_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("check_library_dialog")
        self.setWindowTitle(f"Check Library — {library_name}")
        self.resize(640, 420)
        self.status = QLabel("Checking every page of the file…", self)
        self.status.setObjectName("check_status")
        self.report_view = QPlainTextEdit(self)
        self.report_view.setObjectName("check_report")
        self.report_view.setAccessibleName("Check report")
        self.report_view.setReadOnly(True)
        self.report_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.repair_button = self.buttons.addButton(
            "&Repair", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.repair_button.setObjectName("repair_button")
        self.repair_button.setToolTip(
            "Rebuild the indexes and drop links to missing records (a backup is made first)"
        )
        self.repair_button.hide()
        self.repair_button.clicked.connect(self._repair_clicked)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.report_view, 1)
        layout.addWidget(self.buttons)

    def show_report(self, report: CheckReport, *, can_repair: bool) -> None:
        if report.ok:
            self.status.setText("No problems found.")
        elif report.repairable and can_repair:
            self.status.setText("Problems found that Repair can fix.")
        else:
            self.status.setText("Problems found.")
        self.report_view.setPlainText(report.text())
        self.repair_button.setVisible(report.repairable and can_repair)
        self.repair_button.setEnabled(True)

    def show_failure(self, message: str) -> None:
        self.status.setText("The check could not finish.")
        self.report_view.setPlainText(message)
        self.repair_button.hide()

    def _repair_clicked(self) -> None:
        self.repair_button.setEnabled(False)
        self.status.setText("Repairing (a backup is made first)…")
        self.repair_requested.emit()
