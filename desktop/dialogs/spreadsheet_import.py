"""Import Spreadsheet: map a CSV's columns to event fields, see which rows would fail and why.

The first rows are checked as the mapping changes; the whole file is checked in a Job. Import
stays disabled while any row would fail, unless "Skip failing rows" is ticked. The import
itself is run by whoever listens to `import_requested` (desktop.exchange.actions).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.exchange.encoding import CHOICES as ENCODING_CHOICES
from db.exchange.encoding import label as encoding_label
from db.exchange.spreadsheet import (
    FIELDS,
    REQUIRED,
    ColumnMapping,
    RowError,
    SheetCheck,
    SheetPreview,
    SheetRow,
    check_file,
    guess_mapping,
    preview,
    validate,
)
from desktop.jobs import Job, start
from desktop.plain_text import plain_label

NONE = "(none)"
DATE_ORDERS = (
    ("Refuse all-number dates like 03/04/2024", ""),
    ("Day first: 31/01/2024", "day-first"),
    ("Month first: 01/31/2024", "month-first"),
)
_FAIL_COLOR = QColor("#f8d7da")
_CHECK_DELAY_MS = 250
_DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "bars"}


class SheetPreviewModel(QAbstractTableModel):
    """The first rows of the file: line, what would go wrong, then the file's own columns."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers: list[str] = []
        self.rows: list[SheetRow] = []
        self.errors: dict[int, RowError] = {}

    def set_rows(self, headers: list[str], rows: list[SheetRow]) -> None:
        self.beginResetModel()
        self.headers, self.rows, self.errors = headers, rows, {}
        self.endResetModel()

    def set_errors(self, errors: list[RowError]) -> None:
        self.errors = {}
        for error in errors:
            self.errors.setdefault(error.line, error)
        if self.rows:
            last = self.index(len(self.rows) - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def rowCount(
        self,
        parent: QModelIndex | QPersistentModelIndex = QModelIndex(),  # noqa: B008 - Qt's signature
    ) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(
        self,
        parent: QModelIndex | QPersistentModelIndex = QModelIndex(),  # noqa: B008 - Qt's signature
    ) -> int:
        return 0 if parent.isValid() else 2 + len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> str | None:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (["Row", "Problem", *self.headers])[section]

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> QBrush | str | None:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        error = self.errors.get(row.line)
        if role == Qt.ItemDataRole.BackgroundRole and error is not None:
            return QBrush(_FAIL_COLOR)
        if role == Qt.ItemDataRole.ForegroundRole and error is not None:
            return QBrush(QColor("#1d1d1f"))
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        column = index.column()
        if column == 0:
            place = row.place  # a quoted cell can hold line breaks: "4 (lines 10–13)"
            if place.first_line == place.last_line:
                return str(place.row)
            return f"{place.row} (lines {place.first_line}\u2013{place.last_line})"
        if column == 1:
            if error is None:
                return "" if role == Qt.ItemDataRole.DisplayRole else None
            text = f"{error.column}: {error.message}" if error.column else error.message
            return text if role == Qt.ItemDataRole.DisplayRole else None
        return (
            row.cells.get(self.headers[column - 2], "")
            if role == Qt.ItemDataRole.DisplayRole
            else None
        )


class SpreadsheetImportDialog(QDialog):
    """Column mapping with a live preview; emits import_requested(mapping, skip_failing)."""

    import_requested = Signal(object, bool)
    # The separator fields beside the actors and tags columns (made by `_with_separator`).
    actors_separator: QLineEdit
    tags_separator: QLineEdit

    def __init__(self, path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("spreadsheet_import_dialog")
        self.setWindowTitle(f"Import Spreadsheet — {path.name}")
        self.resize(960, 640)
        self.path = path
        self.sheet: SheetPreview | None = None
        self.check: SheetCheck | None = None
        self._check_job: Job | None = None
        self._jobs: list[Job] = []
        self.info = plain_label("Reading the file…", self)
        self.info.setObjectName("sheet_info")
        self.info.setWordWrap(True)
        self.combos: dict[str, QComboBox] = {}
        form = QFormLayout()
        # The detected encoding is a guess: the user can see it and choose another.
        self.encoding = QComboBox(self)
        self.encoding.setObjectName("sheet_encoding")
        self.encoding.setAccessibleName("Encoding of the file")
        self.encoding.addItem("Detect", None)
        for codec in ENCODING_CHOICES:
            self.encoding.addItem(encoding_label(codec), codec)
        self.encoding.currentIndexChanged.connect(self._load)
        form.addRow("&Encoding:", self.encoding)
        for name, label in FIELDS.items():
            combo = QComboBox(self)
            combo.setObjectName(f"column_{name}")
            combo.setAccessibleName(f"Column for {label.lower()}")
            combo.currentIndexChanged.connect(self._mapping_changed)
            self.combos[name] = combo
            star = " *" if name in REQUIRED else ""
            form.addRow(f"{label}{star}:", self._with_separator(name, combo))
        self.date_order = QComboBox(self)
        self.date_order.setObjectName("date_order")
        self.date_order.setAccessibleName("All-number dates")
        for text, value in DATE_ORDERS:
            self.date_order.addItem(text, value)
        self.date_order.currentIndexChanged.connect(self._mapping_changed)
        form.addRow("All-number dates:", self.date_order)
        self.model = SheetPreviewModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("sheet_preview")
        self.table.setAccessibleName("Preview of the first rows")
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.verticalHeader().hide()
        self.summary = plain_label("", self)
        self.summary.setObjectName("sheet_summary")
        self.summary.setWordWrap(True)
        self.skip_box = QCheckBox("&Skip failing rows (import only the rows that pass)", self)
        self.skip_box.setObjectName("skip_failing")
        self.skip_box.toggled.connect(self._update_button)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.import_button = self.buttons.addButton(
            "&Import", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.import_button.setObjectName("import_button")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self._import_clicked)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.skip_box)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self, singleShot=True, interval=_CHECK_DELAY_MS)
        self._timer.timeout.connect(self._check_whole_file)
        self._loading = True
        self._load()

    def _with_separator(self, name: str, combo: QComboBox) -> QWidget:
        if name not in ("actors", "tags"):
            return combo
        edit = QLineEdit(";", self)
        edit.setObjectName(f"{name}_separator")
        edit.setAccessibleName(f"Separator between {name}")
        edit.setMaxLength(3)
        edit.setFixedWidth(48)
        edit.setToolTip(f"What separates several {name} in one cell")
        edit.textChanged.connect(self._mapping_changed)
        setattr(self, f"{name}_separator", edit)
        box = QWidget(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(combo, 1)
        row.addWidget(plain_label("separated by", box))
        row.addWidget(edit)
        return box

    # -- loading --------------------------------------------------------------------------
    def _load(self, *_args: object) -> None:
        encoding = self.encoding.currentData()
        job = Job(
            lambda _progress: preview(self.path, encoding=encoding), "Reading the spreadsheet"
        )
        job.signals.finished.connect(self._loaded)
        job.signals.failed.connect(self._load_failed)
        self._jobs.append(job)
        start(job)

    def _load_failed(self, message: str) -> None:
        self.sheet = self.check = None
        self.model.set_rows([], [])
        self._update_button()
        self.info.setText(message)
        self.summary.setText("Nothing can be imported from this file as it is read now.")

    def _loaded(self, sheet: SheetPreview) -> None:
        self.sheet = sheet
        guess = sheet.encoding_guess
        encoding = guess.describe() if guess else encoding_label(sheet.encoding)
        separated = _DELIMITERS.get(sheet.delimiter, repr(sheet.delimiter))
        self.info.setText(
            f"{self.path.name}: {len(sheet.headers)} columns separated by {separated}, "
            f"read as {encoding}. Choose which column holds what; fields marked * are required."
        )
        self.model.set_rows(sheet.headers, sheet.rows)
        self.apply_mapping(guess_mapping(sheet.headers, sheet.rows))

    def apply_mapping(self, mapping: ColumnMapping) -> None:
        """Show `mapping` in the controls (and check it)."""
        self._loading = True
        headers = self.sheet.headers if self.sheet else []
        for name, combo in self.combos.items():
            combo.clear()
            combo.addItem(NONE, "")
            for header in headers:
                combo.addItem(header, header)
            combo.setCurrentIndex(max(0, combo.findData(mapping.columns.get(name, ""))))
        self.actors_separator.setText(mapping.actor_separator)
        self.tags_separator.setText(mapping.tag_separator)
        self.date_order.setCurrentIndex(max(0, self.date_order.findData(mapping.numeric_dates)))
        self._loading = False
        self._mapping_changed()

    def mapping(self) -> ColumnMapping:
        columns = {name: combo.currentData() for name, combo in self.combos.items()}
        return ColumnMapping(
            columns={name: header for name, header in columns.items() if header},
            actor_separator=self.actors_separator.text() or ";",
            tag_separator=self.tags_separator.text() or ";",
            numeric_dates=self.date_order.currentData() or "",
            encoding=self.encoding.currentData(),
        )

    # -- checking -------------------------------------------------------------------------
    def _mapping_changed(self, *_args: object) -> None:
        if self._loading or self.sheet is None:
            return
        mapping = self.mapping()
        self.check = None
        missing = [FIELDS[n].lower() for n in REQUIRED if not mapping.header(n)]
        self.model.set_errors([] if missing else validate(self.sheet.rows, mapping))
        if missing:
            self.summary.setText(f"Choose the column holding the {' and the '.join(missing)}.")
        else:
            self.summary.setText("Checking every row…")
        self._update_button()
        if not missing:
            self._timer.start()

    def _check_whole_file(self) -> None:
        if self._check_job is not None:
            self._check_job.cancel()
        mapping = self.mapping()
        job = Job(lambda progress: check_file(self.path, mapping, progress=progress), "Checking")
        job.signals.finished.connect(lambda result, j=job: self._checked(j, result))
        job.signals.failed.connect(self.summary.setText)
        self._check_job = job
        self._jobs.append(job)
        start(job)

    def _checked(self, job: Job, result: SheetCheck) -> None:
        if job is not self._check_job:
            return  # an older mapping's check
        self.check = result
        if result.problems:
            text = "; ".join(result.problems)
            self.summary.setText(text[:1].upper() + text[1:] + ".")
        elif result.error_count == 0:
            self.summary.setText(f"All {result.rows:,} rows can be imported.")
        else:
            first = result.errors[0]
            self.summary.setText(
                f"{result.error_count:,} of {result.rows:,} rows would fail; nothing is imported "
                f"while any does (or tick “Skip failing rows”). First: {first}"
            )
        self._update_button()

    def _update_button(self, *_args: object) -> None:
        check = self.check
        passes = (
            check is not None
            and not check.problems
            and check.rows > 0
            and (check.error_count == 0 or self.skip_box.isChecked())
        )
        self.import_button.setEnabled(bool(passes))

    def _import_clicked(self) -> None:
        self.import_button.setEnabled(False)
        self.import_requested.emit(self.mapping(), self.skip_box.isChecked())

    def import_failed(self, _message: str = "") -> None:
        """The import was refused or cancelled: let the user fix the mapping and retry."""
        self._update_button()

    def done(self, result: int) -> None:
        if self._check_job is not None:
            self._check_job.cancel()
        super().done(result)
