"""Review the dated sentences found in a source: tick, edit title or date, or skip each one.

Nothing is ticked at first, so nothing is created unless the user chooses it; the ticked rows
become cited events in one undo step (see `desktop.curation.commands.create_cited_events`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.curation.rows import DatedRow
from db.curation.statements import DatedStatement
from db.dates import parse_date
from db.errors import DateError
from desktop.curation.commands import ActorChoice, CitedEventDraft
from desktop.models.row_list import RowListModel
from desktop.plain_text import plain_label, tooltip
from desktop.widgets.date_field import describe

_HEADERS = ("Title", "Date", "Found", "Actors", "Where", "Sentence")
TITLE, DATE, FOUND, ACTORS, WHERE, SENTENCE = range(6)
_INVALID = QColor("#b00020")


@lru_cache(maxsize=512)
def _checked_date(text: str) -> tuple[bool, str]:
    """(valid, how the date reads or why it is refused)."""
    if not text.strip():
        return False, "no date: type one, e.g. 28 July 2024"
    try:
        return True, describe(parse_date(text), text)
    except DateError as err:
        return False, str(err)


@dataclass(frozen=True)
class StatementChoice:
    row: DatedRow
    title: str
    when: str
    actor_names: tuple[str, ...]
    checked: bool = False

    @property
    def statement(self) -> DatedStatement:
        return self.row.statement

    def found(self) -> str:
        """The phrase that dates the row, marked when unresolved or inferred."""
        date = self.row.date
        marks = [] if date.edtf else ["unresolved"]
        if self.row.inferred_from is not None:
            marks.append("inferred")
        return date.text + (f" ({', '.join(marks)})" if marks else "")

    def why(self) -> str:
        """How the date was read, and for an inferred one the sentence it came from."""
        date = self.row.date
        if self.row.inferred_from is None:
            return date.reason
        return f"{date.reason}. From: {self.row.inferred_from}"

    def problem(self) -> str | None:
        """Why this row cannot become an event, or None."""
        if not self.title.strip():
            return "the title is empty"
        valid, message = _checked_date(self.when)
        return None if valid else message


def statement_choices(rows: list[DatedRow], names_by_id: dict[int, str]) -> list[StatementChoice]:
    """One unticked choice per proposed row (a sentence with two dates gives two)."""
    choices = []
    for row in rows:
        s = row.statement
        names = tuple(dict.fromkeys(names_by_id.get(int(a.actor_id), a.text) for a in s.actors))
        choices.append(StatementChoice(row, s.title, row.date.edtf or "", names))
    return choices


class DatedStatementsModel(RowListModel[StatementChoice]):
    """The review table: title (tick box, editable), date (editable) and what was found."""

    def __init__(self, rows: list[StatementChoice], parent: QObject | None = None):
        super().__init__(rows, _HEADERS, parent)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> str | None:
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)  # numbered from 1, as checked_rows() numbers them
        return super().headerData(section, orientation, role)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == TITLE:
            flags |= Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEditable
        elif index.column() == DATE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def _text(self, row: StatementChoice, column: int) -> str:
        s = row.statement
        if column == TITLE:
            return row.title
        if column == DATE:
            return row.when
        if column == FOUND:
            return row.found()
        if column == ACTORS:
            return ", ".join(row.actor_names)
        return s.locator if column == WHERE else s.text

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, column = self.rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(row, column)
        if role == Qt.ItemDataRole.CheckStateRole and column == TITLE:
            return Qt.CheckState.Checked if row.checked else Qt.CheckState.Unchecked
        if column == DATE and role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole):
            valid, message = _checked_date(row.when)
            if role == Qt.ItemDataRole.ToolTipRole:
                return tooltip(message)
            return None if valid else _INVALID
        if role == Qt.ItemDataRole.ToolTipRole and column == FOUND:
            return tooltip(row.why())
        if role == Qt.ItemDataRole.ToolTipRole and column in (TITLE, SENTENCE):
            return tooltip(self._text(row, column))
        return None

    def setData(
        self,
        index: QModelIndex | QPersistentModelIndex,
        value: object,
        role: int = Qt.ItemDataRole.EditRole,
    ) -> bool:
        if not index.isValid():
            return False
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == TITLE:
            new = replace(row, checked=Qt.CheckState(value) == Qt.CheckState.Checked)
        elif role == Qt.ItemDataRole.EditRole and column == TITLE:
            new = replace(row, title=" ".join(str(value).split()))
        elif role == Qt.ItemDataRole.EditRole and column == DATE:
            new = replace(row, when=str(value).strip())
        else:
            return False
        self.rows[index.row()] = new
        self.dataChanged.emit(self.index(index.row(), TITLE), self.index(index.row(), DATE))
        return True

    def set_all_checked(self, checked: bool) -> None:
        self.rows = [replace(row, checked=checked) for row in self.rows]
        if self.rows:
            self.dataChanged.emit(self.index(0, TITLE), self.index(len(self.rows) - 1, TITLE))

    def checked_rows(self) -> list[tuple[int, StatementChoice]]:
        """(row number from 1, row) of every ticked row."""
        return [(i + 1, row) for i, row in enumerate(self.rows) if row.checked]


class DatedStatementsDialog(QDialog):
    """The review of one source's dated statements; `drafts()` after it is accepted."""

    def __init__(
        self,
        rows: list[DatedRow],
        source_id: int,
        source_title: str,
        names_by_id: dict[int, str],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Dated Statements")
        self.setObjectName("dated_statements")
        self.source_id, self.names_by_id = source_id, names_by_id
        self.resize(1100, 600)
        self.model = DatedStatementsModel(statement_choices(rows, names_by_id), self)
        sentences = len({row.statement.start for row in rows})
        inferred = sum(row.inferred_from is not None for row in rows)
        intro = plain_label(
            f"{len(rows)} dated statements in {sentences} sentences of “{source_title}”"
            + (f" ({inferred} dated by inference, marked so)" if inferred else "")
            + ". Tick those to add as events (each cites its sentence); double-click a title or "
            "date to change it.",
            self,
        )
        intro.setWordWrap(True)
        self.view = self._table()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        tick_all, tick_none = QPushButton("Tick &All", self), QPushButton("Tick &None", self)
        tick_all.clicked.connect(lambda: self.model.set_all_checked(True))
        tick_none.clicked.connect(lambda: self.model.set_all_checked(False))
        row = QHBoxLayout()
        row.addWidget(tick_all)
        row.addWidget(tick_none)
        row.addStretch(1)
        row.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        self.model.dataChanged.connect(self._update_ok)
        self._update_ok()

    def _table(self) -> QTableView:
        view = QTableView(self)
        view.setObjectName("dated_statements_table")
        view.setAccessibleName("Dated statements")
        view.setModel(self.model)
        view.setWordWrap(False)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = view.horizontalHeader()
        for column, width in ((TITLE, 340), (DATE, 150), (FOUND, 150), (ACTORS, 160)):
            view.setColumnWidth(column, width)
        header.setSectionResizeMode(WHERE, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        return view

    def _update_ok(self, *_args: object) -> None:
        count = len(self.model.checked_rows())
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(f"Create {count} Event{'s' if count != 1 else ''}")
        ok.setEnabled(count > 0)

    def accept(self) -> None:
        for number, row in self.model.checked_rows():
            problem = row.problem()
            if problem is not None:
                box = QMessageBox(
                    QMessageBox.Icon.Warning,
                    "Cannot create these events",
                    f"Row {number} (“{row.title}”): {problem}. Fix it or untick the row.",
                    parent=self,
                )
                box.setTextFormat(Qt.TextFormat.PlainText)
                box.exec()
                return
        super().accept()

    def drafts(self) -> list[CitedEventDraft]:
        """One cited event per ticked row, linking the known actors it names."""
        drafts = []
        for _number, row in self.model.checked_rows():
            s = row.statement
            actor_ids = dict.fromkeys(int(a.actor_id) for a in s.actors)
            drafts.append(
                CitedEventDraft(
                    title=row.title,
                    when=row.when,
                    source_id=self.source_id,
                    quote=s.text,
                    locator=s.locator,
                    actors=tuple(ActorChoice(self.names_by_id.get(i, ""), i) for i in actor_ids),
                )
            )
        return drafts
