"""Paste or edit a source's full text, and decide what to do when it copies another source."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.plain_text import plain_label
from desktop.widgets.date_field import DateField


class SourceTextDialog(QDialog):
    """The full text of a source (pasted as plain text); with `new_source`, title and date too."""

    def __init__(self, text: str = "", *, new_source: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("source_text")
        self.setWindowTitle("New Source from Text" if new_source else "Set Full Text")
        self.resize(760, 620)
        self.new_source = new_source
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.title_edit = QLineEdit(self)
        self.title_edit.setAccessibleName("Title")
        self.published_field = DateField(self, optional=True)
        self.published_field.setAccessibleName("Published")
        if new_source:
            form.addRow("&Title:", self.title_edit)
            form.addRow("&Published:", self.published_field)
        layout.addLayout(form)
        layout.addWidget(plain_label("Full text (paste it here; it is kept as plain text):", self))
        self.text_edit = QPlainTextEdit(self)
        self.text_edit.setAccessibleName("Full text")
        self.text_edit.setPlainText(text)
        layout.addWidget(self.text_edit, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        for signal in (
            self.title_edit.textChanged,
            self.published_field.edit.textChanged,
            self.text_edit.textChanged,
        ):
            signal.connect(self._validate)
        self._validate()

    def _validate(self, *_args: object) -> None:
        ok = bool(self.text_edit.toPlainText().strip()) or not self.new_source
        if self.new_source:
            ok = ok and bool(self.title_edit.text().strip()) and self.published_field.is_valid()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def full_text(self) -> str:
        return self.text_edit.toPlainText()

    def title(self) -> str:
        return self.title_edit.text().strip()

    def published(self) -> str:
        return self.published_field.text().strip()


class NearCopiesDialog(QDialog):
    """Sources whose text the new text copies: link it as a copy, keep it independent, or cancel.

    After exec(): `original_id` is the chosen original (Accepted) or None (kept independent).
    """

    def __init__(self, matches: list[tuple[int, str, float]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("near_copies")
        self.setWindowTitle("Possible Copy of Another Source")
        self.resize(620, 320)
        self.matches = matches
        self.original_id: int | None = None
        model = QStandardItemModel(0, 2, self)
        model.setHorizontalHeaderLabels(["Source", "Shared"])
        for source_id, title, score in matches:
            title_item, score_item = QStandardItem(title), QStandardItem(f"{score:.0%}")
            for item in (title_item, score_item):
                item.setEditable(False)
            title_item.setData(source_id, Qt.ItemDataRole.UserRole)
            model.appendRow([title_item, score_item])
        self.view = QTableView(self)
        self.view.setObjectName("near_copies_table")
        self.view.setAccessibleName("Similar sources")
        self.view.setModel(model)
        self.view.verticalHeader().hide()
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.selectRow(0)
        buttons = QDialogButtonBox(self)
        self.link_button = QPushButton("&Link as Copy", self)
        self.independent_button = QPushButton("&Keep Independent", self)
        buttons.addButton(self.link_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.independent_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.link_button.clicked.connect(self._link)
        self.independent_button.clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        explain = plain_label(
            "This text is a near-copy of the source(s) below. A copy is not independent "
            "evidence: linked as a copy, it does not count as corroboration.",
            self,
        )
        explain.setWordWrap(True)
        layout.addWidget(explain)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)

    def _link(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        row = rows[0].row() if rows else 0
        self.original_id = self.matches[row][0]
        self.accept()
