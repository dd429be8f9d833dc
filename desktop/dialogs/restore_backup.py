"""File > Restore from Backup…: the backups of the open library, newest first, to pick one.

The dialog only chooses; `desktop.safety.reliability` does the restore (off the UI thread).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.backups import BackupInfo

_COLUMNS = ("Made", "Events", "Actors", "Sources", "Size", "Note")
_NOTES = {
    "before-restore": "state before a restore",
    "before-restore-damaged": "damaged state before a restore",
    "before-repair": "state before a repair",
}


def made_text(info: BackupInfo) -> str:
    return info.created.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size:,} bytes"
    if size < 1024**2:
        return f"{size / 1024:,.1f} KB"
    return f"{size / 1024**2:,.1f} MB"


def counts_text(info: BackupInfo) -> str:
    if info.counts is None:
        return "unreadable"
    c = info.counts
    return f"{c['event']:,} events, {c['actor']:,} actors, {c['source']:,} sources"


class BackupTableModel(QAbstractTableModel):
    """Backups as rows: when made, what they hold, how big."""

    def __init__(self, backups: list[BackupInfo], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.backups = backups

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.backups)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(_COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> str | None:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _COLUMNS[section]
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> str | int | None:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.TextAlignmentRole,
        ):
            return None
        info, column = self.backups[index.row()], index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            numeric = 1 <= column <= 4
            align = Qt.AlignmentFlag.AlignRight if numeric else Qt.AlignmentFlag.AlignLeft
            return int(align | Qt.AlignmentFlag.AlignVCenter)
        if column == 0:
            return made_text(info)
        if 1 <= column <= 3:
            if info.counts is None:
                return "?"
            return f"{info.counts[('event', 'actor', 'source')[column - 1]]:,}"
        if column == 4:
            return size_text(info.size)
        if info.counts is None:
            return "cannot be read"
        return _NOTES.get(info.label, info.label)


class RestoreBackupDialog(QDialog):
    """Pick a backup of `library_name` to restore; also sets how many backups are kept."""

    def __init__(
        self,
        backups: list[BackupInfo],
        keep: int,
        library_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("restore_backup_dialog")
        self.setWindowTitle("Restore from Backup")
        self.resize(720, 420)
        intro = QLabel(
            f"Backups of {library_name}, newest first. Restoring replaces the library with the "
            "chosen backup; the library as it is now is backed up first.",
            self,
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.model = BackupTableModel(backups, self)
        self.table = QTableView(self)
        self.table.setObjectName("backup_table")
        self.table.setAccessibleName("Backups")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self._accept_if_chosen())
        self.keep_box = QSpinBox(self)
        self.keep_box.setObjectName("keep_backups")
        self.keep_box.setAccessibleName("Number of automatic backups to keep")
        self.keep_box.setRange(1, 500)
        self.keep_box.setValue(keep)
        keep_label = QLabel("Keep the newest", self)
        keep_label.setBuddy(self.keep_box)
        keep_row = QHBoxLayout()
        keep_row.addWidget(keep_label)
        keep_row.addWidget(self.keep_box)
        keep_row.addWidget(QLabel("backups (one is made on opening and every 30 minutes)", self))
        keep_row.addStretch(1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.restore_button = self.buttons.addButton(
            "&Restore…", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setObjectName("restore_button")
        self.restore_button.setEnabled(False)
        self.buttons.accepted.connect(self._accept_if_chosen)
        self.buttons.rejected.connect(self.reject)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        keep_widget = QWidget(self)
        keep_widget.setLayout(keep_row)
        layout.addWidget(keep_widget)
        layout.addWidget(self.buttons)

    def chosen(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.backups[rows[0].row()] if rows else None

    def _selection_changed(self, *_args: object) -> None:
        info = self.chosen()
        self.restore_button.setEnabled(info is not None and info.counts is not None)

    def _accept_if_chosen(self) -> None:
        if self.restore_button.isEnabled():
            self.accept()
