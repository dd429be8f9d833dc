"""'Go to date': type a date as you would write it; the field shows what it understood."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from db.dates import ParsedDate
from desktop.widgets.date_field import DateField


class GoToDateDialog(QDialog):
    """Asks for a date (friendly text or EDTF); `date` holds it once accepted."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Go to Date")
        prompt = QLabel("Show the timeline at:", self)
        prompt.setTextFormat(Qt.TextFormat.PlainText)
        self.field = DateField(self)
        self.field.setObjectName("go_to_date_field")
        self.field.setAccessibleName("Date to go to")
        prompt.setBuddy(self.field.edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (prompt, self.field, self.buttons):
            layout.addWidget(widget)
        self.field.edit.textChanged.connect(lambda _text: self._update_ok())
        self._update_ok()
        self.resize(460, self.sizeHint().height())

    @property
    def date(self) -> ParsedDate | None:
        return self.field.parsed()

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.date is not None)

    def accept(self) -> None:
        if self.date is not None:
            super().accept()
