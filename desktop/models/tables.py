"""The Events, Actors and Sources tables: paged models over `db.queries` lists."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from db import queries
from db.dates import format_date
from db.errors import DateError
from db.queries import ActorRow, EventFilter, EventListRow, SourceRow
from db.queries.lists import list_events_by_id
from desktop.library import LibraryController
from desktop.models.event_order import EventOrder
from desktop.models.paged import Cell, PagedTableModel, RowT


def display_date(edtf: str | None) -> str:
    """A stored EDTF date as people read it ('Jul 2024', '44 BC'); the raw text if unreadable."""
    if not edtf:
        return ""
    try:
        return format_date(edtf)
    except DateError:  # text another program stored, not a date we can read: shown as it is
        return edtf


class EventTableModel(PagedTableModel[EventListRow]):
    headers = ("Title", "When", "Actors", "Sources", "Category", "Importance", "Best grade")
    sort_keys = ("title", "when", None, "sources", "category", "importance", None)
    # Rows or a position that waited for the list's order (EventOrder) are to be had now.
    order_arrived = Signal()

    def __init__(self, controller: LibraryController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.filter = EventFilter()
        self._sort = "when"
        self.order = EventOrder(controller, parent=self)
        self.order.ready.connect(self._on_order_ready)
        self._position_waited = False

    def set_filter(self, filt: EventFilter) -> None:
        self.filter = filt
        self.reload()

    def reload(self) -> None:
        self.order.forget()  # before any page of the new list is read
        self._position_waited = False
        super().reload()
        self.order.reset(self.filter, self.sort_key or "when", self.descending, self.rowCount())

    def _on_order_ready(self) -> None:
        relocate, self._position_waited = self._position_waited, False
        self.rows_arrived()
        if relocate:
            self.order_arrived.emit()

    def fetch_count(self) -> int:
        if not self.controller.is_open:
            return 0
        return queries.count_events(self.controller.lib, self.filter)

    def fetch_page(
        self, offset: int, limit: int, sort: str | None, descending: bool
    ) -> list[EventListRow] | None:
        ranks = self.order.current
        if ranks is not None:
            return list_events_by_id(self.controller.lib, ranks.page_ids(offset, limit))
        if self.order.waits(sort or "when"):
            return None
        # The row before this page, if its page is held: a search's walk goes on from it.
        after = self.held_row(offset - 1) if offset > 0 else None
        # While a search's order is made, a slow page of it waits for the order.
        fetch = queries.list_events_soon if self.order.coming else queries.list_events
        return fetch(
            self.controller.lib,
            self.filter,
            sort=sort or "when",
            descending=descending,
            offset=offset,
            limit=limit,
            after=after,
        )

    def fetch_position(self, entity_id: int, sort: str | None, descending: bool) -> int | None:
        ranks = self.order.current
        if ranks is not None:
            return ranks.position(entity_id)
        if self.order.waits(sort or "when"):
            self._position_waited = True
            return None
        return queries.position_of_event(
            self.controller.lib, entity_id, self.filter, sort or "when", descending
        )

    def display(self, row: EventListRow, column: int) -> Cell:
        return (
            row.title,
            display_date(row.when_edtf),
            row.actors,
            row.source_count,
            row.category,
            row.importance,
            row.best_grade or "",
        )[column]


class SearchedTableModel(PagedTableModel[RowT]):
    """Records listed by a search text (actors, sources): only the queries and columns differ."""

    default_sort = ""
    # The kind's `db.queries` functions, each called as (lib, text, …): `queries.count_actors`,
    # `queries.list_actors`, `queries.position_of_actor` for actors.
    count_rows: Callable[..., int]
    list_rows: Callable[..., list[RowT]]
    position_of: Callable[..., int | None]

    def __init__(self, controller: LibraryController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.text = ""
        self._sort = self.default_sort

    def set_text(self, text: str) -> None:
        self.text = text
        self.reload()

    def fetch_count(self) -> int:
        return self.count_rows(self.controller.lib, self.text) if self.controller.is_open else 0

    def fetch_page(self, offset: int, limit: int, sort: str | None, descending: bool) -> list[RowT]:
        return self.list_rows(
            self.controller.lib,
            self.text,
            sort=sort or self.default_sort,
            descending=descending,
            offset=offset,
            limit=limit,
        )

    def fetch_position(self, entity_id: int, sort: str | None, descending: bool) -> int | None:
        return self.position_of(
            self.controller.lib, entity_id, self.text, sort or self.default_sort, descending
        )


class ActorTableModel(SearchedTableModel[ActorRow]):
    headers = ("Name", "Kind", "Events")
    sort_keys = ("name", "kind", "events")
    default_sort = "name"
    count_rows = staticmethod(queries.count_actors)
    list_rows = staticmethod(queries.list_actors)
    position_of = staticmethod(queries.position_of_actor)

    def display(self, row: ActorRow, column: int) -> Cell:
        return (row.name, row.kind, row.event_count)[column]


class SourceTableModel(SearchedTableModel[SourceRow]):
    headers = ("Title", "Publisher", "Published", "Grade", "Citations")
    sort_keys = ("title", "publisher", "published", "reliability", "citations")
    default_sort = "title"
    count_rows = staticmethod(queries.count_sources)
    list_rows = staticmethod(queries.list_sources)
    position_of = staticmethod(queries.position_of_source)

    def display(self, row: SourceRow, column: int) -> Cell:
        return (
            row.title,
            row.publisher,
            display_date(row.published_edtf),
            row.reliability or "",
            row.citation_count,
        )[column]
