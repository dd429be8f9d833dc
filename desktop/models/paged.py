"""A read-only table model that fetches rows from `db.queries` one page at a time.

Subclasses say how to count and fetch a page and how to show a row; sorting is done in SQL.
Rows are plain tuples; at most a few pages are held, so 100,000 events cost what is on screen.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from desktop.plain_text import tooltip

PAGE = 200
_MAX_PAGES = 50

# A row of one list: a NamedTuple from `db.queries` whose first field is the record's id.
RowT = TypeVar("RowT", bound=tuple[Any, ...])
Cell = str | int | None  # what one column shows of a row (the view shows it as text)


class PagedTableModel(QAbstractTableModel, Generic[RowT]):
    columns: tuple[str, ...] = ()
    headers: tuple[str, ...] = ()
    sort_keys: tuple[str | None, ...] = ()  # SQL sort name per column (None: not sortable)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._count = 0
        self._pages: dict[int, list[RowT]] = {}
        self._sort: str | None = None
        self._descending = False
        self._waited = False  # a page was asked for and not to be had yet

    @property
    def sort_key(self) -> str | None:
        """The SQL sort name the rows are in now (a view shows it as its sort indicator)."""
        return self._sort

    @property
    def descending(self) -> bool:
        return self._descending

    # -- to implement -----------------------------------------------------------------
    def fetch_count(self) -> int:
        return 0

    def fetch_page(
        self, offset: int, limit: int, sort: str | None, descending: bool
    ) -> list[RowT] | None:
        """The rows of one page; None when they are not to be had yet (the view shows the
        rows as `waiting_text` and is told when they are: `rows_arrived`)."""
        return []

    def display(self, row: RowT, column: int) -> Cell:
        cell: Cell = row[column]
        return cell

    def fetch_position(self, entity_id: int, sort: str | None, descending: bool) -> int | None:
        """Row of `entity_id` in the current order and filter (None: not in this list)."""
        return None

    waiting_text = "Sorting…"  # the first cell of a row whose page is not to be had yet

    # -- model ----------------------------------------------------------------------------
    def reload(self) -> None:
        """Forget cached pages and re-count (after `LibraryController.changed`)."""
        self.beginResetModel()
        self._pages.clear()
        self._waited = False
        self._count = self.fetch_count()
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else self._count

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.headers)

    def row_at(self, row: int) -> RowT | None:
        if not 0 <= row < self._count:
            return None
        page = row // PAGE
        if page not in self._pages:
            if len(self._pages) >= _MAX_PAGES:
                self._pages.pop(next(iter(self._pages)))
            rows = self.fetch_page(page * PAGE, PAGE, self._sort, self._descending)
            if rows is None:
                self._waited = True
                return None
            self._pages[page] = rows
        rows = self._pages[page]
        offset = row - page * PAGE
        return rows[offset] if offset < len(rows) else None

    def held_row(self, row: int) -> RowT | None:
        """Row `row` if its page is held now (never fetches)."""
        rows = self._pages.get(row // PAGE) if row >= 0 else None
        return rows[row % PAGE] if rows is not None and row % PAGE < len(rows) else None

    def id_at(self, row: int) -> int | None:
        data = self.row_at(row)
        if not data:
            return None
        entity_id: int = data[0]
        return entity_id

    def rows_arrived(self) -> None:
        """Pages that were not to be had are now: show them (the rows stay where they are)."""
        if self._waited and self._count:
            self._waited = False
            last = self.index(self._count - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def row_of_id(self, entity_id: int) -> int | None:
        """Row of an id among the loaded pages (None if not loaded)."""
        for page, rows in self._pages.items():
            for offset, data in enumerate(rows):
                if data[0] == entity_id:
                    return page * PAGE + offset
        return None

    def locate(self, entity_id: int) -> int | None:
        """Row of an id, asking the database when its page is not loaded (None: filtered out)."""
        row = self.row_of_id(entity_id)
        if row is None:
            row = self.fetch_position(entity_id, self._sort, self._descending)
        return row if row is not None and row < self._count else None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> str | int | None:
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        if row is None:
            waiting = self._waited and index.column() == 0 and 0 <= index.row() < self._count
            shown = role == Qt.ItemDataRole.DisplayRole and waiting
            return self.waiting_text if shown else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = self.display(row, index.column())
            if value is None:
                return None
            return str(value) if role == Qt.ItemDataRole.DisplayRole else tooltip(str(value))
        if role == Qt.ItemDataRole.UserRole:
            entity_id: int = row[0]
            return entity_id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> str | None:
        # The tooltip names a column whose header a narrow dock shows shortened ("Sou…").
        if (
            orientation == Qt.Orientation.Horizontal
            and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
            and 0 <= section < len(self.headers)
        ):
            return self.headers[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.sort_keys) or self.sort_keys[column] is None:
            return
        self._sort = self.sort_keys[column]
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.reload()
