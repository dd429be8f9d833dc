"""The Change History panel: who changed what and when, from the library's own history.

Not the undo stack (the "History" dock lists this session's undo steps): this lists every
committed change of every analyst, kept by the library (db/queries/history.py), newest first,
for the selected event, actor or source or for the whole library, since a day, by one person.
Rows are fetched a page at a time (desktop/models/paged.py), so a library with a million
changes costs what is on screen. Export writes the same rows as CSV in a background job.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QObject, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.queries import history
from desktop.dialogs.job_progress import run_job
from desktop.jobs import Job
from desktop.library import LibraryController
from desktop.models.paged import Cell, PagedTableModel
from desktop.plain_text import plain_label
from desktop.workspace import Menus, Workspace

SCOPE_RECORD, SCOPE_LIBRARY = "record", "library"
SINCE_ANY, SINCE_YESTERDAY, SINCE_DATE = "any", "yesterday", "date"
_MAX_SHOWN = 160  # characters of one value in the Changes column (the tooltip has it all)


def _value(value: Any) -> str:
    if value is None or value == "":
        return "—"
    text = "; ".join(map(str, value)) if isinstance(value, list) else str(value)
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"


def describe(change: history.Change) -> str:
    """'title: Talks → Talks in Rome; importance: 3 → 4' (an added or deleted record: its
    values)."""
    if change.action != "changed":
        values = change.new or change.old
        return "; ".join(
            f"{name}: {_value(v)}" for name, v in values.items() if v not in (None, "")
        )
    return "; ".join(f"{n}: {_value(o)} → {_value(v)}" for n, o, v in change.fields())


class ChangeHistoryModel(PagedTableModel[history.Change]):
    """Changes matching the panel's filters, newest first, a page at a time."""

    headers = ("When (UTC)", "Who", "Record", "Action", "Changes")
    sort_keys = (None, None, None, None, None)  # always newest first: the history's order

    def __init__(self, controller: LibraryController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.filters: dict[str, Any] | None = None  # None: nothing to show (no record chosen)

    def set_filters(self, filters: dict[str, Any] | None) -> None:
        self.filters = filters
        self.reload()

    def fetch_count(self) -> int:
        if self.filters is None or not self.controller.is_open:
            return 0
        return history.count_changes(self.controller.lib, **self.filters)

    def fetch_page(
        self, offset: int, limit: int, sort: str | None, descending: bool
    ) -> list[history.Change]:
        if self.filters is None or not self.controller.is_open:
            return []
        return history.changes(self.controller.lib, **self.filters, limit=limit, offset=offset)

    def display(self, row: history.Change, column: int) -> Cell:
        if column == 0:
            return row.changed_at[:19].replace("T", " ")
        if column == 1:
            return row.who
        if column == 2:
            return history.record_label(row)
        if column == 3:
            return row.action
        return describe(row)


class ChangeHistoryPanel(QWidget):
    """Filters above a paged table of changes, and Export CSV."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("change_history")
        controller, selection = workspace.controller, workspace.selection
        self.controller, self.selection = controller, selection
        self.export_job: Job | None = None
        self.scope = self._combo("change_history_scope", "Show changes of",
                                 [("Selected record", SCOPE_RECORD),
                                  ("Whole library", SCOPE_LIBRARY)])  # fmt: skip
        self.person = self._combo("change_history_person", "By", [("Everyone", None)])
        self.since = self._combo("change_history_since", "Since",
                                 [("Any time", SINCE_ANY), ("Yesterday", SINCE_YESTERDAY),
                                  ("A date", SINCE_DATE)])  # fmt: skip
        self.since_date = QDateEdit(QDate.currentDate().addDays(-7), self)
        self.since_date.setObjectName("change_history_date")
        self.since_date.setAccessibleName("Since date")
        self.since_date.setCalendarPopup(True)
        self.since_date.setDisplayFormat("yyyy-MM-dd")
        self.since_date.setEnabled(False)
        self.export_button = QPushButton("E&xport CSV…", self)
        self.export_button.setObjectName("change_history_export")
        self.status = plain_label("", self)
        self.status.setObjectName("change_history_status")
        self.model = ChangeHistoryModel(controller, self)
        self.view = QTableView(self)
        self.view.setObjectName("change_history_view")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._layout()
        for combo in (self.scope, self.person, self.since):
            combo.currentIndexChanged.connect(self.refresh)
        self.since_date.dateChanged.connect(self.refresh)
        self.export_button.clicked.connect(self.choose_export_file)
        selection.changed.connect(self._selection_changed)
        controller.changed.connect(lambda *_: self.refresh())
        self.refresh()

    def _combo(self, name: str, label: str, items: Sequence[tuple[str, str | None]]) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setAccessibleName(label)
        for text, data in items:
            combo.addItem(text, data)
        return combo

    def _layout(self) -> None:
        row1, row2 = QHBoxLayout(), QHBoxLayout()
        for layout, pairs in (
            (row1, [("Show &changes of", self.scope), ("&By", self.person)]),
            (row2, [("&Since", self.since), (None, self.since_date)]),
        ):
            for text, widget in pairs:
                if text:
                    label = QLabel(text, self)
                    label.setBuddy(widget)
                    layout.addWidget(label)
                layout.addWidget(widget)
            layout.addStretch(1)
        row2.addWidget(self.export_button)
        rows = QVBoxLayout(self)
        rows.addLayout(row1)
        rows.addLayout(row2)
        rows.addWidget(self.status)
        rows.addWidget(self.view, 1)

    # -- filters ----------------------------------------------------------------------------
    def filters(self) -> dict[str, Any] | None:
        """What the table lists, as db.queries.history takes it (None: no record chosen)."""
        found: dict[str, Any] = {}
        if self.scope.currentData() == SCOPE_RECORD:
            current = self.selection.current
            if current is None:
                return None
            found["kind"], found["record_id"] = current
        if self.person.currentData():
            found["who"] = self.person.currentData()
        since = self.since.currentData()
        self.since_date.setEnabled(since == SINCE_DATE)
        if since == SINCE_YESTERDAY:
            found["since"] = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
        elif since == SINCE_DATE:
            found["since"] = self.since_date.date().toString("yyyy-MM-dd")
        return found

    def _selection_changed(self, _origin: object = None) -> None:
        if self.scope.currentData() == SCOPE_RECORD:
            self.refresh()

    def refresh(self, *_args: object) -> None:
        """Re-read the people and the changes (after a filter, the selection or a change)."""
        if not self.isVisible() and self.model.filters is not None:
            self.model.filters = None  # fetched again when shown: no queries for a hidden panel
        self._update_people()
        filters = self.filters() if self.isVisible() and self.controller.is_open else None
        self.model.set_filters(filters)
        self.export_button.setEnabled(bool(self.model.rowCount()))
        if filters is None and self.isVisible():
            self.status.setText("Select an event, actor or source to see its changes.")
        else:
            count = self.model.rowCount()
            self.status.setText(f"{count:,} change{'s' if count != 1 else ''}")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def _update_people(self) -> None:
        visible = self.controller.is_open and self.isVisible()
        people = history.people(self.controller.lib) if visible else []
        shown = [self.person.itemData(i) for i in range(1, self.person.count())]
        if people == shown:
            return
        chosen = self.person.currentData()
        self.person.blockSignals(True)
        try:
            while self.person.count() > 1:
                self.person.removeItem(1)
            for who in people:
                self.person.addItem(who, who)
            at = self.person.findData(chosen) if chosen else 0
            self.person.setCurrentIndex(max(at, 0))
        finally:
            self.person.blockSignals(False)

    # -- export -----------------------------------------------------------------------------
    def choose_export_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export Change History", "change-history.csv", "CSV files (*.csv)"
        )
        if path:
            if not path.lower().endswith(".csv"):
                path += ".csv"
            self.export(Path(path))

    def export(self, path: Path) -> Job:
        """Write what the table lists (every page) to `path`, in a job with progress and Cancel."""
        lib, filters = self.controller.lib, dict(self.model.filters or {})

        def written(done: Path) -> None:
            self.status.setText(f"Change history written to {done}")

        self.export_job = run_job(
            self,
            lambda progress: history.export_changes_csv(lib, path, progress=progress, **filters),
            "Change History Export",
            written,
            label=f"Writing the change history to {path.name}…",
        )
        return self.export_job


def add_change_history_dock(workspace: Workspace, menus: Menus) -> ChangeHistoryPanel:
    """Add the (hidden) Change History dock; View > Change History shows it."""
    panel = ChangeHistoryPanel(workspace, workspace.parent)
    dock = menus.add_dock(panel, "Change History", Qt.DockWidgetArea.BottomDockWidgetArea)
    dock.hide()
    dock.visibilityChanged.connect(lambda _shown: panel.refresh())
    workspace.controller.opened.connect(lambda _lib: panel.refresh())
    return panel
