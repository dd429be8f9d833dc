"""Ask for a source's publication date before its dated statements are found.

"Last month", "on Monday" and "July 28" are counted from the publication date; without it they
stay unresolved. A date found in the text's metadata or dateline is proposed; the user confirms,
corrects or scans without one.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QVBoxLayout,
    QWidget,
)

from db.curation.publication_finder import FoundPublication
from desktop.plain_text import plain_label
from desktop.widgets.date_field import DateField


class PublicationDateDialog(QDialog):
    """`date()` after Accepted: the EDTF to scan with, or "" to scan without one."""

    def __init__(self, source_title: str, found: FoundPublication | None, parent: QWidget | None):
        super().__init__(parent)
        self.setWindowTitle("Publication Date")
        self.setObjectName("publication_date")
        intro = (
            f"“{source_title}” has no publication date. Phrases such as “last month” or “on "
            "Monday” are counted from it; without it they stay unresolved."
        )
        if found is not None:
            intro += f" Found in {found.where}: “{found.quote}”."
        label = plain_label(intro, self)
        label.setWordWrap(True)
        self.date_field = DateField(self, optional=True)
        self.date_field.setAccessibleName("Publication date")
        if found is not None:
            self.date_field.setText(found.edtf)
        self.save_box = QCheckBox("&Save it as the source’s publication date", self)
        self.save_box.setChecked(True)
        form = QFormLayout()
        form.addRow("&Published:", self.date_field)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.scan_button = self.buttons.addButton(
            "Scan with This &Date", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.without_button = self.buttons.addButton(
            "Scan &Without", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.without_button.clicked.connect(self._without)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addLayout(form)
        layout.addWidget(self.save_box)
        layout.addWidget(self.buttons)
        self._scan_without = False
        self.date_field.validityChanged.connect(self._update)
        self.date_field.edit.textChanged.connect(self._update)
        self._update()

    def _update(self, *_args: object) -> None:
        parsed = self.date_field.parsed()
        self.scan_button.setEnabled(parsed is not None)
        self.save_box.setEnabled(parsed is not None)

    def _without(self) -> None:
        self._scan_without = True
        self.accept()

    def date(self) -> str:
        parsed = self.date_field.parsed()
        return "" if self._scan_without or parsed is None else parsed.edtf

    def save(self) -> bool:
        """True if the date should be stored on the source (one undoable edit)."""
        return bool(self.date()) and self.save_box.isChecked()
