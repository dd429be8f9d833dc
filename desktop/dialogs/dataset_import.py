"""Import published data (ACLED, Wikidata, Timeline, iCalendar, GDELT): a preview of the first
rows as Chronicle will read them (the date as stored, as shown, and its precision), GDELT's
filter, then Import. The preview is read in a Job, so a big file never stalls the window.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.exchange.dataset_rows import PreviewRow
from db.exchange.datasets import DATASET_FORMATS
from db.exchange.gdelt import GdeltFilter
from desktop.jobs import Job, start
from desktop.plain_text import plain_label

PREVIEW_ROWS = 20
HEADERS = ("Row", "Title", "Date stored", "Shown as", "Precision", "Also")


class PreviewModel(QAbstractTableModel):
    """The preview rows, read-only."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list[PreviewRow] = []

    def set_rows(self, rows: list[PreviewRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(
        self,
        parent: QModelIndex | QPersistentModelIndex = QModelIndex(),  # noqa: B008
    ) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(
        self,
        parent: QModelIndex | QPersistentModelIndex = QModelIndex(),  # noqa: B008
    ) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> str | None:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        row = self.rows[index.row()]
        values = (row.where, row.title, row.date_text, row.date_shown, row.precision, row.details)
        return values[index.column()]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> str | None:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None


class DatasetImportDialog(QDialog):
    """Preview `path` as format `fmt`; `import_requested(options)` when the user confirms."""

    import_requested = Signal(dict)

    def __init__(self, fmt: str, path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.fmt, self.path = fmt, Path(path)
        self.format = DATASET_FORMATS[fmt]
        self.setObjectName("dataset_import_dialog")
        self.setWindowTitle(f"Import {self.format.label} — {self.path.name}")
        self.resize(900, 480)
        layout = QVBoxLayout(self)
        self.filter_edits: dict[str, QLineEdit] = {}
        if self.format.needs_filter:
            layout.addLayout(self._filter_form())
        self.status = plain_label("Reading the first rows…")
        self.status.setObjectName("preview_status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.model = PreviewModel(self)
        self.table = QTableView()
        self.table.setObjectName("preview_table")
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText("&Import")
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self._confirm)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._job: Job | None = None
        self._jobs: set[Job] = set()  # kept alive until they report
        self.refresh()

    def _filter_form(self) -> QFormLayout:
        form = QFormLayout()
        fields = (
            ("since", "From day", "2024-03-01"),
            ("until", "To day", "2024-03-31"),
            ("actors", "Actor codes", "USA, RUSGOV (prefixes)"),
            ("roots", "CAMEO roots", "14, 19 (protest, fight)"),
            ("countries", "Action countries", "UP, RS (FIPS codes)"),
        )
        for name, label, hint in fields:
            edit = QLineEdit()
            edit.setObjectName(f"gdelt_{name}")
            edit.setPlaceholderText(hint)
            edit.returnPressed.connect(self.refresh)
            self.filter_edits[name] = edit
            form.addRow(f"{label}:", edit)
        button = QPushButton("&Preview Filter")
        button.setObjectName("preview_filter")
        button.clicked.connect(self.refresh)
        form.addRow("", button)
        return form

    def options(self) -> dict[str, Any]:
        """What the import needs besides the file (GDELT: its filter)."""
        if not self.format.needs_filter:
            return {}

        def items(name: str) -> list[str]:
            return [p.strip() for p in self.filter_edits[name].text().split(",") if p.strip()]

        keep = GdeltFilter(
            self.filter_edits["since"].text(),
            self.filter_edits["until"].text(),
            items("actors"),
            items("roots"),
            items("countries"),
        )
        return {"keep": keep}

    def refresh(self) -> None:
        """Read the first rows again (in a Job) with the current options."""
        if self._job is not None:
            self._job.cancel()
        self.import_button.setEnabled(False)
        self.status.setText("Reading the first rows…")
        options, preview, path = self.options(), self.format.preview, self.path
        job = Job(lambda _progress: preview(path, PREVIEW_ROWS, **options), "Preview")
        job.signals.finished.connect(lambda rows, j=job: self._show(j, rows))
        job.signals.failed.connect(lambda message, j=job: self._refuse(j, message))
        for signal in (job.signals.finished, job.signals.failed, job.signals.cancelled):
            signal.connect(lambda *_args, j=job: self._jobs.discard(j))
        self._jobs.add(job)
        self._job = start(job)

    def _show(self, job: Job, rows: list[PreviewRow]) -> None:
        if job is not self._job:
            return
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        if rows:
            self.status.setText(
                f"The first {len(rows)} rows as Chronicle will read them. The import is all "
                "or nothing, and one undo step."
            )
        else:
            self.status.setText("No rows to import (with this filter).")
        self.import_button.setEnabled(bool(rows))

    def _refuse(self, job: Job, message: str) -> None:
        if job is not self._job:
            return
        self.model.set_rows([])
        self.status.setText(message)
        self.import_button.setEnabled(False)

    def _confirm(self) -> None:
        self.import_requested.emit(self.options())
        self.accept()
